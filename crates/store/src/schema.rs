//! The versioned on-disk schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each
//! migration runs in its own transaction, so a store is always at one exact
//! version. Migrations are append-only: a released one is never edited.
//!
//! Migration 2 adds the analysis: `article_analysis` keeps each article's
//! stand-off layers (entities, actors, places, timexes, events) as JSON
//! with byte offsets into `articles.text`; `events` holds one row per event,
//! merged across articles by `merge_key` (day, code, source, target,
//! place), with `event_mentions` pointing to each sentence that reports it
//! (GDELT's Events and Mentions tables).

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
    // 2: the analysis of each article (entities, actors, places, times as
    // JSON stand-off layers with byte offsets into `articles.text`), and
    // events: one row per event, merged across articles by `merge_key`,
    // with one `event_mentions` row per article sentence that reports it.
    r#"
    CREATE TABLE article_analysis (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        stages     TEXT NOT NULL,
        sentences  TEXT NOT NULL,
        entities   TEXT NOT NULL,
        actors     TEXT NOT NULL,
        places     TEXT NOT NULL,
        timexes    TEXT NOT NULL,
        events     TEXT NOT NULL
    );

    CREATE TABLE events (
        id              INTEGER PRIMARY KEY,
        merge_key       TEXT    NOT NULL UNIQUE,
        cameo           TEXT    NOT NULL,
        root            TEXT    NOT NULL,
        goldstein       REAL    NOT NULL,
        quadclass       INTEGER NOT NULL,
        plover_type     TEXT,
        plover_mode     TEXT,
        source_code     TEXT,
        source_country  TEXT,
        source_kb       TEXT,
        source_text     TEXT,
        target_code     TEXT,
        target_country  TEXT,
        target_kb       TEXT,
        target_text     TEXT,
        reciprocal      INTEGER NOT NULL,
        modality        TEXT    NOT NULL,
        day             TEXT,
        date_value      TEXT,
        date_precision  TEXT,
        place_name      TEXT,
        place_country   TEXT,
        place_admin1    TEXT,
        lat             REAL,
        lon             REAL,
        geonameid       INTEGER,
        place_precision TEXT,
        first_article   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        n_mentions      INTEGER NOT NULL,
        n_articles      INTEGER NOT NULL,
        n_sources       INTEGER NOT NULL,
        added_at        TEXT    NOT NULL
    );
    CREATE INDEX events_day ON events(day);
    CREATE INDEX events_root ON events(root, day);
    CREATE INDEX events_source_country ON events(source_country, day);
    CREATE INDEX events_target_country ON events(target_country, day);
    CREATE INDEX events_quadclass ON events(quadclass, day);
    CREATE INDEX events_plover ON events(plover_type, day);
    CREATE INDEX events_latlon ON events(lat, lon);

    CREATE TABLE event_mentions (
        id             INTEGER PRIMARY KEY,
        event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source         TEXT,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        trigger_start  INTEGER NOT NULL,
        trigger_end    INTEGER NOT NULL,
        rule           TEXT    NOT NULL,
        attribution    TEXT,
        event          TEXT    NOT NULL
    );
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    CREATE INDEX event_mentions_article ON event_mentions(article_id);
    "#,
    // 3: an index of the actors of each event, so filters by actor (a
    // country, a CAMEO code prefix cut at three-letter parts, or a KB id)
    // on either side are index lookups: key `s:NER`, `t:RUSGOV`,
    // `s:person:tiani`; and place names without case.
    r#"
    CREATE TABLE event_actors (
        key      TEXT    NOT NULL,
        day      TEXT,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (key, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_actors_event ON event_actors(event_id);
    INSERT OR IGNORE INTO event_actors (key, day, event_id)
        SELECT 's:' || source_country, day, id FROM events WHERE source_country IS NOT NULL
        UNION ALL SELECT 't:' || target_country, day, id FROM events WHERE target_country IS NOT NULL
        UNION ALL SELECT 's:' || source_kb, day, id FROM events WHERE source_kb IS NOT NULL
        UNION ALL SELECT 't:' || target_kb, day, id FROM events WHERE target_kb IS NOT NULL
        UNION ALL SELECT 's:' || substr(source_code, 1, 3 * n.k), day, id
            FROM events, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) n
            WHERE source_code IS NOT NULL AND length(source_code) >= 3 * n.k
        UNION ALL SELECT 't:' || substr(target_code, 1, 3 * n.k), day, id
            FROM events, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) n
            WHERE target_code IS NOT NULL AND length(target_code) >= 3 * n.k;
    CREATE INDEX events_place_name ON events(lower(place_name));
    CREATE INDEX events_place_country ON events(place_country, day);
    "#,
    // 4: one index of every filterable property of an event, in day order:
    // `event_keys` (key, day, event id) with the actor keys of version 3
    // (`s:NER`, `t:RUSGOV`, `s:person:tiani`) and `p:` place country,
    // `n:` lower-cased place name, `c:` CAMEO code prefixes of two or more
    // digits, `q:` QuadClass, `v:` PLOVER type, `m:` modality, and `*` for
    // every event; `day` is '' when the event has none. A listing walks one
    // key's events newest first and stops at a full page. `key_counts`
    // holds how many events each key has (kept on write), to pick the
    // rarest key of a filter and to count actors and places. `event_geo`
    // (R*Tree) finds the events inside a bounding box.
    r#"
    CREATE TABLE event_keys (
        key      TEXT    NOT NULL,
        day      TEXT    NOT NULL,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (key, day DESC, event_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO event_keys (key, day, event_id)
        SELECT k, ifnull(day, ''), id FROM (
            SELECT '*' AS k, day, id FROM events
            UNION ALL SELECT 's:' || source_country, day, id FROM events WHERE source_country IS NOT NULL
            UNION ALL SELECT 't:' || target_country, day, id FROM events WHERE target_country IS NOT NULL
            UNION ALL SELECT 's:' || source_kb, day, id FROM events WHERE source_kb IS NOT NULL
            UNION ALL SELECT 't:' || target_kb, day, id FROM events WHERE target_kb IS NOT NULL
            UNION ALL SELECT 's:' || substr(source_code, 1, 3 * n.k), day, id
                FROM events, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) n
                WHERE source_code IS NOT NULL AND length(source_code) >= 3 * n.k
            UNION ALL SELECT 't:' || substr(target_code, 1, 3 * n.k), day, id
                FROM events, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) n
                WHERE target_code IS NOT NULL AND length(target_code) >= 3 * n.k
            UNION ALL SELECT 'p:' || place_country, day, id FROM events WHERE place_country IS NOT NULL
            UNION ALL SELECT 'n:' || lower(place_name), day, id FROM events WHERE place_name IS NOT NULL
            UNION ALL SELECT 'c:' || substr(cameo, 1, n.k), day, id
                FROM events, (SELECT 2 AS k UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) n
                WHERE length(cameo) >= n.k
            UNION ALL SELECT 'q:' || quadclass, day, id FROM events
            UNION ALL SELECT 'v:' || plover_type, day, id FROM events WHERE plover_type IS NOT NULL
            UNION ALL SELECT 'm:' || modality, day, id FROM events
        ) ORDER BY 1, 2 DESC, 3;
    CREATE TABLE key_counts (
        key TEXT PRIMARY KEY,
        n   INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO key_counts (key, n) SELECT key, COUNT(*) FROM event_keys GROUP BY key;
    DROP TABLE event_actors;
    CREATE VIRTUAL TABLE event_geo USING rtree(id, min_lon, max_lon, min_lat, max_lat);
    INSERT INTO event_geo (id, min_lon, max_lon, min_lat, max_lat)
        SELECT id, lon, lon, lat, lat FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL;
    "#,
    // 5: `g:LAT:LON` keys, the 10-degree grid cell of an event's place
    // (floor of lat/10 and lon/10), so a large bounding box walks its
    // cells in day order.
    r#"
    INSERT OR IGNORE INTO event_keys (key, day, event_id)
        SELECT 'g:' || (CAST((lat + 1000.0) / 10.0 AS INTEGER) - 100) || ':' || (CAST((lon + 1000.0) / 10.0 AS INTEGER) - 100),
            ifnull(day, ''), id
        FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY 1, 2 DESC, 3;
    INSERT INTO key_counts (key, n)
        SELECT key, COUNT(*) FROM event_keys WHERE key >= 'g:' AND key < 'g;' GROUP BY key;
    "#,
    // 6: listings sorted by mentions or Goldstein score read these in
    // order and stop at a full page.
    r#"
    CREATE INDEX events_mentions ON events(n_mentions);
    CREATE INDEX events_goldstein ON events(goldstein);
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;
