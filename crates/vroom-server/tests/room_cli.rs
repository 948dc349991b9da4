//! `vroom room ...` as an operator runs it: the real binary, next to a running server (through its
//! control socket: people are seen and disconnected), then with the server stopped (the database
//! alone).

mod common;

use std::process::{Command, Output};

use common::{TestServer, User};

/// Runs `vroom <args>` with the test server's database and control socket.
fn vroom(s: &TestServer, socket: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vroom"))
        .args(args)
        .env("VROOM_DATABASE__URL", &s.db_url)
        .env("VROOM_ADMIN__CONTROL_SOCKET", socket)
        .env("VROOM_LOG__LEVEL", "warn")
        .output()
        .expect("run vroom")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Waits for a message of `kind`, skipping others.
async fn until(client: &mut common::Client, kind: &str) -> serde_json::Value {
    loop {
        let msg = client.next().await;
        if msg["type"] == kind {
            return msg;
        }
    }
}

// Several threads: the server runs in this process while the test waits on the command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_sees_ends_and_deletes_rooms() {
    let s = TestServer::start().await;
    let socket = s
        .db_url
        .replace("sqlite://", "")
        .replace("vroom.db", "control.sock");
    let ana = User::new(&s);
    ana.create("alpha").await;
    s.create_room("beta").await;
    let (mut a, _) = ana.join("alpha", "Ana Lovelace").await;

    let list = vroom(&s, &socket, &["room", "list", "--sort", "people", "--desc"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let text = stdout(&list);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{text}");
    assert!(
        lines[1].starts_with("alpha") && lines[1].contains(" 1 "),
        "{text}"
    );
    assert!(
        lines[2].starts_with("beta") && lines[2].contains(" 0 "),
        "{text}"
    );
    assert!(text.contains("rooms 1-2 of 2"), "{text}");

    let show = vroom(&s, &socket, &["room", "show", "alpha"]);
    let text = stdout(&show);
    assert!(show.status.success(), "{}", stderr(&show));
    assert!(text.contains("people now     1"), "{text}");
    assert!(text.contains("Ana Lovelace  chairman  127.0.0.1"), "{text}");

    let json = vroom(&s, &socket, &["room", "show", "alpha", "--json"]);
    let view: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(view["participants"][0]["name"], "Ana Lovelace");

    let end = vroom(&s, &socket, &["room", "end", "alpha"]);
    assert!(end.status.success(), "{}", stderr(&end));
    assert!(stdout(&end).contains("1 disconnected"), "{}", stdout(&end));
    assert_eq!(until(&mut a, "ended").await["reason"], "ended");
    assert_eq!(a.closed().await, Some(4410));

    // Deleting asks for --yes, and a missing room is an error that says so.
    let unsure = vroom(&s, &socket, &["room", "delete", "beta"]);
    assert!(!unsure.status.success());
    assert!(stderr(&unsure).contains("--yes"), "{}", stderr(&unsure));
    let delete = vroom(&s, &socket, &["room", "delete", "beta", "--yes"]);
    assert!(delete.status.success(), "{}", stderr(&delete));
    assert_eq!(ana.status("beta").await["exists"], false);
    let missing = vroom(&s, &socket, &["room", "show", "beta"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("There is no room named beta"),
        "{}",
        stderr(&missing)
    );
    let bad = vroom(&s, &socket, &["room", "show", "Not A Room!"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("not a room name"), "{}", stderr(&bad));

    let entries = common::audit_entries(&s).await;
    assert!(entries.iter().any(
        |e| e.event == "meeting_ended" && e.user_ref.as_deref() == Some("admin:control-socket")
    ));

    // The server stops: its socket goes, and the commands work on the database alone.
    let db_url = s.db_url.clone();
    let mut s = s;
    s.server.take().unwrap().shutdown().await;
    assert!(!std::path::Path::new(&socket).exists(), "socket removed");
    let list = vroom(&s, &socket, &["room", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stderr(&list).contains("working on the database alone"));
    assert!(stdout(&list).lines().nth(1).unwrap().starts_with("alpha"));
    let end = vroom(&s, &socket, &["room", "end", "alpha"]);
    assert!(!end.status.success(), "nothing to end without the server");
    // Without --offline a server out of reach is an error: were it running, people would stay in.
    let unsure = vroom(&s, &socket, &["room", "delete", "alpha", "--yes"]);
    assert!(!unsure.status.success());
    assert!(stderr(&unsure).contains("--offline"), "{}", stderr(&unsure));
    let delete = vroom(
        &s,
        &socket,
        &["room", "delete", "alpha", "--yes", "--offline"],
    );
    assert!(delete.status.success(), "{}", stderr(&delete));
    let store = vroom_store::Store::connect(&db_url, 1).await.unwrap();
    assert_eq!(store.rooms().count().await.unwrap(), 0);
    let entries = common::audit_entries(&s).await;
    assert!(
        entries
            .iter()
            .any(|e| e.event == "room_deleted"
                && e.user_ref.as_deref() == Some("admin:command-line"))
    );
}
