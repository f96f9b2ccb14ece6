//! Reporting cues: verbs such as `said`, `told`, `wrote`, `added`, `according to`, with the
//! noun phrase that does the saying — before the verb (`the military said`,
//! `Vitaliy Kim, the regional chief, said`) or after it (`said Kim`). Which quote a cue
//! belongs to is decided in [`crate::speaker`].

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use quarry_core::Span;
use regex::Regex;

use quarry_text::lexicon::classes_of;
use quarry_text::{ceil_char_boundary, floor_char_boundary, Classes};

/// The bytes the verb prefilter compares at a position.
const PREFIX: usize = 4;

/// The reporting verbs, in every form a news story uses them (`reporting_verbs.txt` of the
/// `quarry-text` lexicon), found as the casualty words are: one SIMD pass looks for the
/// four-byte prefixes of the verbs of four bytes or more (a three-byte pattern among them
/// would let through many more false candidates), another for the shorter verbs (`say`),
/// and each hit is checked against the verbs of its prefix as a whole word. A regex
/// alternation of all the verbs took twice as long once the list passed a hundred.
struct Verbs {
    /// Searchers of at most [`TEDDY_PATTERNS`] prefixes each.
    prefixes: Vec<AhoCorasick>,
    short: AhoCorasick,
    /// The verbs by their first four bytes (shorter verbs by themselves), longest first.
    by_prefix: HashMap<&'static str, Vec<&'static str>>,
}

static VERBS: LazyLock<Verbs> = LazyLock::new(|| {
    let mut by_prefix: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for verb in quarry_text::lexicon::words(quarry_text::lexicon::REPORTING_VERBS) {
        by_prefix
            .entry(&verb[..verb.len().min(PREFIX)])
            .or_default()
            .push(verb);
    }
    for verbs in by_prefix.values_mut() {
        verbs.sort_by_key(|verb| std::cmp::Reverse(verb.len()));
    }
    let build = |patterns: Vec<&str>| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(patterns)
            .expect("reporting verbs are valid patterns")
    };
    let (mut prefixes, short): (Vec<&str>, Vec<&str>) = by_prefix
        .keys()
        .copied()
        .partition(|key| key.len() == PREFIX);
    prefixes.sort_unstable();
    Verbs {
        prefixes: prefixes
            .chunks(TEDDY_PATTERNS)
            .map(|chunk| build(chunk.to_vec()))
            .collect(),
        short: build(short),
        by_prefix,
    }
});

/// The most patterns aho-corasick's SIMD searcher (Teddy) takes; past it a search falls
/// back to the automaton, twice as slow here, so the prefixes are searched in groups.
const TEDDY_PATTERNS: usize = 64;

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Where `verb` ends when `text` has it at `at` as whole words (any spaces between the
/// words of `according to`).
fn verb_end(text: &str, at: usize, verb: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = at;
    for (index, word) in verb.split(' ').enumerate() {
        if index > 0 {
            let spaces = bytes[pos..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if spaces == 0 {
                return None;
            }
            pos += spaces;
        }
        if !bytes[pos..].starts_with(word.as_bytes()) {
            return None;
        }
        pos += word.len();
    }
    (!bytes.get(pos).copied().is_some_and(is_word_byte)).then_some(pos)
}

const PRONOUNS: [&str; 7] = ["he", "she", "they", "i", "we", "it", "you"];

/// Words that may stand between a subject and its verb without belonging to either.
const ADVERBS: [&str; 18] = [
    "also",
    "later",
    "earlier",
    "then",
    "further",
    "previously",
    "repeatedly",
    "recently",
    "has",
    "had",
    "have",
    "was",
    "is",
    "would",
    "will",
    "reportedly",
    "once",
    "told",
];

/// Words that end a subject noun phrase when reading backwards from the verb.
const BOUNDARIES: [&str; 16] = [
    "that", "and", "but", "while", "as", "when", "because", "which", "who", "where", "if", "after",
    "before", "since", "although", "so",
];

/// A reporting verb. Its subject is worked out on first use: most cues of a story are
/// far from any quotation, and finding a subject is most of the work of a cue.
#[derive(Debug)]
pub struct Cue<'t> {
    pub verb: Span,
    /// The verb as it opens the cue (`said`, `according to`).
    pub verb_text: &'t str,
    text: &'t str,
    subject: OnceCell<Option<Subject>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub span: Span,
    pub text: String,
    pub is_pronoun: bool,
    /// Whether the subject follows the verb (`said Kim`, `according to officials`).
    pub after_verb: bool,
}

/// How far from its verb a subject may reach, before or after it.
pub const SUBJECT_REACH: usize = 200;

/// The reporting verbs of `text`, in text order.
pub fn find(text: &str) -> Vec<Cue<'_>> {
    let verbs = &*VERBS;
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = Vec::new();
    for searcher in verbs.prefixes.iter().chain([&verbs.short]) {
        starts.extend(searcher.find_iter(bytes).map(|m| m.start()));
    }
    starts.sort_unstable();
    let mut cues: Vec<Cue<'_>> = Vec::new();
    for at in starts {
        let after_last = cues.last().is_none_or(|cue| at >= cue.verb.end);
        if !after_last || (at > 0 && is_word_byte(bytes[at - 1])) {
            continue;
        }
        // The verbs of the hit's four-byte prefix, then those of three bytes (a short
        // verb's hit, or a long hit that is a short verb's too: `adding` and `add`).
        let verbs_of = |len: usize| {
            let key = bytes.get(at..at + len)?;
            verbs.by_prefix.get(std::str::from_utf8(key).ok()?)
        };
        let candidates = [PREFIX, PREFIX - 1]
            .into_iter()
            .filter_map(verbs_of)
            .flatten();
        let Some((verb, end)) = candidates
            .filter_map(|verb| verb_end(text, at, verb).map(|end| (*verb, end)))
            .next()
        else {
            continue;
        };
        let first_word = verb.split(' ').next().unwrap_or(verb);
        cues.push(Cue {
            verb: Span::new(at, end),
            verb_text: if first_word == "according" {
                "according to"
            } else {
                first_word
            },
            text,
            subject: OnceCell::new(),
        });
    }
    cues
}

