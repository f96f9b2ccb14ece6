//! Resolves pronoun speakers (`he said`) to the nearest earlier named speaker: the subject
//! of an earlier reporting cue that is a name or a nominal, not a pronoun. The pronoun
//! stays available as `speaker_text`.

use std::sync::LazyLock;

use quarry_core::Span;
use quarry_text::sentence_start;

use crate::cues::{is_noun_phrase, Cue, SUBJECT_REACH};

/// Words that end an organisation's or a group's name (`organisation_words.txt` of the `quarry-text` lexicon).
static ORGANISATION_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    quarry_text::lexicon::words(quarry_text::lexicon::ORGANISATION_WORDS).collect()
});
use crate::Quote;

pub fn resolve(text: &str, cues: &[Cue<'_>], quotes: &mut [Quote]) {
    // Only speakers of the story count: not cues inside quotations, not phrases that are
    // clauses rather than noun phrases.
    let quoted: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    let inside_quote = |pos: usize| {
        let after = quoted.partition_point(|q| q.start <= pos);
        after > 0 && pos < quoted[after - 1].end
    };
    let named = |c: &Cue<'_>| {
        !inside_quote(c.verb.start)
            && c.subject()
                .is_some_and(|s| !s.is_pronoun && is_noun_phrase(&s.text))
    };
    let mut all_named: Option<AllNamed> = None;
    for quote in quotes.iter_mut() {
        let Some(attribution) = quote.attribution.as_mut() else {
            continue;
        };
        if attribution.pronoun.is_none() {
            continue;
        }
        let person = wants_a_person(&attribution.speaker);
        let at = attribution.speaker_span.start;
        let accept = |c: &Cue<'_>| {
            named(c)
                && c.subject()
                    .is_some_and(|s| !person || is_person_like(&s.text))
        };
        let antecedent = match walk_back(text, cues, at, accept) {
            Walk::Found(index) => Some(index),
            Walk::Nothing => None,
            Walk::TooFar => all_named
                .get_or_insert_with(|| AllNamed::new(cues, named))
                .last_before(at, person),
        };
        if let Some(subject) = antecedent.and_then(|index| cues[index].subject()) {
            attribution.speaker = subject.text.clone();
        }
    }
}

/// How many cues a pronoun's look-back asks before it gives up walking: a story that
/// names nobody for that long is better served by [`AllNamed`] once than by a walk for
/// each of its pronouns.
const WALK_LIMIT: usize = 64;

enum Walk {
    /// The index of the cue whose subject is the antecedent.
    Found(usize),
    Nothing,
    TooFar,
}

/// The cue whose subject `accept` takes and ends last at or before `at` (the later cue on
/// a tie). Every subject lies in its verb's sentence or after its verb, and ends at most
/// two reaches after it: only the cues in that range are asked, from the nearest back.
fn walk_back(text: &str, cues: &[Cue<'_>], at: usize, accept: impl Fn(&Cue<'_>) -> bool) -> Walk {
    let reachable =
        cues.partition_point(|c| c.verb.start <= at || sentence_start(text, c.verb.start) <= at);
    let mut best: Option<(usize, usize)> = None; // (cue index, subject end)
    for (steps, index) in (0..reachable).rev().enumerate() {
        let cue = &cues[index];
        match best {
            Some((_, end)) if cue.verb.end + 2 * SUBJECT_REACH < end => break,
            None if steps == WALK_LIMIT => return Walk::TooFar,
            _ => {}
        }
        if !accept(cue) {
            continue;
        }
        let Some(end) = cue.subject().map(|s| s.span.end).filter(|&end| end <= at) else {
            continue;
        };
        if best.is_none_or(|(_, best_end)| end > best_end) {
            best = Some((index, end));
        }
    }
    best.map_or(Walk::Nothing, |(index, _)| Walk::Found(index))
}

