//! Tokens: words, numbers and punctuation with their byte spans, lower-case form, shape
//! and word classes, computed once and read by every rule.
//!
//! A word keeps its inner apostrophes (`don't`), hyphens (`forty-one`, `17-year-old`) and
//! the dots of a dotted abbreviation (`U.S.`); a number keeps its digit groups and decimal
//! point (`40,000`, `1.5`). Everything else that is not a space is a token of one
//! character. This module does not read phrases: see [`crate::numbers`] and
//! [`crate::chunks`].

use quarry_numbers::{is_number_word, parse, Amount};

use crate::lexicon::{lookup, CasualtyWord, Classes};
use crate::sentences::is_abbreviation_word;

/// How a token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `killed`
    Lower,
    /// `Killed`, `McDonald`
    Capitalised,
    /// `KILLED`, `U.S.`, `BBC`
    AllCaps,
    /// `40,000`, `1.5`
    Digits,
    /// `17-year-old`, `3pm`: letters and digits
    Mixed,
    /// `,`, `“`, `—`
    Punctuation,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Lower => "lower",
            Shape::Capitalised => "capitalised",
            Shape::AllCaps => "all_caps",
            Shape::Digits => "digits",
            Shape::Mixed => "mixed",
            Shape::Punctuation => "punctuation",
        }
    }

    pub fn is_word(self) -> bool {
        !matches!(self, Shape::Punctuation)
    }

    /// Written with a capital first letter (`Killed`, `KILLED`).
    pub fn is_capitalised(self) -> bool {
        matches!(self, Shape::Capitalised | Shape::AllCaps)
    }
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte offsets into the text the token was read from.
    pub start: usize,
    pub end: usize,
    pub lower: Box<str>,
    pub shape: Shape,
    pub classes: Classes,
    /// The number the token is by itself (`two`, `40,000`, `dozens`).
    pub number: Option<Amount>,
    pub casualty: Option<CasualtyWord>,
}

impl Token {
    pub fn is(&self, lower: &str) -> bool {
        &*self.lower == lower
    }

    pub fn has(&self, class: Classes) -> bool {
        self.classes.has(class)
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// The tokens of `text[start..end]`, with offsets into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    split(text, start, end, |at, token_end, is_word| {
        tokens.push(if is_word {
            word(text, at, token_end)
        } else {
            punctuation(at, text[at..token_end].chars().next().unwrap_or(' '))
        });
    });
    tokens
}

/// The byte spans of the tokens of `text[start..end]`, as [`tokenize`] cuts them, without
/// reading the words (for a caller that needs only where tokens are, as the quotes
/// plugin's cue reader).
pub fn token_spans(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::with_capacity((end - start) / 4 + 1);
    split(text, start, end, |at, token_end, _| {
        spans.push((at, token_end))
    });
    spans
}

/// Cuts `text[start..end]` into tokens: `found(start, end, is_word)` for each.
fn split(text: &str, start: usize, end: usize, mut found: impl FnMut(usize, usize, bool)) {
    let mut chars = text[start..end].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let at = start + at;
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            found(at, at + c.len_utf8(), false);
            continue;
        }
        let mut token_end = at + c.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            let next_at = start + next_at;
            if is_word_char(next) {
                token_end = next_at + next.len_utf8();
                chars.next();
            } else if joins_word(text, token_end, next, end) {
                // The joiner and the character after it both belong to the word.
                chars.next();
                if let Some((after_at, after)) = chars.next() {
                    token_end = start + after_at + after.len_utf8();
                }
            } else {
                break;
            }
        }
        // The final dot of an abbreviation belongs to it, as the sentence splitter reads
        // them: an initial (`M.`), a dotted acronym (`U.S.`), a title (`Gov.`) or a month.
        if text[token_end..end].starts_with('.') && is_abbreviation_word(&text[at..token_end]) {
            chars.next();
            token_end += 1;
        }
        found(at, token_end, true);
    }
}

