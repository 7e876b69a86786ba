# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Provisionierung
provisioning-intro = Ein Personalsystem oder ein anderer Identitätsanbieter kann die Benutzer und Gruppen dieser Organisation über SCIM 2.0 erstellen, aktualisieren und entfernen. Wählen Sie in dessen Provisionierungseinstellungen SCIM 2.0 aus, und geben Sie die unten stehende Adresse und das Token einer Verbindung ein.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM-Adresse
provisioning-alternative = Eine Anwendung, die eigene Zugriffstoken bezieht (Clientanmeldeinformationen), kann statt des Tokens einer Verbindung ein Zugriffstoken mit der Berechtigung SCIM.ReadWrite.All verwenden.

# The connections' list.
connections-heading = Verbindungen
connections-none = Noch keine Verbindungen.
connection-col-name = Bezeichnung
connection-col-scope = Umfang
connection-col-token = Token
connection-col-expires = Token läuft ab
connection-col-used = Zuletzt verwendet
connection-scope-own = Benutzer und Gruppen dieser Organisation
# $partner: the partner organization's name.
connection-scope-partner = Personen von { $partner }, als Gäste
connection-never-used = Nie
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Neues Token
connection-new-token-named = Neues Token für { $name }
connection-delete = Löschen
connection-delete-named = { $name } löschen
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = { $name } löschen: Das Token funktioniert sofort nicht mehr

# The form that makes a connection.
new-connection = Neue Verbindung
connection-name = Bezeichnung
connection-partner = Partnerorganisation (ihre Domäne oder ID), optional
connection-partner-hint = Lassen Sie das Feld für das eigene Personalsystem oder den eigenen Identitätsanbieter dieser Organisation leer. Die Verbindung eines Partners erstellt die Personen dieses Partners nur als Gäste, mit Adressen in den Domänen des Partners.
create-connection = Verbindung erstellen
# Shown once, above the token; $name: the connection's name.
token-shown-once = Das Token von { $name }. Kopieren Sie es jetzt: Es wird nur dieses eine Mal angezeigt.
# $name: the connection's name.
connection-deleted = { $name } wurde gelöscht: Das Token funktioniert nicht mehr.

# The provisioning log.
log-heading = Provisionierungsprotokoll
log-intro = Was jede Provisionierungsanforderung geändert hat oder warum sie fehlgeschlagen ist. Einträge werden 30 Tage lang aufbewahrt.
log-none = Noch keine Einträge.
log-show = Anzeigen
log-all = Alles
log-failures = Nur Fehler
log-download = Protokoll herunterladen (CSV)
log-col-time = Zeit
log-col-status = Ergebnis
log-col-action = Aktion
log-col-target = Benutzer oder Gruppe
log-col-application = Verbindung oder Anwendung
log-col-details = Änderungen oder Grund
log-success = Erfolg
log-failure = Fehler
log-action-create = Erstellen
log-action-update = Aktualisieren
log-action-disable = Deaktivieren
log-action-delete = Löschen
log-action-other = Sonstiges
