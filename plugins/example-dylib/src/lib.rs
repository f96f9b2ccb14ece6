//! An example compiled plugin, built as a shared library and loaded by quarry at run time
//! (`dylib = "…/libquarry_ranks.so"` in a pipeline file). It finds military ranks with the
//! name that follows (`Gen. Valeriy Zaluzhniy` → rank `General`) and military units
//! (`the 93rd Mechanized Brigade`).
//!
//! Everything plugin-specific is the ordinary [`Extractor`] below; the one
//! `export_plugin!` line at the end makes it a plugin. It reads the names from the same
//! linguistic layer as the built-in stages (`quarry_plugin_sdk::text`, computed on the
//! plugin's side of the boundary, where it costs no copying across it).

use std::sync::LazyLock;

use quarry_core::{Document, ExtractError, Extractor, Fact, Options, Span};
use quarry_plugin_sdk::text::{Analysis, Shape, Token};
use regex::Regex;

static RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:General|Gen\.|Lieutenant General|Lt\. Gen\.|Major General|Maj\. Gen\.|Colonel|Col\.|Lieutenant Colonel|Lt\. Col\.|Major|Maj\.|Captain|Capt\.|Lieutenant|Lt\.|Sergeant|Sgt\.|Admiral|Adm\.|Commander|Cmdr\.)")
        .expect("rank pattern is valid")
});

/// Names have at most this many words (`Valeriy Fedorovych Zaluzhniy`).
const NAME_WORDS: usize = 3;

/// The capitalised words right after `end`, each after nothing but a space: the name a
/// rank stands before, if any.
fn name_after<'a>(text: &str, tokens: &'a [Token], end: usize) -> &'a [Token] {
    let first = tokens.partition_point(|token| token.start < end);
    let mut last = end;
    let words = tokens[first..]
        .iter()
        .take(NAME_WORDS)
        .take_while(|token| {
            let follows = last < token.start && text[last..token.start].trim().is_empty();
            last = token.end;
            follows && token.shape == Shape::Capitalised
        })
        .count();
    &tokens[first..first + words]
}

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
        let analysis = Analysis::of_document(doc);
        let ranks = RANK.find_iter(text).filter_map(|rank| {
            let name = name_after(text, &analysis.tokens, rank.end());
            let (first, last) = (name.first()?, name.last()?);
            let name = Span::new(first.start, last.end);
            let fact = Fact::new("rank", Span::new(rank.start(), last.end))
                .attr("rank", full_rank(rank.as_str()))
                .attr("name", &text[name.start..name.end])
                .anchor("name", name);
            Some(fact)
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

    #[test]
    fn a_rank_needs_a_capitalised_name_right_after_it() {
        let doc = Document::new(
            "d",
            "Lt. Gen. Ben Hodges met a Major who had served, and Col. Anne-Marie Dupont Smith Jr came.",
        );
        let facts = RanksExtractor.extract(&doc, &[]).unwrap();
        let names: Vec<(&str, &str)> = facts
            .iter()
            .map(|f| {
                (
                    f.attrs["rank"].as_str().unwrap(),
                    f.attrs["name"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("Lieutenant General", "Ben Hodges"),
                ("Colonel", "Anne-Marie Dupont Smith")
            ]
        );
    }
}
