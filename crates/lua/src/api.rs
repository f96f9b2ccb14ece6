//! The `quarry` table every script sees: helpers that make rules short and fast.
//! - `quarry.find(text, pattern)`: Rust-regex matches (patterns compiled once per state,
//!   their memory counted against the script's limit);
//! - `quarry.keywords(words [, {case_sensitive, whole_words}])`: an aho-corasick matcher
//!   (its memory counted likewise);
//! - `quarry.number(phrase)` and `quarry.NUMBER`: numbers as news writes them;
//! - `quarry.sentences(text)`: sentence spans;
//! - `quarry.match(doc, pattern)`: token patterns over the document's analysis (see
//!   `layer.rs`, which also gives `doc:tokens()`, `doc:numbers()`, `doc:chunks()`).
//!
//! All positions are 1-based and inclusive, like `string.find`.

use std::collections::HashMap;
use std::rc::Rc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use mlua::{Lua, Table, UserData, UserDataMethods};
use quarry_numbers::{parse, NUMBER_PATTERN};
use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::Input;

use crate::meter::{self, Meter};

/// Compiled patterns of one Lua state, with their search caches. Their memory counts
/// against the script's memory limit (see [`Meter::host_alloc`]); the cache holds at most
/// [`REGEX_CACHE_ENTRIES`] patterns and a quarter of the limit, and starts over when full.
#[derive(Default)]
struct RegexCache {
    entries: HashMap<String, Compiled>,
    bytes: usize,
}

struct Compiled {
    regex: Regex,
    cache: Cache,
    /// What the entry holds, as last counted.
    bytes: usize,
}

impl Compiled {
    fn memory(&self, pattern: &str) -> usize {
        self.regex.memory_usage() + self.cache.memory_usage() + pattern.len()
    }
}

const REGEX_CACHE_ENTRIES: usize = 256;
/// The size limit of one compiled pattern and of each of its search caches.
const REGEX_SIZE_LIMIT: usize = 4 << 20;

pub fn install(lua: &Lua) -> mlua::Result<()> {
    let quarry = lua.create_table()?;
    quarry.set("find", lua.create_function(find)?)?;
    quarry.set("keywords", lua.create_function(keywords)?)?;
    quarry.set(
        "number",
        lua.create_function(|_, phrase: String| {
            // Past i64 a number has no Lua integer: nil, like any phrase that is no number.
            Ok(parse(&phrase)
                .and_then(|a| a.exact())
                .and_then(|n| i64::try_from(n).ok()))
        })?,
    )?;
    quarry.set("NUMBER", format!("(?:{NUMBER_PATTERN})"))?;
    quarry.set("sentences", lua.create_function(sentences)?)?;
    quarry.set(
        "match",
        lua.create_function(|_, (doc, pattern): (Table, Table)| {
            let method: mlua::Function = doc.get("match")?;
            method.call::<Table>((doc, pattern))
        })?,
    )?;
    lua.globals().set("quarry", quarry)?;
    lua.set_app_data(RegexCache::default());
    Ok(())
}

fn compile(pattern: &str) -> mlua::Result<Compiled> {
    let config = Regex::config()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
        .dfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_SIZE_LIMIT);
    let regex = Regex::builder()
        .configure(config)
        .build(pattern)
        .map_err(|e| {
            let why = match (e.size_limit(), e.syntax_error()) {
                (Some(limit), _) => format!(
                "it compiles to more than {} KB (split it, or use quarry.keywords for word lists)",
                limit >> 10
            ),
                (None, Some(syntax)) => syntax.to_string(),
                (None, None) => e.to_string(),
            };
            mlua::Error::RuntimeError(format!("quarry.find: invalid pattern {pattern:?}: {why}"))
        })?;
    let cache = regex.create_cache();
    let mut compiled = Compiled {
        regex,
        cache,
        bytes: 0,
    };
    compiled.bytes = compiled.memory(pattern);
    Ok(compiled)
}

/// Runs `f` with the compiled `pattern` (from the cache, or compiled and cached), then
/// counts what the entry holds now: searching grows its cache.
fn with_compiled<T>(
    lua: &Lua,
    pattern: &str,
    f: impl FnOnce(&mut Compiled) -> mlua::Result<T>,
) -> mlua::Result<T> {
    let meter = meter::of(lua);
    let mut cache = lua
        .app_data_mut::<RegexCache>()
        .expect("the quarry API is installed");
    if !cache.entries.contains_key(pattern) {
        let compiled = compile(pattern)?;
        let cap = meter.limits().memory / 4;
        if cache.entries.len() >= REGEX_CACHE_ENTRIES || cache.bytes + compiled.bytes > cap {
            meter.host_free(cache.bytes);
            cache.bytes = 0;
            cache.entries.clear();
        }
        meter.host_alloc(lua, compiled.bytes)?;
        cache.bytes += compiled.bytes;
        cache.entries.insert(pattern.to_owned(), compiled);
    }
    let RegexCache { entries, bytes } = &mut *cache;
    let compiled = entries.get_mut(pattern).expect("inserted above");
    let result = f(compiled);
    let now = compiled.memory(pattern);
    if now > compiled.bytes {
        meter.host_alloc(lua, now - compiled.bytes)?;
        *bytes += now - compiled.bytes;
        compiled.bytes = now;
    }
    result
}

