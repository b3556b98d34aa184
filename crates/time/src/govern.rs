//! Event dating: which time expression governs a clause.

use crate::value::Precision;
use dateline_doc::{Document, Layer, TextRange};

/// The time expression (index into `doc.timexes`) that dates `clause`, and
/// the precision of its value.
///
/// With a dependency parse, a timex whose head path reaches the clause's
/// head word (the clause token whose head lies outside the clause) wins,
/// the shortest path first. Otherwise, or when none is attached, the
/// nearest timex in the same sentence (by character distance) is taken.
pub fn governing_timex(doc: &Document, clause: TextRange) -> Option<(usize, Precision)> {
    if doc.timexes.is_empty() {
        return None;
    }
    let prec = |i: usize| {
        let p = doc.timexes[i].value.as_deref().map_or(Precision::Unknown, Precision::of);
        (i, p)
    };
    if doc.layers().contains(Layer::Deps) && !doc.tokens.is_empty() {
        if let Some(i) = attached(doc, clause) {
            return Some(prec(i));
        }
    }
    let sentence = sentence_of(doc, clause);
    let dist = |r: TextRange| -> u32 {
        let (a, b) = (r.start().to_u32(), r.end().to_u32());
        let (c, d) = (clause.start().to_u32(), clause.end().to_u32());
        if b <= c {
            c - b
        } else {
            a.saturating_sub(d)
        }
    };
    doc.timexes
        .iter()
        .enumerate()
        .filter(|(_, t)| sentence.contains_range(t.range))
        .min_by_key(|(_, t)| dist(t.range))
        .map(|(i, _)| prec(i))
}

fn tokens_in(doc: &Document, r: TextRange) -> std::ops::Range<usize> {
    let a = doc.tokens.partition_point(|t| t.range.start() < r.start());
    let b = doc.tokens.partition_point(|t| t.range.start() < r.end());
    a..b.max(a)
}

fn attached(doc: &Document, clause: TextRange) -> Option<usize> {
    let ct = tokens_in(doc, clause);
    let head = ct.clone().find(|&k| {
        doc.tokens[k].dep.as_ref().is_some_and(|d| d.head.is_none_or(|h| !ct.contains(&(h as usize))))
    })?;
    let mut best: Option<(usize, usize)> = None;
    for (i, tx) in doc.timexes.iter().enumerate() {
        let tt = tokens_in(doc, tx.range);
        for start in tt.clone() {
            let mut k = start;
            for steps in 0..64 {
                if k == head {
                    if best.is_none_or(|(_, s)| steps < s) {
                        best = Some((i, steps));
                    }
                    break;
                }
                match doc.tokens[k].dep.as_ref().and_then(|d| d.head) {
                    Some(h) if (h as usize) < doc.tokens.len() => k = h as usize,
                    _ => break,
                }
            }
        }
    }
    best.map(|(i, _)| i)
}

fn sentence_of(doc: &Document, clause: TextRange) -> TextRange {
    if let Some(s) = doc.sentences.iter().find(|s| s.range.contains_range(clause) || s.range.overlaps(clause))
    {
        return s.range;
    }
    // own heuristic: from the last sentence end before to the next after
    let text = doc.text();
    let (a, b) = (clause.start().to_usize(), clause.end().to_usize());
    let is_end = |bytes: &[u8], i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?' | b'\n')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
    };
    let bytes = text.as_bytes();
    let mut s = a;
    while s > 0 && !is_end(bytes, s - 1) {
        s -= 1;
    }
    let mut e = b;
    while e < bytes.len() && !is_end(bytes, e) {
        e += 1;
    }
    let e = (e + 1).min(bytes.len());
    doc.range(s, e).unwrap_or(clause)
}
