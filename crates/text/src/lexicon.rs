//! The word lists of the linguistic layer, read from the data files in `lexicon/`: one
//! file per list and one source of truth for each word. A token gets its [`Classes`]
//! and, for casualty words, its [`CasualtyWord`] from here; casualty phrases of several
//! words (`lost their lives`) are read here and matched by [`crate::terms`].
//!
//! This module only looks words up; it does not split text or read phrases.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The word classes a token can have, as bits: a token may have several (`since` is a
/// preposition and an adverb).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Classes(u32);

impl Classes {
    pub const NONE: Classes = Classes(0);
    /// A number by itself (`two`, `40,000`, `dozens`), as `quarry-numbers` reads it.
    pub const NUMBER: Classes = Classes(1);
    pub const AUXILIARY: Classes = Classes(1 << 1);
    pub const MODAL: Classes = Classes(1 << 2);
    pub const NEGATION: Classes = Classes(1 << 3);
    pub const DETERMINER: Classes = Classes(1 << 4);
    pub const PREPOSITION: Classes = Classes(1 << 5);
    pub const CONJUNCTION: Classes = Classes(1 << 6);
    pub const ADVERB: Classes = Classes(1 << 7);
    pub const PRONOUN: Classes = Classes(1 << 8);
    /// A noun for people (`civilians`, `teacher`), see [`person_number`].
    pub const PERSON: Classes = Classes(1 << 9);
    /// A casualty word, see [`casualty_word`].
    pub const CASUALTY: Classes = Classes(1 << 10);
    pub const REPORTING_VERB: Classes = Classes(1 << 11);
    /// The first word of a qualifier phrase (`at` of `at least`), see [`qualifier_of`].
    pub const QUALIFIER: Classes = Classes(1 << 12);
    /// A word of time (`Tuesday`, `weeks`, `yesterday`).
    pub const TIME: Classes = Classes(1 << 13);
    /// A verb that denies what its clause says (`rejected that people have died`).
    pub const DENIAL: Classes = Classes(1 << 14);
    /// A place people live in (`city`, `village`).
    pub const PLACE: Classes = Classes(1 << 15);
    /// The first word of a casualty phrase (`lost` of `lost their lives`).
    pub const CASUALTY_PHRASE: Classes = Classes(1 << 16);
    /// A verb of what is meant or tried, not done (`threatened to kill`).
    pub const INTENT: Classes = Classes(1 << 17);
    /// A verb of taking or holding (`took`, `held`): `took 20 people hostage`.
    pub const TAKING: Classes = Classes(1 << 18);
    /// An animal (`cattle`): casualty counts are of people.
    pub const ANIMAL: Classes = Classes(1 << 19);

    /// Every class with its name, as Lua rules and token patterns write it.
    pub const NAMED: [(Classes, &'static str); 20] = [
        (Classes::NUMBER, "number"),
        (Classes::AUXILIARY, "auxiliary"),
        (Classes::MODAL, "modal"),
        (Classes::NEGATION, "negation"),
        (Classes::DETERMINER, "determiner"),
        (Classes::PREPOSITION, "preposition"),
        (Classes::CONJUNCTION, "conjunction"),
        (Classes::ADVERB, "adverb"),
        (Classes::PRONOUN, "pronoun"),
        (Classes::PERSON, "person"),
        (Classes::CASUALTY, "casualty"),
        (Classes::REPORTING_VERB, "reporting_verb"),
        (Classes::QUALIFIER, "qualifier"),
        (Classes::TIME, "time"),
        (Classes::DENIAL, "denial"),
        (Classes::PLACE, "place"),
        (Classes::CASUALTY_PHRASE, "casualty_phrase"),
        (Classes::INTENT, "intent"),
        (Classes::TAKING, "taking"),
        (Classes::ANIMAL, "animal"),
    ];

    pub const fn or(self, other: Classes) -> Classes {
        Classes(self.0 | other.0)
    }

    pub const fn has(self, other: Classes) -> bool {
        self.0 & other.0 != 0
    }

    /// The class called `name` in [`Classes::NAMED`].
    pub fn named(name: &str) -> Option<Classes> {
        Classes::NAMED
            .iter()
            .find(|(_, n)| *n == name)
            .map(|&(c, _)| c)
    }

    /// The names of the classes set, in [`Classes::NAMED`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Classes::NAMED
            .iter()
            .filter(move |(c, _)| self.has(*c))
            .map(|&(_, n)| n)
    }
}

/// What happened to the people a casualty word speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Killed,
    Injured,
    Missing,
    Captured,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Killed => "killed",
            Category::Injured => "injured",
            Category::Missing => "missing",
            Category::Captured => "captured",
        }
    }

    fn parse(name: &str) -> Option<Category> {
        Some(match name {
            "killed" => Category::Killed,
            "injured" => Category::Injured,
            "missing" => Category::Missing,
            "captured" => Category::Captured,
            _ => return None,
        })
    }
}

