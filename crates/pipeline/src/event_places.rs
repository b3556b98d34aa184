//! Where each event happened: the places stage's `event_place` applied to
//! the events the coder found without a place.

use dateline_doc::{Document, Layer, Layers, Stage};
use dateline_places::{event_place, EventPlaceSource};

/// Gives each event without a place the place its clause names ("held a
/// meeting ... in Niamey"). Neither the sentence's country (often the
/// topic: "spoke with Erdogan ... on Syria") nor the dateline (where the
/// report was filed, for wire copy often far from the events) is used: no
/// place is better than a wrong one (issue 7's precision audit).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventPlaces;

fn verbal(cameo: &str) -> bool {
    matches!(cameo.get(..2), Some("01" | "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13" | "14"))
        && !cameo.starts_with("04")
}

/// True when the noun phrase of the place at `range` depends directly on
/// token `trigger` (through names and appositions up to its head).
fn attached_to(doc: &Document, range: dateline_doc::TextRange, trigger: usize) -> bool {
    let head =
        |i: usize| doc.tokens.get(i).and_then(|t| t.dep.as_ref()).and_then(|d| d.head).map(|h| h as usize);
    let rel = |i: usize| doc.tokens.get(i).and_then(|t| t.dep.as_ref()).map_or("", |d| &*d.rel);
    let mut n = doc.tokens.partition_point(|t| t.range.end() <= range.start());
    for _ in 0..4 {
        if matches!(rel(n), "flat" | "compound" | "appos" | "amod" | "nmod:poss") {
            match head(n) {
                Some(h) => n = h,
                None => return false,
            }
        } else {
            break;
        }
    }
    head(n) == Some(trigger)
}

/// True when the phrase at `range` follows "from" ("from the country").
fn from_phrase(doc: &Document, range: dateline_doc::TextRange) -> bool {
    let n = doc.tokens.partition_point(|t| t.range.end() <= range.start());
    let word = |k: usize| doc.tokens.get(k).map(|t| doc.slice(t.range).to_lowercase());
    let mut k = n;
    while k > 0 && matches!(word(k - 1).as_deref(), Some("the" | "its" | "their")) {
        k -= 1;
    }
    k > 0 && word(k - 1).as_deref() == Some("from")
}

/// True when the word before the place at `range` is a locative
/// preposition ("in", "at").
fn locative_before(doc: &Document, range: dateline_doc::TextRange) -> bool {
    let n = doc.tokens.partition_point(|t| t.range.end() <= range.start());
    n.checked_sub(1)
        .and_then(|k| doc.tokens.get(k))
        .is_some_and(|t| matches!(doc.slice(t.range).to_lowercase().as_str(), "in" | "at"))
}

impl Stage for EventPlaces {
    fn name(&self) -> &'static str {
        "events.places.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Events, Layer::Places, Layer::Tokens])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Events])
    }
    fn run(&self, doc: &mut Document) {
        let mut found: Vec<Option<u32>> = Vec::with_capacity(doc.events.len());
        for e in &doc.events {
            if e.place.is_some() {
                found.push(e.place);
                continue;
            }
            let at = e.trigger.start();
            let token = doc.tokens.partition_point(|t| t.range.end() <= at);
            let place = event_place(doc, token)
                .filter(|p| p.source == EventPlaceSource::Attachment)
                // A word of a longer name is no place ("the Commission on
                // International Religious Freedom", "Marine One"); a
                // locative inside a description is ("visited the military
                // leaders in Mali").
                .filter(|p| {
                    !doc.actors.iter().any(|a| {
                        a.range.contains_range(p.place.range)
                            && a.range.to_std().len() > p.place.range.to_std().len()
                            && !locative_before(doc, p.place.range)
                    })
                })
                // Saying, appealing, accusing, rejecting (CAMEO 01-05, 10-14)
                // happen where the speaker is: only a locative of the verb
                // itself ("accused Pakistan in New Delhi"), not one inside
                // its object ("denounced a strike on a dormitory in eastern
                // Ukraine").
                .filter(|p| !verbal(&e.cameo) || attached_to(doc, p.place.range, token))
                .and_then(|p| doc.places.iter().position(|q| q.range == p.place.range))
                .and_then(|i| u32::try_from(i).ok());
            found.push(place);
        }
        // A withdrawal happens where the troops leave ("France has begun
        // withdrawing its troops from the country"): the country the
        // trigger's "from" phrase names, at its nearest mention before.
        for (k, e) in doc.events.iter().enumerate() {
            if found[k].is_some() || !e.cameo.starts_with("087") {
                continue;
            }
            let Some(target) = e.target.as_ref() else { continue };
            let Some(country) = target.country.as_deref() else { continue };
            let token = doc.tokens.partition_point(|t| t.range.end() <= e.trigger.start());
            // "withdrawing [from the country]" or "withdrawing [its troops
            // from the country]"
            let objects = doc.tokens.iter().enumerate().filter(|(_, t)| {
                t.dep.as_ref().is_some_and(|d| d.head == u32::try_from(token).ok() && &*d.rel == "obj")
            });
            let attached = attached_to(doc, target.range, token)
                || objects.map(|(k, _)| k).any(|k| attached_to(doc, target.range, k));
            if !from_phrase(doc, target.range) || !attached {
                continue;
            }
            found[k] = doc
                .places
                .iter()
                .enumerate()
                .rfind(|(_, p)| {
                    p.feature == "A.PCLI"
                        && !p.metonym
                        && p.country.as_deref() == Some(country)
                        && p.range.start() < e.trigger.start()
                })
                .and_then(|(i, _)| u32::try_from(i).ok());
        }
        // One occasion: an event with no place of its own takes the place
        // of an event on the same day between the same two countries ("held
        // a meeting with Niger's military leaders in Niamey ..., with the two
        // countries agreeing ...", "The parties signed documents ...").
        let occasion = |e: &dateline_doc::Event| -> Option<(String, [String; 2])> {
            let day = e.date.as_ref().and_then(|d| d.value.get(..10)).filter(|d| d.len() == 10)?;
            let side = |a: &Option<dateline_doc::EventActor>| a.as_ref().and_then(|a| a.country.clone());
            let (mut a, mut b) = (side(&e.source)?, side(&e.target)?);
            if a == b {
                return None;
            }
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            Some((day.to_owned(), [a, b]))
        };
        let keys: Vec<_> = doc.events.iter().map(occasion).collect();
        let shared: Vec<Option<u32>> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let key = key.as_ref()?;
                if found[i].is_some() {
                    return found[i];
                }
                let mut places =
                    (0..keys.len()).filter(|&j| keys[j].as_ref() == Some(key)).filter_map(|j| found[j]);
                let first = places.next()?;
                // Two places for one occasion: not one occasion after all.
                places.all(|p| p == first).then_some(first)
            })
            .collect();
        for ((e, place), shared) in doc.events.iter_mut().zip(found).zip(shared) {
            e.place = place.or(shared);
        }
    }
}
