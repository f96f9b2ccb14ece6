//! Turns input bytes into documents: JSONL records (one document a line) and plain-text
//! files (one document a file, with an optional ` date YYYY-MM-DD` header).
//!
//! A record that cannot become a document is not an error of the run: it becomes
//! [`Record::Invalid`], which still gets its output line. This module does no extraction
//! and no output.

use std::io::{self, BufRead};

use jiff::civil::Date;
use serde_json::{Map, Value};

use crate::Document;

/// One input record: a document, or the reason it could not be read.
#[derive(Debug, Clone)]
pub enum Record {
    Doc(Document),
    Invalid { id: String, message: String },
}

impl Record {
    /// The document's id, or the one an invalid record was given.
    pub fn id(&self) -> &str {
        match self {
            Record::Doc(doc) => doc.id(),
            Record::Invalid { id, .. } => id,
        }
    }

    fn invalid(id: impl Into<String>, message: impl Into<String>) -> Record {
        Record::Invalid {
            id: id.into(),
            message: message.into(),
        }
    }
}

/// The longest JSONL line read by default (`--max-line-bytes`): far above any news
/// article, low enough that a line without an end (`/dev/zero`) costs bounded memory.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 << 20;

/// Which fields of a JSONL object hold a document's id, text and creation date
/// (`--id-field`, `--text-field`, `--date-field`). A dotted name (`meta.published`) reaches
/// into nested objects; the fields used are taken out, the rest is the document's `meta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub id: String,
    pub text: String,
    pub date: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
        }
    }
}

impl Fields {
    /// Takes the field `path` out of `object`, following dots into nested objects.
    fn take(object: &mut Map<String, Value>, path: &str) -> Option<Value> {
        match path.split_once('.') {
            None => object.remove(path),
            Some((head, rest)) => match object.get_mut(head)? {
                Value::Object(inner) => Fields::take(inner, rest),
                _ => None,
            },
        }
    }
}

/// Reads JSONL documents one line at a time; every line yields exactly one [`Record`], a
/// blank one an invalid record, so that output lines pair with input lines (as a
/// line-for-line consumer such as Spark's `RDD.pipe` relies on). A line longer than the
/// limit is read past, not kept: it becomes an invalid record with its id when the kept
/// part shows one.
pub struct JsonlReader<R> {
    reader: R,
    line_number: usize,
    buffer: Vec<u8>,
    max_line_bytes: usize,
    fields: Fields,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R) -> Self {
        JsonlReader::with_max_line_bytes(reader, DEFAULT_MAX_LINE_BYTES)
    }

    pub fn with_max_line_bytes(reader: R, max_line_bytes: usize) -> Self {
        JsonlReader {
            reader,
            line_number: 0,
            buffer: Vec::new(),
            max_line_bytes,
            fields: Fields::default(),
        }
    }

    /// Reads the id, text and date from these fields instead of `id`, `text`, `date`.
    pub fn with_fields(mut self, fields: Fields) -> Self {
        self.fields = fields;
        self
    }

    /// Reads one line into the buffer, keeping at most the limit's bytes of it: whether
    /// there was a line, and whether it was cut.
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        self.buffer.clear();
        let (mut read_any, mut cut) = (false, false);
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(read_any.then_some(cut));
            }
            read_any = true;
            let (part, done) = match memchr::memchr(b'\n', available) {
                Some(newline) => (&available[..=newline], true),
                None => (available, false),
            };
            let room = self.max_line_bytes.saturating_sub(self.buffer.len());
            cut |= part.len() > room;
            self.buffer.extend_from_slice(&part[..part.len().min(room)]);
            let used = part.len();
            self.reader.consume(used);
            if done {
                return Ok(Some(cut));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        let cut = match self.read_line() {
            Ok(None) => return None,
            Ok(Some(cut)) => cut,
            Err(e) => return Some(Err(e)),
        };
        self.line_number += 1;
        let mut line = self.buffer.as_slice();
        if self.line_number == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if cut {
            let id =
                top_level_id(line, &self.fields.id).unwrap_or_else(|| self.line_number.to_string());
            let message = format!(
                "line {}: longer than {} bytes, not read (split the document, or raise \
                 --max-line-bytes)",
                self.line_number, self.max_line_bytes
            );
            return Some(Ok(Record::invalid(id, message)));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return Some(Ok(Record::invalid(
                self.line_number.to_string(),
                format!("line {}: blank line, no document", self.line_number),
            )));
        }
        Some(Ok(parse_jsonl_fields(line, self.line_number, &self.fields)))
    }
}

