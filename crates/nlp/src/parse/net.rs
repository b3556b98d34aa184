//! A feed-forward network scoring transitions (in the style of Chen and
//! Manning 2014), added to the perceptron's scores.
//!
//! Input: learned embeddings of the word (hashed form), UPOS, XPOS (hashed)
//! and word cluster of 20 positions (s0–s2, b0–b2, the two leftmost and
//! rightmost children of s0 and s1, the leftmost-of-leftmost and
//! rightmost-of-rightmost grandchildren of s0 and s1, the two leftmost
//! children of b0), the relations of the 14 child positions and the
//! distances s0–b0 and s1–s0. One ReLU hidden layer, a softmax over the
//! legal moves. Trained on the states the parser visits with a dynamic
//! oracle (loss: −log of the summed probability of the zero-cost moves),
//! AdaGrad, dropout on the hidden layer, a fixed seed, one thread.
//! At parse time the parser adds `weight` × the log-probabilities to the
//! perceptron's scores when the perceptron's margin is at most `margin`.

use super::features::{dist_bucket, extract, finish, Words};
use super::system::{State, NONE};
use super::{ParseModelError, Reader, Rng};
#[cfg(test)]
use crate::kernels::dot_i16;
use crate::kernels::{axpy, dot, log_softmax as log_softmax_all};

const N_WORD_SLOTS: usize = 20;
const N_LABEL_SLOTS: usize = 14;
/// Features: 4 per word slot, 1 per label slot, 2 distances.
pub(crate) const N_FEATS: usize = N_WORD_SLOTS * 4 + N_LABEL_SLOTS + 2;
const G_LAB: usize = 4;
const G_DIST: usize = 5;
const WORD_BITS: u32 = 15;
const XPOS_BITS: u32 = 9;
/// Rows and width of each embedding group: word, UPOS, XPOS, cluster, label, distance.
const GROUP_ROWS: [usize; 6] = [1 << WORD_BITS, 21, 1 << XPOS_BITS, 1027, 66, 9];
const GROUP_DIMS: [usize; 6] = [32, 8, 8, 8, 8, 8];
/// Number of moves (the output layer).
const N_OUT: usize = 3;

#[inline]
fn group_of(k: usize) -> usize {
    if k < N_WORD_SLOTS * 4 {
        k % 4
    } else if k < N_WORD_SLOTS * 4 + N_LABEL_SLOTS {
        G_LAB
    } else {
        G_DIST
    }
}

/// The network's feature ids (row within the feature's group) for `st`.
pub(crate) fn feature_ids(st: &State, ws: &Words, out: &mut [u32; N_FEATS]) {
    feature_ids_at(st, ws, out, &mut [0; N_WORD_SLOTS]);
}

/// [`feature_ids`], also giving the word of each word slot (`NONE`: none).
pub(crate) fn feature_ids_at(st: &State, ws: &Words, out: &mut [u32; N_FEATS], at: &mut [u32; N_WORD_SLOTS]) {
    let ch = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b0 = st.b(0);
    let s0l = ch(&st.lc1, s0);
    let s0r = ch(&st.rc1, s0);
    let s1l = ch(&st.lc1, s1);
    let s1r = ch(&st.rc1, s1);
    let b0l = ch(&st.lc1, b0);
    let kids = [
        s0l,
        ch(&st.lc2, s0),
        s0r,
        ch(&st.rc2, s0),
        s1l,
        ch(&st.lc2, s1),
        s1r,
        ch(&st.rc2, s1),
        ch(&st.lc1, s0l),
        ch(&st.rc1, s0r),
        ch(&st.lc1, s1l),
        ch(&st.rc1, s1r),
        b0l,
        ch(&st.lc2, b0),
    ];
    let slots: [u32; N_WORD_SLOTS] = [
        s0,
        s1,
        st.s(2),
        b0,
        st.b(1),
        st.b(2),
        kids[0],
        kids[1],
        kids[2],
        kids[3],
        kids[4],
        kids[5],
        kids[6],
        kids[7],
        kids[8],
        kids[9],
        kids[10],
        kids[11],
        kids[12],
        kids[13],
    ];
    *at = slots;
    for (j, &i) in slots.iter().enumerate() {
        let o = &mut out[j * 4..j * 4 + 4];
        if i == NONE {
            o.copy_from_slice(&[0, 0, 0, 1024]);
            continue;
        }
        let iu = i as usize;
        let w = (finish(ws.w[iu]) >> (64 - WORD_BITS)) as u32;
        let p = if i == 0 { 20 } else { ws.p[iu].min(19) as u32 };
        let x = (finish(ws.x[iu] ^ 0x5151) >> (64 - XPOS_BITS)) as u32;
        let c = match ws.c[iu] {
            v if v < 1024 => v as u32,
            super::features::C_NONE => 1025,
            _ => 1026,
        };
        o.copy_from_slice(&[w, p, x, c]);
    }
    let base = N_WORD_SLOTS * 4;
    for (j, &k) in kids.iter().enumerate() {
        out[base + j] = if k == NONE { 0 } else { u32::from(st.labels[k as usize]).min(64) + 1 };
    }
    let db = |a: u32, b: u32| (dist_bucket(a, b).min(8)) as u32;
    out[base + N_LABEL_SLOTS] = db(s0, b0);
    out[base + N_LABEL_SLOTS + 1] = db(s1, s0);
}

