//! The lemmatizer: exceptions learned from the treebank, then suffix-rewrite
//! rules per XPOS learned from it too, for words it has not seen.

use super::hash::{comb, hash_bytes, IdMap};
use std::collections::BTreeMap;

/// Longest word ending a rule is conditioned on, in characters.
const MAX_CONTEXT: usize = 6;

/// A rewrite: drop `strip` characters, append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rule {
    pub strip: u8,
    pub add: Box<str>,
}

/// A rule with what it applies to: the XPOS and the word's ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleEntry {
    pub xpos: u8,
    pub suffix: Box<str>,
    pub rule: Rule,
}

/// A word whose lemma the rules get wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exception {
    pub form: Box<str>,
    pub xpos: u8,
    pub lemma: Box<str>,
}

/// The lemmatizer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lemmatizer {
    /// XPOS tags by id.
    pub xpos: Vec<Box<str>>,
    pub rules: Vec<RuleEntry>,
    pub exceptions: Vec<Exception>,
    pub(crate) rule_index: IdMap<u32>,
    pub(crate) exception_index: IdMap<u32>,
    /// Per XPOS id, the first id with the same name (what
    /// [`Lemmatizer::lemma`] finds by name; built by `index`).
    pub(crate) xpos_first: Vec<u8>,
}

/// Lemmas that hold whatever the data says (UD English conventions).
fn builtin(lower: &str, xpos: &str) -> Option<&'static str> {
    Some(match (lower, xpos) {
        ("n't" | "n’t" | "not", _) => "not",
        ("'s" | "’s", "VBZ") => "be",
        ("'re" | "’re", _) => "be",
        ("'m" | "’m", _) => "be",
        ("'ve" | "’ve", _) => "have",
        ("'ll" | "’ll", _) => "will",
        ("'d" | "’d", "MD") => "would",
        ("'d" | "’d", "VBD") => "have",
        ("ca", "MD") => "can",
        ("wo", "MD") => "will",
        ("sha", "MD") => "shall",
        _ => return None,
    })
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn last_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((b, _)) => &s[b..],
        None => s,
    }
}

fn rule_key(xpos: u8, suffix: &str) -> u64 {
    comb(u64::from(xpos) + 7, hash_bytes(suffix.as_bytes()))
}

fn exception_key(form: &str, xpos: u8) -> u64 {
    comb(hash_bytes(form.as_bytes()), u64::from(xpos) + 1001)
}

/// The rule turning `form` into `lemma`.
fn rule_of(form: &str, lemma: &str) -> Rule {
    let common = form.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let n = form.chars().count();
    let add: String = lemma.chars().skip(common).collect();
    Rule { strip: (n - common).min(255) as u8, add: add.into() }
}

fn apply(base: &str, rule: &Rule) -> Option<String> {
    let n = base.chars().count();
    let strip = usize::from(rule.strip);
    if strip > n || (strip == n && rule.add.is_empty()) {
        return None;
    }
    let cut =
        if strip == 0 { base.len() } else { base.char_indices().rev().nth(strip - 1).map_or(0, |(b, _)| b) };
    let mut out = String::with_capacity(cut + rule.add.len());
    out.push_str(&base[..cut]);
    out.push_str(&rule.add);
    Some(out)
}

impl Lemmatizer {
    /// Builds the indexes after the tables are filled.
    pub(crate) fn index(&mut self) {
        self.rule_index =
            self.rules.iter().enumerate().map(|(i, r)| (rule_key(r.xpos, &r.suffix), i as u32)).collect();
        self.exception_index = self
            .exceptions
            .iter()
            .enumerate()
            .map(|(i, e)| (exception_key(&e.form, e.xpos), i as u32))
            .collect();
        self.xpos_first = (0..self.xpos.len())
            .map(|i| self.xpos.get(i).and_then(|x| self.xpos_id(x)).unwrap_or(i as u8))
            .collect();
    }

