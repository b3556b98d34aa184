//! Feature extraction: per-token information computed once per document,
//! the label-independent features of each token, and the features that
//! depend on earlier decisions (previous labels, the labels given to the
//! same word earlier in the document) or on a first pass over the whole
//! document (context aggregation).

use crate::data::{label_type, labels_to_spans, N_LABELS};
use crate::gazetteer::{tag_sentence, MAX_LEN, N_CAT};
use crate::hash::{comb, hash_str, mix, Fnv};
use std::collections::{HashMap, HashSet};

/// Word clusters: 32-bit hashes of lowercased forms (ascending, unique)
/// with their fine cluster, and the coarse cluster of each fine one.
/// Looked up by binary search within the run of keys sharing the top 16
/// bits (a search of the whole table was ~17 dependent cache misses a
/// word, 2% of an ingest run), so loading is a plain copy and a count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Clusters {
    pub(crate) keys: Vec<u32>,
    pub(crate) fine: Vec<u16>,
    pub(crate) parents: Vec<u8>,
    /// Where the keys with each top 16 bits start (`1 << 16` + 1 entries;
    /// derived from `keys`, not stored; empty: search all of `keys`).
    starts: Vec<u32>,
}

/// The 32-bit key a cluster entry is stored under.
pub(crate) fn cluster_key(lower: &str) -> u32 {
    (hash_str(lower) & 0xffff_ffff) as u32
}

impl Clusters {
    /// Builds the table from (word, fine cluster) pairs; of words whose
    /// keys collide, the smallest cluster wins.
    pub(crate) fn new(words: &[(String, u16)], parents: Vec<u8>) -> Clusters {
        let mut kv: Vec<(u32, u16)> = words.iter().map(|(w, c)| (cluster_key(w), *c)).collect();
        kv.sort_unstable();
        kv.dedup_by_key(|e| e.0);
        Clusters::from_parts(kv.iter().map(|e| e.0).collect(), kv.iter().map(|e| e.1).collect(), parents)
    }

    /// The table from keys (ascending) with their fine clusters, and the
    /// coarse cluster of each fine one.
    pub(crate) fn from_parts(keys: Vec<u32>, fine: Vec<u16>, parents: Vec<u8>) -> Clusters {
        if keys.is_empty() {
            // as `Clusters::default()`
            return Clusters { keys, fine, parents, starts: Vec::new() };
        }
        let mut starts = vec![0u32; (1 << 16) + 1];
        for &k in &keys {
            if let Some(s) = starts.get_mut((k >> 16) as usize + 1) {
                *s += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Clusters { keys, fine, parents, starts }
    }

    fn get(&self, lower: &str) -> Option<(u16, u8)> {
        let key = cluster_key(lower);
        let b = (key >> 16) as usize;
        let i = match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => {
                lo as usize + self.keys.get(lo as usize..hi as usize)?.binary_search(&key).ok()?
            }
            _ => self.keys.binary_search(&key).ok()?,
        };
        let f = *self.fine.get(i)?;
        Some((f, self.parents.get(usize::from(f)).copied().unwrap_or(0)))
    }
}

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_N: u64 = 3; // + offset
const T_SH: u64 = 10;
const T_SHF: u64 = 15;
const T_SH2A: u64 = 16;
const T_SH2B: u64 = 17;
const T_SH3: u64 = 18;
const T_PRE: u64 = 20;
const T_SUF: u64 = 25;
const T_CF: u64 = 30;
const T_CC: u64 = 36;
const T_N2A: u64 = 40;
const T_N2B: u64 = 41;
const T_PN_SH: u64 = 42;
const T_NN_SH: u64 = 43;
const T_FIRST: u64 = 44;
const T_CAPS_N: u64 = 45;
const T_CAPS_C: u64 = 46;
const T_SIDX: u64 = 47;
const T_DOC_LOWER: u64 = 48;
const T_DOC_CAP: u64 = 49;
const T_GAZ: u64 = 50;
const T_GAZ_SH: u64 = 51;
const T_GAZ_P: u64 = 52;
const T_GAZ_N: u64 = 53;
const T_GAZ_ALL: u64 = 54;
const T_CAPS_SH: u64 = 55;
const T_N_CF: u64 = 56;
const T_RUN: u64 = 57;
const T_RUN_SH: u64 = 58;
const T_DG: u64 = 59;
const T_CTX_N: u64 = 90;
const T_CTX_C: u64 = 91;
const T_L1: u64 = 60;
const T_L12: u64 = 61;
const T_L1N: u64 = 62;
const T_L1SH: u64 = 63;
const T_L1CF: u64 = 64;
const T_HMAJ: u64 = 65;
const T_HHAS: u64 = 66;
const T_HMAJ_SH: u64 = 67;
const T_P1: u64 = 70; // + offset
const T_P1_SH: u64 = 75;
const T_AMAJ: u64 = 76;
const T_AHAS: u64 = 77;
const T_AMAJ_SH: u64 = 78;
const T_AFIRST: u64 = 79;

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    comb(mix(t), a)
}

