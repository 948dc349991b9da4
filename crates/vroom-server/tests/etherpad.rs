//! The Etherpad API client against a real Etherpad-Lite (see `common/etherpad.rs`: started once for this
//! file; skipped where it cannot be installed, unless `VROOM_TEST_REQUIRE_ETHERPAD` is set).

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::etherpad::{Instance, free_port, instance, random_hex};

use vroom_server::config::EtherpadConfig;
use vroom_server::etherpad::{self, Etherpad, EtherpadError};

fn client(instance: &Instance) -> Etherpad {
    Etherpad::new(&instance.url, &instance.key, Duration::from_secs(5)).expect("client")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

fn config(url: &str, key: &str) -> EtherpadConfig {
    EtherpadConfig {
        url: url.into(),
        api_key: key.into(),
        ..EtherpadConfig::default()
    }
}

#[tokio::test]
async fn the_key_is_checked() {
    let Some(instance) = instance() else { return };
    client(instance).check_token().await.expect("right key");

    // The start-up check: the configured key, or the first line of a file.
    let found = etherpad::check(&config(&instance.url, &instance.key))
        .await
        .expect("check");
    assert_eq!(
        found.map(|e| e.url().to_owned()),
        Some(instance.url.clone())
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("APIKEY.txt");
    std::fs::write(&file, format!("{}\nignored\n", instance.key)).expect("write");
    let from_file = EtherpadConfig {
        url: instance.url.clone(),
        api_key_file: file.display().to_string(),
        ..EtherpadConfig::default()
    };
    assert!(etherpad::check(&from_file).await.expect("check").is_some());

    // A wrong key is BadKey, and no message shows either key.
    let wrong = "not-the-key-1234";
    let err = Etherpad::new(&instance.url, wrong, Duration::from_secs(5))
        .expect("client")
        .check_token()
        .await
        .expect_err("wrong key");
    assert!(matches!(err, EtherpadError::BadKey { .. }), "{err:?}");
    let err = etherpad::check(&config(&instance.url, wrong))
        .await
        .expect_err("wrong key");
    let line = err.to_string();
    assert_eq!(
        line,
        format!("Etherpad at {}: the API key is wrong", instance.url)
    );
    assert!(!format!("{err:?}").contains(wrong) && !line.contains(&instance.key));

    // https goes through rustls (ring provider): speaking TLS to this plain-http Etherpad fails the
    // handshake, as one line, instead of panicking for want of a crypto provider.
    let https = instance.url.replacen("http://", "https://", 1);
    let err = Etherpad::new(&https, &instance.key, Duration::from_secs(5))
        .expect("https client")
        .check_token()
        .await
        .expect_err("no TLS there");
    assert!(matches!(err, EtherpadError::Unreachable { .. }), "{err:?}");
    eprintln!("{err}");
}

#[tokio::test]
async fn off_and_unreachable_need_no_etherpad() {
    // Not configured: no client, no error.
    assert!(
        etherpad::check(&EtherpadConfig::default())
            .await
            .expect("off")
            .is_none()
    );

    // Nobody listens: a quick Unreachable, whose line names the URL and not the key.
    let url = format!("http://127.0.0.1:{}", free_port());
    let started = Instant::now();
    let err = etherpad::check(&config(&url, "secret-key-5678"))
        .await
        .expect_err("nobody listens");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, EtherpadError::Unreachable { .. }), "{err:?}");
    let line = err.to_string();
    assert!(
        line.starts_with(&format!("Etherpad at {url} cannot be reached")),
        "{line}"
    );
    assert!(
        !line.contains("secret-key-5678") && !line.contains('\n'),
        "{line}"
    );

    // A server that takes the connection and never answers: Timeout, after the configured time.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", silent.local_addr().expect("addr"));
    let started = Instant::now();
    let err = Etherpad::new(&url, "k", Duration::from_secs(1))
        .expect("client")
        .check_token()
        .await
        .expect_err("silent server");
    assert!(
        matches!(err, EtherpadError::Timeout { seconds: 1, .. }),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn groups_pads_authors_and_sessions_are_made_once() {
    let Some(instance) = instance() else { return };
    let ep = client(instance);
    let room = format!("room-{}", random_hex(6));

    let group = ep
        .create_group_if_not_exists_for(&room)
        .await
        .expect("group");
    assert!(group.starts_with("g."), "{group}");
    assert_eq!(
        ep.create_group_if_not_exists_for(&room)
            .await
            .expect("again"),
        group
    );
    let other = ep
        .create_group_if_not_exists_for(&format!("{room}-other"))
        .await
        .expect("other group");
    assert_ne!(other, group);

    let pad = ep
        .create_group_pad(&group, "notes", "first text")
        .await
        .expect("pad");
    assert_eq!(pad, etherpad::pad_id(&group, "notes"));
    // A second creation keeps the pad and its text.
    assert_eq!(
        ep.create_group_pad(&group, "notes", "other text")
            .await
            .expect("pad again"),
        pad
    );
    assert_eq!(ep.get_text(&pad).await.expect("text"), "first text\n");

    let author = ep
        .create_author_if_not_exists_for("session-abc", "Alice")
        .await
        .expect("author");
    assert!(author.starts_with("a."), "{author}");
    assert_eq!(
        ep.create_author_if_not_exists_for("session-abc", "Alice B.")
            .await
            .expect("author again"),
        author
    );

    let session = ep
        .create_session(&group, &author, now() + 3600)
        .await
        .expect("session");
    assert!(session.starts_with("s."), "{session}");
    ep.delete_session(&session).await.expect("delete session");
    ep.delete_session(&session)
        .await
        .expect("a deleted session is gone already");

    // What Etherpad refuses comes back as Api errors with its code and message.
    let err = ep
        .create_group_pad("g.NoSuchGroup00000", "notes", "")
        .await
        .expect_err("no such group");
    assert!(matches!(err, EtherpadError::Api { code: 1, .. }), "{err:?}");
    let err = ep
        .create_session(&group, "a.NoSuchAuthor0000", now() + 3600)
        .await
        .expect_err("no such author");
    assert!(matches!(err, EtherpadError::Api { code: 1, .. }), "{err:?}");

    ep.delete_group(&group).await.expect("delete group");
    ep.delete_group(&other).await.expect("delete other group");
}

#[tokio::test]
async fn text_round_trips() {
    let Some(instance) = instance() else { return };
    let ep = client(instance);
    let group = ep
        .create_group_if_not_exists_for(&format!("room-{}", random_hex(6)))
        .await
        .expect("group");
    let pad = ep.create_group_pad(&group, "notes", "").await.expect("pad");

    let text = "Ordre du jour : café, crème brûlée\n1. Ünïcödé 🎉👩‍💻\n\n2. « guillemets » & <b>pas du HTML</b>";
    ep.set_text(&pad, text).await.expect("set");
    // Etherpad ends every pad with a newline of its own.
    assert_eq!(ep.get_text(&pad).await.expect("get"), format!("{text}\n"));

    ep.set_text(&pad, "").await.expect("clear");
    assert_eq!(ep.get_text(&pad).await.expect("get cleared"), "\n");

    ep.delete_group(&group).await.expect("delete group");
}

#[tokio::test]
async fn a_session_ending_in_the_past_is_refused() {
    let Some(instance) = instance() else { return };
    let ep = client(instance);
    let group = ep
        .create_group_if_not_exists_for(&format!("room-{}", random_hex(6)))
        .await
        .expect("group");
    let author = ep
        .create_author_if_not_exists_for(&format!("session-{}", random_hex(6)), "Bob")
        .await
        .expect("author");
    let err = ep
        .create_session(&group, &author, now() - 60)
        .await
        .expect_err("past");
    match err {
        EtherpadError::Api {
            code, ref message, ..
        } => {
            assert_eq!(code, 1);
            assert!(message.contains("past"), "{message}");
        }
        other => panic!("expected an Api error, got {other:?}"),
    }
    ep.delete_group(&group).await.expect("delete group");
}

#[tokio::test]
async fn deletes_remove_and_tolerate_what_is_gone() {
    let Some(instance) = instance() else { return };
    let ep = client(instance);
    let group = ep
        .create_group_if_not_exists_for(&format!("room-{}", random_hex(6)))
        .await
        .expect("group");
    let pad = ep
        .create_group_pad(&group, "notes", "to be deleted")
        .await
        .expect("pad");
    let second = ep
        .create_group_pad(&group, "second", "goes with the group")
        .await
        .expect("second pad");

    ep.delete_pad(&pad).await.expect("delete pad");
    let err = ep.get_text(&pad).await.expect_err("deleted pad");
    assert!(matches!(err, EtherpadError::Api { code: 1, .. }), "{err:?}");
    ep.delete_pad(&pad)
        .await
        .expect("deleting it again is fine");

    // Deleting the group takes its pads along.
    ep.delete_group(&group).await.expect("delete group");
    let err = ep
        .get_text(&second)
        .await
        .expect_err("pad of a deleted group");
    assert!(matches!(err, EtherpadError::Api { code: 1, .. }), "{err:?}");
    ep.delete_group(&group)
        .await
        .expect("deleting it again is fine");

    // Never existed: fine as well.
    ep.delete_pad("g.NoSuchGroup00000$nothing")
        .await
        .expect("missing pad");
    ep.delete_group("g.NoSuchGroup00000")
        .await
        .expect("missing group");
    ep.delete_session("s.00000000000000000000000000000000")
        .await
        .expect("missing session");
}

/// Serves `reply` (a whole HTTP response) to every connection, from a thread; returns its base URL.
fn canned_server(reply: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    url
}

#[tokio::test]
async fn answers_that_are_not_etherpads_are_told_apart() {
    // Something else on that port (a web page): Malformed, naming the method and the status.
    let url = canned_server(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\nConnection: close\r\n\r\n<html></html>",
    );
    let err = Etherpad::new(&url, "k", Duration::from_secs(2))
        .expect("client")
        .check_token()
        .await
        .expect_err("not Etherpad");
    assert!(
        matches!(
            err,
            EtherpadError::Malformed {
                method: "checkToken",
                ..
            }
        ),
        "{err:?}"
    );

    // A 401 without Etherpad's envelope (a proxy's login, say) is still a refused key.
    let url = canned_server(
        "HTTP/1.1 401 Unauthorized\r\nContent-Length: 6\r\nConnection: close\r\n\r\nlog in",
    );
    let err = Etherpad::new(&url, "k", Duration::from_secs(2))
        .expect("client")
        .check_token()
        .await
        .expect_err("401");
    assert!(matches!(err, EtherpadError::BadKey { .. }), "{err:?}");

    // Etherpad's envelope whose data lacks the expected field: Malformed, not a panic.
    let url = canned_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{\"code\":0,\"message\":\"ok\",\"data\":{\"x\":1}}",
    );
    let err = Etherpad::new(&url, "k", Duration::from_secs(2))
        .expect("client")
        .create_group_if_not_exists_for("room")
        .await
        .expect_err("no groupID");
    assert!(matches!(err, EtherpadError::Malformed { .. }), "{err:?}");
}
