//! The mail test servers themselves (tests/common/mail.rs): a real SMTP sink on loopback, with STARTTLS,
//! SMTPS and AUTH, stopped and brought back on its port, and the sendmail recorder, all driven by lettre as a
//! client, so that the server's mail tests can trust what these fixtures report.
#[path = "common/mail.rs"]
mod mail;

use std::time::Duration;

use lettre::message::{MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls as ClientTls, TlsParameters};
use lettre::{AsyncSendmailTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mail::{FakeSendmail, ReceivedMail, SinkOptions, SmtpSink};

const WAIT: Duration = Duration::from_secs(10);

fn smtp(sink: &SmtpSink, tls: ClientTls) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(sink.host.as_str())
        .port(sink.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(10)))
        .build()
}

fn smtp_auth(
    sink: &SmtpSink,
    tls: ClientTls,
    user: &str,
    password: &str,
) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(sink.host.as_str())
        .port(sink.port)
        .tls(tls)
        .credentials(Credentials::new(user.to_owned(), password.to_owned()))
        .timeout(Some(Duration::from_secs(10)))
        .build()
}

/// TLS parameters for "localhost" that trust only the sink's test CA.
fn trusting(sink: &SmtpSink) -> TlsParameters {
    let ca = sink.ca_pem().expect("the sink has TLS");
    TlsParameters::builder("localhost".to_owned())
        .add_root_certificate(Certificate::from_pem(ca.as_bytes()).expect("CA PEM"))
        .build_rustls()
        .expect("TLS parameters")
}

fn simple(subject: &str) -> Message {
    Message::builder()
        .from("VROOM <noreply@vroom.test>".parse().unwrap())
        .to("alice@example.org".parse().unwrap())
        .subject(subject)
        .body(format!("{subject}\n"))
        .unwrap()
}

#[tokio::test]
async fn plain_smtp_delivers_a_multipart_message_that_parses_back() {
    let Some(sink) = SmtpSink::start(SinkOptions::default()) else {
        return;
    };
    let text = "Hallo Jörg,\n\nbitte bestätige deine Adresse: https://vroom.test/confirm?token=abc&x=1.\n\
                Eine sehr lange Zeile, damit quoted-printable weiche Umbrüche einfügen muss: \
                äöü ÄÖÜ ß — „Anführungszeichen“ und noch mehr Text, bis die Zeile weit über achtzig Zeichen hat.\n";
    let html = "<p>Hallo Jörg,</p><p><a href=\"https://vroom.test/confirm?token=abc&amp;x=1\">Bestätigen</a></p>\n";
    let message = Message::builder()
        .from("VROOM Café <noreply@vroom.test>".parse().unwrap())
        .to("Jörg <joerg@example.org>".parse().unwrap())
        .to("bob@example.org".parse().unwrap())
        .subject("Bestätige deine Adresse ✓ — VROOM")
        .multipart(MultiPart::alternative_plain_html(
            text.to_owned(),
            html.to_owned(),
        ))
        .unwrap();
    smtp(&sink, ClientTls::None)
        .send(message)
        .await
        .expect("delivered");

    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.seq, 1);
    assert_eq!(m.mail_from, "noreply@vroom.test");
    assert_eq!(m.rcpt_tos, ["joerg@example.org", "bob@example.org"]);
    assert!(!m.tls);
    assert_eq!(m.auth_user, None);
    assert_eq!(m.subject, "Bestätige deine Adresse ✓ — VROOM");
    assert_eq!(m.from, "VROOM Café <noreply@vroom.test>");
    assert_eq!(m.to, ["joerg@example.org", "bob@example.org"]);
    assert_eq!(m.text.as_deref(), Some(text));
    assert_eq!(m.html.as_deref(), Some(html));
    assert_eq!(m.header("subject"), Some(m.subject.as_str()));
    assert!(
        m.header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative"),
        "{:?}",
        m.header("Content-Type")
    );
    // The raw message really was encoded: the checks above are on decoded text.
    let raw = m.raw_text();
    assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
    assert!(!raw.contains("Bestätige"), "{raw}");
    assert_eq!(m.links(), ["https://vroom.test/confirm?token=abc&x=1"]);
    assert_eq!(
        mail::links_in(m.html.as_deref().unwrap()),
        ["https://vroom.test/confirm?token=abc&x=1"]
    );
}

