//! A noun that counts victims by itself: `12 fatalities`, `nine burnt human bodies`,
//! `Dozens of victims`, `a single fatality`, `four female kidnap victims` (a casualty word
//! among its modifiers gives the category); and, without a number, `the captives`.

use quarry_text::{NounKind, Term};

use super::{conjoined_after, Mention, Sentence};

pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) {
    let noun = &sentence.tokens[term.first];
    let Some(phrase) = sentence.phrase_before(term.end) else {
        return;
    };
    if phrase.negated || phrase.kind == NounKind::Number {
        return;
    }
    // `kidnap victims`, `dead hostages`: the modifier says what happened to them.
    let category = sentence
        .terms
        .iter()
        .rev()
        .find(|t| t.first >= phrase.first && t.end <= term.first)
        .map_or(term.word.category, |t| t.word.category);
    if phrase.number.is_some() {
        out.push(Mention::of(&phrase, phrase.first, term.end, category));
        conjoined_after(sentence, term.end, category, out);
        return;
    }
    let words = &sentence.tokens[phrase.first..term.first];
    let singular = !noun.lower.ends_with('s');
    if singular
        && words
            .iter()
            .any(|t| matches!(&*t.lower, "a" | "an" | "single" | "one"))
    {
        out.push(Mention {
            count: Some(1),
            ..Mention::uncounted(phrase.first, term.end, category)
        });
        return;
    }
    // Bare bodies and victims are not mentions; `the captives`, `the hostages` are.
    let bare = matches!(&*noun.lower, "bodies" | "body" | "victims" | "corpses");
    let referring = words
        .first()
        .is_some_and(|t| matches!(&*t.lower, "the" | "those" | "these" | "remaining"));
    if !bare && referring {
        out.push(Mention::uncounted(phrase.first, term.end, category));
    }
}
