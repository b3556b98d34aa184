//! The pipeline stage.

use crate::gazetteer::{Gazetteer, GazetteerError};
use crate::recognize::recognize;
use crate::resolve::resolve;
use dateline_doc::{Document, Layer, Layers, Stage};
use std::sync::Arc;

/// Finds and resolves the toponyms of a document into `doc.places`.
/// Requires tokens and sentences; reads NER entities, POS tags and the
/// parse when present.
#[derive(Debug, Clone)]
pub struct PlaceStage {
    gazetteer: Arc<Gazetteer>,
}

impl PlaceStage {
    /// A stage over `gazetteer`.
    pub fn new(gazetteer: Arc<Gazetteer>) -> PlaceStage {
        PlaceStage { gazetteer }
    }

    /// A stage over the shipped gazetteer ([`Gazetteer::load_default`]).
    pub fn load_default() -> Result<PlaceStage, GazetteerError> {
        Ok(PlaceStage::new(Arc::new(Gazetteer::load_default()?)))
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

impl Stage for PlaceStage {
    fn name(&self) -> &'static str {
        "places.gazetteer.v1"
    }

    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }

    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Places])
    }

    fn run(&self, doc: &mut Document) {
        let mentions = recognize(&self.gazetteer, doc);
        doc.places = resolve(&self.gazetteer, doc, &mentions);
    }
}
