//! Counters shared by all participants, and the report made from them at the end.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Highest latency the histogram tells apart (larger values are recorded as this), in microseconds.
const MAX_LATENCY_MICROS: u64 = 600_000_000;

/// Everything the participants count while the run goes on.
pub struct Shared {
    /// Signals written to a socket, all of the run / only those sent in the measured window.
    pub sent: AtomicU64,
    pub sent_measured: AtomicU64,
    /// Signals read back by their target (with a readable marker).
    pub received: AtomicU64,
    pub received_measured: AtomicU64,
    /// `from` differed from the sender named in the marker.
    pub spoofed: AtomicU64,
    /// The marker names another room than the receiver's.
    pub cross_room: AtomicU64,
    /// The marker names another target than the receiver.
    pub misdelivered: AtomicU64,
    /// A sender's sequence number that did not grow (a duplicate or a reordering).
    pub out_of_order: AtomicU64,
    /// A `signal` without a readable marker.
    pub unreadable: AtomicU64,
    /// Frames that were not JSON of the expected shape.
    pub bad_frames: AtomicU64,
    /// Unix nanoseconds at which the measured window starts (set before anyone sends).
    pub measure_start_nanos: AtomicU64,
    /// Relay latency of measured signals, in microseconds.
    pub latency: Mutex<Histogram<u64>>,
    /// `error` frames by `code`.
    pub error_codes: Mutex<BTreeMap<String, u64>>,
}

impl Shared {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            sent: AtomicU64::new(0),
            sent_measured: AtomicU64::new(0),
            received: AtomicU64::new(0),
            received_measured: AtomicU64::new(0),
            spoofed: AtomicU64::new(0),
            cross_room: AtomicU64::new(0),
            misdelivered: AtomicU64::new(0),
            out_of_order: AtomicU64::new(0),
            unreadable: AtomicU64::new(0),
            bad_frames: AtomicU64::new(0),
            measure_start_nanos: AtomicU64::new(u64::MAX),
            latency: Mutex::new(Histogram::new_with_bounds(1, MAX_LATENCY_MICROS, 3)?),
            error_codes: Mutex::new(BTreeMap::new()),
        })
    }

    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_latency(&self, micros: u64) {
        if let Ok(mut histogram) = self.latency.lock() {
            histogram.saturating_record(micros.clamp(1, MAX_LATENCY_MICROS));
        }
    }

    pub fn record_error(&self, code: &str) {
        if let Ok(mut codes) = self.error_codes.lock() {
            *codes.entry(code.to_owned()).or_default() += 1;
        }
    }
}

