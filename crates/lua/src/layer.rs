//! The linguistic layer as Lua sees it: `doc:tokens()`, `doc:sentences()`,
//! `doc:quotations()`, `doc:numbers()`, `doc:chunks()` and the token pattern matcher behind `doc:match(pattern)`
//! and `quarry.match(doc, pattern)`. The analysis is the document's own
//! (`quarry_text::Analysis::of_document`): made once, whichever stage asks first.
//!
//! Positions are the script's (1-based, inclusive), so that `{kind = "x", start = m.start,
//! stop = m.stop}` is a valid fact. This module converts and matches; it analyses nothing.

use mlua::{Lua, Scope, Table, Value};
use quarry_core::Document;
use quarry_text::{noun_phrases, Analysis, Category, Classes, Shape, Token};

use crate::api::span_table;

/// The longest token pattern a script may give.
const PATTERN_LIMIT: usize = 64;

/// Adds the layer's methods to the `doc` table.
pub fn install<'scope, 'env: 'scope>(
    scope: &'scope Scope<'scope, 'env>,
    doc: &'env Document,
    table: &Table,
) -> mlua::Result<()> {
    table.set(
        "tokens",
        scope.create_function(move |lua, _: Value| {
            let analysis = Analysis::of_document(doc);
            let list = lua.create_table()?;
            for token in &analysis.tokens {
                list.push(token_table(lua, doc.text(), token)?)?;
            }
            Ok(list)
        })?,
    )?;
    table.set(
        "sentences",
        scope.create_function(move |lua, _: Value| {
            let list = lua.create_table()?;
            for span in quarry_text::sentences(doc.text()) {
                list.push(span_table(lua, doc.text(), span.start, span.end)?)?;
            }
            Ok(list)
        })?,
    )?;
    table.set(
        "quotations",
        scope.create_function(move |lua, _: Value| {
            let list = lua.create_table()?;
            for quoted in quarry_text::quotations(doc.text()) {
                let entry = span_table(lua, doc.text(), quoted.span.start, quoted.span.end)?;
                entry.set("closed", quoted.closed)?;
                list.push(entry)?;
            }
            Ok(list)
        })?,
    )?;
    table.set(
        "numbers",
        scope.create_function(move |lua, _: Value| {
            let analysis = Analysis::of_document(doc);
            let list = lua.create_table()?;
            for number in &analysis.numbers {
                let span = analysis.span(number.qualifier_first, number.end);
                let entry = span_table(lua, doc.text(), span.start, span.end)?;
                entry.set("value", number.count())?;
                entry.set("vague", number.count().is_none())?;
                entry.set("qualifier", number.qualifier)?;
                list.push(entry)?;
            }
            Ok(list)
        })?,
    )?;
    table.set(
        "chunks",
        scope.create_function(move |lua, _: Value| {
            let analysis = Analysis::of_document(doc);
            let list = lua.create_table()?;
            for phrase in noun_phrases(&analysis.tokens, &analysis.numbers) {
                let span = analysis.span(phrase.first, phrase.end);
                let entry = span_table(lua, doc.text(), span.start, span.end)?;
                entry.set("kind", phrase.kind.as_str())?;
                entry.set("head", analysis.tokens[phrase.head].text(doc.text()))?;
                entry.set("count", phrase.count)?;
                entry.set("qualifier", phrase.qualifier)?;
                entry.set("negated", phrase.negated)?;
                list.push(entry)?;
            }
            Ok(list)
        })?,
    )?;
    table.set(
        "match",
        scope.create_function(move |lua, (_, pattern): (Value, Table)| {
            let tests = parse_pattern(&pattern).map_err(|e| located(lua, e))?;
            let analysis = Analysis::of_document(doc);
            let text = doc.text();
            let list = lua.create_table()?;
            let sentence_of = sentence_indexes(text, &analysis.tokens);
            for start in 0..analysis.tokens.len() {
                let Some(end) = match_at(&tests, &analysis.tokens, text, &sentence_of, start)
                else {
                    continue;
                };
                let span = analysis.span(start, end);
                let found = span_table(lua, text, span.start, span.end)?;
                let tokens = lua.create_table()?;
                for token in &analysis.tokens[start..end] {
                    tokens.push(token_table(lua, text, token)?)?;
                }
                found.set("tokens", tokens)?;
                list.push(found)?;
            }
            Ok(list)
        })?,
    )?;
    Ok(())
}

