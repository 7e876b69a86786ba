### bulk: pt-BR; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Um arquivo pode ter no máximo { $rows ->
    [one] { $rows } linha
   *[other] { $rows } linhas
} e { $size }.
file-too-large = Este arquivo é maior que { $size }, o máximo de um envio. Divida-o em arquivos menores e envie um de cada vez.
choose-another-file = Escolher outro arquivo
names-hint = Em InvitedToApplications, indique os aplicativos pelo nome de exibição, ID do cliente ou ID do objeto; em InvitedToGroups, os grupos pelo nome de exibição ou ID do objeto. Separe vários IDs com espaços e vários nomes com ponto e vírgula (;).
sample-hint = O arquivo de exemplo mostra todas as colunas; substitua os nomes pelos seus aplicativos e grupos.
language = Idioma
errors-only = Mostrar apenas linhas com erros
all-rows = Mostrar todas as linhas
row-warning = Pronta, com um aviso
cc-warning = Uma cópia vai para { $cc }, então { $email } não pode se cadastrar com um código de uso único e não tem aqui uma organização para entrar: o link só funcionará se a organização for adicionada antes.
no-error-rows = Nenhuma linha tem erros.
object-id = ID do objeto
copy = Copiar
copied = Copiado
