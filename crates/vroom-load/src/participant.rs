//! One load participant: a WebSocket that joins a room, sends signals to the others of its room at a
//! steady rate, and checks every signal it receives.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::time::{self, Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::cli::Settings;
use crate::stats::Shared;
use crate::wire::{self, Incoming, Marker};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long one participant may take from opening the TCP connection to its `welcome`.
const JOIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a participant sends `ping` (the server cuts connections silent for 30 s).
const PING_EVERY: Duration = Duration::from_secs(10);
/// How long to wait for the server's close after `leave`.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// Read buffer of each WebSocket. tungstenite's default (128 KiB) would cost 640 MB for 5000
/// participants; the frames here are a few KiB.
const READ_BUFFER: usize = 16 * 1024;

/// Where the run is; the coordinator moves it forward and every participant follows.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Participants connect and join.
    Connecting,
    /// Everyone who joined in time signals to the others of its room.
    Running(Arc<Plan>),
    /// Sending is over; frames in flight are still read.
    Draining,
    /// Everyone sends `leave` and closes.
    Leaving,
}

/// Who is in each room, by room index: the targets of the signals.
#[derive(Debug)]
pub struct Plan {
    pub members: Vec<Vec<String>>,
}

/// What a participant tells the coordinator once its join has succeeded or failed.
#[derive(Debug)]
pub struct JoinNote {
    pub room_index: usize,
    /// The participant id from `welcome`, or `None` if the join failed.
    pub id: Option<String>,
}

/// What a participant hands back at the end.
#[derive(Debug)]
pub struct End {
    /// Time from opening the connection to `welcome`, or why the participant never took part.
    pub join: Result<Duration, String>,
    /// Why the connection was lost before `leave`, if it was.
    pub dropped: Option<String>,
}

/// What all participants share.
pub struct Context {
    pub settings: Arc<Settings>,
    pub shared: Arc<Shared>,
    /// Bounds the number of connections being opened at once.
    pub connecting: Arc<Semaphore>,
}

/// One participant of the run, from connection to close.
pub async fn run(
    ctx: Arc<Context>,
    index: u64,
    room_index: usize,
    room: Arc<str>,
    mut phase: watch::Receiver<Phase>,
    notes: mpsc::Sender<JoinNote>,
) -> End {
    let joined = {
        let Ok(_permit) = ctx.connecting.acquire().await else {
            return failed("cancelled");
        };
        let started = Instant::now();
        let name = format!("load-{index}");
        match time::timeout(
            JOIN_TIMEOUT,
            connect_and_join(&ctx.settings.ws_url, &room, &name),
        )
        .await
        {
            Ok(Ok((ws, id))) => Ok((ws, id, started.elapsed())),
            Ok(Err(reason)) => Err(reason),
            Err(_) => Err("timeout".to_owned()),
        }
    };
    let (ws, me, join_time) = match joined {
        Ok(joined) => joined,
        Err(reason) => {
            let _ = notes
                .send(JoinNote {
                    room_index,
                    id: None,
                })
                .await;
            return failed(&reason);
        }
    };
    let _ = notes
        .send(JoinNote {
            room_index,
            id: Some(me.clone()),
        })
        .await;

    let (mut sink, stream) = ws.split();
    let leaving = Arc::new(AtomicBool::new(false));
    let mut reader = tokio::spawn(read(
        stream,
        ctx.shared.clone(),
        me.clone(),
        room.clone(),
        leaving.clone(),
    ));

    let plan = wait_for_plan(&mut phase).await;
    let in_plan = plan
        .as_ref()
        .and_then(|plan| plan.members.get(room_index))
        .is_some_and(|members| members.contains(&me));
    if let (Some(plan), true) = (plan, in_plan) {
        let others: Vec<&str> = plan
            .members
            .get(room_index)
            .map(|members| {
                members
                    .iter()
                    .map(String::as_str)
                    .filter(|id| *id != me)
                    .collect()
            })
            .unwrap_or_default();
        send_signals(&ctx, &mut sink, &mut phase, &me, &room, &others).await;
        wait_for_leaving(&mut phase).await;
    }

    leaving.store(true, Ordering::SeqCst);
    let _ = sink.send(Message::text(wire::LEAVE)).await;
    let dropped = match time::timeout(CLOSE_TIMEOUT, &mut reader).await {
        Ok(Ok(dropped)) => dropped,
        Ok(Err(_)) => Some("reader_failed".to_owned()),
        Err(_) => {
            reader.abort();
            Some("no_close_after_leave".to_owned())
        }
    };
    let _ = time::timeout(Duration::from_secs(1), sink.close()).await;
    if in_plan {
        End {
            join: Ok(join_time),
            dropped,
        }
    } else {
        failed("joined_after_deadline")
    }
}

fn failed(reason: &str) -> End {
    End {
        join: Err(reason.to_owned()),
        dropped: None,
    }
}

