//! `dateline articles` and `dateline show`.

use crate::output::{json_line, truncate};
use anyhow::{bail, Context, Result};
use dateline_store::{ArticleFilter, Store};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ArticlesArgs {
    /// Published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<jiff::civil::Date>,
    /// Published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<jiff::civil::Date>,
    /// Only from this source (publication name, case-insensitive).
    #[arg(long)]
    source: Option<String>,
    /// Only in this language (ISO 639-1, e.g. en).
    #[arg(long = "lang", value_name = "CODE")]
    language: Option<String>,
    /// Only articles whose title or text contain all these words.
    #[arg(short, long, value_name = "WORDS")]
    query: Option<String>,
    /// Only copies of one story (its id, as in the STORY column).
    #[arg(long, value_name = "ID")]
    story: Option<i64>,
    /// Show at most this many.
    #[arg(short = 'n', long, default_value_t = 50)]
    limit: u32,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// One JSON object per article and line.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The article's id (from `dateline articles`).
    id: i64,
    /// Print the article as one JSON object, with its blocks and dropped
    /// boilerplate (offsets in Unicode characters).
    #[arg(long)]
    json: bool,
}

/// Opens a store that must already exist (listing commands never create one).
pub(crate) fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!("no store at {} (run `dateline ingest` first, or pass --db)", db.display());
    }
    Store::open(db).with_context(|| format!("opening the store {}", db.display()))
}

pub fn list(db: &Path, args: ArticlesArgs) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let filter = ArticleFilter {
        since: args.since,
        until: args.until,
        source: args.source,
        language: args.language,
        words: args.query,
        story_id: args.story,
        limit: Some(args.limit),
        offset: args.offset,
    };
    let rows = store.articles(&filter)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for row in &rows {
            json_line(&mut out, row)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{:>5}  {:<10}  {:<20}  {:>5}  {:>5}  TITLE", "ID", "DATE", "SOURCE", "WORDS", "STORY")?;
    for row in &rows {
        let date = row.published.as_deref().map_or("", |d| d.get(..10).unwrap_or(d));
        writeln!(
            out,
            "{:>5}  {:<10}  {:<20}  {:>5}  {:>5}  {}",
            row.id,
            date,
            truncate(row.source.as_deref().unwrap_or("-"), 20),
            row.n_words,
            row.story_id,
            truncate(row.title.as_deref().unwrap_or("(no title)"), 70)
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "(no articles match)")?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ShownBlock<'a> {
    start: usize,
    end: usize,
    kind: dateline_doc::BlockKind,
    text: &'a str,
}

pub fn show(db: &Path, args: ShowArgs) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let Some(article) = store.article(args.id)? else {
        bail!("no article with id {} in {}", args.id, db.display());
    };
    let doc = &article.doc;
    let meta = &doc.meta;
    let mut out = std::io::stdout().lock();
    if args.json {
        let index = doc.offset_index();
        let blocks: Vec<ShownBlock> = doc
            .blocks
            .iter()
            .map(|b| {
                let (start, end) = index.char_range(b.range);
                ShownBlock { start, end, kind: b.kind, text: doc.slice(b.range) }
            })
            .collect();
        let value = serde_json::json!({
            "id": article.id,
            "story_id": article.story_id,
            "ingested_at": article.ingested_at,
            "copies": article.copies,
            "meta": meta,
            "text": doc.text(),
            "blocks": blocks,
            "boilerplate": doc.boilerplate,
            "diagnostics": doc.diagnostics,
        });
        json_line(&mut out, &value)?;
        return Ok(ExitCode::SUCCESS);
    }
    let field = |out: &mut std::io::StdoutLock, name: &str, value: Option<&str>| -> std::io::Result<()> {
        match value {
            Some(v) if !v.is_empty() => writeln!(out, "{name:<10} {v}"),
            _ => Ok(()),
        }
    };
    field(&mut out, "id", Some(&article.id.to_string()))?;
    field(&mut out, "title", meta.title.as_deref())?;
    field(&mut out, "published", meta.published.map(|p| p.to_string()).as_deref())?;
    field(&mut out, "source", meta.source.as_deref())?;
    field(&mut out, "dateline", meta.dateline_place.as_deref())?;
    field(&mut out, "authors", Some(&meta.authors.join("; ")))?;
    field(&mut out, "language", meta.language.as_deref())?;
    field(&mut out, "url", meta.url.as_deref())?;
    field(&mut out, "origin", Some(&article.copies.join(", ")))?;
    if article.story_id != article.id {
        field(&mut out, "story", Some(&format!("{} (a copy of that story)", article.story_id)))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", doc.text())?;
    if !doc.boilerplate.is_empty() {
        writeln!(out, "\n--- dropped as boilerplate ---")?;
        for b in &doc.boilerplate {
            writeln!(out, "[{}] {}", b.reason, truncate(&b.text, 90))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
