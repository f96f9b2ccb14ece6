//! Calendar dates written out: `November 11`, `Nov. 11, 2022`, `11 November 2022`,
//! `March 1990`, `in March`, `2014`, `2022-11-11`, decades (`the 1990s`), centuries.

use jiff::civil::Date;

use super::triggers::{
    unit, Groups, Rule, Scan, AFTER, DECADES, HYPHENATED_YEARS, MONTHS, PERIODS, SEASONS,
    SPOKEN_YEARS, YEARS,
};
use super::{extent, windowed, Step};
use crate::lexicon::{
    day_ordinal, month_number, quarter_number, DAY_ORDINAL, FULL_MONTH, MONTH, WEEKDAY,
};
use crate::normalize::{self, WhichMonth};
use crate::timex::{Timex, TimexType};

static MONTH_DAY: Rule = Rule::new(MONTHS, || {
    let month_pattern = &*MONTH;
    let weekday = &*WEEKDAY;
    let ordinal_day = &*DAY_ORDINAL;
    windowed(&format!(
        r"(?-u:\b)(?:{weekday},?\s+)?(?:(?P<m1>{month_pattern})\s+(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dw>(?i:{ordinal_day})))(?-u:\b)|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month_pattern}))(?:,?\s+(?P<y>1\d{{3}}|20\d{{2}})(?-u:\b))?"
    ))
})
// The longest context: `Wednesday,` or `25th of` before the month.
.reaching(32, AFTER);

static MONTH_YEAR: Rule = Rule::with_companions(MONTHS, YEARS, || {
    let full_month = &*FULL_MONTH;
    let month_pattern = &*MONTH;
    windowed(&format!(
        r"(?-u:\b)(?P<m>{full_month}|{month_pattern})(?:\s+of)?,?\s+(?P<y>1[5-9]\d{{2}}|20\d{{2}})(?-u:\b)"
    ))
});

/// A full month name without a day or year: `October`, `last May`, `June last year`,
/// `early January`. "May" needs a qualifier or a preposition before it (it is also a verb).
static MONTH_ALONE: Rule = Rule::new(MONTHS, || {
    let full_month = &*FULL_MONTH;
    windowed(&format!(
        r"(?-u:\b)(?P<ctx>(?i:in|since|by|until|till|through|during|from|to|before|after|of|for)\s+)?(?P<t>(?:(?P<q>(?i:last|next|this|early|late|mid-?|the\s+(?:end|beginning|middle|start)\s+of))[\s-]*)?(?P<m>{full_month})(?:\s+(?P<rel>(?i:last|this|next))\s+year)?)(?-u:\b)"
    ))
})
// The longest context: `through the beginning of` before the month, `next year` after it.
.reaching(48, 32);

static QUARTER: Rule = Rule::new(unit::QUARTER, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:(?i:the)\s+)?(?:(?P<y1>1\d{3}|20\d{2})\s+)?(?:(?P<ago>(?i:year-earlier|year-ago|year-before))\s+)?(?:(?i:fiscal)[\s-]+)?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[\s-]+(?i:quarter)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y2>1\d{3}|20\d{2}))?)(?-u:\b)",
    )
});

/// Years said in words, as in broadcast transcripts: `nineteen ninety-six`.
/// `the 1988 quarter`, `the 1989 period`: a year's quarter in a quarterly report.
static YEAR_PERIOD: Rule = Rule::with_companions(YEARS, unit::QUARTER.or(PERIODS), || {
    windowed(r"(?-u:\b)(?i:the)\s+(?P<y>1\d{3}|20\d{2})\s+(?i:quarter|period)(?-u:\b)")
});

/// A year said in words, as groups `c` (the century) and `rest`: `nineteen ninety-six`.
const SPOKEN: &str = r"(?P<c>(?i:nineteen|twenty))[\s-]+(?P<rest>(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine)))";

static SPOKEN_YEAR: Rule = Rule::new(SPOKEN_YEARS, || {
    let full_month = &*FULL_MONTH;
    windowed(&format!(
        r"(?-u:\b)(?:(?P<m>{full_month})\s+)?{SPOKEN}(?-u:\b)"
    ))
});

static CENTURY: Rule = Rule::new(unit::CENTURY, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:(?i:the)\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-](?i:century))(?-u:\b)",
    )
});

static SEASON: Rule = Rule::new(SEASONS, || {
    windowed(&format!(
        r"(?-u:\b)(?P<t>(?:(?P<the>(?i:the))\s+)?(?:(?P<q>(?i:this\s+past|this|last|next|early|late))\s+)?(?P<s>(?i:summer|fall|autumn|winter|spring))(?:\s+(?i:of\s+)?(?:(?P<y>1\d{{3}}|20\d{{2}})|{SPOKEN}))?)(?-u:\b)"
    ))
});

