//! The `vroom` server: configuration, HTTP and WebSocket edges, room actors and background jobs.
//! `main.rs` only parses the command line and calls into here.

pub mod access;
pub mod admin;
pub mod app;
pub mod audit;
pub mod cli;
pub mod clock;
pub mod config;
pub mod etherpad;
pub mod http;
pub mod i18n;
pub mod ice;
pub mod ids;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod notes;
pub mod passwords;
pub mod rooms;
pub mod sessions;
pub mod signalling;
pub mod state;
pub mod templates;
