### email: de; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } hat Sie zu { $tenant } eingeladen
subject = Einladung zu { $tenant }
greeting = Hallo { $name },
greeting-without-name = Guten Tag,
invited-by-inviter = { $inviter } hat Sie als Gast zu { $tenant } eingeladen.
invited-by-tenant = Sie wurden als Gast zu { $tenant } eingeladen.
invited-to-app = Sie wurden eingeladen, { $app } zu nutzen.
message-from-inviter = Eine Nachricht von { $inviter }:
message-from-tenant = Eine Nachricht von { $tenant }:
accept-button = Einladung annehmen
button-fallback = Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:
link-intro = Öffnen Sie diesen Link, um die Einladung anzunehmen:
expires = Diese Einladung läuft am { $date } (UTC) ab.
contact-question = Fragen zu dieser Einladung?
contact-us = Kontaktieren Sie uns
footer = Sie erhalten diese E-Mail, weil { $tenant } { $email } eingeladen hat. Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.
code-subject = Ihr Bestätigungscode für { $tenant }
code-intro = Geben Sie diesen Code ein, um zu bestätigen, dass { $email } Ihre Adresse ist:
code-valid = Der Code ist { $minutes ->
     [one] { $minutes } Minute
    *[other] { $minutes } Minuten
} lang gültig.
code-ignore = Falls Sie diesen Code nicht angefordert haben, können Sie diese E-Mail ignorieren. Geben Sie den Code an niemanden weiter.
sponsor-left-subject = { $tenant }: { $sponsor } ist nicht mehr für Gäste verantwortlich
sponsor-left-remaining = { $sponsor } war Sponsor dieser Gäste von { $tenant } und ist ausgeschieden. Sie sind weiterhin für sie verantwortlich:
sponsor-left-unsponsored = { $sponsor } war der letzte Sponsor dieser Gäste von { $tenant } und ist ausgeschieden. Niemand ist mehr für sie verantwortlich: Benennen Sie einen neuen Sponsor oder beenden Sie ihren Zugriff.
sponsor-left-more = { $count ->
     [one] und { $count } weiterer Gast
    *[other] und { $count } weitere Gäste
}
sponsor-left-link = Sie finden diese Gäste im Portal:
access-ends-subject = { $tenant }: Zugriff von { $guest } endet am { $date }
access-ends-sponsor = Der Zugriff von { $guest } auf { $tenant } endet am { $date }. Sie sind als Sponsor für diesen Gast verantwortlich: Falls der Zugriff weiterhin benötigt wird, verlängern Sie ihn unter „Meine Apps“:
access-ends-admin = Der Zugriff von { $guest } auf { $tenant } endet am { $date }, und niemand ist als Sponsor für diesen Gast verantwortlich. Falls der Zugriff weiterhin benötigt wird, verlängern Sie ihn auf der Seite des Gasts im Portal:
access-ends-then = An diesem Tag wird die Anmeldung gesperrt, und { $days ->
     [one] { $days } Tag
    *[other] { $days } Tage
} später wird der Gast gelöscht.
inactive-subject = { $tenant }: Gäste, die sich seit { $days ->
     [one] { $days } Tag
    *[other] { $days } Tagen
} nicht angemeldet haben
inactive-sponsor = Diese Gäste von { $tenant }, für die Sie als Sponsor verantwortlich sind, haben sich seit Langem nicht angemeldet. Sofern Sie ihren Zugriff nicht unter „Meine Apps“ behalten, wird ihre Anmeldung am { $date } gesperrt:
inactive-admin = Diese Gäste von { $tenant } haben sich seit Langem nicht angemeldet, und niemand ist als Sponsor für sie verantwortlich. Sofern ihnen kein Administrator ein Enddatum gibt und kein Sponsor ihren Zugriff behält, wird ihre Anmeldung am { $date } gesperrt:
review-start-subject = { $tenant }: Bitte prüfen Sie, wer den Zugriff behält ({ $review })
review-start-body = { $tenant } bittet Sie zu prüfen, wer seinen Zugriff behalten soll: { $review }. Bis zum { $date } { $count ->
     [one] wartet { $count } Person
    *[other] warten { $count } Personen
} auf Ihre Entscheidung. Öffnen Sie die Zugriffsüberprüfung unter „Meine Apps“:
review-reminder-subject = { $tenant }: Die Zugriffsüberprüfung { $review } endet am { $date }
review-reminder-body = In der Zugriffsüberprüfung { $review } von { $tenant } { $count ->
     [one] ist noch { $count } Entscheidung von Ihnen offen
    *[other] sind noch { $count } Entscheidungen von Ihnen offen
}. Sie endet am { $date }. Öffnen Sie sie unter „Meine Apps“:
review-how = Genehmigen oder verweigern Sie den Zugriff jeder Person. Neben jeder Person sehen Sie ihre letzte Anmeldung und eine darauf beruhende Empfehlung. Verweigerter Zugriff endet mit dem Ende der Überprüfung.
