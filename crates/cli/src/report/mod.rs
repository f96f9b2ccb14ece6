//! `quarry report`: one self-contained HTML page from a run's output and its documents,
//! with the facts highlighted in each document's text, their attributes on click, filters
//! by kind and summary tables per document and overall.
//!
//! The output is read once and summarized entirely; only the first `limit` documents are
//! kept to be shown, so memory stays bounded on any output size. This module reads and
//! collects; [`page`] writes the HTML and [`marks`] nests the highlights.

mod marks;
mod page;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use quarry_core::input::Record;
use serde_json::Value;

use crate::config::ReportConfig;
use crate::sources::Sources;

/// One document as the run wrote it.
pub struct ShownDoc {
    pub id: String,
    pub facts: Vec<Value>,
    pub errors: Vec<Value>,
    /// The original text, when `--docs` has a document with this id.
    pub text: Option<String>,
    pub date: Option<String>,
}

/// Counts over a set of documents.
#[derive(Default)]
pub struct Summary {
    pub documents: usize,
    pub with_errors: usize,
    pub facts_by_kind: BTreeMap<String, usize>,
    pub casualties: BTreeMap<String, CasualtyTotal>,
}

/// People counted in casualty facts of one category, and mentions without a number.
#[derive(Default, Clone, Copy)]
pub struct CasualtyTotal {
    pub people: u64,
    pub uncounted: usize,
}

impl Summary {
    fn add(&mut self, facts: &[Value], errors: &[Value]) {
        self.documents += 1;
        self.with_errors += usize::from(!errors.is_empty());
        for fact in facts {
            let kind = fact["kind"].as_str().unwrap_or("?");
            *self.facts_by_kind.entry(kind.to_owned()).or_default() += 1;
            if kind == "casualty" {
                let category = fact["attrs"]["category"].as_str().unwrap_or("?");
                let total = self.casualties.entry(category.to_owned()).or_default();
                match fact["attrs"]["count"].as_u64() {
                    Some(count) => total.people += count,
                    None => total.uncounted += 1,
                }
            }
        }
    }

    pub fn of(doc: &ShownDoc) -> Summary {
        let mut summary = Summary::default();
        summary.add(&doc.facts, &doc.errors);
        summary
    }
}

pub fn report(config: ReportConfig) -> anyhow::Result<ExitCode> {
    let (mut shown, overall) = read_output(&config.output, config.limit)?;
    attach_texts(&mut shown, &config.docs)?;
    let missing = shown.iter().filter(|doc| doc.text.is_none()).count();
    let file = File::create(&config.html)
        .with_context(|| format!("cannot write the report to {}", config.html.display()))?;
    let mut out = BufWriter::new(file);
    page::write(&mut out, &shown, &overall, &config.output)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write the report to {}", config.html.display()))?;
    if missing > 0 {
        eprintln!(
            "quarry: warning: {missing} of {} documents have no text in --docs (their facts are listed without it)",
            shown.len()
        );
    }
    if overall.documents > shown.len() {
        eprintln!(
            "quarry: note: the report shows the first {} of {} documents (--limit); its overall summary counts them all",
            shown.len(),
            overall.documents
        );
    }
    let plural = if shown.len() == 1 { "" } else { "s" };
    println!(
        "wrote {} ({} document{plural}); open it in a browser",
        config.html.display(),
        shown.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Summarizes every line of `path` and keeps the first `limit` documents.
fn read_output(path: &Path, limit: usize) -> anyhow::Result<(Vec<ShownDoc>, Summary)> {
    let file =
        File::open(path).with_context(|| format!("cannot read the output {}", path.display()))?;
    let mut shown = Vec::new();
    let mut overall = Summary::default();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = serde_json::from_str(&line).with_context(|| {
            format!(
                "{}:{}: not a line of quarry's output (JSON expected); give the file `quarry run` wrote",
                path.display(),
                index + 1
            )
        })?;
        let Some(id) = record["id"].as_str() else {
            bail!(
                "{}:{}: no \"id\"; give the file `quarry run` wrote",
                path.display(),
                index + 1
            );
        };
        let list = |key: &str| record[key].as_array().cloned().unwrap_or_default();
        let (facts, errors) = (list("facts"), list("errors"));
        overall.add(&facts, &errors);
        if shown.len() < limit {
            shown.push(ShownDoc {
                id: id.to_owned(),
                facts,
                errors,
                text: None,
                date: None,
            });
        }
    }
    Ok((shown, overall))
}

/// Finds the original text of each shown document among the inputs.
fn attach_texts(shown: &mut [ShownDoc], inputs: &[PathBuf]) -> anyhow::Result<()> {
    if let Some(missing) = inputs.iter().find(|path| !path.is_file()) {
        bail!(
            "--docs {}: no such file; give the input files that `quarry run` read",
            missing.display()
        );
    }
    let wanted: HashSet<&str> = shown.iter().map(|doc| doc.id.as_str()).collect();
    let mut found: HashMap<String, (String, Option<String>)> = HashMap::new();
    for record in Sources::new(inputs.to_vec(), None).records() {
        let record = record.context("cannot read the documents given with --docs")?;
        if let Record::Doc(doc) = record {
            if wanted.contains(doc.id()) && !found.contains_key(doc.id()) {
                let date = doc.date().map(|d| d.to_string());
                found.insert(doc.id().to_owned(), (doc.original().to_owned(), date));
            }
        }
    }
    for doc in shown {
        if let Some((text, date)) = found.get(&doc.id) {
            doc.text = Some(text.clone());
            doc.date = date.clone();
        }
    }
    Ok(())
}