#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    comb(comb(mix(t), a), b)
}

/// What the features need to know about one token.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Lowercased form.
    pub(crate) lower: String,
    /// Hashes: exact form, normalised form (lowercase, digits → 0), short
    /// shape, full shape, prefixes and suffixes 1-4, fine and coarse cluster.
    hw: u64,
    hn: u64,
    hsh: u64,
    hshf: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    cf: u64,
    cc: u64,
    /// First character upper case.
    pub(crate) cap: bool,
    gaz: [u8; N_CAT],
    /// Length (capped at 6) of the run of capitalised words holding this
    /// one (connectors like "of", "&", "'s" allowed inside), and the
    /// position in it (0 none, 1 first, 2 inside, 3 last, 4 alone).
    run: (u8, u8),
}

/// One sentence ready for feature extraction.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub(crate) toks: Vec<Tok>,
    /// Most letters of the sentence are upper case (a headline).
    caps: bool,
    /// Position in the document (0 = first sentence).
    idx: usize,
}

/// A character's class in a word shape: `X` upper case, `x` lower case,
/// `d` digit, else the character itself.
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

/// The hashes of a word's full shape (first 12 characters: `X` upper, `x`
/// lower, `d` digit, others as they are) and short shape (runs of one mark
/// collapsed), as [`hash_str`] of those strings.
fn shape_hashes(w: &str) -> (u64, u64) {
    let (mut full, mut short) = (Fnv::new(), Fnv::new());
    let mut last: Option<char> = None;
    for (i, c) in w.chars().enumerate() {
        let m = shape_char(c);
        if i < 12 {
            full.char(m);
        }
        if last != Some(m) {
            short.char(m);
            last = Some(m);
        }
    }
    (full.finish(), short.finish())
}

/// [`hash_str`] of the lower-cased word with every ASCII digit made `0`.
fn norm_hash(lower: &str) -> u64 {
    let mut h = Fnv::new();
    for &b in lower.as_bytes() {
        h.byte(if b.is_ascii_digit() { b'0' } else { b });
    }
    h.finish()
}

const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// Builds the token information of a document's sentences. `gaz` gives
/// the category mask of a gazetteer key.
pub(crate) fn prepare(sentences: &[Vec<&str>], clusters: &Clusters, gaz: &dyn Fn(&str) -> u16) -> Vec<Sent> {
    let mut out = Vec::with_capacity(sentences.len());
    for (idx, words) in sentences.iter().enumerate() {
        let (mut upper_letters, mut letters) = (0usize, 0usize);
        for w in words {
            for c in w.chars() {
                if c.is_alphabetic() {
                    letters += 1;
                    if c.is_uppercase() {
                        upper_letters += 1;
                    }
                }
            }
        }
        let caps = letters >= 4 && upper_letters * 10 >= letters * 8;
        let mut toks: Vec<Tok> = Vec::with_capacity(words.len());
        for w in words {
            let lower = w.to_lowercase();
            let (hshf, hsh) = shape_hashes(w);
            // The first and last 1 to 4 characters (0 when the word is shorter).
            let mut pre = [0u64; 4];
            let mut suf = [0u64; 4];
            for (k, (i, c)) in lower.char_indices().take(4).enumerate() {
                pre[k] = hash_str(&lower[..i + c.len_utf8()]);
            }
            for (k, (i, _)) in lower.char_indices().rev().take(4).enumerate() {
                suf[k] = hash_str(&lower[i..]);
            }
            let (cf, cc) = match clusters.get(&lower) {
                Some((f, c)) => (mix(u64::from(f) + 1), mix(u64::from(c) + 100_000)),
                None => (0x0c1u64, 0x0c2u64),
            };
            let first = w.chars().next();
            toks.push(Tok {
                hw: hash_str(w),
                hn: norm_hash(&lower),
                hsh,
                hshf,
                pre,
                suf,
                cf,
                cc,
                cap: first.is_some_and(char::is_uppercase),
                gaz: [0; N_CAT],
                run: (0, 0),
                lower,
            });
        }
        let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        let can_start: Vec<bool> = words
            .iter()
            .map(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            .collect();
        let tags = tag_sentence(&lower, &can_start, gaz);
        for (t, g) in toks.iter_mut().zip(tags) {
            t.gaz = g;
        }
        cap_runs(&mut toks);
        out.push(Sent { toks, caps, idx });
    }
    out
}

fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "&" | "'s" | "de" | "and" | "for" | "the" | "du" | "van" | "von" | "der" | "la" | "del"
    )
}

