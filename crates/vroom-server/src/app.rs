//! Assembling and starting the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::serve::ListenerExt;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;
use vroom_core::protocol::Limits;
use vroom_store::Store;

use crate::audit::Audit;
use crate::config::Config;
use crate::ice::IceProvider;
use crate::mail::{JoinNotifier, Mailer};
use crate::rooms::Registry;
use crate::rooms::RoomShared;
use crate::state::AppState;
use crate::templates::Templates;
use crate::{clock, http, jobs};

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    /// Where `/metrics` is served without login, when `metrics.listen` is set.
    pub metrics_addr: Option<SocketAddr>,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
    metrics_task: Option<JoinHandle<std::io::Result<()>>>,
    /// The control socket's server, which removes the socket file when it ends.
    control_task: Option<JoinHandle<()>>,
    /// One permit per open WebSocket: all back means every connection task has ended.
    connections: Arc<Semaphore>,
    max_connections: u32,
}

impl Server {
    /// Asks every connection to close ("restarting"), then waits for the server to stop.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let connections = self.connections;
        let max = self.max_connections;
        let _ = tokio::time::timeout(Duration::from_secs(10), async move {
            let _ = self.task.await;
            if let Some(task) = self.metrics_task {
                let _ = task.await;
            }
            if let Some(task) = self.control_task {
                let _ = task.await;
            }
            // WebSocket tasks outlive axum's graceful shutdown: wait for their close frames to go out.
            let _ = connections.acquire_many(max).await;
        })
        .await;
    }

    /// Runs until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        let stop = async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
                tokio::select! {
                    r = ctrl_c => r,
                    _ = term.recv() => Ok(()),
                }
            }
            #[cfg(not(unix))]
            ctrl_c.await
        };
        stop.await.context("waiting for a stop signal")?;
        tracing::info!("stopping");
        self.shutdown().await;
        Ok(())
    }
}

/// Connects the database (migrating it), then listens on `server.listen`.
pub async fn start(config: Config) -> anyhow::Result<Server> {
    let store = connect_store(&config).await?;
    let report = store.migrate().await.context("migrating the database")?;
    if report.from != report.to {
        tracing::info!(
            from = report.from,
            to = report.to,
            "database schema migrated"
        );
    }
    let templates = Arc::new(
        Templates::load(&config.server.templates_dir)
            .context("configuration key `server.templates_dir`")?,
    );

    let cookie_key = crate::sessions::load_key(&store)
        .await
        .context("loading the session cookie key")?;
    let audit = Audit::spawn(store.clone());
    let mailer = Mailer::new(&config.mail, store.clone(), audit.clone())?;
    let notifier = JoinNotifier::new(mailer.clone(), templates.clone(), &config.server.public_url);
    let ice = IceProvider::new(config.ice.clone());
    // Bounded by etherpad.timeout; a failure leaves the server up with notes unavailable (and says why).
    let notes = crate::notes::Notes::start(&config.etherpad, store.clone(), audit.clone()).await;
    let notes_for_rooms = notes.clone();
    let activity_store = store.clone();
    let shared = RoomShared {
        rooms: config.rooms.clone(),
        store: store.clone(),
        audit: audit.clone(),
        limits: Limits {
            max_message_bytes: config.signalling.max_message_bytes,
            ping_interval_ms: config.signalling.ping_interval * 1000,
            reconnect_grace_ms: config.signalling.reconnect_grace * 1000,
        },
        reconnect_grace: Duration::from_secs(config.signalling.reconnect_grace),
        ice: ice.clone(),
        on_activity: Arc::new(move |name| {
            let store = activity_store.clone();
            tokio::spawn(async move {
                if let Err(e) = store.rooms().touch(&name, clock::unix_now_i64()).await {
                    tracing::warn!(room = %name, error = %e, "could not record room activity");
                }
            });
        }),
        on_join: Arc::new(move |room, name| notifier.joined(room, name)),
        on_notes_session_end: Arc::new(move |session| notes_for_rooms.end_session(session)),
    };
    let registry = Registry::spawn(shared);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    mailer.spawn_worker(shutdown_rx.clone());
    notes.spawn_worker(shutdown_rx.clone());
    let app = AppState::new(
        config,
        store,
        registry,
        templates,
        ice,
        audit,
        cookie_key,
        mailer,
        notes,
        shutdown_rx.clone(),
    );
    jobs::spawn(app.clone(), shutdown_rx.clone());

    let listen = app.config.server.listen;
    let connections = app.connections.clone();
    let max_connections = u32::try_from(app.config.limits.max_connections).unwrap_or(u32::MAX);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("configuration key `server.listen`: cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    // Signalling frames are small and latency-bound: without TCP_NODELAY a frame can wait for the peer's
    // delayed ACK (measured: p99 relay latency 22 ms with Nagle, 0.4 ms without; docs/load-testing.md).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    // Bound before anything is served, so that a taken address stops the start with its key's name.
    let metrics_listener = match app.config.metrics.listen_addr() {
        Some(at) => Some(tokio::net::TcpListener::bind(at).await.with_context(|| {
            format!("configuration key `metrics.listen`: cannot listen on {at}")
        })?),
        None => None,
    };
    let (metrics_addr, metrics_task) = match metrics_listener {
        Some(listener) => {
            let at = listener.local_addr()?;
            let router = crate::metrics::listener_router(app.clone());
            let mut stop = shutdown_rx.clone();
            let task = tokio::spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|stopping| *stopping).await;
                    })
                    .await
            });
            tracing::info!("metrics for Prometheus at http://{at}/metrics");
            (Some(at), Some(task))
        }
        None => (None, None),
    };
    let control_task = if app.config.admin.control_socket.is_empty() {
        None
    } else {
        let path = std::path::PathBuf::from(&app.config.admin.control_socket);
        crate::admin::control::serve(
            app.clone(),
            crate::admin::api_routes(),
            &path,
            shutdown_rx.clone(),
        )
        .await?
    };
    let router = http::router(app);
    let mut stop = shutdown_rx;
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|stopping| *stopping).await;
        })
        .await
    });
    tracing::info!("VROOM is listening on http://{addr}");
    Ok(Server {
        addr,
        metrics_addr,
        shutdown: shutdown_tx,
        task,
        metrics_task,
        control_task,
        connections,
        max_connections,
    })
}

pub async fn connect_store(config: &Config) -> anyhow::Result<Store> {
    Store::connect(&config.database.url, config.database.max_connections)
        .await
        .with_context(|| {
            format!(
                "configuration key `database.url`: cannot open {}",
                crate::config::redact_url(&config.database.url)
            )
        })
}
