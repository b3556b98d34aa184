//! A small window network over dense word vectors, combined with the
//! perceptron's scores on the words the perceptron is unsure of.
//!
//! Input for word `i`: for each word of the window `i-3..=i+3`, its
//! pretrained vector (64 dimensions, i8 in the model; zeros and an
//! "unknown" flag when the form has none) and learned 16-dimensional
//! embeddings of its two- and three-letter suffixes, shape, casing flags and
//! ambiguity class; for word `i` itself also embeddings of its other
//! affixes. One ReLU hidden layer, a softmax over the tagger's joint
//! classes. Trained with AdaGrad on mini-batches, dropout on the hidden
//! layer, a fixed seed, one thread (reproducible). The tagger adds
//! `weight` × the network's log-probabilities to the second pass's scores.

use super::features::Tok;
use super::hash::{mix, IdMap, Rng};
use super::io::{Reader, Writer};
use super::ModelError;
use crate::kernels::{axpy, dot, dot_i16};
use std::path::Path;

/// Window half-width.
pub(crate) const WIN: usize = 2;
const NPOS: usize = 2 * WIN + 1;
/// Learned embedding width.
pub(crate) const E: usize = 8;
const POS_FEATS: usize = 6;
const CENTER_FEATS: usize = 8;
/// log2 of the hashed embedding rows.
pub(crate) const EMB_BITS: u32 = 16;
const PAD: u64 = 0x5041_445f_5f5f_5f5f;

/// Pretrained word vectors: i8 rows with one scale per dimension, and the
/// row of each lowercased form (keyed like the clusters, by the top 32 bits
/// of the form's hash).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vectors {
    pub dims: usize,
    pub scales: Vec<f32>,
    pub raw: Vec<i8>,
    pub map: IdMap<u16>,
    /// `raw` times `scales` (not stored).
    pub data: Vec<f32>,
}

impl Vectors {
    fn dequantise(&mut self) {
        let d = self.dims.max(1);
        self.data = self.raw.iter().enumerate().map(|(i, &v)| f32::from(v) * self.scales[i % d]).collect();
    }

    /// Reads `vectors.tsv.gz` (see `data/models/vectors.py`).
    pub fn read(path: &Path) -> Result<Vectors, ModelError> {
        let mut map = IdMap::default();
        let mut v = read_vectors_file(path, &mut |form, row| {
            map.insert(super::features::Clusters::key(form), row);
        })?;
        v.map = map;
        Ok(v)
    }

    pub fn n_rows(&self) -> usize {
        self.raw.len() / self.dims.max(1)
    }

    fn write(&self, w: &mut Writer) {
        w.len(self.dims);
        for &s in &self.scales {
            w.f32(s);
        }
        w.len(self.raw.len());
        w.buf.extend(self.raw.iter().map(|&x| x as u8));
    }

    fn read_from(r: &mut Reader<'_>) -> Result<Vectors, ModelError> {
        let fmt = |m: &str| ModelError::Format(m.to_string());
        let dims = r.len(4)?;
        let mut scales = Vec::with_capacity(dims);
        for _ in 0..dims {
            scales.push(r.f32()?);
        }
        let n = r.len(1)?;
        if dims == 0 || n % dims != 0 {
            return Err(fmt("bad vector table"));
        }
        let raw: Vec<i8> = r.take(n)?.iter().map(|&b| b as i8).collect();
        // `data` is for training only: tagging reads `raw`
        Ok(Vectors { dims, scales, raw, map: IdMap::default(), data: Vec::new() })
    }
}

