//! The `quotes` extractor: direct quotations and who said them.
//!
//! Four steps: `quarry_text::quotations` (the linguistic layer's one quotation detector)
//! finds the quoted text between quotation marks, [`cues`] finds reporting verbs and their
//! subjects, [`speaker`] picks the attribution of each quote, and [`pronouns`] replaces `he`/`she`/`they` by the nearest earlier named
//! speaker. A quote nobody is said to say (a scare quote, a title) gets no speaker.
//! Word lists (reporting verbs, organisation words) are data files of the `quarry-text`
//! lexicon (`crates/text/lexicon/`).

mod cues;
mod pronouns;
mod speaker;

use quarry_core::{registry, Builtin, Document, ExtractError, Extractor, Fact, Options, Span};

/// Keeps the linker from dropping this crate's registry entry; the binary calls it once.
pub fn link() {}

inventory::submit! {
    Builtin {
        name: "quotes",
        kinds: &["quote"],
        summary: "direct quotations with their speakers and reporting verbs",
        build: |options: &Options| {
            registry::no_options(options)?;
            Ok(Box::new(QuotesExtractor))
        },
    }
}

struct QuotesExtractor;

impl Extractor for QuotesExtractor {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        Ok(find_quotes(doc.text())
            .into_iter()
            .map(Quote::into_fact)
            .collect())
    }
}

/// A quotation and, when one is found, its attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub span: Span,
    pub attribution: Option<Attribution>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker as resolved (a name for a pronoun when one was found).
    pub speaker: String,
    /// Where the speaker is written at this attribution (the pronoun, for a pronoun).
    pub speaker_span: Span,
    /// The pronoun as written, when the speaker was resolved from one.
    pub pronoun: Option<String>,
    pub cue: Option<String>,
}

impl Quote {
    fn into_fact(self) -> Fact {
        let fact = Fact::new("quote", self.span);
        let Some(attribution) = self.attribution else {
            return fact;
        };
        let mut fact = fact
            .attr("speaker", attribution.speaker)
            .anchor("speaker", attribution.speaker_span);
        if let Some(pronoun) = attribution.pronoun {
            fact = fact.attr("speaker_text", pronoun);
        }
        if let Some(cue) = attribution.cue {
            fact = fact.attr("cue", cue);
        }
        fact
    }
}

/// Every quotation of `text` with its attribution, in text order.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let quoted = quarry_text::quotations(text);
    if quoted.is_empty() {
        // Cues only ever attribute quotes: without one, finding them is wasted work.
        return Vec::new();
    }
    let cues = cues::find(text);
    let mut quotes = speaker::attribute(text, &quoted, &cues);
    pronouns::resolve(text, &cues, &mut quotes);
    quotes
}
