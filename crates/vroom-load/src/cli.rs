//! Command line: what to run, and the hard limits that keep a run bounded.

use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use reqwest::Url;

/// Most participants in one run (rooms × per-room).
pub const MAX_PARTICIPANTS: u64 = 5000;
/// Most rooms in one run.
pub const MAX_ROOMS: u32 = 5000;
/// Most participants in one room (the server's own default limit is 25, `rooms.max_members`).
pub const MAX_PER_ROOM: u32 = 100;
/// Longest measured phase, in seconds.
pub const MAX_DURATION: u64 = 600;
/// Longest warm-up, in seconds.
pub const MAX_WARMUP: u64 = 60;
/// Most signals per second per participant. The server's default rate limit is 50 messages/s.
pub const MAX_RATE: f64 = 100.0;
/// The server's default `signalling.messages_per_second`.
pub const SERVER_DEFAULT_RATE: f64 = 50.0;
/// Largest fake SDP, in bytes; the whole frame must stay under the server's 64 KiB message limit.
pub const MAX_PAYLOAD: usize = 60_000;
/// Longest room prefix (room names are at most 49 characters).
pub const MAX_PREFIX: usize = 30;
/// Time after the last signal is sent during which frames are still awaited.
pub const DRAIN: Duration = Duration::from_secs(2);

/// Drives a running VROOM server's signalling with many WebSocket participants and reports what it
/// measured. The server must allow many connections from one address, e.g.
/// VROOM_LIMITS__MAX_CONNECTIONS_PER_ADDRESS=10000 VROOM_LIMITS__ROOM_CREATIONS_PER_MINUTE=100000
/// (see docs/load-testing.md).
#[derive(Debug, Clone, Parser)]
#[command(name = "vroom-load", version, about)]
pub struct Args {
    /// Base URL of the server (http:// only); the WebSocket is at <url>/ws.
    #[arg(long, default_value = "http://127.0.0.1:8090")]
    pub url: String,
    /// Number of rooms.
    #[arg(long, default_value_t = 50)]
    pub rooms: u32,
    /// Participants in each room (at least 2).
    #[arg(long = "per-room", default_value_t = 4)]
    pub per_room: u32,
    /// Length of the measured phase, in seconds (after the warm-up).
    #[arg(long, default_value_t = 20)]
    pub duration: u64,
    /// Signals per second sent by each participant.
    #[arg(long, default_value_t = 5.0)]
    pub rate: f64,
    /// Size of each fake SDP, in bytes.
    #[arg(long, default_value_t = 2000)]
    pub payload: usize,
    /// Seconds of signalling before measuring starts (not in the latency figures).
    #[arg(long, default_value_t = 2)]
    pub warmup: u64,
    /// Rooms are named <prefix>-<run id>-<i>.
    #[arg(long = "room-prefix", default_value = "load")]
    pub room_prefix: String,
    /// Connections being opened at the same time while participants join.
    #[arg(long = "connect-concurrency", default_value_t = 32)]
    pub connect_concurrency: usize,
    /// Print the report as one JSON object on stdout (progress still goes to stderr).
    #[arg(long)]
    pub json: bool,
}

/// The arguments, checked, with the URLs worked out.
#[derive(Debug, Clone)]
pub struct Settings {
    pub args: Args,
    pub rooms_url: Url,
    pub ws_url: Url,
    pub prefix: String,
    pub participants: u64,
    pub period: Duration,
}

