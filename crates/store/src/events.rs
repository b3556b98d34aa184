//! The analysis layers and the events of stored articles.
//!
//! [`put_analysis`] runs inside the batch transaction that stores a new
//! article: its stand-off layers go to `article_analysis`, each event to
//! `events` (merged with an event of another article that has the same
//! day, code, actors and place) and `event_mentions`.

use crate::{to_json, ArticleId, Error, Result, Store};
use dateline_doc::{Document, Event, EventActor, Layer};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

/// The row id of an event.
pub type EventId = i64;

/// Which side of an event an actor filter looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Side {
    /// The source (who acts).
    Source,
    /// The target (who is acted on).
    Target,
    /// Either side.
    #[default]
    Either,
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// An actor: a country (ISO3 `NER`), a CAMEO code prefix (`RUSGOV`,
    /// `IGO`) or a KB id (`person:tiani`).
    pub actor: Option<String>,
    /// Which side `actor` must be on.
    pub side: Side,
    /// A second actor on the other side (a dyad), either direction.
    pub other: Option<String>,
    /// A CAMEO code or prefix (`04` root, `042`).
    pub cameo: Option<String>,
    /// A PLOVER type (`CONSULT`).
    pub plover: Option<String>,
    /// QuadClass 1–4.
    pub quadclass: Option<u8>,
    /// Modality (`asserted`, `negated`, `future`, `hypothetical`).
    pub modality: Option<String>,
    /// On or after this day.
    pub since: Option<jiff::civil::Date>,
    /// On or before this day.
    pub until: Option<jiff::civil::Date>,
    /// Place name (case-insensitive, exact) or country (ISO3) of the place.
    pub place: Option<String>,
    /// Bounding box: min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    /// Words that must all occur in a reporting article.
    pub text: Option<String>,
    /// Only events reported by this article.
    pub article: Option<ArticleId>,
    /// At most this many.
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: u32,
}

/// One side of a stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredActor {
    /// The words.
    pub text: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
    /// ISO alpha-3.
    pub country: Option<String>,
    /// KB entry.
    pub kb_id: Option<String>,
}

/// Where a stored event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPlace {
    /// Name.
    pub name: String,
    /// ISO alpha-3.
    pub country: Option<String>,
    /// First-level division.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames id.
    pub geonameid: Option<i64>,
    /// `point`, `admin1`, `country`, `region`.
    pub precision: String,
}

/// An event with its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Id.
    pub id: EventId,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root (two digits, or the extension code).
    pub root: String,
    /// Goldstein score.
    pub goldstein: f64,
    /// QuadClass.
    pub quadclass: u8,
    /// PLOVER type.
    pub plover_type: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Who acts.
    pub source: StoredActor,
    /// Who is acted on.
    pub target: StoredActor,
    /// Both act on each other.
    pub reciprocal: bool,
    /// Asserted, negated, future, hypothetical.
    pub modality: String,
    /// The day it is filed under (its own date when known to the day,
    /// else the report's).
    pub day: Option<String>,
    /// The TimeML date value.
    pub date_value: Option<String>,
    /// Its precision.
    pub date_precision: Option<String>,
    /// Where.
    pub place: Option<StoredPlace>,
    /// The first article that reported it.
    pub first_article: ArticleId,
    /// Sentences reporting it.
    pub n_mentions: i64,
    /// Articles reporting it.
    pub n_articles: i64,
    /// Distinct publications reporting it.
    pub n_sources: i64,
    /// When it was first stored.
    pub added_at: String,
}

/// One report of an event: a sentence of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredMention {
    /// Id.
    pub id: i64,
    /// The event.
    pub event_id: EventId,
    /// The article.
    pub article_id: ArticleId,
    /// Its publication.
    pub source: Option<String>,
    /// Sentence, byte range into the article's text.
    pub sentence: [usize; 2],
    /// Trigger, byte range.
    pub trigger: [usize; 2],
    /// The pattern that fired.
    pub rule: String,
    /// Who the text says reports it.
    pub attribution: Option<String>,
    /// The article's coded event with all its evidence ranges.
    pub event: Event,
}

fn side_key(a: Option<&EventActor>) -> String {
    a.map(|a| if a.code.is_empty() { a.country.clone().unwrap_or_default() } else { a.code.clone() })
        .unwrap_or_default()
}

/// The day an event is filed under.
fn event_day(doc: &Document, e: &Event) -> Option<String> {
    let own = e.date.as_ref().and_then(|d| {
        let v = d.value.get(..10)?;
        jiff::civil::Date::strptime("%Y-%m-%d", v).ok().map(|_| v.to_owned())
    });
    own.or_else(|| doc.meta.published.map(|p| p.date.to_string()))
}

