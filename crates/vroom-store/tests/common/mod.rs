//! Test harness: runs one test body against a fresh, private database of a given backend.
//!
//! - SQLite: a file in a new directory under the system temp dir (removed afterwards); the file
//!   sits in a not-yet-existing subdirectory, so `connect` must create it.
//! - PostgreSQL (`VROOM_TEST_POSTGRES_URL`): a new schema `vroom_test_<random>` in that database,
//!   selected through `search_path` (`options` URL parameter); dropped with CASCADE afterwards.
//! - MariaDB/MySQL (`VROOM_TEST_MYSQL_URL`): a new database `vroom_test_<random>` on that server,
//!   dropped afterwards.
//!
//! When a variable is unset, the test prints `skipped: ... is not set` and passes.

#![allow(dead_code)]

pub mod fixtures;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::mysql::{MySqlConnectOptions, MySqlConnection};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection};
use vroom_store::{Backend, Store};

pub const POSTGRES_VAR: &str = "VROOM_TEST_POSTGRES_URL";
pub const MYSQL_VAR: &str = "VROOM_TEST_MYSQL_URL";

/// A private database and a store connected to it (already migrated unless asked otherwise).
#[derive(Clone)]
pub struct TestDb {
    pub store: Store,
    /// The URL the store was opened with (for a second store or a raw connection).
    pub url: String,
    pub backend: Backend,
}

impl TestDb {
    /// Runs SQL text on a separate, raw connection to the same database.
    pub async fn exec(&self, sql: &str) {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut c = SqliteConnection::connect(&self.url).await.expect("sqlite");
                sqlx::raw_sql(sql)
                    .execute(&mut c)
                    .await
                    .expect("exec sqlite");
                c.close().await.expect("close");
            }
            Backend::Postgres => {
                let mut c = PgConnection::connect(&self.url).await.expect("postgres");
                sqlx::raw_sql(sql)
                    .execute(&mut c)
                    .await
                    .expect("exec postgres");
                c.close().await.expect("close");
            }
            Backend::MySql => {
                let mut c = MySqlConnection::connect(&self.url).await.expect("mysql");
                sqlx::raw_sql(sql)
                    .execute(&mut c)
                    .await
                    .expect("exec mysql");
                c.close().await.expect("close");
            }
        }
    }

    /// Runs a query that returns one integer, on a separate connection.
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut c = SqliteConnection::connect(&self.url).await.expect("sqlite");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut c)
                    .await
                    .expect("query")
            }
            Backend::Postgres => {
                let mut c = PgConnection::connect(&self.url).await.expect("postgres");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut c)
                    .await
                    .expect("query")
            }
            Backend::MySql => {
                let mut c = MySqlConnection::connect(&self.url).await.expect("mysql");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut c)
                    .await
                    .expect("query")
            }
        }
    }
}

/// A random suffix for names (no extra dependency needed).
pub fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{:016x}", h.finish())
}

enum Cleanup {
    Dir(PathBuf),
    PgSchema { admin_url: String, schema: String },
    MySqlDatabase { admin_url: String, database: String },
}

/// Puts `database` in place of the path of a `mysql://user@host:port/db?params` URL.
fn with_mysql_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{database}", &base[..authority_end]);
    if !query.is_empty() {
        out.push('?');
        out.push_str(query);
    }
    out
}

