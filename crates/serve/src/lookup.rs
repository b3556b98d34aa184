//! `/api/v1/actors` and `/api/v1/places`: who and where the store knows,
//! with event counts (from the store's `key_counts`, kept on write) and,
//! for actors, what the knowledge base says (dated roles).

use crate::filter::parse_day;
use crate::{ApiError, AppState};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dateline_actors::{Kb, KbRef, Kind, RoleStatus};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The most rows a search returns.
const MAX_SEARCH: u32 = 100;

fn kb() -> Option<&'static Kb> {
    static KB: OnceLock<Option<Kb>> = OnceLock::new();
    KB.get_or_init(|| Kb::load_default().ok()).as_ref()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    q: Option<String>,
    /// Actors: the day roles are judged at (default: the latest role).
    date: Option<String>,
    /// Places: only this country (ISO3).
    country: Option<String>,
    limit: Option<u32>,
}

fn search_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    let limit = limit.unwrap_or(20);
    if limit == 0 || limit > MAX_SEARCH {
        return Err(ApiError::bad_param(format!("limit: must be 1..={MAX_SEARCH}, got {limit}")));
    }
    Ok(limit)
}

fn query_text(q: Option<String>) -> Result<String, ApiError> {
    let q = q.map(|q| q.trim().to_owned()).unwrap_or_default();
    if q.len() > 200 {
        return Err(ApiError::bad_param("q: at most 200 bytes"));
    }
    if q.contains(['%', '\u{0}']) {
        return Err(ApiError::bad_param("q: a name, code or country"));
    }
    Ok(q)
}

/// An actor as the events name it: a country, a CAMEO code (prefix) or a
/// KB id, with how many events have it on each side.
#[derive(Debug, Serialize)]
struct SeenActor {
    actor: String,
    source_events: u64,
    target_events: u64,
}

#[derive(Debug, Serialize)]
struct KbRole {
    title: String,
    code: String,
    country: String,
    start: Option<String>,
    end: Option<String>,
    /// Whether the role is held on `date` (`current`, `former`, `future`),
    /// or `undated` when no date was asked.
    status: &'static str,
}

/// A KB entry matching the search.
#[derive(Debug, Serialize)]
struct KbActor {
    kb_id: String,
    kind: &'static str,
    name: String,
    code: String,
    country: Option<String>,
    role: Option<String>,
    status: Option<&'static str>,
    role_code: Option<String>,
    aliases: Vec<String>,
    roles: Vec<KbRole>,
    source_events: u64,
    target_events: u64,
}

/// Whether `name` or one of its words starts with `needle` (lower case).
fn starts_a_word(name: &str, needle: &str) -> bool {
    let name = name.to_lowercase();
    name.starts_with(needle)
        || name.split(|c: char| !c.is_alphanumeric()).any(|w| !w.is_empty() && w.starts_with(needle))
}

/// KB entries whose name or an alias (or one of their words) starts with
/// `q` (no case), exact name matches first.
fn kb_search(kb: &Kb, q: &str, limit: usize) -> Vec<KbRef> {
    let needle = q.to_lowercase();
    let hit = |name: &str, aliases: &[String]| {
        std::iter::once(name).chain(aliases.iter().map(String::as_str)).any(|a| starts_a_word(a, &needle))
    };
    let mut out: Vec<KbRef> = kb.lookup(q, None).into_iter().map(|m| m.entry).collect();
    let r = |kind, i: usize| KbRef { kind, index: u32::try_from(i).unwrap_or(u32::MAX), metonym: false };
    let found = kb
        .countries()
        .iter()
        .enumerate()
        .filter(|(_, c)| hit(&c.name, &c.aliases) || c.iso3.eq_ignore_ascii_case(q))
        .map(|(i, _)| r(Kind::Country, i))
        .chain(
            kb.people()
                .iter()
                .enumerate()
                .filter(|(_, p)| hit(&p.name, &p.aliases))
                .map(|(i, _)| r(Kind::Person, i)),
        )
        .chain(
            kb.organisations()
                .iter()
                .enumerate()
                .filter(|(_, o)| hit(&o.name, &o.aliases) || o.code.eq_ignore_ascii_case(q))
                .map(|(i, _)| r(Kind::Organisation, i)),
        );
    for f in found {
        if out.len() >= limit {
            break;
        }
        if !out.iter().any(|o| o.kind == f.kind && o.index == f.index) {
            out.push(f);
        }
    }
    out.truncate(limit);
    out
}

fn kb_actor(kb: &Kb, r: KbRef, date: Option<jiff::civil::Date>) -> KbActor {
    let m = kb.resolve(r, date);
    let i = r.index as usize;
    let (aliases, roles) = match r.kind {
        Kind::Person => match kb.people().get(i) {
            Some(p) => (
                p.aliases.clone(),
                p.roles
                    .iter()
                    .map(|role| KbRole {
                        title: role.title.clone(),
                        code: role.code.clone(),
                        country: role.country.clone(),
                        start: role.start.map(|d| d.to_string()),
                        end: role.end.map(|d| d.to_string()),
                        status: match date {
                            None => "undated",
                            Some(d) if role.active_on(d) => "current",
                            Some(d) if role.start.is_some_and(|s| d < s.first) => "future",
                            Some(_) => "former",
                        },
                    })
                    .collect(),
            ),
            None => (Vec::new(), Vec::new()),
        },
        Kind::Country => (kb.countries().get(i).map(|c| c.aliases.clone()).unwrap_or_default(), Vec::new()),
        Kind::Organisation => {
            (kb.organisations().get(i).map(|o| o.aliases.clone()).unwrap_or_default(), Vec::new())
        }
        Kind::Agent => (kb.agents().get(i).map(|a| a.aliases.clone()).unwrap_or_default(), Vec::new()),
    };
    KbActor {
        kb_id: dateline_actors::entry_id(kb, r),
        kind: r.kind.as_str(),
        name: m.name,
        code: m.code,
        country: m.country,
        role: m.role,
        status: m.status.map(RoleStatus::as_str),
        role_code: m.role_code,
        aliases: aliases.into_iter().take(10).collect(),
        roles,
        source_events: 0,
        target_events: 0,
    }
}

