//! `vroom admin …` as an operator runs it: the real binary, a password on standard input (never an
//! argument), the accounts in the database.

use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn vroom(db: &str, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vroom"))
        .args(args)
        .env("VROOM_DATABASE__URL", db)
        .env("VROOM_LOG__LEVEL", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vroom runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn admins_are_added_listed_reset_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/vroom.db", dir.path().display());

    let run = vroom(&db, &["admin", "list"], "");
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("no admin accounts"));

    let run = vroom(&db, &["admin", "add", "ops"], "correct horse battery\n");
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("admin ops added"));
    let run = vroom(&db, &["admin", "add", "ops"], "another password\n");
    assert!(!run.ok);
    assert!(
        run.stderr.contains("already an admin named ops"),
        "{}",
        run.stderr
    );
    let run = vroom(&db, &["admin", "add", "short"], "tiny\n");
    assert!(!run.ok);
    assert!(
        run.stderr.contains("10 to 128 characters"),
        "{}",
        run.stderr
    );
    let run = vroom(&db, &["admin", "add", "bad name"], "long enough password\n");
    assert!(!run.ok);
    assert!(run.stderr.contains("admin name"), "{}", run.stderr);
    // The password is not an argument.
    let run = vroom(&db, &["admin", "add", "ana", "--password", "x"], "");
    assert!(!run.ok);

    let run = vroom(&db, &["admin", "list"], "");
    assert!(run.stdout.starts_with("ops\tcreated "), "{}", run.stdout);
    assert!(run.stdout.contains("never logged in"));

    let run = vroom(
        &db,
        &["admin", "reset-password", "ops"],
        "a brand new password\n",
    );
    assert!(run.ok, "{}", run.stderr);
    let run = vroom(
        &db,
        &["admin", "reset-password", "nobody"],
        "a brand new password\n",
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("no admin named nobody"));

    let run = vroom(&db, &["admin", "remove", "ops"], "");
    assert!(run.ok, "{}", run.stderr);
    let run = vroom(&db, &["admin", "remove", "ops"], "");
    assert!(!run.ok);
    let run = vroom(&db, &["admin", "list"], "");
    assert!(run.stdout.contains("no admin accounts"));
}

#[test]
fn the_stored_password_is_an_argon2id_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/vroom.db", dir.path().display());
    assert!(vroom(&db, &["admin", "add", "ops"], "correct horse battery\n").ok);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = vroom_store::Store::connect(&db, 1).await.unwrap();
        let admin = store.admins().get("ops").await.unwrap().unwrap();
        assert!(
            admin.password_hash.starts_with("$argon2id$"),
            "{}",
            admin.password_hash
        );
        assert!(!admin.password_hash.contains("correct horse"));
        store.close().await;
    });
}
