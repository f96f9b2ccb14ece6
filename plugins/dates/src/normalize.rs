//! Calendar arithmetic and TIMEX3 value formatting, anchored on the document creation
//! date (DCT). Everything that counts days, weeks or months is here, done with `jiff`;
//! without a DCT, values keep their unknown parts as `X`.

use jiff::civil::{Date, Weekday};
use jiff::{ToSpan, Unit};

pub fn day(date: Date) -> String {
    let mut value = String::with_capacity(10);
    push_padded(&mut value, date.year().into(), 4);
    value.push('-');
    push_padded(&mut value, date.month().into(), 2);
    value.push('-');
    push_padded(&mut value, date.day().into(), 2);
    value
}

pub fn month(year: i16, month: i8) -> String {
    let mut value = String::with_capacity(7);
    push_padded(&mut value, year.into(), 4);
    value.push('-');
    push_padded(&mut value, month.into(), 2);
    value
}

/// `number` with at least `width` digits, as `{:0width$}` writes it. Days and months are
/// most of the values written, and the formatting machinery costs more than the rest of
/// making one.
fn push_padded(value: &mut String, number: i64, width: usize) {
    let Ok(mut rest) = u64::try_from(number) else {
        value.push_str(&format!("{number:0width$}"));
        return;
    };
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    while rest > 0 {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let start = start.min(digits.len() - width);
    value.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// The ISO 8601 week of `date`, as TIMEX3 writes it (a Sunday ends its week; TimeBank
/// mostly numbers "last week" in a Sunday story that way too).
pub fn iso_week(date: Date) -> String {
    let week = date.iso_week_date();
    format!("{:04}-W{:02}", week.year(), week.week())
}

pub fn quarter(year: i16, quarter: i8) -> String {
    format!("{year:04}-Q{quarter}")
}

/// Which occurrence of a month written without a year is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhichMonth {
    /// "in March": the coming one when it is at most four months away (unless the text
    /// looks back, as after "since"), else the most recent one.
    Bare { looking_back: bool },
    /// "will be named in December": the sentence looks ahead, so the coming one, however
    /// far away.
    Coming,
    /// "last June": the most recent one before the DCT's month.
    Last,
    /// "next June": the first one after the DCT's month.
    Next,
    /// "this June", "June this year": the DCT's year.
    This,
    /// "June last year": the DCT's year shifted.
    YearOffset(i16),
}

fn year_of_month(dct: Date, month: i8, which: WhichMonth) -> i16 {
    let (year, now) = (dct.year(), dct.month());
    let most_recent = if month <= now { year } else { year - 1 };
    let coming = if month >= now { year } else { year + 1 };
    match which {
        WhichMonth::Bare { looking_back } => {
            let months_ahead = (month - now).rem_euclid(12);
            if months_ahead <= 4 && !looking_back {
                coming
            } else {
                most_recent
            }
        }
        WhichMonth::Last => {
            if month < now {
                year
            } else {
                year - 1
            }
        }
        WhichMonth::Next => {
            if month > now {
                year
            } else {
                year + 1
            }
        }
        WhichMonth::Coming => coming,
        WhichMonth::This => year,
        WhichMonth::YearOffset(offset) => year + offset,
    }
}

/// `YYYY-MM-DD` for a month and day written without a year.
pub fn month_day(dct: Option<Date>, month: i8, day: i8, which: WhichMonth) -> String {
    match dct {
        Some(dct) => format!(
            "{:04}-{month:02}-{day:02}",
            year_of_month(dct, month, which)
        ),
        None => format!("XXXX-{month:02}-{day:02}"),
    }
}

/// A month named without a year.
pub fn month_without_year(dct: Option<Date>, m: i8, which: WhichMonth) -> String {
    match dct {
        Some(dct) => month(year_of_month(dct, m, which), m),
        None => format!("XXXX-{m:02}"),
    }
}

/// The quarter a business story is about: the last one that has closed, as results are
/// reported in the weeks after a quarter ends.
pub fn reported_quarter(dct: Date) -> (i16, i8) {
    let current = (dct.month() - 1) / 3 + 1;
    if current == 1 {
        (dct.year() - 1, 4)
    } else {
        (dct.year(), current - 1)
    }
}

/// The weekend before the DCT (the one "over the weekend" means in a weekday story): the
/// week of the most recent Saturday, on or before the DCT.
pub fn last_weekend(dct: Date) -> String {
    let back = i64::from((dct.weekday().to_monday_one_offset() - 6).rem_euclid(7));
    let saturday = shifted(dct, Unit::Day, -back).unwrap_or(dct);
    format!("{}-WE", iso_week(saturday))
}

/// "the summer" and other seasons named with "the": the most recent one that has begun.
pub fn last_season(dct: Date, season: &str) -> String {
    let (code, first_month) = match season {
        "spring" => ("SP", 3),
        "summer" => ("SU", 6),
        "fall" | "autumn" => ("FA", 9),
        _ => ("WI", 12),
    };
    let year = if dct.month() >= first_month || first_month == 12 {
        dct.year()
    } else {
        dct.year() - 1
    };
    format!("{year:04}-{code}")
}

/// A decade named without its century (`the nineties`): the latest one that has begun by
/// the DCT (the 1990s in 1998, the 2020s in 2022), in the twentieth century without one.
pub fn decade_named(dct: Option<Date>, decade: i16) -> String {
    let year = dct.map_or(1999, |d| d.year());
    let mut century = year / 100;
    if century * 100 + decade * 10 > year {
        century -= 1;
    }
    format!("{century:02}{decade}")
}

/// A season (`SP`, `SU`, `FA`, `WI`) of the DCT's year shifted by `year_offset`.
pub fn season(dct: Option<Date>, code: &str, year_offset: i16) -> String {
    match dct {
        Some(dct) => format!("{:04}-{code}", dct.year() + year_offset),
        None => format!("XXXX-{code}"),
    }
}

/// A quarter of a year given in the text, or else of the year of the reported quarter,
/// shifted by `year_offset` ("the year-ago third quarter").
pub fn quarter_of(dct: Option<Date>, year: Option<i16>, q: i8, year_offset: i16) -> String {
    match year.or(dct.map(|d| reported_quarter(d).0)) {
        Some(year) => quarter(year + year_offset, q),
        None => format!("XXXX-Q{q}"),
    }
}

/// The DCT shifted by `days` (negative: earlier).
pub fn days_from(dct: Option<Date>, days: i64) -> Option<Date> {
    shifted(dct?, Unit::Day, days)
}

/// `date` moved by `count` years, months, weeks or days (no other unit); `None` past what a calendar date can be (`7304485 days
/// ago`), where jiff's span constructors would panic.
pub fn shifted(date: Date, unit: Unit, count: i64) -> Option<Date> {
    let span = jiff::Span::new();
    let span = match unit {
        Unit::Year => span.try_years(count),
        Unit::Month => span.try_months(count),
        Unit::Week => span.try_weeks(count),
        Unit::Day => span.try_days(count),
        _ => return None,
    };
    date.checked_add(span.ok()?).ok()
}

/// Which occurrence of a weekday a bare or qualified weekday name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// "Friday" in news: the nearest one on or before the DCT.
    Nearest,
    /// "last Friday": strictly before the DCT.
    Past,
    /// "next Friday", "this coming Friday": strictly after the DCT.
    Future,
    /// "will meet Friday": the nearest one on or after the DCT (a Friday story's "will
    /// meet Friday" is that day).
    Coming,
}