/// `{start, stop, text}` of a byte range, in Lua's 1-based inclusive convention.
pub(crate) fn span_table(lua: &Lua, text: &str, start: usize, end: usize) -> mlua::Result<Table> {
    let table = lua.create_table()?;
    table.set("start", start + 1)?;
    table.set("stop", end)?;
    table.set("text", &text[start..end])?;
    Ok(table)
}

fn find(lua: &Lua, (text, pattern): (mlua::String, String)) -> mlua::Result<Table> {
    let text = text.to_str()?;
    let matches = lua.create_table()?;
    with_compiled(lua, &pattern, |compiled| {
        let Compiled { regex, cache, .. } = compiled;
        let names: Vec<Option<String>> = regex
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .map(|name| name.map(str::to_owned))
            .collect();
        let mut caps = Captures::all(regex.group_info().clone());
        // The same iteration as `Regex::captures_iter`, with this entry's own cache so
        // that its memory can be counted.
        let mut searcher = Searcher::new(Input::new(&*text));
        loop {
            let found = searcher.advance(|input| {
                regex.search_captures_with(cache, input, &mut caps);
                Ok(caps.get_match())
            });
            let Some(whole) = found else { break };
            let found = span_table(lua, &text, whole.start(), whole.end())?;
            let groups = lua.create_table()?;
            for (index, name) in names.iter().enumerate().skip(1) {
                if let Some(group) = caps.get_group(index) {
                    let group_table = span_table(lua, &text, group.start, group.end)?;
                    if let Some(name) = name {
                        groups.set(name.as_str(), group_table.clone())?;
                    }
                    groups.set(index, group_table)?;
                }
            }
            found.set("groups", groups)?;
            matches.push(found)?;
        }
        Ok(())
    })?;
    Ok(matches)
}

struct Keywords {
    matcher: AhoCorasick,
    words: Vec<String>,
    whole_words: bool,
    /// What the matcher holds outside Lua, counted against the memory limit until it is
    /// collected.
    bytes: usize,
    meter: Rc<Meter>,
}

impl Drop for Keywords {
    fn drop(&mut self) {
        self.meter.host_free(self.bytes);
    }
}

impl UserData for Keywords {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("find", |lua, this, text: mlua::String| {
            let text = text.to_str()?;
            let matches = lua.create_table()?;
            for m in this.matcher.find_iter(&*text) {
                if this.whole_words && !whole_word(&text, m.start(), m.end()) {
                    continue;
                }
                let found = span_table(lua, &text, m.start(), m.end())?;
                found.set("keyword", this.words[m.pattern().as_usize()].as_str())?;
                matches.push(found)?;
            }
            Ok(matches)
        });
    }
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn keywords(lua: &Lua, (words, options): (Vec<String>, Option<Table>)) -> mlua::Result<Keywords> {
    // An empty word matches between any two bytes, inside characters too.
    if let Some(n) = words.iter().position(String::is_empty) {
        return Err(mlua::Error::RuntimeError(format!(
            "quarry.keywords: word {} is empty (an empty word would match everywhere)",
            n + 1
        )));
    }
    let flag = |name: &str, default: bool| -> mlua::Result<bool> {
        match &options {
            Some(options) => Ok(options.get::<Option<bool>>(name)?.unwrap_or(default)),
            None => Ok(default),
        }
    };
    let case_sensitive = flag("case_sensitive", false)?;
    let whole_words = flag("whole_words", true)?;
    let matcher = AhoCorasickBuilder::new()
        .ascii_case_insensitive(!case_sensitive)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&words)
        .map_err(|e| mlua::Error::RuntimeError(format!("quarry.keywords: {e}")))?;
    let bytes = matcher.memory_usage() + words.iter().map(|w| w.len() + 24).sum::<usize>();
    let meter = meter::of(lua);
    meter.host_alloc(lua, bytes)?;
    Ok(Keywords {
        matcher,
        words,
        whole_words,
        bytes,
        meter,
    })
}

fn sentences(lua: &Lua, text: mlua::String) -> mlua::Result<Table> {
    let text = text.to_str()?;
    let list = lua.create_table()?;
    for span in quarry_text::sentences(&text) {
        list.push(span_table(lua, &text, span.start, span.end)?)?;
    }
    Ok(list)
}
