//! Shared by tests and examples: raw text → cleaned, parsed, timed document
//! with a KB actor layer (the stand-in for the actor linker).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use dateline_actors::Kb;
use dateline_clean::Cleaner;
use dateline_doc::{Document, Layer, Layers, Pipeline, Published, SourceFormat};
use dateline_events::{actors_from_kb, EventCoder};
use dateline_ingest::{Content, Hints, RawDocument};
use std::sync::OnceLock;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    // Segment, tag, parse and times (as dateline_pipeline does): actors come
    // from the KB adapter below, and the events are what is under test.
    P.get_or_init(|| {
        use dateline_nlp::{parse::Parser, segment::Segmenter, tag::Tagger};
        let stages: Vec<Box<dyn dateline_doc::Stage>> = vec![
            Box::new(Segmenter::new()),
            Box::new(Tagger::load(&Tagger::default_path()).expect("tagger model")),
            Box::new(Parser::load(&Parser::default_path()).expect("parser model")),
            Box::new(dateline_time::TimeTagger::new()),
        ];
        Pipeline::build(Layers::of(&[Layer::Text, Layer::Blocks]), stages).expect("pipeline")
    })
}

pub fn kb() -> &'static Kb {
    static K: OnceLock<Kb> = OnceLock::new();
    K.get_or_init(|| Kb::load_default().expect("kb"))
}

pub fn coder() -> &'static EventCoder {
    static C: OnceLock<EventCoder> = OnceLock::new();
    C.get_or_init(|| EventCoder::load_default().expect("event coder"))
}

/// The coder keeping every candidate (no confidence threshold): what is
/// found, with its modality marked, before the stored output's filter.
pub fn coder_all() -> &'static EventCoder {
    static C: OnceLock<EventCoder> = OnceLock::new();
    C.get_or_init(|| {
        let mut c = EventCoder::load_default().expect("event coder");
        c.options.min_confidence = 0.0;
        c
    })
}

/// Cleans `text` as the CLI does for a plain-text file, runs the pipeline
/// and the KB actor adapter (no events yet).
pub fn parsed_document(text: &str, date: Option<Published>, clean: bool) -> Document {
    let raw = RawDocument {
        origin: "test".into(),
        format: SourceFormat::Text,
        content: Content::Text,
        bytes: text.as_bytes().to_vec(),
        http_content_type: None,
        hints: Hints { published: date, ..Hints::default() },
    };
    let cleaner = Cleaner::new();
    let mut doc = if clean { cleaner.clean(&raw) } else { cleaner.verbatim(&raw) }.expect("clean");
    if doc.meta.published.is_none() {
        doc.meta.published = date;
    }
    pipeline().run(&mut doc);
    doc.actors = actors_from_kb(kb(), &doc);
    doc.mark_assigned(Layers::of(&[Layer::Actors]));
    doc
}

/// [`parsed_document`] then the event coder.
pub fn document_from_text(text: &str, date: Option<Published>) -> Document {
    let mut doc = parsed_document(text, date, true);
    doc.events = coder().code(&doc);
    doc
}

pub fn date(s: &str) -> Option<Published> {
    Published::parse_iso(s)
}
