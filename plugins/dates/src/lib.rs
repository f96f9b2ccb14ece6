//! The `dates` extractor: temporal expressions normalized as TimeML TIMEX3 (`type`,
//! `value`, and `mod` when a modifier applies), resolved against the document date.
//!
//! Each expression family lives in its own file under [`rules`] and proposes candidates;
//! this module keeps the longest non-overlapping ones, [`narrative`] anchors what points
//! back to the story's own time (`the following year`), and [`speech_time`] re-anchors
//! relative days inside quotations. Calendar arithmetic lives in [`normalize`]; rules
//! never count days themselves.

mod lexicon;
mod narrative;
mod normalize;
mod rules;
mod speech_time;
mod timex;

use jiff::civil::Date;
use quarry_core::{
    registry, without_overlaps, Builtin, Document, ExtractError, Extractor, Fact, Options,
};

pub use timex::{Timex, TimexType};

/// Keeps the linker from dropping this crate's registry entry; the binary calls it once.
pub fn link() {}

inventory::submit! {
    Builtin {
        name: "dates",
        kinds: &["date"],
        summary: "temporal expressions normalized as TIMEX3 (DATE, TIME, DURATION, SET)",
        build: |options: &Options| {
            registry::no_options(options)?;
            Ok(Box::new(DatesExtractor))
        },
    }
}

struct DatesExtractor;

impl Extractor for DatesExtractor {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        Ok(find_timexes(doc.text(), doc.date())
            .into_iter()
            .map(|timex| timex.into_fact())
            .collect())
    }
}

/// All temporal expressions of `text`, in text order, without overlaps; `dct` is the
/// document creation date that relative expressions resolve against.
pub fn find_timexes(text: &str, dct: Option<Date>) -> Vec<Timex> {
    let mut candidates = rules::candidates(text, dct);
    // Longest first, then leftmost: a longer expression ("November 11, 2022") wins over
    // the shorter ones inside it ("November 11", "2022").
    candidates.sort_by_key(|t| (std::cmp::Reverse(t.span.len()), t.span.start));
    let mut kept = without_overlaps(candidates, |t| t.span);
    narrative::resolve(text, &mut kept);
    speech_time::reanchor(text, &mut kept);
    kept
}
