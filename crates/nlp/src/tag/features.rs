//! Per-token attributes and the feature templates of the tagger.

use super::hash::{comb, hash_bytes, IdMap};

/// What the lexicon knows of a word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LexEntry {
    /// Classes seen with the form.
    pub mask: u128,
    /// Bit 0: the form is frequent enough for its ambiguity class to be a
    /// feature; bit 1: restrict predictions to `mask`; bit 2: `single` is
    /// assigned without scoring.
    pub flags: u8,
    /// The class assigned directly (when flag bit 2 is set).
    pub single: u8,
}

pub(crate) const LEX_AC: u8 = 1;
pub(crate) const LEX_CONSTRAIN: u8 = 2;
pub(crate) const LEX_SINGLE: u8 = 4;

/// Word clusters (computed offline from word vectors): the fine cluster of
/// a lowercased form, keyed by the top 32 bits of its hash, and the coarse
/// cluster of each fine one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    /// Fine cluster in the low 16 bits (`NO_FINE`: none), the row of the
    /// form's word vector + 1 in the high 16 bits (0: none).
    pub map: IdMap<u32>,
    pub parents: Vec<u8>,
}

impl Clusters {
    /// The key of a lowercased form.
    pub fn key(lower: &str) -> u64 {
        hash_bytes(lower.as_bytes()) >> 32
    }
}

/// The fine cluster of forms that only have a vector.
pub(crate) const NO_FINE: u32 = 0xffff;

/// The attributes of one token used by the templates.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tok {
    pub lower: u64,
    pub exact: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 5],
    pub shape: u64,
    pub short_shape: u64,
    pub flags: u64,
    pub ac: u64,
    /// Ambiguity class of the lowercased form.
    pub ac_lower: u64,
    /// How the sentence is cased (mostly lowercase, normal, title case,
    /// capitals), with whether this word is capitalised.
    pub case_ctx: u64,
    /// The part after the last hyphen (0 when none).
    pub after_hyphen: u64,
    /// Allowed classes (all ones when unconstrained).
    pub mask: u128,
    /// Directly assigned class.
    pub single: Option<u8>,
    /// Fine and coarse cluster features (0 when the word has none).
    pub fine: u64,
    pub coarse: u64,
    /// Word vector row + 1 (0: none).
    pub vrow: u32,
    /// Training only: the word's identity features are left out (rare
    /// words, so the model learns to tag unknown words from their shape).
    pub drop: bool,
}

const START: u64 = 0x5354_4152_545f_5f5f;
const END: u64 = 0x454e_445f_5f5f_5f5f;
pub(crate) const UNK_AC: u64 = 0x554e_4b5f_4143_5f5f;

