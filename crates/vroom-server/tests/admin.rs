//! The admin area's access rules and its room operations, against the real server: nothing without a
//! login, logins rate limited, sessions that expire and end; single sign-on only from the configured
//! proxy; rooms listed, changed, joined, ended and deleted, with the people in them disconnected.

mod common;

use std::time::Duration;

use common::admin::{AdminClient, PASSWORD, add_account};
use common::{TestServer, User, id_of};
use reqwest::Method;
use serde_json::{Value, json};

/// Every admin API call, with a body where it takes one.
fn api_calls() -> Vec<(Method, &'static str)> {
    vec![
        (Method::GET, "/api/admin/me"),
        (Method::GET, "/api/admin/stats"),
        (Method::GET, "/api/admin/rooms"),
        (Method::GET, "/api/admin/rooms/alpha"),
        (Method::PATCH, "/api/admin/rooms/alpha"),
        (Method::DELETE, "/api/admin/rooms/alpha"),
        (Method::POST, "/api/admin/rooms/alpha/join"),
        (Method::POST, "/api/admin/rooms/alpha/end"),
        (Method::GET, "/api/admin/audit"),
        (Method::GET, "/api/admin/audit/export.xlsx"),
        (Method::GET, "/api/admin/audit/export.csv"),
        (Method::GET, "/metrics"),
    ]
}

const PAGES: [&str; 5] = [
    "/admin",
    "/admin/rooms",
    "/admin/rooms/alpha",
    "/admin/audit",
    "/admin/audit?from=0&event=joined",
];

