//! Sentence splitting and tokenisation, by rules, following the UD English
//! (EWT, GUM) conventions so that models trained on those treebanks see the
//! tokens they were trained on.
//!
//! Tokens are byte ranges of the text, never empty and never containing
//! whitespace. Sentences never cross blocks: each block (headline,
//! paragraph) is segmented on its own, and a headline without a final stop
//! is one sentence.
//!
//! Conventions (measured on the EWT and GUM training sets):
//! - clitics split: `can't` → `ca` `n't`, `won't` → `wo` `n't`, `Niger's` →
//!   `Niger` `'s` (also with `’`), `cannot` → `can` `not`, `gonna` → `gon` `na`;
//! - punctuation split, runs of one mark kept (`...`, `--`, `!!!`);
//! - hyphens between words are tokens (`long` `-` `running`, `Yunus` `-`
//!   `Bek`) except after prefixes such as `non-`, `re-`, `co-`, `e-`, and in
//!   phone numbers and dates (`713-853-3989`); number ranges split (`5` `-` `10`);
//! - numbers keep their separators (`1,500`, `3.5`, `7:30`, `11/28/2000`);
//!   units after numbers split (`2.4bn` → `2.4` `bn`, `5pm` → `5` `pm`),
//!   ordinals and decades do not (`20th`, `1990s`); `$`, `%` are tokens;
//! - abbreviations keep their period (`Gen.`, `U.S.`, `J.`, `a.m.`, `No.`);
//! - URLs and e-mail addresses are one token.

mod tokenize;

#[cfg(test)]
mod tests;

use dateline_doc::{Block, Document, Layer, Layers, Sentence, Stage, TextRange, TextSize, Token};
use std::collections::HashSet;
use std::ops::Range;

/// The abbreviation list, from `data/segment/abbreviations.txt`.
const ABBREVIATIONS: &str = include_str!("../../../../data/segment/abbreviations.txt");

/// Capitalised words that start sentences often enough that after an
/// abbreviation which may end a sentence ("etc.", "Inc.", "U.S.") they mark a
/// new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "In",
    "But",
    "And",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "If",
    "When",
    "As",
    "At",
    "On",
    "For",
    "After",
    "So",
    "Then",
    "However",
    "Also",
    "What",
    "Why",
    "How",
    "Who",
    "Some",
    "Many",
    "Most",
    "One",
    "Now",
    "Still",
    "Yet",
    "Thus",
    "Meanwhile",
    "Other",
    "According",
    "Officials",
    "While",
    "Although",
    "Since",
    "Because",
];

/// Abbreviations that are also words: they keep their period only before
/// a number ("No. 10", "Art. 5"; but "I said No.").
const BEFORE_NUMBERS: &[&str] =
    &["No.", "Nos.", "no.", "Art.", "Sec.", "Ch.", "Para.", "Fig.", "Vol.", "p.", "pp."];

/// Abbreviations, split by whether they can end a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Abbreviations {
    titles: HashSet<&'static str>,
    other: HashSet<&'static str>,
}

impl Abbreviations {
    fn load() -> Abbreviations {
        let mut titles = HashSet::new();
        let mut other = HashSet::new();
        let mut in_titles = true;
        for line in ABBREVIATIONS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line {
                "[title]" => in_titles = true,
                "[other]" => in_titles = false,
                _ if in_titles => {
                    titles.insert(line);
                }
                _ => {
                    other.insert(line);
                }
            }
        }
        Abbreviations { titles, other }
    }

    /// Whether the period at the end of `with_period` belongs to the word.
    pub(crate) fn attaches_period(&self, with_period: &str, next: Option<char>) -> bool {
        if BEFORE_NUMBERS.contains(&with_period) {
            return next.is_some_and(|c| c.is_ascii_digit());
        }
        if self.titles.contains(with_period) || self.other.contains(with_period) {
            return true;
        }
        if with_period.len() > 2 && with_period.bytes().all(|b| b.is_ascii_uppercase() || b == b'.') {
            // "PVT." → "Pvt.", "LTD." → "Ltd."
            let mut cap = with_period.to_ascii_lowercase();
            cap[..1].make_ascii_uppercase();
            if self.titles.contains(cap.as_str()) || self.other.contains(cap.as_str()) {
                return true;
            }
        }
        let body = &with_period[..with_period.len() - 1];
        // Initials and letter-period abbreviations: J., U.S., a.m., Ph.D.
        let mut n = 0;
        for part in body.split('.') {
            n += 1;
            let letters = part.chars().count();
            if letters == 0 || letters > 2 || !part.chars().all(char::is_alphabetic) {
                return false;
            }
        }
        n > 1 || body.chars().count() == 1
    }

    /// True for a token (ending in '.') after which no sentence ends.
    fn is_title(&self, token: &str) -> bool {
        if self.titles.contains(token) {
            return true;
        }
        // A single initial: "J."
        let body = &token[..token.len() - 1];
        let mut chars = body.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    }
}

