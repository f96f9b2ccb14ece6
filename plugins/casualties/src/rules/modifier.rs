//! A participle inside its victims' noun phrase: `another wounded man`, `around 140
//! injured residents`, `missing loved ones`, `the four other kidnapped victims`, `packed
//! with injured people`. The mention is the whole phrase, counted by its number or its
//! head (`man` → 1).

use quarry_text::{NounKind, Term};

use super::{can_be_victims, Mention, Sentence};

/// Proposes the phrase around `term`; `false` when no noun for people follows it without
/// a number of its own (`killed two civilians` is a verb and its object).
pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) -> bool {
    let Some(after) = sentence.phrase_at(term.end) else {
        return false;
    };
    if after.kind != NounKind::Person || after.number.is_some() || after.first != term.end {
        return false;
    }
    let Some(whole) = sentence.phrase_before(after.end) else {
        return false;
    };
    if whole.first > term.first || whole.negated || !can_be_victims(sentence, &whole, term) {
        return false;
    }
    out.push(Mention::of(
        &whole,
        whole.first,
        whole.end,
        term.word.category,
    ));
    true
}
