//! The `/api/v1` handlers.

use crate::filter::{paging, parse_day, EventParams, Sort};
use crate::pool::Reader;
use crate::{ApiError, AppState, Writer, MAX_URI};
use axum::body::Body;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dateline_doc::{Document, EventActor, OffsetIndex, TextRange};
use dateline_store::{ArticleFilter, DayOrder, EventFilter, StoredEvent};
use rusqlite::types::Value as SqlValue;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::OnceLock;

type ApiResult = Result<Response, ApiError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1", get(index))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/health", get(health))
        .route("/api/v1/articles", get(list_articles).post(post_article))
        .route("/api/v1/articles/{id}", get(get_article))
        .route("/api/v1/events", get(list_events))
        .route("/api/v1/events/{id}", get(get_event))
        .route("/api/v1/feeds", axum::routing::post(crate::feeds::post_feed))
        .route("/api/v1/actors", get(crate::lookup::actors))
        .route("/api/v1/places", get(crate::lookup::places))
        .route("/api/v1/dyads", get(dyads))
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/export", get(export))
}

/// Refuses over-long URIs before anything else looks at them.
pub(crate) async fn guard(req: Request, next: Next) -> Response {
    let len = req.uri().to_string().len();
    if len > MAX_URI {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request URI is {len} bytes; at most {MAX_URI}"),
        )
        .into_response();
    }
    next.run(req).await
}

pub(crate) async fn not_found(req: Request) -> Response {
    ApiError::not_found(format!("no such endpoint: {} {}", req.method(), req.uri().path())).into_response()
}

async fn index() -> Response {
    Json(json!({
        "name": "dateline",
        "version": env!("CARGO_PKG_VERSION"),
        "openapi": "/api/v1/openapi.json",
        "endpoints": ["/api/v1/health", "/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/events",
            "/api/v1/events/{id}", "/api/v1/actors", "/api/v1/places", "/api/v1/dyads", "/api/v1/stats", "/api/v1/export"],
    }))
    .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::assets::OPENAPI).into_response()
}

async fn health(State(s): State<AppState>) -> ApiResult {
    let v =
        s.0.pool
            .with(|r| {
                Ok(json!({
                    "status": "ok",
                    "schema_version": r.store.schema_version()?,
                    "articles": r.store.count_articles()?,
                    "events": r.store.count_all_events()?,
                    "writable": false,
                }))
            })
            .await?;
    let mut v = v;
    v["writable"] = json!(s.0.token.is_some());
    Ok(Json(v).into_response())
}

// ---------------------------------------------------------------- articles

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleParams {
    q: Option<String>,
    since: Option<String>,
    until: Option<String>,
    source: Option<String>,
    language: Option<String>,
    story: Option<i64>,
    limit: Option<u32>,
    offset: Option<u32>,
}

async fn list_articles(
    State(s): State<AppState>,
    q: Result<Query<ArticleParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q?;
    let (limit, offset) = paging(p.limit, p.offset, 50)?;
    let filter = ArticleFilter {
        since: parse_day("since", &p.since)?,
        until: parse_day("until", &p.until)?,
        source: p.source.filter(|s| !s.trim().is_empty()),
        language: p.language.filter(|s| !s.trim().is_empty()),
        words: p.q.filter(|s| !s.trim().is_empty()),
        story_id: p.story,
        limit: Some(limit),
        offset,
    };
    let v =
        s.0.pool
            .with(move |r| {
                let articles = r.store.articles(&filter)?;
                let next = (articles.len() as u32 == limit).then_some(offset + limit);
                Ok(json!({"limit": limit, "offset": offset, "next_offset": next, "articles": articles}))
            })
            .await?;
    Ok(Json(v).into_response())
}

async fn get_article(State(s): State<AppState>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    let v = s.0.pool.with(move |r| article_json(r, id)).await?;
    Ok(Json(v).into_response())
}

/// Byte ranges to UTF-16 code units.
struct Units<'a> {
    text: &'a str,
    index: OffsetIndex,
}