/// The rule-based segmenter: built once (the abbreviation list is parsed
/// when it is created), then shared between threads.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbr: Abbreviations,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// Builds a segmenter with the bundled abbreviation list.
    pub fn new() -> Segmenter {
        Segmenter { abbr: Abbreviations::load() }
    }

    /// Tokenises `text[range]` and splits it into sentences. Token ranges
    /// are absolute (into `text`); sentences are ranges of token indices
    /// into the returned token list. A `range` that is out of bounds or
    /// not on character boundaries yields nothing.
    pub fn segment(&self, text: &str, range: TextRange) -> (Vec<TextRange>, Vec<Range<usize>>) {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        self.segment_into(text, range, &mut tokens, &mut sentences);
        (tokens, sentences)
    }

    /// Like [`Segmenter::segment`], appending to `tokens` and `sentences`
    /// (sentence indices refer to positions in `tokens`, including what
    /// was there before).
    pub fn segment_into(
        &self,
        text: &str,
        range: TextRange,
        tokens: &mut Vec<TextRange>,
        sentences: &mut Vec<Range<usize>>,
    ) {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return;
        }
        if u32::try_from(text.len()).is_err() {
            return;
        }
        let mut spans = Vec::new();
        self.tokenize_spans(text, start, end, &mut spans);
        let first = tokens.len();
        tokens.extend(spans.iter().map(|&(a, b)| to_range(a, b)));
        for r in self.split_sentences(text, &spans) {
            sentences.push(first + r.start..first + r.end);
        }
    }

    /// Tokenises `text[range]` without splitting sentences.
    pub fn tokenize(&self, text: &str, range: TextRange) -> Vec<TextRange> {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Vec::new();
        }
        let mut spans = Vec::new();
        self.tokenize_spans(text, start, end, &mut spans);
        spans.into_iter().map(|(a, b)| to_range(a, b)).collect()
    }

    fn tokenize_spans(&self, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_whitespace() {
                    i += 1;
                    continue;
                }
            } else if let Some(c) = tokenize::char_at(text, i) {
                if c.is_whitespace() || is_invisible(c) {
                    i += c.len_utf8();
                    continue;
                }
            }
            // A chunk: up to the next whitespace.
            let mut j = i;
            while j < end {
                let b = bytes[j];
                if b < 0x80 {
                    if b.is_ascii_whitespace() {
                        break;
                    }
                    j += 1;
                } else {
                    match tokenize::char_at(text, j) {
                        Some(c) if c.is_whitespace() || is_invisible(c) => break,
                        Some(c) => j += c.len_utf8(),
                        None => break,
                    }
                }
            }
            tokenize::tokenize_chunk(text, i, j, &self.abbr, out);
            i = j;
        }
    }

    /// Splits the tokens of one block into sentences (index ranges).
    fn split_sentences(&self, text: &str, spans: &[(usize, usize)]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut sent_start = 0;
        let n = spans.len();
        let mut k = 0;
        while k < n {
            let (a, b) = spans[k];
            let tok = &text[a..b];
            let mut boundary_after = None;
            if is_terminal(tok) {
                // Closing quotes and brackets attached to the stop go with it.
                let mut last = k;
                while last + 1 < n
                    && spans[last + 1].0 == spans[last].1
                    && is_closing(&text[spans[last + 1].0..spans[last + 1].1])
                {
                    last += 1;
                }
                // A citation mark "[17]" after the stop ends the sentence.
                while last + 3 < n
                    && &text[spans[last + 1].0..spans[last + 1].1] == "["
                    && text[spans[last + 2].0..spans[last + 2].1].bytes().all(|b| b.is_ascii_digit())
                    && &text[spans[last + 3].0..spans[last + 3].1] == "]"
                {
                    last += 3;
                }
                match spans.get(last + 1) {
                    None => boundary_after = Some(last),
                    Some(&(na, nb)) => {
                        let next = &text[na..nb];
                        let first_char = next.chars().next().unwrap_or(' ');
                        let ellipsis = tok.starts_with("..") || tok.starts_with('\u{2026}');
                        let starts_upper =
                            first_char.is_uppercase() || first_char.is_ascii_digit() || is_opening_tok(next);
                        let spaced = na > spans[last].1;
                        let closes = is_closing(next) && !(spaced && matches!(next, "\"" | "'"));
                        if (ellipsis && starts_upper)
                            || (!ellipsis
                                && ((last == k && !tok.starts_with("..")) || !first_char.is_lowercase())
                                && next != ","
                                && !closes)
                        {
                            boundary_after = Some(last);
                        }
                    }
                }
                if boundary_after.is_none() {
                    k = last;
                }
            } else if tok.len() > 1 && tok.ends_with('.') && !self.abbr.is_title(tok) {
                // "etc." / "U.S." / "Inc." may end a sentence.
                match spans.get(k + 1) {
                    None => boundary_after = Some(k),
                    Some(&(na, nb)) => {
                        let next = &text[na..nb];
                        if SENTENCE_STARTERS.contains(&next)
                            || is_opening_quote_before_upper(text, spans, k + 1)
                        {
                            boundary_after = Some(k);
                        }
                    }
                }
            }
            if boundary_after.is_none() && k + 1 < n {
                // A line break inside a block.
                let gap = &text[spans[k].1..spans[k + 1].0];
                if gap.contains('\n') && line_break_ends_sentence(tok, &text[spans[k + 1].0..spans[k + 1].1])
                {
                    boundary_after = Some(k);
                }
            }
            if let Some(last) = boundary_after {
                out.push(sent_start..last + 1);
                sent_start = last + 1;
                k = last + 1;
            } else {
                k += 1;
            }
        }
        if sent_start < n {
            out.push(sent_start..n);
        }
        out
    }
}