pub fn weekday(dct: Option<Date>, iso_weekday: i8, direction: Direction) -> String {
    let Some(dct) = dct else {
        return format!("XXXX-WXX-{iso_weekday}");
    };
    let target = Weekday::from_monday_one_offset(iso_weekday).unwrap_or(Weekday::Monday);
    let today = dct.weekday().to_monday_one_offset();
    let back = i64::from((today - iso_weekday).rem_euclid(7));
    let days = match direction {
        Direction::Nearest => -back,
        Direction::Past => -(if back == 0 { 7 } else { back }),
        Direction::Future => {
            let ahead = i64::from((iso_weekday - today).rem_euclid(7));
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Direction::Coming => i64::from((iso_weekday - today).rem_euclid(7)),
    };
    let date = days_from(Some(dct), days).unwrap_or(dct);
    debug_assert_eq!(date.weekday(), target);
    day(date)
}

/// A holiday, by the rule that gives its date in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// Month and day.
    Fixed(i8, i8),
    /// The fourth Thursday of November (US).
    Thanksgiving,
    /// The Tuesday after the first Monday of November (US).
    ElectionDay,
    /// The last Monday of May (US).
    MemorialDay,
    /// Western Easter Sunday.
    Easter,
}

impl Holiday {
    fn in_year(self, year: i16) -> Option<Date> {
        match self {
            Holiday::Fixed(month, day) => Date::new(year, month, day).ok(),
            Holiday::Thanksgiving => Date::new(year, 11, 1)
                .ok()?
                .nth_weekday_of_month(4, Weekday::Thursday)
                .ok(),
            Holiday::ElectionDay => Date::new(year, 11, 1)
                .ok()?
                .nth_weekday_of_month(1, Weekday::Monday)
                .ok()?
                .checked_add(1.day())
                .ok(),
            Holiday::MemorialDay => Date::new(year, 5, 1)
                .ok()?
                .nth_weekday_of_month(-1, Weekday::Monday)
                .ok(),
            Holiday::Easter => easter_sunday(year),
        }
    }
}

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    Date::new(year, month as i8, day as i8).ok()
}