#[tokio::test]
async fn starttls_with_the_generated_ca_and_auth() {
    let options = SinkOptions::starttls().with_auth("vroom", "s3cret pass");
    let Some(sink) = SmtpSink::start(options) else {
        return;
    };

    // Without the test CA, the certificate is refused.
    let untrusted = TlsParameters::new("localhost".to_owned()).unwrap();
    let err = smtp_auth(
        &sink,
        ClientTls::Required(untrusted),
        "vroom",
        "s3cret pass",
    )
    .send(simple("untrusted"))
    .await
    .expect_err("an unknown CA must not be trusted");
    assert!(format!("{err:?}").contains("UnknownIssuer"), "{err:?}");

    // Without TLS, AUTH is not offered, so the client cannot log in.
    let err = smtp_auth(&sink, ClientTls::None, "vroom", "s3cret pass")
        .send(simple("plain"))
        .await
        .expect_err("no AUTH before STARTTLS");
    assert!(err.to_string().contains("authentication"), "{err}");

    smtp_auth(
        &sink,
        ClientTls::Required(trusting(&sink)),
        "vroom",
        "s3cret pass",
    )
    .send(simple("over STARTTLS"))
    .await
    .expect("delivered over STARTTLS");
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1, "only the good attempt arrived");
    assert_eq!(mails[0].subject, "over STARTTLS");
    assert!(mails[0].tls);
    assert_eq!(mails[0].auth_user.as_deref(), Some("vroom"));
    // (lettre ends a single-part body with one more line break of its own)
    assert_eq!(
        mails[0].text.as_deref().map(str::trim_end),
        Some("over STARTTLS")
    );
}

#[tokio::test]
async fn starttls_is_optional_without_auth() {
    let Some(sink) = SmtpSink::start(SinkOptions::starttls()) else {
        return;
    };
    smtp(&sink, ClientTls::None)
        .send(simple("in clear"))
        .await
        .unwrap();
    smtp(&sink, ClientTls::Opportunistic(trusting(&sink)))
        .send(simple("upgraded"))
        .await
        .unwrap();
    let mails = sink.wait_for(2, WAIT).await;
    assert_eq!(
        mails
            .iter()
            .map(|m| (m.subject.as_str(), m.tls))
            .collect::<Vec<_>>(),
        [("in clear", false), ("upgraded", true)]
    );
}

#[tokio::test]
async fn implicit_tls_with_auth() {
    let Some(sink) = SmtpSink::start(SinkOptions::implicit_tls().with_auth("smtps-user", "pw"))
    else {
        return;
    };
    // No greeting in clear: the server waits for a TLS handshake.
    let mut clear = std::net::TcpStream::connect(sink.addr()).unwrap();
    clear
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut buf = [0u8; 64];
    let greeting = std::io::Read::read(&mut clear, &mut buf);
    assert!(greeting.is_err(), "SMTPS greeted in clear: {greeting:?}");
    drop(clear);
    smtp_auth(
        &sink,
        ClientTls::Wrapper(trusting(&sink)),
        "smtps-user",
        "pw",
    )
    .send(simple("over SMTPS"))
    .await
    .expect("delivered over SMTPS");
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "over SMTPS");
    assert!(mails[0].tls);
    assert_eq!(mails[0].auth_user.as_deref(), Some("smtps-user"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_535() {
    let Some(sink) = SmtpSink::start(SinkOptions::starttls().with_auth("vroom", "right")) else {
        return;
    };
    for (user, password) in [("vroom", "wrong"), ("someone", "right")] {
        let err = smtp_auth(&sink, ClientTls::Required(trusting(&sink)), user, password)
            .send(simple("should not arrive"))
            .await
            .expect_err("bad credentials");
        assert!(err.is_permanent(), "{err:?}");
        assert_eq!(
            err.status().map(|c| c.to_string()).as_deref(),
            Some("535"),
            "{err}"
        );
    }
    // Nor can a client skip AUTH.
    let err = smtp(&sink, ClientTls::Required(trusting(&sink)))
        .send(simple("anonymous"))
        .await
        .expect_err("AUTH is required");
    assert_eq!(err.status().map(|c| c.to_string()).as_deref(), Some("530"));
    sink.assert_stays_at(0, Duration::from_millis(200)).await;
}

#[tokio::test]
async fn a_rejected_recipient_gets_550() {
    let Some(sink) = SmtpSink::start(SinkOptions::default().rejecting("alice@example.org")) else {
        return;
    };
    let err = smtp(&sink, ClientTls::None)
        .send(simple("to alice"))
        .await
        .expect_err("alice is rejected");
    assert!(err.is_permanent(), "{err:?}");
    assert_eq!(err.status().map(|c| c.to_string()).as_deref(), Some("550"));
    sink.assert_stays_at(0, Duration::from_millis(100)).await;
}

#[tokio::test]
async fn stopped_the_port_refuses_restarted_it_delivers_and_keeps_what_came_before() {
    let Some(mut sink) = SmtpSink::start(SinkOptions::default()) else {
        return;
    };
    let port = sink.port;
    let transport = smtp(&sink, ClientTls::None);
    transport.send(simple("before")).await.unwrap();
    sink.wait_for(1, WAIT).await;

    sink.stop();
    assert!(!sink.is_running());
    let err = transport
        .send(simple("while down"))
        .await
        .expect_err("nobody listens");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port still answers"
    );
    assert!(!err.is_permanent(), "{err:?}");

    sink.restart();
    assert_eq!(sink.port, port);
    transport.send(simple("after")).await.unwrap();
    let mails = sink.wait_for(2, WAIT).await;
    assert_eq!(
        mails
            .iter()
            .map(|m| (m.seq, m.subject.as_str()))
            .collect::<Vec<_>>(),
        [(1, "before"), (2, "after")]
    );
}

#[tokio::test]
async fn a_sink_on_a_fixed_port_comes_back_there_with_tls() {
    // Reserve a free port, then hand it to the sink as a fixed one.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Some(mut sink) = SmtpSink::start(SinkOptions::implicit_tls().on_port(port)) else {
        return;
    };
    assert_eq!(sink.port, port);
    let ca_before = sink.ca_pem();
    sink.restart();
    assert_eq!(sink.port, port);
    assert_eq!(sink.ca_pem(), ca_before, "same certificate after a restart");
    smtp(&sink, ClientTls::Wrapper(trusting(&sink)))
        .send(simple("fixed port"))
        .await
        .unwrap();
    assert_eq!(sink.wait_for(1, WAIT).await[0].subject, "fixed port");
}

