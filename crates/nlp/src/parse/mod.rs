//! Dependency parsing: a greedy arc-hybrid transition parser trained with a
//! dynamic oracle and exploration (Goldberg and Nivre 2013), scored by an
//! averaged perceptron over hashed Zhang-and-Nivre-style features, with a
//! separate perceptron labeler choosing the UD relation of each arc.
//!
//! The model is two hashed weight tables quantised to `i16` (transitions:
//! 3 classes per row; labels: one column per relation), the relation names,
//! a small lexicon of ambiguity classes (the UPOS each frequent training form
//! had, so a mis-tagged word still shows what it can be) and optional word
//! clusters (form hash → cluster). Optionally (model version 3) a small
//! feed-forward network (`net.rs`) adds weighted log-probabilities to the
//! transition scores where the perceptron's margin is small, and to the
//! labeler's scores where its margin is small. Output is always a tree: one
//! word attached to the root, every word attached, no cycles.

mod features;
mod net;
mod system;
#[cfg(test)]
mod tests;

use crate::conllu::TreebankSentence;
use dateline_doc::{Dep, Document, Layer, Layers, Sentence, Stage, Upos};
use features::{extract, extract_arc, finish, word_hash, AmbMap, Clusters, Words, LABEL_FEATS};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use system::{projectivize, Move, State, MOVES, NONE};

pub use net::NetTrainConfig;

const MAGIC: &[u8; 8] = b"DLPARSE\0";
/// Version 3 adds the transition network (optional); version 2 still loads.
const VERSION: u32 = 3;
const N_MOVES: usize = 3;
const DIR_SALT: [u64; 2] = [0x1234_5678_9ABC_DEF1, 0x0FED_CBA9_8765_4321];

/// Why a parser model could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseModelError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// The bytes are not a parser model of this version.
    #[error("bad parser model: {0}")]
    Format(String),
}

/// One training or evaluation sentence. Build it from a treebank sentence
/// (gold tags), then overwrite `upos`/`xpos` with predicted tags if wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseExample {
    /// Word forms.
    pub words: Vec<String>,
    /// UPOS tags.
    pub upos: Vec<Upos>,
    /// XPOS (Penn) tags.
    pub xpos: Vec<String>,
    /// Heads: 0 for the root, else the 1-based index of the head.
    pub heads: Vec<usize>,
    /// Relations.
    pub rels: Vec<String>,
}

impl ParseExample {
    /// The sentence's words, gold tags and gold tree (unknown UPOS → `X`).
    pub fn from_treebank(s: &TreebankSentence) -> ParseExample {
        ParseExample {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s.words.iter().map(|w| w.upos.parse().unwrap_or(Upos::X)).collect(),
            xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
            heads: s.words.iter().map(|w| w.head).collect(),
            rels: s.words.iter().map(|w| w.deprel.clone()).collect(),
        }
    }
}

/// Training examples for the parser from treebank sentences: each sentence
/// with **jackknifed predicted tags** (`folds`-fold: sentence `i` is tagged by
/// a tagger trained with `tagger_cfg` on the sentences of the other folds,
/// fold = `i % folds`), followed, when `both_tags`, by each sentence again
/// with its gold tags. Reproducible (the tagger's training is). With
/// `folds < 2` the predicted copies are left out (gold tags only).
pub fn training_examples(
    train: &[TreebankSentence],
    tagger_cfg: &crate::tag::TrainConfig,
    folds: usize,
    both_tags: bool,
    log: &mut dyn FnMut(&str),
) -> Vec<ParseExample> {
    training_examples_with(train, tagger_cfg, folds, both_tags, &mut |_, _| {}, log)
}

/// [`training_examples`], with `refine` called on each fold's tagger and
/// its training sentences before it tags the held-out fold (e.g. to train
/// the tagger's window network, [`crate::tag::Tagger::train_dense`]).
pub fn training_examples_with(
    train: &[TreebankSentence],
    tagger_cfg: &crate::tag::TrainConfig,
    folds: usize,
    both_tags: bool,
    refine: &mut dyn FnMut(&mut crate::tag::Tagger, &[TreebankSentence]),
    log: &mut dyn FnMut(&str),
) -> Vec<ParseExample> {
    let gold: Vec<ParseExample> = train.iter().map(ParseExample::from_treebank).collect();
    if folds < 2 {
        return gold;
    }
    let mut out = gold.clone();
    for k in 0..folds {
        let rest: Vec<TreebankSentence> =
            train.iter().enumerate().filter(|(i, _)| i % folds != k).map(|(_, s)| s.clone()).collect();
        let mut tagger = crate::tag::Tagger::train(&rest, &[], tagger_cfg, &mut |_| {});
        refine(&mut tagger, &rest);
        for ex in out.iter_mut().skip(k).step_by(folds) {
            let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
            let tags = tagger.tag_pos(&words);
            ex.upos = tags.iter().map(|p| p.0).collect();
            ex.xpos = tags.iter().map(|p| p.1.to_string()).collect();
        }
        log(&format!("jackknife fold {}/{folds} tagged", k + 1));
    }
    let (mut n, mut u) = (0usize, 0usize);
    for (a, b) in gold.iter().zip(&out) {
        n += a.upos.len();
        u += a.upos.iter().zip(&b.upos).filter(|(p, q)| p == q).count();
    }
    log(&format!("jackknifed UPOS {:.2}% over {n} words", 100.0 * u as f64 / n.max(1) as f64));
    if both_tags {
        out.extend(gold);
    }
    out
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct ParserTrainConfig {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the shuffling, exploration and tag-noise generator.
    pub seed: u64,
    /// log2 of the transition table's rows.
    pub trans_bits: u32,
    /// log2 of the label table's rows.
    pub label_bits: u32,
    /// First epoch (0-based) that follows the model's own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction when exploring.
    pub explore_p: f64,
    /// Per-word probability of replacing the gold tags with another tag pair
    /// seen for the same word form (simulates tagger errors).
    pub tag_noise: f64,
    /// Word clusters: (lower-cased form, cluster) pairs, stored in the model
    /// and used as features (none: no cluster features fire)...
    pub clusters: Vec<(String, u16)>,
    /// ...read from this file (see `tag::read_clusters`) when `clusters` is
    /// empty; by default the shipped `clusters.tsv.gz` beside
    /// [`Parser::default_path`], skipped (and logged) when missing.
    pub clusters_file: Option<PathBuf>,
}

impl Default for ParserTrainConfig {
    fn default() -> ParserTrainConfig {
        ParserTrainConfig {
            epochs: 12,
            seed: 1,
            trans_bits: 20,
            label_bits: 15,
            explore_from: 1,
            explore_p: 0.9,
            tag_noise: 0.0,
            clusters: Vec::new(),
            clusters_file: Some(Parser::default_path().with_file_name("clusters.tsv.gz")),
        }
    }
}

/// Attachment scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseScores {
    /// Words scored.
    pub words: usize,
    /// Unlabeled attachment score, percent.
    pub uas: f64,
    /// Labeled attachment score (full relation incl. subtype), percent.
    pub las: f64,
    /// Labeled attachment score on universal relations (before `:`), percent.
    pub las_universal: f64,
}