impl Cue<'_> {
    /// The saying noun phrase of this cue, if it has one.
    pub fn subject(&self) -> Option<&Subject> {
        self.subject.get_or_init(|| self.find_subject()).as_ref()
    }

    fn find_subject(&self) -> Option<Subject> {
        let (text, verb, verb_text) = (self.text, self.verb, self.verb_text);
        if verb_text == "according to" {
            return subject_after(text, verb.end);
        }
        // "…," said Kim / "…damaged by fire, said a resident": inverted order.
        // Participles and "told" take an object after them ("telling AFP").
        let can_invert =
            !verb_text.ends_with("ing") && !verb_text.starts_with("tel") && verb_text != "told";
        let before = subject_before(text, verb.start);
        let no_subject_before = before
            .as_ref()
            .is_none_or(|s| !s.is_pronoun && !is_noun_phrase(&s.text));
        let participle_after_comma =
            verb_text.ends_with("ing") && text[..verb.start].trim_end().ends_with(',');
        if can_invert && no_subject_before && inverted_position(text, verb.start) {
            subject_after(text, verb.end).or(before)
        } else if participle_after_comma {
            sentence_subject(text, verb.start)
        } else {
            before
        }
    }
}

/// A word with its byte span.
#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Token<'t> {
    fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The word in lower case, copied only when it has capitals (most words have none).
    fn lower(&self) -> Cow<'t, str> {
        if self
            .text
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Cow::Borrowed(self.text)
        } else {
            Cow::Owned(self.text.to_lowercase())
        }
    }
}

/// Words and single punctuation marks of `text[from..to]`, as the linguistic layer
/// tokenizes them: a full stop that ends a sentence is a mark of its own; one that ends an
/// abbreviation (`Gen.`, `U.S.`) stays in its word.
fn tokens(text: &str, from: usize, to: usize) -> Vec<Token<'_>> {
    quarry_text::tokens::token_spans(text, from, to)
        .into_iter()
        .map(|(start, end)| Token {
            text: &text[start..end],
            start,
            end,
        })
        .collect()
}

fn is_punctuation(token: &Token) -> bool {
    !token.text.chars().next().is_some_and(char::is_alphanumeric)
}

/// The most tokens a bracketed label after a name has (`(R-Utah)`, `(D-Newport News)`).
const MAX_LABEL_TOKENS: usize = 8;

