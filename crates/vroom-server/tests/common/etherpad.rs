//! A real Etherpad-Lite (npm `ep_etherpad-lite`) for the tests: installed once under `target/etherpad` and
//! started once per test binary by `tests/support/etherpad/start-etherpad.sh` on a free port with a
//! random key, stopped when the binary exits. Where it cannot be installed (no Node.js, npm or registry),
//! [`instance`] says the test is skipped and gives `None`, unless `VROOM_TEST_REQUIRE_ETHERPAD` is set
//! (CI), when it fails. Also: raw API calls, and a relay that can play an Etherpad going away.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

const REQUIRE_ENV: &str = "VROOM_TEST_REQUIRE_ETHERPAD";

/// The running instance shared by every test of a test binary.
pub struct Instance {
    pub url: String,
    pub key: String,
}

/// The pid of the instance, killed when the test process exits (see `stop_at_exit`): a `static` is
/// never dropped, so a guard inside one would leave Etherpad running.
static PID: AtomicI32 = AtomicI32::new(0);
static DATA_DIR: OnceLock<PathBuf> = OnceLock::new();
static INSTANCE: OnceLock<Result<Instance, String>> = OnceLock::new();

/// Stops the instance when it goes: used by the exit hook, and by hand if a start half-succeeded.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let pid = PID.swap(0, Ordering::SeqCst);
        if pid <= 0 {
            return;
        }
        // SAFETY: plain syscalls on a pid this file started.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        // It exits in about 1.5 s; wait for it so that its data directory can go.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && unsafe { libc::kill(pid, 0) } == 0 {
            std::thread::sleep(Duration::from_millis(50));
        }
        if let Some(dir) = DATA_DIR.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

extern "C" fn stop_at_exit() {
    drop(Guard);
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("random bytes");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A port nobody listens on right now: bound, read, released.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn start() -> Result<Instance, String> {
    let started = Instant::now();
    let port = free_port();
    let key = random_hex(24);
    let install = workspace().join("target/etherpad");
    let data = install.join("instances").join(port.to_string());
    let _ = DATA_DIR.set(data.clone());
    let output = Command::new("bash")
        .arg(workspace().join("tests/support/etherpad/start-etherpad.sh"))
        .arg(&install)
        .arg(port.to_string())
        .arg(&key)
        .arg(&data)
        .output()
        .map_err(|e| format!("cannot run bash: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let tail = stderr.lines().rev().take(8).collect::<Vec<_>>();
    let tail = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
    match output.status.code() {
        Some(0) => {}
        Some(3) => return Err(tail),
        other => panic!("start-etherpad.sh failed ({other:?}):\n{stderr}"),
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("ETHERPAD_READY "))
        .unwrap_or_else(|| panic!("no ETHERPAD_READY line in {stdout:?}"));
    let mut words = line.split_whitespace().skip(1);
    let url = words.next().expect("url").to_owned();
    let pid: i32 = words
        .find_map(|w| w.strip_prefix("pid="))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no pid in {line:?}"));
    PID.store(pid, Ordering::SeqCst);
    // SAFETY: registers a plain function; the test harness exits through `exit`, which runs it.
    unsafe {
        libc::atexit(stop_at_exit);
    }
    eprintln!(
        "Etherpad at {url} (pid {pid}) ready after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(Instance { url, key })
}

/// The shared instance, or `None` after saying the test is skipped.
pub fn instance() -> Option<&'static Instance> {
    match INSTANCE.get_or_init(start) {
        Ok(instance) => Some(instance),
        Err(why) => {
            if std::env::var(REQUIRE_ENV).is_ok_and(|v| !v.is_empty() && v != "0") {
                panic!(
                    "Etherpad is required (${REQUIRE_ENV} is set) but could not be installed: {why}"
                );
            }
            eprintln!("skipped: Etherpad could not be installed: {why}");
            None
        }
    }
}

impl Instance {
    /// Calls the HTTP API (`method` with `params`) and returns Etherpad's whole reply.
    pub async fn api(&self, method: &str, params: &[(&str, &str)]) -> Value {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("apikey", &self.key);
        form.extend_pairs(params);
        let body = form.finish();
        reqwest::Client::new()
            .post(format!("{}/api/1.2.15/{method}", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("Etherpad answers")
            .json()
            .await
            .expect("Etherpad's JSON")
    }

    /// A pad's text, or None when Etherpad says it does not exist.
    pub async fn text(&self, pad: &str) -> Option<String> {
        let reply = self.api("getText", &[("padID", pad)]).await;
        match reply["code"].as_i64() {
            Some(0) => Some(
                reply["data"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            _ => None,
        }
    }

    /// Whether Etherpad knows this session.
    pub async fn session_exists(&self, session: &str) -> bool {
        self.api("getSessionInfo", &[("sessionID", session)]).await["code"] == 0
    }
}

/// A TCP relay in front of Etherpad that can be taken down (connections refused, open ones cut) and
/// brought back on the same port: an Etherpad that stops answering, then returns.
pub struct Relay {
    pub port: u16,
    up: Arc<AtomicBool>,
    stop: tokio::sync::watch::Sender<u64>,
    target: String,
}

impl Relay {
    pub async fn start(target_url: &str) -> Relay {
        let target = target_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let (stop, _) = tokio::sync::watch::channel(0);
        let mut relay = Relay {
            port: free_port(),
            up: Arc::new(AtomicBool::new(false)),
            stop,
            target,
        };
        relay.up().await;
        relay
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Listens again and relays.
    pub async fn up(&mut self) {
        if self.up.swap(true, Ordering::SeqCst) {
            return;
        }
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("the relay's port is free again");
        let target = self.target.clone();
        let mut stop = self.stop.subscribe();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((mut inbound, _)) = accepted else { continue };
                        let target = target.clone();
                        let mut stop = stop.clone();
                        tokio::spawn(async move {
                            let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else {
                                return;
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                _ = stop.changed() => {}
                            }
                        });
                    }
                    _ = stop.changed() => return,
                }
            }
        });
    }

    /// Stops listening and cuts every relayed connection: connecting is refused.
    pub fn down(&mut self) {
        if self.up.swap(false, Ordering::SeqCst) {
            self.stop.send_modify(|n| *n += 1);
        }
    }
}
