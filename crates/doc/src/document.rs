//! The `Document`: one article's text, metadata and annotation layers.

use crate::{
    ActorMention, Diagnostic, Entity, Event, Layers, OffsetIndex, Place, RangeError, Sentence, SourceMap,
    TextRange, Timex, Token,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The container format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A plain-text file.
    #[default]
    Text,
    /// An HTML page.
    Html,
    /// One line of a JSONL file.
    Jsonl,
    /// A response record of a WARC file.
    Warc,
    /// An item of an RSS feed.
    Rss,
    /// An entry of an Atom feed.
    Atom,
}

impl SourceFormat {
    /// The lower-case name used in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Warc => "warc",
            SourceFormat::Rss => "rss",
            SourceFormat::Atom => "atom",
        }
    }
}

/// A publication date, with a time and UTC offset when the source gives them.
///
/// Serialised as ISO 8601: `2023-12-05`, `2023-12-05T10:30:00` or
/// `2023-12-05T10:30:00+01:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    /// The calendar date.
    pub date: jiff::civil::Date,
    /// The local time of day, if known.
    pub time: Option<jiff::civil::Time>,
    /// The UTC offset in seconds, if known (only meaningful with a time).
    pub offset_seconds: Option<i32>,
}

impl Published {
    /// A date without a time.
    pub fn date(date: jiff::civil::Date) -> Published {
        Published { date, time: None, offset_seconds: None }
    }

    /// Parses the forms [`fmt::Display`] writes.
    pub fn parse_iso(s: &str) -> Option<Published> {
        let s = s.trim();
        let date: jiff::civil::Date = s.get(..10)?.parse().ok()?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(Published::date(date));
        }
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        let time_len = rest.find(['+', '-', 'Z']).unwrap_or(rest.len());
        let time: jiff::civil::Time = rest[..time_len].parse().ok()?;
        let zone = &rest[time_len..];
        let offset_seconds = match zone {
            "" => None,
            "Z" => Some(0),
            _ => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
                if digits.len() != 4 {
                    return None;
                }
                let h: i32 = digits[..2].parse().ok()?;
                let m: i32 = digits[2..].parse().ok()?;
                Some(sign * (h * 3600 + m * 60))
            }
        };
        Some(Published { date, time: Some(time), offset_seconds })
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
            if let Some(off) = self.offset_seconds {
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.abs();
                write!(f, "{sign}{:02}:{:02}", off / 3600, (off % 3600) / 60)?;
            }
        }
        Ok(())
    }
}

impl Serialize for Published {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Published::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s:?}")))
    }
}

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The identifier the input gave (JSONL `id`, feed GUID, WARC record id).
    pub external_id: Option<String>,
    /// Where it was read from: a path, with `#N` for the Nth record or line.
    pub origin: String,
    /// The container format.
    pub format: SourceFormat,
    /// The URL it was fetched from.
    pub url: Option<String>,
    /// The canonical URL the page declares.
    pub canonical_url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// Bylines, one name each.
    pub authors: Vec<String>,
    /// The publication's name (e.g. "Africa Today News").
    pub source: Option<String>,
    /// The place of the article's dateline or sign-off (e.g. "New York").
    pub dateline_place: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// The charset the raw bytes were decoded from.
    pub charset: Option<String>,
}

/// The structural role of a block of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// The article's headline (always first when present).
    Headline,
    /// A section heading inside the body.
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A block quotation.
    Quote,
}

/// A block of the cleaned text: the layer the cleaning stage assigns.
/// Blocks tile the text in order, separated by `"\n\n"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Where it is.
    pub range: TextRange,
    /// What it is.
    pub kind: BlockKind,
}

/// A piece of the input that cleaning dropped as boilerplate, kept so users
/// can see what was removed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The dropped text (a line or block).
    pub text: String,
    /// Why, e.g. `"promo"`, `"comment-form"`, `"sign-off"`.
    pub reason: String,
}

