//! The entity-level scorer of the shared benchmark (`score.py`) for token
//! files: conlleval chunking, exact span and type matches, precision,
//! recall and F1 per type and micro-averaged over all entities, macro-F1
//! over types, token accuracy on raw tag strings.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

fn split_tag(tag: &str) -> (char, &str) {
    if matches!(tag, "O" | "" | "_") {
        return ('O', "");
    }
    let b = tag.as_bytes();
    if b.len() > 1 && (b[1] == b'-' || b[1] == b'_') && b"BIESLU".contains(&b[0]) {
        let p = match b[0] {
            b'L' => 'E',
            b'U' => 'S',
            x => char::from(x),
        };
        return (p, &tag[2..]);
    }
    ('I', tag)
}

fn chunk_end(prev_p: char, prev_t: &str, p: char, t: &str) -> bool {
    if matches!(prev_p, 'E' | 'S') {
        return true;
    }
    if prev_p == 'O' {
        return false;
    }
    matches!(p, 'B' | 'S' | 'O') || (matches!(p, 'I' | 'E') && t != prev_t)
}

fn chunk_start(prev_p: char, prev_t: &str, p: char, t: &str) -> bool {
    if matches!(p, 'B' | 'S') {
        return true;
    }
    if p == 'O' {
        return false;
    }
    matches!(prev_p, 'E' | 'S' | 'O') || t != prev_t
}

/// The chunks of one sentence's tags as `(start, end_inclusive, type)`,
/// read as conlleval (and `score.py`) read them.
pub fn chunks<'a>(tags: impl IntoIterator<Item = &'a str>) -> BTreeSet<(usize, usize, String)> {
    let mut out = BTreeSet::new();
    let (mut start, mut prev_p, mut prev_t) = (None, 'O', String::new());
    for (i, tag) in tags.into_iter().chain(std::iter::once("O")).enumerate() {
        let (p, t) = split_tag(tag);
        if let Some(s) = start {
            if chunk_end(prev_p, &prev_t, p, t) {
                out.insert((s, i - 1, prev_t.clone()));
                start = None;
            }
        }
        if chunk_start(prev_p, &prev_t, p, t) {
            start = Some(i);
        }
        prev_p = p;
        prev_t = t.to_string();
    }
    out
}

/// Counts and figures for one type (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub pred: usize,
    /// Predicted entities equal to a gold one (span and type).
    pub correct: usize,
    /// `correct / pred`.
    pub precision: f64,
    /// `correct / gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, pred: usize, gold: usize) -> Prf {
        let precision = if pred > 0 { correct as f64 / pred as f64 } else { 0.0 };
        let recall = if gold > 0 { correct as f64 / gold as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { gold, pred, correct, precision, recall, f1 }
    }
}

/// What `score.py` prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Per type, sorted by name.
    pub per_type: BTreeMap<String, Prf>,
    /// Micro-averaged over all entities.
    pub overall: Prf,
    /// Unweighted mean of the per-type F1.
    pub macro_f1: f64,
    /// Tokens scored.
    pub tokens: usize,
    /// Share of tokens whose tag string equals the gold one.
    pub token_accuracy: f64,
}

/// An entity key: (sentence or document, start, end, type). Only equality
/// matters, so any positions work (token indices, character offsets).
pub type Key = (usize, usize, usize, String);

