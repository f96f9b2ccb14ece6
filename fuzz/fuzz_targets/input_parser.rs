//! Feeds arbitrary bytes to both input parsers: they must never panic, and every JSONL
//! line must become exactly one record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quarry_core::input::{parse_text, JsonlReader, Record};

fuzz_target!(|data: &[u8]| {
    let records = JsonlReader::new(data).map(|r| r.expect("reading from memory cannot fail")).count();
    let non_blank_lines = data
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(i, line)| {
            let line = if *i == 0 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
            !line.iter().all(u8::is_ascii_whitespace)
        })
        .count();
    assert_eq!(records, non_blank_lines);
    if let Record::Doc(doc) = parse_text("fuzz.txt", data.to_vec()) {
        assert!(doc.original().is_char_boundary(doc.body_start()));
    }
});
