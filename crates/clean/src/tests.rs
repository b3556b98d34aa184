//! Cleaning tests on short texts written for them (the reference article
//! itself is tested by the CLI's gated acceptance test).

use super::*;
use dateline_doc::SourceFormat;
use dateline_ingest::Hints;

fn raw(origin: &str, content: Content, bytes: &[u8]) -> RawDocument {
    RawDocument {
        origin: origin.into(),
        format: if matches!(content, Content::Html) { SourceFormat::Html } else { SourceFormat::Text },
        content,
        bytes: bytes.to_vec(),
        http_content_type: None,
        hints: Hints::default(),
    }
}

const STORY: &str = "Sahel Ministers Meet In Bamako To Discuss Security

Defence ministers from Mali and Niger met in Bamako on Tuesday, officials said, agreeing to share
intelligence on armed groups operating along their border.

Read Also: Ten Things To Know About The Sahel

The meeting was the first since the two countries left the regional force.

Sahel Daily Wire, Dakar

Leave a Reply

Your email address will not be published. Required fields are marked *
";

#[test]
fn plain_text_headline_body_and_boilerplate() {
    let doc = Cleaner::new().clean(&raw("story.txt", Content::Text, STORY.as_bytes())).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Sahel Ministers Meet In Bamako To Discuss Security"));
    assert_eq!(doc.meta.source.as_deref(), Some("Sahel Daily Wire"));
    assert_eq!(doc.meta.dateline_place.as_deref(), Some("Dakar"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    let body = doc.body();
    assert!(body.starts_with("Defence ministers from Mali and Niger met in Bamako on Tuesday"));
    assert!(body.ends_with("left the regional force."));
    for gone in ["Read Also", "Sahel Daily Wire", "Leave a Reply", "email address"] {
        assert!(!doc.text().contains(gone), "{gone} should be gone");
    }
    let dropped: Vec<(&str, &str)> =
        doc.boilerplate.iter().map(|b| (b.text.as_str(), b.reason.as_str())).collect();
    assert!(dropped.contains(&("Sahel Daily Wire, Dakar", "sign-off")), "{dropped:?}");
    assert_eq!(dropped.len(), 4, "{dropped:?}");
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Headline, BlockKind::Paragraph, BlockKind::Paragraph]);
}

#[test]
fn plain_text_source_map_is_exact() {
    let bytes = format!("\u{feff}{STORY}");
    let doc = Cleaner::new().clean(&raw("story.txt", Content::Text, bytes.as_bytes())).unwrap();
    for block in &doc.blocks {
        let raw_range = doc.raw_range(block.range).unwrap();
        let raw_text = &bytes.as_bytes()[raw_range.start as usize..raw_range.end as usize];
        assert_eq!(raw_text, doc.slice(block.range).as_bytes());
    }
    // A range inside a paragraph maps exactly too.
    let at = doc.text().find("ministers").unwrap();
    let r = doc.range(at, at + "ministers".len()).unwrap();
    assert_eq!(doc.slice(r), "ministers");
    let raw_range = doc.raw_range(r).unwrap();
    assert_eq!(&bytes.as_bytes()[raw_range.start as usize..raw_range.end as usize], b"ministers");
}

#[test]
fn cleaning_is_idempotent() {
    let cleaner = Cleaner::new();
    let once = cleaner.clean(&raw("story.txt", Content::Text, STORY.as_bytes())).unwrap();
    let twice = cleaner.clean(&raw("again.txt", Content::Text, once.text().as_bytes())).unwrap();
    assert_eq!(once.text(), twice.text());
    assert_eq!(once.blocks, twice.blocks);
}

#[test]
fn title_hint_becomes_headline() {
    let mut r =
        raw("a.jsonl#L1", Content::Text, b"Voters queued from dawn in the capital.\n\nTurnout was high.");
    r.hints.title = Some("Election day in  the capital".into());
    r.hints.published = Published::parse_iso("2020-03-01");
    let doc = Cleaner::new().clean(&r).unwrap();
    assert_eq!(
        doc.text(),
        "Election day in the capital\n\nVoters queued from dawn in the capital.\n\nTurnout was high."
    );
    assert_eq!(doc.blocks[0].kind, BlockKind::Headline);
    assert!(doc.raw_range(doc.blocks[0].range).is_none(), "a title from metadata has no source bytes");
    assert_eq!(doc.meta.published.map(|p| p.to_string()).as_deref(), Some("2020-03-01"));
}

#[test]
fn html_article() {
    let html = r#"<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Junta talks | Sahel Daily</title><meta property="og:site_name" content="Sahel Daily">
<meta property="article:published_time" content="2023-12-05T09:00:00+01:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Junta talks</h1>
<p>Defence ministers from Mali and Niger met in Bamako on Tuesday, officials said, agreeing to share intelligence on armed groups.</p>
<p>Read Also: Ten Things To Know About The Sahel</p>
<p>The meeting was the first since the two countries left the regional force, which had struggled for years.</p>
<p>Officials from both governments described the talks as frank, and said a joint patrol would begin next month.</p>
</article><footer>© 2023 Sahel Daily. All rights reserved.</footer></body></html>"#;
    let doc = Cleaner::new().clean(&raw("p.html", Content::Html, html.as_bytes())).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Junta talks"));
    assert_eq!(doc.meta.source.as_deref(), Some("Sahel Daily"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    assert_eq!(doc.meta.published.map(|p| p.to_string()).as_deref(), Some("2023-12-05T09:00:00+01:00"));
    assert!(doc.body().starts_with("Defence ministers"));
    assert!(!doc.text().contains("Read Also"));
    assert!(!doc.text().contains("Home"));
    assert!(!doc.text().contains("rights reserved"));
}

#[test]
fn nothing_to_keep_is_an_error() {
    let r = raw("empty.txt", Content::Text, b"\n\nLeave a Reply\n\n");
    assert_eq!(Cleaner::new().clean(&r).err(), Some(CleanError::NoText));
}

#[test]
fn latin1_text_is_decoded_with_a_note() {
    let r =
        raw("latin1.txt", Content::Text, b"Le ministre a visit\xe9 Niamey lundi avec une d\xe9l\xe9gation.");
    let doc = Cleaner::new().clean(&r).unwrap();
    assert!(doc.text().contains("visité Niamey"), "{}", doc.text());
    assert!(doc.raw_range(doc.blocks[0].range).is_none(), "offsets of re-encoded text do not map exactly");
}

#[test]
fn verbatim_keeps_the_text_exactly() {
    let text = "  Read Also: this stays\n\nOn Monday, the army left.\nIt was cold.\n";
    let doc = Cleaner::new().verbatim(&raw("t.jsonl#L1", Content::Text, text.as_bytes())).unwrap();
    assert_eq!(doc.text(), text);
    let blocks: Vec<&str> = doc.blocks.iter().map(|b| doc.slice(b.range)).collect();
    assert_eq!(blocks, ["Read Also: this stays", "On Monday, the army left.\nIt was cold."]);
    assert!(doc.boilerplate.is_empty());
}
