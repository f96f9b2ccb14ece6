//! Dates told from the story's own time: in "Farkas was made a general in 1995, and the
//! following year he was appointed attaché", *the following year* is 1996, not the year
//! after the article was filed. This step runs after the rules, on the kept timexes: an
//! expression that points back (`that year`, `the following month`, `earlier that day`,
//! `the next day`) takes its value from the last date the story named before it, when that
//! date is precise enough; otherwise the rules' value, counted from the DCT, stays.

use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::Unit;
use regex::Regex;

use crate::normalize;
use crate::timex::{Timex, TimexType};

/// What the story's own time is referred to with. `the next year` and `the next week` are
/// left out: news uses them for the year and week after the DCT.
static POINTS_BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:earlier|later|early|late)\s+)?(?P<q>that|the\s+same|the\s+following|the\s+previous|the\s+prior|the\s+next)\s+(?P<u>day|week|month|year)$",
    )
    .unwrap_or_else(|e| panic!("invalid narrative pattern: {e}"))
});

/// Whether `words` end with a unit [`POINTS_BACK`] takes (`day`, `week`, `month`, `year`).
fn ends_with_unit(words: &str) -> bool {
    let tail = |n: usize| words.len().checked_sub(n).and_then(|at| words.get(at..));
    ["day", "week", "month", "year"]
        .iter()
        .any(|unit| tail(unit.len()).is_some_and(|end| end.eq_ignore_ascii_case(unit)))
}

/// `timexes` must be in text order (as the extractor keeps them). One pass forwards: the
/// story's time so far is kept at each precision, so a long story stays linear.
pub fn resolve(text: &str, timexes: &mut [Timex]) {
    let mut story = StoryTime::default();
    for timex in timexes.iter_mut() {
        let span = timex.span;
        let words = &text[span.start..span.end];
        // Most timexes do not point back: a look at their last word spares them the
        // pattern, and the match test allocates nothing.
        let points_back = ends_with_unit(words) && POINTS_BACK.is_match(words);
        if let Some(caps) = points_back.then(|| POINTS_BACK.captures(words)).flatten() {
            let unit = caps["u"].to_ascii_lowercase();
            let qualifier = caps["q"].to_ascii_lowercase();
            if qualifier != "the next" || unit == "day" {
                let offset = normalize::direction_offset(&qualifier);
                if let Some(value) = story.shifted(&unit, offset) {
                    timex.value = value;
                }
            }
        }
        if matches!(timex.kind, TimexType::Date | TimexType::Time) {
            story.learn(&timex.value);
        }
    }
}

/// The last year, month and day the story named, each as precise as it was written.
#[derive(Default)]
struct StoryTime {
    year: Option<i16>,
    month: Option<(i16, i8)>,
    day: Option<Date>,
}

impl StoryTime {
    /// Takes in a value such as `1995`, `1998-06`, `1998-10-23` or `1998-10-23TNI`.
    fn learn(&mut self, value: &str) {
        let Some(year) = value.get(..4).and_then(|y| y.parse().ok()) else {
            return;
        };
        self.year = Some(year);
        let month = value
            .get(4..7)
            .and_then(|m| m.strip_prefix('-'))
            .and_then(|m| m.parse().ok());
        if let Some(month) = month {
            self.month = Some((year, month));
        }
        if let Some(day) = value.get(..10).and_then(|d| d.parse().ok()) {
            self.day = Some(day);
        }
    }

    /// The story's time at the precision of `unit`, moved by `offset` units.
    fn shifted(&self, unit: &str, offset: i64) -> Option<String> {
        match unit {
            "year" => {
                let year = Date::new(self.year?, 1, 1).ok()?;
                Some(format!(
                    "{:04}",
                    normalize::shifted(year, Unit::Year, offset)?.year()
                ))
            }
            "month" => {
                let (year, month) = self.month?;
                let first = Date::new(year, month, 1).ok()?;
                let moved = normalize::shifted(first, Unit::Month, offset)?;
                Some(normalize::month(moved.year(), moved.month()))
            }
            "week" => normalize::unit_offset(self.day, "W", offset),
            _ => normalize::unit_offset(self.day, "D", offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, t, DCT};

    #[test]
    fn only_a_timex_that_ends_with_a_unit_can_point_back() {
        assert!(super::ends_with_unit("the following YEAR"));
        assert!(super::ends_with_unit("earlier that day"));
        assert!(!super::ends_with_unit("1995"));
        assert!(!super::ends_with_unit("ay"));
        assert!(!super::ends_with_unit("l’été"));
    }

    #[test]
    fn the_story_time_anchors_what_points_back() {
        assert_eq!(
            found(
                "He was promoted in 1995, and the following year he moved.",
                DCT
            ),
            vec![
                t("1995", "DATE", "1995"),
                t("the following year", "DATE", "1996")
            ]
        );
        assert_eq!(
            found(
                "She went to Florida in June 1998 and returned later that year.",
                DCT
            )[1],
            t("later that year", "DATE", "1998")
        );
        assert_eq!(
            found(
                "He was shot on Oct. 23, 1998. Earlier that day, police had",
                DCT
            )[1],
            t("Earlier that day", "DATE", "1998-10-23")
        );
        assert_eq!(
            found(
                "The offer came in March 1989. The following month, it sold.",
                DCT
            )[1],
            t("The following month", "DATE", "1989-04")
        );
        assert_eq!(
            found("He was arrested Monday and freed the next day.", DCT)[1],
            t("the next day", "DATE", "2022-11-08")
        );
    }

    #[test]
    fn without_a_story_time_the_dct_stands_in() {
        assert_eq!(
            found("Sales will rise the following year.", DCT),
            vec![t("the following year", "DATE", "2023")]
        );
        assert_eq!(
            found("In 1995 he left. Profits rose last year.", DCT)[1],
            t("last year", "DATE", "2021")
        );
    }
}
