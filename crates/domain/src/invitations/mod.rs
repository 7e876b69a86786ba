//! Inviting partner users and their redemption.
//!
//! The pure half: reading an uploaded CSV file into checked rows ([`csv_import`]),
//! writing the per-row result file the admin downloads ([`csv_report`]), the languages
//! an invitation can use ([`Language`]), guests' principal names and the consumer
//! domains refused by default ([`guests`]), and the localized email and page texts
//! ([`email`], [`messages`]). The use cases: [`invite`] (one invitation, resend,
//! revoke, reset redemption), [`batch`] (a file's preview and confirmation) and
//! [`redeem`] (opening a link, proving the address, accepting).

pub mod batch;
mod bulk;
pub mod csv_import;
pub mod csv_report;
pub mod email;
pub mod guests;
pub mod invite;
pub mod messages;
pub mod policy;
pub mod preview;
pub mod redeem;

pub use entente_i18n::Language;
