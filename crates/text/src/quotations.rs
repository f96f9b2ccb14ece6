//! Finds quoted text: the content between an opening and a closing quotation mark,
//! without the marks. Straight (`"`), curly (`“ ”`), guillemets, doubled backticks
//! (``` `` … '' ```) and doubled apostrophes (`'' … ''`, the New York Times' style) all
//! count, and mismatched pairs (`"…”`) close each other. A quote still open at the end of
//! its paragraph ends there (the next paragraph may reopen it).
//! Single quotes nest inside and are left alone. The one quotation detector of quarry: the
//! quotes plugin attributes these, the dates plugin re-anchors `today` inside them, Lua
//! reads them with `doc:quotations()`. This module knows nothing of speakers.

use memchr::{memchr3, memmem};
use quarry_core::Span;

/// The marks that close a quotation: the detector's, and those of readers that look at
/// what ends before a word (an inverted attribution: `…,″ said Kim`). `″` (a double
/// prime) closes quotes in some wire copy (``…″).
pub const CLOSING_MARKS: [&str; 6] = ["\"", "”", "»", "″", "''", "``"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    /// The content, without marks and surrounding spaces.
    pub span: Span,
    /// Where the opening mark starts.
    pub open: usize,
    /// Where the closing mark ends; the paragraph end for an unclosed quote.
    pub close: usize,
    /// Whether a closing mark was found (false: the quote runs on to the next paragraph).
    pub closed: bool,
}

/// Bytes that can start a character the scanner acts on: straight quotes, backticks, line
/// breaks, and the first bytes of `“ ” „` (0xE2) and `« »` (0xC2). Everything else is
/// skipped without decoding.
const fn mark_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[b'`' as usize] = true;
    table[b'\n' as usize] = true;
    table[0xE2] = true;
    table[0xC2] = true;
    table
}

static MARK_BYTES: [bool; 256] = mark_bytes();

/// The positions of a byte string, searched for again only once passed: the next `«`/`»`
/// lead byte or `''` may be far away, and looking for it from every opening mark would
/// be quadratic.
struct Needle<'b> {
    bytes: &'b [u8],
    finder: memmem::Finder<'static>,
    next: Option<usize>,
}

impl<'b> Needle<'b> {
    fn new(bytes: &'b [u8], needle: &'static [u8]) -> Self {
        let finder = memmem::Finder::new(needle);
        Needle {
            bytes,
            next: finder.find(bytes),
            finder,
        }
    }

    /// The first position of the needle at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.next.is_some_and(|next| next < from) {
            self.next = self.finder.find(&self.bytes[from..]).map(|i| from + i);
        }
        self.next
    }
}

pub fn quotations(text: &str) -> Vec<Quoted> {
    let bytes = text.as_bytes();
    let mut quotes = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (mark start, content start)
    let mut at = 0;
    let mut guillemets = Needle::new(bytes, &[0xC2]);
    let mut apostrophes = Needle::new(bytes, b"''");
    loop {
        // Between quotes only an opening mark matters: a vectorized search skips the
        // apostrophes and line breaks that a quote's end would need.
        let next = if open.is_none() {
            let ascii_or_curly = memchr3(b'"', b'`', 0xE2, &bytes[at..]).map(|i| at + i);
            [guillemets.next_from(at), apostrophes.next_from(at)]
                .into_iter()
                .fold(ascii_or_curly, |first, other| match (first, other) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                })
        } else {
            bytes[at..]
                .iter()
                .position(|&b| MARK_BYTES[b as usize])
                .map(|i| at + i)
        };
        let Some(i) = next else { break };
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        at = i + c.len_utf8();
        let next = text[at..].chars().next();
        match open {
            None => {
                let mark_len = match c {
                    '“' | '«' | '„' => c.len_utf8(),
                    '"' if next.is_some_and(|n| !n.is_whitespace())
                        || opens_after_space(text, i) =>
                    {
                        1
                    }
                    '`' if next == Some('`') => 2,
                    // `''We finally…''`, as the New York Times writes quotes: two
                    // apostrophes before a word, where a word may begin.
                    '\'' if next == Some('\'') && opens_two_apostrophes(text, i) => 2,
                    _ => continue,
                };
                at = i + mark_len;
                open = Some((i, i + mark_len));
            }
            Some((mark, start)) => {
                // The marks of `CLOSING_MARKS`, matched on the character at hand (a test
                // keeps the two the same; searching the list at every mark costs a fifth of
                // the stage).
                let close_len = match c {
                    '”' | '»' | '"' | '″' => Some(c.len_utf8()),
                    '\'' | '`' if next == Some(c) => Some(2),
                    '\n' if next == Some('\n') => None,
                    _ => continue,
                };
                match close_len {
                    Some(len) => {
                        at = i + len;
                        push(&mut quotes, text, mark, start, i, i + len, true);
                    }
                    None => push(&mut quotes, text, mark, start, i, i, false),
                }
                open = None;
            }
        }
    }
    if let Some((mark, start)) = open {
        push(
            &mut quotes,
            text,
            mark,
            start,
            text.len(),
            text.len(),
            false,
        );
    }
    quotes
}

