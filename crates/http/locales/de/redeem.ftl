### redeem: de; the English catalog (../en/redeem.ftl) is the reference.

html-lang = de
invitation-title = { $tenant } hat Sie eingeladen
invitation-to-app = Sie wurden eingeladen, { $app } zu nutzen.
invited-address = Diese Einladung gilt für { $email }.
expires-on = Diese Einladung läuft am { $date } (UTC) ab.
sign-in-at-home = Mit Ihrem Konto bei { $home } anmelden
sign-in = Anmelden
sign-up-intro = Ihre Organisation hat noch kein Konto bei uns. Wir senden einen Einmalcode an { $email }, um zu bestätigen, dass die Adresse Ihnen gehört.
send-code = Code senden
code-sent = Wir haben einen Code an { $email } gesendet. Er ist { $minutes ->
     [one] { $minutes } Minute
    *[other] { $minutes } Minuten
} lang gültig.
code-label = Code
verify = Bestätigen
code-invalid = Dieser Code ist falsch oder abgelaufen.
signed-in-as = Sie sind als { $account } angemeldet.
accept = Einladung annehmen
consent-heading = Berechtigungen überprüfen
consent-intro = { $tenant } möchte Folgendes:
consent-sign-in = Sie anmelden
consent-profile = Ihren Namen und Ihre E-Mail-Adresse lesen
consent-home = Sehen, zu welcher Organisation Ihr Konto gehört
consent-trust = Nehmen Sie die Einladung nur an, wenn Sie { $tenant } vertrauen. Wenn Sie sie annehmen, werden Sie als Gast zum Verzeichnis von { $tenant } hinzugefügt.
wrong-account = Diese Einladung wurde an { $email } gesendet, Sie sind aber als { $account } angemeldet.
switch-account = Mit einem anderen Konto anmelden
prove-address = Code an { $email } senden, um zu bestätigen, dass die Adresse Ihnen gehört
cc-blocks-signup = Eine Kopie dieser Einladung wurde an eine andere Adresse gesendet. Deshalb kann mit ihr kein neues Konto erstellt werden. Bitten Sie { $tenant }, Sie erneut einzuladen.
no-codes = { $tenant } akzeptiert keine Einladungen, die mit einem Einmalcode bestätigt werden, und es besteht keine Verbindung zu Ihrer Organisation. Fragen Sie { $tenant }, wie Sie diese Einladung annehmen können.
invitation-invalid = Dieser Einladungslink ist ungültig.
invitation-expired = Diese Einladung ist abgelaufen. Bitten Sie { $tenant }, sie erneut zu senden.
invitation-revoked = Diese Einladung wurde zurückgezogen.
invitation-used = Diese Einladung wurde bereits angenommen.
contact = { $tenant } kontaktieren
my-apps-title = Meine Apps
my-apps-empty = Ihnen wurden noch keine Anwendungen zugewiesen.
organizations = Ihre Organisationen
home-organization = Ihre Heimatorganisation
sign-out = Abmelden
accepted-title = Willkommen bei { $tenant }
too-many-codes = Es wurden zu viele Codes angefordert. Versuchen Sie es in { $minutes } Min. erneut.
member-of-inviter = Dieses Konto gehört zu { $tenant } und benötigt keine Einladung.
already-guest = Mit diesem Konto wurde bereits eine andere Einladung von { $tenant } angenommen.
my-guests = Meine Gäste
my-guests-intro = Personen aus Partnerorganisationen, für die Sie als Sponsor verantwortlich sind.
guest-pending = Hat die Einladung noch nicht angenommen
guest-active = Aktiv
guest-blocked = Gesperrt
guest-access-ends = Zugriff endet am { $date }
guest-extend = Zugriff verlängern
guest-inactive = Meldet sich nicht mehr an; Anmeldung wird am { $date } gesperrt, sofern der Zugriff nicht behalten wird
guest-keep = Zugriff behalten
my-reviews = Zugriffsüberprüfungen für Sie
review-open-count = Noch { $open } von { $total } zu entscheiden · endet am { $date }
review-title = Zugriffsüberprüfung: { $review }
review-intro = Entscheiden Sie für jede Person unten, ob sie ihren Zugriff auf { $resource } behält. Die Überprüfung endet am { $date }; verweigerter Zugriff endet dann.
review-resource-all = { $tenant } (alle Gäste)
review-progress = { $done } von { $total } entschieden
review-accept-recommendations = Alle Empfehlungen übernehmen
review-accepted = { $count ->
     [one] { $count } Empfehlung übernommen.
    *[other] { $count } Empfehlungen übernommen.
}
review-approve = Genehmigen
review-deny = Verweigern
review-dont-know = Weiß nicht
review-justification = Begründung
review-justification-required = Geben Sie eine Begründung für die Genehmigung an.
review-last-sign-in = Letzte Anmeldung: { $date }
review-never-signed-in = Nie angemeldet
review-sponsors = Sponsoren: { $names }
review-no-sponsors = Kein Sponsor
review-reaches = Zugriff auf: { $names }
review-reaches-nothing = Keine Gruppen oder Anwendungen
review-recommended-approve = Empfohlen: genehmigen (kürzlich angemeldet)
review-recommended-deny = Empfohlen: verweigern (seit { $days ->
     [one] { $days } Tag
    *[other] { $days } Tagen
} nicht angemeldet)
review-state-open = Noch nicht entschieden
review-state-approved = Genehmigt
review-state-denied = Verweigert
review-state-dont-know = Weiß nicht
review-next-page = Nächste Seite
review-show-open = Nur nicht entschiedene anzeigen
review-show-all = Alle anzeigen
review-ended = Diese Überprüfung ist beendet: Entscheidungen können nicht mehr geändert werden.
