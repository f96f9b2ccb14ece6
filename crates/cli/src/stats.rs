//! The `--stats` report: what a run processed, how fast, and where the time went.

use std::fmt::Write as _;
use std::time::Duration;

use quarry_core::stream::Totals;

pub fn report(
    totals: &Totals,
    wall: Duration,
    stages: &[(&str, Duration)],
    threads: usize,
) -> String {
    let seconds = wall.as_secs_f64().max(1e-9);
    let megabytes = totals.bytes as f64 / 1e6;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "documents: {} ({} unreadable, {} with stage errors)",
        totals.documents, totals.invalid, totals.with_errors
    );
    let _ = writeln!(
        out,
        "bytes: {:.1} MB in {:.2} s on {threads} thread{}: {:.1} MB/s",
        megabytes,
        seconds,
        if threads == 1 { "" } else { "s" },
        megabytes / seconds
    );
    let facts: Vec<String> = totals
        .facts
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "facts: {}",
        if facts.is_empty() {
            "none".to_owned()
        } else {
            facts.join(", ")
        }
    );
    let busy: f64 = stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
    for (name, time) in stages {
        let share = if busy > 0.0 {
            100.0 * time.as_secs_f64() / busy
        } else {
            0.0
        };
        let _ = writeln!(
            out,
            "stage {name}: {:.2} s ({share:.0}% of stage time)",
            time.as_secs_f64()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_throughput_facts_and_stage_shares() {
        let totals = Totals {
            documents: 3,
            bytes: 5_000_000,
            invalid: 1,
            with_errors: 0,
            facts: [("date".to_owned(), 4), ("quote".to_owned(), 1)]
                .into_iter()
                .collect(),
            ..Totals::default()
        };
        let stages = [
            ("dates", Duration::from_millis(300)),
            ("quotes", Duration::from_millis(100)),
        ];
        assert_eq!(
            report(&totals, Duration::from_secs(2), &stages, 2),
            "documents: 3 (1 unreadable, 0 with stage errors)\n\
             bytes: 5.0 MB in 2.00 s on 2 threads: 2.5 MB/s\n\
             facts: date 4, quote 1\n\
             stage dates: 0.30 s (75% of stage time)\n\
             stage quotes: 0.10 s (25% of stage time)\n"
        );
        let one = report(&totals, Duration::from_secs(2), &stages, 1);
        assert_eq!(
            one.lines().nth(1),
            Some("bytes: 5.0 MB in 2.00 s on 1 thread: 2.5 MB/s")
        );
    }
}
