//! RSS (0.9x, 1.0, 2.0) and Atom feeds, through `feed-rs`: one document per
//! item or entry.

use crate::{Content, Hints, RawDocument, ReadError, ReadErrorKind, SourceFormat};
use feed_rs::model::{Entry, FeedType, Text};
use std::sync::{Arc, Mutex, PoisonError};

pub(crate) fn read_feed(origin: &str, bytes: &[u8], sink: &mut dyn FnMut(Result<RawDocument, ReadError>)) {
    // feed-rs gives parsed UTC timestamps only. To keep each date as given
    // (and its UTC offset), the timestamp hook records the raw string and
    // returns its index as a fake timestamp, which is mapped back below.
    let raw_dates: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let hook = Arc::clone(&raw_dates);
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .timestamp_parser(move |s: &str| {
            let mut dates = hook.lock().unwrap_or_else(PoisonError::into_inner);
            dates.push(s.trim().to_string());
            chrono::DateTime::from_timestamp(dates.len() as i64 - 1, 0)
        })
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            sink(Err(ReadError::new(origin, ReadErrorKind::Feed(e.to_string()))));
            return;
        }
    };
    let dates = raw_dates.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let raw_date = |d: Option<chrono::DateTime<chrono::Utc>>| -> Option<String> {
        let i = usize::try_from(d?.timestamp()).ok()?;
        dates.get(i).filter(|s| !s.is_empty()).cloned()
    };
    let format = match feed.feed_type {
        FeedType::Atom => SourceFormat::Atom,
        _ => SourceFormat::Rss,
    };
    let source = feed.title.as_ref().map(text).filter(|s| !s.is_empty());
    if feed.entries.is_empty() {
        sink(Err(ReadError::new(origin, ReadErrorKind::Feed("no items".into()))));
        return;
    }
    for (i, entry) in feed.entries.iter().enumerate() {
        let here = format!("{origin}#item-{}", i + 1);
        let Some((content, bytes)) = payload(entry) else {
            sink(Err(ReadError::new(here, ReadErrorKind::MissingField("content"))));
            continue;
        };
        let mut hints = Hints {
            external_id: Some(entry.id.trim().to_string()).filter(|s| !s.is_empty()),
            url: link(entry),
            title: entry.title.as_ref().map(text).filter(|s| !s.is_empty()),
            source: source.clone(),
            authors: entry
                .authors
                .iter()
                .filter_map(|p| {
                    p.name.as_deref().map(|n| n.trim().trim_start_matches('(').trim_end_matches(')').trim())
                })
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect(),
            ..Hints::default()
        };
        hints.set_date(raw_date(entry.published).or_else(|| raw_date(entry.updated)));
        sink(Ok(RawDocument { origin: here, format, content, bytes, http_content_type: None, hints }));
    }
}

fn text(t: &Text) -> String {
    t.content.trim().to_string()
}

/// Full content (`content:encoded`, Atom `content`) before the description or
/// summary.
fn payload(entry: &Entry) -> Option<(Content, Vec<u8>)> {
    if let Some(body) = entry.content.as_ref().and_then(|c| c.body.as_deref()) {
        if !body.trim().is_empty() {
            return Some((Content::Html, body.as_bytes().to_vec()));
        }
    }
    let summary = entry.summary.as_ref()?;
    if summary.content.trim().is_empty() {
        return None;
    }
    // An Atom `type="text"` summary is plain text; RSS descriptions are
    // reported as text/plain by feed-rs but routinely carry HTML.
    Some((Content::Html, summary.content.as_bytes().to_vec()))
}

/// The `alternate` link, else the first.
fn link(entry: &Entry) -> Option<String> {
    let alt = entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
    alt.or(entry.links.first()).map(|l| l.href.trim().to_string()).filter(|s| !s.is_empty())
}