static ISO_DATE: Rule = Rule::new(HYPHENATED_YEARS, || {
    windowed(
        r"(?-u:\b)(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?-u:\b)",
    )
});

static YEAR: Rule = Rule::new(YEARS, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:(?P<pos>(?i:mid-|fiscal\s+|early\s+|late\s+|the\s+end\s+of\s+|the\s+beginning\s+of\s+|the\s+middle\s+of\s+|the\s+start\s+of\s+)))?(?P<y>1[5-9]\d{2}|20\d{2}))(?-u:\b)",
    )
})
// The longest context: `the beginning of` before the year, which ends the match.
.reaching(32, 8);

static DECADE: Rule = Rule::new(DECADES, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?:(?P<c>1[5-9]|20)(?P<d>\d)0|'(?P<s>\d)0)'?s|(?P<w>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))))(?-u:\b)",
    )
});

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 11] = [
    find_month_day,
    find_month_year,
    find_month_alone,
    find_quarter,
    find_year_period,
    find_spoken_year,
    find_century,
    find_season,
    find_iso_date,
    find_year,
    find_decade,
];

fn find_month_day(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&MONTH_DAY) {
        let month = caps
            .name("m1")
            .or(caps.name("m2"))
            .and_then(|m| month_number(m.as_str()));
        let day = caps
            .name("d1")
            .or(caps.name("d2"))
            .and_then(|d| d.as_str().parse::<i8>().ok())
            .or_else(|| caps.name("dw").and_then(|d| day_ordinal(d.as_str())));
        let (Some(month), Some(day)) = (month, day) else {
            continue;
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        let value = match caps.name("y") {
            Some(year) => format!("{}-{month:02}-{day:02}", year.as_str()),
            None => normalize::month_day(dct, month, day, bare_month(text, &caps, false)),
        };
        let span = extent(&caps);
        // "late on November 10": the day, with the part of it as `mod` (TimeML keeps the
        // modifier outside the extent here).
        let modifier = part_of_day_before(&text[..span.start]);
        out.push(Timex::new(span, TimexType::Date, value).with_mod(modifier));
    }
}

fn find_month_year(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&MONTH_YEAR) {
        let Some(month) = month_number(&caps["m"]) else {
            continue;
        };
        let value = format!("{}-{month:02}", &caps["y"]);
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn find_month_alone(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&MONTH_ALONE) {
        let Some(month) = month_number(&caps["m"]) else {
            continue;
        };
        let qualifier = caps.name("q").map(|q| q.as_str().to_ascii_lowercase());
        if &caps["m"] == "May" && qualifier.is_none() && caps.name("ctx").is_none() {
            continue;
        }
        let after = &text[caps.get(0).map_or(0, |m| m.end())..];
        if &caps["m"] == "March" && names_a_march(after) {
            continue;
        }
        let which = match (caps.name("rel"), qualifier.as_deref()) {
            (Some(rel), _) => WhichMonth::YearOffset(relative_offset(rel.as_str())),
            (None, Some("last")) => WhichMonth::Last,
            (None, Some("next")) => WhichMonth::Next,
            (None, Some("this")) => WhichMonth::This,
            _ => bare_month(
                text,
                &caps,
                caps.name("ctx")
                    .is_some_and(|c| c.as_str().trim().eq_ignore_ascii_case("since")),
            ),
        };
        let modifier = qualifier.as_deref().and_then(position_mod);
        out.push(
            Timex::new(
                extent(&caps),
                TimexType::Date,
                normalize::month_without_year(dct, month, which),
            )
            .with_mod(modifier),
        );
    }
}

fn find_quarter(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&QUARTER) {
        let Some(q) = quarter_number(&caps["q"]) else {
            continue;
        };
        let year = caps
            .name("y1")
            .or(caps.name("y2"))
            .and_then(|y| y.as_str().parse().ok());
        let year_offset = if caps.name("ago").is_some() { -1 } else { 0 };
        let mut span = extent(&caps);
        let q_word = caps.name("q").expect("q is not optional");
        // "the third-quarter results": the adjective is the expression, the article is not.
        if text[q_word.end()..].starts_with('-')
            && caps.name("y1").is_none()
            && caps.name("ago").is_none()
        {
            span.start = q_word.start();
        }
        out.push(Timex::new(
            span,
            TimexType::Date,
            normalize::quarter_of(dct, year, q, year_offset),
        ));
    }
}

