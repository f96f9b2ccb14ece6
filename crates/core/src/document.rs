//! A document as extractors see it: an id, the text, the optional creation date and the
//! input fields quarry does not know (kept to be echoed back as `meta`).
//!
//! The original text may start with a header that is not part of the document's text
//! (the ` date YYYY-MM-DD` line of plain-text input); extractors only see [`Document::text`]
//! and their spans are relative to it, while output offsets count from the start of the
//! original. This module does not parse input; see [`crate::input`].

use std::any::Any;
use std::fmt;
use std::sync::OnceLock;

use jiff::civil::Date;

pub struct Document {
    id: String,
    original: String,
    body_start: usize,
    date: Option<Date>,
    meta: serde_json::Map<String, serde_json::Value>,
    /// What was wrong with the input that did not stop the document (a `date` that is not
    /// ISO 8601): written first among its errors, as stage `input`.
    input_errors: Vec<String>,
    /// The linguistic analysis of the text, made by the first stage that asks for it and
    /// read by every later one (see [`Document::analysis`]).
    analysis: OnceLock<Box<dyn Any + Send + Sync>>,
}

impl Clone for Document {
    /// A copy without the analysis, which the copy makes again when asked.
    fn clone(&self) -> Self {
        Document {
            id: self.id.clone(),
            original: self.original.clone(),
            body_start: self.body_start,
            date: self.date,
            meta: self.meta.clone(),
            input_errors: self.input_errors.clone(),
            analysis: OnceLock::new(),
        }
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("id", &self.id)
            .field("original", &self.original)
            .field("body_start", &self.body_start)
            .field("date", &self.date)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
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
            input_errors: Vec::new(),
            analysis: OnceLock::new(),
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

    /// Notes a problem of the input that the document is processed despite.
    pub fn with_input_error(mut self, message: impl Into<String>) -> Self {
        self.input_errors.push(message.into());
        self
    }

    pub fn input_errors(&self) -> &[String] {
        &self.input_errors
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

    /// The document's analysis of type `T`, made by `analyse` from the text the first time
    /// any stage asks, and shared by every stage after it. Core does not know what an
    /// analysis is (the linguistic layer, `quarry-text`, does): it only keeps one.
    ///
    /// A document keeps one analysis; asking for another type than the first one made
    /// gives `None`.
    pub fn analysis<T: Any + Send + Sync>(&self, analyse: impl FnOnce(&str) -> T) -> Option<&T> {
        self.analysis
            .get_or_init(|| Box::new(analyse(self.text())))
            .downcast_ref::<T>()
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn the_analysis_is_made_once_and_shared() {
        let doc = Document::new("d", "two words");
        let made = std::cell::Cell::new(0);
        let count = |text: &str| {
            made.set(made.get() + 1);
            text.split(' ').count()
        };
        assert_eq!(doc.analysis(count), Some(&2));
        assert_eq!(doc.analysis(count), Some(&2));
        assert_eq!(made.get(), 1);
        assert_eq!(doc.analysis(|_| "another type"), None);
        assert_eq!(
            doc.clone().analysis(count),
            Some(&2),
            "a copy makes its own"
        );
        assert_eq!(made.get(), 2);
    }
}
