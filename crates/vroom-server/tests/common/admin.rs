//! An administrator for tests: an account made straight in the store, and a client that logs in and
//! keeps the admin cookie.

use serde_json::{Value, json};

use super::TestServer;

pub const PASSWORD: &str = "a long admin password";

/// Creates the account `name` (password [`PASSWORD`]) in the test server's database.
pub async fn add_account(s: &TestServer, name: &str) {
    let hash = vroom_server::passwords::hash(PASSWORD.into())
        .await
        .expect("hash");
    let store = vroom_store::Store::connect(&s.db_url, 1)
        .await
        .expect("store");
    store
        .admins()
        .create(name, &hash, 0)
        .await
        .expect("admin account");
    store.close().await;
}

pub struct AdminClient {
    pub base: String,
    pub http: reqwest::Client,
    /// `vroom_admin=<secret>`, once logged in.
    pub cookie: Option<String>,
}

impl AdminClient {
    pub fn new(s: &TestServer) -> AdminClient {
        AdminClient {
            base: s.base.clone(),
            http: s.http.clone(),
            cookie: None,
        }
    }

    /// A new account `name`, logged in.
    pub async fn logged_in(s: &TestServer, name: &str) -> AdminClient {
        add_account(s, name).await;
        let mut admin = AdminClient::new(s);
        let (status, body) = admin.login(name, PASSWORD).await;
        assert_eq!(status, 200, "{body}");
        admin
    }

    /// Logs in (keeping the cookie on success); returns the status and body.
    pub async fn login(&mut self, name: &str, password: &str) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}/api/admin/login", self.base))
            .json(&json!({"username": name, "password": password}))
            .send()
            .await
            .expect("login request");
        let status = res.status().as_u16();
        if let Some(pair) = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next())
            .find(|pair| pair.starts_with("vroom_admin="))
        {
            self.cookie = Some(pair.to_owned());
        }
        let body = res.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            req = req.header("cookie", cookie);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(json!({})))
            .await
    }
}