/// One JSONL line (without or with its line ending) → a record; `line_number` is 1-based and
/// is the id when the object has none.
pub fn parse_jsonl_line(line: &[u8], line_number: usize) -> Record {
    parse_jsonl_fields(line, line_number, &Fields::default())
}

/// [`parse_jsonl_line`] with the document's fields named otherwise.
pub fn parse_jsonl_fields(line: &[u8], line_number: usize, fields: &Fields) -> Record {
    let fallback_id = line_number.to_string();
    let bytes = line;
    let line = match std::str::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            return Record::invalid(
                top_level_id(bytes, &fields.id).unwrap_or(fallback_id),
                format!(
                    "line {line_number}: not valid UTF-8 (byte {})",
                    e.valid_up_to()
                ),
            )
        }
    };
    let object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            return Record::invalid(
                fallback_id,
                format!(
                    "line {line_number}: expected a JSON object with \"{}\", got {}",
                    fields.text,
                    json_type(&other)
                ),
            )
        }
        Err(e) => {
            return Record::invalid(
                fallback_id,
                format!("line {line_number}: not valid JSON: {e}"),
            )
        }
    };
    document_from_object(object, bytes, line_number, fields)
}

fn document_from_object(
    mut object: Map<String, Value>,
    line: &[u8],
    line_number: usize,
    fields: &Fields,
) -> Record {
    let Fields {
        id: id_field,
        text: text_field,
        date: date_field,
    } = fields;
    let id = match Fields::take(&mut object, id_field) {
        None | Some(Value::Null) => line_number.to_string(),
        Some(Value::String(id)) => id,
        // A whole number past 64 bits is a float to serde_json, and two such ids could
        // print alike: the id is the digits as written.
        Some(Value::Number(n)) if n.is_f64() => {
            top_level_id(line, id_field).unwrap_or_else(|| n.to_string())
        }
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Record::invalid(
                line_number.to_string(),
                format!(
                    "line {line_number}: \"{id_field}\" must be a string, got {}",
                    json_type(&other)
                ),
            )
        }
    };
    let text = match Fields::take(&mut object, text_field) {
        Some(Value::String(text)) => text,
        Some(other) => {
            return Record::invalid(
                id,
                format!(
                    "line {line_number}: \"{text_field}\" must be a string, got {}",
                    json_type(&other)
                ),
            )
        }
        None => {
            return Record::invalid(id, format!("line {line_number}: missing \"{text_field}\""))
        }
    };
    let mut doc = Document::new(id, text);
    match Fields::take(&mut object, date_field) {
        None | Some(Value::Null) => {}
        Some(Value::String(date)) => match parse_iso_date(&date) {
            Some(date) => doc = doc.with_date(Some(date)),
            None => {
                doc = doc.with_input_error(format!(
                    "line {line_number}: \"{date_field}\" {date:?} is not an ISO 8601 date \
                     (YYYY-MM-DD); the document was read without one (relative dates stay \
                     unresolved; --default-date gives one)"
                ))
            }
        },
        Some(other) => {
            doc = doc.with_input_error(format!(
                "line {line_number}: \"{date_field}\" must be a string, got {}; the document \
                 was read without one",
                json_type(&other)
            ))
        }
    }
    Record::Doc(doc.with_meta(object))
}