/// The dependency parser. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Parser {
    trans_bits: u32,
    label_bits: u32,
    /// Relation names; label id `k` (1-based) is `labels[k - 1]`.
    labels: Vec<Box<str>>,
    /// Per label: bit 0 seen on left arcs (dependent before head), bit 1 on right arcs.
    allowed: Vec<u8>,
    /// Label id of `root` (0 when unknown).
    root_label: u16,
    /// Label id of `punct` (0 when unknown): words tagged PUNCT get it
    /// without scoring (derived from `labels`, not stored).
    punct_label: u16,
    trans: Vec<i16>,
    lab: Vec<i16>,
    /// `lab` again with each row padded to `LAB_COLS` columns and aligned
    /// to its 128 bytes, so a row is exactly two cache lines (built when
    /// the model has at most `LAB_COLS` labels; else empty).
    lab_rows: Vec<LabRow>,
    /// Form hash → ambiguity class (UPOS set seen in training, most frequent UPOS).
    amb: AmbMap,
    /// Word clusters: sorted upper halves of form hashes and their clusters.
    clusters: Clusters,
    /// The transition network added to the perceptron's scores (none: the
    /// perceptron alone).
    net: Option<Box<net::Net>>,
}

/// Buffers reused from sentence to sentence (one set per thread).
struct Scratch {
    ws: Words,
    st: State,
    feats: Vec<u64>,
    net: net::NetScratch,
    lp: Vec<f32>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            ws: Words::empty(),
            st: State::new(0),
            feats: Vec::with_capacity(256),
            net: net::NetScratch::default(),
            lp: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::new());
}

/// Columns of a label row (the last holds the row's shift).
const LAB_COLS: usize = 64;

/// One row of the label table for tagging: the weights as i8 times a
/// power of two (the last byte holds the exponent), padded with zeros and
/// aligned to its 64 bytes, so a row is one cache line. The shifts lose
/// nothing measurable (LAS on the dev sets within 0.03).
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct LabRow([i8; LAB_COLS]);

/// Largest row shift (i16 weights: 32767 >> 8 <= 127).
const MAX_SHIFT: usize = 8;

/// `lab` (`nl` columns per row) as quantised rows; empty when `nl` is 0 or
/// more than `LAB_COLS - 1`.
fn lab_rows(lab: &[i16], nl: usize) -> Vec<LabRow> {
    if nl == 0 || nl >= LAB_COLS {
        return Vec::new();
    }
    lab.chunks_exact(nl)
        .map(|r| {
            let m = r.iter().map(|v| i32::from(*v).abs()).max().unwrap_or(0);
            let mut sh = 0usize;
            while (m >> sh) > 127 && sh < MAX_SHIFT {
                sh += 1;
            }
            let mut row = [0i8; LAB_COLS];
            for (o, &v) in row.iter_mut().zip(r) {
                let x = i32::from(v);
                let half = (1i32 << sh) >> 1;
                let q = if x >= 0 { (x + half) >> sh } else { -((-x + half) >> sh) };
                *o = q.clamp(-127, 127) as i8;
            }
            row[LAB_COLS - 1] = sh as i8;
            LabRow(row)
        })
        .collect()
}

/// Small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[inline]
fn row(h: u64, bits: u32) -> usize {
    (h >> (64 - bits)) as usize
}

/// Averaged perceptron weights (integers, exact averaging).
struct Avg {
    w: Vec<i32>,
    u: Vec<i64>,
    c: i64,
}