impl Units<'_> {
    fn range(&self, r: TextRange) -> [usize; 2] {
        let (s, e) = self.index.utf16_range(r);
        [s, e]
    }

    fn bytes(&self, s: usize, e: usize) -> Option<[usize; 2]> {
        TextRange::checked(self.text, s, e).ok().map(|r| self.range(r))
    }

    fn text(&self, r: TextRange) -> &str {
        self.text.get(r.to_std()).unwrap_or("")
    }
}

fn codebook() -> Option<&'static dateline_events::Codebook> {
    static BOOK: OnceLock<Option<dateline_events::Codebook>> = OnceLock::new();
    BOOK.get_or_init(|| dateline_events::Codebook::load_default().ok()).as_ref()
}

fn cameo_name(code: &str) -> Option<String> {
    codebook().and_then(|b| b.get(code)).map(|c| c.name.clone())
}

fn quadclass_name(q: u8) -> &'static str {
    match q {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "unknown",
    }
}

fn actor_label(a: Option<&EventActor>) -> String {
    match a {
        None => "(no one named)".into(),
        Some(a) => {
            let code = if a.code.is_empty() { a.country.clone().unwrap_or_default() } else { a.code.clone() };
            if code.is_empty() {
                format!("“{}”", a.text)
            } else {
                format!("“{}” ({code})", a.text)
            }
        }
    }
}

fn article_json(r: &Reader, id: i64) -> Result<Value, ApiError> {
    let Some(a) = r.store.article(id)? else {
        return Err(ApiError::not_found(format!("no article {id}")));
    };
    let doc: &Document = &a.doc;
    let u = Units { text: doc.text(), index: doc.offset_index() };
    let sentences: Vec<[usize; 2]> = r
        .raw
        .query_row("SELECT sentences FROM article_analysis WHERE article_id = ?1", [id], |row| {
            row.get::<_, String>(0)
        })
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut stored_ids: Vec<(usize, usize, i64)> = Vec::new();
    {
        let mut stmt = r.raw.prepare_cached(
            "SELECT trigger_start, trigger_end, event_id FROM event_mentions WHERE article_id = ?1",
        )?;
        let rows = stmt.query_map([id], |row| {
            Ok((row.get::<_, i64>(0)? as usize, row.get::<_, i64>(1)? as usize, row.get::<_, i64>(2)?))
        })?;
        for row in rows {
            stored_ids.push(row?);
        }
    }
    let side = |a: &Option<EventActor>| {
        a.as_ref().map(|a| {
            json!({"text": a.text, "code": a.code, "country": a.country, "kb_id": a.kb_id, "range": u.range(a.range)})
        })
    };
    let events: Vec<Value> = doc
        .events
        .iter()
        .map(|e| {
            let trig = [e.trigger.start().to_usize(), e.trigger.end().to_usize()];
            let stored = stored_ids.iter().find(|(s, t, _)| [*s, *t] == trig).map(|x| x.2);
            let sentence = sentences.get(e.sentence as usize).and_then(|s| u.bytes(s[0], s[1]));
            let place = e.place.and_then(|i| doc.places.get(i as usize));
            let timex = e.date.as_ref().and_then(|d| d.timex).and_then(|i| doc.timexes.get(i as usize));
            let name = cameo_name(&e.cameo);
            let mut why = format!(
                "{} → {}: CAMEO {}{} ({}, Goldstein {:+.1}). Trigger “{}” matched rule {}; {}.",
                actor_label(e.source.as_ref()),
                actor_label(e.target.as_ref()),
                e.cameo,
                name.as_deref().map(|n| format!(" {n}")).unwrap_or_default(),
                quadclass_name(e.quadclass),
                e.goldstein,
                u.text(e.trigger),
                e.rule,
                e.modality.as_str(),
            );
            if let Some(d) = &e.date {
                why.push_str(&format!(" Date {} ({}", d.value, d.precision));
                match timex {
                    Some(t) => why.push_str(&format!(", from “{}”)", u.text(t.range))),
                    None => why.push_str(&format!(", from the {})", format!("{:?}", d.basis).to_lowercase())),
                }
                why.push('.');
            }
            if let Some(p) = place {
                why.push_str(&format!(
                    " Place {} ({}{:.2}, {:.2}), from “{}”.",
                    p.name,
                    p.country.as_deref().map(|c| format!("{c}, ")).unwrap_or_default(),
                    p.lat,
                    p.lon,
                    u.text(p.range)
                ));
            }
            if let Some(att) = &e.attribution {
                why.push_str(&format!(" Reported by “{}”.", att.text));
            }
            json!({
                "event_id": stored,
                "cameo": e.cameo,
                "name": name,
                "goldstein": e.goldstein,
                "quadclass": e.quadclass,
                "plover": e.plover,
                "source": side(&e.source),
                "target": side(&e.target),
                "reciprocal": e.reciprocal,
                "trigger": u.range(e.trigger),
                "trigger_text": u.text(e.trigger),
                "evidence": e.evidence.iter().map(|r| u.range(*r)).collect::<Vec<_>>(),
                "sentence": sentence,
                "modality": e.modality,
                "attribution": e.attribution.as_ref().map(|a| json!({"text": a.text, "range": u.range(a.range)})),
                "date": e.date,
                "place": place.map(|p| json!({"name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
                    "range": u.range(p.range)})),
                "rule": e.rule,
                "explanation": why,
            })
        })
        .collect();
    let meta = &doc.meta;
    Ok(json!({
        "id": a.id,
        "story_id": a.story_id,
        "ingested_at": a.ingested_at,
        "title": meta.title,
        "published": meta.published.map(|p| p.to_string()),
        "source": meta.source,
        "url": meta.url,
        "language": meta.language,
        "origin": meta.origin,
        "copies": a.copies,
        "offsets": "utf16",
        "text": doc.text(),
        "sentences": sentences.iter().filter_map(|s| u.bytes(s[0], s[1])).collect::<Vec<_>>(),
        "entities": doc.entities.iter().map(|e| json!({"range": u.range(e.range), "type": e.kind,
            "score": e.score, "text": u.text(e.range)})).collect::<Vec<_>>(),
        "actors": doc.actors.iter().map(|a| json!({"range": u.range(a.range), "code": a.code,
            "country": a.country, "kb_id": a.kb_id, "name": a.name, "chain": a.chain, "how": a.how,
            "text": u.text(a.range)})).collect::<Vec<_>>(),
        "places": doc.places.iter().map(|p| json!({"range": u.range(p.range), "name": p.name,
            "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
            "feature": p.feature, "confidence": p.confidence, "metonym": p.metonym,
            "text": u.text(p.range)})).collect::<Vec<_>>(),
        "timexes": doc.timexes.iter().map(|t| json!({"range": u.range(t.range), "type": t.kind,
            "value": t.value, "rule": t.rule, "text": u.text(t.range)})).collect::<Vec<_>>(),
        "events": events,
    }))
}

