//! A real server on an ephemeral port, with a temporary SQLite database, and small clients for it.
#![allow(dead_code)]

pub mod admin;
pub mod etherpad;
pub mod scene;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};
use vroom_server::app::{self, Server};
use vroom_server::config::Config;

pub struct TestServer {
    pub server: Option<Server>,
    pub base: String,
    pub ws_url: String,
    pub http: reqwest::Client,
    pub db_url: String,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::default();
        config.server.listen = "127.0.0.1:0".parse().unwrap();
        config.database.url = format!("sqlite://{}/vroom.db", dir.path().display());
        config.admin.control_socket = format!("{}/control.sock", dir.path().display());
        config.debug.fault_injection = true;
        config.signalling.reconnect_grace = 2;
        adjust(&mut config);
        let db_url = config.database.url.clone();
        let server = app::start(config).await.expect("server starts");
        let base = format!("http://{}", server.addr);
        let ws_url = format!("ws://{}/ws", server.addr);
        TestServer {
            server: Some(server),
            base,
            ws_url,
            db_url,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            _dir: dir,
        }
    }

    pub async fn create_room(&self, name: &str) -> String {
        let res = self
            .http
            .post(format!("{}/api/rooms", self.base))
            .json(&json!({ "name": name }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "creating room {name}");
        let body: Value = res.json().await.unwrap();
        body["name"].as_str().unwrap().to_owned()
    }

    /// A and B in a fresh room `r`, with A's notice of B's arrival already read.
    pub async fn pair(&self) -> ((Client, Value), (Client, Value)) {
        self.create_room("r").await;
        let (mut a, wa) = self.join("r", "A").await;
        let b = self.join("r", "B").await;
        a.expect("participant_joined").await;
        ((a, wa), b)
    }

    pub async fn connect(&self) -> Client {
        Client::connect(&self.ws_url).await
    }

    /// Connects and joins `room` as `name`; returns the client and its welcome.
    pub async fn join(&self, room: &str, name: &str) -> (Client, Value) {
        let mut client = self.connect().await;
        client
            .send(json!({"type":"join","protocol":1,"room":room,"name":name}))
            .await;
        let welcome = client.expect("welcome").await;
        (client, welcome)
    }
}

pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    pub async fn connect(url: &str) -> Client {
        Self::connect_with_cookie(url, None).await
    }

    /// Connects carrying a session cookie (`name=value`), as a browser would.
    pub async fn connect_with_cookie(url: &str, cookie: Option<&str>) -> Client {
        let mut request = url.into_client_request().unwrap();
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("cookie", cookie.parse().expect("cookie header"));
        }
        let (ws, _) = connect_async(request).await.expect("websocket connects");
        Client { ws }
    }

    pub async fn send(&mut self, value: Value) {
        self.send_text(value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// The next JSON message, skipping pings; panics after 5 s.
    pub async fn next(&mut self) -> Value {
        self.try_next(Duration::from_secs(5))
            .await
            .expect("a message within 5 s")
    }

    pub async fn try_next(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .ok()??;
            match frame {
                Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
    }

    /// The next message, which must have this `type`.
    pub async fn expect(&mut self, kind: &str) -> Value {
        let msg = self.next().await;
        assert_eq!(msg["type"], kind, "expected {kind}, got {msg}");
        msg
    }

    /// Waits for the server to close; returns the close code.
    pub async fn closed(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("connection not closed within 5 s"),
                Ok(None) => return None,
                Ok(Some(Err(_))) => return None,
                Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|f| u16::from(f.code)),
                Ok(Some(Ok(_))) => continue,
            }
        }
    }
}

pub fn id_of(welcome: &Value) -> String {
    welcome["you"]["id"].as_str().unwrap().to_owned()
}

/// A `join` that takes back the place `welcome` gave, with its resume token.
pub fn resume_join(welcome: &Value) -> Value {
    json!({"type":"join","protocol":1,"room":welcome["room"],"name":welcome["you"]["name"],
        "resume":{"participant":id_of(welcome),"token":welcome["resume_token"]}})
}

/// A person with a browser: an HTTP client that keeps the session cookie the server sets, and sends it
/// on the WebSocket too.
pub struct User {
    pub base: String,
    pub ws_url: String,
    pub http: reqwest::Client,
    pub cookie: std::sync::Mutex<Option<String>>,
}

impl User {
    pub fn new(s: &TestServer) -> User {
        User {
            base: s.base.clone(),
            ws_url: s.ws_url.clone(),
            http: s.http.clone(),
            cookie: std::sync::Mutex::new(None),
        }
    }

    pub fn cookie(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    /// Sends a request with the cookie; keeps a new cookie; returns status and JSON body (Null if none).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = self.cookie() {
            req = req.header("cookie", cookie);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("request");
        self.keep_cookie(res.headers());
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub fn keep_cookie(&self, headers: &reqwest::header::HeaderMap) {
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            if let Some(pair) = text.split(';').next()
                && (pair.starts_with("vroom_session=") || pair.starts_with("__Host-vroom_session="))
            {
                *self.cookie.lock().unwrap() = Some(pair.to_owned());
            }
        }
    }