fn cap_runs(toks: &mut [Tok]) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        if !toks[i].cap {
            i += 1;
            continue;
        }
        // Extend over capitalised words and connectors followed by one.
        let mut j = i + 1;
        loop {
            if j < n && toks[j].cap {
                j += 1;
            } else if j + 1 < n && is_connector(&toks[j].lower) && toks[j + 1].cap {
                j += 2;
            } else {
                break;
            }
        }
        let len = (j - i).min(6) as u8;
        for (k, t) in toks[i..j].iter_mut().enumerate() {
            let pos = if j - i == 1 {
                4
            } else if k == 0 {
                1
            } else if i + k + 1 == j {
                3
            } else {
                2
            };
            t.run = (len, pos);
        }
        i = j;
    }
}

/// Document-wide facts about words.
#[derive(Debug, Default)]
pub(crate) struct DocInfo {
    /// Lowercased forms seen starting with a lower-case letter.
    lower_seen: HashSet<String>,
    /// Lowercased forms seen capitalised inside a sentence that is not a headline.
    cap_seen: HashSet<String>,
    /// Context aggregation: for capitalised words seen at least twice, the
    /// context features (neighbouring words and clusters) of all their
    /// occurrences in the document.
    ctx: HashMap<String, Vec<u64>>,
}

impl DocInfo {
    pub(crate) fn new(doc: &[Sent], words: &[Vec<&str>]) -> DocInfo {
        let mut d = DocInfo::default();
        for (s, ws) in doc.iter().zip(words) {
            for (i, (t, w)) in s.toks.iter().zip(ws).enumerate() {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    d.lower_seen.insert(t.lower.clone());
                } else if t.cap && i > 0 && !s.caps {
                    d.cap_seen.insert(t.lower.clone());
                }
            }
        }
        let mut seen: HashMap<&str, (u32, Vec<u64>)> = HashMap::new();
        for s in doc {
            let n = s.toks.len();
            for (i, t) in s.toks.iter().enumerate() {
                if !t.cap {
                    continue;
                }
                let e = seen.entry(t.lower.as_str()).or_default();
                e.0 += 1;
                for o in [-2isize, -1, 1, 2] {
                    let j = i as isize + o;
                    let (hn, cf) = if j < 0 {
                        (BOS, BOS)
                    } else if j as usize >= n {
                        (EOS, EOS)
                    } else {
                        (s.toks[j as usize].hn, s.toks[j as usize].cf)
                    };
                    e.1.push(f2(T_CTX_N, o as u64, hn));
                    if o.abs() == 1 {
                        e.1.push(f2(T_CTX_C, o as u64, cf));
                    }
                }
            }
        }
        for (k, (c, mut v)) in seen {
            if c >= 2 {
                v.sort_unstable();
                v.dedup();
                v.truncate(64);
                d.ctx.insert(k.to_string(), v);
            }
        }
        d
    }
}

/// Label-independent features of token `i` of `s`.
pub(crate) fn static_features(s: &Sent, i: usize, doc: &DocInfo, out: &mut Vec<u64>) {
    static_features_opt(s, i, doc, false, out);
}

