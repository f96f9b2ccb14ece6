//! Runs a pipeline over a stream of records on all worker threads and hands the rendered
//! lines to one writer in input order.
//!
//! A reader thread reads ahead into a bounded queue (at most `2 × bytes` of text and
//! `records` records waiting). The calling thread cuts what is queued into tasks of up to
//! [`DOCUMENTS_PER_TASK`] documents, hands them to the worker pool while at most `records`
//! records and `bytes` of text are out, and writes each task's lines as soon as every
//! earlier task's are written (a reorder window of finished tasks). There is no batch to
//! wait for: a worker that finishes a task takes the next one while the slowest task of
//! its neighbours is still running, and writing overlaps extracting. Because a task never
//! waits for input that has not arrived, a client that writes one line to stdin gets its
//! output line back at once (line-buffered streaming, as `RDD.pipe` and interactive use
//! need). This module does not decide what a line looks like (the caller's `render` does)
//! nor where it goes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Condvar, Mutex};

use rayon::ThreadPool;

use crate::input::Record;
use crate::{panic_message, DocResult, Document, Pipeline, StageError};

/// How many documents one worker runs the pipeline over at a time, stage after stage (see
/// [`Pipeline::run_many`]): the more, the more often a rule's regex is reused while it is
/// still in cache (measured on news articles of a few kilobytes: 256 take 4–6% less time
/// than 64).
const DOCUMENTS_PER_TASK: usize = 256;

/// How much may be out at once: records and bytes of text handed to the workers and not
/// yet written.
#[derive(Debug, Clone, Copy)]
pub struct BatchLimits {
    pub records: usize,
    pub bytes: usize,
}

impl Default for BatchLimits {
    /// Room for eight tasks of [`DOCUMENTS_PER_TASK`]: enough that no worker waits for the
    /// writer, few enough to keep memory flat.
    fn default() -> Self {
        BatchLimits {
            records: 8 * DOCUMENTS_PER_TASK,
            bytes: 8 << 20,
        }
    }
}

/// What a run went through.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Totals {
    pub documents: usize,
    pub bytes: usize,
    pub invalid: usize,
    pub with_errors: usize,
    /// How many documents each stage failed on.
    pub stage_errors: BTreeMap<String, usize>,
    /// The first stage error in input order: the document's id and the error.
    pub first_error: Option<(String, StageError)>,
    /// Facts written, by kind.
    pub facts: BTreeMap<String, usize>,
}

