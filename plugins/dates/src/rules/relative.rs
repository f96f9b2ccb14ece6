//! Dates relative to the document date: `today`, `yesterday`, `now`, `recently`,
//! weekdays (`Friday`, `last Tuesday`), `last week`, `this year`, `two years ago`,
//! `earlier this month`.

use std::sync::LazyLock;

use jiff::civil::Date;
use quarry_core::Span;
use quarry_text::{ceil_char_boundary, sentence_end, sentence_start};
use regex::Regex;

use super::triggers::{
    unit, Rule, Scan, AFTER, BEFORE, DEICTIC_WORDS, DEMONSTRATIVES, DIRECTION_WORDS, OFFSET_WORDS,
    SEASONS, WEEKDAYS, YEAR_AGO_WORDS,
};
use super::{compile, extent, windowed, Step};
use crate::lexicon::{count_value, quarter_number, unit_code, weekday_number, COUNT, WEEKDAY};
use crate::normalize::{self, Direction};
use crate::timex::{Timex, TimexType};

static DEICTIC: Rule = Rule::new(DEICTIC_WORDS, || {
    windowed(
        r"(?-u:\b)(?:(?:(?i:late|early)\s+)?(?i:today|yesterday|tomorrow)|(?i:now|currently|nowadays|at\s+present|recently|lately|the\s+past|the\s+future|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|the\s+(?:near|short)\s+term|a\s+later\s+date)|(?P<current>(?i:current))\s+(?P<noun>[A-Za-z]+))(?-u:\b)",
    )
})
// The longest context: `the day before` before `yesterday`; after `current`, a noun of any length.
.reaching(32, AFTER);

static WEEKDAY_NAME: Rule = Rule::new(WEEKDAYS, || {
    let weekday = &*WEEKDAY;
    windowed(&format!(
        r"(?-u:\b)(?:(?P<q>(?i:last|next|this\s+coming|this\s+past|this))\s+)?(?P<w>{weekday})(?-u:\b)"
    ))
})
// The longest context: `this coming` before the weekday, which ends the match.
.reaching(32, 8);

/// `last week`, `this year`, `earlier this month`; and the story's own time, `that year`,
/// `the following month`, `the next day` ([`crate::narrative`] resolves those against the
/// dates the story named before them; the DCT stands in until then).
static CALENDAR_UNIT: Rule = Rule::with_companions(
    unit::DAY
        .or(unit::WEEK)
        .or(unit::MONTH)
        .or(unit::YEAR)
        .or(unit::QUARTER)
        .or(unit::DECADE),
    DIRECTION_WORDS.or(DEMONSTRATIVES),
    || {
        windowed(
            r"(?-u:\b)(?P<t>(?:(?i:earlier|later|early|late|the\s+end\s+of|the\s+beginning\s+of)\s+)?(?:(?P<q>(?i:this|last|next|that|the\s+current|the\s+previous|the\s+prior|the\s+following|the\s+coming|the\s+same))\s+(?P<u>(?i:week|weekend|month|year|quarter|decade))|(?P<day_q>(?i:that|the\s+previous|the\s+prior|the\s+following|the\s+next|the\s+same))\s+(?P<day>(?i:day))))(?-u:\b)",
        )
    },
)
// The longest context: `the beginning of the following` before the unit, which ends the match.
.reaching(48, 16);

/// Periods a story names with "the", meaning the current or last one: `the quarter`,
/// `the latest quarter`, `the year`, `the full year`, `the weekend`, `the summer`, and
/// `year-end`; and `the year two thousand`.
static THE_PERIOD: Rule = Rule::new(
    unit::QUARTER.or(unit::YEAR).or(unit::WEEK).or(SEASONS),
    || {
        windowed(
            r"(?-u:\b)(?:(?i:the)\s+(?:(?i:latest|same|most\s+recent|(?P<full>full))\s+)?(?P<u>(?i:quarter|year|weekend|summer|winter|spring|fall|autumn))(?P<y2k>\s+(?i:two\s+thousand))?|(?P<end>(?i:year-end|year's\s+end|year\s+end)))(?-u:\b)",
        )
    },
)
// The longest context: `the most recent` before the unit, `two thousand` after it.
.reaching(32, 24);