/// The `id` of a JSONL object read from its bytes alone, for lines serde_json cannot take
/// whole (cut at the length limit, invalid UTF-8 elsewhere) and for numeric ids as
/// written: a string id (when its own bytes are valid) or a number's digits, when the
/// top-level `key` comes before the line is cut. Values before it are skipped over; a
/// dotted (nested) key is not looked for.
fn top_level_id(line: &[u8], key: &str) -> Option<String> {
    if key.contains('.') {
        return None;
    }
    let skip_space = |mut at: usize| {
        while line.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    let mut at = skip_space(0);
    if line.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_space(at);
        let key_end = string_end(line, at)?;
        let is_id = line[at..key_end]
            .strip_prefix(b"\"")
            .and_then(|k| k.strip_suffix(b"\""))
            == Some(key.as_bytes());
        at = skip_space(key_end);
        if line.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(at + 1);
        let value_end = value_end(line, at)?;
        let value = &line[at..value_end];
        if is_id {
            return match value.first()? {
                b'"' => serde_json::from_slice::<String>(value).ok(),
                b'-' | b'0'..=b'9' => value
                    .iter()
                    .all(|b| b.is_ascii_digit() || b"-+.eE".contains(b))
                    .then(|| String::from_utf8_lossy(value).into_owned()),
                _ => None,
            };
        }
        at = skip_space(value_end);
        if line.get(at) != Some(&b',') {
            return None;
        }
        at += 1;
    }
}

