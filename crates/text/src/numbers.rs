//! Number phrases over tokens: `40,000`, `forty-one`, `twenty five`, `1.5 million`,
//! `a dozen`, `one hundred and twenty`, `two or three`, `dozens`, each with its value and
//! the qualifier written before it (`at least`, `about`, `as many as` … from
//! `lexicon/qualifiers.tsv`; `another` and `a further` may stand between).
//!
//! The value of a phrase is read by `quarry-numbers`, the one number parser. This module
//! finds phrases; it does not decide what they count.

use quarry_numbers::{parse, Amount};

use crate::lexicon::{qualifier_of, Classes};
use crate::tokens::Token;

/// A number phrase: tokens `first..end` of a token list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberPhrase {
    pub first: usize,
    pub end: usize,
    pub value: Amount,
    /// The contract's qualifier: `exact` when none is written; `at least` for a range
    /// (`two or three`).
    pub qualifier: &'static str,
    /// Where the qualifier starts (`first` when there is none).
    pub qualifier_first: usize,
}

impl NumberPhrase {
    /// The definite count, `None` for a vague amount (`dozens`).
    pub fn count(&self) -> Option<u64> {
        self.value.exact()
    }
}

fn is_scale(token: &Token) -> bool {
    matches!(
        &*token.lower,
        "dozen" | "hundred" | "thousand" | "million" | "billion"
    )
}

/// Words that join two number words into one number (`one hundred and twenty`).
fn continues_number(prev: &Token, next: &Token) -> bool {
    match next.shape {
        crate::Shape::Digits => false,
        _ if prev.shape == crate::Shape::Digits => is_scale(next) && !next.is("dozen"),
        _ => next.has(Classes::NUMBER) && !matches!(&*next.lower, "dozens" | "hundreds"),
    }
}

/// Every number phrase of `tokens`, in order.
pub fn number_phrases(tokens: &[Token]) -> Vec<NumberPhrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((end, value)) = number_at(tokens, i) else {
            i += 1;
            continue;
        };
        let mut phrase = NumberPhrase {
            first: i,
            end,
            value,
            qualifier: "exact",
            qualifier_first: i,
        };
        // `two or three`: the lower figure, at least.
        if tokens.get(end).is_some_and(|t| t.is("or")) {
            if let Some((range_end, _)) = number_at(tokens, end + 1) {
                phrase.end = range_end;
                phrase.qualifier = "at least";
            }
        }
        qualify(tokens, &mut phrase);
        i = phrase.end;
        out.push(phrase);
    }
    out
}

/// The number phrase that starts at token `i`: where it ends and its value.
fn number_at(tokens: &[Token], i: usize) -> Option<(usize, Amount)> {
    let first = &tokens[i];
    let mut end = i + 1;
    if first.is("a") {
        // `a dozen`, `a hundred`
        if !tokens.get(i + 1).is_some_and(is_scale) {
            return None;
        }
        end = i + 2;
    } else if !first.has(Classes::NUMBER) || is_scale(first) {
        // A scale word alone (`million`) counts nothing: it is left of a failed number.
        return None;
    }
    while let Some(next) = tokens.get(end) {
        if continues_number(&tokens[end - 1], next) {
            end += 1;
        } else if next.is("and")
            && matches!(&*tokens[end - 1].lower, "hundred" | "thousand")
            && tokens
                .get(end + 1)
                .is_some_and(|t| t.has(Classes::NUMBER) && t.shape != crate::Shape::Digits)
        {
            end += 2;
        } else {
            break;
        }
    }
    let words: Vec<&str> = tokens[i..end].iter().map(|t| &*t.lower).collect();
    let value = parse(&words.join(" "))?;
    Some((end, value))
}

/// The qualifier written before a phrase (`at least another 13,000`).
fn qualify(tokens: &[Token], phrase: &mut NumberPhrase) {
    let mut before = phrase.first;
    // `another 1,350`, `a further 15`: more of the same, still the figure written.
    if before >= 1 && tokens[before - 1].is("another") {
        before -= 1;
    } else if before >= 2 && tokens[before - 2].is("a") && tokens[before - 1].is("further") {
        before -= 2;
    }
    let from = before.saturating_sub(3);
    let words: Vec<&str> = tokens[from..before].iter().map(|t| &*t.lower).collect();
    if let Some((qualifier, len)) = qualifier_of(&words) {
        if phrase.qualifier == "exact" {
            phrase.qualifier = qualifier;
        }
        phrase.qualifier_first = before - len;
    } else if before < phrase.first {
        phrase.qualifier_first = before;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn phrases(text: &str) -> Vec<(String, Option<u64>, &'static str)> {
        let tokens = tokenize(text, 0, text.len());
        number_phrases(&tokens)
            .iter()
            .map(|p| {
                let span = &text[tokens[p.qualifier_first].start..tokens[p.end - 1].end];
                (span.to_owned(), p.count(), p.qualifier)
            })
            .collect()
    }

    fn p(
        text: &str,
        count: Option<u64>,
        qualifier: &'static str,
    ) -> (String, Option<u64>, &'static str) {
        (text.to_owned(), count, qualifier)
    }

    #[test]
    fn phrases_with_values_and_qualifiers() {
        assert_eq!(
            phrases("at least 40,000 and forty-one, about twenty five, 1.5 million"),
            [
                p("at least 40,000", Some(40_000), "at least"),
                p("forty-one", Some(41), "exact"),
                p("about twenty five", Some(25), "about"),
                p("1.5 million", Some(1_500_000), "exact"),
            ]
        );
        assert_eq!(
            phrases("a dozen, one hundred and twenty, two or three bodies, dozens"),
            [
                p("a dozen", Some(12), "exact"),
                p("one hundred and twenty", Some(120), "exact"),
                p("two or three", Some(2), "at least"),
                p("dozens", None, "exact"),
            ]
        );
        assert_eq!(
            phrases("at least another 13,000 and a further 15, as many as 70"),
            [
                p("at least another 13,000", Some(13_000), "at least"),
                p("a further 15", Some(15), "exact"),
                p("as many as 70", Some(70), "up to"),
            ]
        );
    }

    #[test]
    fn digits_do_not_run_together_and_ages_are_not_numbers() {
        assert_eq!(
            phrases("16 children and one teacher, a 17-year-old, a man, killed one"),
            [
                p("16", Some(16), "exact"),
                p("one", Some(1), "exact"),
                p("one", Some(1), "exact")
            ]
        );
        assert_eq!(phrases("99999999999999999999 people"), []);
        assert_eq!(phrases("18446744073709551615 million"), []);
    }
}
