//! The shared TIMEX3 scorer (`bench/time/score.py`), reimplemented: strict
//! and relaxed span P/R/F1 with one-to-one matching, and type and value
//! accuracy and P/R/F1 over the relaxed matches; plus helpers to run the
//! tagger over a gold JSONL file.

use crate::TimeTagger;
use dateline_doc::{Block, BlockKind, Document, Meta, Published};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Why scoring or predicting failed.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// The file could not be read.
    #[error("{path}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// A line is not a JSON document record.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Prediction and gold texts differ.
    #[error("document {0}: prediction text differs from gold text (offsets would not line up)")]
    TextMismatch(String),
}

/// One time expression as the JSONL files carry it (character offsets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonTimex {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// TIMEX3 type.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// TimeML value.
    #[serde(default)]
    pub value: Option<String>,
    /// The covered text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A document record of a gold or prediction file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Identifier.
    pub id: serde_json::Value,
    /// Document creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dct: Option<String>,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The time expressions.
    #[serde(default)]
    pub timexes: Vec<JsonTimex>,
}

impl Record {
    fn key(&self) -> String {
        match &self.id {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }
}

/// Reads a JSONL file of records.
pub fn load(path: &Path) -> Result<Vec<Record>, ScoreError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ScoreError::Io { path: p.clone(), source })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line).map_err(|e| ScoreError::Parse {
            path: p.clone(),
            line: n + 1,
            message: e.to_string(),
        })?;
        out.push(r);
    }
    Ok(out)
}

/// Counts summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Gold timexes.
    pub gold: usize,
    /// Predicted timexes.
    pub pred: usize,
    /// Exact-span matches.
    pub strict: usize,
    /// Overlap matches.
    pub relaxed: usize,
    /// Relaxed matches with the right type.
    pub type_: usize,
    /// Relaxed matches with the right value.
    pub value: usize,
}

/// Precision, recall, F1 (and accuracy over relaxed matches for type/value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matches or correct.
    pub count: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Correct / relaxed matches (type and value only).
    pub accuracy: Option<f64>,
}

/// The scorer's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Documents in the gold file.
    pub documents: usize,
    /// Gold documents with no prediction.
    pub missing: usize,
    /// Raw counts.
    pub counts: Counts,
    /// Strict span.
    pub strict: Prf,
    /// Relaxed span.
    pub relaxed: Prf,
    /// Type.
    pub type_: Prf,
    /// Value.
    pub value: Prf,
}

#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

fn spans(timexes: &[JsonTimex]) -> Vec<Span> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in timexes {
        if t.end <= t.start || !seen.insert((t.start, t.end)) {
            continue;
        }
        out.push(Span {
            start: t.start,
            end: t.end,
            kind: t.kind.as_deref().unwrap_or("").trim().to_string(),
            value: t.value.as_deref().unwrap_or("").trim().to_string(),
        });
    }
    out
}

fn match_spans(gold: &[Span], pred: &[Span]) -> (usize, Vec<(usize, usize)>) {
    let mut used_g = HashSet::new();
    let mut used_p = HashSet::new();
    let mut pairs = Vec::new();
    let by_span: HashMap<(usize, usize), usize> =
        pred.iter().enumerate().map(|(j, p)| ((p.start, p.end), j)).collect();
    for (i, g) in gold.iter().enumerate() {
        if let Some(&j) = by_span.get(&(g.start, g.end)) {
            if !used_p.contains(&j) {
                pairs.push((i, j));
                used_g.insert(i);
                used_p.insert(j);
            }
        }
    }
    let strict = pairs.len();
    let mut cands = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if used_g.contains(&i) {
            continue;
        }
        for (j, p) in pred.iter().enumerate() {
            if used_p.contains(&j) {
                continue;
            }
            let ov = g.end.min(p.end) as i64 - g.start.max(p.start) as i64;
            if ov > 0 {
                cands.push((-ov, i, j));
            }
        }
    }
    cands.sort_unstable();
    for (_, i, j) in cands {
        if !used_g.contains(&i) && !used_p.contains(&j) {
            pairs.push((i, j));
            used_g.insert(i);
            used_p.insert(j);
        }
    }
    (strict, pairs)
}

