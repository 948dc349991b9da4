//! Real mail servers for the tests: an SMTP sink on loopback (`tests/support/smtp_sink.py`, on aiosmtpd) with
//! optional STARTTLS / SMTPS (a test CA made here with rcgen) and AUTH, and a sendmail look-alike that records
//! its arguments and the message (`tests/support/fake_sendmail`). What they received comes back parsed
//! (mailparse) as [`ReceivedMail`], with the transfer encodings and encoded words undone.
//!
//! The sink needs a Python with aiosmtpd: `$VROOM_TEST_PYTHON` (which `./scripts/test` sets to its venv), or
//! else `python3` if it can import aiosmtpd. Without one, [`SmtpSink::start`] says the test is skipped and
//! returns `None`, unless `VROOM_TEST_REQUIRE_MAIL` is set (CI), when it panics.
//!
//! Waiting is async (`wait_for(..).await`): a `#[tokio::test]` runs on one thread, and the server under test
//! must go on sending while the test waits.
#![allow(dead_code)]

use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mailparse::{DispositionType, MailAddr, MailHeaderMap, ParsedMail};
use tempfile::TempDir;

/// Set (to anything but "" or "0") where a missing SMTP sink must fail the tests instead of skipping them.
pub const REQUIRE_ENV: &str = "VROOM_TEST_REQUIRE_MAIL";
/// The Python interpreter that has aiosmtpd.
pub const PYTHON_ENV: &str = "VROOM_TEST_PYTHON";

