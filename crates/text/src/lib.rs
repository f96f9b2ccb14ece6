//! Text structure that several extractors need (the quotes plugin, Lua rules): where
//! sentences start and end, and whole characters near a byte offset; and the regexes the
//! extractors run on short windows of a text. It finds boundaries and matches only; it
//! does not tokenize or tag.

mod boundaries;
mod sentences;
mod window_regex;

pub use boundaries::{ceil_char_boundary, floor_char_boundary};
pub use sentences::{is_abbreviation_word, sentence_end, sentence_start, sentences, MAX_SENTENCE};
pub use window_regex::{ascii_classes, Group, Groups, Scratch, WindowRegex, WindowRegexError};