pub(crate) async fn actors(
    State(s): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = q?;
    if p.country.is_some() {
        return Err(ApiError::bad_param("country: only for /places (search actors with q)"));
    }
    let limit = search_limit(p.limit)?;
    let date = parse_day("date", &p.date)?;
    let q = query_text(p.q)?;
    let v =
        s.0.pool
            .with(move |r| {
                // Codes, countries and KB ids on either side, by prefix.
                let mut seen: HashMap<String, (u64, u64)> = HashMap::new();
                let mut prefixes = vec![q.clone()];
                if q.to_ascii_uppercase() != q {
                    prefixes.push(q.to_ascii_uppercase());
                }
                for prefix in &prefixes {
                    for (side, slot) in [("s:", 0usize), ("t:", 1)] {
                        for (key, n) in r.store.keys_with_prefix(&format!("{side}{prefix}"), limit * 4)? {
                            let e = seen.entry(key[2..].to_owned()).or_default();
                            if slot == 0 {
                                e.0 = n;
                            } else {
                                e.1 = n;
                            }
                        }
                    }
                }
                let mut actors: Vec<SeenActor> = seen
                    .into_iter()
                    .map(|(actor, (s, t))| SeenActor { actor, source_events: s, target_events: t })
                    .collect();
                actors.sort_by(|a, b| {
                    (b.source_events + b.target_events)
                        .cmp(&(a.source_events + a.target_events))
                        .then(a.actor.cmp(&b.actor))
                });
                actors.truncate(limit as usize);
                // What the KB says, with the events of each entry.
                let mut known = Vec::new();
                if let (Some(kb), false) = (kb(), q.is_empty()) {
                    for entry in kb_search(kb, &q, limit as usize) {
                        let mut a = kb_actor(kb, entry, date);
                        a.source_events = r.store.key_count(&format!("s:{}", a.kb_id))?;
                        a.target_events = r.store.key_count(&format!("t:{}", a.kb_id))?;
                        known.push(a);
                    }
                    known.sort_by(|a, b| {
                        (b.source_events + b.target_events).cmp(&(a.source_events + a.target_events))
                    });
                }
                Ok(serde_json::json!({
                    "q": q,
                    "date": date.map(|d| d.to_string()),
                    "kb_loaded": kb().is_some(),
                    "actors": actors,
                    "kb": known,
                }))
            })
            .await?;
    Ok(Json(v).into_response())
}

/// A place events happened at.
#[derive(Debug, Serialize)]
struct SeenPlace {
    name: String,
    country: Option<String>,
    admin1: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    geonameid: Option<i64>,
    precision: Option<String>,
    events: u64,
}

pub(crate) async fn places(
    State(s): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = q?;
    if p.date.is_some() {
        return Err(ApiError::bad_param("date: only for /actors"));
    }
    let limit = search_limit(p.limit)?;
    let q = query_text(p.q)?;
    let country = p.country.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    let v = s
        .0
        .pool
        .with(move |r| {
            // Place names start with the words asked for (no case); with a
            // country, more names are read to keep `limit` of them.
            let want = if country.is_some() { MAX_SEARCH * 10 } else { limit };
            let names = r.store.keys_with_prefix(&format!("n:{}", q.to_ascii_lowercase()), want)?;
            let mut stmt = r.raw.prepare_cached(
                "SELECT place_name, place_country, place_admin1, lat, lon, geonameid, place_precision FROM events \
                 WHERE lower(place_name) = ?1 ORDER BY id LIMIT 1",
            )?;
            let mut places = Vec::new();
            for (key, n) in names {
                let Some(lower) = key.strip_prefix("n:") else { continue };
                let place = stmt
                    .query_row([lower], |row| {
                        Ok(SeenPlace {
                            name: row.get(0)?,
                            country: row.get(1)?,
                            admin1: row.get(2)?,
                            lat: row.get(3)?,
                            lon: row.get(4)?,
                            geonameid: row.get(5)?,
                            precision: row.get(6)?,
                            events: n,
                        })
                    })
                    .optional()?;
                let Some(place) = place else { continue };
                if country.as_ref().is_some_and(|c| place.country.as_deref() != Some(c.as_str())) {
                    continue;
                }
                places.push(place);
                if places.len() >= limit as usize {
                    break;
                }
            }
            // Countries events happened in, by ISO3 prefix.
            let countries: Vec<serde_json::Value> = match &country {
                Some(c) => vec![serde_json::json!({"country": c, "events": r.store.key_count(&format!("p:{c}"))?})],
                None => r
                    .store
                    .keys_with_prefix(&format!("p:{}", q.to_ascii_uppercase()), limit)?
                    .into_iter()
                    .map(|(k, n)| serde_json::json!({"country": k.get(2..).unwrap_or(""), "events": n}))
                    .collect(),
            };
            Ok(serde_json::json!({"q": q, "country": country, "places": places, "countries": countries}))
        })
        .await?;
    Ok(Json(v).into_response())
}
