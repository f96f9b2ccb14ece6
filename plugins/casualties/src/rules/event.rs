//! A noun of the event with its victims: `the killing of a 17-year-old`, `the capture of
//! five people`, `the deaths of an unknown number of enemy terrorists`.

use quarry_text::{NounKind, Term};

use super::{can_be_victims, Mention, Sentence};

pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) {
    if !sentence.is(term.end, "of") {
        return;
    }
    let mut at = term.end + 1;
    // `an unknown number of`: victims without a count.
    let unknown = (sentence.is(at, "a") || sentence.is(at, "an"))
        && sentence.token(at + 1).is_some_and(|t| {
            matches!(
                &*t.lower,
                "unknown" | "undisclosed" | "unspecified" | "undetermined"
            )
        })
        && sentence.is(at + 2, "number")
        && sentence.is(at + 3, "of");
    if unknown {
        at += 4;
    }
    let Some(victims) = sentence.phrase_at(at) else {
        return;
    };
    let people = matches!(
        victims.kind,
        NounKind::Person | NounKind::Name | NounKind::Number
    ) || victims.number.is_some();
    if !people || !can_be_victims(sentence, &victims, term) {
        return;
    }
    let mut mention = Mention::of(&victims, term.first, victims.end, term.word.category);
    if unknown {
        mention.count = None;
    }
    out.push(mention);
}
