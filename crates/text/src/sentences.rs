//! Sentence boundaries: a sentence ends at `.`, `!` or `?` followed by a space, or at a
//! blank line. Abbreviations such as `Mr.` or `U.S.` do not end one. Text with no boundary
//! for [`MAX_SENTENCE`] bytes is cut there, so that looking for the sentence around each
//! of many positions stays linear on text without punctuation.

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
    let mut i = at.min(text.len());
    let floor = i.saturating_sub(MAX_SENTENCE);
    while i > floor {
        let b = bytes[i - 1];
        if b == b'\n' && i >= 2 && bytes[i - 2] == b'\n' {
            return i;
        }
        if matches!(b, b'.' | b'!' | b'?')
            && i < bytes.len()
            && bytes[i].is_ascii_whitespace()
            && !is_abbreviation(text, i - 1)
        {
            return i;
        }
        i -= 1;
    }
    ceil_char_boundary(text, i)
}

/// Byte offset where the sentence containing `at` ends (exclusive).
pub fn sentence_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    let ceiling = at.saturating_add(MAX_SENTENCE).min(bytes.len());
    while i < ceiling {
        let b = bytes[i];
        if b == b'\n' && i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
            return i;
        }
        if matches!(b, b'.' | b'!' | b'?')
            && (i + 1 == bytes.len() || bytes[i + 1].is_ascii_whitespace())
            && !is_abbreviation(text, i)
        {
            return i + 1;
        }
        i += 1;
    }
    ceil_char_boundary(text, i)
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
    fn boundaries_around_a_position() {
        let text = "One here. Two there.";
        assert_eq!(sentence_start(text, 12), 9);
        assert_eq!(sentence_end(text, 12), 20);
    }
}
