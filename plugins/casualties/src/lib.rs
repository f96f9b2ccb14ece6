//! The `casualties` extractor: each mention of people killed, injured, missing or
//! captured, with the count, its qualifier (`at least`, `about` …) and the victims.
//!
//! [`windows`] finds the sentences with a casualty word (the words come from the
//! lexicon of `quarry-text`); each is analysed once by `quarry-text` (tokens, number
//! phrases, noun phrases, casualty terms) and read by the [`rules`], one file a family of
//! phrasings. A number becomes a count only as the victims of a casualty term, which is
//! what keeps troop strengths, houses, ages and years out.
//!
//! The crate has a second stage, [`figures`] (`casualty-figures`): one figure per
//! category per document, chosen from the mentions.

mod figures;
mod rules;
mod windows;

use quarry_core::{
    registry, without_overlaps, Builtin, Document, ExtractError, Extractor, Fact, Options, Span,
};
use quarry_text::{casualty_terms, Analysis};

pub use quarry_text::Category;

/// Keeps the linker from dropping this crate's registry entry; the binary calls it once.
pub fn link() {}

inventory::submit! {
    Builtin {
        name: "casualties",
        kinds: &["casualty"],
        summary: "people killed, injured, missing or captured, with counts and qualifiers",
        build: |options: &Options| {
            registry::no_options(options)?;
            Ok(Box::new(CasualtiesExtractor))
        },
    }
}

struct CasualtiesExtractor;

impl Extractor for CasualtiesExtractor {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        Ok(find_casualties(doc.text())
            .into_iter()
            .map(Casualty::into_fact)
            .collect())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Casualty {
    pub span: Span,
    pub category: Category,
    /// `None` when the text gives no number ("killing civilians", "dozens").
    pub count: Option<u64>,
    pub qualifier: &'static str,
    pub victim: Option<String>,
}

impl Casualty {
    fn into_fact(self) -> Fact {
        let mut fact = Fact::new("casualty", self.span).attr("category", self.category.as_str());
        if let Some(count) = self.count {
            fact = fact.attr("count", count);
        }
        fact = fact.attr("qualifier", self.qualifier);
        if let Some(victim) = self.victim {
            fact = fact.attr("victim", victim);
        }
        fact
    }
}

/// All casualty mentions of `text`, in text order, without overlaps.
pub fn find_casualties(text: &str) -> Vec<Casualty> {
    let mut found = Vec::new();
    for (start, end) in windows::windows(text) {
        let analysis = Analysis::of_range(text, start, end);
        let terms = casualty_terms(&analysis.tokens);
        let sentence = rules::Sentence {
            tokens: &analysis.tokens,
            numbers: &analysis.numbers,
            terms: &terms,
        };
        found.extend(rules::mentions(&sentence).into_iter().map(|m| {
            let victim = m.victims.map(|(first, end)| {
                let span = analysis.span(first, end);
                text[span.start..span.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            Casualty {
                span: analysis.span(m.first, m.end),
                category: m.category,
                count: m.count,
                qualifier: m.qualifier,
                victim,
            }
        }));
    }
    settle(found)
}

/// The mentions kept of a text's candidates: where they overlap, one with a count beats
/// one without, then the longer one wins.
fn settle(mut found: Vec<Casualty>) -> Vec<Casualty> {
    found.sort_by_key(|c| {
        (
            c.count.is_none(),
            std::cmp::Reverse(c.span.len()),
            c.span.start,
        )
    });
    without_overlaps(found, |c| c.span)
}