/// [`static_features`], leaving out the word's identity when `drop_word`
/// (used in training on rare words, so that unknown words are learned
/// from their shape, affixes, clusters and context).
pub(crate) fn static_features_opt(s: &Sent, i: usize, doc: &DocInfo, drop_word: bool, out: &mut Vec<u64>) {
    let t = &s.toks[i];
    let n = s.toks.len();
    let at = |o: isize| -> Option<&Tok> {
        let j = i as isize + o;
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(&s.toks[j as usize])
        }
    };
    let hn = |o: isize| at(o).map_or(if o < 0 { BOS } else { EOS }, |t| t.hn);
    let hsh = |o: isize| at(o).map_or(if o < 0 { BOS } else { EOS }, |t| t.hsh);
    let hcf = |o: isize| at(o).map_or(if o < 0 { BOS } else { EOS }, |t| t.cf);
    let hcc = |o: isize| at(o).map_or(if o < 0 { BOS } else { EOS }, |t| t.cc);
    out.push(mix(T_BIAS));
    if !drop_word {
        out.push(f1(T_W, t.hw));
        out.push(f2(T_N2A, hn(-1), t.hn));
        out.push(f2(T_N2B, t.hn, hn(1)));
        if s.caps {
            out.push(f1(T_CAPS_N, t.hn));
        }
    }
    for o in -2..=2isize {
        if o == 0 && drop_word {
            out.push(f1(T_CF + 2, hcf(0)));
            continue;
        }
        out.push(f1(T_N + (o + 2) as u64, hn(o)));
        out.push(f1(T_CF + (o + 2) as u64, hcf(o)));
    }
    for o in -1..=1isize {
        out.push(f1(T_SH + (o + 1) as u64, hsh(o)));
        out.push(f1(T_CC + (o + 1) as u64, hcc(o)));
    }
    out.push(f1(T_SHF, t.hshf));
    out.push(f2(T_SH2A, hsh(-1), t.hsh));
    out.push(f2(T_SH2B, t.hsh, hsh(1)));
    out.push(f2(T_SH3, comb(hsh(-1), t.hsh), hsh(1)));
    for k in 0..4 {
        if t.pre[k] != 0 {
            out.push(f1(T_PRE + k as u64, t.pre[k]));
            out.push(f1(T_SUF + k as u64, t.suf[k]));
        }
    }
    out.push(f2(T_PN_SH, hn(-1), t.hsh));
    out.push(f2(T_NN_SH, hn(1), t.hsh));
    out.push(f2(T_N_CF, hn(-1), t.cf));
    if i == 0 {
        out.push(f1(T_FIRST, t.hsh));
    }
    if s.caps {
        out.push(f1(T_CAPS_C, t.cf));
        out.push(f1(T_CAPS_SH, t.hsh));
    }
    out.push(f2(T_SIDX, s.idx.min(2) as u64, t.hsh));

    let run = u64::from(t.run.0) << 8 | u64::from(t.run.1) | u64::from(s.caps) << 16;
    out.push(f1(T_RUN, run));
    out.push(f2(T_RUN_SH, run, t.hsh));
    if t.cap || s.caps {
        out.push(f2(T_DOC_LOWER, u64::from(doc.lower_seen.contains(&t.lower)), t.hsh));
        out.push(f2(T_DOC_CAP, u64::from(doc.cap_seen.contains(&t.lower)), u64::from(s.caps || i == 0)));
    }
    if t.cap {
        if let Some(v) = doc.ctx.get(&t.lower) {
            out.extend_from_slice(v);
        }
    }
    let mut all = 0u64;
    for c in 0..N_CAT {
        let g = t.gaz[c];
        if g != 0 {
            let cg = (c as u64) << 8 | u64::from(g);
            out.push(f1(T_GAZ, cg));
            out.push(f2(T_GAZ_SH, cg, t.hsh));
            all = all.wrapping_mul(31).wrapping_add(cg);
        }
        if let Some(p) = at(-1) {
            if p.gaz[c] != 0 {
                out.push(f1(T_GAZ_P, (c as u64) << 8 | u64::from(p.gaz[c])));
            }
        }
        if let Some(p) = at(1) {
            if p.gaz[c] != 0 {
                out.push(f1(T_GAZ_N, (c as u64) << 8 | u64::from(p.gaz[c])));
            }
        }
    }
    out.push(f1(T_GAZ_ALL, all));
}

/// Counts of the types (PER, ORG, LOC, MISC, O) given to capitalised words.
pub(crate) type TypeCounts = HashMap<String, [u16; 5]>;

fn type_slot(l: u8) -> usize {
    label_type(l).map_or(4, crate::data::type_index)
}

