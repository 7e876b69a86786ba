### bulk: it; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Un file può contenere al massimo { $rows ->
    [one] { $rows } riga
   *[other] { $rows } righe
} e { $size }.
file-too-large = Questo file supera { $size }, il massimo di un caricamento. Dividilo in file più piccoli e caricali uno alla volta.
choose-another-file = Scegli un altro file
names-hint = In InvitedToApplications indica le applicazioni con nome visualizzato, ID client o ID oggetto; in InvitedToGroups i gruppi con nome visualizzato o ID oggetto. Separa più ID con spazi e più nomi con punti e virgola (;).
sample-hint = Il file di esempio mostra ogni colonna; sostituisci i nomi con le tue applicazioni e i tuoi gruppi.
language = Lingua
errors-only = Mostra solo le righe con errori
all-rows = Mostra tutte le righe
row-warning = Pronta, con un avviso
cc-warning = Una copia va a { $cc }, quindi { $email } non può registrarsi con un codice monouso e qui non ha un’organizzazione con cui accedere: il link funzionerà solo se prima viene aggiunta la sua organizzazione.
no-error-rows = Nessuna riga ha errori.
object-id = ID oggetto
copy = Copia
copied = Copiato
