//! Readers on small fixtures built here (no shared data).
#![allow(clippy::unwrap_used)]

use dateline_ingest::{
    read_bytes, Content, RawDocument, ReadError, ReadErrorKind, ReadOptions, SourceFormat,
};
use flate2::write::GzEncoder;
use std::io::Write;

fn read(origin: &str, hint: Option<&str>, bytes: &[u8]) -> (Vec<RawDocument>, Vec<ReadError>) {
    read_with(origin, hint, bytes, &ReadOptions::default())
}

fn read_with(
    origin: &str,
    hint: Option<&str>,
    bytes: &[u8],
    opts: &ReadOptions,
) -> (Vec<RawDocument>, Vec<ReadError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    read_bytes(origin, hint, bytes, opts, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(e) => errors.push(e),
    });
    (docs, errors)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn record(version: &str, wtype: &str, uri: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "{version}\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-04-25T16:27:48Z\r\n\
         WARC-Record-ID: <urn:uuid:{id}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

const HTTP: &str = "application/http; msgtype=response";

/// A small WARC: warcinfo, request, chunked + gzip response, 404, CSS,
/// resource, metadata, and a plain response with Wget's angle brackets.
fn sample_warc() -> Vec<Vec<u8>> {
    let page1 = b"<html><body><p>First story.</p></body></html>";
    let gz = gzip(page1);
    let mut chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    let (a, b) = gz.split_at(10);
    for part in [a, b] {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let not_found = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
    let css = b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\np { color: red }";
    let plain =
        b"HTTP/1.0 200 OK\r\nContent-Type: application/xhtml+xml\r\n\r\n<html><p>Second story.</p></html>";
    vec![
        record("WARC/1.1", "warcinfo", "x", "w", "application/warc-fields", b"software: test\r\n"),
        record(
            "WARC/1.1",
            "request",
            "https://a.example/1",
            "q1",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ),
        record("WARC/1.1", "response", "https://a.example/1", "r1", HTTP, &chunked),
        record("WARC/1.0", "response", "https://a.example/gone", "r2", HTTP, not_found),
        record("WARC/1.0", "response", "https://a.example/s.css", "r3", HTTP, css),
        record("WARC/1.0", "resource", "file://log", "r4", "text/plain", b"log text"),
        record("WARC/1.0", "metadata", "https://a.example/1", "m1", "application/warc-fields", b"x: y\r\n"),
        record("WARC/1.0", "response", "<https://b.example/2>", "r5", HTTP, plain),
        record("WARC/1.0", "resource", "https://b.example/3", "r6", "text/html", b"<p>Third story.</p>"),
    ]
}

fn check_sample_warc(docs: &[RawDocument], errors: &[ReadError], origin: &str) {
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 3);
    let d = &docs[0];
    assert_eq!(d.origin, format!("{origin}#record-1"));
    assert_eq!(d.format, SourceFormat::Warc);
    assert_eq!(d.content, Content::Html);
    assert_eq!(d.bytes, b"<html><body><p>First story.</p></body></html>");
    assert_eq!(d.http_content_type.as_deref(), Some("text/html; charset=UTF-8"));
    assert_eq!(d.hints.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(d.hints.external_id.as_deref(), Some("urn:uuid:r1"));
    assert_eq!(d.hints.fetched_at.as_deref(), Some("2024-04-25T16:27:48Z"));
    // Records are numbered among response/resource records.
    assert_eq!(docs[1].origin, format!("{origin}#record-5"));
    assert_eq!(docs[1].hints.url.as_deref(), Some("https://b.example/2"));
    assert_eq!(docs[1].bytes, b"<html><p>Second story.</p></html>");
    assert_eq!(docs[2].origin, format!("{origin}#record-6"));
    assert_eq!(docs[2].bytes, b"<p>Third story.</p>");
    assert_eq!(docs[2].http_content_type.as_deref(), Some("text/html"));
}

#[test]
fn warc_plain() {
    let warc: Vec<u8> = sample_warc().concat();
    let (docs, errors) = read("crawl.warc", Some("crawl.warc"), &warc);
    check_sample_warc(&docs, &errors, "crawl.warc");
}

#[test]
fn warc_gzip_per_record_and_whole() {
    let per_record: Vec<u8> = sample_warc().iter().flat_map(|r| gzip(r)).collect();
    let (docs, errors) = read("c.warc.gz", Some("c.warc.gz"), &per_record);
    check_sample_warc(&docs, &errors, "c.warc.gz");
    // Content wins over a wrong extension.
    let whole = gzip(&sample_warc().concat());
    let (docs, errors) = read("c", Some("c.txt"), &whole);
    check_sample_warc(&docs, &errors, "c");
}

#[test]
fn warc_truncated_keeps_earlier_records() {
    let warc: Vec<u8> = sample_warc().concat();
    let cut = &warc[..warc.len() - 12];
    let (docs, errors) = read("t.warc", None, cut);
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].origin, "t.warc#record-6");
    assert!(matches!(errors[0].kind, ReadErrorKind::Warc(_)));

    let gz: Vec<u8> = sample_warc().iter().flat_map(|r| gzip(r)).collect();
    let (docs, errors) = read("t.warc.gz", None, &gz[..gz.len() - 30]);
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(matches!(errors[0].kind, ReadErrorKind::TruncatedGzip), "{errors:?}");
}

