//! The casualty rules, one file a family. Each reads one sentence's analysis (tokens,
//! number phrases, noun phrases and casualty terms from `quarry-text`) around one casualty
//! term and proposes mentions; [`crate::settle`] keeps the best of those that overlap.
//!
//! - [`active`]: a verb and its object, `killed at least 17 Afghan villagers`;
//! - [`state`]: victims and what they are or became, `15 people have died`, `Two dead`,
//!   `Also killed was Olivia Kemunto`, `those who died`, `the injured`;
//! - [`counted`]: a noun that counts victims, `12 fatalities`, `Dozens of victims`;
//! - [`toll`]: a figure of the event, `the death toll rose to 31 from 9`;
//! - [`event`]: a noun of the event and its victims, `the killing of a 17-year-old`;
//! - [`modifier`]: a participle inside its victims' noun phrase, `another wounded man`;
//! - [`complement`]: victims after a verb of taking, `took 20 people hostage`.
//!
//! A rule never looks at bytes: everything it reads is in [`Sentence`].

mod active;
mod complement;
mod counted;
mod event;
mod modifier;
mod state;
mod toll;

use quarry_text::{
    noun_phrase_at, noun_phrase_before, Category, Classes, NounKind, NounPhrase, NumberPhrase,
    Roles, Term, Token,
};

/// What the rules read of a sentence.
pub struct Sentence<'a> {
    pub tokens: &'a [Token],
    pub numbers: &'a [NumberPhrase],
    pub terms: &'a [Term],
}

impl Sentence<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    fn is(&self, i: usize, lower: &str) -> bool {
        self.token(i).is_some_and(|t| t.is(lower))
    }

    fn phrase_at(&self, i: usize) -> Option<NounPhrase> {
        noun_phrase_at(self.tokens, self.numbers, i)
    }

    fn phrase_before(&self, end: usize) -> Option<NounPhrase> {
        noun_phrase_before(self.tokens, self.numbers, end)
    }

    fn number_at(&self, first: usize) -> Option<NumberPhrase> {
        self.numbers
            .iter()
            .copied()
            .find(|n| n.qualifier_first == first)
    }
}

/// A casualty mention: tokens `first..end` of its sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub first: usize,
    pub end: usize,
    pub category: Category,
    pub count: Option<u64>,
    pub qualifier: &'static str,
    /// The victims' noun phrase, tokens `first..end`.
    pub victims: Option<(usize, usize)>,
}

impl Mention {
    /// A mention of the victims `phrase`, spanning `first..end`.
    fn of(phrase: &NounPhrase, first: usize, end: usize, category: Category) -> Mention {
        Mention {
            first,
            end,
            category,
            count: phrase.count,
            qualifier: if phrase.count.is_some() {
                phrase.qualifier
            } else {
                "exact"
            },
            victims: matches!(phrase.kind, NounKind::Person | NounKind::Name)
                .then_some((phrase.words, phrase.end)),
        }
    }

    /// A mention without a count (`the dead`, `killing them`).
    fn uncounted(first: usize, end: usize, category: Category) -> Mention {
        Mention {
            first,
            end,
            category,
            count: None,
            qualifier: "exact",
            victims: None,
        }
    }
}

/// Every mention the rules propose for a sentence, overlapping.
pub fn mentions(sentence: &Sentence) -> Vec<Mention> {
    let mut out = Vec::new();
    for term in sentence.terms {
        let roles = term.word.roles;
        if roles.has(Roles::TOLL) {
            toll::apply(sentence, term, &mut out);
        }
        if roles.has(Roles::NOUN) {
            counted::apply(sentence, term, &mut out);
        }
        if roles.has(Roles::EVENT) {
            event::apply(sentence, term, &mut out);
        }
        if roles.has(Roles::COMPLEMENT) {
            complement::apply(sentence, term, &mut out);
        }
        if roles.has(Roles::MENTION) {
            out.push(Mention::uncounted(term.first, term.end, term.word.category));
        }
        if roles.has(Roles::PARTICIPLE) && modifier::apply(sentence, term, &mut out) {
            continue;
        }
        // A verb with an object is active (`Russian troops killed two civilians`); only
        // without one is a participle a state (`civilians killed in the strike`).
        let active = roles.has(Roles::VERB) && active::apply(sentence, term, &mut out);
        if !active && (roles.has(Roles::PARTICIPLE) || roles.has(Roles::INTRANSITIVE)) {
            state::apply(sentence, term, &mut out);
        }
    }
    out
}

