//! What the user can type: the commands and flags of `quarry`, with their help texts.
//! Nothing here decides how a run behaves; [`crate::config`] turns these into settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "quarry",
    version,
    about = "Extract dates, quotes and casualty counts from news text",
    long_about = "Extract dates (TIMEX3), quotes with their speakers and casualty counts from \
                  news text, with built-in extractors, Lua rule scripts and compiled plugins \
                  composed by a pipeline file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a pipeline over documents and write one JSON line per document to stdout.
    Run(RunArgs),
    /// List the extractors that are available, one a line.
    List(ListArgs),
    /// Validate a pipeline file without running it (exit status 0 when it is usable).
    Check(CheckArgs),
    /// Run Lua rules on their fixtures (NAME.fixtures.jsonl beside NAME.lua) and show diffs.
    Test(TestArgs),
    /// Write a new Lua rule and its fixtures from a template.
    NewRule(NewRuleArgs),
    /// Write one self-contained HTML page showing a run's facts in their documents.
    Report(ReportArgs),
    /// Serve one isolated stage over stdin and stdout (started by `run`, not by people).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Input files: `*.jsonl` hold one document a line, any other file is one document.
    /// Standard input (JSONL unless --input-format says otherwise) when none is given.
    pub files: Vec<PathBuf>,

    /// The pipeline file; the built-in default (dates, quotes, casualties) when absent.
    #[arg(long, value_name = "PIPELINE.toml")]
    pub pipeline: Option<PathBuf>,

    /// Output format; `jsonl` when stdout is not a terminal, `pretty` when it is.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// How to read every input, whatever the file names say.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,

    /// Worker threads; all cores when absent.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print documents, bytes, MB/s, facts per kind and time per stage to stderr at the end.
    #[arg(long)]
    pub stats: bool,

    /// JSONL lines longer than this many bytes are not read: each becomes an `input`
    /// error record (with its id when the part read shows one), in bounded memory.
    #[arg(long, value_name = "BYTES", default_value_t = quarry_core::input::DEFAULT_MAX_LINE_BYTES)]
    pub max_line_bytes: usize,

    /// When `pretty` output is coloured: on a terminal unless NO_COLOR is set (`auto`),
    /// `always` or `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Write the output to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The JSONL field that holds a document's text (a dotted path reaches into nested
    /// objects: `article.body`).
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub text_field: String,

    /// The JSONL field that holds a document's id.
    #[arg(long, value_name = "FIELD", default_value = "id")]
    pub id_field: String,

    /// The JSONL field that holds a document's creation date (`meta.published`).
    #[arg(long, value_name = "FIELD", default_value = "date")]
    pub date_field: String,

    /// The creation date (YYYY-MM-DD) of every document that has none of its own: the
    /// anchor of relative dates such as "yesterday".
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub default_date: Option<jiff::civil::Date>,

    /// Exit with status 1 when any document had a stage or input error (after writing
    /// every line).
    #[arg(long)]
    pub fail_on_errors: bool,

    /// Run every Lua and compiled-plugin stage in worker processes (as `isolate = true`
    /// does for one stage): a crash, hang or runaway allocation then costs one document's
    /// stage, not the run. Slower; see docs/plugins.md.
    #[arg(long)]
    pub isolate: bool,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The Lua script to serve.
    #[arg(long, conflicts_with = "dylib", required_unless_present = "dylib")]
    pub lua: Option<PathBuf>,
    /// The compiled plugin to serve.
    #[arg(long)]
    pub dylib: Option<PathBuf>,
    /// The stage options, as a JSON object.
    #[arg(long, default_value = "{}")]
    pub options: String,
    #[arg(long)]
    pub memory_limit_mb: u64,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Also load this pipeline's Lua scripts and compiled plugins and list them.
    #[arg(long, value_name = "PIPELINE.toml")]
    pub pipeline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The pipeline file to validate.
    #[arg(value_name = "PIPELINE.toml")]
    pub pipeline: PathBuf,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Lua rule scripts; each is run on the fixtures beside it.
    #[arg(required = true, value_name = "SCRIPT.lua")]
    pub scripts: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewRuleArgs {
    /// The rule's name: letters, digits, '_' or '-'.
    pub name: String,
    /// Where to write NAME.lua and NAME.fixtures.jsonl.
    #[arg(long, default_value = "scripts")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What `quarry run` wrote (JSONL). It may also come after the --docs inputs
    /// (`report --docs A B OUT.jsonl`): the last path given is then the output.
    #[arg(value_name = "OUTPUT.jsonl")]
    pub output: Option<PathBuf>,
    /// The input files of that run, for the documents' text.
    #[arg(long, required = true, num_args = 1.., value_name = "INPUT")]
    pub docs: Vec<PathBuf>,
    /// Where to write the page.
    #[arg(
        short = 'o',
        long = "out",
        default_value = "report.html",
        value_name = "REPORT.html"
    )]
    pub html: PathBuf,
    /// Show at most this many documents (the overall summary still counts all of them).
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per document and line (the contract's format).
    Jsonl,
    /// Facts listed for reading, coloured on a terminal.
    Pretty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// One JSON document per line: {"id", "text", "date"}.
    Jsonl,
    /// One document per file, with an optional ` date YYYY-MM-DD` first line.
    Text,
}