#[test]
fn warc_record_limit() {
    let warc: Vec<u8> = sample_warc().concat();
    let (docs, errors) = read_with("w", None, &warc, &ReadOptions { max_bytes: 60 });
    // Only the small resource record fits; the big response is reported.
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].origin, "w#record-6");
    assert!(errors
        .iter()
        .any(|e| e.origin == "w#record-1" && matches!(e.kind, ReadErrorKind::TooLarge { .. })));
}

#[test]
fn warc_garbage_between_records_resyncs() {
    let mut recs = sample_warc();
    recs.insert(3, b"garbage line\r\nmore garbage\r\n".to_vec());
    let (docs, errors) = read("g.warc", None, &recs.concat());
    assert_eq!(docs.len(), 3);
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0].kind, ReadErrorKind::Warc(_)));
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily Example</title><link>https://news.example/</link><description>News</description>
<item><title>Flood in the valley</title><link>https://news.example/flood</link><guid>flood-1</guid>
<pubDate>Tue, 15 Nov 2022 20:15:04 +0100</pubDate><dc:creator>Ann Reporter</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Full <b>story</b> of the flood.</p>]]></content:encoded></item>
<item><title>Second</title><link>https://news.example/2</link><description>&lt;p&gt;Only a description.&lt;/p&gt;</description></item>
<item><title>No body</title><link>https://news.example/3</link></item>
</channel></rss>"#;

#[test]
fn rss_items() {
    let (docs, errors) = read("f.xml", Some("f.xml"), RSS.as_bytes());
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, "f.xml#item-3");
    assert!(matches!(errors[0].kind, ReadErrorKind::MissingField(_)));
    let d = &docs[0];
    assert_eq!(d.origin, "f.xml#item-1");
    assert_eq!(d.format, SourceFormat::Rss);
    assert_eq!(d.content, Content::Html);
    assert_eq!(d.bytes, b"<p>Full <b>story</b> of the flood.</p>");
    assert_eq!(d.hints.title.as_deref(), Some("Flood in the valley"));
    assert_eq!(d.hints.url.as_deref(), Some("https://news.example/flood"));
    assert_eq!(d.hints.external_id.as_deref(), Some("flood-1"));
    assert_eq!(d.hints.source.as_deref(), Some("Daily Example"));
    assert_eq!(d.hints.authors, vec!["Ann Reporter".to_string()]);
    assert_eq!(d.hints.date.as_deref(), Some("Tue, 15 Nov 2022 20:15:04 +0100"));
    assert_eq!(d.hints.published.unwrap().to_string(), "2022-11-15T20:15:04+01:00");
    assert_eq!(docs[1].origin, "f.xml#item-2");
    assert_eq!(docs[1].bytes, b"<p>Only a description.</p>");
    assert_eq!(docs[1].hints.date, None);
}