fn prf(c: usize, n_pred: usize, n_gold: usize) -> (f64, f64, f64) {
    let p = if n_pred > 0 { c as f64 / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { c as f64 / n_gold as f64 } else { 0.0 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Scores `pred` against `gold`, as `score.py GOLD PRED` does.
pub fn score(gold: &[Record], pred: &[Record]) -> Result<Scores, ScoreError> {
    // later records with the same id win, as in a Python dict
    let mut pred_by: HashMap<String, &Record> = HashMap::new();
    for p in pred {
        pred_by.insert(p.key(), p);
    }
    let mut gold_by: BTreeMap<String, &Record> = BTreeMap::new();
    let mut order = Vec::new();
    for g in gold {
        if gold_by.insert(g.key(), g).is_none() {
            order.push(g.key());
        }
    }
    let mut tot = Counts::default();
    let mut missing = 0;
    for key in &order {
        let g = gold_by[key];
        let gs = spans(&g.timexes);
        let ps = match pred_by.get(key) {
            Some(p) => {
                if let (Some(pt), Some(gt)) = (&p.text, &g.text) {
                    if pt != gt {
                        return Err(ScoreError::TextMismatch(key.clone()));
                    }
                }
                spans(&p.timexes)
            }
            None => {
                missing += 1;
                Vec::new()
            }
        };
        let (strict, pairs) = match_spans(&gs, &ps);
        tot.gold += gs.len();
        tot.pred += ps.len();
        tot.strict += strict;
        tot.relaxed += pairs.len();
        tot.type_ += pairs.iter().filter(|(i, j)| gs[*i].kind == ps[*j].kind).count();
        tot.value += pairs.iter().filter(|(i, j)| gs[*i].value == ps[*j].value).count();
    }
    let mk = |c: usize, acc: bool| {
        let (precision, recall, f1) = prf(c, tot.pred, tot.gold);
        let accuracy = acc.then(|| if tot.relaxed > 0 { c as f64 / tot.relaxed as f64 } else { 0.0 });
        Prf { count: c, precision, recall, f1, accuracy }
    };
    Ok(Scores {
        documents: order.len(),
        missing,
        counts: tot,
        strict: mk(tot.strict, false),
        relaxed: mk(tot.relaxed, false),
        type_: mk(tot.type_, true),
        value: mk(tot.value, true),
    })
}

impl std::fmt::Display for Scores {
    /// The table `score.py` prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "documents: {}  gold timexes: {}  predicted: {}",
            self.documents, self.counts.gold, self.counts.pred
        )?;
        if self.missing > 0 {
            write!(f, "  (missing predictions for {} docs)", self.missing)?;
        }
        writeln!(f)?;
        writeln!(f, "{:<16}{:>7}{:>8}{:>8}{:>8}{:>8}", "measure", "count", "prec", "rec", "F1", "acc")?;
        for (label, v) in [
            ("strict span", &self.strict),
            ("relaxed span", &self.relaxed),
            ("type", &self.type_),
            ("value", &self.value),
        ] {
            let acc = v.accuracy.map_or(format!("{:>8}", ""), |a| format!("{:>8.2}", 100.0 * a));
            writeln!(
                f,
                "{label:<16}{:>7}{:>8.2}{:>8.2}{:>8.2}{acc}",
                v.count,
                100.0 * v.precision,
                100.0 * v.recall,
                100.0 * v.f1
            )?;
        }
        Ok(())
    }
}

/// A document for the tagger from a record: its text, the DCT as the
/// publication date, paragraphs split at blank lines.
pub fn document_of(rec: &Record) -> Option<Document> {
    let text = rec.text.clone().unwrap_or_default();
    let published = rec
        .dct
        .as_deref()
        .and_then(|d| Published::parse_iso(d).or_else(|| Published::parse_iso(d.get(..10)?)));
    let meta = Meta { external_id: Some(rec.key()), published, ..Meta::default() };
    let mut doc = Document::new(text, meta).ok()?;
    let mut blocks = Vec::new();
    let t = doc.text();
    let mut start = 0;
    for (i, _) in t.match_indices("\n\n") {
        if i > start {
            if let Ok(r) = doc.range(start, i) {
                blocks.push(Block { range: r, kind: BlockKind::Paragraph });
            }
        }
        start = i + 2;
    }
    if start < t.len() {
        if let Ok(r) = doc.range(start, t.len()) {
            blocks.push(Block { range: r, kind: BlockKind::Paragraph });
        }
    }
    doc.blocks = blocks;
    Some(doc)
}

/// The timexes of a tagged document in JSON form (character offsets).
pub fn json_timexes(doc: &Document) -> Vec<JsonTimex> {
    let idx = doc.offset_index();
    doc.timexes
        .iter()
        .map(|t| {
            let (start, end) = idx.char_range(t.range);
            JsonTimex {
                start,
                end,
                kind: Some(t.kind.as_str().to_string()),
                value: t.value.as_deref().map(str::to_string),
                text: Some(doc.slice(t.range).to_string()),
            }
        })
        .collect()
}

/// Tags every record of `gold` (text and DCT only) and returns the
/// prediction records (`id` and `timexes`).
pub fn predict(tagger: &TimeTagger, gold: &[Record]) -> Vec<Record> {
    gold.iter()
        .map(|g| {
            let timexes = document_of(g)
                .map(|mut doc| {
                    dateline_doc::Stage::run(tagger, &mut doc);
                    json_timexes(&doc)
                })
                .unwrap_or_default();
            Record { id: g.id.clone(), dct: None, text: None, timexes }
        })
        .collect()
}

/// Reads a gold file, tags it, returns (gold, predictions).
pub fn predict_jsonl(gold_path: &Path) -> Result<(Vec<Record>, Vec<Record>), ScoreError> {
    let gold = load(gold_path)?;
    let pred = predict(&TimeTagger::new(), &gold);
    Ok((gold, pred))
}

/// Tags a gold file and scores the result: what `dateline eval time` prints.
pub fn eval_jsonl(gold_path: &Path) -> Result<Scores, ScoreError> {
    let (gold, pred) = predict_jsonl(gold_path)?;
    score(&gold, &pred)
}

/// Writes records as JSON lines.
pub fn to_jsonl(records: &[Record]) -> String {
    let mut s = String::new();
    for r in records {
        if let Ok(line) = serde_json::to_string(r) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}