    fn xpos_id(&self, xpos: &str) -> Option<u8> {
        self.xpos.iter().position(|x| &**x == xpos).map(|i| i as u8)
    }

    /// The lemma by rules alone (no exceptions).
    fn by_rules(&self, form: &str, xpos_id: Option<u8>, xpos: &str) -> String {
        let lower = lowercase(form);
        if let Some(l) = builtin(&lower, xpos) {
            return l.to_string();
        }
        if xpos == "NNP" {
            return form.to_string();
        }
        let base = if is_proper(xpos) { form.to_string() } else { lower };
        let Some(x) = xpos_id else { return base };
        let n = base.chars().count();
        for len in (0..=n.min(MAX_CONTEXT)).rev() {
            let suffix = last_chars(&base, len);
            if let Some(&i) = self.rule_index.get(&rule_key(x, suffix)) {
                if let Some(r) = self.rules.get(i as usize) {
                    if r.suffix.as_ref() == suffix {
                        if let Some(out) = apply(&base, &r.rule) {
                            return out;
                        }
                    }
                }
            }
        }
        base
    }

    fn exception(&self, form: &str, x: u8) -> Option<&str> {
        let &i = self.exception_index.get(&exception_key(form, x))?;
        let e = self.exceptions.get(i as usize)?;
        (*e.form == *form).then_some(&*e.lemma)
    }

    /// The lemma of `form` tagged `xpos`.
    pub(crate) fn lemma(&self, form: &str, xpos: &str) -> String {
        self.lemma_with(form, self.xpos_id(xpos), xpos)
    }

    /// [`Lemmatizer::lemma`] of `form` tagged with XPOS id `x` (no search
    /// of the tag by name).
    pub(crate) fn lemma_of_id(&self, form: &str, x: u8) -> String {
        match (self.xpos.get(usize::from(x)), self.xpos_first.get(usize::from(x))) {
            (Some(xpos), Some(&id)) => self.lemma_with(form, Some(id), xpos),
            (Some(xpos), None) => self.lemma(form, xpos),
            _ => self.lemma(form, "_"),
        }
    }

    fn lemma_with(&self, form: &str, id: Option<u8>, xpos: &str) -> String {
        if let Some(x) = id {
            if let Some(l) = self.exception(form, x) {
                return l.to_string();
            }
            if form.chars().any(char::is_uppercase) {
                if let Some(l) = self.exception(&lowercase(form), x) {
                    return l.to_string();
                }
            }
        }
        self.by_rules(form, id, xpos)
    }

