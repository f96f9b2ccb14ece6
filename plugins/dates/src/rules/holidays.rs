//! Named days of the calendar: `Thanksgiving Day`, `last Christmas`, `Election Day`,
//! `New Year's Eve`, `Easter 1998`. Only holidays with one fixed rule for their date are
//! here; those whose date depends on the country (Independence Day, Labor Day) are not.

use jiff::civil::Date;

use super::triggers::{Rule, Scan, HOLIDAYS};
use super::windowed;
use super::Step;
use crate::normalize::{self, Direction, Holiday};
use crate::timex::{Timex, TimexType};

static HOLIDAY: Rule = Rule::new(HOLIDAYS, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:(?P<q>(?i:last|next|this))\s+)?(?P<h>Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year(?:'s|’s)\s+(?:Day|Eve)|New\s+Year(?:'s|’s)?|Easter(?:\s+Sunday)?|Election\s+Day|Memorial\s+Day|Veterans(?:'|’)?\s+Day|Halloween|Valentine(?:'s|’s)\s+Day)(?:,?\s+(?:of\s+)?(?P<y>1\d{3}|20\d{2}))?)(?-u:\b)",
    )
});

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 1] = [find_holiday];

fn find_holiday(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&HOLIDAY) {
        let whole = caps.get(0).expect("group 0");
        if other_calendar_before(&text[..whole.start()]) {
            continue; // the Chinese New Year falls elsewhere
        }
        let name = caps["h"].to_ascii_lowercase();
        let Some(holiday) = holiday_named(&name) else {
            continue;
        };
        let year = caps.name("y").and_then(|y| y.as_str().parse().ok());
        let direction = match caps.name("q").map(|q| q.as_str().to_ascii_lowercase()) {
            Some(q) if q == "last" => Some(Direction::Past),
            Some(q) if q == "next" => Some(Direction::Future),
            _ => None, // "this Christmas", "Christmas": the nearest one
        };
        let value = normalize::holiday(dct, holiday, year, direction);
        out.push(Timex::new(super::extent(&caps), TimexType::Date, value));
    }
}

fn holiday_named(name: &str) -> Option<Holiday> {
    let words: Vec<&str> = name.split_whitespace().collect();
    Some(match words.as_slice() {
        ["thanksgiving", ..] => Holiday::Thanksgiving,
        ["christmas", "eve"] => Holiday::Fixed(12, 24),
        ["christmas", ..] => Holiday::Fixed(12, 25),
        ["new", _, "eve"] => Holiday::Fixed(12, 31),
        ["new", ..] => Holiday::Fixed(1, 1),
        ["easter", ..] => Holiday::Easter,
        ["election", "day"] => Holiday::ElectionDay,
        ["memorial", "day"] => Holiday::MemorialDay,
        ["veterans" | "veterans'" | "veterans’", "day"] => Holiday::Fixed(11, 11),
        ["halloween"] => Holiday::Fixed(10, 31),
        [valentine, "day"] if valentine.starts_with("valentine") => Holiday::Fixed(2, 14),
        _ => return None,
    })
}

fn other_calendar_before(before: &str) -> bool {
    let word = super::word_before(before);
    [
        "chinese", "lunar", "jewish", "persian", "iranian", "orthodox",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w))
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 1] = [&HOLIDAY];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, one, t};
    use jiff::civil::date;

    #[test]
    fn holidays_are_the_nearest_occurrence_unless_qualified() {
        let january = Some(date(2000, 1, 7));
        assert_eq!(
            found("Elian was found Thanksgiving Day clinging to", january),
            vec![t("Thanksgiving Day", "DATE", "1999-11-25")]
        );
        assert_eq!(
            found("found at sea last Thanksgiving after", january),
            vec![t("last Thanksgiving", "DATE", "1999-11-25")]
        );
        let october = Some(date(1998, 10, 26));
        assert_eq!(
            found("from now to Election Day.", october)[1],
            t("Election Day", "DATE", "1998-11-03")
        );
        assert_eq!(
            found("by next Christmas", october),
            vec![t("next Christmas", "DATE", "1998-12-25")]
        );
        assert_eq!(
            found("on New Year's Eve", october),
            vec![t("New Year's Eve", "DATE", "1998-12-31")]
        );
    }

    #[test]
    fn holidays_with_a_year_or_without_a_dct() {
        assert_eq!(
            one("since Easter 1998,"),
            t("Easter 1998", "DATE", "1998-04-12")
        );
        assert_eq!(
            found("every Christmas Eve", None),
            vec![t("Christmas Eve", "DATE", "XXXX-12-24")]
        );
        assert!(found("the Chinese New Year", Some(date(2022, 1, 3))).is_empty());
    }
}
