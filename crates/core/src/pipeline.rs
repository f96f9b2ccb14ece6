//! The pipeline: the TOML file of the contract (`[[stage]]` with `plugin`, `lua` or `dylib`
//! and `[stage.options]`), turned into a list of ready extractors that run in order on each
//! document. A later stage sees the facts of the earlier ones.
//!
//! A failing stage (an error or a panic) costs only its own facts on that document: it
//! becomes a [`StageError`] and the next stage runs. This module does not read documents or
//! write output.

use std::borrow::Cow;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::{registry, Document, ExtractError, Extractor, Fact, Options};

/// The stages every `quarry run` without `--pipeline` uses.
pub const DEFAULT_STAGES: [&str; 4] = ["dates", "quotes", "casualties", "casualty-figures"];

/// What one `[[stage]]` asks for, before anything is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum StageSpec {
    Plugin(String),
    Lua(PathBuf),
    Dylib(PathBuf),
}

/// A stage that runs in worker processes of its own (`isolate = true`): what a document
/// may cost it before the worker is killed and the document gets an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isolation {
    /// Wall-clock time per document (`time_limit_ms`).
    pub time_limit: Duration,
    /// Address space of each worker process (`memory_limit_mb`).
    pub memory_limit_mb: u64,
}

impl Default for Isolation {
    fn default() -> Self {
        Isolation {
            time_limit: Duration::from_secs(10),
            memory_limit_mb: 2048,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct StageConfig {
    spec: StageSpec,
    options: Options,
    /// `Some` for a stage to run in worker processes.
    isolation: Option<Isolation>,
    /// 1-based line of the `[[stage]]` header, for messages; 0 for the built-in default.
    line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    stage: Vec<toml::Spanned<StageEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StageEntry {
    plugin: Option<String>,
    lua: Option<PathBuf>,
    dylib: Option<PathBuf>,
    #[serde(default)]
    isolate: bool,
    time_limit_ms: Option<u64>,
    memory_limit_mb: Option<u64>,
    #[serde(default)]
    options: Options,
}

/// A pipeline file that cannot be used: the message names the file, the line and the stage.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("cannot read pipeline file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: invalid pipeline file: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("{path}:{line}: stage {stage}: {message}")]
    Stage {
        path: PathBuf,
        line: usize,
        stage: usize,
        message: String,
    },
}

/// One stage's failure on one document, as it appears under the document's `errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    pub stage: String,
    pub message: String,
}

/// The facts of all stages that succeeded on a document, and one error per stage that failed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DocResult {
    pub facts: Vec<Fact>,
    pub errors: Vec<StageError>,
}

struct Stage {
    name: Cow<'static, str>,
    /// Time spent in this stage, summed over all documents and threads.
    busy_nanos: AtomicU64,
    /// Where the stage comes from, for `quarry list` and messages.
    origin: String,
    extractor: Box<dyn Extractor>,
}

/// Builds the stages that are not built-ins (Lua scripts, compiled plugins). The binary
/// provides the loader, so that this crate depends on neither mlua nor libloading.
pub trait StageLoader {
    /// `path` is already resolved against the pipeline file's folder; `isolation` is the
    /// stage's `isolate = true` with its limits, for a loader that can run a stage in
    /// worker processes.
    fn load(
        &self,
        spec: &StageSpec,
        path: &Path,
        options: &Options,
        isolation: Option<Isolation>,
    ) -> Result<LoadedStage, String>;
}

/// An extractor built by a [`StageLoader`], with the name its facts carry as `source`.
pub struct LoadedStage {
    pub name: String,
    pub origin: String,
    pub extractor: Box<dyn Extractor>,
}

/// A loader for pipelines of built-ins only: it refuses every other stage.
pub struct BuiltinsOnly;

impl StageLoader for BuiltinsOnly {
    fn load(
        &self,
        _spec: &StageSpec,
        path: &Path,
        _options: &Options,
        _isolation: Option<Isolation>,
    ) -> Result<LoadedStage, String> {
        Err(format!(
            "only built-in plugins can be used here, not {}",
            path.display()
        ))
    }
}

/// Ready-to-run stages. Built once, shared by all worker threads.
pub struct Pipeline {
    stages: Vec<Stage>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| &s.name))
            .finish()
    }
}

