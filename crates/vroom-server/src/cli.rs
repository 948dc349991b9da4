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
    /// List, inspect, end or delete rooms (through the running server's control socket when it
    /// answers, else on the database alone).
    #[command(subcommand)]
    Room(RoomCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoomSortArg {
    Name,
    Created,
    Activity,
    People,
}

#[derive(Debug, Subcommand)]
pub enum RoomCommand {
    /// List rooms, with the people in each now (when the server runs).
    List {
        /// Only rooms whose name contains this.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_enum, default_value = "name")]
        sort: RoomSortArg,
        /// Largest (or latest) first.
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 1)]
        page: u64,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Print the answer as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a room's settings and the people in it now.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// End the meeting in a room: everyone in it is told and disconnected; the room stays.
    End { name: String },
    /// Delete a room (everyone in it is told and disconnected first).
    Delete {
        name: String,
        /// Confirm: the room and its settings are gone for good.
        #[arg(long)]
        yes: bool,
        /// The server is stopped: delete from the database alone (without it, a server that cannot be
        /// reached is an error, since people in the room would stay connected).
        #[arg(long)]
        offline: bool,
    },
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
