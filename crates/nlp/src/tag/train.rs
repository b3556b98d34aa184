//! Training: averaged perceptron over joint classes, greedy decoding with
//! the model's own previous predictions as history.

use super::features::{self, Clusters, LexEntry, Tok, LEX_AC, LEX_CONSTRAIN, LEX_SINGLE};
use super::hash::{hash_bytes, IdMap, Rng};
use super::lemma::Lemmatizer;
use super::ModelError;
use super::{Tagger, Weights};
use crate::conllu::TreebankSentence;
use dateline_doc::Upos;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (word, fine cluster) pairs and the coarse cluster of each fine one.
pub type ClusterTable = (Vec<(String, u16)>, Vec<u8>);

/// Reads a clusters file: gzipped lines `@FINE<TAB>COARSE` for each fine
/// cluster, then `WORD<TAB>FINE` (lowercased words); `#` starts a comment.
/// Returns the (word, fine cluster) pairs and the coarse cluster of each
/// fine one.
pub fn read_clusters(path: &Path) -> Result<ClusterTable, ModelError> {
    use std::io::BufRead;
    let io = |source| ModelError::Io { path: path.display().to_string(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let (mut words, mut parents) = (Vec::new(), Vec::new());
    for line in reader.lines() {
        let line = line.map_err(io)?;
        if line.starts_with('#') {
            continue;
        }
        let Some((a, b)) = line.split_once('\t') else { continue };
        if let Some(fine) = a.strip_prefix('@') {
            let (Ok(f), Ok(c)) = (fine.parse::<u16>(), b.parse::<u8>()) else { continue };
            let f = usize::from(f);
            if parents.len() <= f {
                parents.resize(f + 1, 0);
            }
            parents[f] = c;
        } else if let Ok(c) = b.parse::<u16>() {
            words.push((a.to_string(), c));
        }
    }
    Ok((words, parents))
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffling.
    pub seed: u64,
    /// Words seen at least this often with one class in at least
    /// `single_min_ratio` of cases are tagged without scoring.
    pub single_min_freq: u32,
    /// See `single_min_freq`.
    pub single_min_ratio: f64,
    /// Words seen at least this often are restricted to the classes they
    /// were seen with.
    pub constrain_min_freq: u32,
    /// Words seen at least this often give their ambiguity class as a feature.
    pub ac_min_freq: u32,
    /// Quantised weights smaller than this (in units of the scale) are dropped.
    pub min_weight: i16,
    /// Words seen at most this often in training are rare...
    pub rare_max_freq: u32,
    /// ...and their identity features are left out with this probability
    /// at each occurrence, so unknown words are learned from their shape.
    pub rare_dropout: f64,
    /// A clusters file read when `clusters` is empty (see [`read_clusters`]);
    /// by default the shipped `clusters.tsv.gz` beside
    /// [`Tagger::default_path`], skipped (and logged) when missing.
    pub clusters_file: Option<PathBuf>,
    /// Word clusters: (lowercased form, fine cluster) pairs...
    pub clusters: Vec<(String, u16)>,
    /// ...and the coarse cluster of each fine one.
    pub cluster_parents: Vec<u8>,
    /// A stacked second pass that sees the first pass's classes of the
    /// following words: 0 none, 1 with a few features of its own, 2 with
    /// all of the first pass's features too.
    pub stack: u8,
    /// The second pass rescores only words whose first-pass margin is at
    /// most this (in weight units).
    pub stack_margin: f32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 6,
            seed: 0x0da7_e11e,
            single_min_freq: 20,
            single_min_ratio: 0.995,
            constrain_min_freq: 10,
            ac_min_freq: 2,
            min_weight: 400,
            rare_max_freq: 1,
            rare_dropout: 0.0,
            clusters_file: Some(Tagger::default_path().with_file_name("clusters.tsv.gz")),
            clusters: Vec::new(),
            cluster_parents: Vec::new(),
            stack: 2,
            stack_margin: 15.0,
        }
    }
}

#[derive(Clone, Copy)]
struct Slot {
    class: u8,
    w: f32,
    total: f64,
    stamp: u32,
}

#[derive(Default)]
pub(crate) struct TrainWeights {
    map: IdMap<Vec<Slot>>,
    now: u32,
}