/// Processes every record on `pool`, writing `render(record, result)` for each, in input
/// order, and calling `progress` after each task written. Stops early only when reading the
/// input or writing the output fails; what was read before a read error is still written.
pub fn run_ordered<I, F>(
    records: I,
    pipeline: &Pipeline,
    pool: &ThreadPool,
    limits: BatchLimits,
    render: F,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(&Totals),
) -> io::Result<Totals>
where
    I: Iterator<Item = io::Result<Record>> + Send,
    F: Fn(&Record, &DocResult) -> Vec<u8> + Sync,
{
    let budget = ByteBudget::new(2 * limits.bytes);
    let (queue, queued) = mpsc::sync_channel(limits.records);
    std::thread::scope(|scope| {
        scope.spawn(|| read_ahead(records, queue, &budget));
        let outcome = pool.in_place_scope(|tasks| {
            let mut writer = Writer {
                out,
                progress,
                budget: &budget,
                totals: Totals::default(),
                next: 0,
                finished: BTreeMap::new(),
            };
            let (done, finished) = mpsc::channel();
            let mut cutter = Cutter {
                queued: &queued,
                limits,
                read_error: None,
            };
            let mut out_records = 0;
            let mut out_bytes = 0;
            let mut tasks_made = 0;
            let mut failed = None;
            loop {
                // Hand out what is queued while there is room; wait for input only when
                // nothing is out (a task never waits for records that have not arrived).
                while failed.is_none() && out_records < limits.records && out_bytes < limits.bytes {
                    let Some((records, bytes)) = cutter.next_task(out_records == 0) else {
                        break;
                    };
                    out_records += records.len();
                    out_bytes += bytes;
                    let (done, render, id) = (done.clone(), &render, tasks_made);
                    tasks.spawn(move |_| {
                        // Stages catch their own panics; one here is a bug of the stream
                        // or the renderer, and must end the run, not leave it waiting.
                        let lines = panic::catch_unwind(AssertUnwindSafe(|| {
                            render_task(pipeline, &records, render)
                        }))
                        .map_err(|panic| panic_message(&*panic).to_owned());
                        // The writer outlives every task; a send cannot fail.
                        let _ = done.send((id, records, lines, bytes));
                    });
                    tasks_made += 1;
                }
                if out_records == 0 {
                    break;
                }
                let Ok((id, records, lines, bytes)) = finished.recv() else {
                    break;
                };
                out_records -= records.len();
                out_bytes -= bytes;
                if failed.is_some() {
                    continue;
                }
                failed = match lines {
                    Ok(lines) => writer.finish(id, records, lines, bytes).err(),
                    Err(message) => Some(io::Error::other(format!(
                        "internal error: the documents {} to {} could not be processed \
                         ({message}); please report it",
                        records.first().map_or("?", Record::id),
                        records.last().map_or("?", Record::id),
                    ))),
                };
            }
            match (failed, cutter.read_error) {
                (Some(e), _) | (None, Some(e)) => Err(e),
                (None, None) => Ok(writer.totals),
            }
        });
        // Wakes a reader waiting for room, so that the scope can end after a write error.
        budget.close();
        drop(queued);
        outcome
    })
}

fn read_ahead<I>(records: I, queue: SyncSender<io::Result<Record>>, budget: &ByteBudget)
where
    I: Iterator<Item = io::Result<Record>>,
{
    for record in records {
        let failed = record.is_err();
        if !budget.take(record.as_ref().map_or(0, text_bytes)) || queue.send(record).is_err() {
            return;
        }
        if failed {
            return;
        }
    }
}

/// Cuts the queued records into tasks.
struct Cutter<'q> {
    queued: &'q Receiver<io::Result<Record>>,
    limits: BatchLimits,
    /// The read error that ended the input, if one did.
    read_error: Option<io::Error>,
}

impl Cutter<'_> {
    /// The next task and its bytes of text: what is queued, up to [`DOCUMENTS_PER_TASK`]
    /// records or the byte limit; waiting for its first record if `wait`. `None` when
    /// nothing is queued (or the input has ended).
    fn next_task(&mut self, wait: bool) -> Option<(Vec<Record>, usize)> {
        let mut records = Vec::new();
        let mut bytes = 0;
        while records.len() < DOCUMENTS_PER_TASK && bytes < self.limits.bytes {
            let next = if wait && records.is_empty() {
                self.queued.recv().ok()
            } else {
                self.queued.try_recv().ok()
            };
            match next {
                Some(Ok(record)) => {
                    bytes += text_bytes(&record);
                    records.push(record);
                }
                Some(Err(e)) => {
                    self.read_error = Some(e);
                    break;
                }
                None => break,
            }
        }
        (!records.is_empty()).then_some((records, bytes))
    }
}

