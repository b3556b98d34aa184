//! Conversions from byte offsets to character and UTF-16 offsets.

use crate::{TextRange, TextSize};

/// Converts byte offsets of one text to Unicode scalar (character) offsets,
/// as Python's `str` indexes, and to UTF-16 code-unit offsets, as browsers
/// index.
///
/// Built once per text in O(n); each lookup is a binary search over the
/// text's non-ASCII characters only, so an ASCII text costs nothing.
#[derive(Debug, Clone)]
pub struct OffsetIndex {
    /// One entry per non-ASCII character, in text order.
    checkpoints: Vec<Checkpoint>,
    len: u32,
}

/// Where a non-ASCII character starts, in all three units, and its widths.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    byte: u32,
    chars: u32,
    utf16: u32,
    width_utf8: u32,
    width_utf16: u32,
}

impl Checkpoint {
    fn byte_end(self) -> u32 {
        self.byte + self.width_utf8
    }
}

impl OffsetIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> OffsetIndex {
        let mut checkpoints = Vec::new();
        let (mut chars, mut utf16) = (0u32, 0u32);
        for (byte, ch) in text.char_indices() {
            if !ch.is_ascii() {
                checkpoints.push(Checkpoint {
                    byte: byte as u32,
                    chars,
                    utf16,
                    width_utf8: ch.len_utf8() as u32,
                    width_utf16: ch.len_utf16() as u32,
                });
            }
            chars += 1;
            utf16 += ch.len_utf16() as u32;
        }
        OffsetIndex { checkpoints, len: text.len() as u32 }
    }

    /// The last non-ASCII character that ends at or before `byte`.
    fn last_before_byte(&self, byte: u32) -> Option<Checkpoint> {
        let idx = self.checkpoints.partition_point(|c| c.byte < byte);
        idx.checked_sub(1).map(|i| self.checkpoints[i])
    }

    /// The character offset of byte offset `offset` (which must be on a
    /// character boundary; offsets past the end are clamped to it).
    pub fn char_offset(&self, offset: TextSize) -> usize {
        let byte = offset.to_u32().min(self.len);
        match self.last_before_byte(byte) {
            Some(c) => (c.chars + 1 + (byte - c.byte_end())) as usize,
            None => byte as usize,
        }
    }

    /// The UTF-16 offset of byte offset `offset`.
    pub fn utf16_offset(&self, offset: TextSize) -> usize {
        let byte = offset.to_u32().min(self.len);
        match self.last_before_byte(byte) {
            Some(c) => (c.utf16 + c.width_utf16 + (byte - c.byte_end())) as usize,
            None => byte as usize,
        }
    }

    /// `(start, end)` of `range` in characters.
    pub fn char_range(&self, range: TextRange) -> (usize, usize) {
        (self.char_offset(range.start()), self.char_offset(range.end()))
    }

    /// `(start, end)` of `range` in UTF-16 code units.
    pub fn utf16_range(&self, range: TextRange) -> (usize, usize) {
        (self.utf16_offset(range.start()), self.utf16_offset(range.end()))
    }

    /// The byte offset of character offset `chars`, or `None` past the end.
    pub fn byte_of_char(&self, chars: usize) -> Option<TextSize> {
        let chars = u32::try_from(chars).ok()?;
        let idx = self.checkpoints.partition_point(|c| c.chars < chars);
        let byte = match idx.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some(c) => c.byte_end() + (chars - c.chars - 1),
            None => chars,
        };
        (byte <= self.len).then(|| TextSize::new(byte))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mixed_text() {
        let text = "Niger’s 🇳🇪 army";
        let idx = OffsetIndex::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            let b = TextSize::new(byte as u32);
            assert_eq!(idx.char_offset(b), chars);
            assert_eq!(idx.byte_of_char(chars), Some(b));
            assert_eq!(idx.utf16_offset(b), text[..byte].encode_utf16().count());
        }
        let n = text.chars().count();
        assert_eq!(idx.char_offset(TextSize::new(text.len() as u32)), n);
        assert_eq!(idx.byte_of_char(n), Some(TextSize::new(text.len() as u32)));
        assert_eq!(idx.byte_of_char(n + 1), None);
    }

    proptest! {
        #[test]
        fn agrees_with_std(text in "\\PC{0,40}") {
            let idx = OffsetIndex::new(&text);
            for (chars, (byte, _)) in text.char_indices().chain(std::iter::once((text.len(), ' '))).enumerate() {
                let b = TextSize::new(byte as u32);
                prop_assert_eq!(idx.char_offset(b), chars);
                prop_assert_eq!(idx.utf16_offset(b), text[..byte].encode_utf16().count());
                prop_assert_eq!(idx.byte_of_char(chars), Some(b));
            }
        }
    }
}
