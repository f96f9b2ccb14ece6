//! Where a rule can match. Every match of a rule contains one of its trigger words (a month
//! name, a unit, a clock marker…); one pass over the text finds them all (looking words up
//! only where one can start), and each rule's regex then runs only on windows around its
//! own triggers instead of over the whole text. Rules stay what they were; this only
//! decides where they look.
//!
//! The invariant a rule's author must keep: every string the rule's regex can match
//! contains one of the trigger words of the groups it names, no further than its reach
//! from the match start and end ([`BEFORE`] and [`AFTER`] bytes, unless the rule narrows
//! them with [`Rule::reaching`]); and, for a rule with companions, one word of those groups
//! inside that window too (`ago`, `last`). Tests compare windowed and whole-text results
//! on the development data.

use std::sync::LazyLock;

use quarry_text::{ceil_char_boundary, floor_char_boundary, WindowRegex};

use super::words::{word_starts, WordList};
pub use quarry_text::{Group, Groups};
use Shape::{AfterNumber, BetweenDigits, Capitalized, Inside, Word, Year};

/// A rule's regex, compiled on first use, with the trigger groups one of whose words every
/// match contains, and the companion groups one of whose words every match contains too.
pub struct Rule {
    regex: LazyLock<WindowRegex>,
    triggers: Triggers,
    companions: Triggers,
    /// How far before its first trigger word a match may start, and after its last end.
    before: usize,
    after: usize,
}

impl Rule {
    pub const fn new(triggers: Triggers, compile: fn() -> WindowRegex) -> Rule {
        Rule::with_companions(triggers, Triggers(0), compile)
    }

    /// A rule that needs a companion word besides its trigger (`ago` after `two years`):
    /// it runs only on the windows around its triggers that have one.
    pub const fn with_companions(
        triggers: Triggers,
        companions: Triggers,
        compile: fn() -> WindowRegex,
    ) -> Rule {
        Rule {
            regex: LazyLock::new(compile),
            triggers,
            companions,
            before: BEFORE,
            after: AFTER,
        }
    }

    /// The rule with a shorter reach than [`BEFORE`] and [`AFTER`], for a rule whose
    /// words before and after its trigger are few (`this coming` before a weekday,
    /// nothing after it). Each window's bytes cost a step of the automaton, searched or
    /// not, and the rules that run most often have the shortest contexts.
    pub const fn reaching(mut self, before: usize, after: usize) -> Rule {
        self.before = before;
        self.after = after;
        self
    }
}

/// A set of trigger groups, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Triggers(u32);

impl Triggers {
    pub const fn or(self, other: Triggers) -> Triggers {
        Triggers(self.0 | other.0)
    }

    const fn has(self, other: Triggers) -> bool {
        self.0 & other.0 != 0
    }
}

/// Month names and abbreviations; capitalized only, as the rules write them.
pub const MONTHS: Triggers = Triggers(1);
/// Weekday names; capitalized only.
pub const WEEKDAYS: Triggers = Triggers(1 << 1);
/// Each unit of time, singular or plural, alone or starting a word (`weekly`, `yearly`),
/// so that a rule about some units looks only around those.
pub mod unit {
    use super::Triggers;

    pub const SECOND: Triggers = Triggers(1 << 10);
    pub const MINUTE: Triggers = Triggers(1 << 11);
    pub const HOUR: Triggers = Triggers(1 << 12);
    pub const DAY: Triggers = Triggers(1 << 13);
    pub const WEEK: Triggers = Triggers(1 << 14);
    pub const FORTNIGHT: Triggers = Triggers(1 << 15);
    pub const MONTH: Triggers = Triggers(1 << 16);
    pub const QUARTER: Triggers = Triggers(1 << 17);
    pub const YEAR: Triggers = Triggers(1 << 18);
    pub const DECADE: Triggers = Triggers(1 << 19);
    pub const CENTURY: Triggers = Triggers(1 << 20);
}

/// Any unit of time.
pub const UNITS: Triggers = unit::SECOND
    .or(unit::MINUTE)
    .or(unit::HOUR)
    .or(unit::DAY)
    .or(unit::WEEK)
    .or(unit::FORTNIGHT)
    .or(unit::MONTH)
    .or(unit::QUARTER)
    .or(unit::YEAR)
    .or(unit::DECADE)
    .or(unit::CENTURY);
