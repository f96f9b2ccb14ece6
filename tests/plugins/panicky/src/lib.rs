//! A test plugin that panics on every document containing "PANIC" and otherwise reports
//! each occurrence of "ok": the host must turn the panic into that document's error and
//! keep the other documents' output.

use quarry_core::{Document, ExtractError, Extractor, Fact, Options, Span};

struct Panicky;

impl Extractor for Panicky {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        if doc.text().contains("PANIC") {
            panic!("this document made the plugin panic");
        }
        Ok(doc
            .text()
            .match_indices("ok")
            .map(|(i, _)| Fact::new("ok", Span::new(i, i + 2)))
            .collect())
    }
}

quarry_plugin_sdk::export_plugin!(name: "panicky", kinds: ["ok"], build: |_options: &Options| Ok(Panicky));
