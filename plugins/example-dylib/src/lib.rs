//! An example compiled plugin, built as a shared library and loaded by quarry at run time
//! (`dylib = "…/libquarry_ranks.so"` in a pipeline file). It finds military ranks with the
//! name that follows (`Gen. Valeriy Zaluzhniy` → rank `General`) and military units
//! (`the 93rd Mechanized Brigade`).
//!
//! Everything plugin-specific is the ordinary [`Extractor`] below; the one
//! `export_plugin!` line at the end makes it a plugin.

use std::sync::LazyLock;

use quarry_core::{Document, ExtractError, Extractor, Fact, Options, Span};
use regex::Regex;

static RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<rank>General|Gen\.|Lieutenant General|Lt\. Gen\.|Major General|Maj\. Gen\.|Colonel|Col\.|Lieutenant Colonel|Lt\. Col\.|Major|Maj\.|Captain|Capt\.|Lieutenant|Lt\.|Sergeant|Sgt\.|Admiral|Adm\.|Commander|Cmdr\.)\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})")
        .expect("rank pattern is valid")
});

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<number>\d+(?:st|nd|rd|th))\s+(?:[A-Z][\w-]+\s+){0,3}?(?P<kind>Brigade|Division|Battalion|Regiment|Corps|Army|Fleet|Squadron|Company)\b")
        .expect("unit pattern is valid")
});

/// Full rank names for their abbreviations.
fn full_rank(rank: &str) -> &str {
    match rank {
        "Gen." => "General",
        "Lt. Gen." => "Lieutenant General",
        "Maj. Gen." => "Major General",
        "Col." => "Colonel",
        "Lt. Col." => "Lieutenant Colonel",
        "Maj." => "Major",
        "Capt." => "Captain",
        "Lt." => "Lieutenant",
        "Sgt." => "Sergeant",
        "Adm." => "Admiral",
        "Cmdr." => "Commander",
        other => other,
    }
}

pub struct RanksExtractor;

impl Extractor for RanksExtractor {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        let text = doc.text();
        let ranks = RANK.captures_iter(text).map(|caps| {
            let whole = caps.get(0).expect("group 0");
            let name = caps.name("name").expect("name is not optional");
            Fact::new("rank", Span::new(whole.start(), whole.end()))
                .attr("rank", full_rank(&caps["rank"]))
                .attr("name", name.as_str())
                .anchor("name", Span::new(name.start(), name.end()))
        });
        let units = UNIT.captures_iter(text).map(|caps| {
            let whole = caps.get(0).expect("group 0");
            Fact::new("military_unit", Span::new(whole.start(), whole.end()))
                .attr("unit_type", caps["kind"].to_ascii_lowercase())
        });
        Ok(ranks.chain(units).collect())
    }
}

quarry_plugin_sdk::export_plugin!(
    name: "ranks",
    kinds: ["rank", "military_unit"],
    build: |_options: &Options| Ok(RanksExtractor),
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_with_names_and_units() {
        let doc = Document::new(
            "d",
            "Gen. Valeriy Zaluzhniy said the 93rd Mechanized Brigade advanced.",
        );
        let facts = RanksExtractor.extract(&doc, &[]).unwrap();
        let found: Vec<(&str, &str)> = facts
            .iter()
            .map(|f| (f.kind.as_ref(), f.text(doc.text())))
            .collect();
        assert_eq!(
            found,
            [
                ("rank", "Gen. Valeriy Zaluzhniy"),
                ("military_unit", "93rd Mechanized Brigade")
            ]
        );
        assert_eq!(facts[0].attrs["rank"], "General");
    }
}