impl TrainWeights {
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(slots) = self.map.get(f) {
                for s in slots {
                    if let Some(x) = scores.get_mut(s.class as usize) {
                        *x += s.w;
                    }
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], truth: u8, guess: u8) {
        let now = self.now;
        for f in feats {
            let slots = self.map.entry(*f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let slot = match slots.iter_mut().position(|s| s.class == class) {
                    Some(p) => &mut slots[p],
                    None => {
                        slots.push(Slot { class, w: 0.0, total: 0.0, stamp: now });
                        let last = slots.len() - 1;
                        &mut slots[last]
                    }
                };
                slot.total += f64::from(now - slot.stamp) * f64::from(slot.w);
                slot.stamp = now;
                slot.w += delta;
            }
        }
    }

    /// Averaged, quantised, pruned weights.
    fn freeze(&self, min_weight: i16) -> Weights {
        let now = f64::from(self.now.max(1));
        // Keys cut to the stored width; the rare features that then share a
        // key are merged.
        let mut merged: IdMap<Vec<(u8, f64)>> = IdMap::default();
        for (&k, slots) in &self.map {
            let v = merged.entry(k & super::KEY_MASK).or_default();
            for s in slots {
                let w = (s.total + f64::from(self.now - s.stamp) * f64::from(s.w)) / now;
                match v.iter_mut().find(|(c, _)| *c == s.class) {
                    Some(e) => e.1 += w,
                    None => v.push((s.class, w)),
                }
            }
        }
        let mut avg: Vec<(u64, Vec<(u8, f64)>)> = merged.into_iter().collect();
        avg.sort_by_key(|(k, _)| *k);
        let max =
            avg.iter().flat_map(|(_, v)| v.iter().map(|(_, w)| w.abs())).fold(0.0f64, f64::max).max(1e-9);
        let scale = max / 32767.0;
        let mut out = Weights { scale: scale as f32, ..Weights::default() };
        out.starts.push(0);
        for (k, mut v) in avg {
            v.sort_by_key(|(c, _)| *c);
            let mut kept = 0;
            for (c, w) in v {
                let q = (w / scale).round() as i32;
                if q.unsigned_abs() >= min_weight.unsigned_abs() as u32
                    && kept < 127
                    && out.classes.len() < (1 << 21)
                {
                    out.classes.push(c);
                    out.values.push(q.clamp(-32767, 32767) as i16);
                    kept += 1;
                }
            }
            if kept > 0 {
                out.keys.push(k);
                out.starts.push(out.classes.len() as u32);
            }
        }
        out.build_index();
        out
    }
}

/// Tagging accuracy counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TagScores {
    /// Words scored.
    pub words: usize,
    /// Correct UPOS.
    pub upos: usize,
    /// Correct XPOS.
    pub xpos: usize,
    /// Correct lemmas.
    pub lemma: usize,
    /// Correct UPOS and XPOS.
    pub both: usize,
}

impl TagScores {
    fn pct(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    }
    /// UPOS accuracy, %.
    pub fn upos_pct(&self) -> f64 {
        Self::pct(self.upos, self.words)
    }
    /// XPOS accuracy, %.
    pub fn xpos_pct(&self) -> f64 {
        Self::pct(self.xpos, self.words)
    }
    /// Lemma accuracy, %.
    pub fn lemma_pct(&self) -> f64 {
        Self::pct(self.lemma, self.words)
    }
}

impl std::fmt::Display for TagScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UPOS {:.2}%  XPOS {:.2}%  lemma {:.2}%  ({} words)",
            self.upos_pct(),
            self.xpos_pct(),
            self.lemma_pct(),
            self.words
        )
    }
}

impl Tagger {
    /// Scores the tagger on gold-tokenised sentences (lemmas too when
    /// `lemmas` is set).
    pub fn evaluate(&self, sentences: &[TreebankSentence], lemmas: bool) -> TagScores {
        let mut s = TagScores::default();
        for sent in sentences {
            let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
            if lemmas {
                for (g, p) in sent.words.iter().zip(self.tag(&words)) {
                    s.words += 1;
                    let u = p.upos.as_str() == g.upos;
                    let x = *p.xpos == *g.xpos;
                    s.upos += usize::from(u);
                    s.xpos += usize::from(x);
                    s.both += usize::from(u && x);
                    s.lemma += usize::from(*p.lemma == *g.lemma);
                }
            } else {
                for (g, (u, x)) in sent.words.iter().zip(self.tag_pos(&words)) {
                    s.words += 1;
                    let u = u.as_str() == g.upos;
                    let x = x == g.xpos;
                    s.upos += usize::from(u);
                    s.xpos += usize::from(x);
                    s.both += usize::from(u && x);
                }
            }
        }
        s
    }
}

