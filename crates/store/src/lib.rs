//! dateline's embedded store: one SQLite file in WAL mode.
//!
//! Writes come in batches, and each batch is one transaction: a crash or a
//! kill leaves the store as it was before the batch or after it, never in
//! between. Articles are keyed by their content hash, so running the same
//! ingest again (after a kill, or by mistake) adds nothing, and finishes
//! whatever the killed run had not committed.
//!
//! Near-duplicates (republished copies of one story) are found at insert
//! time through MinHash bands and share a `story_id`: the id of the first
//! article of the story seen by this store.
#![warn(missing_docs)]

mod events;
pub mod gdelt;
mod schema;

pub use events::{
    DayOrder, EventCursor, EventFilter, EventId, EventPage, Side, StoredActor, StoredEvent, StoredMention,
    StoredPlace,
};

use dateline_dedup::Fingerprint;
use dateline_doc::{
    Block, Boilerplate, Diagnostic, Document, Layer, Layers, Meta, Published, SourceFormat, SourceMap,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::path::Path;

pub use schema::SCHEMA_VERSION;

/// A store error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite refused an operation.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The store was written by a newer dateline.
    #[error("the store has schema version {found}, newer than this build's {supported}; upgrade dateline")]
    TooNew {
        /// The store's version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// A stored value could not be read back.
    #[error("corrupt value in the store: {0}")]
    Corrupt(String),
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, Error>;

/// The row id of an article.
pub type ArticleId = i64;

/// An article ready to be stored: a cleaned document and its fingerprint,
/// both computed off the writer thread.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The cleaned document.
    pub doc: Document,
    /// Its duplicate fingerprints.
    pub fingerprint: Fingerprint,
}

impl NewArticle {
    /// Fingerprints `doc` (headline and body).
    pub fn new(doc: Document) -> NewArticle {
        let fingerprint = Fingerprint::of(doc.text());
        NewArticle { doc, fingerprint }
    }
}

/// What storing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PutOutcome {
    /// A new article. `near_duplicate_of` is set when it joined an existing
    /// story as a republished copy.
    New {
        /// Its id.
        id: ArticleId,
        /// The story it belongs to.
        story_id: ArticleId,
        /// The most similar earlier article, when it is a near-duplicate.
        near_duplicate_of: Option<ArticleId>,
    },
    /// The same text was already stored. `new_copy` is true when it came
    /// from an origin not seen before for it.
    Duplicate {
        /// The stored article's id.
        id: ArticleId,
        /// Whether this origin was recorded as a new copy.
        new_copy: bool,
    },
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Published on or after this day.
    pub since: Option<jiff::civil::Date>,
    /// Published on or before this day.
    pub until: Option<jiff::civil::Date>,
    /// Source (publication) name, case-insensitive, exact.
    pub source: Option<String>,
    /// ISO 639-1 language.
    pub language: Option<String>,
    /// Words that must all occur in the title or text.
    pub words: Option<String>,
    /// Only articles of this story (near-duplicate group).
    pub story_id: Option<ArticleId>,
    /// At most this many (newest first).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: u32,
}

/// One row of an article listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    /// Id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Publication name.
    pub source: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Where it was first read from.
    pub origin: String,
    /// Number of words.
    pub n_words: i64,
    /// Its story (near-duplicate group).
    pub story_id: ArticleId,
    /// Number of inputs it was read from.
    pub n_copies: i64,
}

/// A stored article with everything cleaning produced.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// Id.
    pub id: ArticleId,
    /// Its story.
    pub story_id: ArticleId,
    /// When it was ingested (RFC 3339).
    pub ingested_at: String,
    /// The document, with its text, metadata and layers.
    pub doc: Document,
    /// Origins it was read from, first first.
    pub copies: Vec<String>,
}

/// Totals for an ingest run, written to the run log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunTotals {
    /// Documents read.
    pub n_read: u64,
    /// New articles stored.
    pub n_new: u64,
    /// Already stored.
    pub n_duplicate: u64,
    /// Inputs or records that failed.
    pub n_failed: u64,
}

/// The embedded store.
pub struct Store {
    conn: Connection,
}

