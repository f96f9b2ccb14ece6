//! The rule families. Each file recognizes one family of expressions with a few compiled
//! patterns, and proposes [`Timex`] candidates with their values already normalized
//! through [`crate::normalize`]; it lists its rules' searches as `STEPS`, which run one
//! at a time over a batch of texts. Overlaps between families are settled by the caller.

mod calendar;
mod durations;
mod holidays;
mod relative;
mod sets;
mod times;
mod triggers;
mod words;

use jiff::civil::Date;
use quarry_core::Span;
use std::sync::LazyLock;

use quarry_text::{ascii_classes, WindowRegex};
use regex::Regex;
use triggers::{Group, Groups};

use crate::normalize::Direction;

use crate::timex::Timex;

pub fn candidates(text: &str, dct: Option<Date>) -> Vec<Timex> {
    candidates_many(&[(text, dct)]).pop().unwrap_or_default()
}

/// One rule's search: its candidates in a scanned text, given the document date.
type Step = fn(&triggers::Scan, Option<Date>, &mut Vec<Timex>);

/// The candidates of each text (with its document date), one rule over all the texts
/// before the next: a rule's regex then stays in the processor's caches from one text to
/// the next, instead of being pushed out by the other rules'. Each text's candidates come
/// in the order of the rules, as a text alone would give them.
pub fn candidates_many(texts: &[(&str, Option<Date>)]) -> Vec<Vec<Timex>> {
    let scans: Vec<_> = texts
        .iter()
        .map(|&(text, dct)| (triggers::Scan::new(text), dct))
        .collect();
    let mut outs: Vec<Vec<Timex>> = texts.iter().map(|_| Vec::new()).collect();
    let steps = calendar::STEPS
        .iter()
        .chain(&relative::STEPS)
        .chain(&durations::STEPS)
        .chain(&times::STEPS)
        .chain(&sets::STEPS)
        .chain(&holidays::STEPS);
    for step in steps {
        for ((scan, dct), out) in scans.iter().zip(&mut outs) {
            step(scan, *dct, out);
        }
    }
    outs
}

/// Words that, earlier in the same sentence, put a weekday in the coming week rather than
/// the past one: "will meet Monday", "as soon as Tuesday", "is scheduled for Thursday".
static AHEAD: LazyLock<WindowRegex> = LazyLock::new(|| {
    windowed(
        r"(?i)(?-u:\b)(?:will|would|shall|'ll|plans?\s+to|planned\s+to|planning\s+to|scheduled|set\s+to|expected\s+to|due\s+to|going\s+to|as\s+soon\s+as|as\s+early\s+as|until|is\s+to|are\s+to|next(?:\s+to)?|upcoming)(?-u:\b)",
    )
});

static REPORTED: LazyLock<WindowRegex> =
    LazyLock::new(|| windowed(r"(?i)(?-u:\b)(?:said|says|told|announced|reported|added)(?-u:\b)"));

/// How far before a weekday its future marker may stand (about eight words): a weekday is
/// close to its verb, and a wider reach catches the future of another clause.
const WEEKDAY_AHEAD_REACH: usize = 60;

/// How far before a month its future marker may stand (about twenty words): a month closes
/// longer phrases ("will be named commander of the shuttle for a mission in December").
const MONTH_AHEAD_REACH: usize = 150;

/// Whether the words before `at` (at most `reach` bytes, in its sentence) look ahead (see
/// [`AHEAD`]) and no reporting verb stands between ("officials who will decide said
/// Tuesday" looks back).
fn looks_ahead(text: &str, at: usize, reach: usize) -> bool {
    let from = quarry_text::ceil_char_boundary(
        text,
        quarry_text::sentence_start(text, at).max(at.saturating_sub(reach)),
    );
    let window = &text[from..at];
    // "next to the embassy" is a place, not a time ahead.
    match AHEAD
        .find_iter(window)
        .filter(|m| !m.as_str().to_ascii_lowercase().starts_with("next to"))
        .last()
    {
        Some(marker) => !REPORTED.is_match(&window[marker.end()..]),
        None => false,
    }
}

