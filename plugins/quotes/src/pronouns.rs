//! Resolves pronoun speakers (`he said`) to the nearest earlier named speaker: the subject
//! of an earlier reporting cue that is a name or a nominal, not a pronoun. The pronoun
//! stays available as `speaker_text`.

use crate::cues::Cue;
use crate::Quote;

pub fn resolve(cues: &[Cue], quotes: &mut [Quote]) {
    for quote in quotes.iter_mut() {
        let Some(attribution) = quote.attribution.as_mut() else {
            continue;
        };
        if attribution.pronoun.is_none() {
            continue;
        }
        let before = attribution.speaker_span.start;
        let antecedent = cues
            .iter()
            .rev()
            .filter_map(|c| c.subject.as_ref())
            .filter(|s| s.span.end <= before && !s.is_pronoun)
            .find(|s| compatible(&attribution.speaker, &s.text));
        if let Some(name) = antecedent {
            attribution.speaker = name.text.clone();
        }
    }
}

/// `he`/`she` want a person: not a plural nominal, an organisation or an acronym
/// (`CCTV`, `State television`); `they` accepts anything.
fn compatible(pronoun: &str, antecedent: &str) -> bool {
    match pronoun.to_lowercase().as_str() {
        "he" | "she" | "i" => {
            let last = antecedent.rsplit(' ').next().unwrap_or("").to_lowercase();
            let plural_nominal =
                last.ends_with('s') && antecedent.chars().next().is_some_and(char::is_lowercase);
            let group = matches!(
                last.as_str(),
                "military"
                    | "police"
                    | "ministry"
                    | "government"
                    | "army"
                    | "staff"
                    | "television"
                    | "radio"
                    | "agency"
                    | "media"
                    | "newspaper"
                    | "office"
                    | "department"
                    | "committee"
                    | "council"
                    | "company"
                    | "broadcaster"
                    | "network"
                    | "press"
            );
            let last_written = antecedent.rsplit(' ').next().unwrap_or("");
            let acronym =
                last_written.len() > 1 && last_written.chars().all(|c| c.is_ascii_uppercase());
            !(plural_nominal || group || acronym)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::find_quotes;

    #[test]
    fn he_resolves_to_the_last_named_person() {
        let text = "Valeriy Zaluzhniy said earlier that forces advance. \"We continue,\" he wrote.";
        let quotes = find_quotes(text);
        let a = quotes[0].attribution.as_ref().expect("attributed");
        assert_eq!(a.speaker, "Valeriy Zaluzhniy");
        assert_eq!(a.pronoun.as_deref(), Some("he"));
        assert_eq!(&text[a.speaker_span.start..a.speaker_span.end], "he");
        assert_eq!(a.cue.as_deref(), Some("wrote"));
    }

    #[test]
    fn he_skips_organisations() {
        let text =
            "Shi Zaiqing said that. State television said this, CCTV reported. \"Go,\" he said.";
        let quotes = find_quotes(text);
        assert_eq!(
            quotes[0].attribution.as_ref().map(|a| a.speaker.as_str()),
            Some("Shi Zaiqing")
        );
    }

    #[test]
    fn he_skips_groups() {
        let text = "Kim said this. The military said that. \"Go,\" he said.";
        let quotes = find_quotes(text);
        assert_eq!(
            quotes[0].attribution.as_ref().map(|a| a.speaker.as_str()),
            Some("Kim")
        );
    }
}
