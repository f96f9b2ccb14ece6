//! The one trait every extractor implements, whatever it is built from (Rust code, a Lua
//! script, a compiled plugin). It says nothing about how extractors are found or ordered:
//! that is the registry's and the pipeline's job.

use crate::{Document, Fact};

/// The `[stage.options]` table of a pipeline stage, handed over as written.
pub type Options = toml::Table;

/// An extractor reads one document (and the facts earlier stages found in it) and returns
/// its own facts, with spans into [`Document::text`].
///
/// It is shared by all worker threads, hence `Send + Sync`; it must not keep per-document
/// state between calls.
pub trait Extractor: Send + Sync {
    fn extract(&self, doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError>;

    /// [`Extractor::extract`] for several documents (each with its earlier facts), with
    /// the results in the same order. An extractor whose patterns run faster when one of
    /// them goes over all the documents before the next overrides it; the results must be
    /// what `extract` gives for each.
    fn extract_many(&self, docs: &[(&Document, &[Fact])]) -> Vec<Result<Vec<Fact>, ExtractError>> {
        docs.iter()
            .map(|(doc, earlier)| self.extract(doc, earlier))
            .collect()
    }
}

/// Why an extractor could not process a document. The pipeline records it under the
/// document's `errors` and goes on with the next stage.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ExtractError(pub String);
