//! Helpers shared by the integration tests: running the binary and checking the
//! contract's output.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub fn quarry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the quarry binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

pub fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
        .collect()
}

/// Checks the contract's shape and that every span cuts its text out of `original`
/// counting code points, for facts and for anchored attributes (`speaker_start`/`_end`).
pub fn assert_contract_offsets(line: &Value, original: &str) {
    let chars: Vec<char> = original.chars().collect();
    let cut = |start: &Value, end: &Value| -> String {
        let (s, e) = (
            start.as_u64().unwrap() as usize,
            end.as_u64().unwrap() as usize,
        );
        assert!(s <= e && e <= chars.len(), "span {s}..{e} outside the text");
        chars[s..e].iter().collect()
    };
    assert!(line["id"].is_string());
    assert!(
        line["errors"]
            .as_array()
            .expect("errors is a list")
            .is_empty(),
        "{line}"
    );
    for fact in line["facts"].as_array().expect("facts is a list") {
        for key in ["kind", "text", "source"] {
            assert!(fact[key].is_string(), "{key} missing in {fact}");
        }
        assert_eq!(
            cut(&fact["start"], &fact["end"]),
            fact["text"].as_str().unwrap(),
            "{fact}"
        );
        let attrs = fact["attrs"].as_object().expect("attrs is an object");
        if let (Some(s), Some(e)) = (attrs.get("speaker_start"), attrs.get("speaker_end")) {
            let written = attrs.get("speaker_text").or(attrs.get("speaker")).unwrap();
            assert_eq!(cut(s, e), written.as_str().unwrap(), "{fact}");
        }
    }
}

/// A fresh folder of its own for one test's files, named after the suite and the test.
pub fn scratch(suite: &str, test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quarry-{suite}-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