async fn create(backend: Backend) -> Option<(TestDb, Cleanup)> {
    let suffix = unique_suffix();
    let (url, cleanup) = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("vroom-store-test-{suffix}"));
            let file = dir.join("not/yet/there/vroom.db");
            (format!("sqlite://{}", file.display()), Cleanup::Dir(dir))
        }
        Backend::Postgres => {
            let Ok(admin_url) = std::env::var(POSTGRES_VAR) else {
                eprintln!("skipped: {POSTGRES_VAR} is not set");
                return None;
            };
            let schema = format!("vroom_test_{suffix}");
            let mut c = PgConnection::connect_with(
                &PgConnectOptions::from_str(&admin_url).expect("postgres url"),
            )
            .await
            .expect("connect to VROOM_TEST_POSTGRES_URL");
            sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut c)
                .await
                .expect("create schema");
            c.close().await.expect("close");
            let sep = if admin_url.contains('?') { '&' } else { '?' };
            (
                format!("{admin_url}{sep}options=-c%20search_path%3D{schema}"),
                Cleanup::PgSchema { admin_url, schema },
            )
        }
        Backend::MySql => {
            let Ok(admin_url) = std::env::var(MYSQL_VAR) else {
                eprintln!("skipped: {MYSQL_VAR} is not set");
                return None;
            };
            let database = format!("vroom_test_{suffix}");
            let mut c = MySqlConnection::connect_with(
                &MySqlConnectOptions::from_str(&admin_url).expect("mysql url"),
            )
            .await
            .expect("connect to VROOM_TEST_MYSQL_URL");
            sqlx::raw_sql(AssertSqlSafe(format!(
                "CREATE DATABASE {database} CHARACTER SET utf8mb4"
            )))
            .execute(&mut c)
            .await
            .expect("create database");
            c.close().await.expect("close");
            (
                with_mysql_database(&admin_url, &database),
                Cleanup::MySqlDatabase {
                    admin_url,
                    database,
                },
            )
        }
    };
    let store = match Store::connect(&url, 4).await {
        Ok(store) => store,
        Err(e) => {
            clean(cleanup).await;
            panic!("Store::connect: {e}");
        }
    };
    Some((
        TestDb {
            store,
            url,
            backend,
        },
        cleanup,
    ))
}

async fn clean(cleanup: Cleanup) {
    match cleanup {
        Cleanup::Dir(dir) => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Cleanup::PgSchema { admin_url, schema } => {
            let mut c = PgConnection::connect(&admin_url).await.expect("connect");
            sqlx::raw_sql(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&mut c)
                .await
                .expect("drop schema");
            c.close().await.expect("close");
        }
        Cleanup::MySqlDatabase {
            admin_url,
            database,
        } => {
            let mut c = MySqlConnection::connect(&admin_url).await.expect("connect");
            sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE {database}")))
                .execute(&mut c)
                .await
                .expect("drop database");
            c.close().await.expect("close");
        }
    }
}

/// Runs `test` on a fresh database of `backend`, then drops that database, even if the test
/// panicked (the panic is re-raised afterwards).
pub async fn run<F, Fut>(backend: Backend, migrate: bool, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some((db, cleanup)) = create(backend).await else {
        return;
    };
    assert_eq!(db.store.backend(), backend);
    let store = db.store.clone();
    let closer = db.store.clone();
    let body = test(db);
    // In a task, so that a panic (in `migrate` or in the test) cannot skip the clean-up.
    let outcome = tokio::spawn(async move {
        if migrate {
            store.migrate().await.expect("migrate");
        }
        body.await;
    })
    .await;
    closer.close().await;
    clean(cleanup).await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}

/// Declares each listed `async fn name(db: TestDb)` as a test on every backend:
/// `sqlite::name`, `postgres::name`, `mysql::name`. `migrated: [..]` get a migrated database,
/// `empty: [..]` an empty one.
macro_rules! on_every_backend {
    (migrated: [$($m:ident),* $(,)?], empty: [$($e:ident),* $(,)?] $(,)?) => {
        on_every_backend!(@backend sqlite, Sqlite, [$($m),*], [$($e),*]);
        on_every_backend!(@backend postgres, Postgres, [$($m),*], [$($e),*]);
        on_every_backend!(@backend mysql, MySql, [$($m),*], [$($e),*]);
    };
    (@backend $module:ident, $variant:ident, [$($m:ident),*], [$($e:ident),*]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $m() {
                    crate::common::run(vroom_store::Backend::$variant, true, super::$m).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $e() {
                    crate::common::run(vroom_store::Backend::$variant, false, super::$e).await;
                }
            )*
        }
    };
}

#[test]
fn mysql_url_rewrite() {
    assert_eq!(
        with_mysql_database("mysql://root@127.0.0.1:3306/test", "x"),
        "mysql://root@127.0.0.1:3306/x"
    );
    assert_eq!(
        with_mysql_database("mysql://u:p@h/test?ssl-mode=disabled", "x"),
        "mysql://u:p@h/x?ssl-mode=disabled"
    );
    assert_eq!(
        with_mysql_database("mysql://root@h:1", "x"),
        "mysql://root@h:1/x"
    );
}
