//! The analysis of a stretch of text that rules read: its tokens and number phrases,
//! computed once. [`Analysis::of`] covers a whole text; [`Analysis::of_range`] one
//! sentence or window of it, for extractors that first find where their words are and
//! analyse only there. Offsets are always into the whole text.
//!
//! It holds what is computed; the rules that read it live with their extractors.

use quarry_core::{Document, Span};

use crate::numbers::{number_phrases, NumberPhrase};
use crate::tokens::{tokenize, Token};

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub numbers: Vec<NumberPhrase>,
}

impl Analysis {
    pub fn of(text: &str) -> Analysis {
        Analysis::of_range(text, 0, text.len())
    }

    /// The analysis of a document's whole text, made once and shared by every stage that
    /// asks for it (the Lua stages, and any extractor that reads the whole text).
    pub fn of_document(doc: &Document) -> std::borrow::Cow<'_, Analysis> {
        match doc.analysis(Analysis::of) {
            Some(shared) => std::borrow::Cow::Borrowed(shared),
            // Another kind of analysis took the document's slot: make one for this caller.
            None => std::borrow::Cow::Owned(Analysis::of(doc.text())),
        }
    }

    pub fn of_range(text: &str, start: usize, end: usize) -> Analysis {
        let tokens = tokenize(text, start, end);
        let numbers = number_phrases(&tokens);
        Analysis { tokens, numbers }
    }

    /// The byte span of tokens `first..end` (`end` exclusive, at least one token).
    pub fn span(&self, first: usize, end: usize) -> Span {
        Span::new(self.tokens[first].start, self.tokens[end - 1].end)
    }
}