/// Every named subject of a story in the order they end, each with the nearest
/// person-like one up to it: one binary search resolves any pronoun.
struct AllNamed {
    /// (subject end, cue index), sorted.
    by_end: Vec<(usize, usize)>,
    /// For each entry of `by_end`, the last person-like entry up to it.
    last_person: Vec<Option<usize>>,
}

impl AllNamed {
    fn new(cues: &[Cue<'_>], named: impl Fn(&Cue<'_>) -> bool) -> Self {
        let mut by_end: Vec<(usize, usize)> = cues
            .iter()
            .enumerate()
            .filter(|(_, c)| named(c))
            .filter_map(|(index, c)| Some((c.subject()?.span.end, index)))
            .collect();
        by_end.sort_by_key(|&(end, _)| end);
        let mut last_person: Vec<Option<usize>> = Vec::with_capacity(by_end.len());
        for (i, &(_, index)) in by_end.iter().enumerate() {
            let previous = last_person.last().copied().flatten();
            let person = cues[index]
                .subject()
                .is_some_and(|s| is_person_like(&s.text));
            last_person.push(if person { Some(i) } else { previous });
        }
        AllNamed {
            by_end,
            last_person,
        }
    }

    /// The cue of the last named subject that ends at or before `at`.
    fn last_before(&self, at: usize, person: bool) -> Option<usize> {
        let known = self.by_end.partition_point(|&(end, _)| end <= at);
        let entry = if person {
            self.last_person[..known].last().copied().flatten()?
        } else {
            known.checked_sub(1)?
        };
        Some(self.by_end[entry].1)
    }
}

fn wants_a_person(pronoun: &str) -> bool {
    matches!(pronoun.to_lowercase().as_str(), "he" | "she" | "i")
}

/// A person, as `he`/`she` want: a name (not an organisation's or an acronym: `CCTV`,
/// `State Television`), or a nominal whose head the lexicon knows as one person (`the
/// mayor`, `a resident`; not `local media reports`). `they` accepts anything.
fn is_person_like(antecedent: &str) -> bool {
    let last_written = antecedent.rsplit(' ').next().unwrap_or("");
    let last = last_written.to_lowercase();
    if !last_written.starts_with(char::is_uppercase) {
        return quarry_text::lexicon::person_number(&last)
            == Some(quarry_text::lexicon::GrammaticalNumber::Singular);
    }
    let group = ORGANISATION_WORDS.contains(&last.as_str());
    let acronym = last_written.len() > 1 && last_written.chars().all(|c| c.is_ascii_uppercase());
    !(group || acronym)
}

#[cfg(test)]
mod tests {
    use crate::find_quotes;

    /// The speaker of each quote of `text`, in order.
    fn speakers(text: &str) -> Vec<Option<String>> {
        find_quotes(text)
            .into_iter()
            .map(|q| q.attribution.map(|a| a.speaker))
            .collect()
    }

    fn some(speakers: &[&str]) -> Vec<Option<String>> {
        speakers.iter().map(|s| Some(s.to_string())).collect()
    }

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
        assert_eq!(speakers(text), some(&["Shi Zaiqing"]));
    }

    #[test]
    fn he_reaches_back_past_paragraphs_without_speakers() {
        let filler = "The river rose again overnight. ".repeat(40);
        let text = format!("Kim said this.\n\n{filler}\n\n\"Go,\" he said. \"Stay,\" they said.");
        assert_eq!(speakers(&text), some(&["Kim", "Kim"]));
    }

    #[test]
    fn a_pronoun_far_from_any_person_still_finds_one() {
        let reports = "The river rose, officials said. ".repeat(super::WALK_LIMIT + 10);
        let text = format!("Kim said this. {reports}\"Go,\" he said. \"Stay,\" they said.");
        assert_eq!(speakers(&text), some(&["Kim", "officials"]));
    }

    #[test]
    fn he_skips_groups() {
        let text = "Kim said this. The military said that. \"Go,\" he said.";
        assert_eq!(speakers(text), some(&["Kim"]));
    }
}
