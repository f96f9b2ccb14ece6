//! A fact: one extracted item (a date, a quote, a casualty mention …) located in the text.
//!
//! Spans are byte offsets into [`crate::Document::text`]; the conversion to the code-point
//! offsets of the output happens once, in [`crate::output`]. Attributes are free-form JSON
//! values, except positions inside the text, which go in [`Fact::anchors`] so that they are
//! converted like the span.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A half-open byte range `start..end` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the span can be cut out of `text` (inside it, on character boundaries).
    pub fn fits(&self, text: &str) -> bool {
        self.start <= self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

/// Keeps each candidate that overlaps no candidate before it in `by_priority` (best
/// first), and returns the kept ones in text order. Extractors that propose overlapping
/// readings of the same words settle them with this.
///
/// O(n log n): the kept spans do not overlap, so only the kept span that starts last
/// before a candidate ends can overlap it.
pub fn without_overlaps<T>(by_priority: Vec<T>, span_of: impl Fn(&T) -> Span) -> Vec<T> {
    let mut kept: Vec<T> = Vec::with_capacity(by_priority.len());
    let mut kept_ends_by_start: BTreeMap<usize, usize> = BTreeMap::new();
    for candidate in by_priority {
        let span = span_of(&candidate);
        if !span.is_empty() {
            let clash = kept_ends_by_start
                .range(..span.end)
                .next_back()
                .is_some_and(|(_, &end)| end > span.start);
            if clash {
                continue;
            }
            kept_ends_by_start.insert(span.start, span.end);
        }
        kept.push(candidate);
    }
    kept.sort_by_key(|k| span_of(k).start);
    kept
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub kind: Cow<'static, str>,
    pub span: Span,
    /// The stage that produced the fact; the pipeline fills it in.
    pub source: Cow<'static, str>,
    pub attrs: Attrs,
    /// Named positions in the text, written as `<name>_start` / `<name>_end` attributes
    /// (e.g. the speaker of a quote).
    pub anchors: Vec<(Cow<'static, str>, Span)>,
}

impl Fact {
    pub fn new(kind: impl Into<Cow<'static, str>>, span: Span) -> Self {
        Fact {
            kind: kind.into(),
            span,
            source: Cow::Borrowed(""),
            attrs: Attrs::default(),
            anchors: Vec::new(),
        }
    }

    /// Adds an attribute; builder style for the common case of a few fixed keys.
    pub fn attr(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<Value>) -> Self {
        self.attrs.insert(key, value.into());
        self
    }

    pub fn anchor(mut self, name: impl Into<Cow<'static, str>>, span: Span) -> Self {
        self.anchors.push((name.into(), span));
        self
    }

    /// The fact's text, cut out of the document text its span refers to.
    pub fn text<'t>(&self, doc_text: &'t str) -> &'t str {
        &doc_text[self.span.start..self.span.end]
    }
}

/// How deeply attribute values may nest (objects and arrays in each other). Facts from
/// outside the process's own code (Lua scripts, compiled plugins) are checked against it,
/// so that every output line can be read back by a JSON parser with the usual recursion
/// limit (`--format pretty`, `quarry report`) and nothing recurses without bound.
pub const MAX_ATTR_DEPTH: usize = 64;

/// How deeply a JSON value nests: 0 for a scalar, 1 for `[1]`, 2 for `{"a": [1]}`. Counted
/// without recursion, so any depth is safe to ask about.
pub fn json_depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 0)];
    while let Some((value, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Array(items) => pending.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(fields) => pending.extend(fields.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    deepest
}

/// A fact's attributes, in the order they were first set. A fact has a few, so a list
/// costs less than a map (no hashing, one allocation) and keys known in advance are not
/// copied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs(Vec<(Cow<'static, str>, Value)>);

impl Attrs {
    /// Sets `key` to `value`: in place when it is set already, else after the others.
    pub fn insert(&mut self, key: impl Into<Cow<'static, str>>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The attributes as a JSON object, in order.
    pub fn to_json(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect()
    }
}

impl FromIterator<(String, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(pairs: I) -> Self {
        let mut attrs = Attrs::default();
        for (key, value) in pairs {
            attrs.insert(key, value);
        }
        attrs
    }
}

impl std::ops::Index<&str> for Attrs {
    type Output = Value;

    /// The value of `key`, or `null` when it is not set (as a JSON object indexes).
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_overlaps_keeps_the_first_of_each_overlapping_group_in_text_order() {
        let spans = vec![
            Span::new(10, 20),
            Span::new(5, 12),
            Span::new(18, 25),
            Span::new(0, 5),
            Span::new(20, 22),
            Span::new(3, 3),
        ];
        assert_eq!(
            without_overlaps(spans, |s| *s),
            [
                Span::new(0, 5),
                Span::new(3, 3),
                Span::new(10, 20),
                Span::new(20, 22)
            ]
        );
    }

    #[test]
    fn attributes_keep_their_first_place_when_set_again() {
        let fact = Fact::new("k", Span::new(0, 1))
            .attr("type", "DATE")
            .attr("value", "2022")
            .attr(String::from("type"), "TIME");
        let pairs: Vec<_> = fact.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(pairs, ["type=\"TIME\"", "value=\"2022\""]);
        assert_eq!(fact.attrs["value"], "2022");
        assert_eq!(fact.attrs["missing"], Value::Null);
        assert_eq!(
            serde_json::Value::Object(fact.attrs.to_json()).to_string(),
            r#"{"type":"TIME","value":"2022"}"#
        );
    }

    #[test]
    fn without_overlaps_is_fast_on_many_candidates() {
        let spans: Vec<Span> = (0..200_000).map(|i| Span::new(i * 2, i * 2 + 3)).collect();
        assert_eq!(without_overlaps(spans, |s| *s).len(), 100_000);
    }
}