/// The network.
#[derive(Debug, Clone, Default)]
pub(crate) struct Net {
    pub hidden: usize,
    /// Relations of the label head (0: no label head): outputs
    /// `N_OUT..N_OUT + n_labels` are the relation of a left arc (dependent
    /// before head), the next `n_labels` that of a right arc.
    pub n_labels: usize,
    /// Weight of the label head's log-probabilities against the labeler's
    /// scores (0: not used).
    pub label_weight: f32,
    /// The labeler's margin (best − second score) up to which the label
    /// head is asked.
    pub label_margin: f32,
    /// Weight of the log-probabilities (perceptron score units).
    pub weight: f32,
    /// Perceptron margin up to which the network is asked.
    pub margin: f32,
    /// All groups' embeddings, group after group (`GROUP_ROWS × GROUP_DIMS`).
    pub emb: Vec<f32>,
    /// `hidden × n_in`.
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    /// `n_out × hidden`.
    pub w2: Vec<f32>,
    pub b2: Vec<f32>,
    /// For parsing ([`Net::prepare`]): embeddings as i8 (one scale per
    /// group), hidden rows as i16 with the input scales folded in.
    emb_q: Vec<i8>,
    w1_q: Vec<i16>,
    w1_scale: Vec<f32>,
    /// `w1_q`'s columns of each word slot ([`Net::log_probs_at`]).
    slot_w: Vec<Vec<i16>>,
    /// The distance features' shares of the hidden sums.
    dist_tab: Vec<i32>,
    lay: Layout,
}

impl Default for Layout {
    fn default() -> Layout {
        layout()
    }
}

/// Widest word slot input (word, UPOS, XPOS, cluster, relation).
const SLOT_MAX: usize = 64;

/// Where each group starts in `emb`, and each feature in the input.
#[derive(Debug, Clone, Copy)]
struct Layout {
    group_off: [usize; 6],
    in_off: [usize; N_FEATS + 1],
}

fn layout() -> Layout {
    let mut group_off = [0usize; 6];
    for g in 1..6 {
        group_off[g] = group_off[g - 1] + GROUP_ROWS[g - 1] * GROUP_DIMS[g - 1];
    }
    let mut in_off = [0usize; N_FEATS + 1];
    for k in 0..N_FEATS {
        in_off[k + 1] = in_off[k] + GROUP_DIMS[group_of(k)];
    }
    Layout { group_off, in_off }
}

fn n_emb() -> usize {
    GROUP_ROWS.iter().zip(GROUP_DIMS).map(|(r, d)| r * d).sum()
}

pub(crate) fn n_in() -> usize {
    layout().in_off[N_FEATS]
}

/// Scratch of one forward pass.
pub(crate) struct NetScratch {
    h: Vec<f32>,
    /// Per word slot and word (`0..=n`, then `n + 1` for none): the slot's
    /// share of the hidden layer's sums, once `valid`.
    cache: Vec<i32>,
    valid: Vec<bool>,
    /// Words of the sentence + 2.
    width: usize,
    acc: Vec<i32>,
    at: [u32; N_WORD_SLOTS],
    ids: [u32; N_FEATS],
}

impl Default for NetScratch {
    fn default() -> NetScratch {
        NetScratch {
            h: Vec::new(),
            cache: Vec::new(),
            valid: Vec::new(),
            width: 0,
            acc: Vec::new(),
            at: [NONE; N_WORD_SLOTS],
            ids: [0; N_FEATS],
        }
    }
}

impl Net {
    /// Log-probabilities of the legal moves (others: −∞) by the quantised
    /// network, without the slot cache (the reference for [`Net::log_probs_at`]).
    #[cfg(test)]
    pub fn log_probs(&self, ids: &[u32; N_FEATS], legal: [bool; N_OUT], sc: &mut NetScratch) -> [f32; N_OUT] {
        let lay = layout();
        let n_in = lay.in_off[N_FEATS];
        let NetScratch { h, .. } = sc;
        let xq = &mut Vec::new();
        xq.clear();
        xq.resize(n_in, 0);
        for (k, &id) in ids.iter().enumerate() {
            let g = group_of(k);
            let d = GROUP_DIMS[g];
            let r = lay.group_off[g] + (id as usize).min(GROUP_ROWS[g] - 1) * d;
            let at = lay.in_off[k];
            if let (Some(src), Some(dst)) = (self.emb_q.get(r..r + d), xq.get_mut(at..at + d)) {
                for (o, &v) in dst.iter_mut().zip(src) {
                    *o = i16::from(v);
                }
            }
        }
        h.clear();
        for ((row, &s), &b) in self.w1_q.chunks_exact(n_in).zip(&self.w1_scale).zip(&self.b1) {
            h.push((dot_i16(row, xq) as f32 * s + b).max(0.0));
        }
        let mut z = [0f32; N_OUT];
        for (m, (row, &b)) in self.w2.chunks_exact(self.hidden).zip(&self.b2).take(N_OUT).enumerate() {
            z[m] = dot(row, h) + b;
        }
        log_softmax(&mut z, legal);
        z
    }

    /// Outputs.
    fn n_out(&self) -> usize {
        N_OUT + 2 * self.n_labels
    }

    /// Log-probabilities of the relations of a left or right arc made
    /// from the state of the last [`Net::log_probs`] (by `sc`), into `out`.
    pub fn label_log_probs(&self, left: bool, sc: &NetScratch, out: &mut Vec<f32>) {
        out.clear();
        let nl = self.n_labels;
        let first = N_OUT + if left { 0 } else { nl };
        let h = self.hidden;
        for m in first..first + nl {
            let (Some(row), Some(&b)) = (self.w2.get(m * h..(m + 1) * h), self.b2.get(m)) else { break };
            out.push(dot(row, &sc.h) + b);
        }
        log_softmax_all(out);
    }

