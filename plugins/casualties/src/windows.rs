//! Where casualty rules may match: the sentences with a casualty word. The words looked
//! for are derived from the lexicon (`quarry_text::lexicon::casualty_forms`: every
//! casualty word and the finding word of every casualty phrase), never listed here. One
//! pass of a SIMD prefilter over the lower-cased text finds their four-byte prefixes (as
//! many bytes a position as the shortest pattern has: a three-byte one lets through so
//! many false candidates that the pass takes four times as long; the shorter words, `die`,
//! are found apart); each hit that starts a whole word of the lexicon opens a window.
//! Only those sentences are tokenized and read by the rules.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use quarry_text::lexicon::casualty_forms;
use quarry_text::{sentence_end, sentence_start};

/// The bytes the prefilter compares a position.
const PREFIX: usize = 4;

static FORMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| casualty_forms().collect());

/// The prefixes of the words of four bytes or more, and the shorter words.
static MATCHERS: LazyLock<(AhoCorasick, AhoCorasick)> = LazyLock::new(|| {
    let mut long: Vec<&str> = FORMS
        .iter()
        .filter(|f| f.len() >= PREFIX)
        .map(|f| &f[..PREFIX])
        .collect();
    long.sort_unstable();
    long.dedup();
    let short: Vec<&str> = FORMS.iter().copied().filter(|f| f.len() < PREFIX).collect();
    let build = |patterns: Vec<&str>| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(patterns)
            .expect("casualty words are valid patterns")
    };
    (build(long), build(short))
});

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The whole word of the lexicon that starts at `at`, if one does.
fn lexicon_word_at(lower: &[u8], at: usize) -> bool {
    if at > 0 && is_word_byte(lower[at - 1]) {
        return false;
    }
    let len = lower[at..].iter().take_while(|&&b| is_word_byte(b)).count();
    std::str::from_utf8(&lower[at..at + len]).is_ok_and(|word| FORMS.contains(word))
}

/// The byte ranges of the sentences of `text` that hold a casualty word, merged where
/// they touch, in order.
pub fn windows(text: &str) -> Vec<(usize, usize)> {
    let lower = text.as_bytes().to_ascii_lowercase();
    let (long, short) = &*MATCHERS;
    let mut starts: Vec<usize> = long.find_iter(&lower).map(|m| m.start()).collect();
    let before = starts.len();
    starts.extend(short.find_iter(&lower).map(|m| m.start()));
    if starts.len() > before {
        starts.sort_unstable();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for at in starts {
        if out.last().is_some_and(|&(_, end)| at < end) || !lexicon_word_at(&lower, at) {
            continue;
        }
        let start = sentence_start(text, at);
        let end = sentence_end(text, at);
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_with_whole_casualty_words() {
        let text = "Soldiers marched. Two died. A diet. Ten were KILLED. Unkilled.";
        let found: Vec<&str> = windows(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, [" Two died.", " Ten were KILLED."]);
    }

    #[test]
    fn every_prefix_has_four_bytes_but_the_short_words() {
        let (long, short) = &*MATCHERS;
        assert_eq!(long.min_pattern_len(), PREFIX);
        assert!(short.max_pattern_len() < PREFIX);
    }

    #[test]
    fn phrases_are_found_by_their_rarest_word() {
        let forms: Vec<&str> = casualty_forms().collect();
        assert!(forms.contains(&"condition"), "of `in critical condition`");
        assert!(!forms.contains(&"found"), "`found dead` is found by `dead`");
        assert!(!forms.contains(&"in"));
    }
}
