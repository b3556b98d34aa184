//! `dateline serve`: the HTTP API (`/api/v1/...`, described by
//! `/api/v1/openapi.json`) and the web dashboard (`/`), from one binary.
//!
//! Reads go through a small pool of store connections, each used on a
//! blocking thread; the API never writes except through
//! `POST /api/v1/articles`, which exists only when a token is configured and
//! is presented as `Authorization: Bearer <token>`.
#![warn(missing_docs)]

mod api;
mod assets;
mod cache;
mod error;
mod feeds;
mod filter;
mod lookup;
mod pool;

pub use error::ApiError;
pub use feeds::{FETCH_TIMEOUT, MAX_FEED_BYTES};

use axum::extract::DefaultBodyLimit;
use axum::Router;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The largest request body accepted (a posted article), in bytes.
pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;
/// The most rows one page of a listing may ask for.
pub const MAX_LIMIT: u32 = 1000;
/// The largest `offset` accepted (deeper pages: use filters).
pub const MAX_OFFSET: u32 = 100_000;
/// The longest request URI accepted, in bytes.
pub const MAX_URI: usize = 8192;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The store could not be opened.
    #[error("opening the store {path}: {source}")]
    Store {
        /// The store file.
        path: PathBuf,
        /// Why.
        source: dateline_store::Error,
    },
    /// The address could not be bound or the server failed.
    #[error("listening on {addr}: {source}")]
    Io {
        /// The address.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store file.
    pub db: PathBuf,
    /// The bearer token that enables writing endpoints; `None`: read-only.
    pub token: Option<String>,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// Store connections for reads.
    pub readers: usize,
    /// Responses of the JSON read endpoints kept while the store is
    /// unchanged (0: no cache).
    pub cache_entries: usize,
    /// The analysis run on posted articles and feed items (built on the
    /// first write).
    pub pipeline: dateline_pipeline::PipelineConfig,
}

impl ServeOptions {
    /// Read-only serving of `db` with default limits.
    pub fn new(db: &Path) -> ServeOptions {
        ServeOptions {
            db: db.to_owned(),
            token: None,
            max_body: DEFAULT_MAX_BODY,
            readers: 8,
            cache_entries: 512,
            pipeline: dateline_pipeline::PipelineConfig::default(),
        }
    }
}

/// What writing needs: the store's writer connection, the cleaner and the
/// analysis pipeline (loaded on the first write).
pub(crate) struct Writer {
    pub(crate) store: dateline_store::Store,
    pub(crate) cleaner: dateline_clean::Cleaner,
    pub(crate) pipeline: Option<dateline_doc::Pipeline>,
}

/// Shared server state.
pub(crate) struct Inner {
    pub(crate) pool: Arc<pool::Pool>,
    pub(crate) token: Option<String>,
    pub(crate) writer: Arc<Mutex<Option<Writer>>>,
    pub(crate) db: PathBuf,
    pub(crate) cache: Option<cache::Cache>,
    pub(crate) pipeline: dateline_pipeline::PipelineConfig,
}

/// The state handlers share (cheap to clone).
#[derive(Clone)]
pub struct AppState(pub(crate) Arc<Inner>);

impl AppState {
    /// Opens the store (creating and migrating it if needed) and the pool
    /// of read connections.
    pub fn open(opts: &ServeOptions) -> Result<AppState, ServeError> {
        let store_err = |source| ServeError::Store { path: opts.db.clone(), source };
        // Creates or migrates the store once, before readers open it.
        drop(dateline_store::Store::open(&opts.db).map_err(store_err)?);
        let pool = pool::Pool::new(&opts.db, opts.readers.max(1)).map_err(store_err)?;
        Ok(AppState(Arc::new(Inner {
            pool: Arc::new(pool),
            token: opts.token.clone().filter(|t| !t.is_empty()),
            writer: Arc::new(Mutex::new(None)),
            db: opts.db.clone(),
            cache: (opts.cache_entries > 0).then(|| cache::Cache::new(opts.cache_entries)),
            pipeline: opts.pipeline.clone(),
        })))
    }
}

/// The whole application: API, OpenAPI document and dashboard.
pub fn router(state: AppState, max_body: usize) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .layer(axum::middleware::from_fn(api::guard))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// Binds `addr` and serves until Ctrl-C; `on_ready` gets the bound
/// address (the port may have been 0).
pub async fn serve(
    opts: ServeOptions,
    addr: &str,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let state = AppState::open(&opts)?;
    let io_err = |source| ServeError::Io { addr: addr.to_owned(), source };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(io_err)?;
    let local = listener.local_addr().map_err(io_err)?;
    on_ready(local);
    axum::serve(listener, router(state, opts.max_body))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(io_err)
}

/// [`serve`] on a runtime of its own, for callers without one (the CLI).
pub fn serve_blocking(
    opts: ServeOptions,
    addr: &str,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io { addr: addr.to_owned(), source })?;
    rt.block_on(serve(opts, addr, on_ready))
}
