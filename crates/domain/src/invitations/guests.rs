//! Names and policies of guest users: the principal name a guest object gets in the
//! inviting tenant, and the consumer email domains refused by default.
//!
//! Pure functions only; the invitation use cases apply them.

/// The user principal name of a guest object in the resource tenant, as Entra ID
/// writes it: the invited address with `@` turned into `_`, then `#EXT#@` and the
/// resource tenant's initial domain. `alice@fabrikam.com` invited into
/// `contoso.entente.test` is `alice_fabrikam.com#EXT#@contoso.entente.test`.
pub fn guest_principal_name(invited_email: &str, resource_initial_domain: &str) -> String {
    let flattened = invited_email.trim().to_lowercase().replace('@', "_");
    format!("{flattened}#EXT#@{resource_initial_domain}")
}

/// Whether an address is at a consumer email service (the maintained list vendored in
/// `data/consumer_domains.txt`); invitations to them are refused unless the tenant
/// allows consumer domains.
pub use crate::address::is_consumer_address;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_names_follow_entra_id() {
        assert_eq!(
            guest_principal_name("Alice@Fabrikam.com", "contoso.entente.test"),
            "alice_fabrikam.com#EXT#@contoso.entente.test"
        );
    }

    #[test]
    fn consumer_domains_are_recognised_whatever_the_case() {
        assert!(is_consumer_address("bob@gmail.com"));
        assert!(is_consumer_address("bob@Hotmail.COM"));
        assert!(is_consumer_address("carol@comcast.net"));
        assert!(!is_consumer_address("alice@fabrikam.com"));
        assert!(!is_consumer_address("not-an-address"));
    }
}
