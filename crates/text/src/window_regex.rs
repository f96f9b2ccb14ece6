//! Regexes that search short windows of a text: the few hundred bytes around a keyword that
//! a cheaper pass (aho-corasick, a word table) has found. It matches as `regex::Regex` does
//! (same syntax, leftmost-first, whole characters) and differs in one way: it has no
//! literal prefilter. On a whole text the `regex` crate's SIMD scan for a pattern's leading
//! words saves the automaton most bytes; on a window it is set up again at every search and
//! called again each time the automaton returns to its start, and it cost more than the
//! automaton it spares (measured with callgrind: a tenth of the casualty shapes' and
//! date rules' search instructions). It must not be used to search whole texts.
//!
//! A match's groups are copied out ([`Groups`]), so that one [`Scratch`] serves all the
//! searches of a regex over a text without an allocation each.
//!
//! Each thread keeps its own search state for each window regex, for the life of the
//! thread: window regexes are meant to be compiled once (statics) and searched millions
//! of times, not built per document.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::{Input, MatchKind, PatternID};

/// The most capture groups a window regex may have, the whole match included.
const MAX_GROUPS: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum WindowRegexError {
    #[error("invalid pattern: {0}")]
    Pattern(#[from] Box<meta::BuildError>),
    #[error("the pattern has {groups} capture groups; a window regex takes at most {MAX_GROUPS}")]
    TooManyGroups { groups: usize },
}

/// `pattern` with ASCII word and digit classes and ASCII case folding (`\w`, `\d`,
/// `(?i)`), but Unicode whitespace (`\s` still takes a no-break space: it becomes
/// `(?u:\s)`, and a bracket class that holds it, such as `[\s-]`, is Unicode whole). The
/// Unicode classes make automata several times larger, and the capture groups of every
/// match are filled in by walking them (clearing a visited set of their size each time).
pub fn ascii_classes(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let mut out = Vec::with_capacity(pattern.len() + 32);
    out.extend_from_slice(b"(?-u)");
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if bytes.get(at + 1) == Some(&b's') => {
                out.extend_from_slice(br"(?u:\s)");
                at += 2;
            }
            b'\\' => {
                let end = (at + 2).min(bytes.len());
                out.extend_from_slice(&bytes[at..end]);
                at = end;
            }
            b'[' => {
                let end = class_end(bytes, at);
                let class = &bytes[at..end];
                if holds_space_class(class) {
                    out.extend_from_slice(b"(?u:");
                    out.extend_from_slice(class);
                    out.push(b')');
                } else {
                    out.extend_from_slice(class);
                }
                at = end;
            }
            byte => {
                out.push(byte);
                at += 1;
            }
        }
    }
    // Only ASCII bytes were looked at, and every run copied whole.
    String::from_utf8(out).unwrap_or_else(|_| pattern.to_owned())
}

/// Where the bracket class opening at `start` ends (after its `]`): escapes skipped, a `]`
/// right after the opening `[` or `[^` taken literally, nested classes counted.
fn class_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    if bytes.get(at) == Some(&b'^') {
        at += 1;
    }
    if bytes.get(at) == Some(&b']') {
        at += 1;
    }
    let mut depth = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return at + 1;
                }
            }
            _ => {}
        }
        at += 1;
    }
    bytes.len()
}

fn holds_space_class(class: &[u8]) -> bool {
    let mut at = 0;
    while at + 1 < class.len() {
        if class[at] == b'\\' {
            if class[at + 1] == b's' {
                return true;
            }
            at += 1;
        }
        at += 1;
    }
    false
}

pub struct WindowRegex {
    regex: meta::Regex,
    pattern: String,
    /// Which of each thread's [`CACHES`] is this regex's.
    id: usize,
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Each thread's search state (lazy DFAs, backtracker) for each window regex, by id.
    /// The regex's own pool hands its state without locking only to the first thread
    /// that searched with it; every other worker locked and unlocked it at each search.
    static CACHES: RefCell<Vec<Option<meta::Cache>>> = const { RefCell::new(Vec::new()) };
}