/// Reads `vectors.tsv.gz` (`!SCALES` line, `@row` lines of i8 values in
/// order, `form<TAB>row` lines): the scales and rows, dequantised, with an
/// empty form map; `form` is called with each form and its row.
pub(crate) fn read_vectors_file(path: &Path, form: &mut dyn FnMut(&str, u16)) -> Result<Vectors, ModelError> {
    use std::io::BufRead;
    let io = |source| ModelError::Io { path: path.display().to_string(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut v = Vectors::default();
    let mut n_rows = 0usize;
    for line in reader.lines() {
        let line = line.map_err(io)?;
        if line.starts_with('#') {
            continue;
        }
        let Some((a, b)) = line.split_once('\t') else { continue };
        if a == "!SCALES" {
            v.scales = b.split(' ').filter_map(|x| x.parse().ok()).collect();
            v.dims = v.scales.len();
        } else if let Some(r) = a.strip_prefix('@') {
            let Ok(r) = r.parse::<usize>() else { continue };
            if r != n_rows {
                return Err(ModelError::Format("vector rows out of order".into()));
            }
            let vals: Vec<i8> = b.split(' ').filter_map(|x| x.parse().ok()).collect();
            if vals.len() != v.dims {
                return Err(ModelError::Format("bad vector row".into()));
            }
            v.raw.extend(vals);
            n_rows += 1;
        } else if let Ok(r) = b.parse::<u16>() {
            if usize::from(r) < n_rows {
                form(a, r);
            }
        }
    }
    v.dequantise();
    Ok(v)
}

/// The network's view of one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DTok {
    /// Vector row + 1 (0: none).
    pub row: u32,
    pos: [u32; POS_FEATS],
    center: [u32; CENTER_FEATS],
}

/// The embedding rows of a word's own features (as in [`Dense::token_input`]).
pub(crate) fn token_buckets(t: &DTok) -> impl Iterator<Item = u32> + '_ {
    t.pos.iter().chain(t.center.iter()).copied()
}

#[inline]
fn bucket(h: u64, salt: u64) -> u32 {
    (mix(h ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> (64 - EMB_BITS)) as u32
}

/// The network: vectors, embeddings and two layers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dense {
    pub vectors: Vectors,
    pub hidden: usize,
    pub n_classes: usize,
    /// `(1 << EMB_BITS) × E`.
    pub emb: Vec<f32>,
    /// `hidden × n_in`, row per hidden unit.
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    /// `n_classes × hidden`.
    pub w2: Vec<f32>,
    pub b2: Vec<f32>,
    /// Weight of the log-probabilities against the perceptron's scores.
    pub weight: f32,
    /// First-pass margin (weight units) up to which the network is asked.
    pub margin: f32,
    /// Weight of the log-probabilities in the first pass too (0: none).
    pub first_weight: f32,
    /// For tagging (not stored; [`Dense::prepare`]): the embeddings as i8
    /// with one scale, the hidden layer as i16 rows (input scales folded
    /// in) with one scale per row.
    pub(crate) emb_q: Vec<i8>,
    pub(crate) w1_q: Vec<i16>,
    pub(crate) w1_scale: Vec<f32>,
}

/// Scratch buffers of one forward pass.
#[derive(Default)]
pub(crate) struct DenseScratch {
    pub dtoks: Vec<DTok>,
    /// `dtoks`, `have` and `cache` are set up for the sentence.
    pub ready: bool,
    /// Outputs kept from the first pass (`have[i]`: word `i`'s are in
    /// `cache[i * n_classes..]`).
    pub have: Vec<bool>,
    pub cache: Vec<f32>,
    xq: Vec<i16>,
    h: Vec<f32>,
    pub out: Vec<f32>,
}

impl Dense {
    fn pos_width(&self) -> usize {
        self.vectors.dims + 1 + POS_FEATS * E
    }

    pub fn n_in(&self) -> usize {
        NPOS * self.pos_width() + CENTER_FEATS * E
    }

    /// The width of [`Dense::token_input`].
    pub fn token_width(&self) -> usize {
        self.vectors.dims + 1 + (POS_FEATS + CENTER_FEATS) * E
    }

    /// One word's own inputs (its vector, the "no vector" flag and all its
    /// learned embeddings, from `emb` when given, else from the network's
    /// own table), for the sentence network; `x` is [`Dense::token_width`]
    /// long.
    pub fn token_input(&self, t: &DTok, emb: Option<&[f32]>, x: &mut [f32]) {
        let dims = self.vectors.dims;
        x.iter_mut().for_each(|v| *v = 0.0);
        if t.row > 0 {
            let r = (t.row - 1) as usize * dims;
            if let Some(src) = self.vectors.raw.get(r..r + dims) {
                for ((o, &v), &s) in x.iter_mut().zip(src).zip(&self.vectors.scales) {
                    *o = f32::from(v) * s;
                }
            }
        } else if let Some(u) = x.get_mut(dims) {
            *u = 1.0;
        }
        let table = emb.unwrap_or(&self.emb);
        for (k, b) in token_buckets(t).enumerate() {
            let (r, at) = (b as usize * E, dims + 1 + k * E);
            if let (Some(src), Some(dst)) = (table.get(r..r + E), x.get_mut(at..at + E)) {
                dst.copy_from_slice(src);
            }
        }
    }