impl Avg {
    fn new(n: usize) -> Avg {
        Avg { w: vec![0; n], u: vec![0; n], c: 1 }
    }
    #[inline]
    fn add(&mut self, i: usize, d: i32) {
        self.w[i] += d;
        self.u[i] += self.c * i64::from(d);
    }
    /// Averaged weights quantised to `i16`.
    fn quantised(&self) -> Vec<i16> {
        let c = self.c as f64;
        let avg: Vec<f64> = self.w.iter().zip(&self.u).map(|(&w, &u)| f64::from(w) - u as f64 / c).collect();
        let max = avg.iter().fold(0f64, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        avg.iter().map(|v| (v * scale).round().clamp(-32767.0, 32767.0) as i16).collect()
    }
}

impl Parser {
    /// Where the shipped model lives: `$DATELINE_MODELS/parser.bin` when
    /// set, else the repository's `data/models/parser.bin`.
    pub fn default_path() -> PathBuf {
        match std::env::var_os("DATELINE_MODELS") {
            Some(dir) => PathBuf::from(dir).join("parser.bin"),
            None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/parser.bin")),
        }
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Parser, ParseModelError> {
        let bytes = std::fs::read(path)
            .map_err(|source| ParseModelError::Io { path: path.display().to_string(), source })?;
        Parser::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<(), ParseModelError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| ParseModelError::Io { path: path.display().to_string(), source })
    }

