//! Victims and what they are or became, with any auxiliaries, adverbs and tense between:
//! `15 people have died`, `were preliminarily killed`, `nine people were known to have
//! died`, `Two dead`, `[At least 12 other children] and one adult were wounded`, `six
//! captives who were abducted`, `At least 30 people from the village are missing`,
//! `Also killed was Olivia Kemunto`, `the number of people kidnapped at only five`; and
//! references without a subject: `the dead`, `those killed`, `the dead and wounded`,
//! `killed or injured`, `Civilians among dead`.
//!
//! Negation (`no one was injured`, `were not killed`), modals of what did not or has not
//! yet happened (`could have been killed`, `will die`) and denials (`rejected that people
//! have died`) are silent.

use quarry_text::{Category, Classes, NounKind, NounPhrase, Roles, Term};

use super::{can_be_victims, conjoined_before, Mention, Sentence};

/// How far before a state a relative `who` may stand: `100 people who had not fled were`.
const RELATIVE_REACH: usize = 6;

/// The longest aside between victims and their state: `, including two children,`.
const ASIDE_REACH: usize = 10;

pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) {
    let Some(chain) = auxiliary_chain(sentence, term) else {
        return;
    };
    if besieged(sentence, term) {
        return;
    }
    let category = term.word.category;
    if let Some(inverted) = inverted_subject(sentence, term, chain) {
        out.push(Mention::of(&inverted, chain, inverted.end, category));
        return;
    }
    if let Some((subject, aside)) = subject(sentence, term, chain) {
        let category = category_of_subject(sentence, &subject, category);
        // Past an aside (`the attacker, aged 25, was shot dead`) the mention is the verb
        // group, so that it does not take in the aside's numbers.
        let first = if aside { chain } else { subject.first };
        let mut mention = Mention::of(&subject, first, term.end, category);
        stated_count(sentence, &subject, term, &mut mention);
        let mut conjunct = subject;
        while let Some(before) = conjoined_before(sentence, &conjunct) {
            if conjunct.count.is_some() || conjunct.number.is_some() {
                out.push(Mention::of(&before, before.first, before.end, category));
            } else {
                // `As many as 70 inmates and prison guards were hurt`: one phrase.
                mention = Mention::of(&before, before.first, term.end, category);
            }
            conjunct = before;
        }
        out.push(mention);
        return;
    }
    reference(sentence, term, chain, out);
}

/// `thousands of residents trapped in the city`: people shut in a place they live in are
/// besieged, not missing.
fn besieged(sentence: &Sentence, term: &Term) -> bool {
    if !term.word.roles.has(Roles::PERSON) {
        return false;
    }
    let mut at = term.end;
    if !sentence.is(at, "in") && !sentence.is(at, "inside") {
        return false;
    }
    at += 1;
    while sentence
        .token(at)
        .is_some_and(|t| t.has(Classes::DETERMINER))
    {
        at += 1;
    }
    sentence.token(at).is_some_and(|t| t.has(Classes::PLACE))
}

/// Where the auxiliaries and adverbs before a state start (`have been`, `were known to
/// have`, `still`); `None` when they make it silent (`not`, `could have`, `will`).
fn auxiliary_chain(sentence: &Sentence, term: &Term) -> Option<usize> {
    let mut at = term.first;
    while at > 0 {
        let token = &sentence.tokens[at - 1];
        if token.has(Classes::NEGATION) && !token.is("no") {
            return None;
        }
        if token.has(Classes::MODAL) {
            return (token.is("may") || token.is("might")).then_some(at);
        }
        if token.has(Classes::AUXILIARY) || token.has(Classes::ADVERB) || token.is("to") {
            at -= 1;
        } else {
            break;
        }
    }
    Some(at)
}

/// `Also killed was Olivia Kemunto`: the victims after the state and a form of `be`.
fn inverted_subject(sentence: &Sentence, term: &Term, chain: usize) -> Option<NounPhrase> {
    let starts_clause = chain == 0
        || sentence.tokens[chain - 1]
            .shape
            .eq(&quarry_text::Shape::Punctuation);
    let be = sentence
        .token(term.end)
        .is_some_and(|t| matches!(&*t.lower, "was" | "were" | "is" | "are"));
    if !starts_clause || !be {
        return None;
    }
    sentence.phrase_at(term.end + 1).filter(|victims| {
        matches!(victims.kind, NounKind::Name | NounKind::Person) && !victims.negated
    })
}