/// Runs `f` with the writer (the store's writing connection, the cleaner
/// and the analysis pipeline, opened and built on first use) on a
/// blocking thread.
pub(crate) async fn with_writer<T, F>(s: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Writer) -> Result<T, ApiError> + Send + 'static,
{
    let writer = s.0.writer.clone();
    let db = s.0.db.clone();
    let config = s.0.pipeline.clone();
    tokio::task::spawn_blocking(move || -> Result<T, ApiError> {
        let mut guard = writer.lock().map_err(|_| ApiError::internal("writer poisoned"))?;
        if guard.is_none() {
            *guard = Some(Writer {
                store: dateline_store::Store::open(&db)?,
                cleaner: dateline_clean::Cleaner::new(),
                pipeline: None,
            });
        }
        let Some(w) = guard.as_mut() else {
            return Err(ApiError::internal("no writer"));
        };
        if w.pipeline.is_none() {
            let p = config.build().map_err(|e| ApiError::internal(format!("building the pipeline: {e}")))?;
            w.pipeline = Some(p);
        }
        f(w)
    })
    .await
    .map_err(|e| ApiError::internal(format!("writer failed: {e}")))?
}

/// A posted article.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedArticle {
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

pub(crate) fn check_token(s: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &s.0.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only (start it with --token to accept writes)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing Authorization: Bearer <token>",
        ));
    };
    // Compare without stopping at the first difference.
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let diff = a.iter().zip(b).fold(a.len() ^ b.len(), |acc, (x, y)| acc | usize::from(x ^ y));
    if diff != 0 {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "wrong token"));
    }
    Ok(())
}

