//! The shared token-file format (`token<TAB>tag`, BIO tags, blank lines
//! between sentences, `-DOCSTART-` lines between documents), and the BILOU
//! label set the tagger predicts.

use crate::score::chunks;
use crate::{NerError, Span};
use dateline_doc::EntityType;
use std::path::Path;

/// One sentence of a token file: tokens and their tags as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TsvSentence {
    /// The tokens.
    pub tokens: Vec<String>,
    /// The tags (last column), one per token.
    pub tags: Vec<String>,
}

/// One document of a token file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TsvDoc {
    /// Its sentences in order.
    pub sentences: Vec<TsvSentence>,
}

impl TsvDoc {
    /// The sentences as token slices, the shape [`crate::NerModel::tag_document`] takes.
    pub fn token_refs(&self) -> Vec<Vec<&str>> {
        self.sentences.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect()
    }

    /// The gold entities of each sentence (conlleval chunking of the tags;
    /// chunks of unknown types are dropped).
    pub fn gold_spans(&self) -> Vec<Vec<Span>> {
        self.sentences.iter().map(|s| tags_to_spans(&s.tags)).collect()
    }
}

/// Reads a token file. Columns are split on tabs (else on whitespace);
/// the first is the token, the last the tag. A line with one column gets
/// the tag `O`.
pub fn read_tsv(path: &Path) -> Result<Vec<TsvDoc>, NerError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| NerError::Io { path: path.display().to_string(), source })?;
    Ok(parse_tsv(&text))
}

/// Parses the text of a token file (see [`read_tsv`]). Sentences before the
/// first `-DOCSTART-` form a document of their own.
pub fn parse_tsv(text: &str) -> Vec<TsvDoc> {
    let mut docs = Vec::new();
    let mut doc = TsvDoc::default();
    let mut sent = TsvSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sent.tokens.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let cols: Vec<&str> =
            if line.contains('\t') { line.split('\t').collect() } else { line.split_whitespace().collect() };
        let (Some(&tok), Some(&tag)) = (cols.first(), cols.last()) else { continue };
        if tok == "-DOCSTART-" {
            if !sent.tokens.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        sent.tokens.push(tok.to_string());
        sent.tags.push(if cols.len() > 1 { tag.to_string() } else { "O".to_string() });
    }
    if !sent.tokens.is_empty() {
        doc.sentences.push(sent);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

/// The entities of a tag sequence (any of BIO, IOB1, BILOU/IOBES), read
/// as conlleval reads chunks. Chunks whose type is not one of
/// [`EntityType`] are dropped. Scores are 1.
pub fn tags_to_spans(tags: &[String]) -> Vec<Span> {
    let mut out: Vec<Span> = chunks(tags.iter().map(String::as_str))
        .into_iter()
        .filter_map(|(s, e, t)| {
            EntityType::parse(&t).map(|kind| Span { start: s, end: e + 1, kind, score: 1.0 })
        })
        .collect();
    out.sort_by_key(|s| s.start);
    out
}

/// BIO tags (IOB2) for `n` tokens holding `spans`.
pub fn spans_to_bio(n: usize, spans: &[Span]) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    for s in spans {
        for (k, tag) in tags.iter_mut().enumerate().take(s.end.min(n)).skip(s.start) {
            let p = if k == s.start { "B" } else { "I" };
            *tag = format!("{p}-{}", s.kind.as_str());
        }
    }
    tags
}

/// Number of BILOU labels: `O`, then B, I, L, U for each of the four types.
pub(crate) const N_LABELS: usize = 17;

/// Position of a token in its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    B = 0,
    I = 1,
    L = 2,
    U = 3,
}

pub(crate) fn type_index(t: EntityType) -> usize {
    match t {
        EntityType::Per => 0,
        EntityType::Org => 1,
        EntityType::Loc => 2,
        EntityType::Misc => 3,
    }
}

