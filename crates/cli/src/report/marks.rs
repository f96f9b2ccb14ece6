//! Lays highlights over a text: turns possibly nested or crossing spans into properly
//! nested pieces, so that each becomes one HTML element. A span that crosses the end of one
//! it starts inside is cut there and goes on as a second piece (the same fact, so a click
//! on either part shows it). This module knows nothing of HTML or of facts' contents.

use std::cmp::Reverse;
use std::collections::BTreeSet;

/// A highlight to lay: `start..end` in bytes of the text, for item `id` of the caller's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

/// What to write, in order: text between marks, and marks opening and closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Text(usize, usize),
    Open(usize),
    Close,
}

/// The events that write `len` bytes of text with `highlights` laid over it. Empty
/// highlights and those past the end are left out. Outer (longer) marks open first.
pub fn lay(len: usize, highlights: &[Highlight]) -> Vec<Event> {
    // Pieces still to open, by start, then longest first.
    let mut pending: BTreeSet<(usize, Reverse<usize>, usize)> = highlights
        .iter()
        .filter(|h| h.start < h.end && h.end <= len)
        .map(|h| (h.start, Reverse(h.end), h.id))
        .collect();
    let mut open: Vec<usize> = Vec::new(); // ends of the open marks, innermost last
    let mut events = Vec::new();
    let mut at = 0;
    loop {
        let next_start = pending.first().map(|&(start, _, _)| start);
        match (next_start, open.last().copied()) {
            (Some(start), innermost_end) if innermost_end.map_or(true, |end| start < end) => {
                let (start, Reverse(mut end), id) = pending.pop_first().expect("just seen");
                push_text(&mut events, at, start);
                at = start;
                if let Some(outer_end) = innermost_end.filter(|&outer_end| end > outer_end) {
                    pending.insert((outer_end, Reverse(end), id));
                    end = outer_end;
                }
                events.push(Event::Open(id));
                open.push(end);
            }
            (_, Some(end)) => {
                open.pop();
                push_text(&mut events, at, end);
                at = end;
                events.push(Event::Close);
            }
            (_, None) => break,
        }
    }
    push_text(&mut events, at, len);
    events
}

fn push_text(events: &mut Vec<Event>, from: usize, to: usize) {
    if from < to {
        events.push(Event::Text(from, to));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events written out as a string: `[id` opens, `]` closes.
    fn drawn(text: &str, highlights: &[(usize, usize)]) -> String {
        let highlights: Vec<Highlight> = highlights
            .iter()
            .enumerate()
            .map(|(id, &(start, end))| Highlight { start, end, id })
            .collect();
        lay(text.len(), &highlights)
            .into_iter()
            .map(|event| match event {
                Event::Text(from, to) => text[from..to].to_owned(),
                Event::Open(id) => format!("[{id}"),
                Event::Close => "]".to_owned(),
            })
            .collect()
    }

    #[test]
    fn separate_and_nested_highlights() {
        assert_eq!(
            drawn("a quote with a date in it.", &[(2, 22), (13, 19)]),
            "a [0quote with [1a date] in] it."
        );
        assert_eq!(drawn("one two", &[(4, 7), (0, 3)]), "[1one] [0two]");
    }

    #[test]
    fn a_crossing_highlight_is_cut_at_the_end_of_the_one_it_starts_in() {
        assert_eq!(drawn("abcdefgh", &[(0, 4), (2, 6)]), "[0ab[1cd]][1ef]gh");
    }

    #[test]
    fn same_span_twice_nests_and_touching_spans_stay_apart() {
        assert_eq!(drawn("abcd", &[(0, 2), (0, 2)]), "[0[1ab]]cd");
        assert_eq!(drawn("abcd", &[(0, 2), (2, 4)]), "[0ab][1cd]");
    }

    #[test]
    fn empty_and_out_of_range_highlights_are_left_out() {
        assert_eq!(drawn("abcd", &[(1, 1), (2, 9), (3, 2)]), "abcd");
    }
}
