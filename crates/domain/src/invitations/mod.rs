//! Inviting partner users: the rules that hold before any invitation is stored.
//!
//! For now this holds the pure half of bulk invitations: reading an uploaded CSV file
//! into checked rows ([`csv_import`]), writing the per-row result file the admin
//! downloads ([`csv_report`]), and the languages an invitation can use ([`Language`]).
//! Nothing here touches the database, the clock or the network; the invitation use
//! cases that do will live beside these modules and call them.

pub mod csv_import;
pub mod csv_report;
mod language;

pub use language::Language;
