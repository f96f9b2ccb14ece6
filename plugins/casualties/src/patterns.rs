//! The phrase shapes of casualty reports, one regex each:
//! - active verbs: `killed at least two civilians`, `wounding two`, `kidnapped 52 people`;
//! - counted states: `Two dead`, `30 people were killed`, `16 workers still missing`;
//! - counted nouns: `12 fatalities`, `nine burnt human bodies`;
//! - tolls: `the death toll rose to 31`;
//! - nouns of the event: `the capture of five people`;
//! - references without a number: `the missing people`, `treating the injured`;
//! - victims without a number: `some civilians were killed`, `Ukrainian troops killed`.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem;
use quarry_core::Span;
use quarry_numbers::{parse, NUMBER_PATTERN};
use quarry_text::{
    ascii_classes, sentence_end, sentence_start, Group, Groups, Scratch, WindowRegex,
};
use regex::Regex;

use crate::lexicon::{
    category_of, qualifier_of, Category, ACTIVE_VERB, COUNT_NOUN, QUALIFIER, STATE, VICTIM,
};
use crate::Casualty;

/// Up to a few modifiers before a victim noun (`Afghan`, `burnt human`, `other`).
const ADJECTIVES: &str = r"(?:(?:[A-Za-z][\w.-]*|U\.S\.)\s+){0,3}?";

/// Auxiliaries between victims and their state (`were`, `have been`, `still`).
const AUXILIARY: &str = r"(?:\s+(?:who|were|was|have\s+been|has\s+been|had\s+been|are|is|been|being|remain|remained|remains|still|reportedly|later|also|feared|presumed|confirmed)){0,3}";

/// A pattern with [`ascii_classes`], for searching the text after a match.
fn compile(pattern: &str) -> Regex {
    Regex::new(&ascii_classes(pattern)).unwrap_or_else(|e| panic!("invalid casualty pattern: {e}"))
}

/// A phrase shape with [`ascii_classes`] (they take a quarter to a third off the heaviest
/// shapes): it searches only the windows around casualty words. Names of people, which
/// need Unicode letters, use [`shape_unicode`].
fn shape(pattern: &str) -> WindowRegex {
    shape_unicode(&ascii_classes(pattern))
}

fn shape_unicode(pattern: &str) -> WindowRegex {
    WindowRegex::new(pattern).unwrap_or_else(|e| panic!("invalid casualty pattern: {e}"))
}

static ACTIVE: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?P<w>{ACTIVE_VERB})\s+(?:(?P<q>{QUALIFIER})\s+)?(?:(?P<n>{NUMBER_PATTERN})(?:\s+(?:of\s+)?(?P<v>{ADJECTIVES}{VICTIM}))?|(?P<v2>{ADJECTIVES}{VICTIM}))(?-u:\b)"
    ))
});

static COUNTED_STATE: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})(?:\s+(?:of\s+)?(?P<v>{ADJECTIVES}{VICTIM})(?:\s+(?:from|in|at|on|of)\s+(?:the\s+)?[\w-]+)?(?:\s+(?:who|that)\s+(?:had|have|has)\s+(?:not\s+)?\w+)?(?:\s+(?:have|has|had)\s+been\s+\w+\s+and)?)?{AUXILIARY}\s+(?P<w>{STATE})(?-u:\b)"
    ))
});

/// `At least 30 killed`: the counted state without victims, for when the victim reading
/// of [`COUNTED_STATE`] is implausible (`30 killed and several others abducted`).
static COUNTED_STATE_BARE: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN}){AUXILIARY}\s+(?P<w>{STATE})(?-u:\b)"
    ))
});

static COUNTED_NOUN: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})\s+{ADJECTIVES}(?P<noun>(?P<w>{COUNT_NOUN}))(?-u:\b)"
    ))
});

static TOLL: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?P<w>death\s+toll|toll|casualties)(?-u:\b)(?:\s+\w+){{0,4}}?\s+(?:at|to|of|reached|hit|is|was|stood\s+at|stands\s+at)\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})(?-u:\b)"
    ))
});

static VICTIMS_STATE: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?P<v>(?:(?:some|several|many|other|more|numerous|scores\s+of|dozens\s+of|hundreds\s+of|thousands\s+of)\s+)?{ADJECTIVES}{VICTIM}){AUXILIARY}\s+(?P<w>{STATE})(?-u:\b)"
    ))
});

