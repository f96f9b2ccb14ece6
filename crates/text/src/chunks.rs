//! Noun phrases over tokens, found from either end: after a verb (its object, `killed at
//! least 17 Afghan villagers`) or before one (its subject, `two of the hostages were`),
//! with their head, what kind of thing the head is, and how many people they count
//! (`another wounded man` → 1, `16 children` → 16, `his wife` → 1, `she` → 1).
//!
//! Without a tagger, a phrase is a run of words that are not function words, led by
//! determiners, a number phrase or a partitive (`four of those`). This module reads
//! phrases; it does not decide what they are the victims of.

use crate::lexicon::{person_number, pronoun, Classes, GrammaticalNumber};
use crate::numbers::NumberPhrase;
use crate::tokens::Token;

/// What a noun phrase's head is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounKind {
    /// A noun for people (`villagers`, `teacher`, `17-year-old`).
    Person,
    /// A capitalised name (`Olivia Kemunto`, `Nahel M.`).
    Name,
    Pronoun,
    /// A number with no noun after it (`killed 17 in the raid`).
    Number,
    /// Any other noun (`houses`, `Fulani`).
    Other,
}

impl NounKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NounKind::Person => "person",
            NounKind::Name => "name",
            NounKind::Pronoun => "pronoun",
            NounKind::Number => "number",
            NounKind::Other => "noun",
        }
    }
}

/// A noun phrase: tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NounPhrase {
    pub first: usize,
    pub end: usize,
    /// The head token (the number itself for [`NounKind::Number`]).
    pub head: usize,
    /// Where the words of the phrase start, after its determiners and number: `villagers`
    /// in `at least 17 villagers`, `wounded` in `25 of the wounded`.
    pub words: usize,
    pub kind: NounKind,
    pub number: Option<NumberPhrase>,
    /// How many people the phrase counts: its number, or 1 for one person.
    pub count: Option<u64>,
    pub qualifier: &'static str,
    /// `no one`, `no civilians`, `none of them`.
    pub negated: bool,
}

/// Determiners that close a phrase on the left (`the`, `his`); the others (`another`,
/// `several`) are read as modifiers.
fn is_closing_determiner(token: &Token) -> bool {
    matches!(
        &*token.lower,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "no"
    )
}

/// Whether a token can be a word inside a noun phrase (a modifier or its head).
pub fn is_phrase_word(token: &Token) -> bool {
    const NOT_IN_PHRASE: Classes = Classes::AUXILIARY
        .or(Classes::ADVERB)
        .or(Classes::MODAL)
        .or(Classes::PREPOSITION)
        .or(Classes::CONJUNCTION)
        .or(Classes::PRONOUN)
        .or(Classes::NEGATION)
        .or(Classes::REPORTING_VERB)
        .or(Classes::TIME)
        .or(Classes::DENIAL);
    token.shape.is_word()
        && !token.has(NOT_IN_PHRASE)
        && !is_closing_determiner(token)
        && !token.has(Classes::NUMBER)
        && !token
            .casualty
            .is_some_and(|c| c.roles.has(crate::Roles::INTRANSITIVE))
        && !token.lower.ends_with("ly")
}

/// A person noun's number: from the lexicon, and `17-year-old` is one person.
fn person_of(token: &Token) -> Option<GrammaticalNumber> {
    person_number(&token.lower).or_else(|| {
        token
            .lower
            .ends_with("-year-old")
            .then_some(GrammaticalNumber::Singular)
    })
}

fn is_name_word(token: &Token) -> bool {
    token.shape.is_capitalised() && is_phrase_word(token) && person_of(token).is_none()
}

/// The number phrase among `numbers` that ends just before token `end`.
fn number_ending_at(numbers: &[NumberPhrase], end: usize) -> Option<NumberPhrase> {
    numbers.iter().copied().find(|n| n.end == end)
}

fn number_starting_at(numbers: &[NumberPhrase], first: usize) -> Option<NumberPhrase> {
    numbers
        .iter()
        .copied()
        .find(|n| n.qualifier_first == first || n.first == first)
}

/// The count of a phrase whose head is `head`, given its number and leading words.
fn count_of(
    tokens: &[Token],
    head: usize,
    kind: NounKind,
    number: Option<NumberPhrase>,
) -> Option<u64> {
    if let Some(number) = number {
        return number.count();
    }
    match kind {
        NounKind::Name => Some(1),
        NounKind::Pronoun => pronoun(&tokens[head].lower).and_then(|p| p.count),
        NounKind::Person => {
            (person_of(&tokens[head]) == Some(GrammaticalNumber::Singular)).then_some(1)
        }
        NounKind::Number | NounKind::Other => None,
    }
}

