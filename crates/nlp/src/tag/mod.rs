//! Part-of-speech tagging (UPOS and Penn XPOS, predicted jointly) and
//! lemmatisation.
//!
//! The tagger is a greedy left-to-right averaged perceptron over joint
//! `UPOS|XPOS` classes, with word, affix, shape, context-word, previous-tag
//! and ambiguity-class features (the classes a neighbouring word was seen
//! with in training). Frequent unambiguous words are tagged from the
//! lexicon without scoring; frequent words are restricted to the classes
//! they were seen with. The lemmatizer looks up the words the treebank
//! shows it gets wrong by rule, else applies suffix-rewrite rules learned
//! per XPOS. See `data/models/README.md` for the shipped model.

mod dense;
pub(crate) use dense::read_vectors_file;
mod features;
mod hash;
mod io;
mod lemma;
mod lstm;
mod train;

pub use dense::DenseConfig;
pub use lstm::LstmConfig;
pub use train::{read_clusters, ClusterTable, TagScores, TrainConfig};

use crate::conllu::TreebankSentence;
use dateline_doc::{Document, Layer, Layers, Stage, Upos};
use features::{Clusters, LexEntry, Tok};
use hash::IdMap;
use io::{Reader, Writer};
use lemma::{Exception, Lemmatizer, Rule, RuleEntry};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a model could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// Reading or writing the file failed.
    #[error("{path}")]
    Io {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// The bytes are not a model this version can read.
    #[error("bad tagger model: {0}")]
    Format(String),
}

/// What the tagger says of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    /// Universal POS tag.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: Box<str>,
    /// Lemma.
    pub lemma: Box<str>,
}

/// Sparse quantised weights: per feature, the classes it votes for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    pub keys: Vec<u64>,
    /// `starts[i]..starts[i+1]` indexes `classes` and `values` for `keys[i]`.
    pub starts: Vec<u32>,
    pub classes: Vec<u8>,
    pub values: Vec<i16>,
    pub scale: f32,
    /// Open-addressing table (a power of two long, at most 2/3 full) of
    /// (key, first packed weight, weight count); key 0 marks a free slot.
    table: Vec<Slot>,
    /// Class in the low 8 bits, value in the high 16 bits.
    packed: Vec<u32>,
    /// Unique to the weights of one `build_index` (0: none), so a cache of
    /// sums knows whose they are.
    id: u64,
}

/// The source of `Weights::id`.
static WEIGHTS_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A table slot: key in bits 0-35, weight count in 36-42, first weight in
/// 43-63 (so a model has at most `MAX_WEIGHTS` weights and a feature at most
/// 127).
type Slot = u64;
const MAX_WEIGHTS: usize = 1 << 21;
const MAX_PER_FEATURE: usize = 127;

/// Feature keys are kept to their low 36 bits (stored as deltas of sorted
/// keys, 3-4 bytes each; a stray match of an unseen feature has odds of
/// about 1 in 10^5 per word).
pub(crate) const KEY_MASK: u64 = (1 << 36) - 1;

/// The table key of a feature hash: never 0 (0 marks a free slot).
#[inline]
fn table_key(k: u64) -> u64 {
    let k = k & KEY_MASK;
    if k == 0 {
        1
    } else {
        k
    }
}

impl Weights {
    fn build_index(&mut self) {
        self.id = WEIGHTS_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // at most 2/3 full (linear probing; a probe rarely leaves its line)
        let cap = (self.keys.len() * 3 / 2).max(16).next_power_of_two();
        self.table = vec![0; cap];
        self.packed = self
            .classes
            .iter()
            .zip(&self.values)
            .map(|(&c, &v)| u32::from(c) | (u32::from(v as u16) << 16))
            .collect();
        let mask = cap - 1;
        for (i, &k) in self.keys.iter().enumerate() {
            let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else { continue };
            let n = b.saturating_sub(a) as usize;
            if a as usize + n > MAX_WEIGHTS || n > MAX_PER_FEATURE {
                continue;
            }
            let key = table_key(k);
            let mut j = (hash::mix(key) as usize) & mask;
            while self.table[j] & KEY_MASK != 0 && self.table[j] & KEY_MASK != key {
                j = (j + 1) & mask;
            }
            self.table[j] = key | (n as u64) << 36 | u64::from(a) << 43;
        }
    }

    /// Adds the weights of `feats` to `scores`. The table slots of a batch
    /// of features are loaded first (independent loads, so their cache
    /// misses overlap), then probed; the hits' weight runs likewise.
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i32]) {
        if self.table.is_empty() {
            return;
        }
        const BATCH: usize = 64;
        let mask = self.table.len() - 1;
        let mut keys = [0u64; BATCH];
        let mut pos = [0usize; BATCH];
        let mut runs = [(0usize, 0usize); BATCH];
        for chunk in feats.chunks(BATCH) {
            let mut touch = 0u64;
            for ((f, k), j) in chunk.iter().zip(keys.iter_mut()).zip(pos.iter_mut()) {
                *k = table_key(*f);
                *j = (hash::mix(*k) as usize) & mask;
                touch ^= self.table.get(*j).copied().unwrap_or(0);
            }
            std::hint::black_box(touch);
            let mut hits = 0;
            let mut touch = 0u32;
            for (&key, &j0) in keys.iter().zip(pos.iter()).take(chunk.len()) {
                let mut j = j0;
                loop {
                    let slot = self.table.get(j).copied().unwrap_or(0);
                    let k = slot & KEY_MASK;
                    if k == key {
                        let (a, n) = ((slot >> 43) as usize, (slot >> 36 & 0x7f) as usize);
                        if let Some(r) = runs.get_mut(hits) {
                            *r = (a, n);
                            hits += 1;
                        }
                        // both ends: a run may straddle two cache lines
                        touch ^= self.packed.get(a).copied().unwrap_or(0);
                        touch ^= self.packed.get((a + n).saturating_sub(1)).copied().unwrap_or(0);
                        break;
                    }
                    if k == 0 {
                        break;
                    }
                    j = (j + 1) & mask;
                }
            }
            std::hint::black_box(touch);
            for &(a, n) in runs.iter().take(hits) {
                if let Some(ws) = self.packed.get(a..a + n) {
                    for &p in ws {
                        if let Some(s) = scores.get_mut((p & 0xff) as usize) {
                            *s += i32::from((p >> 16) as u16 as i16);
                        }
                    }
                }
            }
        }
    }
}