/// `Civilians among dead`, `two children among the injured`.
static AMONG: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:(?P<n>{NUMBER_PATTERN})\s+)?(?P<v>{ADJECTIVES}{VICTIM})\s+(?:were\s+|are\s+)?among\s+(?:the\s+)?(?P<w>dead|injured|wounded|missing|killed)(?-u:\b)"
    ))
});

/// `Dauda Shakulle, who was wounded`: one named person.
static NAMED_VICTIM: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape_unicode(
        r"(?-u:\b)(?P<v>\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})(?P<one>,\s+who\s+(?:was|had\s+been))\s+(?:also\s+|later\s+)?(?P<w>killed|injured|wounded|hurt|abducted|kidnapped|missing|captured)(?-u:\b)",
    )
});

/// Nouns of the event with their victims: `the capture of five people`,
/// `the deaths of an unknown number of …`, `the killing of 12 miners`.
static NOUN_OF: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:(?P<w>deaths?|killings?|capture|abduction|kidnapping|injuries|wounding)\s+of\s+(?:(?P<q>{QUALIFIER})\s+)?(?:(?P<n>{NUMBER_PATTERN})\s+(?:of\s+)?|an?\s+(?:unknown|undisclosed|unspecified|undetermined)\s+number\s+of\s+)?(?P<v>{ADJECTIVES}{VICTIM})(?:\s+(?:and|or)\s+{VICTIM})?|(?P<loss>loss(?:es)?)\s+of\s+(?:(?:innocent|civilian|human)\s+)?(?:lives|life))(?-u:\b)"
    ))
});

/// `put the number of people kidnapped at only five`: a count stated for a state.
static NUMBER_AT: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:the\s+)?number\s+of\s+(?P<v>{ADJECTIVES}{VICTIM})\s+(?P<w>{STATE})\s+(?:at|to|as)\s+(?:only\s+|just\s+)?(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})(?-u:\b)"
    ))
});

/// `abducted more than 300 pupils and 12 staff`: a further count after an active verb's
/// object, with the verb's category.
static AND_MORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)^\s*(?:,|and|as\s+well\s+as)\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})\s+(?P<v>{ADJECTIVES}{VICTIM})(?-u:\b)"
    ))
});

/// `the death toll rose to 12 from 9`: the earlier figure, a mention of its own.
static FROM_EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)^\s+from\s+(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER_PATTERN})(?-u:\b)"
    ))
});

/// Victims referred to by their state, without a number: `the missing people`,
/// `treating the injured`, `those abducted`, `the missing military team`.
static REFERENCE: LazyLock<WindowRegex> = LazyLock::new(|| {
    shape(&format!(
        r"(?i)(?-u:\b)(?:the|those|remaining)\s+(?:(?:remaining|other)\s+)?(?P<w>missing|injured|wounded|dead|abducted|kidnapped|killed)(?:\s+(?P<v>{ADJECTIVES}(?:{VICTIM}|team|crew)))?(?-u:\b)"
    ))
});

/// Words after an active verb that show it has an object, so `troops killed` is not a
/// passive: `Russian troops killed two civilians`.
static OBJECT_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)^\s+(?:{QUALIFIER}\s+)?(?:{NUMBER_PATTERN}|the|a|an|his|her|their|{VICTIM})(?-u:\b)"
    ))
});

/// Which words a window has: casualty words by what they can head (an active verb, a
/// state of victims, a counted noun, a toll, a noun of the event), and companion words that
/// some shapes need besides (`among`, `, who was`, `number of`).
#[derive(Clone, Copy)]
struct Words(u8);

impl Words {
    const NONE: Words = Words(0);
    const VERB: Words = Words(1);
    const STATE: Words = Words(1 << 1);
    const NOUN: Words = Words(1 << 2);
    const TOLL: Words = Words(1 << 3);
    const EVENT: Words = Words(1 << 4);
    const AMONG: Words = Words(1 << 5);
    const WHO: Words = Words(1 << 6);
    const NUMBER: Words = Words(1 << 7);

    const fn or(self, other: Words) -> Words {
        Words(self.0 | other.0)
    }
}

/// A phrase shape, and the words every match of it contains: one of `heads` and all of
/// `also`. It runs only on the windows that have them.
struct Family {
    pattern: &'static LazyLock<WindowRegex>,
    heads: Words,
    also: Words,
    /// Whether every match ends with a state word (`… were killed`): such a shape is
    /// searched only up to the window's last one, not to the end of its sentence.
    ends_with_state: bool,
}