/// Records label `l` for token `t` in `h` (capitalised words only).
pub(crate) fn record(h: &mut TypeCounts, t: &Tok, l: u8) {
    if t.cap {
        let c = h.entry(t.lower.clone()).or_default();
        let s = type_slot(l);
        c[s] = c[s].saturating_add(1);
    }
}

fn majority(c: &[u16; 5]) -> Option<usize> {
    let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
    if total == 0 {
        return None;
    }
    let mut best = 0;
    for k in 1..5 {
        if c[k] > c[best] {
            best = k;
        }
    }
    Some(best)
}

/// Features that depend on the labels decided so far: the previous two
/// labels, and the types given earlier in the document to the same word.
pub(crate) fn dynamic_features(s: &Sent, i: usize, l1: u8, l2: u8, hist: &TypeCounts, out: &mut Vec<u64>) {
    let t = &s.toks[i];
    let (l1, l2) = (u64::from(l1), u64::from(l2));
    out.push(f1(T_L1, l1));
    out.push(f2(T_L12, l1, l2));
    out.push(f2(T_L1N, l1, t.hn));
    out.push(f2(T_L1SH, l1, t.hsh));
    out.push(f2(T_L1CF, l1, t.cf));
    if t.cap {
        if let Some(c) = hist.get(&t.lower) {
            if let Some(m) = majority(c) {
                out.push(f1(T_HMAJ, m as u64));
                out.push(f2(T_HMAJ_SH, m as u64, t.hsh));
            }
            for (k, &x) in c.iter().enumerate() {
                if x > 0 {
                    out.push(f1(T_HHAS, k as u64));
                }
            }
        }
    }
}

/// First-pass output of a whole document, for the second pass.
pub(crate) struct Agg<'a> {
    /// First-pass labels, per sentence.
    pub(crate) labels: &'a [Vec<u8>],
    /// Types given to each capitalised word over the whole document.
    pub(crate) counts: TypeCounts,
    /// The type given to the first occurrence of each capitalised word.
    pub(crate) first: HashMap<String, usize>,
    /// Per sentence and token: where it sits in the longest stretch of
    /// text that the first pass tagged as a name somewhere in the document
    /// (0 none, else 1 + B/I/L/U), the majority type given to that
    /// string, and whether it was tagged more than once.
    pub(crate) doc_gaz: Vec<Vec<(u8, u8, bool)>>,
}