#[test]
fn atom_entries() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title><id>urn:f</id>
<updated>2019-07-31T11:54:28Z</updated>
<entry><id>urn:e1</id><title type="html">Quake &amp;amp; aftershock</title><updated>2019-07-31T11:54:28Z</updated>
<published>2019-07-30T08:00:00-07:00</published><author><name>Geo Writer</name></author>
<link rel="alternate" href="https://atom.example/e1"/><link rel="self" href="https://atom.example/e1.xml"/>
<summary>Summary only.</summary><content type="html">&lt;p&gt;Full content.&lt;/p&gt;</content></entry>
<entry><id>urn:e2</id><title>Two</title><updated>2019-07-31T12:00:00Z</updated><summary type="html">&lt;p&gt;Sum.&lt;/p&gt;</summary></entry>
</feed>"#;
    let (docs, errors) = read("-", None, atom.as_bytes());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d.origin, "-#item-1");
    assert_eq!(d.format, SourceFormat::Atom);
    assert_eq!(d.bytes, b"<p>Full content.</p>");
    assert_eq!(d.hints.url.as_deref(), Some("https://atom.example/e1"));
    assert_eq!(d.hints.external_id.as_deref(), Some("urn:e1"));
    assert_eq!(d.hints.source.as_deref(), Some("Atom Example"));
    assert_eq!(d.hints.authors, vec!["Geo Writer".to_string()]);
    assert_eq!(d.hints.published.unwrap().to_string(), "2019-07-30T08:00:00-07:00");
    // No `published`: `updated` is used.
    assert_eq!(docs[1].hints.date.as_deref(), Some("2019-07-31T12:00:00Z"));
    assert_eq!(docs[1].bytes, b"<p>Sum.</p>");
}

#[test]
fn malformed_feed_is_one_error() {
    let (docs, errors) = read("bad.rss", Some("bad.rss"), b"<rss><channel><item><title>x</channel>");
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0].kind, ReadErrorKind::Feed(_)), "{errors:?}");
}

#[test]
fn jsonl_lines() {
    let jsonl = concat!(
        "{\"id\": 7, \"url\": \"https://j.example/1\", \"title\": \"T1\", \"date\": \"2020-01-02\", \"source\": \"Src\", \"authors\": \"One Author\", \"text\": \"Body one.\"}\n",
        "\n",
        "   \n",
        "{\"html\": \"<p>Body two.</p>\", \"dct\": \"2020-01-03T04:05:06Z\", \"authors\": [\"A\", \"B\"]}\n",
        "{\"title\": \"no text\"}\n",
        "{broken\n",
        "{\"text\": \"last line without newline\"}"
    );
    let (docs, errors) = read("a.jsonl", Some("a.jsonl"), jsonl.as_bytes());
    assert_eq!(docs.len(), 3);
    assert_eq!(errors.len(), 2);
    let d = &docs[0];
    assert_eq!(d.origin, "a.jsonl#L1");
    assert_eq!((d.format, d.content), (SourceFormat::Jsonl, Content::Text));
    assert_eq!(d.bytes, b"Body one.");
    assert_eq!(d.hints.external_id.as_deref(), Some("7"));
    assert_eq!(d.hints.url.as_deref(), Some("https://j.example/1"));
    assert_eq!(d.hints.title.as_deref(), Some("T1"));
    assert_eq!(d.hints.source.as_deref(), Some("Src"));
    assert_eq!(d.hints.authors, vec!["One Author".to_string()]);
    assert_eq!(d.hints.published.unwrap().to_string(), "2020-01-02");
    assert_eq!(docs[1].origin, "a.jsonl#L4");
    assert_eq!(docs[1].content, Content::Html);
    assert_eq!(docs[1].hints.date.as_deref(), Some("2020-01-03T04:05:06Z"));
    assert_eq!(docs[1].hints.authors, vec!["A".to_string(), "B".to_string()]);
    assert_eq!(docs[2].origin, "a.jsonl#L7");
    assert_eq!(errors[0].origin, "a.jsonl#L5");
    assert!(matches!(errors[0].kind, ReadErrorKind::MissingField("text")));
    assert_eq!(errors[1].origin, "a.jsonl#L6");
    assert!(matches!(errors[1].kind, ReadErrorKind::Json { line: 6, .. }));
    assert!(errors[1].to_string().starts_with("a.jsonl#L6: line 6: invalid JSON"), "{}", errors[1]);

    // Gzipped, with a misleading extension.
    let (docs, errors) = read("a", Some("a.html.gz"), &gzip(jsonl.as_bytes()));
    assert_eq!((docs.len(), errors.len()), (3, 2));
}