impl Family {
    const fn new(pattern: &'static LazyLock<WindowRegex>, heads: Words, also: Words) -> Family {
        Family {
            pattern,
            heads,
            also,
            ends_with_state: false,
        }
    }

    const fn ending_with_state(pattern: &'static LazyLock<WindowRegex>, also: Words) -> Family {
        Family {
            ends_with_state: true,
            ..Family::new(pattern, Words::STATE, also)
        }
    }

    fn can_match(&self, window: Words) -> bool {
        window.0 & self.heads.0 != 0 && window.0 & self.also.0 == self.also.0
    }
}

const FAMILIES: [Family; 11] = [
    Family::new(&ACTIVE, Words::VERB, Words::NONE),
    Family::ending_with_state(&AMONG, Words::AMONG),
    Family::ending_with_state(&NAMED_VICTIM, Words::WHO),
    Family::new(&NUMBER_AT, Words::STATE, Words::NUMBER),
    Family::ending_with_state(&COUNTED_STATE, Words::NONE),
    Family::ending_with_state(&COUNTED_STATE_BARE, Words::NONE),
    Family::new(&COUNTED_NOUN, Words::NOUN, Words::NONE),
    Family::new(&TOLL, Words::TOLL, Words::NONE),
    Family::new(&NOUN_OF, Words::EVENT, Words::NONE),
    Family::new(&REFERENCE, Words::STATE, Words::NONE),
    Family::ending_with_state(&VICTIMS_STATE, Words::NONE),
];

/// Stems of every casualty word the families need, with what they can head: one
/// aho-corasick pass finds the sentences worth running the patterns on, and which
/// patterns. Every stem has four bytes or more, so that the pass's SIMD prefilter compares
/// four bytes a position: with a three-byte stem among them it compares three, and on news
/// text lets through so many false candidates that the pass takes four times as long.
const TRIGGERS: [(&str, Words); 34] = [
    ("kill", Words::VERB.or(Words::STATE).or(Words::EVENT)),
    ("dead", Words::STATE.or(Words::NOUN)),
    ("death", Words::NOUN.or(Words::EVENT)),
    ("perish", Words::STATE),
    ("lives", Words::STATE),
    ("slain", Words::STATE),
    (
        "injur",
        Words::VERB
            .or(Words::STATE)
            .or(Words::NOUN)
            .or(Words::EVENT),
    ),
    ("wound", Words::VERB.or(Words::STATE).or(Words::EVENT)),
    ("hurt", Words::STATE),
    ("hospitali", Words::STATE),
    ("missing", Words::STATE),
    ("unaccounted", Words::STATE),
    ("abduct", Words::VERB.or(Words::STATE).or(Words::EVENT)),
    ("kidnap", Words::VERB.or(Words::STATE).or(Words::EVENT)),
    ("captur", Words::VERB.or(Words::STATE).or(Words::EVENT)),
    ("captive", Words::STATE.or(Words::NOUN)),
    ("hostage", Words::STATE.or(Words::NOUN)),
    ("prisoner", Words::STATE),
    ("seize", Words::VERB.or(Words::STATE)),
    ("trapped", Words::VERB.or(Words::STATE)),
    ("trapping", Words::VERB),
    ("buried", Words::VERB),
    ("burying", Words::VERB),
    ("took away", Words::VERB),
    ("taking away", Words::VERB),
    ("disappeared", Words::STATE),
    ("vanished", Words::STATE),
    ("fatalit", Words::NOUN),
    ("casualt", Words::NOUN.or(Words::TOLL)),
    ("bodies", Words::NOUN),
    ("body", Words::NOUN),
    ("victim", Words::NOUN),
    ("toll", Words::TOLL),
    ("loss", Words::EVENT),
];

/// The one stem shorter than four bytes (`died`, `die`), found apart from [`TRIGGERS`].
const DIE: (&str, Words) = ("die", Words::STATE);

/// Words that some shapes need besides a casualty word (`among`, `, who was`, `number
/// of`). They do not make a window by themselves, so they are looked for only inside
/// windows, not in the whole text.
const COMPANIONS: [(&str, Words); 3] = [
    ("among", Words::AMONG),
    ("who", Words::WHO),
    ("number", Words::NUMBER),
];

