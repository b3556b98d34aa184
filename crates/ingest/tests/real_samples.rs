//! Reads the real samples in shared/corpus. Runs only with DATELINE_GATES=1
//! and then fails loudly when the data is missing.
#![allow(clippy::unwrap_used)]

use dateline_ingest::{read_input, Content, Input, RawDocument, ReadError, ReadOptions, SourceFormat};
use std::path::{Path, PathBuf};

fn gated() -> bool {
    std::env::var("DATELINE_GATES").is_ok_and(|v| v == "1")
}

fn corpus() -> PathBuf {
    let candidates = [
        std::env::var("DATELINE_SHARED").map(PathBuf::from).unwrap_or_default(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from("/work/shared"),
    ];
    for c in candidates {
        let p = c.join("corpus");
        if p.is_dir() {
            return p;
        }
    }
    panic!("DATELINE_GATES=1 but shared/corpus was not found (set DATELINE_SHARED)");
}

fn read(path: &Path) -> (Vec<RawDocument>, Vec<ReadError>) {
    assert!(path.is_file(), "missing sample {}", path.display());
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    read_input(&Input::Path(path.to_path_buf()), &ReadOptions::default(), &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(e) => errors.push(e),
    });
    (docs, errors)
}

#[test]
fn warc_samples() {
    if !gated() {
        return;
    }
    let dir = corpus().join("formats/warc");
    // (file, HTML documents expected)
    let expected = [
        ("commoncrawl-CC-MAIN-2020-34-sample.warc.gz", EXPECT_CC),
        ("wget-2024-04-25-creativecommons-commoncrawl.warc.gz", EXPECT_WGET),
    ];
    for (name, n) in expected {
        let (docs, errors) = read(&dir.join(name));
        for d in &docs {
            println!("{} {:?} {} bytes {:?}", d.origin, d.hints.url, d.bytes.len(), d.http_content_type);
        }
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(docs.len(), n, "{name}");
        for d in &docs {
            assert_eq!(d.format, SourceFormat::Warc);
            assert_eq!(d.content, Content::Html);
            let url = d.hints.url.as_deref().unwrap();
            assert!(url.starts_with("http"), "{url}");
            assert!(!url.contains('<') && !url.contains('>'), "{url}");
            assert!(d.hints.fetched_at.is_some());
            assert!(d.hints.external_id.as_deref().unwrap().starts_with("urn:uuid:"));
            let head = String::from_utf8_lossy(&d.bytes[..d.bytes.len().min(2000)]).to_ascii_lowercase();
            assert!(head.contains('<'), "{}: body does not look like HTML", d.origin);
            if name.starts_with("wget") {
                // De-chunked: the body starts with the markup, not a chunk size.
                assert!(head.trim_start().starts_with("<!doctype html"), "{}: {:?}", d.origin, &head[..40]);
                let tail = String::from_utf8_lossy(&d.bytes[d.bytes.len().saturating_sub(200)..])
                    .to_ascii_lowercase();
                assert!(tail.contains("</html>"), "{}: {tail:?}", d.origin);
            }
        }
    }
}

const EXPECT_CC: usize = 16;
const EXPECT_WGET: usize = 15;

#[test]
fn feed_samples() {
    if !gated() {
        return;
    }
    let dir = corpus().join("formats/feeds");
    let expected = [
        ("atom_theregister_science.xml", SourceFormat::Atom, 2),
        ("atom_usgs_earthquakes.xml", SourceFormat::Atom, 1),
        ("rss_2.0_ilgiornale.xml", SourceFormat::Rss, 1),
        ("rss_2.0_ilmessaggero.xml", SourceFormat::Rss, 1),
        ("rss_2.0_nasa.xml", SourceFormat::Rss, 1),
        ("rss_2.0_nbcny.xml", SourceFormat::Rss, 1),
    ];
    for (name, format, n) in expected {
        let (docs, errors) = read(&dir.join(name));
        for d in &docs {
            println!(
                "{} {:?} {:?}",
                d.origin,
                d.hints,
                String::from_utf8_lossy(&d.bytes[..d.bytes.len().min(80)])
            );
        }
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(docs.len(), n, "{name}");
        for (i, d) in docs.iter().enumerate() {
            assert_eq!(d.format, format, "{name}");
            assert!(d.origin.ends_with(&format!("{name}#item-{}", i + 1)), "{}", d.origin);
            assert!(d.hints.title.is_some(), "{}", d.origin);
            assert!(d.hints.url.as_deref().is_some_and(|u| u.starts_with("http")), "{}", d.origin);
            assert!(d.hints.source.is_some(), "{}", d.origin);
            assert!(d.hints.date.is_some(), "{}", d.origin);
            assert!(d.hints.published.is_some(), "{}: {:?}", d.origin, d.hints.date);
            assert!(!d.bytes.is_empty());
        }
    }
}

#[test]
fn html_samples() {
    if !gated() {
        return;
    }
    let dir = corpus().join("formats/html");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 23, "expected 23 .html.gz in {}", dir.display());
    for f in &files {
        let (docs, errors) = read(f);
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        assert_eq!(docs.len(), 1, "{}", f.display());
        let d = &docs[0];
        assert_eq!(d.format, SourceFormat::Html, "{}", f.display());
        assert_eq!(d.content, Content::Html);
        assert_eq!(d.origin, f.display().to_string());
        assert!(d.bytes.len() > 10_000, "{}: gunzipped to {} bytes", f.display(), d.bytes.len());
    }
}

#[test]
fn wikinews_jsonl() {
    if !gated() {
        return;
    }
    let path = corpus().join("wikinews-en-2019-2020/articles.jsonl.gz");
    let (docs, errors) = read(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 293);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.format, SourceFormat::Jsonl);
        assert_eq!(d.content, Content::Text);
        assert!(d.origin.ends_with(&format!("#L{}", i + 1)));
        assert!(d.hints.external_id.as_deref().unwrap().starts_with("wikinews-en:"));
        assert!(d.hints.url.as_deref().unwrap().starts_with("https://en.wikinews.org/wiki/"));
        assert!(d.hints.title.is_some());
        assert_eq!(d.hints.source.as_deref(), Some("Wikinews (en)"));
        let published = d.hints.published.unwrap();
        assert!((2019..=2020).contains(&published.date.year()), "{published}");
        assert!(d.bytes.len() >= 700);
    }
}
