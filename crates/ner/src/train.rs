//! Training: averaged perceptron, greedy left to right, online updates on
//! the model's own previous decisions; the name lists built from the
//! training entities are used with fold exclusion (a document sees only the
//! names of the other folds), and the second pass is trained on
//! jackknifed first-pass output.

use crate::data::{spans_to_labels, type_index, TsvDoc, N_LABELS};
use crate::features::{
    agg_features, dynamic_features, prepare, record, static_features_opt, Agg, Clusters, DocInfo, Sent,
    TypeCounts,
};
use crate::gazetteer::{
    key, Gazetteer, CAT_KB_CAPITAL, CAT_KB_COUNTRY, CAT_KB_DEMONYM, CAT_KB_ORG, CAT_KB_PERSON, CAT_TRAIN_PER,
    MAX_LEN, N_CAT,
};
use crate::hash::{IdMap, Rng};
use crate::model::{decode, pick, NerModel, Scorer, Table};
use crate::NerError;
use std::collections::HashMap;
use std::path::PathBuf;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data (per model trained).
    pub epochs: usize,
    /// Seed of the document shuffling.
    pub seed: u64,
    /// Folds for the name-list exclusion and the jackknifed first pass.
    pub folds: usize,
    /// Train the second (context aggregation) pass.
    pub two_pass: bool,
    /// Features whose largest averaged weight is below this share of the
    /// overall largest are dropped.
    pub prune: f32,
    /// Word clusters file (see `dateline_nlp::tag::read_clusters`); none when `None`.
    pub clusters: Option<PathBuf>,
    /// Extra name lists (tokens, category), e.g. from [`kb_lists`].
    pub lists: Vec<(Vec<String>, usize)>,
    /// Words seen at most this often in the training data are rare...
    pub rare_max: u32,
    /// ...and lose their identity features with this probability at each
    /// occurrence in training.
    pub rare_dropout: f64,
    /// Models trained with different seeds whose weights are averaged
    /// (per pass).
    pub seeds: usize,
    /// Train on the gold previous labels instead of the model's own.
    pub gold_history: bool,
    /// Stored in the model: label scores are divided by it before the
    /// softmax giving the confidences. The default, 16, was fitted once on
    /// CoNLL-2003 dev for the default configuration (expected calibration
    /// error 0.007 over ten bins of entity scores; 0.070 at 1).
    pub temperature: f32,
    /// Progress on stderr.
    pub verbose: bool,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 8,
            seed: 0x0da7_e11e,
            folds: 5,
            two_pass: false,
            prune: 0.0,
            clusters: Some(PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/models/clusters.tsv.gz"
            ))),
            lists: Vec::new(),
            rare_max: 1,
            rare_dropout: 0.0,
            seeds: 3,
            gold_history: true,
            temperature: 16.0,
            verbose: false,
        }
    }
}

/// Name lists from the actor knowledge base, tokenised by dateline's
/// segmenter: country names and demonyms, capitals and seats of
/// government, organisations, people.
pub fn kb_lists(kb: &dateline_actors::Kb) -> Vec<(Vec<String>, usize)> {
    let seg = dateline_nlp::segment::Segmenter::new();
    let mut out = Vec::new();
    let mut add = |name: &str, cat: usize| {
        let Ok(r) = dateline_doc::TextRange::full(name) else { return };
        let toks: Vec<String> =
            seg.tokenize(name, r).into_iter().map(|t| name[t.to_std()].to_string()).collect();
        if !toks.is_empty() && toks.len() <= MAX_LEN {
            out.push((toks, cat));
        }
    };
    for c in kb.countries() {
        add(&c.name, CAT_KB_COUNTRY);
        // A one-word alias whose plural is also listed (Afghan, Afghans) is
        // a nationality word; so is that plural.
        let is_demonym = |a: &str| {
            !a.contains(' ')
                && a != c.name
                && (c.aliases.iter().any(|b| b.strip_suffix('s') == Some(a))
                    || a.strip_suffix('s').is_some_and(|s| c.aliases.iter().any(|b| b == s)))
        };
        for a in &c.aliases {
            add(a, if is_demonym(a) { CAT_KB_DEMONYM } else { CAT_KB_COUNTRY });
        }
        for m in &c.metonyms {
            add(m, CAT_KB_CAPITAL);
        }
    }
    for o in kb.organisations() {
        add(&o.name, CAT_KB_ORG);
        for a in &o.aliases {
            add(a, CAT_KB_ORG);
        }
    }
    for p in kb.people() {
        add(&p.name, CAT_KB_PERSON);
        for a in &p.aliases {
            add(a, CAT_KB_PERSON);
        }
    }
    out.sort();
    out.dedup();
    out
}

