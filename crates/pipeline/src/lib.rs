//! The standard pipeline: which stages run, in which order, from which
//! model files.
//!
//! Stages live in their own crates; this one only knows how to build them
//! and checks, through [`Pipeline::build`], that each stage's inputs are
//! produced upstream. Models are loaded once, when the pipeline is built.
#![warn(missing_docs)]

use dateline_actors::{ActorLinker, EntityRefiner, Kb};
use dateline_doc::{Layer, Layers, Pipeline, PipelineError, Stage};
mod event_places;

use dateline_events::EventCoder;
use dateline_ner::NerModel;
use dateline_nlp::parse::Parser;
use dateline_nlp::segment::Segmenter;
use dateline_nlp::tag::Tagger;
use dateline_places::PlaceStage;
use dateline_time::TimeTagger;
pub use event_places::EventPlaces;
pub use selective::{ActorSentenceParser, PETRARCH_MAX_CONFIDENCE};
mod selective;
use std::path::PathBuf;

/// How far to analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// Sentences and tokens.
    Tokens,
    /// ... and POS tags and lemmas.
    Tags,
    /// ... and dependency parses.
    Deps,
}

/// What the pipeline should do.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// How far the syntax goes.
    pub depth: Depth,
    /// Where the model files are; `None` for the shipped ones
    /// (`$DATELINE_MODELS`, else the repository's `data/models`).
    pub models_dir: Option<PathBuf>,
    /// Whether documents already carry tokens and sentences (evaluation
    /// from gold tokens): then no segmenter runs.
    pub pretokenized: bool,
    /// Whether to find and normalise time expressions.
    pub times: bool,
    /// Whether to find named entities (PER, ORG, LOC, MISC).
    pub entities: bool,
    /// Whether to link and code actors (needs tokens; uses tags and
    /// entities when they are there).
    pub actors: bool,
    /// Whether to find and resolve toponyms (needs tokens).
    pub places: bool,
    /// Whether to find and code events (needs the parse, actors and times).
    pub events: bool,
    /// Parse only the sentences whose parse can change the stored events
    /// or places, after the actor stage: those with a coded actor and a
    /// word that can trigger a stored event (see [`ActorSentenceParser`]);
    /// about a quarter of the sentences of news, for stores; `annotate`
    /// parses everything.
    pub parse_event_sentences: bool,
    /// The actor KB folder; `None` for the shipped one (`$DATELINE_KB`,
    /// else the repository's `data/kb`).
    pub kb_dir: Option<PathBuf>,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            depth: Depth::Deps,
            models_dir: None,
            pretokenized: false,
            times: true,
            entities: true,
            actors: true,
            places: true,
            events: true,
            parse_event_sentences: false,
            kb_dir: None,
        }
    }
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The tagger model could not be loaded.
    #[error("loading the tagger model (set DATELINE_MODELS to the folder holding tagger.bin)")]
    Tagger(#[from] dateline_nlp::tag::ModelError),
    /// The parser model could not be loaded.
    #[error("loading the parser model (set DATELINE_MODELS to the folder holding parser.bin)")]
    Parser(#[from] dateline_nlp::parse::ParseModelError),
    /// The NER model could not be loaded.
    #[error("loading the NER model (set DATELINE_MODELS to the folder holding ner.bin)")]
    Ner(#[from] dateline_ner::NerError),
    /// The gazetteer could not be loaded.
    #[error("loading the gazetteer (set DATELINE_GAZETTEER to the folder holding it)")]
    Gazetteer(#[from] dateline_places::GazetteerError),
    /// The event codebook or patterns could not be loaded.
    #[error("loading the event codebook and patterns (set DATELINE_EVENTS to their folder)")]
    Events(#[from] dateline_events::EventsError),
    /// The actor knowledge base could not be loaded.
    #[error("loading the actor knowledge base (set DATELINE_KB to the folder holding countries.tsv ...)")]
    Kb(#[from] dateline_actors::KbError),
    /// The stages do not fit together.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

impl PipelineConfig {
    fn model(&self, default: PathBuf) -> PathBuf {
        match (&self.models_dir, default.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => default,
        }
    }

    /// The layers documents start with.
    pub fn initial_layers(&self) -> Layers {
        if self.pretokenized {
            Layers::of(&[Layer::Text, Layer::Blocks, Layer::Sentences, Layer::Tokens])
        } else {
            Layers::of(&[Layer::Text, Layer::Blocks])
        }
    }

    /// Loads the models and builds the pipeline.
    ///
    /// Order: segment, tag, \[parse\], times, entities, KB check of entity
    /// types, places, actors, events, event places. With
    /// `parse_event_sentences`, the parser runs after the actor stage and
    /// only on sentences with a coded actor (the only ones that can hold an
    /// event) whose parse can change the stored output; places then run
    /// after it, so they see the parse too.
    pub fn build(&self) -> Result<Pipeline, BuildError> {
        let mut stages: Vec<Box<dyn Stage>> = Vec::new();
        if !self.pretokenized {
            stages.push(Box::new(Segmenter::new()));
        }
        if self.depth >= Depth::Tags {
            stages.push(Box::new(Tagger::load(&self.model(Tagger::default_path()))?));
        }
        let selective = self.parse_event_sentences && self.actors && self.depth >= Depth::Deps;
        let parser = if self.depth >= Depth::Deps {
            Some(Parser::load(&self.model(Parser::default_path()))?)
        } else {
            None
        };
        let mut parser = parser;
        if !selective {
            if let Some(p) = parser.take() {
                stages.push(Box::new(p));
            }
        }
        if self.times {
            // After the tagger, so it can read tense off the tags.
            stages.push(Box::new(TimeTagger::new()));
        }
        if self.entities {
            stages.push(Box::new(NerModel::load(&self.model(dateline_ner::default_path()))?));
        }
        // One KB shared by the entity refiner and the actor linker.
        let kb = if self.actors || self.entities {
            Some(std::sync::Arc::new(match &self.kb_dir {
                Some(dir) => Kb::load(dir)?,
                None => Kb::load_default()?,
            }))
        } else {
            None
        };
        if let (true, Some(kb)) = (self.entities, &kb) {
            stages.push(Box::new(EntityRefiner::new(kb.clone())));
        }
        let places = if self.places { Some(PlaceStage::load_default()?) } else { None };
        let mut places = places;
        if !selective {
            if let Some(p) = places.take() {
                stages.push(Box::new(p));
            }
        }
        if let (true, Some(kb)) = (self.actors, kb) {
            stages.push(Box::new(ActorLinker::new(kb)));
        }
        let coder = if self.events { Some(EventCoder::load_default()?) } else { None };
        if let Some(p) = parser.take() {
            // Only the sentences whose parse can change the stored events
            // (and places); the same output as parsing every sentence with
            // a coded actor, which DATELINE_PARSE_ACTOR_SENTENCES=1 does
            // (for checking exactly that).
            let every = std::env::var_os("DATELINE_PARSE_ACTOR_SENTENCES").is_some_and(|v| v == "1");
            match &coder {
                Some(coder) if !every => {
                    stages.push(Box::new(ActorSentenceParser::for_coder(p, coder, places.is_some())))
                }
                _ => stages.push(Box::new(ActorSentenceParser::new(p))),
            }
        }
        if let Some(p) = places.take() {
            stages.push(Box::new(p));
        }
        if let Some(coder) = coder {
            stages.push(Box::new(coder));
            if self.places {
                stages.push(Box::new(EventPlaces));
            }
        }
        Ok(Pipeline::build(self.initial_layers(), stages)?)
    }
}