/// The subject noun phrase that ends right before the verb at `verb_start`.
fn subject_before(text: &str, verb_start: usize) -> Option<Subject> {
    // The subject is in the verb's own sentence.
    let window_start = floor_char_boundary(text, verb_start.saturating_sub(SUBJECT_REACH))
        .max(quarry_text::sentence_start(text, verb_start));
    let toks = tokens(text, window_start, verb_start);
    let mut i = toks.len();
    while i > 0 && ADVERBS.contains(&toks[i - 1].lower().as_ref()) {
        i -= 1;
    }
    // "Rep. Gwen Moore (D-Wis.) said": the label in brackets is not the subject's end.
    if i > 0 && toks[i - 1].text == ")" {
        let open = toks[..i - 1]
            .iter()
            .rposition(|t| t.text == "(")
            .filter(|&open| i - 1 - open <= MAX_LABEL_TOKENS)?;
        i = open;
    }
    if i == 0 {
        return None;
    }
    // "Vitaliy Kim, the regional chief in the region, said": look past the apposition.
    if toks[i - 1].text == "," {
        let inner_end = i - 1;
        let inner_start = (0..inner_end).rev().find(|&j| toks[j].text == ",")?;
        let inner = noun_phrase(&toks[inner_start + 1..inner_end]);
        let outer = noun_phrase(&toks[..inner_start]);
        // The name wins ("The mayor, Oleksandr Sienkovych, said"); otherwise the phrase
        // before the commas ("A second resident, who asked not to be named, said").
        return match (outer, inner) {
            (Some(outer), Some(inner)) if inner.is_name && !outer.is_name => {
                Some(inner.subject(text))
            }
            (Some(outer), _) => Some(outer.subject(text)),
            (None, inner) => inner.map(|inner| inner.subject(text)),
        };
    }
    noun_phrase(&toks[..i]).map(|np| np.subject(text))
}

struct Phrase {
    start: usize,
    end: usize,
    is_name: bool,
    is_pronoun: bool,
}

impl Phrase {
    fn subject(&self, text: &str) -> Subject {
        Subject {
            span: Span::new(self.start, self.end),
            text: text[self.start..self.end].to_owned(),
            is_pronoun: self.is_pronoun,
            after_verb: false,
        }
    }
}

/// The noun phrase at the end of `toks`: a pronoun, the run of capitalized words that
/// ends it (a name, titles dropped), or the nominal back to its determiner.
fn noun_phrase(toks: &[Token]) -> Option<Phrase> {
    let last = toks.last()?;
    if is_punctuation(last) || BOUNDARIES.contains(&last.lower().as_ref()) {
        return None;
    }
    if PRONOUNS.contains(&last.lower().as_ref()) {
        return Some(Phrase {
            start: last.start,
            end: last.end,
            is_name: false,
            is_pronoun: true,
        });
    }
    let mut first = toks.len() - 1;
    while first > 0 {
        let prev = &toks[first - 1];
        let lower = prev.lower();
        if is_punctuation(prev)
            || BOUNDARIES.contains(&lower.as_ref())
            || PRONOUNS.contains(&lower.as_ref())
        {
            break;
        }
        if toks.len() - first >= 8 {
            break;
        }
        first -= 1;
    }
    let phrase = &toks[first..];
    let name_start = phrase
        .iter()
        .rposition(|t| !t.is_capitalized())
        .map_or(0, |p| p + 1);
    // "The mayor of Mykolayiv": a name after a preposition is not the speaker.
    let after_preposition = name_start > 0
        && matches!(
            phrase[name_start - 1].lower().as_ref(),
            "of" | "in" | "from" | "for" | "at"
        );
    if name_start < phrase.len()
        && !after_preposition
        && !(name_start == 0 && phrase.len() == 1 && is_sentence_initial_word(phrase[0].text))
    {
        let name = &phrase[name_start..];
        return Some(Phrase {
            start: name[0].start,
            end: last.end,
            is_name: true,
            is_pronoun: false,
        });
    }
    let det = phrase
        .iter()
        .position(|t| {
            matches!(
                t.lower().as_ref(),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "one"
                    | "another"
                    | "local"
                    | "many"
                    | "some"
            )
        })
        .unwrap_or(0);
    Some(Phrase {
        start: phrase[det].start,
        end: last.end,
        is_name: false,
        is_pronoun: false,
    })
}

fn is_sentence_initial_word(word: &str) -> bool {
    matches!(
        word,
        "The" | "A" | "An" | "But" | "And" | "It" | "This" | "That"
    )
}

