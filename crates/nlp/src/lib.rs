//! The language core: sentence splitting and tokenisation, part-of-speech
//! tagging and lemmatisation, and dependency parsing, all trained in-house
//! on Universal Dependencies and shipped as compact model files.
//!
//! One module per layer, each with a `Stage` for the pipeline:
//! [`segment`] (sentences, tokens), [`tag`] (UPOS, XPOS, lemmas),
//! [`parse`] (heads and relations). [`conllu`] reads treebanks for training
//! and evaluation.

pub mod conllu;
pub mod eval;
#[doc(hidden)]
pub mod gz;
mod kernels;
pub mod parse;
pub mod segment;
pub mod tag;
