//! Feeds arbitrary bytes to both input parsers: they must never panic, every JSONL line
//! (blank ones too) must become exactly one record, and a line past the length limit an
//! invalid one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quarry_core::input::{parse_text, JsonlReader, Record};

/// Short enough that the fuzzer reaches lines past it.
const MAX_LINE_BYTES: usize = 256;

fuzz_target!(|data: &[u8]| {
    let records: Vec<Record> = JsonlReader::with_max_line_bytes(data, MAX_LINE_BYTES)
        .map(|r| r.expect("reading from memory cannot fail"))
        .collect();
    let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
    assert_eq!(records.len(), lines.len());
    for (record, line) in records.iter().zip(&lines) {
        if line.len() > MAX_LINE_BYTES {
            assert!(matches!(record, Record::Invalid { .. }));
        }
    }
    if let Record::Doc(doc) = parse_text("fuzz.txt", data.to_vec()) {
        assert!(doc.original().is_char_boundary(doc.body_start()));
    }
});
