//! Lua rules end to end: the example scripts next to the built-ins, `quarry test` and
//! `quarry new-rule`, the tutorial of docs/lua.md, and hostile scripts that must each
//! become one document's error record without stopping the run.

mod common;

use std::path::Path;

use common::{assert_contract_offsets, json_lines, quarry, scratch, stderr, stdout};

#[test]
fn example_rules_pass_their_fixtures() {
    let output = quarry(&[
        "test",
        "scripts/weapons.lua",
        "scripts/places_attacked.lua",
        "scripts/spokespeople.lua",
        "scripts/displaced.lua",
    ]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).ends_with("15 passed, 0 failed\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn example_rules_run_next_to_the_builtins() {
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/lua/with_scripts.toml",
        "examples/port-strike.txt",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let original = std::fs::read_to_string("examples/port-strike.txt").unwrap();
    assert_contract_offsets(&lines[0], &original);
    let sources: std::collections::BTreeSet<&str> = lines[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        Vec::from_iter(sources),
        [
            "casualties",
            "dates",
            "places_attacked",
            "quotes",
            "spokespeople",
            "weapons"
        ]
    );
    insta::assert_json_snapshot!("port_strike_with_scripts", lines[0]);
}

#[test]
fn hostile_scripts_cost_only_their_own_output() {
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/lua/hostile.toml",
        "tests/fixtures/lua/hostile.jsonl",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!Path::new("tests/fixtures/lua/quarry-sandbox-escaped").exists());
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let sources: Vec<&str> = line["facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["source"].as_str().unwrap())
            .collect();
        assert!(
            sources.contains(&"casualties") || line["id"] == "fail",
            "{line}"
        );
        assert!(sources.contains(&"weapons"), "{line}");
    }
    let errors = |id: &str| -> Vec<String> {
        let line = lines.iter().find(|l| l["id"] == id).unwrap();
        line["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e["stage"].as_str().unwrap(),
                    e["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    let everywhere = [
        "os_execute: os_execute.lua:2: attempt to index a nil value (global 'os')",
        "io_open: io_open.lua:2: attempt to index a nil value (global 'io')",
        "garbage: garbage.lua: extract must return a list of facts, it returned a string",
    ];
    let loop_errors = errors("loop");
    assert!(loop_errors.contains(&"endless_loop: endless_loop.lua:4: instruction budget of 1000000 exceeded (an endless loop? raise `instruction_limit` in [stage.options])".to_owned()), "{loop_errors:?}");
    let bomb_errors = errors("bomb");
    assert!(bomb_errors.contains(&"memory_bomb: memory_bomb.lua: memory limit of 16 MB exceeded (raise `memory_limit_mb` in [stage.options])".to_owned()), "{bomb_errors:?}");
    let fail_errors = errors("fail");
    assert!(
        fail_errors.contains(&"raises: raises.lua:3: this document is not welcome".to_owned()),
        "{fail_errors:?}"
    );
    assert!(
        fail_errors.contains(
            &"past_end: past_end.lua: fact 1: start..stop = 1..43 is outside the text (1..38)"
                .to_owned()
        ),
        "{fail_errors:?}"
    );
    for id in ["loop", "bomb", "fail"] {
        let errors = errors(id);
        for expected in everywhere {
            assert!(errors.contains(&expected.to_owned()), "{id}: {errors:?}");
        }
        // The endless loop and the bomb only go off on their own documents.
        assert_eq!(
            errors.iter().any(|e| e.starts_with("endless_loop")),
            id == "loop"
        );
        assert_eq!(
            errors.iter().any(|e| e.starts_with("memory_bomb")),
            id == "bomb"
        );
    }
}

#[test]
fn a_script_with_a_syntax_error_is_refused_with_its_line() {
    let output = quarry(&["check", "tests/fixtures/lua/bad_syntax.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "quarry: error: tests/fixtures/lua/bad_syntax.toml:1: stage 1: bad_syntax.lua:3: unexpected symbol near 'end'\n"
    );
}

#[test]
fn an_option_of_the_wrong_type_is_refused() {
    let output = quarry(&["check", "tests/fixtures/lua/wrong_option.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "quarry: error: tests/fixtures/lua/wrong_option.toml:4: stage 2: rule.lua: option `min_mentions` must be a number (the script's default is 1), got \"two\"\n"
    );
}

#[test]
fn a_wrong_fixture_fails_with_a_diff() {
    let dir = scratch("lua-tests", "diff");
    std::fs::copy("scripts/weapons.lua", dir.join("weapons.lua")).unwrap();
    std::fs::write(
        dir.join("weapons.fixtures.jsonl"),
        "{\"id\": \"wrong\", \"text\": \"A drone and a rocket.\", \"expect\": [{\"kind\": \"weapon\", \"text\": \"drone\", \"attrs\": {\"family\": \"missile\"}}]}\n",
    )
    .unwrap();
    let output = quarry(&["test", dir.join("weapons.lua").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "{}\n  FAIL  wrong\n        - weapon \"drone\" {{\"family\":\"missile\"}}\n        + weapon \"drone\" {{\"family\":\"drone\"}}\n        + weapon \"rocket\" {{\"family\":\"rocket\"}}\n\n0 passed, 1 failed\n",
        dir.join("weapons.lua").display()
    );
    assert_eq!(stdout(&output), expected);
}

#[test]
fn new_rule_writes_a_rule_that_passes_its_fixtures() {
    let dir = scratch("lua-tests", "new-rule");
    let output = quarry(&["new-rule", "ceasefires", "--dir", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = quarry(&["test", dir.join("ceasefires.lua").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stdout(&output));
    let again = quarry(&["new-rule", "ceasefires", "--dir", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
}

/// The code block that follows `marker` in docs/lua.md.
fn doc_block(doc: &str, marker: &str) -> String {
    let after = &doc[doc.find(marker).expect("marker present")..];
    let start = after.find("```").unwrap();
    let body = &after[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_owned()
}

/// Writes the script and fixtures that follow the two markers in docs/lua.md as
/// `name.lua` and runs `quarry test` on them: all three fixtures must pass.
fn tutorial_passes(name: &str, script_marker: &str, fixtures_marker: &str) {
    let doc = std::fs::read_to_string("docs/lua.md").unwrap();
    let dir = scratch("lua-tests", name);
    std::fs::write(
        dir.join(format!("{name}.lua")),
        doc_block(&doc, script_marker),
    )
    .unwrap();
    std::fs::write(
        dir.join(format!("{name}.fixtures.jsonl")),
        doc_block(&doc, fixtures_marker),
    )
    .unwrap();
    let output = quarry(&["test", dir.join(format!("{name}.lua")).to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stdout(&output).ends_with("3 passed, 0 failed\n"));
}

#[test]
fn the_tutorial_in_the_docs_works() {
    tutorial_passes(
        "evacuations",
        "<!-- tutorial-script -->",
        "<!-- tutorial-fixtures -->",
    );
}

#[test]
fn the_token_pattern_tutorial_in_the_docs_works() {
    tutorial_passes(
        "arrests",
        "<!-- tokens-script -->",
        "<!-- tokens-fixtures -->",
    );
}

/// What `doc:tokens()`, `doc:numbers()`, `doc:chunks()`, `doc:sentences()` and
/// `quarry.match` give a script, and a pattern with a mistake in it.
#[test]
fn scripts_read_the_linguistic_layer() {
    let output = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/lua/layer.toml",
        "tests/fixtures/lua/layer.jsonl",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let facts: Vec<String> = lines[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {}",
                f["kind"].as_str().unwrap(),
                f["text"].as_str().unwrap(),
                f["attrs"]
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            r#"token "Gunmen" {"classes":"person","lower":"gunmen","shape":"capitalised"}"#,
            r#"chunk "Gunmen" {"head":"Gunmen","kind":"person"}"#,
            r#"token "KILLED" {"category":"killed","classes":"casualty","lower":"killed","shape":"all_caps"}"#,
            r#"number "at least 17" {"qualifier":"at least","vague":false,"value":17}"#,
            r#"chunk "at least 17 Afghan villagers" {"count":17,"head":"villagers","kind":"person"}"#,
            r#"token "17" {"classes":"number","lower":"17","number":17,"shape":"digits"}"#,
            r#"number "dozens" {"qualifier":"exact","vague":true}"#,
            r#"chunk "dozens" {"head":"dozens","kind":"number"}"#,
            r#"match "dozens died" {"sentences":3,"tokens":2}"#,
            r#"chunk "His wife" {"count":1,"head":"wife","kind":"person"}"#,
            r#"chunk "We" {"head":"We","kind":"pronoun"}"#,
            r#"quotation "We ran," {"closed":true}"#,
            // Without a tagger, a verb after a pronoun reads as a noun.
            r#"chunk "ran" {"head":"ran","kind":"noun"}"#,
            r#"chunk "she" {"count":1,"head":"she","kind":"pronoun"}"#,
        ]
    );
    let bad = &lines[1];
    assert_eq!(bad["facts"].as_array().unwrap().len(), 0);
    let message = bad["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("quarry.match: test 1: unknown key `lowr`")
            && message.contains("layer.lua:31:"),
        "{message}"
    );
}

/// Documents for tests/fixtures/lua/isolation.toml: every tenth one sets a script off.
fn isolation_docs(dir: &Path) -> std::path::PathBuf {
    let words = ["SWALLOW", "DEEP", "TABLE"];
    let docs: String = (0..60)
        .map(|i| {
            let word = if i % 10 == 0 {
                words[i / 10 % 3]
            } else {
                "calm"
            };
            format!("{{\"id\": \"d{i}\", \"text\": \"{word} text {i}\"}}\n")
        })
        .collect();
    let path = dir.join("docs.jsonl");
    std::fs::write(&path, docs).unwrap();
    path
}

#[test]
fn scripts_give_the_same_output_on_any_thread_count_and_in_every_run() {
    let dir = scratch("lua-tests", "isolation");
    let docs = isolation_docs(&dir);
    let run = |threads: &str| {
        let output = quarry(&[
            "run",
            "--threads",
            threads,
            "--pipeline",
            "tests/fixtures/lua/isolation.toml",
            docs.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        output.stdout
    };
    let one = run("1");
    assert_eq!(one, run("4"), "the thread count changed the output");
    assert_eq!(one, run("4"), "two runs differ");
    let output = String::from_utf8(one).unwrap();
    let lines: Vec<serde_json::Value> = output
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 60);
    for line in &lines {
        let count = &line["facts"][0];
        assert_eq!(count["attrs"]["seen"], 1, "{line}");
        assert_eq!(count["attrs"]["calls"], 1, "{line}");
    }
    let message = |id: &str| {
        let line = lines.iter().find(|l| l["id"] == id).unwrap();
        line["errors"][0]["message"].as_str().unwrap().to_owned()
    };
    assert!(
        message("d0").starts_with("pcall_loop.lua:4: instruction budget of 1000000 exceeded"),
        "{}",
        message("d0")
    );
    assert!(
        message("d10").contains("nested more than 64 deep"),
        "{}",
        message("d10")
    );
    // A heap address would differ between runs; the message keeps none.
    assert_eq!(message("d20"), "deep_attrs.lua: table: 0x…");
    assert_eq!(lines[1]["errors"], serde_json::json!([]));
}

#[test]
fn a_print_with_stderr_a_closed_pipe_is_lost_not_the_run() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quarry"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "--pipeline",
            "tests/fixtures/lua/prints.toml",
            "examples/port-strike.txt",
        ])
        .stderr(writer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let lines = json_lines(&output);
    assert_eq!(lines[0]["errors"], serde_json::json!([]), "{}", lines[0]);
    assert_eq!(lines[0]["facts"][0]["kind"], "x");
}

#[test]
fn the_report_reads_what_refused_attrs_leave() {
    let dir = scratch("lua-tests", "isolation-report");
    let docs = isolation_docs(&dir);
    let run = quarry(&[
        "run",
        "--pipeline",
        "tests/fixtures/lua/isolation.toml",
        docs.to_str().unwrap(),
    ]);
    let out = dir.join("out.jsonl");
    std::fs::write(&out, &run.stdout).unwrap();
    let html = dir.join("report.html");
    let report = quarry(&[
        "report",
        out.to_str().unwrap(),
        "--docs",
        docs.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(report.status.success(), "{}", stderr(&report));
    assert!(std::fs::read_to_string(html)
        .unwrap()
        .contains("nested more than 64 deep"));
}

#[test]
fn pretty_output_shows_what_scripts_could_not_give() {
    let dir = scratch("lua-tests", "isolation-pretty");
    let docs = isolation_docs(&dir);
    let output = quarry(&[
        "run",
        "--format",
        "pretty",
        "--pipeline",
        "tests/fixtures/lua/isolation.toml",
        docs.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("nested more than 64 deep"));
}