/// Fills `out` with the attributes of `words`; `buf` is scratch space.
pub(crate) fn sentence_toks(
    words: &[&str],
    lex: &IdMap<LexEntry>,
    clusters: &Clusters,
    out: &mut Vec<Tok>,
    buf: &mut String,
) {
    out.clear();
    for (i, w) in words.iter().enumerate() {
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                buf.extend(c.to_lowercase());
            }
        }
        let lower = buf.as_str();
        let lower_hash = hash_bytes(lower.as_bytes());
        let mut t = Tok { lower: lower_hash, exact: hash_bytes(w.as_bytes()), ..Tok::default() };
        // Prefixes of 1-4 and suffixes of 1-5 characters (absent when the
        // word is not longer than that).
        let n_chars = if lower.is_ascii() { lower.len() } else { lower.chars().count() };
        for k in 1..=5usize {
            if n_chars > k {
                let (pre_end, suf_start) = if lower.is_ascii() {
                    (k, lower.len() - k)
                } else {
                    let pre_end = lower.char_indices().nth(k).map_or(lower.len(), |(b, _)| b);
                    let suf_start = lower.char_indices().rev().nth(k - 1).map_or(0, |(b, _)| b);
                    (pre_end, suf_start)
                };
                if k <= 4 {
                    t.pre[k - 1] = comb(k as u64, hash_bytes(&lower.as_bytes()[..pre_end]));
                }
                t.suf[k - 1] = comb(16 + k as u64, hash_bytes(&lower.as_bytes()[suf_start..]));
            }
        }
        // Shapes: runs capped at 3, and fully collapsed.
        let mut shape: u64 = 0xcbf2_9ce4_8422_2325;
        let mut short: u64 = shape;
        let (mut last, mut run) = (0u8, 0usize);
        let (mut digit, mut hyphen, mut upper, mut lowerc, mut period, mut other) =
            (false, false, false, false, false, false);
        for c in w.chars() {
            let class = if c.is_uppercase() {
                upper = true;
                b'X'
            } else if c.is_lowercase() {
                lowerc = true;
                b'x'
            } else if c.is_ascii_digit() {
                digit = true;
                b'd'
            } else if c.is_alphabetic() {
                b'a'
            } else if c.is_ascii() {
                match c {
                    '-' => hyphen = true,
                    '.' => period = true,
                    _ => other = true,
                }
                c as u8
            } else {
                other = true;
                b'*'
            };
            if class == last {
                run += 1;
            } else {
                run = 1;
                last = class;
                short ^= u64::from(class);
                short = short.wrapping_mul(0x0100_0000_01b3);
            }
            if run <= 3 {
                shape ^= u64::from(class);
                shape = shape.wrapping_mul(0x0100_0000_01b3);
            }
        }
        t.shape = comb(40, shape);
        t.short_shape = comb(41, short);
        let init_upper = w.chars().next().is_some_and(char::is_uppercase);
        let len_bucket: u64 = match n_chars {
            0..=1 => 0,
            2 => 1,
            3 => 2,
            4..=6 => 3,
            _ => 4,
        };
        let bits = u64::from(digit)
            | u64::from(hyphen) << 1
            | u64::from(upper) << 2
            | u64::from(upper && !lowerc) << 3
            | u64::from(init_upper) << 4
            | u64::from(i == 0) << 5
            | u64::from(period) << 6
            | u64::from(other) << 7
            | len_bucket << 8;
        t.flags = comb(42, bits);
        if let Some(p) = lower.rfind('-') {
            if p + 1 < lower.len() {
                t.after_hyphen = comb(46, hash_bytes(&lower.as_bytes()[p + 1..]));
            }
        }
        t.case_ctx = u64::from(init_upper) | u64::from(upper && !lowerc && n_chars > 1) << 1;
        out.push(t);
    }
    // The table lookups of every word, in a loop of their own (the cache
    // misses of several words overlap).
    for t in out.iter_mut() {
        if let Some(&v) = clusters.map.get(&(t.lower >> 32)) {
            let c = v & 0xffff;
            if c != NO_FINE {
                t.fine = comb(47, u64::from(c));
                t.coarse = comb(48, clusters.parents.get(c as usize).map_or(255, |&p| u64::from(p)));
            }
            t.vrow = v >> 16;
        }
        t.mask = u128::MAX;
        t.ac = UNK_AC;
        t.ac_lower = UNK_AC;
        let by_lower = lex.get(&t.lower);
        if let Some(e) = by_lower {
            if e.flags & LEX_AC != 0 {
                t.ac_lower = comb(44, ac_of(e.mask));
            }
        }
        // The word looked up exactly, then lowercased (once when the same).
        let found = if t.exact == t.lower { by_lower } else { lex.get(&t.exact).or(by_lower) };
        if let Some(e) = found {
            if e.flags & LEX_AC != 0 {
                t.ac = comb(43, ac_of(e.mask));
            }
            if e.flags & LEX_CONSTRAIN != 0 && e.mask != 0 {
                t.mask = e.mask;
            }
            if e.flags & LEX_SINGLE != 0 {
                t.single = Some(e.single);
            }
        }
    }
    // The sentence's casing.
    let (mut words_n, mut caps, mut all_caps) = (0usize, 0usize, 0usize);
    for w in words {
        if let Some(c) = w.chars().next() {
            if c.is_alphabetic() {
                words_n += 1;
                caps += usize::from(c.is_uppercase());
                all_caps += usize::from(w.chars().count() > 1 && !w.chars().any(char::is_lowercase));
            }
        }
    }
    let profile: u64 = if words_n == 0 {
        0
    } else if all_caps * 2 > words_n {
        1
    } else if caps * 5 >= words_n * 3 && words_n >= 3 {
        2
    } else if caps == 0 || (caps == 1 && words_n >= 6) {
        3
    } else {
        4
    };
    for t in out.iter_mut() {
        t.case_ctx = comb(45, t.case_ctx | profile << 4);
    }
}