/// `year-earlier`, `year-ago` as adjectives ("year-earlier results").
static YEAR_AGO: Rule = Rule::new(YEAR_AGO_WORDS, || {
    windowed(
        r"(?-u:\b)(?:(?i:the)\s+)?(?:(?i:comparable|corresponding)\s+)?(?i:year-earlier|year-ago|year-before)(?:\s+(?i:quarter|period|nine\s+months|six\s+months))?(?-u:\b)",
    )
});

static AGO: Rule = Rule::with_companions(
    unit::DAY
        .or(unit::WEEK)
        .or(unit::MONTH)
        .or(unit::YEAR)
        .or(unit::DECADE),
    OFFSET_WORDS,
    || {
        let count = &*COUNT;
        windowed(&format!(
            r"(?-u:\b)(?P<t>(?:(?i:about|around|nearly|almost|some|more\s+than|only|just)\s+)?(?P<n>(?i:{count}))[\s-]+(?P<u>(?i:days?|weeks?|months?|years?|decades?))\s+(?P<dir>(?i:ago|earlier|before|later|from\s+now|hence)))(?-u:\b)"
        ))
    },
)
// The longest context: `from now` after the unit.
.reaching(BEFORE, 24);

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 6] = [
    find_deictic,
    find_weekday_name,
    find_calendar_unit,
    find_the_period,
    find_year_ago,
    find_ago,
];

fn find_deictic(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&DEICTIC) {
        // "the current system": the adjective alone, as TimeBank tags it; "the current
        // year" is a calendar unit's, "current fiscal year" too long a stretch to guess.
        let m = match (caps.name("current"), caps.name("noun")) {
            (Some(_), Some(noun)) if !names_a_period(noun.as_str()) => {
                caps.name("current").expect("matched")
            }
            (Some(_), _) => continue,
            _ => caps.get(0).expect("group 0"),
        };
        let lower = m.as_str().to_ascii_lowercase();
        let mut words: Vec<&str> = lower.split_whitespace().collect();
        // "late yesterday": the day, with the part of it as `mod`.
        let modifier = match words.first() {
            Some(&"late") => Some("END"),
            Some(&"early") => Some("START"),
            _ => None,
        };
        if modifier.is_some() {
            words.remove(0);
        }
        let value = match words.as_slice() {
            ["today"] => day_or_ref(dct, 0, "PRESENT_REF"),
            ["yesterday"] => day_or_ref(dct, -1, "PAST_REF"),
            ["tomorrow"] => day_or_ref(dct, 1, "FUTURE_REF"),
            ["the", "day", "before", "yesterday"] => day_or_ref(dct, -2, "PAST_REF"),
            ["the", "day", "after", "tomorrow"] => day_or_ref(dct, 2, "FUTURE_REF"),
            ["recently"] | ["lately"] | ["previously"] | ["the", "past"] => "PAST_REF".to_owned(),
            // "at the then current price"
            ["current"] if text[..m.start()].trim_end().ends_with(" then") => "PAST_REF".to_owned(),
            ["the", "future"] | ["the", _, "term"] | ["a", "later", "date"] => {
                "FUTURE_REF".to_owned()
            }
            _ => "PRESENT_REF".to_owned(),
        };
        out.push(Timex::new(super::span(&m), TimexType::Date, value).with_mod(modifier));
    }
}

fn find_weekday_name(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&WEEKDAY_NAME) {
        let Some(weekday) = weekday_number(&caps["w"]) else {
            continue;
        };
        let direction = match caps.name("q").map(|q| q.as_str().to_ascii_lowercase()) {
            None => {
                let whole = caps.get(0).expect("group 0");
                super::bare_weekday_direction(text, whole.start(), whole.end())
            }
            Some(q) if q.starts_with("last") || q.ends_with("past") => Direction::Past,
            Some(q) if q == "this" => Direction::Nearest,
            Some(_) => Direction::Future,
        };
        out.push(Timex::new(
            extent(&caps),
            TimexType::Date,
            normalize::weekday(dct, weekday, direction),
        ));
    }
}

