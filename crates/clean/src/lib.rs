//! Cleaning: from a [`RawDocument`] to a [`Document`] whose text is the
//! article and nothing else.
//!
//! What happens, in order:
//! 1. **Decoding.** Bytes become text through the BOM, the HTTP charset, a
//!    `<meta charset>` or a guess; invalid bytes are replaced and noted.
//! 2. **Extraction.** HTML goes through [`dateline_extract::Extractor`],
//!    which finds the main text and the page's metadata. Plain text is split
//!    into paragraphs at blank lines; a first line followed by a blank line
//!    is the headline.
//! 3. **Furniture.** Every line of every input goes through
//!    [`dateline_extract::furniture::classify_line`] ("Read Also: ...",
//!    "Leave a Reply", ...), and a closing sign-off ("Africa Today News, New
//!    York") is recognised, dropped from the text and kept as metadata. What
//!    is dropped is kept in [`Document::boilerplate`] with its reason.
//! 4. **Assembly.** Headline and paragraphs are joined with blank lines into
//!    the document text, which never changes afterwards; each becomes a
//!    [`Block`], and a [`SourceMap`] records where each came from.
//!
//! **Architecture invariant:** cleaning is idempotent: cleaning the text of
//! a cleaned plain-text document gives the same text.

mod lang;
mod plain;
mod signoff;

use dateline_doc::{
    Block, BlockKind, Boilerplate, Diagnostic, Document, Layer, Layers, Meta, Published, Severity, SourceMap,
    SourceSpan, TextRange,
};
use dateline_extract::{charset, furniture, Extractor};
use dateline_ingest::{Content, RawDocument};
use std::ops::Range;

pub use lang::detect as detect_language;

/// The name cleaning records in diagnostics and provenance.
pub const STAGE: &str = "clean.v1";

/// Why an input produced no document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// Nothing that looks like article text was found.
    #[error("no article text found")]
    NoText,
    /// The text is longer than a document can hold (4 GiB).
    #[error("text too long for a document")]
    TooLong,
}

/// Turns raw inputs into documents. Build once and share across threads.
#[derive(Default)]
pub struct Cleaner {
    extractor: Extractor,
}

/// A paragraph on its way into the document.
struct Piece {
    text: String,
    kind: BlockKind,
    /// Byte range in the raw input, and whether the bytes are identical.
    raw: Option<(Range<u64>, bool)>,
}

impl Cleaner {
    /// A cleaner with the default extractor.
    pub fn new() -> Cleaner {
        Cleaner::default()
    }

