//! Where an event happened: the "in/at/near" attachment of its clause in
//! the parse, else the country of the places in its sentence, else the
//! dateline.

use crate::normalize::normalize;
use dateline_doc::{Document, Place};

/// How precisely an event is located.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// A populated place or smaller.
    Point,
    /// A first- or second-level division.
    Admin1,
    /// A country.
    Country,
    /// A region or continent.
    Region,
}

impl Precision {
    /// The precision a resolved place gives.
    pub fn of_feature(feature: &str) -> Precision {
        match feature {
            f if f.starts_with("P.") || f.starts_with("S.") => Precision::Point,
            "A.ADM1" | "A.ADM2" | "A.ADM3" | "A.ADMD" => Precision::Admin1,
            f if f.starts_with("A.PCL") => Precision::Country,
            _ => Precision::Region,
        }
    }
}

/// How the event's place was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventPlaceSource {
    /// A locative attachment ("in Niamey") of the clause's head or of its
    /// arguments.
    Attachment,
    /// The places named in the clause's sentence, all in one country: the
    /// event is in that country.
    Sentence,
    /// The article's dateline.
    Dateline,
}

/// The place of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPlace {
    /// The resolved place (from `doc.places`).
    pub place: Place,
    /// How precise the location is. For [`EventPlaceSource::Sentence`]
    /// with a city, this is `Country`: only the country is sure.
    pub precision: Precision,
    /// How it was found.
    pub source: EventPlaceSource,
}

const LOCATIVE: &[&str] =
    &["in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on"];

fn lower(doc: &Document, i: usize) -> String {
    doc.tokens.get(i).map(|t| doc.slice(t.range).to_lowercase()).unwrap_or_default()
}

fn head(doc: &Document, i: usize) -> Option<usize> {
    doc.tokens.get(i)?.dep.as_ref()?.head.map(|h| h as usize)
}

fn rel(doc: &Document, i: usize) -> &str {
    doc.tokens.get(i).and_then(|t| t.dep.as_ref()).map_or("", |d| &d.rel)
}

/// The head token of the place's span: the one whose head lies outside it.
fn span_head(doc: &Document, p: &Place) -> Option<usize> {
    let toks = crate::recognize::token_span(doc, p.range);
    toks.clone()
        .find(|&i| head(doc, i).is_none_or(|h| !toks.contains(&h)))
        .or(Some(toks.start))
        .filter(|_| !toks.is_empty())
}

/// The case marker (preposition) of token `i`, if any.
fn case_of(doc: &Document, i: usize, sentence: std::ops::Range<usize>) -> Option<String> {
    sentence.into_iter().find(|&k| head(doc, k) == Some(i) && rel(doc, k) == "case").map(|k| lower(doc, k))
}

fn sentence_of(doc: &Document, token: usize) -> Option<std::ops::Range<usize>> {
    doc.sentences
        .iter()
        .find(|s| (s.tokens.start as usize) <= token && token < s.tokens.end as usize)
        .map(|s| s.tokens.start as usize..s.tokens.end as usize)
}

/// The place where the event of a clause happened, given its head token
/// (a verb or event noun; index into `doc.tokens`). Reads `doc.places`
/// (metonyms are skipped), the parse when present, and
/// `doc.meta.dateline_place`:
/// 1. a place attached to the head, or to one of its arguments, by a
///    locative preposition ("held a meeting ... in Niamey" → Niamey, `Point`);
///    without a parse, a place after "in/at/near" in the same clause;
/// 2. else the country of the places named in the sentence when they agree
///    (the country itself when named, else precision `Country`);
/// 3. else the dateline place, when it is among the document's places.
pub fn event_place(doc: &Document, head_token: usize) -> Option<EventPlace> {
    let sentence = sentence_of(doc, head_token)?;
    let places: Vec<(&Place, usize)> = doc
        .places
        .iter()
        .filter(|p| !p.metonym)
        .filter_map(|p| span_head(doc, p).map(|h| (p, h)))
        .filter(|(_, h)| sentence.contains(h))
        .collect();
    let parsed = sentence.clone().any(|i| doc.tokens.get(i).is_some_and(|t| t.dep.is_some()));
    if parsed {
        // the head and its core arguments
        let mut anchors = vec![head_token];
        for k in sentence.clone() {
            if head(doc, k) == Some(head_token)
                && matches!(rel(doc, k), "obj" | "nsubj" | "nsubj:pass" | "iobj" | "xcomp" | "ccomp")
            {
                anchors.push(k);
            }
        }
        for (p, h) in &places {
            // "in Niamey", then up a chain of nominal modifiers to the
            // head or one of its arguments ("a meeting with leaders in Niamey")
            if !case_of(doc, *h, sentence.clone()).is_some_and(|c| LOCATIVE.contains(&c.as_str())) {
                continue;
            }
            let mut t = *h;
            for _ in 0..4 {
                let r = rel(doc, t);
                let Some(up) = head(doc, t) else { break };
                if !(r.starts_with("obl") || r.starts_with("nmod") || r == "advmod") {
                    break;
                }
                if anchors.contains(&up) {
                    return Some(EventPlace {
                        place: (*p).clone(),
                        precision: Precision::of_feature(&p.feature),
                        source: EventPlaceSource::Attachment,
                    });
                }
                t = up;
            }
        }
    } else {
        for (p, h) in &places {
            let first = crate::recognize::token_span(doc, p.range).start;
            let _ = h;
            if first > 0 && LOCATIVE.contains(&lower(doc, first - 1).as_str()) {
                return Some(EventPlace {
                    place: (*p).clone(),
                    precision: Precision::of_feature(&p.feature),
                    source: EventPlaceSource::Attachment,
                });
            }
        }
    }
    // the sentence's country
    let countries: Vec<&str> = places.iter().filter_map(|(p, _)| p.country.as_deref()).collect();
    if let Some(first) = countries.first() {
        if countries.iter().all(|c| c == first) {
            let named = places.iter().find(|(p, _)| p.feature.starts_with("A.PCL")).or(places.first());
            if let Some((p, _)) = named {
                return Some(EventPlace {
                    place: (*p).clone(),
                    precision: Precision::Country,
                    source: EventPlaceSource::Sentence,
                });
            }
        }
    }
    // the dateline
    let d = doc.meta.dateline_place.as_deref()?;
    let key = normalize(d.split(',').next().unwrap_or(d));
    let p = doc.places.iter().find(|p| normalize(&p.name) == key || normalize(doc.slice(p.range)) == key)?;
    Some(EventPlace {
        place: p.clone(),
        precision: Precision::of_feature(&p.feature),
        source: EventPlaceSource::Dateline,
    })
}
