//! The contract's output line for one document: `{"id", "facts", "errors"}` (plus `meta`
//! when the input had unknown fields), with offsets in code points of the original text.
//! Pure functions from results to JSON; writing and ordering are [`crate::stream`]'s job.

use serde_json::Value;

use crate::input::Record;
use crate::offsets::CodePoints;
use crate::{DocResult, Fact};

/// The output object of a record and the result of running the pipeline on it (an invalid
/// record has no result of its own: it gets its `input` error and no facts).
pub fn record_json(record: &Record, result: &DocResult) -> Value {
    // The line is valid JSON, but an in-process extractor may nest attrs past what the
    // parser reads back (facts from scripts and plugins are held to `MAX_ATTR_DEPTH`):
    // the document then gets an `output` error instead of its facts.
    serde_json::from_slice(&jsonl_line(record, result)).unwrap_or_else(|e| {
        serde_json::json!({
            "id": record.id(),
            "facts": [],
            "errors": [{"stage": "output", "message": format!("its facts cannot be shown: {e}")}],
        })
    })
}

/// One JSONL line (with its newline) for a record, written straight from the facts: the
/// keys are constants and offsets are converted to code points on the way, so that
/// writing costs little next to extracting.
pub fn jsonl_line(record: &Record, result: &DocResult) -> Vec<u8> {
    let mut line = Vec::with_capacity(256 + 192 * result.facts.len());
    match record {
        Record::Doc(doc) => {
            line.extend_from_slice(b"{\"id\":");
            write_str(&mut line, doc.id());
            line.extend_from_slice(b",\"facts\":[");
            let mut code_points = CodePoints::new(doc.original());
            let shift = doc.body_start();
            let mut at = |byte: usize| code_points.at(shift + byte);
            for (index, fact) in result.facts.iter().enumerate() {
                if index > 0 {
                    line.push(b',');
                }
                write_fact(&mut line, fact, fact.text(doc.text()), &mut at);
            }
            line.extend_from_slice(b"],\"errors\":[");
            let input = doc.input_errors().iter().map(|message| ("input", message));
            let stages = result.errors.iter().map(|e| (e.stage.as_str(), &e.message));
            for (index, (stage, message)) in input.chain(stages).enumerate() {
                if index > 0 {
                    line.push(b',');
                }
                write_error(&mut line, stage, message);
            }
            line.push(b']');
            if !doc.meta().is_empty() {
                line.extend_from_slice(b",\"meta\":");
                serde_json::to_writer(&mut line, doc.meta())
                    .expect("writing to memory cannot fail");
            }
        }
        Record::Invalid { id, message } => {
            line.extend_from_slice(b"{\"id\":");
            write_str(&mut line, id);
            line.extend_from_slice(b",\"facts\":[],\"errors\":[");
            write_error(&mut line, "input", message);
            line.push(b']');
        }
    }
    line.extend_from_slice(b"}\n");
    line
}

/// `{"kind", "start", "end", "text", "source", "attrs"}`, the anchors last in `attrs` as
/// `<name>_start` and `<name>_end`.
fn write_fact(line: &mut Vec<u8>, fact: &Fact, text: &str, at: &mut impl FnMut(usize) -> usize) {
    line.extend_from_slice(b"{\"kind\":");
    write_str(line, &fact.kind);
    line.extend_from_slice(b",\"start\":");
    write_number(line, at(fact.span.start));
    line.extend_from_slice(b",\"end\":");
    write_number(line, at(fact.span.end));
    line.extend_from_slice(b",\"text\":");
    write_str(line, text);
    line.extend_from_slice(b",\"source\":");
    write_str(line, &fact.source);
    line.extend_from_slice(b",\"attrs\":{");
    let mut entries = 0;
    let mut key = |line: &mut Vec<u8>, key: &str| {
        if entries > 0 {
            line.push(b',');
        }
        entries += 1;
        write_str(line, key);
        line.push(b':');
    };
    for (name, value) in fact.attrs.iter() {
        key(line, name);
        write_value(line, value);
    }
    for (name, span) in &fact.anchors {
        key(line, &format!("{name}_start"));
        write_number(line, at(span.start));
        key(line, &format!("{name}_end"));
        write_number(line, at(span.end));
    }
    line.extend_from_slice(b"}}");
}

