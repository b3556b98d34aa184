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
                let mut keys: Vec<String> = Vec::new();
                for (prefix, side) in [("s:", src), ("t:", tgt)] {
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
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO event_actors (key, day, event_id) VALUES (?1, ?2, ?3)",
                )?;
                for key in keys {
                    insert.execute(params![key, day, id])?;
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

/// SQL condition for one actor on the given sides (`s`, `t`).
///
/// Counting uses the `event_actors` index (every match must be found, and
/// the index finds them directly: countries, KB ids and code prefixes cut
/// at three-letter parts are all keys). Listing tests the event's columns
/// instead, so a scan in day order stops once the page is full, which is
/// what a common actor needs.
fn actor_condition(
    sides: &[&str],
    value: &str,
    args: &mut Vec<rusqlite::types::Value>,
    indexed: bool,
) -> String {
    if indexed {
        let mut keys = Vec::new();
        for side in sides {
            args.push(format!("{side}:{value}").into());
            keys.push(format!("?{}", args.len()));
        }
        return format!("e.id IN (SELECT event_id FROM event_actors WHERE key IN ({}))", keys.join(", "));
    }
    args.push(value.to_owned().into());
    let exact = args.len();
    args.push(format!("{value}%").into());
    let prefix = args.len();
    // Code prefixes count at whole three-letter parts, as in the index.
    let whole_parts = value.len() % 3 == 0;
    let one = |side: &str| {
        let col = if side == "s" { "source" } else { "target" };
        if whole_parts {
            format!("(e.{col}_country = ?{exact} OR e.{col}_code LIKE ?{prefix} OR e.{col}_kb = ?{exact})")
        } else {
            format!("(e.{col}_country = ?{exact} OR e.{col}_kb = ?{exact} OR ?{prefix} IS NULL)")
        }
    };
    let parts: Vec<String> = sides.iter().map(|s| one(s)).collect();
    format!("({})", parts.join(" OR "))
}

fn where_clause(f: &EventFilter, args: &mut Vec<rusqlite::types::Value>, indexed: bool) -> String {
    use rusqlite::types::Value;
    let mut conds: Vec<String> = Vec::new();
    if let Some(actor) = &f.actor {
        let cond = match (&f.other, f.side) {
            (Some(other), _) => {
                let s = actor_condition(&["s"], actor, args, indexed);
                let to = actor_condition(&["t"], other, args, indexed);
                let t = actor_condition(&["t"], actor, args, indexed);
                let so = actor_condition(&["s"], other, args, indexed);
                format!("(({s} AND {to}) OR ({t} AND {so}))")
            }
            (None, Side::Source) => actor_condition(&["s"], actor, args, indexed),
            (None, Side::Target) => actor_condition(&["t"], actor, args, indexed),
            (None, Side::Either) => actor_condition(&["s", "t"], actor, args, indexed),
        };
        conds.push(cond);
    }
    // Every `?` of `cond` takes the one value `v`.
    fn push(conds: &mut Vec<String>, args: &mut Vec<Value>, cond: &str, v: Value) {
        args.push(v);
        conds.push(cond.replace('?', &format!("?{}", args.len())));
    }
    if let Some(c) = &f.cameo {
        push(&mut conds, args, "e.cameo LIKE ?", Value::Text(format!("{c}%")));
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
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

impl Store {
    /// Events matching `filter`, newest day first.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut args = Vec::new();
        let cond = where_clause(filter, &mut args, false);
        let limit = filter.limit.map_or(-1, i64::from);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e {cond} ORDER BY e.day DESC, e.id LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), event_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many events match `filter` (ignoring its limit and offset).
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64> {
        let mut args = Vec::new();
        let cond = where_clause(filter, &mut args, true);
        let sql = format!("SELECT COUNT(*) FROM events e {cond}");
        let n: i64 = self.conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// One event and the sentences that report it.
    pub fn event(&self, id: EventId) -> Result<Option<(StoredEvent, Vec<StoredMention>)>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
        let Some(event) = self.conn.query_row(&sql, [id], event_row).optional()? else {
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
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