/// The noun phrase that starts at token `i` (an object: `at least 17 Afghan villagers`,
/// `his wife`, `them`, `Nahel M.`, `dozens more`, `two`).
pub fn noun_phrase_at(tokens: &[Token], numbers: &[NumberPhrase], i: usize) -> Option<NounPhrase> {
    let first = i;
    let token = tokens.get(i)?;
    // `her` is a pronoun unless a noun follows: `injuring her husband`.
    let determiner = is_closing_determiner(token) && tokens.get(i + 1).is_some_and(is_phrase_word);
    if token.has(Classes::PRONOUN) && !determiner {
        return Some(NounPhrase {
            first,
            end: i + 1,
            head: i,
            words: i,
            kind: NounKind::Pronoun,
            number: None,
            count: count_of(tokens, i, NounKind::Pronoun, None),
            qualifier: "exact",
            negated: false,
        });
    }
    let mut at = i;
    let mut negated = false;
    let mut number = None;
    if let Some(n) = number_starting_at(numbers, at) {
        number = Some(n);
        at = n.end;
        // A partitive (`one of his children`, `two of the hostages`) or a vague amount
        // of something (`dozens of people`).
        if tokens.get(at).is_some_and(|t| t.is("of"))
            && (n.count().is_none() || tokens.get(at + 1).is_some_and(is_closing_determiner))
        {
            at += 1;
        }
    }
    if tokens.get(at).is_some_and(|t| t.is("no") || t.is("none")) {
        negated = true;
    }
    while tokens.get(at).is_some_and(is_closing_determiner) {
        at += 1;
    }
    // `the three men`: a number after the determiners.
    if number.is_none() {
        if let Some(n) = numbers
            .iter()
            .copied()
            .find(|n| n.first == at && n.first > first)
        {
            number = Some(n);
            at = n.end;
        }
    }
    let mut run_start = at;
    while at < tokens.len() && at - run_start < 5 && is_phrase_word(&tokens[at]) {
        at += 1;
    }
    // An age before the person is said of them, not the phrase's head or part of its
    // span: `seven-year-old [Chelsea Atieno]`, `a 5-year-old [boy]`.
    let mut first = first;
    while run_start + 1 < at && tokens[run_start].lower.ends_with("-year-old") {
        run_start += 1;
        if first == run_start - 1 {
            first = run_start;
        }
    }
    let run = run_start..at;
    // The head is the last person noun of the run; a run without one that starts with
    // capitalised words is the name they make, else its last word is the head.
    let (head, kind) =
        if let Some(head) = run.clone().rev().find(|&k| person_of(&tokens[k]).is_some()) {
            (head, NounKind::Person)
        } else if number.is_some() && run.clone().all(|k| tokens[k].has(Classes::DETERMINER)) {
            // `dozens more`, `two others`: the number is all the phrase counts with.
            let last_number_word = number.map_or(run_start, |n| n.end - 1);
            (
                if run.is_empty() {
                    last_number_word
                } else {
                    at - 1
                },
                NounKind::Number,
            )
        } else if !run.is_empty() {
            let names = run
                .clone()
                .take_while(|&k| is_name_word(&tokens[k]))
                .count();
            if names > 0 && number.is_none() && run_start == first {
                (run_start + names - 1, NounKind::Name)
            } else {
                (at - 1, NounKind::Other)
            }
        } else {
            return None;
        };
    let end = head + 1;
    let count = count_of(tokens, head, kind, number);
    Some(NounPhrase {
        first: number.map_or(first, |n| n.qualifier_first.min(first)),
        end,
        head,
        words: if kind == NounKind::Number {
            head
        } else {
            run_start
        },
        kind,
        number,
        count,
        qualifier: number.map_or("exact", |n| n.qualifier),
        negated,
    })
}

