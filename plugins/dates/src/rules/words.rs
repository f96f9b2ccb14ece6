//! Finding the trigger words where a word can start, as a leftmost-longest search for them
//! would find them there, without an automaton step for every byte: eight bytes at a time
//! mark the positions where a word can start, and only those are looked up. Whether a word
//! found counts (its capitals, what stands before it) is [`super::triggers`]'s to say.
//!
//! (The casualties plugin keeps aho-corasick for its stems: over a lower-cased copy its
//! SIMD prefilter costs about 8 instructions a byte, less than a look-up at every word
//! start. The dates automaton, case-insensitive with digits and colons, cost 19.)

/// A list of words (ASCII case aside), looked up by the first three bytes at a position.
pub struct WordList {
    /// Bucket `b` holds `words[starts[b]..starts[b + 1]]`, longest first.
    starts: Vec<u16>,
    words: Vec<Packed>,
}

impl WordList {
    /// # Panics
    /// When a word is empty, longer than 16 bytes or has a zero byte: lists are constants.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordList {
        const BUCKETS: usize = 1 << 15;
        let words: Vec<&str> = words.into_iter().collect();
        // A word shorter than three bytes is in every bucket the bytes after it can pick.
        let mut entries: Vec<(usize, usize)> = Vec::new();
        for (index, word) in words.iter().enumerate() {
            let bytes = word.as_bytes();
            assert!(
                !bytes.is_empty() && bytes.len() <= 16 && !bytes.contains(&0),
                "word {word:?}: 1 to 16 bytes, none zero"
            );
            let choices = |i: usize| match bytes.get(i) {
                Some(&byte) => vec![byte],
                None => (0..32).collect(),
            };
            for second in choices(1) {
                for third in choices(2) {
                    entries.push((bucket([bytes[0], second, third]), index));
                }
            }
        }
        entries.sort_by_key(|&(bucket, index)| (bucket, std::cmp::Reverse(words[index].len())));
        let starts = (0..=BUCKETS)
            .map(|bucket| {
                let start = entries.partition_point(|&(b, _)| b < bucket);
                u16::try_from(start).expect("fewer than 65536 bucket entries")
            })
            .collect();
        let words = entries
            .iter()
            .map(|&(_, index)| Packed::new(words[index], index))
            .collect();
        WordList { starts, words }
    }

    /// The index of the longest word (ASCII case aside) that `bytes[at..]` starts with.
    pub fn longest_at(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let rest = &bytes[at..];
        let key = bucket(first_bytes(rest));
        let (start, end) = (self.starts[key], self.starts[key + 1]);
        if start == end {
            return None;
        }
        let text16 = u128::from_le_bytes(first_bytes(rest));
        self.words[usize::from(start)..usize::from(end)]
            .iter()
            .find(|packed| packed.starts(text16))
            .map(|packed| packed.index)
    }
}

/// A word as a 16-byte mask test: `text16 | fold` keeps the text's bytes where the word
/// has a non-letter and lower-cases them where it has a letter (`t | 0x20` is the word's
/// lower-case letter only for that letter in either case); `mask` keeps the word's length.
struct Packed {
    lower: u128,
    fold: u128,
    mask: u128,
    index: usize,
}

impl Packed {
    fn new(word: &str, index: usize) -> Packed {
        let (lower, fold, mask) = word.bytes().enumerate().fold(
            (0u128, 0u128, 0u128),
            |(lower, fold, mask), (i, byte)| {
                let shift = 8 * i;
                let letter = u128::from(byte.is_ascii_alphabetic()) * 0x20;
                (
                    lower | u128::from(byte.to_ascii_lowercase()) << shift,
                    fold | letter << shift,
                    mask | 0xFF << shift,
                )
            },
        );
        Packed {
            lower,
            fold,
            mask,
            index,
        }
    }

    fn starts(&self, text16: u128) -> bool {
        (text16 | self.fold) & self.mask == self.lower
    }
}

/// Which bucket a position whose first three bytes are these looks in: the low five bits
/// of each, case aside (so a word and any casing of it share a bucket; unrelated words
/// may too, which only costs a test). Most words of a text find an empty bucket.
fn bucket([first, second, third]: [u8; 3]) -> usize {
    let low = |byte: u8| usize::from((byte | 0x20) & 0x1F);
    low(first) << 10 | low(second) << 5 | low(third)
}