const START_TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/support/<name>` in the repository.
pub fn support_file(name: &str) -> PathBuf {
    repo_root().join("tests/support").join(name)
}

fn mail_required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The interpreter that can run the sink, or why there is none (looked for once per test binary).
pub fn sink_python() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let (python, from_env) = match std::env::var_os(PYTHON_ENV) {
                Some(p) if !p.is_empty() => (PathBuf::from(p), true),
                _ => (PathBuf::from("python3"), false),
            };
            let probe = Command::new(&python)
                .args(["-c", "import aiosmtpd"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output();
            match probe {
                Ok(out) if out.status.success() => Ok(python),
                Ok(out) => Err(format!(
                    "{} cannot import aiosmtpd{}: {}",
                    python.display(),
                    if from_env {
                        format!(" (from ${PYTHON_ENV})")
                    } else {
                        String::new()
                    },
                    String::from_utf8_lossy(&out.stderr)
                        .trim()
                        .lines()
                        .last()
                        .unwrap_or_default()
                )),
                Err(e) => Err(format!("cannot run {}: {e}", python.display())),
            }
        })
        .clone()
}

/// Says why a mail test is skipped (straight to stderr, so it shows despite the test harness's capture),
/// or panics if mail tests are required here.
pub fn skip(why: &str) {
    if mail_required() {
        panic!("the mail test servers are required (${REQUIRE_ENV} is set) but unavailable: {why}");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: aiosmtpd not available (run ./scripts/test, which installs it): {why}"
    );
}

// ----------------------------------------------------------------------------------------------------------
// TLS

/// A test certificate authority, and a server certificate it signed for `localhost` and `127.0.0.1`.
#[derive(Clone, Debug)]
pub struct Tls {
    /// The CA certificate (PEM): what a client must trust.
    pub ca_pem: String,
    /// The server's certificate followed by the CA's (PEM).
    pub chain_pem: String,
    /// The server's private key (PEM, PKCS#8).
    pub key_pem: String,
}

impl Tls {
    pub fn generate() -> Tls {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
            KeyPair, KeyUsagePurpose,
        };
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "VROOM test CA");
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca, ca_key);

        let key = KeyPair::generate().expect("server key");
        let mut server =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .expect("server params");
        server
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let cert = server.signed_by(&key, &issuer).expect("server certificate");

        let ca_pem = ca_cert.pem();
        Tls {
            chain_pem: format!("{}{}", cert.pem(), ca_pem),
            ca_pem,
            key_pem: key.serialize_pem(),
        }
    }
}

// ----------------------------------------------------------------------------------------------------------
// The SMTP sink

/// How to start an [`SmtpSink`]. `Default` is plain SMTP, no AUTH, on a free port.
#[derive(Clone, Debug, Default)]
pub struct SinkOptions {
    /// Offer STARTTLS with this certificate (or, with `implicit_tls`, speak TLS from the start).
    pub tls: Option<Tls>,
    /// SMTPS: TLS from the first byte. Generates a [`Tls`] if `tls` is `None`.
    pub implicit_tls: bool,
    /// Require AUTH PLAIN / LOGIN with this user and password; refuse others with 535. With `tls`
    /// (STARTTLS), AUTH is only offered after STARTTLS.
    pub auth: Option<(String, String)>,
    /// Listen on this port instead of a free one.
    pub port: Option<u16>,
    /// Answer RCPT TO for these addresses with 550.
    pub reject_rcpt: Vec<String>,
}

impl SinkOptions {
    /// STARTTLS offered, with a freshly made certificate.
    pub fn starttls() -> SinkOptions {
        SinkOptions {
            tls: Some(Tls::generate()),
            ..SinkOptions::default()
        }
    }

    /// SMTPS (TLS from the start), with a freshly made certificate.
    pub fn implicit_tls() -> SinkOptions {
        SinkOptions {
            tls: Some(Tls::generate()),
            implicit_tls: true,
            ..SinkOptions::default()
        }
    }

    pub fn with_auth(mut self, user: &str, password: &str) -> SinkOptions {
        self.auth = Some((user.to_owned(), password.to_owned()));
        self
    }

    pub fn on_port(mut self, port: u16) -> SinkOptions {
        self.port = Some(port);
        self
    }

    pub fn rejecting(mut self, address: &str) -> SinkOptions {
        self.reject_rcpt.push(address.to_owned());
        self
    }
}

/// `tests/support/smtp_sink.py` running on 127.0.0.1. Stopped (killed) when dropped.
pub struct SmtpSink {
    pub host: String,
    pub port: u16,
    dir: TempDir,
    child: Option<Child>,
    python: PathBuf,
    args: Vec<OsString>,
    tls: Option<Tls>,
    implicit_tls: bool,
}

impl SmtpSink {
    /// Starts a sink; `None` if aiosmtpd is missing (after saying the test is skipped; panics instead
    /// when `VROOM_TEST_REQUIRE_MAIL` is set). Panics if the sink itself fails to start.
    pub fn start(options: SinkOptions) -> Option<SmtpSink> {
        let python = match sink_python() {
            Ok(python) => python,
            Err(why) => {
                skip(&why);
                return None;
            }
        };
        let dir = tempfile::Builder::new()
            .prefix("vroom-smtp-sink-")
            .tempdir()
            .expect("temp dir");
        let mail_dir = dir.path().join("mail");
        fs::create_dir(&mail_dir).expect("mail dir");

        let mut args: Vec<OsString> = vec![
            support_file("smtp_sink.py").into(),
            "--dir".into(),
            mail_dir.into(),
            "--host".into(),
            "127.0.0.1".into(),
        ];
        let tls = match (options.tls, options.implicit_tls) {
            (Some(tls), _) => Some(tls),
            (None, true) => Some(Tls::generate()),
            (None, false) => None,
        };
        if let Some(tls) = &tls {
            let cert = dir.path().join("cert.pem");
            let key = dir.path().join("key.pem");
            fs::write(&cert, &tls.chain_pem).expect("write cert.pem");
            fs::write(&key, &tls.key_pem).expect("write key.pem");
            args.extend([
                "--tls-cert".into(),
                cert.into(),
                "--tls-key".into(),
                key.into(),
            ]);
            if options.implicit_tls {
                args.push("--implicit-tls".into());
            }
        }
        if let Some((user, password)) = &options.auth {
            args.extend(["--auth".into(), format!("{user}:{password}").into()]);
        }
        for address in &options.reject_rcpt {
            args.extend(["--reject-rcpt".into(), address.into()]);
        }

        let mut sink = SmtpSink {
            host: "127.0.0.1".to_owned(),
            port: options.port.unwrap_or(0),
            dir,
            child: None,
            python,
            args,
            tls,
            implicit_tls: options.implicit_tls,
        };
        sink.spawn(sink.port).unwrap_or_else(|e| panic!("{e}"));
        Some(sink)
    }

    /// Runs the script on `port` (0: any) and waits for its `listening on` line.
    fn spawn(&mut self, port: u16) -> Result<(), String> {
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .map_err(|e| format!("sink log: {e}"))?;
        let mut child = Command::new(&self.python)
            .args(&self.args)
            .arg("--port")
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.python.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep the pipe open, and drained, for as long as the sink lives.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        // An empty line: it exited (EOF) or said nothing in time.
        let line = rx.recv_timeout(START_TIMEOUT).unwrap_or_default();
        let listening = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|addr| addr.rsplit_once(':'))
            .and_then(|(_, port)| port.parse::<u16>().ok());
        match listening {
            Some(actual) => {
                self.port = actual;
                self.child = Some(child);
                Ok(())
            }
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "the SMTP sink did not start (port {port}); it printed {line:?}; its log:\n{}",
                    self.log()
                ))
            }
        }
    }

    /// Stops the sink (SIGTERM, then SIGKILL after 5 s): connections to its port are refused from now on.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped yet.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    /// Starts the sink again on the same port, with the same options and directory: what it received
    /// before is still listed, and numbering goes on. Stops it first if it is running.
    pub fn restart(&mut self) {
        self.stop();
        let port = self.port;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.spawn(port) {
                Ok(()) => break,
                Err(e) if Instant::now() >= deadline => panic!("restarting the sink: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        assert_eq!(self.port, port, "the sink came back on another port");
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// `host:port`.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The CA certificate (PEM) a client must trust for this sink's TLS, if it has TLS.
    pub fn ca_pem(&self) -> Option<String> {
        self.tls.as_ref().map(|t| t.ca_pem.clone())
    }

    pub fn tls(&self) -> Option<&Tls> {
        self.tls.as_ref()
    }

    pub fn is_implicit_tls(&self) -> bool {
        self.implicit_tls
    }

    /// Where the messages are stored (`<seq>.eml` and `<seq>.json`).
    pub fn mail_dir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("sink.log")
    }

    /// What the sink wrote on stderr, over all its runs.
    pub fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Every message received so far, in order of arrival.
    pub fn received(&self) -> Vec<ReceivedMail> {
        numbered(&self.mail_dir(), "eml")
            .into_iter()
            .map(|(seq, eml)| {
                let raw = fs::read(&eml).expect("read .eml");
                let meta = fs::read(eml.with_extension("json")).expect("read .json");
                let meta: serde_json::Value = serde_json::from_slice(&meta).expect(".json is JSON");
                let mut mail = ReceivedMail::parse(raw);
                mail.mail_from = meta["mail_from"].as_str().unwrap_or_default().to_owned();
                mail.rcpt_tos = meta["rcpt_tos"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                mail.tls = meta["tls"].as_bool().unwrap_or(false);
                mail.auth_user = meta["auth_user"].as_str().map(str::to_owned);
                mail.seq = seq;
                mail
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived; returns all of them. Panics on timeout, with what did
    /// arrive and the sink's log.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the SMTP sink expected {n} message(s) within {timeout:?}, got {}:\n{}\nsink log:\n{}",
                    got.len(),
                    summary(&got),
                    self.log()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// [`wait_for`](Self::wait_for) for code outside a runtime (it blocks the thread).
    pub fn wait_for_blocking(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        block_on_sleeps(|| self.received(), n, timeout, || self.log())
    }

    /// Asserts that nothing more than `n` messages arrived during `during` (to check that nothing is sent).
    pub async fn assert_stays_at(&self, n: usize, during: Duration) {
        tokio::time::sleep(during).await;
        let got = self.received();
        assert_eq!(got.len(), n, "unexpected mail:\n{}", summary(&got));
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `<seq>.<ext>` files in `dir`, by number.
fn numbered(dir: &Path, ext: &str) -> Vec<(u64, PathBuf)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(u64, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            if path.extension()? != ext {
                return None;
            }
            let seq = path.file_stem()?.to_str()?.parse().ok()?;
            Some((seq, path))
        })
        .collect();
    found.sort();
    found
}

fn summary(mails: &[ReceivedMail]) -> String {
    mails
        .iter()
        .map(|m| {
            format!(
                "  #{} from {:?} to {:?}: {:?}",
                m.seq, m.mail_from, m.rcpt_tos, m.subject
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn block_on_sleeps<T>(
    get: impl Fn() -> Vec<T>,
    n: usize,
    timeout: Duration,
    log: impl Fn() -> String,
) -> Vec<T> {
    let deadline = Instant::now() + timeout;
    loop {
        let got = get();
        if got.len() >= n {
            return got;
        }
        if Instant::now() >= deadline {
            panic!(
                "expected {n} message(s) within {timeout:?}, got {}\n{}",
                got.len(),
                log()
            );
        }
        std::thread::sleep(POLL);
    }
}

// ----------------------------------------------------------------------------------------------------------
// Received messages

/// One message as a mail server got it: the envelope, the raw bytes, and the parsed message.
#[derive(Clone, Debug, Default)]
pub struct ReceivedMail {
    /// Its number in the sink's (or recorder's) directory, from 1.
    pub seq: u64,
    /// Envelope sender (SMTP `MAIL FROM`, sendmail `-f`).
    pub mail_from: String,
    /// Envelope recipients (SMTP `RCPT TO`, sendmail's address arguments).
    pub rcpt_tos: Vec<String>,
    /// Whether it came over TLS (STARTTLS or SMTPS).
    pub tls: bool,
    /// The user it authenticated as, if it did.
    pub auth_user: Option<String>,
    /// The message as received.
    pub raw: Vec<u8>,
    /// The `From` header, decoded (`Name <address>` as written).
    pub from: String,
    /// The addresses in `To` (bare addresses, no display names).
    pub to: Vec<String>,
    /// The `Subject` header, decoded.
    pub subject: String,
    /// The first text/plain part that is not an attachment, decoded, with `\n` line ends.
    pub text: Option<String>,
    /// The first text/html part that is not an attachment, decoded, with `\n` line ends.
    pub html: Option<String>,
    /// The top-level headers in order, values decoded (encoded words undone, folding removed).
    pub headers: Vec<(String, String)>,
}

impl ReceivedMail {
    /// Parses a raw message; the envelope fields stay empty.
    pub fn parse(raw: Vec<u8>) -> ReceivedMail {
        let mut mail = ReceivedMail::default();
        {
            let parsed = match mailparse::parse_mail(&raw) {
                Ok(parsed) => parsed,
                Err(e) => panic!(
                    "unparsable message ({e}):\n{}",
                    String::from_utf8_lossy(&raw)
                ),
            };
            mail.headers = parsed
                .headers
                .iter()
                .map(|h| (h.get_key(), h.get_value()))
                .collect();
            mail.subject = parsed
                .headers
                .get_first_value("Subject")
                .unwrap_or_default();
            mail.from = parsed.headers.get_first_value("From").unwrap_or_default();
            if let Some(to) = parsed.headers.get_first_header("To") {
                let list = mailparse::addrparse_header(to)
                    .unwrap_or_else(|e| panic!("bad To header {:?}: {e}", to.get_value()));
                for addr in list.iter() {
                    match addr {
                        MailAddr::Single(single) => mail.to.push(single.addr.clone()),
                        MailAddr::Group(group) => {
                            mail.to.extend(group.addrs.iter().map(|s| s.addr.clone()))
                        }
                    }
                }
            }
            collect_bodies(&parsed, &mut mail.text, &mut mail.html);
        }
        mail.raw = raw;
        mail
    }

    /// The first header of this name (case-insensitive), decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header of this name, decoded.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The http(s) links in the text part (or, without one, the HTML part), in order.
    pub fn links(&self) -> Vec<String> {
        links_in(self.text.as_deref().or(self.html.as_deref()).unwrap_or(""))
    }

    /// The raw message as text (lossy), for assertions and messages.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

fn collect_bodies(part: &ParsedMail<'_>, text: &mut Option<String>, html: &mut Option<String>) {
    if !part.subparts.is_empty() {
        for sub in &part.subparts {
            collect_bodies(sub, text, html);
        }
        return;
    }
    if part.get_content_disposition().disposition == DispositionType::Attachment {
        return;
    }
    let slot = match part.ctype.mimetype.to_ascii_lowercase().as_str() {
        "text/plain" => text,
        "text/html" => html,
        _ => return,
    };
    if slot.is_none() {
        let body = part
            .get_body()
            .unwrap_or_else(|e| panic!("undecodable {} part: {e}", part.ctype.mimetype));
        *slot = Some(body.replace("\r\n", "\n"));
    }
}

/// The http(s) URLs in `text`, in order; a URL ends at whitespace, a quote or `<>`, and trailing
/// punctuation (`.,;:!?)`) is not part of it.
pub fn links_in(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>'))
            .unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        links.push(link.replace("&amp;", "&"));
        rest = &tail[end..];
    }
    links
}

// ----------------------------------------------------------------------------------------------------------
// The sendmail recorder

/// A sendmail command that records its arguments and the message instead of sending.
///
/// `command` is a small wrapper script in the temporary directory that points `tests/support/fake_sendmail`
/// at this recorder's directory, so a transport running in-process needs no environment: give it `command`
/// as its sendmail program. (To run the recorder itself, give it [`env`](Self::env).)
pub struct FakeSendmail {
    pub command: PathBuf,
    dir: TempDir,
}

impl FakeSendmail {
    pub fn new() -> FakeSendmail {
        let dir = tempfile::Builder::new()
            .prefix("vroom-sendmail-")
            .tempdir()
            .expect("temp dir");
        let out = dir.path().join("out");
        fs::create_dir(&out).expect("out dir");
        let fail_flag = dir.path().join("fail");
        let command = dir.path().join("sendmail");
        let script = format!(
            "#!/bin/sh\n\
             # Generated by the tests: runs the sendmail recorder on this directory.\n\
             [ \"$1\" = --fake-sendmail-probe ] && exit 0\n\
             if [ -e {fail} ]; then FAKE_SENDMAIL_FAIL=1; export FAKE_SENDMAIL_FAIL; fi\n\
             FAKE_SENDMAIL_DIR={out}; export FAKE_SENDMAIL_DIR\n\
             exec {recorder} \"$@\"\n",
            fail = sh_quote(&fail_flag),
            out = sh_quote(&out),
            recorder = sh_quote(&Self::recorder()),
        );
        {
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o755)
                .open(&command)
                .expect("create the sendmail wrapper");
            file.write_all(script.as_bytes())
                .expect("write the sendmail wrapper");
        }
        // A process forked by another test thread while the file was open for writing may hold it for a
        // moment (until its exec), and running it meanwhile fails with ETXTBSY: run it once here, until that
        // passes, so that the transport under test never meets it.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match Command::new(&command).arg("--fake-sendmail-probe").status() {
                Ok(status) if status.success() => break,
                Ok(status) => panic!("the sendmail wrapper failed its probe: {status}"),
                Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(e) => panic!("cannot run the sendmail wrapper: {e}"),
            }
        }
        FakeSendmail { command, dir }
    }

    /// `tests/support/fake_sendmail`, the recorder itself (it needs [`env`](Self::env)).
    pub fn recorder() -> PathBuf {
        support_file("fake_sendmail")
    }

    /// The environment the recorder itself needs (the wrapper `command` sets it on its own).
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![(
            "FAKE_SENDMAIL_DIR".to_owned(),
            self.out_dir().display().to_string(),
        )];
        if self.is_failing() {
            env.push(("FAKE_SENDMAIL_FAIL".to_owned(), "1".to_owned()));
        }
        env
    }

    /// From now on, every call fails: nothing recorded, exit status 75 (EX_TEMPFAIL), a line on stderr.
    pub fn set_failing(&self, failing: bool) {
        let flag = self.dir.path().join("fail");
        if failing {
            fs::write(&flag, b"").expect("set the fail flag");
        } else if flag.exists() {
            fs::remove_file(&flag).expect("clear the fail flag");
        }
    }

    pub fn is_failing(&self) -> bool {
        self.dir.path().join("fail").exists()
    }

    /// Where the calls are recorded (`<seq>.args`, `<seq>.eml`).
    pub fn out_dir(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Every recorded call, in order: its arguments, and the message with the envelope taken from them
    /// (`-f` as `mail_from`, the addresses after `--` as `rcpt_tos`).
    pub fn received(&self) -> Vec<(Vec<String>, ReceivedMail)> {
        numbered(&self.out_dir(), "eml")
            .into_iter()
            .map(|(seq, eml)| {
                let mut raw = Vec::new();
                fs::File::open(&eml)
                    .and_then(|mut f| f.read_to_end(&mut raw))
                    .expect("read .eml");
                let args = fs::read(eml.with_extension("args")).expect("read .args");
                let args: Vec<String> =
                    serde_json::from_slice(&args).expect(".args is a JSON array");
                let mut mail = ReceivedMail::parse(raw);
                mail.seq = seq;
                let (from, to) = sendmail_envelope(&args);
                mail.mail_from = from;
                mail.rcpt_tos = to;
                (args, mail)
            })
            .collect()
    }

    /// Waits until at least `n` calls were recorded; returns all of them. Panics on timeout.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<(Vec<String>, ReceivedMail)> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            if Instant::now() >= deadline {
                let args: Vec<_> = got.iter().map(|(a, _)| a).collect();
                panic!(
                    "fake sendmail expected {n} call(s) within {timeout:?}, got {}: {args:?}",
                    got.len()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub fn wait_for_blocking(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Vec<(Vec<String>, ReceivedMail)> {
        block_on_sleeps(|| self.received(), n, timeout, String::new)
    }
}

impl Default for FakeSendmail {
    fn default() -> Self {
        Self::new()
    }
}

/// The envelope in sendmail arguments: `-f FROM` (or `-fFROM`), and the addresses after `--` (or, without
/// `--`, the arguments that are not options).
fn sendmail_envelope(args: &[String]) -> (String, Vec<String>) {
    let mut from = String::new();
    let mut to = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            to.extend(it.by_ref().cloned());
            break;
        } else if arg == "-f" || arg == "-r" {
            from = it.next().cloned().unwrap_or_default();
        } else if let Some(f) = arg.strip_prefix("-f").or_else(|| arg.strip_prefix("-r")) {
            from = f.to_owned();
        } else if !arg.starts_with('-') {
            to.push(arg.clone());
        }
    }
    (from, to)
}

fn sh_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
