//! The document model every dateline stage works on.
//!
//! A [`Document`] is one article: its cleaned `text`, which never changes once
//! the cleaning stage has produced it, its [`Meta`]data, a [`SourceMap`] back to
//! the raw bytes it came from, and stand-off annotation layers. Every
//! annotation is a [`TextRange`] (UTF-8 byte offsets into `text`) plus a typed
//! payload. Character and UTF-16 offsets are never stored: they are derived at
//! the edges with an [`OffsetIndex`], so each fact lives in one place.
//!
//! Stages implement [`Stage`], declare the [`Layers`] they read and write, and
//! a [`Pipeline`] refuses to run a stage whose inputs nothing upstream assigns.
//!
//! This crate does no IO and depends on no parser, model, database or HTTP
//! crate; that keeps it the stable boundary between all the others.
#![warn(missing_docs)]

mod diagnostic;
mod document;
mod entity;
mod event;
pub mod hash;
mod offsets;
mod source_map;
mod stage;
mod text_range;
mod timex;
mod token;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{Block, BlockKind, Boilerplate, Document, Meta, Published, SourceFormat};
pub use entity::{ActorMention, Entity, EntityType, Place};
pub use event::{Attribution, DateBasis, Event, EventActor, EventDate, EventMention, Modality, Plover};
pub use offsets::OffsetIndex;
pub use source_map::{SourceMap, SourceSpan};
pub use stage::{Layer, Layers, Pipeline, PipelineError, Stage};
pub use text_range::{RangeError, TextRange, TextSize};
pub use timex::{Timex, TimexType};
pub use token::{Dep, Sentence, Token, Upos};
