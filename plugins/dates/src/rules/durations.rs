//! Durations: `at least a week`, `two days`, `five-year`, `the past three years`,
//! `the next two weeks`, and bare plurals of units (`months`, `years`) as `PXM`, `PXY`.

use jiff::civil::Date;

use super::triggers::{
    unit, Groups, Rule, Scan, Triggers, BEFORE, DIRECTION_WORDS, PLURAL_UNITS, UNITS,
};
use super::{extent, windowed, Step};
use crate::lexicon::{count_value, modifier_code, unit_code, APPROXIMATION, BOUND, COUNT, UNIT};
use crate::normalize;
use crate::timex::{Timex, TimexType};

static COUNTED: Rule = Rule::new(UNITS, || {
    let count = &*COUNT;
    let unit = &*UNIT;
    windowed(&format!(
        r"(?-u:\b)(?:(?P<approx>(?i:{APPROXIMATION}))\s+)?(?P<t>(?:(?P<mod>(?i:{BOUND}))\s+)?(?:(?P<dir>(?i:the\s+(?:past|last|next|coming|previous|following|first|final|latest)))\s+|(?i:the)\s+)?(?P<n>(?i:{count}))(?P<half>\s+1/2|½|\s+(?i:and\s+a\s+half))?[\s-]+(?:(?i:more|additional|further|extra)\s+)?(?P<u>(?i:{unit}))(?P<and_half>\s+(?i:and\s+a\s+half))?)(?-u:\b)"
    ))
})
// The longest context: `and a half` after the unit.
.reaching(BEFORE, 24);

/// The units `the past …` and bare plurals name: an hour up to a century.
const HOUR_TO_CENTURY: Triggers = unit::HOUR
    .or(unit::DAY)
    .or(unit::WEEK)
    .or(unit::MONTH)
    .or(unit::YEAR)
    .or(unit::DECADE)
    .or(unit::CENTURY);

static THE_PAST_UNIT: Rule = Rule::with_companions(HOUR_TO_CENTURY, DIRECTION_WORDS, || {
    windowed(
        r"(?-u:\b)(?P<t>(?i:the\s+(?:past|last|next|coming|previous|following))\s+(?P<u>(?i:hour|day|week|month|year|decade|century)))(?-u:\b)",
    )
})
// The longest context: `the following` before the unit, which ends the match.
.reaching(32, 8);

static BARE_PLURAL: Rule = Rule::new(PLURAL_UNITS, || {
    windowed(
        r"(?-u:\b)(?P<t>(?:(?i:recent|coming)\s+)?(?P<u>(?i:minutes|hours|days|weeks|months|years|decades|centuries)))(?-u:\b)",
    )
})
// The longest context: `recent` or `coming` before the unit, which ends the match.
.reaching(24, 8);

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 3] = [find_counted, find_the_past_unit, find_bare_plural];

fn find_counted(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&COUNTED) {
        if is_age(&text[caps.get(0).map_or(0, |m| m.end())..]) {
            continue;
        }
        if caps["n"].len() >= 4 && caps["n"].bytes().all(|b| b.is_ascii_digit()) {
            continue; // "the 1988 quarter": a year, not a count
        }
        let end = caps.get(0).map_or(0, |m| m.end());
        if is_fraction_of(&caps["u"], &text[end..]) || is_ordinal(&caps, &text[end..]) {
            continue;
        }
        let (unit, is_time, multiplier) = unit_code(&caps["u"]);
        let half = caps.name("half").or(caps.name("and_half")).is_some();
        let amount = count_value(&caps["n"]).map(|n| if half { n + 0.5 } else { n });
        // "the past few months": the recent past, as TimeBank mostly tags it; "the next
        // several years" stays a duration of unknown length (PXY).
        if let (None, Some(dir)) = (amount, caps.name("dir")) {
            let past = ["past", "last", "previous"]
                .iter()
                .any(|w| dir.as_str().to_ascii_lowercase().ends_with(w));
            if past {
                out.push(Timex::new(extent(&caps), TimexType::Date, "PAST_REF"));
                continue;
            }
        }
        let value = normalize::duration(amount, unit, is_time, multiplier);
        let modifier = caps
            .name("mod")
            .or(caps.name("approx"))
            .and_then(|m| modifier_code(m.as_str()));
        out.push(Timex::new(extent(&caps), TimexType::Duration, value).with_mod(modifier));
    }
}

fn find_the_past_unit(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for caps in scan.captures(&THE_PAST_UNIT) {
        let (unit, is_time, multiplier) = unit_code(&caps["u"]);
        let value = normalize::duration(Some(1.0), unit, is_time, multiplier);
        out.push(Timex::new(extent(&caps), TimexType::Duration, value));
    }
}

fn find_bare_plural(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    let text = scan.text();
    for caps in scan.captures(&BARE_PLURAL) {
        if is_age(&text[caps.get(0).map_or(0, |m| m.end())..]) {
            continue;
        }
        // "months", "in recent years", "in coming weeks": a stretch of unknown length.
        let (unit, is_time, multiplier) = unit_code(&caps["u"]);
        out.push(Timex::new(
            extent(&caps),
            TimexType::Duration,
            normalize::duration(None, unit, is_time, multiplier),
        ));
    }
}

