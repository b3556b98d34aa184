//! `POST /api/v1/feeds`: fetch an RSS or Atom feed by URL and ingest its
//! items (cleaned, analysed, stored), like `dateline ingest FEED`.

use crate::api::{check_token, with_writer};
use crate::{ApiError, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

/// The largest feed fetched, in bytes.
pub const MAX_FEED_BYTES: u64 = 5 * 1024 * 1024;
/// How long a fetch may take in all.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(20);
/// Items ingested from one feed by default, and at most.
const DEFAULT_ITEMS: usize = 50;
const MAX_ITEMS: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PostedFeed {
    url: String,
    max_items: Option<usize>,
}

fn fetch_error(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_GATEWAY, code, message)
}

/// Fetches `url` (http or https) with a time and size limit.
fn fetch(url: &str) -> Result<(Vec<u8>, Option<String>), ApiError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(FETCH_TIMEOUT))
        .timeout_connect(Some(Duration::from_secs(5)))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent(concat!("dateline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => {
            ApiError::new(StatusCode::GATEWAY_TIMEOUT, "fetch_timeout", format!("{url}: {e}"))
        }
        e => fetch_error("fetch_failed", format!("{url}: {e}")),
    })?;
    let status = resp.status();
    if !status.is_success() {
        return Err(fetch_error("fetch_failed", format!("{url}: the server answered {status}")));
    }
    let ctype = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = resp.body_mut().with_config().limit(MAX_FEED_BYTES).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(_) => {
            fetch_error("feed_too_large", format!("{url}: larger than {MAX_FEED_BYTES} bytes"))
        }
        ureq::Error::Timeout(_) => {
            ApiError::new(StatusCode::GATEWAY_TIMEOUT, "fetch_timeout", format!("{url}: {e}"))
        }
        e => fetch_error("fetch_failed", format!("{url}: {e}")),
    })?;
    Ok((bytes, ctype))
}

pub(crate) async fn post_feed(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PostedFeed>, JsonRejection>,
) -> Result<Response, ApiError> {
    check_token(&s, &headers)?;
    let Json(p) = body?;
    let url = p.url.trim().to_owned();
    let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
    if !scheme_ok || url.len() > 2048 || url.contains(char::is_whitespace) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_url", "url: an http:// or https:// address"));
    }
    let max_items = p.max_items.unwrap_or(DEFAULT_ITEMS);
    if max_items == 0 || max_items > MAX_ITEMS {
        return Err(ApiError::bad_param(format!("max_items: 1..={MAX_ITEMS}, got {max_items}")));
    }
    // Fetch and read the items off the writer (which stays free meanwhile).
    let origin = url.clone();
    let (docs, failures) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let (bytes, _ctype) = fetch(&origin)?;
        let head = &bytes[..bytes.len().min(8192)];
        if dateline_ingest::detect(head, None) != dateline_ingest::Detected::Feed {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_a_feed",
                format!("{origin}: not an RSS or Atom feed"),
            ));
        }
        let mut docs = Vec::new();
        let mut failures = Vec::new();
        let opts = dateline_ingest::ReadOptions { max_bytes: MAX_FEED_BYTES };
        dateline_ingest::read_bytes(&origin, None, &bytes, &opts, &mut |r| match r {
            Ok(d) if docs.len() < max_items => docs.push(d),
            Ok(_) => {}
            Err(e) => failures.push(json!({"origin": e.origin, "reason": e.kind.to_string()})),
        });
        Ok((docs, failures))
    })
    .await
    .map_err(|e| ApiError::internal(format!("fetch failed: {e}")))??;
    if docs.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_feed",
            format!("{url}: no items could be read ({} failed)", failures.len()),
        ));
    }
    let n_items = docs.len();
    let v = with_writer(&s, move |w| {
        let mut batch = Vec::new();
        let mut failures = failures;
        let mut events = 0;
        for raw in &docs {
            match w.cleaner.clean(raw) {
                Ok(mut doc) => {
                    if let Some(p) = &w.pipeline {
                        p.run(&mut doc);
                    }
                    events += doc.events.len();
                    batch.push(dateline_store::NewArticle::new(doc));
                }
                Err(e) => failures.push(json!({"origin": raw.origin, "reason": e.to_string()})),
            }
        }
        let outcomes = w.store.put_batch(&batch)?;
        Ok(json!({"url": url, "items": n_items, "events": events, "stored": outcomes, "failed": failures}))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}