/// The tagger and lemmatizer. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Joint classes: (UPOS, index into `lemmatizer.xpos`).
    classes: Vec<(Upos, u8)>,
    lex: IdMap<LexEntry>,
    clusters: Clusters,
    weights: Weights,
    /// The stacked second pass (0: none, 1: small, 2: full features).
    stack: u8,
    /// First-pass margin (weight units) above which the second pass is skipped.
    stack_margin: f32,
    weights2: Weights,
    lemmatizer: Lemmatizer,
    /// The window network over word vectors (none in older models).
    dense: Option<Box<dense::Dense>>,
    /// The sentence network (none in older models; needs `dense`).
    lstm: Option<Box<lstm::Lstm>>,
}

/// Buffers reused from sentence to sentence (one set per thread).
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    buf: String,
    feats: Vec<u64>,
    scores: Vec<i32>,
    margins: Vec<Option<i32>>,
    dense: dense::DenseScratch,
    lstm: lstm::LstmScratch,
    extra: Vec<f32>,
    /// The word features' sums of recent words, first and second pass.
    words1: WordCache,
    words2: WordCache,
}

/// log2 of the entries of a [`WordCache`].
const WORD_CACHE_BITS: u32 = 12;

/// The summed weights of recently scored words' own features
/// (`features::word_features`), direct-mapped by the word's key: a word
/// seen again costs one row read instead of ~20 table lookups (integer
/// sums, so the scores are exactly those of scoring every feature).
#[derive(Default)]
struct WordCache {
    /// `Weights::id` of the weights summed (0: empty).
    owner: u64,
    n: usize,
    keys: Vec<u64>,
    sums: Vec<i32>,
}

impl WordCache {
    /// Sets `scores` (`n` long) to the sums of `w` over the word features
    /// of `tok` (`feats` is scratch).
    fn word_scores(&mut self, w: &Weights, tok: &Tok, feats: &mut Vec<u64>, scores: &mut [i32]) {
        let n = scores.len();
        // the word features read the form (`exact` determines the rest),
        // its casing flags and the sentence's casing
        let key = hash::comb(tok.exact, hash::comb(tok.flags, tok.case_ctx));
        let cached = w.id != 0 && !tok.drop && key != 0;
        if cached && (self.owner != w.id || self.n != n) {
            self.owner = w.id;
            self.n = n;
            self.keys = vec![0; 1 << WORD_CACHE_BITS];
            self.sums = vec![0; n << WORD_CACHE_BITS];
        }
        let slot = (hash::mix(key) >> (64 - WORD_CACHE_BITS)) as usize;
        let entry = match (self.keys.get_mut(slot), self.sums.get_mut(slot * n..(slot + 1) * n)) {
            (Some(k), Some(row)) if cached => Some((k, row)),
            _ => None,
        };
        if let Some((k, row)) = &entry {
            if **k == key {
                scores.copy_from_slice(row);
                return;
            }
        }
        scores.fill(0);
        features::word_features(tok, feats);
        w.score(feats, scores);
        if let Some((k, row)) = entry {
            row.copy_from_slice(scores);
            *k = key;
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

const MAGIC: &[u8; 8] = b"DLTAGGER";
const VERSION: u32 = 5;
/// Refuse to inflate more than this (a corrupt length cannot exhaust memory).
const MAX_BODY: u64 = 512 << 20;

/// Greedy decoding, shared by training and tagging: `feat` fills the
/// features of token `i` given the two previous classes, `score` the scores
/// of every class for a feature vector.
pub(crate) fn decode<S: Copy + PartialOrd + Default + std::ops::Sub<Output = S>>(
    toks: &[Tok],
    n_classes: usize,
    feats: &mut Vec<u64>,
    scores: &mut Vec<S>,
    mut feat: impl FnMut(&[Tok], usize, u64, u64, &mut Vec<u64>),
    mut score: impl FnMut(&[u64], &mut [S]),
    mut margins: Option<&mut Vec<Option<S>>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(toks.len());
    let (start1, start2) = (n_classes as u64, n_classes as u64 + 1);
    for i in 0..toks.len() {
        let p1 = if i >= 1 { out.get(i - 1).map_or(start1, |&c: &u8| u64::from(c)) } else { start1 };
        let p2 = if i >= 2 { out.get(i - 2).map_or(start2, |&c: &u8| u64::from(c)) } else { start2 };
        let tok = &toks[i];
        if let Some(c) = tok.single {
            if let Some(m) = margins.as_deref_mut() {
                m.push(None);
            }
            out.push(c);
            continue;
        }
        feat(toks, i, p1, p2, feats);
        scores.clear();
        scores.resize(n_classes, S::default());
        score(feats, scores);
        let mut best: Option<(usize, S)> = None;
        let mut second: Option<S> = None;
        for (c, &s) in scores.iter().enumerate() {
            if c < 128 && tok.mask >> c & 1 == 0 {
                continue;
            }
            match best {
                Some((_, b)) if s <= b => {
                    if second.is_none_or(|x| s > x) {
                        second = Some(s);
                    }
                }
                _ => {
                    second = best.map(|(_, b)| b);
                    best = Some((c, s));
                }
            }
        }
        if let Some(m) = margins.as_deref_mut() {
            m.push(match (best, second) {
                (Some((_, b)), Some(x)) => Some(b - x),
                _ => None,
            });
        }
        let c = best.map_or(0, |(c, _)| c) as u8;
        out.push(c);
    }
    out
}

impl Tagger {
    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let bytes = std::fs::read(path)
            .map_err(|source| ModelError::Io { path: path.display().to_string(), source })?;
        Tagger::from_bytes(&bytes)
    }

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| ModelError::Io { path: path.display().to_string(), source })
    }