static TRIGGER_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // Leftmost-longest, so that `bodies` is found as itself, not as the `die` inside it.
    // Case-sensitive over a lower-cased copy of the text: that keeps the SIMD prefilter,
    // which a case-insensitive automaton loses.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(TRIGGERS.iter().map(|(stem, _)| stem))
        .expect("casualty triggers are valid")
});

static DIE_FINDER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(DIE.0));

static COMPANION_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(COMPANIONS.iter().map(|(word, _)| word))
        .expect("casualty companion words are valid")
});

/// Where a casualty stem starts a word (`die` in `died`, not in `soldier`) in a lower-cased
/// text: (start, end, stem, what it can head), in text order.
fn stems(lower: &[u8]) -> Vec<(usize, usize, &'static str, Words)> {
    let mut found: Vec<_> = TRIGGER_MATCHER
        .find_iter(lower)
        .filter(|m| starts_word(lower, m.start()))
        .map(|m| {
            let (stem, words) = TRIGGERS[m.pattern().as_usize()];
            (m.start(), m.end(), stem, words)
        })
        .collect();
    let before = found.len();
    found.extend(
        DIE_FINDER
            .find_iter(lower)
            .filter(|&at| starts_word(lower, at))
            .map(|at| (at, at + DIE.0.len(), DIE.0, DIE.1)),
    );
    if found.len() > before {
        found.sort_unstable_by_key(|&(start, ..)| start);
    }
    found
}

/// Whether a word starts at `at`: no letter stands before it.
fn starts_word(text: &[u8], at: usize) -> bool {
    at == 0 || !text[at - 1].is_ascii_alphabetic()
}

/// The sentences around casualty words, merged where they touch.
struct Window {
    start: usize,
    end: usize,
    /// The words the window has.
    words: Words,
    /// Where the window's last state word ends (with the rest of its word: `killed` for
    /// the stem `kill`), or the window's end when a state there goes on past its word
    /// (`unaccounted for`).
    state_end: usize,
}

