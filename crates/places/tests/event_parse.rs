//! event_place on a sentence parsed by the shipped parser (needs the
//! models in data/models and the gazetteer in data/gazetteer, both in the
//! repository).

use dateline_doc::{Document, Meta, Stage};
use dateline_nlp::parse::Parser;
use dateline_nlp::segment::Segmenter;
use dateline_nlp::tag::Tagger;
use dateline_places::{event_place, Gazetteer, PlaceStage, Precision};
use std::sync::Arc;

#[test]
fn meeting_in_niamey_is_located_at_niamey() {
    let text =
        "Russia's deputy defence minister held a meeting with Niger's military leaders in Niamey on Monday.";
    let mut doc = Document::new(text.to_string(), Meta::default()).unwrap();
    // the shipped segmenter, tagger and parser (what the standard pipeline runs)
    Segmenter::new().run(&mut doc);
    Tagger::load(&Tagger::default_path()).unwrap().run(&mut doc);
    Parser::load(&Parser::default_path()).unwrap().run(&mut doc);
    PlaceStage::new(Arc::new(Gazetteer::load_default().unwrap())).run(&mut doc);
    let held = doc.tokens.iter().position(|t| doc.slice(t.range) == "held").unwrap();
    let ep = event_place(&doc, held).expect("a place for 'held'");
    assert_eq!(ep.place.geonameid, Some(2440485), "{ep:?}");
    assert_eq!(ep.precision, Precision::Point);
    let russia = doc.places.iter().find(|p| doc.slice(p.range) == "Russia").unwrap();
    assert!(russia.metonym, "Russia's deputy defence minister: {russia:?}");
}