    /// The relation names the model knows.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.as_ref())
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 2 * (self.trans.len() + self.lab.len()) + 1024);
        out.extend_from_slice(MAGIC);
        // A model without the network keeps version 2 (no network byte), so
        // the shipped perceptron-only file is rebuilt byte for byte.
        let version = if self.net.is_some() { VERSION } else { 2 };
        for v in
            [version, self.trans_bits, self.label_bits, self.labels.len() as u32, u32::from(self.root_label)]
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (l, a) in self.labels.iter().zip(&self.allowed) {
            out.extend_from_slice(&(l.len() as u16).to_le_bytes());
            out.extend_from_slice(l.as_bytes());
            out.push(*a);
        }
        let mut amb: Vec<(u64, u32)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        out.extend_from_slice(&(amb.len() as u32).to_le_bytes());
        for (k, v) in amb {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.clusters.keys.len() as u32).to_le_bytes());
        for k in &self.clusters.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for v in &self.clusters.vals {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in self.trans.iter().chain(&self.lab) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        if let Some(n) = &self.net {
            out.push(1);
            n.write(&mut out);
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model from bytes; any damage is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ParseModelError> {
        let bad = |m: &str| ParseModelError::Format(m.to_string());
        if bytes.len() < MAGIC.len() + 20 + 8 || &bytes[..8] != MAGIC {
            return Err(bad("not a parser model (magic)"));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        let mut sum = [0u8; 8];
        sum.copy_from_slice(tail);
        if checksum(body) != u64::from_le_bytes(sum) {
            return Err(bad("checksum mismatch (truncated or corrupt)"));
        }
        let mut r = Reader { b: body, pos: 8 };
        let version = r.u32()?;
        if version != VERSION && version != 2 {
            return Err(ParseModelError::Format(format!("unsupported version {version}")));
        }
        let trans_bits = r.u32()?;
        let label_bits = r.u32()?;
        let n_labels = r.u32()? as usize;
        let root_label = r.u32()?;
        if !(1..=28).contains(&trans_bits) || !(1..=24).contains(&label_bits) || n_labels > 4096 {
            return Err(bad("implausible sizes"));
        }
        if root_label as usize > n_labels {
            return Err(bad("bad root label"));
        }
        let mut labels = Vec::with_capacity(n_labels);
        let mut allowed = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = usize::from(r.u16()?);
            let s = std::str::from_utf8(r.take(len)?).map_err(|_| bad("label not UTF-8"))?;
            labels.push(Box::from(s));
            allowed.push(r.take(1)?[0]);
        }
        let n_amb = r.u32()? as usize;
        if n_amb > 1 << 24 {
            return Err(bad("implausible lexicon size"));
        }
        let mut amb = AmbMap::with_capacity_and_hasher(n_amb, Default::default());
        for _ in 0..n_amb {
            let k = r.take(8)?;
            let k = u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]);
            amb.insert(k, r.u32()?);
        }
        let n_cl = r.u32()? as usize;
        if n_cl > 1 << 24 {
            return Err(bad("implausible cluster count"));
        }
        let mut cl_keys = Vec::with_capacity(n_cl);
        for _ in 0..n_cl {
            cl_keys.push(r.u32()?);
        }
        if cl_keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("cluster keys not sorted"));
        }
        let mut cl_vals = Vec::with_capacity(n_cl);
        for _ in 0..n_cl {
            cl_vals.push(r.u16()?);
        }
        let nt = (1usize << trans_bits) * N_MOVES;
        let nl = (1usize << label_bits) * n_labels;
        let rest = r.b.len() - r.pos;
        if (version == 2 && rest != 2 * (nt + nl)) || rest < 2 * (nt + nl) {
            return Err(bad("weight table size mismatch"));
        }
        let trans = r.i16s(nt)?;
        let lab = r.i16s(nl)?;
        let net =
            if version >= 3 && r.take(1)?[0] == 1 { Some(Box::new(net::Net::read(&mut r)?)) } else { None };
        if r.pos != r.b.len() {
            return Err(bad("trailing bytes"));
        }
        let punct_label = punct_id(&labels);
        Ok(Parser {
            trans_bits,
            label_bits,
            labels,
            allowed,
            root_label: root_label as u16,
            punct_label,
            trans,
            lab_rows: lab_rows(&lab, n_labels),
            lab,
            amb,
            clusters: Clusters::new(cl_keys, cl_vals),
            net,
        })
    }

    /// Parses one sentence. Returns, per word, its head (0 = root, else the
    /// 1-based index of the head word) and relation. Always a tree.
    pub fn parse(&self, words: &[&str], upos: &[Upos], xpos: &[&str]) -> Vec<(usize, Box<str>)> {
        let (heads, labels) = self.parse_ids(words, upos, xpos);
        heads
            .iter()
            .zip(&labels)
            .map(|(&h, &l)| (h as usize, if h == 0 { Box::from("root") } else { self.label_name(l) }))
            .collect()
    }

    fn label_name(&self, id: u16) -> Box<str> {
        match (id as usize).checked_sub(1).and_then(|i| self.labels.get(i)) {
            Some(l) => l.clone(),
            None => Box::from("dep"),
        }
    }

    /// Heads (0 = root) and label ids per word.
    fn parse_ids(&self, words: &[&str], upos: &[Upos], xpos: &[&str]) -> (Vec<u32>, Vec<u16>) {
        let n = words.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut sc) => self.parse_ids_with(words, upos, xpos, &mut sc),
            Err(_) => self.parse_ids_with(words, upos, xpos, &mut Scratch::new()),
        })
    }

    fn parse_ids_with(
        &self,
        words: &[&str],
        upos: &[Upos],
        xpos: &[&str],
        sc: &mut Scratch,
    ) -> (Vec<u32>, Vec<u16>) {
        let n = words.len();
        let Scratch { ws, st, feats, net: nsc, lp: lbuf } = sc;
        ws.fill(words, upos, xpos, &self.amb, &self.clusters);
        let (ws, feats): (&Words, &mut Vec<u64>) = (ws, feats);
        st.reset(n);
        if let Some(nn) = self.net.as_deref() {
            nn.begin(n, nsc);
        }
        let mut guard = 0;
        while !st.is_terminal() && guard <= 2 * n + 2 {
            guard += 1;
            // whether `nsc` holds the network's hidden layer for this state
            let mut net_here = false;
            // A forced move (only one legal: the first shift, shifts onto
            // the bare root, the reductions once the buffer is empty) is
            // not scored; its features are extracted only for a label.
            let mut legal = MOVES.iter().copied().filter(|&m| st.is_legal(m));
            let forced = match (legal.next(), legal.next()) {
                (Some(m), None) => Some(m),
                _ => None,
            };
            let best = match forced {
                Some(m) => {
                    feats.clear();
                    m
                }
                None => {
                    extract(st, ws, feats);
                    let scores = self.trans_scores(feats);
                    let mut best = Move::Shift;
                    let mut best_score = i32::MIN;
                    let mut second = i32::MIN;
                    for m in MOVES {
                        if st.is_legal(m) {
                            let s = scores[m as usize];
                            if s > best_score {
                                second = best_score;
                                best = m;
                                best_score = s;
                            } else if s > second {
                                second = s;
                            }
                        }
                    }
                    match self.net.as_deref() {
                        Some(nn) if nn.weight > 0.0 && ((best_score - second) as f32) <= nn.margin => {
                            let legal = MOVES.map(|m| st.is_legal(m));
                            let lp = nn.log_probs_at(st, ws, legal, nsc);
                            net_here = true;
                            let mut top = f32::NEG_INFINITY;
                            for m in MOVES {
                                if legal[m as usize] {
                                    let v = scores[m as usize] as f32 + nn.weight * lp[m as usize];
                                    if v > top {
                                        top = v;
                                        best = m;
                                    }
                                }
                            }
                            best
                        }
                        _ => best,
                    }
                }
            };
            let label = match st.arc(best) {
                Some((h, d)) => {
                    let fixed = self.label_is_fixed(ws, h, d);
                    if forced.is_some() && !fixed {
                        extract(st, ws, feats);
                    }
                    let head =
                        if fixed { None } else { Some(NetLabels { sc: nsc, buf: lbuf, here: net_here }) };
                    self.predict_label(st, ws, feats, h, d, head)
                }
                None => 0,
            };
            st.apply(best, label);
        }
        let heads = st.heads[1..].iter().map(|&h| if h == NONE { 0 } else { h }).collect();
        (heads, st.labels[1..].to_vec())
    }

    /// Sums the transition rows of `feats`: every row is loaded once
    /// before any is added (independent loads, so the cache misses of the
    /// whole state overlap instead of following one another).
    fn trans_scores(&self, feats: &[u64]) -> [i32; N_MOVES] {
        let bits = self.trans_bits;
        let mut touch = 0i16;
        for &f in feats {
            let r = row(f, bits) * N_MOVES;
            // both ends: a row may straddle two cache lines
            touch ^= self.trans.get(r).copied().unwrap_or(0);
            touch ^= self.trans.get(r + N_MOVES - 1).copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
        let mut s = [0i32; N_MOVES];
        for &f in feats {
            let r = row(f, bits) * N_MOVES;
            if let Some(w) = self.trans.get(r..r + N_MOVES) {
                for k in 0..N_MOVES {
                    s[k] += i32::from(w[k]);
                }
            }
        }
        s
    }

    /// Whether the label of arc `h → d` is given without scoring (`root`
    /// from the root, `punct` for punctuation).
    fn label_is_fixed(&self, ws: &Words, h: u32, d: u32) -> bool {
        (h == 0 && self.root_label != 0)
            || (self.punct_label != 0 && ws.p.get(d as usize).is_some_and(|&p| p == PUNCT_CODE))
    }

    /// Adds the network's label head (weighted log-probabilities) to the
    /// labeler's `scores` when their margin is small.
    fn add_net_labels(
        &self,
        st: &State,
        ws: &Words,
        scores: &mut [i32],
        left: bool,
        nl: Option<NetLabels<'_>>,
    ) {
        let (Some(nn), Some(NetLabels { sc, buf, here })) = (self.net.as_deref(), nl) else { return };
        if nn.label_weight <= 0.0 {
            return;
        }
        let bit = if left { 1 } else { 2 };
        let (mut a, mut b) = (i32::MIN, i32::MIN);
        for (k, &v) in scores.iter().enumerate() {
            if self.allowed.get(k).is_some_and(|x| x & bit != 0) && (k + 1) as u16 != self.root_label {
                if v > a {
                    b = a;
                    a = v;
                } else if v > b {
                    b = v;
                }
            }
        }
        if (i64::from(a) - i64::from(b)) as f32 > nn.label_margin {
            return;
        }
        if !here {
            nn.log_probs_at(st, ws, MOVES.map(|m| st.is_legal(m)), sc);
        }
        nn.label_log_probs(left, sc, buf);
        for (s, &v) in scores.iter_mut().zip(buf.iter()) {
            *s = s.saturating_add((nn.label_weight * v).clamp(-1e9, 1e9) as i32);
        }
    }

    /// Chooses the label of arc `h → d`; consumes `feats` (left empty).
    /// `net`: the network's label head, asked when the labeler is unsure.
    fn predict_label(
        &self,
        st: &State,
        ws: &Words,
        feats: &mut Vec<u64>,
        h: u32,
        d: u32,
        net: Option<NetLabels<'_>>,
    ) -> u16 {
        if h == 0 && self.root_label != 0 {
            return self.root_label;
        }
        if self.punct_label != 0 && ws.p[d as usize] == PUNCT_CODE {
            return self.punct_label;
        }
        let nl = self.labels.len();
        let mut stack_scores = [0i32; 64];
        let mut heap_scores = Vec::new();
        let scores: &mut [i32] = if nl <= 64 {
            &mut stack_scores[..nl]
        } else {
            heap_scores.resize(nl, 0);
            &mut heap_scores
        };
        let salt = DIR_SALT[usize::from(d < h)];
        let base = feats.len();
        extract_arc(st, ws, h, d, feats);
        // feature ids become row offsets (the caller re-extracts anyway)
        label_keys(feats, base, salt);
        // i16 sums per shift stay exact up to 258 rows (258 * 127 < 32768)
        if !self.lab_rows.is_empty() && nl < LAB_COLS && feats.len() <= 258 {
            for f in feats.iter_mut() {
                *f = row(*f, self.label_bits) as u64;
            }
            // load every row first: many cache misses in flight
            let mut touch = 0i8;
            for &r in feats.iter() {
                if let Some(w) = self.lab_rows.get(r as usize) {
                    touch ^= w.0[0];
                }
            }
            std::hint::black_box(touch);
            let mut acc = [[0i16; LAB_COLS]; MAX_SHIFT + 1];
            for &r in feats.iter() {
                if let Some(w) = self.lab_rows.get(r as usize) {
                    let sh = (w.0[LAB_COLS - 1] as usize).min(MAX_SHIFT);
                    for (s, &v) in acc[sh].iter_mut().zip(w.0.iter()) {
                        *s += i16::from(v);
                    }
                }
            }
            for (k, s) in scores.iter_mut().enumerate() {
                let mut t = 0i32;
                for (sh, a) in acc.iter().enumerate() {
                    t += i32::from(a[k]) << sh;
                }
                *s = t;
            }
            feats.clear();
            self.add_net_labels(st, ws, scores, d < h, net);
            return best_label(scores, &self.allowed, d < h, self.root_label);
        }
        for f in feats.iter_mut() {
            *f = (row(*f, self.label_bits) * nl) as u64;
        }
        // touch both ends of every row first: many cache misses in flight
        let mut touch = 0i16;
        for &r in feats.iter() {
            let r = r as usize;
            if let (Some(a), Some(b)) = (self.lab.get(r), self.lab.get(r + nl.saturating_sub(1))) {
                touch ^= *a ^ *b;
            }
        }
        std::hint::black_box(touch);
        for &r in feats.iter() {
            let r = r as usize;
            if let Some(w) = self.lab.get(r..r + nl) {
                for (s, &v) in scores.iter_mut().zip(w) {
                    *s += i32::from(v);
                }
            }
        }
        feats.clear();
        self.add_net_labels(st, ws, scores, d < h, net);
        best_label(scores, &self.allowed, d < h, self.root_label)
    }

    /// Attachment scores of the parser on `data` (its tags as given).
    pub fn evaluate(&self, data: &[ParseExample]) -> ParseScores {
        let (mut n, mut u, mut l, mut lu) = (0usize, 0usize, 0usize, 0usize);
        for ex in data {
            let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
            let xpos: Vec<&str> = ex.xpos.iter().map(String::as_str).collect();
            let out = self.parse(&words, &ex.upos, &xpos);
            for (i, (h, r)) in out.iter().enumerate() {
                let (Some(&gh), Some(gr)) = (ex.heads.get(i), ex.rels.get(i)) else { continue };
                n += 1;
                if *h == gh {
                    u += 1;
                    if r.as_ref() == gr {
                        l += 1;
                    }
                    if universal(r) == universal(gr) {
                        lu += 1;
                    }
                }
            }
        }
        let pct = |x: usize| if n == 0 { 0.0 } else { 100.0 * x as f64 / n as f64 };
        ParseScores { words: n, uas: pct(u), las: pct(l), las_universal: pct(lu) }
    }

    /// Trains a parser (reproducibly: same data, config and seed give the
    /// same model). When `dev` is not empty the epoch with the best dev LAS
    /// is kept. `log` receives one line per epoch.
    pub fn train(
        train: &[ParseExample],
        dev: &[ParseExample],
        cfg: &ParserTrainConfig,
        log: &mut dyn FnMut(&str),
    ) -> Parser {
        let trans_bits = cfg.trans_bits.clamp(8, 26);
        let label_bits = cfg.label_bits.clamp(6, 22);
        // gold trees, projectivised
        let mut label_ids: HashMap<&str, u16> = HashMap::new();
        let mut names: Vec<&str> = train.iter().flat_map(|e| e.rels.iter().map(String::as_str)).collect();
        names.sort_unstable();
        names.dedup();
        for (i, n) in names.iter().enumerate() {
            label_ids.insert(n, (i + 1) as u16);
        }
        let nl = names.len().max(1);
        let root_label = label_ids.get("root").copied().unwrap_or(0);
        let punct_label = label_ids.get("punct").copied().unwrap_or(0);
        let mut allowed = vec![0u8; nl];
        struct Gold {
            heads: Vec<u32>,
            labels: Vec<u16>,
        }
        let mut golds: Vec<Option<Gold>> = Vec::with_capacity(train.len());
        let mut skipped = 0usize;
        for ex in train {
            match gold_tree(ex, &label_ids) {
                Some((heads, labels)) => {
                    for d in 1..heads.len() {
                        let hd = heads[d];
                        if hd != 0 {
                            allowed[usize::from(labels[d]) - 1] |= if (d as u32) < hd { 1 } else { 2 };
                        }
                    }
                    golds.push(Some(Gold { heads, labels }));
                }
                None => {
                    skipped += 1;
                    golds.push(None);
                }
            }
        }
        if skipped > 0 {
            log(&format!("skipped {skipped} sentences that are not trees"));
        }
        // tag alternatives per word form, for tag noise
        let mut alts: HashMap<String, Vec<(Upos, String)>> = HashMap::new();
        if cfg.tag_noise > 0.0 {
            for ex in train {
                for ((w, &u), x) in ex.words.iter().zip(&ex.upos).zip(&ex.xpos) {
                    let v = alts.entry(w.to_lowercase()).or_default();
                    if !v.iter().any(|(a, b)| *a == u && b == x) {
                        v.push((u, x.clone()));
                    }
                }
            }
        }
        let labels: Vec<Box<str>> = names.iter().map(|s| Box::from(*s)).collect();
        let amb = ambiguity_classes(train);
        log(&format!("lexicon: {} forms with ambiguity classes", amb.len()));
        let mut read = Vec::new();
        if cfg.clusters.is_empty() {
            if let Some(path) = &cfg.clusters_file {
                match crate::tag::read_clusters(path) {
                    Ok((c, _)) => read = c,
                    Err(e) => log(&format!("no word clusters: {e}")),
                }
            }
        }
        let clusters = cluster_table(if read.is_empty() { &cfg.clusters } else { &read });
        log(&format!("word clusters: {} forms", clusters.keys.len()));
        let mut tw = Avg::new((1usize << trans_bits) * N_MOVES);
        let mut lw = Avg::new((1usize << label_bits) * nl);
        let mut rng = Rng(cfg.seed ^ 0x5DEE_CE66_D1CE_4E5B);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut best: Option<(f64, Parser)> = None;
        let mut feats = Vec::with_capacity(160);
        let mut lscores = vec![0i64; nl];
        for epoch in 0..cfg.epochs.max(1) {
            for i in (1..order.len()).rev() {
                let j = rng.below(i + 1);
                order.swap(i, j);
            }
            let explore = epoch >= cfg.explore_from;
            let (mut moves, mut errors) = (0usize, 0usize);
            for &idx in &order {
                let Some(gold) = &golds[idx] else { continue };
                let ex = &train[idx];
                let n = ex.words.len();
                let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                let mut upos = ex.upos.clone();
                let mut xpos: Vec<&str> = ex.xpos.iter().map(String::as_str).collect();
                if cfg.tag_noise > 0.0 {
                    for i in 0..n {
                        if rng.f64() < cfg.tag_noise {
                            if let Some(v) = alts.get(&ex.words[i].to_lowercase()) {
                                if v.len() > 1 {
                                    let (u, x) = &v[rng.below(v.len())];
                                    upos[i] = *u;
                                    xpos[i] = x.as_str();
                                }
                            }
                        }
                    }
                }
                let ws = Words::new(&words, &upos, &xpos, &amb, &clusters);
                let mut st = State::new(n);
                while !st.is_terminal() {
                    extract(&st, &ws, &mut feats);
                    let mut scores = [0i64; N_MOVES];
                    for &f in &feats {
                        let r = row(f, trans_bits) * N_MOVES;
                        for (k, s) in scores.iter_mut().enumerate() {
                            *s += i64::from(tw.w[r + k]);
                        }
                    }
                    let mut pred = None;
                    let mut gbest: Option<(Move, u32)> = None;
                    for m in MOVES {
                        if !st.is_legal(m) {
                            continue;
                        }
                        if pred.is_none_or(|p: Move| scores[m as usize] > scores[p as usize]) {
                            pred = Some(m);
                        }
                        let c = st.cost(m, &gold.heads);
                        let better = match gbest {
                            None => true,
                            Some((g, gc)) => c < gc || (c == gc && scores[m as usize] > scores[g as usize]),
                        };
                        if better {
                            gbest = Some((m, c));
                        }
                    }
                    let (Some(pred), Some((gmove, gcost))) = (pred, gbest) else { break };
                    let pcost = st.cost(pred, &gold.heads);
                    moves += 1;
                    let follow = if pcost <= gcost {
                        pred
                    } else {
                        errors += 1;
                        for &f in &feats {
                            let r = row(f, trans_bits) * N_MOVES;
                            tw.add(r + gmove as usize, 1);
                            tw.add(r + pred as usize, -1);
                        }
                        if explore && rng.f64() < cfg.explore_p {
                            pred
                        } else {
                            gmove
                        }
                    };
                    tw.c += 1;
                    let label = match st.arc(follow) {
                        Some((0, _)) if root_label != 0 => root_label,
                        Some((_, d)) if punct_label != 0 && ws.p[d as usize] == PUNCT_CODE => punct_label,
                        Some((h, d)) => {
                            let rows = label_rows(&st, &ws, &feats, h, d, label_bits);
                            lscores.iter_mut().for_each(|s| *s = 0);
                            for &r in &rows {
                                for (k, s) in lscores.iter_mut().enumerate() {
                                    *s += i64::from(lw.w[r * nl + k]);
                                }
                            }
                            let scores32: Vec<i32> = lscores
                                .iter()
                                .map(|&s| s.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
                                .collect();
                            let p = best_label(&scores32, &allowed, d < h, root_label);
                            if gold.heads[d as usize] == h {
                                let g = gold.labels[d as usize];
                                if p != g && g != 0 {
                                    for &r in &rows {
                                        lw.add(r * nl + usize::from(g) - 1, 1);
                                        if p != 0 {
                                            lw.add(r * nl + usize::from(p) - 1, -1);
                                        }
                                    }
                                }
                                lw.c += 1;
                                g
                            } else {
                                p
                            }
                        }
                        None => 0,
                    };
                    st.apply(follow, label);
                }
            }
            let mut model = Parser {
                trans_bits,
                label_bits,
                labels: labels.clone(),
                allowed: allowed.clone(),
                root_label,
                punct_label,
                trans: tw.quantised(),
                lab: lw.quantised(),
                lab_rows: Vec::new(),
                amb: amb.clone(),
                clusters: clusters.clone(),
                net: None,
            };
            model.lab_rows = lab_rows(&model.lab, model.labels.len());
            let mut line = format!(
                "epoch {}: transition errors {:.2}% of {moves}",
                epoch + 1,
                100.0 * errors as f64 / moves.max(1) as f64
            );
            if dev.is_empty() {
                best = Some((0.0, model));
            } else {
                let s = model.evaluate(dev);
                line.push_str(&format!(
                    "; dev UAS {:.2} LAS {:.2} uLAS {:.2}",
                    s.uas, s.las, s.las_universal
                ));
                if best.as_ref().is_none_or(|(b, _)| s.las > *b) {
                    best = Some((s.las, model));
                }
            }
            log(&line);
        }
        match best {
            Some((_, m)) => m,
            None => Parser {
                trans_bits,
                label_bits,
                labels,
                allowed,
                root_label,
                punct_label,
                trans: tw.quantised(),
                lab: lw.quantised(),
                lab_rows: Vec::new(),
                amb,
                clusters,
                net: None,
            },
        }
    }
}

/// A training example's gold tree, projectivised by lifting: the heads
/// (slot 0 the root) and relation ids of `label_ids` (0 for a relation it
/// lacks), or `None` when the example is malformed or no tree.
fn gold_tree(ex: &ParseExample, label_ids: &HashMap<&str, u16>) -> Option<(Vec<u32>, Vec<u16>)> {
    let n = ex.words.len();
    let ok = n > 0 && ex.heads.len() == n && ex.rels.len() == n && ex.upos.len() == n && ex.xpos.len() == n;
    if !ok {
        return None;
    }
    let mut h = vec![NONE];
    h.extend(ex.heads.iter().map(|&x| x.min(u32::MAX as usize - 1) as u32));
    let heads = projectivize(&h)?;
    let labels = std::iter::once(0)
        .chain(ex.rels.iter().map(|r| label_ids.get(r.as_str()).copied().unwrap_or(0)))
        .collect();
    Some((heads, labels))
}

/// Forms seen at least `AMB_MIN_FREQ` times in `train` → the set of UPOS
/// they had (each tag seen at least twice and in ≥ 5% of cases; bits 0..17)
/// and their most frequent UPOS + 1 (bits 20..).
fn ambiguity_classes(train: &[ParseExample]) -> AmbMap {
    const AMB_MIN_FREQ: u32 = 3;
    let mut counts: HashMap<u64, [u32; 18]> = HashMap::new();
    for ex in train {
        for (w, u) in ex.words.iter().zip(&ex.upos) {
            let c = counts.entry(word_hash(w)).or_insert([0; 18]);
            c[u.index().min(16)] += 1;
            c[17] += 1;
        }
    }
    let mut amb = AmbMap::with_capacity_and_hasher(counts.len(), Default::default());
    for (k, c) in counts {
        let total = c[17];
        if total < AMB_MIN_FREQ {
            continue;
        }
        let mut mask = 0u32;
        let mut best = 0usize;
        for t in 0..17 {
            if c[t] >= 2 && c[t] * 20 >= total {
                mask |= 1 << t;
            }
            if c[t] > c[best] {
                best = t;
            }
        }
        amb.insert(k, mask | ((best as u32 + 1) << 20));
    }
    amb
}

/// Word clusters as sorted (upper half of the form hash, cluster) arrays;
/// the first of colliding forms wins.
fn cluster_table(clusters: &[(String, u16)]) -> Clusters {
    let mut pairs: Vec<(u32, u16)> =
        clusters.iter().map(|(w, c)| ((word_hash(w) >> 32) as u32, *c)).collect();
    pairs.sort_by_key(|p| p.0);
    pairs.dedup_by_key(|p| p.0);
    let (keys, vals) = pairs.into_iter().unzip();
    Clusters::new(keys, vals)
}

/// `Words::p` of PUNCT.
const PUNCT_CODE: u64 = Upos::PUNCT as u64 + 1;

fn punct_id(labels: &[Box<str>]) -> u16 {
    labels.iter().position(|l| l.as_ref() == "punct").map_or(0, |i| (i + 1) as u16)
}

fn universal(r: &str) -> &str {
    r.split(':').next().unwrap_or(r)
}

/// Rows of the label table for arc `h → d` given the transition features `feats`.
fn label_rows(st: &State, ws: &Words, feats: &[u64], h: u32, d: u32, bits: u32) -> Vec<usize> {
    let salt = DIR_SALT[usize::from(d < h)];
    let base = feats.len();
    let mut keys = feats.to_vec();
    extract_arc(st, ws, h, d, &mut keys);
    label_keys(&mut keys, base, salt);
    keys.iter().map(|&f| row(f, bits)).collect()
}

/// Turns `feats` (transition features up to `base`, then arc features) into
/// the labeler's feature keys in place: the transition features of
/// `LABEL_FEATS`, salted with the arc direction, then the arc features.
fn label_keys(feats: &mut Vec<u64>, base: usize, salt: u64) {
    let mut j = 0;
    for &(a, b) in LABEL_FEATS {
        for i in a..b.min(base) {
            feats[j] = finish(feats[i] ^ salt);
            j += 1;
        }
    }
    for i in base..feats.len() {
        feats[j] = feats[i];
        j += 1;
    }
    feats.truncate(j);
}

/// What [`Parser::predict_label`] needs for the network's label head: its
/// scratch, a buffer, and whether the scratch holds this state's hidden layer.
struct NetLabels<'a> {
    sc: &'a mut net::NetScratch,
    buf: &'a mut Vec<f32>,
    here: bool,
}