/// Settings of a connection that only reads: no writes, the file mapped
/// into memory (shared by all readers through the OS page cache), a
/// 32 MiB page cache, temporary sorts in memory, 128 prepared statements
/// kept.
pub fn tune_reader(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "query_only", true)?;
    conn.pragma_update(None, "mmap_size", 4i64 << 30)?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // A listing's statements depend on the filter's shape: keep many.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it to the
    /// current schema.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    /// Opens the store at `path` for reading only (a server's readers):
    /// the connection cannot write, maps the file into memory and keeps
    /// a larger page cache. The store must exist at this build's schema
    /// version (open it once with [`Store::open`] to migrate it).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        tune_reader(&conn)?;
        let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew { found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(Error::Corrupt(format!(
                "the store has schema version {found}; open it for writing once to migrate it to {SCHEMA_VERSION}"
            )));
        }
        Ok(Store { conn })
    }

    /// A store in memory, for tests and one-shot pipelines.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer, and a batch is atomic.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let found: u32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew { found, supported: SCHEMA_VERSION });
        }
        for (version, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as u32 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Stores a batch of articles in one transaction.
    pub fn put_batch(&mut self, batch: &[NewArticle]) -> Result<Vec<PutOutcome>> {
        let tx = self.conn.transaction()?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for article in batch {
            outcomes.push(put_one(&tx, article)?);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Starts a row in the ingest log; returns its id.
    pub fn begin_run(&mut self, inputs: &[String]) -> Result<i64> {
        let inputs = to_json(&inputs)?;
        self.conn.execute(
            "INSERT INTO ingest_runs (started_at, inputs) VALUES (?1, ?2)",
            params![now(), inputs],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records failures of a run (in one transaction).
    pub fn record_failures(&mut self, run_id: i64, failures: &[(String, String)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx
                .prepare_cached("INSERT INTO ingest_failures (run_id, origin, reason) VALUES (?1, ?2, ?3)")?;
            for (origin, reason) in failures {
                stmt.execute(params![run_id, origin, reason])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Closes a run with its totals.
    pub fn finish_run(&mut self, run_id: i64, totals: &RunTotals) -> Result<()> {
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?2, n_read = ?3, n_new = ?4, n_duplicate = ?5, n_failed = ?6 \
             WHERE id = ?1",
            params![
                run_id,
                now(),
                totals.n_read as i64,
                totals.n_new as i64,
                totals.n_duplicate as i64,
                totals.n_failed as i64
            ],
        )?;
        Ok(())
    }

    /// The content hashes of every stored article (to skip work on inputs
    /// already stored).
    pub fn content_hashes(&self) -> Result<std::collections::HashSet<u128>> {
        let mut stmt = self.conn.prepare("SELECT content_hash FROM articles")?;
        let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        let mut out = std::collections::HashSet::new();
        for row in rows {
            let bytes = row?;
            let arr: [u8; 16] =
                bytes.as_slice().try_into().map_err(|_| Error::Corrupt("content hash".into()))?;
            out.insert(u128::from_le_bytes(arr));
        }
        Ok(out)
    }

    /// The number of stored articles.
    pub fn count_articles(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The number of distinct stories (near-duplicate groups).
    pub fn count_stories(&self) -> Result<u64> {
        let n: i64 =
            self.conn.query_row("SELECT count(DISTINCT story_id) FROM articles", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Lists articles, newest first.
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>> {
        let mut sql = String::from(
            "SELECT a.id, a.title, a.published, a.source, a.language, a.url, a.origin, a.n_words, a.story_id, \
             (SELECT count(*) FROM article_copies c WHERE c.article_id = a.id) FROM articles a WHERE 1=1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(d) = filter.since {
            arg(&mut sql, " AND a.published_day >= ?", d.to_string().into());
        }
        if let Some(d) = filter.until {
            arg(&mut sql, " AND a.published_day <= ?", d.to_string().into());
        }
        if let Some(s) = &filter.source {
            arg(&mut sql, " AND lower(a.source) = lower(?)", s.clone().into());
        }
        if let Some(l) = &filter.language {
            arg(&mut sql, " AND a.language = lower(?)", l.clone().into());
        }
        if let Some(id) = filter.story_id {
            arg(&mut sql, " AND a.story_id = ?", id.into());
        }
        if let Some(words) = filter.words.as_deref().and_then(fts_query) {
            arg(
                &mut sql,
                " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                words.into(),
            );
        }
        sql.push_str(" ORDER BY a.published_day IS NULL, a.published_day DESC, a.id DESC");
        arg(&mut sql, " LIMIT ?", filter.limit.map_or(-1, i64::from).into());
        arg(&mut sql, " OFFSET ?", i64::from(filter.offset).into());
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(ArticleSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                source: r.get(3)?,
                language: r.get(4)?,
                url: r.get(5)?,
                origin: r.get(6)?,
                n_words: r.get(7)?,
                story_id: r.get(8)?,
                n_copies: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One article with its text and layers.
    pub fn article(&self, id: ArticleId) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .query_row(
                "SELECT a.story_id, a.ingested_at, a.origin, a.format, a.external_id, a.url, a.canonical_url, \
                 a.title, a.published, a.authors, a.source, a.dateline_place, a.language, a.charset, a.text, \
                 l.blocks, l.boilerplate, l.source_map, l.diagnostics \
                 FROM articles a JOIN article_layers l ON l.article_id = a.id WHERE a.id = ?1",
                [id],
                |r| {
                    Ok(ArticleRow {
                        story_id: r.get("story_id")?,
                        ingested_at: r.get("ingested_at")?,
                        origin: r.get("origin")?,
                        format: r.get("format")?,
                        external_id: r.get("external_id")?,
                        url: r.get("url")?,
                        canonical_url: r.get("canonical_url")?,
                        title: r.get("title")?,
                        published: r.get("published")?,
                        authors: r.get("authors")?,
                        source: r.get("source")?,
                        dateline_place: r.get("dateline_place")?,
                        language: r.get("language")?,
                        charset: r.get("charset")?,
                        text: r.get("text")?,
                        blocks: r.get("blocks")?,
                        boilerplate: r.get("boilerplate")?,
                        source_map: r.get("source_map")?,
                        diagnostics: r.get("diagnostics")?,
                    })
                },
            )
            .optional()?;
        let Some(row) = row else {
            return Ok(None);
        };
        let corrupt =
            |what: &str, e: &dyn std::fmt::Display| Error::Corrupt(format!("article {id}: {what}: {e}"));
        let format: SourceFormat = serde_json::from_value(serde_json::Value::String(row.format.clone()))
            .map_err(|e| corrupt("format", &e))?;
        let meta = Meta {
            origin: row.origin,
            format,
            external_id: row.external_id,
            url: row.url,
            canonical_url: row.canonical_url,
            title: row.title,
            published: row.published.as_deref().and_then(Published::parse_iso),
            authors: serde_json::from_str(&row.authors).map_err(|e| corrupt("authors", &e))?,
            source: row.source,
            dateline_place: row.dateline_place,
            language: row.language,
            charset: row.charset,
        };
        let mut doc = Document::new(row.text, meta).map_err(|e| corrupt("text", &e))?;
        doc.blocks = serde_json::from_str::<Vec<Block>>(&row.blocks).map_err(|e| corrupt("blocks", &e))?;
        doc.boilerplate = serde_json::from_str::<Vec<Boilerplate>>(&row.boilerplate)
            .map_err(|e| corrupt("boilerplate", &e))?;
        doc.source_map =
            serde_json::from_str::<SourceMap>(&row.source_map).map_err(|e| corrupt("source map", &e))?;
        doc.diagnostics = serde_json::from_str::<Vec<Diagnostic>>(&row.diagnostics)
            .map_err(|e| corrupt("diagnostics", &e))?;
        for block in &doc.blocks {
            doc.range(block.range.start().to_usize(), block.range.end().to_usize())
                .map_err(|e| corrupt("block", &e))?;
        }
        doc.mark_assigned(Layers::of(&[Layer::Blocks]));
        self.load_analysis(id, &mut doc)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT origin FROM article_copies WHERE article_id = ?1 ORDER BY ingested_at, origin",
        )?;
        let copies = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Some(StoredArticle { id, story_id: row.story_id, ingested_at: row.ingested_at, doc, copies }))
    }
}

/// The columns of one article, as stored.
struct ArticleRow {
    story_id: ArticleId,
    ingested_at: String,
    origin: String,
    format: String,
    external_id: Option<String>,
    url: Option<String>,
    canonical_url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    authors: String,
    source: Option<String>,
    dateline_place: Option<String>,
    language: Option<String>,
    charset: Option<String>,
    text: String,
    blocks: String,
    boilerplate: String,
    source_map: String,
    diagnostics: String,
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Turns user words into an FTS5 query that matches all of them, with no
/// FTS syntax getting through (each word is quoted).
fn fts_query(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn put_one(tx: &Transaction<'_>, article: &NewArticle) -> Result<PutOutcome> {
    let doc = &article.doc;
    let meta = &doc.meta;
    let hash = article.fingerprint.content_hash.to_le_bytes();
    let ingested_at = now();
    let existing: Option<ArticleId> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([&hash[..]], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        let n = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO article_copies (article_id, origin, url, source, ingested_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, meta.origin, meta.url, meta.source, ingested_at])?;
        return Ok(PutOutcome::Duplicate { id, new_copy: n > 0 });
    }

    let near = nearest_story(tx, &article.fingerprint)?;
    let authors = to_json(&meta.authors)?;
    tx.prepare_cached(
        "INSERT INTO articles (content_hash, story_id, origin, format, external_id, url, canonical_url, title, \
         published, published_day, authors, source, dateline_place, language, charset, text, n_words, ingested_at) \
         VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        &hash[..],
        meta.origin,
        meta.format.as_str(),
        meta.external_id,
        meta.url,
        meta.canonical_url,
        meta.title,
        meta.published.map(|p| p.to_string()),
        meta.published.map(|p| p.date.to_string()),
        authors,
        meta.source,
        meta.dateline_place,
        meta.language,
        meta.charset,
        doc.text(),
        doc.n_words() as i64,
        ingested_at,
    ])?;
    let id = tx.last_insert_rowid();
    let story_id = near.map_or(id, |(_, story)| story);
    tx.prepare_cached("UPDATE articles SET story_id = ?2 WHERE id = ?1")?.execute(params![id, story_id])?;

    tx.prepare_cached(
        "INSERT INTO article_layers (article_id, blocks, boilerplate, source_map, diagnostics) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        to_json(&doc.blocks)?,
        to_json(&doc.boilerplate)?,
        to_json(&doc.source_map)?,
        to_json(&doc.diagnostics)?
    ])?;
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![id, meta.title, doc.text()])?;
    tx.prepare_cached(
        "INSERT INTO article_copies (article_id, origin, url, source, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, meta.origin, meta.url, meta.source, ingested_at])?;
    tx.prepare_cached("INSERT INTO minhash (article_id, signature) VALUES (?1, ?2)")?
        .execute(params![id, article.fingerprint.minhash_bytes()])?;
    let mut band =
        tx.prepare_cached("INSERT OR IGNORE INTO minhash_bands (band_key, article_id) VALUES (?1, ?2)")?;
    for key in article.fingerprint.band_keys() {
        band.execute(params![key, id])?;
    }
    events::put_analysis(tx, id, doc)?;
    Ok(PutOutcome::New { id, story_id, near_duplicate_of: near.map(|(a, _)| a) })
}

/// The most similar stored article that shares a MinHash band with
/// `fingerprint` and passes the near-duplicate threshold: `(article, story)`.
fn nearest_story(tx: &Transaction<'_>, fingerprint: &Fingerprint) -> Result<Option<(ArticleId, ArticleId)>> {
    let mut candidates: Vec<ArticleId> = Vec::new();
    {
        let mut stmt = tx.prepare_cached("SELECT article_id FROM minhash_bands WHERE band_key = ?1")?;
        for key in fingerprint.band_keys() {
            for id in stmt.query_map([key], |r| r.get::<_, ArticleId>(0))? {
                candidates.push(id?);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<(f64, ArticleId, ArticleId)> = None;
    let mut stmt = tx.prepare_cached(
        "SELECT m.signature, a.story_id FROM minhash m JOIN articles a ON a.id = m.article_id WHERE m.article_id = ?1",
    )?;
    for id in candidates {
        let (sig, story): (Vec<u8>, ArticleId) = stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let Some(minhash) = Fingerprint::minhash_from_bytes(&sig) else {
            return Err(Error::Corrupt(format!("article {id}: bad minhash signature")));
        };
        let other = Fingerprint { content_hash: 0, minhash };
        let sim = fingerprint.similarity(&other);
        if fingerprint.is_near_duplicate(&other) && best.is_none_or(|(s, _, _)| sim > s) {
            best = Some((sim, id, story));
        }
    }
    Ok(best.map(|(_, id, story)| (id, story)))
}

#[cfg(test)]
mod tests;