pub(super) fn train(
    train: &[TreebankSentence],
    dev: &[TreebankSentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Tagger {
    // Joint classes, most frequent first, at most 128; rarer pairs map to
    // the most frequent kept class with the same XPOS (else UPOS).
    let mut pair_counts: BTreeMap<(Upos, &str), u32> = BTreeMap::new();
    for s in train {
        for w in &s.words {
            let u = w.upos.parse::<Upos>().unwrap_or(Upos::X);
            *pair_counts.entry((u, w.xpos.as_str())).or_default() += 1;
        }
    }
    let mut pairs: Vec<((Upos, &str), u32)> = pair_counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<(Upos, &str)> = pairs.iter().filter(|(_, c)| *c >= 2).take(128).map(|(p, _)| *p).collect();
    let kept = if kept.is_empty() { pairs.iter().take(128).map(|(p, _)| *p).collect() } else { kept };
    let mut xpos_names: Vec<Box<str>> = Vec::new();
    let mut classes: Vec<(Upos, u8)> = Vec::new();
    for &(u, x) in &kept {
        let xi = match xpos_names.iter().position(|n| &**n == x) {
            Some(i) => i,
            None => {
                xpos_names.push(x.into());
                xpos_names.len() - 1
            }
        };
        classes.push((u, xi as u8));
    }
    let class_of = |upos: &str, xpos: &str| -> u8 {
        let u = upos.parse::<Upos>().unwrap_or(Upos::X);
        let pos = kept
            .iter()
            .position(|&(ku, kx)| ku == u && kx == xpos)
            .or_else(|| kept.iter().position(|&(_, kx)| kx == xpos))
            .or_else(|| kept.iter().position(|&(ku, _)| ku == u))
            .unwrap_or(0);
        pos as u8
    };
    let n_classes = classes.len();
    let gold: Vec<Vec<u8>> =
        train.iter().map(|s| s.words.iter().map(|w| class_of(&w.upos, &w.xpos)).collect()).collect();
    log(&format!(
        "{} sentences, {} words, {} classes",
        train.len(),
        gold.iter().map(Vec::len).sum::<usize>(),
        n_classes
    ));

    let all: Vec<usize> = (0..train.len()).collect();
    let (lex, totals) = build_lex(train, &gold, &all, n_classes, cfg);

    // Lemmatizer.
    let triples: Vec<(&str, &str, &str)> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str())))
        .collect();
    let lemmatizer = Lemmatizer::train(xpos_names, &triples);
    log(&format!("lemmatizer: {} rules, {} exceptions", lemmatizer.rules.len(), lemmatizer.exceptions.len()));

    let mut clusters = Clusters { parents: cfg.cluster_parents.clone(), ..Clusters::default() };
    for (w, c) in &cfg.clusters {
        clusters.map.insert(Clusters::key(w), u32::from(*c));
    }
    if cfg.clusters.is_empty() {
        if let Some(path) = &cfg.clusters_file {
            match read_clusters(path) {
                Ok((words, parents)) => {
                    for (w, c) in &words {
                        clusters.map.insert(Clusters::key(w), u32::from(*c));
                    }
                    clusters.parents = parents;
                }
                Err(e) => log(&format!("no word clusters: {e}")),
            }
        }
    }
    log(&format!("{} cluster entries", clusters.map.len()));
    let mut tagger = Tagger {
        classes,
        lex,
        clusters,
        weights: Weights::default(),
        stack: 0,
        stack_margin: cfg.stack_margin,
        weights2: Weights::default(),
        lemmatizer,
        dense: None,
        lstm: None,
    };

    // First-pass predictions on the training data by 4-fold jackknifing,
    // for the second pass to learn from.
    let stack = cfg.stack.min(2);
    let mut pred: Vec<Vec<u8>> = Vec::new();
    if stack != 0 {
        pred = vec![Vec::new(); train.len()];
        const FOLDS: usize = 4;
        for fold in 0..FOLDS {
            let idx: Vec<usize> = (0..train.len()).filter(|i| i % FOLDS != fold).collect();
            let (lex, totals) = build_lex(train, &gold, &idx, n_classes, cfg);
            let mut toks = sentence_toks_all(train, &lex, &tagger.clusters);
            let rare = rare_marks(train, &totals, cfg);
            let w = fit(&mut toks, &gold, &rare, None, &idx, n_classes, cfg, 0, &mut |_, _| {});
            let mut feats = Vec::with_capacity(96);
            let mut scores: Vec<f32> = Vec::new();
            for i in (0..train.len()).filter(|i| i % FOLDS == fold) {
                pred[i] = super::decode(
                    &toks[i],
                    n_classes,
                    &mut feats,
                    &mut scores,
                    features::features,
                    |f, s| w.score(f, s),
                    None,
                );
            }
            log(&format!("fold {}/{FOLDS} done", fold + 1));
        }
        let (ok, n) = pred
            .iter()
            .zip(&gold)
            .flat_map(|(p, g)| p.iter().zip(g))
            .fold((0usize, 0usize), |(ok, n), (p, g)| (ok + usize::from(p == g), n + 1));
        log(&format!("jackknifed first pass: {:.2}% of {n}", 100.0 * ok as f64 / n.max(1) as f64));
    }

    let mut toks = sentence_toks_all(train, &tagger.lex, &tagger.clusters);
    let rare = rare_marks(train, &totals, cfg);
    let w1 = fit(&mut toks, &gold, &rare, None, &all, n_classes, cfg, 0, &mut |epoch, w| {
        let mut msg = format!("epoch {}: {} features", epoch + 1, w.map.len());
        if stack == 0 && !dev.is_empty() && (epoch + 1 == cfg.epochs || epoch % 2 == 1) {
            tagger.weights = w.freeze(cfg.min_weight);
            let s = tagger.evaluate(dev, false);
            msg.push_str(&format!("; dev UPOS {:.2}% XPOS {:.2}%", s.upos_pct(), s.xpos_pct()));
        }
        log(&msg);
    });
    tagger.weights = w1.freeze(cfg.min_weight);
    log(&format!("{} features kept, {} weights", tagger.weights.keys.len(), tagger.weights.values.len()));
    if stack != 0 {
        if !dev.is_empty() {
            log(&format!("first pass alone: {}", tagger.evaluate(dev, false)));
        }
        tagger.stack = stack;
        let w2 = fit(&mut toks, &gold, &rare, Some(&pred), &all, n_classes, cfg, stack, &mut |epoch, w| {
            let mut msg = format!("pass 2 epoch {}: {} features", epoch + 1, w.map.len());
            if !dev.is_empty() && (epoch + 1 == cfg.epochs || epoch % 2 == 1) {
                tagger.weights2 = w.freeze(cfg.min_weight);
                let s = tagger.evaluate(dev, false);
                msg.push_str(&format!("; dev UPOS {:.2}% XPOS {:.2}%", s.upos_pct(), s.xpos_pct()));
            }
            log(&msg);
        });
        tagger.weights2 = w2.freeze(cfg.min_weight);
        log(&format!(
            "pass 2: {} features kept, {} weights",
            tagger.weights2.keys.len(),
            tagger.weights2.values.len()
        ));
    }
    tagger
}

