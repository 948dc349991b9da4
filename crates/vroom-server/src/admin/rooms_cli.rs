//! `vroom room list | show | end | delete`: through the running server's control socket when it
//! answers (people in rooms are seen, and ended meetings disconnect them), else on the database
//! alone (a stopped server: nobody can be connected).

use std::path::Path;

use anyhow::{Context, bail};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{Method, StatusCode};
use serde_json::Value;
use vroom_core::RoomName;
use vroom_store::{RoomQuery, RoomSort, Store};

use crate::cli::{RoomCommand, RoomSortArg};
use crate::clock;
use crate::config::Config;

/// An answer of the control socket: its status and JSON body.
struct Answer {
    status: StatusCode,
    body: Value,
}

/// Sends one request to the control socket. `Ok(None)`: no server listens there.
async fn call(socket: &Path, method: Method, uri: &str) -> anyhow::Result<Option<Answer>> {
    #[cfg(unix)]
    {
        let stream = match tokio::net::UnixStream::connect(socket).await {
            Ok(stream) => stream,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Ok(None);
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("opening the control socket {}", socket.display()));
            }
        };
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
            .await
            .context("talking to the server over the control socket")?;
        tokio::spawn(connection);
        let request = hyper::Request::builder()
            .method(method)
            .uri(uri)
            .header(hyper::header::HOST, "localhost")
            .body(Empty::<Bytes>::new())
            .context("building a request")?;
        let response = sender
            .send_request(request)
            .await
            .context("talking to the server over the control socket")?;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .context("reading the server's answer")?
            .to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(Some(Answer { status, body }))
    }
    #[cfg(not(unix))]
    {
        let _ = (socket, method, uri);
        Ok(None)
    }
}

