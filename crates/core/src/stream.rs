//! Runs a pipeline over a stream of records on all worker threads and hands the rendered
//! lines to one writer in input order.
//!
//! Memory is bounded by the batch: records are read a batch at a time (the next batch is
//! read while the current one is processed), processed and rendered in parallel, then
//! written in order. This module does not decide what a line looks like (the caller's
//! `render` does) nor where it goes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;

use crate::input::Record;
use crate::{DocResult, Pipeline};

/// How many records are in flight at most, and how many bytes of text.
#[derive(Debug, Clone, Copy)]
pub struct BatchLimits {
    pub records: usize,
    pub bytes: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits {
            records: 1024,
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
    let mut records = records;
    let mut totals = Totals::default();
    let mut batch = read_batch(&mut records, limits)?;
    while !batch.is_empty() {
        let (next, lines) = rayon::join(
            || read_batch(&mut records, limits),
            || {
                batch
                    .par_iter()
                    .map(|record| {
                        let result = match record {
                            Record::Doc(doc) => pipeline.run(doc),
                            Record::Invalid { .. } => DocResult::default(),
                        };
                        let kinds: Vec<_> = result.facts.iter().map(|f| f.kind.clone()).collect();
                        (render(record, &result), !result.errors.is_empty(), kinds)
                    })
                    .collect::<Vec<_>>()
            },
        );
        for (record, (line, failed_stage, kinds)) in batch.iter().zip(lines) {
            out.write_all(&line)?;
            totals.documents += 1;
            match record {
                Record::Doc(doc) => totals.bytes += doc.original().len(),
                Record::Invalid { .. } => totals.invalid += 1,
            }
            totals.with_errors += usize::from(failed_stage);
            for kind in kinds {
                *totals.facts.entry(kind.into_owned()).or_default() += 1;
            }
        }
        out.flush()?;
        progress(&totals);
        batch = next?;
    }
    Ok(totals)
}

fn read_batch<I>(records: &mut I, limits: BatchLimits) -> io::Result<Vec<Record>>
where
    I: Iterator<Item = io::Result<Record>>,
{
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < limits.records && bytes < limits.bytes {
        let Some(record) = records.next() else { break };
        let record = record?;
        if let Record::Doc(doc) = &record {
            bytes += doc.original().len();
        }
        batch.push(record);
    }
    Ok(batch)
}
