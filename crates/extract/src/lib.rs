//! Article extraction for dateline: main text, metadata, charset decoding and
//! the line-level furniture filter.
//!
//! Crates measured on the ScrapingHub benchmark (181 pages, shared score.py,
//! one core, release build, same machine):
//! - dom_smoothie 0.19: F1 0.946 (P 0.913, R 0.982), 537 pages/s.
//! - rs-trafilatura 0.2.2: F1 0.957 (P 0.927, R 0.990), 119 pages/s.
//!
//! Neither reaches F1 >= 0.96 at >= 500 pages/s, so this crate has its own
//! forgiving tokenizer/tree builder ([`dom`] internals) and a
//! readability-style extractor: prune boilerplate by tag/role/class, score
//! paragraph containers (text length, commas, link density, class hints),
//! merge siblings, emit blocks, drop furniture lines.
//!
//! This crate, same run of `bench/extract.sh` (one core, `taskset -c 0`):
//! F1 0.966 (P 0.958, R 0.973), 0 empty, 612 pages/s for the whole
//! `dateline extract --json` process (gunzip, decode, JSON out; about
//! 1000-1300 pages/s for the extraction loop alone) vs trafilatura 2.3.1
//! F1 0.960 at 75 pages/s (8.1x). Metadata on corpus/formats/html (23 pages):
//! title 21, date 23, authors 22.

pub mod charset;
mod content;
mod dom;
pub mod furniture;
mod meta;

use dateline_doc::{BlockKind, Published};

/// Extracts articles from HTML. Built once, `Send + Sync`, reusable across threads.
#[derive(Debug, Clone, Default)]
pub struct Extractor {
    _private: (),
}

/// An extracted article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// Clean headline (site suffix stripped).
    pub title: Option<String>,
    /// Body blocks in reading order, without the headline.
    pub blocks: Vec<ArticleBlock>,
    /// Publication date.
    pub published: Option<Published>,
    /// Author names.
    pub authors: Vec<String>,
    /// Publication name.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// ISO 639-1 language code, lower-case.
    pub language: Option<String>,
    /// Summary/description.
    pub description: Option<String>,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleBlock {
    /// Whitespace-normalised, single-line, entity-decoded text.
    pub text: String,
    /// Heading, Paragraph, ListItem or Quote (never Headline).
    pub kind: BlockKind,
    /// Byte range in the input HTML of the text it came from, when known.
    pub source: Option<std::ops::Range<usize>>,
}

impl Article {
    /// The blocks joined with blank lines.
    pub fn body_text(&self) -> String {
        let mut s = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                s.push_str("\n\n");
            }
            s.push_str(&b.text);
        }
        s
    }
}

impl Extractor {
    /// A new extractor.
    pub fn new() -> Extractor {
        Extractor { _private: () }
    }

    /// Extracts the article from `html` (fetched from `url`, if known). Never panics.
    pub fn extract(&self, html: &str, url: Option<&str>) -> Article {
        let dom = dom::Dom::parse(html);
        let m = meta::extract(&dom, url);
        let mut blocks = content::extract_blocks(&dom, m.title.as_deref());
        if let Some(body) = &m.article_body {
            let ld_len = body.chars().filter(|c| !c.is_whitespace()).count();
            let ex_len: usize =
                blocks.iter().map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count()).sum();
            if ld_len > 200 && ld_len > ex_len * 2 && !body.contains('<') {
                blocks = body
                    .split('\n')
                    .map(dom::normalize_ws)
                    .filter(|t| !t.is_empty() && furniture::classify_line(t).is_none())
                    .map(|text| ArticleBlock { text, kind: BlockKind::Paragraph, source: None })
                    .collect();
            }
        }
        Article {
            title: m.title,
            blocks,
            published: m.published,
            authors: m.authors,
            site_name: m.site_name,
            canonical_url: m.canonical_url,
            language: m.language,
            description: m.description,
        }
    }
}

/// Debug aid (unstable): the largest pruned subtrees.
#[doc(hidden)]
pub fn debug_pruned(html: &str) -> Vec<String> {
    content::debug(&dom::Dom::parse(html))
}

#[cfg(test)]
mod tests;
