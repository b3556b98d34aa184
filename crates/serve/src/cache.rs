//! A small response cache for the JSON read endpoints, valid while the
//! store's files are unchanged (any commit, by this server or another
//! process, changes the WAL file's size or time and so empties it).

use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

/// Responses larger than this are not kept.
const MAX_BODY: usize = 4 << 20;
/// The cache empties itself when its answers reach this many bytes.
const MAX_TOTAL: usize = 64 << 20;

/// What the store's files look like: (db modified, WAL length, WAL modified).
type Stamp = (SystemTime, u64, Option<SystemTime>);

fn stamp(db: &Path) -> Option<Stamp> {
    let main = std::fs::metadata(db).ok()?.modified().ok()?;
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let (len, modified) = match std::fs::metadata(&wal) {
        Ok(m) => (m.len(), m.modified().ok()),
        Err(_) => (0, None),
    };
    Some((main, len, modified))
}

pub(crate) struct Cache {
    capacity: usize,
    entries: Mutex<Entries>,
}

struct Entries {
    stamp: Option<Stamp>,
    map: HashMap<String, Bytes>,
    bytes: usize,
}

impl Entries {
    fn clear(&mut self) {
        self.map.clear();
        self.bytes = 0;
    }
}

impl Cache {
    pub(crate) fn new(capacity: usize) -> Cache {
        Cache { capacity, entries: Mutex::new(Entries { stamp: None, map: HashMap::new(), bytes: 0 }) }
    }

    fn get(&self, key: &str, now: Stamp) -> Option<Bytes> {
        let mut e = self.entries.lock().ok()?;
        if e.stamp != Some(now) {
            e.stamp = Some(now);
            e.clear();
            return None;
        }
        e.map.get(key).cloned()
    }

    fn put(&self, key: String, at: Stamp, body: Bytes) {
        if let Ok(mut e) = self.entries.lock() {
            if e.stamp != Some(at) {
                return;
            }
            if e.map.len() >= self.capacity || e.bytes + body.len() > MAX_TOTAL {
                e.clear();
            }
            e.bytes += body.len();
            if let Some(old) = e.map.insert(key, body) {
                e.bytes -= old.len();
            }
        }
    }
}

fn cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && path.starts_with("/api/v1/")
        && !matches!(path, "/api/v1/export" | "/api/v1/health" | "/api/v1/openapi.json")
}

pub(crate) async fn layer(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let Some(cache) = s.0.cache.as_ref().filter(|_| cacheable(&req)) else {
        return next.run(req).await;
    };
    let Some(before) = stamp(&s.0.db) else {
        return next.run(req).await;
    };
    let key = req.uri().to_string();
    if let Some(body) = cache.get(&key, before) {
        return ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return crate::ApiError::internal("response too large to send").into_response();
    };
    // Keep it only if the store did not change while it was computed.
    if stamp(&s.0.db) == Some(before) {
        cache.put(key, before, bytes.clone());
    }
    Response::from_parts(parts, Body::from(bytes))
}
