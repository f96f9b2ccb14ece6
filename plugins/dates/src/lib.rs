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
        Ok(facts(find_timexes(doc.text(), doc.date())))
    }

    fn extract_many(&self, docs: &[(&Document, &[Fact])]) -> Vec<Result<Vec<Fact>, ExtractError>> {
        let texts: Vec<(&str, Option<Date>)> = docs
            .iter()
            .map(|(doc, _)| (doc.text(), doc.date()))
            .collect();
        rules::candidates_many(&texts)
            .into_iter()
            .zip(&texts)
            .map(|(candidates, &(text, _))| Ok(facts(settle(text, candidates))))
            .collect()
    }
}

fn facts(timexes: Vec<Timex>) -> Vec<Fact> {
    timexes.into_iter().map(Timex::into_fact).collect()
}

/// All temporal expressions of `text`, in text order, without overlaps; `dct` is the
/// document creation date that relative expressions resolve against.
pub fn find_timexes(text: &str, dct: Option<Date>) -> Vec<Timex> {
    settle(text, rules::candidates(text, dct))
}

/// The expressions kept of a text's candidates, anchored.
fn settle(text: &str, mut candidates: Vec<Timex>) -> Vec<Timex> {
    // Longest first, then leftmost: a longer expression ("November 11, 2022") wins over
    // the shorter ones inside it ("November 11", "2022").
    candidates.sort_by_key(|t| (std::cmp::Reverse(t.span.len()), t.span.start));
    let mut kept = without_overlaps(candidates, |t| t.span);
    narrative::resolve(text, &mut kept);
    speech_time::reanchor(text, &mut kept);
    kept
}
