//! Stores written by released schema versions must open (and migrate) in
//! this build. `data/v1.db` was written by the first release with
//! `dateline ingest` of a short made-up article; keep it, and add a file for
//! every new schema version.

use dateline_store::{Store, SCHEMA_VERSION};

#[test]
fn opens_a_v1_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("v1.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/v1.db"), &path).expect("copy fixture");
    let store = Store::open(&path).expect("a v1 store opens");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.count_articles().expect("count"), 1);
    let article = store.article(1).expect("read").expect("article 1");
    let meta = &article.doc.meta;
    assert_eq!(meta.title.as_deref(), Some("Floods Cut Road Between Two Northern Towns"));
    assert_eq!(meta.source.as_deref(), Some("Northern Wire"));
    assert_eq!(meta.dateline_place.as_deref(), Some("Kano"));
    assert_eq!(meta.published.map(|p| p.to_string()).as_deref(), Some("2024-05-12"));
    assert!(article.doc.body().starts_with("Heavy rain on Sunday flooded the road"));
    assert!(article.doc.body().ends_with("take a week."));
}
