//! The shared geoparsing benchmark (`../shared/bench/geo/`): its JSONL
//! format (character offsets), predictions from resolved documents,
//! resolution of given spans (resolution-only evaluation) and a scorer
//! that reproduces `score.py`'s default mode.

use crate::gazetteer::{distance_km, Gazetteer};
use crate::normalize::normalize;
use crate::recognize::{token_span, Mention, Origin};
use crate::resolve::resolve;
use dateline_doc::{Document, OffsetIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// Why a benchmark file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// IO.
    #[error("reading {0}")]
    Io(String, #[source] std::io::Error),
    /// A line is not a document.
    #[error("{0}:{1}: bad JSON")]
    Json(String, usize, #[source] serde_json::Error),
}

/// A toponym, with character offsets (`text[start..end]` in code points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Toponym {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The surface text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// GeoNames id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u32>,
    /// Country ISO3 (predictions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Feature class.code (predictions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// One benchmark document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeoDoc {
    /// Document id.
    pub id: String,
    /// Its text (absent in predictions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Its toponyms.
    #[serde(default)]
    pub toponyms: Vec<Toponym>,
}

/// Reads a JSONL benchmark file.
pub fn read_jsonl(path: &Path) -> Result<Vec<GeoDoc>, EvalError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io(name.clone(), e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| EvalError::Json(name.clone(), n + 1, e)))
        .collect()
}

/// The toponyms of a resolved document, with character offsets.
pub fn predictions(doc: &Document) -> Vec<Toponym> {
    let idx = OffsetIndex::new(doc.text());
    doc.places
        .iter()
        .map(|p| {
            let (start, end) = idx.char_range(p.range);
            Toponym {
                start,
                end,
                name: Some(doc.slice(p.range).to_string()),
                lat: Some(p.lat),
                lon: Some(p.lon),
                geonameid: p.geonameid,
                country: p.country.clone(),
                feature: Some(p.feature.clone()),
            }
        })
        .collect()
}

/// Resolves the given character spans of `doc` (which must have tokens)
/// into `doc.places`: resolution-only evaluation from gold spans.
pub fn resolve_spans(gaz: &Gazetteer, doc: &mut Document, spans: &[(usize, usize)]) {
    let idx = OffsetIndex::new(doc.text());
    let mut mentions = Vec::new();
    for &(s, e) in spans {
        let (Some(a), Some(b)) = (idx.byte_of_char(s), idx.byte_of_char(e)) else { continue };
        let Ok(range) = doc.range(a.to_usize(), b.to_usize()) else { continue };
        let key = normalize(doc.slice(range));
        if gaz.contains(&key) {
            mentions.push(Mention { range, tokens: token_span(doc, range), key, origin: Origin::Given });
        }
    }
    mentions.sort_by_key(|m| m.range.start());
    doc.places = resolve(gaz, doc, &mentions);
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched.
    pub tp: usize,
    /// Predicted.
    pub predicted: usize,
    /// Gold.
    pub gold: usize,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores `score.py` reports in its default mode.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Recognition, exact spans.
    pub exact: Prf,
    /// Recognition, overlapping spans (one-to-one greedy).
    pub overlap: Prf,
    /// Errors (km) of overlap-matched gold toponyms with coordinates.
    pub errors: Vec<f64>,
    /// Gold toponyms with coordinates.
    pub gold_with_coords: usize,
}

impl Scores {
    /// Share of resolved toponyms within `km`.
    pub fn acc_at(&self, km: f64) -> f64 {
        ratio(self.errors.iter().filter(|e| **e <= km).count(), self.errors.len())
    }
    /// End-to-end accuracy: within `km` over all gold toponyms with coordinates.
    pub fn end_to_end(&self, km: f64) -> f64 {
        ratio(self.errors.iter().filter(|e| **e <= km).count(), self.gold_with_coords)
    }
    /// Median error, km.
    pub fn median_km(&self) -> f64 {
        let mut e = self.errors.clone();
        e.sort_by(f64::total_cmp);
        match e.len() {
            0 => 0.0,
            n if n % 2 == 1 => e[n / 2],
            n => (e[n / 2 - 1] + e[n / 2]) / 2.0,
        }
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = |x: f64| x * 100.0;
        writeln!(
            f,
            "recognition exact   P {:.1} R {:.1} F1 {:.1}  ({} tp, {} pred, {} gold)",
            p(self.exact.precision()),
            p(self.exact.recall()),
            p(self.exact.f1()),
            self.exact.tp,
            self.exact.predicted,
            self.exact.gold
        )?;
        writeln!(
            f,
            "recognition overlap P {:.1} R {:.1} F1 {:.1}",
            p(self.overlap.precision()),
            p(self.overlap.recall()),
            p(self.overlap.f1())
        )?;
        writeln!(
            f,
            "resolution: n {} acc@161 {:.1} median {:.0} km",
            self.errors.len(),
            p(self.acc_at(161.0)),
            self.median_km()
        )?;
        write!(
            f,
            "end-to-end acc@161 {:.1} (of {} gold toponyms with coordinates)",
            p(self.end_to_end(161.0)),
            self.gold_with_coords
        )
    }
}

fn coords(t: &Toponym) -> Option<(f64, f64)> {
    match (t.lat, t.lon) {
        (Some(a), Some(b)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) => Some((a, b)),
        _ => None,
    }
}

/// Scores predictions against gold as `score.py` does by default
/// (documents matched by id; repeated predicted spans count once).
pub fn score(gold: &[GeoDoc], pred: &[GeoDoc]) -> Scores {
    let by_id: std::collections::HashMap<&str, &GeoDoc> = pred.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut s = Scores::default();
    for g in gold {
        let gs: Vec<&Toponym> = g.toponyms.iter().filter(|t| t.end > t.start).collect();
        let mut seen = HashSet::new();
        let ps: Vec<&Toponym> = by_id
            .get(g.id.as_str())
            .map(|d| d.toponyms.iter().filter(|t| t.end > t.start && seen.insert((t.start, t.end))).collect())
            .unwrap_or_default();
        s.exact.gold += gs.len();
        s.overlap.gold += gs.len();
        s.exact.predicted += ps.len();
        s.overlap.predicted += ps.len();
        s.gold_with_coords += gs.iter().filter(|t| coords(t).is_some()).count();
        let gold_spans: HashSet<(usize, usize)> = gs.iter().map(|t| (t.start, t.end)).collect();
        s.exact.tp += ps.iter().filter(|t| gold_spans.contains(&(t.start, t.end))).count();
        let mut cands = Vec::new();
        for (gi, a) in gs.iter().enumerate() {
            for (pi, b) in ps.iter().enumerate() {
                let ov = a.end.min(b.end) as i64 - a.start.max(b.start) as i64;
                if ov > 0 {
                    cands.push((-ov, a.start, b.start, gi, pi));
                }
            }
        }
        cands.sort();
        let (mut ug, mut up) = (HashSet::new(), HashSet::new());
        for (_, _, _, gi, pi) in cands {
            if ug.contains(&gi) || up.contains(&pi) {
                continue;
            }
            ug.insert(gi);
            up.insert(pi);
            s.overlap.tp += 1;
            if let (Some(a), Some(b)) = (coords(gs[gi]), coords(ps[pi])) {
                s.errors.push(distance_km(a, b));
            }
        }
    }
    s
}
