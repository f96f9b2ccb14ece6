//! Recurring times (TIMEX3 SET): `nightly`, `daily`, `weekly`, `annually`,
//! `every week`, `each year`.

use jiff::civil::Date;

use super::triggers::{Rule, Scan, RECURRENCE};
use super::windowed;
use super::Step;
use crate::timex::{Timex, TimexType};

static SET: Rule = Rule::new(RECURRENCE, || {
    windowed(
        r"(?-u:\b)(?i:nightly|daily|weekly|monthly|annually|yearly|quarterly|hourly|(?:every|each)\s+(?:other\s+)?(?:night|day|week|month|quarter|year|morning|evening))(?-u:\b)",
    )
});

/// The rules of this family, in the order their candidates come.
pub const STEPS: [Step; 1] = [find_set];

fn find_set(scan: &Scan, _dct: Option<Date>, out: &mut Vec<Timex>) {
    for m in scan.find(&SET) {
        let lower = m.as_str().to_ascii_lowercase();
        if lower == "quarterly" && names_a_report(&scan.text()[m.end()..]) {
            continue;
        }
        let last = lower.split_whitespace().last().unwrap_or_default();
        let every_other = lower.contains(" other ");
        let value = match last {
            "nightly" | "night" => "XXXX-XX-XXTNI".to_owned(),
            "morning" => "XXXX-XX-XXTMO".to_owned(),
            "evening" => "XXXX-XX-XXTEV".to_owned(),
            "hourly" => "PT1H".to_owned(),
            word => {
                let unit = match word {
                    "daily" | "day" => "D",
                    "weekly" | "week" => "W",
                    "monthly" | "month" => "M",
                    "quarterly" | "quarter" => "Q",
                    _ => "Y",
                };
                let n = if every_other { 2 } else { 1 };
                if unit == "Q" {
                    format!("P{}M", 3 * n)
                } else {
                    format!("P{n}{unit}")
                }
            }
        };
        out.push(Timex::new(super::span(&m), TimexType::Set, value));
    }
}

/// `quarterly dividend`, `quarterly results`, `declared its initial quarterly`: a company's
/// reporting cycle, which TimeBank leaves untagged, unlike `paid quarterly.` Any word
/// after it (rather than punctuation) makes it that.
fn names_a_report(after: &str) -> bool {
    after
        .trim_start_matches(' ')
        .starts_with(|c: char| c.is_alphabetic())
}

/// Every rule of this family, for the test that windows lose no match.
#[cfg(test)]
pub(super) const RULES: [&Rule; 1] = [&SET];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{one, t};

    #[test]
    fn sets() {
        assert_eq!(
            one("In his nightly address"),
            t("nightly", "SET", "XXXX-XX-XXTNI")
        );
        assert_eq!(one("a daily briefing"), t("daily", "SET", "P1D"));
        assert_eq!(
            one("dividends paid quarterly."),
            t("quarterly", "SET", "P3M")
        );
        assert!(crate::rules::test_support::found(
            "raised its quarterly dividend; the quarterly of five cents",
            crate::rules::test_support::DCT
        )
        .is_empty());
        assert_eq!(one("every other week"), t("every other week", "SET", "P2W"));
    }
}