async fn post_article(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PostedArticle>, JsonRejection>,
) -> ApiResult {
    check_token(&s, &headers)?;
    let Json(p) = body?;
    let (content, payload) = match (p.text, p.html) {
        (Some(t), None) => (dateline_ingest::Content::Text, t),
        (None, Some(h)) => (dateline_ingest::Content::Html, h),
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_article",
                "give exactly one of text and html",
            ))
        }
    };
    if payload.trim().is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_article", "the article is empty"));
    }
    let published = match p.date.as_deref() {
        None => None,
        Some(d) => Some(dateline_ingest::parse_date(d).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_article", format!("date: cannot read {d:?}"))
        })?),
    };
    let origin = p.url.clone().unwrap_or_else(|| format!("api:{}", jiff::Timestamp::now()));
    let raw = dateline_ingest::RawDocument {
        origin,
        format: if matches!(content, dateline_ingest::Content::Html) {
            dateline_doc::SourceFormat::Html
        } else {
            dateline_doc::SourceFormat::Text
        },
        content,
        bytes: payload.into_bytes(),
        http_content_type: None,
        hints: dateline_ingest::Hints {
            url: p.url,
            title: p.title,
            date: p.date,
            published,
            source: p.source,
            ..Default::default()
        },
    };
    let v = with_writer(&s, move |w| {
        let mut doc = w
            .cleaner
            .clean(&raw)
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "no_text", e.to_string()))?;
        if let Some(p) = &w.pipeline {
            p.run(&mut doc);
        }
        let n_events = doc.events.len();
        let out = w.store.put_batch(&[dateline_store::NewArticle::new(doc)])?;
        Ok(json!({"result": out.first(), "events": n_events}))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

// ------------------------------------------------------------------ events

async fn list_events(State(s): State<AppState>, q: Result<Query<EventParams>, QueryRejection>) -> ApiResult {
    let Query(p) = q?;
    if p.format.is_some() {
        return Err(ApiError::bad_param("format: only for /export"));
    }
    let c = p.check(100)?;
    let v = s
        .0
        .pool
        .with(move |r| {
            let (events, cursor) = match c.sort {
                Sort::DayDesc | Sort::DayAsc => {
                    let order =
                        if c.sort == Sort::DayAsc { DayOrder::OldestFirst } else { DayOrder::NewestFirst };
                    let page = r.store.events_page(&c.filter, order, c.after.as_ref())?;
                    (page.events, page.next.map(|n| n.encode()))
                }
                sort => (sorted_events(r, &c.filter, sort)?, None),
            };
            let limit = c.filter.limit.unwrap_or(0);
            let (total, exact) = match c.total {
                false => (None, false),
                // A short first page holds them all: nothing to count.
                true if (events.len() as u32) < limit && c.filter.offset == 0 && c.after.is_none() => {
                    (Some(events.len() as u64), true)
                }
                true => {
                    let (n, exact) = r.store.count_events_capped(
                        &EventFilter { limit: None, offset: 0, ..c.filter.clone() },
                        COUNT_CAP,
                    )?;
                    (Some(n), exact)
                }
            };
            let next_offset = (events.len() as u32 == limit).then_some(c.filter.offset + limit);
            Ok(EventList {
                total,
                total_exact: exact,
                limit,
                offset: c.filter.offset,
                next_offset,
                next: cursor,
                events,
            })
        })
        .await?;
    Ok(Json(v).into_response())
}

/// A page of `/events`, serialized straight to the response (no
/// intermediate JSON tree).
#[derive(Serialize)]
struct EventList {
    total: Option<u64>,
    total_exact: bool,
    limit: u32,
    offset: u32,
    next_offset: Option<u32>,
    /// The cursor of the next page (`after=`), for day-ordered listings.
    next: Option<String>,
    events: Vec<StoredEvent>,
}

/// Counting stops here: a count over millions of events costs a scan, and
/// "more than 1,000" is all a page needs to say.
pub(crate) const COUNT_CAP: u64 = 1_000;