/// Opens the WebSocket, sends `join` and waits for `welcome`; the error is a short reason.
async fn connect_and_join(
    url: &reqwest::Url,
    room: &str,
    name: &str,
) -> Result<(Ws, String), String> {
    let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER);
    let (mut ws, _) =
        tokio_tungstenite::connect_async_with_config(url.as_str(), Some(config), true)
            .await
            .map_err(|error| match error {
                tungstenite::Error::Http(response) => {
                    format!("http_{}", response.status().as_u16())
                }
                tungstenite::Error::Io(error) => format!("connect:{:?}", error.kind()),
                other => format!("connect:{}", short(&other)),
            })?;
    ws.send(Message::text(wire::join(room, name)))
        .await
        .map_err(|error| format!("send_join:{}", short(&error)))?;
    while let Some(message) = ws.next().await {
        match message {
            Ok(Message::Text(text)) => {
                let frame: Incoming =
                    serde_json::from_str(&text).map_err(|_| "bad_frame_before_welcome")?;
                match frame.kind.as_str() {
                    "welcome" => {
                        let id = frame.you.ok_or("welcome_without_id")?.id;
                        return Ok((ws, id));
                    }
                    "error" => {
                        return Err(format!(
                            "refused:{}",
                            frame.code.as_deref().unwrap_or("unknown")
                        ));
                    }
                    _ => {}
                }
            }
            Ok(Message::Close(frame)) => {
                return Err(match frame {
                    Some(frame) => format!("closed_before_welcome:{}", u16::from(frame.code)),
                    None => "closed_before_welcome".to_owned(),
                });
            }
            Ok(_) => {}
            Err(error) => return Err(format!("before_welcome:{}", short(&error))),
        }
    }
    Err("closed_before_welcome".to_owned())
}

/// Waits for the end of the connect phase: the plan, or `None` if the run ends without one.
async fn wait_for_plan(phase: &mut watch::Receiver<Phase>) -> Option<Arc<Plan>> {
    loop {
        match &*phase.borrow_and_update() {
            Phase::Running(plan) => return Some(plan.clone()),
            Phase::Connecting => {}
            Phase::Draining | Phase::Leaving => return None,
        }
        if phase.changed().await.is_err() {
            return None;
        }
    }
}

async fn wait_for_leaving(phase: &mut watch::Receiver<Phase>) {
    loop {
        if matches!(*phase.borrow_and_update(), Phase::Leaving) {
            return;
        }
        if phase.changed().await.is_err() {
            return;
        }
    }
}

/// Sends a signal to a random other participant every period until the phase leaves `Running`
/// (or the connection fails), and a `ping` every 10 s.
async fn send_signals(
    ctx: &Context,
    sink: &mut SplitSink<Ws, Message>,
    phase: &mut watch::Receiver<Phase>,
    me: &str,
    room: &str,
    others: &[&str],
) {
    let shared = &ctx.shared;
    let period = ctx.settings.period;
    let payload = ctx.settings.args.payload;
    let measure_start = shared.measure_start_nanos.load(Ordering::SeqCst);
    let mut rng = StdRng::from_os_rng();
    // Spread the participants over the period so that they do not all send at the same instant.
    let offset = period.mul_f64(rand::Rng::random::<f64>(&mut rng));
    let mut ticker = time::interval_at(Instant::now() + offset, period);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut pinger = time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
    let mut seq = 0u64;
    loop {
        tokio::select! {
            _ = ticker.tick() => {
                let Some(&target) = others.choose(&mut rng) else {
                    continue;
                };
                seq += 1;
                let sent_unix_nanos = unix_nanos();
                let marker = Marker { room, sender: me, target, seq, sent_unix_nanos };
                let frame = wire::signal(target, &wire::fake_sdp(&marker, payload));
                if sink.send(Message::text(frame)).await.is_err() {
                    return;
                }
                Shared::add(&shared.sent);
                if sent_unix_nanos >= measure_start {
                    Shared::add(&shared.sent_measured);
                }
            }
            _ = pinger.tick() => {
                let now_ms = unix_nanos() / 1_000_000;
                if sink.send(Message::text(wire::ping(now_ms))).await.is_err() {
                    return;
                }
            }
            changed = phase.changed() => {
                if changed.is_err() || !matches!(*phase.borrow_and_update(), Phase::Running(_)) {
                    return;
                }
            }
        }
    }
}

/// Reads every frame until the connection ends; returns why it ended if that was before `leave`.
async fn read(
    mut stream: SplitStream<Ws>,
    shared: Arc<Shared>,
    me: String,
    room: Arc<str>,
    leaving: Arc<AtomicBool>,
) -> Option<String> {
    let mut last_seq: HashMap<String, u64> = HashMap::new();
    let mut reason = "eof".to_owned();
    while let Some(message) = stream.next().await {
        match message {
            Ok(Message::Text(text)) => {
                let received_at = unix_nanos();
                receive(&shared, &text, received_at, &me, &room, &mut last_seq);
            }
            Ok(Message::Binary(_)) => Shared::add(&shared.bad_frames),
            Ok(Message::Close(frame)) => {
                reason = match frame {
                    Some(frame) => format!("close_{}", u16::from(frame.code)),
                    None => "close".to_owned(),
                };
            }
            Ok(_) => {}
            Err(error) => {
                reason = short(&error);
                break;
            }
        }
    }
    (!leaving.load(Ordering::SeqCst)).then_some(reason)
}