fn find_calendar_unit(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&CALENDAR_UNIT) {
        let (Some(qualifier), Some(unit)) = (
            caps.name("q").or(caps.name("day_q")),
            caps.name("u").or(caps.name("day")),
        ) else {
            continue;
        };
        let offset = normalize::direction_offset(qualifier.as_str());
        let unit = unit.as_str().to_ascii_lowercase();
        let code = match unit.as_str() {
            "day" => "D",
            "week" => "W",
            "weekend" => "WE",
            "month" => "M",
            "quarter" => "Q",
            "decade" => "DE",
            _ => "Y",
        };
        let value = if code == "WE" {
            normalize::unit_offset(dct, "W", offset).map(|w| format!("{w}-WE"))
        } else {
            normalize::unit_offset(dct, code, offset)
        };
        let value = value.unwrap_or_else(|| placeholder(code));
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn find_the_period(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&THE_PERIOD) {
        let Some(dct) = dct else { continue };
        let value = if caps.name("end").is_some() {
            format!("{:04}-12-31", dct.year())
        } else if caps.name("y2k").is_some() {
            "2000".to_owned() // "the year two thousand", as broadcasts say it
        } else if caps.name("full").is_some() {
            format!("{:04}", dct.year()) // "sales for the full year": this year's
        } else {
            match caps["u"].to_ascii_lowercase().as_str() {
                "quarter" => {
                    let (year, q) = normalize::reported_quarter(dct);
                    normalize::quarter(year, q)
                }
                // "net income for the year": the length of a fiscal year.
                "year" if follows_for(text, caps.get(0).map_or(0, |m| m.start())) => {
                    "P1Y".to_owned()
                }
                "year" => format!("{:04}", dct.year()),
                "weekend" => normalize::last_weekend(dct),
                season => normalize::last_season(dct, season),
            }
        };
        let kind = if value.starts_with('P') {
            TimexType::Duration
        } else {
            TimexType::Date
        };
        out.push(Timex::new(
            super::span(&caps.get(0).expect("group 0")),
            kind,
            value,
        ));
    }
}

fn find_year_ago(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for m in scan.find(&YEAR_AGO) {
        let span = super::span(&m);
        let value = if let Some(quarter) = quarter_in_topic(text, span, dct) {
            Some(quarter_years_from(quarter, -1))
        } else {
            normalize::unit_offset(dct, "Y", -1)
        };
        let value = value.unwrap_or_else(|| "PAST_REF".into());
        out.push(Timex::new(span, TimexType::Date, value));
    }
}

fn find_ago(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&AGO) {
        let (code, _, multiplier) = unit_code(&caps["u"]);
        let direction = caps["dir"].to_ascii_lowercase();
        let sign = if direction == "ago" || direction == "earlier" || direction == "before" {
            -1
        } else {
            1
        };
        let value = match count_value(&caps["n"]) {
            Some(n) => {
                let offset = sign * n as i64 * i64::from(multiplier);
                let span = extent(&caps);
                match code {
                    "D" => normalize::unit_offset(dct, "D", offset),
                    "W" => normalize::unit_offset(dct, "W", offset),
                    "M" => normalize::unit_offset(dct, "M", offset),
                    _ if multiplier == 1 => match quarter_in_topic(text, span, dct) {
                        Some(quarter) => Some(quarter_years_from(quarter, offset)),
                        None => normalize::unit_offset(dct, "Y", offset),
                    },
                    _ => normalize::unit_offset(dct, "Y", offset),
                }
            }
            None => None,
        };
        let value =
            value.unwrap_or_else(|| if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.into());
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn names_a_period(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let singular = lower.trim_end_matches('s');
    [
        "fiscal", "year", "quarter", "month", "week", "period", "day", "decade", "century", "term",
        "season",
    ]
    .contains(&singular)
}

/// How far back a mention of quarters still sets the topic (about two sentences).
const QUARTER_TOPIC_WINDOW: usize = 300;

/// A quarter named in a report: `fourth-quarter`, `the fiscal-first quarter`.
static NAMED_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter",
    )
});