impl Pipeline {
    /// The built-in default: dates, quotes, casualties.
    pub fn default_builtins() -> Result<Pipeline, PipelineError> {
        let configs = DEFAULT_STAGES
            .iter()
            .map(|name| StageConfig {
                spec: StageSpec::Plugin((*name).to_owned()),
                options: Options::new(),
                isolation: None,
                line: 0,
            })
            .collect::<Vec<_>>();
        Pipeline::build(Path::new("<default pipeline>"), &configs, &BuiltinsOnly)
    }

    /// Reads, validates and builds the pipeline in `path`; relative script and library paths
    /// are resolved against the file's folder.
    pub fn from_file(path: &Path, loader: &dyn StageLoader) -> Result<Pipeline, PipelineError> {
        let source = std::fs::read_to_string(path).map_err(|source| PipelineError::Read {
            path: path.to_owned(),
            source,
        })?;
        Pipeline::from_toml(path, &source, loader)
    }

    /// Like [`Pipeline::from_file`] for TOML already in memory; `path` names it in messages
    /// and anchors relative paths.
    pub fn from_toml(
        path: &Path,
        source: &str,
        loader: &dyn StageLoader,
    ) -> Result<Pipeline, PipelineError> {
        let configs = parse(path, source)?;
        Pipeline::build(path, &configs, loader)
    }

    fn build(
        path: &Path,
        configs: &[StageConfig],
        loader: &dyn StageLoader,
    ) -> Result<Pipeline, PipelineError> {
        let base = path.parent().unwrap_or(Path::new("."));
        let stages = configs
            .iter()
            .enumerate()
            .map(|(index, config)| {
                build_stage(base, config, loader).map_err(|message| PipelineError::Stage {
                    path: path.to_owned(),
                    line: config.line,
                    stage: index + 1,
                    message,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pipeline { stages })
    }

    /// The stage names in order, as they appear in facts' `source`.
    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.name.as_ref())
    }

    /// Each stage's name and the time spent in it so far, over all threads.
    pub fn stage_times(&self) -> Vec<(&str, Duration)> {
        self.stages
            .iter()
            .map(|s| {
                (
                    s.name.as_ref(),
                    Duration::from_nanos(s.busy_nanos.load(Ordering::Relaxed)),
                )
            })
            .collect()
    }

    /// Each stage's name and where it comes from ("built-in", a library and its ABI …).
    pub fn stage_origins(&self) -> impl Iterator<Item = (&str, &str)> {
        self.stages
            .iter()
            .map(|s| (s.name.as_ref(), s.origin.as_str()))
    }

    /// Runs every stage on `doc`. Never fails: a stage's error or panic is recorded and the
    /// remaining stages still run.
    pub fn run(&self, doc: &Document) -> DocResult {
        self.run_many(&[doc]).pop().unwrap_or_default()
    }

    /// Runs every stage on each of `docs`, as [`Pipeline::run`] does, but one stage over
    /// all of them before the next (see [`Extractor::extract_many`]): a stage's compiled
    /// patterns then stay in the processor's caches from one document to the next,
    /// instead of being pushed out by the other stages'. Results are in the order of
    /// `docs`.
    pub fn run_many(&self, docs: &[&Document]) -> Vec<DocResult> {
        let mut results: Vec<DocResult> = docs.iter().map(|_| DocResult::default()).collect();
        for stage in &self.stages {
            let started = Instant::now();
            stage.run_many(docs, &mut results);
            let busy = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            stage.busy_nanos.fetch_add(busy, Ordering::Relaxed);
        }
        results
    }
}

impl Stage {
    /// Runs this stage on each of `docs` together, adding each one's facts or error to its
    /// result. When the extractor panics (or returns another number of results than it
    /// was given documents), each document is run again alone, so that only the one that
    /// makes it panic loses its facts.
    fn run_many(&self, docs: &[&Document], results: &mut [DocResult]) {
        let outcomes = catch_unwind(AssertUnwindSafe(|| {
            let inputs: Vec<(&Document, &[Fact])> = docs
                .iter()
                .zip(results.iter())
                .map(|(doc, result)| (*doc, result.facts.as_slice()))
                .collect();
            self.extractor.extract_many(&inputs)
        }));
        match outcomes {
            Ok(outcomes) if outcomes.len() == docs.len() => {
                for ((doc, result), outcome) in docs.iter().zip(results).zip(outcomes) {
                    self.accept(doc, outcome, result);
                }
            }
            _ => {
                for (doc, result) in docs.iter().zip(results) {
                    self.run(doc, result);
                }
            }
        }
    }