    /// Where the shipped model is: `$DATELINE_MODELS/tagger.bin` when the
    /// variable is set, else the repository's `data/models/tagger.bin`.
    pub fn default_path() -> PathBuf {
        match std::env::var_os("DATELINE_MODELS") {
            Some(dir) => PathBuf::from(dir).join("tagger.bin"),
            None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/tagger.bin")),
        }
    }

    /// The number of joint classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// The number of features with weights.
    pub fn n_features(&self) -> usize {
        self.weights.keys.len()
    }

    /// Tags and lemmatises one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<Tagged> {
        let classes = self.tag_classes(words);
        words
            .iter()
            .zip(classes)
            .map(|(w, c)| {
                let (upos, x) = self.classes.get(c as usize).copied().unwrap_or((Upos::X, 0));
                let xpos = self.lemmatizer.xpos.get(x as usize).cloned().unwrap_or_else(|| "_".into());
                let lemma = self.lemmatizer.lemma_of_id(w, x).into_boxed_str();
                Tagged { upos, xpos, lemma }
            })
            .collect()
    }

    /// Tags one sentence without lemmas: (UPOS, XPOS) per word.
    pub fn tag_pos(&self, words: &[&str]) -> Vec<(Upos, &str)> {
        self.tag_classes(words)
            .into_iter()
            .map(|c| {
                let (upos, x) = self.classes.get(c as usize).copied().unwrap_or((Upos::X, 0));
                (upos, self.lemmatizer.xpos.get(x as usize).map_or("_", |s| &**s))
            })
            .collect()
    }

    fn tag_classes(&self, words: &[&str]) -> Vec<u8> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut sc) => self.tag_classes_with(words, &mut sc),
            Err(_) => self.tag_classes_with(words, &mut Scratch::default()),
        })
    }

    fn tag_classes_with(&self, words: &[&str], sc: &mut Scratch) -> Vec<u8> {
        let Scratch { toks, buf, feats, scores, margins, dense: dsc, lstm: lsc, extra, words1, words2 } = sc;
        features::sentence_toks(words, &self.lex, &self.clusters, toks, buf);
        margins.clear();
        let toks: &[Tok] = toks;
        dsc.have.clear();
        dsc.ready = false;
        lsc.ready = false;
        let n = self.classes.len();
        let unit = self.weights.scale.max(f32::MIN_POSITIVE);
        let dense_first = self.dense.as_deref().is_some_and(|d| d.weight > 0.0 && d.first_weight > 0.0);
        let lstm_first = self.lstm.as_deref().is_some_and(|l| l.first_weight > 0.0);
        let first = if !dense_first && !lstm_first {
            decode(toks, n, feats, scores, features::features, |f, s| self.weights.score(f, s), Some(margins))
        } else {
            // the networks also correct the first pass's unsure words
            // (their outputs are kept for the second pass)
            let mut out: Vec<u8> = Vec::with_capacity(toks.len());
            for (i, tok) in toks.iter().enumerate() {
                let p1 = if i >= 1 { out.get(i - 1).map_or(n as u64, |&c| u64::from(c)) } else { n as u64 };
                let p2 = if i >= 2 {
                    out.get(i - 2).map_or(n as u64 + 1, |&c| u64::from(c))
                } else {
                    n as u64 + 1
                };
                if let Some(c) = tok.single {
                    margins.push(None);
                    out.push(c);
                    continue;
                }
                scores.clear();
                scores.resize(n, 0);
                words1.word_scores(&self.weights, tok, feats, scores);
                features::context_features(toks, i, p1, p2, feats);
                self.weights.score(feats, scores);
                let (mut best, mut second): (Option<(usize, i32)>, Option<i32>) = (None, None);
                for (c, &s) in scores.iter().enumerate() {
                    if c < 128 && tok.mask >> c & 1 == 0 {
                        continue;
                    }
                    match best {
                        Some((_, b)) if s <= b => {
                            if second.is_none_or(|x| s > x) {
                                second = Some(s);
                            }
                        }
                        _ => {
                            second = best.map(|(_, b)| b);
                            best = Some((c, s));
                        }
                    }
                }
                let margin = match (best, second) {
                    (Some((_, b)), Some(x)) => Some(b - x),
                    _ => None,
                };
                margins.push(margin);
                let mut c = best.map_or(0, |(c, _)| c);
                if let Some(m) = margin {
                    if self.extra_scores(toks, i, m, true, dsc, lsc, extra) {
                        let mut bv: Option<(usize, f32)> = None;
                        for (k, (&s, &e)) in scores.iter().zip(extra.iter()).enumerate() {
                            if k < 128 && tok.mask >> k & 1 == 0 {
                                continue;
                            }
                            let v = s as f32 * unit + e;
                            if bv.is_none_or(|(_, b)| v > b) {
                                bv = Some((k, v));
                            }
                        }
                        c = bv.map_or(c, |(k, _)| k);
                    }
                }
                out.push(c as u8);
            }
            out
        };
        if self.stack == 0 {
            return first;
        }
        // The second pass rescores the words the first was unsure of.
        let full = self.stack == 2;
        let threshold = (self.stack_margin / unit) as i32;
        let dense_threshold =
            self.dense.as_deref().filter(|d| d.weight > 0.0).map_or(i32::MIN, |d| (d.margin / unit) as i32);
        let lstm_threshold =
            self.lstm.as_deref().filter(|l| l.weight > 0.0).map_or(i32::MIN, |l| (l.margin / unit) as i32);
        // The words up to the networks' margins all get the second pass
        // (leaving those above the pass's own margin with their corrected
        // first-pass class saves ~10% of the tagger's time but cost 0.12 /
        // 0.17 LAS on EWT / GUM dev).
        let threshold_any = threshold.max(dense_threshold).max(lstm_threshold);
        let scale = self.weights2.scale;
        let mut out: Vec<u8> = Vec::with_capacity(toks.len());
        for (i, tok) in toks.iter().enumerate() {
            let c1 = first.get(i).copied().unwrap_or(0);
            let margin = margins.get(i).copied().flatten();
            let Some(m) = margin.filter(|&m| tok.single.is_none() && m <= threshold_any) else {
                out.push(c1);
                continue;
            };
            let p1 = if i >= 1 { out.get(i - 1).map_or(n as u64, |&c| u64::from(c)) } else { n as u64 };
            let p2 =
                if i >= 2 { out.get(i - 2).map_or(n as u64 + 1, |&c| u64::from(c)) } else { n as u64 + 1 };
            scores.clear();
            scores.resize(n, 0);
            if full {
                words2.word_scores(&self.weights2, tok, feats, scores);
                features::context_features(toks, i, p1, p2, feats);
                features::features2_tail(toks, i, p1, p2, &first, full, feats);
            } else {
                features::features2(toks, i, p1, p2, &first, full, feats);
            }
            self.weights2.score(feats, scores);
            if self.extra_scores(toks, i, m, false, dsc, lsc, extra) {
                let mut best: Option<(usize, f32)> = None;
                for (c, (&s, &e)) in scores.iter().zip(extra.iter()).enumerate() {
                    if c < 128 && tok.mask >> c & 1 == 0 {
                        continue;
                    }
                    let v = s as f32 * scale + e;
                    if best.is_none_or(|(_, b)| v > b) {
                        best = Some((c, v));
                    }
                }
                out.push(best.map_or(c1, |(c, _)| c as u8));
                continue;
            }
            let mut best: Option<(usize, i32)> = None;
            for (c, &s) in scores.iter().enumerate() {
                if c < 128 && tok.mask >> c & 1 == 0 {
                    continue;
                }
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
            }
            out.push(best.map_or(c1, |(c, _)| c as u8));
        }
        out
    }

    /// The networks' weighted log-probabilities for word `i` (first or
    /// second pass, first-pass margin `margin`) in `extra`; false when no
    /// network is asked about the word.
    #[allow(clippy::too_many_arguments)]
    fn extra_scores(
        &self,
        toks: &[Tok],
        i: usize,
        margin: i32,
        first: bool,
        dsc: &mut dense::DenseScratch,
        lsc: &mut lstm::LstmScratch,
        extra: &mut Vec<f32>,
    ) -> bool {
        let Some(d) = self.dense.as_deref() else { return false };
        let n = self.classes.len();
        let unit = self.weights.scale.max(f32::MIN_POSITIVE);
        let mut any = false;
        let dw = if first { d.first_weight } else { d.weight };
        if d.weight > 0.0 && dw > 0.0 && margin <= (d.margin / unit) as i32 {
            if !dsc.ready {
                d.dtoks(toks, &mut dsc.dtoks);
                dsc.have.clear();
                dsc.have.resize(toks.len(), false);
                dsc.cache.clear();
                dsc.cache.resize(toks.len() * n, 0.0);
                dsc.ready = true;
            }
            let at = i * n;
            if dsc.have.get(i).copied().unwrap_or(false) {
                if let Some(src) = dsc.cache.get(at..at + n) {
                    dsc.out.clear();
                    dsc.out.extend_from_slice(src);
                }
            } else {
                d.forward(i, dsc);
                if let (Some(dst), Some(h)) = (dsc.cache.get_mut(at..at + n), dsc.have.get_mut(i)) {
                    dst.copy_from_slice(&dsc.out);
                    *h = true;
                }
            }
            extra.clear();
            extra.extend(dsc.out.iter().map(|&lp| dw * lp));
            any = true;
        }
        if let Some(l) = self.lstm.as_deref() {
            let lw = if first { l.first_weight } else { l.weight };
            if lw > 0.0 && margin <= (l.margin / unit) as i32 {
                if !dsc.ready {
                    d.dtoks(toks, &mut dsc.dtoks);
                    dsc.have.clear();
                    dsc.have.resize(toks.len(), false);
                    dsc.cache.clear();
                    dsc.cache.resize(toks.len() * n, 0.0);
                    dsc.ready = true;
                }
                l.logp(d, &dsc.dtoks, i, lsc);
                if !any {
                    extra.clear();
                    extra.resize(n, 0.0);
                }
                for (e, &lp) in extra.iter_mut().zip(&lsc.out) {
                    *e += lw * lp;
                }
                any = true;
            }
        }
        any
    }

    /// Sets the first-pass score margin (in weight units) above which the
    /// second pass is skipped (for experiments; it is saved with the model).
    #[doc(hidden)]
    pub fn set_stack_margin(&mut self, margin: f32) {
        self.stack_margin = margin;
    }

    /// Sets the window network's weight and the first-pass margin up to
    /// which it is asked (for experiments; saved with the model).
    #[doc(hidden)]
    pub fn set_dense(&mut self, weight: f32, margin: f32) {
        if let Some(d) = self.dense.as_deref_mut() {
            d.weight = weight;
            d.margin = margin;
        }
    }

    /// Sets the window network's weight in the first pass (0: second pass
    /// only; for experiments; saved with the model).
    #[doc(hidden)]
    pub fn set_dense_first(&mut self, weight: f32) {
        if let Some(d) = self.dense.as_deref_mut() {
            d.first_weight = weight;
        }
    }

    /// Sets the sentence network's weights (second and first pass) and the
    /// first-pass margin up to which it is asked (for experiments; saved
    /// with the model).
    #[doc(hidden)]
    pub fn set_lstm(&mut self, weight: f32, first_weight: f32, margin: f32) {
        if let Some(l) = self.lstm.as_deref_mut() {
            l.weight = weight;
            l.first_weight = first_weight;
            l.margin = margin;
        }
    }

    /// Whether the model has a sentence network.
    pub fn has_lstm(&self) -> bool {
        self.lstm.is_some()
    }

    /// Trains the sentence network (see `lstm.rs`) on `train` over the
    /// window network's inputs (which must be there: [`Tagger::train_dense`])
    /// and adds it to the tagger (weight 1 in the second pass, none in the
    /// first, asked up to the window network's margin; tune with
    /// [`Tagger::set_lstm`]). `epoch_end` sees the tagger after each epoch.
    pub fn train_lstm(
        &mut self,
        train: &[TreebankSentence],
        cfg: &LstmConfig,
        epoch_end: &mut dyn FnMut(usize, f64, &mut Tagger),
    ) -> Result<(), ModelError> {
        let Some(d) = self.dense.take() else {
            return Err(ModelError::Format("the sentence network needs the window network".into()));
        };
        let n = self.classes.len();
        // residual training: jackknifed first-pass scores of every sentence
        let mut priors: Vec<Vec<f32>> = vec![Vec::new(); train.len()];
        if cfg.residual > 0.0 {
            const FOLDS: usize = 4;
            for fold in 0..FOLDS {
                let rest: Vec<TreebankSentence> = train
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % FOLDS != fold)
                    .map(|(_, s)| s.clone())
                    .collect();
                let tg = Tagger::train(&rest, &[], &cfg.perceptron, &mut |_| {});
                // the fold tagger's classes as this one's
                let map: Vec<u8> = tg
                    .classes
                    .iter()
                    .map(|&(u, x)| {
                        let xn = tg.lemmatizer.xpos.get(x as usize).map_or("", |s| &**s);
                        self.class_of(u.as_str(), xn)
                    })
                    .collect();
                for (si, s) in train.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
                    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                    let mut prior = vec![0f32; words.len() * n];
                    for (t, sc) in tg.first_scores(&words).into_iter().enumerate() {
                        let Some(sc) = sc else { continue };
                        // scores in nats, at most 15 below the best (the
                        // classes the lexicon rules out too), so the network
                        // can still overrule a confident mistake
                        let top = sc.iter().fold(f32::MIN, |a, &v| a.max(v)) * cfg.residual;
                        let row = &mut prior[t * n..(t + 1) * n];
                        row.iter_mut().for_each(|v| *v = top - 15.0);
                        for (c, v) in sc.into_iter().enumerate() {
                            if let Some(&k) = map.get(c) {
                                if let Some(r) = row.get_mut(k as usize) {
                                    *r = r.max(v * cfg.residual);
                                }
                            }
                        }
                    }
                    priors[si] = prior;
                }
            }
        }
        let mut buf = String::new();
        let mut toks = Vec::new();
        let mut examples = Vec::with_capacity(train.len());
        for (s, prior) in train.iter().zip(priors) {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            features::sentence_toks(&words, &self.lex, &self.clusters, &mut toks, &mut buf);
            let mut dt = Vec::new();
            d.dtoks(&toks, &mut dt);
            let gold = toks
                .iter()
                .zip(&s.words)
                .map(|(t, w)| t.single.is_none().then(|| self.class_of(&w.upos, &w.xpos)))
                .collect();
            examples.push(lstm::Example { dtoks: dt, gold, prior });
        }
        let margin = d.margin;
        self.dense = Some(d);
        let dense = self.dense.clone().unwrap_or_default();
        let mut trained = lstm::train(&dense, n, &mut examples, cfg, &mut |epoch, l, loss| {
            let mut l = l.clone();
            l.prepare(&dense);
            l.weight = 1.0;
            l.margin = margin;
            self.lstm = Some(Box::new(l));
            epoch_end(epoch, loss, self);
        });
        trained.weight = 1.0;
        trained.margin = margin;
        trained.prepare(&dense);
        self.lstm = Some(Box::new(trained));
        Ok(())
    }

    /// The first pass's scores (in weight-scale units) of each word's
    /// classes, the classes the lexicon rules out at -1e4; none for the
    /// words the lexicon tags by itself.
    fn first_scores(&self, words: &[&str]) -> Vec<Option<Vec<f32>>> {
        let mut toks = Vec::new();
        let mut buf = String::new();
        features::sentence_toks(words, &self.lex, &self.clusters, &mut toks, &mut buf);
        let n = self.classes.len();
        let unit = self.weights.scale;
        let mut feats = Vec::new();
        let mut scores = vec![0i32; n];
        let mut out: Vec<u8> = Vec::with_capacity(toks.len());
        let mut res = Vec::with_capacity(toks.len());
        for (i, tok) in toks.iter().enumerate() {
            let p1 = if i >= 1 { out.get(i - 1).map_or(n as u64, |&c| u64::from(c)) } else { n as u64 };
            let p2 =
                if i >= 2 { out.get(i - 2).map_or(n as u64 + 1, |&c| u64::from(c)) } else { n as u64 + 1 };
            if let Some(c) = tok.single {
                out.push(c);
                res.push(None);
                continue;
            }
            features::features(&toks, i, p1, p2, &mut feats);
            scores.iter_mut().for_each(|v| *v = 0);
            self.weights.score(&feats, &mut scores);
            let mut best: Option<(usize, i32)> = None;
            let mut row = vec![-1e4f32; n];
            for (c, &s) in scores.iter().enumerate() {
                if c < 128 && tok.mask >> c & 1 == 0 {
                    continue;
                }
                row[c] = s as f32 * unit;
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
            }
            out.push(best.map_or(0, |(c, _)| c) as u8);
            res.push(Some(row));
        }
        res
    }

    /// The joint class of a gold UPOS and XPOS (the nearest kept one).
    fn class_of(&self, upos: &str, xpos: &str) -> u8 {
        let u = upos.parse::<Upos>().unwrap_or(Upos::X);
        let xn = |x: u8| self.lemmatizer.xpos.get(x as usize).map_or("", |s| &**s);
        let pos = self
            .classes
            .iter()
            .position(|&(ku, kx)| ku == u && xn(kx) == xpos)
            .or_else(|| self.classes.iter().position(|&(_, kx)| xn(kx) == xpos))
            .or_else(|| self.classes.iter().position(|&(ku, _)| ku == u))
            .unwrap_or(0);
        pos as u8
    }

    /// Whether the model has a window network.
    pub fn has_dense(&self) -> bool {
        self.dense.is_some()
    }

    /// Trains the window network over the word vectors in `vectors_file`
    /// (see `data/models/vectors.py`) on `train` and adds it to the tagger
    /// (weight 1, asked up to the second pass's margin; tune with
    /// [`Tagger::set_dense`]). `epoch_end` sees the tagger after each epoch.
    pub fn train_dense(
        &mut self,
        train: &[TreebankSentence],
        vectors_file: &Path,
        cfg: &DenseConfig,
        epoch_end: &mut dyn FnMut(usize, f64, &mut Tagger),
    ) -> Result<(), ModelError> {
        let vectors = dense::Vectors::read(vectors_file)?;
        // a sentence network reads the old network's embeddings
        self.lstm = None;
        let n = self.classes.len();
        for v in self.clusters.map.values_mut() {
            *v &= 0xffff;
        }
        for (k, row) in vectors.map.iter() {
            let r = (u32::from(*row) + 1) << 16;
            self.clusters.map.entry(*k).and_modify(|v| *v |= r).or_insert(r | features::NO_FINE);
        }
        let mut proto = dense::Dense { vectors, hidden: 1, n_classes: n, ..dense::Dense::default() };
        let mut buf = String::new();
        let mut toks = Vec::new();
        let mut all_d = Vec::with_capacity(train.len());
        let mut examples = Vec::new();
        for (si, s) in train.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            features::sentence_toks(&words, &self.lex, &self.clusters, &mut toks, &mut buf);
            let mut d = Vec::new();
            proto.dtoks(&toks, &mut d);
            for (i, (t, w)) in toks.iter().zip(&s.words).enumerate() {
                if t.single.is_none() {
                    examples.push(dense::Example {
                        sent: si as u32,
                        pos: i as u32,
                        gold: self.class_of(&w.upos, &w.xpos),
                    });
                }
            }
            all_d.push(d);
        }
        let vectors = std::mem::take(&mut proto.vectors);
        let margin = self.stack_margin;
        let trained = dense::train(vectors, n, &all_d, &mut examples, cfg, &mut |epoch, d, loss| {
            let mut d = d.clone();
            d.weight = 1.0;
            d.margin = margin;
            self.dense = Some(Box::new(d));
            epoch_end(epoch, loss, self);
        });
        let mut trained = trained;
        trained.weight = 1.0;
        trained.margin = margin;
        self.dense = Some(Box::new(trained));
        Ok(())
    }

    /// Trains a tagger and lemmatizer on `train`; `dev` is scored after
    /// each epoch and reported through `log`. Reproducible for a seed.
    pub fn train(
        train: &[TreebankSentence],
        dev: &[TreebankSentence],
        cfg: &TrainConfig,
        log: &mut dyn FnMut(&str),
    ) -> Tagger {
        train::train(train, dev, cfg, log)
    }

    /// The model as bytes: magic, version, uncompressed length, then the
    /// gzipped little-endian body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.len(self.lemmatizer.xpos.len());
        for x in &self.lemmatizer.xpos {
            w.str(x);
        }
        w.len(self.classes.len());
        for &(u, x) in &self.classes {
            w.u8(u.index() as u8);
            w.u8(x);
        }
        let mut lex: Vec<(&u64, &LexEntry)> = self.lex.iter().collect();
        lex.sort_by_key(|(k, _)| **k);
        w.len(lex.len());
        for (k, e) in lex {
            w.u64(*k);
            w.u128(e.mask);
            w.u8(e.flags);
            w.u8(e.single);
        }
        write_weights(&mut w, &self.weights);
        let lem = &self.lemmatizer;
        w.len(lem.rules.len());
        for r in &lem.rules {
            w.u8(r.xpos);
            w.str(&r.suffix);
            w.u8(r.rule.strip);
            w.str(&r.rule.add);
        }
        w.len(lem.exceptions.len());
        for e in &lem.exceptions {
            w.u8(e.xpos);
            w.str(&e.form);
            w.str(&e.lemma);
        }
        // Clusters: keys sorted, as varint deltas, then fine ids, then parents.
        let mut cl: Vec<(u64, u32)> = self.clusters.map.iter().map(|(&k, &c)| (k, c)).collect();
        cl.sort_unstable();
        w.len(cl.len());
        let mut prev = 0u64;
        for &(k, _) in &cl {
            write_varint(&mut w, k - prev);
            prev = k;
        }
        for &(_, c) in &cl {
            w.u16(c as u16);
        }
        w.len(self.clusters.parents.len());
        w.buf.extend_from_slice(&self.clusters.parents);
        w.u8(self.stack);
        w.f32(self.stack_margin);
        if self.stack != 0 {
            write_weights(&mut w, &self.weights2);
        }
        match &self.dense {
            Some(d) => {
                w.u8(1);
                d.write(&mut w);
                // the vector row of each cluster key, in key order
                for &(_, c) in &cl {
                    w.u16((c >> 16) as u16);
                }
                // (version 5 only: a model without one stays version 4,
                // byte for byte)
                if let Some(l) = &self.lstm {
                    w.u8(1);
                    l.write(&mut w);
                }
            }
            None => w.u8(0),
        }
        w.buf.extend_from_slice(b"END!");
        let body = w.buf;
        let mut out = Vec::with_capacity(body.len() / 3);
        out.extend_from_slice(MAGIC);
        // version 5 only when there is a sentence network
        let version: u32 = if self.lstm.is_some() { VERSION } else { 4 };
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        let mut enc = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = std::io::Write::write_all(&mut enc, &body);
        enc.finish().unwrap_or_default()
    }

    /// Reads a model from bytes (see [`Tagger::to_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let fmt = |m: &str| ModelError::Format(m.to_string());
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(fmt("not a dateline tagger model (bad magic)"));
        }
        let mut head = Reader::new(&bytes[8..20]);
        let version = head.u32()?;
        if !(2..=VERSION).contains(&version) {
            return Err(ModelError::Format(format!("unsupported version {version} (expected {VERSION})")));
        }
        let body_len = head.u64()?;
        if body_len > MAX_BODY {
            return Err(fmt("body too large"));
        }
        let body = match crate::gz::gunzip_exact(&bytes[20..], body_len as usize) {
            Some(body) => body,
            None => {
                let mut body = Vec::with_capacity(body_len as usize);
                flate2::read::GzDecoder::new(&bytes[20..])
                    .take(body_len + 1)
                    .read_to_end(&mut body)
                    .map_err(|e| ModelError::Format(format!("corrupt compressed body: {e}")))?;
                body
            }
        };
        if body.len() as u64 != body_len {
            return Err(fmt("truncated model"));
        }
        let mut r = Reader::new(&body);
        let n_xpos = r.len(4)?;
        let mut xpos = Vec::with_capacity(n_xpos);
        for _ in 0..n_xpos {
            xpos.push(r.str()?);
        }
        let n_classes = r.len(2)?;
        if n_classes == 0 || n_classes > 128 {
            return Err(fmt("bad number of classes"));
        }
        let mut classes = Vec::with_capacity(n_classes);
        for _ in 0..n_classes {
            let u = *Upos::ALL.get(r.u8()? as usize).ok_or_else(|| fmt("bad UPOS index"))?;
            let x = r.u8()?;
            if x as usize >= n_xpos {
                return Err(fmt("bad XPOS index"));
            }
            classes.push((u, x));
        }
        let n_lex = r.len(26)?;
        let mut lex = IdMap::default();
        lex.reserve(n_lex);
        for _ in 0..n_lex {
            let k = r.u64()?;
            let e = LexEntry { mask: r.u128()?, flags: r.u8()?, single: r.u8()? };
            if e.single as usize >= n_classes {
                return Err(fmt("bad lexicon class"));
            }
            lex.insert(k, e);
        }
        let weights = read_weights(&mut r, n_classes)?;
        let n_rules = r.len(10)?;
        let mut rules = Vec::with_capacity(n_rules);
        for _ in 0..n_rules {
            let x = r.u8()?;
            let suffix = r.str()?;
            let strip = r.u8()?;
            let add = r.str()?;
            rules.push(RuleEntry { xpos: x, suffix, rule: Rule { strip, add } });
        }
        let n_exc = r.len(9)?;
        let mut exceptions = Vec::with_capacity(n_exc);
        for _ in 0..n_exc {
            let x = r.u8()?;
            let form = r.str()?;
            let lemma = r.str()?;
            exceptions.push(Exception { form, xpos: x, lemma });
        }
        let n_cl = r.len(3)?;
        let mut keys = Vec::with_capacity(n_cl);
        let mut prev = 0u64;
        for _ in 0..n_cl {
            prev = prev.checked_add(read_varint(&mut r)?).ok_or_else(|| fmt("bad cluster key"))?;
            keys.push(prev);
        }
        let raw = r.take(n_cl * 2)?;
        // the map is built once the vector rows (after the weights) are read
        let mut cl_vals: Vec<u32> =
            raw.chunks_exact(2).map(|c| u32::from(u16::from_le_bytes([c[0], c[1]]))).collect();
        let mut clusters = Clusters::default();
        let n_parents = r.len(1)?;
        clusters.parents = r.take(n_parents)?.to_vec();
        let stack = r.u8()?;
        let stack_margin = r.f32()?;
        let weights2 = match stack {
            0 => Weights::default(),
            1 | 2 => read_weights(&mut r, n_classes)?,
            _ => return Err(fmt("bad stacking mode")),
        };
        let mut lstm = None;
        let dense = if version >= 3 && r.u8()? == 1 {
            let d = dense::Dense::read(&mut r, n_classes, version >= 4)?;
            let n_rows = d.vectors.n_rows();
            let rows = r.take(keys.len() * 2)?;
            for (v, c) in cl_vals.iter_mut().zip(rows.chunks_exact(2)) {
                let row = u32::from(u16::from_le_bytes([c[0], c[1]]));
                if row as usize > n_rows {
                    return Err(fmt("bad vector row"));
                }
                *v |= row << 16;
            }
            if version >= 5 && r.u8()? == 1 {
                let mut l = lstm::Lstm::read(&mut r, n_classes, d.token_width())?;
                l.prepare(&d);
                lstm = Some(Box::new(l));
            }
            Some(Box::new(d))
        } else {
            None
        };
        clusters.map.reserve(n_cl);
        clusters.map.extend(keys.into_iter().zip(cl_vals));
        if r.take(4)? != b"END!" || !r.is_done() {
            return Err(fmt("bad end marker"));
        }
        let mut lemmatizer = Lemmatizer { xpos, rules, exceptions, ..Lemmatizer::default() };
        lemmatizer.index();
        Ok(Tagger { classes, lex, clusters, weights, stack, stack_margin, weights2, lemmatizer, dense, lstm })
    }
}

