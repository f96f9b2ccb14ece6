//! Bad input never crashes quarry or loses a document: every record gets exactly one
//! line, in order, and the run exits 0 (2 only when a named file cannot be read at all).
//! Each case asserts the exact output.

mod common;

use common::{assert_contract_offsets, json_lines, quarry, scratch, stderr, stdout};
use serde_json::{json, Value};

fn input_error(id: &str, message: &str) -> Value {
    json!({"id": id, "facts": [], "errors": [{"stage": "input", "message": message}]})
}

fn no_facts(id: &str) -> Value {
    json!({"id": id, "facts": [], "errors": []})
}

/// Runs `quarry run` with only the casualties stage, whose output is short and exact.
fn run_casualties(args: &[&str]) -> std::process::Output {
    let mut all = vec!["run", "--pipeline", "tests/fixtures/casualties-only.toml"];
    all.extend_from_slice(args);
    quarry(&all)
}

#[test]
fn every_kind_of_bad_jsonl_record_gets_its_line_in_order() {
    let dir = scratch("bad-input", "jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"\xEF\xBB\xBF{\"id\": \"bom-crlf\", \"text\": \"Two dead.\"}\r\n");
    bytes.extend_from_slice(b"this is not JSON\n");
    bytes.extend_from_slice(b"[1, 2]\n");
    bytes.extend_from_slice(b"{\"id\": \"no-text\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"text-number\", \"text\": 5}\n");
    bytes.extend_from_slice(b"{\"id\": 42, \"text\": \"x\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"bad-date\", \"text\": \"x\", \"date\": \"2022-02-30\"}\n");
    bytes.extend_from_slice(b"\n   \n");
    bytes.extend_from_slice(b"{\"id\": \"latin1\", \"text\": \"caf\xE9\"}\n");
    bytes.extend_from_slice(b"{\"id\": \"last\", \"text\": \"Two dead.\"}");
    let path = dir.join("bad.jsonl");
    std::fs::write(&path, bytes).unwrap();
    let output = run_casualties(&[path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let two_dead = |id: &str| {
        json!({"id": id, "facts": [{"kind": "casualty", "start": 0, "end": 8, "text": "Two dead", "source": "casualties",
            "attrs": {"category": "killed", "count": 2, "qualifier": "exact"}}], "errors": []})
    };
    assert_eq!(
        json_lines(&output),
        [
            two_dead("bom-crlf"),
            input_error(
                "2",
                "line 2: not valid JSON: expected ident at line 1 column 2"
            ),
            input_error(
                "3",
                "line 3: expected a JSON object with \"text\", got an array"
            ),
            input_error("no-text", "line 4: missing \"text\""),
            input_error(
                "text-number",
                "line 5: \"text\" must be a string, got a number"
            ),
            no_facts("42"),
            // Read without its date: no facts in "x", and the input error.
            input_error(
                "bad-date",
                "line 7: \"date\" \"2022-02-30\" is not an ISO 8601 date (YYYY-MM-DD); the \
                 document was read without one (relative dates stay unresolved; \
                 --default-date gives one)"
            ),
            input_error("8", "line 8: blank line, no document"),
            input_error("9", "line 9: blank line, no document"),
            input_error("latin1", "line 10: not valid UTF-8 (byte 29)"),
            two_dead("last"),
        ]
    );
}

#[test]
fn a_ten_megabyte_document_is_one_line_with_right_offsets() {
    let dir = scratch("bad-input", "big");
    let text = format!("{}Two dead.", "calm ".repeat(2_000_000));
    let path = dir.join("big.jsonl");
    std::fs::write(
        &path,
        serde_json::to_string(&json!({"id": "big", "text": text})).unwrap() + "\n",
    )
    .unwrap();
    let output = run_casualties(&[path.to_str().unwrap()]);
    assert!(output.status.success());
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["facts"][0]["start"], 10_000_000);
    assert_eq!(lines[0]["facts"][0]["text"], "Two dead");
}

#[test]
fn odd_text_files_each_get_their_line_and_unreadable_ones_do_not_stop_the_rest() {
    let dir = scratch("bad-input", "text");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let empty = write("empty.txt", b"");
    let nul = write("nul.txt", b"a\0b: Two dead.");
    let invalid = write("invalid.txt", b"Two dead \xFF\xFE.");
    let blank = write("blank.txt", b"  \n\t\n ");
    let long = write(
        "long.txt",
        format!("{}Two dead.", "x ".repeat(500_000)).as_bytes(),
    );
    let folder = dir.join("a-folder");
    std::fs::create_dir_all(&folder).unwrap();
    let missing = dir.join("missing.txt");
    let output = run_casualties(&[
        &empty,
        &nul,
        &invalid,
        folder.to_str().unwrap(),
        missing.to_str().unwrap(),
        &blank,
        &long,
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "unreadable files make the run exit 2"
    );
    let lines = json_lines(&output);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "empty.txt",
            "nul.txt",
            "invalid.txt",
            "a-folder",
            "missing.txt",
            "blank.txt",
            "long.txt"
        ]
    );
    assert_eq!(lines[0], no_facts("empty.txt"));
    assert_eq!(lines[1]["facts"][0]["start"], 5);
    assert_eq!(
        lines[2],
        input_error(
            "invalid.txt",
            "not valid UTF-8 (byte 9); convert the file to UTF-8"
        )
    );
    assert_eq!(
        lines[3],
        input_error(
            "a-folder",
            &format!(
                "{} holds no input files (.txt, .jsonl, .ndjson, .json, or those with .gz)",
                folder.display()
            )
        )
    );
    assert!(lines[4]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!("cannot read {}: ", missing.display())));
    assert_eq!(lines[5], no_facts("blank.txt"));
    assert_eq!(lines[6]["facts"][0]["start"], 1_000_000);
    let messages = stderr(&output);
    assert!(
        messages.contains("holds no input files") && messages.contains("cannot read"),
        "{messages}"
    );
}

