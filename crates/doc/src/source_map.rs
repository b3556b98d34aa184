//! The map from a document's cleaned text back to its raw source bytes.

use crate::TextRange;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One aligned run: a range of the cleaned text and the raw bytes it came
/// from.
///
/// `exact` runs are byte-for-byte copies (plain text, JSONL `text`), so any
/// sub-range maps to the same sub-range of the raw bytes. Inexact runs
/// (an HTML paragraph whose markup and entities were removed, or text decoded
/// from another charset) map as a whole to the raw span of their element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// The range in the cleaned text.
    pub text: TextRange,
    /// Byte offsets into the raw input (after gzip and container framing,
    /// e.g. into the WARC record's HTTP body).
    pub raw: Range<u64>,
    /// True when `text` and `raw` hold identical bytes.
    pub exact: bool,
}

/// A run-length alignment from text ranges to raw byte ranges, sorted by
/// text offset, without overlaps. Text between runs (separators the cleaner
/// inserted) has no source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMap {
    spans: Vec<SourceSpan>,
}

impl SourceMap {
    /// An empty map (text with no known source, e.g. built in a test).
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Appends a run. Runs must be pushed in text order; a run that starts
    /// before the previous one ends is ignored, keeping the map well-formed.
    pub fn push(&mut self, span: SourceSpan) {
        if let Some(last) = self.spans.last() {
            if span.text.start() < last.text.end() {
                return;
            }
        }
        self.spans.push(span);
    }

    /// The runs, in text order.
    pub fn spans(&self) -> &[SourceSpan] {
        &self.spans
    }

    /// The raw byte range that `range` of the text came from: exact when it
    /// lies inside one exact run, otherwise the cover of every run it touches.
    /// `None` when it touches no run.
    pub fn raw_range(&self, range: TextRange) -> Option<Range<u64>> {
        let first = self.spans.partition_point(|s| s.text.end() <= range.start());
        let touched: Vec<&SourceSpan> = self.spans[first..]
            .iter()
            .take_while(|s| {
                s.text.start() < range.end() || (range.is_empty() && s.text.start() == range.start())
            })
            .collect();
        match touched.as_slice() {
            [] => None,
            [one] if one.exact && one.text.contains_range(range) => {
                let delta = u64::from(range.start().to_u32() - one.text.start().to_u32());
                let start = one.raw.start + delta;
                Some(start..start + u64::from(range.len()))
            }
            many => {
                let start = many.iter().map(|s| s.raw.start).min()?;
                let end = many.iter().map(|s| s.raw.end).max()?;
                Some(start..end)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextSize;

    fn r(a: u32, b: u32) -> TextRange {
        TextRange::new(TextSize::new(a), TextSize::new(b))
    }

    #[test]
    fn exact_and_inexact_runs() {
        let mut map = SourceMap::new();
        map.push(SourceSpan { text: r(0, 10), raw: 100..110, exact: true });
        map.push(SourceSpan { text: r(12, 20), raw: 150..190, exact: false });
        assert_eq!(map.raw_range(r(2, 5)), Some(102..105));
        assert_eq!(map.raw_range(r(13, 14)), Some(150..190));
        assert_eq!(map.raw_range(r(5, 15)), Some(100..190));
        assert_eq!(map.raw_range(r(10, 12)), None);
        // Out-of-order runs are refused.
        map.push(SourceSpan { text: r(15, 30), raw: 0..1, exact: true });
        assert_eq!(map.spans().len(), 2);
    }
}
