//! A document as extractors see it: an id, the text, the optional creation date and the
//! input fields quarry does not know (kept to be echoed back as `meta`).
//!
//! The original text may start with a header that is not part of the document's text
//! (the ` date YYYY-MM-DD` line of plain-text input); extractors only see [`Document::text`]
//! and their spans are relative to it, while output offsets count from the start of the
//! original. This module does not parse input; see [`crate::input`].

use jiff::civil::Date;

#[derive(Debug, Clone)]
pub struct Document {
    id: String,
    original: String,
    body_start: usize,
    date: Option<Date>,
    meta: serde_json::Map<String, serde_json::Value>,
}

impl Document {
    /// A document whose whole `text` is what extractors see.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            original: text.into(),
            body_start: 0,
            date: None,
            meta: serde_json::Map::new(),
        }
    }

    /// A document whose first `body_start` bytes of `original` are a header that extractors
    /// must not see. `body_start` must lie on a character boundary of `original`.
    pub fn with_header(id: impl Into<String>, original: String, body_start: usize) -> Self {
        assert!(
            original.is_char_boundary(body_start),
            "header end {body_start} is not a character boundary"
        );
        Document {
            body_start,
            ..Document::new(id, original)
        }
    }

    pub fn with_date(mut self, date: Option<Date>) -> Self {
        self.date = date;
        self
    }

    pub fn with_meta(mut self, meta: serde_json::Map<String, serde_json::Value>) -> Self {
        self.meta = meta;
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The text extractors work on; fact spans are byte offsets into it.
    pub fn text(&self) -> &str {
        &self.original[self.body_start..]
    }

    /// The text as it was given, header included: output offsets index into it.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// Where [`Document::text`] starts inside [`Document::original`], in bytes.
    pub fn body_start(&self) -> usize {
        self.body_start
    }

    /// The creation date, the anchor for relative expressions such as "yesterday".
    pub fn date(&self) -> Option<Date> {
        self.date
    }

    pub fn meta(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.meta
    }
}
