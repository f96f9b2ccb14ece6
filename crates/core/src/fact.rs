//! A fact: one extracted item (a date, a quote, a casualty mention …) located in the text.
//!
//! Spans are byte offsets into [`crate::Document::text`]; the conversion to the code-point
//! offsets of the output happens once, in [`crate::output`]. Attributes are free-form JSON
//! values, except positions inside the text, which go in [`Fact::anchors`] so that they are
//! converted like the span.

use std::borrow::Cow;

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

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
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
pub fn without_overlaps<T>(by_priority: Vec<T>, span_of: impl Fn(&T) -> Span) -> Vec<T> {
    let mut kept: Vec<T> = Vec::with_capacity(by_priority.len());
    for candidate in by_priority {
        let span = span_of(&candidate);
        if !kept.iter().any(|k| span_of(k).overlaps(&span)) {
            kept.push(candidate);
        }
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
    pub attrs: Map<String, Value>,
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
            attrs: Map::new(),
            anchors: Vec::new(),
        }
    }

    /// Adds an attribute; builder style for the common case of a few fixed keys.
    pub fn attr(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.attrs.insert(key.to_owned(), value.into());
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