/// `three-quarters of its food`, `a quarter of the market`: a fraction, not three months.
fn is_fraction_of(unit: &str, after: &str) -> bool {
    let mut words = after.split_whitespace();
    unit.to_ascii_lowercase().starts_with("quarter")
        && words.next().is_some_and(|w| w.eq_ignore_ascii_case("of"))
        && words.next().is_some_and(|w| {
            let w = w.to_ascii_lowercase();
            DETERMINERS.contains(&w.as_str())
        })
}

const DETERMINERS: [&str; 13] = [
    "the", "its", "a", "an", "his", "her", "their", "our", "all", "this", "that", "these", "those",
];

/// `a second group`, `a second betrayal`: the ordinal, not one second. One second is
/// followed by punctuation or by what follows a length of time (`a second later`).
fn is_ordinal(caps: &Groups, after: &str) -> bool {
    let one = caps["n"].eq_ignore_ascii_case("a") || caps["n"].eq_ignore_ascii_case("one");
    if !(one && caps["u"].eq_ignore_ascii_case("second")) {
        return false;
    }
    if let Some(compound) = after.strip_prefix('-') {
        return compound.starts_with(|c: char| c.is_alphabetic()); // `a second-term mayor`
    }
    let next = super::word_after(after).to_ascii_lowercase();
    !next.is_empty()
        && ![
            "later", "earlier", "ago", "or", "and", "longer", "before", "after", "too",
        ]
        .contains(&next.as_str())
}

/// `a 6-year-old boy`, `37 years old`: an age, not a duration.
fn is_age(after: &str) -> bool {
    after.starts_with("-old") || after.trim_start().starts_with("old")
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 3] = [&COUNTED, &THE_PAST_UNIT, &BARE_PLURAL];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{found, one, t, DCT};

    #[test]
    fn counted_durations_with_modifiers() {
        assert_eq!(
            one("take Russia at least a week to"),
            t("at least a week", "DURATION", "P1W")
        );
        let found = crate::find_timexes("at least a week", DCT);
        assert_eq!(found[0].modifier, Some("EQUAL_OR_MORE"));
        assert_eq!(one("a five-year plan"), t("five-year", "DURATION", "P5Y"));
        assert_eq!(
            one("spent about five hours in"),
            t("five hours", "DURATION", "PT5H")
        );
        assert_eq!(
            one("net income for the nine months rose"),
            t("the nine months", "DURATION", "P9M")
        );
        assert_eq!(
            one("in the past three years"),
            t("the past three years", "DURATION", "P3Y")
        );
        assert_eq!(one("for 48 hours"), t("48 hours", "DURATION", "PT48H"));
        assert_eq!(
            one("for two more weeks"),
            t("two more weeks", "DURATION", "P2W")
        );
        assert_eq!(
            one("losses in the past two quarters."),
            t("the past two quarters", "DURATION", "P2Q")
        );
        assert_eq!(
            one("for almost two decades."),
            t("two decades", "DURATION", "P20Y")
        );
        assert_eq!(
            one("over the past decade,"),
            t("the past decade", "DURATION", "P10Y")
        );
        assert_eq!(
            one("an additional year of"),
            t("an additional year", "DURATION", "P1Y")
        );
        assert_eq!(
            one("in refugee camps for 2 1/2 years."),
            t("2 1/2 years", "DURATION", "P2Y6M")
        );
        assert_eq!(
            one("But a minute and a half later"),
            t("a minute and a half", "DURATION", "PT1M30S")
        );
        assert_eq!(
            one("for a couple of years."),
            t("a couple of years", "DURATION", "P2Y")
        );
    }

    #[test]
    fn alternatives_are_separate() {
        assert_eq!(
            found("in one day or two days.", DCT),
            vec![
                t("one day", "DURATION", "P1D"),
                t("two days", "DURATION", "P2D")
            ]
        );
    }

    #[test]
    fn vague_stretches() {
        assert_eq!(one("in recent years"), t("recent years", "DURATION", "PXY"));
        assert_eq!(
            one("over the last few months"),
            t("the last few months", "DATE", "PAST_REF")
        );
        assert_eq!(
            one("in the coming years."),
            t("coming years", "DURATION", "PXY")
        );
        assert_eq!(
            one("in the next few days."),
            t("the next few days", "DURATION", "PXD")
        );
        assert!(found("the 1988 quarter", DCT)
            .iter()
            .all(|(_, kind, _)| *kind != "DURATION"));
    }

    #[test]
    fn fractions_and_ordinals_are_not_durations() {
        assert!(found("Iraq imports about three-quarters of its food", DCT).is_empty());
        assert!(found("more than a quarter of the market", DCT).is_empty());
        assert!(found("A second group of directors; a second-term mayor", DCT).is_empty());
        assert_eq!(one("for a second, then"), t("a second", "DURATION", "PT1S"));
        assert_eq!(
            one("after several quarters of losses"),
            t("several quarters", "DURATION", "PXQ")
        );
    }

    #[test]
    fn ages_are_not_durations() {
        assert!(found("the 6-year-old boy, 37 years old when", DCT).is_empty());
    }

    #[test]
    fn bare_plurals_have_no_count() {
        assert_eq!(one("by months of struggle"), t("months", "DURATION", "PXM"));
        assert_eq!(
            one("over the past year"),
            t("the past year", "DURATION", "P1Y")
        );
    }
}