/// Whether a noun phrase can be the victims of `term`: people (or a number of anything,
/// unless the term is said of people only), not negated, and not a year
/// (`a man born in 1954 died`).
fn can_be_victims(sentence: &Sentence, phrase: &NounPhrase, term: &Term) -> bool {
    if phrase.negated {
        return false;
    }
    let people_only = term.word.roles.has(Roles::PERSON);
    match phrase.kind {
        // `burying 47 people`, `buried dozens of people`; but bare `people buried under
        // collapsed buildings` says no more than that some may be.
        NounKind::Person if people_only => phrase.number.is_some() || phrase.count.is_some(),
        NounKind::Person | NounKind::Pronoun => true,
        // `Crimea, which Moscow seized`: a name may be a place's.
        NounKind::Name => !people_only,
        NounKind::Number => !is_year_or_after_preposition(sentence, phrase),
        NounKind::Other => {
            // `more bodies had been buried`, not bare `bodies buried in a grave`
            let head = &sentence.tokens[phrase.head];
            let counted_noun = head.casualty.is_some_and(|c| c.roles.has(Roles::NOUN))
                && phrase.first < phrase.head;
            let animals = head.has(Classes::ANIMAL);
            counted_noun || (phrase.number.is_some() && !people_only && !animals)
        }
    }
}

/// A number alone that is a year, or stands after a preposition of time or place (`in
/// 1954`, `at 10`; not `with 142 injured`).
fn is_year_or_after_preposition(sentence: &Sentence, phrase: &NounPhrase) -> bool {
    let after_preposition = phrase
        .first
        .checked_sub(1)
        .and_then(|i| sentence.token(i))
        .is_some_and(|t| {
            matches!(
                &*t.lower,
                "in" | "on" | "at" | "since" | "by" | "after" | "before" | "during" | "until"
            )
        });
    let year = phrase.number.is_some_and(|n| {
        n.end - n.first == 1
            && sentence.tokens[n.first].lower.len() == 4
            && n.count().is_some_and(|v| (1800..=2100).contains(&v))
    });
    after_preposition || year
}

/// More victims joined to a mention's object by `and`, `,` or `as well as`, each with a
/// count of its own: `massacring 16 children [and one teacher]`, `injuring his wife [and
/// one of his children]`, `50 bodies from one house, [and 30] from another`.
fn conjoined_after(
    sentence: &Sentence,
    mut end: usize,
    category: Category,
    out: &mut Vec<Mention>,
) {
    loop {
        let mut at = end;
        // One prepositional phrase may stand between (`from one house`).
        if sentence
            .token(at)
            .is_some_and(|t| t.has(Classes::PREPOSITION))
        {
            if let Some(np) = sentence.phrase_at(at + 1) {
                at = np.end;
            }
        }
        let joined = match () {
            _ if sentence.is(at, ",") && sentence.is(at + 1, "and") => at + 2,
            _ if sentence.is(at, "and") || sentence.is(at, ",") => at + 1,
            _ if sentence.is(at, "as")
                && sentence.is(at + 1, "well")
                && sentence.is(at + 2, "as") =>
            {
                at + 3
            }
            _ => return,
        };
        let Some(next) = sentence.phrase_at(joined) else {
            return;
        };
        // People with a number of their own: not `Xinhua News Agency`, `one of the worst
        // acts` or `two wounded` (a state of its own).
        let people = matches!(next.kind, NounKind::Person | NounKind::Number);
        // `86 inmates dead and dozens of prisoners and guards injured`: a conjunct with a
        // casualty word of its own is a mention of its own.
        let own_term = sentence.terms.iter().any(|t| t.first == next.end);
        // `wounded 14, four of them critically`: a subset, not more victims.
        let subset = sentence.is(next.end, "of");
        if !people || next.number.is_none() || next.negated || own_term || subset {
            return;
        }
        out.push(Mention::of(&next, next.first, next.end, category));
        end = next.end;
    }
}

