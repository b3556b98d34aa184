//! Tokens and sentences: the layers the language core assigns.

use crate::TextRange;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Universal part-of-speech tags (Universal Dependencies v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs, clippy::upper_case_acronyms)]
pub enum Upos {
    ADJ,
    ADP,
    ADV,
    AUX,
    CCONJ,
    DET,
    INTJ,
    NOUN,
    NUM,
    PART,
    PRON,
    PROPN,
    PUNCT,
    SCONJ,
    SYM,
    VERB,
    X,
}

impl Upos {
    /// Every tag, in a fixed order (the order models index them by).
    pub const ALL: [Upos; 17] = [
        Upos::ADJ,
        Upos::ADP,
        Upos::ADV,
        Upos::AUX,
        Upos::CCONJ,
        Upos::DET,
        Upos::INTJ,
        Upos::NOUN,
        Upos::NUM,
        Upos::PART,
        Upos::PRON,
        Upos::PROPN,
        Upos::PUNCT,
        Upos::SCONJ,
        Upos::SYM,
        Upos::VERB,
        Upos::X,
    ];

    /// The tag's name as UD writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::ADJ => "ADJ",
            Upos::ADP => "ADP",
            Upos::ADV => "ADV",
            Upos::AUX => "AUX",
            Upos::CCONJ => "CCONJ",
            Upos::DET => "DET",
            Upos::INTJ => "INTJ",
            Upos::NOUN => "NOUN",
            Upos::NUM => "NUM",
            Upos::PART => "PART",
            Upos::PRON => "PRON",
            Upos::PROPN => "PROPN",
            Upos::PUNCT => "PUNCT",
            Upos::SCONJ => "SCONJ",
            Upos::SYM => "SYM",
            Upos::VERB => "VERB",
            Upos::X => "X",
        }
    }

    /// The tag's position in [`Upos::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Upos {
    type Err = String;
    fn from_str(s: &str) -> Result<Upos, String> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s).ok_or_else(|| format!("unknown UPOS tag {s:?}"))
    }
}

/// A dependency arc: the head of a token (`None` for the sentence's root)
/// and the UD relation (`nsubj`, `obl:tmod`, `root` ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dep {
    /// Index of the head token in [`crate::Document::tokens`]; `None` for
    /// the root.
    pub head: Option<u32>,
    /// The relation label.
    pub rel: Box<str>,
}

/// A token: a range of the text (always a substring, UD English
/// conventions: "Niger's" is "Niger" + "'s", "can't" is "ca" + "n't") and
/// what the tagger, lemmatizer and parser say of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where it is.
    pub range: TextRange,
    /// Universal POS tag (tags layer).
    pub upos: Option<Upos>,
    /// Penn Treebank tag (tags layer).
    pub xpos: Option<Box<str>>,
    /// Lemma (tags layer).
    pub lemma: Option<Box<str>>,
    /// Head and relation (deps layer).
    pub dep: Option<Dep>,
}

impl Token {
    /// A bare token at `range`.
    pub fn new(range: TextRange) -> Token {
        Token { range, upos: None, xpos: None, lemma: None, dep: None }
    }
}

/// A sentence: its range and its tokens (`tokens.start..tokens.end` indexes
/// [`crate::Document::tokens`]). Sentences are in order and do not overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is.
    pub range: TextRange,
    /// Its tokens, as indices.
    pub tokens: std::ops::Range<u32>,
}