fn load(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// Median, p90, p99 and max of a set of durations, in milliseconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Quantiles {
    pub count: u64,
    pub median_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Quantiles {
    fn from_histogram(histogram: &Histogram<u64>) -> Self {
        if histogram.is_empty() {
            return Self::default();
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        Self {
            count: histogram.len(),
            median_ms: ms(histogram.value_at_quantile(0.5)),
            p90_ms: ms(histogram.value_at_quantile(0.9)),
            p99_ms: ms(histogram.value_at_quantile(0.99)),
            max_ms: ms(histogram.max()),
        }
    }

    /// Nearest-rank quantiles of a small set (join times).
    pub fn from_durations(mut values: Vec<Duration>) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        values.sort_unstable();
        let at = |q: f64| {
            let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
            values[rank - 1].as_secs_f64() * 1000.0
        };
        Self {
            count: values.len() as u64,
            median_ms: at(0.5),
            p90_ms: at(0.9),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

/// What the run was asked to do.
#[derive(Debug, Clone, Serialize)]
pub struct RunConfig {
    pub url: String,
    pub run_id: String,
    pub rooms: u32,
    pub per_room: u32,
    pub duration_s: u64,
    pub warmup_s: u64,
    pub drain_s: u64,
    pub rate_per_participant: f64,
    pub payload_bytes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Participants {
    pub planned: u64,
    pub connected: u64,
    pub failed: u64,
    /// Why connections failed, by reason (`http_429`, `refused:room_full`, `timeout`, …).
    pub failures: BTreeMap<String, u64>,
    /// Joined, then lost the connection before sending `leave`.
    pub dropped: u64,
    pub drops: BTreeMap<String, u64>,
    pub join_time: Quantiles,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signals {
    pub sent: u64,
    pub received: u64,
    /// sent − received, counted after the drain period.
    pub lost: u64,
    pub sent_measured: u64,
    pub received_measured: u64,
    pub lost_measured: u64,
    /// Signals per second the run was asked to send (participants who joined × --rate).
    pub offered_per_s: f64,
    /// Measured signals sent per second of the measured window: below `offered_per_s` when the
    /// load generator could not keep up.
    pub sent_per_s: f64,
    /// Measured signals received per second of the measured window.
    pub throughput_per_s: f64,
    /// Seconds the measured window really lasted.
    pub measured_s: f64,
    pub relay_latency: Quantiles,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checks {
    pub spoofed: u64,
    pub cross_room: u64,
    pub misdelivered: u64,
    pub out_of_order: u64,
    pub unreadable: u64,
    pub bad_frames: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub config: RunConfig,
    pub participants: Participants,
    pub signals: Signals,
    pub checks: Checks,
    /// `error` frames received, by `code`.
    pub errors: BTreeMap<String, u64>,
    pub interrupted: bool,
    pub ok: bool,
    /// Why the run is not ok, one line each.
    pub problems: Vec<String>,
    pub hints: Vec<String>,
}

/// What the participants' tasks handed back, gathered.
pub struct Outcome {
    pub connected: u64,
    pub failures: BTreeMap<String, u64>,
    pub drops: BTreeMap<String, u64>,
    pub join_times: Vec<Duration>,
    pub measured: Duration,
    pub interrupted: bool,
}

impl Report {
    pub fn build(config: RunConfig, planned: u64, shared: &Shared, outcome: Outcome) -> Self {
        let sent = load(&shared.sent);
        let received = load(&shared.received);
        let sent_measured = load(&shared.sent_measured);
        let received_measured = load(&shared.received_measured);
        let relay_latency = shared
            .latency
            .lock()
            .map(|h| Quantiles::from_histogram(&h))
            .unwrap_or_default();
        let measured_s = outcome.measured.as_secs_f64();
        let per_second = |count: u64| {
            if measured_s > 0.0 {
                count as f64 / measured_s
            } else {
                0.0
            }
        };
        let signals = Signals {
            sent,
            received,
            lost: sent.saturating_sub(received),
            sent_measured,
            received_measured,
            lost_measured: sent_measured.saturating_sub(received_measured),
            offered_per_s: outcome.connected as f64 * config.rate_per_participant,
            sent_per_s: per_second(sent_measured),
            throughput_per_s: per_second(received_measured),
            measured_s,
            relay_latency,
        };
        let checks = Checks {
            spoofed: load(&shared.spoofed),
            cross_room: load(&shared.cross_room),
            misdelivered: load(&shared.misdelivered),
            out_of_order: load(&shared.out_of_order),
            unreadable: load(&shared.unreadable),
            bad_frames: load(&shared.bad_frames),
        };
        let errors = shared
            .error_codes
            .lock()
            .map(|codes| codes.clone())
            .unwrap_or_default();
        let failed = outcome.failures.values().sum();
        let participants = Participants {
            planned,
            connected: outcome.connected,
            failed,
            failures: outcome.failures,
            dropped: outcome.drops.values().sum(),
            drops: outcome.drops,
            join_time: Quantiles::from_durations(outcome.join_times),
        };

        let mut problems = Vec::new();
        let mut check = |bad: bool, text: String| {
            if bad {
                problems.push(text);
            }
        };
        check(
            failed > 0,
            format!("{failed} participant(s) failed to connect"),
        );
        check(
            participants.dropped > 0,
            format!(
                "{} participant(s) lost their connection",
                participants.dropped
            ),
        );
        check(signals.lost > 0, format!("{} signal(s) lost", signals.lost));
        check(
            received > sent,
            format!(
                "{} more signal(s) received than sent",
                received.saturating_sub(sent)
            ),
        );
        check(
            checks.spoofed > 0,
            format!("{} signal(s) with a wrong `from`", checks.spoofed),
        );
        check(
            checks.cross_room > 0,
            format!("{} signal(s) from another room", checks.cross_room),
        );
        check(
            checks.misdelivered > 0,
            format!(
                "{} signal(s) delivered to the wrong participant",
                checks.misdelivered
            ),
        );
        check(
            checks.out_of_order > 0,
            format!(
                "{} signal(s) duplicated or out of order",
                checks.out_of_order
            ),
        );
        check(
            checks.unreadable > 0,
            format!("{} signal(s) without a readable marker", checks.unreadable),
        );
        check(sent == 0, "no signal was sent".to_owned());
        check(
            outcome.interrupted,
            "interrupted before the end (figures cover the part that ran)".to_owned(),
        );

        let hints = hints(&participants.failures, &errors);
        Self {
            config,
            participants,
            signals,
            checks,
            errors,
            interrupted: outcome.interrupted,
            ok: problems.is_empty(),
            problems,
            hints,
        }
    }

    /// The report for people.
    pub fn human(&self) -> String {
        use std::fmt::Write as _;
        let c = &self.config;
        let p = &self.participants;
        let s = &self.signals;
        let k = &self.checks;
        let q = |q: &Quantiles| {
            format!(
                "median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                q.median_ms, q.p90_ms, q.p99_ms, q.max_ms
            )
        };
        let map = |m: &BTreeMap<String, u64>| {
            if m.is_empty() {
                "none".to_owned()
            } else {
                m.iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let mut out = String::new();
        let _ = writeln!(out, "vroom-load report (run {})", c.run_id);
        let _ = writeln!(
            out,
            "  target          {}: {} rooms × {} = {} participants, {} signal(s)/s each, {} B SDP, warm-up {} s, measured {} s, drain {} s{}",
            c.url,
            c.rooms,
            c.per_room,
            p.planned,
            c.rate_per_participant,
            c.payload_bytes,
            c.warmup_s,
            c.duration_s,
            c.drain_s,
            if self.interrupted {
                " (interrupted)"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "  participants    connected {}, failed {} ({}), dropped {} ({})",
            p.connected,
            p.failed,
            map(&p.failures),
            p.dropped,
            map(&p.drops)
        );
        let _ = writeln!(out, "  join time       {}", q(&p.join_time));
        let _ = writeln!(
            out,
            "  signals         sent {}, received {}, lost {} (measured window: sent {}, received {}, lost {})",
            s.sent, s.received, s.lost, s.sent_measured, s.received_measured, s.lost_measured
        );
        let _ = writeln!(
            out,
            "  relay latency   {} ({} samples)",
            q(&s.relay_latency),
            s.relay_latency.count
        );
        let _ = writeln!(
            out,
            "  throughput      {:.1} signals/s relayed over {:.1} s (offered {:.1}/s, sent {:.1}/s)",
            s.throughput_per_s, s.measured_s, s.offered_per_s, s.sent_per_s
        );
        let _ = writeln!(out, "  error frames    {}", map(&self.errors));
        let _ = writeln!(
            out,
            "  checks          spoofed {}, cross-room {}, misdelivered {}, out of order {}, unreadable {}, bad frames {}",
            k.spoofed, k.cross_room, k.misdelivered, k.out_of_order, k.unreadable, k.bad_frames
        );
        if self.ok {
            let _ = writeln!(out, "  result          OK");
        } else {
            let _ = writeln!(
                out,
                "  result          FAILED: {}",
                self.problems.join("; ")
            );
        }
        for hint in &self.hints {
            let _ = writeln!(out, "  hint            {hint}");
        }
        out
    }
}

/// Advice for the failures that come from the server's default limits.
fn hints(failures: &BTreeMap<String, u64>, errors: &BTreeMap<String, u64>) -> Vec<String> {
    let mut hints = Vec::new();
    if failures.contains_key("http_429") {
        hints.push(
            "the server answered 429 to the WebSocket upgrade: it allows 20 connections per address by default; start it with VROOM_LIMITS__MAX_CONNECTIONS_PER_ADDRESS=10000".to_owned(),
        );
    }
    if failures.contains_key("http_503") {
        hints.push(
            "the server answered 503 to the WebSocket upgrade: it allows 2000 connections in all by default; start it with VROOM_LIMITS__MAX_CONNECTIONS=10000".to_owned(),
        );
    }
    if failures.contains_key("refused:room_full") {
        hints.push(
            "rooms were full: the server allows 25 people per room by default (VROOM_ROOMS__MAX_MEMBERS); lower --per-room".to_owned(),
        );
    }
    if failures.keys().any(|k| k.starts_with("connect")) {
        hints.push("connections were refused or reset: is the server running, and is `ulimit -n` high enough on both sides?".to_owned());
    }
    if errors.contains_key("rate_limited") {
        hints.push(
            "the server dropped signals with rate_limited: keep --rate under its signalling.messages_per_second (50 by default)".to_owned(),
        );
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let values = (1..=100).map(Duration::from_millis).collect();
        let q = Quantiles::from_durations(values);
        assert_eq!(q.count, 100);
        assert!((q.median_ms - 50.0).abs() < 1e-9);
        assert!((q.p90_ms - 90.0).abs() < 1e-9);
        assert!((q.p99_ms - 99.0).abs() < 1e-9);
        assert!((q.max_ms - 100.0).abs() < 1e-9);
        assert_eq!(Quantiles::from_durations(Vec::new()).count, 0);
    }

    fn config() -> RunConfig {
        RunConfig {
            url: "http://127.0.0.1:8090".to_owned(),
            run_id: "abc".to_owned(),
            rooms: 1,
            per_room: 2,
            duration_s: 1,
            warmup_s: 0,
            drain_s: 2,
            rate_per_participant: 1.0,
            payload_bytes: 100,
        }
    }

    fn outcome() -> Outcome {
        Outcome {
            connected: 2,
            failures: BTreeMap::new(),
            drops: BTreeMap::new(),
            join_times: vec![Duration::from_millis(3), Duration::from_millis(4)],
            measured: Duration::from_secs(1),
            interrupted: false,
        }
    }

    #[test]
    fn a_clean_run_is_ok_and_a_lossy_one_is_not() {
        let shared = Shared::new().expect("shared");
        for _ in 0..4 {
            Shared::add(&shared.sent);
            Shared::add(&shared.received);
        }
        let report = Report::build(config(), 2, &shared, outcome());
        assert!(report.ok, "{:?}", report.problems);
        assert!(report.human().contains("result          OK"));

        Shared::add(&shared.sent);
        Shared::add(&shared.spoofed);
        let mut failed = outcome();
        failed.failures.insert("http_429".to_owned(), 1);
        let report = Report::build(config(), 3, &shared, failed);
        assert!(!report.ok);
        assert_eq!(report.signals.lost, 1);
        assert_eq!(report.problems.len(), 3, "{:?}", report.problems);
        assert!(report.hints[0].contains("MAX_CONNECTIONS_PER_ADDRESS"));
        let json = serde_json::to_value(&report).expect("json");
        assert_eq!(json["checks"]["spoofed"], 1);
    }
}
