//! `quarry run`: builds the pipeline, streams the inputs through it on the worker threads
//! and writes one line (or one block, in `pretty`) per document to stdout in input order.

use std::io::{self, BufWriter, IsTerminal};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;
use quarry_core::input::Record;
use quarry_core::stream::{run_ordered, BatchLimits, Totals};
use quarry_core::{output, DocResult, Pipeline};

use crate::cli::OutputFormat;
use crate::config::RunConfig;
use crate::sources::Sources;
use crate::stages::Loader;
use crate::{pretty, stats};

pub fn run(config: RunConfig) -> anyhow::Result<ExitCode> {
    let pipeline = match &config.pipeline {
        Some(path) if config.isolate => Pipeline::from_file(path, &Loader::isolating_all())?,
        Some(path) => Pipeline::from_file(path, &Loader::in_process())?,
        None => Pipeline::default_builtins()?,
    };
    let mut threads = rayon::ThreadPoolBuilder::new();
    if let Some(n) = config.threads {
        threads = threads.num_threads(n);
    }
    let pool = threads.build().context("cannot start the worker threads")?;

    let sources = Sources::new(config.files, config.input_format)
        .with_max_line_bytes(config.max_line_bytes)
        .with_default_date(config.default_date)
        .with_fields(config.fields.clone());
    let unreadable = sources.unreadable();
    let colour = config.colour;
    let render = move |record: &Record, result: &DocResult| match config.format {
        OutputFormat::Jsonl => output::jsonl_line(record, result),
        OutputFormat::Pretty => pretty::render(&output::record_json(record, result), colour),
    };
    // Known for files only: no total means standard input is read.
    let total = sources.total_bytes();
    let read = sources.bytes_read();
    if total.is_none() && io::stdin().is_terminal() {
        crate::to_stderr(format_args!("{STDIN_NOTICE}"));
    }
    let bar = config.progress.then(|| progress_bar(total));
    let mut progress = |totals: &Totals| {
        if let Some(bar) = &bar {
            bar.set_position(read.load(Ordering::Relaxed));
            bar.set_message(format!(
                "{} documents, {:.1} MB",
                totals.documents,
                totals.bytes as f64 / 1e6
            ));
        }
    };
    let started = Instant::now();
    let destination: Box<dyn io::Write> = match &config.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write the output to {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, destination);
    let outcome = run_ordered(
        sources.records(),
        &pipeline,
        &pool,
        BatchLimits::default(),
        render,
        &mut out,
        &mut progress,
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let totals = match outcome {
        Ok(totals) => totals,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("reading input or writing output failed"),
    };
    if config.stats {
        eprint!(
            "{}",
            stats::report(
                &totals,
                started.elapsed(),
                &pipeline.stage_times(),
                pool.current_num_threads()
            )
        );
    }
    drop(out);
    if let Some(summary) = error_summary(&totals) {
        crate::to_stderr(format_args!("{summary}"));
    }
    if unreadable.load(Ordering::Relaxed) > 0 {
        return Ok(ExitCode::from(2));
    }
    if config.fail_on_errors && (totals.with_errors > 0 || totals.invalid > 0) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// One line on what failed, when anything did: how many documents, which stages, and the
/// first error in full (so that a script's `script:line` is seen without opening the
/// output).
fn error_summary(totals: &Totals) -> Option<String> {
    let (id, first) = totals.first_error.as_ref()?;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let stages: Vec<String> = totals
        .stage_errors
        .iter()
        .map(|(stage, count)| format!("{stage} on {count}"))
        .collect();
    Some(format!(
        "quarry: warning: {} document{} of {} had errors ({}); the first, in {id}: {}: {}",
        totals.with_errors,
        plural(totals.with_errors),
        totals.documents,
        stages.join(", "),
        first.stage,
        first.message
    ))
}

/// What `run` says when it waits for documents typed at a terminal.
const STDIN_NOTICE: &str = "quarry: reading JSONL documents from standard input (one a line; \
                            end with Ctrl-D), or give the files to read";

/// A progress bar on stderr: percent of the input read and time left when its size is
/// known, else a spinner; both with the documents and megabytes done.
fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    let bar = match total {
        Some(total) => {
            let style =
                indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}, {eta} left")
                    .expect("the template is valid");
            indicatif::ProgressBar::new(total).with_style(style)
        }
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
