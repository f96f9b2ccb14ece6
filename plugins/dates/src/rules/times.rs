//! Times of day: clock times (`10 a.m.`, `14:30`, `4 in the morning`), `noon`, `midday`,
//! `midnight`, and parts of days (`this morning`, `tonight`, `last night`, `Friday evening`,
//! `overnight`).

use jiff::civil::Date;

use super::triggers::{Rule, Scan, CLOCK_MARKS, PARTS_OF_DAY};
use super::{extent, windowed, Step};
use crate::lexicon::{part_of_day, weekday_number, WEEKDAY};
use crate::normalize::{self, Direction};
use crate::timex::{Timex, TimexType};

static CLOCK: Rule = Rule::new(CLOCK_MARKS, || {
    let weekday = &*WEEKDAY;
    windowed(&format!(
        r"(?:(?-u:\b)(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|am(?-u:\b)|pm(?-u:\b)))|(?-u:\b)(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?-u:\b)|(?-u:\b)(?P<word>noon|midnight|midday)(?-u:\b))(?:\s+(?:EDT|EST|CDT|CST|PDT|PST|GMT|UTC|(?i:local\s+time)))?(?:,?\s+(?:(?i:on)\s+)?(?P<wd>{weekday})(?-u:\b))?"
    ))
});

static PART_OF_DAY: Rule = Rule::new(PARTS_OF_DAY, || {
    let weekday = &*WEEKDAY;
    windowed(&format!(
        r"(?-u:\b)(?P<t>(?P<q>(?i:this|last|yesterday|tomorrow|{weekday}))\s+(?P<p>(?i:morning|afternoon|evening|night)))(?-u:\b)|(?-u:\b)(?P<single>(?i:tonight|overnight))(?-u:\b)|(?-u:\b)(?P<clock>(?P<h>1[0-2]|0?[1-9])\s+(?i:in\s+the)\s+(?P<half>(?i:morning|afternoon|evening)))(?-u:\b)|(?-u:\b)(?P<mid>(?i:mid)[\s-]?(?P<mid_part>(?i:morning|afternoon))(?:\s+(?P<mid_day>(?i:yesterday|today|tomorrow)))?)(?-u:\b)"
    ))
});

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 2] = [find_clock, find_part_of_day];

fn find_clock(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&CLOCK) {
        let (hour, minute) = if let Some(word) = caps.name("word") {
            if word.as_str() == "midnight" {
                (24, 0)
            } else {
                (12, 0)
            }
        } else if let Some(h) = caps.name("h24") {
            let minute = caps
                .name("m24")
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0);
            (h.as_str().parse().unwrap_or(0), minute)
        } else {
            let hour: u32 = caps
                .name("h")
                .and_then(|h| h.as_str().parse().ok())
                .unwrap_or(0);
            let minute: u32 = caps
                .name("m")
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0);
            let pm = caps
                .name("ap")
                .is_some_and(|a| a.as_str().to_ascii_lowercase().starts_with('p'));
            let hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            (hour, minute)
        };
        let day = match caps.name("wd").and_then(|w| weekday_number(w.as_str())) {
            Some(weekday) => normalize::weekday(
                dct,
                weekday,
                super::bare_weekday_direction(
                    text,
                    caps.get(0).map_or(0, |m| m.start()),
                    caps.get(0).map_or(0, |m| m.end()),
                ),
            ),
            None => dct
                .map(normalize::day)
                .unwrap_or_else(|| "XXXX-XX-XX".into()),
        };
        let value = format!("{day}T{hour:02}:{minute:02}");
        out.push(Timex::new(extent(&caps), TimexType::Time, value));
    }
}

