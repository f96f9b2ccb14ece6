//! The contract's output line for one document: `{"id", "facts", "errors"}` (plus `meta`
//! when the input had unknown fields), with offsets in code points of the original text.
//! Pure functions from results to JSON; writing and ordering are [`crate::stream`]'s job.

use serde_json::{json, Map, Value};

use crate::input::Record;
use crate::offsets::CodePoints;
use crate::{DocResult, Document, Fact};

/// The output object of a record and the result of running the pipeline on it (an invalid
/// record has no result of its own: it gets its `input` error and no facts).
pub fn record_json(record: &Record, result: &DocResult) -> Value {
    match record {
        Record::Doc(doc) => document_json(doc, result),
        Record::Invalid { id, message } => json!({
            "id": id,
            "facts": [],
            "errors": [{"stage": "input", "message": message}],
        }),
    }
}

fn document_json(doc: &Document, result: &DocResult) -> Value {
    let mut code_points = CodePoints::new(doc.original());
    let facts: Vec<Value> = result
        .facts
        .iter()
        .map(|fact| fact_json(fact, doc, &mut code_points))
        .collect();
    let errors: Vec<Value> = result
        .errors
        .iter()
        .map(|e| json!({"stage": e.stage, "message": e.message}))
        .collect();
    let mut line = Map::new();
    line.insert("id".into(), doc.id().into());
    line.insert("facts".into(), facts.into());
    line.insert("errors".into(), errors.into());
    if !doc.meta().is_empty() {
        line.insert("meta".into(), Value::Object(doc.meta().clone()));
    }
    Value::Object(line)
}

fn fact_json(fact: &Fact, doc: &Document, code_points: &mut CodePoints) -> Value {
    let shift = doc.body_start();
    let mut attrs = fact.attrs.clone();
    for (name, span) in &fact.anchors {
        attrs.insert(
            format!("{name}_start"),
            code_points.at(shift + span.start).into(),
        );
        attrs.insert(
            format!("{name}_end"),
            code_points.at(shift + span.end).into(),
        );
    }
    json!({
        "kind": fact.kind,
        "start": code_points.at(shift + fact.span.start),
        "end": code_points.at(shift + fact.span.end),
        "text": fact.text(doc.text()),
        "source": fact.source,
        "attrs": attrs,
    })
}

/// One JSONL line (with its newline) for a record.
pub fn jsonl_line(record: &Record, result: &DocResult) -> Vec<u8> {
    let mut line = serde_json::to_vec(&record_json(record, result))
        .expect("serializing a JSON value to memory cannot fail");
    line.push(b'\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_text;
    use crate::{Span, StageError};

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