fn ac_of(mask: u128) -> u64 {
    (mask as u64) ^ ((mask >> 64) as u64).rotate_left(7)
}

/// Template ids (mixed into every key).
const T: [u64; 56] = {
    let mut t = [0u64; 56];
    let mut i = 0;
    while i < 56 {
        t[i] = 0x1000 + i as u64;
        i += 1;
    }
    t
};

/// The features of token `i` given the two previous classes (`n` and `n+1`
/// stand for the sentence start).
pub(crate) fn features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    emit::<true, true>(toks, i, p1, p2, out);
}

/// The features of token `cur` that depend on the word alone, its casing
/// flags (which include whether it opens the sentence) and the sentence's
/// casing: the same at every occurrence of the word in the same place, so
/// their weights can be summed once per word. With [`context_features`]
/// they are the features of [`features`].
pub(crate) fn word_features(cur: &Tok, out: &mut Vec<u64>) {
    emit::<true, false>(std::slice::from_ref(cur), 0, 0, 0, out);
}

/// The features of token `i` that read the previous classes or the
/// neighbouring words (the rest of [`features`]; see [`word_features`]).
pub(crate) fn context_features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    emit::<false, true>(toks, i, p1, p2, out);
}

/// The one list of first-pass features, in [`features`]' order: those of
/// the word alone when `WORD`, those of its context when `CTX`.
#[inline(always)]
fn emit<const WORD: bool, const CTX: bool>(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let Some(cur) = toks.get(i) else { return };
    let at = |d: isize| -> Option<&Tok> {
        let j = i as isize + d;
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let pad = |d: isize| if d < 0 { START } else { END };
    let lower = |d: isize| at(d).map_or(pad(d), |t| t.lower);
    let suf3 = |d: isize| at(d).map_or(pad(d), |t| if t.suf[2] != 0 { t.suf[2] } else { t.lower });
    let shape = |d: isize| at(d).map_or(pad(d), |t| t.short_shape);
    let ac = |d: isize| at(d).map_or(pad(d), |t| t.ac);
    let fine = |d: isize| at(d).map_or(pad(d), |t| t.fine);
    let coarse = |d: isize| at(d).map_or(pad(d), |t| t.coarse);
    let mut f = |k: usize, v: u64| out.push(comb(T[k], v));
    if WORD {
        f(0, 0);
    }
    if !cur.drop {
        if WORD {
            f(1, cur.lower);
            f(2, cur.exact);
        }
        if CTX {
            f(24, comb(p1, cur.lower));
            f(25, comb(lower(-1), cur.lower));
            f(26, comb(cur.lower, lower(1)));
        }
    }
    if WORD {
        for k in 0..4 {
            if cur.suf[k] != 0 {
                f(3 + k, cur.suf[k]);
            }
            if cur.pre[k] != 0 {
                f(7 + k, cur.pre[k]);
            }
        }
        if cur.suf[4] != 0 {
            f(44, cur.suf[4]);
        }
    }
    if cur.fine != 0 {
        if WORD {
            f(47, cur.fine);
            f(48, cur.coarse);
        }
        if CTX {
            f(49, comb(p1, cur.fine));
        }
        if WORD {
            f(50, comb(cur.case_ctx, cur.fine));
            f(51, comb(cur.fine, cur.suf[1]));
        }
    }
    if CTX {
        f(52, fine(1));
        f(53, fine(-1));
        f(54, comb(cur.coarse, coarse(1)));
        f(55, fine(2));
        f(45, comb(cur.case_ctx, lower(-1)));
        f(46, comb(cur.case_ctx, lower(1)));
    }
    if WORD {
        f(11, cur.shape);
        f(12, cur.flags);
    }
    if CTX {
        f(13, lower(-1));
        f(14, lower(-2));
        f(15, lower(1));
        f(16, lower(2));
        f(17, suf3(-1));
        f(18, suf3(1));
        f(19, shape(-1));
        f(20, shape(1));
        f(21, p1);
        f(22, p2);
        f(23, comb(p1, p2));
    }
    if WORD {
        f(27, cur.ac);
    }
    if CTX {
        f(28, ac(1));
        f(29, ac(2));
        f(30, comb(p1, ac(1)));
        f(31, comb(cur.ac, ac(1)));
        f(32, comb(p1, cur.suf[2]));
    }
    if WORD {
        f(33, comb(cur.flags, cur.short_shape));
    }
    if CTX {
        f(34, comb(ac(-1), cur.ac));
        f(35, comb(lower(1), lower(2)));
    }
    if WORD {
        f(36, comb(cur.case_ctx, cur.ac_lower));
        f(37, comb(cur.case_ctx, cur.suf[2]));
    }
    if CTX {
        f(38, comb(p1, lower(1)));
        f(39, comb(cur.case_ctx, p1));
    }
    if WORD && cur.after_hyphen != 0 {
        f(40, cur.after_hyphen);
    }
    if CTX {
        f(41, comb(p1, cur.short_shape));
        f(42, comb(lower(-1), cur.suf[2]));
        f(43, comb(cur.suf[1], lower(1)));
    }
}

/// The features of the second (stacked) pass: those of the first when
/// `full`, else a few basic ones, then the first pass's classes of this
/// word and of the words after it (`pred`; `n+2` pads the end).
pub(crate) fn features2(
    toks: &[Tok],
    i: usize,
    p1: u64,
    p2: u64,
    pred: &[u8],
    full: bool,
    out: &mut Vec<u64>,
) {
    if full {
        features(toks, i, p1, p2, out);
    } else {
        out.clear();
    }
    features2_tail(toks, i, p1, p2, pred, full, out);
}

/// The part of [`features2`] after the first pass's features (appended to
/// `out`; with `full`, the first pass's features are not among them).
pub(crate) fn features2_tail(
    toks: &[Tok],
    i: usize,
    p1: u64,
    p2: u64,
    pred: &[u8],
    full: bool,
    out: &mut Vec<u64>,
) {
    let cur = &toks[i];
    let n = toks.len();
    let end = END;
    let q = |j: usize| pred.get(j).map_or(end, |&c| u64::from(c));
    let q0 = q(i);
    let (r1, r2) = (q(i + 1), q(i + 2));
    let lower1 = if i + 1 < n { toks[i + 1].lower } else { END };
    let mut f = |k: u64, v: u64| out.push(comb(0x2000 + k, v));
    if !full {
        f(0, 0);
        f(1, p1);
        f(2, comb(p1, p2));
        f(3, cur.lower);
        f(4, cur.ac);
        f(5, cur.suf[2]);
        f(6, cur.short_shape);
    }
    f(10, q0);
    f(11, r1);
    f(12, r2);
    f(13, comb(r1, r2));
    f(14, comb(p1, r1));
    f(15, comb(q0, r1));
    if !cur.drop {
        f(16, comb(cur.lower, r1));
        f(19, comb(q0, cur.lower));
    }
    f(17, comb(cur.ac, r1));
    f(18, comb(cur.suf[2], r1));
    f(20, comb(comb(p1, q0), r1));
    f(21, comb(lower1, r1));
    f(22, comb(cur.ac, comb(p1, r1)));
    f(23, comb(q0, comb(r1, r2)));
}
