//! Notes a stage leaves on a document instead of failing.

use crate::TextRange;
use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (e.g. a charset was guessed).
    Info,
    /// Output may be degraded (e.g. invalid bytes were replaced).
    Warning,
}

/// A note from a stage: stages never fail on odd text, they say what they
/// noticed and carry on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that noticed, e.g. `"clean.html.v1"`.
    pub stage: String,
    /// How serious it is.
    pub severity: Severity,
    /// What was noticed, as a sentence.
    pub message: String,
    /// Where in the text, when it is about a part of it.
    pub range: Option<TextRange>,
}
