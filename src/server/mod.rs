//! `warta serve`: the archive over HTTP. A JSON API (the same objects as
//! `warta query --json`), its OpenAPI description, and the search page, on axum and
//! tokio. Limits, timeouts, compression, security headers and panics are tower
//! layers; handlers (`handlers`) are a few lines over the engine's [`Archive`].
//!
//! It is read-only. Bound to anything but loopback it requires a bearer token; absolute
//! file paths are in its answers only to clients on the same machine.

mod assets;
mod errors;
mod handlers;
#[cfg(test)]
mod tests;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::engine::Archive;
use errors::ApiError;

pub use handlers::{MAX_BATCH, MAX_LIMIT, MAX_OFFSET, MAX_PAGE, MAX_QUERY_CHARS};

/// Largest request body (a batch of queries), in bytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Longest a request may take, from its headers to its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a client may take to send a request's headers, or its body.
pub const SLOW_CLIENT_TIMEOUT: Duration = Duration::from_secs(10);
/// Shortest token accepted.
pub const MIN_TOKEN_CHARS: usize = 16;

/// The page may run only its own script and style; nothing may frame it.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

#[derive(Debug)]
pub struct ServeOptions {
    pub index: PathBuf,
    /// `ADDR:PORT`; port 0 picks a free one (the address is printed on stderr).
    pub bind: String,
    /// The bearer token API requests must carry (required off loopback).
    pub token: Option<String>,
}

pub struct AppState {
    archive: Arc<Archive>,
    /// Turns at the archive: searches run on blocking threads, and no more of them
    /// at once than the machine has cores for (others wait their turn).
    work: tokio::sync::Semaphore,
    /// The token's hash: comparing hashes takes the same time whatever the guess.
    token: Option<blake3::Hash>,
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub fn run(options: ServeOptions) -> Result<()> {
    let addresses: Vec<SocketAddr> = options
        .bind
        .to_socket_addrs()
        .with_context(|| format!("--bind {}: not an address to listen on", options.bind))?
        .collect();
    let loopback = !addresses.is_empty() && addresses.iter().all(|a| a.ip().is_loopback());
    let token = options.token.filter(|t| !t.is_empty());
    match &token {
        None if !loopback => bail!(
            "--bind {}: serving beyond this machine needs a token (--token or WARTA_TOKEN), sent by clients as `Authorization: Bearer TOKEN`",
            options.bind
        ),
        Some(t) if t.chars().count() < MIN_TOKEN_CHARS => {
            bail!("--token: use at least {MIN_TOKEN_CHARS} characters")
        }
        _ => {}
    }
    let archive = Archive::open_live(&options.index)?;
    let state = Arc::new(AppState {
        archive: Arc::new(archive),
        work: tokio::sync::Semaphore::new(work_slots()),
        token: token.map(|t| blake3::hash(t.as_bytes())),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(router(state), &addresses))
}

/// The routes and their layers.
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/api/search", get(handlers::search))
        .route("/api/search/batch", post(handlers::batch))
        .route("/api/articles/{*id}", get(handlers::article))
        .route("/api/facets", get(handlers::facets))
        .route("/api/stats", get(handlers::stats))
        .route("/api/duplicates", get(handlers::duplicates))
        .route("/api/openapi.json", get(handlers::openapi))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    let mut router = api.route("/healthz", get(handlers::healthz));
    for asset in assets::ASSETS {
        router = router.route(
            asset.path,
            get(move || async move { ([(header::CONTENT_TYPE, asset.content_type)], asset.bytes) }),
        );
    }
    router
        .fallback(handlers::not_found)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::custom(|_| {
                    ApiError::internal("the request failed inside the server").into_response()
                }))
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                ))
                .layer(CompressionLayer::new())
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                .layer(RequestBodyTimeoutLayer::new(SLOW_CLIENT_TIMEOUT))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                )),
        )
}

/// Where a request comes from: absolute paths are shown only to clients on this
/// machine (a loopback peer).
#[derive(Clone, Copy, Debug)]
pub struct Peer {
    pub local: bool,
}

/// Searches that may run at once: two a core.
pub fn work_slots() -> usize {
    2 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Lets a request through when no token is set or it carries the right one.
async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(expected) = state.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| blake3::hash(t.trim().as_bytes()));
        if given != Some(expected) {
            return ApiError::new(StatusCode::UNAUTHORIZED, "missing or wrong bearer token")
                .into_response();
        }
    }
    next.run(request).await
}

/// Accepts connections until a shutdown signal, each served by hyper with a deadline
/// for its headers; then waits (a while) for the requests in flight.
async fn serve(app: Router, addresses: &[SocketAddr]) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addresses)
        .await
        .with_context(|| format!("cannot listen on {}", addresses[0]))?;
    let local = listener.local_addr()?;
    eprintln!("warta: listening on http://{local}");
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, then go on serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let peer = Peer {
            local: peer.ip().is_loopback(),
        };
        let app = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(peer);
                request
            });
        let service = hyper_util::service::TowerToHyperService::new(app);
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(SLOW_CLIENT_TIMEOUT);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    eprintln!("warta: shutting down");
    if tokio::time::timeout(REQUEST_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("warta: some requests were still running; stopped them");
    }
    Ok(())
}

/// SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