/// Four-digit years (1500–2099) and decades (`1990s`, `'90s`).
pub const YEARS: Triggers = Triggers(1 << 3);
/// Years said in words (`nineteen ninety-six`).
pub const SPOKEN_YEARS: Triggers = Triggers(1 << 4);
pub const SEASONS: Triggers = Triggers(1 << 5);
/// `today`, `now`, `recently`, `the past`…
pub const DEICTIC_WORDS: Triggers = Triggers(1 << 6);
/// `a.m.`, `pm`, `14:30`, `noon`, `midnight`.
pub const CLOCK_MARKS: Triggers = Triggers(1 << 7);
/// `morning`, `evening`, `night`…
pub const PARTS_OF_DAY: Triggers = Triggers(1 << 8);
/// `nightly`, `daily`, `weekly`, `every`, `each`…
pub const RECURRENCE: Triggers = Triggers(1 << 9);
/// What places a count of units before or after now: `ago`, `earlier`, `later`, `before`,
/// `hence`, `from now`.
pub const OFFSET_WORDS: Triggers = Triggers(1 << 22);
/// What moves from now or from the story's time by a unit: `last`, `next`, `past`,
/// `coming`, `previous`, `following`, `prior`.
pub const DIRECTION_WORDS: Triggers = Triggers(1 << 23);
/// What points at the unit of now or of the story's time: `this`, `that`, `same`,
/// `current`.
pub const DEMONSTRATIVES: Triggers = Triggers(1 << 29);
/// `year-earlier`, `year-ago`, `year-before`.
pub const YEAR_AGO_WORDS: Triggers = Triggers(1 << 24);
/// Decades: `0s` in `1990s`, `'80s`, `1960's`; `nineties`.
pub const DECADES: Triggers = Triggers(1 << 25);
/// A year followed by a hyphen, as ISO dates begin (`2022-11-11`).
pub const HYPHENATED_YEARS: Triggers = Triggers(1 << 26);
/// `period`, as reports name a quarter (`the 1988 period`).
pub const PERIODS: Triggers = Triggers(1 << 27);
/// Units in the plural (`days`, `years`), which alone make a vague length.
pub const PLURAL_UNITS: Triggers = Triggers(1 << 28);
/// Names of holidays: `Thanksgiving`, `Christmas`, `Election Day`…
pub const HOLIDAYS: Triggers = Triggers(1 << 21);

/// How far before its trigger word a match may start, and after it end. The longest rule
/// matches in the TempEval-3 training data reach 24 bytes before their first trigger and
/// 22 after their last; these bounds leave room for longer modifiers and spacing.
pub const BEFORE: usize = 64;
pub const AFTER: usize = 48;

/// Where a trigger word may stand for the rules to match on it: never right after a
/// letter (the rules start their words at a word boundary), and further:
#[derive(Clone, Copy)]
enum Shape {
    /// Any case.
    Word,
    /// With a capital first letter, as the rules write month and weekday names.
    Capitalized,
    /// The first two digits of a four-digit number not inside a longer one.
    Year,
    /// `14:30`: between digits.
    BetweenDigits,
    /// After a number and optional spaces, as `am` and `pm` in `10 am`.
    AfterNumber,
    /// Anywhere, even right after a letter or digit (`'90s`).
    Inside,
}

