//! Plain text to paragraphs: blank lines separate paragraphs, and each line
//! is a unit the furniture filter can drop on its own.

use std::ops::Range;

/// A run of consecutive kept lines: byte range into the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range of the paragraph (from its first line's first non-space
    /// character to its last line's last non-space character).
    pub range: Range<usize>,
    /// True when the paragraph is a single line.
    pub single_line: bool,
    /// True when a blank line (or the end of the text) follows.
    pub blank_after: bool,
}

/// One line of text with its trimmed byte range.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// Byte range of the trimmed line.
    pub start: usize,
    /// End of the trimmed line.
    pub end: usize,
}

/// The non-blank lines of `text`, each with the number of blank lines before
/// it (`0` means it continues the paragraph of the previous line).
pub fn lines(text: &str) -> Vec<(Line, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut blank_before = true;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let trimmed_start = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        if content.is_empty() {
            blank_before = true;
            continue;
        }
        let s = start + trimmed_start;
        out.push((Line { start: s, end: s + content.len() }, blank_before));
        blank_before = false;
    }
    out
}

/// Groups kept lines into paragraphs. `keep[i]` says whether line `i` of
/// `lines` survived filtering; a dropped line ends the paragraph it was in.
pub fn paragraphs(lines: &[(Line, bool)], keep: &[bool]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    for (i, ((line, blank_before), kept)) in lines.iter().zip(keep).enumerate() {
        let starts_new = *blank_before || !kept || i == 0 || !keep[i - 1];
        if starts_new {
            if let Some(p) = current.take() {
                out.push(p);
            }
        }
        if !kept {
            continue;
        }
        let blank_after = lines.get(i + 1).is_none_or(|(_, b)| *b);
        match current.as_mut() {
            Some(p) => {
                p.range.end = line.end;
                p.single_line = false;
                p.blank_after = blank_after;
            }
            None => current = Some(Paragraph { range: line.start..line.end, single_line: true, blank_after }),
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_lines_and_splits_at_dropped_ones() {
        let text = "Headline here\n\n  First line\nsecond line\nRead Also: promo\nthird\n\n\nLast.\n";
        let ls = lines(text);
        assert_eq!(ls.len(), 6);
        let keep: Vec<bool> =
            ls.iter().map(|(l, _)| !text[l.start..l.end].starts_with("Read Also")).collect();
        let ps = paragraphs(&ls, &keep);
        let texts: Vec<&str> = ps.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(texts, ["Headline here", "First line\nsecond line", "third", "Last."]);
        assert!(ps[0].single_line && ps[0].blank_after);
        assert!(!ps[1].single_line && !ps[1].blank_after);
        assert!(ps[3].blank_after);
    }
}
