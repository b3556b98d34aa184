//! JSON lines: one article per line.

use crate::limited::read_line;
use crate::{io_kind, Content, Hints, RawDocument, ReadError, ReadErrorKind, ReadOptions, SourceFormat};
use serde_json::{Map, Value};
use std::io::BufRead;

pub(crate) fn read_jsonl<R: BufRead>(
    origin: &str,
    mut reader: R,
    gzip: bool,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<RawDocument, ReadError>),
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        let line = match read_line(&mut reader, &mut buf, opts.max_bytes) {
            Ok(l) => l,
            Err(e) => {
                sink(Err(ReadError::new(format!("{origin}#L{}", line_no + 1), io_kind(e, gzip))));
                return;
            }
        };
        if line.consumed == 0 {
            return;
        }
        line_no += 1;
        let here = format!("{origin}#L{line_no}");
        if line.too_long {
            sink(Err(ReadError::new(
                here,
                ReadErrorKind::TooLarge { size: line.consumed, limit: opts.max_bytes },
            )));
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let content = if line_no == 1 { buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf) } else { &buf[..] };
        sink(parse_line(&here, line_no, content));
    }
}

fn parse_line(origin: &str, line_no: usize, line: &[u8]) -> Result<RawDocument, ReadError> {
    let err = |kind| ReadError::new(origin, kind);
    let text = std::str::from_utf8(line).map_err(|_| err(ReadErrorKind::InvalidUtf8))?;
    let value: Value = serde_json::from_str(text.trim())
        .map_err(|e| err(ReadErrorKind::Json { line: line_no, message: e.to_string() }))?;
    let Value::Object(obj) = value else {
        return Err(err(ReadErrorKind::Json { line: line_no, message: "not a JSON object".into() }));
    };
    let (content, bytes) = if let Some(html) = string_field(&obj, "html") {
        (Content::Html, html.into_bytes())
    } else if let Some(text) = string_field(&obj, "text") {
        (Content::Text, text.into_bytes())
    } else {
        return Err(err(ReadErrorKind::MissingField("text")));
    };
    let mut hints = Hints {
        external_id: string_field(&obj, "id"),
        url: string_field(&obj, "url"),
        title: string_field(&obj, "title"),
        source: string_field(&obj, "source"),
        authors: authors(obj.get("authors").or_else(|| obj.get("author"))),
        ..Hints::default()
    };
    hints.set_date(string_field(&obj, "date").or_else(|| string_field(&obj, "dct")));
    Ok(RawDocument {
        origin: origin.to_string(),
        format: SourceFormat::Jsonl,
        content,
        bytes,
        http_content_type: None,
        hints,
    })
}

/// A string or number field; `null` and empty strings count as absent.
fn string_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn authors(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(|s| s.trim().to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
