//! Byte offsets and ranges into a document's text.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Index};

/// A UTF-8 byte offset into [`crate::Document::text`].
///
/// `u32` is enough for any news article (4 GiB) and halves the size of every
/// annotation compared with `usize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TextSize(u32);

impl TextSize {
    /// Offset zero.
    pub const ZERO: TextSize = TextSize(0);

    /// Wraps a raw offset.
    pub const fn new(offset: u32) -> TextSize {
        TextSize(offset)
    }

    /// The offset as a `usize`, for slicing.
    pub const fn to_usize(self) -> usize {
        self.0 as usize
    }

    /// The offset as a `u32`.
    pub const fn to_u32(self) -> u32 {
        self.0
    }

    /// Converts a `usize` offset; fails on texts over 4 GiB.
    pub fn try_from_usize(offset: usize) -> Result<TextSize, RangeError> {
        u32::try_from(offset).map(TextSize).map_err(|_| RangeError::TooLong { offset })
    }

    /// The byte length of `s` as a `TextSize`.
    pub fn of(s: &str) -> Result<TextSize, RangeError> {
        TextSize::try_from_usize(s.len())
    }
}

impl Add for TextSize {
    type Output = TextSize;
    fn add(self, rhs: TextSize) -> TextSize {
        TextSize(self.0 + rhs.0)
    }
}

impl fmt::Display for TextSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A half-open byte range `start..end` into a text.
///
/// Every `TextRange` satisfies `start <= end`; [`TextRange::checked`] also
/// checks that both ends are in bounds and on character boundaries of the
/// text it is meant for, which is how ranges are built from untrusted input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    start: TextSize,
    end: TextSize,
}

/// Why a range could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RangeError {
    /// `start` is after `end`.
    #[error("range start {start} is after its end {end}")]
    Inverted {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
    },
    /// The range ends past the text.
    #[error("range end {end} is past the text's length {len}")]
    OutOfBounds {
        /// End offset.
        end: usize,
        /// Text length in bytes.
        len: usize,
    },
    /// An end falls inside a multi-byte character.
    #[error("offset {offset} is not on a character boundary")]
    NotCharBoundary {
        /// The offending offset.
        offset: usize,
    },
    /// The text is longer than `u32::MAX` bytes.
    #[error("offset {offset} does not fit in 32 bits")]
    TooLong {
        /// The offending offset.
        offset: usize,
    },
}

impl TextRange {
    /// Builds `start..end`. Panics if `start > end`: that is a programming
    /// error, never a property of input, as with `std`'s slicing.
    pub fn new(start: TextSize, end: TextSize) -> TextRange {
        assert!(start <= end, "TextRange start {start} after end {end}");
        TextRange { start, end }
    }

    /// The empty range at `offset`.
    pub fn empty(offset: TextSize) -> TextRange {
        TextRange { start: offset, end: offset }
    }

    /// Builds `start..end` for `text`, checking order, bounds and character
    /// boundaries.
    pub fn checked(text: &str, start: usize, end: usize) -> Result<TextRange, RangeError> {
        if start > end {
            return Err(RangeError::Inverted { start, end });
        }
        if end > text.len() {
            return Err(RangeError::OutOfBounds { end, len: text.len() });
        }
        for offset in [start, end] {
            if !text.is_char_boundary(offset) {
                return Err(RangeError::NotCharBoundary { offset });
            }
        }
        Ok(TextRange { start: TextSize::try_from_usize(start)?, end: TextSize::try_from_usize(end)? })
    }

    /// The range covering all of `text`.
    pub fn full(text: &str) -> Result<TextRange, RangeError> {
        TextRange::checked(text, 0, text.len())
    }

    /// Start offset.
    pub const fn start(self) -> TextSize {
        self.start
    }

    /// End offset (exclusive).
    pub const fn end(self) -> TextSize {
        self.end
    }

    /// Length in bytes.
    pub const fn len(self) -> u32 {
        self.end.0 - self.start.0
    }

    /// True when the range covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.start.0 == self.end.0
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two ranges share at least one byte.
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The range as `usize` bounds, for slicing.
    pub fn to_std(self) -> std::ops::Range<usize> {
        self.start.to_usize()..self.end.to_usize()
    }
}

impl fmt::Display for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Index<TextRange> for str {
    type Output = str;
    fn index(&self, range: TextRange) -> &str {
        &self[range.to_std()]
    }
}

impl Index<TextRange> for String {
    type Output = str;
    fn index(&self, range: TextRange) -> &str {
        &self[range.to_std()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_rejects_bad_ranges() {
        let text = "Niger’s army";
        assert!(TextRange::checked(text, 0, 5).is_ok());
        assert_eq!(TextRange::checked(text, 6, 7), Err(RangeError::NotCharBoundary { offset: 6 }));
        assert_eq!(TextRange::checked(text, 3, 2), Err(RangeError::Inverted { start: 3, end: 2 }));
        assert_eq!(
            TextRange::checked(text, 0, 99),
            Err(RangeError::OutOfBounds { end: 99, len: text.len() })
        );
        let r = TextRange::checked(text, 0, 8).unwrap();
        assert_eq!(&text[r], "Niger’");
    }

    #[test]
    fn cover_and_overlap() {
        let a = TextRange::new(TextSize::new(2), TextSize::new(5));
        let b = TextRange::new(TextSize::new(4), TextSize::new(9));
        let c = TextRange::new(TextSize::new(5), TextSize::new(6));
        assert!(a.overlaps(b));
        assert!(!a.overlaps(c));
        assert_eq!(a.cover(b), TextRange::new(TextSize::new(2), TextSize::new(9)));
        assert!(a.cover(b).contains_range(c));
    }
}
