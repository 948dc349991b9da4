//! `/metrics`, `/readyz` and `/healthz` as Prometheus and a load balancer see them: the real server,
//! real WebSocket participants, the exposition read back line by line.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{Client, TestServer};
use serde_json::{Value, json};
use sqlx::Connection;

/// One scrape: `name{labels}` → value, e.g. `vroom_http_requests_total{status="200"}`.
struct Scrape {
    samples: HashMap<String, f64>,
    help: HashMap<String, String>,
    kinds: HashMap<String, String>,
}

impl Scrape {
    /// A deliberately small reader of the text format: `# HELP`, `# TYPE`, and `series value` lines.
    fn parse(text: &str) -> Scrape {
        let mut scrape = Scrape {
            samples: HashMap::new(),
            help: HashMap::new(),
            kinds: HashMap::new(),
        };
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                let (name, help) = rest.split_once(' ').expect("HELP name text");
                scrape.help.insert(name.to_owned(), help.to_owned());
            } else if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
                scrape.kinds.insert(name.to_owned(), kind.to_owned());
            } else if !line.is_empty() {
                assert!(!line.starts_with('#'), "unexpected comment: {line}");
                let (series, value) = line.rsplit_once(' ').expect("series value");
                let value: f64 = value.parse().expect("a number");
                assert!(
                    scrape.samples.insert(series.to_owned(), value).is_none(),
                    "{series} twice"
                );
            }
        }
        scrape
    }

    fn get(&self, series: &str) -> f64 {
        *self
            .samples
            .get(series)
            .unwrap_or_else(|| panic!("no {series} in {:?}", self.samples.keys()))
    }

    fn or_zero(&self, series: &str) -> f64 {
        self.samples.get(series).copied().unwrap_or(0.0)
    }
}

async fn scrape_at(http: &reqwest::Client, url: &str) -> Scrape {
    let res = http.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    Scrape::parse(&res.text().await.unwrap())
}

fn open_metrics(s: &TestServer) -> String {
    let at = s
        .server
        .as_ref()
        .unwrap()
        .metrics_addr
        .expect("metrics.listen");
    format!("http://{at}/metrics")
}

async fn start_with_metrics_listener() -> TestServer {
    TestServer::start_with(|c| c.metrics.listen = "127.0.0.1:0".into()).await
}

/// Reads until `n` pongs came back (other messages, such as arrivals, are skipped).
async fn ping(client: &mut Client, n: usize) {
    for t in 0..n {
        client.send(json!({"type": "ping", "t": t})).await;
    }
    let mut pongs = 0;
    while pongs < n {
        if client.next().await["type"] == "pong" {
            pongs += 1;
        }
    }
}