#[tokio::test]
async fn every_admin_route_is_refused_without_a_login() {
    let s = TestServer::start().await;
    s.create_room("alpha").await;
    let nobody = AdminClient::new(&s);
    for (method, path) in api_calls() {
        let (status, body) = nobody
            .call(method.clone(), path, Some(json!({"locked": true})))
            .await;
        assert_eq!(status, 401, "{method} {path}: {body}");
        assert_eq!(body["error"], "admin_login_required", "{method} {path}");
    }
    for page in PAGES {
        let res = s
            .http
            .get(format!("{}{page}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{page}");
        let to = res.headers()["location"].to_str().unwrap();
        assert!(
            to.starts_with("/admin/login?next=%2Fadmin"),
            "{page} → {to}"
        );
    }
    // A meeting session is not an admin session, even a chairman's.
    let ana = User::new(&s);
    ana.create("beta").await;
    let mut req = s.http.get(format!("{}/api/admin/rooms", s.base));
    req = req.header("cookie", ana.cookie().unwrap());
    assert_eq!(req.send().await.unwrap().status(), 401);
    // Nothing was deleted or ended by the refused calls.
    assert_eq!(ana.status("alpha").await["exists"], true);
}

#[tokio::test]
async fn a_login_opens_every_route_and_a_logout_closes_them() {
    let s = TestServer::start().await;
    s.create_room("alpha").await;
    let mut admin = AdminClient::logged_in(&s, "ops").await;
    let (status, me) = admin.get("/api/admin/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "ops");
    assert_eq!(me["via"]["kind"], "session");
    for (method, path) in api_calls() {
        if method == Method::DELETE || path.ends_with("/end") || path.ends_with("/join") {
            continue; // acted on below
        }
        let body = (method == Method::PATCH).then(|| json!({"require_name": true}));
        let res = admin.call(method.clone(), path, body).await;
        assert_eq!(res.0, 200, "{method} {path}: {}", res.1);
    }
    for page in PAGES {
        let res = s
            .http
            .get(format!("{}{page}", s.base))
            .header("cookie", admin.cookie.clone().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{page}");
    }
    let (status, _) = admin.post("/api/admin/logout").await;
    assert_eq!(status, 204);
    assert_eq!(admin.get("/api/admin/me").await.0, 401);
    // Logging out again is not an error.
    assert_eq!(admin.post("/api/admin/logout").await.0, 204);
    // Names are not case-sensitive.
    let (status, _) = admin.login("OPS", PASSWORD).await;
    assert_eq!(status, 200);
    admin.post("/api/admin/logout").await;
    // A wrong password or an unknown name: the same refusal.
    let (status, wrong) = admin.login("ops", "not the password").await;
    assert_eq!(status, 401);
    assert_eq!(wrong["error"], "bad_credentials");
    let (status, unknown) = admin.login("nobody", PASSWORD).await;
    assert_eq!(status, 401);
    assert_eq!(unknown["message"], wrong["message"]);
    // The audit has the login, the failures and the logout, and never a password.
    let entries = common::audit_entries(&s).await;
    let events: Vec<&str> = entries.iter().map(|e| e.event.as_str()).collect();
    for event in ["admin_login", "admin_logout", "admin_login_failed"] {
        assert!(events.contains(&event), "{event} in {events:?}");
    }
    assert!(entries.iter().all(|e| !e.message.contains(PASSWORD)));
    // A name that is no account is not recorded (it may be a password typed in the wrong field).
    assert!(entries.iter().all(|e| !e.message.contains("nobody")));
}

#[tokio::test]
async fn logins_are_rate_limited_per_address_and_per_account() {
    let s = TestServer::start_with(|c| {
        c.admin.login_attempts_per_minute = 3;
        c.admin.login_attempts_per_account_per_minute = 2;
    })
    .await;
    add_account(&s, "ops").await;
    let mut admin = AdminClient::new(&s);
    // Per account: the third try on "ops" is refused, even with the right password.
    assert_eq!(admin.login("ops", "wrong password 1").await.0, 401);
    assert_eq!(admin.login("ops", "wrong password 2").await.0, 401);
    let (status, body) = admin.login("ops", PASSWORD).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "too_many_attempts");
    assert!(admin.cookie.is_none());
    // Per address: another name is refused too once the address has used its three.
    let (status, _) = admin.login("someone", "wrong password").await;
    assert_eq!(status, 429);
    let res = s
        .http
        .post(format!("{}/api/admin/login", s.base))
        .json(&json!({"username": "other", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}

/// Runs SQL on the test server's database.
async fn sql(s: &TestServer, statement: String) {
    use sqlx::Connection;
    let mut db = sqlx::SqliteConnection::connect(&s.db_url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
}

#[tokio::test]
async fn sessions_expire_at_their_end_and_when_idle() {
    let s = TestServer::start().await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    assert_eq!(admin.get("/api/admin/me").await.0, 200);
    // Past its end (admin.session_lifetime after the login).
    sql(&s, "UPDATE admin_sessions SET expires_at = 1000".into()).await;
    assert_eq!(admin.get("/api/admin/me").await.0, 401);

    let admin = AdminClient::logged_in(&s, "ana").await;
    assert_eq!(admin.get("/api/admin/me").await.0, 200);
    // Unused for longer than admin.session_idle (an hour by default).
    let long_ago = vroom_server::clock::unix_now_i64() - 3601;
    sql(
        &s,
        format!("UPDATE admin_sessions SET last_seen = {long_ago}"),
    )
    .await;
    assert_eq!(admin.get("/api/admin/me").await.0, 401);

    // A session in use is kept alive: seen 30 minutes ago, it is still good, and seen again now.
    let admin = AdminClient::logged_in(&s, "bob").await;
    let half_hour_ago = vroom_server::clock::unix_now_i64() - 1800;
    sql(
        &s,
        format!("UPDATE admin_sessions SET last_seen = {half_hour_ago}"),
    )
    .await;
    assert_eq!(admin.get("/api/admin/me").await.0, 200);
    assert_eq!(admin.get("/api/admin/stats").await.0, 200);
}

#[tokio::test]
async fn single_sign_on_is_believed_only_from_the_configured_proxy() {
    let trusting = TestServer::start_with(|c| {
        c.admin.identity_header = "X-Forwarded-User".into();
        c.admin.identity_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    add_account(&trusting, "ops").await;
    let get = |s: &TestServer, user: &str| {
        s.http
            .get(format!("{}/api/admin/me", s.base))
            .header("x-forwarded-user", user)
            .send()
    };
    let res = get(&trusting, "ops").await.unwrap();
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["via"]["kind"], "proxy");
    // Names are compared in lower case.
    assert_eq!(get(&trusting, "OPS").await.unwrap().status(), 200);
    // Two values (a proxy that appends to what the client sent) vouch for nobody.
    let res = trusting
        .http
        .get(format!("{}/api/admin/me", trusting.base))
        .header("x-forwarded-user", "mallory")
        .header("x-forwarded-user", "ops")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Outside the admin area's paths the header means nothing (a proxy may let it through there).
    let res = trusting
        .http
        .get(format!("{}/metrics", trusting.base))
        .header("x-forwarded-user", "ops")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // An account for single sign-on only has no password that works.
    let store = vroom_store::Store::connect(&trusting.db_url, 1)
        .await
        .unwrap();
    store
        .admins()
        .create("sso", vroom_server::admin::accounts_cli::NO_PASSWORD, 0)
        .await
        .unwrap();
    store.close().await;
    let mut client = AdminClient::new(&trusting);
    assert_eq!(client.login("sso", "!single-sign-on-only").await.0, 401);
    assert_eq!(get(&trusting, "sso").await.unwrap().status(), 200);
    // The proxy vouches for someone who is not an administrator here.
    let res = get(&trusting, "mallory").await.unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "not_an_admin");

    // The same header from an address that is not the proxy means nothing.
    let other = TestServer::start_with(|c| {
        c.admin.identity_header = "X-Forwarded-User".into();
        c.admin.identity_proxies = vec!["10.9.9.9".parse().unwrap()];
    })
    .await;
    add_account(&other, "ops").await;
    assert_eq!(get(&other, "ops").await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_login_page_sends_back_only_into_the_admin_area() {
    let s = TestServer::start().await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    for (next, to) in [
        ("%2Fadmin%2Faudit", "/admin/audit"),
        ("https%3A%2F%2Fevil.example%2F", "/admin"),
        ("%2F%2Fevil.example", "/admin"),
    ] {
        let res = s
            .http
            .get(format!("{}/admin/login?next={next}", s.base))
            .header("cookie", admin.cookie.clone().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{next}");
        assert_eq!(res.headers()["location"], to, "{next}");
    }
}

/// Waits for a message of `kind`, skipping others (presence, notices).
async fn until(client: &mut common::Client, kind: &str) -> Value {
    loop {
        let msg = client.next().await;
        if msg["type"] == kind {
            return msg;
        }
    }
}

#[tokio::test]
async fn ending_a_meeting_tells_and_disconnects_everyone_and_the_room_stays() {
    let s = TestServer::start().await;
    let ana = User::new(&s);
    ana.create("alpha").await;
    let bob = User::new(&s);
    bob.visit("alpha").await;
    let (mut a, _) = ana.join("alpha", "Ana").await;
    let (mut b, _) = bob.join("alpha", "Bob").await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    let (_, view) = admin.get("/api/admin/rooms/alpha").await;
    let names: Vec<&str> = view["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ana", "Bob"]);
    assert_eq!(view["participants"][0]["role"], "chairman");
    assert_eq!(view["participants"][0]["ip"], "127.0.0.1");

    let (status, done) = admin.post("/api/admin/rooms/alpha/end").await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["disconnected"], 2);
    for client in [&mut a, &mut b] {
        let ended = until(client, "ended").await;
        assert_eq!(ended["reason"], "ended");
        assert_eq!(client.closed().await, Some(4410));
    }
    let (_, view) = admin.get("/api/admin/rooms/alpha").await;
    assert_eq!(view["participants"], json!([]));
    // The room is still there, and people may come back.
    assert_eq!(ana.status("alpha").await["exists"], true);
    let (_, again) = ana.join("alpha", "Ana").await;
    assert_eq!(again["type"], "welcome");
    let entries = common::audit_entries(&s).await;
    assert!(
        entries
            .iter()
            .any(|e| e.event == "meeting_ended" && e.user_ref.as_deref() == Some("admin:ops"))
    );
}

#[tokio::test]
async fn deleting_a_room_disconnects_everyone_and_nobody_gets_back_in() {
    let s = TestServer::start().await;
    let ana = User::new(&s);
    ana.create("alpha").await;
    let (mut a, _) = ana.join("alpha", "Ana").await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    let (status, done) = admin
        .call(Method::DELETE, "/api/admin/rooms/alpha", None)
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["disconnected"], 1);
    assert_eq!(until(&mut a, "ended").await["reason"], "deleted");
    assert_eq!(a.closed().await, Some(4410));
    assert_eq!(ana.status("alpha").await["exists"], false);
    let (_, refused) = ana.try_join("alpha", "Ana").await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(admin.get("/api/admin/rooms/alpha").await.0, 404);
    let (status, missing) = admin
        .call(Method::DELETE, "/api/admin/rooms/alpha", None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"], "room_not_found");
}

#[tokio::test]
async fn an_admin_sets_every_setting_a_chairman_cannot_set_persistent() {
    let s = TestServer::start().await;
    let ana = User::new(&s);
    ana.create("alpha").await;
    let (status, _) = ana
        .patch("alpha", json!({"owner_password": "the owner's secret"}))
        .await;
    assert_eq!(status, 200);
    let (status, refused) = ana.patch("alpha", json!({"persistent": true})).await;
    assert_eq!(status, 403);
    assert_eq!(refused["error"], "admin_only");
    assert_eq!(refused["field"], "persistent");
    let (mut a, _) = ana.join("alpha", "Ana").await;

    let admin = AdminClient::logged_in(&s, "ops").await;
    let (status, saved) = admin
        .call(
            Method::PATCH,
            "/api/admin/rooms/alpha",
            Some(json!({
                "persistent": true,
                "locked": true,
                "max_members": 5,
                "owner_password": null,
                "join_password": "letmein",
                "notify": ["ops@example.org"],
            })),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["persistent"], true);
    assert_eq!(saved["settings"]["locked"], true);
    assert_eq!(saved["settings"]["owner_password"], false);
    // The room hears of it.
    let changed = until(&mut a, "room_settings").await;
    assert!(
        changed["by"].is_null(),
        "an administrator is nobody in the room"
    );
    assert_eq!(changed["settings"]["locked"], true);
    let (_, view) = admin.get("/api/admin/rooms/alpha").await;
    assert_eq!(view["room"]["persistent"], true);
    assert_eq!(view["room"]["reserved"], false);
    assert_eq!(view["room"]["member_limit"], 5);
    assert_eq!(view["room"]["notify"], json!(["ops@example.org"]));
    // A bad value names its field, and nothing changes.
    let (status, bad) = admin
        .call(
            Method::PATCH,
            "/api/admin/rooms/alpha",
            Some(json!({"max_members": 100000, "persistent": false})),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(bad["field"], "max_members");
    assert_eq!(
        admin.get("/api/admin/rooms/alpha").await.1["room"]["persistent"],
        true
    );
}

#[tokio::test]
async fn an_admin_joins_a_locked_room_as_its_chairman() {
    let s = TestServer::start().await;
    let ana = User::new(&s);
    ana.create("alpha").await;
    ana.patch("alpha", json!({"locked": true})).await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    // The admin's browser: its admin cookie, and the meeting session the join gives it.
    let browser = User::new(&s);
    *browser.cookie.lock().unwrap() = admin.cookie.clone();
    let (status, joining) = browser
        .call(Method::POST, "/api/admin/rooms/alpha/join", Some(json!({})))
        .await;
    assert_eq!(status, 200, "{joining}");
    assert_eq!(joining["url"], "/alpha");
    let session = browser.cookie().unwrap();
    assert!(session.starts_with("vroom_session="), "{session}");
    assert_eq!(browser.status("alpha").await["role"], "chairman");
    let (_, welcome) = browser.join("alpha", "Ops").await;
    assert_eq!(welcome["you"]["role"], "chairman");
    assert!(!id_of(&welcome).is_empty());
}

#[tokio::test]
async fn rooms_sort_by_people_now_across_pages() {
    let s = TestServer::start().await;
    for name in ["aa", "bb", "cc", "dd", "ee"] {
        s.create_room(name).await;
    }
    let mut clients = Vec::new();
    for (room, who) in [("cc", "A"), ("cc", "B"), ("ee", "C")] {
        let user = User::new(&s);
        user.visit(room).await;
        clients.push(user.join(room, who).await.0);
    }
    let admin = AdminClient::logged_in(&s, "ops").await;
    let names = |list: &Value| -> Vec<String> {
        list["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{}:{}", r["name"].as_str().unwrap(), r["people"]))
            .collect()
    };
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (_, list) = admin
            .get(&format!(
                "/api/admin/rooms?sort=people&dir=desc&per_page=2&page={page}"
            ))
            .await;
        assert_eq!(list["total"], 5);
        seen.extend(names(&list));
    }
    assert_eq!(seen, ["cc:2", "ee:1", "aa:0", "bb:0", "dd:0"]);
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (_, list) = admin
            .get(&format!(
                "/api/admin/rooms?sort=people&dir=asc&per_page=2&page={page}"
            ))
            .await;
        seen.extend(names(&list));
    }
    assert_eq!(seen, ["aa:0", "bb:0", "dd:0", "ee:1", "cc:2"]);
    // Search applies to live and idle rooms alike.
    let (_, list) = admin.get("/api/admin/rooms?sort=people&dir=desc&q=C").await;
    assert_eq!(names(&list), ["cc:2"]);
    // Bad parameters are refused with a reason.
    for bad in ["sort=size", "page=0", "per_page=1000", "dir=up"] {
        let (status, body) = admin.get(&format!("/api/admin/rooms?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"], "invalid_query");
    }
    let (_, stats) = admin.get("/api/admin/stats").await;
    assert_eq!(stats["rooms"], 5);
    assert_eq!(stats["live_rooms"], 2);
    assert_eq!(stats["people"], 3);
    assert_eq!(stats["joins_since"], 3);
    assert_eq!(
        stats["notes"],
        json!({"state": "off", "trash": {"waiting": 0, "failing": 0}})
    );
    drop(clients);
}

#[tokio::test]
async fn an_etherpad_that_does_not_answer_leaves_the_server_up_and_says_why() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = TestServer::start_with(|c| {
        c.etherpad.url = format!("http://127.0.0.1:{port}");
        c.etherpad.api_key = "not a real key".into();
    })
    .await;
    let admin = AdminClient::logged_in(&s, "ops").await;
    let (_, stats) = admin.get("/api/admin/stats").await;
    assert_eq!(stats["notes"]["state"], "unavailable");
    let reason = stats["notes"]["reason"].as_str().unwrap();
    assert!(reason.contains(&format!("127.0.0.1:{port}")), "{reason}");
    assert!(!reason.contains("not a real key"), "{reason}");
    // The meeting side is untouched.
    assert_eq!(s.create_room("alpha").await, "alpha");
}

#[tokio::test]
async fn the_audit_viewer_filters_and_pages() {
    let s = TestServer::start().await;
    for name in ["alpha", "beta", "gamma"] {
        s.create_room(name).await;
    }
    let admin = AdminClient::logged_in(&s, "ops").await;
    tokio::time::sleep(Duration::from_millis(200)).await; // the audit writer is asynchronous
    let (_, all) = admin.get("/api/admin/audit?from=0").await;
    let (_, created) = admin
        .get("/api/admin/audit?from=0&event=room_created")
        .await;
    assert_eq!(created["total"], 3);
    let rooms: Vec<&str> = created["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["room"].as_str().unwrap())
        .collect();
    assert_eq!(rooms, ["gamma", "beta", "alpha"], "newest first");
    assert!(all["total"].as_u64().unwrap() > 3);
    let (_, text) = admin.get("/api/admin/audit?from=0&q=BETA").await;
    assert!(
        text["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e.to_string().to_lowercase().contains("beta"))
    );
    let (_, page2) = admin
        .get("/api/admin/audit?from=0&event=room_created&per_page=2&page=2")
        .await;
    assert_eq!(page2["events"].as_array().unwrap().len(), 1);
    let (_, future) = admin
        .get("/api/admin/audit?from=4102444800&to=4102444801")
        .await;
    assert_eq!(future["total"], 0);
    for bad in ["event=nope", "from=10&to=5", "per_page=0"] {
        let (status, body) = admin.get(&format!("/api/admin/audit?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    // An export wider than admin.export_max_rows is refused, not cut.
    let small = TestServer::start_with(|c| c.admin.export_max_rows = 1).await;
    small.create_room("alpha").await;
    let admin = AdminClient::logged_in(&small, "ops").await;
    let (status, body) = admin.get("/api/admin/audit/export.csv?from=0").await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"], "too_many_rows");
}