    /// The network's inputs of each word.
    pub fn dtoks(&self, toks: &[Tok], out: &mut Vec<DTok>) {
        out.clear();
        for t in toks {
            let row = t.vrow;
            let suf3 = if t.suf[2] != 0 { t.suf[2] } else { t.lower };
            let pos = [
                bucket(t.suf[1], 1),
                bucket(suf3, 2),
                bucket(t.shape, 3),
                bucket(t.flags ^ t.case_ctx.rotate_left(17), 4),
                bucket(t.ac, 5),
                // the word itself when seen at least twice in training
                bucket(if t.ac == super::features::UNK_AC { 0 } else { t.lower }, 6),
            ];
            let center = [
                bucket(t.suf[0], 11),
                bucket(t.suf[3], 12),
                bucket(t.suf[4], 13),
                bucket(t.pre[0], 14),
                bucket(t.pre[1], 15),
                bucket(t.pre[2], 16),
                bucket(t.after_hyphen, 17),
                bucket(t.ac_lower, 18),
            ];
            out.push(DTok { row, pos, center });
        }
    }

    /// Fills `x` with the input of word `i`.
    fn input(&self, d: &[DTok], i: usize, x: &mut Vec<f32>) {
        let dims = self.vectors.dims;
        x.clear();
        x.resize(self.n_in(), 0.0);
        let pw = self.pos_width();
        for p in 0..NPOS {
            let j = i as isize + p as isize - WIN as isize;
            let base = p * pw;
            let t = if j < 0 { None } else { d.get(j as usize) };
            match t {
                Some(t) => {
                    if t.row > 0 {
                        let r = (t.row - 1) as usize * dims;
                        if let (Some(src), Some(dst)) =
                            (self.vectors.data.get(r..r + dims), x.get_mut(base..base + dims))
                        {
                            dst.copy_from_slice(src);
                        }
                    } else if let Some(u) = x.get_mut(base + dims) {
                        *u = 1.0;
                    }
                    for (k, &b) in t.pos.iter().enumerate() {
                        self.copy_emb(b, x, base + dims + 1 + k * E);
                    }
                }
                None => {
                    let side = if j < 0 { 0 } else { 1 };
                    for k in 0..POS_FEATS {
                        self.copy_emb(bucket(PAD + side, 20 + k as u64), x, base + dims + 1 + k * E);
                    }
                }
            }
        }
        if let Some(t) = d.get(i) {
            let base = NPOS * pw;
            for (k, &b) in t.center.iter().enumerate() {
                self.copy_emb(b, x, base + k * E);
            }
        }
    }

    #[inline]
    fn copy_emb(&self, b: u32, x: &mut [f32], at: usize) {
        let r = b as usize * E;
        if let (Some(src), Some(dst)) = (self.emb.get(r..r + E), x.get_mut(at..at + E)) {
            dst.copy_from_slice(src);
        }
    }

    /// Log-probabilities of the classes for word `i` in `sc.out` (the
    /// quantised network: [`Dense::prepare`] must have run).
    pub fn forward(&self, i: usize, sc: &mut DenseScratch) {
        let DenseScratch { dtoks, xq, h, out, .. } = sc;
        self.input_q(dtoks, i, xq);
        let n_in = xq.len();
        h.clear();
        for ((row, &s), &b) in self.w1_q.chunks_exact(n_in).zip(&self.w1_scale).zip(&self.b1) {
            h.push((dot_i16(row, xq) as f32 * s + b).max(0.0));
        }
        self.output(h, out);
    }

    /// The quantised tables of [`Dense::forward`], from the f32 ones.
    pub fn prepare(&mut self) {
        let m = self.emb.iter().fold(0f32, |a, &x| a.max(x.abs()));
        let es = if m > 0.0 { m / 127.0 } else { 1.0 };
        self.emb_q = self.emb.iter().map(|&x| (x / es).round().clamp(-127.0, 127.0) as i8).collect();
        // the scale of each input
        let dims = self.vectors.dims;
        let pw = self.pos_width();
        let n_in = self.n_in();
        let in_scale: Vec<f32> = (0..n_in)
            .map(|k| {
                let (p, off) = (k / pw, k % pw);
                if p < NPOS && off < dims {
                    self.vectors.scales.get(off).copied().unwrap_or(1.0)
                } else if p < NPOS && off == dims {
                    1.0 / 127.0
                } else {
                    es
                }
            })
            .collect();
        self.w1_q.clear();
        self.w1_scale.clear();
        for row in self.w1.chunks_exact(n_in) {
            let folded: Vec<f32> = row.iter().zip(&in_scale).map(|(&w, &s)| w * s).collect();
            let m = folded.iter().fold(0f32, |a, &x| a.max(x.abs()));
            // 13 bits: |sum| <= 127 * 8191 * n_in stays inside i32
            let rs = if m > 0.0 { m / 8191.0 } else { 1.0 };
            self.w1_q.extend(folded.iter().map(|&x| (x / rs).round().clamp(-8191.0, 8191.0) as i16));
            self.w1_scale.push(rs);
        }
    }

