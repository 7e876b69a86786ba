//! The `entente` program: configuration, server start-up, the mailers and the command
//! line.
//!
//! `main.rs` only parses arguments and calls in here, so the test kit can start the
//! very same server in-process.

pub mod allocator;
pub mod cli;
pub mod config;
pub mod connections;
pub mod federation;
pub mod mail;
pub mod server;
pub mod tls;