/// The noun phrase that ends just before token `end` (a subject: `At least 30 people`,
/// `two of the hostages`, `Chelsea Atieno`, `25 of the wounded`, `they`, `1,350`).
pub fn noun_phrase_before(
    tokens: &[Token],
    numbers: &[NumberPhrase],
    end: usize,
) -> Option<NounPhrase> {
    let head = end.checked_sub(1)?;
    let token = &tokens[head];
    if token.has(Classes::PRONOUN) || token.is("one") && head > 0 && tokens[head - 1].is("no") {
        let negated = token.is("one");
        let first = if negated { head - 1 } else { head };
        return Some(NounPhrase {
            first,
            end,
            head,
            words: head,
            kind: NounKind::Pronoun,
            number: None,
            count: count_of(tokens, head, NounKind::Pronoun, None),
            qualifier: "exact",
            negated,
        });
    }
    if let Some(n) = number_ending_at(numbers, end) {
        return Some(partitive_or(
            tokens,
            numbers,
            NounPhrase {
                first: n.qualifier_first,
                end,
                head,
                words: head,
                kind: NounKind::Number,
                number: Some(n),
                count: n.count(),
                qualifier: n.qualifier,
                negated: false,
            },
        ));
    }
    if !is_phrase_word(token) && !token.is("those") {
        return None;
    }
    let mut first = head;
    if !token.is("those") {
        while first > 0 && head + 1 - first < 6 && is_phrase_word(&tokens[first - 1]) {
            first -= 1;
        }
    }
    let kind = if person_of(token).is_some() {
        NounKind::Person
    } else if is_name_word(token) {
        // A name starts at its first capitalised word: `seven-year-old Chelsea Atieno`.
        while !is_name_word(&tokens[first]) {
            first += 1;
        }
        let names = (first..=head).filter(|&k| is_name_word(&tokens[k])).count();
        if names == head + 1 - first {
            NounKind::Name
        } else {
            NounKind::Other
        }
    } else {
        NounKind::Other
    };
    let number = (kind != NounKind::Name)
        .then(|| number_ending_at(numbers, first))
        .flatten();
    let mut negated = false;
    let mut phrase_first = number.map_or(first, |n| n.qualifier_first);
    if number.is_none() && kind != NounKind::Name {
        while phrase_first > 0 && is_closing_determiner(&tokens[phrase_first - 1]) {
            phrase_first -= 1;
            negated |= tokens[phrase_first].is("no");
        }
    }
    // An age is said of the person, not counted: `A 5-year-old [boy]`.
    if let Some(age) = (phrase_first..head)
        .rev()
        .find(|&k| tokens[k].lower.ends_with("-year-old"))
    {
        phrase_first = age + 1;
    }
    let mut count = count_of(tokens, head, kind, number);
    // `Both drivers`
    if count.is_none()
        && kind == NounKind::Person
        && phrase_first > 0
        && tokens[phrase_first - 1].is("both")
    {
        phrase_first -= 1;
        count = Some(2);
    }
    if token.is("those") || tokens[phrase_first..=head].iter().any(|t| t.is("most")) {
        count = number.and_then(|n| n.count());
    }
    Some(partitive_or(
        tokens,
        numbers,
        NounPhrase {
            first: phrase_first,
            end,
            head,
            words: first.max(phrase_first),
            kind,
            number,
            count,
            qualifier: number.map_or("exact", |n| n.qualifier),
            negated,
        },
    ))
}

/// `four of those`, `25 of the wounded`, `none of them`, `dozens of victims`: the number
/// before `of` counts (not in `two of six captives`, where the phrase has its own).
fn partitive_or(tokens: &[Token], numbers: &[NumberPhrase], phrase: NounPhrase) -> NounPhrase {
    let of = phrase.first;
    if of == 0 || !tokens[of - 1].is("of") {
        return phrase;
    }
    let definite = is_closing_determiner(&tokens[of]) || phrase.kind == NounKind::Pronoun;
    let vague = number_ending_at(numbers, of - 1).is_some_and(|n| n.count().is_none());
    if !definite && !vague {
        return phrase;
    }
    if of >= 2 && tokens[of - 2].is("none") {
        return NounPhrase {
            first: of - 2,
            negated: true,
            ..phrase
        };
    }
    match number_ending_at(numbers, of - 1) {
        Some(n) if phrase.kind != NounKind::Number => NounPhrase {
            first: n.qualifier_first,
            number: Some(n),
            count: n.count(),
            qualifier: n.qualifier,
            ..phrase
        },
        _ => phrase,
    }
}

