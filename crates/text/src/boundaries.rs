//! The character boundary nearest a byte offset, for windows cut at a byte distance from a
//! position (`str::floor_char_boundary` is not stable yet).

/// The last character boundary at or before `at` (clamped to the text).
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The first character boundary at or after `at` (clamped to the text).
pub fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_round_to_whole_characters_and_stay_in_the_text() {
        let text = "aé😀";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(ceil_char_boundary(text, 2), 3);
        assert_eq!(floor_char_boundary(text, 5), 3);
        assert_eq!(ceil_char_boundary(text, 5), 7);
        assert_eq!(ceil_char_boundary(text, 99), 7);
        assert_eq!(floor_char_boundary(text, 1), 1);
    }
}