/// The noun phrase right after the verb ending at `verb_end` (`said Kim`, `said the mayor`).
fn subject_after(text: &str, verb_end: usize) -> Option<Subject> {
    let window_end = ceil_char_boundary(text, verb_end + SUBJECT_REACH);
    let toks = tokens(text, verb_end, window_end);
    let first = toks.first()?;
    if is_punctuation(first) {
        return None;
    }
    let lower = first.lower();
    if PRONOUNS.contains(&lower.as_ref()) {
        return Some(Subject {
            span: Span::new(first.start, first.end),
            text: first.text.to_owned(),
            is_pronoun: true,
            after_verb: true,
        });
    }
    let is_det = matches!(
        lower.as_ref(),
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "local" | "one" | "another"
    );
    // "said survivor Erafto Kinubi", "said witness John Smith": a person noun with no
    // determiner, as news writes a role before a name.
    let is_person_noun = classes_of(&lower).has(Classes::PERSON);
    if !first.is_capitalized() && !is_det && !is_person_noun {
        return None;
    }
    let mut end = 1;
    while end < toks.len() && end < 8 {
        let t = &toks[end];
        if is_punctuation(t)
            || BOUNDARIES.contains(&t.lower().as_ref())
            || matches!(
                t.lower().as_ref(),
                "on" | "in" | "at" | "to" | "of" | "for" | "from" | "with" | "during" | "by"
            )
        {
            break;
        }
        if !is_det && !t.is_capitalized() {
            break;
        }
        end += 1;
    }
    let (start, stop) = (toks[0].start, toks[end - 1].end);
    // "said the resident who asked to be identified as Rabe": the name given wins.
    let (start, stop) = given_name(text, stop).unwrap_or((start, stop));
    Some(Subject {
        span: Span::new(start, stop),
        text: text[start..stop].to_owned(),
        is_pronoun: false,
        after_verb: true,
    })
}

/// A name a speaker "asked to be identified as" / is "identified as" / "named", right
/// after the speaker's description, in the same sentence.
fn given_name(text: &str, from: usize) -> Option<(usize, usize)> {
    static GIVEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:,?\s+who\s+asked\s+to\s+be\s+(?:identified|named|called)|,?\s+(?:identified|named)\s+only)\s+as\s+(?P<name>\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})")
            .expect("given-name pattern is valid")
    });
    // Within a subject's reach, so that a subject never ends far from its verb.
    let to = ceil_char_boundary(text, from + SUBJECT_REACH);
    let name = GIVEN.captures(&text[from..to])?.name("name")?;
    Some((from + name.start(), from + name.end()))
}

/// The noun phrase that opens the sentence: the subject a participle cue shares
/// ("A Chinese Communist Party (CCP) official in Liangshui village …, telling AFP he was
/// “too busy”"). Determiners, capitalized words and parenthesized acronyms, then one
/// lowercase head noun.
fn sentence_subject(text: &str, verb_start: usize) -> Option<Subject> {
    let start = quarry_text::sentence_start(text, verb_start);
    let toks = tokens(text, start, verb_start);
    let mut end = 0;
    for (i, t) in toks.iter().enumerate() {
        let lower = t.lower();
        if t.is_capitalized()
            || matches!(t.text, "(" | ")")
            || (i == 0 && matches!(lower.as_ref(), "a" | "an" | "the"))
        {
            end = i + 1;
            continue;
        }
        if end > 0 && !is_punctuation(t) && !BOUNDARIES.contains(&lower.as_ref()) {
            end = i + 1; // the head noun
        }
        break;
    }
    if end == 0 {
        return None;
    }
    let (s, e) = (toks[0].start, toks[end - 1].end);
    let phrase = &text[s..e];
    if PRONOUNS.contains(&phrase.to_lowercase().as_str()) || !is_noun_phrase(phrase) {
        return None;
    }
    Some(Subject {
        span: Span::new(s, e),
        text: phrase.to_owned(),
        is_pronoun: false,
        after_verb: false,
    })
}

/// "the village are missing" is a clause that ended up before a cue, not a speaker.
pub(crate) fn is_noun_phrase(phrase: &str) -> bool {
    let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
    let verbal = Classes::AUXILIARY.or(Classes::MODAL);
    let has = |word: &str, class: Classes| classes_of(word).has(class);
    // `some` (of `some reports claimed`) is a determiner, not a phrase of its own.
    let only_a_determiner = words.len() == 1 && has(&words[0], Classes::DETERMINER);
    !only_a_determiner && !words.iter().any(|w| w == "to" || has(w, verbal))
}

