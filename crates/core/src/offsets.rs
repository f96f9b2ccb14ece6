//! Byte offsets → Unicode code-point offsets (what the output contract and Python's `str`
//! use). Extractors work in bytes; this conversion happens once per document at output.

/// Converts byte offsets of one text to code-point offsets. Queries in increasing order
/// cost one pass over the text in total; an earlier query restarts from the beginning.
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
        if byte < self.last_byte {
            self.last_byte = 0;
            self.last_code_point = 0;
        }
        let skipped = &self.text.as_bytes()[self.last_byte..byte];
        self.last_code_point += skipped.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
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
        assert_eq!(cp.at(2), 1, "going back restarts the count");
    }

    #[test]
    fn ascii_is_identity() {
        let mut cp = CodePoints::new("plain");
        assert_eq!(cp.at(5), 5);
    }
}