    /// Runs this stage on `doc` alone, adding its facts or its error to `result`.
    fn run(&self, doc: &Document, result: &mut DocResult) {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.extractor.extract(doc, &result.facts)
        }));
        match outcome {
            Ok(outcome) => self.accept(doc, outcome, result),
            Err(panic) => {
                let message = format!("extractor panicked: {}", panic_message(&*panic));
                result.errors.push(self.error(message));
            }
        }
    }

    /// Adds what this stage returned for `doc` to its result: the facts, or the error.
    fn accept(
        &self,
        doc: &Document,
        outcome: Result<Vec<Fact>, ExtractError>,
        result: &mut DocResult,
    ) {
        let facts = match outcome {
            Ok(facts) => facts,
            Err(error) => return result.errors.push(self.error(error.to_string())),
        };
        let text = doc.text();
        if let Some(bad) = facts.iter().find(|f| !span_fits(f, text)) {
            let message = format!(
                "returned a fact with span {}..{} that does not fit the text ({} bytes); \
                 the stage's facts for this document were dropped",
                bad.span.start,
                bad.span.end,
                text.len()
            );
            return result.errors.push(self.error(message));
        }
        let first_new = result.facts.len();
        result.facts.extend(facts.into_iter().map(|mut fact| {
            fact.source = self.name.clone();
            fact
        }));
        result.facts[first_new..].sort_by_key(|f| (f.span.start, f.span.end));
    }

    fn error(&self, message: String) -> StageError {
        StageError {
            stage: self.name.to_string(),
            message,
        }
    }
}

fn span_fits(fact: &Fact, text: &str) -> bool {
    fact.span.fits(text) && fact.anchors.iter().all(|(_, span)| span.fits(text))
}

/// The message of a caught panic, whatever its payload type.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s
    } else {
        "unknown panic payload"
    }
}