fn find_year_period(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&YEAR_PERIOD) {
        let year: Option<i16> = caps["y"].parse().ok();
        let reported = dct.map_or(1, |d| normalize::reported_quarter(d).1);
        let value = normalize::quarter_of(dct, year, reported, 0);
        out.push(Timex::new(
            super::span(&caps.get(0).expect("group 0")),
            TimexType::Date,
            value,
        ));
    }
}

fn find_spoken_year(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&SPOKEN_YEAR) {
        let Some(year) = spoken_year(&caps) else {
            continue;
        };
        let value = match caps.name("m").and_then(|m| month_number(m.as_str())) {
            Some(month) => format!("{year:04}-{month:02}"),
            None => format!("{year:04}"),
        };
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn find_century(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&CENTURY) {
        let Ok(n) = caps["n"].parse::<u32>() else {
            continue;
        };
        if n == 0 {
            continue;
        }
        out.push(Timex::new(
            extent(&caps),
            TimexType::Date,
            format!("{:02}", n - 1),
        ));
    }
}

fn find_season(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&SEASON) {
        let code = match caps["s"].to_ascii_lowercase().as_str() {
            "summer" => "SU",
            "fall" | "autumn" => "FA",
            "winter" => "WI",
            _ => "SP",
        };
        let value = if let Some(year) = caps.name("y") {
            format!("{}-{code}", year.as_str())
        } else if let Some(year) = spoken_year(&caps) {
            format!("{year:04}-{code}") // "the winter of nineteen ninety-four"
        } else {
            let qualifier = caps.name("q").map(|q| q.as_str().to_ascii_lowercase());
            let the = caps.name("the").is_some();
            match (qualifier.as_deref(), dct) {
                // "this past spring", "the early summer": the last one that has begun.
                (Some(q), Some(dct)) if q.starts_with("this") && q.ends_with("past") => {
                    normalize::last_season(dct, &caps["s"].to_ascii_lowercase())
                }
                (Some("early" | "late"), Some(dct)) if the => {
                    normalize::last_season(dct, &caps["s"].to_ascii_lowercase())
                }
                (Some("last"), _) => normalize::season(dct, code, -1),
                (Some("next"), _) => normalize::season(dct, code, 1),
                (Some("this"), _) => normalize::season(dct, code, 0),
                _ => continue, // a bare "spring" is too often not a date
            }
        };
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn find_iso_date(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&ISO_DATE) {
        let value = format!("{}-{}-{}", &caps["y"], &caps["m"], &caps["d"]);
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

fn find_year(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&YEAR) {
        let span = extent(&caps);
        if !looks_like_a_year(text, span.start, span.end) {
            continue;
        }
        let modifier = caps.name("pos").and_then(|p| position_mod(p.as_str()));
        out.push(Timex::new(span, TimexType::Date, &caps["y"]).with_mod(modifier));
    }
}

fn find_decade(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&DECADE) {
        let value = match (
            caps.name("c"),
            caps.name("d"),
            caps.name("s"),
            caps.name("w"),
        ) {
            (Some(century), Some(decade), _, _) => {
                format!("{}{}", century.as_str(), decade.as_str())
            }
            (_, _, Some(decade), _) => format!("19{}", decade.as_str()),
            (_, _, _, Some(word)) => match decade_of_word(word.as_str()) {
                Some(decade) => normalize::decade_named(dct, decade),
                None => continue,
            },
            _ => continue,
        };
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
}

/// The year of a [`SPOKEN`] match, when the pattern's groups `c` and `rest` are there.
fn spoken_year(caps: &Groups) -> Option<i64> {
    let century = if caps.name("c")?.as_str().eq_ignore_ascii_case("nineteen") {
        19
    } else {
        20
    };
    let rest = caps
        .name("rest")?
        .as_str()
        .to_ascii_lowercase()
        .replace("oh", "");
    let within = quarry_numbers::parse(&rest).and_then(|a| a.exact())?;
    Some(century * 100 + within as i64)
}

/// `nineties` → 9.
fn decade_of_word(word: &str) -> Option<i16> {
    let names = [
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ];
    let lower = word.to_ascii_lowercase();
    names.iter().position(|n| *n == lower).map(|i| i as i16 + 2)
}

/// `the March for Life`, `the March of the Combatant Mothers`, `a March on Washington`:
/// the name of a march, when a preposition and a capitalized name follow.
fn names_a_march(after: &str) -> bool {
    let mut words = after.split_whitespace();
    let preposition = words.next().unwrap_or("");
    let next = match words.next() {
        Some(word) if word.eq_ignore_ascii_case("the") => words.next(),
        word => word,
    };
    ["for", "of", "on", "against"].contains(&preposition)
        && next.is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// Which month a month name without a year means, from the words before it in its
/// sentence: a future tense (`will`, `is scheduled to`) looks ahead; `since` looks back.
fn bare_month(text: &str, caps: &Groups, looking_back: bool) -> WhichMonth {
    let start = caps.get(0).map_or(0, |m| m.start());
    if !looking_back && super::looks_ahead(text, start, super::MONTH_AHEAD_REACH) {
        WhichMonth::Coming
    } else {
        WhichMonth::Bare { looking_back }
    }
}

/// `late on`, `early on`, `late`, `early` right before a date.
fn part_of_day_before(before: &str) -> Option<&'static str> {
    let before = before.trim_end();
    let before = before
        .strip_suffix("on")
        .filter(|b| b.ends_with(char::is_whitespace))
        .unwrap_or(before);
    match super::word_before(before).to_ascii_lowercase().as_str() {
        "late" => Some("END"),
        "early" => Some("START"),
        _ => None,
    }
}

/// TIMEX3 `mod` for a position inside a period: `early 1990`, `the end of March`.
fn position_mod(words: &str) -> Option<&'static str> {
    let lower = words.trim().to_ascii_lowercase();
    if lower.starts_with("mid") || lower.contains("middle") {
        Some("MID")
    } else if lower.starts_with("early") || lower.contains("beginning") || lower.contains("start") {
        Some("START")
    } else if lower.starts_with("late") || lower.contains("end") {
        Some("END")
    } else {
        None
    }
}

