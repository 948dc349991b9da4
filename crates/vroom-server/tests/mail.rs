//! Mail against real mail servers: an SMTP sink on loopback (aiosmtpd, plain, STARTTLS with login,
//! implicit TLS) and a recording sendmail. Feedback, join notifications, the queue when the server
//! is down and comes back, permanent refusals, and mail switched off.

mod common;
#[path = "common/mail.rs"]
mod mail_support;

use std::time::Duration;

use common::{TestServer, User, audit_entries};
use mail_support::{FakeSendmail, SinkOptions, SmtpSink};
use serde_json::{Value, json};
use vroom_server::config::{Config, MailTransport, SmtpTls};

const FROM: &str = "VROOM <meet@vroom.test>";
const CONTACT: &str = "ops@vroom.test";

/// A free port on loopback (bound then released: the server takes it right after).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server whose public URL is its own address (links in mails point at it).
async fn server(adjust: impl FnOnce(&mut Config)) -> TestServer {
    let port = free_port();
    TestServer::start_with(|c| {
        c.server.listen = format!("127.0.0.1:{port}").parse().unwrap();
        c.server.public_url = format!("http://127.0.0.1:{port}");
        c.mail.from = FROM.into();
        c.mail.contact = CONTACT.into();
        c.mail.queue.retry_base = 1;
        adjust(c);
    })
    .await
}

fn smtp_to(sink: &SmtpSink, tls: SmtpTls) -> impl FnOnce(&mut Config) {
    let (host, port) = (sink.host.clone(), sink.port);
    let ca = sink.ca_pem().map(|pem| {
        let path = std::env::temp_dir().join(format!("vroom-test-ca-{port}.pem"));
        std::fs::write(&path, pem).unwrap();
        path.display().to_string()
    });
    move |c: &mut Config| {
        c.mail.transport = MailTransport::Smtp;
        c.mail.smtp.host = host;
        c.mail.smtp.port = port;
        c.mail.smtp.tls = tls;
        c.mail.smtp.timeout = 5;
        if let Some(ca) = ca {
            c.mail.smtp.ca_file = ca;
        }
    }
}

/// The ticket of the feedback page, after the wait a person would take to type.
async fn feedback_ticket(s: &TestServer, lang: &str) -> String {
    let page = s
        .http
        .get(format!("{}/feedback", s.base))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let start = html.find("data-ticket=\"").expect("a ticket in the form") + 13;
    let end = start + html[start..].find('"').unwrap();
    tokio::time::sleep(Duration::from_millis(3100)).await;
    html[start..end].to_owned()
}

