//! Event coding: finds who did what to whom in parsed sentences and codes
//! it in CAMEO and PLOVER.
//!
//! [`EventCoder`] holds a [`Codebook`] (CAMEO 1.1b3 codes with Goldstein
//! scores, QuadClass and the PLOVER mapping) and a [`PatternSet`] (verb and
//! noun patterns, hand-written and converted from PETRARCH2). Run on a
//! [`Document`] with sentences, tags, dependencies, actors and times, it
//! returns [`Event`]s with their actors, modality, attribution, date and
//! evidence. It is also the pipeline [`Stage`] `events.patterns.v1`.
#![warn(missing_docs)]

pub mod codebook;
mod finder;
pub mod kb_adapter;
pub mod patterns;
pub mod petrarch;
pub mod petrarch_actors;
pub mod precision;

pub use codebook::{default_dir, CodeInfo, Codebook};
pub use kb_adapter::actors_from_kb;
pub use patterns::{lemma_guesses, Pattern, PatternSet, TriggerKind};
pub use petrarch_actors::PetrarchActors;

use dateline_doc::{Document, Event, Layer, Layers, Stage};
use std::path::{Path, PathBuf};

/// Why event data could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EventsError {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// A line of a file is malformed.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A pattern names a code the codebook does not have.
    #[error("pattern {id}: unknown event code {code:?}")]
    UnknownCode {
        /// The pattern id.
        id: String,
        /// The code.
        code: String,
    },
}

/// Switches of the coder.
#[derive(Debug, Clone)]
pub struct CoderOptions {
    /// Code events in headlines (off: headlines are often puns, and the
    /// body tells the same events literally).
    pub headlines: bool,
    /// Code statements (CAMEO 01x "make statement") when a saying verb
    /// reports no other event and addresses someone (off by default: on
    /// news text they are mostly quotes, not political statements).
    pub statements: bool,
    /// Merge repeated mentions of one event within an article.
    pub merge: bool,
    /// Drop events with neither a coded source nor a coded target.
    pub require_actor: bool,
    /// Keep only events whose [`precision::confidence`] reaches this (0
    /// keeps every candidate, with its modality marked).
    pub min_confidence: f32,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            headlines: false,
            statements: false,
            merge: true,
            require_actor: true,
            min_confidence: precision::DEFAULT_MIN_CONFIDENCE,
        }
    }
}

/// The pattern-based event coder.
#[derive(Debug, Clone)]
pub struct EventCoder {
    /// The codebook.
    pub codebook: Codebook,
    /// The patterns.
    pub patterns: PatternSet,
    /// Switches.
    pub options: CoderOptions,
}

/// The pattern files loaded by default, in priority order.
pub const DEFAULT_PATTERN_FILES: [&str; 2] = ["patterns.txt", "petrarch-verbs.txt"];

impl EventCoder {
    /// Loads the codebook and the pattern files of [`default_dir`].
    pub fn load_default() -> Result<EventCoder, EventsError> {
        EventCoder::load_dir(&default_dir())
    }

    /// Loads `codes.tsv` and the [`DEFAULT_PATTERN_FILES`] of `dir`; user
    /// files (`*.patterns.txt` in `dir`) come first, so they override.
    pub fn load_dir(dir: &Path) -> Result<EventCoder, EventsError> {
        let codebook = Codebook::load(&dir.join("codes.tsv"))?;
        let mut patterns = PatternSet::new();
        let mut user: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| EventsError::Io { path: dir.into(), source })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_str().is_some_and(|s| s.ends_with(".patterns.txt")))
            .collect();
        user.sort();
        for p in user {
            patterns.add_file(&p)?;
        }
        for f in DEFAULT_PATTERN_FILES {
            patterns.add_file(&dir.join(f))?;
        }
        EventCoder::new(codebook, patterns)
    }

    /// A coder over a codebook and patterns; every pattern's code must be in
    /// the codebook.
    pub fn new(codebook: Codebook, patterns: PatternSet) -> Result<EventCoder, EventsError> {
        if let Some(p) = patterns.iter().find(|p| p.code.as_ref().is_some_and(|c| codebook.get(c).is_none()))
        {
            return Err(EventsError::UnknownCode {
                id: p.id.clone(),
                code: p.code.clone().unwrap_or_default(),
            });
        }
        Ok(EventCoder { codebook, patterns, options: CoderOptions::default() })
    }

    /// A coder that accepts codes the codebook lacks (e.g. the WEIS-style
    /// codes of PETRARCH's validation dictionaries): they get a neutral
    /// entry (Goldstein 0, QuadClass from the root, no PLOVER type).
    pub fn new_lenient(mut codebook: Codebook, patterns: PatternSet) -> EventCoder {
        let missing: Vec<String> =
            patterns.iter().filter_map(|p| p.code.clone()).filter(|c| codebook.get(c).is_none()).collect();
        for code in missing {
            let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(1);
            let quadclass = match root {
                0..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            };
            codebook.insert(CodeInfo {
                code: code.clone(),
                name: String::new(),
                goldstein: 0.0,
                quadclass,
                plover: String::new(),
                mode: None,
                context: None,
            });
        }
        EventCoder { codebook, patterns, options: CoderOptions::default() }
    }

    /// Finds and codes the events of `doc`.
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        finder::find(self, doc)
    }
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events.patterns.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Deps, Layer::Actors, Layer::Times])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Events])
    }
    fn run(&self, doc: &mut Document) {
        doc.events = self.code(doc);
    }
}
