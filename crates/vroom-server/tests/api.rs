//! The HTTP surface: JSON API, pages, assets and security headers.

mod common;

use common::TestServer;
use serde_json::{Value, json};

/// POSTs `body` as it is, with `content_type`, to /api/rooms.
async fn post_raw(s: &TestServer, content_type: &str, body: String) -> (u16, Value) {
    let res = s
        .http
        .post(format!("{}/api/rooms", s.base))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(s: &TestServer, body: Value) -> (u16, Value) {
    let res = s
        .http
        .post(format!("{}/api/rooms", s.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn rooms_are_created_by_name_or_at_random() {
    let s = TestServer::start().await;
    let (status, body) = post(&s, json!({"name":"Team-Sync"})).await;
    assert_eq!(status, 201);
    assert_eq!(body["name"], "team-sync");
    assert_eq!(body["url"], format!("{}/team-sync", s.base));

    let (status, body) = post(&s, json!({"name":"TEAM-sync"})).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"], "room_exists");
    assert!(body["message"].as_str().unwrap().contains("team-sync"));

    for body in [json!({}), json!({"name":""}), json!({"name":null})] {
        let (status, created) = post(&s, body).await;
        assert_eq!(status, 201);
        let name = created["name"].as_str().unwrap();
        assert_eq!(name.len(), 14, "{name}");
    }
}

#[tokio::test]
async fn invalid_requests_get_json_errors() {
    let s = TestServer::start().await;
    for name in ["a b", "api", "ASSETS", "x".repeat(50).as_str(), "é"] {
        let (status, body) = post(&s, json!({ "name": name })).await;
        assert_eq!(status, 400, "{name}");
        assert_eq!(body["error"], "invalid_room_name");
    }
    let (status, body) = post(&s, json!({"name":"ok","admin":true})).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_body");
    let (status, body) = post(&s, json!({"name": 5})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_body"))
    );

    let (status, body) = post_raw(&s, "text/plain", "name=x".into()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (415, Some("unsupported_media_type"))
    );

    let (status, body) = post_raw(&s, "application/json", "{\"name\":".into()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_body"))
    );

    let (status, body) = post_raw(
        &s,
        "application/json",
        format!("{{\"name\":\"{}\"}}", "x".repeat(20_000)),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (413, Some("body_too_large"))
    );

    let res = s
        .http
        .get(format!("{}/api/nothing", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "not_found");
}

#[tokio::test]
async fn room_status_tells_whether_it_exists() {
    let s = TestServer::start().await;
    let get = |name: &str| {
        let url = format!("{}/api/rooms/{name}", s.base);
        let http = s.http.clone();
        async move {
            let res = http.get(url).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = get("later").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
            "name": "later", "exists": false, "participants": 0, "full": false, "role": null,
            "password_required": false, "banned_seconds": 0, "settings": null,
            "max_members_limit": 25, "invited": false, "mail": false, "notes": "off"
        })
    );
    s.create_room("later").await;
    let (_, body) = get("Later").await;
    assert_eq!(body["exists"], true);
    assert_eq!(body["name"], "later");
    let (status, body) = get("no%20way").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_room_name");
}

#[tokio::test]
async fn cross_site_mutations_are_refused() {
    let s = TestServer::start().await;
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "null"),
    ] {
        let res = s
            .http
            .post(format!("{}/api/rooms", s.base))
            .header(header, value)
            .json(&json!({"name":"x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{header}: {value}");
        assert_eq!(res.json::<Value>().await.unwrap()["error"], "cross_origin");
    }
    let res = s
        .http
        .post(format!("{}/api/rooms", s.base))
        .header("origin", s.base.clone())
        .json(&json!({"name":"x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn room_creation_is_rate_limited_per_address() {
    let s = TestServer::start_with(|c| c.limits.room_creations_per_minute = 2).await;
    assert_eq!(post(&s, json!({})).await.0, 201);
    assert_eq!(post(&s, json!({})).await.0, 201);
    let res = s
        .http
        .post(format!("{}/api/rooms", s.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "rate_limited");
}

#[tokio::test]
async fn pages_render_with_security_headers() {
    let s = TestServer::start().await;
    let res = s.http.get(&s.base).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=(self)")
    );
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>"), "no inline scripts");
    assert!(
        html.contains("maxlength=\"49\""),
        "the room-name limit comes from vroom-core"
    );

    s.create_room("daily").await;
    let res = s
        .http
        .get(format!("{}/daily", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("daily"));

    let res = s
        .http
        .get(format!("{}/Daily", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/daily");

    // An unknown room's page offers to create it.
    let res = s
        .http
        .get(format!("{}/not-yet", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("not-yet"));
    assert!(html.contains("data-exists=\"false\""));

    let res = s
        .http
        .get(format!("{}/goodbye/daily", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = s.http.get(format!("{}/ws", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "websocket_required"
    );
    let res = s
        .http
        .get(format!("{}/goodbye/%FF", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for path in ["/no.such.page", "/a/b/c", "/%FF"] {
        let res = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
    let res = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn assets_are_served_with_types_and_etags() {
    let s = TestServer::start().await;
    let url = format!("{}/assets/css/app.css", s.base);
    let res = s.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    let etag = res.headers()["etag"].clone();
    let res = s
        .http
        .get(&url)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    let res = s
        .http
        .get(format!("{}/assets/ui/room.js", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let res = s
        .http
        .get(format!("{}/assets/../Cargo.toml", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