/// Scores entity sets (any keys with a type as last element), restricted
/// to `types` when given.
pub fn score_sets(gold: &HashSet<Key>, pred: &HashSet<Key>, types: Option<&[&str]>) -> Scores {
    let keep = |k: &&Key| types.is_none_or(|ts| ts.contains(&k.3.as_str()));
    let gold: HashSet<&Key> = gold.iter().filter(keep).collect();
    let pred: HashSet<&Key> = pred.iter().filter(keep).collect();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for k in &gold {
        counts.entry(k.3.clone()).or_default().2 += 1;
    }
    for k in &pred {
        let c = counts.entry(k.3.clone()).or_default();
        c.1 += 1;
        if gold.contains(k) {
            c.0 += 1;
        }
    }
    let per_type: BTreeMap<String, Prf> =
        counts.into_iter().map(|(t, (c, p, g))| (t, Prf::new(c, p, g))).collect();
    let correct = per_type.values().map(|v| v.correct).sum();
    let overall = Prf::new(correct, pred.len(), gold.len());
    let macro_f1 = if per_type.is_empty() {
        0.0
    } else {
        per_type.values().map(|v| v.f1).sum::<f64>() / per_type.len() as f64
    };
    Scores { per_type, overall, macro_f1, tokens: 0, token_accuracy: 0.0 }
}

/// Scores predicted tag sequences against gold ones, sentence by sentence
/// (as `score.py GOLD.tsv PRED.tsv` does once the token streams are
/// aligned). `types` restricts scoring to some types, like `--types`.
pub fn score_tags<S: AsRef<str>>(gold: &[Vec<S>], pred: &[Vec<S>], types: Option<&[&str]>) -> Scores {
    let (mut g, mut p) = (HashSet::new(), HashSet::new());
    let (mut ok, mut total) = (0usize, 0usize);
    for (k, (gs, ps)) in gold.iter().zip(pred).enumerate() {
        g.extend(chunks(gs.iter().map(AsRef::as_ref)).into_iter().map(|(s, e, t)| (k, s, e, t)));
        p.extend(chunks(ps.iter().map(AsRef::as_ref)).into_iter().map(|(s, e, t)| (k, s, e, t)));
        ok += gs.iter().zip(ps).filter(|(a, b)| a.as_ref() == b.as_ref()).count();
        total += gs.len();
    }
    let mut s = score_sets(&g, &p, types);
    s.tokens = total;
    s.token_accuracy = if total > 0 { ok as f64 / total as f64 } else { 0.0 };
    s
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10}{:>7}{:>7}{:>9}{:>8}{:>8}{:>8}",
            "type", "gold", "pred", "correct", "prec", "rec", "F1"
        )?;
        let rows = self.per_type.iter().map(|(k, v)| (k.as_str(), v)).chain([("overall", &self.overall)]);
        for (name, v) in rows {
            writeln!(
                f,
                "{:<10}{:>7}{:>7}{:>9}{:>8.2}{:>8.2}{:>8.2}",
                name,
                v.gold,
                v.pred,
                v.correct,
                100.0 * v.precision,
                100.0 * v.recall,
                100.0 * v.f1
            )?;
        }
        writeln!(f, "macro-F1 over types: {:.2}", 100.0 * self.macro_f1)?;
        write!(f, "tokens: {}  token accuracy: {:.2}", self.tokens, 100.0 * self.token_accuracy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks() {
        let c = chunks(["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "E-ORG", "S-MISC"]);
        let v: Vec<_> = c.into_iter().collect();
        assert_eq!(
            v,
            vec![
                (0, 1, "PER".to_string()),
                (3, 3, "LOC".to_string()),
                (4, 4, "ORG".to_string()),
                (5, 6, "ORG".to_string()),
                (7, 7, "MISC".to_string())
            ]
        );
    }

    #[test]
    fn scores_match_by_span_and_type() {
        let gold = vec![vec!["B-PER", "I-PER", "O", "B-LOC"]];
        let pred = vec![vec!["B-PER", "I-PER", "O", "B-ORG"]];
        let s = score_tags(&gold, &pred, None);
        assert_eq!(s.overall.correct, 1);
        assert!((s.overall.f1 - 0.5).abs() < 1e-9);
        assert!((s.token_accuracy - 0.75).abs() < 1e-9);
        let s = score_tags(&gold, &pred, Some(&["PER"]));
        assert!((s.overall.f1 - 1.0).abs() < 1e-9);
    }
}
