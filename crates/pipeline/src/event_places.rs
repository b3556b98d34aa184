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
        let mut found = Vec::with_capacity(doc.events.len());
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
                // International Religious Freedom", "Marine One").
                .filter(|p| {
                    !doc.actors.iter().any(|a| {
                        a.range.contains_range(p.place.range)
                            && a.range.to_std().len() > p.place.range.to_std().len()
                    })
                })
                .and_then(|p| doc.places.iter().position(|q| q.range == p.place.range))
                .and_then(|i| u32::try_from(i).ok());
            found.push(place);
        }
        for (e, place) in doc.events.iter_mut().zip(found) {
            e.place = place;
        }
    }
}
