//! Inviting partner users: the rules that hold before any invitation is stored.
//!
//! For now this holds the pure half of bulk invitations: reading an uploaded CSV file
//! into checked rows ([`csv_import`]), writing the per-row result file the admin
//! downloads ([`csv_report`]), the languages an invitation can use ([`Language`]), and
//! guests' principal names and the consumer domains refused by default ([`guests`]).
//! Nothing here touches the database, the clock or the network; the invitation use
//! cases that do will live beside these modules and call them.

pub mod csv_import;
pub mod csv_report;
pub mod email;
pub mod guests;
mod language;
pub mod messages;

pub use language::Language;
