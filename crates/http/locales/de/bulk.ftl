### bulk: de; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Eine Datei darf höchstens { $rows ->
    [one] { $rows } Zeile
   *[other] { $rows } Zeilen
} und { $size } enthalten.
file-too-large = Diese Datei ist größer als { $size }, das Maximum für einen Upload. Teilen Sie sie in kleinere Dateien auf und laden Sie diese einzeln hoch.
choose-another-file = Andere Datei auswählen
names-hint = In InvitedToApplications geben Sie Anwendungen mit Anzeigename, Client-ID oder Objekt-ID an, in InvitedToGroups Gruppen mit Anzeigename oder Objekt-ID. Trennen Sie mehrere IDs durch Leerzeichen und mehrere Namen durch Semikolons (;).
sample-hint = Die Beispieldatei zeigt jede Spalte; ersetzen Sie die Namen durch Ihre eigenen Anwendungen und Gruppen.
language = Sprache
errors-only = Nur Zeilen mit Fehlern anzeigen
all-rows = Alle Zeilen anzeigen
row-warning = Bereit, mit Warnung
cc-warning = Eine Kopie geht an { $cc }, daher kann sich { $email } nicht mit einem Einmalcode registrieren und hat hier keine Organisation zum Anmelden: Der Link funktioniert erst, wenn die Organisation vorher hinzugefügt wird.
no-error-rows = Keine Zeile hat Fehler.
object-id = Objekt-ID
copy = Kopieren
copied = Kopiert
