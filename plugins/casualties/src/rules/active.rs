//! A casualty verb and its object: `killed at least 17 Afghan villagers`, `injuring his
//! wife [and one of his children]`, `shot dead a man`, `kidnapped no fewer than 52
//! people`, `killing them`, `killed himself`.

use quarry_text::{Classes, NounKind, Roles, Term};

use super::{can_be_victims, conjoined_after, Mention, Sentence};

/// Proposes the mention of `term` read as an active verb; `false` when it is not one
/// here (no object, or a passive: `were killed`), so that it may be read as a state.
pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) -> bool {
    if is_passive(sentence, term) {
        return false;
    }
    if is_intended(sentence, term.first) {
        return true; // "threatened to kill the hostages": nothing happened yet
    }
    // `killed nobody`, `injured no one`: silent, and no state either.
    let negation = sentence
        .token(term.end)
        .is_some_and(|t| t.has(Classes::NEGATION));
    // (`no fewer than 52` is a qualifier.)
    if negation && sentence.number_at(term.end).is_none() {
        return true;
    }
    let Some(object) = sentence.phrase_at(term.end) else {
        return false;
    };
    let subject_pronoun = object.kind == NounKind::Pronoun
        && matches!(&*sentence.tokens[object.head].lower, "he" | "she" | "they");
    // `kidnapped a priest`: one of something, whatever the noun (not `killed a lot of`).
    let one = object.kind == NounKind::Other
        && object.number.is_none()
        && (sentence.is(object.first, "a") || sentence.is(object.first, "an"))
        && !sentence.is(object.end, "of")
        && !term.word.roles.has(Roles::PERSON);
    // `buried bodies`: a bare noun that is not people is no object of a casualty verb.
    let bare_thing = object.kind == NounKind::Other && object.number.is_none() && !one;
    if subject_pronoun || bare_thing || !(one || can_be_victims(sentence, &object, term)) {
        return false;
    }
    if is_negated(sentence, term) {
        return true; // "did not kill anyone": no mention, and no state either
    }
    let category = term.word.category;
    let mut mention = Mention::of(&object, term.first, object.end, category);
    if one {
        mention.count = Some(1);
    }
    out.push(mention);
    conjoined_after(sentence, object.end, category, out);
    true
}

/// After a form of `be` (adverbs may stand between): `were killed`, `was also injured`.
fn is_passive(sentence: &Sentence, term: &Term) -> bool {
    let before = sentence.tokens[..term.first]
        .iter()
        .rev()
        .find(|t| !t.has(Classes::ADVERB));
    before.is_some_and(|t| {
        matches!(
            &*t.lower,
            "was" | "were" | "is" | "are" | "be" | "been" | "being" | "got" | "get"
        )
    })
}

/// `threatened to kill`, `tried to take`: a verb of intent before the infinitive at `at`.
pub(super) fn is_intended(sentence: &Sentence, at: usize) -> bool {
    at >= 2 && sentence.is(at - 1, "to") && sentence.tokens[at - 2].has(Classes::INTENT)
}

/// `did not kill`, `never injured`.
fn is_negated(sentence: &Sentence, term: &Term) -> bool {
    sentence.tokens[term.first.saturating_sub(2)..term.first]
        .iter()
        .any(|t| t.is("not") || t.is("never") || t.is("n't"))
}
