//! `quarry test SCRIPT.lua…`: runs each Lua rule on the fixtures beside it
//! (`NAME.fixtures.jsonl`: one `{"id", "text", "date"?, "before"?, "options"?, "expect"}`
//! a line) and prints what differs, expected facts with `-`, found facts with `+`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use quarry_core::input::{parse_jsonl_line, Record};
use quarry_core::Pipeline;
use serde_json::Value;

use crate::stages::Loader;

pub fn test(scripts: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (mut passed, mut failed) = (0, 0);
    for script in scripts {
        println!("{}", script.display());
        let fixtures = fixtures_path(script);
        let source = std::fs::read_to_string(&fixtures).with_context(|| {
            format!(
                "cannot read the fixtures of {}: {} (one JSON object a line)",
                script.display(),
                fixtures.display()
            )
        })?;
        for (index, line) in source
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let where_ = format!("{}:{}", fixtures.display(), index + 1);
            let fixture: Value =
                serde_json::from_str(line).with_context(|| format!("{where_}: not JSON"))?;
            match run_fixture(script, &fixture, index + 1).with_context(|| where_.clone())? {
                None => {
                    passed += 1;
                    println!("  ok    {}", fixture_id(&fixture, index + 1));
                }
                Some(diff) => {
                    failed += 1;
                    println!("  FAIL  {}\n{diff}", fixture_id(&fixture, index + 1));
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `scripts/weapons.lua` → `scripts/weapons.fixtures.jsonl`.
pub fn fixtures_path(script: &Path) -> PathBuf {
    script.with_extension("fixtures.jsonl")
}

fn fixture_id(fixture: &Value, line: usize) -> String {
    fixture["id"]
        .as_str()
        .map_or_else(|| format!("line {line}"), str::to_owned)
}

/// `None` when the rule found exactly the expected facts, else the diff.
fn run_fixture(script: &Path, fixture: &Value, line: usize) -> anyhow::Result<Option<String>> {
    let Record::Doc(doc) = parse_jsonl_line(fixture.to_string().as_bytes(), line) else {
        bail!("the fixture needs a string \"text\" (and optional \"id\", \"date\")");
    };
    let mut pipeline = toml::Table::new();
    let mut stages = Vec::new();
    for before in fixture["before"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let name = before
            .as_str()
            .context("\"before\" lists built-in plugin names")?;
        stages.push(toml::Value::Table(toml::Table::from_iter([(
            "plugin".to_owned(),
            name.into(),
        )])));
    }
    let file = script
        .file_name()
        .context("the script path names a file")?
        .to_string_lossy()
        .into_owned();
    let mut stage = toml::Table::from_iter([("lua".to_owned(), toml::Value::from(file))]);
    if let Some(options) = fixture.get("options") {
        let options: toml::Table =
            serde_json::from_value(options.clone()).context("\"options\" must be an object")?;
        stage.insert("options".into(), toml::Value::Table(options));
    }
    stages.push(toml::Value::Table(stage));
    pipeline.insert("stage".into(), toml::Value::Array(stages));
    let folder = script.parent().unwrap_or(Path::new("."));
    let pipeline = Pipeline::from_toml(
        &folder.join("fixture-pipeline.toml"),
        &pipeline.to_string(),
        &Loader::in_process(),
    )?;
    let rule = pipeline.stage_names().last().unwrap_or_default().to_owned();
    let result = pipeline.run(&doc);
    let mut found: Vec<String> = result
        .facts
        .iter()
        .filter(|f| f.source == rule)
        .map(|f| {
            describe(
                &f.kind,
                f.text(doc.text()),
                &Value::Object(f.attrs.to_json()),
            )
        })
        .collect();
    found.extend(
        result
            .errors
            .iter()
            .map(|e| format!("error in {}: {}", e.stage, e.message)),
    );
    let expected: Vec<String> = fixture["expect"]
        .as_array()
        .context("the fixture needs \"expect\": a list of {\"kind\", \"text\", \"attrs\"}")?
        .iter()
        .map(|e| {
            describe(
                e["kind"].as_str().unwrap_or_default(),
                e["text"].as_str().unwrap_or_default(),
                &e["attrs"],
            )
        })
        .collect();
    if found == expected {
        return Ok(None);
    }
    let mut diff = String::new();
    for line in expected.iter().filter(|e| !found.contains(e)) {
        let _ = writeln!(diff, "        - {line}");
    }
    for line in found.iter().filter(|f| !expected.contains(f)) {
        let _ = writeln!(diff, "        + {line}");
    }
    if diff.is_empty() {
        diff = "        (same facts in another order)\n".into();
    }
    Ok(Some(diff))
}

/// One line per fact; attributes in name order, since Lua tables have none.
fn describe(kind: &str, text: &str, attrs: &Value) -> String {
    match attrs {
        Value::Object(map) if !map.is_empty() => {
            let sorted: std::collections::BTreeMap<_, _> = map.iter().collect();
            format!(
                "{kind} {text:?} {}",
                serde_json::to_string(&sorted).unwrap_or_default()
            )
        }
        _ => format!("{kind} {text:?}"),
    }
}
