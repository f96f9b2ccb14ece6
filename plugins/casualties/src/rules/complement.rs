//! Victims between a verb of taking or holding and the word of their state: `took 20
//! people hostage`, `are holding three aid workers captive`. Not what was only meant:
//! `threatened to take the children hostage`.

use quarry_text::{Classes, NounKind, Term};

use super::active::is_intended;
use super::{Mention, Sentence};

pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) {
    let Some(victims) = sentence.phrase_before(term.first) else {
        return;
    };
    let people = matches!(
        victims.kind,
        NounKind::Person | NounKind::Name | NounKind::Pronoun | NounKind::Number
    );
    let Some(verb) = victims.first.checked_sub(1) else {
        return;
    };
    let taking = sentence.tokens[verb].has(Classes::TAKING);
    if !people || victims.negated || !taking || is_intended(sentence, verb) {
        return;
    }
    out.push(Mention::of(&victims, verb, term.end, term.word.category));
}