    /// Starts a sentence of `n` words: clears the slot cache.
    pub fn begin(&self, n: usize, sc: &mut NetScratch) {
        sc.width = n + 2;
        let cells = N_WORD_SLOTS * sc.width;
        sc.valid.clear();
        sc.valid.resize(cells, false);
        if sc.cache.len() < cells * self.hidden {
            sc.cache.resize(cells * self.hidden, 0);
        }
    }

    /// [`Net::log_probs`] for `st` with the slot cache of the sentence
    /// ([`Net::begin`]): each word slot's share of the hidden sums is
    /// computed once per word (it depends on the word and, for a child
    /// slot, its fixed relation), the distances' from a table. Same
    /// results as [`Net::log_probs`] (integer sums).
    pub fn log_probs_at(
        &self,
        st: &State,
        ws: &Words,
        legal: [bool; N_OUT],
        sc: &mut NetScratch,
    ) -> [f32; N_OUT] {
        let hidden = self.hidden;
        let NetScratch { h, cache, valid, width, acc, at, ids, .. } = sc;
        feature_ids_at(st, ws, ids, at);
        acc.clear();
        acc.resize(hidden, 0);
        let lay = &self.lay;
        let mut x = [0i16; SLOT_MAX];
        for (j, &i) in at.iter().enumerate() {
            let pos = if i == NONE { *width - 1 } else { (i as usize).min(*width - 2) };
            let cell = j * *width + pos;
            let part = &mut cache[cell * hidden..(cell + 1) * hidden];
            if !valid[cell] {
                let sw = &self.slot_w[j];
                let mut o = 0;
                let mut put = |k: usize, x: &mut [i16; SLOT_MAX]| {
                    let g = group_of(k);
                    let d = GROUP_DIMS[g];
                    let r = lay.group_off[g] + (ids[k] as usize).min(GROUP_ROWS[g] - 1) * d;
                    for (t, &v) in self.emb_q[r..r + d].iter().enumerate() {
                        x[o + t] = i16::from(v);
                    }
                    o += d;
                };
                for k in j * 4..j * 4 + 4 {
                    put(k, &mut x);
                }
                if j >= N_WORD_SLOTS - N_LABEL_SLOTS {
                    put(N_WORD_SLOTS * 4 + j - (N_WORD_SLOTS - N_LABEL_SLOTS), &mut x);
                }
                slot_dots(sw, &x, part);
                valid[cell] = true;
            }
            for (a, &p) in acc.iter_mut().zip(part.iter()) {
                *a += p;
            }
        }
        for (t, k) in (N_FEATS - 2..N_FEATS).enumerate() {
            let id = (ids[k] as usize).min(GROUP_ROWS[G_DIST] - 1);
            let r = (t * GROUP_ROWS[G_DIST] + id) * hidden;
            for (a, &p) in acc.iter_mut().zip(&self.dist_tab[r..r + hidden]) {
                *a += p;
            }
        }
        h.clear();
        h.extend(
            acc.iter().zip(&self.w1_scale).zip(&self.b1).map(|((&a, &s), &b)| (a as f32 * s + b).max(0.0)),
        );
        let mut z = [0f32; N_OUT];
        for (m, (row, &b)) in self.w2.chunks_exact(hidden).zip(&self.b2).take(N_OUT).enumerate() {
            z[m] = dot(row, h) + b;
        }
        log_softmax(&mut z, legal);
        z
    }

    /// The quantised tables of [`Net::log_probs`].
    pub fn prepare(&mut self) {
        let lay = layout();
        let mut scales = [1f32; 6];
        self.emb_q = vec![0; self.emb.len()];
        for g in 0..6 {
            let (a, b) = (lay.group_off[g], lay.group_off[g] + GROUP_ROWS[g] * GROUP_DIMS[g]);
            let Some(part) = self.emb.get(a..b) else { continue };
            let m = part.iter().fold(0f32, |m, &x| m.max(x.abs()));
            scales[g] = if m > 0.0 { m / 127.0 } else { 1.0 };
            for (o, &x) in self.emb_q[a..b].iter_mut().zip(part) {
                *o = (x / scales[g]).round().clamp(-127.0, 127.0) as i8;
            }
        }
        let n_in = lay.in_off[N_FEATS];
        let mut in_scale = vec![1f32; n_in];
        for k in 0..N_FEATS {
            for s in &mut in_scale[lay.in_off[k]..lay.in_off[k + 1]] {
                *s = scales[group_of(k)];
            }
        }
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
        // per word slot: its columns of `w1_q` (word, UPOS, XPOS, cluster,
        // then the relation for a child slot), row after row
        self.slot_w.clear();
        for j in 0..N_WORD_SLOTS {
            let mut cols: Vec<usize> = (lay.in_off[j * 4]..lay.in_off[j * 4 + 4]).collect();
            if j >= N_WORD_SLOTS - N_LABEL_SLOTS {
                let k = N_WORD_SLOTS * 4 + j - (N_WORD_SLOTS - N_LABEL_SLOTS);
                cols.extend(lay.in_off[k]..lay.in_off[k + 1]);
            }
            // padded with zeros to `SLOT_MAX` columns (whole chunks of 16)
            let mut w = Vec::with_capacity(SLOT_MAX * self.hidden);
            for row in self.w1_q.chunks_exact(n_in) {
                w.extend(cols.iter().map(|&c| row[c]));
                w.resize(w.len() + SLOT_MAX - cols.len(), 0);
            }
            self.slot_w.push(w);
        }
        // the distances' shares: per feature and bucket, per hidden unit
        self.dist_tab.clear();
        for k in N_FEATS - 2..N_FEATS {
            for id in 0..GROUP_ROWS[G_DIST] {
                let r = lay.group_off[G_DIST] + id * GROUP_DIMS[G_DIST];
                let e = &self.emb_q[r..r + GROUP_DIMS[G_DIST]];
                for row in self.w1_q.chunks_exact(n_in) {
                    let w = &row[lay.in_off[k]..lay.in_off[k + 1]];
                    self.dist_tab.push(w.iter().zip(e).map(|(&a, &b)| i32::from(a) * i32::from(b)).sum());
                }
            }
        }
    }