/// Where the JSON string starting at `at` ends (after its closing quote).
fn string_end(line: &[u8], at: usize) -> Option<usize> {
    if line.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    while let Some(&byte) = line.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where the JSON value starting at `at` ends, without checking more of it than its
/// brackets and strings.
fn value_end(line: &[u8], at: usize) -> Option<usize> {
    match *line.get(at)? {
        b'"' => string_end(line, at),
        b'{' | b'[' => {
            let (mut depth, mut i) = (0usize, at);
            while let Some(&byte) = line.get(i) {
                match byte {
                    b'"' => {
                        i = string_end(line, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let length = line[at..]
                .iter()
                .position(|b| b",}]".contains(b) || b.is_ascii_whitespace())?;
            Some(at + length)
        }
    }
}

/// A plain-text file → one document named `id`. A first line ` date YYYY-MM-DD …` sets the
/// date and is hidden from extractors; offsets still count from the start of the file.
pub fn parse_text(id: &str, bytes: Vec<u8>) -> Record {
    let original = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Record::invalid(
                id,
                format!(
                    "not valid UTF-8 (byte {}); convert the file to UTF-8",
                    e.utf8_error().valid_up_to()
                ),
            )
        }
    };
    match date_header(&original) {
        Some((date, body_start)) => {
            Record::Doc(Document::with_header(id, original, body_start).with_date(Some(date)))
        }
        None => Record::Doc(Document::new(id, original)),
    }
}

/// `[ ]date YYYY-MM-DD<whitespace>` at the start of `text`: the date and where the body
/// begins (after the whitespace that ends the header).
fn date_header(text: &str) -> Option<(Date, usize)> {
    let rest = text.strip_prefix(' ').unwrap_or(text);
    let rest = rest.strip_prefix("date")?;
    let after_keyword = rest.trim_start_matches([' ', '\t']);
    if after_keyword.len() == rest.len() {
        return None;
    }
    let date = parse_iso_date(after_keyword.get(..10)?)?;
    let after_date = &after_keyword[10..];
    let body = after_date.trim_start_matches([' ', '\t']);
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    if body.len() == after_date.len() && !after_date.is_empty() {
        return None; // "date 2022-11-11x": not a header
    }
    Some((date, text.len() - body.len()))
}

/// `YYYY-MM-DD`, optionally followed by an ISO 8601 time (`T…`), whose date part is used.
fn parse_iso_date(s: &str) -> Option<Date> {
    let date_part = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let bytes = date_part.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    date_part.parse::<Date>().ok()
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(record: Record) -> Document {
        match record {
            Record::Doc(doc) => doc,
            Record::Invalid { message, .. } => panic!("unexpected invalid record: {message}"),
        }
    }

    fn invalid(record: Record) -> (String, String) {
        match record {
            Record::Invalid { id, message } => (id, message),
            Record::Doc(doc) => panic!("unexpectedly valid: {doc:?}"),
        }
    }

    #[test]
    fn jsonl_line_with_all_fields_keeps_unknown_ones_as_meta() {
        let d = doc(parse_jsonl_line(
            br#"{"id":"a","text":"Hi","date":"2022-11-11","source":"rfe"}"#,
            3,
        ));
        assert_eq!(d.id(), "a");
        assert_eq!(d.text(), "Hi");
        assert_eq!(d.date(), Some(jiff::civil::date(2022, 11, 11)));
        assert_eq!(d.meta()["source"], "rfe");
    }

    #[test]
    fn missing_id_is_the_line_number_and_numeric_id_is_its_digits() {
        assert_eq!(doc(parse_jsonl_line(br#"{"text":"x"}"#, 7)).id(), "7");
        assert_eq!(
            doc(parse_jsonl_line(br#"{"id":42,"text":"x"}"#, 7)).id(),
            "42"
        );
    }

    #[test]
    fn datetime_uses_its_date_part() {
        let d = doc(parse_jsonl_line(
            br#"{"text":"x","date":"2022-11-11T08:30:00Z"}"#,
            1,
        ));
        assert_eq!(d.date(), Some(jiff::civil::date(2022, 11, 11)));
    }

    #[test]
    fn bad_records_say_why() {
        assert_eq!(
            invalid(parse_jsonl_line(b"[1,2]", 2)),
            (
                "2".into(),
                "line 2: expected a JSON object with \"text\", got an array".into()
            )
        );
        assert_eq!(
            invalid(parse_jsonl_line(br#"{"id":"x"}"#, 1)),
            ("x".into(), "line 1: missing \"text\"".into())
        );
        let undated = doc(parse_jsonl_line(
            br#"{"id":"x","text":"t","date":"11/11/2022"}"#,
            1,
        ));
        assert_eq!(undated.date(), None);
        assert_eq!(
            undated.input_errors(),
            [
                "line 1: \"date\" \"11/11/2022\" is not an ISO 8601 date (YYYY-MM-DD); the \
              document was read without one (relative dates stay unresolved; --default-date \
              gives one)"
            ]
        );
        assert!(invalid(parse_jsonl_line(b"{nope", 5))
            .1
            .starts_with("line 5: not valid JSON"));
        assert!(invalid(parse_jsonl_line(b"{\"text\":\"\xff\"}", 1))
            .1
            .contains("not valid UTF-8"));
    }

    #[test]
    fn fields_may_be_named_otherwise_and_nested() {
        let fields = Fields {
            id: "uuid".into(),
            text: "body".into(),
            date: "meta.published".into(),
        };
        let line = br#"{"uuid":"u1","body":"Hi","meta":{"published":"2022-11-11","site":"x"}}"#;
        let d = doc(parse_jsonl_fields(line, 3, &fields));
        assert_eq!((d.id(), d.text()), ("u1", "Hi"));
        assert_eq!(d.date(), Some(jiff::civil::date(2022, 11, 11)));
        assert_eq!(d.meta()["meta"], serde_json::json!({"site": "x"}));
        assert_eq!(
            invalid(parse_jsonl_fields(
                br#"{"uuid":"u2","text":"Hi"}"#,
                4,
                &fields
            )),
            ("u2".into(), "line 4: missing \"body\"".into())
        );
    }

    #[test]
    fn numeric_ids_past_64_bits_keep_their_digits() {
        let id = |line: &[u8]| doc(parse_jsonl_line(line, 1)).id().to_owned();
        assert_eq!(
            id(br#"{"id":123456789012345678901234567890,"text":"x"}"#),
            "123456789012345678901234567890"
        );
        assert_eq!(
            id(br#"{"id":123456789012345678901234567891,"text":"x"}"#),
            "123456789012345678901234567891"
        );
        assert_eq!(id(br#"{"id":-7,"text":"x"}"#), "-7");
    }

    #[test]
    fn an_invalid_utf8_line_keeps_a_readable_id() {
        let (id, message) = invalid(parse_jsonl_line(
            b"{\"id\": \"a\\\"b\", \"text\":\"\xff\"}",
            4,
        ));
        assert_eq!(id, "a\"b");
        assert!(message.starts_with("line 4: not valid UTF-8"), "{message}");
        let after_text = b"{\"text\":\"\xff\", \"meta\": {\"x\": [1, \"]\"]}, \"id\": 9}";
        assert_eq!(invalid(parse_jsonl_line(after_text, 4)).0, "9");
        let unreadable_id = b"{\"id\":\"\xff\",\"text\":\"x\"}";
        assert_eq!(invalid(parse_jsonl_line(unreadable_id, 4)).0, "4");
    }

    #[test]
    fn a_line_past_the_limit_is_an_error_with_its_id_and_the_next_line_is_read() {
        let long = format!(
            "{{\"id\":\"big\",\"text\":\"{}\"}}\n{{\"id\":\"after\",\"text\":\"x\"}}\n{}",
            "a".repeat(5000),
            "z".repeat(300)
        );
        let mut records = JsonlReader::with_max_line_bytes(
            std::io::BufReader::with_capacity(64, long.as_bytes()),
            100,
        )
        .map(|r| r.expect("readable"));
        let (id, message) = invalid(records.next().expect("line 1"));
        assert_eq!(id, "big");
        assert_eq!(
            message,
            "line 1: longer than 100 bytes, not read (split the document, or raise --max-line-bytes)"
        );
        assert_eq!(doc(records.next().expect("line 2")).id(), "after");
        assert_eq!(invalid(records.next().expect("line 3")).0, "3");
        assert!(records.next().is_none());
    }

    #[test]
    fn reader_gives_blank_lines_a_record_strips_bom_and_counts_lines() {
        let input = "\u{FEFF}{\"text\":\"a\"}\r\n \n{\"text\":\"b\"}";
        let mut records = JsonlReader::new(input.as_bytes()).map(|r| r.expect("readable"));
        assert_eq!(doc(records.next().expect("line 1")).id(), "1");
        assert_eq!(
            invalid(records.next().expect("line 2")),
            ("2".to_owned(), "line 2: blank line, no document".to_owned())
        );
        assert_eq!(doc(records.next().expect("line 3")).id(), "3");
        assert!(records.next().is_none());
    }

    #[test]
    fn text_header_sets_the_date_and_is_hidden_from_extractors() {
        let d = doc(parse_text(
            "k.txt",
            b" date 2022-11-11 Ukrainian troops".to_vec(),
        ));
        assert_eq!(d.date(), Some(jiff::civil::date(2022, 11, 11)));
        assert_eq!(d.text(), "Ukrainian troops");
        assert_eq!(d.body_start(), 17);
        assert_eq!(d.original(), " date 2022-11-11 Ukrainian troops");
    }

    #[test]
    fn text_header_on_its_own_line() {
        let d = doc(parse_text("k.txt", b"date 2022-11-11\nBody".to_vec()));
        assert_eq!(d.text(), "Body");
    }

    #[test]
    fn text_without_header_is_all_body() {
        let d = doc(parse_text("k.txt", b"dated 2022-11-11 text".to_vec()));
        assert_eq!(d.text(), "dated 2022-11-11 text");
        assert_eq!(d.date(), None);
        let d = doc(parse_text("k.txt", b"date 2022-11-11x".to_vec()));
        assert_eq!(d.date(), None);
    }
}
