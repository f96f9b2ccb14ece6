//! Runs a pipeline over a stream of records on all worker threads and hands the rendered
//! lines to one writer in input order.
//!
//! A reader thread reads ahead into a bounded queue (at most `2 × bytes` of text and
//! `records` records waiting); the writer side takes whatever is queued, up to one batch,
//! processes it in parallel, writes it in order and flushes. Because a batch never waits
//! for input that has not arrived, a client that writes one line to stdin gets its output
//! line back at once (line-buffered streaming, as `RDD.pipe` and interactive use need).
//! This module does not decide what a line looks like (the caller's `render` does) nor
//! where it goes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError};
use std::sync::{Condvar, Mutex};

use rayon::prelude::*;

use crate::input::Record;
use crate::{DocResult, Document, Pipeline};

/// How many documents one worker runs the pipeline over at a time, stage after stage (see
/// [`Pipeline::run_many`]): the more, the more often a rule's regex is reused while it is
/// still in cache (measured on news articles of a few kilobytes: 256 take 4–6% less time
/// than 64), and the fewer tasks a batch has to share among the workers.
const DOCUMENTS_PER_TASK: usize = 256;

/// How many records are processed together at most, and how many bytes of text.
#[derive(Debug, Clone, Copy)]
pub struct BatchLimits {
    pub records: usize,
    pub bytes: usize,
}

impl Default for BatchLimits {
    /// Room for eight tasks of [`DOCUMENTS_PER_TASK`], so that the workers finish a batch
    /// at about the same time (measured: 7% faster than four tasks on two threads, for
    /// 20 MB more memory).
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
    /// Facts written, by kind.
    pub facts: BTreeMap<String, usize>,
}

/// Processes every record, writing `render(record, result)` for each, in input order, and
/// calling `progress` after each batch. Stops early only when reading the input or writing
/// the output fails.
pub fn run_ordered<I, F>(
    records: I,
    pipeline: &Pipeline,
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
        let outcome = write_batches(&queued, pipeline, limits, &render, out, progress, &budget);
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

fn write_batches<F>(
    queued: &Receiver<io::Result<Record>>,
    pipeline: &Pipeline,
    limits: BatchLimits,
    render: &F,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(&Totals),
    budget: &ByteBudget,
) -> io::Result<Totals>
where
    F: Fn(&Record, &DocResult) -> Vec<u8> + Sync,
{
    let mut totals = Totals::default();
    // Blocks for the first record of a batch only: the rest is whatever is already queued.
    while let Ok(first) = queued.recv() {
        let mut batch = vec![first?];
        let mut bytes = text_bytes(&batch[0]);
        while batch.len() < limits.records && bytes < limits.bytes {
            match queued.try_recv() {
                Ok(record) => {
                    let record = record?;
                    bytes += text_bytes(&record);
                    batch.push(record);
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let lines: Vec<Vec<_>> = batch
            .par_chunks(DOCUMENTS_PER_TASK)
            .map(|records| {
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
                        (render(record, &result), !result.errors.is_empty(), kinds)
                    })
                    .collect()
            })
            .collect();
        for (record, (line, failed_stage, kinds)) in batch.iter().zip(lines.into_iter().flatten()) {
            out.write_all(&line)?;
            totals.documents += 1;
            match record {
                Record::Doc(doc) => totals.bytes += doc.original().len(),
                Record::Invalid { .. } => totals.invalid += 1,
            }
            totals.with_errors += usize::from(failed_stage);
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
        out.flush()?;
        budget.give_back(bytes);
        progress(&totals);
    }
    Ok(totals)
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