fn parse(path: &Path, source: &str) -> Result<Vec<StageConfig>, PipelineError> {
    let file: PipelineFile = toml::from_str(source).map_err(|e| PipelineError::Syntax {
        path: path.to_owned(),
        message: describe_toml_error(source, &e),
    })?;
    file.stage
        .into_iter()
        .enumerate()
        .map(|(index, spanned)| {
            let line = line_of(source, spanned.span().start);
            let entry = spanned.into_inner();
            let spec = match (entry.plugin, entry.lua, entry.dylib) {
                (Some(name), None, None) => StageSpec::Plugin(name),
                (None, Some(script), None) => StageSpec::Lua(script),
                (None, None, Some(library)) => StageSpec::Dylib(library),
                (None, None, None) => {
                    return Err(stage_error(
                        path,
                        line,
                        index,
                        "names no extractor; give one of `plugin = \"…\"`, `lua = \"…\"` or \
                         `dylib = \"…\"`",
                    ))
                }
                _ => {
                    return Err(stage_error(
                        path,
                        line,
                        index,
                        "names more than one extractor; give exactly one of `plugin`, `lua`, \
                         `dylib` per [[stage]]",
                    ))
                }
            };
            let limits = entry.time_limit_ms.is_some() || entry.memory_limit_mb.is_some();
            let isolation = match (&spec, entry.isolate) {
                (StageSpec::Plugin(_), true) => {
                    return Err(stage_error(
                        path,
                        line,
                        index,
                        "a built-in runs in the quarry process; `isolate` is for `lua` and \
                         `dylib` stages",
                    ))
                }
                (_, false) if limits => {
                    return Err(stage_error(
                        path,
                        line,
                        index,
                        "`time_limit_ms` and `memory_limit_mb` limit an isolated stage; add \
                         `isolate = true` (a Lua script's own limits go in [stage.options])",
                    ))
                }
                (_, false) => None,
                (_, true) => {
                    let defaults = Isolation::default();
                    let positive = |value: Option<u64>, name: &str, default: u64| match value {
                        Some(0) => Err(stage_error(
                            path,
                            line,
                            index,
                            &format!("`{name}` must be at least 1"),
                        )),
                        value => Ok(value.unwrap_or(default)),
                    };
                    let default_ms = defaults.time_limit.as_millis() as u64;
                    Some(Isolation {
                        time_limit: Duration::from_millis(positive(
                            entry.time_limit_ms,
                            "time_limit_ms",
                            default_ms,
                        )?),
                        memory_limit_mb: positive(
                            entry.memory_limit_mb,
                            "memory_limit_mb",
                            defaults.memory_limit_mb,
                        )?,
                    })
                }
            };
            Ok(StageConfig {
                spec,
                options: entry.options,
                isolation,
                line,
            })
        })
        .collect()
}

fn stage_error(path: &Path, line: usize, index: usize, message: &str) -> PipelineError {
    PipelineError::Stage {
        path: path.to_owned(),
        line,
        stage: index + 1,
        message: message.to_owned(),
    }
}

fn build_stage(
    base: &Path,
    config: &StageConfig,
    loader: &dyn StageLoader,
) -> Result<Stage, String> {
    let external = match &config.spec {
        StageSpec::Plugin(name) => {
            let builtin = registry::find(name).ok_or_else(|| {
                format!(
                    "unknown plugin \"{name}\"; available built-ins: {}",
                    registry::names().join(", ")
                )
            })?;
            let extractor = (builtin.build)(&config.options)
                .map_err(|e| format!("plugin \"{name}\": invalid [stage.options]: {e}"))?;
            return Ok(Stage {
                name: Cow::Borrowed(builtin.name),
                busy_nanos: AtomicU64::new(0),
                origin: "built-in".into(),
                extractor,
            });
        }
        StageSpec::Lua(script) => script,
        StageSpec::Dylib(library) => library,
    };
    let loaded = loader.load(
        &config.spec,
        &base.join(external),
        &config.options,
        config.isolation,
    )?;
    Ok(Stage {
        name: Cow::Owned(loaded.name),
        busy_nanos: AtomicU64::new(0),
        origin: loaded.origin,
        extractor: loaded.extractor,
    })
}