    /// Cleans one raw document.
    pub fn clean(&self, raw: &RawDocument) -> Result<Document, CleanError> {
        let is_html = matches!(raw.content, Content::Html);
        let decoded = charset::decode(&raw.bytes, raw.http_content_type.as_deref(), is_html);
        let mut diagnostics = Vec::new();
        let note =
            |severity, message: String| Diagnostic { stage: STAGE.into(), severity, message, range: None };
        if decoded.had_errors {
            diagnostics
                .push(note(Severity::Warning, format!("invalid {} bytes were replaced", decoded.encoding)));
        }
        if matches!(decoded.how, charset::How::Guessed) {
            diagnostics.push(note(Severity::Info, format!("charset guessed as {}", decoded.encoding)));
        }
        // Decoded offsets equal raw offsets (less a BOM) only for clean UTF-8.
        let bom = if matches!(decoded.how, charset::How::Bom) { bom_len(&raw.bytes) } else { 0 };
        let aligned = decoded.encoding == "UTF-8" && !decoded.had_errors;
        let to_raw = |r: Range<usize>| -> Option<Range<u64>> {
            aligned.then(|| (r.start + bom) as u64..(r.end + bom) as u64)
        };

        let hints = &raw.hints;
        let mut meta = Meta {
            external_id: hints.external_id.clone(),
            origin: raw.origin.clone(),
            format: raw.format,
            url: hints.url.clone(),
            title: hints.title.clone().filter(|t| !t.trim().is_empty()),
            published: hints.published,
            authors: hints.authors.clone(),
            source: hints.source.clone(),
            charset: Some(decoded.encoding.to_string()),
            ..Meta::default()
        };
        let mut boilerplate = Vec::new();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut headline: Option<Piece> = None;

        if is_html {
            let article = self.extractor.extract(&decoded.text, meta.url.as_deref());
            fill(&mut meta.title, article.title);
            fill_published(&mut meta.published, article.published);
            if meta.authors.is_empty() {
                meta.authors = article.authors;
            }
            fill(&mut meta.source, article.site_name);
            meta.canonical_url = article.canonical_url;
            meta.language = article.language.as_deref().and_then(lang::normalise);
            for block in article.blocks {
                if let Some(reason) = furniture::classify_line(&block.text) {
                    boilerplate.push(Boilerplate { text: block.text, reason: reason.into() });
                    continue;
                }
                let raw_range = block.source.and_then(&to_raw).map(|r| (r, false));
                pieces.push(Piece { text: block.text, kind: block.kind, raw: raw_range });
            }
        } else {
            let text = decoded.text.as_str();
            let lines = plain::lines(text);
            let keep: Vec<bool> = lines
                .iter()
                .map(|(l, _)| {
                    let line = &text[l.start..l.end];
                    match furniture::classify_line(line) {
                        Some(reason) => {
                            boilerplate.push(Boilerplate { text: line.to_string(), reason: reason.into() });
                            false
                        }
                        None => true,
                    }
                })
                .collect();
            let paragraphs = plain::paragraphs(&lines, &keep);
            for (i, p) in paragraphs.iter().enumerate() {
                let piece = Piece {
                    text: text[p.range.clone()].to_string(),
                    kind: BlockKind::Paragraph,
                    raw: to_raw(p.range.clone()).map(|r| (r, true)),
                };
                let is_headline = i == 0
                    && p.single_line
                    && p.blank_after
                    && paragraphs.len() > 1
                    && looks_like_headline(&piece.text);
                if is_headline {
                    headline = Some(Piece { kind: BlockKind::Headline, ..piece });
                } else {
                    pieces.push(piece);
                }
            }
        }

        // A sign-off closes the article: drop it, keep what it says.
        while let Some(last) = pieces.last() {
            if last.text.contains('\n') {
                break;
            }
            let Some(sign_off) = signoff::parse(&last.text, meta.source.as_deref()) else { break };
            if let Some(last) = pieces.pop() {
                boilerplate.push(Boilerplate { text: last.text, reason: "sign-off".into() });
            }
            fill(&mut meta.source, sign_off.source);
            fill(&mut meta.dateline_place, sign_off.place);
        }

        // The headline: from the text when it has one, else the title.
        let headline = match (headline, &meta.title) {
            (Some(h), Some(title)) if normalise_ws(&h.text) != normalise_ws(title) => {
                // The given title wins, and the first line stays in the body.
                pieces.insert(0, Piece { kind: BlockKind::Paragraph, ..h });
                Some(Piece { text: normalise_ws(title), kind: BlockKind::Headline, raw: None })
            }
            (Some(h), _) => Some(h),
            (None, Some(title)) => {
                // Drop a first paragraph that repeats the title.
                if pieces.first().is_some_and(|p| normalise_ws(&p.text) == normalise_ws(title)) {
                    let p = pieces.remove(0);
                    Some(Piece { kind: BlockKind::Headline, ..p })
                } else {
                    Some(Piece { text: normalise_ws(title), kind: BlockKind::Headline, raw: None })
                }
            }
            (None, None) => None,
        };
        if pieces.is_empty() {
            return Err(CleanError::NoText);
        }
        if let Some(h) = &headline {
            meta.title = Some(normalise_ws(&h.text));
        }
        let body_for_lang: String =
            pieces.iter().take(8).map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
        if meta.language.is_none() {
            meta.language = lang::detect(&body_for_lang).map(str::to_string);
        }

        let mut doc = assemble(meta, headline.into_iter().chain(pieces))?;
        doc.boilerplate = boilerplate;
        doc.diagnostics = diagnostics;
        Ok(doc)
    }
}