/// Two apostrophes that open a quote: at the start of the text or after a space, line
/// break, bracket or dash, and right before a letter, digit or opening mark (not the
/// closing `''` after a word, nor a doubled apostrophe inside one).
fn opens_two_apostrophes(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + 2..].chars().next();
    let may_open = before.is_none_or(|c| c.is_whitespace() || "([{—–-:".contains(c));
    may_open && after.is_some_and(|c| c.is_alphanumeric() || "$‘`".contains(c))
}

/// `" You realize…`: an opening straight quote followed by a space, recognised by what
/// stands before it (start of text or of a line, or a sentence's end: `he explained. " So
/// right now…`) and a word after the space.
fn opens_after_space(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches(' ');
    let after_sentence = before.ends_with(['.', '!', '?']) && before.len() < i;
    let starts_something = before.is_empty() || before.ends_with('\n') || after_sentence;
    let after = text[i + 1..].trim_start_matches(' ');
    starts_something && after.starts_with(|c: char| c.is_alphanumeric())
}

fn push(
    quotes: &mut Vec<Quoted>,
    text: &str,
    mark: usize,
    start: usize,
    end: usize,
    close: usize,
    closed: bool,
) {
    let content = &text[start..end];
    let lead = content.len() - content.trim_start().len();
    let trail = content.len() - content.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s < e {
        quotes.push(Quoted {
            span: Span::new(s, e),
            open: mark,
            close,
            closed,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        quotations(text)
            .iter()
            .map(|q| &text[q.span.start..q.span.end])
            .collect()
    }

    #[test]
    fn straight_curly_and_mismatched_marks() {
        assert_eq!(texts(r#"He said "yes," and "no.""#), ["yes,", "no."]);
        assert_eq!(
            texts("a “city of death” and the “lives”"),
            ["city of death", "lives"]
        );
        assert_eq!(
            texts("said: \"Today we have news.” He added"),
            ["Today we have news."]
        );
        assert_eq!(texts("``Yes,'' she said"), ["Yes,"]);
        assert_eq!(
            texts("\"Two heads,\" he explained. \" So right now, four.\"\n\nNext"),
            ["Two heads,", "So right now, four."]
        );
        assert_eq!(
            texts("``It will affect us.″\n\nRumors"),
            ["It will affect us."]
        );
        assert_eq!(
            texts("visit. ''That wasn't a good way to treat me,'' he complained"),
            ["That wasn't a good way to treat me,"]
        );
        assert_eq!(
            texts("the dangers of a ''rigged economy.'' Ben Carson"),
            ["rigged economy."]
        );
        assert!(texts("the players'' union and O''Brien").is_empty());
        assert_eq!(texts("``Yes,`` he said. ``No.``"), ["Yes,", "No."]);
    }

    #[test]
    fn every_closing_mark_closes_a_quote() {
        for mark in CLOSING_MARKS {
            let opening = if mark == "''" { "``" } else { "“" };
            let text = format!("{opening}Yes{mark} he said");
            assert_eq!(texts(&text), ["Yes"], "{mark}");
            let quote = quotations(&text)[0];
            assert_eq!(&text[quote.close - mark.len()..quote.close], mark);
        }
    }

    #[test]
    fn single_quotes_nest_inside() {
        assert_eq!(
            texts("\"He said 'go' to me,\" she said"),
            ["He said 'go' to me,"]
        );
    }

    #[test]
    fn an_unclosed_quote_ends_with_its_paragraph() {
        let text = "“First paragraph.\n\n“Second one,” he said.";
        let quotes = quotations(text);
        assert_eq!(texts(text), ["First paragraph.", "Second one,"]);
        assert!(!quotes[0].closed);
        assert!(quotes[1].closed);
    }

    #[test]
    fn a_space_after_the_opening_mark_is_not_content() {
        assert_eq!(texts("\" You realize it,\" he said"), ["You realize it,"]);
    }
}
