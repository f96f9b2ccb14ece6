//! `quarry run`: builds the pipeline, streams the inputs through it on the worker threads
//! and writes one line (or one block, in `pretty`) per document to stdout in input order.

use std::io::{self, BufWriter};
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

    let sources =
        Sources::new(config.files, config.input_format).with_max_line_bytes(config.max_line_bytes);
    let unreadable = sources.unreadable();
    let colour = config.colour;
    let render = move |record: &Record, result: &DocResult| match config.format {
        OutputFormat::Jsonl => output::jsonl_line(record, result),
        OutputFormat::Pretty => pretty::render(&output::record_json(record, result), colour),
    };
    let bar = config.progress.then(progress_bar);
    let mut progress = |totals: &Totals| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{} documents, {:.1} MB",
                totals.documents,
                totals.bytes as f64 / 1e6
            ));
        }
    };
    let started = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
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
    if unreadable.load(Ordering::Relaxed) > 0 {
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// A spinner on stderr with the documents and bytes done so far.
fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
