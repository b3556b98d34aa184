//! Places: a gazetteer, toponym recognition and resolution, and where
//! events happened.
//!
//! * [`Gazetteer`]: GeoNames-derived countries, first- and second-level
//!   divisions, populated places (cities500 with alternate names) and
//!   hand-written news regions, loaded from `data/gazetteer/` and looked up
//!   by normalised name ([`normalize`]: case, "St."/"Saint", possessive
//!   's, periods, hyphens).
//! * [`recognize`]: toponym mentions from NER LOC entities when present,
//!   plus a gazetteer scan over capitalised token sequences.
//! * [`resolve`]: ranks each mention's candidates (population, feature
//!   class, containment "Agadez, Niger" / "Springfield, Ill.", the
//!   countries and divisions of the other mentions, nearby places, the
//!   dateline; one sense per discourse) and flags metonyms ("a key ally of
//!   Paris").
//! * [`PlaceStage`]: the pipeline stage `places.gazetteer.v1` filling
//!   `doc.places`.
//! * [`event_place`]: where the event of a clause happened, with its
//!   [`Precision`].
//! * [`eval`]: the shared geo benchmark's JSONL format, running the stage
//!   on it, and a scorer matching `../shared/bench/geo/score.py`.
#![warn(missing_docs)]

pub mod eval;
mod event;
mod gazetteer;
mod metonym;
mod normalize;
mod recognize;
mod resolve;
mod stage;

pub use event::{event_place, EventPlace, EventPlaceSource, Precision};
pub use gazetteer::{distance_km, Candidate, EntryId, Gazetteer, GazetteerError, Kind, GAZETTEER_FILE};
pub use metonym::{is_metonym, parse_may_matter};
pub use normalize::normalize;
pub use recognize::{recognize, Mention, Origin};
pub use resolve::{prior, ranked_candidates, resolve};
pub use stage::PlaceStage;
