//! WARC 1.0 / 1.1: HTML `response` and `resource` records become documents.

use crate::limited::{read_all, read_line, LimitError};
use crate::{io_kind, Content, Hints, RawDocument, ReadError, ReadErrorKind, ReadOptions, SourceFormat};
use std::io::{self, BufRead, Read};

/// The most bytes of WARC or HTTP header accepted.
const MAX_HEADER: u64 = 256 * 1024;

pub(crate) fn read_warc<R: BufRead>(
    origin: &str,
    mut reader: R,
    gzip: bool,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<RawDocument, ReadError>),
) {
    let mut offset = 0u64;
    let mut n_docs = 0usize; // response/resource records seen
    let mut line = Vec::new();
    let mut resync = false;
    loop {
        // The version line, after the blank lines ending the previous record.
        let start = offset;
        let l = match read_line(&mut reader, &mut line, 64) {
            Ok(l) => l,
            Err(e) => {
                sink(Err(ReadError::new(format!("{origin}#byte-{start}"), io_kind(e, gzip))));
                return;
            }
        };
        if l.consumed == 0 {
            return;
        }
        offset += l.consumed;
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        if !trimmed.starts_with(b"WARC/") {
            if !resync {
                let msg =
                    format!("expected a WARC version line at byte {start}, skipping to the next record");
                sink(Err(ReadError::new(format!("{origin}#byte-{start}"), ReadErrorKind::Warc(msg))));
                resync = true;
            }
            continue;
        }
        resync = false;
        let headers = match read_headers(&mut reader, &mut offset) {
            Ok(Some(h)) => h,
            Ok(None) => {
                let msg = format!("truncated record header at byte {start}");
                sink(Err(ReadError::new(format!("{origin}#byte-{start}"), ReadErrorKind::Warc(msg))));
                return;
            }
            Err(HeaderError::Io(e)) => {
                sink(Err(ReadError::new(format!("{origin}#byte-{start}"), io_kind(e, gzip))));
                return;
            }
            Err(HeaderError::TooLong) => {
                let msg = format!("record header over {MAX_HEADER} bytes at byte {start}");
                sink(Err(ReadError::new(format!("{origin}#byte-{start}"), ReadErrorKind::Warc(msg))));
                resync = true;
                continue;
            }
        };
        let get = |name: &str| header(&headers, name);
        let wtype = get("WARC-Type").unwrap_or_default().to_ascii_lowercase();
        let candidate = wtype == "response" || wtype == "resource";
        let here = if candidate {
            n_docs += 1;
            format!("{origin}#record-{n_docs}")
        } else {
            format!("{origin}#byte-{start}")
        };
        let Some(length) = get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
            let msg = "missing or invalid Content-Length".to_string();
            sink(Err(ReadError::new(here, ReadErrorKind::Warc(msg))));
            resync = true;
            continue;
        };
        // Records that cannot become documents are skipped, but read all the
        // same: the next record starts after them.
        let keep = candidate && length <= opts.max_bytes;
        if candidate && !keep {
            let kind = ReadErrorKind::TooLarge { size: length, limit: opts.max_bytes };
            sink(Err(ReadError::new(here.clone(), kind)));
        }
        let mut block = Vec::new();
        let copied = if keep {
            reader.by_ref().take(length).read_to_end(&mut block).map(|n| n as u64)
        } else {
            io::copy(&mut reader.by_ref().take(length), &mut io::sink())
        };
        match copied {
            Ok(n) if n == length => offset += n,
            Ok(n) => {
                let msg = format!("truncated record: {n} of {length} content bytes");
                sink(Err(ReadError::new(here, ReadErrorKind::Warc(msg))));
                return;
            }
            Err(e) => {
                sink(Err(ReadError::new(here, io_kind(e, gzip))));
                return;
            }
        }
        if !keep {
            continue;
        }
        let hints = Hints {
            external_id: get("WARC-Record-ID").map(|s| strip_angle(s).to_string()),
            url: get("WARC-Target-URI").map(|s| strip_angle(s).to_string()),
            fetched_at: get("WARC-Date").map(str::to_string),
            ..Hints::default()
        };
        let warc_type = get("Content-Type").map(str::to_string);
        let result =
            if wtype == "response" { http_response(&block, opts) } else { Ok(Some((block, warc_type))) };
        match result {
            Ok(Some((body, content_type))) => {
                if !content_type.as_deref().is_some_and(is_html_type) {
                    continue;
                }
                sink(Ok(RawDocument {
                    origin: here,
                    format: SourceFormat::Warc,
                    content: Content::Html,
                    bytes: body,
                    http_content_type: content_type,
                    hints,
                }));
            }
            Ok(None) => {}
            Err(kind) => sink(Err(ReadError::new(here, kind))),
        }
    }
}

enum HeaderError {
    Io(io::Error),
    TooLong,
}

