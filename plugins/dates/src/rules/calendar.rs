//! Calendar dates written out: `November 11`, `Nov. 11, 2022`, `11 November 2022`,
//! `March 1990`, `in March`, `2014`, `2022-11-11`, decades (`the 1990s`), centuries.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::{compile, extent};
use crate::lexicon::{month_number, FULL_MONTH, MONTH};
use crate::normalize;
use crate::timex::{Timex, TimexType};

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH}))(?:,?\s+(?P<y>1\d{{3}}|20\d{{2}})\b)?"
    ))
});

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?P<m>{FULL_MONTH}|{MONTH})(?:\s+of)?,?\s+(?P<y>1\d{{3}}|20\d{{2}})\b"
    ))
});

/// A full month name on its own is a date only after a word that makes it one.
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?i:in|since|by|until|till|through|during|from|to|before|after|of|last|next|this|early|late|mid-?|end\s+of)\s+(?P<t>{FULL_MONTH})\b"
    ))
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\b(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"\b(?P<y>1[5-9]\d{2}|20\d{2})\b"));

static DECADE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?P<t>(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<c>1[5-9]|20)(?P<d>\d)0|'(?P<s>\d)0)'?s)\b",
    )
});

pub fn find(text: &str, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in MONTH_DAY.captures_iter(text) {
        let month = caps
            .name("m1")
            .or(caps.name("m2"))
            .and_then(|m| month_number(m.as_str()));
        let day = caps
            .name("d1")
            .or(caps.name("d2"))
            .and_then(|d| d.as_str().parse::<i8>().ok());
        let (Some(month), Some(day)) = (month, day) else {
            continue;
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        let value = match caps.name("y") {
            Some(year) => format!("{}-{month:02}-{day:02}", year.as_str()),
            None => normalize::month_day(dct, month, day),
        };
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
    for caps in MONTH_YEAR.captures_iter(text) {
        let Some(month) = month_number(&caps["m"]) else {
            continue;
        };
        let value = format!("{}-{month:02}", &caps["y"]);
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
    for caps in MONTH_ALONE.captures_iter(text) {
        let Some(month) = month_number(&caps["t"]) else {
            continue;
        };
        out.push(Timex::new(
            extent(&caps),
            TimexType::Date,
            normalize::month_of_dct_year(dct, month),
        ));
    }
    for caps in ISO_DATE.captures_iter(text) {
        let value = format!("{}-{}-{}", &caps["y"], &caps["m"], &caps["d"]);
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
    }
    for caps in YEAR.captures_iter(text) {
        let m = caps.get(0).expect("group 0");
        if !looks_like_a_year(text, m.start(), m.end()) {
            continue;
        }
        out.push(Timex::new(extent(&caps), TimexType::Date, m.as_str()));
    }
    for caps in DECADE.captures_iter(text) {
        let value = match (caps.name("c"), caps.name("d"), caps.name("s")) {
            (Some(century), Some(decade), _) => format!("{}{}", century.as_str(), decade.as_str()),
            (_, _, Some(decade)) => format!("19{}", decade.as_str()),
            _ => continue,
        };
        out.push(Timex::new(extent(&caps), TimexType::Date, value));
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
    if matches!(after, Some('%' | ',')) && text[end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if matches!(after, Some('%')) {
        return false;
    }
    let next_word = text[end..]
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
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
            one("by Nov. 3, 1990, the"),
            t("Nov. 3, 1990", "DATE", "1990-11-03")
        );
    }

    #[test]
    fn months_and_years() {
        assert_eq!(one("in March 1990."), t("March 1990", "DATE", "1990-03"));
        assert_eq!(one("since March the"), t("March", "DATE", "2022-03"));
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
    fn decades() {
        assert_eq!(one("in the 1990s"), t("the 1990s", "DATE", "199"));
        assert_eq!(
            one("since the late 1970s."),
            t("the late 1970s", "DATE", "197")
        );
    }

    #[test]
    fn numbers_that_are_not_years() {
        assert!(found("It cost $2000 and 1999% and 2014 troops", DCT).is_empty());
        assert!(found("May we go? He may.", DCT).is_empty());
    }
}