fn line_of(source: &str, byte: usize) -> usize {
    source.as_bytes()[..byte.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// toml's own message, prefixed with the line it points at.
fn describe_toml_error(source: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => format!("line {}: {message}", line_of(source, span.start)),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn parse_ok(source: &str) -> Vec<StageConfig> {
        parse(Path::new("p.toml"), source).expect("valid pipeline")
    }

    fn parse_err(source: &str) -> String {
        parse(Path::new("p.toml"), source)
            .expect_err("invalid pipeline")
            .to_string()
    }

    /// Marks the first word of a text; fails on a text that starts with `FAIL` and panics
    /// on one that starts with `PANIC`. [`Earlier`] counts the facts of earlier stages.
    struct FirstWord;
    struct Earlier;

    impl Extractor for FirstWord {
        fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
            let text = doc.text();
            assert!(!text.starts_with("PANIC"), "this text breaks the stage");
            if text.starts_with("FAIL") {
                return Err(ExtractError("this text fails the stage".into()));
            }
            let end = text.find(' ').unwrap_or(text.len());
            Ok(vec![Fact::new("word", Span::new(0, end))])
        }
    }

    impl Extractor for Earlier {
        fn extract(&self, _doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
            let count = earlier.len() as u64;
            Ok(vec![
                Fact::new("earlier", Span::new(0, 0)).attr("count", count)
            ])
        }
    }

    fn two_stages() -> Pipeline {
        let stage = |name: &'static str, extractor: Box<dyn Extractor>| Stage {
            name: Cow::Borrowed(name),
            busy_nanos: AtomicU64::new(0),
            origin: "test".into(),
            extractor,
        };
        Pipeline {
            stages: vec![
                stage("first", Box::new(FirstWord)),
                stage("earlier", Box::new(Earlier)),
            ],
        }
    }

    #[test]
    fn running_documents_together_gives_what_running_each_alone_gives() {
        let pipeline = two_stages();
        let docs: Vec<Document> = ["one two", "PANIC now", "FAIL here", "three four five"]
            .iter()
            .enumerate()
            .map(|(i, text)| Document::new(i.to_string(), *text))
            .collect();
        let together = pipeline.run_many(&docs.iter().collect::<Vec<_>>());
        let alone: Vec<DocResult> = docs.iter().map(|doc| pipeline.run(doc)).collect();
        assert_eq!(together, alone);
        let summary: Vec<(Vec<&str>, Vec<&str>)> = together
            .iter()
            .map(|result| {
                (
                    result.facts.iter().map(|f| f.kind.as_ref()).collect(),
                    result.errors.iter().map(|e| e.message.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (vec!["word", "earlier"], vec![]),
                (
                    vec!["earlier"],
                    vec!["extractor panicked: this text breaks the stage"]
                ),
                (vec!["earlier"], vec!["this text fails the stage"]),
                (vec!["word", "earlier"], vec![]),
            ]
        );
        assert_eq!(together[0].facts[1].attrs.get("count"), Some(&1.into()));
        assert_eq!(together[1].facts[0].attrs.get("count"), Some(&0.into()));
    }

    #[test]
    fn reads_the_three_stage_kinds_with_options_and_lines() {
        let configs = parse_ok(
            "[[stage]]\nplugin = \"dates\"\n\n[[stage]]\nlua = \"scripts/w.lua\"\n\n\
             [[stage]]\ndylib = \"libx.so\"\n[stage.options]\nthreshold = 2\n",
        );
        assert_eq!(configs.len(), 3);
        assert_eq!(configs[0].spec, StageSpec::Plugin("dates".into()));
        assert_eq!(configs[0].line, 1);
        assert_eq!(configs[1].spec, StageSpec::Lua("scripts/w.lua".into()));
        assert_eq!(configs[1].line, 4);
        assert_eq!(configs[2].spec, StageSpec::Dylib("libx.so".into()));
        assert_eq!(configs[2].options["threshold"].as_integer(), Some(2));
    }

    #[test]
    fn a_stage_with_two_extractors_is_rejected_with_its_line() {
        let message = parse_err(
            "[[stage]]\nplugin = \"dates\"\n\n[[stage]]\nplugin = \"a\"\nlua = \"b.lua\"\n",
        );
        assert_eq!(
            message,
            "p.toml:4: stage 2: names more than one extractor; give exactly one of `plugin`, \
             `lua`, `dylib` per [[stage]]"
        );
    }

    #[test]
    fn a_stage_with_no_extractor_is_rejected() {
        let message = parse_err("[[stage]]\n[stage.options]\nx = 1\n");
        assert!(
            message.starts_with("p.toml:1: stage 1: names no extractor"),
            "{message}"
        );
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let message = parse_err("[[stage]]\nplugin = \"dates\"\nplugn = \"x\"\n");
        assert!(
            message.starts_with("p.toml: invalid pipeline file: line 3: unknown field `plugn`"),
            "{message}"
        );
    }

    #[test]
    fn line_of_counts_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