/// Header lines up to the blank line; `None` at a premature end.
fn read_headers<R: BufRead>(
    reader: &mut R,
    offset: &mut u64,
) -> Result<Option<Vec<(String, String)>>, HeaderError> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut line = Vec::new();
    let mut total = 0u64;
    loop {
        let l = read_line(reader, &mut line, MAX_HEADER).map_err(HeaderError::Io)?;
        if l.consumed == 0 {
            return Ok(None);
        }
        *offset += l.consumed;
        total += l.consumed;
        if l.too_long || total > MAX_HEADER {
            return Err(HeaderError::TooLong);
        }
        if !line.ends_with(b"\n") {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Some(headers));
        }
        push_header(&mut headers, text);
    }
}

fn push_header(headers: &mut Vec<(String, String)>, line: &str) {
    if line.starts_with([' ', '\t']) {
        // A continuation line.
        if let Some(last) = headers.last_mut() {
            last.1.push(' ');
            last.1.push_str(line.trim());
        }
        return;
    }
    if let Some((name, value)) = line.split_once(':') {
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn strip_angle(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(s)
}

/// `text/html` or `application/xhtml+xml`, with any parameters.
fn is_html_type(ct: &str) -> bool {
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// Parses an HTTP response block: `Ok(None)` for a non-2xx status, else the
/// decoded body and its Content-Type.
/// A decoded HTTP body and its Content-Type.
type Body = (Vec<u8>, Option<String>);

fn http_response(block: &[u8], opts: &ReadOptions) -> Result<Option<Body>, ReadErrorKind> {
    let (head_len, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match memchr::memmem::find(block, b"\n\n") {
            Some(i) => (i, i + 2),
            None => (block.len(), block.len()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.split('\n').map(|l| l.trim_end_matches('\r'));
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(ReadErrorKind::Warc(format!("not an HTTP response: {:?}", truncate(status_line, 60))));
    }
    let status: u16 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| {
        ReadErrorKind::Warc(format!("bad HTTP status line: {:?}", truncate(status_line, 60)))
    })?;
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut headers = Vec::new();
    for line in lines {
        push_header(&mut headers, line);
    }
    let content_type = header(&headers, "Content-Type").map(str::to_string);
    if !content_type.as_deref().is_some_and(is_html_type) {
        return Ok(None);
    }
    let mut body = block.get(body_start..).unwrap_or_default().to_vec();
    let chunked =
        header(&headers, "Transfer-Encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if chunked {
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
        // Else the crawler already removed the chunking (Common Crawl does).
    }
    let encodings = header(&headers, "Content-Encoding").unwrap_or("").to_ascii_lowercase();
    for enc in encodings.split(',').map(str::trim).rev() {
        body = match enc {
            "" | "identity" => body,
            "gzip" | "x-gzip" => {
                if !body.starts_with(&[0x1f, 0x8b]) {
                    continue; // already decoded by the crawler
                }
                decode(flate2::read::MultiGzDecoder::new(&body[..]), opts, "gzip")?
            }
            "deflate" => match decode(flate2::read::ZlibDecoder::new(&body[..]), opts, "deflate") {
                Ok(b) => b,
                Err(_) => decode(flate2::read::DeflateDecoder::new(&body[..]), opts, "deflate")?,
            },
            other => return Err(ReadErrorKind::Unsupported(format!("HTTP Content-Encoding {other}"))),
        };
    }
    Ok(Some((body, content_type)))
}

fn decode<R: Read>(reader: R, opts: &ReadOptions, what: &str) -> Result<Vec<u8>, ReadErrorKind> {
    match read_all(reader, opts.max_bytes) {
        Ok(b) => Ok(b),
        Err(LimitError::TooLarge(size)) => Err(ReadErrorKind::TooLarge { size, limit: opts.max_bytes }),
        Err(LimitError::Io(e)) => Err(ReadErrorKind::Warc(format!("HTTP body {what}: {e}"))),
    }
}

/// Undoes chunked transfer coding; `None` when the body is not chunked.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = memchr::memchr(b'\n', body)?;
        let size_line = std::str::from_utf8(&body[..eol]).ok()?.trim();
        let size_hex = size_line.split(';').next()?.trim();
        if size_hex.is_empty() {
            return None;
        }
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out); // trailers ignored
        }
        if body.len() < size {
            // A truncated last chunk: keep what there is.
            out.extend_from_slice(body);
            return Some(out);
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body.strip_prefix(b"\r\n").or_else(|| body.strip_prefix(b"\n")).unwrap_or(body);
        if body.is_empty() {
            return Some(out);
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"<html>").as_deref(), None);
        assert_eq!(dechunk(b"a\r\n0123").as_deref(), Some(&b"0123"[..]));
    }

    #[test]
    fn http_status_and_type() {
        let o = ReadOptions::default();
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=latin1\r\n\r\n<p>x";
        let (body, ct) = http_response(ok, &o).ok().flatten().unwrap_or_default();
        assert_eq!(body, b"<p>x");
        assert_eq!(ct.as_deref(), Some("text/html; charset=latin1"));
        let moved = b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<p>x";
        assert!(matches!(http_response(moved, &o), Ok(None)));
        let css = b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\np{}";
        assert!(matches!(http_response(css, &o), Ok(None)));
        assert!(matches!(http_response(b"garbage", &o), Err(ReadErrorKind::Warc(_))));
    }
}