/// Zero-width and formatting characters treated as spaces.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{2060}')
}

fn to_range(a: usize, b: usize) -> TextRange {
    // Offsets were checked against a text of at most u32::MAX bytes.
    TextRange::new(TextSize::new(a as u32), TextSize::new(b as u32))
}

fn is_terminal(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}'))
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "\u{201d}" | "\u{2019}" | ")" | "]" | "}" | "\u{bb}" | "''")
}

fn is_opening_tok(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "\u{201c}" | "\u{2018}" | "(" | "[" | "\u{ab}" | "``" | "-" | "--" | "*")
}

fn is_opening_quote_before_upper(text: &str, spans: &[(usize, usize)], k: usize) -> bool {
    let Some(&(a, b)) = spans.get(k) else { return false };
    if !matches!(&text[a..b], "\"" | "\u{201c}") {
        return false;
    }
    spans.get(k + 1).is_some_and(|&(na, _)| text[na..].chars().next().is_some_and(char::is_uppercase))
}

/// A line break ends a sentence unless the line ends mid-sentence and the
/// next one starts in lower case (wrapped text).
fn line_break_ends_sentence(prev: &str, next: &str) -> bool {
    let next_lower = next.chars().next().is_some_and(char::is_lowercase);
    let prev_open = prev.ends_with(|c: char| c.is_lowercase() || matches!(c, ',' | ';' | '-' | '(' | ':'));
    !(next_lower || prev_open && !next.chars().next().is_some_and(char::is_uppercase))
}

/// The byte ranges of the paragraphs of `text`: runs separated by blank
/// lines (lines holding only whitespace).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut line_start = 0;
    let mut last_content_end = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..last_content_end);
            }
        } else {
            if start.is_none() {
                start = Some(line_start + (line.len() - line.trim_start().len()));
            }
            last_content_end = line_start + line.trim_end().len();
        }
        line_start = line_end;
    }
    if let Some(s) = start {
        out.push(s..last_content_end);
    }
    out
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment.rules.v1"
    }

    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Text, Layer::Blocks])
    }

    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }

    fn run(&self, doc: &mut Document) {
        let text = doc.text();
        let regions: Vec<TextRange> = if doc.blocks.is_empty() {
            paragraphs(text).into_iter().map(|r| to_range(r.start, r.end)).collect()
        } else {
            doc.blocks.iter().map(|b: &Block| b.range).collect()
        };
        let mut ranges = Vec::new();
        let mut sents = Vec::new();
        for region in regions {
            self.segment_into(text, region, &mut ranges, &mut sents);
        }
        let sentences: Vec<Sentence> = sents
            .into_iter()
            .filter(|s| s.start < s.end)
            .map(|s| Sentence {
                range: ranges[s.start].cover(ranges[s.end - 1]),
                tokens: s.start as u32..s.end as u32,
            })
            .collect();
        doc.tokens = ranges.into_iter().map(Token::new).collect();
        doc.sentences = sentences;
    }
}