fn find_part_of_day(scan: &Scan, dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&PART_OF_DAY) {
        if let Some(single) = caps.name("single") {
            let word = single.as_str().to_ascii_lowercase();
            // "Overnight" in a news report is the night before it was filed.
            let offset = if word == "overnight" { -1 } else { 0 };
            let value = format!("{}TNI", day_at(dct, offset));
            out.push(Timex::new(super::span(&single), TimexType::Time, value));
            continue;
        }
        if let (Some(mid), Some(part)) = (caps.name("mid"), caps.name("mid_part")) {
            // "by mid-afternoon", "at mid-morning yesterday": the middle of that part of
            // the day (the DCT's unless a day is named).
            let offset = match caps
                .name("mid_day")
                .map(|d| d.as_str().to_ascii_lowercase())
            {
                Some(day) if day == "yesterday" => -1,
                Some(day) if day == "tomorrow" => 1,
                _ => 0,
            };
            let Some(code) = part_of_day(part.as_str()) else {
                continue;
            };
            let value = format!("{}T{code}", day_at(dct, offset));
            out.push(Timex::new(super::span(&mid), TimexType::Time, value).with_mod(Some("MID")));
            continue;
        }
        if let Some(clock) = caps.name("clock") {
            // "at 4 in the morning": a clock time with its half of the day in words.
            let hour: u32 = caps["h"].parse().unwrap_or(0);
            let afternoon = !caps["half"].eq_ignore_ascii_case("morning");
            let hour = match (hour, afternoon) {
                (12, false) => 0,
                (h, true) if h < 12 => h + 12,
                (h, _) => h,
            };
            let value = format!("{}T{hour:02}:00", day_at(dct, 0));
            out.push(Timex::new(super::span(&clock), TimexType::Time, value));
            continue;
        }
        let Some(part) = part_of_day(&caps["p"]) else {
            continue;
        };
        let qualifier = caps["q"].to_ascii_lowercase();
        let day = match qualifier.as_str() {
            "this" => day_at(dct, 0),
            "last" if part == "NI" => day_at(dct, -1),
            "last" | "yesterday" => day_at(dct, -1),
            "tomorrow" => day_at(dct, 1),
            weekday => match weekday_number(weekday) {
                Some(n) => normalize::weekday(dct, n, Direction::Nearest),
                None => continue,
            },
        };
        out.push(Timex::new(
            extent(&caps),
            TimexType::Time,
            format!("{day}T{part}"),
        ));
    }
}

fn day_at(dct: Option<Date>, offset: i64) -> String {
    normalize::days_from(dct, offset)
        .map(normalize::day)
        .unwrap_or_else(|| "XXXX-XX-XX".into())
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 2] = [&CLOCK, &PART_OF_DAY];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{one, t};

    #[test]
    fn clock_times() {
        assert_eq!(
            one("at 10 a.m. local"),
            t("10 a.m.", "TIME", "2022-11-11T10:00")
        );
        assert_eq!(one("at 9:45 pm"), t("9:45 pm", "TIME", "2022-11-11T21:45"));
        assert_eq!(
            one("until midnight"),
            t("midnight", "TIME", "2022-11-11T24:00")
        );
        assert_eq!(
            one("at 10 p.m. Wednesday, police"),
            t("10 p.m. Wednesday", "TIME", "2022-11-09T22:00")
        );
    }

    #[test]
    fn clock_times_in_words() {
        assert_eq!(
            one("at midday, police"),
            t("midday", "TIME", "2022-11-11T12:00")
        );
        assert_eq!(
            one("will leave at 4 in the morning"),
            t("4 in the morning", "TIME", "2022-11-11T04:00")
        );
        assert_eq!(
            one("at 9 in the evening"),
            t("9 in the evening", "TIME", "2022-11-11T21:00")
        );
    }

    #[test]
    fn the_middle_of_a_part_of_the_day() {
        assert_eq!(
            one("By mid afternoon, officials said"),
            t("mid afternoon", "TIME", "2022-11-11TAF")
        );
        assert_eq!(
            one("In London at mid-afternoon yesterday, shares"),
            t("mid-afternoon yesterday", "TIME", "2022-11-10TAF")
        );
        assert_eq!(
            one("in midmorning trading"),
            t("midmorning", "TIME", "2022-11-11TMO")
        );
    }

    #[test]
    fn parts_of_days() {
        assert_eq!(
            one("killed overnight, officials"),
            t("overnight", "TIME", "2022-11-10TNI")
        );
        assert_eq!(
            one("this morning"),
            t("this morning", "TIME", "2022-11-11TMO")
        );
        assert_eq!(one("last night"), t("last night", "TIME", "2022-11-10TNI"));
        assert_eq!(
            one("Thursday evening"),
            t("Thursday evening", "TIME", "2022-11-10TEV")
        );
    }
}