/// The quarter the text around `span` is about, when it is about quarters
/// ("fourth-quarter net income rose 5% from a year earlier"): then "a year ago" is the
/// year-ago quarter. It is the last quarter named before `span`, else the one reported at
/// the DCT; `None` when the passage is not about quarters or there is no DCT.
fn quarter_in_topic(text: &str, span: Span, dct: Option<Date>) -> Option<(i16, i8)> {
    let start = ceil_char_boundary(
        text,
        sentence_start(text, span.start.saturating_sub(QUARTER_TOPIC_WINDOW)),
    );
    let end = sentence_end(text, span.end);
    if !text[start..end].to_ascii_lowercase().contains("quarter") {
        return None;
    }
    let (year, reported) = normalize::reported_quarter(dct?);
    let named = NAMED_QUARTER
        .captures_iter(&text[start..span.start])
        .last()
        .and_then(|caps| quarter_number(&caps["q"]));
    Some((year, named.unwrap_or(reported)))
}

/// A quarter `years` years away.
fn quarter_years_from((year, q): (i16, i8), years: i64) -> String {
    normalize::quarter(year + years as i16, q)
}

fn follows_for(text: &str, at: usize) -> bool {
    let word = super::word_before(&text[..at]);
    ["for", "during", "throughout", "over"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

fn day_or_ref(dct: Option<Date>, days: i64, fallback: &str) -> String {
    normalize::days_from(dct, days)
        .map(normalize::day)
        .unwrap_or_else(|| fallback.to_owned())
}

fn placeholder(code: &str) -> String {
    match code {
        "D" => "XXXX-XX-XX".into(),
        "W" => "XXXX-WXX".into(),
        "WE" => "XXXX-WXX-WE".into(),
        "M" => "XXXX-XX".into(),
        "Q" => "XXXX-QX".into(),
        "DE" => "XXX".into(),
        _ => "XXXX".into(),
    }
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 6] = [
    &DEICTIC,
    &WEEKDAY_NAME,
    &CALENDAR_UNIT,
    &THE_PERIOD,
    &YEAR_AGO,
    &AGO,
];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, one, t, DCT};

    #[test]
    fn offsets_past_the_calendar_keep_their_text_and_the_other_dates() {
        for far in [
            "7304485 days ago",
            "2000000 weeks ago",
            "300000 months ago",
            "9223372036854775807 years ago",
            "in 300000 quarters",
        ] {
            let text = format!("It began {far}, he said on Monday.");
            let all = found(&text, DCT);
            assert!(
                all.contains(&t("Monday", "DATE", "2022-11-07")),
                "{far}: {all:?}"
            );
        }
    }

    #[test]
    fn deictic_words() {
        assert_eq!(one("Today we have"), t("Today", "DATE", "2022-11-11"));
        assert_eq!(
            one("it said yesterday"),
            t("yesterday", "DATE", "2022-11-10")
        );
        assert_eq!(one("happening now has"), t("now", "DATE", "PRESENT_REF"));
        assert_eq!(one("he recently said"), t("recently", "DATE", "PAST_REF"));
        assert_eq!(
            one("some holders in the short term."),
            t("the short term", "DATE", "FUTURE_REF")
        );
        assert_eq!(
            one("offerings at a later date."),
            t("a later date", "DATE", "FUTURE_REF")
        );
        assert!(found("long-term debt and short-term costs", DCT).is_empty());
        assert_eq!(
            one("up from the current four flights"),
            t("current", "DATE", "PRESENT_REF")
        );
        assert!(found("in the current fiscal year, a strong current", DCT).is_empty());
        assert_eq!(
            one("at the then current market price"),
            t("current", "DATE", "PAST_REF")
        );
        assert_eq!(
            one("said late yesterday"),
            t("late yesterday", "DATE", "2022-11-10")
        );
        assert_eq!(
            found("Today", None),
            vec![t("Today", "DATE", "PRESENT_REF")]
        );
    }

    #[test]
    fn weekdays() {
        assert_eq!(
            one("said on Wednesday that"),
            t("Wednesday", "DATE", "2022-11-09")
        );
        assert_eq!(one("last Friday"), t("last Friday", "DATE", "2022-11-04"));
        assert_eq!(one("next Monday"), t("next Monday", "DATE", "2022-11-14"));
        assert_eq!(
            one("They will meet Tuesday."),
            t("Tuesday", "DATE", "2022-11-15")
        );
        assert_eq!(
            one("He could arrive as soon as Monday."),
            t("Monday", "DATE", "2022-11-14")
        );
        assert_eq!(
            one("On Tuesday, the league plans to hold a news conference."),
            t("Tuesday", "DATE", "2022-11-15")
        );
        assert_eq!(
            one("On Tuesday, officials said they will appeal."),
            t("Tuesday", "DATE", "2022-11-08")
        );
        assert_eq!(
            one("Up until Friday, however, they had described him"),
            t("Friday", "DATE", "2022-11-11")
        );
        assert_eq!(
            one("killed in the blasts next to the embassies on Tuesday."),
            t("Tuesday", "DATE", "2022-11-08")
        );
        assert_eq!(
            one("They met Tuesday. Talks will go on."),
            t("Tuesday", "DATE", "2022-11-08")
        );
    }

    #[test]
    fn calendar_units() {
        assert_eq!(one("last week"), t("last week", "DATE", "2022-W44"));
        assert_eq!(
            one("earlier this month"),
            t("earlier this month", "DATE", "2022-11")
        );
        assert_eq!(one("next year"), t("next year", "DATE", "2023"));
        assert_eq!(one("last quarter"), t("last quarter", "DATE", "2022-Q3"));
    }

    #[test]
    fn a_year_ago_in_a_quarterly_report_is_the_year_ago_quarter() {
        assert_eq!(
            one("Profit rose 12% in the period from a year ago."),
            t("a year ago", "DATE", "2021")
        );
        assert_eq!(
            found("Third-quarter profit rose 12% from a year earlier.", DCT)[1],
            t("a year earlier", "DATE", "2021-Q3")
        );
        assert_eq!(
            found(
                "Net fell in the fiscal-first quarter ended Sept. 30 from a year ago.",
                DCT
            )
            .last(),
            Some(&t("a year ago", "DATE", "2021-Q1"))
        );
        assert_eq!(
            one("compared with year-earlier sales"),
            t("year-earlier", "DATE", "2021")
        );
        assert_eq!(
            one("up from the year-ago quarter."),
            t("the year-ago quarter", "DATE", "2021-Q3")
        );
    }

    #[test]
    fn periods_named_with_the() {
        assert_eq!(
            one("Net income for the quarter fell."),
            t("the quarter", "DATE", "2022-Q3")
        );
        assert_eq!(
            one("Net income for the year fell."),
            t("the year", "DURATION", "P1Y")
        );
        assert_eq!(
            one("It was the best result of the year."),
            t("the year", "DATE", "2022")
        );
        assert_eq!(
            one("over the weekend, lawyers said"),
            t("the weekend", "DATE", "2022-W44-WE")
        );
        assert_eq!(
            one("Sales for the full year were $6.6 billion"),
            t("the full year", "DATE", "2022")
        );
        assert_eq!(
            one("problems in the year two thousand."),
            t("the year two thousand", "DATE", "2000")
        );
        assert_eq!(
            one("a plan to sell it by year-end."),
            t("year-end", "DATE", "2022-12-31")
        );
        assert_eq!(
            one("problems during the summer"),
            t("the summer", "DATE", "2022-SU")
        );
    }

    #[test]
    fn offsets_from_the_dct() {
        assert_eq!(one("two years ago"), t("two years ago", "DATE", "2020"));
        assert_eq!(one("two decades ago"), t("two decades ago", "DATE", "2002"));
        assert_eq!(one("10 days ago"), t("10 days ago", "DATE", "2022-11-01"));
        assert_eq!(
            one("five months ago"),
            t("five months ago", "DATE", "2022-06")
        );
        assert_eq!(
            one("several years ago"),
            t("several years ago", "DATE", "PAST_REF")
        );
    }
}