/// The date of `holiday`: in `year` when one is written, else the occurrence around the
/// DCT that `direction` asks for (`None`: the nearest one, before or after).
pub fn holiday(
    dct: Option<Date>,
    holiday: Holiday,
    year: Option<i16>,
    direction: Option<Direction>,
) -> String {
    let date = match (year, dct) {
        (Some(year), _) => holiday.in_year(year),
        (None, Some(dct)) => {
            let around = (-1..=1).filter_map(|offset| holiday.in_year(dct.year() + offset));
            match direction {
                Some(Direction::Past) => around.filter(|d| *d < dct).max(),
                Some(Direction::Future) => around.filter(|d| *d > dct).min(),
                _ => around.min_by_key(|d| dct.since(*d).map_or(i32::MAX, |s| s.get_days().abs())),
            }
        }
        (None, None) => None,
    };
    match (date, holiday) {
        (Some(date), _) => day(date),
        (None, Holiday::Fixed(month, day)) => format!("XXXX-{month:02}-{day:02}"),
        (None, _) => "XXXX-XX-XX".to_owned(),
    }
}

/// How many units `this`, `last`, `the following`… move from the one they start from.
pub fn direction_offset(qualifier: &str) -> i64 {
    let lower = qualifier.to_ascii_lowercase();
    let last_word = lower.split_whitespace().last().unwrap_or_default();
    match last_word {
        "last" | "previous" | "prior" => -1,
        "next" | "following" | "coming" => 1,
        _ => 0,
    }
}

/// A calendar unit shifted from the DCT by `offset` units ("last week" = -1 week), at the
/// unit's own granularity.
pub fn unit_offset(dct: Option<Date>, unit: &str, offset: i64) -> Option<String> {
    let dct = dct?;
    Some(match unit {
        "D" => day(shifted(dct, Unit::Day, offset)?),
        "W" => iso_week(shifted(dct, Unit::Week, offset)?),
        "M" => {
            let d = shifted(dct, Unit::Month, offset)?;
            month(d.year(), d.month())
        }
        "Q" => {
            let d = shifted(dct, Unit::Month, offset.checked_mul(3)?)?;
            quarter(d.year(), (d.month() - 1) / 3 + 1)
        }
        "Y" => format!("{:04}", shifted(dct, Unit::Year, offset)?.year()),
        "DE" => format!(
            "{:03}",
            shifted(dct, Unit::Year, offset.checked_mul(10)?)?.year() / 10
        ),
        _ => return None,
    })
}

