//! Resolves pronoun speakers (`he said`) to the nearest earlier named speaker: the subject
//! of an earlier reporting cue that is a name or a nominal, not a pronoun. The pronoun
//! stays available as `speaker_text`.

use std::sync::LazyLock;

use crate::cues::{is_noun_phrase, Cue, Subject};

/// Words that end an organisation's or a group's name (`data/organisation_words.txt`).
static ORGANISATION_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| crate::word_list(include_str!("../data/organisation_words.txt")));
use crate::Quote;

pub fn resolve(cues: &[Cue], quotes: &mut [Quote]) {
    // Named subjects in the order they end, each with the nearest person-like one up to
    // it, so that every pronoun is resolved with one binary search.
    // Only speakers of the story count: not cues inside quotations, not phrases that are
    // clauses rather than noun phrases.
    let inside_quote = |pos: usize| {
        let after = quotes.partition_point(|q| q.span.start <= pos);
        after > 0 && pos < quotes[after - 1].span.end
    };
    let mut named: Vec<&Subject> = cues
        .iter()
        .filter(|c| !inside_quote(c.verb.start))
        .filter_map(|c| c.subject.as_ref())
        .filter(|s| !s.is_pronoun && is_noun_phrase(&s.text))
        .collect();
    named.sort_by_key(|s| s.span.end);
    let mut last_person: Vec<Option<usize>> = Vec::with_capacity(named.len());
    for (i, subject) in named.iter().enumerate() {
        let previous = last_person.last().copied().flatten();
        last_person.push(if is_person_like(&subject.text) {
            Some(i)
        } else {
            previous
        });
    }
    for quote in quotes.iter_mut() {
        let Some(attribution) = quote.attribution.as_mut() else {
            continue;
        };
        if attribution.pronoun.is_none() {
            continue;
        }
        let known = named.partition_point(|s| s.span.end <= attribution.speaker_span.start);
        if known == 0 {
            continue;
        }
        let antecedent = if wants_a_person(&attribution.speaker) {
            last_person[known - 1].map(|i| named[i])
        } else {
            Some(named[known - 1])
        };
        if let Some(name) = antecedent {
            attribution.speaker = name.text.clone();
        }
    }
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
    fn he_skips_groups() {
        let text = "Kim said this. The military said that. \"Go,\" he said.";
        let quotes = find_quotes(text);
        assert_eq!(
            quotes[0].attribution.as_ref().map(|a| a.speaker.as_str()),
            Some("Kim")
        );
    }
}
