//! Events: who did what to whom, when and where — the layer the event
//! coder assigns.

use crate::TextRange;
use serde::{Deserialize, Serialize};

/// How an event is asserted by the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as having happened (or happening).
    #[default]
    Asserted,
    /// Reported as not having happened ("did not sign").
    Negated,
    /// Planned, intended or expected ("will visit", "plans to").
    Future,
    /// Conditional or possible ("if they attack", "could sign").
    Hypothetical,
}

impl Modality {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// The PLOVER coding of an event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plover {
    /// The event type (`CONSULT`, `AGREE`, `COERCE` ...), empty when PLOVER
    /// has none (CAMEO roots 01 and 02).
    #[serde(rename = "type")]
    pub kind: String,
    /// The mode (`visit`, `coup` ...), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The context (`military`, `diplomatic` ...), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// One side of an event: an actor, by mention and by code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventActor {
    /// Index into `Document::actors`, when the side is a coded mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<u32>,
    /// The words of the side (the noun phrase or the mention).
    pub range: TextRange,
    /// The CAMEO actor code (`RUSGOVMIL`, `NER`), empty when unknown.
    pub code: String,
    /// Country (ISO alpha-3), when known.
    pub country: Option<String>,
    /// The knowledge-base entry, when linked.
    pub kb_id: Option<String>,
    /// The text of `range`.
    pub text: String,
}

/// Who the text says reports the event ("according to Nigerien
/// authorities", "X said").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The words naming the reporter.
    pub range: TextRange,
    /// Their text.
    pub text: String,
    /// The reporter as an actor, when coded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<EventActor>,
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A time expression governing the event's clause.
    Timex,
    /// The date of the story told around it (an earlier dated event).
    Narrative,
    /// The publication date (no time expression in reach).
    Publication,
}

/// The date of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// The TimeML value (`2023-07-26`, `2023-12-04TEV`, `2023-07`).
    pub value: String,
    /// `time`, `day`, `week`, `month`, `range`, `year`, `decade`.
    pub precision: String,
    /// Index into `Document::timexes`, when a time expression dates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex: Option<u32>,
    /// Where the date comes from.
    pub basis: DateBasis,
}

/// Another mention of the same event in the article (it is told again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMention {
    /// The sentence (index into `Document::sentences`).
    pub sentence: u32,
    /// The trigger word(s).
    pub trigger: TextRange,
    /// The pattern that fired.
    pub rule: String,
}

/// A coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO event code (`042`, `0312`); dateline extension codes start
    /// with a letter (`D01` coup).
    pub cameo: String,
    /// Goldstein score of the code.
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    pub quadclass: u8,
    /// PLOVER type, mode and context.
    pub plover: Plover,
    /// Who acts.
    pub source: Option<EventActor>,
    /// Who is acted on.
    pub target: Option<EventActor>,
    /// Source and target act on each other ("meet", "agree", "sign").
    #[serde(default)]
    pub reciprocal: bool,
    /// The trigger word(s): the verb or the event noun.
    pub trigger: TextRange,
    /// The sentence (index into `Document::sentences`).
    pub sentence: u32,
    /// Every range the coding rests on: trigger, particles, objects,
    /// actors, time expression.
    pub evidence: Vec<TextRange>,
    /// Asserted, negated, future or hypothetical.
    pub modality: Modality,
    /// Who reports it, when the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Attribution>,
    /// When it happened.
    pub date: Option<EventDate>,
    /// Where it happened: index into `Document::places`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<u32>,
    /// The pattern or rule that fired (`core:12`, `petrarch:MEET:5`).
    pub rule: String,
    /// Other mentions of the same event in this article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<EventMention>,
    /// How sure the coder is that this is a real event of its code between
    /// its actors, in `[0, 1]` (`dateline_events::precision`); stored
    /// output keeps events at or above 0.5. Documents stored before the
    /// field existed load with 0 (unknown).
    #[serde(default)]
    pub confidence: f32,
}
