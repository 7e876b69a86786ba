//! End-to-end tests: each boots the real server (see `entente-testkit`) and drives it
//! over HTTP. One binary; each module covers one area.

mod api;
mod at_rest;
mod browser;
mod cli;
mod code_guessing;
mod collaboration;
mod device;
mod domains;
mod federation;
mod guest_mfa;
mod housekeeping;
mod invitations;
mod invite_grants;
mod keys;
mod mail_faults;
mod mfa;
mod network_limits;
mod node_client;
mod nodes;
mod oidc;
mod ops;
mod outbox;
mod portal;
mod races;
mod redemption;
mod saml;
mod saml_errors;
mod sign_in_languages;
mod signin;
mod support;
mod token_endpoint;
mod unmanaged;
mod walkthrough;
mod web_security;