/// Trigger words (matched ASCII-case-insensitively), their groups and where they count.
const WORDS: &[(&str, Triggers, Shape)] = &[
    ("Jan", MONTHS, Capitalized),
    ("Feb", MONTHS, Capitalized),
    ("Mar", MONTHS, Capitalized),
    ("Apr", MONTHS, Capitalized),
    ("May", MONTHS, Capitalized),
    ("Jun", MONTHS, Capitalized),
    ("Jul", MONTHS, Capitalized),
    ("Aug", MONTHS, Capitalized),
    ("Sep", MONTHS, Capitalized),
    ("Oct", MONTHS, Capitalized),
    ("Nov", MONTHS, Capitalized),
    ("Dec", MONTHS, Capitalized),
    ("Monday", WEEKDAYS, Capitalized),
    ("Tuesday", WEEKDAYS, Capitalized),
    ("Wednesday", WEEKDAYS, Capitalized),
    ("Thursday", WEEKDAYS, Capitalized),
    ("Friday", WEEKDAYS, Capitalized),
    ("Saturday", WEEKDAYS, Capitalized),
    ("Sunday", WEEKDAYS, Capitalized),
    ("second", unit::SECOND, Word),
    ("minute", unit::MINUTE, Word),
    ("minutes", unit::MINUTE.or(PLURAL_UNITS), Word),
    ("hour", unit::HOUR, Word),
    ("hours", unit::HOUR.or(PLURAL_UNITS), Word),
    ("day", unit::DAY, Word),
    ("days", unit::DAY.or(PLURAL_UNITS), Word),
    ("week", unit::WEEK, Word),
    ("weeks", unit::WEEK.or(PLURAL_UNITS), Word),
    ("fortnight", unit::FORTNIGHT, Word),
    ("month", unit::MONTH, Word),
    ("months", unit::MONTH.or(PLURAL_UNITS), Word),
    ("quarter", unit::QUARTER, Word),
    ("year", unit::YEAR, Word),
    ("years", unit::YEAR.or(PLURAL_UNITS), Word),
    ("decade", unit::DECADE, Word),
    ("decades", unit::DECADE.or(PLURAL_UNITS), Word),
    ("centur", unit::CENTURY, Word),
    ("centuries", unit::CENTURY.or(PLURAL_UNITS), Word),
    ("period", PERIODS, Word),
    ("15", YEARS, Year),
    ("16", YEARS, Year),
    ("17", YEARS, Year),
    ("18", YEARS, Year),
    ("19", YEARS, Year),
    ("20", YEARS, Year),
    ("0s", DECADES, Inside),
    ("0's", DECADES, Inside),
    ("twenties", DECADES, Word),
    ("thirties", DECADES, Word),
    ("forties", DECADES, Word),
    ("fifties", DECADES, Word),
    ("sixties", DECADES, Word),
    ("seventies", DECADES, Word),
    ("eighties", DECADES, Word),
    ("nineties", DECADES, Word),
    ("nineteen", SPOKEN_YEARS, Word),
    ("twenty", SPOKEN_YEARS, Word),
    ("summer", SEASONS, Word),
    ("fall", SEASONS, Word),
    ("autumn", SEASONS, Word),
    ("winter", SEASONS, Word),
    ("spring", SEASONS, Word),
    ("today", DEICTIC_WORDS, Word),
    ("yesterday", DEICTIC_WORDS, Word),
    ("tomorrow", DEICTIC_WORDS, Word),
    ("now", DEICTIC_WORDS.or(OFFSET_WORDS), Word),
    ("currently", DEICTIC_WORDS, Word),
    ("current", DEICTIC_WORDS.or(DEMONSTRATIVES), Word),
    ("present", DEICTIC_WORDS, Word),
    ("recently", DEICTIC_WORDS, Word),
    ("lately", DEICTIC_WORDS, Word),
    ("past", DEICTIC_WORDS.or(DIRECTION_WORDS), Word),
    ("future", DEICTIC_WORDS, Word),
    ("term", DEICTIC_WORDS, Word),
    ("ago", OFFSET_WORDS, Word),
    ("earlier", OFFSET_WORDS, Word),
    ("later", OFFSET_WORDS.or(DEICTIC_WORDS), Word),
    ("before", OFFSET_WORDS, Word),
    ("hence", OFFSET_WORDS, Word),
    ("this", DEMONSTRATIVES, Word),
    ("last", DIRECTION_WORDS, Word),
    ("next", DIRECTION_WORDS, Word),
    ("coming", DIRECTION_WORDS, Word),
    ("previous", DIRECTION_WORDS, Word),
    ("following", DIRECTION_WORDS, Word),
    ("that", DEMONSTRATIVES, Word),
    ("same", DEMONSTRATIVES, Word),
    ("prior", DIRECTION_WORDS, Word),
    ("year-earlier", unit::YEAR.or(YEAR_AGO_WORDS), Word),
    ("year-ago", unit::YEAR.or(YEAR_AGO_WORDS), Word),
    ("year-before", unit::YEAR.or(YEAR_AGO_WORDS), Word),
    ("a.m", CLOCK_MARKS, AfterNumber),
    ("p.m", CLOCK_MARKS, AfterNumber),
    ("am", CLOCK_MARKS, AfterNumber),
    ("pm", CLOCK_MARKS, AfterNumber),
    (":", CLOCK_MARKS, BetweenDigits),
    ("noon", CLOCK_MARKS, Word),
    ("midnight", CLOCK_MARKS, Word),
    ("midday", CLOCK_MARKS, Word),
    ("morning", PARTS_OF_DAY, Word),
    ("afternoon", PARTS_OF_DAY, Word),
    ("midmorning", PARTS_OF_DAY, Word),
    ("midafternoon", PARTS_OF_DAY, Word),
    ("evening", PARTS_OF_DAY, Word),
    ("night", PARTS_OF_DAY, Word),
    ("tonight", PARTS_OF_DAY, Word),
    ("overnight", PARTS_OF_DAY, Word),
    ("nightly", RECURRENCE, Word),
    ("daily", RECURRENCE, Word),
    ("hourly", RECURRENCE, Word),
    ("weekly", RECURRENCE, Word),
    ("monthly", RECURRENCE, Word),
    ("quarterly", RECURRENCE, Word),
    ("yearly", RECURRENCE, Word),
    ("annually", RECURRENCE, Word),
    ("every", RECURRENCE, Word),
    ("each", RECURRENCE, Word),
    ("Thanksgiving", HOLIDAYS, Capitalized),
    ("Christmas", HOLIDAYS, Capitalized),
    ("New Year", HOLIDAYS, Capitalized),
    ("Easter", HOLIDAYS, Capitalized),
    ("Election Day", HOLIDAYS, Capitalized),
    ("Memorial Day", HOLIDAYS, Capitalized),
    ("Veterans", HOLIDAYS, Capitalized),
    ("Halloween", HOLIDAYS, Capitalized),
    ("Valentine", HOLIDAYS, Capitalized),
];