fn token_table(lua: &Lua, text: &str, token: &Token) -> mlua::Result<Table> {
    let table = span_table(lua, text, token.start, token.end)?;
    table.set("lower", &*token.lower)?;
    table.set("shape", token.shape.as_str())?;
    let classes = lua.create_table()?;
    for name in token.classes.names() {
        classes.push(name)?;
    }
    table.set("classes", classes)?;
    if let Some(word) = token.casualty {
        table.set("category", word.category.as_str())?;
    }
    if let Some(number) = token.number {
        table.set("number", number.exact())?;
    }
    Ok(table)
}

/// How many tokens a test takes: one, one or none (`?`), any number (`*`), one or more
/// (`+`). Repeats take all the tokens they can and give none back (possessive), so
/// that a match costs at most the length of its sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Repeat {
    One,
    Optional,
    Any,
    OneOrMore,
}

/// One token test of a pattern: every field given must hold.
#[derive(Debug, Default)]
struct Test {
    lower: Option<Vec<String>>,
    text: Option<String>,
    shape: Option<Shape>,
    class: Option<Classes>,
    category: Option<Category>,
    number: Option<bool>,
    repeat: Option<Repeat>,
}

impl Test {
    fn holds(&self, token: &Token, text: &str) -> bool {
        self.lower
            .as_ref()
            .is_none_or(|words| words.iter().any(|w| *w == *token.lower))
            && self.text.as_ref().is_none_or(|t| t == token.text(text))
            && self.shape.is_none_or(|s| s == token.shape)
            && self.class.is_none_or(|c| token.has(c))
            && self
                .category
                .is_none_or(|c| token.casualty.is_some_and(|w| w.category == c))
            && self.number.is_none_or(|n| token.number.is_some() == n)
    }
}

fn pattern_error(message: String) -> mlua::Error {
    mlua::Error::RuntimeError(format!("quarry.match: {message}"))
}

/// The error with the script line that called the matcher in front (`rule.lua:12: …`),
/// as Lua's own errors have it.
fn located(lua: &Lua, error: mlua::Error) -> mlua::Error {
    let mlua::Error::RuntimeError(message) = error else {
        return error;
    };
    for level in 0..8 {
        let Some(frame) = lua.inspect_stack(level) else {
            break;
        };
        let line = frame.curr_line();
        if line > 0 {
            let source = frame.source().short_src.unwrap_or_default();
            return mlua::Error::RuntimeError(format!("{source}:{line}: {message}"));
        }
    }
    mlua::Error::RuntimeError(message)
}

fn parse_pattern(pattern: &Table) -> mlua::Result<Vec<Test>> {
    let length = pattern.raw_len();
    if length == 0 || length > PATTERN_LIMIT {
        return Err(pattern_error(format!(
            "a pattern is a list of 1 to {PATTERN_LIMIT} token tests, this one has {length}"
        )));
    }
    let mut tests = Vec::with_capacity(length);
    for index in 1..=length {
        let Value::Table(entry) = pattern.raw_get::<Value>(index)? else {
            return Err(pattern_error(format!("test {index} is not a table")));
        };
        tests.push(parse_test(index, &entry)?);
    }
    Ok(tests)
}

fn parse_test(index: usize, entry: &Table) -> mlua::Result<Test> {
    let mut test = Test::default();
    for pair in entry.pairs::<String, Value>() {
        let (key, value) = pair?;
        let text = |value: &Value| -> mlua::Result<String> {
            match value {
                Value::String(s) => Ok(s.to_str()?.to_owned()),
                other => Err(pattern_error(format!(
                    "test {index}: `{key}` takes a string, not a {}",
                    other.type_name()
                ))),
            }
        };
        match key.as_str() {
            "lower" => {
                test.lower = Some(match &value {
                    Value::Table(words) => words
                        .sequence_values::<String>()
                        .collect::<mlua::Result<_>>()?,
                    other => vec![text(other)?],
                });
            }
            "text" => test.text = Some(text(&value)?),
            "shape" => {
                let name = text(&value)?;
                test.shape = Some(SHAPES.iter().copied().find(|s| s.as_str() == name).ok_or_else(
                    || pattern_error(format!("test {index}: no shape `{name}` (shapes: {})", names(SHAPES.iter().map(|s| s.as_str())))),
                )?);
            }
            "class" => {
                let name = text(&value)?;
                test.class = Some(Classes::named(&name).ok_or_else(|| {
                    pattern_error(format!(
                        "test {index}: no class `{name}` (classes: {})",
                        names(Classes::NAMED.iter().map(|(_, n)| *n))
                    ))
                })?);
            }
            "category" => {
                let name = text(&value)?;
                test.category = Some(CATEGORIES.iter().copied().find(|c| c.as_str() == name).ok_or_else(
                    || pattern_error(format!("test {index}: no category `{name}` (killed, injured, missing, captured)")),
                )?);
            }
            "number" => match value {
                Value::Boolean(b) => test.number = Some(b),
                other => {
                    return Err(pattern_error(format!(
                        "test {index}: `number` takes true or false, not a {}",
                        other.type_name()
                    )))
                }
            },
            "op" => {
                test.repeat = Some(match text(&value)?.as_str() {
                    "?" => Repeat::Optional,
                    "*" => Repeat::Any,
                    "+" => Repeat::OneOrMore,
                    other => {
                        return Err(pattern_error(format!(
                            "test {index}: `op` is \"?\", \"*\" or \"+\", not {other:?}"
                        )))
                    }
                });
            }
            other => {
                return Err(pattern_error(format!(
                    "test {index}: unknown key `{other}` (keys: lower, text, shape, class, category, number, op)"
                )))
            }
        }
    }
    Ok(test)
}