    pub async fn create(&self, room: &str) -> (u16, Value) {
        self.call(
            reqwest::Method::POST,
            "/api/rooms",
            Some(json!({ "name": room })),
        )
        .await
    }

    pub async fn status(&self, room: &str) -> Value {
        self.call(reqwest::Method::GET, &format!("/api/rooms/{room}"), None)
            .await
            .1
    }

    pub async fn auth(&self, room: &str, password: &str) -> (u16, Value) {
        self.call(
            reqwest::Method::POST,
            &format!("/api/rooms/{room}/auth"),
            Some(json!({ "password": password })),
        )
        .await
    }

    pub async fn patch(&self, room: &str, body: Value) -> (u16, Value) {
        self.call(
            reqwest::Method::PATCH,
            &format!("/api/rooms/{room}"),
            Some(body),
        )
        .await
    }

    /// Opens the room page (which gives a session cookie, as a browser's first visit does).
    pub async fn visit(&self, room: &str) -> u16 {
        self.call(reqwest::Method::GET, &format!("/{room}"), None)
            .await
            .0
    }

    pub async fn connect(&self) -> Client {
        Client::connect_with_cookie(&self.ws_url, self.cookie().as_deref()).await
    }

    /// Sends `join`; returns the client and the first answer (a welcome or an error).
    pub async fn try_join(&self, room: &str, name: &str) -> (Client, Value) {
        let mut client = self.connect().await;
        client
            .send(json!({"type":"join","protocol":1,"room":room,"name":name}))
            .await;
        let first = client.next().await;
        (client, first)
    }

    pub async fn join(&self, room: &str, name: &str) -> (Client, Value) {
        let (client, first) = self.try_join(room, name).await;
        assert_eq!(first["type"], "welcome", "join {room} as {name}: {first}");
        (client, first)
    }
}

/// Reads the audit table of a test server's SQLite database.
pub async fn audit_entries(s: &TestServer) -> Vec<vroom_store::AuditRecord> {
    let store = vroom_store::Store::connect(&s.db_url, 1)
        .await
        .expect("store");
    let rows = store
        .audit()
        .list(0, i64::MAX, 10_000)
        .await
        .expect("audit");
    store.close().await;
    rows
}

/// A private database on the server named by an environment variable, for server tests on every
/// backend: a new schema on PostgreSQL (`VROOM_TEST_POSTGRES_URL`), a new database on MariaDB/MySQL
/// (`VROOM_TEST_MYSQL_URL`). None (with a "skipped" line) when the variable is unset.
pub struct FreshDb {
    pub url: String,
    admin_url: String,
    drop_sql: String,
}

impl FreshDb {
    pub async fn create(var: &str) -> Option<FreshDb> {
        use sqlx::{AssertSqlSafe, Connection};
        let Ok(admin_url) = std::env::var(var) else {
            println!("skipped: {var} is not set");
            return None;
        };
        let suffix = format!(
            "{:x}{:x}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let name = format!("vroom_srv_{suffix}");
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        if admin_url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("postgres");
            sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA {name}")))
                .execute(&mut c)
                .await
                .expect("create schema");
            Some(FreshDb {
                url: format!("{admin_url}{sep}options=-c%20search_path%3D{name}"),
                drop_sql: format!("DROP SCHEMA {name} CASCADE"),
                admin_url,
            })
        } else {
            let mut c = sqlx::MySqlConnection::connect(&admin_url)
                .await
                .expect("mysql");
            sqlx::raw_sql(AssertSqlSafe(format!(
                "CREATE DATABASE {name} CHARACTER SET utf8mb4"
            )))
            .execute(&mut c)
            .await
            .expect("create database");
            let (base, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
            let after_scheme = base.find("://").map_or(0, |i| i + 3);
            let end = base[after_scheme..]
                .find('/')
                .map_or(base.len(), |i| after_scheme + i);
            let mut url = format!("{}/{name}", &base[..end]);
            if !query.is_empty() {
                url.push('?');
                url.push_str(query);
            }
            Some(FreshDb {
                url,
                drop_sql: format!("DROP DATABASE {name}"),
                admin_url,
            })
        }
    }

    pub async fn drop(self) {
        use sqlx::{AssertSqlSafe, Connection};
        let sql = AssertSqlSafe(self.drop_sql);
        if self.admin_url.starts_with("postgres") {
            if let Ok(mut c) = sqlx::PgConnection::connect(&self.admin_url).await {
                let _ = sqlx::raw_sql(sql).execute(&mut c).await;
            }
        } else if let Ok(mut c) = sqlx::MySqlConnection::connect(&self.admin_url).await {
            let _ = sqlx::raw_sql(sql).execute(&mut c).await;
        }
    }
}
