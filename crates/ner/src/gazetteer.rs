//! Name lists and the per-token gazetteer tags: for each list category,
//! the position (B, I, L, U) of a token inside the longest match of that
//! category starting at or covering it, matched greedily left to right.

use crate::hash::{hash_str, IdMap};

/// Number of list categories (bits of a mask).
pub(crate) const N_CAT: usize = 9;

/// Categories: names seen in the training data by type, then the actor KB's
/// lists.
pub(crate) const CAT_TRAIN_PER: usize = 0;
pub(crate) const CAT_KB_COUNTRY: usize = 4;
pub(crate) const CAT_KB_CAPITAL: usize = 5;
pub(crate) const CAT_KB_ORG: usize = 6;
pub(crate) const CAT_KB_PERSON: usize = 7;
/// Nationality words of the KB's countries (`Afghan`, `Nigerien`).
pub(crate) const CAT_KB_DEMONYM: usize = 8;

/// Longest name kept in a list, in tokens.
pub(crate) const MAX_LEN: usize = 8;

/// A name list: the hash of the lowercased tokens joined by single spaces
/// (see [`key`]) → category mask. Only hashes are kept, so the model file
/// holds no text of the training data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Gazetteer {
    pub(crate) map: IdMap<u16>,
}

impl Gazetteer {
    #[cfg(test)]
    pub(crate) fn insert(&mut self, tokens: &[&str], cat: usize) {
        if tokens.is_empty() || tokens.len() > MAX_LEN || cat >= N_CAT {
            return;
        }
        *self.map.entry(hash_str(&key(tokens))).or_default() |= 1 << cat;
    }

    /// The mask of a key.
    pub(crate) fn get(&self, key: &str) -> u16 {
        self.map.get(&hash_str(key)).copied().unwrap_or(0)
    }
}

/// The lookup key of a token sequence.
pub(crate) fn key<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut k = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.extend(t.as_ref().chars().flat_map(char::to_lowercase));
    }
    k
}

/// Gazetteer tags of one sentence: `out[i][c]` is 0 (no match), or
/// 1 + B/I/L/U for category `c`. `lower` are the lowercased tokens,
/// `can_start[i]` whether a name may start at token `i` (capitalised or a
/// digit), `lookup` gives the mask of a key.
pub(crate) fn tag_sentence(
    lower: &[&str],
    can_start: &[bool],
    lookup: impl Fn(&str) -> u16,
) -> Vec<[u8; N_CAT]> {
    let n = lower.len();
    let mut out = vec![[0u8; N_CAT]; n];
    // matches[i] = (length, mask) of every listed sequence starting at i.
    let mut matches: Vec<Vec<(usize, u16)>> = vec![Vec::new(); n];
    let mut k = String::new();
    for i in 0..n {
        if !can_start[i] {
            continue;
        }
        k.clear();
        for (len, tok) in lower[i..n.min(i + MAX_LEN)].iter().enumerate() {
            if len > 0 {
                k.push(' ');
            }
            k.push_str(tok);
            let m = lookup(&k);
            if m != 0 {
                matches[i].push((len + 1, m));
            }
        }
    }
    for c in 0..N_CAT {
        let bit = 1u16 << c;
        let mut i = 0;
        while i < n {
            let best = matches[i].iter().filter(|(_, m)| m & bit != 0).map(|&(l, _)| l).max();
            match best {
                Some(1) => {
                    out[i][c] = 4;
                    i += 1;
                }
                Some(l) => {
                    out[i][c] = 1;
                    for o in out.iter_mut().take(i + l - 1).skip(i + 1) {
                        o[c] = 2;
                    }
                    out[i + l - 1][c] = 3;
                    i += l;
                }
                None => i += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_per_category() {
        let mut g = Gazetteer::default();
        g.insert(&["New", "York"], CAT_KB_CAPITAL);
        g.insert(&["New", "York", "Times"], CAT_KB_ORG);
        g.insert(&["York"], CAT_KB_CAPITAL);
        let toks = ["the", "new", "york", "times"];
        let tags = tag_sentence(&toks, &[false, true, true, true], |k| g.get(k));
        assert_eq!(tags[1][CAT_KB_CAPITAL], 1);
        assert_eq!(tags[2][CAT_KB_CAPITAL], 3);
        assert_eq!(tags[1][CAT_KB_ORG], 1);
        assert_eq!(tags[2][CAT_KB_ORG], 2);
        assert_eq!(tags[3][CAT_KB_ORG], 3);
        assert_eq!(tags[0][CAT_KB_ORG], 0);
    }
}
