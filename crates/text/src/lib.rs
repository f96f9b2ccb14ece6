//! Text structure that several extractors need (the quotes plugin, Lua rules): where
//! sentences start and end. It finds boundaries only; it does not tokenize or tag.

mod sentences;

pub use sentences::{is_abbreviation_word, sentence_end, sentence_start, sentences, MAX_SENTENCE};
