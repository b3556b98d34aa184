//! The event output contract shared by `annotate --json` (key `events`),
//! `events --json` and `explain --json`: what other tools read.

use dateline_doc::{Document, Event, EventActor, OffsetIndex, TextRange};

/// Degrees rounded to 5 decimals (about a metre).
fn deg(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}
use dateline_store::{StoredActor, StoredEvent, StoredMention};
use serde::Serialize;

#[derive(Serialize)]
pub struct JsonPlover {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub mode: Option<String>,
}

#[derive(Serialize)]
pub struct JsonSide {
    pub text: Option<String>,
    pub code: Option<String>,
    pub country: Option<String>,
    pub kb_id: Option<String>,
}

#[derive(Serialize)]
pub struct JsonDate {
    pub value: String,
    pub precision: String,
}

#[derive(Serialize)]
pub struct JsonPlace {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<i64>,
    pub precision: String,
}

#[derive(Serialize)]
pub struct JsonEvidence {
    /// The sentence's text.
    pub sentence: String,
    /// Its character offsets in the article text.
    pub start: usize,
    pub end: usize,
    /// The trigger's character offsets.
    pub trigger: [usize; 2],
    /// Every range the coding rests on (character offsets).
    pub ranges: Vec<[usize; 2]>,
    /// The pattern or rule that fired.
    pub rule: String,
}

#[derive(Serialize)]
pub struct JsonEvent {
    pub id: String,
    pub cameo: String,
    pub goldstein: f64,
    pub quadclass: u8,
    pub plover: JsonPlover,
    pub source: Option<JsonSide>,
    pub target: Option<JsonSide>,
    pub reciprocal: bool,
    pub date: Option<JsonDate>,
    pub place: Option<JsonPlace>,
    pub modality: String,
    pub attribution: Option<String>,
    /// How sure the coder is that the event is real and rightly coded
    /// (`[0, 1]`, two decimals); null when the stored mention predates it.
    pub confidence: Option<f64>,
    pub evidence: JsonEvidence,
    pub article_id: Option<i64>,
    pub mentions: i64,
    pub sources: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<i64>,
}

/// The event's confidence to two decimals; `None` for events stored before
/// the coder recorded it (they load with 0).
fn confidence(e: &Event) -> Option<f64> {
    (e.confidence > 0.0).then(|| (f64::from(e.confidence) * 100.0).round() / 100.0)
}

fn side(a: &EventActor) -> JsonSide {
    JsonSide {
        text: Some(a.text.clone()),
        code: (!a.code.is_empty()).then(|| a.code.clone()),
        country: a.country.clone(),
        kb_id: a.kb_id.clone(),
    }
}

fn stored_side(a: &StoredActor) -> Option<JsonSide> {
    (a.text.is_some() || a.code.is_some() || a.country.is_some()).then(|| JsonSide {
        text: a.text.clone(),
        code: a.code.clone(),
        country: a.country.clone(),
        kb_id: a.kb_id.clone(),
    })
}

fn evidence(doc: &Document, index: &OffsetIndex, e: &Event, sentence: Option<TextRange>) -> JsonEvidence {
    let sentence =
        sentence.or_else(|| doc.sentences.get(e.sentence as usize).map(|s| s.range)).unwrap_or(e.trigger);
    let (start, end) = index.char_range(sentence);
    let (ts, te) = index.char_range(e.trigger);
    JsonEvidence {
        sentence: doc.slice(sentence).to_owned(),
        start,
        end,
        trigger: [ts, te],
        ranges: e
            .evidence
            .iter()
            .map(|r| {
                let (a, b) = index.char_range(*r);
                [a, b]
            })
            .collect(),
        rule: e.rule.clone(),
    }
}

/// One coded event of an analysed document.
pub fn doc_event(
    doc: &Document,
    index: &OffsetIndex,
    e: &Event,
    id: String,
    article_id: Option<i64>,
) -> JsonEvent {
    let place = e.place.and_then(|i| doc.places.get(i as usize)).map(|p| JsonPlace {
        name: p.name.clone(),
        country: p.country.clone(),
        lat: deg(p.lat),
        lon: deg(p.lon),
        geonameid: p.geonameid.map(i64::from),
        precision: p.precision().to_owned(),
    });
    JsonEvent {
        id,
        cameo: e.cameo.clone(),
        goldstein: f64::from(e.goldstein),
        quadclass: e.quadclass,
        plover: JsonPlover {
            kind: (!e.plover.kind.is_empty()).then(|| e.plover.kind.clone()),
            mode: e.plover.mode.clone(),
        },
        source: e.source.as_ref().map(side),
        target: e.target.as_ref().map(side),
        reciprocal: e.reciprocal,
        date: e.date.as_ref().map(|d| JsonDate { value: d.value.clone(), precision: d.precision.clone() }),
        place,
        modality: e.modality.as_str().to_owned(),
        attribution: e.attribution.as_ref().map(|a| a.text.clone()),
        confidence: confidence(e),
        evidence: evidence(doc, index, e, None),
        article_id,
        mentions: 1 + e.merged.len() as i64,
        sources: 1,
        articles: None,
    }
}

/// The events of an analysed document, ids `E1`, `E2` ... (or
/// `ARTICLE:E1` when stored).
pub fn doc_events(doc: &Document, index: &OffsetIndex, article_id: Option<i64>) -> Vec<JsonEvent> {
    doc.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let id = match article_id {
                Some(a) => format!("{a}:E{}", i + 1),
                None => format!("E{}", i + 1),
            };
            doc_event(doc, index, e, id, article_id)
        })
        .collect()
}

/// A stored event with the evidence of its first mention (`doc` is that
/// mention's article, `index` its character offsets).
pub fn stored_event(e: &StoredEvent, first: Option<(&StoredMention, &Document, &OffsetIndex)>) -> JsonEvent {
    let evidence = match first {
        Some((m, doc, index)) => {
            let sentence = doc.range(m.sentence[0], m.sentence[1]).ok();
            evidence(doc, index, &m.event, sentence)
        }
        None => JsonEvidence {
            sentence: String::new(),
            start: 0,
            end: 0,
            trigger: [0, 0],
            ranges: Vec::new(),
            rule: String::new(),
        },
    };
    JsonEvent {
        id: e.id.to_string(),
        cameo: e.cameo.clone(),
        goldstein: e.goldstein,
        quadclass: e.quadclass,
        plover: JsonPlover { kind: e.plover_type.clone(), mode: e.plover_mode.clone() },
        source: stored_side(&e.source),
        target: stored_side(&e.target),
        reciprocal: e.reciprocal,
        date: e
            .date_value
            .as_ref()
            .map(|v| JsonDate { value: v.clone(), precision: e.date_precision.clone().unwrap_or_default() }),
        place: e.place.as_ref().map(|p| JsonPlace {
            name: p.name.clone(),
            country: p.country.clone(),
            lat: deg(p.lat),
            lon: deg(p.lon),
            geonameid: p.geonameid,
            precision: p.precision.clone(),
        }),
        modality: e.modality.clone(),
        attribution: first.and_then(|(m, _, _)| m.attribution.clone()),
        confidence: first.and_then(|(m, _, _)| confidence(&m.event)),
        evidence,
        article_id: Some(e.first_article),
        mentions: e.n_mentions,
        sources: e.n_sources,
        articles: Some(e.n_articles),
    }
}