/// The noun phrases of a token list, left to right, not overlapping: at each token the
/// phrase [`noun_phrase_at`] reads there, if any, and the next after its end.
pub fn noun_phrases(tokens: &[Token], numbers: &[NumberPhrase]) -> Vec<NounPhrase> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        // A casualty verb or state is no phrase of its own (`killed` in `Gunmen killed`,
        // `hurt` in `was hurt`); a casualty noun is (`12 fatalities`).
        let verb = tokens[at]
            .casualty
            .is_some_and(|c| !c.roles.has(crate::Roles::NOUN));
        match noun_phrase_at(tokens, numbers, at).filter(|_| !verb) {
            Some(phrase) if phrase.end > at => {
                at = phrase.end;
                out.push(phrase);
            }
            _ => at += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::number_phrases;
    use crate::tokens::tokenize;

    fn at(text: &str, word: &str) -> (Vec<Token>, Vec<NumberPhrase>, usize) {
        let tokens = tokenize(text, 0, text.len());
        let numbers = number_phrases(&tokens);
        let i = tokens.iter().position(|t| t.text(text) == word).unwrap();
        (tokens, numbers, i)
    }

    fn object(text: &str, after: &str) -> Option<(String, NounKind, Option<u64>, &'static str)> {
        let (tokens, numbers, i) = at(text, after);
        let np = noun_phrase_at(&tokens, &numbers, i + 1)?;
        Some((
            text[tokens[np.first].start..tokens[np.end - 1].end].to_owned(),
            np.kind,
            np.count,
            np.qualifier,
        ))
    }

    fn subject(text: &str, before: &str) -> Option<(String, NounKind, Option<u64>, bool)> {
        let (tokens, numbers, i) = at(text, before);
        let np = noun_phrase_before(&tokens, &numbers, i)?;
        Some((
            text[tokens[np.first].start..tokens[np.end - 1].end].to_owned(),
            np.kind,
            np.count,
            np.negated,
        ))
    }

    #[test]
    fn objects() {
        let o = |text, count, kind, qualifier| Some((String::from(text), kind, count, qualifier));
        assert_eq!(
            object("killed at least 17 Afghan villagers on Monday", "killed"),
            o(
                "at least 17 Afghan villagers",
                Some(17),
                NounKind::Person,
                "at least"
            )
        );
        assert_eq!(
            object("injuring his wife and one of his children", "injuring"),
            o("his wife", Some(1), NounKind::Person, "exact")
        );
        assert_eq!(
            object("injuring his wife and one of his children", "and"),
            o("one of his children", Some(1), NounKind::Person, "exact")
        );
        assert_eq!(
            object("an officer shot Nahel M. point blank", "shot"),
            o("Nahel M.", Some(1), NounKind::Name, "exact")
        );
        assert_eq!(
            object("wounding dozens more.", "wounding"),
            o("dozens more", None, NounKind::Number, "exact")
        );
        assert_eq!(
            object("the killing of a 17-year-old, as", "of"),
            o("a 17-year-old", Some(1), NounKind::Person, "exact")
        );
        assert_eq!(
            object("then killed himself.", "killed"),
            o("himself", Some(1), NounKind::Pronoun, "exact")
        );
        assert_eq!(object("killed in the raid", "killed"), None);
        assert_eq!(
            object("killed 17 in the raid", "killed"),
            o("17", Some(17), NounKind::Number, "exact")
        );
    }

    #[test]
    fn phrases_of_a_sentence() {
        let text = "Gunmen killed at least 17 Afghan villagers and his wife on Monday.";
        let tokens = tokenize(text, 0, text.len());
        let numbers = number_phrases(&tokens);
        let found: Vec<(&str, NounKind, Option<u64>)> = noun_phrases(&tokens, &numbers)
            .iter()
            .map(|p| {
                (
                    &text[tokens[p.first].start..tokens[p.end - 1].end],
                    p.kind,
                    p.count,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Gunmen", NounKind::Person, None),
                ("at least 17 Afghan villagers", NounKind::Person, Some(17)),
                ("his wife", NounKind::Person, Some(1)),
            ]
        );
    }

    #[test]
    fn subjects() {
        let s = |text, kind, count, negated| Some((String::from(text), kind, count, negated));
        assert_eq!(
            subject("Officials said At least 30 people were killed", "were"),
            s("At least 30 people", NounKind::Person, Some(30), false)
        );
        assert_eq!(
            subject(
                "Colonel Detabali says two of the hostages were found dead",
                "were"
            ),
            s("two of the hostages", NounKind::Person, Some(2), false)
        );
        assert_eq!(
            subject(
                "Among the dead is seven-year-old Chelsea Atieno who lost",
                "who"
            ),
            s("Chelsea Atieno", NounKind::Name, Some(1), false)
        );
        assert_eq!(
            subject("adding that 25 of the wounded were in", "were"),
            s("25 of the wounded", NounKind::Other, Some(25), false)
        );
        assert_eq!(
            subject("However four of those have since died", "have"),
            s("four of those", NounKind::Other, Some(4), false)
        );
        assert_eq!(
            subject("another wounded man whose", "whose"),
            s("another wounded man", NounKind::Person, Some(1), false)
        );
        assert_eq!(
            subject("No one was injured.", "was"),
            s("No one", NounKind::Pronoun, None, true)
        );
        assert_eq!(
            subject("no civilians were killed", "were"),
            s("no civilians", NounKind::Person, None, true)
        );
        assert_eq!(
            subject("A man born in 1954 died", "died"),
            s("1954", NounKind::Number, Some(1954), false)
        );
        assert_eq!(subject("people said that were", "were"), None);
    }
}