/// Whether the verb at `verb_start` comes right after a comma or a closing quotation
/// mark, where an inverted attribution (`…," said Kim`, `…by fire, said a resident`) stands.
fn inverted_position(text: &str, verb_start: usize) -> bool {
    let before = text[..verb_start].trim_end();
    before.ends_with(',')
        || quarry_text::CLOSING_MARKS
            .iter()
            .any(|mark| before.ends_with(mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|c| {
                let subject = c.subject().map(|s| s.text.clone()).unwrap_or_default();
                (c.verb_text.to_owned(), subject)
            })
            .collect()
    }

    fn pair(verb: &str, subject: &str) -> (String, String) {
        (verb.to_owned(), subject.to_owned())
    }

    #[test]
    fn tokens_are_words_and_single_marks() {
        let text = "Zoë’s U.S. aide—\u{a0}said: «no»\u{b}end.";
        let words: Vec<&str> = super::tokens(text, 0, text.len())
            .iter()
            .map(|token| token.text)
            .collect();
        assert_eq!(
            words,
            ["Zoë’s", "U.S.", "aide", "—", "said", ":", "«", "no", "»", "end", "."]
        );
        let inner: Vec<&str> = super::tokens(text, 9, 18).iter().map(|t| t.text).collect();
        assert_eq!(inner, ["U.S.", "aide"]);
    }

    #[test]
    fn short_and_long_verbs_come_in_text_order() {
        let verbs: Vec<&str> = find(
            "They say it is, he said, and says so; saying, essays, sayings, according  to Kim",
        )
        .iter()
        .map(|cue| cue.verb_text)
        .collect();
        assert_eq!(verbs, ["say", "said", "says", "saying", "according to"]);
    }

    #[test]
    fn subjects_before_the_verb() {
        assert_eq!(
            subjects("“Around 900,” said survivor: Mr Erafto Kinubi (36)."),
            [pair("said", "survivor")]
        );
        assert_eq!(
            subjects("“Around 900,” said witness John Smith."),
            [pair("said", "witness John Smith")]
        );
        assert_eq!(
            subjects("“It is a dog whistle,” Rep. Gwen Moore (D-Wis.) said."),
            [pair("said", "Rep. Gwen Moore")]
        );
        // `adding` is a cue of its own, with no subject before it.
        assert_eq!(
            subjects("possible,\" the military said, adding"),
            [pair("said", "the military"), pair("adding", "")]
        );
        assert_eq!(
            subjects("President Volodymyr Zelenskiy said that"),
            [pair("said", "President Volodymyr Zelenskiy")]
        );
        assert_eq!(
            subjects("Presidential adviser Mykhaylo Podolyak said the"),
            [pair("said", "Mykhaylo Podolyak")]
        );
        assert_eq!(
            subjects("plan,\" he wrote in a post"),
            [pair("wrote", "he")]
        );
        assert_eq!(
            subjects("Zaluzhniy said earlier that"),
            [pair("said", "Zaluzhniy")]
        );
    }

    #[test]
    fn appositions_are_skipped() {
        assert_eq!(
            subjects("Vitaliy Kim, the regional military administration chief in the Mykolayiv region, said Ukrainian"),
            [pair("said", "Vitaliy Kim")]
        );
        assert_eq!(
            subjects("The mayor of Mykolayiv, Oleksandr Sienkovych, said that"),
            [pair("said", "Oleksandr Sienkovych")]
        );
    }

    #[test]
    fn inverted_after_a_comma() {
        assert_eq!(
            subjects("a mosque was damaged by fire, said a Muslim resident who fled."),
            [pair("said", "a Muslim resident")]
        );
    }

    #[test]
    fn subjects_stay_in_their_sentence() {
        assert_eq!(
            subjects("Resettle those affected, he stressed. An official declined to discuss it, telling AFP"),
            [pair("stressed", "he"), pair("telling", "An official")]
        );
    }

    #[test]
    fn participles_share_the_sentence_subject_and_given_names_win() {
        assert_eq!(
            subjects("A Chinese Communist Party (CCP) official in Liangshui village did not want to discuss it, telling AFP"),
            [pair("telling", "A Chinese Communist Party (CCP) official")]
        );
        assert_eq!(
            subjects("\"They came,\" said the resident who asked to be identified as Rabe."),
            [pair("said", "Rabe"), pair("asked", "")]
        );
    }

    #[test]
    fn subjects_after_the_verb() {
        assert_eq!(subjects("\"Go,\" said Kim. "), [pair("said", "Kim")]);
        assert_eq!(
            subjects("according to the ministry."),
            [pair("according to", "the ministry")]
        );
    }
}
