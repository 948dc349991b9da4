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
}