/// The best label allowed for the direction (never `root` off the root).
fn best_label(scores: &[i32], allowed: &[u8], left: bool, root_label: u16) -> u16 {
    let bit = if left { 1 } else { 2 };
    let mut best: Option<(usize, i32)> = None;
    let mut any: Option<(usize, i32)> = None;
    for (k, &s) in scores.iter().enumerate() {
        if (k + 1) as u16 == root_label {
            continue;
        }
        if any.is_none_or(|(_, b)| s > b) {
            any = Some((k, s));
        }
        if allowed.get(k).is_some_and(|a| a & bit != 0) && best.is_none_or(|(_, b)| s > b) {
            best = Some((k, s));
        }
    }
    match best.or(any) {
        Some((k, _)) => (k + 1) as u16,
        None => root_label,
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in bytes.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 31;
    }
    h ^ bytes.len() as u64
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ParseModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(ParseModelError::Format("truncated".to_string())),
        }
    }
    fn u32(&mut self) -> Result<u32, ParseModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u16(&mut self) -> Result<u16, ParseModelError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn f32(&mut self) -> Result<f32, ParseModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn i16s(&mut self, n: usize) -> Result<Vec<i16>, ParseModelError> {
        let s = self.take(n.checked_mul(2).ok_or_else(|| ParseModelError::Format("size".into()))?)?;
        Ok(s.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect())
    }
}