    /// [`Dense::input`] with quantised values.
    fn input_q(&self, d: &[DTok], i: usize, x: &mut Vec<i16>) {
        let dims = self.vectors.dims;
        x.clear();
        x.resize(self.n_in(), 0);
        let pw = self.pos_width();
        let copy = |b: u32, x: &mut [i16], at: usize| {
            let r = b as usize * E;
            if let (Some(src), Some(dst)) = (self.emb_q.get(r..r + E), x.get_mut(at..at + E)) {
                for (o, &v) in dst.iter_mut().zip(src) {
                    *o = i16::from(v);
                }
            }
        };
        for p in 0..NPOS {
            let j = i as isize + p as isize - WIN as isize;
            let base = p * pw;
            match if j < 0 { None } else { d.get(j as usize) } {
                Some(t) => {
                    if t.row > 0 {
                        let r = (t.row - 1) as usize * dims;
                        if let (Some(src), Some(dst)) =
                            (self.vectors.raw.get(r..r + dims), x.get_mut(base..base + dims))
                        {
                            for (o, &v) in dst.iter_mut().zip(src) {
                                *o = i16::from(v);
                            }
                        }
                    } else if let Some(u) = x.get_mut(base + dims) {
                        *u = 127;
                    }
                    for (k, &b) in t.pos.iter().enumerate() {
                        copy(b, x, base + dims + 1 + k * E);
                    }
                }
                None => {
                    let side = if j < 0 { 0 } else { 1 };
                    for k in 0..POS_FEATS {
                        copy(bucket(PAD + side, 20 + k as u64), x, base + dims + 1 + k * E);
                    }
                }
            }
        }
        if let Some(t) = d.get(i) {
            let base = NPOS * pw;
            for (k, &b) in t.center.iter().enumerate() {
                copy(b, x, base + k * E);
            }
        }
    }

    /// Output layer and log-softmax.
    fn output(&self, h: &[f32], out: &mut Vec<f32>) {
        out.clear();
        for (row, &b) in self.w2.chunks_exact(self.hidden).zip(&self.b2) {
            out.push(dot(row, h) + b);
        }
        let m = out.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = out.iter().map(|&v| (v - m).exp()).sum();
        let lz = m + z.ln();
        for v in out.iter_mut() {
            *v -= lz;
        }
    }