/// A TIMEX3 duration: `P3Y`, `PT2H`, `P1.5D`; `None` as the amount gives `X` (`PXY`).
/// A fraction goes into the next smaller unit where it comes out whole, as TimeBank
/// writes it: two and a half years is `P2Y6M`, five and a half hours `PT5H30M`.
pub fn duration(amount: Option<f64>, unit: &str, is_time: bool, multiplier: u32) -> String {
    let prefix = if is_time { "PT" } else { "P" };
    let Some(amount) = amount else {
        return format!("{prefix}X{unit}");
    };
    let scaled = amount * f64::from(multiplier);
    if scaled.fract() == 0.0 {
        return format!("{prefix}{}{unit}", scaled as i64);
    }
    let smaller = match (unit, is_time) {
        ("Y", false) => Some(("M", 12.0)),
        ("W", false) => Some(("D", 7.0)),
        ("H", true) => Some(("M", 60.0)),
        ("M", true) => Some(("S", 60.0)),
        _ => None,
    };
    match smaller {
        Some((small, per)) if (scaled.fract() * per).fract() == 0.0 => {
            let whole = scaled.trunc() as i64;
            let part = (scaled.fract() * per) as i64;
            if whole == 0 {
                format!("{prefix}{part}{small}")
            } else {
                format!("{prefix}{whole}{unit}{part}{small}")
            }
        }
        _ => format!("{prefix}{scaled}{unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DCT: Date = date(2022, 11, 11); // a Friday

    #[test]
    fn days_and_months_are_written_as_padded_formatting_writes_them() {
        for year in [-9999, -5, 0, 7, 99, 999, 1998, 9999] {
            for (month, day_of_month) in [(1, 1), (9, 30), (12, 31)] {
                let written = day(date(year, month, day_of_month));
                let formatted = format!("{year:04}-{month:02}-{day_of_month:02}");
                assert_eq!(written, formatted);
                assert_eq!(super::month(year, month), format!("{year:04}-{month:02}"));
            }
        }
    }

    #[test]
    fn weekdays_resolve_around_the_dct() {
        assert_eq!(weekday(Some(DCT), 5, Direction::Nearest), "2022-11-11");
        assert_eq!(weekday(Some(DCT), 3, Direction::Nearest), "2022-11-09");
        assert_eq!(weekday(Some(DCT), 5, Direction::Past), "2022-11-04");
        assert_eq!(weekday(Some(DCT), 1, Direction::Future), "2022-11-14");
        assert_eq!(weekday(Some(DCT), 5, Direction::Future), "2022-11-18");
        assert_eq!(weekday(Some(DCT), 5, Direction::Coming), "2022-11-11");
        assert_eq!(weekday(Some(DCT), 1, Direction::Coming), "2022-11-14");
        assert_eq!(weekday(None, 2, Direction::Nearest), "XXXX-WXX-2");
    }

    #[test]
    fn unit_offsets_keep_their_granularity() {
        assert_eq!(
            unit_offset(Some(DCT), "D", -1).as_deref(),
            Some("2022-11-10")
        );
        assert_eq!(unit_offset(Some(DCT), "W", -1).as_deref(), Some("2022-W44"));
        let sunday = Some(date(1998, 3, 1));
        assert_eq!(unit_offset(sunday, "W", -1).as_deref(), Some("1998-W08"));
        assert_eq!(unit_offset(Some(DCT), "M", 2).as_deref(), Some("2023-01"));
        assert_eq!(unit_offset(Some(DCT), "Q", -1).as_deref(), Some("2022-Q3"));
        assert_eq!(unit_offset(Some(DCT), "Y", -8).as_deref(), Some("2014"));
        assert_eq!(unit_offset(Some(DCT), "DE", 0).as_deref(), Some("202"));
        assert_eq!(unit_offset(None, "Y", 0), None);
    }

    #[test]
    fn months_without_a_year() {
        let january = Some(date(1998, 1, 8));
        let bare = WhichMonth::Bare {
            looking_back: false,
        };
        assert_eq!(month_without_year(january, 10, bare), "1997-10");
        assert_eq!(month_without_year(january, 3, bare), "1998-03");
        assert_eq!(month_day(january, 12, 24, bare), "1997-12-24");
        assert_eq!(month_day(january, 12, 24, WhichMonth::Coming), "1998-12-24");
        let october = Some(date(1989, 10, 26));
        assert_eq!(month_without_year(october, 1, bare), "1990-01");
        assert_eq!(month_without_year(october, 6, WhichMonth::Last), "1989-06");
        assert_eq!(month_without_year(october, 11, WhichMonth::Last), "1988-11");
        assert_eq!(month_without_year(october, 3, WhichMonth::Next), "1990-03");
        assert_eq!(
            month_without_year(october, 2, WhichMonth::Bare { looking_back: true }),
            "1989-02"
        );
        assert_eq!(
            month_without_year(october, 5, WhichMonth::YearOffset(-1)),
            "1988-05"
        );
    }

    #[test]
    fn the_reported_quarter_is_the_last_one_closed() {
        assert_eq!(reported_quarter(date(1989, 10, 26)), (1989, 3));
        assert_eq!(reported_quarter(date(1998, 1, 26)), (1997, 4));
        assert_eq!(quarter_of(Some(date(1998, 1, 26)), None, 4, 0), "1997-Q4");
        assert_eq!(quarter_of(Some(date(1989, 10, 26)), None, 3, -1), "1988-Q3");
    }

    #[test]
    fn decades_named_without_a_century() {
        assert_eq!(decade_named(Some(date(1998, 3, 3)), 9), "199");
        assert_eq!(decade_named(Some(date(2022, 11, 11)), 2), "202");
        assert_eq!(decade_named(Some(date(2022, 11, 11)), 9), "199");
        assert_eq!(decade_named(None, 6), "196");
    }

    #[test]
    fn directions_move_by_one_unit() {
        assert_eq!(direction_offset("the previous"), -1);
        assert_eq!(direction_offset("The Following"), 1);
        assert_eq!(direction_offset("that"), 0);
        assert_eq!(direction_offset("the prior"), -1);
    }

    #[test]
    fn holidays_by_their_rules() {
        let day_of = |h: Holiday, y: i16| h.in_year(y).map(day);
        assert_eq!(day_of(Holiday::Easter, 1998).as_deref(), Some("1998-04-12"));
        assert_eq!(day_of(Holiday::Easter, 2000).as_deref(), Some("2000-04-23"));
        assert_eq!(day_of(Holiday::Easter, 2025).as_deref(), Some("2025-04-20"));
        assert_eq!(
            day_of(Holiday::Thanksgiving, 1999).as_deref(),
            Some("1999-11-25")
        );
        assert_eq!(
            day_of(Holiday::ElectionDay, 1998).as_deref(),
            Some("1998-11-03")
        );
        assert_eq!(
            day_of(Holiday::ElectionDay, 2022).as_deref(),
            Some("2022-11-08")
        );
        assert_eq!(
            day_of(Holiday::MemorialDay, 2022).as_deref(),
            Some("2022-05-30")
        );
        assert_eq!(
            holiday(Some(DCT), Holiday::Fixed(12, 25), None, None),
            "2022-12-25"
        );
        assert_eq!(
            holiday(
                Some(DCT),
                Holiday::Fixed(12, 25),
                None,
                Some(Direction::Past)
            ),
            "2021-12-25"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Some(3.0), "Y", false, 1), "P3Y");
        assert_eq!(duration(Some(2.0), "H", true, 1), "PT2H");
        assert_eq!(duration(Some(1.0), "M", false, 3), "P3M");
        assert_eq!(duration(None, "W", false, 1), "PXW");
        assert_eq!(duration(Some(1.5), "D", false, 1), "P1.5D");
        assert_eq!(duration(Some(2.5), "Y", false, 1), "P2Y6M");
        assert_eq!(duration(Some(5.5), "H", true, 1), "PT5H30M");
        assert_eq!(duration(Some(1.5), "M", true, 1), "PT1M30S");
        assert_eq!(duration(Some(0.5), "Y", false, 1), "P6M");
    }
}