async fn post_feedback(s: &TestServer, lang: &str, body: Value) -> (u16, Value) {
    let res = s
        .http
        .post(format!("{}/api/feedback", s.base))
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_arrives_over_smtp_with_both_parts_and_robots_and_floods_are_turned_away() {
    let Some(sink) = SmtpSink::start(SinkOptions::default()) else {
        return;
    };
    let s = server(|c| {
        smtp_to(&sink, SmtpTls::None)(c);
        c.mail.feedback_per_hour = 3;
    })
    .await;
    // The footer of every page links to the form.
    let home = s
        .http
        .get(&s.base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("href=\"/feedback\""));

    let ticket = feedback_ticket(&s, "fr-FR").await;
    let (status, _) = post_feedback(
        &s,
        "fr-FR",
        json!({"email": "ana@example.org", "comment": "Super <b>outil</b> !\nMerci.", "website": "", "ticket": ticket}),
    )
    .await;
    assert_eq!(status, 202);
    let mails = sink.wait_for(1, Duration::from_secs(15)).await;
    let m = &mails[0];
    assert_eq!(m.from, FROM);
    assert_eq!(m.to, [CONTACT]);
    assert_eq!(m.rcpt_tos, [CONTACT]);
    assert_eq!(m.subject, "Feedback from VROOM");
    let text = m.text.as_deref().expect("a text part");
    assert!(text.contains("Reply to: ana@example.org"), "{text}");
    assert!(
        text.contains("Super <b>outil</b> !\nMerci."),
        "the comment as written: {text}"
    );
    assert!(text.contains("Language of the page: fr"), "{text}");
    let html = m.html.as_deref().expect("an HTML part");
    assert!(
        html.contains("Super &lt;b&gt;outil&lt;") && !html.contains("<b>outil"),
        "escaped in HTML: {html}"
    );
    assert!(
        m.header("message-id")
            .is_some_and(|id| id.ends_with("@vroom.test>"))
    );

    // A robot fills the hidden field, or posts without the page's ticket: the same answer, no mail.
    let (status, _) = post_feedback(
        &s,
        "en",
        json!({"comment": "buy now", "website": "http://spam", "ticket": ticket}),
    )
    .await;
    assert_eq!(status, 202);
    let (status, _) = post_feedback(
        &s,
        "en",
        json!({"comment": "buy now", "ticket": "1.forged"}),
    )
    .await;
    assert_eq!(status, 202);
    sink.assert_stays_at(1, Duration::from_secs(2)).await;

    // Bad input is said, in the page's language; the rate limit is per address and hour.
    let (status, body) = post_feedback(
        &s,
        "fr",
        json!({"email": "pas une adresse", "comment": "x", "ticket": ticket}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_email"))
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("n’est pas une adresse e-mail"),
        "{body}"
    );
    let (status, body) = post_feedback(&s, "en", json!({"comment": "  ", "ticket": ticket})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_feedback"))
    );
    let (status, body) = post_feedback(
        &s,
        "en",
        json!({"comment": "x".repeat(4001), "ticket": ticket}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_feedback"))
    );
    let (status, body) =
        post_feedback(&s, "en", json!({"comment": "again", "ticket": ticket})).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "rate_limited");

    let audit = audit_entries(&s).await;
    assert!(audit.iter().any(|e| e.event == "feedback_sent"));
    assert!(
        audit
            .iter()
            .any(|e| e.event == "mail_sent" && e.message.contains(CONTACT))
    );
    assert!(audit.iter().filter(|e| e.message.contains("spam")).count() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_notifications_over_starttls_with_login_are_debounced_per_recipient() {
    let Some(sink) = SmtpSink::start(SinkOptions::starttls().with_auth("vroom", "s3cret")) else {
        return;
    };
    let s = server(|c| {
        smtp_to(&sink, SmtpTls::Starttls)(c);
        c.mail.smtp.username = "vroom".into();
        c.mail.smtp.password = "s3cret".into();
        c.mail.notify_window = 3;
        c.mail.language = "fr".into();
    })
    .await;
    let chair = User::new(&s);
    assert_eq!(chair.create("standup").await.0, 201);
    let (status, body) = chair
        .patch(
            "standup",
            json!({"notify": ["lea@vroom.test", "max@vroom.test"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // Three people arrive within the window: one mail each at once (the first), then one listing the
    // two others when the window ends.
    let _a = User::new(&s).join("standup", "Ana").await;
    let _b = User::new(&s).join("standup", "Bob").await;
    let _c = User::new(&s).join("standup", "").await;
    let first = sink.wait_for(2, Duration::from_secs(15)).await;
    for m in &first {
        assert!(m.tls, "STARTTLS was used");
        assert_eq!(m.auth_user.as_deref(), Some("vroom"));
        assert_eq!(m.subject, "Ana a rejoint la réunion «\u{a0}standup\u{a0}»");
        let text = m.text.as_deref().unwrap();
        assert!(
            text.contains(&format!("{}/standup", s.base)),
            "absolute link from the public URL: {text}"
        );
        // minijinja writes `/` as `&#x2f;` in HTML; a mail reader decodes it.
        let html = m.html.as_deref().unwrap().replace("&#x2f;", "/");
        assert!(
            html.contains(&format!("href=\"{}/standup\"", s.base)),
            "{html}"
        );
    }
    let mut to: Vec<String> = first.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["lea@vroom.test", "max@vroom.test"]);
    sink.assert_stays_at(2, Duration::from_secs(1)).await;
    let all = sink.wait_for(4, Duration::from_secs(15)).await;
    for m in &all[2..] {
        let text = m.text.as_deref().unwrap();
        assert!(text.contains("2 personnes ont rejoint"), "{text}");
        assert!(text.contains("- Bob"), "{text}");
        assert!(
            text.contains("une personne qui n’a pas donné de nom"),
            "{text}"
        );
    }
    sink.assert_stays_at(4, Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_tls_and_a_wrong_login_which_is_given_up_and_audited() {
    let Some(sink) = SmtpSink::start(SinkOptions::implicit_tls().with_auth("vroom", "right"))
    else {
        return;
    };
    let s = server(|c| {
        smtp_to(&sink, SmtpTls::Tls)(c);
        c.mail.smtp.username = "vroom".into();
        c.mail.smtp.password = "wrong".into();
    })
    .await;
    let ticket = feedback_ticket(&s, "en").await;
    assert_eq!(
        post_feedback(&s, "en", json!({"comment": "hello", "ticket": ticket}))
            .await
            .0,
        202
    );
    // 535 is permanent: no retries, the failure is in the audit.
    let mut failed = None;
    for _ in 0..100 {
        failed = audit_entries(&s)
            .await
            .into_iter()
            .find(|e| e.event == "mail_failed");
        if failed.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = failed.expect("the failure audited");
    assert!(
        failed.message.contains("after attempt 1"),
        "{}",
        failed.message
    );
    assert!(sink.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_tls_delivers() {
    let Some(sink) = SmtpSink::start(SinkOptions::implicit_tls()) else {
        return;
    };
    let s = server(smtp_to(&sink, SmtpTls::Tls)).await;
    let ticket = feedback_ticket(&s, "en").await;
    assert_eq!(
        post_feedback(&s, "en", json!({"comment": "over TLS", "ticket": ticket}))
            .await
            .0,
        202
    );
    let m = &sink.wait_for(1, Duration::from_secs(15)).await[0];
    assert!(m.tls);
    assert!(m.text.as_deref().unwrap().contains("over TLS"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_wait_while_the_server_is_down_and_arrive_once_when_it_is_back() {
    let port = free_port();
    let Some(mut sink) = SmtpSink::start(SinkOptions::default().on_port(port)) else {
        return;
    };
    sink.stop();
    let s = server(|c| {
        smtp_to(&sink, SmtpTls::None)(c);
        c.mail.feedback_per_hour = 10;
    })
    .await;
    let ticket = feedback_ticket(&s, "en").await;
    for i in 0..3 {
        let (status, _) = post_feedback(
            &s,
            "en",
            json!({"comment": format!("message {i}"), "ticket": ticket}),
        )
        .await;
        assert_eq!(status, 202);
    }
    // Attempts fail (connection refused) and are retried with growing waits.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let store = vroom_store::Store::connect(&s.db_url, 1).await.unwrap();
    let queued = store.mail_queue().list(10).await.unwrap();
    assert_eq!(queued.len(), 3);
    assert!(
        queued
            .iter()
            .all(|m| m.status == "pending" && m.attempts >= 1),
        "{queued:?}"
    );
    assert!(queued.iter().all(|m| m.last_error.is_some()));

    sink.restart();
    let mails = sink.wait_for(3, Duration::from_secs(20)).await;
    let mut texts: Vec<String> = mails
        .iter()
        .map(|m| {
            m.text
                .clone()
                .unwrap()
                .lines()
                .last()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    texts.sort();
    assert_eq!(texts, ["message 0", "message 1", "message 2"], "each once");
    sink.assert_stays_at(3, Duration::from_secs(4)).await;
    let queued = store.mail_queue().list(10).await.unwrap();
    assert!(queued.iter().all(|m| m.status == "sent"), "{queued:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sendmail_transport_hands_over_the_message() {
    let sendmail = FakeSendmail::new();
    let command = sendmail.command.display().to_string();
    let s = server(|c| {
        c.mail.transport = MailTransport::Sendmail;
        c.mail.sendmail.command = command;
    })
    .await;
    let ticket = feedback_ticket(&s, "en").await;
    assert_eq!(
        post_feedback(
            &s,
            "en",
            json!({"comment": "via sendmail", "ticket": ticket})
        )
        .await
        .0,
        202
    );
    let mut got = Vec::new();
    for _ in 0..100 {
        got = sendmail.received();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (args, m) = got.first().expect("sendmail ran");
    assert!(args.iter().any(|a| a == CONTACT), "{args:?}");
    assert!(
        args.iter().any(|a| a.contains("meet@vroom.test")),
        "{args:?}"
    );
    assert_eq!(m.subject, "Feedback from VROOM");
    assert!(m.text.as_deref().unwrap().contains("via sendmail"));
    assert!(m.html.is_some());
}

#[tokio::test]
async fn without_mail_the_features_are_hidden_and_the_api_says_so() {
    let s = TestServer::start().await;
    let home = s
        .http
        .get(&s.base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!home.contains("href=\"/feedback\""));
    assert_eq!(
        s.http
            .get(format!("{}/feedback", s.base))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (status, body) = post_feedback(&s, "en", json!({"comment": "hi"})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("feedback_disabled"))
    );
}

#[test]
fn mail_settings_are_checked_at_start() {
    let mut c = Config::default();
    c.mail.transport = MailTransport::Smtp;
    let e = c.validate().unwrap_err().to_string();
    assert!(e.contains("mail.from"), "{e}");
    c.mail.from = FROM.into();
    let e = c.validate().unwrap_err().to_string();
    assert!(e.contains("server.public_url"), "{e}");
    c.server.public_url = "https://meet.example.org".into();
    assert!(c.validate().is_ok());
    c.mail.language = "de".into();
    assert!(
        c.validate()
            .unwrap_err()
            .to_string()
            .contains("mail.language")
    );
}

/// The link of an invitation mail (its text part).
fn link_in(text: &str, marker: &str) -> String {
    text.split_whitespace()
        .find(|w| w.contains(marker))
        .unwrap_or_else(|| panic!("no {marker} link in {text}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_lets_one_browser_past_a_lock_and_a_password_and_a_declined_one_none() {
    let Some(sink) = SmtpSink::start(SinkOptions::default()) else {
        return;
    };
    let s = server(smtp_to(&sink, SmtpTls::None)).await;
    let chair = User::new(&s);
    assert_eq!(chair.create("board").await.0, 201);
    let (status, _) = chair
        .patch(
            "board",
            json!({"locked": true, "join_password": "secret-pw"}),
        )
        .await;
    assert_eq!(status, 200);
    let (mut chair_ws, _) = chair.join("board", "Ana").await;

    // Only a chairman invites; every address is checked before anything is sent.
    let stranger = User::new(&s);
    let (status, body) = stranger
        .call(
            reqwest::Method::POST,
            "/api/rooms/board/invitations",
            Some(json!({"emails": ["x@vroom.test"]})),
        )
        .await;
    assert_eq!((status, body["error"].as_str()), (403, Some("not_allowed")));
    let (status, body) = chair
        .call(
            reqwest::Method::POST,
            "/api/rooms/board/invitations",
            Some(json!({"emails": ["guest@vroom.test", "not an address"]})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_email")),
        "{body}"
    );
    assert_eq!(body["invalid"], json!(["not an address"]));
    let (status, _) = chair
        .call(
            reqwest::Method::POST,
            "/api/rooms/board/invitations",
            Some(json!({"emails": []})),
        )
        .await;
    assert_eq!(status, 400);
    sink.assert_stays_at(0, Duration::from_millis(500)).await;

    let (status, body) = chair
        .call(
            reqwest::Method::POST,
            "/api/rooms/board/invitations",
            Some(json!({"emails": ["guest@vroom.test", "nope@vroom.test"], "message": "Budget review at 3.", "name": "Ana"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["invitations"].as_array().unwrap().len(), 2);
    let mails = sink.wait_for(2, Duration::from_secs(15)).await;
    let to_guest = mails.iter().find(|m| m.to == ["guest@vroom.test"]).unwrap();
    let to_nope = mails.iter().find(|m| m.to == ["nope@vroom.test"]).unwrap();
    assert_eq!(to_guest.subject, "Ana invites you to the meeting “board”");
    let text = to_guest.text.as_deref().unwrap();
    assert!(text.contains("Budget review at 3."), "{text}");
    let join = link_in(text, "?invitation=");
    assert!(
        join.starts_with(&format!("{}/board?invitation=", s.base)),
        "{join}"
    );
    assert!(
        to_guest
            .html
            .as_deref()
            .unwrap()
            .contains("Budget review at 3.")
    );
    assert_ne!(
        link_in(to_nope.text.as_deref().unwrap(), "?invitation="),
        join,
        "each has its own token"
    );

    // The guest's browser opens the link: bound to it, then into the room without the token.
    let guest = User::new(&s);
    let path = join.trim_start_matches(&s.base).to_owned();
    let res = s.http.get(&join).send().await.unwrap();
    assert_eq!(res.status(), 303);
    guest.keep_cookie(res.headers());
    assert_eq!(res.headers()["location"], "/board");
    assert!(guest.cookie().is_some());
    let status = guest.status("board").await;
    assert_eq!(
        (
            status["invited"].as_bool(),
            status["password_required"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let (_guest_ws, welcome) = guest.join("board", "Guest").await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    assert_eq!(welcome["you"]["role"], "participant");

    // The same link in another browser opens nothing; neither does a made-up one.
    let other = User::new(&s);
    let (status, _) = other.call(reqwest::Method::GET, &path, None).await;
    assert_eq!(status, 403);
    let (_, refused) = other.try_join("board", "Other").await;
    assert_eq!(refused["code"], "locked", "{refused}");
    let (status, _) = other
        .call(reqwest::Method::GET, "/board?invitation=made-up", None)
        .await;
    assert_eq!(status, 404);

    // The other invitee declines on their page; the chairman hears it at once; the link is dead.
    let answer = link_in(to_nope.text.as_deref().unwrap(), "/invitation/");
    let token = answer.rsplit('/').next().unwrap().to_owned();
    // Its page says until when the link works even before (or without) its script, in UTC.
    let page = s.http.get(&answer).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let expiry = page
        .split("data-testid=\"invitation-expiry\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</span>"))
        .map(|(text, _)| text.to_owned())
        .unwrap_or_default();
    assert!(
        expiry.starts_with("It works until ") && expiry.ends_with(" UTC."),
        "the expiry as served: {expiry:?}"
    );
    let (status, body) = other
        .call(
            reqwest::Method::POST,
            &format!("/api/invitations/{token}/response"),
            Some(json!({"response": "decline", "message": "On holiday"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let told = loop {
        let msg = chair_ws.next().await;
        if msg["type"] == "invitation_answered" {
            break msg;
        }
    };
    assert_eq!(told["email"], "nope@vroom.test");
    assert_eq!(told["response"], "decline");
    assert_eq!(told["message"], "On holiday");
    let nope_join = link_in(to_nope.text.as_deref().unwrap(), "?invitation=");
    let late = User::new(&s);
    let (status, _) = late
        .call(
            reqwest::Method::GET,
            nope_join.trim_start_matches(&s.base),
            None,
        )
        .await;
    assert_eq!(status, 410);
    let (status, body) = late
        .call(
            reqwest::Method::POST,
            &format!("/api/invitations/{token}/response"),
            Some(json!({"response": "later"})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (410, Some("invitation_gone"))
    );

    // The chairman's list: delivery and answers.
    let (status, list) = chair
        .call(reqwest::Method::GET, "/api/rooms/board/invitations", None)
        .await;
    assert_eq!(status, 200);
    let list = list["invitations"].as_array().unwrap();
    let nope = list
        .iter()
        .find(|i| i["email"] == "nope@vroom.test")
        .unwrap();
    assert_eq!(nope["response"], "decline");
    assert_eq!(nope["response_message"], "On holiday");
    let guest_row = list
        .iter()
        .find(|i| i["email"] == "guest@vroom.test")
        .unwrap();
    assert_eq!(guest_row["delivery"], "sent");
    assert_eq!(guest_row["used"], true);
    let audit = audit_entries(&s).await;
    for event in ["invitation_sent", "invitation_used", "invitation_answered"] {
        assert!(audit.iter().any(|e| e.event == event), "{event} audited");
    }
    assert!(
        !audit.iter().any(|e| e.message.contains(&token)),
        "no token in the audit"
    );
}

#[tokio::test]
async fn without_mail_invitations_are_refused_clearly() {
    let s = TestServer::start().await;
    let chair = User::new(&s);
    assert_eq!(chair.create("quiet").await.0, 201);
    assert_eq!(chair.status("quiet").await["mail"], false);
    let (status, body) = chair
        .call(
            reqwest::Method::POST,
            "/api/rooms/quiet/invitations",
            Some(json!({"emails": ["a@vroom.test"]})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("mail_disabled"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_can_override_the_mail_templates() {
    let Some(sink) = SmtpSink::start(SinkOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mail")).unwrap();
    std::fs::write(
        dir.path().join("mail/feedback.subject"),
        "[ACME meetings] {{ t(\"mail-feedback-subject\") }}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mail/feedback.txt"),
        "ACME feedback desk\n\n{{ comment }}\n",
    )
    .unwrap();
    let templates = dir.path().display().to_string();
    let s = server(|c| {
        smtp_to(&sink, SmtpTls::None)(c);
        c.server.templates_dir = templates;
    })
    .await;
    let ticket = feedback_ticket(&s, "en").await;
    assert_eq!(
        post_feedback(&s, "en", json!({"comment": "custom", "ticket": ticket}))
            .await
            .0,
        202
    );
    let m = &sink.wait_for(1, Duration::from_secs(15)).await[0];
    assert_eq!(m.subject, "[ACME meetings] Feedback from VROOM");
    assert!(
        m.text.as_deref().unwrap().starts_with("ACME feedback desk"),
        "{:?}",
        m.text
    );
    // What was not overridden stays built in.
    assert!(m.html.as_deref().unwrap().contains("custom"));
}