#[test]
fn jsonl_with_bom_and_crlf() {
    let (docs, errors) = read("b.jsonl", None, b"\xef\xbb\xbf{\"text\": \"one\"}\r\n{\"text\": \"two\"}\r\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].bytes, b"one");
}

#[test]
fn jsonl_line_limit() {
    let jsonl = "{\"text\": \"short\"}\n{\"text\": \"a much longer line that is over the limit\"}\n{\"text\": \"ok\"}\n";
    let (docs, errors) = read_with("l.jsonl", None, jsonl.as_bytes(), &ReadOptions { max_bytes: 30 });
    assert_eq!(docs.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, "l.jsonl#L2");
    assert!(matches!(errors[0].kind, ReadErrorKind::TooLarge { limit: 30, .. }));
}

#[test]
fn text_and_html_whole_files() {
    let (docs, errors) = read("n.txt", Some("n.txt"), b"GENEVA, Jan 5 - Talks resumed.\n");
    assert!(errors.is_empty());
    assert_eq!(docs.len(), 1);
    assert_eq!((docs[0].format, docs[0].content), (SourceFormat::Text, Content::Text));
    assert_eq!(docs[0].origin, "n.txt");
    let html = b"<!doctype html><title>x</title><p>Body</p>";
    // Content wins over the .jsonl extension.
    let (docs, _) = read("p", Some("p.jsonl"), html);
    assert_eq!((docs[0].format, docs[0].content), (SourceFormat::Html, Content::Html));
    assert_eq!(docs[0].bytes, html);
    let (docs, _) = read("g", Some("g.html.gz"), &gzip(html));
    assert_eq!(docs[0].bytes, html);
    assert_eq!(docs[0].format, SourceFormat::Html);
}

#[test]
fn empty_binary_and_corrupt_gzip() {
    let (_, errors) = read("e", None, b"");
    assert!(matches!(errors[0].kind, ReadErrorKind::Empty));
    let (_, errors) = read("z", None, &gzip(b""));
    assert!(matches!(errors[0].kind, ReadErrorKind::Empty));
    let (_, errors) = read("b", Some("b.txt"), b"\x00\x01\x02binary\x00");
    assert!(matches!(errors[0].kind, ReadErrorKind::Binary));
    let mut bad = gzip(b"hello hello hello");
    bad[12] ^= 0xff;
    bad[13] ^= 0xff;
    let (docs, errors) = read("c.gz", None, &bad);
    assert!(docs.is_empty());
    assert!(matches!(errors[0].kind, ReadErrorKind::Gzip(_) | ReadErrorKind::TruncatedGzip), "{errors:?}");
    let (_, errors) = read("x.xml", None, b"<?xml version=\"1.0\"?><urlset><url/></urlset>");
    assert!(matches!(errors[0].kind, ReadErrorKind::Unsupported(_)));
}

#[test]
fn latin1_feed_is_decoded() {
    let rss = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Le Journal</title>\
<item><title>Caf\xe9</title><link>https://j.example/1</link><description>Cr\xe8me br\xfbl\xe9e</description></item></channel></rss>";
    let (docs, errors) = read("l.rss", None, rss);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].hints.title.as_deref(), Some("Café"));
    assert_eq!(docs[0].bytes, "Crème brûlée".as_bytes());
}
