//! Prometheus metrics, served at `/metrics` (docs/api.md, *Monitoring*): for administrators on the
//! main address, or without login on `metrics.listen`.
//!
//! Each server has its own registry rather than a process-wide recorder, so that several servers in
//! one process (the integration tests) each count only their own traffic. Counters are bumped where
//! things happen; values that live elsewhere (the store, the room registry, the connection permits)
//! are read when Prometheus scrapes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

use crate::admin::Admin;
use crate::state::AppState;

/// Longer than any healthy count takes, shorter than Prometheus's default scrape timeout (10 s), so
/// a stuck database gives a scrape that says so rather than one Prometheus abandons.
const STORE_DEADLINE: Duration = Duration::from_secs(2);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DirectionLabel {
    direction: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabel {
    version: &'static str,
}

/// One server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    rooms: Gauge,
    rooms_live: Gauge,
    participants: Gauge,
    websocket_connections: Gauge,
    mail_queue: Family<StateLabel, Gauge>,
    http_requests: Family<StatusLabel, Counter>,
    // Handles into the family, kept so that a message costs one atomic add, not a label lookup.
    messages_in: Counter,
    messages_out: Counter,
}

/// Why a scrape could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ScrapeError {
    #[error("the database did not answer: {0}")]
    Store(#[from] vroom_store::StoreError),
    #[error("the database did not answer within {} s", STORE_DEADLINE.as_secs())]
    StoreTimeout,
    #[error("the server is stopping")]
    Stopping,
    #[error("encoding the metrics failed")]
    Encoding,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let rooms = Gauge::default();
        registry.register(
            "vroom_rooms",
            "Rooms stored in the database (live or not)",
            rooms.clone(),
        );
        let rooms_live = Gauge::default();
        registry.register(
            "vroom_rooms_live",
            "Rooms with at least one person in them now",
            rooms_live.clone(),
        );
        let participants = Gauge::default();
        registry.register(
            "vroom_participants",
            "People in rooms now, including those whose connection is being resumed",
            participants.clone(),
        );
        let websocket_connections = Gauge::default();
        registry.register(
            "vroom_websocket_connections",
            "Open signalling WebSockets (limit: limits.max_connections)",
            websocket_connections.clone(),
        );
        let messages = Family::<DirectionLabel, Counter>::default();
        registry.register(
            "vroom_signalling_messages",
            "Signalling frames received from clients (direction=in) and sent to them (direction=out)",
            messages.clone(),
        );
        let messages_in = messages
            .get_or_create(&DirectionLabel { direction: "in" })
            .clone();
        let messages_out = messages
            .get_or_create(&DirectionLabel { direction: "out" })
            .clone();
        let http_requests = Family::<StatusLabel, Counter>::default();
        registry.register(
            "vroom_http_requests",
            "HTTP requests answered on the main address, by status code (WebSocket upgrades are 101)",
            http_requests.clone(),
        );
        let mail_queue = Family::<StateLabel, Gauge>::default();
        registry.register(
            "vroom_mail_queue",
            "Mails in the queue by state: pending (waiting to leave), sent or failed (given up); sent and failed ones are kept until purged",
            mail_queue.clone(),
        );
        registry.register(
            "vroom_build",
            "The running version of VROOM (always 1)",
            Info::new(VersionLabel {
                version: env!("CARGO_PKG_VERSION"),
            }),
        );
        let start_time = Gauge::<f64, AtomicU64>::default();
        start_time.set(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
        );
        registry.register(
            "vroom_start_time_seconds",
            "When this server started, in seconds since the Unix epoch",
            start_time,
        );
        Metrics {
            registry,
            rooms,
            rooms_live,
            participants,
            websocket_connections,
            mail_queue,
            http_requests,
            messages_in,
            messages_out,
        }
    }

    /// A signalling frame arrived from a client.
    pub fn message_in(&self) {
        self.messages_in.inc();
    }

    /// A signalling frame went out to a client.
    pub fn message_out(&self) {
        self.messages_out.inc();
    }

    pub fn http_response(&self, status: StatusCode) {
        self.http_requests
            .get_or_create(&StatusLabel {
                status: status.as_u16(),
            })
            .inc();
    }

    /// Reads the values kept elsewhere, then the whole exposition.
    pub async fn render(&self, app: &AppState) -> Result<String, ScrapeError> {
        let (rooms, mail) = tokio::time::timeout(STORE_DEADLINE, async {
            let rooms = app.store.rooms().count().await?;
            let mail = app.store.mail_queue().counts().await?;
            Ok::<_, vroom_store::StoreError>((rooms, mail))
        })
        .await
        .map_err(|_| ScrapeError::StoreTimeout)??;
        let live = app
            .registry
            .live()
            .await
            .map_err(|_| ScrapeError::Stopping)?;
        self.rooms.set(rooms);
        self.rooms_live.set(gauge_value(live.len()));
        self.participants
            .set(gauge_value(live.iter().map(|(_, n)| n).sum()));
        let open = app
            .config
            .limits
            .max_connections
            .saturating_sub(app.connections.available_permits());
        self.websocket_connections.set(gauge_value(open));
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        for (state, n) in [
            ("pending", mail.pending),
            ("sent", mail.sent),
            ("failed", mail.failed),
        ] {
            self.mail_queue
                .get_or_create(&StateLabel { state })
                .set(count(n));
        }
        let mut text = String::new();
        prometheus_text::encode(&mut text, &self.registry).map_err(|_| ScrapeError::Encoding)?;
        Ok(text)
    }
}

fn gauge_value(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The exposition, or 503 with the reason: Prometheus then records the scrape as failed (`up` 0)
/// instead of storing numbers that are not true.
async fn scrape(app: &AppState) -> Response {
    let mut response = match app.metrics.render(app).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(prometheus_text::CONTENT_TYPE),
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics scrape failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("metrics unavailable: {e}\n"),
            )
                .into_response()
        }
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `/metrics` on the main address: administrators only (401 otherwise).
pub async fn for_admin(_admin: Admin, State(app): State<AppState>) -> Response {
    scrape(&app).await
}

/// `/metrics` on `metrics.listen`, without login: that address is meant to be reachable only by
/// the monitoring system.
async fn open(State(app): State<AppState>) -> Response {
    scrape(&app).await
}

/// The router of the separate metrics address: `/metrics` and nothing else.
pub fn listener_router(app: AppState) -> Router {
    Router::new().route("/metrics", get(open)).with_state(app)
}

/// Counts every answer of the main address by status code.
pub async fn count_responses(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    app.metrics.http_response(response.status());
    response
}