#[test]
fn emoji_and_combining_characters_before_facts_keep_offsets_right() {
    let dir = scratch("bad-input", "emoji");
    let text =
        "👩‍👩‍👧 Kyïv e\u{301}\u{301} 🇺🇦: on Monday, \"Go,\" said Kim. A strike killed two civilians.";
    let path = dir.join("emoji.jsonl");
    std::fs::write(
        &path,
        serde_json::to_string(&json!({"id": "e", "text": text, "date": "2022-11-11"})).unwrap()
            + "\n",
    )
    .unwrap();
    let output = quarry(&["run", path.to_str().unwrap()]);
    let lines = json_lines(&output);
    assert_contract_offsets(&lines[0], text);
    let kinds: Vec<&str> = lines[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["date", "quote", "casualty", "casualty_figure"]);
}

#[test]
fn pipeline_mistakes_name_file_line_and_stage() {
    let dir = scratch("bad-input", "pipelines");
    let cases = [
        (
            "unknown-key.toml",
            "[[stage]]\nplugin = \"dates\"\nplugn = \"x\"\n",
            "invalid pipeline file: line 3: unknown field `plugn`",
        ),
        (
            "two-kinds.toml",
            "[[stage]]\nplugin = \"dates\"\n\n[[stage]]\nplugin = \"quotes\"\nlua = \"x.lua\"\n",
            ":4: stage 2: names more than one extractor",
        ),
        (
            "no-stage-kind.toml",
            "[[stage]]\n[stage.options]\nx = 1\n",
            ":1: stage 1: names no extractor",
        ),
        (
            "bad-toml.toml",
            "[[stage]\nplugin = \"dates\"\n",
            "invalid pipeline file: line 1:",
        ),
    ];
    for (name, source, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, source).unwrap();
        let output = quarry(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!("quarry: error: {}", path.display())),
            "{name}: {message}"
        );
        assert!(message.contains(expected), "{name}: {message}");
    }
    let output = quarry(&["check", "tests/fixtures/bad-option.toml"]);
    assert_eq!(
        stderr(&output),
        "quarry: error: tests/fixtures/bad-option.toml:4: stage 2: plugin \"casualties\": invalid [stage.options]: unknown option `threshold`: this plugin takes no options\n"
    );
}

#[test]
fn a_document_with_a_hundred_thousand_facts_finishes() {
    let dir = scratch("bad-input", "many-facts");
    let path = dir.join("many.txt");
    std::fs::write(
        &path,
        "\"Stop,\" he said on Monday; two people were killed. ".repeat(34_000),
    )
    .unwrap();
    let output = quarry(&["run", path.to_str().unwrap()]);
    assert!(output.status.success());
    let lines = json_lines(&output);
    // 34,000 each of dates, quotes and casualties, and one figure of them all.
    assert_eq!(lines[0]["facts"].as_array().unwrap().len(), 102_001);
    assert!(stdout(&output).ends_with("\"errors\":[]}\n"));
}

/// Text without a sentence end: looking for the sentence around each of many quotes, cues
/// and relative days must not read back to the start every time (it once made a 2 MB
/// document take minutes); a sentence is cut at `quarry_text::MAX_SENTENCE` bytes.
#[test]
fn a_document_without_sentence_ends_gets_all_its_facts() {
    let dir = scratch("bad-input", "no-sentence-ends");
    let path = dir.join("run-on.jsonl");
    let text = "He said on Monday: \"Today we won\" and yesterday, ".repeat(5_000);
    std::fs::write(
        &path,
        serde_json::to_string(&json!({"id": "run-on", "text": text, "date": "2022-11-11"}))
            .unwrap()
            + "\n",
    )
    .unwrap();
    let output = quarry(&["run", path.to_str().unwrap()]);
    assert!(output.status.success());
    let facts = json_lines(&output)[0]["facts"].as_array().unwrap().clone();
    let of = |kind: &str, text: &str| {
        facts
            .iter()
            .filter(|f| f["kind"] == kind && f["text"] == text)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("quote", "Today we won").len(), 5_000);
    assert_eq!(of("date", "yesterday").len(), 5_000);
    let today = of("date", "Today");
    assert_eq!(today.len(), 5_000);
    // Said on Monday: the quotation's "Today" is that Monday, not the document date.
    assert!(today.iter().all(|f| f["attrs"]["value"] == "2022-11-07"));
}

#[test]
fn a_line_past_max_line_bytes_is_an_input_error_with_its_id() {
    let dir = scratch("bad-input", "max-line-bytes");
    let docs = dir.join("docs.jsonl");
    let long = format!(
        "{{\"id\": \"long\", \"text\": \"{}\"}}\n{{\"id\": \"short\", \"text\": \"x\"}}\n",
        "word ".repeat(100)
    );
    std::fs::write(&docs, long).unwrap();
    let output = run_casualties(&["--max-line-bytes", "200", docs.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(
        lines[0],
        input_error(
            "long",
            "line 1: longer than 200 bytes, not read (split the document, or raise --max-line-bytes)"
        )
    );
    assert_eq!(lines[1], no_facts("short"));
}