/// The answer's body, or its error message as the command's error.
fn success(answer: Answer) -> anyhow::Result<Value> {
    if answer.status.is_success() {
        return Ok(answer.body);
    }
    let message = answer
        .body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("the server refused");
    bail!("{message} ({})", answer.status)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn number(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn flags(room: &Value) -> String {
    let mut out = Vec::new();
    for (key, label) in [
        ("reserved", "reserved"),
        ("persistent", "persistent"),
        ("locked", "locked"),
        ("join_password", "password"),
        ("require_name", "names"),
    ] {
        if flag(room, key) {
            out.push(label);
        }
    }
    out.join(",")
}

/// What a room row says, in the same shape as the API's (for a stopped server).
fn room_json(room: &vroom_store::Room) -> Value {
    serde_json::json!({
        "name": room.name,
        "created_at": room.created_at,
        "last_activity": room.last_activity,
        "people": Value::Null,
        "reserved": room.owner_password.is_some(),
        "persistent": room.persistent,
        "locked": room.locked,
        "require_name": room.require_name,
        "join_password": room.join_password.is_some(),
        "max_members": room.max_members,
    })
}

fn print_rooms(list: &Value) {
    let rooms = list
        .get("rooms")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total = number(list, "total");
    if rooms.is_empty() {
        println!("no rooms ({total} in all)");
        return;
    }
    let width = rooms
        .iter()
        .map(|r| text(r, "name").chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>6}  {:<20}  {:<20}  FLAGS",
        "NAME", "PEOPLE", "CREATED", "LAST ACTIVITY"
    );
    for room in &rooms {
        let people = room
            .get("people")
            .and_then(Value::as_i64)
            .map_or_else(|| "-".to_owned(), |n| n.to_string());
        println!(
            "{:<width$}  {:>6}  {:<20}  {:<20}  {}",
            text(room, "name"),
            people,
            clock::format_utc(number(room, "created_at")),
            clock::format_utc(number(room, "last_activity")),
            flags(room)
        );
    }
    let page = number(list, "page");
    let per_page = number(list, "per_page").max(1);
    let first = (page - 1) * per_page + 1;
    println!(
        "rooms {first}-{} of {total}",
        first + i64::try_from(rooms.len()).unwrap_or(0) - 1
    );
}

fn print_room(view: &Value) {
    let room = view.get("room").cloned().unwrap_or(Value::Null);
    println!("room           {}", text(&room, "name"));
    println!(
        "created        {}",
        clock::format_utc(number(&room, "created_at"))
    );
    println!(
        "last activity  {}",
        clock::format_utc(number(&room, "last_activity"))
    );
    let yes_no = |key| if flag(&room, key) { "yes" } else { "no" };
    println!("locked         {}", yes_no("locked"));
    println!("names required {}", yes_no("require_name"));
    println!("join password  {}", yes_no("join_password"));
    println!("reserved       {}", yes_no("reserved"));
    println!("persistent     {}", yes_no("persistent"));
    let limit = number(&room, "member_limit");
    println!(
        "member limit   {}",
        if limit == 0 {
            "none".to_owned()
        } else {
            limit.to_string()
        }
    );
    let notify: Vec<&str> = room
        .get("notify")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    println!(
        "notify         {}",
        if notify.is_empty() {
            "nobody".to_owned()
        } else {
            notify.join(", ")
        }
    );
    match view.get("participants").and_then(Value::as_array) {
        None => println!("people now     unknown (the server is not running)"),
        Some(list) if list.is_empty() => println!("people now     nobody"),
        Some(list) => {
            println!("people now     {}", list.len());
            for p in list {
                let name = match text(p, "name") {
                    "" => "(no name)",
                    name => name,
                };
                let state = if flag(p, "connected") {
                    ""
                } else {
                    " reconnecting"
                };
                println!(
                    "  {name}  {}  {}  since {}  session {}{state}",
                    text(p, "role"),
                    text(p, "ip"),
                    clock::format_utc(number(p, "joined_at")),
                    text(p, "session"),
                );
            }
        }
    }
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn parse_name(name: &str) -> anyhow::Result<RoomName> {
    RoomName::parse(name).map_err(|e| anyhow::anyhow!("{name}: not a room name ({e})"))
}

pub async fn run(config: &Config, store: &Store, command: RoomCommand) -> anyhow::Result<()> {
    let socket = Path::new(&config.admin.control_socket);
    let live = !config.admin.control_socket.is_empty();
    let stopped_note = || {
        if live {
            eprintln!(
                "note: no server answers on {}: working on the database alone",
                socket.display()
            );
        } else {
            eprintln!("note: admin.control_socket is off: working on the database alone");
        }
    };
    match command {
        RoomCommand::List {
            search,
            sort,
            desc,
            page,
            per_page,
            json,
        } => {
            if page == 0 || !(1..=200).contains(&per_page) {
                bail!("--page starts at 1, --per-page is 1 to 200");
            }
            let sort_name = match sort {
                RoomSortArg::Name => "name",
                RoomSortArg::Created => "created",
                RoomSortArg::Activity => "activity",
                RoomSortArg::People => "people",
            };
            let uri = format!(
                "/api/admin/rooms?sort={sort_name}&dir={}&page={page}&per_page={per_page}{}",
                if desc { "desc" } else { "asc" },
                search
                    .as_deref()
                    .map(|s| format!("&q={}", encode(s)))
                    .unwrap_or_default()
            );
            let list = match live_call(live, socket, Method::GET, &uri).await? {
                Some(answer) => success(answer)?,
                None => {
                    stopped_note();
                    if sort == RoomSortArg::People {
                        bail!("sorting by people needs the running server");
                    }
                    let found = store
                        .rooms()
                        .page(&RoomQuery {
                            search: search.clone(),
                            sort: match sort {
                                RoomSortArg::Created => RoomSort::Created,
                                RoomSortArg::Activity => RoomSort::Activity,
                                _ => RoomSort::Name,
                            },
                            descending: desc,
                            limit: per_page,
                            offset: (page - 1) * u64::from(per_page),
                            ..RoomQuery::default()
                        })
                        .await?;
                    serde_json::json!({
                        "total": found.total,
                        "page": page,
                        "per_page": per_page,
                        "rooms": found.rooms.iter().map(room_json).collect::<Vec<_>>(),
                    })
                }
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                print_rooms(&list);
            }
        }
        RoomCommand::Show { name, json } => {
            let name = parse_name(&name)?;
            let uri = format!("/api/admin/rooms/{name}");
            let view = match live_call(live, socket, Method::GET, &uri).await? {
                Some(answer) => success(answer)?,
                None => {
                    stopped_note();
                    let Some(room) = store.rooms().get(&name).await? else {
                        bail!("there is no room named {name}");
                    };
                    let mut summary = room_json(&room);
                    summary["notify"] = serde_json::json!(store.notify().list(room.id).await?);
                    summary["member_limit"] =
                        serde_json::json!(crate::rooms::policy::member_limit(
                            u32::try_from(config.rooms.max_members).unwrap_or(u32::MAX),
                            room.max_members
                        ));
                    serde_json::json!({ "room": summary, "participants": Value::Null })
                }
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print_room(&view);
            }
        }
        RoomCommand::End { name } => {
            let name = parse_name(&name)?;
            let uri = format!("/api/admin/rooms/{name}/end");
            match live_call(live, socket, Method::POST, &uri).await? {
                Some(answer) => {
                    let done = success(answer)?;
                    println!(
                        "meeting in {name} ended: {} disconnected",
                        number(&done, "disconnected")
                    );
                }
                None => bail!(
                    "no server answers on the control socket {} (admin.control_socket; relative to \
                     the working directory): a meeting is ended by the running server",
                    socket.display()
                ),
            }
        }
        RoomCommand::Delete { name, yes, offline } => {
            let name = parse_name(&name)?;
            if !yes {
                bail!("deleting {name} removes it and its settings for good: add --yes to do it");
            }
            let uri = format!("/api/admin/rooms/{name}");
            match live_call(live, socket, Method::DELETE, &uri).await? {
                Some(answer) => {
                    let done = success(answer)?;
                    println!(
                        "room {name} deleted: {} disconnected",
                        number(&done, "disconnected")
                    );
                }
                None if !offline => bail!(
                    "no server answers on the control socket {} (admin.control_socket; relative to \
                     the working directory). If the server is stopped, add --offline to delete from \
                     the database alone; if it runs, people in the room would stay connected",
                    socket.display()
                ),
                None => {
                    stopped_note();
                    if !store.rooms().delete(&name).await? {
                        bail!("there is no room named {name}");
                    }
                    crate::audit::record_now(
                        store,
                        crate::audit::Event::RoomDeleted,
                        &crate::audit::Who::cli(),
                        Some(name.as_str()),
                        "room deleted from the command line (server not running)",
                    )
                    .await?;
                    println!("room {name} deleted");
                }
            }
        }
    }
    Ok(())
}

/// How long the command waits for the server's answer.
const CALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

async fn live_call(
    live: bool,
    socket: &Path,
    method: Method,
    uri: &str,
) -> anyhow::Result<Option<Answer>> {
    if !live {
        return Ok(None);
    }
    tokio::time::timeout(CALL_TIMEOUT, call(socket, method, uri))
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "the server did not answer on {} within {} s",
                socket.display(),
                CALL_TIMEOUT.as_secs()
            )
        })?
}