struct Learner {
    map: IdMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Scorer for Learner {
    fn score(&self, feats: &[u64], out: &mut [f32; N_LABELS]) {
        *out = [0.0; N_LABELS];
        for f in feats {
            if let Some(&r) = self.map.get(f) {
                let row = r as usize * N_LABELS;
                for (o, w) in out.iter_mut().zip(&self.w[row..row + N_LABELS]) {
                    *o += w;
                }
            }
        }
    }
}

impl Learner {
    fn new() -> Learner {
        Learner { map: IdMap::default(), keys: Vec::new(), w: Vec::new(), u: Vec::new(), c: 1.0 }
    }

    fn update(&mut self, feats: &[u64], gold: u8, pred: u8) {
        for &f in feats {
            let n = self.keys.len() as u32;
            let r = *self.map.entry(f).or_insert(n);
            if r == n {
                self.keys.push(f);
                self.w.extend([0.0; N_LABELS]);
                self.u.extend([0.0; N_LABELS]);
            }
            let row = r as usize * N_LABELS;
            self.w[row + gold as usize] += 1.0;
            self.u[row + gold as usize] += self.c;
            self.w[row + pred as usize] -= 1.0;
            self.u[row + pred as usize] -= self.c;
        }
    }

    fn averaged(&self) -> Vec<(u64, [f32; N_LABELS])> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let mut r = [0f32; N_LABELS];
                for (l, x) in r.iter_mut().enumerate() {
                    let j = i * N_LABELS + l;
                    *x = self.w[j] - self.u[j] / self.c;
                }
                (k, r)
            })
            .collect()
    }
}

struct Prepared {
    /// Per sentence and token: the word is rare in the training data.
    rare: Vec<Vec<bool>>,
    sents: Vec<Sent>,
    info: DocInfo,
    gold: Vec<Vec<u8>>,
    fold: usize,
}

/// Trains `cfg.seeds` models and averages their averaged weights.
fn train_mixed(
    docs: &[Prepared],
    idx: &[usize],
    cfg: &TrainConfig,
    seed: u64,
    first: Option<&[Vec<Vec<u8>>]>,
) -> Table {
    let k = cfg.seeds.max(1);
    let mut sum: IdMap<[f32; N_LABELS]> = IdMap::default();
    let mut keys = Vec::new();
    for j in 0..k {
        let lr = train_pass(docs, idx, cfg, seed.wrapping_add(j as u64 * 0x1000_0001), first);
        for (key, r) in lr.averaged() {
            let e = sum.entry(key).or_insert_with(|| {
                keys.push(key);
                [0.0; N_LABELS]
            });
            for (a, b) in e.iter_mut().zip(r) {
                *a += b / k as f32;
            }
        }
    }
    let rows = keys.into_iter().filter_map(|key| sum.get(&key).map(|r| (key, *r))).collect();
    Table::quantise(rows, cfg.prune)
}

fn train_pass(
    docs: &[Prepared],
    idx: &[usize],
    cfg: &TrainConfig,
    seed: u64,
    first: Option<&[Vec<Vec<u8>>]>,
) -> Learner {
    let mut lr = Learner::new();
    let mut rng = Rng::new(seed);
    let mut order = idx.to_vec();
    let mut feats = Vec::with_capacity(128);
    let mut scores = [0f32; N_LABELS];
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let (mut errs, mut total) = (0usize, 0usize);
        for &d in &order {
            let doc = &docs[d];
            let agg = first.map(|f| Agg::new(&doc.sents, &f[d]));
            let mut hist = TypeCounts::new();
            for (si, s) in doc.sents.iter().enumerate() {
                let n = s.toks.len();
                let mut ls: Vec<u8> = Vec::with_capacity(n);
                for i in 0..n {
                    feats.clear();
                    let drop = cfg.rare_dropout > 0.0
                        && doc.rare[si][i]
                        && (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= cfg.rare_dropout;
                    static_features_opt(s, i, &doc.info, drop, &mut feats);
                    let l1 = if i >= 1 { ls[i - 1] } else { N_LABELS as u8 };
                    let l2 = if i >= 2 { ls[i - 2] } else { N_LABELS as u8 };
                    dynamic_features(s, i, l1, l2, &hist, &mut feats);
                    if let Some(a) = &agg {
                        agg_features(&doc.sents, si, i, a, &mut feats);
                    }
                    lr.score(&feats, &mut scores);
                    let prev = if i > 0 { Some(ls[i - 1]) } else { None };
                    let (pred, _) = pick(&scores, prev, i + 1 == n, 1.0);
                    let gold = doc.gold[si][i];
                    if pred != gold {
                        lr.update(&feats, gold, pred);
                        errs += 1;
                    }
                    total += 1;
                    lr.c += 1.0;
                    // Continue from the model's own decision (or the gold one).
                    let next = if cfg.gold_history { gold } else { pred };
                    ls.push(next);
                    record(&mut hist, &s.toks[i], next);
                }
            }
        }
        if cfg.verbose {
            eprintln!(
                "  epoch {}: {} errors / {} tokens ({:.2}%), {} features",
                epoch + 1,
                errs,
                total,
                100.0 * errs as f64 / total.max(1) as f64,
                lr.keys.len()
            );
        }
    }
    lr
}

