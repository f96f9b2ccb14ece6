//! Text structure that several extractors need (the quotes plugin, Lua rules): where
//! sentences start and end, and whole characters near a byte offset. It finds boundaries
//! only; it does not tokenize or tag.

mod boundaries;
mod sentences;

pub use boundaries::{ceil_char_boundary, floor_char_boundary};
pub use sentences::{is_abbreviation_word, sentence_end, sentence_start, sentences, MAX_SENTENCE};