pub(crate) fn label(t: EntityType, p: Part) -> u8 {
    (1 + type_index(t) * 4 + p as usize) as u8
}

/// The type of a label (`None` for `O`).
pub(crate) fn label_type(l: u8) -> Option<EntityType> {
    if l == 0 || l as usize >= N_LABELS {
        None
    } else {
        Some(EntityType::ALL[(l as usize - 1) / 4])
    }
}

pub(crate) fn label_part(l: u8) -> Option<Part> {
    if l == 0 || l as usize >= N_LABELS {
        return None;
    }
    Some(match (l - 1) % 4 {
        0 => Part::B,
        1 => Part::I,
        2 => Part::L,
        _ => Part::U,
    })
}

/// BILOU labels of `n` tokens holding `spans`.
pub(crate) fn spans_to_labels(n: usize, spans: &[Span]) -> Vec<u8> {
    let mut out = vec![0u8; n];
    for s in spans {
        if s.end > n || s.start >= s.end {
            continue;
        }
        if s.end - s.start == 1 {
            out[s.start] = label(s.kind, Part::U);
        } else {
            out[s.start] = label(s.kind, Part::B);
            for o in out.iter_mut().take(s.end - 1).skip(s.start + 1) {
                *o = label(s.kind, Part::I);
            }
            out[s.end - 1] = label(s.kind, Part::L);
        }
    }
    out
}

/// Can label `next` follow label `prev` (`None` = sentence start)?
pub(crate) fn allowed(prev: Option<u8>, next: u8, last: bool) -> bool {
    let open = matches!(prev.and_then(label_part), Some(Part::B | Part::I));
    let np = label_part(next);
    if last && matches!(np, Some(Part::B | Part::I)) {
        return false;
    }
    if open {
        matches!(np, Some(Part::I | Part::L)) && prev.and_then(label_type) == label_type(next)
    } else {
        !matches!(np, Some(Part::I | Part::L))
    }
}

/// Spans from a well-formed BILOU label sequence, with per-token confidences.
pub(crate) fn labels_to_spans(labels: &[u8], conf: &[f32]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &l) in labels.iter().enumerate() {
        match label_part(l) {
            Some(Part::U) => {
                if let Some(kind) = label_type(l) {
                    out.push(Span { start: i, end: i + 1, kind, score: conf.get(i).copied().unwrap_or(1.0) })
                }
                start = None;
            }
            Some(Part::B) => start = Some(i),
            Some(Part::I) => {}
            Some(Part::L) => {
                if let (Some(s), Some(kind)) = (start, label_type(l)) {
                    let score = conf.get(s..=i).map_or(1.0, |c| c.iter().copied().fold(1.0, f32::min));
                    out.push(Span { start: s, end: i + 1, kind, score });
                }
                start = None;
            }
            None => start = None,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_sentences() {
        let t = "-DOCSTART-\tO\n\nEU\tB-ORG\nrejects\tO\nGerman\tB-MISC\n\nPeter\tB-PER\nBlackburn\tI-PER\n\n-DOCSTART-\tO\n\nX\tO\n";
        let docs = parse_tsv(t);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(
            docs[0].gold_spans()[1],
            vec![Span { start: 0, end: 2, kind: EntityType::Per, score: 1.0 }]
        );
    }

    #[test]
    fn bilou_round_trip() {
        let spans = vec![
            Span { start: 0, end: 1, kind: EntityType::Org, score: 1.0 },
            Span { start: 2, end: 5, kind: EntityType::Per, score: 1.0 },
        ];
        let labels = spans_to_labels(6, &spans);
        assert_eq!(labels_to_spans(&labels, &[1.0; 6]), spans);
        let bio = spans_to_bio(6, &spans);
        assert_eq!(tags_to_spans(&bio), spans);
        assert!(allowed(None, labels[0], false));
        assert!(!allowed(Some(labels[2]), 0, false));
    }
}