/// The lexicon of the sentences `idx`, and each form's count.
fn build_lex<'a>(
    train: &'a [TreebankSentence],
    gold: &[Vec<u8>],
    idx: &[usize],
    n_classes: usize,
    cfg: &TrainConfig,
) -> (IdMap<LexEntry>, BTreeMap<&'a str, u32>) {
    let mut counts: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for &si in idx {
        for (w, &c) in train[si].words.iter().zip(&gold[si]) {
            counts.entry(w.form.as_str()).or_insert_with(|| vec![0; n_classes])[c as usize] += 1;
        }
    }
    let mut lex: IdMap<LexEntry> = IdMap::default();
    let mut totals = BTreeMap::new();
    for (form, cs) in &counts {
        let total: u32 = cs.iter().sum();
        totals.insert(*form, total);
        let mut mask = 0u128;
        let (mut best, mut best_n) = (0usize, 0u32);
        for (c, &n) in cs.iter().enumerate() {
            if n > 0 {
                mask |= 1u128 << c;
            }
            if n > best_n {
                (best, best_n) = (c, n);
            }
        }
        let mut flags = 0;
        if total >= cfg.ac_min_freq {
            flags |= LEX_AC;
        }
        if total >= cfg.constrain_min_freq {
            flags |= LEX_CONSTRAIN;
        }
        if total >= cfg.single_min_freq && f64::from(best_n) >= cfg.single_min_ratio * f64::from(total) {
            flags |= LEX_SINGLE;
        }
        if flags != 0 {
            lex.insert(hash_bytes(form.as_bytes()), LexEntry { mask, flags, single: best as u8 });
        }
    }
    (lex, totals)
}