fn sorted_events(r: &Reader, f: &EventFilter, sort: Sort) -> Result<Vec<StoredEvent>, ApiError> {
    let mut args = Vec::new();
    let cond = r.store.filter_sql(f, &mut args)?;
    let cond = if cond.is_empty() { cond } else { format!("WHERE {cond}") };
    let sql = format!(
        "SELECT e.id FROM events e {cond} ORDER BY {} LIMIT {} OFFSET {}",
        sort.order_by(),
        f.limit.map_or(-1, i64::from),
        f.offset
    );
    let mut stmt = r.raw.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(rusqlite::params_from_iter(args), |row| row.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some((e, _)) = r.store.event(id)? {
            out.push(e);
        }
    }
    Ok(out)
}

async fn get_event(State(s): State<AppState>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    let v = s
        .0
        .pool
        .with(move |r| {
            let Some((event, mentions)) = r.store.event(id)? else {
                return Err(ApiError::not_found(format!("no event {id}")));
            };
            let mut stmt =
                r.raw.prepare_cached("SELECT title, text, published FROM articles WHERE id = ?1")?;
            let mut out = Vec::with_capacity(mentions.len());
            for m in &mentions {
                let (title, text, published): (Option<String>, String, Option<String>) =
                    stmt.query_row([m.article_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
                let index = OffsetIndex::new(&text);
                let u = Units { text: &text, index };
                let cut = |s: usize, e: usize| text.get(s..e).unwrap_or("").to_owned();
                let sentence_start = m.sentence[0];
                // Evidence inside the sentence, relative to its start (UTF-16).
                let base = u.bytes(sentence_start, sentence_start).map_or(0, |r| r[0]);
                let rel = |r: TextRange| {
                    let [s, e] = u.range(r);
                    [s.saturating_sub(base), e.saturating_sub(base)]
                };
                let in_sentence = |r: &&TextRange| {
                    r.start().to_usize() >= m.sentence[0] && r.end().to_usize() <= m.sentence[1]
                };
                out.push(json!({
                    "id": m.id,
                    "article_id": m.article_id,
                    "article_title": title,
                    "published": published,
                    "source": m.source,
                    "rule": m.rule,
                    "attribution": m.attribution,
                    "sentence_text": cut(m.sentence[0], m.sentence[1]),
                    "trigger_text": cut(m.trigger[0], m.trigger[1]),
                    "sentence": u.bytes(m.sentence[0], m.sentence[1]),
                    "trigger": u.bytes(m.trigger[0], m.trigger[1]),
                    "evidence_in_sentence": m.event.evidence.iter().filter(in_sentence).map(|r| rel(*r))
                        .collect::<Vec<_>>(),
                    "event": m.event,
                }));
            }
            Ok(json!({"event": event, "name": cameo_name(&event.cameo), "offsets": "utf16", "mentions": out}))
        })
        .await?;
    Ok(Json(v).into_response())
}

// ------------------------------------------------------------------- dyads

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DyadParams {
    a: String,
    b: String,
    by: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

fn bucket_sql(by: &str) -> Result<&'static str, ApiError> {
    Ok(match by {
        "day" => "e.day",
        // ISO-style weeks, named by their Monday.
        "week" => "date(e.day, '-6 days', 'weekday 1')",
        "month" => "substr(e.day, 1, 7)",
        "year" => "substr(e.day, 1, 4)",
        other => {
            return Err(ApiError::bad_param(format!("by: one of day, week, month, year; got {other:?}")))
        }
    })
}

async fn dyads(State(s): State<AppState>, q: Result<Query<DyadParams>, QueryRejection>) -> ApiResult {
    let Query(p) = q?;
    let (a, b) = (p.a.trim().to_owned(), p.b.trim().to_owned());
    if a.is_empty() || b.is_empty() {
        return Err(ApiError::bad_param("a and b: two actors (ISO3 country, CAMEO code or KB id)"));
    }
    let by = p.by.unwrap_or_else(|| "day".into());
    let bucket = bucket_sql(&by)?;
    let since = parse_day("since", &p.since)?;
    let until = parse_day("until", &p.until)?;
    let v =
        s.0.pool
            .with(move |r| {
                let f = EventFilter {
                    actor: Some(a.clone()),
                    other: Some(b.clone()),
                    since,
                    until,
                    ..Default::default()
                };
                let mut args = Vec::new();
                let cond = r.store.filter_sql(&f, &mut args)?;
                let sa = crate::filter::actor_sql("source", &a, &mut args);
                let tb = crate::filter::actor_sql("target", &b, &mut args);
                let sql = format!(
                    "SELECT {bucket} AS bucket, COUNT(*), SUM(e.goldstein), SUM(e.n_mentions), \
                 SUM(e.quadclass = 1), SUM(e.quadclass = 2), SUM(e.quadclass = 3), SUM(e.quadclass = 4), \
                 SUM({sa} AND {tb}) FROM events e WHERE {cond} AND e.day IS NOT NULL GROUP BY bucket ORDER BY bucket"
                );
                let mut stmt = r.raw.prepare(&sql)?;
                let rows = stmt.query_map(rusqlite::params_from_iter(args), |row| {
                    let n: i64 = row.get(1)?;
                    let sum: f64 = row.get(2)?;
                    let a_to_b: i64 = row.get(8)?;
                    Ok(json!({
                        "bucket": row.get::<_, Option<String>>(0)?,
                        "n": n,
                        "mentions": row.get::<_, i64>(3)?,
                        "goldstein_sum": (sum * 100.0).round() / 100.0,
                        "goldstein_mean": if n > 0 { (sum / n as f64 * 100.0).round() / 100.0 } else { 0.0 },
                        "quadclass": [row.get::<_, i64>(4)?, row.get::<_, i64>(5)?, row.get::<_, i64>(6)?,
                            row.get::<_, i64>(7)?],
                        "a_to_b": a_to_b,
                        "b_to_a": n - a_to_b,
                    }))
                })?;
                let buckets = rows.collect::<rusqlite::Result<Vec<_>>>()?;
                let total: i64 = buckets.iter().filter_map(|b| b["n"].as_i64()).sum();
                Ok(json!({"a": a, "b": b, "by": by, "total": total, "buckets": buckets}))
            })
            .await?;
    Ok(Json(v).into_response())
}

// ------------------------------------------------------------------- stats

async fn stats(State(s): State<AppState>, q: Result<Query<EventParams>, QueryRejection>) -> ApiResult {
    let Query(p) = q?;
    if p.limit.is_some() || p.offset.is_some() || p.sort.is_some() || p.format.is_some() {
        return Err(ApiError::bad_param("stats take filters only (no limit, offset, sort or format)"));
    }
    let c = p.check(1)?;
    let v = s
        .0
        .pool
        .with(move |r| {
            let mut args = Vec::new();
            let cond = r.store.filter_sql(&c.filter, &mut args)?;
            let cond = if cond.is_empty() { String::new() } else { format!("WHERE {cond}") };
            // One pass over the matching events, every tally at once.
            let sql = format!(
                "SELECT e.day, e.quadclass, e.goldstein, e.place_country, e.source_country, e.target_country, e.root \
                 FROM events e {cond}"
            );
            let mut stmt = r.raw.prepare(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
            // day -> (n, per QuadClass, Goldstein sum)
            let mut days: std::collections::BTreeMap<String, (i64, [i64; 4], f64)> = Default::default();
            let mut tallies: [std::collections::HashMap<String, i64>; 5] = Default::default();
            while let Some(row) = rows.next()? {
                let q: i64 = row.get(1)?;
                if let Some(day) = row.get::<_, Option<String>>(0)? {
                    let d = days.entry(day).or_default();
                    d.0 += 1;
                    if let Some(slot) = usize::try_from(q - 1).ok().and_then(|i| d.1.get_mut(i)) {
                        *slot += 1;
                    }
                    d.2 += row.get::<_, f64>(2)?;
                }
                for (i, col) in [3usize, 4, 5, 6].into_iter().enumerate() {
                    if let Some(k) = row.get::<_, Option<String>>(col)? {
                        *tallies[i].entry(k).or_default() += 1;
                    }
                }
                *tallies[4].entry(q.to_string()).or_default() += 1;
            }
            let by_day: Vec<Value> = days
                .into_iter()
                .map(|(day, (n, q, sum))| {
                    json!({"day": day, "n": n, "quadclass": q,
                        "goldstein_mean": (sum / n.max(1) as f64 * 100.0).round() / 100.0})
                })
                .collect();
            let top = |t: &std::collections::HashMap<String, i64>, name: &str| -> Vec<Value> {
                let mut v: Vec<(&String, &i64)> = t.iter().collect();
                v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                v.into_iter()
                    .take(300)
                    .map(|(k, n)| {
                        let mut o = json!({name: k, "n": n});
                        if name == "root" {
                            o["name"] = json!(cameo_name(k));
                        }
                        o
                    })
                    .collect()
            };
            let total: i64 = by_day.iter().filter_map(|d| d["n"].as_i64()).sum();
            Ok(json!({
                "total_dated": total,
                "by_day": by_day,
                "by_place_country": top(&tallies[0], "country"),
                "by_source_country": top(&tallies[1], "country"),
                "by_target_country": top(&tallies[2], "country"),
                "by_root": top(&tallies[3], "root"),
                "by_quadclass": top(&tallies[4], "quadclass"),
            }))
        })
        .await?;
    Ok(Json(v).into_response())
}

// ------------------------------------------------------------------ export

const EXPORT_COLUMNS: [&str; 30] = [
    "id",
    "day",
    "cameo",
    "root",
    "goldstein",
    "quadclass",
    "plover_type",
    "plover_mode",
    "source_code",
    "source_country",
    "source_kb",
    "source_text",
    "target_code",
    "target_country",
    "target_kb",
    "target_text",
    "reciprocal",
    "modality",
    "date_value",
    "place_name",
    "place_country",
    "place_admin1",
    "lat",
    "lon",
    "geonameid",
    "place_precision",
    "n_mentions",
    "n_articles",
    "n_sources",
    "first_article",
];

fn csv_field(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => String::new(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(f) => f.to_string(),
        SqlValue::Text(s) => {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.clone()
            }
        }
        SqlValue::Blob(_) => String::new(),
    }
}

fn json_field(v: SqlValue) -> Value {
    match v {
        SqlValue::Null | SqlValue::Blob(_) => Value::Null,
        SqlValue::Integer(i) => json!(i),
        SqlValue::Real(f) => json!(f),
        SqlValue::Text(s) => json!(s),
    }
}

/// An event's [`EXPORT_COLUMNS`].
fn flat(e: &StoredEvent) -> Vec<SqlValue> {
    let t = |s: &Option<String>| s.clone().map_or(SqlValue::Null, SqlValue::Text);
    let p = e.place.as_ref();
    vec![
        SqlValue::Integer(e.id),
        t(&e.day),
        SqlValue::Text(e.cameo.clone()),
        SqlValue::Text(e.root.clone()),
        SqlValue::Real(e.goldstein),
        SqlValue::Integer(i64::from(e.quadclass)),
        t(&e.plover_type),
        t(&e.plover_mode),
        t(&e.source.code),
        t(&e.source.country),
        t(&e.source.kb_id),
        t(&e.source.text),
        t(&e.target.code),
        t(&e.target.country),
        t(&e.target.kb_id),
        t(&e.target.text),
        SqlValue::Integer(i64::from(e.reciprocal)),
        SqlValue::Text(e.modality.clone()),
        t(&e.date_value),
        t(&p.map(|p| p.name.clone())),
        t(&p.and_then(|p| p.country.clone())),
        t(&p.and_then(|p| p.admin1.clone())),
        p.map_or(SqlValue::Null, |p| SqlValue::Real(p.lat)),
        p.map_or(SqlValue::Null, |p| SqlValue::Real(p.lon)),
        p.and_then(|p| p.geonameid).map_or(SqlValue::Null, SqlValue::Integer),
        t(&p.map(|p| p.precision.clone())),
        SqlValue::Integer(e.n_mentions),
        SqlValue::Integer(e.n_articles),
        SqlValue::Integer(e.n_sources),
        SqlValue::Integer(e.first_article),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Csv,
    Jsonl,
    Gdelt,
}

/// The GDELT row of an event: whether its first report opens its article,
/// and the first article's URL.
fn gdelt_line(conn: &rusqlite::Connection, e: &StoredEvent) -> rusqlite::Result<String> {
    #[derive(Deserialize)]
    struct Sentence {
        sentence: u32,
    }
    let first: Option<String> = conn
        .prepare_cached("SELECT event FROM event_mentions WHERE event_id = ?1 ORDER BY id LIMIT 1")?
        .query_row([e.id], |r| r.get(0))
        .optional()?;
    let root_event =
        first.and_then(|j| serde_json::from_str::<Sentence>(&j).ok()).is_some_and(|s| s.sentence <= 1);
    let url: String = conn
        .prepare_cached("SELECT coalesce(url, origin) FROM articles WHERE id = ?1")?
        .query_row([e.first_article], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    Ok(dateline_store::gdelt::event_row(e, root_event, &url))
}

async fn export(State(s): State<AppState>, q: Result<Query<EventParams>, QueryRejection>) -> ApiResult {
    let Query(mut p) = q?;
    let format = match p.format.take().as_deref().unwrap_or("jsonl") {
        "csv" => ExportFormat::Csv,
        "jsonl" => ExportFormat::Jsonl,
        "gdelt" => ExportFormat::Gdelt,
        other => return Err(ApiError::bad_param(format!("format: csv, jsonl or gdelt, got {other:?}"))),
    };
    if p.offset.is_some() || p.sort.is_some() || p.after.is_some() {
        return Err(ApiError::bad_param("export streams newest day first: no offset, sort or after"));
    }
    // `limit` caps the export (default: everything).
    let cap = p.limit.take().map(u64::from);
    let mut c = p.check(1)?;
    c.filter.limit = Some(1000);
    let store = dateline_store::Store::open_read_only(&s.0.db)?;
    let conn = crate::pool::open_read_only(&s.0.db)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    tokio::task::spawn_blocking(move || {
        let mut sent: u64 = 0;
        if format == ExportFormat::Csv {
            let _ = tx.blocking_send(Ok(format!("{}\n", EXPORT_COLUMNS.join(",")).into_bytes()));
        }
        // Keyset pages of the store's day-ordered listing: constant memory.
        let mut after: Option<dateline_store::EventCursor> = None;
        loop {
            let page = match store.events_page(&c.filter, DayOrder::NewestFirst, after.as_ref()) {
                Ok(p) => p,
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
            };
            let mut buf = Vec::with_capacity(page.events.len() * 300);
            for e in &page.events {
                if cap.is_some_and(|c| sent >= c) {
                    break;
                }
                match format {
                    ExportFormat::Csv => {
                        let line: Vec<String> = flat(e).iter().map(csv_field).collect();
                        buf.extend_from_slice(line.join(",").as_bytes());
                    }
                    ExportFormat::Jsonl => {
                        let obj: serde_json::Map<String, Value> = EXPORT_COLUMNS
                            .iter()
                            .map(|c| c.to_string())
                            .zip(flat(e).into_iter().map(json_field))
                            .collect();
                        buf.extend_from_slice(Value::Object(obj).to_string().as_bytes());
                    }
                    ExportFormat::Gdelt => match gdelt_line(&conn, e) {
                        Ok(line) => buf.extend_from_slice(line.as_bytes()),
                        Err(e) => {
                            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                            return;
                        }
                    },
                }
                buf.push(b'\n');
                sent += 1;
            }
            if !buf.is_empty() && tx.blocking_send(Ok(buf)).is_err() {
                return;
            }
            if cap.is_some_and(|c| sent >= c) {
                return;
            }
            match page.next {
                Some(n) => after = Some(n),
                None => return,
            }
        }
    });
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    let (ctype, name) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "dateline-events.csv"),
        ExportFormat::Jsonl => ("application/x-ndjson", "dateline-events.jsonl"),
        // GDELT's Events table: tab-separated, no header.
        ExportFormat::Gdelt => ("text/tab-separated-values; charset=utf-8", "dateline.export.CSV"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
