//! Feature templates in the style of Zhang and Nivre (2011), adapted to the
//! arc-hybrid system, hashed to 64-bit ids (no vocabulary is stored).

use super::system::{State, NONE};
use dateline_doc::Upos;

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xFF51_AFD7_ED55_8CCD;
const K2: u64 = 0xC4CE_B9FE_1A85_EC53;

/// One multiply per value; `finish` does the avalanche.
#[inline]
fn mix(x: u64, v: u64) -> u64 {
    (x.rotate_left(23) ^ v).wrapping_mul(K0)
}

#[inline]
pub(crate) fn finish(mut z: u64) -> u64 {
    z ^= z >> 32;
    z = z.wrapping_mul(K1);
    z ^= z >> 29;
    z
}

/// FNV-1a of a string, then mixed.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    finish(h)
}

/// The per-word attributes the templates read.
pub(crate) struct Words {
    /// Lower-cased form hash; index 0 is the root.
    pub w: Vec<u64>,
    /// UPOS code.
    pub p: Vec<u64>,
    /// XPOS hash.
    pub x: Vec<u64>,
    /// Suffix (last three characters, lower-cased) and shape hash.
    pub sfx: Vec<u64>,
    /// Lexical ambiguity class (UPOS set and most frequent UPOS of the form
    /// in the parser's training data; `A_UNKNOWN` for rare forms).
    pub a: Vec<u64>,
    /// Word cluster (`C_NONE` when the form has none).
    pub c: Vec<u64>,
}

/// Cluster of forms without one.
pub(crate) const C_NONE: u64 = 0xCCCC;

/// Ambiguity class of forms not in the parser's lexicon.
pub(crate) const A_UNKNOWN: u64 = 0x9999;

const W_NONE: u64 = 0x1111;
const P_NONE: u64 = 0x2222;
const L_NONE: u64 = 0x3333;

impl Words {
    pub fn new(words: &[&str], upos: &[Upos], xpos: &[&str], amb: &AmbMap, clusters: &Clusters) -> Words {
        let mut ws = Words::empty();
        ws.fill(words, upos, xpos, amb, clusters);
        ws
    }

    /// No words (fill it with [`Words::fill`]).
    pub fn empty() -> Words {
        Words { w: Vec::new(), p: Vec::new(), x: Vec::new(), sfx: Vec::new(), a: Vec::new(), c: Vec::new() }
    }

    /// The attributes of `words`, in place of the ones held (buffers reused).
    pub fn fill(&mut self, words: &[&str], upos: &[Upos], xpos: &[&str], amb: &AmbMap, clusters: &Clusters) {
        let Words { w, p, x, sfx, a, c } = self;
        for v in [&mut *w, &mut *p, &mut *x, &mut *sfx, &mut *a, &mut *c] {
            v.clear();
            v.reserve(words.len() + 1);
        }
        a.push(0xAAAA);
        c.push(0xCCC0);
        w.push(0x5555);
        p.push(0x6666);
        x.push(0x7777);
        sfx.push(0x8888);
        for (i, &word) in words.iter().enumerate() {
            let cut = word.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
            let first = word.chars().next();
            let shape = u64::from(first.is_some_and(char::is_uppercase))
                | u64::from(word.bytes().any(|b| b.is_ascii_digit())) << 1
                | u64::from(word.contains('-')) << 2
                | u64::from(first.is_some_and(|c| !c.is_alphanumeric())) << 3;
            sfx.push(hash_str(&word[cut..]) ^ shape.wrapping_mul(0x9E37_79B9));
            let wh = hash_str(norm_word(word).as_ref());
            w.push(wh);
            a.push(amb.get(&wh).map_or(A_UNKNOWN, |&c| u64::from(c)));
            let key = (wh >> 32) as u32;
            c.push(clusters.get(key).map_or(C_NONE, u64::from));
            p.push(upos.get(i).map_or(99, |u| u.index() as u64 + 1));
            x.push(hash_str(xpos.get(i).copied().unwrap_or("")) ^ 0xABCD);
        }
    }
}

