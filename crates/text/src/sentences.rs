//! Sentence boundaries: a sentence ends at `.`, `!` or `?` followed by a space, or at a
//! blank line. Abbreviations such as `Mr.` or `U.S.` do not end one. Text with no boundary
//! for [`MAX_SENTENCE`] bytes is cut there, so that looking for the sentence around each
//! of many positions stays linear on text without punctuation.

use memchr::{memchr, memchr3, memrchr, memrchr3};
use quarry_core::Span;

use crate::ceil_char_boundary;

/// The sentences of `text` in order, without the whitespace between them.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let start = at + (text[at..].len() - text[at..].trim_start().len());
        if start >= text.len() {
            break;
        }
        let end = sentence_end(text, start);
        let trimmed_end = start + text[start..end].trim_end().len();
        if trimmed_end > start {
            out.push(Span::new(start, trimmed_end));
        }
        at = end.max(start + 1);
    }
    out
}

/// The longest sentence, in bytes: about four times the longest sentences of news prose.
pub const MAX_SENTENCE: usize = 2000;

/// Byte offset where the sentence containing `at` starts.
pub fn sentence_start(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let at = at.min(text.len());
    let floor = at.saturating_sub(MAX_SENTENCE);
    // Only the bytes that can end a sentence are looked at, found from the right.
    for mark in marks_rev(&bytes[floor..at]) {
        let (i, b) = (floor + mark + 1, bytes[floor + mark]);
        if b == b'\n' && i >= 2 && bytes[i - 2] == b'\n' {
            return i;
        }
        if b != b'\n'
            && i < bytes.len()
            && bytes[i].is_ascii_whitespace()
            && !is_abbreviation(text, i - 1)
        {
            return i;
        }
    }
    ceil_char_boundary(text, floor)
}

/// Byte offset where the sentence containing `at` ends (exclusive).
pub fn sentence_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let ceiling = at.saturating_add(MAX_SENTENCE).min(bytes.len());
    for mark in marks(&bytes[at.min(ceiling)..ceiling]) {
        let (i, b) = (at + mark, bytes[at + mark]);
        if b == b'\n' && i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
            return i;
        }
        if b != b'\n'
            && (i + 1 == bytes.len() || bytes[i + 1].is_ascii_whitespace())
            && !is_abbreviation(text, i)
        {
            return i + 1;
        }
    }
    ceil_char_boundary(text, ceiling)
}

/// The positions of the bytes that may end a sentence (`.`, `!`, `?`, a newline) in
/// `bytes`, in order: vectorized searches for the marks and for newlines, each done again
/// only once passed, instead of a test of every byte.
fn marks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut punct = memchr3(b'.', b'!', b'?', bytes);
    let mut newline = memchr(b'\n', bytes);
    std::iter::from_fn(move || {
        let found = match (punct, newline) {
            (Some(p), Some(n)) => p.min(n),
            (p, n) => p.or(n)?,
        };
        let rest = found + 1;
        if punct == Some(found) {
            punct = memchr3(b'.', b'!', b'?', &bytes[rest..]).map(|i| rest + i);
        }
        if newline == Some(found) {
            newline = memchr(b'\n', &bytes[rest..]).map(|i| rest + i);
        }
        Some(found)
    })
}

/// [`marks`] from the end.
fn marks_rev(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut punct = memrchr3(b'.', b'!', b'?', bytes);
    let mut newline = memrchr(b'\n', bytes);
    std::iter::from_fn(move || {
        let found = match (punct, newline) {
            (Some(p), Some(n)) => p.max(n),
            (p, n) => p.or(n)?,
        };
        if punct == Some(found) {
            punct = memrchr3(b'.', b'!', b'?', &bytes[..found]);
        }
        if newline == Some(found) {
            newline = memrchr(b'\n', &bytes[..found]);
        }
        Some(found)
    })
}

/// Whether the `.` at `dot` ends an abbreviation (a title, an initial, a dotted acronym).
fn is_abbreviation(text: &str, dot: usize) -> bool {
    if text.as_bytes()[dot] != b'.' {
        return false;
    }
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '.')
        .map_or(0, |(i, c)| i + c.len_utf8());
    is_abbreviation_word(&text[word_start..dot])
}

/// Whether `word` (without its final dot) is written with a dot as an abbreviation: an
/// initial, a dotted acronym (`U.S`), a title or a month.
pub fn is_abbreviation_word(word: &str) -> bool {
    if word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return true;
    }
    if word.contains('.') {
        return true; // U.S, a.m
    }
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Gen"
            | "Lt"
            | "Col"
            | "Sgt"
            | "Capt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "St"
            | "Jr"
            | "Sr"
            | "Prof"
            | "Maj"
            | "Cpl"
            | "Adm"
            | "Rev"
            | "No"
            | "Jan"
            | "Feb"
            | "Aug"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Inc"
            | "Co"
            | "Corp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_stops_and_blank_lines_but_not_abbreviations() {
        assert_eq!(
            texts("Mr. Kim left the U.S. on Monday. He said so!\n\nNew paragraph"),
            [
                "Mr. Kim left the U.S. on Monday.",
                "He said so!",
                "New paragraph"
            ]
        );
    }

    #[test]
    fn text_without_boundaries_is_cut_every_max_sentence_bytes() {
        let text = "é word ".repeat(1000);
        let middle = text.len() / 2;
        let start = sentence_start(&text, middle);
        let end = sentence_end(&text, middle);
        assert!(middle - start <= MAX_SENTENCE && middle - start > MAX_SENTENCE - 2);
        assert!(end - middle <= MAX_SENTENCE + 1 && end - middle >= MAX_SENTENCE);
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert_eq!(sentence_start(&text, 10), 0);
        assert_eq!(sentence_end(&text, text.len() - 10), text.len());
    }

    #[test]
    fn single_newlines_and_marks_inside_words_do_not_end_a_sentence() {
        let text = "Prices rose 2.5 percent\nin May?! Gen. Lee\nsaid. Then\n\nmore";
        assert_eq!(
            texts(text),
            [
                "Prices rose 2.5 percent\nin May?!",
                "Gen. Lee\nsaid.",
                "Then",
                "more"
            ]
        );
        let lee = text.find("Lee").expect("present");
        assert_eq!(
            &text[sentence_start(text, lee)..sentence_end(text, lee)],
            " Gen. Lee\nsaid."
        );
    }

    #[test]
    fn boundaries_around_a_position() {
        let text = "One here. Two there.";
        assert_eq!(sentence_start(text, 12), 9);
        assert_eq!(sentence_end(text, 12), 20);
    }
}
