//! The words of casualty reports: which word means which category, who the victims can
//! be, and how qualifiers map to the contract's values.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Killed,
    Injured,
    Missing,
    Captured,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Killed => "killed",
            Category::Injured => "injured",
            Category::Missing => "missing",
            Category::Captured => "captured",
        }
    }
}

/// Verbs that take the victims as object (`killed two civilians`).
pub const ACTIVE_VERB: &str = r"(?:killed|killing|kills|kill|wounded|wounding|wounds|wound|injured|injuring|injures|injure|abducted|abducting|abducts|kidnapped|kidnapping|kidnaps|captured|capturing|seized|took\s+away|taking\s+away|buried|burying|trapped|trapping)";

/// States and participles said of victims (`two dead`, `30 people were killed`).
pub const STATE: &str = r"(?:killed|dead|died|die|perished|lost\s+their\s+lives|were\s+slain|slain|injured|wounded|hurt|hospitali[sz]ed|missing|unaccounted\s+for|abducted|kidnapped|captured|taken\s+hostage|taken\s+prisoner|held\s+hostage|held\s+captive|seized|trapped|disappeared|vanished)";

/// Nouns that count casualties by themselves (`12 fatalities`, `23 casualties`).
pub const COUNT_NOUN: &str = r"(?:deaths|fatalities|fatality|casualties|injuries|bodies|body|dead|victims|hostages|captives)";

/// Who the victims are.
pub const VICTIM: &str = r"(?:civilians|civilian|people|persons|person|soldiers|soldier|troops|servicemen|children|child|kids|women|woman|men|man|residents|villagers|workers|miners|passengers|students|pupils|schoolchildren|others|other|officers|policemen|police\s+officers|militants|fighters|insurgents|rebels|members|staff|victims|individuals|farmers|worshippers|pilgrims|protesters|demonstrators|journalists|tourists|migrants|refugees|crew|sailors|guards|employees|inmates|prisoners|boys|girls|babies|infants|family\s+members|relatives|citizens|nationals|occupants|firefighters|rescuers|climbers|hikers|team|patrol|noncombatants|combatants|terrorists)";

/// Qualifiers before a number.
pub const QUALIFIER: &str = r"(?:a\s+total\s+of|at\s+least|no\s+fewer\s+than|no\s+less\s+than|more\s+than|over|upwards\s+of|about|around|approximately|roughly|nearly|almost|some|an\s+estimated|up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than)";

pub fn category_of(word: &str) -> Option<Category> {
    let lower = word.to_lowercase();
    let w = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match w.as_str() {
        "killed" | "killing" | "kills" | "kill" | "dead" | "died" | "die" | "perished"
        | "lost their lives" | "were slain" | "slain" | "deaths" | "fatalities" | "fatality"
        | "bodies" | "body" | "death toll" | "toll" | "death" | "killings" | "loss" | "losses" => {
            Category::Killed
        }
        "wounded" | "wounding" | "wounds" | "wound" | "injured" | "injuring" | "injures"
        | "injure" | "hurt" | "hospitalized" | "hospitalised" | "injuries" | "casualties" => {
            Category::Injured
        }
        "missing" | "unaccounted for" | "buried" | "burying" | "trapped" | "trapping"
        | "disappeared" | "vanished" => Category::Missing,
        "abducted" | "abducting" | "abducts" | "kidnapped" | "kidnapping" | "kidnaps"
        | "captured" | "capturing" | "seized" | "took away" | "taking away" | "taken hostage"
        | "taken prisoner" | "held hostage" | "held captive" | "hostages" | "captives"
        | "capture" | "abduction" => Category::Captured,
        _ => return None,
    })
}

/// The contract's qualifier for the words before a number; `exact` without any.
pub fn qualifier_of(words: Option<&str>) -> &'static str {
    let Some(words) = words else { return "exact" };
    let lower = words.to_lowercase();
    let w = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match w.as_str() {
        "at least" | "no fewer than" | "no less than" => "at least",
        "more than" | "over" | "upwards of" => "more than",
        "up to" | "as many as" => "up to",
        "at most" | "no more than" => "at most",
        "a total of" => "exact",
        _ => "about",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_map_to_categories_and_qualifiers() {
        assert_eq!(category_of("lost  their lives"), Some(Category::Killed));
        assert_eq!(category_of("Wounded"), Some(Category::Injured));
        assert_eq!(category_of("taken hostage"), Some(Category::Captured));
        assert_eq!(category_of("troops"), None);
        assert_eq!(qualifier_of(Some("At least")), "at least");
        assert_eq!(qualifier_of(Some("as many as")), "up to");
        assert_eq!(qualifier_of(Some("nearly")), "about");
        assert_eq!(qualifier_of(None), "exact");
    }
}
