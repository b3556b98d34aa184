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

mod features;
mod hash;
mod io;
mod lemma;
mod train;

pub use train::{TagScores, TrainConfig};

use crate::conllu::TreebankSentence;
use dateline_doc::{Document, Layer, Layers, Stage, Upos};
use features::{LexEntry, Tok};
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
    #[error("{path}: {source}")]
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
    index: IdMap<u32>,
}

impl Weights {
    fn build_index(&mut self) {
        self.index = self.keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    }

    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i32]) {
        for f in feats {
            if let Some(&i) = self.index.get(f) {
                let i = i as usize;
                let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else { continue };
                let (a, b) = (a as usize, b as usize);
                if let (Some(cs), Some(vs)) = (self.classes.get(a..b), self.values.get(a..b)) {
                    for (&c, &v) in cs.iter().zip(vs) {
                        if let Some(s) = scores.get_mut(c as usize) {
                            *s += i32::from(v);
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
    weights: Weights,
    lemmatizer: Lemmatizer,
}

const MAGIC: &[u8; 8] = b"DLTAGGER";
const VERSION: u32 = 1;
/// Refuse to inflate more than this (a corrupt length cannot exhaust memory).
const MAX_BODY: u64 = 512 << 20;

/// Greedy decoding, shared by training and tagging: `score` fills the
/// scores of every class for a feature vector.
pub(crate) fn decode<S: Copy + PartialOrd + Default>(
    toks: &[Tok],
    n_classes: usize,
    feats: &mut Vec<u64>,
    scores: &mut Vec<S>,
    mut score: impl FnMut(&[u64], &mut [S]),
    mut on_token: impl FnMut(usize, &[u64], u8),
) -> Vec<u8> {
    let mut out = Vec::with_capacity(toks.len());
    let (start1, start2) = (n_classes as u64, n_classes as u64 + 1);
    for i in 0..toks.len() {
        let p1 = if i >= 1 { out.get(i - 1).map_or(start1, |&c: &u8| u64::from(c)) } else { start1 };
        let p2 = if i >= 2 { out.get(i - 2).map_or(start2, |&c: &u8| u64::from(c)) } else { start2 };
        let tok = &toks[i];
        if let Some(c) = tok.single {
            out.push(c);
            continue;
        }
        features::features(toks, i, p1, p2, feats);
        scores.clear();
        scores.resize(n_classes, S::default());
        score(feats, scores);
        let mut best: Option<(usize, S)> = None;
        for (c, &s) in scores.iter().enumerate() {
            if c < 128 && tok.mask >> c & 1 == 0 {
                continue;
            }
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        }
        let c = best.map_or(0, |(c, _)| c) as u8;
        on_token(i, feats, c);
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
                let lemma = self.lemmatizer.lemma(w, &xpos).into_boxed_str();
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
        let mut toks = Vec::with_capacity(words.len());
        let mut buf = String::new();
        features::sentence_toks(words, &self.lex, &mut toks, &mut buf);
        let mut feats = Vec::with_capacity(64);
        let mut scores: Vec<i32> = Vec::with_capacity(self.classes.len());
        decode(
            &toks,
            self.classes.len(),
            &mut feats,
            &mut scores,
            |f, s| self.weights.score(f, s),
            |_, _, _| {},
        )
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
        let wt = &self.weights;
        w.f32(wt.scale);
        w.len(wt.keys.len());
        for &k in &wt.keys {
            w.u64(k);
        }
        for pair in wt.starts.windows(2) {
            w.u8((pair[1] - pair[0]).min(255) as u8);
        }
        w.len(wt.classes.len());
        w.buf.extend_from_slice(&wt.classes);
        for &v in &wt.values {
            w.u16(v as u16);
        }
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
        w.buf.extend_from_slice(b"END!");
        let body = w.buf;
        let mut out = Vec::with_capacity(body.len() / 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
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
        if version != VERSION {
            return Err(ModelError::Format(format!("unsupported version {version} (expected {VERSION})")));
        }
        let body_len = head.u64()?;
        if body_len > MAX_BODY {
            return Err(fmt("body too large"));
        }
        let mut body = Vec::with_capacity(body_len as usize);
        flate2::read::GzDecoder::new(&bytes[20..])
            .take(body_len + 1)
            .read_to_end(&mut body)
            .map_err(|e| ModelError::Format(format!("corrupt compressed body: {e}")))?;
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
        let scale = r.f32()?;
        let n_feats = r.len(9)?;
        let mut keys = Vec::with_capacity(n_feats);
        for _ in 0..n_feats {
            keys.push(r.u64()?);
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
        if n_entries != total as usize {
            return Err(fmt("weight counts disagree"));
        }
        let wclasses = r.take(n_entries)?.to_vec();
        if wclasses.iter().any(|&c| c as usize >= n_classes) {
            return Err(fmt("bad weight class"));
        }
        let raw = r.take(n_entries * 2)?;
        let values = raw.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        let mut weights = Weights { keys, starts, classes: wclasses, values, scale, index: IdMap::default() };
        weights.build_index();
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
        if r.take(4)? != b"END!" || !r.is_done() {
            return Err(fmt("bad end marker"));
        }
        let mut lemmatizer = Lemmatizer { xpos, rules, exceptions, ..Lemmatizer::default() };
        lemmatizer.index();
        Ok(Tagger { classes, lex, weights, lemmatizer })
    }
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