/// A future verb after a weekday that leads its sentence: "On Tuesday, the league plans
/// to hold a news conference".
static AHEAD_AFTER: LazyLock<WindowRegex> = LazyLock::new(|| {
    windowed(
        r"(?i)(?-u:\b)(?:will|shall|'ll|plans?\s+to|is\s+scheduled|are\s+scheduled|is\s+expected\s+to|are\s+expected\s+to|is\s+set\s+to|are\s+set\s+to|is\s+due\s+to|are\s+due\s+to|is\s+going\s+to|are\s+going\s+to)(?-u:\b)",
    )
});

/// How far after a weekday that leads its sentence the future verb may stand.
const WEEKDAY_AHEAD_AFTER: usize = 80;

/// Whether a weekday at `start..end` opens its sentence (`On Tuesday,`) and the clause
/// after it looks ahead, with no reporting verb first.
fn leads_into_future(text: &str, start: usize, end: usize) -> bool {
    let opening = text[quarry_text::sentence_start(text, start)..start].trim();
    if !(opening.is_empty() || opening.eq_ignore_ascii_case("on")) {
        return false;
    }
    let to = quarry_text::floor_char_boundary(
        text,
        quarry_text::sentence_end(text, end).min(end + WEEKDAY_AHEAD_AFTER),
    );
    let window = &text[end..to];
    match AHEAD_AFTER.find_at(window, 0) {
        Some(marker) => !REPORTED.is_match(&window[..marker.start()]),
        None => false,
    }
}

/// The occurrence of a bare weekday: the coming one when the sentence looks ahead, else
/// the nearest one on or before the DCT (news mostly reports what happened).
fn bare_weekday_direction(text: &str, at: usize, end: usize) -> Direction {
    if looks_ahead(text, at, WEEKDAY_AHEAD_REACH) || leads_into_future(text, at, end) {
        Direction::Coming
    } else {
        Direction::Nearest
    }
}

/// The last word of `before` (letters and digits), skipping trailing spaces and marks.
fn word_before(before: &str) -> &str {
    before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// The first word of `after` (letters and digits), after leading spaces.
fn word_after(after: &str) -> &str {
    after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// Compiles a pattern once; patterns are constants, so failing is a bug.
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid date pattern: {e}"))
}

/// Compiles a pattern that searches only short windows: a rule's, around its triggers, or
/// the few words before or after a match. Its classes are ASCII but for spaces (see
/// [`ascii_classes`]): dates are written in ASCII letters and digits.
fn windowed(pattern: &str) -> WindowRegex {
    WindowRegex::new(&ascii_classes(pattern))
        .unwrap_or_else(|e| panic!("invalid date rule pattern: {e}"))
}

fn span(m: &Group) -> Span {
    Span::new(m.start(), m.end())
}

/// The span of group `t` (the expression without its context words) or of the whole match.
fn extent(caps: &Groups) -> Span {
    let m = caps
        .name("t")
        .unwrap_or_else(|| caps.get(0).expect("group 0 always exists"));
    span(&m)
}

/// Every windowed rule of every family.
#[cfg(test)]
fn all_rules() -> Vec<&'static triggers::Rule> {
    [
        &calendar::RULES[..],
        &relative::RULES[..],
        &durations::RULES[..],
        &times::RULES[..],
        &sets::RULES[..],
        &holidays::RULES[..],
    ]
    .concat()
}

#[cfg(test)]
pub(crate) mod test_support {
    use jiff::civil::{date, Date};

    pub const DCT: Option<Date> = Some(date(2022, 11, 11));

    /// (text, type, value) of what the whole extractor finds in `text`.
    pub fn found(text: &str, dct: Option<Date>) -> Vec<(String, &'static str, String)> {
        crate::find_timexes(text, dct)
            .into_iter()
            .map(|t| {
                (
                    text[t.span.start..t.span.end].to_owned(),
                    t.kind.as_str(),
                    t.value,
                )
            })
            .collect()
    }

    pub fn one(text: &str) -> (String, &'static str, String) {
        let all = found(text, DCT);
        assert_eq!(all.len(), 1, "expected one timex in {text:?}, got {all:?}");
        all.into_iter().next().expect("one")
    }

    pub fn t(text: &str, kind: &'static str, value: &str) -> (String, &'static str, String) {
        (text.to_owned(), kind, value.to_owned())
    }
}
