//! Resolves pronoun speakers (`he said`) to the nearest earlier named speaker: the subject
//! of an earlier reporting cue that is a name or a nominal, not a pronoun. The pronoun
//! stays available as `speaker_text`.

use std::sync::LazyLock;

use quarry_core::Span;
use quarry_text::sentence_start;

use crate::cues::{is_noun_phrase, Cue, Subject, SUBJECT_REACH};

/// Words that end an organisation's or a group's name (`data/organisation_words.txt`).
static ORGANISATION_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::word_list(include_str!("../data/organisation_words.txt")));
use crate::Quote;

pub fn resolve(text: &str, cues: &[Cue<'_>], quotes: &mut [Quote]) {
    // Only speakers of the story count: not cues inside quotations, not phrases that are
    // clauses rather than noun phrases.
    let quoted: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    let inside_quote = |pos: usize| {
        let after = quoted.partition_point(|q| q.start <= pos);
        after > 0 && pos < quoted[after - 1].end
    };
    for quote in quotes.iter_mut() {
        let Some(attribution) = quote.attribution.as_mut() else {
            continue;
        };
        if attribution.pronoun.is_none() {
            continue;
        }
        let person = wants_a_person(&attribution.speaker);
        let antecedent = last_before(text, cues, attribution.speaker_span.start, |c| {
            if inside_quote(c.verb.start) {
                return None;
            }
            c.subject().filter(|s| {
                !s.is_pronoun && is_noun_phrase(&s.text) && (!person || is_person_like(&s.text))
            })
        });
        if let Some(name) = antecedent {
            attribution.speaker = name.text.clone();
        }
    }
}

/// The subject that `accept` gives for a cue and that ends last at or before `at` (the
/// later cue's on a tie). Every subject lies in its verb's sentence or after its verb, and
/// ends at most two reaches after it: only the cues in that range are asked.
fn last_before<'c>(
    text: &str,
    cues: &'c [Cue<'_>],
    at: usize,
    accept: impl Fn(&'c Cue<'_>) -> Option<&'c Subject>,
) -> Option<&'c Subject> {
    let reachable =
        cues.partition_point(|c| c.verb.start <= at || sentence_start(text, c.verb.start) <= at);
    let mut best: Option<&Subject> = None;
    for cue in cues[..reachable].iter().rev() {
        if best.is_some_and(|b| cue.verb.end + 2 * SUBJECT_REACH < b.span.end) {
            break;
        }
        let Some(subject) = accept(cue).filter(|s| s.span.end <= at) else {
            continue;
        };
        if best.is_none_or(|b| subject.span.end > b.span.end) {
            best = Some(subject);
        }
    }
    best
}

fn wants_a_person(pronoun: &str) -> bool {
    matches!(pronoun.to_lowercase().as_str(), "he" | "she" | "i")
}

/// A person, as `he`/`she` want: not a plural nominal, an organisation or an acronym
/// (`CCTV`, `State television`). `they` accepts anything.
fn is_person_like(antecedent: &str) -> bool {
    let last = antecedent.rsplit(' ').next().unwrap_or("").to_lowercase();
    let plural_nominal =
        last.ends_with('s') && antecedent.chars().next().is_some_and(char::is_lowercase);
    let group = ORGANISATION_WORDS.contains(&last.as_str());
    let last_written = antecedent.rsplit(' ').next().unwrap_or("");
    let acronym = last_written.len() > 1 && last_written.chars().all(|c| c.is_ascii_uppercase());
    !(plural_nominal || group || acronym)
}

#[cfg(test)]
mod tests {
    use crate::find_quotes;

    #[test]
    fn he_resolves_to_the_last_named_person() {
        let text = "Valeriy Zaluzhniy said earlier that forces advance. \"We continue,\" he wrote.";
        let quotes = find_quotes(text);
        let a = quotes[0].attribution.as_ref().expect("attributed");
        assert_eq!(a.speaker, "Valeriy Zaluzhniy");
        assert_eq!(a.pronoun.as_deref(), Some("he"));
        assert_eq!(&text[a.speaker_span.start..a.speaker_span.end], "he");
        assert_eq!(a.cue.as_deref(), Some("wrote"));
    }

    #[test]
    fn he_skips_organisations() {
        let text =
            "Shi Zaiqing said that. State television said this, CCTV reported. \"Go,\" he said.";
        let quotes = find_quotes(text);
        assert_eq!(
            quotes[0].attribution.as_ref().map(|a| a.speaker.as_str()),
            Some("Shi Zaiqing")
        );
    }

    #[test]
    fn he_reaches_back_past_paragraphs_without_speakers() {
        let filler = "The river rose again overnight. ".repeat(40);
        let text = format!("Kim said this.\n\n{filler}\n\n\"Go,\" he said. \"Stay,\" they said.");
        let quotes = find_quotes(&text);
        let speakers: Vec<_> = quotes
            .iter()
            .map(|q| q.attribution.as_ref().map(|a| a.speaker.as_str()))
            .collect();
        assert_eq!(speakers, [Some("Kim"), Some("Kim")]);
    }

    #[test]
    fn he_skips_groups() {
        let text = "Kim said this. The military said that. \"Go,\" he said.";
        let quotes = find_quotes(text);
        assert_eq!(
            quotes[0].attribution.as_ref().map(|a| a.speaker.as_str()),
            Some("Kim")
        );
    }
}
