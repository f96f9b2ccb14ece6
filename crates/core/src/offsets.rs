//! Byte offsets → Unicode code-point offsets (what the output contract and Python's `str`
//! use). Extractors work in bytes; this conversion happens once per document at output.

/// Converts byte offsets of one text to code-point offsets. Each query counts only the
/// bytes between it and the previous one, so queries in text order (and the small steps
/// back of anchors before their fact) cost about one pass over the text in total.
pub struct CodePoints<'t> {
    text: &'t str,
    ascii: bool,
    last_byte: usize,
    last_code_point: usize,
}

impl<'t> CodePoints<'t> {
    pub fn new(text: &'t str) -> Self {
        CodePoints {
            text,
            ascii: text.is_ascii(),
            last_byte: 0,
            last_code_point: 0,
        }
    }

    /// The code-point offset of `byte`, which must be a character boundary of the text.
    pub fn at(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let bytes = self.text.as_bytes();
        let starts = |range: &[u8]| range.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        if byte >= self.last_byte {
            self.last_code_point += starts(&bytes[self.last_byte..byte]);
        } else {
            self.last_code_point -= starts(&bytes[byte..self.last_byte]);
        }
        self.last_byte = byte;
        self.last_code_point
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "é😀a“b”";
        let mut cp = CodePoints::new(text);
        let expected: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(i, (b, _))| (b, i))
            .collect();
        for &(byte, code_point) in &expected {
            assert_eq!(cp.at(byte), code_point, "byte {byte}");
        }
        assert_eq!(cp.at(text.len()), text.chars().count());
        assert_eq!(cp.at(2), 1, "going back counts back");
        assert_eq!(cp.at(6), 2);
    }

    #[test]
    fn ascii_is_identity() {
        let mut cp = CodePoints::new("plain");
        assert_eq!(cp.at(5), 5);
    }
}
