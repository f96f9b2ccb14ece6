//! Numbers as news text writes them: digits (`40,000`, `1.5 million`), words (`two`,
//! `forty-one`, `a dozen`, `twenty thousand`) and vague amounts (`dozens`, `hundreds`).
//!
//! Shared by every extractor that reads counts (casualties, durations in dates, Lua
//! rules). It parses a given phrase; finding numbers in running text is the caller's job
//! (the [`NUMBER_PATTERN`] regex source helps).

/// A number phrase's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// A definite count: `two`, `40,000`, `a dozen`.
    Exact(u64),
    /// A plural of a round number with no count of its own: `dozens` (lower bound 24),
    /// `hundreds` (200), `thousands` (2000).
    Vague { at_least: u64 },
}

impl Amount {
    pub fn exact(self) -> Option<u64> {
        match self {
            Amount::Exact(n) => Some(n),
            Amount::Vague { .. } => None,
        }
    }
}

const UNITS: [(&str, u64); 20] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: [(&str, u64); 8] = [
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const SCALES: [(&str, u64); 4] = [
    ("hundred", 100),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
];

const VAGUE: [(&str, u64); 5] = [
    ("dozens", 24),
    ("scores", 40),
    ("hundreds", 200),
    ("thousands", 2_000),
    ("millions", 2_000_000),
];

/// A regex source (case-insensitive, no captures) matching one number phrase that
/// [`parse`] understands: digits with separators and an optional scale word, or number
/// words joined by spaces, hyphens and "and".
pub const NUMBER_PATTERN: &str = r"(?i:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion))?|(?:a|one)\s+dozen|(?:a\s+)?(?:dozens|scores|hundreds|thousands|millions)|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|a)(?:(?:\s+and\s+|[\s-]+)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen))*))";

/// A regex source (no captures, lower case) for a count in words up to a hundred, as the
/// date rules read durations with it: `one` … `nineteen`, the tens, `hundred`, and a ten
/// and a unit (`twenty-one`, `forty five`). Made from this crate's words, so that no other
/// crate keeps a list of number words.
pub fn word_count_pattern() -> String {
    fn words(list: &[(&'static str, u64)], from: u64, to: u64) -> Vec<&'static str> {
        let words = list.iter().filter(|&&(_, v)| (from..=to).contains(&v));
        words.map(|&(w, _)| w).collect()
    }
    let tens = words(&TENS, 20, 90).join("|");
    format!(
        r"{}|{tens}|hundred|(?:{tens})[\s-](?:{})",
        words(&UNITS, 1, 19).join("|"),
        words(&UNITS, 1, 9).join("|")
    )
}

/// Whether `word` (lower case) is a number word [`parse`] reads: `two`, `twenty`,
/// `hundred`, `dozen`, `dozens`. Lets a caller skip parsing words that cannot be numbers.
pub fn is_number_word(word: &str) -> bool {
    let is = |list: &[(&str, u64)]| list.iter().any(|(w, _)| *w == word);
    word == "dozen" || is(&UNITS) || is(&TENS) || is(&SCALES) || is(&VAGUE)
}

/// Ordinal words of the units, `first` … `nineteenth`, in order from 1.
const UNIT_ORDINALS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// The ordinal of a ten: `twentieth` for `twenty`.
fn ten_ordinal(ten: &str) -> String {
    format!("{}ieth", ten.trim_end_matches('y'))
}

/// A regex source (no captures, lower case) for an ordinal in words below a hundred:
/// `first` … `nineteenth`, `twentieth` … `ninetieth`, and a ten with a unit ordinal
/// (`twenty-first`, `thirty first`), as [`ordinal`] reads them. Longer words come first,
/// so that an alternation tries `seventeenth` before `seventh`.
pub fn ordinal_word_pattern() -> String {
    let tens: Vec<&str> = TENS.iter().map(|&(w, _)| w).collect();
    let mut simple: Vec<String> = UNIT_ORDINALS.iter().map(|w| w.to_string()).collect();
    simple.extend(tens.iter().map(|ten| ten_ordinal(ten)));
    simple.sort_by_key(|w| std::cmp::Reverse(w.len()));
    format!(
        r"(?:{})[\s-](?:{})|{}",
        tens.join("|"),
        UNIT_ORDINALS[..9].join("|"),
        simple.join("|")
    )
}

/// The number an ordinal stands for: words below a hundred (`third`, `twenty-first`,
/// `Fortieth`) or digits with their suffix (`21st`, `3rd`); `None` for anything else.
///
/// ```
/// use quarry_numbers::ordinal;
/// assert_eq!(ordinal("twenty-first"), Some(21));
/// assert_eq!(ordinal("3rd"), Some(3));
/// assert_eq!(ordinal("third"), Some(3));
/// assert_eq!(ordinal("three"), None);
/// ```
pub fn ordinal(phrase: &str) -> Option<u64> {
    let lower = phrase.trim().to_ascii_lowercase();
    if lower.as_bytes().first()?.is_ascii_digit() {
        let split = lower.find(|c: char| !c.is_ascii_digit())?;
        let (digits, suffix) = lower.split_at(split);
        let value: u64 = digits.parse().ok()?;
        let expected = match (value % 100, value % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        return (suffix == expected).then_some(value);
    }
    let unit = |word: &str| {
        let index = UNIT_ORDINALS.iter().position(|w| *w == word)?;
        Some(index as u64 + 1)
    };
    let words: Vec<&str> = lower.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [word] => unit(word).or_else(|| {
            let ten = TENS.iter().find(|(ten, _)| ten_ordinal(ten) == *word)?;
            Some(ten.1)
        }),
        [ten, word] => {
            let &(_, tens) = TENS.iter().find(|(w, _)| w == ten)?;
            unit(word).filter(|&u| u < 10).map(|u| tens + u)
        }
        _ => None,
    }
}

/// The value of a whole number phrase, or `None` when it is not one.
///
/// ```
/// use quarry_numbers::{parse, Amount};
/// assert_eq!(parse("forty-one"), Some(Amount::Exact(41)));
/// assert_eq!(parse("40,000"), Some(Amount::Exact(40_000)));
/// assert_eq!(parse("a dozen"), Some(Amount::Exact(12)));
/// assert_eq!(parse("1.5 million"), Some(Amount::Exact(1_500_000)));
/// assert_eq!(parse("hundreds"), Some(Amount::Vague { at_least: 200 }));
/// ```
pub fn parse(phrase: &str) -> Option<Amount> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return None;
    }
    if phrase.as_bytes()[0].is_ascii_digit() {
        return parse_digits(phrase).map(Amount::Exact);
    }
    let lower = phrase.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    let head = match words.as_slice() {
        ["a", word] => *word,
        [word] => *word,
        _ => "",
    };
    if let Some(&(_, at_least)) = VAGUE.iter().find(|(w, _)| *w == head) {
        return Some(Amount::Vague { at_least });
    }
    parse_words(&words).map(Amount::Exact)
}

/// `12`, `40,000`, `3.5`, `1.5 million` → whole numbers (fractions are truncated).
fn parse_digits(phrase: &str) -> Option<u64> {
    let mut parts = phrase.split_whitespace();
    let digits = parts.next()?;
    let scale = match parts.next() {
        None => 1,
        Some(word) => scale_of(&word.to_ascii_lowercase())?,
    };
    if parts.next().is_some() {
        return None;
    }
    let plain: String = digits.chars().filter(|&c| c != ',').collect();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut value = whole.checked_mul(scale)?;
    if !fraction.is_empty() && scale > 1 {
        let digits = fraction.len().min(9) as u32;
        let fraction: u64 = fraction[..digits as usize].parse().ok()?;
        value += fraction * scale / 10u64.pow(digits);
    }
    Some(value)
}

fn scale_of(word: &str) -> Option<u64> {
    SCALES.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// English number words, already split on spaces and hyphens with "and" removed.
fn parse_words(words: &[&str]) -> Option<u64> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut seen_any = false;
    // Checked throughout: a long run of scale words must not overflow.
    for (i, &word) in words.iter().enumerate() {
        if let Some(&(_, v)) = UNITS.iter().find(|(w, _)| *w == word) {
            current = current.checked_add(v)?;
        } else if let Some(&(_, v)) = TENS.iter().find(|(w, _)| *w == word) {
            current = current.checked_add(v)?;
        } else if word == "a" && i == 0 && words.len() > 1 {
            current = current.checked_add(1)?;
        } else if word == "dozen" {
            current = current.max(1).checked_mul(12)?;
        } else if word == "hundred" {
            current = current.max(1).checked_mul(100)?;
        } else if let Some(scale) = scale_of(word) {
            total = total.checked_add(current.max(1).checked_mul(scale)?)?;
            current = 0;
        } else {
            return None;
        }
        seen_any = true;
    }
    total.checked_add(current).filter(|_| seen_any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(parse("2"), Some(Amount::Exact(2)));
        assert_eq!(parse("40,000"), Some(Amount::Exact(40_000)));
        assert_eq!(parse("3.5 million"), Some(Amount::Exact(3_500_000)));
        assert_eq!(parse("2 thousand"), Some(Amount::Exact(2_000)));
        assert_eq!(parse("12a"), None);
        assert_eq!(
            parse("1,2"),
            Some(Amount::Exact(12)),
            "loose separators are tolerated"
        );
    }

    #[test]
    fn words() {
        assert_eq!(parse("two"), Some(Amount::Exact(2)));
        assert_eq!(parse("Forty-one"), Some(Amount::Exact(41)));
        assert_eq!(parse("one hundred and twenty"), Some(Amount::Exact(120)));
        assert_eq!(parse("twenty thousand"), Some(Amount::Exact(20_000)));
        assert_eq!(parse("a hundred"), Some(Amount::Exact(100)));
        assert_eq!(parse("a dozen"), Some(Amount::Exact(12)));
        assert_eq!(parse("two dozen"), Some(Amount::Exact(24)));
        assert_eq!(parse("three million"), Some(Amount::Exact(3_000_000)));
        assert_eq!(parse("fifth"), None);
        assert_eq!(parse("a"), None);
    }

    #[test]
    fn number_words_are_the_words_parse_reads() {
        for word in ["two", "twenty", "hundred", "dozen", "dozens", "million"] {
            assert!(is_number_word(word), "{word}");
            assert!(parse(word).is_some(), "{word}");
        }
        assert!(!is_number_word("a"));
        assert!(!is_number_word("fifth"));
    }

    #[test]
    fn ordinals_in_words_and_digits() {
        assert_eq!(ordinal("first"), Some(1));
        assert_eq!(ordinal("Nineteenth"), Some(19));
        assert_eq!(ordinal("twentieth"), Some(20));
        assert_eq!(ordinal("thirty first"), Some(31));
        assert_eq!(ordinal("ninety-ninth"), Some(99));
        assert_eq!(ordinal("12th"), Some(12));
        assert_eq!(ordinal("22nd"), Some(22));
        assert_eq!(ordinal("11st"), None, "the suffix must fit the number");
        assert_eq!(ordinal("twenty"), None);
        assert_eq!(ordinal("twenty tenth"), None);
        assert_eq!(ordinal("first second"), None);
    }

    #[test]
    fn the_ordinal_pattern_matches_whole_what_ordinal_reads() {
        let pattern = regex::Regex::new(&format!("^(?:{})$", ordinal_word_pattern())).unwrap();
        for (word, value) in [
            ("seventh", 7),
            ("seventeenth", 17),
            ("fortieth", 40),
            ("sixty-third", 63),
        ] {
            assert!(pattern.is_match(word), "{word}");
            assert_eq!(ordinal(word), Some(value), "{word}");
        }
        assert!(!pattern.is_match("seven"));
    }

    #[test]
    fn overflow_is_no_number() {
        assert_eq!(parse("18446744073709551616"), None);
        assert_eq!(parse("18446744073709551615 million"), None);
        assert_eq!(
            parse(&"billion ".repeat(30)),
            Some(Amount::Exact(30_000_000_000))
        );
        assert_eq!(parse(&"hundred ".repeat(30)), None);
    }

    #[test]
    fn vague_amounts_have_a_lower_bound_and_no_exact_count() {
        assert_eq!(parse("dozens"), Some(Amount::Vague { at_least: 24 }));
        assert_eq!(parse("Hundreds"), Some(Amount::Vague { at_least: 200 }));
        assert_eq!(parse("thousands").and_then(Amount::exact), None);
    }

    #[test]
    fn pattern_matches_whole_phrases_that_parse_reads() {
        let re = regex::Regex::new(&format!("^(?:{NUMBER_PATTERN})$")).unwrap();
        for phrase in [
            "40,000",
            "forty-one",
            "a dozen",
            "hundreds",
            "two",
            "1.5 million",
            "one hundred and twenty",
        ] {
            assert!(re.is_match(phrase), "{phrase}");
            assert!(parse(phrase).is_some(), "{phrase}");
        }
        assert!(!re.is_match("fifth"));
    }
}
