//! Writes the structs of the pages' message catalogs (`locales/`) for `src/texts.rs`.

fn main() {
    entente_i18n::codegen::generate(
        "locales",
        &[
            ("bulk", "BulkTexts"),
            ("lists", "ListTexts"),
            ("fields", "FieldTexts"),
            ("deleted", "DeletedItemsTexts"),
            ("errors", "ErrorTexts"),
            ("signin", "SignInTexts"),
            ("portal", "PortalTexts"),
            ("logs", "LogTexts"),
            ("redeem", "PageTexts"),
            ("languages", "LanguageNames"),
            ("access", "AccessTexts"),
            ("consent", "ConsentTexts"),
            ("reviews", "ReviewTexts"),
            ("provisioning", "ProvisioningTexts"),
        ],
    );
}
