//! The host of quarry: what a document is, what a fact is, what an extractor must do,
//! where extractors are found (the registry) and how they are composed (the pipeline).
//!
//! A document travels in one direction: [`input`] turns bytes into [`Document`]s,
//! [`Pipeline::run`] runs the stages on one document, [`output`] turns the result into the
//! contract's JSON line, and [`stream`] drives many documents in parallel while keeping
//! their order. This crate knows nothing of command lines or terminals.

mod document;
mod extractor;
mod fact;
pub mod input;
pub mod offsets;
pub mod output;
mod pipeline;
pub mod registry;
pub mod stream;

pub use document::Document;
pub use extractor::{ExtractError, Extractor, Options};
pub use fact::{json_depth, without_overlaps, Attrs, Fact, Span, MAX_ATTR_DEPTH};
pub use pipeline::{
    panic_message, DocResult, Isolation, LoadedStage, Pipeline, PipelineError, StageError,
    StageLoader, StageSpec,
};
pub use registry::Builtin;

/// Re-exported so that plugin crates register themselves with the same `inventory`
/// version as the host collects with.
pub use inventory;