fn sentence_toks_all(
    train: &[TreebankSentence],
    lex: &IdMap<LexEntry>,
    clusters: &Clusters,
) -> Vec<Vec<Tok>> {
    let mut buf = String::new();
    train
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut t = Vec::new();
            features::sentence_toks(&words, lex, clusters, &mut t, &mut buf);
            t
        })
        .collect()
}

/// Which words are rare (candidates for dropping their identity features).
fn rare_marks(train: &[TreebankSentence], totals: &BTreeMap<&str, u32>, cfg: &TrainConfig) -> Vec<Vec<bool>> {
    train
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| totals.get(w.form.as_str()).copied().unwrap_or(0) <= cfg.rare_max_freq)
                .collect()
        })
        .collect()
}

/// Trains one pass over the sentences `idx` (the second when `pred`, the
/// first pass's classes, is given; `stack` selects its features).
#[allow(clippy::too_many_arguments)]
fn fit(
    toks: &mut [Vec<Tok>],
    gold: &[Vec<u8>],
    rare: &[Vec<bool>],
    pred: Option<&[Vec<u8>]>,
    idx: &[usize],
    n_classes: usize,
    cfg: &TrainConfig,
    stack: u8,
    on_epoch: &mut dyn FnMut(usize, &TrainWeights),
) -> TrainWeights {
    let mut drop_rng = Rng::new(cfg.seed ^ 0x5eed_d509);
    let drop_threshold = (cfg.rare_dropout.clamp(0.0, 1.0) * (u64::MAX as f64)) as u64;
    let mut weights = TrainWeights::default();
    let mut order: Vec<usize> = idx.to_vec();
    let mut rng = Rng::new(cfg.seed);
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0f32; n_classes];
    let mut hist: Vec<u8> = Vec::new();
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            for (t, &r) in toks[si].iter_mut().zip(&rare[si]) {
                t.drop = r && cfg.rare_dropout > 0.0 && drop_rng.next_u64() <= drop_threshold;
            }
            let (st, sg) = (&toks[si], &gold[si]);
            hist.clear();
            for i in 0..st.len() {
                let p1 = if i >= 1 { u64::from(hist[i - 1]) } else { n_classes as u64 };
                let p2 = if i >= 2 { u64::from(hist[i - 2]) } else { n_classes as u64 + 1 };
                let truth = sg[i];
                if let Some(c) = st[i].single {
                    hist.push(c);
                    continue;
                }
                match pred {
                    Some(p) => features::features2(st, i, p1, p2, &p[si], stack == 2, &mut feats),
                    None => features::features(st, i, p1, p2, &mut feats),
                }
                scores.iter_mut().for_each(|s| *s = 0.0);
                weights.score(&feats, &mut scores);
                let mask = st[i].mask;
                let mut guess = 0usize;
                let mut best = f32::NEG_INFINITY;
                for (c, &s) in scores.iter().enumerate() {
                    if mask >> c & 1 == 1 && s > best {
                        (guess, best) = (c, s);
                    }
                }
                weights.now += 1;
                if guess as u8 != truth {
                    weights.update(&feats, truth, guess as u8);
                }
                hist.push(guess as u8);
            }
        }
        for t in toks.iter_mut().flatten() {
            t.drop = false;
        }
        on_epoch(epoch, &weights);
    }
    weights
}
