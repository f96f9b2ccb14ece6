//! The `casualty-figures` stage: one `casualty_figure` fact per category per document, the
//! figure an analyst would report for the document's main event, chosen from the
//! `casualty` facts of the earlier stages (ACLED and UCDP code one figure per event, not
//! a sum of every mention: `killed 17 Afghan villagers` and `Seventeen civilians were
//! killed` are one toll of 17, not 34).
//!
//! How the figure is chosen, for each category:
//! 1. Mentions in a sentence that names another year than the document's (its date, or
//!    else the first year a date fact gives) are of another event (`the 2013 quake killed
//!    360`); they are left out, unless nothing else is left.
//! 2. Of the rest, the figure is the highest count stated: a later toll that rose
//!    replaces an earlier one (`rose to 12 from 9` → 12), and a subset is never higher
//!    than its whole (`four of the wounded`). A range counts at its lower bound, as the
//!    mention does (`two or three` → 2, `at least`). Between equal counts the first
//!    mention wins (the headline or the lead).
//! 3. Without any count, the figure is the first mention, without a count.
//!
//! Mentions joined only by `and`, `,` or `as well as` are groups of one event and are added
//! up first (`massacring 16 children and one teacher` → 17, `abducted more than 300 pupils
//! and 12 staff` → more than 312); their figure spans them all.
//!
//! The fact's span is the mention chosen; `attrs.mentions` is how many mentions of the
//! category the document has. This stage reads facts; it finds no mentions itself.

use quarry_core::{registry, Builtin, Document, ExtractError, Extractor, Fact, Options, Span};
use quarry_text::{sentence_end, sentence_start};
use serde_json::Value;

inventory::submit! {
    Builtin {
        name: "casualty-figures",
        kinds: &["casualty_figure"],
        summary: "one casualty figure per category per document, from the casualty facts before it",
        build: |options: &Options| {
            registry::no_options(options)?;
            Ok(Box::new(FiguresExtractor))
        },
    }
}

struct FiguresExtractor;

impl Extractor for FiguresExtractor {
    fn extract(&self, doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        Ok(figures(doc, earlier))
    }
}

/// The categories in the order their figures are written.
const CATEGORIES: [&str; 4] = ["killed", "injured", "missing", "captured"];

/// A casualty fact, or conjoined facts added up, as the choice reads it.
struct Mention<'f> {
    span: Span,
    count: Option<u64>,
    qualifier: &'f str,
    other_event: bool,
}

/// The figures of a document with the facts of the stages before this one.
pub fn figures(doc: &Document, earlier: &[Fact]) -> Vec<Fact> {
    let casualties: Vec<&Fact> = earlier.iter().filter(|f| f.kind == "casualty").collect();
    if casualties.is_empty() {
        return Vec::new();
    }
    let text = doc.text();
    let mut dates: Vec<&Fact> = earlier.iter().filter(|f| f.kind == "date").collect();
    // By start, so that each sentence finds its dates by binary search: a document may
    // have tens of thousands of mentions and of dates.
    dates.sort_by_key(|date| date.span.start);
    let own_year = doc
        .date()
        .map(|d| i64::from(d.year()))
        .or_else(|| dates.iter().find_map(|date| year_of(date)));
    let mut out = Vec::new();
    for category in CATEGORIES {
        let mentions: Vec<Mention> = casualties
            .iter()
            .copied()
            .filter(|f| str_attr(f, "category") == Some(category))
            .map(|fact| {
                let start = sentence_start(text, fact.span.start.min(text.len()));
                let end = sentence_end(text, fact.span.start.min(text.len()));
                let first = dates.partition_point(|date| date.span.start < start);
                let mut in_sentence = dates[first..]
                    .iter()
                    .take_while(|date| date.span.start < end);
                let other_event = own_year.is_some_and(|own| {
                    in_sentence.any(|date| {
                        date.span.end <= end && year_of(date).is_some_and(|year| year != own)
                    })
                });
                Mention {
                    span: fact.span,
                    count: fact.attrs.get("count").and_then(Value::as_u64),
                    qualifier: str_attr(fact, "qualifier").unwrap_or("exact"),
                    other_event,
                }
            })
            .collect();
        let groups = add_up_conjuncts(text, &mentions);
        if let Some(chosen) = choose(&groups) {
            let mut figure = Fact::new("casualty_figure", chosen.span).attr("category", category);
            if let Some(count) = chosen.count {
                figure = figure.attr("count", count);
            }
            figure = figure
                .attr("qualifier", chosen.qualifier.to_owned())
                .attr("mentions", mentions.len() as u64);
            out.push(figure);
        }
    }
    out
}

/// The mentions with those joined by `and`, `,` or `as well as` added up into one.
fn add_up_conjuncts<'f>(text: &str, mentions: &[Mention<'f>]) -> Vec<Mention<'f>> {
    let mut out: Vec<Mention<'f>> = Vec::new();
    for mention in mentions {
        let joined = out.last().is_some_and(|last| {
            let between = text.get(last.span.end..mention.span.start).unwrap_or("x");
            let words = between.replace(',', " , ");
            let words: Vec<&str> = words.split_whitespace().collect();
            last.span.end <= mention.span.start
                && last.count.is_some()
                && mention.count.is_some()
                && matches!(
                    words.as_slice(),
                    [","] | ["and"] | [",", "and"] | ["as", "well", "as"]
                )
        });
        match out.last_mut() {
            Some(last) if joined => {
                last.span = Span::new(last.span.start, mention.span.end);
                last.count = last
                    .count
                    .zip(mention.count)
                    .and_then(|(a, b)| a.checked_add(b));
                if last.qualifier == "exact" {
                    last.qualifier = mention.qualifier;
                }
                last.other_event |= mention.other_event;
            }
            _ => out.push(Mention { ..*mention }),
        }
    }
    out
}

