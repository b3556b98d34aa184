//! The coder on short realistic sentences (no shared data needed: the
//! shipped models, KB and patterns only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use dateline_doc::{Document, Event, Modality};

fn code(text: &str) -> Document {
    // A headline line first, so the sentence under test is body text.
    common::document_from_text(&format!("News\n\n{text}"), common::date("2023-12-05"))
}

fn c(side: &Option<dateline_doc::EventActor>) -> Option<&str> {
    side.as_ref().and_then(|s| s.country.as_deref())
}

fn only(doc: &Document) -> &Event {
    assert_eq!(doc.events.len(), 1, "{:#?}", doc.events);
    &doc.events[0]
}

#[test]
fn active_verb() {
    let d = code("Russian forces attacked Ukraine on Monday.");
    let e = only(&d);
    assert_eq!(&e.cameo[..2], "19");
    assert_eq!(e.plover.kind, "ASSAULT");
    assert_eq!((c(&e.source), c(&e.target)), (Some("RUS"), Some("UKR")));
    assert_eq!(e.date.as_ref().unwrap().value, "2023-12-04");
    assert_eq!(e.modality, Modality::Asserted);
}

#[test]
fn passive_with_agent() {
    let d = code("Ukraine was attacked by Russia on Monday.");
    let e = only(&d);
    assert_eq!((c(&e.source), c(&e.target)), (Some("RUS"), Some("UKR")));
}

#[test]
fn coordinated_subjects_give_one_event_each() {
    let d = code("France and Germany condemned Iran on Tuesday.");
    assert_eq!(d.events.len(), 2, "{:#?}", d.events);
    let mut src: Vec<_> = d.events.iter().map(|e| c(&e.source).unwrap()).collect();
    src.sort();
    assert_eq!(src, ["DEU", "FRA"]);
    assert!(d.events.iter().all(|e| e.plover.kind == "ACCUSE" && c(&e.target) == Some("IRN")));
}

#[test]
fn negation() {
    let d = code("Israel did not sign the agreement with Egypt.");
    let e = only(&d);
    assert_eq!(e.cameo, "057");
    assert_eq!(e.modality, Modality::Negated);
    assert!(e.reciprocal);
}

#[test]
fn future_visit_is_an_intent() {
    let d = code("The French president will visit Mali next week.");
    let e = only(&d);
    assert_eq!(e.modality, Modality::Future);
    assert_eq!(e.cameo, "036");
    assert_eq!((c(&e.source), c(&e.target)), (Some("FRA"), Some("MLI")));
}

#[test]
fn relative_clause() {
    let d = code("Protesters in Niamey denounced the soldiers who ousted President Mohamed Bazoum.");
    assert!(d.events.iter().any(|e| e.cameo == "D01" && c(&e.target) == Some("NER")), "{:#?}", d.events);
}

#[test]
fn nominal_event_with_its_own_date() {
    let d = code("The trip was the first visit since the coup in Niger on July 26.");
    let e = d.events.iter().find(|e| e.cameo == "D01").expect("coup");
    assert_eq!(e.plover.kind, "COERCE");
    assert_eq!(e.source.as_ref().unwrap().code, "NERMIL");
    assert_eq!(e.target.as_ref().unwrap().code, "NERGOV");
    assert_eq!(e.date.as_ref().unwrap().value, "2023-07-26");
}

#[test]
fn light_verb_meeting_and_attribution() {
    let d = code(
        "Russia held a meeting with Niger's military leaders in Niamey, according to Nigerien authorities.",
    );
    let e = only(&d);
    assert_eq!(e.plover.kind, "CONSULT");
    assert_eq!((c(&e.source), c(&e.target)), (Some("RUS"), Some("NER")));
    assert_eq!(e.attribution.as_ref().unwrap().text, "Nigerien authorities");
}

#[test]
fn headline_pun_is_not_coded() {
    let d = common::document_from_text(
        "Russian Officials Storm Niger Rep To Improve Military Ties\n\nThe weather was fine.",
        common::date("2023-12-05"),
    );
    assert!(d.events.is_empty(), "{:#?}", d.events);
}
