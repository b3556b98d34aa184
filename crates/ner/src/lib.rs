//! Named-entity recognition: PER, ORG, LOC and MISC names as in CoNLL-2003.
//!
//! A greedy left-to-right averaged perceptron over BILOU labels (Ratinov &
//! Roth 2009 style), trained in-house on CoNLL-2003 English. Features: words
//! and lowercased forms in a ±2 window, shapes, affixes, word clusters at two
//! granularities, capitalised runs, gazetteer matches from name lists (the
//! training entities and the actor KB), the previous two labels, and
//! document-level evidence: the types given earlier in the document to the
//! same word, and the contexts of all its occurrences (context
//! aggregation). An optional stacked second pass over the first pass's
//! output ([`TrainConfig::two_pass`]) is implemented, off by default.
//!
//! - [`NerModel::load`] / [`NerModel::load_default`] read the shipped model
//!   (`$DATELINE_MODELS/ner.bin`, else `data/models/ner.bin`);
//! - [`NerModel::tag_document`] tags one document given as sentences of
//!   token strings and returns token-index [`Span`]s;
//!   [`NerModel::tag_tokens`] does the same from token byte ranges of a text
//!   (as the segmenter makes them) and returns [`Entity`]s;
//! - `NerModel` is a [`Stage`] (`ner.perceptron.v1`, needs sentences and
//!   tokens) filling [`Document::entities`];
//! - [`train()`] builds a model from [`TsvDoc`]s (see [`read_tsv`]),
//!   [`NerModel::save`] writes it; [`score`] computes what the shared scorer
//!   `score.py` reports for token files.

pub mod data;
mod features;
mod gazetteer;
mod hash;
mod model;
pub mod score;
mod train;

pub use data::{read_tsv, TsvDoc, TsvSentence};
pub use train::{kb_lists, train, TrainConfig};

use dateline_doc::{Document, Entity, EntityType, Layer, Layers, Stage, TextRange};
use std::path::{Path, PathBuf};

pub use model::NerModel;

/// Why a model could not be read, written or trained.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a NER model of a version this code reads.
    #[error("not a dateline NER model (or an unsupported version): {0}")]
    Format(String),
    /// The actor knowledge base could not be loaded (for gazetteer lists).
    #[error("loading the actor KB: {0}")]
    Kb(String),
}

/// An entity found in a sentence: tokens `start..end` (token indices,
/// end exclusive), its type and the tagger's confidence in `0..=1` (the
/// lowest per-token probability of the chosen labels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The type.
    pub kind: EntityType,
    /// Confidence in `0..=1`.
    pub score: f32,
}

/// Where the shipped model is: `$DATELINE_MODELS/ner.bin` when the
/// variable is set, else the repository's `data/models/ner.bin`.
pub fn default_path() -> PathBuf {
    match std::env::var_os("DATELINE_MODELS") {
        Some(dir) => PathBuf::from(dir).join("ner.bin"),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/ner.bin")),
    }
}

impl NerModel {
    /// Loads the model at [`default_path`].
    pub fn load_default() -> Result<NerModel, NerError> {
        NerModel::load(&default_path())
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<NerModel, NerError> {
        let bytes = std::fs::read(path)
            .map_err(|source| NerError::Io { path: path.display().to_string(), source })?;
        NerModel::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| NerError::Io { path: path.display().to_string(), source })
    }

    /// Tags a document given as token ranges of `text` (as dateline's
    /// segmenter makes them) and sentences as ranges of token indices.
    /// Returns the entities as byte ranges of `text`, in text order.
    ///
    /// The segmenter splits hyphenated words (`Yunus-Bek` → `Yunus` `-`
    /// `Bek`) where CoNLL-2003, which the model learned from, keeps them
    /// whole: a hyphen touching the words on both sides is glued back to
    /// them before tagging, so an entity never starts or ends inside such
    /// a word.
    pub fn tag_tokens(
        &self,
        text: &str,
        tokens: &[TextRange],
        sentences: &[std::ops::Range<usize>],
    ) -> Vec<Entity> {
        let slice = |r: TextRange| text.get(r.to_std()).unwrap_or("");
        // Per sentence: words as (first token, last token) index pairs.
        let mut groups: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sentences.len());
        for s in sentences {
            let end = s.end.min(tokens.len());
            let mut g: Vec<(usize, usize)> = Vec::with_capacity(end.saturating_sub(s.start));
            let mut k = s.start;
            while k < end {
                let first = k;
                while k + 2 < end
                    && slice(tokens[k + 1]) == "-"
                    && tokens[k].end() == tokens[k + 1].start()
                    && tokens[k + 1].end() == tokens[k + 2].start()
                    && slice(tokens[k]) != "-"
                    && slice(tokens[k + 2]) != "-"
                {
                    k += 2;
                }
                g.push((first, k));
                k += 1;
            }
            groups.push(g);
        }
        let words: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| {
                g.iter().map(|&(a, b)| text.get(tokens[a].cover(tokens[b]).to_std()).unwrap_or("")).collect()
            })
            .collect();
        let spans = self.tag_document(&words);
        let mut entities = Vec::new();
        for (g, found) in groups.iter().zip(spans) {
            for sp in found {
                if let (Some(&(a, _)), Some(&(_, b))) = (g.get(sp.start), g.get(sp.end.wrapping_sub(1))) {
                    entities.push(Entity {
                        range: tokens[a].cover(tokens[b]),
                        kind: sp.kind,
                        score: sp.score,
                    });
                }
            }
        }
        entities.sort_by_key(|e| (e.range.start(), e.range.end()));
        entities
    }

    /// Tags one sentence on its own (no document context).
    pub fn tag_sentence(&self, tokens: &[&str]) -> Vec<Span> {
        self.tag_document(&[tokens.to_vec()]).pop().unwrap_or_default()
    }
}

impl Stage for NerModel {
    fn name(&self) -> &'static str {
        "ner.perceptron.v1"
    }

    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }

    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Entities])
    }

    fn run(&self, doc: &mut Document) {
        let ranges: Vec<TextRange> = doc.tokens.iter().map(|t| t.range).collect();
        let sents: Vec<std::ops::Range<usize>> =
            doc.sentences.iter().map(|s| s.tokens.start as usize..s.tokens.end as usize).collect();
        doc.entities = self.tag_tokens(doc.text(), &ranges, &sents);
    }
}