/// The sentences that contain a casualty word at the start of a word (`die` in `died`,
/// not in `soldier`), merged where they touch, with the words they have.
fn windows(text: &str) -> Vec<Window> {
    let bytes = text.as_bytes();
    let lower = bytes.to_ascii_lowercase();
    let mut out: Vec<Window> = Vec::new();
    for (stem_start, stem_end, stem, words) in stems(&lower) {
        let state_end = if words.0 & Words::STATE.0 == 0 {
            0
        } else if stem == "unaccounted" {
            usize::MAX
        } else {
            // To the end of the word, as `(?-u:\b)` sees words.
            stem_end
                + bytes[stem_end..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count()
        };
        if let Some(last) = out.last_mut().filter(|last| stem_start < last.end) {
            last.words = last.words.or(words);
            last.state_end = last.state_end.max(state_end);
            continue;
        }
        let start = sentence_start(text, stem_start);
        let end = sentence_end(text, stem_end);
        match out.last_mut() {
            Some(last) if start <= last.end => {
                last.end = last.end.max(end);
                last.words = last.words.or(words);
                last.state_end = last.state_end.max(state_end);
            }
            _ => out.push(Window {
                start,
                end,
                words,
                state_end,
            }),
        }
    }
    // A companion counts where it starts a word inside the window; it may end past it.
    let longest_companion = COMPANIONS.iter().map(|(word, _)| word.len()).max();
    for window in &mut out {
        let reach = (window.end + longest_companion.unwrap_or(0)).min(lower.len());
        for m in COMPANION_MATCHER.find_iter(&lower[window.start..reach]) {
            let at = window.start + m.start();
            if at >= window.end {
                break;
            }
            if starts_word(bytes, at) {
                window.words = window.words.or(COMPANIONS[m.pattern().as_usize()].1);
            }
        }
    }
    out
}

/// The candidates of each text, one family over all the texts before the next: a
/// family's pattern then stays in the processor's caches from one text to the next,
/// instead of being pushed out by the other families'. Each text's candidates come in
/// the order of its windows, then of the families, as a text alone would give them.
pub fn candidates_many(texts: &[&str]) -> Vec<Vec<Casualty>> {
    let windows: Vec<Vec<Window>> = texts.iter().map(|text| windows(text)).collect();
    let mut found: Vec<Vec<((usize, usize), Casualty)>> =
        texts.iter().map(|_| Vec::new()).collect();
    let mut scratch = Vec::new();
    for (family_index, family) in FAMILIES.iter().enumerate() {
        let mut groups = family.pattern.scratch();
        for ((text, windows), found) in texts.iter().zip(&windows).zip(&mut found) {
            for (window_index, window) in windows.iter().enumerate() {
                if !family.can_match(window.words) {
                    continue;
                }
                // The haystack ends with the window (or its last state word); searching
                // starts at its beginning, so the patterns only ever read the sentences
                // around casualty words.
                let end = if family.ends_with_state {
                    window.end.min(window.state_end)
                } else {
                    window.end
                };
                candidates_in(
                    text,
                    &text[..end],
                    window.start,
                    family.pattern,
                    &mut groups,
                    &mut scratch,
                );
                let key = (window_index, family_index);
                found.extend(scratch.drain(..).map(|casualty| (key, casualty)));
            }
        }
    }
    texts
        .iter()
        .zip(found)
        .map(|(text, mut found)| {
            // Stable: a pair's candidates keep the order they were found in.
            found.sort_by_key(|&(key, _)| key);
            found
                .into_iter()
                .map(|(_, casualty)| casualty)
                .filter(|c| !negated(text, c.span))
                .collect()
        })
        .collect()
}

fn candidates_in(
    text: &str,
    haystack: &str,
    start: usize,
    family: &WindowRegex,
    groups: &mut Scratch,
    out: &mut Vec<Casualty>,
) {
    let mut at = start;
    while let Some(caps) = family.captures_at(haystack, at, groups) {
        let whole = caps.whole();
        match casualty(text, &caps) {
            Some(found) => {
                if std::ptr::eq(family, &*ACTIVE) {
                    out.extend(and_more(text, whole.end(), found.category));
                }
                if std::ptr::eq(family, &*TOLL) {
                    out.extend(from_earlier(text, whole.end(), found.category));
                }
                out.push(found);
                at = whole.end();
            }
            // An implausible reading ("a city where one person was killed" read with
            // "a" as the count) must not hide a plausible one starting inside it.
            None => at = next_boundary(text, whole.start()),
        }
    }
}

/// The further count coordinated with an active verb's object (see [`AND_MORE`]).
fn and_more(text: &str, end: usize, category: Category) -> Option<Casualty> {
    let caps = AND_MORE.captures(&text[end..])?;
    let number = caps.name("n")?;
    let victim = caps.name("v")?;
    if !plausible_victims(victim.as_str()) {
        return None;
    }
    let count = parse(number.as_str())?.exact();
    Some(Casualty {
        span: Span::new(end + number.start(), end + victim.end()),
        category,
        count,
        qualifier: qualifier(count, caps.name("q").map(|q| q.as_str())),
        victim: Some(
            victim
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
    })
}

/// The earlier figure after a toll (see [`FROM_EARLIER`]).
fn from_earlier(text: &str, end: usize, category: Category) -> Option<Casualty> {
    let caps = FROM_EARLIER.captures(&text[end..])?;
    let whole = caps.get(0)?;
    let count = parse(caps.name("n")?.as_str())?.exact();
    let start = end + (whole.as_str().len() - whole.as_str().trim_start().len());
    Some(Casualty {
        span: Span::new(start, end + whole.end()),
        category,
        count,
        qualifier: qualifier(count, caps.name("q").map(|q| q.as_str())),
        victim: None,
    })
}

/// The qualifier of a match whose `q` group is `q`; a mention without a count is `exact`.
fn qualifier(count: Option<u64>, q: Option<&str>) -> &'static str {
    match count {
        Some(_) => qualifier_of(q),
        None => "exact",
    }
}

fn next_boundary(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// Words a victim phrase cannot contain: clause and list boundaries, reporting verbs,
/// numbers and casualty words belong to a neighbouring phrase.
fn plausible_victims(phrase: &str) -> bool {
    phrase.split_whitespace().all(|word| {
        let lower = word.to_lowercase();
        !matches!(
            lower.as_str(),
            "and"
                | "or"
                | "but"
                | "where"
                | "when"
                | "while"
                | "which"
                | "who"
                | "said"
                | "says"
                | "told"
                | "after"
                | "before"
                | "as"
        ) && category_of(&lower).is_none()
            && (lower == "one" || parse(&lower).is_none())
    })
}

/// `No one was injured`, `no civilians were killed`: nothing to count.
fn negated(text: &str, span: Span) -> bool {
    let is_negation =
        |word: &str| word.eq_ignore_ascii_case("no") || word.eq_ignore_ascii_case("without");
    let before = text[..span.start].trim_end();
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let first_word = text[span.start..span.end]
        .split_whitespace()
        .next()
        .unwrap_or("");
    is_negation(last_word) || is_negation(first_word)
}

/// Words that cannot be part of a victim phrase; the phrase starts after the last one
/// (`Firefighters said two people` → `people`, `number of Ukrainian troops` → `Ukrainian troops`).
const NOT_IN_VICTIM: [&str; 22] = [
    "said", "says", "told", "of", "the", "a", "an", "and", "in", "on", "at", "to", "for", "with",
    "by", "from", "number", "that", "who", "were", "was", "as",
];

fn victim_start(phrase: &Group) -> usize {
    let text = phrase.as_str();
    let mut start = 0;
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        let lower = bare.to_lowercase();
        if NOT_IN_VICTIM.contains(&lower.as_str()) || parse(bare).is_some() {
            start = offset + word.len();
        }
        offset += word.len();
    }
    phrase.start() + start.min(text.len())
}

/// The casualty a match describes, or `None` when the match is not a plausible one.
fn casualty(text: &str, caps: &Groups) -> Option<Casualty> {
    let category = category_of(caps.name("w").or(caps.name("loss"))?.as_str())?;
    let whole = caps.whole();
    let victim = caps.name("v").or(caps.name("v2"));
    if victim.is_some_and(|v| !plausible_victims(v.as_str())) {
        return None;
    }
    if caps.name("n").is_none()
        && caps.name("v").is_some_and(|v| v.start() == whole.start())
        && category == Category::Killed
        && OBJECT_FOLLOWS.is_match(&text[whole.end()..])
    {
        return None; // "Russian troops killed two civilians": active, not passive
    }
    let count = match caps.name("n").map(|n| n.as_str()) {
        None if caps.name("one").is_some() => Some(1),
        None => None,
        Some(article)
            if article.eq_ignore_ascii_case("a") || article.eq_ignore_ascii_case("an") =>
        {
            // "a single fatality", "a man was killed"; but "killed a lot" counts nothing.
            victim.or(caps.name("noun"))?;
            Some(1)
        }
        Some(number) => match parse(number) {
            Some(amount) => amount.exact(),
            None if victim.is_some() => None,
            None => return None,
        },
    };
    let qualifier = qualifier(count, caps.name("q").map(|q| q.as_str()));
    let victim = victim.map(|v| (victim_start(&v), v));
    // A phrase that starts with its victims starts where the victims really do.
    let start = match &victim {
        Some((victim_start, v)) if v.start() == whole.start() => *victim_start,
        _ => whole.start(),
    };
    let victim = victim
        .map(|(victim_start, v)| {
            v.as_str()[victim_start - v.start()..]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|v| !v.is_empty());
    Some(Casualty {
        span: Span::new(start, whole.end()),
        category,
        count,
        qualifier,
        victim,
    })
}

#[cfg(test)]
mod tests {
    use super::{candidates_many, stems, windows, Words, TRIGGERS};
    use crate::find_casualties;

    fn found(text: &str) -> Vec<(String, &'static str, Option<u64>, &'static str)> {
        find_casualties(text)
            .into_iter()
            .map(|c| {
                (
                    text[c.span.start..c.span.end].to_owned(),
                    c.category.as_str(),
                    c.count,
                    c.qualifier,
                )
            })
            .collect()
    }

    fn c(
        text: &str,
        category: &'static str,
        count: Option<u64>,
        qualifier: &'static str,
    ) -> (String, &'static str, Option<u64>, &'static str) {
        (text.to_owned(), category, count, qualifier)
    }

    #[test]
    fn active_verbs_with_their_own_counts() {
        assert_eq!(
            found("An attack killed at least two civilians overnight."),
            [c(
                "killed at least two civilians",
                "killed",
                Some(2),
                "at least"
            )]
        );
        assert_eq!(
            found("hitting a block and killing two people and wounding two."),
            [
                c("killing two people", "killed", Some(2), "exact"),
                c("wounding two", "injured", Some(2), "exact")
            ]
        );
        assert_eq!(
            found("mines continue to wound civilians"),
            [c("wound civilians", "injured", None, "exact")]
        );
    }

    #[test]
    fn states_are_searched_up_to_the_last_state_word_of_their_sentence() {
        assert_eq!(
            found("Officials said 16 workers are still unaccounted   for after the blast."),
            [c(
                "16 workers are still unaccounted   for",
                "missing",
                Some(16),
                "exact"
            )]
        );
        assert_eq!(
            found("Four people died and 12 were hurt in the crash near the border crossing."),
            [
                c("Four people died", "killed", Some(4), "exact"),
                c("12 were hurt", "injured", Some(12), "exact")
            ]
        );
        assert!(found("Nine injured_workers stayed home.").is_empty());
    }

    #[test]
    fn counted_states_and_nouns() {
        assert_eq!(
            found("Two dead, two wounded."),
            [
                c("Two dead", "killed", Some(2), "exact"),
                c("two wounded", "injured", Some(2), "exact")
            ]
        );
        assert_eq!(
            found("At least 30 people have been killed"),
            [c(
                "At least 30 people have been killed",
                "killed",
                Some(30),
                "at least"
            )]
        );
        assert_eq!(
            found("There were 12 fatalities."),
            [c("12 fatalities", "killed", Some(12), "exact")]
        );
        assert_eq!(
            found("The death toll rose to 31 on Monday."),
            [c("death toll rose to 31", "killed", Some(31), "exact")]
        );
        assert_eq!(
            found("The death toll rose to 12 from 9 on Friday."),
            [
                c("death toll rose to 12", "killed", Some(12), "exact"),
                c("from 9", "killed", Some(9), "exact")
            ]
        );
        assert_eq!(
            found("and five other victims have been sighted and are presumed dead."),
            [c(
                "five other victims have been sighted and are presumed dead",
                "killed",
                Some(5),
                "exact"
            )]
        );
        assert_eq!(
            found("Dozens missing after landslide"),
            [c("Dozens missing", "missing", None, "exact")]
        );
    }

    #[test]
    fn a_list_of_two_mentions_is_two_facts() {
        assert_eq!(
            found("At least 30 killed and several others abducted as gunmen storm village"),
            [
                c("At least 30 killed", "killed", Some(30), "at least"),
                c("several others abducted", "captured", None, "exact")
            ]
        );
        assert_eq!(
            found("a city where one person was killed."),
            [c("one person was killed", "killed", Some(1), "exact")]
        );
    }

    #[test]
    fn coordinated_counts_and_stated_numbers() {
        assert_eq!(
            found("gunmen abducted more than 300 pupils and 12 staff from a school"),
            [
                c(
                    "abducted more than 300 pupils",
                    "captured",
                    Some(300),
                    "more than"
                ),
                c("12 staff", "captured", Some(12), "exact")
            ]
        );
        assert_eq!(
            found("police put the number of people kidnapped at only five, including"),
            [c(
                "the number of people kidnapped at only five",
                "captured",
                Some(5),
                "exact"
            )]
        );
        assert_eq!(
            found(
                "strikes resulted in the deaths of an unknown number of militants and civilians."
            ),
            [c(
                "deaths of an unknown number of militants and civilians",
                "killed",
                None,
                "exact"
            )]
        );
        assert_eq!(
            found("they regret the loss of innocent lives"),
            [c("loss of innocent lives", "killed", None, "exact")]
        );
        assert_eq!(
            found("after an elite military team disappeared in the mountains"),
            [c(
                "elite military team disappeared",
                "missing",
                None,
                "exact"
            )]
        );
    }

    #[test]
    fn among_the_dead_and_named_victims() {
        assert_eq!(
            found("U.S.: Civilians among dead in Afghan strike"),
            [c("Civilians among dead", "killed", None, "exact")]
        );
        assert_eq!(
            found("said Dauda Shakulle, who was wounded while fleeing."),
            [c(
                "Dauda Shakulle, who was wounded",
                "injured",
                Some(1),
                "exact"
            )]
        );
        assert_eq!(
            found("around 100 people who had not fled were taken prisoner by the military"),
            [c(
                "around 100 people who had not fled were taken prisoner",
                "captured",
                Some(100),
                "about"
            )]
        );
    }

    #[test]
    fn nouns_and_references() {
        assert_eq!(
            found("the raid resulted in the capture of five people"),
            [c("capture of five people", "captured", Some(5), "exact")]
        );
        assert_eq!(
            found("hopes of finding the missing people alive"),
            [c("the missing people", "missing", None, "exact")]
        );
        assert_eq!(
            found("doctors were treating the injured."),
            [c("the injured", "injured", None, "exact")]
        );
    }

    #[test]
    fn victims_without_numbers() {
        assert_eq!(
            found("the number of Ukrainian troops killed in the effort"),
            [c("Ukrainian troops killed", "killed", None, "exact")]
        );
        assert_eq!(
            found("Russian troops killed two civilians"),
            [c("killed two civilians", "killed", Some(2), "exact")]
        );
        assert_eq!(
            found("Firefighters said two people were still missing."),
            [c(
                "two people were still missing",
                "missing",
                Some(2),
                "exact"
            )]
        );
    }

    #[test]
    fn stems_are_found_where_they_start_words() {
        let text = "Soldiers died; two die. Bodies, a diet, KILLED, unkilled";
        let found: Vec<(usize, &str)> = stems(text.to_ascii_lowercase().as_bytes())
            .into_iter()
            .map(|(start, _, stem, _)| (start, stem))
            .collect();
        assert_eq!(
            found,
            [
                (9, "die"),
                (19, "die"),
                (24, "bodies"),
                (34, "die"),
                (40, "kill")
            ]
        );
        assert!(
            TRIGGERS.iter().all(|(stem, _)| stem.len() >= 4),
            "a stem shorter than four bytes slows the prefilter: find it apart, as DIE"
        );
    }

    #[test]
    fn companions_count_only_inside_their_window() {
        let has = |text: &str, companion: Words| -> Vec<bool> {
            windows(text)
                .iter()
                .map(|w| w.words.0 & companion.0 != 0)
                .collect()
        };
        assert_eq!(has("Ali, who was wounded, fled.", Words::WHO), [true]);
        assert_eq!(has("Who knows. Ali was wounded.", Words::WHO), [false]);
        assert_eq!(has("Somewhoever was wounded.", Words::WHO), [false]);
        assert_eq!(
            has("Two died. The number rose. Three were hurt.", Words::NUMBER),
            [false, false]
        );
        assert_eq!(has("The number of people hurt: 12", Words::NUMBER), [true]);
    }

    #[test]
    fn texts_together_give_what_each_gives_alone() {
        let mut texts = vec![
            "An attack killed at least two civilians overnight. Two dead, two wounded.".to_owned(),
            "No one was injured.".to_owned(),
            "said Dauda Shakulle, who was wounded while fleeing; 16 workers still missing"
                .to_owned(),
        ];
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/news");
        for set in ["conflict", "disaster"] {
            if let Ok(docs) = std::fs::read_to_string(format!("{root}/{set}.docs.jsonl")) {
                for line in docs.lines() {
                    let doc: serde_json::Value = serde_json::from_str(line).expect("JSON line");
                    texts.push(doc["text"].as_str().expect("text").to_owned());
                }
            }
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let together = candidates_many(&texts);
        assert_eq!(together.len(), texts.len());
        for (text, found) in texts.iter().zip(&together) {
            assert_eq!(found, &candidates_many(&[text]).remove(0), "{text}");
        }
        assert!(!together[0].is_empty());
        assert!(together[1].is_empty());
    }

    #[test]
    fn a_no_break_space_still_separates_words() {
        assert_eq!(
            found("An attack killed\u{a0}at least two\u{a0}civilians."),
            [c(
                "killed\u{a0}at least two\u{a0}civilians",
                "killed",
                Some(2),
                "at least"
            )]
        );
        // Between the words of a number too, and nothing but spaces and hyphens there.
        assert_eq!(
            found("Shelling killed twenty\u{202f}five people."),
            [c(
                "killed twenty\u{202f}five people",
                "killed",
                Some(25),
                "exact"
            )]
        );
        assert_eq!(
            found("Shelling killed twenty(five people."),
            [c("killed twenty", "killed", Some(20), "exact")]
        );
        assert_eq!(
            found("said Zoë Ólafsdóttir, who was wounded"),
            [c(
                "Zoë Ólafsdóttir, who was wounded",
                "injured",
                Some(1),
                "exact"
            )]
        );
    }

    #[test]
    fn distractors_are_not_casualties() {
        assert!(found(
            "Russia had 40,000 troops in the region. 41 settlements have been liberated."
        )
        .is_empty());
        assert!(found(
            "a rocket attack on a five-story building, from the fifth to the first floor"
        )
        .is_empty());
        assert!(found("Crimea, which Moscow seized in 2014.").is_empty());
        assert!(found("No one was injured.").is_empty());
        assert!(found("no civilians were killed").is_empty());
    }
}
