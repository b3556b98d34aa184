//! A small bidirectional LSTM over the whole sentence, combined with the
//! perceptrons' scores (like the window network) on the words they are
//! unsure of.
//!
//! Input of word `t`: the window network's view of the word alone (its
//! pretrained vector, the "no vector" flag and the learned embeddings of its
//! affixes, shape, casing, ambiguity class and identity, taken frozen from
//! the window network), projected to `p` units (ReLU). A forward and a
//! backward LSTM of `h` units each run over the projections; the class
//! scores of word `t` read both LSTM states and the projection (log-softmax
//! over the joint classes). Trained with Adam on mini-batches of sentences,
//! dropout on the projection and on the LSTM states, a fixed seed and one
//! thread (byte-for-byte reproducible). The whole sentence is run only when
//! one of its words is asked about, and the output layer only for the words
//! asked about.

use super::dense::{token_buckets, uniform, DTok, Dense, E, EMB_BITS};
use super::hash::Rng;
use super::io::{Reader, Writer};
use super::ModelError;
use crate::kernels::{axpy, dot, dot_i16, log_softmax};

/// Where each tensor sits in the flat parameter vector.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    pub n_in: usize,
    pub p: usize,
    pub h: usize,
    pub nc: usize,
    a: usize,
    ab: usize,
    wx: [usize; 2],
    wh: [usize; 2],
    b: [usize; 2],
    wo: usize,
    bo: usize,
    pub total: usize,
}

impl Layout {
    pub fn new(n_in: usize, p: usize, h: usize, nc: usize) -> Layout {
        let mut o = 0usize;
        let mut take = |n: usize| {
            let s = o;
            o += n;
            s
        };
        let a = take(p * n_in);
        let ab = take(p);
        let wx0 = take(4 * h * p);
        let wh0 = take(4 * h * h);
        let b0 = take(4 * h);
        let wx1 = take(4 * h * p);
        let wh1 = take(4 * h * h);
        let b1 = take(4 * h);
        let wo = take(nc * (2 * h + p));
        let bo = take(nc);
        Layout { n_in, p, h, nc, a, ab, wx: [wx0, wx1], wh: [wh0, wh1], b: [b0, b1], wo, bo, total: o }
    }

    /// The tensors in file order: (offset, length).
    fn tensors(&self) -> [(usize, usize); 10] {
        let (p, h, n_in, nc) = (self.p, self.h, self.n_in, self.nc);
        [
            (self.a, p * n_in),
            (self.ab, p),
            (self.wx[0], 4 * h * p),
            (self.wh[0], 4 * h * h),
            (self.b[0], 4 * h),
            (self.wx[1], 4 * h * p),
            (self.wh[1], 4 * h * h),
            (self.b[1], 4 * h),
            (self.wo, nc * (2 * h + p)),
            (self.bo, nc),
        ]
    }
}

/// The network.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lstm {
    pub lay: Layout,
    pub params: Vec<f32>,
    /// Its own copy of the window network's embedding table, fine-tuned
    /// (empty: the window network's, frozen).
    pub emb: Vec<f32>,
    /// Weight of the log-probabilities in the second pass.
    pub weight: f32,
    /// First-pass margin (weight units) up to which it is asked.
    pub margin: f32,
    /// Weight of the log-probabilities in the first pass (0: none).
    pub first_weight: f32,
    /// For tagging (not stored; [`Lstm::prepare`]).
    q: Quant,
}

/// The integer tables of the tagging-time forward pass: embeddings as i8
/// with one scale; weight rows as 13-bit i16 with a scale each (the input
/// scales folded into the projection's); activations go in as 12-bit i16,
/// so every sum is exact in i32.
#[derive(Debug, Clone, Default)]
struct Quant {
    emb: Vec<i8>,
    a: Vec<i16>,
    a_s: Vec<f32>,
    wx: [Vec<i16>; 2],
    wx_s: [Vec<f32>; 2],
    wh: [Vec<i16>; 2],
    wh_s: [Vec<f32>; 2],
}

/// Rows of `w` (`cols` wide) as 13-bit integers with one scale per row,
/// after multiplying each column by `col_scale` (none: 1).
fn quant_rows(w: &[f32], cols: usize, col_scale: Option<&[f32]>) -> (Vec<i16>, Vec<f32>) {
    let (mut q, mut sc) = (Vec::with_capacity(w.len()), Vec::new());
    let mut row = vec![0f32; cols];
    for r in w.chunks_exact(cols) {
        for (k, (o, &v)) in row.iter_mut().zip(r).enumerate() {
            *o = v * col_scale.and_then(|c| c.get(k)).copied().unwrap_or(1.0);
        }
        let m = row.iter().fold(0f32, |a, &x| a.max(x.abs()));
        let s = if m > 0.0 { m / 8191.0 } else { 1.0 };
        q.extend(row.iter().map(|&x| (x / s).round().clamp(-8191.0, 8191.0) as i16));
        sc.push(s);
    }
    (q, sc)
}

