//! The `casualties` extractor: each mention of people killed, injured, missing or
//! captured, with the count, its qualifier (`at least`, `about` …) and the victims.
//!
//! [`patterns`] holds the phrase shapes (verb, passive, noun and toll forms) as regexes that
//! read like the phrases they match; [`lexicon`] holds the words (casualty words and their
//! category, victim nouns, qualifiers). Numbers are read by `quarry-numbers`. A number
//! becomes a count only inside one of those shapes, which is what keeps troop strengths,
//! settlements, floors, ages and years out.

mod lexicon;
mod patterns;

use quarry_core::{
    registry, without_overlaps, Builtin, Document, ExtractError, Extractor, Fact, Options, Span,
};

pub use lexicon::Category;

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
        Ok(facts(find_casualties(doc.text())))
    }

    fn extract_many(&self, docs: &[(&Document, &[Fact])]) -> Vec<Result<Vec<Fact>, ExtractError>> {
        let texts: Vec<&str> = docs.iter().map(|(doc, _)| doc.text()).collect();
        patterns::candidates_many(&texts)
            .into_iter()
            .map(|found| Ok(facts(settle(found))))
            .collect()
    }
}

fn facts(casualties: Vec<Casualty>) -> Vec<Fact> {
    casualties.into_iter().map(Casualty::into_fact).collect()
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
    settle(patterns::candidates_many(&[text]).pop().unwrap_or_default())
}

/// The mentions kept of a text's candidates.
fn settle(mut found: Vec<Casualty>) -> Vec<Casualty> {
    // A mention with a count beats one without; then the longer one wins.
    found.sort_by_key(|c| {
        (
            c.count.is_none(),
            std::cmp::Reverse(c.span.len()),
            c.span.start,
        )
    });
    without_overlaps(found, |c| c.span)
}