/// A task's output: for each record, its line, the errors of the stages that failed on it, and the kinds
/// of its facts.
type Lines = Vec<(Vec<u8>, Vec<StageError>, Vec<Cow<'static, str>>)>;

fn render_task<F>(pipeline: &Pipeline, records: &[Record], render: &F) -> Lines
where
    F: Fn(&Record, &DocResult) -> Vec<u8>,
{
    let docs: Vec<&Document> = records
        .iter()
        .filter_map(|record| match record {
            Record::Doc(doc) => Some(doc),
            Record::Invalid { .. } => None,
        })
        .collect();
    let mut results = pipeline.run_many(&docs).into_iter();
    records
        .iter()
        .map(|record| {
            let result = match record {
                Record::Doc(_) => results.next().unwrap_or_default(),
                Record::Invalid { .. } => DocResult::default(),
            };
            let kinds: Vec<_> = result.facts.iter().map(|f| f.kind.clone()).collect();
            (render(record, &result), result.errors, kinds)
        })
        .collect()
}

/// Writes finished tasks in the order they were made.
struct Writer<'w> {
    out: &'w mut dyn Write,
    progress: &'w mut dyn FnMut(&Totals),
    budget: &'w ByteBudget,
    totals: Totals,
    /// The task to write next.
    next: usize,
    /// Tasks finished before an earlier one: the reorder window.
    finished: BTreeMap<usize, (Vec<Record>, Lines, usize)>,
}

impl Writer<'_> {
    /// Takes task `id`'s lines, and writes every task that is now next in order.
    fn finish(
        &mut self,
        id: usize,
        records: Vec<Record>,
        lines: Lines,
        bytes: usize,
    ) -> io::Result<()> {
        self.finished.insert(id, (records, lines, bytes));
        while let Some((records, lines, bytes)) = self.finished.remove(&self.next) {
            self.write(&records, lines)?;
            self.budget.give_back(bytes);
            self.next += 1;
        }
        self.out.flush()?;
        (self.progress)(&self.totals);
        Ok(())
    }

    fn write(&mut self, records: &[Record], lines: Lines) -> io::Result<()> {
        let totals = &mut self.totals;
        for (record, (line, errors, kinds)) in records.iter().zip(lines) {
            self.out.write_all(&line)?;
            totals.documents += 1;
            match record {
                Record::Doc(doc) => totals.bytes += doc.original().len(),
                Record::Invalid { .. } => totals.invalid += 1,
            }
            totals.with_errors += usize::from(!errors.is_empty());
            for error in &errors {
                *totals.stage_errors.entry(error.stage.clone()).or_default() += 1;
            }
            if totals.first_error.is_none() {
                if let Some(error) = errors.into_iter().next() {
                    totals.first_error = Some((record.id().to_owned(), error));
                }
            }
            for kind in kinds {
                // Owned only the first time: this loop is the writer's, not the workers'.
                match totals.facts.get_mut(kind.as_ref()) {
                    Some(count) => *count += 1,
                    None => {
                        totals.facts.insert(kind.into_owned(), 1);
                    }
                }
            }
        }
        Ok(())
    }
}

fn text_bytes(record: &Record) -> usize {
    match record {
        Record::Doc(doc) => doc.original().len(),
        Record::Invalid { .. } => 0,
    }
}

/// The bytes of text read but not yet written. The reader waits while the budget is spent,
/// except that one record is always let through, however large, so a huge document cannot
/// stall the stream.
struct ByteBudget {
    state: Mutex<BudgetState>,
    room: Condvar,
    limit: usize,
}

struct BudgetState {
    in_flight: usize,
    closed: bool,
}

impl ByteBudget {
    fn new(limit: usize) -> Self {
        ByteBudget {
            state: Mutex::new(BudgetState {
                in_flight: 0,
                closed: false,
            }),
            room: Condvar::new(),
            limit,
        }
    }

    /// Waits until `bytes` fit; false when the writer has stopped.
    fn take(&self, bytes: usize) -> bool {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while !state.closed && state.in_flight > 0 && state.in_flight + bytes > self.limit {
            state = self
                .room
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        state.in_flight += bytes;
        !state.closed
    }

    fn give_back(&self, bytes: usize) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.in_flight = state.in_flight.saturating_sub(bytes);
        self.room.notify_all();
    }

