//! Writes the structs of the domain's message catalogs (`locales/`) for `src/texts.rs`:
//! the strings a use case returns itself (the device grant's message, the emails).

fn main() {
    entente_i18n::codegen::generate(
        "locales",
        &[("device", "DeviceTexts"), ("email", "EmailTexts")],
    );
}