pub(crate) fn write_varint(w: &mut Writer, mut d: u64) {
    loop {
        let b = (d & 0x7f) as u8;
        d >>= 7;
        if d == 0 {
            w.u8(b);
            break;
        }
        w.u8(b | 0x80);
    }
}

pub(crate) fn read_varint(r: &mut Reader<'_>) -> Result<u64, ModelError> {
    let mut d = 0u64;
    let mut shift = 0;
    loop {
        let b = r.u8()?;
        if shift > 63 {
            return Err(ModelError::Format("bad varint".into()));
        }
        d |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return Ok(d);
        }
    }
}

fn write_weights(w: &mut Writer, wt: &Weights) {
    w.f32(wt.scale);
    w.len(wt.keys.len());
    let mut prev = 0u64;
    for &k in &wt.keys {
        write_varint(w, k.wrapping_sub(prev));
        prev = k;
    }
    for pair in wt.starts.windows(2) {
        w.u8((pair[1] - pair[0]).min(255) as u8);
    }
    w.len(wt.classes.len());
    w.buf.extend_from_slice(&wt.classes);
    for &v in &wt.values {
        w.u16(v as u16);
    }
}

fn read_weights(r: &mut Reader<'_>, n_classes: usize) -> Result<Weights, ModelError> {
    let fmt = |m: &str| ModelError::Format(m.to_string());
    let scale = r.f32()?;
    let n_feats = r.len(2)?;
    let mut keys = Vec::with_capacity(n_feats);
    let mut prev = 0u64;
    for _ in 0..n_feats {
        prev = prev.checked_add(read_varint(r)?).ok_or_else(|| fmt("bad feature key"))?;
        if prev > KEY_MASK {
            return Err(fmt("bad feature key"));
        }
        keys.push(prev);
    }
    let counts = r.take(n_feats)?;
    let mut starts = Vec::with_capacity(n_feats + 1);
    let mut total = 0u32;
    starts.push(0);
    for &c in counts {
        total = total.checked_add(u32::from(c)).ok_or_else(|| fmt("bad counts"))?;
        starts.push(total);
    }
    let n_entries = r.len(3)?;
    if n_entries > MAX_WEIGHTS || counts.iter().any(|&c| c as usize > MAX_PER_FEATURE) {
        return Err(fmt("too many weights"));
    }
    if n_entries != total as usize {
        return Err(fmt("weight counts disagree"));
    }
    let wclasses = r.take(n_entries)?.to_vec();
    if wclasses.iter().any(|&c| c as usize >= n_classes) {
        return Err(fmt("bad weight class"));
    }
    let raw = r.take(n_entries * 2)?;
    let values = raw.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
    let mut weights = Weights { keys, starts, classes: wclasses, values, scale, ..Weights::default() };
    weights.build_index();
    Ok(weights)
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag.perceptron.v1"
    }

    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Tokens, Layer::Sentences])
    }

    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Tags])
    }

    fn run(&self, doc: &mut Document) {
        for si in 0..doc.sentences.len() {
            let range = doc.sentences[si].tokens.clone();
            let (start, end) = (range.start as usize, range.end as usize);
            let tagged = {
                let Some(tokens) = doc.tokens.get(start..end) else { continue };
                let words: Vec<&str> = tokens.iter().map(|t| doc.token_text(t)).collect();
                self.tag(&words)
            };
            if let Some(tokens) = doc.tokens.get_mut(start..end) {
                for (tok, t) in tokens.iter_mut().zip(tagged) {
                    tok.upos = Some(t.upos);
                    tok.xpos = Some(t.xpos);
                    tok.lemma = Some(t.lemma);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
