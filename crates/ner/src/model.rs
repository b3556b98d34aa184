//! The model: weight tables of the two passes, the name lists, the word
//! clusters; greedy decoding; the file format.
//!
//! File: magic `DLNERMDL`, u32 version, u64 body length, then the body
//! gzipped (little-endian): the confidence temperature (f32), per pass a weight table (scale, then per
//! feature its 64-bit key and 17 i16 weights, keys ascending), the
//! gazetteer (64-bit hashes of the names with their category masks, hashes
//! ascending), the clusters (coarse parent of each fine cluster; 32-bit
//! hashes of the words with their fine cluster, ascending).

use crate::data::{allowed, labels_to_spans, N_LABELS};
use crate::features::{
    agg_features, dynamic_features, prepare, record, static_features, Agg, Clusters, DocInfo, Sent,
    TypeCounts,
};
use crate::gazetteer::Gazetteer;
use crate::hash::IdMap;
use crate::{NerError, Span};
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"DLNERMDL";
const VERSION: u32 = 4;

/// Scores of the labels for a feature list.
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], out: &mut [f32; N_LABELS]);
}

/// A quantised weight table.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    pub(crate) map: IdMap<u32>,
    pub(crate) w: Vec<i16>,
    pub(crate) scale: f32,
}

impl Scorer for Table {
    /// The rows of a batch of features are looked up first, then touched
    /// (independent loads, so their cache misses overlap), then added; the
    /// sums are integers, so the order changes nothing.
    fn score(&self, feats: &[u64], out: &mut [f32; N_LABELS]) {
        const BATCH: usize = 128;
        let mut acc = [0i32; N_LABELS];
        let mut rows = [0usize; BATCH];
        for chunk in feats.chunks(BATCH) {
            let mut n = 0;
            for f in chunk {
                if let (Some(&r), Some(slot)) = (self.map.get(f), rows.get_mut(n)) {
                    *slot = r as usize * N_LABELS;
                    n += 1;
                }
            }
            let mut touch = 0i16;
            for &row in rows.iter().take(n) {
                // both ends: a row may straddle two cache lines
                touch ^= self.w.get(row).copied().unwrap_or(0);
                touch ^= self.w.get(row + N_LABELS - 1).copied().unwrap_or(0);
            }
            std::hint::black_box(touch);
            for &row in rows.iter().take(n) {
                if let Some(ws) = self.w.get(row..row + N_LABELS) {
                    for (a, &w) in acc.iter_mut().zip(ws) {
                        *a += i32::from(w);
                    }
                }
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a as f32 * self.scale;
        }
    }
}

impl Table {
    /// Quantises averaged float weights (key → row), dropping features
    /// whose largest weight is below `prune` of the overall largest.
    pub(crate) fn quantise(rows: Vec<(u64, [f32; N_LABELS])>, prune: f32) -> Table {
        let max = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows: Vec<(u64, [f32; N_LABELS])> = rows
            .into_iter()
            .filter(|(_, r)| r.iter().fold(0f32, |m, &x| m.max(x.abs())) >= prune * max)
            .collect();
        rows.sort_by_key(|r| r.0);
        let mut t = Table { map: IdMap::default(), w: Vec::with_capacity(rows.len() * N_LABELS), scale };
        t.map.reserve(rows.len());
        for (i, (k, r)) in rows.iter().enumerate() {
            t.map.insert(*k, i as u32);
            t.w.extend(r.iter().map(|&x| (x / scale).round().clamp(-32767.0, 32767.0) as i16));
        }
        t
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// The named-entity model (see the crate documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct NerModel {
    pub(crate) pass1: Table,
    pub(crate) pass2: Option<Table>,
    pub(crate) gaz: Gazetteer,
    pub(crate) clusters: Clusters,
    /// Label scores are divided by this before the softmax that gives the
    /// confidences (calibration; labels do not depend on it).
    pub(crate) temperature: f32,
}

/// Greedy decoding of one document. Returns the labels and per-token
/// confidences of each sentence.
pub(crate) fn decode(
    w: &dyn Scorer,
    doc: &[Sent],
    info: &DocInfo,
    agg: Option<&Agg<'_>>,
    temperature: f32,
) -> (Vec<Vec<u8>>, Vec<Vec<f32>>) {
    let mut hist = TypeCounts::new();
    let mut feats = Vec::with_capacity(96);
    let mut scores = [0f32; N_LABELS];
    let mut labels = Vec::with_capacity(doc.len());
    let mut confs = Vec::with_capacity(doc.len());
    for (si, s) in doc.iter().enumerate() {
        let n = s.toks.len();
        let mut ls: Vec<u8> = Vec::with_capacity(n);
        let mut cs: Vec<f32> = Vec::with_capacity(n);
        for i in 0..n {
            feats.clear();
            static_features(s, i, info, &mut feats);
            let l1 = if i >= 1 { ls[i - 1] } else { N_LABELS as u8 };
            let l2 = if i >= 2 { ls[i - 2] } else { N_LABELS as u8 };
            dynamic_features(s, i, l1, l2, &hist, &mut feats);
            if let Some(a) = agg {
                agg_features(doc, si, i, a, &mut feats);
            }
            w.score(&feats, &mut scores);
            let prev = if i > 0 { Some(ls[i - 1]) } else { None };
            let (best, conf) = pick(&scores, prev, i + 1 == n, temperature);
            ls.push(best);
            cs.push(conf);
            record(&mut hist, &s.toks[i], best);
        }
        labels.push(ls);
        confs.push(cs);
    }
    (labels, confs)
}

/// The best allowed label and its softmax probability among the allowed
/// ones, scores divided by `temperature`.
pub(crate) fn pick(scores: &[f32; N_LABELS], prev: Option<u8>, last: bool, temperature: f32) -> (u8, f32) {
    let mut best = 0u8;
    let mut best_s = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if s > best_s && allowed(prev, l as u8, last) {
            best = l as u8;
            best_s = s;
        }
    }
    let mut z = 0f32;
    for (l, &s) in scores.iter().enumerate() {
        if allowed(prev, l as u8, last) {
            z += ((s - best_s) / temperature).exp();
        }
    }
    (best, if z > 0.0 { 1.0 / z } else { 1.0 })
}

impl NerModel {
    pub(crate) fn gaz_lookup(&self) -> impl Fn(&str) -> u16 + '_ {
        |k: &str| self.gaz.get(k)
    }