    /// Hidden layer (with the dropout mask when training) and log-softmax.
    fn layers(&self, x: &[f32], h: &mut Vec<f32>, out: &mut Vec<f32>, drop: Option<&[bool]>) {
        let n_in = x.len();
        h.clear();
        for (k, (row, &b)) in self.w1.chunks_exact(n_in).zip(&self.b1).enumerate() {
            if drop.is_some_and(|m| m.get(k).copied().unwrap_or(false)) {
                h.push(0.0);
                continue;
            }
            let s = dot(row, x) + b;
            h.push(s.max(0.0));
        }
        if drop.is_some() {
            let keep = 1.0 / (1.0 - DROPOUT);
            for v in h.iter_mut() {
                *v *= keep;
            }
        }
        self.output(h, out);
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        self.vectors.write(w);
        w.len(self.hidden);
        w.len(self.n_classes);
        w.f32(self.weight);
        w.f32(self.margin);
        w.f32(self.first_weight);
        for t in [&self.emb, &self.w1, &self.b1, &self.w2, &self.b2] {
            write_f32s(w, t);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>, n_classes: usize, first: bool) -> Result<Dense, ModelError> {
        let fmt = |m: &str| ModelError::Format(m.to_string());
        let vectors = Vectors::read_from(r)?;
        let hidden = r.len(0)?;
        let nc = r.len(0)?;
        if nc != n_classes || hidden == 0 || hidden > 4096 {
            return Err(fmt("bad dense layer sizes"));
        }
        let weight = r.f32()?;
        let margin = r.f32()?;
        let first_weight = if first { r.f32()? } else { 0.0 };
        let mut d = Dense { vectors, hidden, n_classes, weight, margin, first_weight, ..Dense::default() };
        d.emb = read_f32s(r)?;
        d.w1 = read_f32s(r)?;
        d.b1 = read_f32s(r)?;
        d.w2 = read_f32s(r)?;
        d.b2 = read_f32s(r)?;
        if d.emb.len() != (1 << EMB_BITS) * E
            || d.w1.len() != hidden * d.n_in()
            || d.b1.len() != hidden
            || d.w2.len() != nc * hidden
            || d.b2.len() != nc
        {
            return Err(fmt("bad dense tables"));
        }
        d.prepare();
        Ok(d)
    }
}

/// f32s quantised to i16 with one scale (max |x| / 32767).
pub(crate) fn write_f32s(w: &mut Writer, v: &[f32]) {
    let m = v.iter().fold(0f32, |a, &x| a.max(x.abs()));
    let scale = if m > 0.0 { m / 32767.0 } else { 1.0 };
    w.f32(scale);
    w.len(v.len());
    for &x in v {
        w.u16(((x / scale).round().clamp(-32767.0, 32767.0) as i16) as u16);
    }
}

pub(crate) fn read_f32s(r: &mut Reader<'_>) -> Result<Vec<f32>, ModelError> {
    let scale = r.f32()?;
    let n = r.len(2)?;
    let raw = r.take(n * 2)?;
    Ok(raw.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale).collect())
}

const DROPOUT: f32 = 0.3;

/// Training settings of the network.
#[derive(Debug, Clone)]
pub struct DenseConfig {
    /// Hidden units.
    pub hidden: usize,
    /// Passes over the training words.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub lr: f32,
    /// Words per update of the dense layers.
    pub batch: usize,
    /// Seed of initialisation, shuffling and dropout.
    pub seed: u64,
}

impl Default for DenseConfig {
    fn default() -> DenseConfig {
        DenseConfig { hidden: 64, epochs: 6, lr: 0.02, batch: 32, seed: 0x00de_05e1 }
    }
}

/// One training word: sentence, position, gold class.
pub(crate) struct Example {
    pub sent: u32,
    pub pos: u32,
    pub gold: u8,
}

