//! Relative days inside a quotation are relative to when the words were said, not to when
//! the article was filed: in "In his address late on November 10, Zelenskiy said: “Today
//! we have good news”", *Today* is November 10. This step runs after the rules, on the
//! kept timexes: a `today`/`yesterday`/`tomorrow`/`tonight` inside a quotation takes the
//! nearest full date written earlier in the quotation's sentence as its anchor.

use jiff::civil::Date;
use quarry_text::sentence_start;

use crate::normalize;
use crate::timex::Timex;

/// Days from the anchor for each relative day word (and whether it names the night).
fn offset_of(word: &str) -> Option<(i64, bool)> {
    Some(match word.to_ascii_lowercase().as_str() {
        "today" => (0, false),
        "yesterday" => (-1, false),
        "tomorrow" => (1, false),
        "tonight" => (0, true),
        _ => return None,
    })
}

/// `timexes` must be in text order (as the extractor keeps them).
pub fn reanchor(text: &str, timexes: &mut [Timex]) {
    let mut quotes = OpenQuote::new(text);
    for index in 0..timexes.len() {
        let span = timexes[index].span;
        let Some((days, night)) = offset_of(&text[span.start..span.end]) else {
            continue;
        };
        let Some(open) = quotes.at(span.start) else {
            continue;
        };
        let sentence = sentence_start(text, open);
        // Timexes are in text order: only those of this sentence are looked at.
        let anchor = timexes[..index]
            .iter()
            .rev()
            .take_while(|t| t.span.start >= sentence)
            .filter(|t| t.span.end <= open)
            .find_map(|t| t.value.parse::<Date>().ok());
        let Some(said_on) = anchor else { continue };
        let Some(day) = normalize::shifted(said_on, jiff::Unit::Day, days) else {
            continue;
        };
        let day = normalize::day(day);
        timexes[index].value = if night { format!("{day}TNI") } else { day };
    }
}

/// Which quotation, if any, each position is in (the opening mark of the quotation of
/// `quarry_text::quotations` around it), for positions asked in increasing order.
struct OpenQuote {
    quotations: Vec<quarry_text::Quoted>,
    next: usize,
}

impl OpenQuote {
    fn new(text: &str) -> Self {
        OpenQuote {
            quotations: quarry_text::quotations(text),
            next: 0,
        }
    }

    fn at(&mut self, at: usize) -> Option<usize> {
        while self
            .quotations
            .get(self.next)
            .is_some_and(|q| q.close <= at)
        {
            self.next += 1;
        }
        let quotation = self.quotations.get(self.next)?;
        (quotation.open <= at).then_some(quotation.open)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, t, DCT};

    #[test]
    fn today_in_a_quote_is_the_day_it_was_said() {
        let text = "In his address late on November 10, Zelenskiy said: \"Today we have good news.\" Today is calm.";
        assert_eq!(
            found(text, DCT),
            [
                t("November 10", "DATE", "2022-11-10"),
                t("Today", "DATE", "2022-11-10"),
                t("Today", "DATE", "2022-11-11"),
            ]
        );
    }

    #[test]
    fn without_a_date_before_the_quote_the_dct_stays_the_anchor() {
        assert_eq!(
            found("He said: “Yesterday was hard.”", DCT),
            [t("Yesterday", "DATE", "2022-11-10")]
        );
    }

    #[test]
    fn curly_quotes_and_guillemets_open_and_close_quotations() {
        let text = "On November 9 she wrote: “Yesterday was hard.” Today is calm. \
                    On November 8 he said: «Tomorrow we march.» Tomorrow we rest.";
        assert_eq!(
            found(text, DCT),
            [
                t("November 9", "DATE", "2022-11-09"),
                t("Yesterday", "DATE", "2022-11-08"),
                t("Today", "DATE", "2022-11-11"),
                t("November 8", "DATE", "2022-11-08"),
                t("Tomorrow", "DATE", "2022-11-09"),
                t("Tomorrow", "DATE", "2022-11-12"),
            ]
        );
    }

    #[test]
    fn a_blank_line_closes_a_quotation_left_open() {
        let text = "On November 9 he said: \"We held.\n\nToday the town is quiet.";
        assert_eq!(
            found(text, DCT),
            [
                t("November 9", "DATE", "2022-11-09"),
                t("Today", "DATE", "2022-11-11"),
            ]
        );
    }
}
