//! Start-up: the database is created and migrated on first start, and a database whose schema is newer
//! than this binary is refused with a message that says what to do.

use vroom_server::app;
use vroom_server::config::Config;

fn config_for(dir: &std::path::Path) -> Config {
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    // A directory that does not exist yet, as on a first start.
    config.database.url = format!("sqlite://{}/data/vroom.db", dir.display());
    config.admin.control_socket = format!("{}/data/control.sock", dir.display());
    config
}

#[tokio::test]
async fn first_start_creates_the_database_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path());
    let server = app::start(config.clone()).await.expect("first start");
    server.shutdown().await;
    assert!(dir.path().join("data/vroom.db").is_file());

    // A newer vroom migrated this database further.
    let url = format!("sqlite://{}/data/vroom.db", dir.path().display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let err = match app::start(config).await {
        Ok(_) => panic!("a newer schema must be refused"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("version 99"), "{err}");
    assert!(err.contains("upgrade vroom"), "{err}");
}