impl<'a> Agg<'a> {
    pub(crate) fn new(doc: &[Sent], labels: &'a [Vec<u8>]) -> Agg<'a> {
        let mut counts = TypeCounts::new();
        let mut first = HashMap::new();
        for (s, ls) in doc.iter().zip(labels) {
            for (t, &l) in s.toks.iter().zip(ls) {
                record(&mut counts, t, l);
                if t.cap {
                    first.entry(t.lower.clone()).or_insert(type_slot(l));
                }
            }
        }
        // Strings the first pass tagged, with counts per type.
        let mut names: HashMap<String, [u16; 4]> = HashMap::new();
        for (s, ls) in doc.iter().zip(labels) {
            for sp in labels_to_spans(ls, &[]) {
                if sp.end - sp.start <= MAX_LEN {
                    let k: Vec<&str> = s.toks[sp.start..sp.end].iter().map(|t| t.lower.as_str()).collect();
                    let c = names.entry(k.join(" ")).or_default();
                    let ti = crate::data::type_index(sp.kind);
                    c[ti] = c[ti].saturating_add(1);
                }
            }
        }
        let mut doc_gaz = Vec::with_capacity(doc.len());
        let mut key = String::new();
        for s in doc {
            let n = s.toks.len();
            let mut out = vec![(0u8, 0u8, false); n];
            let mut i = 0;
            while i < n {
                let mut best: Option<(usize, [u16; 4])> = None;
                if s.toks[i].cap || s.toks[i].lower.starts_with(|c: char| c.is_ascii_digit()) {
                    key.clear();
                    for (len, t) in s.toks[i..n.min(i + MAX_LEN)].iter().enumerate() {
                        if len > 0 {
                            key.push(' ');
                        }
                        key.push_str(&t.lower);
                        if let Some(c) = names.get(key.as_str()) {
                            best = Some((len + 1, *c));
                        }
                    }
                }
                match best {
                    Some((len, c)) => {
                        let mut ty = 0;
                        for k in 1..4 {
                            if c[k] > c[ty] {
                                ty = k;
                            }
                        }
                        let many = c.iter().sum::<u16>() > 1;
                        for (k, o) in out[i..i + len].iter_mut().enumerate() {
                            let part = if len == 1 {
                                4
                            } else if k == 0 {
                                1
                            } else if k + 1 == len {
                                3
                            } else {
                                2
                            };
                            *o = (part, ty as u8, many);
                        }
                        i += len;
                    }
                    None => i += 1,
                }
            }
            doc_gaz.push(out);
        }
        Agg { labels, counts, first, doc_gaz }
    }
}

/// Second-pass features of token `i` of sentence `si`: the first pass's
/// labels around it and the types the first pass gave the same word
/// elsewhere in the document.
pub(crate) fn agg_features(doc: &[Sent], si: usize, i: usize, agg: &Agg<'_>, out: &mut Vec<u64>) {
    let s = &doc[si];
    let t = &s.toks[i];
    let ls = &agg.labels[si];
    let lab = |o: isize| -> u64 {
        let j = i as isize + o;
        if j < 0 || j as usize >= ls.len() {
            N_LABELS as u64 + if o < 0 { 1 } else { 2 }
        } else {
            u64::from(ls[j as usize])
        }
    };
    for o in -1..=2isize {
        out.push(f1(T_P1 + (o + 1) as u64, lab(o)));
    }
    out.push(f2(T_P1_SH, lab(0), t.hsh));
    if let Some(&(part, ty, many)) = agg.doc_gaz.get(si).and_then(|g| g.get(i)) {
        if part != 0 {
            let v = u64::from(part) << 8 | u64::from(ty) | u64::from(many) << 16;
            out.push(f1(T_DG, v));
            out.push(f2(T_DG, v, t.hsh));
        }
    }
    if t.cap {
        if let Some(c) = agg.counts.get(&t.lower) {
            let mut c = *c;
            let own = type_slot(ls.get(i).copied().unwrap_or(0));
            c[own] = c[own].saturating_sub(1);
            if let Some(m) = majority(&c) {
                out.push(f1(T_AMAJ, m as u64));
                out.push(f2(T_AMAJ_SH, m as u64, t.hsh));
            }
            for (k, &x) in c.iter().enumerate() {
                if x > 0 {
                    out.push(f1(T_AHAS, k as u64));
                }
            }
        }
        if let Some(&f) = agg.first.get(&t.lower) {
            out.push(f1(T_AFIRST, f as u64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_runs_find_what_a_full_search_finds() {
        let words: Vec<(String, u16)> = (0..5000u16).map(|i| (format!("w{i}"), i % 300)).collect();
        let c = Clusters::new(&words, (0..300u16).map(|i| (i % 7) as u8).collect());
        let full = |w: &str| {
            let i = c.keys.binary_search(&cluster_key(w)).ok()?;
            let f = c.fine[i];
            Some((f, c.parents[usize::from(f)]))
        };
        for i in 0..6000 {
            let w = format!("w{i}");
            assert_eq!(c.get(&w), full(&w), "{w}");
        }
        assert_eq!(Clusters::new(&[], Vec::new()), Clusters::default());
        assert_eq!(Clusters::default().get("w1"), None);
    }

    /// The shapes as strings, as the model's features were defined.
    fn shapes(w: &str) -> (String, String) {
        let mut full = String::new();
        let mut short = String::new();
        for (i, c) in w.chars().enumerate() {
            let m = shape_char(c);
            if i < 12 {
                full.push(m);
            }
            if !short.ends_with(m) {
                short.push(m);
            }
        }
        (full, short)
    }

    #[test]
    fn hashes_equal_those_of_the_built_strings() {
        for w in [
            "Niamey",
            "U.S.",
            "COVID-19",
            "2020-03-10",
            "Ağrı",
            "état-major",
            "x",
            "",
            "Straße",
            "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉ",
        ] {
            let (full, short) = shapes(w);
            assert_eq!(shape_hashes(w), (hash_str(&full), hash_str(&short)), "{w}");
            let lower = w.to_lowercase();
            let norm: String = lower.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect();
            assert_eq!(norm_hash(&lower), hash_str(&norm), "{w}");
        }
    }
}