/// Activation scale: 12 bits.
const ACT: f32 = 2047.0;

/// Rounds to the nearest integer by a truncating cast (vectorises on plain
/// x86-64, where `f32::round` is a library call).
#[inline]
fn round_i16(v: f32) -> i16 {
    (v + 0.5f32.copysign(v)) as i16
}

/// `v` through the LSTM gate nonlinearities: sigmoid on i, f, o, tanh on g.
#[inline]
fn gate_activations(z: &mut [f32], h: usize) {
    let (ifg, rest) = z.split_at_mut(2 * h);
    let (g, o) = rest.split_at_mut(h);
    for v in ifg.iter_mut().chain(o.iter_mut()) {
        *v = sigmoid(*v);
    }
    for v in g.iter_mut() {
        *v = tanh(*v);
    }
}

/// Activations of one sentence (kept for backpropagation when training).
#[derive(Default, Debug, Clone)]
pub(crate) struct Acts {
    /// `T × n_in` inputs.
    x: Vec<f32>,
    /// `T × p` projections before the ReLU.
    pre: Vec<f32>,
    /// `T × p` projections after ReLU and dropout.
    p: Vec<f32>,
    /// Dropout multipliers of `p` and of `hs` (empty: none).
    pmask: Vec<f32>,
    hmask: Vec<f32>,
    /// Per direction: `T × 4h` gates (i, f, g, o after their
    /// nonlinearities), `T × h` cells, their tanh and the states.
    gates: [Vec<f32>; 2],
    c: [Vec<f32>; 2],
    tc: [Vec<f32>; 2],
    hh: [Vec<f32>; 2],
    /// `T × 2h` states after dropout (forward then backward).
    hs: Vec<f32>,
    z: Vec<f32>,
    t: usize,
}

/// Buffers of one sentence at tagging time.
#[derive(Default)]
pub(crate) struct LstmScratch {
    pub ready: bool,
    acts: Acts,
    xq: Vec<i16>,
    pq: Vec<i16>,
    psc: Vec<f32>,
    hq: Vec<i16>,
    zx: Vec<f32>,
    cell: Vec<f32>,
    pub have: Vec<bool>,
    pub cache: Vec<f32>,
    pub out: Vec<f32>,
    cat: Vec<f32>,
}

/// tanh by a rational (Padé 7/6) approximation, clamped (error below
/// 1e-4, 1e-6 for |x| < 3); plain arithmetic, so loops over it vectorise.
#[inline]
pub(crate) fn tanh(x: f32) -> f32 {
    let x = x.clamp(-5.0, 5.0);
    let x2 = x * x;
    let num = x * (135_135.0 + x2 * (17_325.0 + x2 * (378.0 + x2)));
    let den = 135_135.0 + x2 * (62_370.0 + x2 * (3_150.0 + x2 * 28.0));
    (num / den).clamp(-1.0, 1.0)
}

#[inline]
pub(crate) fn sigmoid(x: f32) -> f32 {
    0.5 + 0.5 * tanh(0.5 * x)
}

/// `y[r] += w[r] · x` for each row `r` of `w` (`cols` wide).
#[inline]
fn matvec(w: &[f32], cols: usize, x: &[f32], y: &mut [f32]) {
    for (row, v) in w.chunks_exact(cols).zip(y.iter_mut()) {
        *v += dot(row, x);
    }
}

/// `dx += wᵀ dy`.
#[inline]
fn matvec_t(w: &[f32], cols: usize, dy: &[f32], dx: &mut [f32]) {
    for (row, &g) in w.chunks_exact(cols).zip(dy) {
        if g != 0.0 {
            axpy(dx, g, row);
        }
    }
}

/// `gw += dy ⊗ x`.
#[inline]
fn outer(gw: &mut [f32], cols: usize, dy: &[f32], x: &[f32]) {
    for (row, &g) in gw.chunks_exact_mut(cols).zip(dy) {
        if g != 0.0 {
            axpy(row, g, x);
        }
    }
}

impl Lstm {
    fn slice(&self, at: usize, n: usize) -> &[f32] {
        self.params.get(at..at + n).unwrap_or(&[])
    }

    /// Runs the network over a sentence: fills `acts` (no output layer).
    /// `drop`: the dropout rate and the generator (training only).
    pub fn run(&self, dense: &Dense, d: &[DTok], acts: &mut Acts, drop: Option<(f32, &mut Rng)>) {
        let n_in = self.lay.n_in;
        acts.x.clear();
        acts.x.resize(d.len() * n_in, 0.0);
        for (t, tok) in d.iter().enumerate() {
            if let Some(x) = acts.x.get_mut(t * n_in..(t + 1) * n_in) {
                dense.token_input(tok, (!self.emb.is_empty()).then_some(&self.emb[..]), x);
            }
        }
        self.run_inputs(acts, drop);
    }

