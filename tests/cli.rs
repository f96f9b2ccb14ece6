//! End-to-end tests of the `quarry` binary: the commands, exit statuses and output of the
//! contract, on fixture articles written for this repository (and on the seed article of
//! `../shared` when it is there).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_contract_offsets, json_lines, quarry, stderr, stdout};
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

#[test]
fn list_shows_the_builtins() {
    let output = quarry(&["list"]);
    assert!(output.status.success());
    let names: Vec<String> = stdout(&output)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(names, ["casualties", "casualty-figures", "dates", "quotes"]);
}

#[test]
fn check_accepts_a_valid_pipeline() {
    let output = quarry(&["check", "tests/fixtures/dates-then-casualties.toml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "tests/fixtures/dates-then-casualties.toml: ok, stages: dates → casualties\n"
    );
}

#[test]
fn check_reports_a_stage_named_twice() {
    let output = quarry(&["check", "tests/fixtures/repeated-stage.toml"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "quarry: error: tests/fixtures/repeated-stage.toml: stage 3 repeats stage 1 (`dates`): \
         its facts would come out twice; remove one\n"
    );
}

#[test]
fn check_rejects_an_unknown_plugin_naming_the_stage_and_the_choices() {
    let output = quarry(&["check", "tests/fixtures/unknown-plugin.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "quarry: error: tests/fixtures/unknown-plugin.toml:5: stage 2: unknown plugin \
         \"quotez\"; available built-ins: casualties, casualty-figures, dates, quotes\n"
    );
}

#[test]
fn a_missing_lua_script_is_refused_naming_file_line_and_stage() {
    let output = quarry(&["check", "tests/fixtures/missing-script.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "quarry: error: tests/fixtures/missing-script.toml:4: stage 2: cannot read Lua script \
             tests/fixtures/scripts/no-such-rule.lua: "
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn run_with_an_invalid_pipeline_fails_before_reading_input() {
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/unknown-plugin.toml",
        "examples/harbour-fire.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
}

#[test]
fn pretty_output_is_coloured_only_when_asked_or_on_a_terminal() {
    let pretty = |colour: &str| {
        let output = quarry(&[
            "run",
            "--format",
            "pretty",
            "--color",
            colour,
            "examples/harbour-fire.txt",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    assert!(pretty("always").starts_with("\u{1b}[1mharbour-fire.txt\u{1b}[0m (19 facts)\n"));
    // Not a terminal: `auto` is plain, as `never` is.
    assert!(pretty("auto").starts_with("harbour-fire.txt (19 facts)\n"));
    assert_eq!(pretty("auto"), pretty("never"));
}

#[test]
fn example_article_output_is_pinned() {
    let output = quarry(&["run", "examples/harbour-fire.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    let original = std::fs::read_to_string(example("harbour-fire.txt")).unwrap();
    assert_contract_offsets(&lines[0], &original);
    insta::assert_json_snapshot!("harbour_fire", lines[0]);
}

#[test]
fn pretty_format_lists_facts() {
    let output = quarry(&["run", "--format", "pretty", "examples/harbour-fire.txt"]);
    assert!(output.status.success());
    insta::assert_snapshot!("harbour_fire_pretty", stdout(&output));
}

#[test]
fn jsonl_input_keeps_order_echoes_meta_and_reports_bad_records() {
    let output = quarry(&["run", "tests/fixtures/wire.jsonl"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["quake-1", "2", "no-text", "7", "5", "bad-date", "7"]);
    insta::assert_json_snapshot!("wire", lines);
}

/// `quarry run` reading its stdin and writing its stdout through pipes.
fn quarry_run_on_pipes() -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["run"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn stdin_is_read_as_jsonl() {
    use std::io::Write;
    let mut child = quarry_run_on_pipes();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"a\",\"text\":\"Two dead.\"}\n{\"id\":\"b\",\"text\":\"x\"}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["facts"][0]["attrs"]["count"], 2);
    assert_eq!(lines[1]["facts"], Value::Array(vec![]));
}

/// A client that writes one line and waits for the answer gets it while stdin is still
/// open, and blank lines get their line too: one line out per line in.
#[test]
fn stdin_streams_one_line_out_for_each_line_in_without_waiting_for_more() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = quarry_run_on_pipes();
    let mut input = child.stdin.take().unwrap();
    let (answers, answered) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            answers.send(line.unwrap()).unwrap();
        }
    });
    let mut ask = |line: &[u8]| -> Value {
        input.write_all(line).unwrap();
        input.flush().unwrap();
        let answer = answered
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("an output line while stdin is still open");
        serde_json::from_str(&answer).unwrap()
    };
    assert_eq!(
        ask(b"{\"id\":\"a\",\"text\":\"Two dead.\"}\n")["facts"][0]["attrs"]["count"],
        2
    );
    assert_eq!(
        ask(b"\n")["errors"][0]["message"],
        "line 2: blank line, no document"
    );
    assert_eq!(ask(b"{\"id\":\"c\",\"text\":\"x\"}\n")["id"], "c");
    drop(input);
    assert!(child.wait().unwrap().success());
    assert!(
        answered.recv().is_err(),
        "no line beyond one per input line"
    );
}

#[test]
fn a_missing_file_gets_its_error_line_and_the_others_still_run() {
    let output = quarry(&[
        "run",
        "examples/no-such-file.txt",
        "examples/harbour-fire.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "no-such-file.txt");
    assert_eq!(lines[0]["errors"][0]["stage"], "input");
    assert_eq!(lines[1]["id"], "harbour-fire.txt");
    assert!(stderr(&output).contains("cannot read examples/no-such-file.txt"));
}

#[test]
fn output_is_the_same_on_one_thread_and_many() {
    let one = quarry(&[
        "run",
        "--threads",
        "1",
        "tests/fixtures/wire.jsonl",
        "examples/harbour-fire.txt",
    ]);
    let many = quarry(&[
        "run",
        "--threads",
        "4",
        "tests/fixtures/wire.jsonl",
        "examples/harbour-fire.txt",
    ]);
    assert_eq!(stdout(&one), stdout(&many));
}

#[test]
fn seed_article_gives_one_contract_valid_line() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/seed/kherson.txt");
    if !seed.exists() {
        eprintln!(
            "notice: {} not found; seed article test skipped",
            seed.display()
        );
        return;
    }
    let output = quarry(&["run", seed.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    let original = std::fs::read_to_string(&seed).unwrap();
    assert_contract_offsets(&lines[0], &original);
    let facts = lines[0]["facts"].as_array().unwrap();
    let has = |kind: &str, text: &str| facts.iter().any(|f| f["kind"] == kind && f["text"] == text);
    assert!(has("date", "November 11"));
    assert!(has("casualty", "killed at least two civilians"));
    let military_quotes = facts
        .iter()
        .filter(|f| f["kind"] == "quote" && f["attrs"]["speaker"] == "the military")
        .count();
    assert_eq!(military_quotes, 2);
    insta::assert_json_snapshot!("kherson", lines[0]);
}

/// The news articles of `../shared` whose mentions of a toll conflict: repeated (the
/// Kunar strike's 17 dead, said seven ways), superseded (`rose to 12 from 9`) or split into
/// groups (Dunblane's 16 children and one teacher) give one figure per category.
#[test]
fn conflicting_mentions_give_one_figure_per_category() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news");
    if !root.exists() {
        eprintln!("notice: {} not found; figure test skipped", root.display());
        return;
    }
    let mut figures = Vec::new();
    for set in ["conflict", "disaster", "crime"] {
        let docs = root.join(format!("{set}.docs.jsonl"));
        let output = quarry(&["run", docs.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        for line in json_lines(&output) {
            for fact in line["facts"].as_array().unwrap() {
                if fact["kind"] == "casualty_figure" {
                    let attrs = &fact["attrs"];
                    figures.push(format!(
                        "{} {} {} {} ({} mentions) {}",
                        line["id"].as_str().unwrap(),
                        attrs["category"].as_str().unwrap(),
                        attrs["count"],
                        attrs["qualifier"].as_str().unwrap(),
                        attrs["mentions"],
                        fact["text"].as_str().unwrap(),
                    ));
                }
            }
        }
    }
    let figure_of = |id: &str, category: &str| -> String {
        let prefix = format!("{id} {category} ");
        let found: Vec<&String> = figures.iter().filter(|f| f.starts_with(&prefix)).collect();
        assert_eq!(
            found.len(),
            1,
            "one {category} figure for {id}: {figures:#?}"
        );
        found[0][prefix.len()..].to_owned()
    };
    assert_eq!(
        figure_of("af-kunar-airstrike", "killed"),
        "17 exact (7 mentions) killed 17 Afghan villagers"
    );
    assert_eq!(
        figure_of("tribune-bridgeport-collapse", "killed"),
        "12 exact (6 mentions) Death Toll Up To 12"
    );
    assert_eq!(
        figure_of("gb-dunblane-school-shooting", "killed"),
        "17 exact (6 mentions) 16 Children, Teacher Killed"
    );
    assert_eq!(
        figure_of("in-etah-toxic-liquor", "killed"),
        "21 exact (8 mentions) deaths rise to 21"
    );
}

#[test]
fn stats_go_to_stderr_and_leave_stdout_alone() {
    let plain = quarry(&["run", "tests/fixtures/wire.jsonl"]);
    let with_stats = quarry(&["run", "--stats", "tests/fixtures/wire.jsonl"]);
    assert_eq!(stdout(&plain), stdout(&with_stats));
    let report = stderr(&with_stats);
    // The fixture's explicit id "7" equals a later line's number: said first.
    let (warnings, lines): (Vec<&str>, Vec<&str>) = report
        .lines()
        .partition(|l| l.starts_with("quarry: warning"));
    assert_eq!(
        warnings,
        [
            "quarry: warning: id \"7\" is used by more than one document; their lines cannot \
          be told apart (give them ids of their own)"
        ]
    );
    assert_eq!(lines[0], "documents: 7 (3 unreadable, 0 with stage errors)");
    assert!(lines[1].starts_with("bytes: 0.0 MB in "), "{report}");
    assert_eq!(
        lines[2],
        "facts: casualty 5, casualty_figure 4, date 5, quote 1"
    );
    let stages: Vec<&str> = lines[3..]
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "stage dates",
            "stage quotes",
            "stage casualties",
            "stage casualty-figures"
        ]
    );
}

#[test]
fn inputs_are_known_by_their_names_in_any_case_compressed_or_in_directories() {
    use std::io::Write;
    let dir = common::scratch("cli", "input-names");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("a.ndjson"),
        "{\"id\": \"from-ndjson\", \"text\": \"Two people were killed.\"}\n",
    )
    .unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(b"{\"id\": \"from-gzip\", \"text\": \"Three were killed.\"}\n")
        .unwrap();
    std::fs::write(dir.join("sub/b.JSONL.gz"), gzip.finish().unwrap()).unwrap();
    std::fs::write(dir.join("c.txt"), "Four were injured.").unwrap();
    std::fs::write(dir.join("notes.md"), "not an input").unwrap();
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/casualties-only.toml",
        dir.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let found: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap(),
                l["facts"][0]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("from-ndjson", "Two people were killed"),
            ("c.txt", "Four were injured"),
            ("from-gzip", "Three were killed"),
        ]
    );
}

#[test]
fn a_dash_is_standard_input_and_output_can_go_to_a_file() {
    let dir = common::scratch("cli", "dash-and-output");
    let out = dir.join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "--pipeline",
            "tests/fixtures/casualties-only.toml",
            "-",
            "-o",
        ])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": \"piped\", \"text\": \"Five died.\"}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(stdout(&output), "");
    let written = std::fs::read_to_string(&out).unwrap();
    let line: Value = serde_json::from_str(written.trim_end()).unwrap();
    assert_eq!(line["id"], "piped");
    assert_eq!(line["facts"][0]["text"], "Five died");
}

#[test]
fn a_date_that_is_not_iso_leaves_the_document_undated_and_default_date_fills_it() {
    let dir = common::scratch("cli", "dates");
    let docs = dir.join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"id\": \"us-date\", \"date\": \"11/11/2022\", \"text\": \"It happened yesterday.\"}\n\
         {\"id\": \"none\", \"text\": \"It happened yesterday.\"}\n\
         {\"id\": \"own\", \"date\": \"2020-01-02\", \"text\": \"It happened yesterday.\"}\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            "--pipeline",
            "tests/fixtures/dates-then-casualties.toml",
        ];
        args.extend_from_slice(extra);
        args.push(docs.to_str().unwrap());
        let output = quarry(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        json_lines(&output)
    };
    let undated = run(&[]);
    assert_eq!(undated[0]["facts"][0]["attrs"]["value"], "PAST_REF");
    assert_eq!(
        undated[0]["errors"],
        serde_json::json!([{"stage": "input", "message": "line 1: \"date\" \"11/11/2022\" is not an ISO 8601 date (YYYY-MM-DD); the document was read without one (relative dates stay unresolved; --default-date gives one)"}])
    );
    let dated = run(&["--default-date", "2022-11-11"]);
    let values: Vec<&str> = dated
        .iter()
        .map(|l| l["facts"][0]["attrs"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["2022-11-10", "2022-11-10", "2020-01-01"]);
}

#[test]
fn stage_errors_are_summed_up_on_stderr_and_fail_on_errors_sets_the_status() {
    let dir = common::scratch("cli", "error-summary");
    let docs = dir.join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"id\": \"a\", \"text\": \"calm\"}\n{\"id\": \"b\", \"text\": \"TABLE\"}\n{\"id\": \"c\", \"text\": \"DEEP\"}\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--pipeline", "tests/fixtures/lua/isolation.toml"];
        args.extend_from_slice(extra);
        args.push(docs.to_str().unwrap());
        quarry(&args)
    };
    let quiet = run(&[]);
    assert!(quiet.status.success());
    assert_eq!(
        stderr(&quiet),
        "quarry: warning: 2 documents of 3 had errors (deep_attrs on 2); the first, in b: \
         deep_attrs: deep_attrs.lua: table: 0x…\n"
    );
    let strict = run(&["--fail-on-errors"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(json_lines(&strict).len(), 3, "every line is still written");
}

#[test]
fn jsonl_fields_named_otherwise_are_read_with_field_options() {
    let dir = common::scratch("cli", "fields");
    let docs = dir.join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"uuid\": \"u1\", \"body\": \"Two people were killed yesterday.\", \"meta\": {\"published\": \"2022-11-11\", \"site\": \"x\"}}\n",
    )
    .unwrap();
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/dates-then-casualties.toml",
        "--id-field",
        "uuid",
        "--text-field",
        "body",
        "--date-field",
        "meta.published",
        docs.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let line = &json_lines(&output)[0];
    assert_eq!(line["id"], "u1");
    assert_eq!(line["facts"][0]["attrs"]["value"], "2022-11-10");
    assert_eq!(line["meta"], serde_json::json!({"meta": {"site": "x"}}));
}

#[test]
fn an_id_used_twice_is_reported_on_stderr() {
    let dir = common::scratch("cli", "duplicate-ids");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("x.txt"), "Two died.").unwrap();
    }
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/casualties-only.toml",
        dir.join("a/x.txt").to_str().unwrap(),
        dir.join("b/x.txt").to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json_lines(&output).len(), 2);
    assert_eq!(
        stderr(&output),
        "quarry: warning: id \"x.txt\" is used by more than one document; their lines cannot \
         be told apart (give them ids of their own)\n"
    );
}