/// The mention whose figure stands for the category (see the module's rules).
fn choose<'m, 'f>(mentions: &'m [Mention<'f>]) -> Option<&'m Mention<'f>> {
    let main: Vec<&Mention> = mentions.iter().filter(|m| !m.other_event).collect();
    let pool: Vec<&Mention> = if main.is_empty() {
        mentions.iter().collect()
    } else {
        main
    };
    // The highest count; `max_by_key` keeps the last of equals, so go from the end.
    let counted = pool
        .iter()
        .rev()
        .filter(|m| m.count.is_some())
        .max_by_key(|m| m.count);
    counted.or(pool.first()).copied()
}

fn str_attr<'f>(fact: &'f Fact, key: &str) -> Option<&'f str> {
    fact.attrs.get(key).and_then(Value::as_str)
}

/// The year a date fact names, from its TIMEX3 value (`2013`, `2022-11-11`).
fn year_of(date: &Fact) -> Option<i64> {
    let value = str_attr(date, "value")?;
    let digits = value.get(..4)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use quarry_core::{Document, Fact, Span};

    use super::figures;
    use crate::find_casualties;

    /// The figures of `text` (with a date fact for each `(span of the text, value)`), as
    /// (category, count, qualifier, mentions, text of the span).
    fn figures_of(
        text: &str,
        date: Option<&str>,
        dates: &[(&str, &str)],
    ) -> Vec<(String, Option<u64>, String, u64, String)> {
        let mut doc = Document::new("d", text);
        if let Some(date) = date {
            doc = doc.with_date(Some(date.parse().expect("a date")));
        }
        let mut earlier: Vec<Fact> = dates
            .iter()
            .map(|(words, value)| {
                let start = text.find(words).expect("the date is in the text");
                Fact::new("date", Span::new(start, start + words.len())).attr("value", *value)
            })
            .collect();
        earlier.extend(find_casualties(text).into_iter().map(|c| c.into_fact()));
        figures(&doc, &earlier)
            .iter()
            .map(|f| {
                let attr = |k: &str| f.attrs.get(k).cloned().unwrap_or_default();
                (
                    attr("category").as_str().unwrap_or_default().to_owned(),
                    attr("count").as_u64(),
                    attr("qualifier").as_str().unwrap_or_default().to_owned(),
                    attr("mentions").as_u64().unwrap_or_default(),
                    f.text(text).to_owned(),
                )
            })
            .collect()
    }

    fn fig(
        category: &str,
        count: Option<u64>,
        qualifier: &str,
        mentions: u64,
        text: &str,
    ) -> (String, Option<u64>, String, u64, String) {
        (
            category.into(),
            count,
            qualifier.into(),
            mentions,
            text.into(),
        )
    }

    #[test]
    fn two_mentions_of_one_toll_are_one_figure_not_their_sum() {
        let text = "A U.S. airstrike last week killed 17 Afghan villagers, a governor said. \
                    “Seventeen civilians were killed during the bombing,” he said.";
        assert_eq!(
            figures_of(text, None, &[]),
            [fig(
                "killed",
                Some(17),
                "exact",
                2,
                "killed 17 Afghan villagers"
            )]
        );
    }

    #[test]
    fn a_toll_that_rose_replaces_the_earlier_one_and_categories_stay_apart() {
        let text = "Three people were killed and 11 injured. The death toll rose to 12 from \
                    9 on Friday. Four of the injured were in a serious condition.";
        assert_eq!(
            figures_of(text, None, &[]),
            [
                fig("killed", Some(12), "exact", 3, "death toll rose to 12"),
                fig("injured", Some(11), "exact", 2, "11 injured"),
            ]
        );
    }

    #[test]
    fn an_earlier_event_does_not_make_the_figure() {
        let text = "At least 65 people have died in the heatwave. In 2015, a heatwave \
                    killed 1,200 people in the city.";
        assert_eq!(
            figures_of(text, Some("2018-05-24"), &[("2015", "2015")]),
            [fig(
                "killed",
                Some(65),
                "at least",
                2,
                "At least 65 people have died"
            )]
        );
        // Without the document's date, the first year its dates name is its own.
        let text = "In 2018 at least 65 people died. In 2015, a heatwave killed 1,200 people.";
        assert_eq!(
            figures_of(text, None, &[("2018", "2018"), ("2015", "2015")]),
            [fig(
                "killed",
                Some(65),
                "at least",
                2,
                "at least 65 people died"
            )]
        );
    }

    #[test]
    fn groups_joined_by_and_are_added_up() {
        let text = "The gunman burst into the gym, massacring 16 children and one teacher. \
                    At least 12 other children and one adult were wounded.";
        assert_eq!(
            figures_of(text, None, &[]),
            [
                fig(
                    "killed",
                    Some(17),
                    "exact",
                    2,
                    "massacring 16 children and one teacher"
                ),
                fig(
                    "injured",
                    Some(13),
                    "at least",
                    2,
                    "At least 12 other children and one adult were wounded"
                ),
            ]
        );
    }

    #[test]
    fn without_a_count_the_first_mention_stands() {
        let text = "Civilians were killed in the strike. The dead were buried on Friday.";
        assert_eq!(
            figures_of(text, None, &[]),
            [fig("killed", None, "exact", 2, "Civilians were killed")]
        );
        assert_eq!(figures_of("No one was hurt.", None, &[]), []);
    }
}