    fn close(&self) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.closed = true;
        self.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        ExtractError, Extractor, Fact, LoadedStage, Options, Span, StageLoader, StageSpec,
    };
    use std::path::Path;
    use std::time::Duration;

    /// Marks each document's first byte; takes its time over a text that starts with `slow`,
    /// so that the tasks after it finish first.
    struct Marker;

    impl Extractor for Marker {
        fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
            if doc.text().starts_with("slow") {
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(vec![Fact::new("mark", Span::new(0, 1))])
        }
    }

    struct MarkerLoader;

    impl StageLoader for MarkerLoader {
        fn load(
            &self,
            _: &StageSpec,
            _: &Path,
            _: &Options,
            _: Option<crate::Isolation>,
        ) -> Result<LoadedStage, String> {
            Ok(LoadedStage {
                name: "marker".into(),
                origin: "test".into(),
                extractor: Box::new(Marker),
            })
        }
    }

    fn marker_pipeline() -> Pipeline {
        let toml = "[[stage]]\nlua = \"marker.lua\"\n";
        Pipeline::from_toml(Path::new("test.toml"), toml, &MarkerLoader).expect("valid")
    }

    /// `count` documents `0`, `1`, … whose first one is slow.
    fn documents(count: usize) -> impl Iterator<Item = io::Result<Record>> + Send {
        (0..count).map(|i| {
            let text = if i == 0 { "slow start" } else { "quick" };
            Ok(Record::Doc(Document::new(i.to_string(), text)))
        })
    }

    fn run(
        records: impl Iterator<Item = io::Result<Record>> + Send,
        out: &mut dyn Write,
    ) -> io::Result<Totals> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool");
        let render = |record: &Record, result: &DocResult| {
            assert_ne!(record.id(), "render panics", "a renderer bug");
            format!("{} {}\n", record.id(), result.facts.len()).into_bytes()
        };
        run_ordered(
            records,
            &marker_pipeline(),
            &pool,
            BatchLimits::default(),
            render,
            out,
            &mut |_| {},
        )
    }

    #[test]
    fn lines_keep_input_order_when_later_tasks_finish_first() {
        let mut out = Vec::new();
        let totals = run(documents(3000), &mut out).expect("no error");
        let expected: String = (0..3000).map(|i| format!("{i} 1\n")).collect();
        assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
        assert_eq!(totals.documents, 3000);
        assert_eq!(totals.facts.get("mark"), Some(&3000));
    }

    #[test]
    fn a_read_error_ends_the_run_after_what_was_read_before_it_is_written() {
        let records = documents(700).chain(std::iter::once(Err(io::Error::other("disk gone"))));
        let mut out = Vec::new();
        let error = run(records, &mut out).expect_err("the read error");
        assert_eq!(error.to_string(), "disk gone");
        assert_eq!(String::from_utf8(out).expect("utf-8").lines().count(), 700);
    }

    #[test]
    fn a_panic_outside_the_stages_ends_the_run_with_an_error() {
        let records = documents(3000).map(|record| match record {
            Ok(Record::Doc(doc)) if doc.id() == "1000" => {
                Ok(Record::Doc(Document::new("render panics", "text")))
            }
            other => other,
        });
        let mut out = Vec::new();
        let error = run(records, &mut out)
            .expect_err("the panic, as an error")
            .to_string();
        assert!(
            error.starts_with("internal error: the documents "),
            "{error}"
        );
        assert!(error.contains("a renderer bug"), "{error}");
        // What came before the failed task is written, in order, and nothing after it.
        let out = String::from_utf8(out).expect("utf-8");
        let written = out.lines().count();
        assert!(written <= 1000, "{written} lines");
        let expected: String = (0..written).map(|i| format!("{i} 1\n")).collect();
        assert_eq!(out, expected);
    }

    /// Takes `room` bytes, then fails.
    struct FullDisk {
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if bytes.len() > self.room {
                return Err(io::Error::other("no space left"));
            }
            self.room -= bytes.len();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_stops_the_run() {
        let mut out = FullDisk { room: 100 };
        let error = run(documents(5000), &mut out).expect_err("the write error");
        assert_eq!(error.to_string(), "no space left");
    }
}