/// Per word: head (0 = root, else 1-based) and relation.
type SentenceParse = Vec<(usize, Box<str>)>;

impl Parser {
    /// Parses the sentences of `doc` (tokens and tags already assigned)
    /// for which `keep` holds, setting their tokens' dependencies; other
    /// sentences are left as they are.
    pub fn parse_sentences(&self, doc: &mut Document, keep: impl Fn(&Sentence) -> bool) {
        let mut results: Vec<(u32, SentenceParse)> = Vec::with_capacity(doc.sentences.len());
        for s in doc.sentences.iter().filter(|s| keep(s)) {
            let (start, end) = (s.tokens.start as usize, (s.tokens.end as usize).min(doc.tokens.len()));
            let Some(toks) = doc.tokens.get(start..end) else { continue };
            if toks.is_empty() {
                continue;
            }
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.range)).collect();
            let upos: Vec<Upos> = toks.iter().map(|t| t.upos.unwrap_or(Upos::X)).collect();
            let xpos: Vec<&str> = toks.iter().map(|t| t.xpos.as_deref().unwrap_or("")).collect();
            results.push((s.tokens.start, self.parse(&words, &upos, &xpos)));
        }
        for (start, parse) in results {
            for (i, (h, rel)) in parse.into_iter().enumerate() {
                let head = if h == 0 { None } else { Some(start + h as u32 - 1) };
                if let Some(t) = doc.tokens.get_mut(start as usize + i) {
                    t.dep = Some(Dep { head, rel });
                }
            }
        }
    }
}

impl Stage for Parser {
    fn name(&self) -> &'static str {
        "parse.transition.v1"
    }

    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Tokens, Layer::Sentences, Layer::Tags])
    }

    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Deps])
    }

    fn run(&self, doc: &mut Document) {
        self.parse_sentences(doc, |_| true);
    }
}
