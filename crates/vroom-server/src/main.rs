use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;
use vroom_server::cli::{Cli, Command};
use vroom_server::config::{Config, LogFormat};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vroom: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    init_logging(&config);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let server = vroom_server::app::start(config).await?;
            server.run_until_signal().await
        }
        Command::Migrate => {
            let store = vroom_server::app::connect_store(&config).await?;
            let report = store.migrate().await.context("migrating the database")?;
            println!("database schema: version {} -> {}", report.from, report.to);
            Ok(())
        }
        Command::Admin(command) => {
            let store = vroom_server::app::connect_store(&config).await?;
            store.migrate().await.context("migrating the database")?;
            vroom_server::admin::accounts_cli::run(&store, command).await
        }
        Command::Room(command) => {
            let store = vroom_server::app::connect_store(&config).await?;
            store.migrate().await.context("migrating the database")?;
            vroom_server::admin::rooms_cli::run(&config, &store, command).await
        }
        Command::CheckConfig => {
            println!("{}", serde_json::to_string_pretty(&config.redacted())?);
            eprintln!("the configuration is valid");
            Ok(())
        }
    }
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_new(&config.log.level).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    match config.log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