/// The roles a casualty word plays in a phrase, as bits (see `lexicon/casualty_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Roles(u16);

impl Roles {
    /// Takes the victims as object: `killed 17 villagers`.
    pub const VERB: Roles = Roles(1);
    /// Said of victims: `were killed`, `78 villagers killed`, `the injured`.
    pub const PARTICIPLE: Roles = Roles(1 << 1);
    /// Has the victims as subject: `15 people have died`.
    pub const INTRANSITIVE: Roles = Roles(1 << 2);
    /// Counts victims by itself: `12 fatalities`.
    pub const NOUN: Roles = Roles(1 << 3);
    /// A noun of the event: `the killing of 12 miners`.
    pub const EVENT: Roles = Roles(1 << 4);
    /// A figure of the event: `the death toll rose to 31`.
    pub const TOLL: Roles = Roles(1 << 5);
    /// A mention by itself, with no count: `the loss of innocent lives`.
    pub const MENTION: Roles = Roles(1 << 6);
    /// Said of people only: `burying 47 people`, not `burying 34 houses`.
    pub const PERSON: Roles = Roles(1 << 7);
    /// Follows its victims after a verb of taking or holding: `took 20 people hostage`.
    pub const COMPLEMENT: Roles = Roles(1 << 8);

    pub const fn has(self, other: Roles) -> bool {
        self.0 & other.0 != 0
    }

    fn parse(names: &str) -> Option<Roles> {
        names.split(',').try_fold(Roles(0), |roles, name| {
            let role = match name.trim() {
                "verb" => Roles::VERB,
                "participle" => Roles::PARTICIPLE,
                "intransitive" => Roles::INTRANSITIVE,
                "noun" => Roles::NOUN,
                "event" => Roles::EVENT,
                "toll" => Roles::TOLL,
                "mention" => Roles::MENTION,
                "person" => Roles::PERSON,
                "complement" => Roles::COMPLEMENT,
                _ => return None,
            };
            Some(Roles(roles.0 | role.0))
        })
    }
}

/// A casualty word's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CasualtyWord {
    pub category: Category,
    pub roles: Roles,
}

/// Whether a person noun names one person or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrammaticalNumber {
    Singular,
    Plural,
}

/// A personal pronoun: how many people it names (`None`: a group) and its gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pronoun {
    pub count: Option<u64>,
    pub gender: Option<Gender>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

/// One line of a data file split on tabs, without comments and blank lines.
fn rows(file: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    words(file).map(|line| line.split('\t').map(str::trim).collect())
}

/// The entries of a one-word-a-line file.
pub fn words(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// A lexicon line that does not parse is a bug of the data file shipped with the crate:
/// the tests read every file, so it never reaches a user.
fn bad_line(file: &str, row: &[&str]) -> ! {
    panic!("lexicon/{file}: cannot read the line {:?}", row.join("\t"))
}

/// What the lexicon knows of one word.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    classes: Classes,
    casualty: Option<CasualtyWord>,
    person: Option<GrammaticalNumber>,
    pronoun: Option<Pronoun>,
}

/// FNV-1a: the lexicon is looked up once per token of every analysed sentence, and its
/// keys are short and not chosen by an adversary, so SipHash's cost buys nothing.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Entries = HashMap<&'static str, Entry, BuildHasherDefault<Fnv>>;

/// The meaning of a `form<TAB>category<TAB>roles` line of a casualty data file.
fn casualty_row(row: &[&str], file: &str) -> CasualtyWord {
    let word = match row {
        [_, category, roles] => Category::parse(category)
            .zip(Roles::parse(roles))
            .map(|(category, roles)| CasualtyWord { category, roles }),
        _ => None,
    };
    word.unwrap_or_else(|| bad_line(file, row))
}

struct Lexicon {
    entries: Entries,
    qualifiers: Vec<(Vec<&'static str>, &'static str)>,
    casualty_phrases: Vec<(Vec<PhraseWord>, CasualtyWord)>,
}

/// One word of a casualty phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseWord {
    Exact(&'static str),
    /// `<poss>`: his, her, their or its.
    Possessive,
    /// `<adj>`: one word that may stand in a noun phrase.
    Modifier,
}

