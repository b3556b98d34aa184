//! Named entities, actors and places: the layers the NER, actor and place
//! stages assign.

use crate::TextRange;
use serde::{Deserialize, Serialize};

/// A named-entity type, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation (companies, governments as bodies, armed groups).
    Org,
    /// A location (countries, cities, regions, geographic features).
    Loc,
    /// Other names: nationalities, events, products, works.
    Misc,
}

impl EntityType {
    /// All types, in a fixed order.
    pub const ALL: [EntityType; 4] = [EntityType::Per, EntityType::Org, EntityType::Loc, EntityType::Misc];

    /// The CoNLL name (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a CoNLL name (case-insensitive).
    pub fn parse(s: &str) -> Option<EntityType> {
        match s.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Some(EntityType::Per),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityType::Org),
            "LOC" | "LOCATION" | "GPE" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// A named-entity mention found by the NER stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Where it is.
    pub range: TextRange,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The tagger's confidence in the span and type, in `0..=1`.
    pub score: f32,
}

/// A mention resolved to an actor: a named entity, a title or sector noun,
/// or a description pointing back to one ("the two countries").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Where the mention is.
    pub range: TextRange,
    /// The CAMEO code judged at the article's date (`RUSGOVMIL`, `NER`,
    /// `IGOWAFG5S`), empty when unknown.
    pub code: String,
    /// Country (ISO alpha-3), when the actor has one.
    pub country: Option<String>,
    /// The KB entry (`country:NER`, `org:g5-sahel`, `person:tiani`), or
    /// `None` for an actor the KB does not know.
    pub kb_id: Option<String>,
    /// The canonical name.
    pub name: String,
    /// The coreference chain: mentions of one actor share it.
    pub chain: u32,
    /// How the mention was resolved (`kb`, `surname`, `title`,
    /// `apposition`, `description`, `unlinked` ...), for explanations.
    pub how: String,
    /// The actors a plural description stands for ("the two countries"),
    /// as chain numbers; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<u32>,
}

/// A toponym resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Where the toponym is.
    pub range: TextRange,
    /// The gazetteer's name for it.
    pub name: String,
    /// GeoNames id, when it has one (regions may not).
    pub geonameid: Option<u32>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Country (ISO alpha-3), if any.
    pub country: Option<String>,
    /// First-level division name, if any.
    pub admin1: Option<String>,
    /// GeoNames feature class and code (`P.PPLC`, `A.PCLI`, `A.ADM1`, `L.RGN`).
    pub feature: String,
    /// How sure the resolver is, in `0..=1`.
    pub confidence: f32,
    /// The name stands for a government ("a key ally of Paris"), not a
    /// place where something happened.
    pub metonym: bool,
}

impl Place {
    /// How precise the place is, from its feature: `country`, `admin1`,
    /// `admin2`, `region` (regions and continents) or `point` (places).
    pub fn precision(&self) -> &'static str {
        match self.feature.as_str() {
            f if f.starts_with("A.PCL") => "country",
            "A.ADM1" => "admin1",
            f if f.starts_with("A.ADM") => "admin2",
            f if f.starts_with("L.") => "region",
            _ => "point",
        }
    }
}