/// Trains a model on `docs` (the shared token-file format, BIO tags).
pub fn train(docs: &[TsvDoc], cfg: &TrainConfig) -> Result<NerModel, NerError> {
    let folds = cfg.folds.max(2);
    let clusters = match &cfg.clusters {
        Some(p) => {
            let (words, parents) = dateline_nlp::tag::read_clusters(p)
                .map_err(|e| NerError::Format(format!("clusters {}: {e}", p.display())))?;
            Clusters::new(&words, parents)
        }
        None => Clusters::default(),
    };
    // Name lists: the extra lists, and the training entities per fold.
    let mut lists: HashMap<String, u16> = HashMap::new();
    for (toks, cat) in &cfg.lists {
        if *cat < N_CAT && !toks.is_empty() && toks.len() <= MAX_LEN {
            *lists.entry(key(toks)).or_default() |= 1 << cat;
        }
    }
    let mut by_fold: HashMap<String, Vec<u8>> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for (s, spans) in doc.sentences.iter().zip(doc.gold_spans()) {
            for sp in spans {
                if sp.end - sp.start <= MAX_LEN {
                    let k = key(&s.tokens[sp.start..sp.end]);
                    let v = by_fold.entry(k).or_insert_with(|| vec![0; folds]);
                    v[d % folds] |= 1 << (CAT_TRAIN_PER + type_index(sp.kind));
                }
            }
        }
    }
    let lookup_excluding = |k: &str, fold: Option<usize>| -> u16 {
        let mut m = lists.get(k).copied().unwrap_or(0);
        if let Some(v) = by_fold.get(k) {
            for (f, &x) in v.iter().enumerate() {
                if Some(f) != fold {
                    m |= u16::from(x);
                }
            }
        }
        m
    };
    let mut freq: HashMap<String, u32> = HashMap::new();
    for doc in docs {
        for s in &doc.sentences {
            for t in &s.tokens {
                *freq.entry(t.to_lowercase()).or_default() += 1;
            }
        }
    }
    let t0 = std::time::Instant::now();
    let prepared: Vec<Prepared> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let words = doc.token_refs();
            let fold = d % folds;
            let lk = |k: &str| lookup_excluding(k, Some(fold));
            let sents = prepare(&words, &clusters, &lk);
            let info = DocInfo::new(&sents, &words);
            let gold = doc
                .sentences
                .iter()
                .zip(doc.gold_spans())
                .map(|(s, sp)| spans_to_labels(s.tokens.len(), &sp))
                .collect();
            let rare = doc
                .sentences
                .iter()
                .map(|s| {
                    s.tokens
                        .iter()
                        .map(|t| freq.get(&t.to_lowercase()).copied().unwrap_or(0) <= cfg.rare_max)
                        .collect()
                })
                .collect();
            Prepared { rare, sents, info, gold, fold }
        })
        .collect();
    if cfg.verbose {
        eprintln!("prepared {} documents in {:.1?}", prepared.len(), t0.elapsed());
    }
    let all: Vec<usize> = (0..prepared.len()).collect();
    if cfg.verbose {
        eprintln!("pass 1");
    }
    let pass1 = train_mixed(&prepared, &all, cfg, cfg.seed, None);
    let pass2 = if cfg.two_pass {
        // Jackknifed first-pass labels of every training document.
        let mut first: Vec<Vec<Vec<u8>>> = vec![Vec::new(); prepared.len()];
        for k in 0..folds {
            if cfg.verbose {
                eprintln!("jackknife fold {}/{folds}", k + 1);
            }
            let idx: Vec<usize> = all.iter().copied().filter(|&d| prepared[d].fold != k).collect();
            let t = Table::quantise(
                train_pass(&prepared, &idx, cfg, cfg.seed ^ (k as u64 + 1), None).averaged(),
                cfg.prune,
            );
            for d in all.iter().copied().filter(|&d| prepared[d].fold == k) {
                first[d] = decode(&t, &prepared[d].sents, &prepared[d].info, None, 1.0).0;
            }
        }
        if cfg.verbose {
            eprintln!("pass 2");
        }
        Some(train_mixed(&prepared, &all, cfg, cfg.seed ^ 0xface, Some(&first)))
    } else {
        None
    };
    let mut gaz = Gazetteer::default();
    for k in lists.keys().chain(by_fold.keys()) {
        let m = lookup_excluding(k, None);
        if m != 0 {
            *gaz.map.entry(crate::hash::hash_str(k)).or_default() |= m;
        }
    }
    Ok(NerModel { pass1, pass2, gaz, clusters, temperature: cfg.temperature })
}
