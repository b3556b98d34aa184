//! Stages, the layers they need and add, and the pipeline that checks them.

use crate::Document;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An annotation layer of a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Layer {
    /// The cleaned text and metadata (present on every document).
    Text,
    /// Headline, headings and paragraphs.
    Blocks,
    /// Sentences.
    Sentences,
    /// Tokens.
    Tokens,
    /// Part-of-speech tags and lemmas.
    Tags,
    /// Dependency parses.
    Deps,
    /// Named-entity mentions.
    Entities,
    /// Toponyms resolved to places.
    Places,
    /// Time expressions.
    Times,
    /// Events.
    Events,
    /// Actor mentions: linked, coreferent and coded.
    Actors,
}

impl Layer {
    const ALL: [Layer; 11] = [
        Layer::Text,
        Layer::Blocks,
        Layer::Sentences,
        Layer::Tokens,
        Layer::Tags,
        Layer::Deps,
        Layer::Entities,
        Layer::Places,
        Layer::Times,
        Layer::Events,
        Layer::Actors,
    ];

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of [`Layer`]s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layers(u32);

impl Layers {
    /// No layers.
    pub const NONE: Layers = Layers(0);
    /// Just the text.
    pub const TEXT: Layers = Layers(Layer::Text.bit());

    /// The set holding `layers`.
    pub fn of(layers: &[Layer]) -> Layers {
        Layers(layers.iter().fold(0, |acc, l| acc | l.bit()))
    }

    /// True when `layer` is in the set.
    pub fn contains(self, layer: Layer) -> bool {
        self.0 & layer.bit() != 0
    }

    /// Both sets together.
    pub fn union(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }

    /// The layers of `self` missing from `other`.
    pub fn missing_from(self, other: Layers) -> Layers {
        Layers(self.0 & !other.0)
    }

    /// True when the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The layers in the set.
    pub fn iter(self) -> impl Iterator<Item = Layer> {
        Layer::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

impl fmt::Debug for Layers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// One step of processing: reads some layers of a document, adds others.
///
/// `run` never fails: text a stage cannot make sense of produces
/// [`crate::Diagnostic`]s, not errors. Only building a stage (loading its
/// model or dictionary) can fail, and that happens before any document runs.
pub trait Stage: Send + Sync {
    /// A versioned name used in configs and provenance, e.g. `"time.rules.v1"`.
    fn name(&self) -> &'static str;
    /// The layers this stage reads.
    fn requires(&self) -> Layers;
    /// The layers this stage adds.
    fn assigns(&self) -> Layers;
    /// Annotates `doc` in place.
    fn run(&self, doc: &mut Document);
}

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// A stage needs layers that no earlier stage (nor the cleaner) assigns.
    #[error("stage {stage} requires {missing:?}, which nothing before it assigns")]
    MissingLayers {
        /// The stage's name.
        stage: &'static str,
        /// What nothing upstream provides.
        missing: Layers,
    },
}

/// Stages in order, checked so that each one's inputs exist.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Checks `stages` against the layers every cleaned document starts with
    /// (`initial`, normally text and blocks).
    pub fn build(initial: Layers, stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let mut have = initial;
        for stage in &stages {
            let missing = stage.requires().missing_from(have);
            if !missing.is_empty() {
                return Err(PipelineError::MissingLayers { stage: stage.name(), missing });
            }
            have = have.union(stage.assigns());
        }
        Ok(Pipeline { stages })
    }

    /// Runs every stage on `doc`, in order.
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.run(doc);
            doc.mark_assigned(stage.assigns());
        }
    }

    /// Runs every stage on `doc`, adding the time each took to `timings`
    /// (one slot per stage, in order; missing slots are not timed).
    pub fn run_timed(&self, doc: &mut Document, timings: &mut [std::time::Duration]) {
        for (i, stage) in self.stages.iter().enumerate() {
            let start = std::time::Instant::now();
            stage.run(doc);
            doc.mark_assigned(stage.assigns());
            if let Some(slot) = timings.get_mut(i) {
                *slot += start.elapsed();
            }
        }
    }

    /// The stages' names, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Meta;

    struct Fake(&'static str, Layers, Layers);
    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> Layers {
            self.1
        }
        fn assigns(&self) -> Layers {
            self.2
        }
        fn run(&self, _doc: &mut Document) {}
    }

    #[test]
    fn pipeline_checks_requirements() {
        let base = Layers::of(&[Layer::Text, Layer::Blocks]);
        let tok = || Box::new(Fake("tok", base, Layers::of(&[Layer::Tokens]))) as Box<dyn Stage>;
        let tag = || {
            Box::new(Fake("tag", Layers::of(&[Layer::Tokens]), Layers::of(&[Layer::Tags]))) as Box<dyn Stage>
        };
        assert!(Pipeline::build(base, vec![tok(), tag()]).is_ok());
        let err = Pipeline::build(base, vec![tag(), tok()]).err().unwrap();
        assert_eq!(err, PipelineError::MissingLayers { stage: "tag", missing: Layers::of(&[Layer::Tokens]) });
        let p = Pipeline::build(base, vec![tok(), tag()]).unwrap();
        let mut doc = Document::new("x".into(), Meta::default()).unwrap();
        p.run(&mut doc);
        assert!(doc.layers().contains(Layer::Tags));
        assert_eq!(p.stage_names(), ["tok", "tag"]);
    }
}