impl Args {
    /// Checks every input against the hard limits; the error says which one and why.
    pub fn validate(self) -> anyhow::Result<Settings> {
        if self.rooms == 0 || self.rooms > MAX_ROOMS {
            bail!(
                "--rooms must be between 1 and {MAX_ROOMS} (got {})",
                self.rooms
            );
        }
        if self.per_room < 2 || self.per_room > MAX_PER_ROOM {
            bail!(
                "--per-room must be between 2 and {MAX_PER_ROOM} (got {}); a participant signals to the others of its room",
                self.per_room
            );
        }
        let participants = u64::from(self.rooms) * u64::from(self.per_room);
        if participants > MAX_PARTICIPANTS {
            bail!(
                "--rooms × --per-room must be at most {MAX_PARTICIPANTS} (got {} × {} = {participants})",
                self.rooms,
                self.per_room
            );
        }
        if self.duration == 0 || self.duration > MAX_DURATION {
            bail!(
                "--duration must be between 1 and {MAX_DURATION} seconds (got {})",
                self.duration
            );
        }
        if self.warmup > MAX_WARMUP {
            bail!(
                "--warmup must be at most {MAX_WARMUP} seconds (got {})",
                self.warmup
            );
        }
        if !self.rate.is_finite() || self.rate < 0.1 || self.rate > MAX_RATE {
            bail!(
                "--rate must be between 0.1 and {MAX_RATE} signals/s (got {})",
                self.rate
            );
        }
        if self.payload > MAX_PAYLOAD {
            bail!(
                "--payload must be at most {MAX_PAYLOAD} bytes (got {})",
                self.payload
            );
        }
        if self.connect_concurrency == 0 || self.connect_concurrency > 1024 {
            bail!(
                "--connect-concurrency must be between 1 and 1024 (got {})",
                self.connect_concurrency
            );
        }
        let prefix = self.room_prefix.to_ascii_lowercase();
        if prefix.is_empty()
            || prefix.len() > MAX_PREFIX
            || !prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            bail!(
                "--room-prefix must be 1 to {MAX_PREFIX} characters among a-z, 0-9, '-' and '_' (got {:?})",
                self.room_prefix
            );
        }
        let (rooms_url, ws_url) = urls(&self.url)?;
        let period = Duration::from_secs_f64(1.0 / self.rate);
        Ok(Settings {
            args: Args {
                room_prefix: prefix.clone(),
                ..self
            },
            rooms_url,
            ws_url,
            prefix,
            participants,
            period,
        })
    }
}

/// `<base>/api/rooms` and the `ws://` form of `<base>/ws`.
fn urls(base: &str) -> anyhow::Result<(Url, Url)> {
    let mut base = Url::parse(base).with_context(|| format!("--url {base:?} is not a URL"))?;
    match base.scheme() {
        "http" => {}
        "https" => bail!(
            "--url must be http:// (this load generator has no TLS; run it next to the server or against its plain listener)"
        ),
        other => bail!("--url must be http:// (got {other}://)"),
    }
    if base.host_str().is_none() {
        bail!("--url {base} has no host");
    }
    if base.query().is_some() || base.fragment().is_some() {
        bail!("--url must not have a query or a fragment");
    }
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    let rooms = base.join("api/rooms")?;
    let mut ws = base.join("ws")?;
    ws.set_scheme("ws")
        .map_err(|()| anyhow::anyhow!("cannot make a ws:// URL from {base}"))?;
    Ok((rooms, ws))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> Args {
        let mut all = vec!["vroom-load"];
        all.extend_from_slice(extra);
        Args::parse_from(all)
    }

    #[test]
    fn defaults_are_valid() {
        let settings = args(&[]).validate().expect("defaults");
        assert_eq!(settings.participants, 200);
        assert_eq!(
            settings.rooms_url.as_str(),
            "http://127.0.0.1:8090/api/rooms"
        );
        assert_eq!(settings.ws_url.as_str(), "ws://127.0.0.1:8090/ws");
        assert_eq!(settings.period, Duration::from_millis(200));
    }

    #[test]
    fn base_path_is_kept() {
        let (rooms, ws) = urls("http://localhost:9000/vroom").expect("urls");
        assert_eq!(rooms.as_str(), "http://localhost:9000/vroom/api/rooms");
        assert_eq!(ws.as_str(), "ws://localhost:9000/vroom/ws");
    }

    #[test]
    fn limits_are_enforced() {
        for bad in [
            &["--rooms", "0"][..],
            &["--rooms", "1000", "--per-room", "6"],
            &["--per-room", "1"],
            &["--duration", "601"],
            &["--duration", "0"],
            &["--rate", "101"],
            &["--rate", "0"],
            &["--rate", "NaN"],
            &["--payload", "70000"],
            &["--room-prefix", "Bad/Name"],
            &["--room-prefix", ""],
            &["--url", "https://example.org"],
            &["--url", "ftp://example.org"],
            &["--url", "not a url"],
        ] {
            assert!(args(bad).validate().is_err(), "{bad:?} should be refused");
        }
        assert!(
            args(&["--rooms", "1000", "--per-room", "5"])
                .validate()
                .is_ok()
        );
    }
}