    /// Tags one document given as sentences of tokens, in document order
    /// (earlier mentions and the rest of the document inform each
    /// decision). Returns the entities of each sentence, in order.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Span>> {
        let lookup = self.gaz_lookup();
        let doc = prepare(sentences, &self.clusters, &lookup);
        let info = DocInfo::new(&doc, sentences);
        let (mut labels, mut confs) = decode(&self.pass1, &doc, &info, None, self.temperature);
        if let Some(p2) = &self.pass2 {
            let agg = Agg::new(&doc, &labels);
            let (l2, c2) = decode(p2, &doc, &info, Some(&agg), self.temperature);
            labels = l2;
            confs = c2;
        }
        labels.iter().zip(&confs).map(|(l, c)| labels_to_spans(l, c)).collect()
    }

    /// Number of weighted features (first pass, second pass).
    pub fn n_features(&self) -> (usize, usize) {
        (self.pass1.len(), self.pass2.as_ref().map_or(0, Table::len))
    }

    /// Serialises the model (deterministic for a given model).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&self.temperature.to_le_bytes());
        write_table(&mut b, &self.pass1);
        match &self.pass2 {
            Some(t) => {
                b.push(1);
                write_table(&mut b, t);
            }
            None => b.push(0),
        }
        let mut g: Vec<(u64, u16)> = self.gaz.map.iter().map(|(&k, &m)| (k, m)).collect();
        g.sort_unstable();
        put_u32(&mut b, g.len() as u32);
        for (k, _) in &g {
            b.extend_from_slice(&k.to_le_bytes());
        }
        for (_, m) in &g {
            b.extend_from_slice(&m.to_le_bytes());
        }
        put_u32(&mut b, self.clusters.parents.len() as u32);
        b.extend_from_slice(&self.clusters.parents);
        put_u32(&mut b, self.clusters.keys.len() as u32);
        for (k, v) in self.clusters.keys.iter().zip(&self.clusters.fine) {
            put_u32(&mut b, *k);
            b.extend_from_slice(&v.to_le_bytes());
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = enc.write_all(&b);
        let body = enc.finish().unwrap_or_default();
        let mut out = Vec::with_capacity(body.len() + 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, NerError> {
        let bad = |m: &str| NerError::Format(m.to_string());
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(bad("bad magic"));
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != VERSION {
            return Err(bad(&format!("version {version}, expected {VERSION}")));
        }
        let mut lenb = [0u8; 8];
        lenb.copy_from_slice(&bytes[12..20]);
        let len = u64::from_le_bytes(lenb) as usize;
        let body = bytes.get(20..20usize.saturating_add(len)).ok_or_else(|| bad("truncated"))?;
        let raw = match dateline_nlp::gz::gunzip(body, 1 << 30) {
            Some(raw) => raw,
            None => {
                let mut raw = Vec::new();
                flate2::read::GzDecoder::new(body).read_to_end(&mut raw).map_err(|e| bad(&e.to_string()))?;
                raw
            }
        };
        let mut r = Rd { b: &raw, pos: 0 };
        let t = r.take(4)?;
        let temperature = f32::from_le_bytes([t[0], t[1], t[2], t[3]]);
        if !(temperature.is_finite() && temperature > 0.0) {
            return Err(bad("temperature"));
        }
        let pass1 = read_table(&mut r)?;
        let pass2 = if r.take(1)?[0] == 1 { Some(read_table(&mut r)?) } else { None };
        let n = r.u32()? as usize;
        let keys = r.take(n.checked_mul(8).ok_or_else(|| bad("gazetteer"))?)?;
        let masks = r.take(n.checked_mul(2).ok_or_else(|| bad("gazetteer"))?)?;
        let mut gaz = Gazetteer::default();
        gaz.map.reserve(n);
        for (k, m) in keys.chunks_exact(8).zip(masks.chunks_exact(2)) {
            let mut kb = [0u8; 8];
            kb.copy_from_slice(k);
            gaz.map.insert(u64::from_le_bytes(kb), u16::from_le_bytes([m[0], m[1]]));
        }
        let np = r.u32()? as usize;
        let parents = r.take(np)?.to_vec();
        let nc = r.u32()? as usize;
        let data = r.take(nc.checked_mul(6).ok_or_else(|| bad("clusters"))?)?;
        let (mut keys, mut fine) = (Vec::with_capacity(nc), Vec::with_capacity(nc));
        for c in data.chunks_exact(6) {
            keys.push(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            fine.push(u16::from_le_bytes([c[4], c[5]]));
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("cluster keys not ascending"));
        }
        if r.pos != raw.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(NerModel { pass1, pass2, gaz, clusters: Clusters::from_parts(keys, fine, parents), temperature })
    }
}

fn put_u32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn write_table(b: &mut Vec<u8>, t: &Table) {
    b.extend_from_slice(&t.scale.to_le_bytes());
    let mut rows: Vec<(u64, u32)> = t.map.iter().map(|(&k, &v)| (k, v)).collect();
    rows.sort_unstable();
    put_u32(b, rows.len() as u32);
    // Keys first, then weights column by column (compresses better).
    for (k, _) in &rows {
        b.extend_from_slice(&k.to_le_bytes());
    }
    for l in 0..N_LABELS {
        for (_, r) in &rows {
            let w = t.w.get(*r as usize * N_LABELS + l).copied().unwrap_or(0);
            b.extend_from_slice(&w.to_le_bytes());
        }
    }
}

struct Rd<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Rd<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| NerError::Format("truncated body".to_string()))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
}

fn read_table(r: &mut Rd<'_>) -> Result<Table, NerError> {
    let s = r.take(4)?;
    let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    let n = r.u32()? as usize;
    let keys = r.take(n.checked_mul(8).ok_or_else(|| NerError::Format("table".into()))?)?;
    let mut map = IdMap::default();
    map.reserve(n);
    for (i, k) in keys.chunks_exact(8).enumerate() {
        let mut kb = [0u8; 8];
        kb.copy_from_slice(k);
        map.insert(u64::from_le_bytes(kb), i as u32);
    }
    let ws = r.take(n.checked_mul(2 * N_LABELS).ok_or_else(|| NerError::Format("table".into()))?)?;
    let mut w = vec![0i16; n * N_LABELS];
    for l in 0..N_LABELS {
        let col = &ws[l * n * 2..(l + 1) * n * 2];
        for (i, c) in col.chunks_exact(2).enumerate() {
            w[i * N_LABELS + l] = i16::from_le_bytes([c[0], c[1]]);
        }
    }
    Ok(Table { map, w, scale })
}
