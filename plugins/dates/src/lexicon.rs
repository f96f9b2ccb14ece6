//! Words of time: month, weekday, unit and part-of-day names as regex alternations, with
//! the lookups that turn a matched word into its number or TIMEX3 code.

use std::sync::LazyLock;

/// The capitalised names of a word list of the layer's lexicon, as an alternation.
fn names(list: &'static str) -> String {
    let capitalised: Vec<String> = quarry_text::lexicon::words(list)
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    capitalised.join("|")
}

/// Month names (from the layer's lexicon) and their usual abbreviations (capitalized, as
/// news writes them).
pub static MONTH: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:{}|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Aug|Sept|Oct|Nov|Dec)",
        names(quarry_text::lexicon::MONTHS)
    )
});

/// Month names that stand alone as a date ("in March"): full names only.
pub static FULL_MONTH: LazyLock<String> =
    LazyLock::new(|| format!("(?:{})", names(quarry_text::lexicon::MONTHS)));

pub static WEEKDAY: LazyLock<String> =
    LazyLock::new(|| format!("(?:{})", names(quarry_text::lexicon::WEEKDAYS)));

/// Units of durations, singular or plural (from the layer's lexicon), longest first so
/// that an alternation tries `seconds` before `second`.
pub static UNIT: LazyLock<String> = LazyLock::new(|| {
    let mut units: Vec<&str> =
        quarry_text::lexicon::words(quarry_text::lexicon::TIME_UNITS).collect();
    units.sort_by_key(|unit| std::cmp::Reverse(unit.len()));
    format!("(?:{})", units.join("|"))
});

/// Digits, number words (from `quarry-numbers`) and the vague words a duration or an
/// offset may count with.
pub static COUNT: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:\d+(?:\.\d+)?|an?|{}|several|a\s+few|few|a\s+couple\s+of|couple\s+of|many|some)",
        quarry_numbers::word_count_pattern()
    )
});

/// Bounds before a duration, part of its extent (`at least a week`), with a TIMEX3 `mod`.
pub const BOUND: &str =
    r"(?:at\s+least|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|up\s+to)";

/// Approximations before a duration: they give a `mod` but, as TimeBank annotates them,
/// stay outside the extent (`about [two weeks]`).
pub const APPROXIMATION: &str =
    r"(?:about|around|approximately|roughly|some|nearly|almost|only|just)";

pub fn month_number(word: &str) -> Option<i8> {
    let key = word.trim_end_matches('.').to_ascii_lowercase();
    let key = key.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == key).map(|i| i as i8 + 1)
}

/// Days of the month said as ordinals (`eighth`, `twenty-first`), as broadcasts say them:
/// the ordinal words of `quarry-numbers`.
pub static DAY_ORDINAL: LazyLock<String> = LazyLock::new(quarry_numbers::ordinal_word_pattern);

/// The day a [`DAY_ORDINAL`] names, when it can be one.
pub fn day_ordinal(words: &str) -> Option<i8> {
    quarry_numbers::ordinal(words)
        .filter(|day| (1..=31).contains(day))
        .map(|day| day as i8)
}

/// The number of a quarter named by its ordinal (`third`, `3rd`).
pub fn quarter_number(ordinal: &str) -> Option<i8> {
    quarry_numbers::ordinal(ordinal)
        .filter(|quarter| (1..=4).contains(quarter))
        .map(|quarter| quarter as i8)
}

/// ISO weekday number, Monday = 1.
pub fn weekday_number(word: &str) -> Option<i8> {
    let key = word.to_ascii_lowercase();
    let key = key.get(..3)?;
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    days.iter().position(|d| *d == key).map(|i| i as i8 + 1)
}

/// The TIMEX3 unit letter and whether it belongs after `T` (hours, minutes, seconds);
/// decades and centuries are years ×10 and ×100, a fortnight 2 weeks; quarters keep their
/// own letter (`P2Q`), as TimeBank writes them.
pub fn unit_code(unit: &str) -> (&'static str, bool, u32) {
    let lower = unit.to_ascii_lowercase();
    match lower.trim_end_matches('s') {
        "second" => ("S", true, 1),
        "minute" => ("M", true, 1),
        "hour" => ("H", true, 1),
        "day" => ("D", false, 1),
        "week" => ("W", false, 1),
        "fortnight" => ("W", false, 2),
        "month" => ("M", false, 1),
        "quarter" => ("Q", false, 1),
        "decade" => ("Y", false, 10),
        "century" | "centurie" => ("Y", false, 100),
        _ => ("Y", false, 1),
    }
}

/// The amount a count word stands for; `None` for vague counts ("several", "a few").
pub fn count_value(word: &str) -> Option<f64> {
    let lower = word.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["a" | "an"] => Some(1.0),
        ["a", "couple", "of"] | ["couple", "of"] => Some(2.0),
        _ => {
            if let Ok(n) = lower.parse::<f64>() {
                return Some(n);
            }
            quarry_numbers::parse(&lower)
                .and_then(|a| a.exact())
                .map(|n| n as f64)
        }
    }
}

pub fn modifier_code(words: &str) -> Option<&'static str> {
    let lower = words.to_ascii_lowercase();
    let key: Vec<&str> = lower.split_whitespace().collect();
    Some(match key.as_slice() {
        ["at", "least"] => "EQUAL_OR_MORE",
        ["more", "than"] | ["over"] => "MORE_THAN",
        ["less", "than"] | ["fewer", "than"] | ["under"] => "LESS_THAN",
        ["no", "more", "than"] | ["up", "to"] => "EQUAL_OR_LESS",
        ["nearly"] | ["almost"] => "LESS_THAN",
        ["about"] | ["around"] | ["approximately"] | ["roughly"] | ["some"] => "APPROX",
        _ => return None,
    })
}

/// TIMEX3 codes for parts of the day.
pub fn part_of_day(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "tonight" | "overnight" => "NI",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_said_as_ordinals() {
        assert_eq!(day_ordinal("eighth"), Some(8));
        assert_eq!(day_ordinal("Twenty-First"), Some(21));
        assert_eq!(day_ordinal("thirty first"), Some(31));
        assert_eq!(day_ordinal("twentieth"), Some(20));
        assert_eq!(day_ordinal("twenty"), None);
        assert_eq!(day_ordinal("thirty-second"), None, "no month has it");
    }

    #[test]
    fn count_reads_digits_number_words_and_vague_counts() {
        let count = regex::Regex::new(&format!("^(?i:{})$", *COUNT)).unwrap();
        for phrase in [
            "3",
            "2.5",
            "an",
            "nineteen",
            "twenty-one",
            "forty five",
            "hundred",
            "a couple of",
            "several",
        ] {
            assert!(count.is_match(phrase), "{phrase}");
        }
        for phrase in ["fifth", "zero", "twenty-first"] {
            assert!(!count.is_match(phrase), "{phrase}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("November"), Some(11));
        assert_eq!(weekday_number("Friday"), Some(5));
        assert_eq!(unit_code("weeks"), ("W", false, 1));
        assert_eq!(unit_code("hours"), ("H", true, 1));
        assert_eq!(count_value("twenty-four"), Some(24.0));
        assert_eq!(count_value("several"), None);
        assert_eq!(count_value("a couple of"), Some(2.0));
        assert_eq!(modifier_code("at  least"), Some("EQUAL_OR_MORE"));
    }
}