#[tokio::test]
async fn fake_sendmail_records_arguments_and_message_and_fails_with_75_when_told() {
    let sendmail = FakeSendmail::new();
    let transport = AsyncSendmailTransport::<Tokio1Executor>::new_with_command(&sendmail.command);
    let message = Message::builder()
        .from("VROOM <noreply@vroom.test>".parse().unwrap())
        .to("Zoë <zoe@example.org>".parse().unwrap())
        .cc("carl@example.org".parse().unwrap())
        .subject("Über sendmail")
        .header(ContentType::TEXT_PLAIN)
        .body("Grüße\n.\nnach dem Punkt\n".to_owned())
        .unwrap();
    transport.send(message).await.expect("recorded");

    let calls = sendmail.wait_for(1, WAIT).await;
    let (args, m) = &calls[0];
    assert_eq!(
        args,
        &[
            "-i",
            "-f",
            "noreply@vroom.test",
            "--",
            "zoe@example.org",
            "carl@example.org"
        ]
    );
    assert_eq!(m.mail_from, "noreply@vroom.test");
    assert_eq!(m.rcpt_tos, ["zoe@example.org", "carl@example.org"]);
    assert_eq!(m.subject, "Über sendmail");
    assert_eq!(m.to, ["zoe@example.org"]);
    assert_eq!(m.text.as_deref(), Some("Grüße\n.\nnach dem Punkt\n"));

    sendmail.set_failing(true);
    let err = transport
        .send(simple("while failing"))
        .await
        .expect_err("the recorder fails");
    assert!(err.to_string().contains("FAKE_SENDMAIL_FAIL"), "{err}");

    // The exit status is EX_TEMPFAIL, for a transport that tells temporary failures apart.
    let mut child = std::process::Command::new(&sendmail.command)
        .args(["-i", "-f", "a@vroom.test", "--", "b@example.org"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"Subject: x\r\n\r\nx\r\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(75));
    assert!(String::from_utf8_lossy(&out.stderr).contains("temporary failure"));

    sendmail.set_failing(false);
    transport.send(simple("recovered")).await.unwrap();
    let calls = sendmail.wait_for(2, WAIT).await;
    assert_eq!(calls.len(), 2, "nothing was recorded while failing");
    assert_eq!(calls[1].1.subject, "recovered");
    assert_eq!(calls[1].1.seq, 2);

    // The recorder itself, given the environment instead of the wrapper.
    let out = std::process::Command::new(FakeSendmail::recorder())
        .envs(sendmail.env())
        .args(["-i", "--", "direct@example.org"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let calls = sendmail.wait_for(3, WAIT).await;
    assert_eq!(calls[2].0, ["-i", "--", "direct@example.org"]);
    assert_eq!(calls[2].1.rcpt_tos, ["direct@example.org"]);
}

#[test]
fn received_mail_parses_a_hand_written_message() {
    let raw = b"From: =?utf-8?q?J=C3=B6rg?= <joerg@example.org>\r\n\
To: a@example.org, Group: b@example.org, c@example.org;\r\n\
Subject: =?utf-8?b?R3LDvMOfZQ==?=\r\n =?utf-8?q?_aus_K=C3=B6ln?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
\r\n\
--outer\r\n\
Content-Type: multipart/alternative; boundary=inner\r\n\
\r\n\
--inner\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
R3LDvMOfZSBodHRwczovL3Zyb29tLnRlc3QvYQ==\r\n\
--inner\r\n\
Content-Type: text/html; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<p>Gr=FC=DFe</p>\r\n\
--inner--\r\n\
--outer\r\n\
Content-Type: text/plain\r\n\
Content-Disposition: attachment; filename=notes.txt\r\n\
\r\n\
not the body\r\n\
--outer--\r\n";
    let m = ReceivedMail::parse(raw.to_vec());
    assert_eq!(m.from, "Jörg <joerg@example.org>");
    assert_eq!(m.to, ["a@example.org", "b@example.org", "c@example.org"]);
    assert_eq!(m.subject, "Grüße aus Köln");
    assert_eq!(m.text.as_deref(), Some("Grüße https://vroom.test/a"));
    // The line break before a boundary belongs to the boundary.
    assert_eq!(m.html.as_deref(), Some("<p>Grüße</p>"));
    assert_eq!(m.links(), ["https://vroom.test/a"]);
    assert_eq!(m.header_all("content-type").len(), 1);
}
