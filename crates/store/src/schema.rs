//! The versioned on-disk schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each
//! migration runs in its own transaction, so a store is always at one exact
//! version. Migrations are append-only: a released one is never edited.
//!
//! Layers that later stages add get their own tables keyed by
//! `article_id`, each row a byte range `start..end` into `articles.text`
//! plus its payload and the stage that produced it (`origin`):
//! `mentions` (actors), `places`, `timexes`, `events` with `event_evidence`.
//! They are created by the migration that ships the stage, not before.

/// The migrations, in order. `MIGRATIONS[i]` takes the store from version
/// `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, their layers, copies, near-duplicate index, full text,
    // and the log of ingest runs.
    r#"
    CREATE TABLE articles (
        id             INTEGER PRIMARY KEY,
        content_hash   BLOB    NOT NULL UNIQUE,
        story_id       INTEGER NOT NULL,
        origin         TEXT    NOT NULL,
        format         TEXT    NOT NULL,
        external_id    TEXT,
        url            TEXT,
        canonical_url  TEXT,
        title          TEXT,
        published      TEXT,
        published_day  TEXT,
        authors        TEXT    NOT NULL DEFAULT '[]',
        source         TEXT,
        dateline_place TEXT,
        language       TEXT,
        charset        TEXT,
        text           TEXT    NOT NULL,
        n_words        INTEGER NOT NULL,
        ingested_at    TEXT    NOT NULL
    );
    CREATE INDEX articles_published_day ON articles(published_day);
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_source ON articles(source);

    -- Stand-off layers of the cleaning stage, as JSON (byte offsets).
    CREATE TABLE article_layers (
        article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        blocks      TEXT NOT NULL,
        boilerplate TEXT NOT NULL,
        source_map  TEXT NOT NULL,
        diagnostics TEXT NOT NULL
    );

    -- Every input an article was read from: re-reading the same origin adds
    -- nothing, an exact copy from elsewhere adds a row here.
    CREATE TABLE article_copies (
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        origin      TEXT    NOT NULL,
        url         TEXT,
        source      TEXT,
        ingested_at TEXT    NOT NULL,
        PRIMARY KEY (origin, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_copies_article ON article_copies(article_id);

    CREATE TABLE minhash (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature  BLOB NOT NULL
    );
    CREATE TABLE minhash_bands (
        band_key   INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (band_key, article_id)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );

    CREATE TABLE ingest_runs (
        id          INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        inputs      TEXT NOT NULL,
        n_read      INTEGER NOT NULL DEFAULT 0,
        n_new       INTEGER NOT NULL DEFAULT 0,
        n_duplicate INTEGER NOT NULL DEFAULT 0,
        n_failed    INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE ingest_failures (
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
        origin TEXT    NOT NULL,
        reason TEXT    NOT NULL
    );
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;