    /// A network with random weights (seeded).
    pub fn init(hidden: usize, n_labels: usize, seed: u64) -> Net {
        let mut rng = Rng(seed ^ 0x0123_4567_89AB_CDEF);
        let n_in = n_in();
        let hidden = hidden.max(1);
        let mut u = |a: f32| ((rng.f64() * 2.0 - 1.0) as f32) * a;
        let emb: Vec<f32> = (0..n_emb()).map(|_| u(0.1)).collect();
        let a1 = (6.0 / (n_in + hidden) as f32).sqrt();
        let w1: Vec<f32> = (0..hidden * n_in).map(|_| u(a1)).collect();
        let n_out = N_OUT + 2 * n_labels;
        let a2 = (6.0 / (hidden + N_OUT) as f32).sqrt();
        let w2: Vec<f32> = (0..n_out * hidden).map(|_| u(a2)).collect();
        Net {
            hidden,
            weight: 0.0,
            margin: f32::INFINITY,
            emb,
            w1,
            b1: vec![0.01; hidden],
            w2,
            b2: vec![0.0; n_out],
            n_labels,
            label_weight: 0.0,
            label_margin: f32::INFINITY,
            ..Net::default()
        }
    }

    /// The f32 input vector of `ids`.
    fn input(&self, lay: &Layout, ids: &[u32; N_FEATS], x: &mut Vec<f32>) {
        x.clear();
        x.resize(lay.in_off[N_FEATS], 0.0);
        for (k, &id) in ids.iter().enumerate() {
            let g = group_of(k);
            let d = GROUP_DIMS[g];
            let r = lay.group_off[g] + (id as usize).min(GROUP_ROWS[g] - 1) * d;
            let at = lay.in_off[k];
            x[at..at + d].copy_from_slice(&self.emb[r..r + d]);
        }
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.hidden as u32).to_le_bytes());
        out.extend_from_slice(&(n_in() as u32).to_le_bytes());
        out.extend_from_slice(&(self.n_labels as u32).to_le_bytes());
        out.extend_from_slice(&self.weight.to_le_bytes());
        out.extend_from_slice(&self.margin.to_le_bytes());
        out.extend_from_slice(&self.label_weight.to_le_bytes());
        out.extend_from_slice(&self.label_margin.to_le_bytes());
        // embeddings as i8, one scale per group
        let lay = layout();
        for g in 0..6 {
            let (a, b) = (lay.group_off[g], lay.group_off[g] + GROUP_ROWS[g] * GROUP_DIMS[g]);
            let part = &self.emb[a..b];
            let m = part.iter().fold(0f32, |m, &x| m.max(x.abs()));
            let s = if m > 0.0 { m / 127.0 } else { 1.0 };
            out.extend_from_slice(&s.to_le_bytes());
            out.extend(part.iter().map(|&x| (x / s).round().clamp(-127.0, 127.0) as i8 as u8));
        }
        for t in [&self.w1, &self.b1, &self.w2, &self.b2] {
            let m = t.iter().fold(0f32, |a, &x| a.max(x.abs()));
            let s = if m > 0.0 { m / 32767.0 } else { 1.0 };
            out.extend_from_slice(&s.to_le_bytes());
            for &x in t.iter() {
                out.extend_from_slice(&((x / s).round().clamp(-32767.0, 32767.0) as i16).to_le_bytes());
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Net, ParseModelError> {
        let bad = |m: &str| ParseModelError::Format(m.to_string());
        let hidden = r.u32()? as usize;
        let ni = r.u32()? as usize;
        let n_labels = r.u32()? as usize;
        if hidden == 0 || hidden > 4096 || ni != n_in() || n_labels > 4096 {
            return Err(bad("bad network sizes"));
        }
        let weight = r.f32()?;
        let margin = r.f32()?;
        let label_weight = r.f32()?;
        let label_margin = r.f32()?;
        let n_out = N_OUT + 2 * n_labels;
        let mut emb = Vec::with_capacity(n_emb());
        for g in 0..6 {
            let s = r.f32()?;
            let n = GROUP_ROWS[g] * GROUP_DIMS[g];
            emb.extend(r.take(n)?.iter().map(|&b| f32::from(b as i8) * s));
        }
        let mut tabs = Vec::with_capacity(4);
        for n in [hidden * ni, hidden, n_out * hidden, n_out] {
            let s = r.f32()?;
            tabs.push(r.i16s(n)?.into_iter().map(|v| f32::from(v) * s).collect::<Vec<f32>>());
        }
        let b2 = tabs.pop().unwrap_or_default();
        let w2 = tabs.pop().unwrap_or_default();
        let b1 = tabs.pop().unwrap_or_default();
        let w1 = tabs.pop().unwrap_or_default();
        let mut net = Net {
            hidden,
            n_labels,
            label_weight,
            label_margin,
            weight,
            margin,
            emb,
            w1,
            b1,
            w2,
            b2,
            ..Net::default()
        };
        net.prepare();
        Ok(net)
    }
}

fn log_softmax(z: &mut [f32; N_OUT], legal: [bool; N_OUT]) {
    let m = z.iter().zip(legal).filter(|(_, l)| *l).map(|(v, _)| *v).fold(f32::NEG_INFINITY, f32::max);
    let s: f32 = z.iter().zip(legal).filter(|(_, l)| *l).map(|(v, _)| (v - m).exp()).sum();
    let lz = m + s.ln();
    for (v, l) in z.iter_mut().zip(legal) {
        *v = if l { *v - lz } else { f32::NEG_INFINITY };
    }
}

/// `out[r] = w[r] · x` for the `SLOT_MAX`-wide rows of `w` (kept out of
/// line: inlined and unrolled, the `pmaddwd` shape is lost).
#[inline(never)]
fn slot_dots(w: &[i16], x: &[i16; SLOT_MAX], out: &mut [i32]) {
    for (o, row) in out.iter_mut().zip(w.chunks_exact(SLOT_MAX)) {
        let mut acc = [0i32; 8];
        for (a, b) in row.chunks_exact(16).zip(x.chunks_exact(16)) {
            for k in 0..8 {
                acc[k] += i32::from(a[2 * k]) * i32::from(b[2 * k])
                    + i32::from(a[2 * k + 1]) * i32::from(b[2 * k + 1]);
            }
        }
        *o = acc.iter().sum();
    }
}

/// Training state: gradients, AdaGrad sums, buffers.
pub(crate) struct Trainer {
    lay: Layout,
    pub lr: f32,
    pub dropout: f32,
    pub batch: usize,
    g1: Vec<f32>,
    gb1: Vec<f32>,
    g2: Vec<f32>,
    gb2: Vec<f32>,
    s1: Vec<f32>,
    sb1: Vec<f32>,
    s2: Vec<f32>,
    sb2: Vec<f32>,
    se: Vec<f32>,
    x: Vec<f32>,
    h: Vec<f32>,
    dh: Vec<f32>,
    dx: Vec<f32>,
    mask: Vec<bool>,
    /// Logits (all outputs) and their gradient.
    z: Vec<f32>,
    pending: usize,
}

impl Trainer {
    pub fn new(net: &Net, lr: f32, dropout: f32, batch: usize) -> Trainer {
        let hidden = net.hidden;
        let n_in = n_in();
        Trainer {
            lay: layout(),
            lr,
            dropout,
            batch: batch.max(1),
            g1: vec![0.0; net.w1.len()],
            gb1: vec![0.0; hidden],
            g2: vec![0.0; net.w2.len()],
            gb2: vec![0.0; net.n_out()],
            s1: vec![0.0; net.w1.len()],
            sb1: vec![0.0; hidden],
            s2: vec![0.0; net.w2.len()],
            sb2: vec![0.0; net.n_out()],
            z: vec![0.0; net.n_out()],
            se: vec![0.0; net.emb.len()],
            x: vec![0.0; n_in],
            h: vec![0.0; hidden],
            dh: vec![0.0; hidden],
            dx: vec![0.0; n_in],
            mask: vec![false; hidden],
            pending: 0,
        }
    }

    /// f32 forward pass (with the dropout mask when `drop`): logits.
    fn forward(&mut self, net: &Net, ids: &[u32; N_FEATS], drop: bool) {
        net.input(&self.lay, ids, &mut self.x);
        let n_in = self.x.len();
        let keep = if drop { 1.0 / (1.0 - self.dropout) } else { 1.0 };
        for (k, (row, &b)) in net.w1.chunks_exact(n_in).zip(&net.b1).enumerate() {
            self.h[k] = if drop && self.mask[k] { 0.0 } else { (dot(row, &self.x) + b).max(0.0) * keep };
        }
        for (m, (row, &b)) in net.w2.chunks_exact(net.hidden).zip(&net.b2).enumerate() {
            self.z[m] = dot(row, &self.h) + b;
        }
    }

    /// The loss −log Σ_{zero} p (softmax over `legal`) and its gradient,
    /// accumulated (embeddings: into `demb` when given, else updated now by
    /// AdaGrad). Returns the loss and the logits.
    #[allow(clippy::too_many_arguments)]
    pub fn example(
        &mut self,
        net: &mut Net,
        ids: &[u32; N_FEATS],
        legal: [bool; N_OUT],
        zero: [bool; N_OUT],
        label: Option<(bool, usize)>,
        rng: Option<&mut Rng>,
        demb: Option<&mut Vec<f32>>,
    ) -> (f32, [f32; N_OUT]) {
        let drop = match rng {
            Some(rng) if self.dropout > 0.0 => {
                for m in self.mask.iter_mut() {
                    *m = (rng.f64() as f32) < self.dropout;
                }
                true
            }
            _ => false,
        };
        self.forward(net, ids, drop);
        let mut logits = [0f32; N_OUT];
        logits.copy_from_slice(&self.z[..N_OUT]);
        let mut lp = logits;
        log_softmax(&mut lp, legal);
        let lz = lp.iter().zip(zero).filter(|(_, z)| *z).map(|(v, _)| (*v).exp()).sum::<f32>();
        if lz <= 0.0 {
            return (0.0, logits);
        }
        let mut loss = -lz.ln();
        let mut dz = std::mem::take(&mut self.z);
        dz.iter_mut().for_each(|v| *v = 0.0);
        for m in 0..N_OUT {
            if legal[m] {
                let p = lp[m].exp();
                dz[m] = p - if zero[m] { p / lz } else { 0.0 };
            }
        }
        if let Some((left, k)) = label.filter(|&(_, k)| k < net.n_labels) {
            let nl = net.n_labels;
            let first = N_OUT + if left { 0 } else { nl };
            let mut block: Vec<f32> = Vec::with_capacity(nl);
            // the forward pass's logits were moved into `dz`: recompute the block
            for m in first..first + nl {
                block.push(dot(&net.w2[m * net.hidden..(m + 1) * net.hidden], &self.h) + net.b2[m]);
            }
            log_softmax_all(&mut block);
            loss -= block[k];
            for (j, &v) in block.iter().enumerate() {
                dz[first + j] = v.exp() - if j == k { 1.0 } else { 0.0 };
            }
        }
        let hidden = net.hidden;
        self.dh.iter_mut().for_each(|v| *v = 0.0);
        for (m, &d) in dz.iter().enumerate() {
            if d == 0.0 {
                continue;
            }
            self.gb2[m] += d;
            let row = m * hidden;
            axpy(&mut self.g2[row..row + hidden], d, &self.h);
            axpy(&mut self.dh, d, &net.w2[row..row + hidden]);
        }
        self.z = dz;
        let keep = if drop { 1.0 / (1.0 - self.dropout) } else { 1.0 };
        let n_in = self.x.len();
        self.dx.iter_mut().for_each(|v| *v = 0.0);
        for k in 0..hidden {
            if self.h[k] <= 0.0 {
                continue;
            }
            let dk = self.dh[k] * keep;
            self.gb1[k] += dk;
            let row = k * n_in;
            axpy(&mut self.g1[row..row + n_in], dk, &self.x);
            axpy(&mut self.dx, dk, &net.w1[row..row + n_in]);
        }
        let lay = &self.lay;
        match demb {
            Some(de) => {
                for (k, &id) in ids.iter().enumerate() {
                    let g = group_of(k);
                    let d = GROUP_DIMS[g];
                    let r = lay.group_off[g] + (id as usize).min(GROUP_ROWS[g] - 1) * d;
                    let at = lay.in_off[k];
                    axpy(&mut de[r..r + d], 1.0, &self.dx[at..at + d]);
                }
            }
            None => {
                let (lr, eps) = (self.lr, 1e-6f32);
                for (k, &id) in ids.iter().enumerate() {
                    let g = group_of(k);
                    let d = GROUP_DIMS[g];
                    let r = lay.group_off[g] + (id as usize).min(GROUP_ROWS[g] - 1) * d;
                    let at = lay.in_off[k];
                    for j in 0..d {
                        let gk = self.dx[at + j];
                        self.se[r + j] += gk * gk;
                        net.emb[r + j] -= lr * gk / (self.se[r + j].sqrt() + eps);
                    }
                }
                self.pending += 1;
                if self.pending >= self.batch {
                    self.step(net);
                }
            }
        }
        (loss, logits)
    }

    /// Applies the accumulated gradients of the dense layers (AdaGrad).
    pub fn step(&mut self, net: &mut Net) {
        if self.pending == 0 {
            return;
        }
        let inv = 1.0 / self.pending as f32;
        let (lr, eps) = (self.lr, 1e-6f32);
        for (w, g, s) in [
            (&mut net.w1, &mut self.g1, &mut self.s1),
            (&mut net.b1, &mut self.gb1, &mut self.sb1),
            (&mut net.w2, &mut self.g2, &mut self.s2),
            (&mut net.b2, &mut self.gb2, &mut self.sb2),
        ] {
            for (w, (g, s)) in w.iter_mut().zip(g.iter_mut().zip(s.iter_mut())) {
                let gv = *g * inv;
                *s += gv * gv;
                *w -= lr * gv / (s.sqrt() + eps);
                *g = 0.0;
            }
        }
        self.pending = 0;
    }

    /// The accumulated gradient of `w1` (for the finite-difference test).
    #[cfg(test)]
    pub fn grad_w1(&self) -> &[f32] {
        &self.g1
    }
}

/// Training settings of the transition network.
#[derive(Debug, Clone)]
pub struct NetTrainConfig {
    /// Hidden units.
    pub hidden: usize,
    /// Passes over the training set.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub lr: f32,
    /// Dropout on the hidden layer.
    pub dropout: f32,
    /// States per update of the dense layers.
    pub batch: usize,
    /// Seed of initialisation, shuffling, dropout and exploration.
    pub seed: u64,
    /// First epoch (0-based) that follows the network's own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction when exploring.
    pub explore_p: f64,
    /// Weights of the log-probabilities tried on the dev set after each
    /// epoch (the best is kept with its epoch).
    pub weights: Vec<f32>,
    /// Pretrained word vectors (`vectors.tsv.gz`) that initialise the word
    /// embeddings (a fixed random projection; none: random initialisation).
    pub vectors: Option<std::path::PathBuf>,
    /// Also learn the relation of each gold arc (a label head).
    pub label_head: bool,
    /// Follow the perceptron's scores plus this weight × the network's
    /// log-probabilities while training (none: the network alone).
    pub follow_weight: Option<f32>,
    /// Weights of the label head tried on the dev set (with the best
    /// transition weight).
    pub label_weights: Vec<f32>,
}

impl Default for NetTrainConfig {
    fn default() -> NetTrainConfig {
        NetTrainConfig {
            hidden: 64,
            epochs: 4,
            lr: 0.02,
            dropout: 0.2,
            batch: 32,
            seed: 7,
            explore_from: 1,
            explore_p: 0.9,
            weights: vec![1000.0, 2000.0, 4000.0, 8000.0, 16000.0],
            vectors: None,
            label_head: false,
            follow_weight: None,
            label_weights: vec![1000.0, 2000.0, 4000.0, 8000.0],
        }
    }
}

impl super::Parser {
    /// Whether the model has a transition network.
    pub fn has_net(&self) -> bool {
        self.net.is_some()
    }

    /// Sets the network's weight (perceptron score units; 0 switches it
    /// off) and the perceptron margin up to which it is asked.
    pub fn set_net(&mut self, weight: f32, margin: f32) {
        if let Some(n) = self.net.as_deref_mut() {
            n.weight = weight;
            n.margin = margin;
        }
    }

    /// Sets the weight of the network's label head (0: not used).
    pub fn set_net_labels(&mut self, weight: f32) {
        if let Some(n) = self.net.as_deref_mut() {
            n.label_weight = if n.n_labels > 0 { weight } else { 0.0 };
        }
    }

    /// Sets the labeler's margin up to which the label head is asked.
    pub fn set_net_label_margin(&mut self, margin: f32) {
        if let Some(n) = self.net.as_deref_mut() {
            n.label_margin = margin;
        }
    }

    /// The label head's weight and margin (none without a network).
    pub fn net_label_settings(&self) -> Option<(f32, f32)> {
        self.net.as_deref().map(|n| (n.label_weight, n.label_margin))
    }

    /// The network's weight and margin (none without a network).
    pub fn net_settings(&self) -> Option<(f32, f32)> {
        self.net.as_deref().map(|n| (n.weight, n.margin))
    }

    /// Trains a transition network for this (trained) perceptron parser on
    /// `train` (reproducibly). After each epoch the weights of `cfg` are
    /// tried on `dev` (no margin); the best epoch and weight are kept
    /// (without `dev`: the last epoch, the first weight).
    pub fn train_net(
        &mut self,
        train: &[super::ParseExample],
        dev: &[super::ParseExample],
        cfg: &NetTrainConfig,
        log: &mut dyn FnMut(&str),
    ) {
        use super::system::MOVES;
        let label_ids: std::collections::HashMap<&str, u16> =
            self.labels.iter().enumerate().map(|(i, l)| (l.as_ref(), (i + 1) as u16)).collect();
        let golds: Vec<Option<(Vec<u32>, Vec<u16>)>> =
            train.iter().map(|ex| super::gold_tree(ex, &label_ids)).collect();
        let nl = if cfg.label_head { self.labels.len() } else { 0 };
        let mut net = Net::init(cfg.hidden, nl, cfg.seed);
        if let Some(path) = &cfg.vectors {
            let mut forms = Vec::new();
            match crate::tag::read_vectors_file(path, &mut |form, row| {
                forms.push((form.to_string(), usize::from(row)))
            }) {
                Ok(v) => {
                    let n = net.init_words(train, &forms, v.dims, &v.data, cfg.seed);
                    log(&format!("word embeddings: {n} rows from {} pretrained forms", forms.len()));
                }
                Err(e) => log(&format!("no pretrained vectors: {e}")),
            }
        }
        let mut tr = Trainer::new(&net, cfg.lr, cfg.dropout, cfg.batch);
        let mut rng = Rng(cfg.seed ^ 0x7A3D_9E11_C0FF_EE00);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut feats = Vec::with_capacity(256);
        let mut ids = [0u32; N_FEATS];
        let mut best: Option<(f64, Net)> = None;
        self.net = None;
        for epoch in 0..cfg.epochs.max(1) {
            for i in (1..order.len()).rev() {
                let j = rng.below(i + 1);
                order.swap(i, j);
            }
            let explore = epoch >= cfg.explore_from;
            let (mut states, mut errors, mut loss) = (0usize, 0usize, 0f64);
            for &idx in &order {
                let Some((gh, gl)) = &golds[idx] else { continue };
                let ex = &train[idx];
                let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                let xpos: Vec<&str> = ex.xpos.iter().map(String::as_str).collect();
                let ws = Words::new(&words, &ex.upos, &xpos, &self.amb, &self.clusters);
                let mut st = State::new(words.len());
                while !st.is_terminal() {
                    let legal = MOVES.map(|m| st.is_legal(m));
                    // the relation the gold arc from this state would get
                    let s0 = st.s(0);
                    let target = if nl == 0 || s0 == NONE || s0 == 0 || gh[s0 as usize] == 0 {
                        None
                    } else {
                        let h = gh[s0 as usize];
                        let arc = (legal[1] && h == st.buf) || (legal[2] && h == st.s(1));
                        let fixed = self.label_is_fixed(&ws, h, s0);
                        let g = gl[s0 as usize];
                        (arc && !fixed && g > 0).then(|| (s0 < h, usize::from(g) - 1))
                    };
                    let costs = MOVES.map(|m| if st.is_legal(m) { st.cost(m, gh) } else { u32::MAX });
                    let min = costs.iter().copied().min().unwrap_or(u32::MAX);
                    if min == u32::MAX {
                        break;
                    }
                    let zero = costs.map(|c| c == min);
                    let follow = if legal.iter().filter(|l| **l).count() == 1 {
                        if target.is_some() {
                            feature_ids(&st, &ws, &mut ids);
                            tr.example(&mut net, &ids, legal, zero, target, Some(&mut rng), None);
                        }
                        MOVES[legal.iter().position(|l| *l).unwrap_or(0)]
                    } else {
                        feature_ids(&st, &ws, &mut ids);
                        let (l, z) = tr.example(&mut net, &ids, legal, zero, target, Some(&mut rng), None);
                        states += 1;
                        loss += f64::from(l);
                        let mut z = z;
                        if let Some(fw) = cfg.follow_weight {
                            // follow the combination with the perceptron
                            extract(&st, &ws, &mut feats);
                            let ps = self.trans_scores(&feats);
                            log_softmax(&mut z, legal);
                            for m in 0..N_OUT {
                                z[m] = if legal[m] { ps[m] as f32 + fw * z[m] } else { f32::NEG_INFINITY };
                            }
                        }
                        let mut pred = 0usize;
                        let mut gbest: Option<usize> = None;
                        for m in 0..N_OUT {
                            if legal[m] && (!legal[pred] || z[m] > z[pred]) {
                                pred = m;
                            }
                            if zero[m] && gbest.is_none_or(|g| z[m] > z[g]) {
                                gbest = Some(m);
                            }
                        }
                        let g = gbest.unwrap_or(pred);
                        if zero[pred] {
                            MOVES[pred]
                        } else {
                            errors += 1;
                            if explore && rng.f64() < cfg.explore_p {
                                MOVES[pred]
                            } else {
                                MOVES[g]
                            }
                        }
                    };
                    let label = match st.arc(follow) {
                        Some((h, d)) if gh[d as usize] == h => gl[d as usize],
                        Some((h, d)) => {
                            extract(&st, &ws, &mut feats);
                            self.predict_label(&st, &ws, &mut feats, h, d, None)
                        }
                        None => 0,
                    };
                    st.apply(follow, label);
                }
            }
            tr.step(&mut net);
            net.prepare();
            let mut line = format!(
                "net epoch {}: loss {:.4}, errors {:.2}% of {states} states",
                epoch + 1,
                loss / states.max(1) as f64,
                100.0 * errors as f64 / states.max(1) as f64
            );
            if dev.is_empty() {
                net.weight = cfg.weights.first().copied().unwrap_or(1.0);
                best = Some((0.0, net.clone()));
            } else {
                self.net = Some(Box::new(net.clone()));
                let mut top: Option<(f64, f32)> = None;
                for &w in &cfg.weights {
                    self.set_net(w, f32::INFINITY);
                    let s = self.evaluate(dev);
                    line.push_str(&format!("; w {w}: UAS {:.2} LAS {:.2}", s.uas, s.las));
                    if top.is_none_or(|(b, _)| s.las > b) {
                        top = Some((s.las, w));
                    }
                }
                let (mut las, w) = top.unwrap_or((0.0, 0.0));
                let mut lw = 0.0;
                if nl > 0 {
                    for &l in &cfg.label_weights {
                        self.set_net(w, f32::INFINITY);
                        self.set_net_labels(l);
                        let s = self.evaluate(dev);
                        line.push_str(&format!("; lw {l}: UAS {:.2} LAS {:.2}", s.uas, s.las));
                        if s.las > las {
                            las = s.las;
                            lw = l;
                        }
                    }
                }
                if best.as_ref().is_none_or(|(b, _)| las > *b) {
                    let mut keep = net.clone();
                    keep.weight = w;
                    keep.label_weight = lw;
                    best = Some((las, keep));
                }
                self.net = None;
            }
            log(&line);
        }
        self.net = best.map(|(_, n)| Box::new(n));
    }
}

impl Net {
    /// Initialises the word embeddings from pretrained vectors through a
    /// fixed random projection: the forms of `train` first (most frequent
    /// first), then the others in file order; a bucket keeps its first form.
    /// Returns the number of rows set.
    fn init_words(
        &mut self,
        train: &[super::ParseExample],
        forms: &[(String, usize)],
        dims: usize,
        rows: &[f32],
        seed: u64,
    ) -> usize {
        use super::features::word_hash;
        let d = GROUP_DIMS[0];
        let mut rng = Rng(seed ^ 0x005E_ED0F_7EC7_0125);
        let a = 0.3f32;
        let proj: Vec<f32> = (0..d * dims).map(|_| ((rng.f64() * 2.0 - 1.0) as f32) * a).collect();
        let row_of: std::collections::HashMap<u64, usize> =
            forms.iter().rev().map(|(f, r)| (word_hash(f), *r)).collect();
        let mut counts: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        for ex in train {
            for w in &ex.words {
                *counts.entry(word_hash(w)).or_default() += 1;
            }
        }
        let mut order: Vec<(usize, u64)> = counts.into_iter().map(|(h, c)| (c, h)).collect();
        order.sort_unstable_by(|x, y| y.cmp(x));
        let mut keys: Vec<u64> = order.into_iter().map(|(_, h)| h).collect();
        keys.extend(forms.iter().map(|(f, _)| word_hash(f)));
        let mut done = vec![false; GROUP_ROWS[0]];
        let mut n = 0;
        for h in keys {
            let Some(&r) = row_of.get(&h) else { continue };
            let b = (finish(h) >> (64 - WORD_BITS)) as usize;
            if done[b] {
                continue;
            }
            done[b] = true;
            let Some(v) = rows.get(r * dims..(r + 1) * dims) else { continue };
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
            for k in 0..d {
                self.emb[b * d + k] = dot(&proj[k * dims..(k + 1) * dims], v) / norm;
            }
            n += 1;
        }
        n
    }
}