pub(crate) fn uniform(rng: &mut Rng, a: f32) -> f32 {
    let u = (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
    (2.0 * u - 1.0) * a
}

/// Trains the network on `examples` over the sentences `dtoks`; `epoch_end`
/// sees the network after each epoch.
pub(crate) fn train(
    vectors: Vectors,
    n_classes: usize,
    dtoks: &[Vec<DTok>],
    examples: &mut [Example],
    cfg: &DenseConfig,
    epoch_end: &mut dyn FnMut(usize, &Dense, f64),
) -> Dense {
    let mut rng = Rng::new(cfg.seed);
    let hidden = cfg.hidden.max(1);
    let mut d = Dense { vectors, hidden, n_classes, weight: 1.0, margin: 0.0, ..Dense::default() };
    let n_in = d.n_in();
    d.emb = (0..(1usize << EMB_BITS) * E).map(|_| uniform(&mut rng, 0.1)).collect();
    let a1 = (6.0 / (n_in + hidden) as f32).sqrt();
    d.w1 = (0..hidden * n_in).map(|_| uniform(&mut rng, a1)).collect();
    d.b1 = vec![0.01; hidden];
    let a2 = (6.0 / (hidden + n_classes) as f32).sqrt();
    d.w2 = (0..n_classes * hidden).map(|_| uniform(&mut rng, a2)).collect();
    d.b2 = vec![0.0; n_classes];
    // gradients and AdaGrad sums
    let (mut g1, mut gb1, mut g2, mut gb2) =
        (vec![0f32; d.w1.len()], vec![0f32; hidden], vec![0f32; d.w2.len()], vec![0f32; n_classes]);
    let (mut s1, mut sb1, mut s2, mut sb2, mut se) = (
        vec![0f32; d.w1.len()],
        vec![0f32; hidden],
        vec![0f32; d.w2.len()],
        vec![0f32; n_classes],
        vec![0f32; d.emb.len()],
    );
    let (mut x, mut h, mut out) = (Vec::new(), Vec::new(), Vec::new());
    let mut dh = vec![0f32; hidden];
    let mut dx = vec![0f32; n_in];
    let mut mask = vec![false; hidden];
    let eps = 1e-6f32;
    let lr = cfg.lr;
    let pw = d.pos_width();
    let dims = d.vectors.dims;
    for epoch in 0..cfg.epochs {
        rng.shuffle(examples);
        let mut loss = 0f64;
        for (n, ex) in examples.iter().enumerate() {
            let Some(sent) = dtoks.get(ex.sent as usize) else { continue };
            let i = ex.pos as usize;
            d.input(sent, i, &mut x);
            for m in mask.iter_mut() {
                *m = ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) < DROPOUT;
            }
            d.layers(&x, &mut h, &mut out, Some(&mask));
            let g = ex.gold as usize;
            loss -= f64::from(out.get(g).copied().unwrap_or(0.0));
            // d loss / d logits = softmax - onehot
            for v in out.iter_mut() {
                *v = v.exp();
            }
            if let Some(v) = out.get_mut(g) {
                *v -= 1.0;
            }
            dh.iter_mut().for_each(|v| *v = 0.0);
            for (c, &dz) in out.iter().enumerate() {
                gb2[c] += dz;
                let row = c * hidden;
                axpy(&mut g2[row..row + hidden], dz, &h);
                axpy(&mut dh, dz, &d.w2[row..row + hidden]);
            }
            let keep = 1.0 / (1.0 - DROPOUT);
            dx.iter_mut().for_each(|v| *v = 0.0);
            for k in 0..hidden {
                if h[k] <= 0.0 {
                    continue;
                }
                let dk = dh[k] * keep;
                gb1[k] += dk;
                let row = k * n_in;
                axpy(&mut g1[row..row + n_in], dk, &x);
                axpy(&mut dx, dk, &d.w1[row..row + n_in]);
            }
            // embeddings: AdaGrad now
            let mut upd = |b: u32, at: usize, d: &mut Dense| {
                let r = b as usize * E;
                for k in 0..E {
                    let gk = dx[at + k];
                    se[r + k] += gk * gk;
                    d.emb[r + k] -= lr * gk / (se[r + k].sqrt() + eps);
                }
            };
            for p in 0..NPOS {
                let j = i as isize + p as isize - WIN as isize;
                let base = p * pw + dims + 1;
                match if j < 0 { None } else { sent.get(j as usize) } {
                    Some(t) => {
                        for (k, &b) in t.pos.iter().enumerate() {
                            upd(b, base + k * E, &mut d);
                        }
                    }
                    None => {
                        let side = if j < 0 { 0 } else { 1 };
                        for k in 0..POS_FEATS {
                            upd(bucket(PAD + side, 20 + k as u64), base + k * E, &mut d);
                        }
                    }
                }
            }
            if let Some(t) = sent.get(i) {
                let base = NPOS * pw;
                for (k, &b) in t.center.iter().enumerate() {
                    upd(b, base + k * E, &mut d);
                }
            }
            if (n + 1) % cfg.batch.max(1) == 0 || n + 1 == examples.len() {
                let inv = 1.0 / cfg.batch.max(1) as f32;
                for (w, (g, s)) in d.w1.iter_mut().zip(g1.iter_mut().zip(s1.iter_mut())) {
                    let gv = *g * inv;
                    *s += gv * gv;
                    *w -= lr * gv / (s.sqrt() + eps);
                    *g = 0.0;
                }
                for (w, (g, s)) in d.w2.iter_mut().zip(g2.iter_mut().zip(s2.iter_mut())) {
                    let gv = *g * inv;
                    *s += gv * gv;
                    *w -= lr * gv / (s.sqrt() + eps);
                    *g = 0.0;
                }
                for (w, (g, s)) in d.b1.iter_mut().zip(gb1.iter_mut().zip(sb1.iter_mut())) {
                    let gv = *g * inv;
                    *s += gv * gv;
                    *w -= lr * gv / (s.sqrt() + eps);
                    *g = 0.0;
                }
                for (w, (g, s)) in d.b2.iter_mut().zip(gb2.iter_mut().zip(sb2.iter_mut())) {
                    let gv = *g * inv;
                    *s += gv * gv;
                    *w -= lr * gv / (s.sqrt() + eps);
                    *g = 0.0;
                }
            }
        }
        d.prepare();
        epoch_end(epoch, &d, loss / examples.len().max(1) as f64);
    }
    d
}