/// Letters, digits and `_` (`injured_workers` is one word, as in identifiers).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the character `joiner` at `at` joins the word before it to the character after
/// it: an apostrophe or hyphen between letters or digits, a dot or comma between digits
/// (`1.5`, `40,000`), a dot between single letters (`U.S`).
fn joins_word(text: &str, at: usize, joiner: char, end: usize) -> bool {
    let after = text[at + joiner.len_utf8()..end].chars().next();
    let Some(after) = after.filter(|c| c.is_alphanumeric()) else {
        return false;
    };
    let before = text[..at].chars().next_back().unwrap_or(' ');
    match joiner {
        '\'' | '’' | '-' | '\u{2011}' => true,
        ',' => {
            // A digit group has exactly three digits.
            before.is_ascii_digit()
                && text[at + 1..end]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count()
                    == 3
        }
        '.' => {
            (before.is_ascii_digit() && after.is_ascii_digit())
                || (before.is_alphabetic()
                    && after.is_alphabetic()
                    && !text[..at]
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(char::is_alphanumeric)
                    && !text[at + 1 + after.len_utf8()..end]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
        }
        _ => false,
    }
}

fn punctuation(at: usize, c: char) -> Token {
    let mut lower = [0; 4];
    Token {
        start: at,
        end: at + c.len_utf8(),
        lower: c.encode_utf8(&mut lower).into(),
        shape: Shape::Punctuation,
        classes: Classes::NONE,
        number: None,
        casualty: None,
    }
}

fn word(text: &str, start: usize, end: usize) -> Token {
    let written = &text[start..end];
    let plain = written
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    let lower: Box<str> = if plain {
        written.into()
    } else {
        written.replace('’', "'").to_lowercase().into()
    };
    let shape = shape_of(written);
    let (mut classes, casualty) = lookup(&lower);
    // Only digits and number words can be numbers (`forty-one`: its first part is one).
    let first_part = lower.split('-').next().unwrap_or_default();
    let may_be_number = lower.as_bytes()[0].is_ascii_digit() || is_number_word(first_part);
    let number = if may_be_number { parse(&lower) } else { None };
    if number.is_some() {
        classes = classes.or(Classes::NUMBER);
    }
    Token {
        start,
        end,
        casualty,
        lower,
        shape,
        classes,
        number,
    }
}

fn shape_of(word: &str) -> Shape {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    if letters == 0 && digits > 0 {
        return Shape::Digits;
    }
    if digits > 0 {
        return Shape::Mixed;
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    let all_upper = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    match (first_upper, all_upper) {
        (true, true) if letters > 1 => Shape::AllCaps,
        (true, _) => Shape::Capitalised,
        _ => Shape::Lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0, text.len())
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn words_keep_their_inner_marks() {
        assert_eq!(
            words("Sixty-five people didn’t flee the U.S. on 1.5 days, 40,000 or 1,2."),
            [
                "Sixty-five",
                "people",
                "didn’t",
                "flee",
                "the",
                "U.S.",
                "on",
                "1.5",
                "days",
                ",",
                "40,000",
                "or",
                "1",
                ",",
                "2",
                "."
            ]
        );
        assert_eq!(
            words("a 17-year-old, “victims’ wounds”"),
            ["a", "17-year-old", ",", "“", "victims", "’", "wounds", "”"]
        );
        assert_eq!(
            words("shot Nahel M. point"),
            ["shot", "Nahel", "M.", "point"]
        );
        assert_eq!(words("end. Next"), ["end", ".", "Next"]);
    }

    #[test]
    fn tokens_have_spans_shapes_classes_and_numbers() {
        let text = "  At least 30 KILLED in Kyi Su";
        let tokens = tokenize(text, 2, text.len());
        assert_eq!((tokens[0].start, tokens[0].end), (2, 4));
        assert_eq!(tokens[0].shape, Shape::Capitalised);
        assert!(tokens[0].has(Classes::PREPOSITION));
        assert!(tokens[0].has(Classes::QUALIFIER));
        assert_eq!(tokens[2].number, Some(Amount::Exact(30)));
        assert_eq!(tokens[2].shape, Shape::Digits);
        assert_eq!(&*tokens[3].lower, "killed");
        assert_eq!(tokens[3].shape, Shape::AllCaps);
        assert!(tokens[3].casualty.is_some());
        assert_eq!(tokenize("x—y", 0, 5).len(), 3);
    }
}