/// Form hash (as in `Words::w`) → ambiguity class.
pub(crate) type AmbMap = std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<KeyHasher>>;

/// The keys are hashes already: use them as they are.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K0);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// The form hash `Words` uses (lower-cased, digits as `0`).
pub(crate) fn word_hash(s: &str) -> u64 {
    hash_str(norm_word(s).as_ref())
}

/// Word clusters: sorted keys (upper halves of `word_hash`), their
/// clusters, and where each run of keys with the same top 16 bits starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    pub keys: Vec<u32>,
    pub vals: Vec<u16>,
    starts: Vec<u32>,
}

impl Clusters {
    /// `keys` sorted ascending, one value per key.
    pub fn new(keys: Vec<u32>, vals: Vec<u16>) -> Clusters {
        let mut starts = vec![0u32; (1 << 16) + 1];
        for &k in &keys {
            starts[(k >> 16) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Clusters { keys, vals, starts }
    }

    /// The cluster of a key.
    #[inline]
    pub fn get(&self, key: u32) -> Option<u16> {
        let b = (key >> 16) as usize;
        let (lo, hi) = (*self.starts.get(b)? as usize, *self.starts.get(b + 1)? as usize);
        let run = self.keys.get(lo..hi)?;
        let i = run.iter().position(|&k| k == key)?;
        self.vals.get(lo + i).copied()
    }
}

/// Digits become `0`, so "1,500" and "2,400" share weights.
fn norm_word(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_digit()) {
        std::borrow::Cow::Owned(s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

pub(crate) fn dist_bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => u64::from(d),
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// The transition features (index ranges into `extract`'s output) that the
/// labeler also reads.
pub(crate) const LABEL_FEATS: &[(usize, usize)] = &[(0, usize::MAX)];

/// Appends the feature ids of `st` to `out` (cleared first).
pub(crate) fn extract(st: &State, ws: &Words, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| if i == NONE { W_NONE } else { ws.w[i as usize] };
    let p = |i: u32| if i == NONE { P_NONE } else { ws.p[i as usize] };
    let x = |i: u32| if i == NONE { P_NONE } else { ws.x[i as usize] };
    let l = |i: u32| if i == NONE { L_NONE } else { u64::from(st.labels[i as usize]) };
    let ch = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let val = |v: &Vec<u8>, i: u32| if i == NONE { 255 } else { u64::from(v[i as usize]) };
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 << 63 } else { v[i as usize] };

    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.b(0);
    let b1 = st.b(1);
    let b2 = st.b(2);
    let s0l = ch(&st.lc1, s0);
    let s0l2 = ch(&st.lc2, s0);
    let s0r = ch(&st.rc1, s0);
    let s0r2 = ch(&st.rc2, s0);
    let s1l = ch(&st.lc1, s1);
    let s1l2 = ch(&st.lc2, s1);
    let s1r = ch(&st.rc1, s1);
    let s1r2 = ch(&st.rc2, s1);
    let b0l = ch(&st.lc1, b0);
    let b0l2 = ch(&st.lc2, b0);
    let s0ll = ch(&st.lc1, s0l);
    let s0rr = ch(&st.rc1, s0r);
    let s1rr = ch(&st.rc1, s1r);
    let b0ll = ch(&st.lc1, b0l);

    let mut t: u64 = 0;
    let mut f = |vals: &[u64]| {
        t += 1;
        let mut z = t.wrapping_mul(K2);
        for &v in vals {
            z = mix(z, v);
        }
        out.push(finish(z));
    };

    // unigrams
    let (s0w, s0x, s0p) = (w(s0), x(s0), p(s0));
    let (s1w, s1x, s1p) = (w(s1), x(s1), p(s1));
    let (b0w, b0x, b0p) = (w(b0), x(b0), p(b0));
    let (b1w, b1x) = (w(b1), x(b1));
    let (b2w, b2x) = (w(b2), x(b2));
    let (s2w, s2x) = (w(s2), x(s2));
    f(&[s0w]);
    f(&[s0x]);
    f(&[s0w, s0x]);
    f(&[s0p]);
    f(&[s1w]);
    f(&[s1x]);
    f(&[s1w, s1x]);
    f(&[s1p]);
    f(&[b0w]);
    f(&[b0x]);
    f(&[b0w, b0x]);
    f(&[b0p]);
    f(&[b1w]);
    f(&[b1x]);
    f(&[b1w, b1x]);
    f(&[b2w]);
    f(&[b2x]);
    f(&[s2w]);
    f(&[s2x]);
    // pairs s0 b0
    f(&[s0w, s0x, b0w, b0x]);
    f(&[s0w, s0x, b0w]);
    f(&[s0w, s0x, b0x]);
    f(&[s0w, b0w, b0x]);
    f(&[s0x, b0w, b0x]);
    f(&[s0w, b0w]);
    f(&[s0x, b0x]);
    f(&[s0p, b0p]);
    f(&[b0x, b1x]);
    // pairs s1 s0
    f(&[s1w, s1x, s0w, s0x]);
    f(&[s1w, s1x, s0w]);
    f(&[s1w, s1x, s0x]);
    f(&[s1w, s0w, s0x]);
    f(&[s1x, s0w, s0x]);
    f(&[s1w, s0w]);
    f(&[s1x, s0x]);
    f(&[s1p, s0p]);
    // s1 b0
    f(&[s1x, b0x]);
    f(&[s1w, b0w]);
    f(&[s1x, b0w]);
    f(&[s1w, b0x]);
    // trigrams of tags
    f(&[s0x, b0x, b1x]);
    f(&[s1x, s0x, b0x]);
    f(&[s2x, s1x, s0x]);
    f(&[b0x, b1x, b2x]);
    f(&[s0w, b0x, b1x]);
    f(&[s1x, s0w, b0x]);
    f(&[s1x, s0x, b0w]);
    f(&[s2x, s1x, b0x]);
    f(&[s1p, s0p, b0p, b1p_of(st, ws)]);
    // children
    f(&[s0x, x(s0l), b0x]);
    f(&[s0x, x(s0r), b0x]);
    f(&[s0x, x(s0l), x(s0r)]);
    f(&[s1x, s0x, x(s0l)]);
    f(&[s1x, s0x, x(s0r)]);
    f(&[s1x, x(s1r), s0x]);
    f(&[s1x, x(s1l), s0x]);
    f(&[s0x, b0x, x(b0l)]);
    f(&[s0x, b0x, x(b0l2)]);
    f(&[s1x, x(s1l), x(s1r)]);
    f(&[s0w, l(s0l), l(s0r)]);
    f(&[s1w, l(s1l), l(s1r)]);
    f(&[s0x, l(s0l), l(s0r)]);
    f(&[s1x, l(s1l), l(s1r)]);
    f(&[b0x, l(b0l), l(b0l2)]);
    f(&[b0w, l(b0l)]);
    // child unigrams
    for c in [s0l, s0r, s1l, s1r, b0l, s0l2, s0r2, s1l2, s1r2, b0l2] {
        f(&[w(c)]);
        f(&[x(c)]);
        f(&[l(c)]);
    }
    // grandchildren, third order
    f(&[s0x, x(s0l), x(s0l2)]);
    f(&[s0x, x(s0r), x(s0r2)]);
    f(&[s1x, x(s1r), x(s1r2)]);
    f(&[s1x, x(s1l), x(s1l2)]);
    f(&[b0x, x(b0l), x(b0l2)]);
    f(&[s0x, l(s0l), l(s0l2)]);
    f(&[s0x, l(s0r), l(s0r2)]);
    f(&[s1x, l(s1r), l(s1r2)]);
    f(&[s0x, x(s0l), x(s0ll)]);
    f(&[s0x, x(s0r), x(s0rr)]);
    f(&[s1x, x(s1r), x(s1rr)]);
    f(&[b0x, x(b0l), x(b0ll)]);
    f(&[s0x, l(s0l), l(s0ll)]);
    f(&[s1x, l(s1r), l(s1rr)]);
    // distance
    let d0 = dist_bucket(s0, b0);
    let d1 = dist_bucket(s1, s0);
    f(&[s0w, d0]);
    f(&[s0x, d0]);
    f(&[b0w, d0]);
    f(&[b0x, d0]);
    f(&[s0w, b0w, d0]);
    f(&[s0x, b0x, d0]);
    f(&[s1w, d1]);
    f(&[s1x, d1]);
    f(&[s0w, d1]);
    f(&[s1x, s0x, d1]);
    f(&[s1w, s0w, d1]);
    // valency
    f(&[s0w, val(&st.nleft, s0)]);
    f(&[s0x, val(&st.nleft, s0)]);
    f(&[s0w, val(&st.nright, s0)]);
    f(&[s0x, val(&st.nright, s0)]);
    f(&[s1w, val(&st.nleft, s1)]);
    f(&[s1x, val(&st.nleft, s1)]);
    f(&[s1w, val(&st.nright, s1)]);
    f(&[s1x, val(&st.nright, s1)]);
    f(&[b0w, val(&st.nleft, b0)]);
    f(&[b0x, val(&st.nleft, b0)]);
    // label sets
    f(&[s0w, set(&st.lset, s0)]);
    f(&[s0x, set(&st.lset, s0)]);
    f(&[s0w, set(&st.rset, s0)]);
    f(&[s0x, set(&st.rset, s0)]);
    f(&[s1w, set(&st.lset, s1)]);
    f(&[s1x, set(&st.lset, s1)]);
    f(&[s1w, set(&st.rset, s1)]);
    f(&[s1x, set(&st.rset, s1)]);
    f(&[b0w, set(&st.lset, b0)]);
    f(&[b0x, set(&st.lset, b0)]);
    // suffix and shape (robust to tagging errors)
    let sf = |i: u32| if i == NONE { W_NONE } else { ws.sfx[i as usize] };
    let (s0s, s1s, b0s, b1s) = (sf(s0), sf(s1), sf(b0), sf(b1));
    f(&[s0s]);
    f(&[s1s]);
    f(&[b0s]);
    f(&[b1s]);
    f(&[s0s, b0s]);
    f(&[s1s, s0s]);
    f(&[s0s, b0x]);
    f(&[s0x, b0s]);
    f(&[s1s, s0x]);
    f(&[s1x, s0s]);
    f(&[b0s, b1x]);
    f(&[s0s, d0]);
    // coarse (UPOS) versions: fewer tagging errors than XPOS
    let (s2p, b1p, b2p) = (p(s2), p(b1), p(b2));
    f(&[s0p, b0p, b1p]);
    f(&[s1p, s0p, b0p]);
    f(&[s2p, s1p, s0p]);
    f(&[b0p, b1p, b2p]);
    f(&[b0p, b1p]);
    f(&[s0w, b0p]);
    f(&[s0p, b0w]);
    f(&[s1w, s0p]);
    f(&[s1p, s0w]);
    f(&[s0p, p(s0l), b0p]);
    f(&[s0p, p(s0r), b0p]);
    f(&[s1p, p(s1r), s0p]);
    f(&[s1p, p(s1l), s0p]);
    f(&[s0p, b0p, p(b0l)]);
    f(&[s0p, b0p, d0]);
    f(&[s1p, s0p, d1]);
    f(&[s0p, l(s0l), l(s0r)]);
    f(&[s1p, l(s1l), l(s1r)]);
    // words with coarse tags
    f(&[s0w, s0p]);
    f(&[b0w, b0p]);
    f(&[s1w, s1p]);
    f(&[b1w, b1p]);
    f(&[s0w, s0p, b0w, b0p]);
    f(&[s1w, s1p, s0w, s0p]);
    f(&[s0p, b0w, b0p]);
    f(&[s0w, s0p, b0p]);
    f(&[s1p, s0w, s0p]);
    f(&[s1w, s1p, s0p]);
    for c in [s0l, s0r, s1l, s1r, b0l] {
        f(&[p(c)]);
    }
    // stack depth / buffer emptiness
    f(&[st.stack.len().min(4) as u64, b0x]);
    // ambiguity classes (robust to tagging errors)
    let a = |i: u32| if i == NONE { W_NONE } else { ws.a[i as usize] };
    let (s0a, s1a, b0a, b1a) = (a(s0), a(s1), a(b0), a(b1));
    f(&[s0a, s0p]);
    f(&[s1a, s1p]);
    f(&[b0a, b0p]);
    f(&[b1a, b1p]);
    f(&[s0a, b0a]);
    f(&[s1a, s0a]);
    f(&[s0a, b0p]);
    f(&[s0p, b0a]);
    f(&[s1a, s0p]);
    f(&[s1p, s0a]);
    f(&[b0a, b1a]);
    f(&[s0a, b0a, b1a]);
    f(&[s1a, s0a, b0a]);
    f(&[s0a, b0a, d0]);
    // word clusters
    let c = |i: u32| if i == NONE { W_NONE } else { ws.c[i as usize] };
    let (s0c, s1c, b0c, b1c) = (c(s0), c(s1), c(b0), c(b1));
    f(&[s0c, s0p]);
    f(&[s1c, s1p]);
    f(&[b0c, b0p]);
    f(&[b1c, b1p]);
    f(&[s0c, b0c]);
    f(&[s1c, s0c]);
    f(&[s0c, b0p]);
    f(&[s0p, b0c]);
    f(&[s1c, s0p]);
    f(&[s1p, s0c]);
    f(&[s0c, b0c, d0]);
    // the function word that opens b0 or s0 (case/mark/cc as leftmost
    // child) with the candidate heads: PP and clause attachment
    let (b0lw, s0lw) = (w(b0l), w(s0l));
    f(&[b0lw, s0w]);
    f(&[b0lw, s0p, b0p]);
    f(&[b0lw, s1p, s0p]);
    f(&[b0lw, s0c]);
    f(&[s0lw, s1w]);
    f(&[s0lw, s1p, s0p]);
    f(&[s0lw, s1c]);
    f(&[b0lw, s0w, b0w]);
}

fn b1p_of(st: &State, ws: &Words) -> u64 {
    let b1 = st.b(1);
    if b1 == NONE {
        P_NONE
    } else {
        ws.p[b1 as usize]
    }
}

/// Extra features for the labeler: the arc's head and dependent.
pub(crate) fn extract_arc(st: &State, ws: &Words, head: u32, dep: u32, out: &mut Vec<u64>) {
    let (hw, hx, dw, dx) = (ws.w[head as usize], ws.x[head as usize], ws.w[dep as usize], ws.x[dep as usize]);
    let dl = ws.p[dep as usize];
    let hp = ws.p[head as usize];
    let dir = u64::from(head < dep);
    let d = dist_bucket(head, dep);
    let ls = st.lset[dep as usize];
    let rs = st.rset[dep as usize];
    let hl = st.lset[head as usize] | (st.rset[head as usize] << 1);
    let base = [
        [900, hw, dw, 0, 0],
        [901, hx, dx, 0, 0],
        [902, hw, dx, 0, 0],
        [903, hx, dw, 0, 0],
        [904, hw, hx, dw, dx],
        [905, dw, dir, 0, 0],
        [906, dx, dir, d, 0],
        [907, dx, ls, rs, 0],
        [908, dw, ls, rs, 0],
        [909, hx, hl, dx, 0],
        [910, dl, hx, dir, 0],
        [911, dw, 0, 0, 0],
        [912, hp, dl, dir, 0],
        [913, dw, hp, dir, 0],
        [914, hw, dl, dir, 0],
        [915, dl, hp, d, 0],
        [916, dl, ls, rs, 0],
        [917, dw, dl, hw, hp],
        [918, ws.a[dep as usize], dl, dir, 0],
        [919, ws.a[head as usize], hp, ws.a[dep as usize], dl],
        [920, ws.a[head as usize], hp, dir, 0],
        [923, ws.c[dep as usize], dl, hp, dir],
        [924, ws.c[head as usize], hp, dl, dir],
        [925, ws.c[head as usize], ws.c[dep as usize], dir, 0],
    ];
    for v in base {
        let mut z = v[0].wrapping_mul(K2);
        for &e in &v[1..] {
            z = mix(z, e);
        }
        out.push(finish(z));
    }
}
