//! Compiled plugins end to end: the tests build the example plugin and two broken ones
//! with cargo, load them through pipeline files, and check the output and every refusal.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{json_lines, quarry, scratch, stderr};

/// Where cargo puts the binary under test, and so the plugins built for it.
fn artifacts() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_quarry"))
        .parent()
        .expect("the binary has a folder")
}

/// Builds the plugin libraries once per test run, with the profile of the binary.
fn plugins() -> &'static Path {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "build",
            "-p",
            "quarry-ranks",
            "-p",
            "quarry-test-plugin-panicky",
            "-p",
            "quarry-test-plugin-wrong-abi",
            "-p",
            "quarry-test-plugin-hostile",
        ]);
        if artifacts().ends_with("release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building the test plugins failed");
    });
    artifacts()
}

fn library(stem: &str) -> PathBuf {
    plugins().join(format!(
        "{}{stem}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

fn pipeline_with(dir: &Path, library: &Path) -> PathBuf {
    let path = dir.join("pipeline.toml");
    let toml = format!(
        "[[stage]]\nplugin = \"dates\"\n\n[[stage]]\ndylib = {:?}\n",
        library.display().to_string()
    );
    std::fs::write(&path, toml).unwrap();
    path
}

const DOCS: &str = concat!(
    "{\"id\": \"a\", \"date\": \"2023-02-03\", \"text\": \"Col. Olena Bilyk of the 93rd Mechanized Brigade said on Monday it was ok.\"}\n",
    "{\"id\": \"b\", \"text\": \"PANIC: this one breaks the panicky plugin.\"}\n",
    "{\"id\": \"c\", \"text\": \"Lt. Gen. Ivan Petrenko is ok.\"}\n",
);

/// Runs `DOCS` through dates and the plugin library `stem`, in a folder of its own.
fn run_docs_with(test: &str, stem: &str) -> Output {
    let dir = scratch("plugin-tests", test);
    let pipeline = pipeline_with(&dir, &library(stem));
    std::fs::write(dir.join("docs.jsonl"), DOCS).unwrap();
    let output = quarry(&[
        "run",
        "--pipeline",
        pipeline.to_str().unwrap(),
        dir.join("docs.jsonl").to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

#[test]
fn the_example_plugin_runs_from_a_pipeline_file() {
    let output = run_docs_with("example", "quarry_ranks");
    insta::assert_json_snapshot!("ranks_plugin", json_lines(&output));
}

#[test]
fn list_shows_a_loaded_plugin_with_its_abi() {
    let dir = scratch("plugin-tests", "list");
    let pipeline = pipeline_with(&dir, &library("quarry_ranks"));
    let output = quarry(&["list", "--pipeline", pipeline.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("ranks        compiled plugin "), "{last}");
    assert!(
        last.ends_with("(ABI 1, version 0.1.0, kinds: rank,military_unit)"),
        "{last}"
    );
}

#[test]
fn a_panicking_plugin_costs_only_that_document() {
    let output = run_docs_with("panicky", "quarry_test_plugin_panicky");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1]["errors"],
        serde_json::json!([{"stage": "panicky", "message": "plugin panicked: this document made the plugin panic"}])
    );
    for ok in [&lines[0], &lines[2]] {
        assert_eq!(ok["errors"], serde_json::json!([]));
        assert!(
            ok["facts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["source"] == "panicky"),
            "{ok}"
        );
    }
    assert!(lines[1]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["source"] == "dates"));
}

fn check_fails_with(library: &Path, test: &str) -> String {
    let dir = scratch("plugin-tests", test);
    let pipeline = pipeline_with(&dir, library);
    let output = quarry(&["check", pipeline.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!(
            "quarry: error: {}:4: stage 2: ",
            pipeline.display()
        )),
        "{message}"
    );
    message
}

#[test]
fn a_wrong_abi_version_is_refused_saying_both_versions() {
    let path = library("quarry_test_plugin_wrong_abi");
    let message = check_fails_with(&path, "wrong-abi");
    assert!(
        message.ends_with(&format!(
            "{} was built for plugin ABI version 999, this quarry speaks version 1: rebuild the plugin against quarry-plugin-sdk with ABI 1\n",
            path.display()
        )),
        "{message}"
    );
}

#[test]
fn a_missing_library_is_refused() {
    let path = scratch("plugin-tests", "missing").join("libnothing.so");
    let message = check_fails_with(&path, "missing");
    assert!(
        message.contains(&format!(
            "plugin library {} does not exist; build the plugin or fix the path",
            path.display()
        )),
        "{message}"
    );
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let path = scratch("plugin-tests", "not-a-library").join("libfake.so");
    std::fs::write(&path, "this is text, not ELF").unwrap();
    let message = check_fails_with(&path, "not-a-library");
    assert!(
        message.contains(&format!(
            "cannot load {} as a shared library",
            path.display()
        )),
        "{message}"
    );
}

#[test]
fn a_library_that_is_not_a_plugin_is_refused() {
    let candidates = [
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/usr/lib64/libc.so.6",
        "/lib/aarch64-linux-gnu/libc.so.6",
    ];
    let Some(libc) = candidates.iter().map(Path::new).find(|p| p.exists()) else {
        eprintln!("notice: no system libc.so.6 found; the not-a-plugin test is skipped");
        return;
    };
    let message = check_fails_with(libc, "not-a-plugin");
    assert!(
        message.contains(&format!(
            "{} is not a quarry plugin: it exports no `quarry_plugin_entry` symbol",
            libc.display()
        )),
        "{message}"
    );
}

/// Every way the hostile plugin can take its process down, each on one document between
/// documents it handles.
const HOSTILE: [&str; 9] = [
    "SEGV", "ABORT", "EXIT", "STACK", "LOOP", "ALLOC", "FLOOD", "PRINT", "fine",
];

fn hostile_docs(dir: &Path) -> PathBuf {
    let mut docs = String::new();
    for (i, word) in HOSTILE.iter().enumerate() {
        docs.push_str(&format!(
            "{{\"id\": \"{word}\", \"date\": \"2023-02-03\", \"text\": \"{word} but ok on Monday\"}}\n"
        ));
        docs.push_str(&format!(
            "{{\"id\": \"after-{i}\", \"date\": \"2023-02-03\", \"text\": \"ok, ok, said Kim on {} March.\"}}\n",
            i + 1
        ));
    }
    let path = dir.join("docs.jsonl");
    std::fs::write(&path, docs).unwrap();
    path
}

fn run_isolated(dir: &Path, stage: &str, extra: &[&str]) -> Output {
    let pipeline = dir.join("pipeline.toml");
    std::fs::write(&pipeline, stage).unwrap();
    let docs = hostile_docs(dir);
    let mut args = vec!["run", "--pipeline", pipeline.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(docs.to_str().unwrap());
    quarry(&args)
}

#[test]
fn an_isolated_plugin_that_crashes_hangs_or_floods_costs_only_that_document() {
    let dir = scratch("plugin-tests", "isolated-hostile");
    let dates = "[[stage]]\nplugin = \"dates\"\n";
    let stage = format!(
        "{dates}\n[[stage]]\ndylib = {:?}\nisolate = true\ntime_limit_ms = 3000\nmemory_limit_mb = 256\n",
        library("quarry_test_plugin_hostile").display().to_string()
    );
    let output = run_isolated(&dir, &stage, &["--threads", "2"]);
    assert_eq!(
        output.stdout,
        run_isolated(&dir, &stage, &["--threads", "2"]).stdout,
        "two runs differ"
    );
    let without = json_lines(&run_isolated(&dir, dates, &[]));
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2 * HOSTILE.len());
    // The other stage's facts are those of a run without the hostile stage, everywhere.
    assert_eq!(without.len(), lines.len());
    for (line, alone) in lines.iter().zip(&without) {
        let dates: Vec<&serde_json::Value> = line["facts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["source"] == "dates")
            .collect();
        let expected: Vec<&serde_json::Value> = alone["facts"].as_array().unwrap().iter().collect();
        assert!(!expected.is_empty(), "{alone}");
        assert_eq!(dates, expected, "{line}");
    }
    let error_of = |id: &str| {
        let line = lines
            .iter()
            .find(|l| l["id"] == id)
            .expect("every document has its line");
        let hostile = line["facts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["source"] == "hostile");
        assert_eq!(hostile.count(), 0, "{line}");
        line["errors"][0]["message"].as_str().unwrap().to_owned()
    };
    let restarted = "(isolated stage; the worker was restarted)";
    let expected = [
        ("SEGV", "the worker was killed by signal 11 (SIGSEGV"),
        ("ABORT", "the worker was killed by signal 6 (SIGABRT"),
        ("EXIT", "the worker exited with status 3"),
        ("STACK", "the worker was killed by signal"),
        ("LOOP", "the worker took longer than its time limit of 3000 ms (time_limit_ms)"),
        ("ALLOC", "the worker was killed by signal 6 (SIGABRT: an abort, or out of its memory limit); memory limit 256 MB"),
    ];
    for (id, start) in expected {
        let message = error_of(id);
        assert!(message.starts_with(start), "{id}: {message}");
        assert!(message.ends_with(restarted), "{id}: {message}");
    }
    // Two million facts: past the worker's memory limit while it builds them, or past the
    // reply size the host reads.
    let flood = error_of("FLOOD");
    assert!(
        flood.contains("out of its memory limit")
            || flood.contains("more than the 67108864 allowed"),
        "{flood}"
    );
    // A print to stdout does not corrupt the replies; the documents around every failure
    // keep their facts.
    for line in &lines {
        let id = line["id"].as_str().unwrap();
        if id.starts_with("after-") || id == "PRINT" || id == "fine" {
            assert_eq!(line["errors"], serde_json::json!([]), "{line}");
            let oks = if id.starts_with("after-") { 2 } else { 1 };
            let hostile = line["facts"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["source"] == "hostile");
            assert_eq!(hostile.count(), oks, "{line}");
        }
    }
}

#[test]
fn isolate_on_the_command_line_isolates_every_plugin_stage() {
    let dir = scratch("plugin-tests", "isolate-flag");
    let stage = format!(
        "[[stage]]\ndylib = {:?}\n",
        library("quarry_test_plugin_hostile").display().to_string()
    );
    let pipeline = dir.join("pipeline.toml");
    std::fs::write(&pipeline, &stage).unwrap();
    std::fs::write(
        dir.join("docs.jsonl"),
        "{\"id\": \"a\", \"text\": \"EXIT ok\"}\n{\"id\": \"b\", \"text\": \"ok\"}\n",
    )
    .unwrap();
    let output = quarry(&[
        "run",
        "--isolate",
        "--pipeline",
        pipeline.to_str().unwrap(),
        dir.join("docs.jsonl").to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(
        lines[0]["errors"][0]["message"],
        "the worker exited with status 3 (isolated stage; the worker was restarted)"
    );
    assert_eq!(lines[1]["facts"][0]["text"], "ok");
    let list = quarry(&["list", "--pipeline", pipeline.to_str().unwrap()]);
    assert!(
        !stderr(&list).contains("isolated"),
        "in-process unless asked"
    );
}

#[test]
fn isolation_options_are_checked_with_the_stage_line() {
    let dir = scratch("plugin-tests", "isolation-options");
    let pipeline = dir.join("pipeline.toml");
    for (toml, message) in [
        (
            "[[stage]]\nplugin = \"dates\"\nisolate = true\n",
            "stage 1: a built-in runs in the quarry process; `isolate` is for `lua` and `dylib` stages",
        ),
        (
            "[[stage]]\ndylib = \"x.so\"\ntime_limit_ms = 5\n",
            "stage 1: `time_limit_ms` and `memory_limit_mb` limit an isolated stage; add `isolate = true`",
        ),
        (
            "[[stage]]\ndylib = \"x.so\"\nisolate = true\ntime_limit_ms = 0\n",
            "stage 1: `time_limit_ms` must be at least 1",
        ),
    ] {
        std::fs::write(&pipeline, toml).unwrap();
        let output = quarry(&["check", pipeline.to_str().unwrap()]);
        assert!(!output.status.success());
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}

#[test]
fn a_panic_with_stderr_a_closed_pipe_still_costs_only_that_document() {
    let dir = scratch("plugin-tests", "closed-stderr");
    let pipeline = pipeline_with(&dir, &library("quarry_test_plugin_panicky"));
    std::fs::write(dir.join("docs.jsonl"), DOCS).unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["run", "--pipeline", pipeline.to_str().unwrap()])
        .arg(dir.join("docs.jsonl"))
        .stderr(writer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["errors"][0]["stage"], "panicky");
}