const FUNCTION_WORDS: &str = include_str!("../lexicon/function_words.tsv");
const CASUALTY_WORDS: &str = include_str!("../lexicon/casualty_words.tsv");
const PERSON_NOUNS: &str = include_str!("../lexicon/person_nouns.tsv");
const PRONOUNS: &str = include_str!("../lexicon/pronouns.tsv");
const CASUALTY_PHRASES: &str = include_str!("../lexicon/casualty_phrases.tsv");
const QUALIFIERS: &str = include_str!("../lexicon/qualifiers.tsv");
const TIME_WORDS: &str = include_str!("../lexicon/time_words.txt");
/// Units of time, singular and plural, lower-case: one a line.
pub const TIME_UNITS: &str = include_str!("../lexicon/time_units.txt");
/// Month names, lower-case, in calendar order: one a line.
pub const MONTHS: &str = include_str!("../lexicon/months.txt");
/// Weekday names, lower-case, Monday first: one a line.
pub const WEEKDAYS: &str = include_str!("../lexicon/weekdays.txt");
const PLACE_NOUNS: &str = include_str!("../lexicon/place_nouns.txt");
const ANIMAL_NOUNS: &str = include_str!("../lexicon/animal_nouns.txt");
/// Words that make a capitalised name an organisation's (`Ministry`, `Police`): one a line.
pub const ORGANISATION_WORDS: &str = include_str!("../lexicon/organisation_words.txt");
/// Reporting verbs (`said`, `according to`): one form a line.
pub const REPORTING_VERBS: &str = include_str!("../lexicon/reporting_verbs.txt");

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut entries = Entries::default();
    fn add<'e>(entries: &'e mut Entries, word: &'static str, class: Classes) -> &'e mut Entry {
        let entry = entries.entry(word).or_default();
        entry.classes = entry.classes.or(class);
        entry
    }
    for row in rows(FUNCTION_WORDS) {
        let class = match row.as_slice() {
            [_, "auxiliary"] => Classes::AUXILIARY,
            [_, "modal"] => Classes::MODAL,
            [_, "negation"] => Classes::NEGATION,
            [_, "determiner"] => Classes::DETERMINER,
            [_, "preposition"] => Classes::PREPOSITION,
            [_, "conjunction"] => Classes::CONJUNCTION,
            [_, "adverb"] => Classes::ADVERB,
            [_, "denial"] => Classes::DENIAL,
            [_, "intent"] => Classes::INTENT,
            [_, "taking"] => Classes::TAKING,
            _ => bad_line("function_words.tsv", &row),
        };
        add(&mut entries, row[0], class);
    }
    for row in rows(CASUALTY_WORDS) {
        let word = casualty_row(&row, "casualty_words.tsv");
        add(&mut entries, row[0], Classes::CASUALTY).casualty = Some(word);
    }
    for row in rows(PERSON_NOUNS) {
        let number = match row.as_slice() {
            [_, "s"] => GrammaticalNumber::Singular,
            [_, "p"] => GrammaticalNumber::Plural,
            _ => bad_line("person_nouns.tsv", &row),
        };
        add(&mut entries, row[0], Classes::PERSON).person = Some(number);
    }
    for row in rows(PRONOUNS) {
        let parsed = match row.as_slice() {
            [_, count, gender] => {
                let count = match *count {
                    "-" => Some(None),
                    n => n.parse().ok().map(Some),
                };
                let gender = match *gender {
                    "m" => Some(Some(Gender::Male)),
                    "f" => Some(Some(Gender::Female)),
                    "-" => Some(None),
                    _ => None,
                };
                count.zip(gender)
            }
            _ => None,
        };
        let (count, gender) = parsed.unwrap_or_else(|| bad_line("pronouns.tsv", &row));
        add(&mut entries, row[0], Classes::PRONOUN).pronoun = Some(Pronoun { count, gender });
    }
    for word in words(REPORTING_VERBS).filter(|w| !w.contains(' ')) {
        add(&mut entries, word, Classes::REPORTING_VERB);
    }
    let units = words(TIME_UNITS).filter(|unit| quarry_numbers::ordinal(unit).is_none());
    for word in words(TIME_WORDS)
        .chain(units)
        .chain(words(MONTHS))
        .chain(words(WEEKDAYS))
    {
        add(&mut entries, word, Classes::TIME);
    }
    for word in words(PLACE_NOUNS) {
        add(&mut entries, word, Classes::PLACE);
    }
    for word in words(ANIMAL_NOUNS) {
        add(&mut entries, word, Classes::ANIMAL);
    }
    let mut qualifiers = Vec::new();
    for row in rows(QUALIFIERS) {
        let [phrase, qualifier] = row.as_slice() else {
            bad_line("qualifiers.tsv", &row)
        };
        let words: Vec<&'static str> = phrase.split(' ').collect();
        add(&mut entries, words[0], Classes::QUALIFIER);
        qualifiers.push((words, *qualifier));
    }
    // Longest first, so that `no fewer than` is tried before a shorter phrase it ends with.
    qualifiers.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    let mut casualty_phrases = Vec::new();
    for row in rows(CASUALTY_PHRASES) {
        let word = casualty_row(&row, "casualty_phrases.tsv");
        let words: Vec<PhraseWord> = row[0]
            .split(' ')
            .map(|w| match w {
                "<poss>" => PhraseWord::Possessive,
                "<adj>" => PhraseWord::Modifier,
                w => PhraseWord::Exact(w),
            })
            .collect();
        let Some(PhraseWord::Exact(first)) = words.first() else {
            bad_line("casualty_phrases.tsv", &row)
        };
        add(&mut entries, first, Classes::CASUALTY_PHRASE);
        casualty_phrases.push((words, word));
    }
    casualty_phrases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    Lexicon {
        entries,
        qualifiers,
        casualty_phrases,
    }
});