/// One article: an immutable text and the annotations stages add to it.
///
/// The text is set when the document is built and cannot change afterwards;
/// every layer refers to it by [`TextRange`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Metadata.
    pub meta: Meta,
    text: String,
    /// Where each part of `text` came from in the raw input.
    pub source_map: SourceMap,
    /// The structure layer: headline, headings, paragraphs.
    pub blocks: Vec<Block>,
    /// What cleaning removed.
    pub boilerplate: Vec<Boilerplate>,
    /// Sentences (sentences layer).
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Tokens with their tags and dependencies (tokens, tags, deps layers).
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// Time expressions (times layer), in text order.
    #[serde(default)]
    pub timexes: Vec<Timex>,
    /// Named entities (entities layer), in text order.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Actor mentions with their codes and coreference chains (actors
    /// layer), in text order.
    #[serde(default)]
    pub actors: Vec<ActorMention>,
    /// Resolved toponyms (places layer), in text order.
    #[serde(default)]
    pub places: Vec<Place>,
    /// Coded events (events layer), in text order of their triggers.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Notes from stages.
    pub diagnostics: Vec<Diagnostic>,
    layers: Layers,
}

impl Document {
    /// A document over `text` with no layers yet.
    pub fn new(text: String, meta: Meta) -> Result<Document, RangeError> {
        TextRange::full(&text)?;
        Ok(Document {
            meta,
            text,
            source_map: SourceMap::new(),
            blocks: Vec::new(),
            boilerplate: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            timexes: Vec::new(),
            entities: Vec::new(),
            actors: Vec::new(),
            places: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
            layers: Layers::TEXT,
        })
    }

    /// The cleaned text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of `range`.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.to_std()]
    }

    /// Checks a `start..end` byte range against this document's text.
    pub fn range(&self, start: usize, end: usize) -> Result<TextRange, RangeError> {
        TextRange::checked(&self.text, start, end)
    }

    /// The body: the text after the headline (all of it when there is none).
    pub fn body(&self) -> &str {
        match self.blocks.iter().find(|b| b.kind != BlockKind::Headline) {
            Some(first) => &self.text[first.range.start().to_usize()..],
            None if self.blocks.iter().any(|b| b.kind == BlockKind::Headline) => "",
            None => &self.text,
        }
    }

    /// The raw-byte range `range` came from, through the source map.
    pub fn raw_range(&self, range: TextRange) -> Option<std::ops::Range<u64>> {
        self.source_map.raw_range(range)
    }

    /// An index converting this text's byte offsets to characters and UTF-16.
    pub fn offset_index(&self) -> OffsetIndex {
        OffsetIndex::new(&self.text)
    }

    /// The layers assigned so far.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// Records that `layers` have been assigned (called by the pipeline after
    /// a stage runs, or by the builder of a document).
    pub fn mark_assigned(&mut self, layers: Layers) {
        self.layers = self.layers.union(layers);
    }

    /// The tokens of `sentence`.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        let (start, end) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        self.tokens.get(start..end).unwrap_or(&[])
    }

    /// The text of a token.
    pub fn token_text(&self, token: &Token) -> &str {
        self.slice(token.range)
    }

    /// The number of words (whitespace-separated) in the text.
    pub fn n_words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_round_trips() {
        for s in
            ["2023-12-05", "2023-12-05T10:30:00", "2023-12-05T10:30:00+01:00", "2024-08-08T08:00:00-05:30"]
        {
            let p = Published::parse_iso(s).unwrap();
            assert_eq!(p.to_string(), s);
        }
        let z = Published::parse_iso("2023-12-05T10:30:00Z").unwrap();
        assert_eq!(z.to_string(), "2023-12-05T10:30:00+00:00");
        assert!(Published::parse_iso("yesterday").is_none());
        assert!(Published::parse_iso("2023-13-05").is_none());
    }

    #[test]
    fn body_skips_headline() {
        let text = "Headline\n\nFirst para.".to_string();
        let mut doc = Document::new(text, Meta::default()).unwrap();
        doc.blocks.push(Block { range: doc.range(0, 8).unwrap(), kind: BlockKind::Headline });
        doc.blocks.push(Block { range: doc.range(10, 21).unwrap(), kind: BlockKind::Paragraph });
        assert_eq!(doc.body(), "First para.");
    }
}