/// The phrase just before a victims phrase that is joined to it by `and`, `or` or `,`,
/// for subjects: `[At least 12 other children] and one adult were wounded`, `[16
/// Children], Teacher Killed`. A conjunct without a count of its own is part of the
/// phrase before it instead: `As many as 70 inmates and prison guards were hurt`.
fn conjoined_before(sentence: &Sentence, phrase: &NounPhrase) -> Option<NounPhrase> {
    // The joiner may stand before words kept out of the phrase's span (`and his
    // 12-year-old son`).
    let mut joiner = phrase.first.checked_sub(1)?;
    while joiner > 0 {
        let token = &sentence.tokens[joiner];
        let left_out = token.lower.ends_with("-year-old")
            || matches!(&*token.lower, "his" | "her" | "their" | "the" | "a" | "an");
        if !left_out {
            break;
        }
        joiner -= 1;
    }
    let comma = sentence.is(joiner, ",");
    if !(sentence.is(joiner, "and") || sentence.is(joiner, "or") || comma) {
        return None;
    }
    let before = sentence.phrase_before(joiner)?;
    let people = |p: &NounPhrase| matches!(p.kind, NounKind::Person | NounKind::Number);
    // `Of the 40 passengers, 12 died`: a comma joins people to people, not a whole to a
    // number out of it.
    let partitive = before.first > 0 && sentence.is(before.first - 1, "of");
    let comma_ok = before.number.is_some() && phrase.kind == NounKind::Person && !partitive;
    if !people(&before) || before.negated || (comma && !comma_ok) {
        return None;
    }
    Some(before)
}

#[cfg(test)]
mod tests {
    use crate::find_casualties;

    /// The corpus of each family (see `corpus/README.md`): sentences with every mention
    /// they must give, and sentences that must give none.
    const CORPORA: [(&str, &str); 7] = [
        ("active", include_str!("../../corpus/active.txt")),
        ("state", include_str!("../../corpus/state.txt")),
        ("counted", include_str!("../../corpus/counted.txt")),
        ("toll", include_str!("../../corpus/toll.txt")),
        ("event", include_str!("../../corpus/event.txt")),
        ("modifier", include_str!("../../corpus/modifier.txt")),
        ("complement", include_str!("../../corpus/complement.txt")),
    ];

    fn mentions(sentence: &str) -> Vec<String> {
        find_casualties(sentence)
            .iter()
            .map(|c| {
                let count = c.count.map_or("-".to_owned(), |n| n.to_string());
                let text = &sentence[c.span.start..c.span.end];
                format!("{text} | {} {count} {}", c.category.as_str(), c.qualifier)
            })
            .collect()
    }

    /// Each sentence of a corpus with the mentions it must give.
    fn cases(corpus: &str) -> Vec<(&str, Vec<&str>)> {
        let mut cases: Vec<(&str, Vec<&str>)> = Vec::new();
        for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
            if line.starts_with('#') {
                continue;
            }
            if let Some(mention) = line.strip_prefix("    ") {
                cases
                    .last_mut()
                    .expect("a mention follows its sentence")
                    .1
                    .push(mention);
            } else {
                cases.push((line.strip_prefix("! ").unwrap_or(line), Vec::new()));
            }
        }
        cases
    }

    #[test]
    fn every_family_gives_its_positive_corpus_and_nothing_of_its_negative_one() {
        let mut failures = Vec::new();
        for (family, corpus) in CORPORA {
            let cases = cases(corpus);
            assert!(
                cases.len() >= 5,
                "{family}: a corpus of a few sentences at least"
            );
            assert!(
                cases.iter().any(|(_, m)| m.is_empty()),
                "{family}: a negative example at least"
            );
            for (sentence, expected) in cases {
                let found = mentions(sentence);
                if found != expected {
                    failures.push(format!(
                        "{family}: {sentence}\n  want {expected:?}\n  got  {found:?}"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }
}
