//! The frames a load participant sends and reads, and the marker it hides in each fake SDP.
//!
//! Each `signal` carries an offer whose SDP is `v=0`, one marker line
//! `a=x-load:<room>:<sender id>:<target id>:<seq>:<unix nanos>` and an `a=x-pad:` line that brings the
//! SDP to the requested size. The receiver reads the marker back to measure the relay latency and to
//! check that the server stamped the right sender and kept the signal in its room.

use serde::Deserialize;
use serde_json::json;

const MARKER: &str = "a=x-load:";
const PAD_START: &str = "a=x-pad:";

/// What the marker line of a received signal says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'a> {
    pub room: &'a str,
    pub sender: &'a str,
    pub target: &'a str,
    pub seq: u64,
    pub sent_unix_nanos: u64,
}

/// The fake SDP: `v=0`, the marker, and padding up to `size` bytes (never shorter than the first two).
pub fn fake_sdp(marker: &Marker<'_>, size: usize) -> String {
    let mut sdp = format!(
        "v=0\r\n{MARKER}{}:{}:{}:{}:{}\r\n",
        marker.room, marker.sender, marker.target, marker.seq, marker.sent_unix_nanos
    );
    let overhead = PAD_START.len() + 2;
    if let Some(pad) = size.checked_sub(sdp.len() + overhead).filter(|&n| n > 0) {
        sdp.reserve(overhead + pad);
        sdp.push_str(PAD_START);
        sdp.extend(std::iter::repeat_n('x', pad));
        sdp.push_str("\r\n");
    }
    sdp
}

/// Reads the marker line back from an SDP; `None` when there is none or it is not well formed.
pub fn parse_marker(sdp: &str) -> Option<Marker<'_>> {
    let start = sdp.find(MARKER)? + MARKER.len();
    let rest = &sdp[start..];
    let line = rest.split(['\r', '\n']).next()?;
    let mut fields = line.split(':');
    let marker = Marker {
        room: fields.next()?,
        sender: fields.next()?,
        target: fields.next()?,
        seq: fields.next()?.parse().ok()?,
        sent_unix_nanos: fields.next()?.parse().ok()?,
    };
    fields.next().is_none().then_some(marker)
}

/// `join` for protocol 1, microphone and camera off.
pub fn join(room: &str, name: &str) -> String {
    json!({"type": "join", "protocol": 1, "room": room, "name": name, "audio": false, "video": false})
        .to_string()
}

/// A `signal` carrying an offer with the given SDP.
pub fn signal(to: &str, sdp: &str) -> String {
    json!({
        "type": "signal",
        "to": to,
        "payload": {"kind": "description", "description": {"type": "offer", "sdp": sdp}},
    })
    .to_string()
}

pub fn ping(t_millis: u64) -> String {
    json!({"type": "ping", "t": t_millis}).to_string()
}

pub const LEAVE: &str = r#"{"type":"leave"}"#;

/// The parts of a server frame the load generator looks at; everything else is ignored.
#[derive(Debug, Deserialize)]
pub struct Incoming {
    #[serde(rename = "type")]
    pub kind: String,
    /// `signal`: the sender as the server stamped it.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub payload: Option<Payload>,
    /// `welcome`: who this connection is.
    #[serde(default)]
    pub you: Option<You>,
    /// `error`: the stable code.
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub description: Option<Description>,
}

#[derive(Debug, Deserialize)]
pub struct Description {
    pub sdp: String,
}

#[derive(Debug, Deserialize)]
pub struct You {
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker() -> Marker<'static> {
        Marker {
            room: "load-abc123-7",
            sender: "x1Yz_-AbCdEfGhIj",
            target: "Qq9-zzzzzzzzzzzz",
            seq: 42,
            sent_unix_nanos: 1_732_480_000_123_456_789,
        }
    }

    #[test]
    fn sdp_has_the_requested_size_and_the_marker_comes_back() {
        for size in [0, 10, 80, 90, 100, 2000, 60_000] {
            let sdp = fake_sdp(&marker(), size);
            assert!(sdp.starts_with("v=0\r\n"));
            let head = fake_sdp(&marker(), 0).len();
            if size >= head + PAD_START.len() + 3 {
                assert_eq!(sdp.len(), size, "size {size}");
            } else {
                assert!(sdp.len() <= head + PAD_START.len() + 3, "size {size}");
            }
            assert_eq!(parse_marker(&sdp), Some(marker()), "size {size}");
        }
    }

    #[test]
    fn bad_markers_are_refused() {
        for sdp in [
            "v=0\r\n",
            "v=0\r\na=x-load:r:s:t:1\r\n",
            "v=0\r\na=x-load:r:s:t:x:2\r\n",
            "v=0\r\na=x-load:r:s:t:1:2:3\r\n",
            "v=0\r\na=x-load:r:s:t:1:-2\r\n",
        ] {
            assert_eq!(parse_marker(sdp), None, "{sdp:?}");
        }
    }

    #[test]
    fn frames_are_the_protocol_s() {
        let signal: serde_json::Value =
            serde_json::from_str(&signal("abc", "v=0\r\n")).expect("json");
        assert_eq!(signal["type"], "signal");
        assert_eq!(signal["to"], "abc");
        assert_eq!(signal["payload"]["kind"], "description");
        assert_eq!(signal["payload"]["description"]["type"], "offer");
        let join: serde_json::Value = serde_json::from_str(&join("r", "n")).expect("json");
        assert_eq!(join["protocol"], 1);
        let incoming: Incoming = serde_json::from_str(
            r#"{"type":"signal","from":"a","payload":{"kind":"description","description":{"type":"offer","sdp":"v=0"}}}"#,
        )
        .expect("incoming");
        assert_eq!(incoming.from.as_deref(), Some("a"));
        assert_eq!(
            incoming.payload.and_then(|p| p.description).map(|d| d.sdp),
            Some("v=0".to_owned())
        );
        let error: Incoming =
            serde_json::from_str(r#"{"type":"error","code":"rate_limited","message":"slow down"}"#)
                .expect("error");
        assert_eq!(error.code.as_deref(), Some("rate_limited"));
    }
}