fn relative_offset(word: &str) -> i16 {
    match word.to_ascii_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    }
}

/// Four digits are a year unless they are money, a measure, part of a bigger number or a
/// range of numbers.
fn looks_like_a_year(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if matches!(before, Some('$' | '£' | '€' | '#' | '.' | ',')) {
        return false;
    }
    // `150,000`, `2082.1`: part of a bigger number.
    if matches!(after, Some(',' | '.')) && text[end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if matches!(after, Some('%')) {
        return false;
    }
    let next_word = super::word_after(&text[end..]).to_ascii_lowercase();
    !matches!(
        next_word.as_str(),
        "people"
            | "troops"
            | "soldiers"
            | "percent"
            | "points"
            | "dollars"
            | "euros"
            | "km"
            | "miles"
            | "meters"
            | "feet"
            | "tons"
            | "hours"
            | "gmt"
            | "utc"
            | "residents"
            | "homes"
            | "houses"
    )
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 11] = [
    &MONTH_DAY,
    &MONTH_YEAR,
    &MONTH_ALONE,
    &QUARTER,
    &YEAR_PERIOD,
    &SPOKEN_YEAR,
    &CENTURY,
    &SEASON,
    &ISO_DATE,
    &YEAR,
    &DECADE,
];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, one, t, DCT};

    #[test]
    fn month_and_day_take_the_dct_year() {
        assert_eq!(
            one("said on November 11, as"),
            t("November 11", "DATE", "2022-11-11")
        );
        assert_eq!(
            one("on 10 November"),
            t("10 November", "DATE", "2022-11-10")
        );
        assert_eq!(
            one("Women's Day is this coming Sunday, March eighth. A focus"),
            t("Sunday, March eighth", "DATE", "2023-03-08")
        );
        assert_eq!(
            one("on May twenty-first"),
            t("May twenty-first", "DATE", "2022-05-21")
        );
        assert_eq!(
            one("by Nov. 3, 1990, the"),
            t("Nov. 3, 1990", "DATE", "1990-11-03")
        );
    }

    #[test]
    fn a_no_break_space_still_separates_the_words_of_a_date() {
        assert_eq!(
            one("on November\u{a0}11,\u{a0}2022 the"),
            t("November\u{a0}11,\u{a0}2022", "DATE", "2022-11-11")
        );
        assert_eq!(
            one("the\u{a0}past three\u{202f}weeks"),
            t("the\u{a0}past three\u{202f}weeks", "DURATION", "P3W")
        );
    }

    #[test]
    fn a_march_is_not_always_the_month() {
        assert!(found(
            "protesters at the annual March for Life on Capitol Hill",
            DCT
        )
        .is_empty());
        assert!(found(
            "at the head of the ``March of the Combatant Mothers,''",
            DCT
        )
        .is_empty());
        assert_eq!(one("since March of last"), t("March", "DATE", "2022-03"));
    }

    #[test]
    fn months_and_years() {
        assert_eq!(one("in March 1990."), t("March 1990", "DATE", "1990-03"));
        assert_eq!(one("since March the"), t("March", "DATE", "2022-03"));
        assert_eq!(one("last June"), t("last June", "DATE", "2022-06"));
        assert_eq!(
            one("the figures for January"),
            t("January", "DATE", "2023-01")
        );
        assert_eq!(one("signed last May."), t("last May", "DATE", "2022-05"));
        assert_eq!(
            one("But in June last year, the"),
            t("June last year", "DATE", "2021-06")
        );
        assert_eq!(
            one("the figures for January extended"),
            t("January", "DATE", "2023-01")
        );
        assert_eq!(one("It happened in June."), t("June", "DATE", "2022-06"));
        assert_eq!(
            one("Collins will be named commander of the shuttle for a mission in June."),
            t("June", "DATE", "2023-06")
        );
        assert_eq!(
            one("flights will leave Bombay from June 6"),
            t("June 6", "DATE", "2023-06-06")
        );
        assert_eq!(
            one("Crimea, which Moscow seized in 2014."),
            t("2014", "DATE", "2014")
        );
        assert_eq!(
            one("on 2022-11-10 at"),
            t("2022-11-10", "DATE", "2022-11-10")
        );
    }

    #[test]
    fn positions_and_fiscal_years_belong_to_the_expression() {
        assert_eq!(
            one("profit in fiscal 1989 rose"),
            t("fiscal 1989", "DATE", "1989")
        );
        assert_eq!(
            one("by the end of 1990."),
            t("the end of 1990", "DATE", "1990")
        );
        assert_eq!(one("in early 1991"), t("early 1991", "DATE", "1991"));
        assert_eq!(
            one("since the beginning of October"),
            t("the beginning of October", "DATE", "2022-10")
        );
    }

    #[test]
    fn late_on_a_day_is_a_modifier_outside_the_extent() {
        let found = crate::find_timexes(
            "officials said late on November 10.",
            super::super::test_support::DCT,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, "2022-11-10");
        assert_eq!(found[0].modifier, Some("END"));
        assert_eq!(found[0].span.len(), "November 10".len());
    }

    #[test]
    fn quarters_in_reports() {
        assert_eq!(
            one("the third-quarter results"),
            t("third-quarter", "DATE", "2022-Q3")
        );
        assert_eq!(
            one("compared with the 1988 quarter."),
            t("the 1988 quarter", "DATE", "1988-Q3")
        );
    }

    #[test]
    fn decades() {
        assert_eq!(one("in the 1990s"), t("the 1990s", "DATE", "199"));
        assert_eq!(
            one("since the late 1970s."),
            t("the late 1970s", "DATE", "197")
        );
        assert_eq!(
            one("dropping through the nineties, uh"),
            t("the nineties", "DATE", "199")
        );
        assert_eq!(
            one("back in the twenties"),
            t("the twenties", "DATE", "202")
        );
    }

    #[test]
    fn quarters_spoken_years_centuries_and_seasons() {
        assert_eq!(
            one("profits for the fourth quarter."),
            t("the fourth quarter", "DATE", "2022-Q4")
        );
        assert_eq!(
            one("the year-ago third quarter"),
            t("the year-ago third quarter", "DATE", "2021-Q3")
        );
        assert_eq!(
            one("third-quarter profit"),
            t("third-quarter", "DATE", "2022-Q3")
        );
        assert_eq!(
            one("the first quarter of 1990"),
            t("the first quarter of 1990", "DATE", "1990-Q1")
        );
        assert_eq!(
            one("In nineteen ninety-one Keating"),
            t("nineteen ninety-one", "DATE", "1991")
        );
        assert_eq!(
            one("January nineteen ninety-seven."),
            t("January nineteen ninety-seven", "DATE", "1997-01")
        );
        assert_eq!(
            one("a 20th century democrat"),
            t("20th century", "DATE", "19")
        );
        assert_eq!(one("killed last fall"), t("last fall", "DATE", "2021-FA"));
        assert_eq!(
            one("protests this summer."),
            t("this summer", "DATE", "2022-SU")
        );
        assert_eq!(
            one("the level we saw in the winter of nineteen ninety-four."),
            t("the winter of nineteen ninety-four", "DATE", "1994-WI")
        );
        assert_eq!(
            one("the business this past spring, those"),
            t("this past spring", "DATE", "2022-SP")
        );
        assert_eq!(
            one("from the low levels of the early summer,"),
            t("the early summer", "DATE", "2022-SU")
        );
    }

    #[test]
    fn numbers_that_are_not_years() {
        assert!(found("It cost $2000 and 1999% and 2014 troops", DCT).is_empty());
        assert!(found("May we go? He may.", DCT).is_empty());
    }
}
