//! quarry's linguistic layer, shared by every extractor and by Lua rules: where
//! sentences start and end; tokens with their shape and word classes from the lexicon's
//! data files (`lexicon/`, one file per word list); number phrases with their value and
//! qualifier; noun phrases with their head and count; quotations; and the regexes the extractors run
//! on short windows of a text. It describes text; what a description means (a casualty,
//! a quote) is for the extractors to decide.

mod analysis;
mod boundaries;
pub mod chunks;
pub mod lexicon;
pub mod numbers;
mod quotations;
mod sentences;
pub mod terms;
pub mod tokens;
mod window_regex;

pub use analysis::Analysis;
pub use chunks::{noun_phrase_at, noun_phrase_before, noun_phrases, NounKind, NounPhrase};
pub use lexicon::{CasualtyWord, Category, Classes, Roles};
pub use numbers::NumberPhrase;
pub use quotations::{quotations, Quoted, CLOSING_MARKS};
pub use terms::{casualty_terms, Term};
pub use tokens::{Shape, Token};

pub use boundaries::{ceil_char_boundary, floor_char_boundary};
pub use sentences::{is_abbreviation_word, sentence_end, sentence_start, sentences, MAX_SENTENCE};
pub use window_regex::{ascii_classes, Group, Groups, Scratch, WindowRegex, WindowRegexError};
