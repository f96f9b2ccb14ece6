//! What a run executes on: the settings derived from the command line and the
//! environment (is stdout a terminal?). Downstream code takes a [`RunConfig`], never the
//! raw arguments.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{ColorChoice, InputFormat, OutputFormat, ReportArgs, RunArgs};

#[derive(Debug)]
pub struct RunConfig {
    pub files: Vec<PathBuf>,
    pub pipeline: Option<PathBuf>,
    pub format: OutputFormat,
    /// `None`: decide per file by its extension.
    pub input_format: Option<InputFormat>,
    pub threads: Option<usize>,
    /// Whether `pretty` output may use colour.
    pub colour: bool,
    pub stats: bool,
    pub max_line_bytes: usize,
    /// `--isolate`: every non-built-in stage in worker processes.
    pub isolate: bool,
    /// Where the lines go; standard output when `None`.
    pub output: Option<PathBuf>,
    pub default_date: Option<jiff::civil::Date>,
    pub fail_on_errors: bool,
    /// The JSONL fields of the id, text and date.
    pub fields: quarry_core::input::Fields,
    /// Whether to draw a progress bar (stderr is a terminal).
    pub progress: bool,
}

impl RunConfig {
    pub fn from_args(args: RunArgs) -> anyhow::Result<RunConfig> {
        let stdout_is_terminal = args.output.is_none() && std::io::stdout().is_terminal();
        if args.threads == Some(0) {
            anyhow::bail!("--threads must be at least 1");
        }
        if args.max_line_bytes == 0 {
            anyhow::bail!("--max-line-bytes must be at least 1");
        }
        Ok(RunConfig {
            files: args.files,
            output: args.output,
            pipeline: args.pipeline,
            format: args.format.unwrap_or(if stdout_is_terminal {
                OutputFormat::Pretty
            } else {
                OutputFormat::Jsonl
            }),
            input_format: args.input_format,
            threads: args.threads,
            colour: wants_colour(args.color, stdout_is_terminal, std::env::var_os("NO_COLOR")),
            stats: args.stats,
            max_line_bytes: args.max_line_bytes,
            isolate: args.isolate,
            default_date: args.default_date,
            fields: quarry_core::input::Fields {
                id: args.id_field,
                text: args.text_field,
                date: args.date_field,
            },
            fail_on_errors: args.fail_on_errors,
            progress: std::io::stderr().is_terminal(),
        })
    }
}

/// Whether to colour: `--color` when it says, else a terminal without `NO_COLOR` set to
/// something (no-color.org).
fn wants_colour(choice: ColorChoice, terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.map_or(true, |value| value.is_empty()),
    }
}

/// What `quarry report` writes, from what.
#[derive(Debug)]
pub struct ReportConfig {
    /// The output of `quarry run` to show.
    pub output: PathBuf,
    /// The inputs of that run, for the documents' text.
    pub docs: Vec<PathBuf>,
    pub html: PathBuf,
    /// How many documents the page shows.
    pub limit: usize,
}

impl ReportConfig {
    /// `--docs` takes every path after it, so in `report --docs A B OUT.jsonl` the output is
    /// the last of them.
    pub fn from_args(args: ReportArgs) -> anyhow::Result<ReportConfig> {
        let mut docs = args.docs;
        let output = match args.output {
            Some(output) => output,
            None if docs.len() >= 2 => docs.pop().expect("two paths"),
            None => anyhow::bail!(
                "give the output of `quarry run` and its inputs: quarry report OUT.jsonl \
                 --docs INPUT…"
            ),
        };
        Ok(ReportConfig {
            output,
            docs,
            html: args.html,
            limit: args.limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_the_terminal_and_no_color() {
        let set = Some(std::ffi::OsString::from("1"));
        assert!(wants_colour(ColorChoice::Auto, true, None));
        assert!(wants_colour(ColorChoice::Auto, true, Some("".into())));
        assert!(!wants_colour(ColorChoice::Auto, true, set.clone()));
        assert!(!wants_colour(ColorChoice::Auto, false, None));
        assert!(wants_colour(ColorChoice::Always, false, set));
        assert!(!wants_colour(ColorChoice::Never, true, None));
    }
}
