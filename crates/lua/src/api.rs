//! The `quarry` table every script sees: helpers that make rules short and fast.
//! - `quarry.find(text, pattern)`: Rust-regex matches (patterns compiled once per state);
//! - `quarry.keywords(words [, {case_sensitive, whole_words}])`: an aho-corasick matcher;
//! - `quarry.number(phrase)` and `quarry.NUMBER`: numbers as news writes them;
//! - `quarry.sentences(text)`: sentence spans;
//! - `quarry.match(doc, pattern)`: token patterns over the document's analysis (see
//!   `layer.rs`, which also gives `doc:tokens()`, `doc:numbers()`, `doc:chunks()`).
//!
//! All positions are 1-based and inclusive, like `string.find`.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use mlua::{Lua, Table, UserData, UserDataMethods};
use quarry_numbers::{parse, NUMBER_PATTERN};
use regex::Regex;

/// Compiled patterns of one Lua state; bounded so that a script generating patterns
/// cannot grow it without end.
#[derive(Default)]
struct RegexCache(HashMap<String, Regex>);

const REGEX_CACHE_LIMIT: usize = 256;

pub fn install(lua: &Lua) -> mlua::Result<()> {
    let quarry = lua.create_table()?;
    quarry.set("find", lua.create_function(find)?)?;
    quarry.set("keywords", lua.create_function(keywords)?)?;
    quarry.set(
        "number",
        lua.create_function(|_, phrase: String| {
            Ok(parse(&phrase).and_then(|a| a.exact()).map(|n| n as i64))
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

fn compiled(lua: &Lua, pattern: &str) -> mlua::Result<Regex> {
    if let Some(cache) = lua.app_data_ref::<RegexCache>() {
        if let Some(regex) = cache.0.get(pattern) {
            return Ok(regex.clone());
        }
    }
    let regex = Regex::new(pattern).map_err(|e| {
        mlua::Error::RuntimeError(format!("quarry.find: invalid pattern {pattern:?}: {e}"))
    })?;
    if let Some(mut cache) = lua.app_data_mut::<RegexCache>() {
        if cache.0.len() >= REGEX_CACHE_LIMIT {
            cache.0.clear();
        }
        cache.0.insert(pattern.to_owned(), regex.clone());
    }
    Ok(regex)
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
    let regex = compiled(lua, &pattern)?;
    let text = text.to_str()?;
    let names: Vec<Option<&str>> = regex.capture_names().collect();
    let matches = lua.create_table()?;
    for caps in regex.captures_iter(&text) {
        let whole = caps.get(0).expect("group 0 always exists");
        let found = span_table(lua, &text, whole.start(), whole.end())?;
        let groups = lua.create_table()?;
        for (index, name) in names.iter().enumerate().skip(1) {
            if let Some(group) = caps.get(index) {
                let group_table = span_table(lua, &text, group.start(), group.end())?;
                if let Some(name) = name {
                    groups.set(*name, group_table.clone())?;
                }
                groups.set(index, group_table)?;
            }
        }
        found.set("groups", groups)?;
        matches.push(found)?;
    }
    Ok(matches)
}

struct Keywords {
    matcher: AhoCorasick,
    words: Vec<String>,
    whole_words: bool,
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

fn keywords(_lua: &Lua, (words, options): (Vec<String>, Option<Table>)) -> mlua::Result<Keywords> {
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
    Ok(Keywords {
        matcher,
        words,
        whole_words,
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