/// The first `N` bytes, zeros past the end (no word has a zero byte).
fn first_bytes<const N: usize>(bytes: &[u8]) -> [u8; N] {
    if let Some(Ok(full)) = bytes.get(..N).map(<[u8; N]>::try_from) {
        return full;
    }
    let mut padded = [0; N];
    padded[..bytes.len()].copy_from_slice(bytes);
    padded
}

/// The positions of `bytes`, in order, where a trigger word can start: an ASCII letter
/// that follows no ASCII letter (or starts the text), and every digit and colon (`1990`,
/// `'90s`, `14:30`).
pub fn word_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut chunk_start = 0;
    let mut candidates = 0u64;
    let mut letter_before = 0;
    std::iter::from_fn(move || {
        while candidates == 0 {
            if chunk_start >= bytes.len() {
                return None;
            }
            let chunk = u64::from_le_bytes(first_bytes(&bytes[chunk_start..]));
            let letters = letters(chunk);
            candidates = letters & !(letters << 8 | letter_before) | digits_or_colons(chunk);
            letter_before = letters >> 56;
            chunk_start += 8;
        }
        let at = chunk_start - 8 + candidates.trailing_zeros() as usize / 8;
        candidates &= candidates - 1;
        Some(at)
    })
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each byte of `chunk` that is an ASCII letter. Each test adds to the
/// low seven bits, which cannot carry into the next byte.
fn letters(chunk: u64) -> u64 {
    let lower = (chunk | 0x2020_2020_2020_2020) & LOW_BITS;
    let from_a = lower + 0x1F1F_1F1F_1F1F_1F1F; // 0x80 - b'a'
    let past_z = lower + 0x0505_0505_0505_0505; // 0x80 - (b'z' + 1)
    from_a & !past_z & !chunk & HIGH_BITS
}

/// The high bit of each byte of `chunk` from `0` to `:`.
fn digits_or_colons(chunk: u64) -> u64 {
    let low = chunk & LOW_BITS;
    let from_zero = low + 0x5050_5050_5050_5050; // 0x80 - b'0'
    let past_colon = low + 0x4545_4545_4545_4545; // 0x80 - (b':' + 1)
    from_zero & !past_colon & !chunk & HIGH_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_are_marked_byte_by_byte() {
        let chunk = u64::from_le_bytes(*b"aZ@[`{09");
        assert_eq!(letters(chunk), 0x8080);
        assert_eq!(digits_or_colons(chunk), 0x8080 << 48);
        let chunk = u64::from_le_bytes([b'z', 0xC3, 0xA9, b':', b'/', b';', b'A', 0xFF]);
        assert_eq!(letters(chunk), 0x80 | 0x80 << 48);
        assert_eq!(digits_or_colons(chunk), 0x80 << 24);
    }

    #[test]
    fn words_start_at_letters_after_no_letter_digits_and_colons() {
        let text = "Ab cd-ef9gh 12:30 émile x";
        let starts: Vec<usize> = word_starts(text.as_bytes()).collect();
        // `émile`: the `m` after the two bytes of `é` follows no ASCII letter.
        assert_eq!(starts, [0, 3, 6, 8, 9, 12, 13, 14, 15, 16, 20, 25]);
    }

    #[test]
    fn the_longest_word_is_found_in_any_case_and_only_whole() {
        let list = WordList::new(["day", "days", "a.m", "am", ":", "New Year"]);
        let at = |text: &str, at: usize| list.longest_at(text.as_bytes(), at);
        assert_eq!(at("Days later", 0), Some(1));
        assert_eq!(at("DAY", 0), Some(0));
        assert_eq!(at("da", 0), None);
        assert_eq!(at("9 A.M.", 2), Some(2));
        assert_eq!(at("9 AM", 2), Some(3));
        assert_eq!(at("9 A-M", 2), None);
        assert_eq!(at("12:30", 2), Some(4));
        assert_eq!(at("new year", 0), Some(5));
        assert_eq!(at("new\u{a0}year", 0), None);
        assert_eq!(at("New Yea", 0), None);
    }
}