/// The victims a state is said of, before its auxiliaries, and whether an aside stands
/// between them.
fn subject(sentence: &Sentence, term: &Term, chain: usize) -> Option<(NounPhrase, bool)> {
    let accept = |phrase: NounPhrase| {
        (can_be_victims(sentence, &phrase, term) && !denied(sentence, phrase.first))
            .then_some(phrase)
    };
    // `six captives who were abducted`, `Dauda Shakulle, who was wounded`
    let mut end = chain;
    if end > 0 && (sentence.is(end - 1, "who") || sentence.is(end - 1, "that")) {
        end -= 1;
        if end > 0 && sentence.is(end - 1, ",") {
            end -= 1;
        }
    }
    // `A husband and wife and a baby, all dead`
    let all = sentence.is(end, "all") || sentence.is(end, "both");
    if end > 0 && sentence.is(end - 1, ",") && all {
        end -= 1;
    }
    // `Seven people, including two children, were`: the victims before the aside.
    let mut aside = false;
    if end > 0 && sentence.is(end - 1, ",") {
        let from = end.saturating_sub(1 + ASIDE_REACH);
        if let Some(open) = (from..end - 1).rev().find(|&i| sentence.is(i, ",")) {
            end = open;
            aside = true;
        }
    }
    let found = |victims: NounPhrase| Some((victims, aside));
    let phrase = sentence.phrase_before(end);
    if let Some(phrase) = phrase {
        if phrase.negated {
            return None;
        }
        // `Crimea, which Moscow seized in 2014`: a name is the victim of a participle only
        // through an auxiliary (`Ali was wounded`), or of a verb that has no object
        // (`Makovkin died`).
        let bare_participle = chain == term.first && !term.word.roles.has(Roles::INTRANSITIVE);
        if phrase.kind == NounKind::Name && bare_participle && end == chain {
            return None;
        }
        // `30 people from the village are missing`: the victims stand before the place.
        let place = phrase.kind == NounKind::Other && phrase.number.is_none();
        let after_preposition = phrase.first > 0
            && sentence.tokens[phrase.first - 1].has(Classes::PREPOSITION)
            && !sentence.is(phrase.first - 1, "of");
        if place && after_preposition {
            if let Some(victims) = sentence.phrase_before(phrase.first - 1).and_then(accept) {
                return found(victims);
            }
        }
        if let Some(victims) = accept(phrase) {
            return found(victims);
        }
    }
    // `around 100 people who had not fled were taken prisoner`
    let from = end.saturating_sub(RELATIVE_REACH);
    let who = (from..end).rev().find(|&i| sentence.is(i, "who"))?;
    let clause_unbroken = sentence.tokens[who..end].iter().all(|t| t.shape.is_word());
    clause_unbroken
        .then(|| sentence.phrase_before(who))
        .flatten()
        .filter(|p| !p.negated)
        .and_then(accept)
        .and_then(found)
}

/// `rejected that people have died`, `denied that anyone was hurt`.
fn denied(sentence: &Sentence, first: usize) -> bool {
    sentence.tokens[first.saturating_sub(3)..first]
        .iter()
        .any(|t| t.has(Classes::DENIAL))
}

/// Bodies that were buried or found are the dead, whatever the verb says.
fn category_of_subject(sentence: &Sentence, subject: &NounPhrase, category: Category) -> Category {
    match sentence.tokens[subject.head].casualty {
        Some(noun) if noun.category == Category::Killed && subject.kind == NounKind::Other => {
            Category::Killed
        }
        _ => category,
    }
}

/// `the number of people kidnapped at only five`: the count is stated after the state.
fn stated_count(sentence: &Sentence, subject: &NounPhrase, term: &Term, mention: &mut Mention) {
    let first = subject.first;
    if first < 2 || !sentence.is(first - 1, "of") || !sentence.is(first - 2, "number") {
        return;
    }
    let mut at = term.end;
    if !sentence
        .token(at)
        .is_some_and(|t| matches!(&*t.lower, "at" | "to" | "as"))
    {
        return;
    }
    at += 1;
    if sentence.is(at, "only") || sentence.is(at, "just") {
        at += 1;
    }
    if let Some(figure) = sentence.number_at(at) {
        let the = first >= 3 && sentence.is(first - 3, "the");
        mention.first = if the { first - 3 } else { first - 2 };
        mention.end = figure.end;
        mention.count = figure.count();
        mention.qualifier = figure.qualifier;
    }
}

/// A state said of no subject: `the dead`, `those killed`, `the most seriously wounded`,
/// `among the dead`, and a state joined to another (`the dead and wounded`, `killed or
/// injured`, `burned to death, died of smoke inhalation`).
fn reference(sentence: &Sentence, term: &Term, chain: usize, out: &mut Vec<Mention>) {
    let category = term.word.category;
    // `There are dead and wounded`
    if sentence.is(chain, "there") && chain + 1 < term.first {
        out.push(Mention::uncounted(term.first, term.end, category));
        return;
    }
    let Some(before) = chain.checked_sub(1) else {
        return;
    };
    let word = &sentence.tokens[before];
    // `Three policemen were among those killed`: the victims before `among`.
    let among = if word.is("among") {
        Some(before)
    } else {
        (before > 0 && sentence.is(before - 1, "among") && (word.is("the") || word.is("those")))
            .then(|| before - 1)
    };
    if let Some(among) = among {
        let mut end = among;
        while end > 0 && sentence.tokens[end - 1].has(Classes::AUXILIARY) {
            end -= 1;
        }
        let victims = sentence
            .phrase_before(end)
            .filter(|p| can_be_victims(sentence, p, term));
        match victims {
            Some(victims) => out.push(Mention::of(&victims, victims.first, term.end, category)),
            // `Among the injured were three firefighters`: the reference, and the
            // victims named after it.
            None => {
                out.push(Mention::uncounted(among, term.end, category));
                if let Some(after) = inverted_subject(sentence, term, 0) {
                    out.push(Mention::of(&after, after.first, after.end, category));
                }
            }
        }
        return;
    }
    if matches!(&*word.lower, "the" | "those" | "remaining") {
        out.push(Mention::uncounted(before, term.end, category));
        return;
    }
    if word.is("who") && before > 0 && sentence.is(before - 1, "those") {
        out.push(Mention::uncounted(before - 1, term.end, category));
        return;
    }
    // `missing and feared dead` is one mention, of the first state.
    let hedged = sentence.tokens[chain..term.first]
        .iter()
        .any(|t| t.is("feared") || t.is("presumed"));
    let joined = matches!(&*word.lower, "and" | "or" | ",");
    let after_state = sentence
        .terms
        .iter()
        .any(|t| t.end <= before && before - t.end < RELATIVE_REACH && !std::ptr::eq(t, term));
    if joined && after_state && !hedged {
        out.push(Mention::uncounted(term.first, term.end, category));
    }
}
