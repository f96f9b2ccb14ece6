//! The `quarry` binary: parses the command line and hands a configuration to one command.
//! Extraction, pipelines and the output format live in the library crates; this crate only
//! wires them to files, terminals and exit statuses.

mod builtins;
mod check;
mod cli;
mod config;
mod isolate;
mod list;
mod new_rule;
mod pretty;
mod report;
mod rule_test;
mod run;
mod sources;
mod stages;
mod stats;

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small strings per document on every worker thread; with
/// glibc's malloc the workers contend for its arenas (measured: the default pipeline on
/// 2 threads takes 1.35 s with glibc, 1.0–1.2 s with mimalloc, on 21 MB of news).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes one line to stderr, ignoring a failure to: unlike `eprintln!`, it does not panic
/// when stderr is a closed pipe, which would turn a warning into a lost run (and, inside
/// the panic hook, into an abort).
pub(crate) fn to_stderr(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn main() -> ExitCode {
    builtins::link();
    // A panicking extractor is caught by the pipeline and reported in the document's
    // `errors`; the default hook's backtrace on stderr would only be noise.
    std::panic::set_hook(Box::new(|info| {
        to_stderr(format_args!(
            "quarry: warning: an extractor panicked: {info}"
        ));
    }));
    let cli = cli::Cli::parse();
    let outcome = match cli.command {
        cli::Command::Run(args) => config::RunConfig::from_args(args).and_then(run::run),
        cli::Command::List(args) => list::list(args.pipeline.as_deref()),
        cli::Command::Check(args) => check::check(&args.pipeline),
        cli::Command::Test(args) => rule_test::test(&args.scripts),
        cli::Command::NewRule(args) => new_rule::new_rule(&args.name, &args.dir),
        cli::Command::Report(args) => {
            config::ReportConfig::from_args(args).and_then(report::report)
        }
        cli::Command::Worker(args) => isolate::worker(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            to_stderr(format_args!("quarry: error: {error:#}"));
            ExitCode::from(2)
        }
    }
}
