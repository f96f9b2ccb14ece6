//! The contract's output line for one document: `{"id", "facts", "errors"}` (plus `meta`
//! when the input had unknown fields), with offsets in code points of the original text.
//! Pure functions from results to JSON; writing and ordering are [`crate::stream`]'s job.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use serde_json::{Map, Value};

use crate::input::Record;
use crate::offsets::CodePoints;
use crate::{DocResult, Document, Fact, StageError};

/// The output object of a record and the result of running the pipeline on it (an invalid
/// record has no result of its own: it gets its `input` error and no facts).
pub fn record_json(record: &Record, result: &DocResult) -> Value {
    serde_json::to_value(Line::new(record, result))
        .expect("an output line is always representable as JSON")
}

/// One JSONL line (with its newline) for a record, written straight from the facts.
pub fn jsonl_line(record: &Record, result: &DocResult) -> Vec<u8> {
    let mut line =
        serde_json::to_vec(&Line::new(record, result)).expect("serializing to memory cannot fail");
    line.push(b'\n');
    line
}

/// The contract's object for one record, borrowing everything: serializing it is the only
/// work, with offsets converted to code points on the way.
struct Line<'a> {
    id: &'a str,
    facts: Vec<FactOut<'a>>,
    errors: Errors<'a>,
    meta: Option<&'a Map<String, Value>>,
}

enum Errors<'a> {
    Stages(&'a [StageError]),
    Input(&'a str),
}

struct FactOut<'a> {
    fact: &'a Fact,
    text: &'a str,
    start: usize,
    end: usize,
    /// (`<name>_start`, `<name>_end`, start, end) of each anchor, in code points.
    anchors: Vec<(String, String, usize, usize)>,
}

impl<'a> Line<'a> {
    fn new(record: &'a Record, result: &'a DocResult) -> Self {
        match record {
            Record::Doc(doc) => Line {
                id: doc.id(),
                facts: facts_out(doc, &result.facts),
                errors: Errors::Stages(&result.errors),
                meta: (!doc.meta().is_empty()).then(|| doc.meta()),
            },
            Record::Invalid { id, message } => Line {
                id,
                facts: Vec::new(),
                errors: Errors::Input(message),
                meta: None,
            },
        }
    }
}

fn facts_out<'a>(doc: &'a Document, facts: &'a [Fact]) -> Vec<FactOut<'a>> {
    let mut code_points = CodePoints::new(doc.original());
    let shift = doc.body_start();
    let mut at = |byte: usize| code_points.at(shift + byte);
    facts
        .iter()
        .map(|fact| FactOut {
            fact,
            text: fact.text(doc.text()),
            start: at(fact.span.start),
            end: at(fact.span.end),
            anchors: fact
                .anchors
                .iter()
                .map(|(name, span)| {
                    (
                        format!("{name}_start"),
                        format!("{name}_end"),
                        at(span.start),
                        at(span.end),
                    )
                })
                .collect(),
        })
        .collect()
}

impl Serialize for Line<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut line = serializer.serialize_struct("Line", 3 + usize::from(self.meta.is_some()))?;
        line.serialize_field("id", self.id)?;
        line.serialize_field("facts", &self.facts)?;
        line.serialize_field("errors", &self.errors)?;
        if let Some(meta) = self.meta {
            line.serialize_field("meta", meta)?;
        }
        line.end()
    }
}

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Errors::Stages(errors) => serializer.collect_seq(errors.iter().map(|e| ErrorOut {
                stage: &e.stage,
                message: &e.message,
            })),
            Errors::Input(message) => serializer.collect_seq([ErrorOut {
                stage: "input",
                message,
            }]),
        }
    }
}

#[derive(serde::Serialize)]
struct ErrorOut<'a> {
    stage: &'a str,
    message: &'a str,
}

impl Serialize for FactOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fact = serializer.serialize_struct("Fact", 6)?;
        fact.serialize_field("kind", &self.fact.kind)?;
        fact.serialize_field("start", &self.start)?;
        fact.serialize_field("end", &self.end)?;
        fact.serialize_field("text", self.text)?;
        fact.serialize_field("source", &self.fact.source)?;
        fact.serialize_field("attrs", &Attrs(self))?;
        fact.end()
    }
}

/// A fact's attributes followed by its anchors' `<name>_start`/`<name>_end`.
struct Attrs<'f, 'a>(&'f FactOut<'a>);

impl Serialize for Attrs<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FactOut { fact, anchors, .. } = self.0;
        let mut attrs = serializer.serialize_map(Some(fact.attrs.len() + 2 * anchors.len()))?;
        for (key, value) in fact.attrs.iter() {
            attrs.serialize_entry(key, value)?;
        }
        for (start_key, end_key, start, end) in anchors {
            attrs.serialize_entry(start_key, start)?;
            attrs.serialize_entry(end_key, end)?;
        }
        attrs.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_text;
    use crate::{Span, StageError};
    use serde_json::json;

    #[test]
    fn offsets_are_code_points_of_the_original_including_the_header() {
        let record = parse_text(
            "t.txt",
            " date 2022-11-11 Ça va “bien” le 5.".as_bytes().to_vec(),
        );
        let Record::Doc(doc) = &record else {
            panic!("valid text")
        };
        let start = doc.text().find("bien").expect("present");
        let span = Span::new(start, start + "bien".len());
        let fact = Fact::new("word", span).attr("n", 1).anchor("ref", span);
        let result = DocResult {
            facts: vec![fact],
            errors: vec![StageError {
                stage: "s".into(),
                message: "m".into(),
            }],
        };
        let line = record_json(&record, &result);
        let original: Vec<char> = doc.original().chars().collect();
        let fact = &line["facts"][0];
        let (s, e) = (
            fact["start"].as_u64().unwrap() as usize,
            fact["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(original[s..e].iter().collect::<String>(), "bien");
        assert_eq!(fact["text"], "bien");
        assert_eq!(fact["attrs"]["ref_start"], s);
        assert_eq!(fact["attrs"]["ref_end"], e);
        assert_eq!(line["errors"], json!([{"stage": "s", "message": "m"}]));
    }

    #[test]
    fn invalid_records_get_an_input_error_and_no_facts() {
        let record = Record::Invalid {
            id: "7".into(),
            message: "line 7: missing \"text\"".into(),
        };
        assert_eq!(
            String::from_utf8(jsonl_line(&record, &DocResult::default())).unwrap(),
            "{\"id\":\"7\",\"facts\":[],\"errors\":[{\"stage\":\"input\",\"message\":\"line 7: missing \\\"text\\\"\"}]}\n"
        );
    }
}