#[tokio::test]
async fn metrics_count_rooms_people_connections_messages_and_answers() {
    let s = start_with_metrics_listener().await;
    let url = open_metrics(&s);
    let before = scrape_at(&s.http, &url).await;
    assert_eq!(before.kinds["vroom_signalling_messages_total"], "counter");
    assert_eq!(before.kinds["vroom_participants"], "gauge");
    assert_eq!(before.get("vroom_rooms"), 0.0);
    assert_eq!(before.get("vroom_participants"), 0.0);
    assert_eq!(before.get("vroom_websocket_connections"), 0.0);
    assert_eq!(before.get(r#"vroom_mail_queue{state="pending"}"#), 0.0);
    assert_eq!(before.get(r#"vroom_mail_queue{state="failed"}"#), 0.0);
    assert_eq!(before.get(r#"vroom_mail_queue{state="sent"}"#), 0.0);
    let version = format!(
        r#"vroom_build_info{{version="{}"}}"#,
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(before.get(&version), 1.0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let started = before.get("vroom_start_time_seconds");
    assert!(started <= now && started > now - 60.0, "{started} vs {now}");

    s.create_room("alpha").await;
    s.create_room("beta").await;
    s.create_room("gamma").await;
    for path in ["/healthz", "/api/rooms/alpha"] {
        let res = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    for path in ["/no/such/page", "/assets/no-such-file.js"] {
        let res = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let (mut a, _) = s.join("alpha", "A").await;
    let (mut b, _) = s.join("alpha", "B").await;
    let (mut c, _) = s.join("beta", "C").await;
    a.expect("participant_joined").await;
    // Connected, not joined: a WebSocket, but nobody in a room.
    let _lurker = s.connect().await;
    ping(&mut a, 3).await;

    let during = scrape_at(&s.http, &url).await;
    // Every family, with words for the operator (a label family appears with its first sample).
    for family in [
        "vroom_rooms",
        "vroom_rooms_live",
        "vroom_participants",
        "vroom_websocket_connections",
        "vroom_signalling_messages_total",
        "vroom_http_requests_total",
        "vroom_mail_queue",
        "vroom_build_info",
        "vroom_start_time_seconds",
    ] {
        assert!(
            during.help.get(family).is_some_and(|h| h.len() > 20),
            "{family} has no useful HELP"
        );
    }
    assert_eq!(during.kinds["vroom_http_requests_total"], "counter");
    assert_eq!(during.get("vroom_rooms"), 3.0);
    assert_eq!(during.get("vroom_rooms_live"), 2.0);
    assert_eq!(during.get("vroom_participants"), 3.0);
    assert_eq!(during.get("vroom_websocket_connections"), 4.0);
    let messages = |scrape: &Scrape, direction: &str| {
        scrape.get(&format!(
            r#"vroom_signalling_messages_total{{direction="{direction}"}}"#
        ))
    };
    // 3 joins and 3 pings in; 3 welcomes, 1 arrival told to A and 3 pongs out, at least.
    assert!(messages(&during, "in") >= 6.0);
    assert!(messages(&during, "out") >= 7.0);
    let answers = |scrape: &Scrape, status: u16| {
        scrape.or_zero(&format!(
            r#"vroom_http_requests_total{{status="{status}"}}"#
        ))
    };
    assert_eq!(answers(&during, 201), 3.0);
    assert_eq!(answers(&during, 200), 2.0);
    assert_eq!(answers(&during, 404), 2.0);
    assert_eq!(answers(&during, 101), 4.0);

    // A quiet room: exactly the frames sent and answered move the counters.
    ping(&mut b, 5).await;
    ping(&mut c, 2).await;
    let after = scrape_at(&s.http, &url).await;
    assert_eq!(messages(&after, "in") - messages(&during, "in"), 7.0);
    assert_eq!(messages(&after, "out") - messages(&during, "out"), 7.0);
    // Scrapes on the metrics address are not answers of the main address.
    assert_eq!(answers(&after, 200), 2.0);

    for client in [&mut a, &mut b, &mut c] {
        client.send(json!({"type": "leave"})).await;
        assert_eq!(client.closed().await, Some(1000));
    }
    let mut last = scrape_at(&s.http, &url).await;
    for _ in 0..50 {
        if last.get("vroom_participants") == 0.0 && last.get("vroom_websocket_connections") == 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = scrape_at(&s.http, &url).await;
    }
    assert_eq!(last.get("vroom_participants"), 0.0);
    assert_eq!(last.get("vroom_rooms_live"), 0.0);
    assert_eq!(last.get("vroom_websocket_connections"), 1.0);
    assert_eq!(last.get("vroom_rooms"), 3.0);
}

#[tokio::test]
async fn with_a_metrics_address_the_main_one_has_no_metrics() {
    let s = start_with_metrics_listener().await;
    let res = s
        .http
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let metrics = open_metrics(&s);
    let other = metrics.replace("/metrics", "/healthz");
    assert_eq!(s.http.get(&other).send().await.unwrap().status(), 404);
    scrape_at(&s.http, &metrics).await;

    let at = s.server.as_ref().unwrap().metrics_addr.unwrap();
    s.server.unwrap().shutdown().await;
    // The metrics address stops with the server.
    assert!(tokio::net::TcpStream::connect(at).await.is_err());
}

/// Logs in as a fresh administrator; returns the `name=value` of the admin cookie.
async fn admin_cookie(s: &TestServer) -> String {
    let hash = vroom_server::passwords::hash("a long admin password".into())
        .await
        .unwrap();
    let store = vroom_store::Store::connect(&s.db_url, 1).await.unwrap();
    store.admins().create("ops", &hash, 0).await.unwrap();
    store.close().await;
    let res = s
        .http
        .post(format!("{}/api/admin/login", s.base))
        .json(&json!({"username": "ops", "password": "a long admin password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next())
        .find(|pair| pair.starts_with("vroom_admin="))
        .expect("admin cookie")
        .to_owned()
}

#[tokio::test]
async fn without_a_metrics_address_metrics_are_for_administrators() {
    let s = TestServer::start().await;
    assert!(s.server.as_ref().unwrap().metrics_addr.is_none());
    let url = format!("{}/metrics", s.base);
    let res = s.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "admin_login_required");
    let res = s
        .http
        .get(&url)
        .header("cookie", "vroom_admin=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    let cookie = admin_cookie(&s).await;
    let res = s
        .http
        .get(&url)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let scrape = Scrape::parse(&res.text().await.unwrap());
    assert_eq!(scrape.get("vroom_rooms"), 0.0);
    // The two refusals and the login, counted; the scrape itself only once it is answered.
    assert_eq!(
        scrape.get(r#"vroom_http_requests_total{status="401"}"#),
        2.0
    );
    assert_eq!(
        scrape.get(r#"vroom_http_requests_total{status="200"}"#),
        1.0
    );
}

#[tokio::test]
async fn health_answers_are_not_cached_and_set_no_cookie() {
    let s = TestServer::start().await;
    for (path, status) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let res = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        assert!(res.headers().get("set-cookie").is_none(), "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], status, "{path}");
    }
}

/// The database stops answering in time: every connection of the pool (one here) waits on a lock
/// another process holds. `/readyz` says so within its 2 s deadline, a scrape fails with 503 rather
/// than hang or report made-up numbers, and both recover with the database.
#[tokio::test]
async fn readyz_and_metrics_say_so_while_the_database_does_not_answer() {
    let s = TestServer::start_with(|c| {
        c.database.max_connections = 1;
        c.metrics.listen = "127.0.0.1:0".into();
    })
    .await;
    let readyz = format!("{}/readyz", s.base);
    let metrics = open_metrics(&s);
    assert_eq!(s.http.get(&readyz).send().await.unwrap().status(), 200);

    let mut other = sqlx::SqliteConnection::connect(&s.db_url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    // A write that waits for the lock (up to SQLite's 5 s busy timeout), holding the only connection.
    let http = s.http.clone();
    let create = format!("{}/api/rooms", s.base);
    let stuck = tokio::spawn(async move {
        http.post(create)
            .json(&json!({"name": "stuck"}))
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    // Until that write holds the connection, the database still answers at once.
    let mut attempts = 0;
    let (ready, scrape, waited) = loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        let (ready, scrape) = tokio::join!(s.http.get(&readyz).send(), s.http.get(&metrics).send());
        let (ready, scrape) = (ready.unwrap(), scrape.unwrap());
        attempts += 1;
        if ready.status() != 200 || attempts == 20 {
            break (ready, scrape, started.elapsed());
        }
    };
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.headers()["cache-control"], "no-store");
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body, json!({"status": "not_ready", "reason": "database"}));
    assert_eq!(scrape.status(), 503);
    let text = scrape.text().await.unwrap();
    assert!(
        text.starts_with("metrics unavailable: the database"),
        "{text}"
    );
    assert!(waited < Duration::from_secs(4), "{waited:?}");
    // Liveness is another question: the process is fine, and says so at once.
    let started = std::time::Instant::now();
    let health = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(started.elapsed() < Duration::from_millis(500));

    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    assert_eq!(stuck.await.unwrap().unwrap(), 201);
    assert_eq!(s.http.get(&readyz).send().await.unwrap().status(), 200);
    assert_eq!(scrape_at(&s.http, &metrics).await.get("vroom_rooms"), 1.0);
}