/// Checks and counts one text frame.
fn receive(
    shared: &Shared,
    text: &str,
    received_at: u64,
    me: &str,
    room: &str,
    last_seq: &mut HashMap<String, u64>,
) {
    let Ok(frame) = serde_json::from_str::<Incoming>(text) else {
        Shared::add(&shared.bad_frames);
        return;
    };
    match frame.kind.as_str() {
        "signal" => {
            let sdp = frame
                .payload
                .and_then(|payload| payload.description)
                .map(|description| description.sdp);
            let Some(marker) = sdp.as_deref().and_then(wire::parse_marker) else {
                Shared::add(&shared.unreadable);
                return;
            };
            Shared::add(&shared.received);
            if frame.from.as_deref() != Some(marker.sender) {
                Shared::add(&shared.spoofed);
            }
            if marker.room != room {
                Shared::add(&shared.cross_room);
            }
            if marker.target != me {
                Shared::add(&shared.misdelivered);
            }
            match last_seq.get_mut(marker.sender) {
                Some(last) if marker.seq <= *last => Shared::add(&shared.out_of_order),
                Some(last) => *last = marker.seq,
                None => {
                    last_seq.insert(marker.sender.to_owned(), marker.seq);
                }
            }
            if marker.sent_unix_nanos >= shared.measure_start_nanos.load(Ordering::Relaxed) {
                Shared::add(&shared.received_measured);
                shared.record_latency(received_at.saturating_sub(marker.sent_unix_nanos) / 1000);
            }
        }
        "error" => shared.record_error(frame.code.as_deref().unwrap_or("unknown")),
        _ => {}
    }
}

/// Nanoseconds since the Unix epoch (0 if the clock is before it).
pub fn unix_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A short, stable name for a WebSocket error, to count errors by kind.
fn short(error: &tungstenite::Error) -> String {
    match error {
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => {
            "closed".to_owned()
        }
        tungstenite::Error::Io(error) => format!("io_{:?}", error.kind()),
        tungstenite::Error::Protocol(error) => format!("protocol:{error}"),
        tungstenite::Error::Capacity(_) => "capacity".to_owned(),
        tungstenite::Error::Http(response) => format!("http_{}", response.status().as_u16()),
        _ => "websocket".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    fn signal_frame(
        from: &str,
        room: &str,
        sender: &str,
        target: &str,
        seq: u64,
        t: u64,
    ) -> String {
        let marker = Marker {
            room,
            sender,
            target,
            seq,
            sent_unix_nanos: t,
        };
        let sdp = wire::fake_sdp(&marker, 300);
        serde_json::json!({"type": "signal", "from": from,
            "payload": {"kind": "description", "description": {"type": "offer", "sdp": sdp}}})
        .to_string()
    }

    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    #[test]
    fn received_signals_are_checked() {
        let shared = Shared::new().expect("shared");
        shared.measure_start_nanos.store(1000, Ordering::Relaxed);
        let mut last = HashMap::new();
        let mut take = |text: &str| receive(&shared, text, 5_000_000, "me", "r1", &mut last);
        take(&signal_frame("a", "r1", "a", "me", 1, 2_000_000));
        take(&signal_frame("a", "r1", "a", "me", 2, 500)); // warm-up: counted, not measured
        take(&signal_frame("b", "r1", "a", "me", 3, 2_000_000)); // wrong from
        take(&signal_frame("c", "r2", "c", "me", 1, 2_000_000)); // other room
        take(&signal_frame("a", "r1", "a", "you", 3, 2_000_000)); // not for me, and a duplicate seq
        take(r#"{"type":"error","code":"rate_limited","message":"x"}"#);
        take(
            r#"{"type":"signal","from":"a","payload":{"kind":"candidate","candidate":{"candidate":""}}}"#,
        );
        take("not json");
        assert_eq!(get(&shared.received), 5);
        assert_eq!(get(&shared.received_measured), 4);
        assert_eq!(get(&shared.spoofed), 1);
        assert_eq!(get(&shared.cross_room), 1);
        assert_eq!(get(&shared.misdelivered), 1);
        assert_eq!(get(&shared.out_of_order), 1);
        assert_eq!(get(&shared.unreadable), 1);
        assert_eq!(get(&shared.bad_frames), 1);
        let latency = shared.latency.lock().expect("histogram");
        assert_eq!(latency.len(), 4);
        assert!(latency.equivalent(latency.max(), 3000));
        assert_eq!(
            shared
                .error_codes
                .lock()
                .expect("codes")
                .get("rate_limited"),
            Some(&1)
        );
    }
}