    /// Learns rules and exceptions from `(form, xpos, lemma)` triples.
    pub(crate) fn train(xpos: Vec<Box<str>>, words: &[(&str, &str, &str)]) -> Lemmatizer {
        let mut lem = Lemmatizer { xpos, ..Lemmatizer::default() };
        // Most frequent lemma per (form, xpos).
        let mut counts: BTreeMap<(&str, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        for &(form, x, lemma) in words {
            if lemma == "_" || form.is_empty() || lemma.is_empty() {
                continue;
            }
            *counts.entry((form, x)).or_default().entry(lemma).or_default() += 1;
        }
        let best: Vec<(&str, &str, &str)> = counts
            .iter()
            .filter_map(|(&(form, x), ls)| {
                let mut top: Option<(&str, u32)> = None;
                for (&l, &c) in ls {
                    if top.is_none_or(|(_, tc)| c > tc) {
                        top = Some((l, c));
                    }
                }
                top.map(|(l, _)| (form, x, l))
            })
            .collect();
        // Rules from types: (xpos, ending) → rule → count.
        let mut ctx: BTreeMap<(u8, String), BTreeMap<Rule, u32>> = BTreeMap::new();
        for &(form, x, lemma) in &best {
            let Some(xid) = lem.xpos_id(x) else { continue };
            if x == "NNP" || builtin(&lowercase(form), x).is_some() {
                continue;
            }
            let (base, target) = if is_proper(x) {
                (form.to_string(), lemma.to_string())
            } else {
                (lowercase(form), lowercase(lemma))
            };
            let rule = rule_of(&base, &target);
            let n = base.chars().count();
            let strip = usize::from(rule.strip);
            for len in strip..=n.min(MAX_CONTEXT).max(strip) {
                if len > n {
                    break;
                }
                *ctx.entry((xid, last_chars(&base, len).to_string()))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        let mut chosen: BTreeMap<(u8, String), (Rule, u32)> = BTreeMap::new();
        for ((x, suffix), rules) in ctx {
            let total: u32 = rules.values().sum();
            let mut top: Option<(&Rule, u32)> = None;
            for (r, &c) in &rules {
                if top.is_none_or(|(_, tc)| c > tc) {
                    top = Some((r, c));
                }
            }
            if let Some((r, c)) = top {
                if suffix.is_empty() || (total >= 2 && c * 2 > total) || c >= 2 {
                    chosen.insert((x, suffix), (r.clone(), c));
                }
            }
        }
        // Drop contexts whose rule the next shorter context gives anyway,
        // longest first (so what a dropped context backs off to is unchanged).
        let mut keys: Vec<(u8, String)> = chosen.keys().cloned().collect();
        keys.sort_by_key(|(x, s)| (std::cmp::Reverse(s.chars().count()), *x, s.clone()));
        for (x, suffix) in keys {
            let n = suffix.chars().count();
            if n == 0 {
                continue;
            }
            let Some((rule, _)) = chosen.get(&(x, suffix.clone())).cloned() else { continue };
            let backoff = (0..n).rev().find_map(|len| chosen.get(&(x, last_chars(&suffix, len).to_string())));
            if backoff.is_some_and(|(r, _)| *r == rule)
                || (backoff.is_none() && rule.strip == 0 && rule.add.is_empty())
            {
                chosen.remove(&(x, suffix));
            }
        }
        lem.rules = chosen
            .into_iter()
            .map(|((xpos, suffix), (rule, _))| RuleEntry { xpos, suffix: suffix.into(), rule })
            .collect();
        lem.index();
        // Exceptions: what the rules get wrong.
        let mut exceptions = Vec::new();
        for &(form, x, lemma) in &best {
            let Some(xid) = lem.xpos_id(x) else { continue };
            if lem.by_rules(form, Some(xid), x) != lemma {
                exceptions.push(Exception { form: form.into(), xpos: xid, lemma: lemma.into() });
            }
        }
        lem.exceptions = exceptions;
        lem.index();
        lem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_builtins() {
        let xpos: Vec<Box<str>> =
            ["NNS", "VBD", "NNP", "RB", "VBZ", "MD"].iter().map(|s| (*s).into()).collect();
        let data = [
            ("soldiers", "NNS", "soldier"),
            ("groups", "NNS", "group"),
            ("cities", "NNS", "city"),
            ("parties", "NNS", "party"),
            ("talks", "NNS", "talk"),
            ("attacked", "VBD", "attack"),
            ("killed", "VBD", "kill"),
            ("wanted", "VBD", "want"),
            ("went", "VBD", "go"),
            ("Paris", "NNP", "Paris"),
        ];
        let lem = Lemmatizer::train(xpos, &data);
        assert_eq!(lem.lemma("troops", "NNS"), "troop");
        assert_eq!(lem.lemma("armies", "NNS"), "army");
        assert_eq!(lem.lemma("ousted", "VBD"), "oust");
        assert_eq!(lem.lemma("went", "VBD"), "go");
        assert_eq!(lem.lemma("n't", "RB"), "not");
        assert_eq!(lem.lemma("'s", "VBZ"), "be");
        assert_eq!(lem.lemma("ca", "MD"), "can");
        assert_eq!(lem.lemma("wo", "MD"), "will");
        assert_eq!(lem.lemma("Niger", "NNP"), "Niger");
        assert_eq!(lem.lemma("Troops", "NNS"), "troop");
    }
}