impl WindowRegex {
    pub fn new(pattern: &str) -> Result<WindowRegex, WindowRegexError> {
        // `regex::Regex::new`'s configuration, less the prefilter.
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(2 << 20)
            .auto_prefilter(false);
        let regex = meta::Builder::new()
            .configure(config)
            .syntax(regex_automata::util::syntax::Config::new().utf8(true))
            .build(pattern)
            .map_err(Box::new)?;
        let groups = regex.group_info().group_len(PatternID::ZERO);
        if groups > MAX_GROUPS {
            return Err(WindowRegexError::TooManyGroups { groups });
        }
        Ok(WindowRegex {
            regex,
            pattern: pattern.to_owned(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The number of capture groups, the whole match included.
    pub fn group_len(&self) -> usize {
        self.regex.group_info().group_len(PatternID::ZERO)
    }

    /// What [`WindowRegex::captures_at`] fills in; one serves any number of searches.
    pub fn scratch(&self) -> Scratch {
        Scratch(self.regex.create_captures())
    }

    /// The first match in `haystack` starting at or after `at`, as `regex::Regex::find_at`.
    pub fn find_at<'h>(&self, haystack: &'h str, at: usize) -> Option<Group<'h>> {
        let input = Input::new(haystack).range(at..);
        let found = self.with_cache(|cache| self.regex.search_with(cache, &input))?;
        Some(Group {
            text: haystack,
            start: found.start(),
            end: found.end(),
        })
    }

    /// The matches in `haystack`, as `regex::Regex::find_iter`.
    pub fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Group<'h>> + 'h {
        let mut searcher = Searcher::new(Input::new(haystack));
        std::iter::from_fn(move || {
            let found = searcher.advance(|input| {
                Ok(self.with_cache(|cache| self.regex.search_with(cache, input)))
            })?;
            Some(Group {
                text: haystack,
                start: found.start(),
                end: found.end(),
            })
        })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        self.with_cache(|cache| self.regex.search_half_with(cache, &input).is_some())
    }

    /// Runs `search` with this thread's search state for the regex.
    fn with_cache<R>(&self, search: impl FnOnce(&mut meta::Cache) -> R) -> R {
        CACHES.with(|caches| {
            let mut caches = caches.borrow_mut();
            if caches.len() <= self.id {
                caches.resize_with(self.id + 1, || None);
            }
            search(caches[self.id].get_or_insert_with(|| self.regex.create_cache()))
        })
    }

    /// The groups of the first match starting at or after `at`, as
    /// `regex::Regex::captures_at`.
    pub fn captures_at<'h, 'r>(
        &'r self,
        haystack: &'h str,
        at: usize,
        scratch: &mut Scratch,
    ) -> Option<Groups<'h, 'r>> {
        let captures = &mut scratch.0;
        let input = Input::new(haystack).range(at..);
        self.with_cache(|cache| self.regex.search_captures_with(cache, &input, captures));
        captures.get_match()?;
        let mut spans = [None; MAX_GROUPS];
        for (index, span) in spans.iter_mut().enumerate().take(self.group_len()) {
            *span = captures.get_group(index).map(|span| (span.start, span.end));
        }
        Some(Groups {
            text: haystack,
            regex: self,
            spans,
        })
    }
}

/// Room for the groups of one match.
pub struct Scratch(Captures);

/// Where the capture groups of one match stand.
pub struct Groups<'h, 'r> {
    text: &'h str,
    regex: &'r WindowRegex,
    spans: [Option<(usize, usize)>; MAX_GROUPS],
}

impl<'h> Groups<'h, '_> {
    /// Group `index` (0 is the whole match), if it took part in the match.
    pub fn get(&self, index: usize) -> Option<Group<'h>> {
        let (start, end) = (*self.spans.get(index)?)?;
        Some(Group {
            text: self.text,
            start,
            end,
        })
    }

    /// The whole match.
    pub fn whole(&self) -> Group<'h> {
        self.get(0).unwrap_or(Group {
            text: self.text,
            start: 0,
            end: 0,
        })
    }

    /// The group called `name`, if the regex has it and it took part in the match. A
    /// look-up in the regex's few names, not a hash.
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        let index = self
            .regex
            .regex
            .group_info()
            .pattern_names(PatternID::ZERO)
            .position(|group| group == Some(name))?;
        self.get(index)
    }
}

/// The text of a group, as `caps["name"]` gives it for `regex::Captures`.
///
/// # Panics
/// When the group did not take part in the match: callers index only groups that always do.
impl<'h> std::ops::Index<&str> for Groups<'h, '_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name)
            .unwrap_or_else(|| panic!("group {name:?} did not match"))
            .as_str()
    }
}