fn write_error(line: &mut Vec<u8>, stage: &str, message: &str) {
    line.extend_from_slice(b"{\"stage\":");
    write_str(line, stage);
    line.extend_from_slice(b",\"message\":");
    write_str(line, message);
    line.push(b'}');
}

fn write_number(line: &mut Vec<u8>, mut number: usize) {
    let mut digits = [0; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[start..]);
}

fn write_value(line: &mut Vec<u8>, value: &Value) {
    match value {
        Value::String(string) => write_str(line, string),
        // Numbers, booleans and nested values: rare, and written as serde_json does.
        other => serde_json::to_writer(line, other).expect("writing to memory cannot fail"),
    }
}

/// A JSON string, escaped as serde_json escapes: quotes, backslashes and control
/// characters, nothing else.
fn write_str(line: &mut Vec<u8>, string: &str) {
    let bytes = string.as_bytes();
    line.reserve(bytes.len() + 2);
    line.push(b'"');
    let mut clean_from = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Most text needs no escape: pass over it eight bytes at a time (read in place;
        // the last few one by one, as most strings written are short: kinds, keys, values).
        if let Some(chunk) = bytes[index..].first_chunk::<8>() {
            if !needs_escape(u64::from_le_bytes(*chunk)) {
                index += 8;
                continue;
            }
        }
        let byte = bytes[index];
        index += 1;
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0x00..=0x1F => b"",
            _ => continue,
        };
        line.extend_from_slice(&bytes[clean_from..index - 1]);
        clean_from = index;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            line.extend_from_slice(b"\\u00");
            line.push(HEX[usize::from(byte >> 4)]);
            line.push(HEX[usize::from(byte & 0xF)]);
        } else {
            line.extend_from_slice(escape);
        }
    }
    line.extend_from_slice(&bytes[clean_from..]);
    line.push(b'"');
}

/// Whether any of eight bytes is a control character, a quote or a backslash (the
/// classic tests for a zero byte and a byte below a bound; exact for "any").
fn needs_escape(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, bound: u64| x.wrapping_sub(ONES * bound) & !x & HIGH != 0;
    below(chunk, 0x20) || below(chunk ^ (ONES * 0x22), 1) || below(chunk ^ (ONES * 0x5C), 1)
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
    fn strings_are_escaped_and_meta_written_as_serde_json_writes_them() {
        let text = "Say \"hi\"\\ now\t\u{1}\u{1f}\u{7f} é “ok”";
        let line = format!(
            "{}\n",
            json!({"id": "a\"b\n", "text": text, "source": {"feed": "x/y", "n": [1, 2.5, null]}})
        );
        let record = crate::input::parse_jsonl_line(line.as_bytes(), 1);
        let fact = Fact::new("quote", Span::new(4, text.len()))
            .attr("speaker", "Kim \"K\"")
            .attr("count", 2)
            .attr("sure", true)
            .anchor("speaker", Span::new(0, 3));
        let result = DocResult {
            facts: vec![fact],
            errors: vec![],
        };
        let expected = json!({
            "id": "a\"b\n",
            "facts": [{
                "kind": "quote", "start": 4, "end": text.chars().count(), "text": &text[4..],
                "source": "",
                "attrs": {"speaker": "Kim \"K\"", "count": 2, "sure": true,
                          "speaker_start": 0, "speaker_end": 3}
            }],
            "errors": [],
            "meta": {"source": {"feed": "x/y", "n": [1, 2.5, null]}}
        });
        assert_eq!(
            String::from_utf8(jsonl_line(&record, &result)).expect("UTF-8"),
            format!("{expected}\n")
        );
    }

    #[test]
    fn strings_escape_as_serde_json_escapes_them_at_every_position() {
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}", "\u{7f}", "é", "\u{80}"] {
            for length in 0..20 {
                for at in 0..=length {
                    let mut string = "a".repeat(length);
                    string.insert_str(at, special);
                    let mut line = Vec::new();
                    write_str(&mut line, &string);
                    let expected = serde_json::to_string(&string).expect("a string");
                    assert_eq!(String::from_utf8(line).expect("UTF-8"), expected);
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for number in [0, 7, 10, 99, 100, 4_096, usize::MAX] {
            let mut line = Vec::new();
            write_number(&mut line, number);
            assert_eq!(line, number.to_string().as_bytes());
        }
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