    /// [`Lstm::run`] on the inputs already in `acts.x`.
    fn run_inputs(&self, acts: &mut Acts, mut drop: Option<(f32, &mut Rng)>) {
        let Layout { n_in, p, h, .. } = self.lay;
        let t_len = acts.x.len() / n_in.max(1);
        acts.t = t_len;
        acts.pre.clear();
        acts.pre.resize(t_len * p, 0.0);
        let a = self.slice(self.lay.a, p * n_in);
        let ab = self.slice(self.lay.ab, p);
        for t in 0..t_len {
            let (x, y) = (&acts.x[t * n_in..(t + 1) * n_in], &mut acts.pre[t * p..(t + 1) * p]);
            y.copy_from_slice(ab);
            matvec(a, n_in, x, y);
        }
        acts.p.clear();
        acts.p.extend(acts.pre.iter().map(|&v| v.max(0.0)));
        acts.pmask.clear();
        acts.hmask.clear();
        if let Some((rate, rng)) = drop.as_mut() {
            let keep = 1.0 / (1.0 - *rate);
            let mut draw = |n: usize, out: &mut Vec<f32>| {
                out.extend((0..n).map(|_| {
                    let u = (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
                    if u < *rate {
                        0.0
                    } else {
                        keep
                    }
                }));
            };
            draw(t_len * p, &mut acts.pmask);
            draw(t_len * 2 * h, &mut acts.hmask);
            for (v, &m) in acts.p.iter_mut().zip(&acts.pmask) {
                *v *= m;
            }
        }
        acts.hs.clear();
        acts.hs.resize(t_len * 2 * h, 0.0);
        acts.z.clear();
        acts.z.resize(4 * h, 0.0);
        for dir in 0..2 {
            let wx = self.slice(self.lay.wx[dir], 4 * h * p);
            let wh = self.slice(self.lay.wh[dir], 4 * h * h);
            let b = self.slice(self.lay.b[dir], 4 * h);
            let (gates, c, tc, hh) =
                (&mut acts.gates[dir], &mut acts.c[dir], &mut acts.tc[dir], &mut acts.hh[dir]);
            gates.clear();
            gates.resize(t_len * 4 * h, 0.0);
            for v in [&mut *c, &mut *tc, &mut *hh] {
                v.clear();
                v.resize(t_len * h, 0.0);
            }
            for step in 0..t_len {
                let t = if dir == 0 { step } else { t_len - 1 - step };
                let z = &mut acts.z;
                z.copy_from_slice(b);
                matvec(wx, p, &acts.p[t * p..(t + 1) * p], z);
                if step > 0 {
                    let prev = if dir == 0 { t - 1 } else { t + 1 };
                    matvec(wh, h, &hh[prev * h..(prev + 1) * h], z);
                }
                let g = &mut gates[t * 4 * h..(t + 1) * 4 * h];
                for k in 0..h {
                    g[k] = sigmoid(z[k]);
                    g[h + k] = sigmoid(z[h + k]);
                    g[2 * h + k] = tanh(z[2 * h + k]);
                    g[3 * h + k] = sigmoid(z[3 * h + k]);
                }
                for k in 0..h {
                    let cp = if step > 0 {
                        let prev = if dir == 0 { t - 1 } else { t + 1 };
                        c[prev * h + k]
                    } else {
                        0.0
                    };
                    let cv = g[h + k] * cp + g[k] * g[2 * h + k];
                    c[t * h + k] = cv;
                    let tv = tanh(cv);
                    tc[t * h + k] = tv;
                    hh[t * h + k] = g[3 * h + k] * tv;
                }
                let hs = &mut acts.hs[t * 2 * h + dir * h..t * 2 * h + (dir + 1) * h];
                hs.copy_from_slice(&hh[t * h..(t + 1) * h]);
                if !acts.hmask.is_empty() {
                    for (v, &m) in hs.iter_mut().zip(&acts.hmask[t * 2 * h + dir * h..]) {
                        *v *= m;
                    }
                }
            }
        }
    }

    /// The output layer's input for word `t`: both states and the projection.
    fn concat(&self, acts: &Acts, t: usize, cat: &mut Vec<f32>) {
        let Layout { p, h, .. } = self.lay;
        cat.clear();
        cat.extend_from_slice(&acts.hs[t * 2 * h..(t + 1) * 2 * h]);
        cat.extend_from_slice(&acts.p[t * p..(t + 1) * p]);
    }

    /// Log-probabilities of word `t` (after [`Lstm::run`]); `prior`: scores
    /// added to the logits first (training against the perceptron).
    pub fn output(
        &self,
        acts: &Acts,
        t: usize,
        cat: &mut Vec<f32>,
        out: &mut Vec<f32>,
        prior: Option<&[f32]>,
    ) {
        let Layout { p, h, nc, .. } = self.lay;
        self.concat(acts, t, cat);
        out.clear();
        out.extend_from_slice(self.slice(self.lay.bo, nc));
        matvec(self.slice(self.lay.wo, nc * (2 * h + p)), 2 * h + p, cat, out);
        if let Some(pr) = prior {
            for (o, &v) in out.iter_mut().zip(pr) {
                *o += v;
            }
        }
        log_softmax(out);
    }

    /// The integer tables of [`Lstm::run_q`] (`dense`: the window network
    /// whose vectors, and embeddings unless the network has its own, it reads).
    pub fn prepare(&mut self, dense: &Dense) {
        let Layout { n_in, p, h, .. } = self.lay;
        let table = if self.emb.is_empty() { &dense.emb } else { &self.emb };
        let m = table.iter().fold(0f32, |a, &x| a.max(x.abs()));
        let es = if m > 0.0 { m / 127.0 } else { 1.0 };
        let mut q = Quant {
            emb: table.iter().map(|&x| (x / es).round().clamp(-127.0, 127.0) as i8).collect(),
            ..Quant::default()
        };
        let dims = dense.vectors.dims;
        let col: Vec<f32> = (0..n_in)
            .map(|k| {
                if k < dims {
                    dense.vectors.scales.get(k).copied().unwrap_or(1.0)
                } else if k == dims {
                    1.0 / 127.0
                } else {
                    es
                }
            })
            .collect();
        (q.a, q.a_s) = quant_rows(self.slice(self.lay.a, p * n_in), n_in, Some(&col));
        for dir in 0..2 {
            (q.wx[dir], q.wx_s[dir]) = quant_rows(self.slice(self.lay.wx[dir], 4 * h * p), p, None);
            (q.wh[dir], q.wh_s[dir]) = quant_rows(self.slice(self.lay.wh[dir], 4 * h * h), h, None);
        }
        self.q = q;
    }

    /// [`Lstm::run`] with the integer tables (tagging; no dropout): fills
    /// the states and projections of `acts`.
    fn run_q(&self, dense: &Dense, d: &[DTok], sc: &mut LstmScratch) {
        let Layout { n_in, p, h, .. } = self.lay;
        let dims = dense.vectors.dims;
        let t_len = d.len();
        let LstmScratch { acts, xq, pq, psc, hq, zx, cell, .. } = sc;
        acts.t = t_len;
        acts.p.clear();
        acts.p.resize(t_len * p, 0.0);
        pq.clear();
        pq.resize(t_len * p, 0);
        psc.clear();
        let ab = self.slice(self.lay.ab, p);
        xq.resize(n_in, 0);
        for (t, tok) in d.iter().enumerate() {
            // the word's inputs as integers
            xq.iter_mut().for_each(|v| *v = 0);
            if tok.row > 0 {
                let r = (tok.row - 1) as usize * dims;
                if let Some(src) = dense.vectors.raw.get(r..r + dims) {
                    for (o, &v) in xq.iter_mut().zip(src) {
                        *o = i16::from(v);
                    }
                }
            } else if let Some(u) = xq.get_mut(dims) {
                *u = 127;
            }
            for (k, b) in token_buckets(tok).enumerate() {
                let (r, at) = (b as usize * E, dims + 1 + k * E);
                if let (Some(src), Some(dst)) = (self.q.emb.get(r..r + E), xq.get_mut(at..at + E)) {
                    for (o, &v) in dst.iter_mut().zip(src) {
                        *o = i16::from(v);
                    }
                }
            }
            let pt = &mut acts.p[t * p..(t + 1) * p];
            for (((o, row), &s), &b) in
                pt.iter_mut().zip(self.q.a.chunks_exact(n_in)).zip(&self.q.a_s).zip(ab)
            {
                *o = (dot_i16(row, xq) as f32 * s + b).max(0.0);
            }
            let m = pt.iter().fold(0f32, |a, &x| a.max(x));
            let s = if m > 0.0 { m / ACT } else { 1.0 };
            let inv = 1.0 / s;
            for (o, &v) in pq[t * p..(t + 1) * p].iter_mut().zip(pt.iter()) {
                *o = round_i16(v * inv);
            }
            psc.push(s);
        }
        acts.hs.clear();
        acts.hs.resize(t_len * 2 * h, 0.0);
        zx.resize(4 * h, 0.0);
        cell.resize(h, 0.0);
        hq.resize(h, 0);
        for dir in 0..2 {
            let b = self.slice(self.lay.b[dir], 4 * h);
            cell.iter_mut().for_each(|v| *v = 0.0);
            hq.iter_mut().for_each(|v| *v = 0);
            for step in 0..t_len {
                let t = if dir == 0 { step } else { t_len - 1 - step };
                let ps = psc.get(t).copied().unwrap_or(1.0);
                let xt = &pq[t * p..(t + 1) * p];
                for (((z, row), &s), &bv) in
                    zx.iter_mut().zip(self.q.wx[dir].chunks_exact(p)).zip(&self.q.wx_s[dir]).zip(b)
                {
                    *z = dot_i16(row, xt) as f32 * (s * ps) + bv;
                }
                if step > 0 {
                    for ((z, row), &s) in
                        zx.iter_mut().zip(self.q.wh[dir].chunks_exact(h)).zip(&self.q.wh_s[dir])
                    {
                        *z += dot_i16(row, hq) as f32 * (s * (1.0 / ACT));
                    }
                }
                gate_activations(zx, h);
                let out = &mut acts.hs[t * 2 * h + dir * h..t * 2 * h + (dir + 1) * h];
                let (ifg, rest) = zx.split_at(2 * h);
                let (ig, fg) = ifg.split_at(h);
                let (gg, og) = rest.split_at(h);
                for ((((c, &i), &f), &g), o) in cell.iter_mut().zip(ig).zip(fg).zip(gg).zip(out.iter_mut()) {
                    *c = f * *c + i * g;
                    *o = *c;
                }
                for (o, &og) in out.iter_mut().zip(og) {
                    *o = og * tanh(*o);
                }
                for (o, &v) in hq.iter_mut().zip(out.iter()) {
                    *o = round_i16(v * ACT);
                }
            }
        }
    }

    /// Log-probabilities of word `i` of the sentence `d` in `sc.out`
    /// (the sentence is run once, each word's output kept).
    pub fn logp(&self, dense: &Dense, d: &[DTok], i: usize, sc: &mut LstmScratch) {
        let nc = self.lay.nc;
        if !sc.ready {
            if self.q.a.is_empty() {
                self.run(dense, d, &mut sc.acts, None);
            } else {
                self.run_q(dense, d, sc);
            }
            sc.have.clear();
            sc.have.resize(d.len(), false);
            sc.cache.clear();
            sc.cache.resize(d.len() * nc, 0.0);
            sc.ready = true;
        }
        if sc.have.get(i).copied().unwrap_or(false) {
            sc.out.clear();
            sc.out.extend_from_slice(&sc.cache[i * nc..(i + 1) * nc]);
            return;
        }
        self.output(&sc.acts, i, &mut sc.cat, &mut sc.out, None);
        if let (Some(dst), Some(hv)) = (sc.cache.get_mut(i * nc..(i + 1) * nc), sc.have.get_mut(i)) {
            dst.copy_from_slice(&sc.out);
            *hv = true;
        }
    }

    /// Adds the gradient of the summed negative log-likelihood of the gold
    /// classes (`None`: not trained on) to `grad`; returns the loss.
    /// `dx`: when given, receives the gradient of the inputs (`T × n_in`);
    /// `prior`: `T × n_classes` scores added to the logits (empty: none).
    pub fn backward(
        &self,
        acts: &Acts,
        gold: &[Option<u8>],
        prior: &[f32],
        grad: &mut [f32],
        mut dx: Option<&mut Vec<f32>>,
    ) -> f64 {
        let Layout { p, h, nc, n_in, .. } = self.lay;
        let t_len = acts.t;
        let width = 2 * h + p;
        let mut loss = 0f64;
        let mut cat = Vec::new();
        let mut out = Vec::new();
        // gradients reaching the states (after dropout) and the projections
        let mut dhs = vec![0f32; t_len * 2 * h];
        let mut dp = vec![0f32; t_len * p];
        let mut dcat = vec![0f32; width];
        let wo = self.slice(self.lay.wo, nc * width);
        for t in 0..t_len {
            let Some(g) = gold.get(t).copied().flatten() else { continue };
            self.output(acts, t, &mut cat, &mut out, prior.get(t * nc..(t + 1) * nc));
            loss -= f64::from(out.get(g as usize).copied().unwrap_or(0.0));
            for v in out.iter_mut() {
                *v = v.exp();
            }
            if let Some(v) = out.get_mut(g as usize) {
                *v -= 1.0;
            }
            axpy(&mut grad[self.lay.bo..self.lay.bo + nc], 1.0, &out);
            outer(&mut grad[self.lay.wo..self.lay.wo + nc * width], width, &out, &cat);
            dcat.iter_mut().for_each(|v| *v = 0.0);
            matvec_t(wo, width, &out, &mut dcat);
            dhs[t * 2 * h..(t + 1) * 2 * h].copy_from_slice(&dcat[..2 * h]);
            axpy(&mut dp[t * p..(t + 1) * p], 1.0, &dcat[2 * h..]);
        }
        if !acts.hmask.is_empty() {
            for (v, &m) in dhs.iter_mut().zip(&acts.hmask) {
                *v *= m;
            }
        }
        let mut dz = vec![0f32; 4 * h];
        let mut dh_next = vec![0f32; h];
        let mut dc_next = vec![0f32; h];
        let mut dh_rec = vec![0f32; h];
        for dir in 0..2 {
            let (gates, c, tc, hh) = (&acts.gates[dir], &acts.c[dir], &acts.tc[dir], &acts.hh[dir]);
            let wx = self.slice(self.lay.wx[dir], 4 * h * p);
            let wh = self.slice(self.lay.wh[dir], 4 * h * h);
            dh_next.iter_mut().for_each(|v| *v = 0.0);
            dc_next.iter_mut().for_each(|v| *v = 0.0);
            // reverse order of the run
            for step in (0..t_len).rev() {
                let t = if dir == 0 { step } else { t_len - 1 - step };
                let prev = if step == 0 {
                    None
                } else if dir == 0 {
                    Some(t - 1)
                } else {
                    Some(t + 1)
                };
                let g = &gates[t * 4 * h..(t + 1) * 4 * h];
                for k in 0..h {
                    let dh = dhs[t * 2 * h + dir * h + k] + dh_next[k];
                    let (ig, fg, gg, og) = (g[k], g[h + k], g[2 * h + k], g[3 * h + k]);
                    let tv = tc[t * h + k];
                    let dc = dh * og * (1.0 - tv * tv) + dc_next[k];
                    let cp = prev.map_or(0.0, |q| c[q * h + k]);
                    dz[k] = dc * gg * ig * (1.0 - ig);
                    dz[h + k] = dc * cp * fg * (1.0 - fg);
                    dz[2 * h + k] = dc * ig * (1.0 - gg * gg);
                    dz[3 * h + k] = dh * tv * og * (1.0 - og);
                    dc_next[k] = dc * fg;
                }
                let bo = self.lay.b[dir];
                axpy(&mut grad[bo..bo + 4 * h], 1.0, &dz);
                let xo = self.lay.wx[dir];
                outer(&mut grad[xo..xo + 4 * h * p], p, &dz, &acts.p[t * p..(t + 1) * p]);
                matvec_t(wx, p, &dz, &mut dp[t * p..(t + 1) * p]);
                dh_rec.iter_mut().for_each(|v| *v = 0.0);
                if let Some(q) = prev {
                    let ho = self.lay.wh[dir];
                    outer(&mut grad[ho..ho + 4 * h * h], h, &dz, &hh[q * h..(q + 1) * h]);
                    matvec_t(wh, h, &dz, &mut dh_rec);
                }
                dh_next.copy_from_slice(&dh_rec);
            }
        }
        // projection: dropout, ReLU, then the weights (the inputs are frozen)
        let mut dpre = vec![0f32; p];
        if let Some(dx) = dx.as_deref_mut() {
            dx.clear();
            dx.resize(t_len * n_in, 0.0);
        }
        let a = self.slice(self.lay.a, p * n_in);
        for t in 0..t_len {
            for k in 0..p {
                let m = if acts.pmask.is_empty() { 1.0 } else { acts.pmask[t * p + k] };
                dpre[k] = if acts.pre[t * p + k] > 0.0 { dp[t * p + k] * m } else { 0.0 };
            }
            axpy(&mut grad[self.lay.ab..self.lay.ab + p], 1.0, &dpre);
            outer(
                &mut grad[self.lay.a..self.lay.a + p * n_in],
                n_in,
                &dpre,
                &acts.x[t * n_in..(t + 1) * n_in],
            );
            if let Some(dx) = dx.as_deref_mut() {
                matvec_t(a, n_in, &dpre, &mut dx[t * n_in..(t + 1) * n_in]);
            }
        }
        loss
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let l = &self.lay;
        w.len(l.n_in);
        w.len(l.p);
        w.len(l.h);
        w.len(l.nc);
        w.f32(self.weight);
        w.f32(self.margin);
        w.f32(self.first_weight);
        for (at, n) in l.tensors() {
            super::dense::write_f32s(w, self.slice(at, n));
        }
        w.u8(u8::from(!self.emb.is_empty()));
        if !self.emb.is_empty() {
            super::dense::write_f32s(w, &self.emb);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>, n_classes: usize, n_in: usize) -> Result<Lstm, ModelError> {
        let fmt = |m: &str| ModelError::Format(m.to_string());
        let (ni, p, h, nc) = (r.len(0)?, r.len(0)?, r.len(0)?, r.len(0)?);
        if ni != n_in || nc != n_classes || p == 0 || p > 1024 || h == 0 || h > 1024 {
            return Err(fmt("bad LSTM sizes"));
        }
        let lay = Layout::new(ni, p, h, nc);
        let weight = r.f32()?;
        let margin = r.f32()?;
        let first_weight = r.f32()?;
        let mut params = vec![0f32; lay.total];
        for (at, n) in lay.tensors() {
            let t = super::dense::read_f32s(r)?;
            if t.len() != n {
                return Err(fmt("bad LSTM tables"));
            }
            params[at..at + n].copy_from_slice(&t);
        }
        let emb = if r.u8()? == 1 {
            let e = super::dense::read_f32s(r)?;
            if e.len() != (1 << EMB_BITS) * E {
                return Err(fmt("bad LSTM embeddings"));
            }
            e
        } else {
            Vec::new()
        };
        Ok(Lstm { lay, params, emb, weight, margin, first_weight, q: Quant::default() })
    }
}

/// Training settings of the sentence network.
#[derive(Debug, Clone)]
pub struct LstmConfig {
    /// Projection units.
    pub proj: usize,
    /// LSTM units per direction.
    pub hidden: usize,
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Adam learning rate.
    pub lr: f32,
    /// Sentences per update.
    pub batch: usize,
    /// Dropout rate on the projections and the LSTM states.
    pub dropout: f32,
    /// Seed of initialisation, shuffling and dropout.
    pub seed: u64,
    /// AdaGrad rate of its own copy of the embeddings (0: the window
    /// network's, frozen).
    pub emb_lr: f32,
    /// Residual training: when > 0, the network is trained on top of
    /// jackknifed first-pass perceptron scores (`FOLDS` folds, trained
    /// with `perceptron`) times this factor, so it learns what the
    /// perceptron misses (the factor is 1 / its weight at tagging).
    pub residual: f32,
    /// The perceptron settings of the residual folds.
    pub perceptron: super::TrainConfig,
}

impl Default for LstmConfig {
    fn default() -> LstmConfig {
        LstmConfig {
            proj: 32,
            hidden: 32,
            epochs: 12,
            lr: 0.002,
            batch: 8,
            dropout: 0.2,
            seed: 0x0b15_7a1e,
            emb_lr: 0.02,
            residual: 0.0,
            perceptron: super::TrainConfig { stack: 0, ..super::TrainConfig::default() },
        }
    }
}

/// A freshly initialised network.
pub(crate) fn init(n_in: usize, nc: usize, cfg: &LstmConfig, rng: &mut Rng) -> Lstm {
    let (p, h) = (cfg.proj.max(1), cfg.hidden.max(1));
    let lay = Layout::new(n_in, p, h, nc);
    let mut params = vec![0f32; lay.total];
    let mut fill = |at: usize, n: usize, a: f32, params: &mut Vec<f32>| {
        for v in &mut params[at..at + n] {
            *v = uniform(rng, a);
        }
    };
    fill(lay.a, p * n_in, (6.0 / (n_in + p) as f32).sqrt(), &mut params);
    for dir in 0..2 {
        fill(lay.wx[dir], 4 * h * p, (6.0 / (p + 4 * h) as f32).sqrt(), &mut params);
        fill(lay.wh[dir], 4 * h * h, (6.0 / (h + 4 * h) as f32).sqrt(), &mut params);
        // forget gate bias 1
        for v in &mut params[lay.b[dir] + h..lay.b[dir] + 2 * h] {
            *v = 1.0;
        }
    }
    fill(lay.wo, nc * (2 * h + p), (6.0 / (2 * h + p + nc) as f32).sqrt(), &mut params);
    for v in &mut params[lay.ab..lay.ab + p] {
        *v = 0.01;
    }
    Lstm { lay, params, emb: Vec::new(), weight: 1.0, margin: 0.0, first_weight: 0.0, q: Quant::default() }
}

/// One training sentence: the network's view of its words and the gold
/// class of each word trained on.
pub(crate) struct Example {
    pub dtoks: Vec<DTok>,
    pub gold: Vec<Option<u8>>,
    /// `T × n_classes` scores added to the logits (empty: none).
    pub prior: Vec<f32>,
}

/// Trains the network; `epoch_end` sees it after each epoch with the mean loss.
pub(crate) fn train(
    dense: &Dense,
    n_classes: usize,
    examples: &mut [Example],
    cfg: &LstmConfig,
    epoch_end: &mut dyn FnMut(usize, &Lstm, f64),
) -> Lstm {
    let mut rng = Rng::new(cfg.seed);
    let mut net = init(dense.token_width(), n_classes, cfg, &mut rng);
    let n = net.params.len();
    let (mut grad, mut m, mut v) = (vec![0f32; n], vec![0f32; n], vec![0f32; n]);
    let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
    let mut step = 0i32;
    let mut acts = Acts::default();
    if cfg.emb_lr > 0.0 {
        net.emb = dense.emb.clone();
    }
    let mut emb_sums = vec![0f32; net.emb.len()];
    let mut dx = Vec::new();
    let (dims, n_in) = (dense.vectors.dims, net.lay.n_in);
    for epoch in 0..cfg.epochs {
        rng.shuffle(examples);
        let (mut loss, mut words) = (0f64, 0usize);
        // the rate falls linearly to a fifth over the epochs
        let decay = 1.0 - 0.8 * epoch as f32 / cfg.epochs.max(1) as f32;
        for batch in examples.chunks(cfg.batch.max(1)) {
            grad.iter_mut().for_each(|g| *g = 0.0);
            let mut nw = 0usize;
            for ex in batch {
                net.run(dense, &ex.dtoks, &mut acts, Some((cfg.dropout, &mut rng)));
                if cfg.emb_lr > 0.0 {
                    loss += net.backward(&acts, &ex.gold, &ex.prior, &mut grad, Some(&mut dx));
                    // AdaGrad on the rows the sentence used
                    for (t, tok) in ex.dtoks.iter().enumerate() {
                        for (k, b) in token_buckets(tok).enumerate() {
                            let (r, at) = (b as usize * E, t * n_in + dims + 1 + k * E);
                            for j in 0..E {
                                let (Some(&g), Some(s), Some(w)) =
                                    (dx.get(at + j), emb_sums.get_mut(r + j), net.emb.get_mut(r + j))
                                else {
                                    continue;
                                };
                                *s += g * g;
                                *w -= cfg.emb_lr * g / (s.sqrt() + 1e-6);
                            }
                        }
                    }
                } else {
                    loss += net.backward(&acts, &ex.gold, &ex.prior, &mut grad, None);
                }
                nw += ex.gold.iter().filter(|g| g.is_some()).count();
            }
            words += nw;
            if nw == 0 {
                continue;
            }
            let inv = 1.0 / nw as f32;
            // clip the gradient norm at 5
            let norm = grad.iter().map(|&g| f64::from(g * inv).powi(2)).sum::<f64>().sqrt() as f32;
            let clip = if norm > 5.0 { 5.0 / norm } else { 1.0 };
            step += 1;
            let (c1, c2) = (1.0 - b1.powi(step), 1.0 - b2.powi(step));
            let lr = cfg.lr * decay * c2.sqrt() / c1;
            for ((w, &g), (mv, vv)) in net.params.iter_mut().zip(&grad).zip(m.iter_mut().zip(v.iter_mut())) {
                let g = g * inv * clip;
                *mv = b1 * *mv + (1.0 - b1) * g;
                *vv = b2 * *vv + (1.0 - b2) * g * g;
                *w -= lr * *mv / (vv.sqrt() + eps);
            }
        }
        epoch_end(epoch, &net, loss / words.max(1) as f64);
    }
    net
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analytic gradient agrees with finite differences.
    #[test]
    fn gradient_matches_finite_differences() {
        let mut rng = Rng::new(7);
        let n_in = 6;
        let cfg = LstmConfig { proj: 5, hidden: 4, ..LstmConfig::default() };
        let mut net = init(n_in, 7, &cfg, &mut rng);
        for w in net.params.iter_mut() {
            *w += uniform(&mut rng, 0.3);
        }
        let t_len = 5;
        let x: Vec<f32> = (0..t_len * n_in).map(|_| uniform(&mut rng, 1.0)).collect();
        let gold = [Some(1u8), None, Some(3), Some(0), Some(6)];
        let mut acts = Acts::default();
        let run = |net: &Lstm, acts: &mut Acts| {
            // the inputs set directly (no window network needed)
            acts.x = x.clone();
            net.run_inputs(acts, None);
        };
        run(&net, &mut acts);
        let mut grad = vec![0f32; net.params.len()];
        net.backward(&acts, &gold, &[], &mut grad, None);
        let loss = |net: &Lstm| {
            let mut a = Acts::default();
            run(net, &mut a);
            let mut g = vec![0f32; net.params.len()];
            net.backward(&a, &gold, &[], &mut g, None)
        };
        let mut worst = 0f64;
        for k in (0..net.params.len()).step_by(3) {
            let w0 = net.params[k];
            let e = 1e-2f32;
            net.params[k] = w0 + e;
            let up = loss(&net);
            net.params[k] = w0 - e;
            let down = loss(&net);
            net.params[k] = w0;
            let fd = (up - down) / (2.0 * f64::from(e));
            let an = f64::from(grad[k]);
            let err = (fd - an).abs() / (fd.abs() + an.abs()).max(1e-2);
            worst = worst.max(err);
        }
        assert!(worst < 2e-2, "worst relative gradient error {worst}");
    }

    #[test]
    fn tanh_is_close() {
        for k in -200..200 {
            let x = k as f32 * 0.07;
            assert!((tanh(x) - x.tanh()).abs() < 1e-4, "{x}");
        }
    }
}
