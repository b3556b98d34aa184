//! Format detection from the first bytes of an input.

/// The format [`detect`] chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// A WARC file.
    Warc,
    /// An RSS or Atom feed.
    Feed,
    /// JSON lines.
    Jsonl,
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
    /// Not text.
    Binary,
    /// Something recognised but not read (e.g. another XML vocabulary).
    Unsupported(String),
}

/// Chooses the format of an input from its head (its first few KB, after
/// gunzipping) and a file name hint (content wins when they disagree).
pub fn detect(head: &[u8], name_hint: Option<&str>) -> Detected {
    let ext = name_hint.and_then(extension).unwrap_or_default();
    let body = skip_bom_ws(head);
    if body.starts_with(b"WARC/") {
        return Detected::Warc;
    }
    if is_binary(head) {
        return Detected::Binary;
    }
    if body.first() == Some(&b'{') && looks_like_jsonl(body, ext == "jsonl" || ext == "ndjson") {
        return Detected::Jsonl;
    }
    if body.first() == Some(&b'<') {
        if let Some(root) = root_element(body) {
            let root = root.to_ascii_lowercase();
            match root.as_str() {
                "rss" | "feed" | "rdf:rdf" => return Detected::Feed,
                "html" | "head" | "body" => return Detected::Html,
                _ => {}
            }
            if body.starts_with(b"<?xml") && !looks_like_html(body) {
                return Detected::Unsupported(format!("XML document <{root}>"));
            }
        }
    }
    if looks_like_html(body) {
        return Detected::Html;
    }
    let is_html_ext = matches!(ext.as_str(), "html" | "htm" | "xhtml");
    if is_html_ext && count_tags(body) > 0 {
        return Detected::Html;
    }
    Detected::Text
}

fn extension(name: &str) -> Option<String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

fn skip_bom_ws(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(b);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[start..]
}

/// NUL bytes, or more than 10 % control bytes other than whitespace and ESC.
fn is_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&c| (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || c == 0x7f)
        .count();
    control * 10 > head.len()
}

/// The first line is a JSON object, or (when it does not fit in the head)
/// at least starts like one.
fn looks_like_jsonl(body: &[u8], hinted: bool) -> bool {
    match memchr::memchr(b'\n', body) {
        Some(end) => {
            let line = trim_ascii(&body[..end]);
            match serde_json::from_slice::<serde_json::Value>(line) {
                Ok(v) => v.is_object(),
                Err(e) => hinted && !e.is_eof(),
            }
        }
        None => match serde_json::from_slice::<serde_json::Value>(trim_ascii(body)) {
            Ok(v) => v.is_object(),
            // Too long for the head: trust the opening brace.
            Err(e) => e.is_eof() || hinted,
        },
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// The name of the first element, skipping the XML declaration, processing
/// instructions, comments and the doctype.
fn root_element(mut b: &[u8]) -> Option<String> {
    loop {
        b = skip_bom_ws(b);
        if b.starts_with(b"<?") {
            let end = memchr::memmem::find(b, b"?>")?;
            b = &b[end + 2..];
        } else if b.starts_with(b"<!--") {
            let end = memchr::memmem::find(&b[4..], b"-->")?;
            b = &b[4 + end + 3..];
        } else if b.starts_with(b"<!") {
            let end = memchr::memchr(b'>', b)?;
            b = &b[end + 1..];
        } else if b.starts_with(b"<") {
            let name: Vec<u8> = b[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_' | b'.'))
                .copied()
                .collect();
            if name.is_empty() {
                return None;
            }
            return Some(String::from_utf8_lossy(&name).into_owned());
        } else {
            return None;
        }
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let lower: Vec<u8> = body.iter().map(u8::to_ascii_lowercase).collect();
    for start in [&b"<!doctype html"[..], b"<html", b"<head", b"<body"] {
        if lower.starts_with(start) {
            return true;
        }
    }
    if memchr::memmem::find(&lower, b"<html").is_some() || memchr::memmem::find(&lower, b"<body").is_some() {
        return true;
    }
    let tags = count_tags(&lower);
    let common =
        [&b"<p>"[..], b"<p ", b"<div", b"<br", b"<a href", b"<span", b"<h1", b"<h2", b"<table", b"<script"]
            .iter()
            .filter(|t| memchr::memmem::find(&lower, t).is_some())
            .count();
    tags >= 8 && common >= 2
}

/// Counts `<name` and `</name` openings.
fn count_tags(b: &[u8]) -> usize {
    memchr::memchr_iter(b'<', b)
        .filter(|&i| {
            let next = b.get(i + 1).copied().unwrap_or(b' ');
            let next = if next == b'/' { b.get(i + 2).copied().unwrap_or(b' ') } else { next };
            next.is_ascii_alphabetic()
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"WARC/1.1\r\n", None), Detected::Warc);
        assert_eq!(detect(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", None), Detected::Jsonl);
        assert_eq!(detect(b"{\"text\": \"a", None), Detected::Jsonl);
        assert_eq!(detect(b"{not json at all}\nmore\n", None), Detected::Text);
        assert_eq!(detect(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None), Detected::Feed);
        assert_eq!(detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", Some("x.txt")), Detected::Feed);
        assert_eq!(detect(b"<?xml version=\"1.0\"?><rdf:RDF>", None), Detected::Feed);
        assert_eq!(detect(b"<!DOCTYPE html><html>", Some("a.jsonl")), Detected::Html);
        assert_eq!(detect(b"\xef\xbb\xbf  <html>", None), Detected::Html);
        assert_eq!(detect(b"<!-- c --><html>", None), Detected::Html);
        assert_eq!(detect(b"Just words.\n", Some("a.html")), Detected::Text);
        assert_eq!(detect(b"Words <b>bold</b>.\n", Some("a.html")), Detected::Html);
        assert_eq!(detect(b"Words <b>bold</b>.\n", Some("a.txt")), Detected::Text);
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("a.txt")), Detected::Binary);
        assert_eq!(detect(b"caf\xe9 cr\xe8me\n", None), Detected::Text);
        assert!(matches!(detect(b"<?xml version=\"1.0\"?><urlset>", None), Detected::Unsupported(_)));
        let many = b"<div><p>a</p><p>b</p><p>c</p><span>d</span><a href=x>e</a></div>";
        assert_eq!(detect(many, None), Detected::Html);
    }
}