/// Where one group (or a whole match) stands in the haystack.
#[derive(Debug, Clone, Copy)]
pub struct Group<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATTERN: &str =
        r"(?-u:\b)(?:(?P<q>at\s+least)\s+)?(?P<n>\d+|two)\s+(?P<v>people|civilians)(?-u:\b)";

    #[test]
    fn matches_as_the_regex_crate_does_from_any_start() {
        let text =
            "Shelling killed at least two civilians; 3 people and two\u{a0}people were hurt.";
        let ours = WindowRegex::new(PATTERN).expect("valid");
        let theirs = regex::Regex::new(PATTERN).expect("valid");
        let mut scratch = ours.scratch();
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            let found = ours.find_at(text, at).map(|m| (m.start(), m.end()));
            let expected = theirs.find_at(text, at).map(|m| (m.start(), m.end()));
            assert_eq!(found, expected, "find_at {at}");
            let groups = ours.captures_at(text, at, &mut scratch);
            let expected = theirs.captures_at(text, at);
            for name in ["q", "n", "v"] {
                assert_eq!(
                    groups
                        .as_ref()
                        .and_then(|g| g.name(name))
                        .map(|g| g.as_str()),
                    expected
                        .as_ref()
                        .and_then(|c| c.name(name))
                        .map(|m| m.as_str()),
                    "group {name} from {at}"
                );
            }
        }
        let all: Vec<_> = ours.find_iter(text).map(|m| m.as_str()).collect();
        let expected: Vec<_> = theirs.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(all, expected);
        assert_eq!(all.len(), 3);
        assert!(ours.is_match("two people") && !ours.is_match("two peoples"));
        let first = ours.captures_at(text, 0, &mut scratch).expect("a match");
        assert_eq!(first.whole().as_str(), "at least two civilians");
        assert_eq!(&first["n"], "two");
        assert_eq!(first.get(1).map(|g| (g.start(), g.end())), Some((16, 24)));
    }

    #[test]
    fn empty_matches_are_stepped_over_as_the_regex_crate_does() {
        let text = "baaéb a";
        for pattern in [r"a*", r"(?-u:\b)", r"x?"] {
            let ours: Vec<_> = WindowRegex::new(pattern)
                .expect("valid")
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let theirs: Vec<_> = regex::Regex::new(pattern)
                .expect("valid")
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(ours, theirs, "{pattern}");
        }
    }

    #[test]
    fn threads_searching_at_once_find_the_same_matches() {
        let regex = WindowRegex::new(PATTERN).expect("valid");
        let text = "Shelling killed at least two civilians; 3 people were hurt.";
        let search = || {
            let mut scratch = regex.scratch();
            (0..200)
                .filter_map(|i| regex.captures_at(text, i % 20, &mut scratch))
                .map(|groups| (groups.whole().start(), groups.whole().end()))
                .collect::<Vec<_>>()
        };
        let alone = search();
        let together: Vec<_> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4).map(|_| scope.spawn(search)).collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("no panic"))
                .collect()
        });
        assert!(together.iter().all(|found| *found == alone));
        assert_eq!(alone.first(), Some(&(16, 38)));
    }

    #[test]
    fn ascii_classes_rewrite_only_spaces() {
        assert_eq!(ascii_classes(r"a\s+b"), r"(?-u)a(?u:\s)+b");
        assert_eq!(ascii_classes(r"x[\s-]+y"), r"(?-u)x(?u:[\s-])+y");
        assert_eq!(ascii_classes(r"[\w.-]*\\s[]s]"), r"(?-u)[\w.-]*\\s[]s]");
        assert_eq!(ascii_classes(r"é\d[^\]\s]"), r"(?-u)é\d(?u:[^\]\s])");
    }

    #[test]
    fn ascii_classes_keep_unicode_spaces() {
        let regex = WindowRegex::new(&ascii_classes(r"(?i)\d+\s+days")).expect("valid");
        assert!(regex.is_match("3\u{a0}DAYS"));
        let class = WindowRegex::new(&ascii_classes(r"two[\s-]+days")).expect("valid");
        assert!(class.is_match("two\u{202f}days") && class.is_match("two-days"));
        assert!(!class.is_match("two(days"));
        assert!(
            !regex.is_match("\u{663} days"),
            "an Arabic-Indic digit is not ASCII"
        );
        assert!(WindowRegex::new(r"(?i)\d+\s+days")
            .expect("valid")
            .is_match("\u{663} days"));
    }

    #[test]
    fn a_pattern_with_too_many_groups_is_refused() {
        let pattern = "(a)".repeat(MAX_GROUPS);
        assert!(matches!(
            WindowRegex::new(&pattern),
            Err(WindowRegexError::TooManyGroups { groups }) if groups == MAX_GROUPS + 1
        ));
        assert!(WindowRegex::new("(a").is_err());
    }
}