const SHAPES: [Shape; 6] = [
    Shape::Lower,
    Shape::Capitalised,
    Shape::AllCaps,
    Shape::Digits,
    Shape::Mixed,
    Shape::Punctuation,
];

const CATEGORIES: [Category; 4] = [
    Category::Killed,
    Category::Injured,
    Category::Missing,
    Category::Captured,
];

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// For each token, the index of its sentence: matches never cross sentences.
fn sentence_indexes(text: &str, tokens: &[Token]) -> Vec<usize> {
    let sentences = quarry_text::sentences(text);
    let mut index = 0;
    tokens
        .iter()
        .map(|token| {
            while index + 1 < sentences.len() && sentences[index].end <= token.start {
                index += 1;
            }
            index
        })
        .collect()
}

/// Where a match of `tests` from token `start` ends, if the tokens there match and the
/// match is not empty.
fn match_at(
    tests: &[Test],
    tokens: &[Token],
    text: &str,
    sentence_of: &[usize],
    start: usize,
) -> Option<usize> {
    let sentence = sentence_of[start];
    let fits = |at: usize, test: &Test| {
        at < tokens.len() && sentence_of[at] == sentence && test.holds(&tokens[at], text)
    };
    let mut at = start;
    for test in tests {
        let repeat = test.repeat.unwrap_or(Repeat::One);
        if matches!(repeat, Repeat::One | Repeat::OneOrMore) && !fits(at, test) {
            return None;
        }
        match repeat {
            Repeat::One => at += 1,
            Repeat::Optional => at += usize::from(fits(at, test)),
            Repeat::Any | Repeat::OneOrMore => {
                while fits(at, test) {
                    at += 1;
                }
            }
        }
    }
    (at > start).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(lower: &str, repeat: Option<Repeat>) -> Test {
        Test {
            lower: Some(vec![lower.to_owned()]),
            repeat,
            ..Test::default()
        }
    }

    fn ends(tests: &[Test], text: &str) -> Vec<(usize, usize)> {
        let analysis = Analysis::of(text);
        let sentence_of = sentence_indexes(text, &analysis.tokens);
        (0..analysis.tokens.len())
            .filter_map(|start| {
                match_at(tests, &analysis.tokens, text, &sentence_of, start).map(|end| (start, end))
            })
            .collect()
    }

    #[test]
    fn repeats_take_what_they_can_and_matches_stay_in_their_sentence() {
        let very = [test("very", Some(Repeat::Any)), test("bad", None)];
        assert_eq!(
            ends(&very, "very very bad, bad"),
            [(0, 3), (1, 3), (2, 3), (4, 5)]
        );
        let one_or_more = [test("a", Some(Repeat::OneOrMore))];
        assert_eq!(ends(&one_or_more, "a a. a"), [(0, 2), (1, 2), (3, 4)]);
        let optional = [test("the", Some(Repeat::Optional)), test("dead", None)];
        assert_eq!(
            ends(&optional, "the dead and dead"),
            [(0, 2), (1, 2), (3, 4)]
        );
        // A possessive repeat gives nothing back: `a*` then `a` never matches.
        let greedy = [test("a", Some(Repeat::Any)), test("a", None)];
        assert_eq!(ends(&greedy, "a a"), []);
    }
}
