//! Where documents come from: the files named on the command line (JSONL or plain text)
//! or standard input, chained into one stream of records in argument order.
//!
//! A file that cannot be opened becomes one invalid record (its output line says why) and
//! the other files are still read; the run then exits non-zero (see [`Sources::unreadable`]).
//!
//! `*.jsonl`, `*.ndjson` and `*.json` (any case, and gzip-compressed as `*.gz`) are JSONL;
//! any other file is one text document. A directory stands for the input files under it
//! (`.txt` and the JSONL kinds), in sorted order; `-` is standard input.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use quarry_core::input::{parse_text, Fields, JsonlReader, Record, DEFAULT_MAX_LINE_BYTES};

use flate2::read::MultiGzDecoder;
use jiff::civil::Date;

use crate::cli::InputFormat;

pub struct Sources {
    files: Vec<PathBuf>,
    forced: Option<InputFormat>,
    max_line_bytes: usize,
    default_date: Option<Date>,
    fields: Fields,
    unreadable: Arc<AtomicUsize>,
    /// Bytes read from the input files so far (compressed bytes for `.gz`), for progress.
    read: Arc<AtomicU64>,
}

impl Sources {
    pub fn new(files: Vec<PathBuf>, forced: Option<InputFormat>) -> Self {
        Sources {
            files,
            forced,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            default_date: None,
            fields: Fields::default(),
            unreadable: Arc::new(AtomicUsize::new(0)),
            read: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The size of all the input, when it is known before reading (files, not standard
    /// input): what progress is measured against.
    pub fn total_bytes(&self) -> Option<u64> {
        if self.files.is_empty() {
            return None;
        }
        let mut total = 0;
        for path in self.files.iter().cloned().flat_map(expand) {
            if path == Path::new("-") {
                return None;
            }
            total += std::fs::metadata(&path).map_or(0, |m| m.len());
        }
        Some(total)
    }

    /// A counter of the input bytes read so far (see [`Sources::total_bytes`]).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.read)
    }

    /// The JSONL fields of the id, text and date (`--id-field` …).
    pub fn with_fields(mut self, fields: Fields) -> Self {
        self.fields = fields;
        self
    }

    /// The creation date of every document that has none of its own (`--default-date`).
    pub fn with_default_date(mut self, date: Option<Date>) -> Self {
        self.default_date = date;
        self
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
        let default_date = self.default_date;
        let dated = move |record: io::Result<Record>| match (record, default_date) {
            (Ok(Record::Doc(doc)), Some(date)) if doc.date().is_none() => {
                Ok(Record::Doc(doc.with_date(Some(date))))
            }
            (record, _) => record,
        };
        let files = if self.files.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.files
        };
        let (forced, max_line_bytes) = (self.forced, self.max_line_bytes);
        let (unreadable, read, fields) = (self.unreadable, self.read, self.fields);
        let records = files.into_iter().flat_map(expand).flat_map(move |path| {
            let counted = Arc::clone(&read);
            let reading = Reading {
                forced,
                max_line_bytes,
                fields: fields.clone(),
                read: counted,
            };
            file_records(&path, reading).unwrap_or_else(|message| {
                crate::to_stderr(format_args!("quarry: error: {message}"));
                unreadable.fetch_add(1, Ordering::Relaxed);
                Box::new(std::iter::once(Ok(Record::Invalid {
                    id: file_id(&path),
                    message,
                })))
            })
        });
        let mut seen = SeenIds::default();
        Box::new(records.map(dated).inspect(move |record| {
            if let Ok(record) = record {
                seen.note(record.id());
            }
        }))
    }
}

/// A directory → the input files under it, sorted (so that runs are repeatable), or the
/// directory itself when it holds none; any other path → itself.
fn expand(path: PathBuf) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path];
    }
    let mut found = Vec::new();
    let path_of_empty_directory = path.clone();
    let mut pending = vec![path];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            found.push(dir);
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if kind_of(&path).is_some() {
                found.push(path);
            }
        }
    }
    found.sort();
    if found.is_empty() {
        // Kept, so that the directory gets its error line (see `file_records`).
        found.push(path_of_empty_directory);
    }
    found
}

/// What a file name says of its contents: JSONL or text, and whether gzip-compressed;
/// `None` for a name that is neither (left out of a directory, read as text if named).
fn kind_of(path: &Path) -> Option<(InputFormat, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (stem, gzip) = match name.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (name.as_str(), false),
    };
    let extension = Path::new(stem).extension()?.to_str()?;
    match extension {
        "jsonl" | "ndjson" | "json" => Some((InputFormat::Jsonl, gzip)),
        "txt" | "text" => Some((InputFormat::Text, gzip)),
        _ => None,
    }
}

type RecordIter = Box<dyn Iterator<Item = io::Result<Record>> + Send>;

/// How one input file is read.
struct Reading {
    forced: Option<InputFormat>,
    max_line_bytes: usize,
    fields: Fields,
    /// The counter of bytes read, for progress.
    read: Arc<AtomicU64>,
}

fn file_records(path: &Path, reading: Reading) -> Result<RecordIter, String> {
    let Reading {
        forced,
        max_line_bytes,
        fields,
        read,
    } = reading;
    let (named, gzip) = kind_of(path).unwrap_or((InputFormat::Text, false));
    let stdin = path == Path::new("-");
    let format = forced.unwrap_or(if stdin { InputFormat::Jsonl } else { named });
    if path.is_dir() {
        return Err(format!(
            "{} holds no input files (.txt, .jsonl, .ndjson, .json, or those with .gz)",
            path.display()
        ));
    }
    let describe = |e: io::Error| format!("cannot read {}: {e}", path.display());
    let mut reader: Box<dyn io::Read + Send> = if stdin {
        Box::new(io::stdin())
    } else {
        Box::new(Counted {
            inner: File::open(path).map_err(describe)?,
            read,
        })
    };
    if gzip {
        reader = Box::new(MultiGzDecoder::new(BufReader::new(reader)));
    }
    match format {
        InputFormat::Jsonl => Ok(Box::new(
            JsonlReader::with_max_line_bytes(BufReader::new(reader), max_line_bytes)
                .with_fields(fields),
        )),
        InputFormat::Text => {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(describe)?;
            Ok(Box::new(std::iter::once(Ok(parse_text(
                &file_id(path),
                bytes,
            )))))
        }
    }
}

/// The ids read so far, as 64-bit hashes (8 bytes a document, so that millions of them
/// stay small), to say on stderr when one comes again: two documents with one id cannot
/// be told apart in the output.
#[derive(Default)]
struct SeenIds {
    hashes: std::collections::HashSet<u64>,
    repeated: usize,
}

impl SeenIds {
    /// How many repeats are named one by one before the rest are only counted.
    const NAMED: usize = 5;

    fn note(&mut self, id: &str) {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hash =
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id);
        if self.hashes.insert(hash) {
            return;
        }
        self.repeated += 1;
        if self.repeated <= Self::NAMED {
            crate::to_stderr(format_args!(
                "quarry: warning: id {id:?} is used by more than one document; their lines \
                 cannot be told apart (give them ids of their own)"
            ));
        }
    }
}

impl Drop for SeenIds {
    fn drop(&mut self) {
        if self.repeated > Self::NAMED {
            crate::to_stderr(format_args!(
                "quarry: warning: {} documents in all reused an id",
                self.repeated
            ));
        }
    }
}

/// A reader that adds what it reads to a shared counter.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A text document's id: its file name (`stdin` for `-`).
fn file_id(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".to_owned();
    }
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
