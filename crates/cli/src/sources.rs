//! Where documents come from: the files named on the command line (JSONL or plain text)
//! or standard input, chained into one stream of records in argument order.
//!
//! A file that cannot be opened becomes one invalid record (its output line says why) and
//! the other files are still read; the run then exits non-zero (see [`Sources::unreadable`]).

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use quarry_core::input::{parse_text, JsonlReader, Record, DEFAULT_MAX_LINE_BYTES};

use crate::cli::InputFormat;

pub struct Sources {
    files: Vec<PathBuf>,
    forced: Option<InputFormat>,
    max_line_bytes: usize,
    unreadable: Arc<AtomicUsize>,
}

impl Sources {
    pub fn new(files: Vec<PathBuf>, forced: Option<InputFormat>) -> Self {
        Sources {
            files,
            forced,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            unreadable: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// JSONL lines longer than this become invalid records (see [`JsonlReader`]).
    pub fn with_max_line_bytes(mut self, max_line_bytes: usize) -> Self {
        self.max_line_bytes = max_line_bytes;
        self
    }

    /// A counter of the named files that could not be read, filled in while streaming.
    pub fn unreadable(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.unreadable)
    }

    pub fn records(self) -> Box<dyn Iterator<Item = io::Result<Record>> + Send> {
        if self.files.is_empty() {
            return match self.forced {
                Some(InputFormat::Text) => {
                    let mut bytes = Vec::new();
                    Box::new(std::iter::once(
                        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
                            .map(|_| parse_text("stdin", bytes)),
                    ))
                }
                _ => Box::new(JsonlReader::with_max_line_bytes(
                    BufReader::new(io::stdin()),
                    self.max_line_bytes,
                )),
            };
        }
        let (forced, max_line_bytes) = (self.forced, self.max_line_bytes);
        let unreadable = self.unreadable;
        Box::new(self.files.into_iter().flat_map(move |path| {
            file_records(&path, forced, max_line_bytes).unwrap_or_else(|message| {
                eprintln!("quarry: error: {message}");
                unreadable.fetch_add(1, Ordering::Relaxed);
                Box::new(std::iter::once(Ok(Record::Invalid {
                    id: file_id(&path),
                    message,
                })))
            })
        }))
    }
}

type RecordIter = Box<dyn Iterator<Item = io::Result<Record>> + Send>;

fn file_records(
    path: &Path,
    forced: Option<InputFormat>,
    max_line_bytes: usize,
) -> Result<RecordIter, String> {
    let format = forced.unwrap_or_else(|| {
        if path.extension().is_some_and(|e| e == "jsonl") {
            InputFormat::Jsonl
        } else {
            InputFormat::Text
        }
    });
    if path.is_dir() {
        return Err(format!("{} is a directory, not a file", path.display()));
    }
    let describe = |e: io::Error| format!("cannot read {}: {e}", path.display());
    match format {
        InputFormat::Jsonl => {
            let file = File::open(path).map_err(describe)?;
            Ok(Box::new(JsonlReader::with_max_line_bytes(
                BufReader::new(file),
                max_line_bytes,
            )))
        }
        InputFormat::Text => {
            let bytes = std::fs::read(path).map_err(describe)?;
            Ok(Box::new(std::iter::once(Ok(parse_text(
                &file_id(path),
                bytes,
            )))))
        }
    }
}

/// A text document's id: its file name.
fn file_id(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