impl Cleaner {
    /// A document whose text is the input's text exactly, for annotating
    /// text whose offsets the caller keeps (benchmarks, user corpora): no
    /// headline is added and nothing is dropped. Paragraphs (blank-line
    /// separated) become blocks. HTML still goes through extraction, since
    /// its markup is not text.
    pub fn verbatim(&self, raw: &RawDocument) -> Result<Document, CleanError> {
        if matches!(raw.content, Content::Html) {
            return self.clean(raw);
        }
        let decoded = charset::decode(&raw.bytes, raw.http_content_type.as_deref(), false);
        let hints = &raw.hints;
        let meta = Meta {
            external_id: hints.external_id.clone(),
            origin: raw.origin.clone(),
            format: raw.format,
            url: hints.url.clone(),
            title: hints.title.clone(),
            published: hints.published,
            authors: hints.authors.clone(),
            source: hints.source.clone(),
            charset: Some(decoded.encoding.to_string()),
            language: lang::detect(&decoded.text).map(str::to_string),
            ..Meta::default()
        };
        let bom = if matches!(decoded.how, charset::How::Bom) { bom_len(&raw.bytes) } else { 0 };
        let exact = decoded.encoding == "UTF-8" && !decoded.had_errors;
        let text = decoded.text;
        let lines = plain::lines(&text);
        let paragraphs = plain::paragraphs(&lines, &vec![true; lines.len()]);
        let mut doc = Document::new(text, meta).map_err(|_| CleanError::TooLong)?;
        let mut map = SourceMap::new();
        for p in paragraphs {
            let range = doc.range(p.range.start, p.range.end).map_err(|_| CleanError::TooLong)?;
            doc.blocks.push(Block { range, kind: BlockKind::Paragraph });
            if exact {
                let raw_range = (p.range.start + bom) as u64..(p.range.end + bom) as u64;
                map.push(SourceSpan { text: range, raw: raw_range, exact: true });
            }
        }
        doc.source_map = map;
        doc.mark_assigned(Layers::of(&[Layer::Blocks]));
        Ok(doc)
    }
}

/// Joins pieces with blank lines into a document with blocks and a map.
fn assemble(meta: Meta, pieces: impl Iterator<Item = Piece>) -> Result<Document, CleanError> {
    let mut text = String::new();
    let mut blocks: Vec<(Range<usize>, BlockKind)> = Vec::new();
    let mut spans: Vec<(Range<usize>, Range<u64>, bool)> = Vec::new();
    for piece in pieces {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&piece.text);
        blocks.push((start..text.len(), piece.kind));
        if let Some((raw, exact)) = piece.raw {
            spans.push((start..text.len(), raw, exact));
        }
    }
    let mut doc = Document::new(text, meta).map_err(|_| CleanError::TooLong)?;
    let range = |doc: &Document, r: &Range<usize>| -> Result<TextRange, CleanError> {
        doc.range(r.start, r.end).map_err(|_| CleanError::TooLong)
    };
    for (r, kind) in &blocks {
        let range = range(&doc, r)?;
        doc.blocks.push(Block { range, kind: *kind });
    }
    let mut map = SourceMap::new();
    for (r, raw, exact) in spans {
        map.push(SourceSpan { text: range(&doc, &r)?, raw, exact });
    }
    doc.source_map = map;
    doc.mark_assigned(Layers::of(&[Layer::Blocks]));
    Ok(doc)
}

fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        2
    } else {
        0
    }
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.filter(|v| !v.trim().is_empty());
    }
}

fn fill_published(slot: &mut Option<Published>, value: Option<Published>) {
    // A date-only hint (a feed or JSONL date) gains the page's time of day
    // when both name the same day.
    match (slot.as_mut(), value) {
        (None, v) => *slot = v,
        (Some(have), Some(v)) if have.time.is_none() && have.date == v.date => *have = v,
        _ => {}
    }
}

/// A first line is a headline when it reads like one: not too long, and
/// not a sentence ending with a full stop (short ones may).
fn looks_like_headline(line: &str) -> bool {
    let n_words = line.split_whitespace().count();
    let n_chars = line.chars().count();
    (1..=30).contains(&n_words) && n_chars <= 250 && (!line.ends_with('.') || n_words <= 12)
}

fn normalise_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
