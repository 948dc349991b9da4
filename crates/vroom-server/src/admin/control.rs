//! The control socket: the admin API on a Unix socket only this machine's operator can open (mode
//! 0600), so that `vroom room ...` reaches the running server, sees who is in a room and can end a
//! meeting, without an account or a password on the command line.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::sync::watch;

use super::auth::ControlSocket;
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("configuration key `admin.control_socket`: cannot create {path}: {source}")]
    Bind {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Marks every request that came through the socket, and gives it a loopback peer address (the
/// handlers audit one).
async fn from_the_socket(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(ControlSocket);
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 0))));
    next.run(request).await
}

/// Serves `api` on the socket at `path` until `shutdown` flips, then removes the socket file; the
/// task returned ends once the file is gone. `Ok(None)` without serving when another server answers
/// on that socket already.
#[cfg(unix)]
pub async fn serve(
    app: AppState,
    api: Router<AppState>,
    path: &Path,
    mut shutdown: watch::Receiver<bool>,
) -> Result<Option<tokio::task::JoinHandle<()>>, ControlError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

    let bind_error = |source| ControlError::Bind {
        path: path.to_owned(),
        source,
    };
    if path.exists() {
        match tokio::net::UnixStream::connect(path).await {
            Ok(_) => {
                tracing::warn!(
                    socket = %path.display(),
                    "another server answers on the control socket: this one has none"
                );
                return Ok(None);
            }
            // Left by a server that did not stop cleanly: nobody listens on it.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                std::fs::remove_file(path).map_err(bind_error)?;
            }
            // Someone else's socket, or not a socket at all: not ours to remove.
            Err(e) => return Err(bind_error(e)),
        }
    }
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        // A directory of our own making is for the server's user only.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(bind_error)?;
    }
    let listener = tokio::net::UnixListener::bind(path).map_err(bind_error)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(bind_error)?;
    tracing::info!(socket = %path.display(), "control socket ready");
    let router = api
        .layer(middleware::from_fn(from_the_socket))
        .with_state(app);
    let owned = path.to_owned();
    let task = tokio::spawn(async move {
        let stop = async move {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
        };
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(error = %e, "control socket failed");
        }
        let _ = std::fs::remove_file(&owned);
    });
    Ok(Some(task))
}

#[cfg(not(unix))]
pub async fn serve(
    _app: AppState,
    _api: Router<AppState>,
    _path: &Path,
    _shutdown: watch::Receiver<bool>,
) -> Result<Option<tokio::task::JoinHandle<()>>, ControlError> {
    tracing::warn!(
        "the control socket needs a Unix system: `vroom room` works on the database only"
    );
    Ok(None)
}
