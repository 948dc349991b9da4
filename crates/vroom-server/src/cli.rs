//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "vroom",
    version,
    about = "VROOM: video meetings from one self-hosted binary"
)]
pub struct Cli {
    /// TOML configuration file (see vroom.example.toml). VROOM_* environment variables override it.
    #[arg(short, long, env = "VROOM_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Check the configuration, print it as JSON (secrets hidden), then exit.
    CheckConfig,
    /// Manage the accounts of the admin area.
    #[command(subcommand)]
    Admin(AdminCommand),
}

/// Passwords are never arguments (they would stay in the shell's history and the process list): they
/// are asked for on the terminal, or read from the first line of standard input.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Add an account (the password is asked for, or read from standard input).
    Add {
        name: String,
        /// An account without a password, for single sign-on only (`admin.identity_header`).
        #[arg(long)]
        no_password: bool,
    },
    /// List the accounts, with when they last logged in.
    List,
    /// Remove an account (its sessions end).
    Remove { name: String },
    /// Set a new password (asked for, or read from standard input); the account's sessions end.
    ResetPassword { name: String },
}
