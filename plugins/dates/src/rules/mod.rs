//! The rule families. Each file recognizes one family of expressions with a few compiled
//! patterns, and proposes [`Timex`] candidates with their values already normalized
//! through [`crate::normalize`]. Overlaps between families are settled by the caller.

mod calendar;
mod durations;
mod relative;
mod sets;
mod times;

use jiff::civil::Date;
use quarry_core::Span;
use regex::{Captures, Regex};

use crate::timex::Timex;

pub fn candidates(text: &str, dct: Option<Date>) -> Vec<Timex> {
    let mut out = Vec::new();
    calendar::find(text, dct, &mut out);
    relative::find(text, dct, &mut out);
    durations::find(text, &mut out);
    times::find(text, dct, &mut out);
    sets::find(text, &mut out);
    out
}

/// Compiles a rule pattern once; patterns are constants, so failing is a bug.
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid date rule pattern: {e}"))
}

fn span(m: &regex::Match) -> Span {
    Span::new(m.start(), m.end())
}

/// The span of group `t` (the expression without its context words) or of the whole match.
fn extent(caps: &Captures) -> Span {
    let m = caps
        .name("t")
        .unwrap_or_else(|| caps.get(0).expect("group 0 always exists"));
    span(&m)
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
