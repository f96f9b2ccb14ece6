//! The analysis of a stretch of text that rules read: its tokens and number phrases,
//! computed once. [`Analysis::of`] covers a whole text; [`Analysis::of_range`] one
//! sentence or window of it, for extractors that first find where their words are and
//! analyse only there. Offsets are always into the whole text.
//!
//! It holds what is computed; the rules that read it live with their extractors.

use quarry_core::Span;

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