fn entry(lower: &str) -> Option<&'static Entry> {
    LEXICON.entries.get(lower)
}

/// The classes a lower-case word has in the lexicon (not [`Classes::NUMBER`], which the
/// tokenizer sets from `quarry-numbers`).
pub fn classes_of(lower: &str) -> Classes {
    entry(lower).map(|e| e.classes).unwrap_or_default()
}

/// The casualty meaning of a lower-case word.
pub fn casualty_word(lower: &str) -> Option<CasualtyWord> {
    entry(lower)?.casualty
}

/// Whether a lower-case person noun names one person or several.
pub fn person_number(lower: &str) -> Option<GrammaticalNumber> {
    entry(lower)?.person
}

pub fn pronoun(lower: &str) -> Option<Pronoun> {
    entry(lower)?.pronoun
}

/// The classes and casualty meaning of a lower-case word, in one look-up.
pub fn lookup(lower: &str) -> (Classes, Option<CasualtyWord>) {
    entry(lower).map_or((Classes::NONE, None), |e| (e.classes, e.casualty))
}

/// Every casualty word form, and for every casualty phrase the word that finds it: a
/// casualty word of its own if it has one (`dead` of `found dead`), else its longest word
/// (`condition` of `in critical condition`, the rarest of its words). Every sentence a
/// casualty rule may match has one of these.
pub fn casualty_forms() -> impl Iterator<Item = &'static str> {
    let phrase_words = LEXICON.casualty_phrases.iter().filter_map(|(words, _)| {
        let exact = words.iter().filter_map(|w| match w {
            PhraseWord::Exact(word) => Some(*word),
            _ => None,
        });
        exact
            .clone()
            .find(|word| casualty_word(word).is_some())
            .or_else(|| exact.max_by_key(|word| word.len()))
    });
    let words = LEXICON.entries.iter().filter(|(_, e)| e.casualty.is_some());
    words.map(|(word, _)| *word).chain(phrase_words)
}

/// The casualty phrases, longest first.
pub fn casualty_phrases() -> &'static [(Vec<PhraseWord>, CasualtyWord)] {
    &LEXICON.casualty_phrases
}

/// The qualifier that the lower-case words `before` end with, and how many words it has:
/// `["killed", "at", "least"]` → (`at least`, 2).
pub fn qualifier_of(before: &[&str]) -> Option<(&'static str, usize)> {
    LEXICON
        .qualifiers
        .iter()
        .find_map(|(words, qualifier)| before.ends_with(words).then_some((*qualifier, words.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_reads() {
        assert!(casualty_forms().count() > 50);
        assert!(
            LEXICON
                .entries
                .values()
                .filter(|e| e.person.is_some())
                .count()
                > 50
        );
        assert_eq!(
            casualty_word("killed"),
            Some(CasualtyWord {
                category: Category::Killed,
                roles: Roles(Roles::VERB.0 | Roles::PARTICIPLE.0)
            })
        );
        assert_eq!(person_number("teacher"), Some(GrammaticalNumber::Singular));
        assert_eq!(
            pronoun("she"),
            Some(Pronoun {
                count: Some(1),
                gender: Some(Gender::Female)
            })
        );
        assert!(classes_of("said").has(Classes::REPORTING_VERB));
        assert!(classes_of("since").has(Classes::PREPOSITION));
        assert!(classes_of("since").has(Classes::ADVERB));
        assert_eq!(classes_of("houses"), Classes::NONE);
    }

    #[test]
    fn the_longest_qualifier_wins() {
        assert_eq!(
            qualifier_of(&["killed", "no", "fewer", "than"]),
            Some(("at least", 3))
        );
        assert_eq!(qualifier_of(&["an", "estimated"]), Some(("about", 2)));
        assert_eq!(qualifier_of(&["killed"]), None);
    }

    #[test]
    fn class_names_round_trip() {
        for (class, name) in Classes::NAMED {
            assert_eq!(Classes::named(name), Some(class));
        }
        let both = Classes::PREPOSITION.or(Classes::ADVERB);
        assert_eq!(both.names().collect::<Vec<_>>(), ["preposition", "adverb"]);
    }
}
