//! Time expressions: the layer the temporal tagger assigns.

use crate::TextRange;
use serde::{Deserialize, Serialize};

/// The TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period ("July 26", "last week", "2023").
    Date,
    /// A time of day or a part of a day ("Monday evening", "10 a.m.").
    Time,
    /// A length of time ("three years", "18 months").
    Duration,
    /// A recurrence ("every week").
    Set,
}

impl TimexType {
    /// The TIMEX3 name (`DATE`, `TIME`, `DURATION`, `SET`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A time expression and its normalised TimeML value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// Where it is.
    pub range: TextRange,
    /// Its TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TimeML value: `2023-12-04TEV`, `2023-07-26`, `2023-W48`, `P3Y`,
    /// `PRESENT_REF`, `XXXX-WI` ...; `None` when it could not be resolved
    /// (e.g. a relative date without a document date).
    pub value: Option<Box<str>>,
    /// The rule that produced it, for explanations.
    pub rule: Box<str>,
}
