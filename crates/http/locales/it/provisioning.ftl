# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Provisioning
provisioning-intro = Un sistema HR o un altro provider di identità può creare, aggiornare e rimuovere gli utenti e i gruppi di questa organizzazione tramite SCIM 2.0. Nelle sue impostazioni di provisioning, scegli SCIM 2.0 e inserisci l’indirizzo riportato sotto e il token di una connessione.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = Indirizzo SCIM
provisioning-alternative = Un’applicazione che ottiene i propri token di accesso (credenziali client) può usare, al posto del token di una connessione, un token di accesso con l’autorizzazione SCIM.ReadWrite.All.

# The connections' list.
connections-heading = Connessioni
connections-none = Ancora nessuna connessione.
connection-col-name = Nome
connection-col-scope = Ambito
connection-col-token = Token
connection-col-expires = Scadenza token
connection-col-used = Ultimo utilizzo
connection-scope-own = Utenti e gruppi di questa organizzazione
# $partner: the partner organization's name.
connection-scope-partner = Persone di { $partner }, come ospiti
connection-never-used = Mai
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Nuovo token
connection-new-token-named = Nuovo token per { $name }
connection-delete = Elimina
connection-delete-named = Elimina { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Elimina { $name }: il suo token smette subito di funzionare

# The form that makes a connection.
new-connection = Nuova connessione
connection-name = Nome
connection-partner = Organizzazione partner (il suo dominio o ID), facoltativo
connection-partner-hint = Lascia vuoto per il sistema HR o il provider di identità di questa organizzazione. La connessione di un partner crea le persone di quel partner solo come ospiti, con indirizzi nei domini del partner.
create-connection = Crea connessione
# Shown once, above the token; $name: the connection's name.
token-shown-once = Il token di { $name }. Copialo ora: viene mostrato solo questa volta.
# $name: the connection's name.
connection-deleted = La connessione { $name } è stata eliminata: il suo token non funziona più.

# The provisioning log.
log-heading = Registro di provisioning
log-intro = Cosa ha modificato ogni richiesta di provisioning, o perché non è riuscita. Le voci vengono conservate per 30 giorni.
log-none = Ancora niente.
log-show = Mostra
log-all = Tutto
log-failures = Solo errori
log-download = Scarica il registro (CSV)
log-col-time = Ora
log-col-status = Risultato
log-col-action = Azione
log-col-target = Utente o gruppo
log-col-application = Connessione o applicazione
log-col-details = Modifiche o motivo
log-success = Riuscito
log-failure = Non riuscito
log-action-create = Creazione
log-action-update = Aggiornamento
log-action-disable = Disabilitazione
log-action-delete = Eliminazione
log-action-other = Altro