/// Stores the analysis and events of a new article (inside its batch
/// transaction).
pub(crate) fn put_analysis(tx: &Transaction<'_>, article: ArticleId, doc: &Document) -> Result<()> {
    let layers = doc.layers();
    if !(layers.contains(Layer::Entities)
        || layers.contains(Layer::Actors)
        || layers.contains(Layer::Times)
        || layers.contains(Layer::Events))
    {
        return Ok(());
    }
    let sentences: Vec<[usize; 2]> =
        doc.sentences.iter().map(|s| [s.range.start().to_usize(), s.range.end().to_usize()]).collect();
    let stages: Vec<&str> = layers.iter().map(layer_name).collect();
    tx.prepare_cached(
        "INSERT OR REPLACE INTO article_analysis (article_id, stages, sentences, entities, actors, places, timexes, events) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        article,
        to_json(&stages)?,
        to_json(&sentences)?,
        to_json(&doc.entities)?,
        to_json(&doc.actors)?,
        to_json(&doc.places)?,
        to_json(&doc.timexes)?,
        to_json(&doc.events)?,
    ])?;
    let added_at = crate::now();
    let source = doc.meta.source.clone();
    let mut seen_keys: Vec<String> = Vec::new();
    for e in &doc.events {
        let place = e.place.and_then(|i| doc.places.get(i as usize));
        let day = event_day(doc, e);
        let (mut s, mut t) = (side_key(e.source.as_ref()), side_key(e.target.as_ref()));
        if e.reciprocal && t < s {
            std::mem::swap(&mut s, &mut t);
        }
        let place_key = place
            .map(|p| p.geonameid.map_or_else(|| p.name.to_lowercase(), |g| g.to_string()))
            .unwrap_or_default();
        let merge_key = format!(
            "{}|{}|{}|{}|{}|{}",
            day.as_deref().unwrap_or(""),
            e.cameo,
            s,
            t,
            place_key,
            e.modality.as_str()
        );
        let n_mentions = 1 + e.merged.len() as i64;
        let existing: Option<EventId> = tx
            .prepare_cached("SELECT id FROM events WHERE merge_key = ?1")?
            .query_row([&merge_key], |r| r.get(0))
            .optional()?;
        let event_id = match existing {
            Some(id) => {
                let new_article = !seen_keys.contains(&merge_key);
                tx.prepare_cached(
                    "UPDATE events SET n_mentions = n_mentions + ?2, n_articles = n_articles + ?3 WHERE id = ?1",
                )?
                .execute(params![id, n_mentions, i64::from(new_article)])?;
                id
            }
            None => {
                let src = e.source.as_ref();
                let tgt = e.target.as_ref();
                tx.prepare_cached(
                    "INSERT INTO events (merge_key, cameo, root, goldstein, quadclass, plover_type, plover_mode, \
                     source_code, source_country, source_kb, source_text, target_code, target_country, target_kb, \
                     target_text, reciprocal, modality, day, date_value, date_precision, place_name, place_country, \
                     place_admin1, lat, lon, geonameid, place_precision, first_article, n_mentions, n_articles, \
                     n_sources, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                     ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, 1, 1, ?30)",
                )?
                .execute(params![
                    merge_key,
                    e.cameo,
                    e.cameo.get(..2).unwrap_or(&e.cameo),
                    f64::from(e.goldstein),
                    e.quadclass,
                    (!e.plover.kind.is_empty()).then_some(&e.plover.kind),
                    e.plover.mode,
                    src.map(|a| a.code.as_str()).filter(|c| !c.is_empty()),
                    src.and_then(|a| a.country.as_deref()),
                    src.and_then(|a| a.kb_id.as_deref()),
                    src.map(|a| a.text.as_str()),
                    tgt.map(|a| a.code.as_str()).filter(|c| !c.is_empty()),
                    tgt.and_then(|a| a.country.as_deref()),
                    tgt.and_then(|a| a.kb_id.as_deref()),
                    tgt.map(|a| a.text.as_str()),
                    e.reciprocal,
                    e.modality.as_str(),
                    day,
                    e.date.as_ref().map(|d| d.value.as_str()),
                    e.date.as_ref().map(|d| d.precision.as_str()),
                    place.map(|p| p.name.as_str()),
                    place.and_then(|p| p.country.as_deref()),
                    place.and_then(|p| p.admin1.as_deref()),
                    place.map(|p| p.lat),
                    place.map(|p| p.lon),
                    place.and_then(|p| p.geonameid),
                    place.map(|p| p.precision()),
                    article,
                    n_mentions,
                    added_at,
                ])?;
                let id = tx.last_insert_rowid();
                let keys = new_event_keys(&NewKeys {
                    source: src,
                    target: tgt,
                    cameo: &e.cameo,
                    quadclass: e.quadclass,
                    plover: &e.plover.kind,
                    modality: e.modality.as_str(),
                    place_name: place.map(|p| p.name.as_str()),
                    place_country: place.and_then(|p| p.country.as_deref()),
                    lat_lon: place.map(|p| (p.lat, p.lon)),
                });
                let day_key = day.clone().unwrap_or_default();
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO event_keys (key, day, event_id) VALUES (?1, ?2, ?3)",
                )?;
                let mut count = tx.prepare_cached(
                    "INSERT INTO key_counts (key, n) VALUES (?1, 1) ON CONFLICT (key) DO UPDATE SET n = n + 1",
                )?;
                for key in keys {
                    if insert.execute(params![key, day_key, id])? > 0 {
                        count.execute([&key])?;
                    }
                }
                if let Some(p) = place {
                    tx.prepare_cached(
                        "INSERT INTO event_geo (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)",
                    )?
                    .execute(params![id, p.lon, p.lat])?;
                }
                id
            }
        };
        seen_keys.push(merge_key);
        let sentence = doc.sentences.get(e.sentence as usize).map(|s| s.range).unwrap_or(e.trigger);
        tx.prepare_cached(
            "INSERT INTO event_mentions (event_id, article_id, source, sentence_start, sentence_end, trigger_start, \
             trigger_end, rule, attribution, event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            event_id,
            article,
            source,
            sentence.start().to_usize(),
            sentence.end().to_usize(),
            e.trigger.start().to_usize(),
            e.trigger.end().to_usize(),
            e.rule,
            e.attribution.as_ref().map(|a| a.text.as_str()),
            to_json(e)?,
        ])?;
        tx.prepare_cached(
            "UPDATE events SET n_sources = (SELECT COUNT(DISTINCT COALESCE(source, article_id)) \
             FROM event_mentions WHERE event_id = ?1) WHERE id = ?1",
        )?
        .execute([event_id])?;
    }
    Ok(())
}

fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::Text => "text",
        Layer::Blocks => "blocks",
        Layer::Sentences => "sentences",
        Layer::Tokens => "tokens",
        Layer::Tags => "tags",
        Layer::Deps => "deps",
        Layer::Entities => "entities",
        Layer::Places => "places",
        Layer::Times => "times",
        Layer::Events => "events",
        Layer::Actors => "actors",
        _ => "other",
    }
}

const EVENT_COLUMNS: &str = "e.id, e.cameo, e.root, e.goldstein, e.quadclass, e.plover_type, e.plover_mode, \
    e.source_code, e.source_country, e.source_kb, e.source_text, e.target_code, e.target_country, e.target_kb, \
    e.target_text, e.reciprocal, e.modality, e.day, e.date_value, e.date_precision, e.place_name, \
    e.place_country, e.place_admin1, e.lat, e.lon, e.geonameid, e.place_precision, e.first_article, \
    e.n_mentions, e.n_articles, e.n_sources, e.added_at";

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    let place_name: Option<String> = r.get(20)?;
    let lat: Option<f64> = r.get(23)?;
    let lon: Option<f64> = r.get(24)?;
    let place = match (place_name, lat, lon) {
        (Some(name), Some(lat), Some(lon)) => Some(StoredPlace {
            name,
            country: r.get(21)?,
            admin1: r.get(22)?,
            lat,
            lon,
            geonameid: r.get(25)?,
            precision: r.get::<_, Option<String>>(26)?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(StoredEvent {
        id: r.get(0)?,
        cameo: r.get(1)?,
        root: r.get(2)?,
        goldstein: r.get(3)?,
        quadclass: r.get(4)?,
        plover_type: r.get(5)?,
        plover_mode: r.get(6)?,
        source: StoredActor { code: r.get(7)?, country: r.get(8)?, kb_id: r.get(9)?, text: r.get(10)? },
        target: StoredActor { code: r.get(11)?, country: r.get(12)?, kb_id: r.get(13)?, text: r.get(14)? },
        reciprocal: r.get(15)?,
        modality: r.get(16)?,
        day: r.get(17)?,
        date_value: r.get(18)?,
        date_precision: r.get(19)?,
        place,
        first_article: r.get(27)?,
        n_mentions: r.get(28)?,
        n_articles: r.get(29)?,
        n_sources: r.get(30)?,
        added_at: r.get(31)?,
    })
}

/// The properties of a new event that go to `event_keys`.
struct NewKeys<'a> {
    source: Option<&'a EventActor>,
    target: Option<&'a EventActor>,
    cameo: &'a str,
    quadclass: u8,
    plover: &'a str,
    modality: &'a str,
    place_name: Option<&'a str>,
    place_country: Option<&'a str>,
    lat_lon: Option<(f64, f64)>,
}

/// The 10-degree grid cell of a coordinate (as migration 5 computes it).
fn grid_cell(deg: f64) -> i64 {
    ((deg + 1000.0) / 10.0) as i64 - 100
}

/// The `event_keys` of a new event (as migration 4 computes them for
/// stored ones).
fn new_event_keys(k: &NewKeys<'_>) -> Vec<String> {
    let mut keys: Vec<String> = vec!["*".into()];
    for (prefix, side) in [("s:", k.source), ("t:", k.target)] {
        let Some(a) = side else { continue };
        keys.extend(a.country.iter().map(|c| format!("{prefix}{c}")));
        keys.extend(a.kb_id.iter().map(|k| format!("{prefix}{k}")));
        let code = a.code.as_str();
        let mut end = 3;
        while end <= code.len() && code.is_char_boundary(end) {
            keys.push(format!("{prefix}{}", &code[..end]));
            end += 3;
        }
    }
    keys.extend(k.place_country.map(|c| format!("p:{c}")));
    keys.extend(k.place_name.map(|n| format!("n:{}", n.to_ascii_lowercase())));
    let mut end = 2;
    while end <= k.cameo.len() && end <= 6 && k.cameo.is_char_boundary(end) {
        keys.push(format!("c:{}", &k.cameo[..end]));
        end += 1;
    }
    keys.push(format!("q:{}", k.quadclass));
    if !k.plover.is_empty() {
        keys.push(format!("v:{}", k.plover));
    }
    keys.push(format!("m:{}", k.modality));
    if let Some((lat, lon)) = k.lat_lon {
        keys.push(format!("g:{}:{}", grid_cell(lat), grid_cell(lon)));
    }
    keys.sort();
    keys.dedup();
    keys
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// SQL condition for one actor on the given sides (`s`, `t`), on the
/// event's columns: a country, a KB id, or a CAMEO code prefix cut at
/// whole three-letter parts (as in `event_keys`).
fn actor_condition(sides: &[&str], value: &str, args: &mut Vec<rusqlite::types::Value>) -> String {
    args.push(value.to_owned().into());
    let exact = args.len();
    args.push(format!("{}%", like_escape(value)).into());
    let prefix = args.len();
    let whole_parts = value.len() % 3 == 0;
    let one = |side: &str| {
        let col = if side == "s" { "source" } else { "target" };
        if whole_parts {
            format!(
                "(e.{col}_country = ?{exact} OR e.{col}_code LIKE ?{prefix} ESCAPE '\\' OR e.{col}_kb = ?{exact})"
            )
        } else {
            format!("(e.{col}_country = ?{exact} OR e.{col}_kb = ?{exact} OR ?{prefix} IS NULL)")
        }
    };
    let parts: Vec<String> = sides.iter().map(|s| one(s)).collect();
    format!("({})", parts.join(" OR "))
}

/// The conditions of `f` on an event's columns (`e`), joined by `AND`
/// (empty when it filters nothing), with `?N` parameters appended to
/// `args`. This is what a filter means; `event_keys` only finds
/// candidates faster.
pub(crate) fn conditions(f: &EventFilter, args: &mut Vec<rusqlite::types::Value>) -> String {
    use rusqlite::types::Value;
    let mut conds: Vec<String> = Vec::new();
    if let Some(actor) = &f.actor {
        let cond = match (&f.other, f.side) {
            (Some(other), _) => {
                let s = actor_condition(&["s"], actor, args);
                let to = actor_condition(&["t"], other, args);
                let t = actor_condition(&["t"], actor, args);
                let so = actor_condition(&["s"], other, args);
                format!("(({s} AND {to}) OR ({t} AND {so}))")
            }
            (None, Side::Source) => actor_condition(&["s"], actor, args),
            (None, Side::Target) => actor_condition(&["t"], actor, args),
            (None, Side::Either) => actor_condition(&["s", "t"], actor, args),
        };
        conds.push(cond);
    }
    // Every `?` of `cond` takes the one value `v`.
    fn push(conds: &mut Vec<String>, args: &mut Vec<Value>, cond: &str, v: Value) {
        args.push(v);
        conds.push(cond.replace('?', &format!("?{}", args.len())));
    }
    if let Some(c) = &f.cameo {
        push(&mut conds, args, "e.cameo LIKE ? ESCAPE '\\'", Value::Text(format!("{}%", like_escape(c))));
    }
    if let Some(p) = &f.plover {
        push(&mut conds, args, "e.plover_type = ?", Value::Text(p.to_uppercase()));
    }
    if let Some(q) = f.quadclass {
        push(&mut conds, args, "e.quadclass = ?", Value::Integer(i64::from(q)));
    }
    if let Some(m) = &f.modality {
        push(&mut conds, args, "e.modality = ?", Value::Text(m.to_lowercase()));
    }
    if let Some(d) = f.since {
        push(&mut conds, args, "e.day >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = f.until {
        push(&mut conds, args, "e.day <= ?", Value::Text(d.to_string()));
    }
    if let Some(p) = &f.place {
        push(
            &mut conds,
            args,
            "(lower(e.place_name) = lower(?) OR e.place_country = ?)",
            Value::Text(p.clone()),
        );
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
        let n = args.len();
        args.extend([min_lon, max_lon, min_lat, max_lat].map(Value::Real));
        conds.push(format!(
            "(e.lon BETWEEN ?{} AND ?{} AND e.lat BETWEEN ?{} AND ?{})",
            n + 1,
            n + 2,
            n + 3,
            n + 4
        ));
    }
    if let Some(a) = f.article {
        push(
            &mut conds,
            args,
            "e.id IN (SELECT event_id FROM event_mentions WHERE article_id = ?)",
            Value::Integer(a),
        );
    }
    if let Some(words) = f.text.as_deref().and_then(crate::fts_query) {
        push(&mut conds, args,
            "e.id IN (SELECT m.event_id FROM event_mentions m JOIN articles_fts ON articles_fts.rowid = m.article_id \
             WHERE articles_fts MATCH ?)",
            Value::Text(words),
        );
    }
    conds.join(" AND ")
}

/// Sets of `event_keys` keys, each holding (in its union) every event a
/// part of the filter matches; the filter's matches are in all of them.
fn key_groups(f: &EventFilter) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let actor_keys = |sides: &[&str], v: &str| -> Vec<String> {
        let mut keys = Vec::new();
        for side in sides {
            keys.push(format!("{side}:{v}"));
            // Codes match without case (LIKE), countries and KB ids exactly.
            keys.push(format!("{side}:{}", v.to_ascii_uppercase()));
        }
        keys.sort();
        keys.dedup();
        keys
    };
    if let Some(actor) = &f.actor {
        match (&f.other, f.side) {
            (Some(other), _) => {
                groups.push(actor_keys(&["s", "t"], actor));
                groups.push(actor_keys(&["s", "t"], other));
            }
            (None, Side::Source) => groups.push(actor_keys(&["s"], actor)),
            (None, Side::Target) => groups.push(actor_keys(&["t"], actor)),
            (None, Side::Either) => groups.push(actor_keys(&["s", "t"], actor)),
        }
    }
    if let Some(c) = &f.cameo {
        // Codes are digits: a LIKE prefix of digits is a key.
        if c.len() >= 2 && c.len() <= 6 && c.bytes().all(|b| b.is_ascii_digit()) {
            groups.push(vec![format!("c:{c}")]);
        }
    }
    if let Some(p) = &f.plover {
        groups.push(vec![format!("v:{}", p.to_uppercase())]);
    }
    if let Some(q) = f.quadclass {
        groups.push(vec![format!("q:{q}")]);
    }
    if let Some(m) = &f.modality {
        groups.push(vec![format!("m:{}", m.to_lowercase())]);
    }
    if let Some(p) = &f.place {
        let mut keys = vec![format!("p:{p}"), format!("n:{}", p.to_ascii_lowercase())];
        keys.dedup();
        groups.push(keys);
    }
    groups
}

/// A position in a day-ordered listing, for keyset paging: the listing
/// goes on after this event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor {
    /// The event's day ('' when it has none).
    pub day: String,
    /// The event's id.
    pub id: EventId,
}

impl EventCursor {
    /// As text: `DAY_ID` (`2023-12-04_17`; `_17` without a day).
    pub fn encode(&self) -> String {
        format!("{}_{}", self.day, self.id)
    }

    /// Reads [`EventCursor::encode`]'s text.
    pub fn parse(s: &str) -> Option<EventCursor> {
        let (day, id) = s.rsplit_once('_')?;
        let ok_day = day.is_empty() || jiff::civil::Date::strptime("%Y-%m-%d", day).is_ok();
        ok_day.then_some(())?;
        Some(EventCursor { day: day.to_owned(), id: id.parse().ok()? })
    }
}

/// The order of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DayOrder {
    /// Newest day first, then ascending id (events without a day last).
    #[default]
    NewestFirst,
    /// The exact reverse: oldest day first, then descending id (events
    /// without a day first).
    OldestFirst,
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct EventPage {
    /// The events.
    pub events: Vec<StoredEvent>,
    /// Where the next page starts, when the page is full.
    pub next: Option<EventCursor>,
}

/// How many candidates a bounding box may have for the R*Tree to find
/// them (more: walk the events in day order and test each).
const GEO_CANDIDATES: usize = if cfg!(test) { 3 } else { 4000 };

/// The candidates of a listing, in its order.
enum Driver {
    /// The union of these keys' `event_keys`.
    Keys(Vec<String>),
    /// These (day, id), sorted.
    Ids(Vec<(String, EventId)>),
}

fn before(a: &(String, EventId), b: &(String, EventId), order: DayOrder) -> std::cmp::Ordering {
    match order {
        DayOrder::NewestFirst => b.0.cmp(&a.0).then(a.1.cmp(&b.1)),
        DayOrder::OldestFirst => a.0.cmp(&b.0).then(b.1.cmp(&a.1)),
    }
}

impl Store {
    /// Events matching `filter`, newest day first (its limit and offset).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        Ok(self.events_page(filter, DayOrder::NewestFirst, None)?.events)
    }

    /// A page of events matching `filter` (its limit and offset) in
    /// `order`, after `after` when given (keyset paging). Walks the rarest
    /// indexed key of the filter in day order and stops at a full page.
    pub fn events_page(
        &self,
        filter: &EventFilter,
        order: DayOrder,
        after: Option<&EventCursor>,
    ) -> Result<EventPage> {
        let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
        let mut events = Vec::new();
        let mut skip = filter.offset as usize;
        let mut last = None;
        self.walk(filter, order, after, true, &mut |id, day, row| {
            if skip > 0 {
                skip -= 1;
                return true;
            }
            if events.len() >= limit {
                return false;
            }
            if let Some(e) = row {
                events.push(e);
                last = Some(EventCursor { day: day.to_owned(), id });
            }
            events.len() < limit
        })?;
        let next = if events.len() == limit { last } else { None };
        Ok(EventPage { events, next })
    }

    /// How many events match `filter`, counting up to `cap`; and whether
    /// that is all of them.
    pub fn count_events_capped(&self, filter: &EventFilter, cap: u64) -> Result<(u64, bool)> {
        let mut n = 0u64;
        self.walk(filter, DayOrder::NewestFirst, None, false, &mut |_, _, _| {
            n += 1;
            n <= cap
        })?;
        Ok((n.min(cap), n <= cap))
    }

    /// Calls `f` with each match in order (id, day, the event when `fetch`)
    /// until it returns false.
    fn walk(
        &self,
        filter: &EventFilter,
        order: DayOrder,
        after: Option<&EventCursor>,
        fetch: bool,
        f: &mut dyn FnMut(EventId, &str, Option<StoredEvent>) -> bool,
    ) -> Result<()> {
        use rusqlite::types::Value;
        let mut args: Vec<Value> = vec![Value::Null];
        let cond = conditions(filter, &mut args);
        let check_sql = match (fetch, cond.is_empty()) {
            (true, true) => Some(format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1")),
            (true, false) => Some(format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1 AND {cond}")),
            (false, true) => None,
            (false, false) => Some(format!("SELECT NULL FROM events e WHERE e.id = ?1 AND {cond}")),
        };
        let mut check = match &check_sql {
            Some(sql) => {
                let mut stmt = self.conn.prepare_cached(sql)?;
                // The filter's values are bound once: binding a LIKE
                // pattern again makes SQLite prepare the statement again.
                for (i, v) in args.iter().enumerate().skip(1) {
                    stmt.raw_bind_parameter(i + 1, v)?;
                }
                Some(stmt)
            }
            None => None,
        };
        let mut lo = filter.since.map(|d| d.to_string()).unwrap_or_default();
        let mut hi = filter.until.map_or_else(|| "~".to_owned(), |d| d.to_string());
        if let Some(c) = after {
            match order {
                DayOrder::NewestFirst => hi = hi.min(c.day.clone()),
                DayOrder::OldestFirst => lo = lo.max(c.day.clone()),
            }
        }
        let passed = |cand: &(String, EventId)| match after {
            None => true,
            Some(c) => before(&(c.day.clone(), c.id), cand, order).is_lt(),
        };
        let mut visit = |cand: &(String, EventId)| -> Result<bool> {
            if !passed(cand) {
                return Ok(true);
            }
            let row = match check.as_mut() {
                None => None,
                Some(stmt) => {
                    stmt.raw_bind_parameter(1, cand.1)?;
                    let mut rows = stmt.raw_query();
                    match rows.next()? {
                        None => return Ok(true),
                        Some(r) if fetch => Some(event_row(r)?),
                        Some(_) => None,
                    }
                }
            };
            Ok(f(cand.1, &cand.0, row))
        };
        match self.driver(filter, &lo, &hi)? {
            Driver::Ids(mut ids) => {
                ids.sort_by(|a, b| before(a, b, order));
                for cand in &ids {
                    if !visit(cand)? {
                        break;
                    }
                }
            }
            Driver::Keys(keys) => {
                let sql = match order {
                    DayOrder::NewestFirst => {
                        "SELECT day, event_id FROM event_keys WHERE key = ?1 AND day >= ?2 AND day <= ?3 \
                         ORDER BY day DESC, event_id"
                    }
                    DayOrder::OldestFirst => {
                        "SELECT day, event_id FROM event_keys WHERE key = ?1 AND day >= ?2 AND day <= ?3 \
                         ORDER BY day, event_id DESC"
                    }
                };
                let mut stmts = Vec::with_capacity(keys.len());
                for _ in &keys {
                    stmts.push(self.conn.prepare_cached(sql)?);
                }
                let mut streams = Vec::with_capacity(keys.len());
                for (stmt, key) in stmts.iter_mut().zip(&keys) {
                    streams.push(stmt.query(params![key, lo, hi])?);
                }
                let next = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(String, EventId)>> {
                    Ok(match rows.next()? {
                        Some(r) => Some((r.get(0)?, r.get(1)?)),
                        None => None,
                    })
                };
                let mut heads = Vec::with_capacity(streams.len());
                for rows in &mut streams {
                    heads.push(next(rows)?);
                }
                let mut previous: Option<(String, EventId)> = None;
                loop {
                    let best = heads
                        .iter()
                        .enumerate()
                        .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
                        .min_by(|a, b| before(a.1, b.1, order))
                        .map(|(i, _)| i);
                    let Some(i) = best else { break };
                    let cand = heads[i].take();
                    heads[i] = next(&mut streams[i])?;
                    let Some(cand) = cand else { break };
                    // The same event under two keys comes out twice in a row.
                    if previous.as_ref() == Some(&cand) {
                        continue;
                    }
                    if !visit(&cand)? {
                        break;
                    }
                    previous = Some(cand);
                }
            }
        }
        Ok(())
    }

    /// Where a listing finds its candidates: the events of the article or
    /// words asked for, the events in a small bounding box, or the rarest
    /// key group of the filter (all events when it has none).
    fn driver(&self, f: &EventFilter, lo: &str, hi: &str) -> Result<Driver> {
        let collect = |sql: &str, args: &[rusqlite::types::Value]| -> Result<Vec<(String, EventId)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        if let Some(a) = f.article {
            return Ok(Driver::Ids(collect(
                "SELECT e.day, e.id FROM events e WHERE e.id IN \
                 (SELECT event_id FROM event_mentions WHERE article_id = ?1)",
                &[a.into()],
            )?));
        }
        if let Some(words) = f.text.as_deref().and_then(crate::fts_query) {
            return Ok(Driver::Ids(collect(
                "SELECT e.day, e.id FROM events e WHERE e.id IN (SELECT m.event_id FROM event_mentions m \
                 JOIN articles_fts ON articles_fts.rowid = m.article_id WHERE articles_fts MATCH ?1)",
                &[words.into()],
            )?));
        }
        let mut best: Option<(i64, Vec<String>)> = None;
        {
            let mut count = self.conn.prepare_cached("SELECT n FROM key_counts WHERE key = ?1")?;
            for group in key_groups(f) {
                let mut n = 0i64;
                for key in &group {
                    n += count.query_row([key], |r| r.get::<_, i64>(0)).optional()?.unwrap_or(0);
                }
                if best.as_ref().is_none_or(|(m, _)| n < *m) {
                    best = Some((n, group));
                }
            }
        }
        if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
            let rarest = best.as_ref().map_or(i64::MAX, |b| b.0);
            // The grid cells the box touches, and how many events they hold.
            let lats = grid_cell(min_lat.clamp(-90.0, 90.0))..=grid_cell(max_lat.clamp(-90.0, 90.0));
            let lons = grid_cell(min_lon.clamp(-180.0, 180.0))..=grid_cell(max_lon.clamp(-180.0, 180.0));
            let mut cells = Vec::new();
            for lat in lats {
                for lon in lons.clone() {
                    cells.push(format!("g:{lat}:{lon}"));
                }
            }
            let mut in_cells = 0i64;
            {
                let mut count = self.conn.prepare_cached("SELECT n FROM key_counts WHERE key = ?1")?;
                for key in &cells {
                    in_cells += count.query_row([key], |r| r.get::<_, i64>(0)).optional()?.unwrap_or(0);
                }
            }
            if rarest > GEO_CANDIDATES as i64 && in_cells <= 4 * GEO_CANDIDATES as i64 {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id FROM event_geo WHERE min_lon <= ?2 AND max_lon >= ?1 AND min_lat <= ?4 \
                     AND max_lat >= ?3 LIMIT ?5",
                )?;
                let ids = stmt
                    .query_map(params![min_lon, max_lon, min_lat, max_lat, GEO_CANDIDATES as i64 + 1], |r| {
                        r.get::<_, EventId>(0)
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                if ids.len() <= GEO_CANDIDATES {
                    let mut day = self.conn.prepare_cached("SELECT day FROM events WHERE id = ?1")?;
                    let mut out = Vec::with_capacity(ids.len());
                    for id in ids {
                        let d: Option<String> = day.query_row([id], |r| r.get(0)).optional()?.flatten();
                        let d = d.unwrap_or_default();
                        if d.as_str() >= lo && d.as_str() <= hi {
                            out.push((d, id));
                        }
                    }
                    return Ok(Driver::Ids(out));
                }
            }
            // A box over a few cells walks them; a box over most of the
            // world is better tested on every event.
            if cells.len() <= 64 && in_cells < rarest {
                best = Some((in_cells, cells));
            }
        }
        Ok(Driver::Keys(best.map_or_else(|| vec!["*".to_owned()], |b| b.1)))
    }

    /// How many events match `filter` (ignoring its limit and offset).
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64> {
        let mut args = Vec::new();
        let cond = self.filter_sql(filter, &mut args)?;
        let sql = if cond.is_empty() {
            "SELECT COUNT(*) FROM events e".to_owned()
        } else {
            format!("SELECT COUNT(*) FROM events e WHERE {cond}")
        };
        let n: i64 = self.conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The condition of `filter` on `events e` for aggregate queries
    /// (empty when it filters nothing), with `?N` parameters appended to
    /// `args`: the filter's rarest indexed key narrows the rows first.
    pub fn filter_sql(&self, filter: &EventFilter, args: &mut Vec<rusqlite::types::Value>) -> Result<String> {
        let cond = conditions(filter, args);
        let lo = filter.since.map(|d| d.to_string()).unwrap_or_default();
        let hi = filter.until.map_or_else(|| "~".to_owned(), |d| d.to_string());
        let narrow = match self.driver(filter, &lo, &hi)? {
            Driver::Keys(keys) if keys == ["*"] => None,
            Driver::Keys(keys) => {
                let mut marks = Vec::new();
                for key in keys {
                    args.push(key.into());
                    marks.push(format!("?{}", args.len()));
                }
                args.push(lo.into());
                args.push(hi.into());
                let n = args.len();
                Some(format!(
                    "e.id IN (SELECT event_id FROM event_keys WHERE key IN ({}) AND day >= ?{} AND day <= ?{n})",
                    marks.join(", "),
                    n - 1
                ))
            }
            Driver::Ids(ids) => {
                let ids: Vec<String> = ids.iter().map(|(_, id)| id.to_string()).collect();
                Some(format!("e.id IN ({})", ids.join(",")))
            }
        };
        Ok(match (narrow, cond.is_empty()) {
            (None, _) => cond,
            (Some(n), true) => n,
            (Some(n), false) => format!("{n} AND {cond}"),
        })
    }

    /// How many events each of these `event_keys` keys has (0 for unknown
    /// keys).
    pub fn key_count(&self, key: &str) -> Result<u64> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT n FROM key_counts WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        Ok(n.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    }

    /// Keys of `event_keys` starting with `prefix` with their event counts,
    /// most events first (at most `limit`).
    pub fn keys_with_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<(String, u64)>> {
        // Keys are compared as text: every key from `prefix` up to the
        // prefix followed by the last character.
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, n FROM key_counts WHERE key >= ?1 AND key < ?3 \
             AND substr(key, 1, length(?1)) = ?1 ORDER BY n DESC, key LIMIT ?2",
        )?;
        let end = format!("{prefix}\u{10FFFF}");
        let rows = stmt.query_map(params![prefix, limit, end], |r| {
            Ok((r.get::<_, String>(0)?, u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0)))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One event and the sentences that report it.
    pub fn event(&self, id: EventId) -> Result<Option<(StoredEvent, Vec<StoredMention>)>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
        let Some(event) = self.conn.prepare_cached(&sql)?.query_row([id], event_row).optional()? else {
            return Ok(None);
        };
        Ok(Some((event, self.event_mentions(id)?)))
    }

    /// The sentences that report an event, first stored first.
    pub fn event_mentions(&self, id: EventId) -> Result<Vec<StoredMention>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, event_id, article_id, source, sentence_start, sentence_end, trigger_start, trigger_end, \
             rule, attribution, event FROM event_mentions WHERE event_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let json: String = r.get(10)?;
            let event: Event = serde_json::from_str(&json).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(10, rusqlite::types::Type::Text, Box::new(e))
            })?;
            Ok(StoredMention {
                id: r.get(0)?,
                event_id: r.get(1)?,
                article_id: r.get(2)?,
                source: r.get(3)?,
                sentence: [r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize],
                trigger: [r.get::<_, i64>(6)? as usize, r.get::<_, i64>(7)? as usize],
                rule: r.get(8)?,
                attribution: r.get(9)?,
                event,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Loads the stored analysis of an article into `doc` (entities,
    /// actors, places, timexes, events); false when it has none.
    pub fn load_analysis(&self, id: ArticleId, doc: &mut Document) -> Result<bool> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT entities, actors, places, timexes, events FROM article_analysis WHERE article_id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
            })
            .optional()?;
        let Some((entities, actors, places, timexes, events)) = row else {
            return Ok(false);
        };
        let bad = |what: &str, e: serde_json::Error| Error::Corrupt(format!("{what}: {e}"));
        doc.entities = serde_json::from_str(&entities).map_err(|e| bad("entities", e))?;
        doc.actors = serde_json::from_str(&actors).map_err(|e| bad("actors", e))?;
        doc.places = serde_json::from_str(&places).map_err(|e| bad("places", e))?;
        doc.timexes = serde_json::from_str(&timexes).map_err(|e| bad("timexes", e))?;
        doc.events = serde_json::from_str(&events).map_err(|e| bad("events", e))?;
        let text_len = doc.text().len();
        let ranges_ok = doc
            .entities
            .iter()
            .map(|e| e.range)
            .chain(doc.actors.iter().map(|a| a.range))
            .chain(doc.places.iter().map(|p| p.range))
            .chain(doc.timexes.iter().map(|t| t.range))
            .chain(doc.events.iter().map(|e| e.trigger))
            .all(|r| {
                r.end().to_usize() <= text_len
                    && doc.text().is_char_boundary(r.start().to_usize())
                    && doc.text().is_char_boundary(r.end().to_usize())
            });
        if !ranges_ok {
            return Err(Error::Corrupt(format!("analysis of article {id}: a range outside its text")));
        }
        doc.mark_assigned(dateline_doc::Layers::of(&[
            Layer::Entities,
            Layer::Actors,
            Layer::Places,
            Layer::Times,
            Layer::Events,
        ]));
        Ok(true)
    }

    /// How many events are stored.
    pub fn count_all_events(&self) -> Result<u64> {
        // Every event has the key `*` (kept on write): no scan.
        self.key_count("*")
    }
}
