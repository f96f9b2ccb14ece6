//! A figure of the event: `the death toll rose to 31`, `put the casualties at 600`, `The
//! total deaths are 21`, `the toll would be closer to 300`, `Death Toll Up To 12`; and the
//! earlier figure after it, `from 9`.

use quarry_text::{Shape, Term};

use super::{Mention, Sentence};

/// How far after the toll word its figure may be: `the death toll from the floods has
/// climbed to 87`.
const REACH: usize = 8;

/// Words that link a toll to its figure.
const LINKS: [&str; 14] = [
    "to", "at", "of", "as", "was", "is", "are", "were", "reached", "hit", "be", "stood", "stands",
    "now",
];

pub fn apply(sentence: &Sentence, term: &Term, out: &mut Vec<Mention>) {
    let category = term.word.category;
    let first = if term.first > 0 && sentence.is(term.first - 1, "death") {
        term.first - 1
    } else {
        term.first
    };
    for at in term.end..(term.end + REACH).min(sentence.tokens.len()) {
        if sentence.tokens[at].shape == Shape::Punctuation {
            return;
        }
        let Some(figure) = sentence.number_at(at) else {
            continue;
        };
        let linked = LINKS.iter().any(|link| sentence.is(at - 1, link));
        // `Toll Up To 12`: the toll went up to the figure, which is exact.
        let up_to = at == term.end && figure.qualifier == "up to";
        if !linked && !up_to {
            return;
        }
        let Some(count) = figure.count() else { return };
        out.push(Mention {
            first,
            end: figure.end,
            category,
            count: Some(count),
            qualifier: if up_to { "exact" } else { figure.qualifier },
            victims: None,
        });
        if sentence.is(figure.end, "from") {
            if let Some(earlier) = sentence.number_at(figure.end + 1) {
                out.push(Mention {
                    first: figure.end,
                    end: earlier.end,
                    category,
                    count: earlier.count(),
                    qualifier: earlier.qualifier,
                    victims: None,
                });
            }
        }
        return;
    }
}