/// The trigger words, for looking up the longest one at a position.
static LIST: LazyLock<WordList> = LazyLock::new(|| WordList::new(WORDS.iter().map(|w| w.0)));

/// The trigger words found in one text.
pub struct Scan<'t> {
    text: &'t str,
    /// (start, end, groups) of each trigger word, in text order.
    hits: Vec<(usize, usize, Triggers)>,
}

impl<'t> Scan<'t> {
    /// Finds the trigger words as a leftmost-longest search would, keeping those that
    /// stand right: from each position, the longest word there counts if it stands right,
    /// and the search goes on after it. Only two kinds of position can start a word that
    /// stands right (a test checks): a letter not after a letter, and a digit or colon.
    /// Only those are looked up ([`word_starts`]).
    pub fn new(text: &'t str) -> Scan<'t> {
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        // Where the search goes on: nothing inside a word already found starts another.
        let mut resume = 0;
        for at in word_starts(bytes) {
            if at < resume {
                continue;
            }
            let Some(index) = LIST.longest_at(bytes, at) else {
                continue;
            };
            let (word, mut groups, shape) = WORDS[index];
            let end = at + word.len();
            if stands_right(bytes, at, end, shape) {
                if matches!(shape, Year) && bytes.get(end + 2) == Some(&b'-') {
                    groups = groups.or(HYPHENATED_YEARS);
                }
                hits.push((at, end, groups));
                resume = end;
            }
        }
        Scan { text, hits }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The matches of `rule` in the text, as `captures_iter` over the whole text would
    /// give them, searched for only around the rule's triggers.
    pub fn captures<'s>(&'s self, rule: &'s Rule) -> impl Iterator<Item = Groups<'s, 's>> + 's {
        let regex = &*rule.regex;
        // One scratch for all of the rule's matches in this text, made when the rule has a
        // window to search.
        let mut scratch = None;
        self.search(rule, move |haystack, at| {
            let scratch = scratch.get_or_insert_with(|| regex.scratch());
            let groups = regex.captures_at(haystack, at, scratch)?;
            let end = groups.whole().end();
            Some((groups, end))
        })
    }

    /// As [`Scan::captures`], for rules that need only the whole match.
    pub fn find<'s>(&'s self, rule: &'s Rule) -> impl Iterator<Item = Group<'s>> + 's {
        let regex = &*rule.regex;
        self.search(rule, move |haystack, at| {
            let found = regex.find_at(haystack, at)?;
            Some((found, found.end()))
        })
    }

    /// Runs `search(haystack, from)` repeatedly over each window, where the haystack is
    /// the text up to the window's end (so that look-behind sees the real text before).
    fn search<'s, T: 's>(
        &'s self,
        rule: &Rule,
        mut search: impl FnMut(&'s str, usize) -> Option<(T, usize)> + 's,
    ) -> impl Iterator<Item = T> + 's {
        let text: &'s str = self.text;
        let (triggers, companions) = (rule.triggers, rule.companions);
        let mut windows = self
            .windows(triggers, rule.before, rule.after)
            .filter(move |&(start, end)| self.has_hit(companions, start, end));
        let mut current: Option<(usize, &'s str)> = None;
        let mut done_to = 0;
        std::iter::from_fn(move || loop {
            if let Some((at, haystack)) = current {
                if let Some((found, end)) = search(haystack, at) {
                    // An empty match must not be found again at the same place.
                    let next = if end > at {
                        end
                    } else {
                        ceil_char_boundary(text, at + 1)
                    };
                    // Every match contains a trigger word of its rule: with none left
                    // after this match, the rest of the window holds no other match, and
                    // searching it (most often in vain) is saved.
                    current = (next <= haystack.len()
                        && self.has_hit(triggers, next, haystack.len()))
                    .then_some((next, haystack));
                    done_to = end;
                    return Some(found);
                }
            }
            let (start, end) = windows.next()?;
            let at = start.max(done_to);
            current = (at < end).then(|| (at, &text[..end]));
        })
    }

    /// Whether a word of `groups` stands inside `start..end` (always, for no groups).
    fn has_hit(&self, groups: Triggers, start: usize, end: usize) -> bool {
        if groups.0 == 0 {
            return true;
        }
        let first = self
            .hits
            .partition_point(|&(hit_start, _, _)| hit_start < start);
        self.hits[first..]
            .iter()
            .take_while(|&&(_, hit_end, _)| hit_end <= end)
            .any(|(_, _, g)| g.has(groups))
    }

    /// Merged windows from `before` bytes before the hits of `groups` to `after` bytes
    /// after them, on character boundaries.
    fn windows(
        &self,
        groups: Triggers,
        before: usize,
        after: usize,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let text = self.text;
        let mut hits = self
            .hits
            .iter()
            .filter(move |(_, _, g)| g.has(groups))
            .peekable();
        std::iter::from_fn(move || {
            let &(first_start, first_end, _) = hits.next()?;
            let mut end = first_end + after;
            while let Some(&&(start, hit_end, _)) = hits.peek() {
                if start.saturating_sub(before) > end {
                    break;
                }
                end = end.max(hit_end + after);
                hits.next();
            }
            Some((
                floor_char_boundary(text, first_start.saturating_sub(before)),
                ceil_char_boundary(text, end),
            ))
        })
    }
}

fn stands_right(bytes: &[u8], start: usize, end: usize, shape: Shape) -> bool {
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let after = |n: usize| bytes.get(end + n).copied();
    let after_letter = before.is_some_and(|b| b.is_ascii_alphabetic());
    match shape {
        Shape::Word => !after_letter,
        Shape::Capitalized => !after_letter && bytes[start].is_ascii_uppercase(),
        Shape::Year => {
            !before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after(0).is_some_and(|b| b.is_ascii_digit())
                && after(1).is_some_and(|b| b.is_ascii_digit())
                && !after(2).is_some_and(|b| b.is_ascii_digit())
        }
        Shape::BetweenDigits => {
            before.is_some_and(|b| b.is_ascii_digit())
                && after(0).is_some_and(|b| b.is_ascii_digit())
        }
        Shape::AfterNumber => bytes[..start]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(u8::is_ascii_digit),
        Shape::Inside => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with many kinds of expression: the fixture articles, and the TempEval-3
    /// training documents when `../shared` is there.
    fn sample_texts() -> Vec<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut texts: Vec<String> = ["examples/harbour-fire.txt", "examples/port-strike.txt"]
            .iter()
            .map(|name| std::fs::read_to_string(format!("{root}/{name}")).expect("example"))
            .collect();
        texts.push(
            "At 9:30 a.m. EST on Mon., Jan. 3, 1994, the 1990s and '80s, in the 21st century, \
             nineteen ninety-six, early summer of 2001, 2022-11-11, the fiscal first quarter, \
             each month, twice daily, nightly, tonight, Friday evening, two years ago, the past \
             three years, earlier this month, the year-ago period, currently, right NOW, \
             the day before yesterday, midnight, 14:30, the coming weeks, mid-January, May 5."
                .to_owned(),
        );
        // The longest contexts the narrowed rules allow for, with spacing to spare.
        texts.push(
            "At  the  beginning  of  the  following  week, this  coming  Monday, the  most \
             recent  quarter, in  recent  years, the  following  century, through  the \
             beginning  of  September  next  year, the  middle  of  1990, the  year  two \
             thousand, approximately  the  past  twenty-five  and  a  half  years, more  than \
             twenty-five  years  from  now, the  current  administration, on  Wednesday,  September \
             twenty-seventh,  2022, the  25th  of  September."
                .to_owned(),
        );
        if let Ok(docs) =
            std::fs::read_to_string(format!("{root}/../shared/data/timex/train.docs.jsonl"))
        {
            for line in docs.lines() {
                let doc: serde_json::Value = serde_json::from_str(line).expect("JSONL");
                texts.push(doc["text"].as_str().expect("text").to_owned());
            }
        }
        texts
    }

    #[test]
    fn texts_together_give_what_each_gives_alone() {
        let texts = sample_texts();
        let dct = jiff::civil::date(2022, 11, 11);
        let inputs: Vec<(&str, Option<jiff::civil::Date>)> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| (text.as_str(), (i % 2 == 0).then_some(dct)))
            .collect();
        let together = super::super::candidates_many(&inputs);
        assert_eq!(together.len(), inputs.len());
        for ((text, dct), found) in inputs.iter().zip(&together) {
            assert_eq!(found, &super::super::candidates(text, *dct), "{text}");
        }
        assert!(together.iter().any(|found| !found.is_empty()));
    }

    #[test]
    fn windows_find_what_the_whole_text_gives() {
        // The rule's pattern as the `regex` crate runs it over the whole text.
        let plain: Vec<regex::Regex> = super::super::all_rules()
            .iter()
            .map(|rule| regex::Regex::new(rule.regex.as_str()).expect("valid rule"))
            .collect();
        let rules = super::super::all_rules().into_iter().zip(&plain);
        for text in sample_texts() {
            let scan = Scan::new(&text);
            for (index, (rule, plain)) in rules.clone().enumerate() {
                let whole: Vec<_> = plain.find_iter(&text).map(|m| m.range()).collect();
                let windowed: Vec<_> = scan.find(rule).map(|m| m.start()..m.end()).collect();
                assert_eq!(windowed, whole, "rule {index} on {:?}…", &text[..40]);
                let groups = plain.captures_len();
                let whole: Vec<Vec<_>> = plain
                    .captures_iter(&text)
                    .map(|caps| {
                        let names = plain.capture_names();
                        (0..groups)
                            .zip(names)
                            .map(|(i, name)| {
                                let by_index = caps.get(i).map(|m| m.range());
                                let by_name = name.and_then(|n| caps.name(n)).map(|m| m.range());
                                (by_index, by_name)
                            })
                            .collect()
                    })
                    .collect();
                let windowed: Vec<Vec<_>> = scan
                    .captures(rule)
                    .map(|caps| {
                        let names = plain.capture_names();
                        (0..groups)
                            .zip(names)
                            .map(|(i, name)| {
                                let by_index = caps.get(i).map(|m| m.start()..m.end());
                                let by_name =
                                    name.and_then(|n| caps.name(n)).map(|m| m.start()..m.end());
                                (by_index, by_name)
                            })
                            .collect()
                    })
                    .collect();
                assert_eq!(
                    windowed,
                    whole,
                    "groups of rule {index} on {:?}…",
                    &text[..40]
                );
            }
        }
    }

    /// The hits of the plain leftmost-longest search that [`Scan::new`] must equal: an
    /// aho-corasick automaton over every byte, restarting after each word that does not
    /// stand right.
    fn automaton_hits(text: &str) -> Vec<(usize, usize, Triggers)> {
        use aho_corasick::{AhoCorasick, Input, MatchKind};
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(WORDS.iter().map(|(word, _, _)| word))
            .expect("trigger words are valid");
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(m) = matcher.find(Input::new(text).range(at..)) {
            let (_, mut groups, shape) = WORDS[m.pattern().as_usize()];
            if stands_right(bytes, m.start(), m.end(), shape) {
                if matches!(shape, Year) && bytes.get(m.end() + 2) == Some(&b'-') {
                    groups = groups.or(HYPHENATED_YEARS);
                }
                hits.push((m.start(), m.end(), groups));
                at = m.end();
            } else {
                at = m.start() + 1;
            }
        }
        hits
    }

    /// Texts made of trigger words in any case, pieces of them, letters, digits, marks,
    /// control bytes and non-ASCII, butted together: every kind of edge the scan has.
    fn jumbled_texts() -> Vec<String> {
        let pieces: Vec<String> = WORDS
            .iter()
            .flat_map(|(word, _, _)| {
                [
                    word.to_string(),
                    word.to_ascii_uppercase(),
                    word.to_ascii_lowercase(),
                    word[..word.len() / 2 + 1].to_string(),
                ]
            })
            .chain(
                [
                    " ", " ", "x", "Q", "e", "9", "0", "1", "2", "3", ":", "-", ".", "'", "\r",
                    "\0", "\n", "é", "’", "@", "[", "`", "{", "\u{a0}", "1990", "20", "s",
                ]
                .map(String::from),
            )
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..400)
            .map(|_| {
                let length = (next() % 60) as usize;
                (0..length)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize].as_str())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_scan_finds_what_the_automaton_finds() {
        for text in sample_texts().into_iter().chain(jumbled_texts()) {
            assert_eq!(Scan::new(&text).hits, automaton_hits(&text), "{text:?}");
        }
    }

    /// What [`Scan::new`] relies on to look only at word starts, digits and colons.
    #[test]
    fn trigger_words_start_where_the_scan_looks() {
        for &(word, _, shape) in WORDS {
            let bytes = word.as_bytes();
            assert!(
                bytes.len() <= 16 && !bytes.contains(&0),
                "{word}: fits 16 bytes"
            );
            let first = bytes[0];
            assert!(
                first.is_ascii_alphabetic() || (b'0'..=b':').contains(&first),
                "{word}: starts with a letter, a digit or a colon"
            );
            if first.is_ascii_alphabetic() {
                let after_letter = format!("a{word} 1");
                let end = 1 + word.len();
                assert!(
                    !stands_right(after_letter.as_bytes(), 1, end, shape),
                    "{word}: never stands right after a letter"
                );
            }
        }
    }

    #[test]
    fn trigger_words_count_only_where_a_rule_could_start_on_them() {
        let groups = |text: &str| {
            Scan::new(text)
                .hits
                .iter()
                .map(|&(start, end, _)| &text[start..end])
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(groups("may we meet in May? Decided."), "May Dec");
        assert_eq!(groups("In 1994, 150,000 or 20 or 20155 or 2014s"), "19 20");
        assert_eq!(groups("the '90s at 9:30, said: nobody knows"), "0s :");
        assert_eq!(groups("I am told: at 10 am, 9pm and 7 a.m."), "am pm a.m");
        assert_eq!(groups("the '20s and 2020s"), "0s 20 0s");
        assert_eq!(
            groups("overnight, tonight and every night"),
            "overnight tonight every night"
        );
    }
}
