//! Readers for PETRARCH dictionaries, so existing users' files load
//! directly: the verb pattern dictionary (PETRARCH-2 `CAMEO.2.0.txt`
//! syntax, which also covers the PETRARCH-1 files of the validation suite).
//! Actor, agent and discard dictionaries are read by
//! [`crate::petrarch_actors::PetrarchActors`].
//!
//! A verb block is `--- NAME [code] ---`, then verb lines (`MEET {MEETS MET
//! MEETING}`, `+MEET_WITH` for a verb plus particle, optionally with its own
//! `[code]`), then patterns `- pre * post [code] # comment` that apply to
//! every verb of the block. Words before and after `*` become the
//! pattern's [`Sequence`]: a space lets other words come
//! between, `_` joins consecutive words (`IN_*`, `*_OUT`,
//! `NEW_&TIETYPES_RELATIONS`), `&SET` is a synonym set (`&NAME` then
//! `+member` lines; members may be phrases or other sets), `$`/`+` the
//! source/target actor there, `%` a compound actor, `^` (skip a noun
//! phrase) a gap, `{A B}` a noun phrase's words. PETRARCH-2's `(PREP NOUN)`
//! is a prepositional dependent (`$`/`+` inside it put the source/target
//! there). Codes are `[042]`, `[042:043]` (source:target codes; equal ones
//! mean a reciprocal event) or `[---]` (do not code).
//!
//! Patterns naming an undefined synset, or a preposition of several words,
//! are dropped and counted.

use crate::patterns::{Pattern, Role, SeqItem, SeqStep, Sequence, Slot, TriggerKind, Words};
use std::collections::HashMap;

/// What reading a verb dictionary gave.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    /// Patterns: for each verb of each block, its default pattern and the
    /// block's patterns.
    pub patterns: Vec<Pattern>,
    /// Pattern lines that could not be represented.
    pub dropped: usize,
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("").trim_end()
}

fn code_of(bracket: &str) -> Code {
    let inner = bracket.trim().trim_start_matches('[').trim_end_matches(']').trim();
    let parts: Vec<&str> = inner.split(':').map(str::trim).collect();
    let first = parts.iter().find(|p| !p.is_empty()).copied().unwrap_or("---");
    let recip = parts.len() == 2 && !parts[0].is_empty() && parts[0] == parts[1];
    let first: String = first
        .split_whitespace()
        .next()
        .unwrap_or(first)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    let code = (first != "---" && !first.is_empty()).then_some(first);
    (code, recip)
}

/// A synset member or pattern word as lower-case words ("GOLDEN_GOBLIN_GALLEONS").
fn phrase(s: &str) -> Vec<String> {
    s.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Splits the part after `*` into items: words, `(..)` and `{..}` groups.
fn items(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for ch in s.chars() {
        match ch {
            '(' | '{' => {
                depth += 1;
                cur.push(ch);
            }
            ')' | '}' => {
                depth -= 1;
                cur.push(ch);
                if depth <= 0 {
                    depth = 0;
                    out.push(std::mem::take(&mut cur));
                }
            }
            c if c.is_whitespace() && depth == 0 => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// A code with its reciprocal flag.
type Code = (Option<String>, bool);

fn verb_line(line: &str) -> Option<(String, Option<String>, Option<Code>)> {
    let l = strip_comment(line).trim();
    let code = l.find('[').map(|i| code_of(&l[i..]));
    let head = l.split(['{', '[']).next()?.trim();
    let head = head.trim_start_matches('+');
    let mut parts = head.split(['_', ' ']).filter(|w| !w.is_empty());
    let lemma = parts.next()?.to_lowercase();
    if !lemma.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'') {
        return None;
    }
    let prt = parts.next().map(|p| p.trim_start_matches('+').to_lowercase()).filter(|p| !p.is_empty());
    Some((lemma, prt, code))
}

/// Reads a PETRARCH verb dictionary; `name` prefixes pattern ids.
pub fn read_verb_dictionary(text: &str, name: &str) -> VerbDictionary {
    let mut synsets: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut out = VerbDictionary::default();
    // Synonym sets first (they may be defined anywhere).
    let mut current: Option<String> = None;
    for line in text.lines() {
        let l = strip_comment(line).trim();
        if let Some(n) = l.strip_prefix('&') {
            current = Some(n.split_whitespace().next().unwrap_or("").trim_end_matches('_').to_uppercase());
        } else if let (Some(set), Some(m)) = (&current, l.strip_prefix('+')) {
            let members: Vec<Vec<String>> = if m.trim_start().starts_with('&') {
                let key = m.trim().trim_start_matches('&').trim_end_matches('_').to_uppercase();
                synsets.get(&key).cloned().unwrap_or_default()
            } else {
                vec![phrase(m.trim())].into_iter().filter(|p| !p.is_empty()).collect()
            };
            synsets.entry(set.clone()).or_default().extend(members);
        } else if !l.is_empty() {
            current = None;
        }
    }
    struct Block {
        name: String,
        code: Code,
        verbs: Vec<(String, Option<String>, Code)>,
        patterns: Vec<(usize, String)>,
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_set = false;
    for (n, line) in text.lines().enumerate() {
        let l = strip_comment(line).trim();
        if l.is_empty() || l.starts_with("<!--") {
            continue;
        }
        if l.starts_with('&') {
            in_set = true;
            continue;
        }
        if let Some(rest) = l.strip_prefix("---") {
            in_set = false;
            let rest = rest.trim_end_matches('-').trim();
            let bname = rest.split('[').next().unwrap_or("").trim().to_string();
            let code = rest.find('[').map_or((None, false), |i| code_of(&rest[i..]));
            blocks.push(Block { name: bname, code, verbs: Vec::new(), patterns: Vec::new() });
            continue;
        }
        let Some(block) = blocks.last_mut() else { continue };
        if l.starts_with('-') {
            block.patterns.push((n + 1, l.to_string()));
            continue;
        }
        if in_set && l.starts_with('+') {
            continue;
        }
        in_set = false;
        if let Some((lemma, prt, code)) = verb_line(l) {
            let code = code.unwrap_or_else(|| block.code.clone());
            block.verbs.push((lemma, prt, code));
        }
    }
    for b in &blocks {
        for (lemma, prt, (code, recip)) in &b.verbs {
            let base = Pattern {
                kind: TriggerKind::Verb,
                lemma: lemma.clone(),
                obj: None,
                preps: Vec::new(),
                prt: prt.clone(),
                xcomp: None,
                subj: None,
                seq: None,
                code: code.clone(),
                reciprocal: *recip,
                speech: false,
                both: true,
                source: None,
                target: None,
                id: format!("{name}:{}:{}", b.name, lemma),
            };
            for (line_no, pat) in &b.patterns {
                match block_pattern(pat, &base, &synsets) {
                    Some(mut p) => {
                        p.id = format!("{name}:{}:{line_no}", b.name);
                        // A pattern with context words is specific enough
                        // to code with one side; the bare verb is not.
                        p.both = false;
                        out.patterns.push(p);
                    }
                    None => out.dropped += 1,
                }
            }
            out.patterns.push(base);
        }
    }
    out
}

/// One element of a pattern line: the trigger, a sequence element, or
/// nothing (`^`, PETRARCH's "skip a noun phrase", is a gap).
enum Elem {
    Star,
    Item(SeqItem),
    Gap,
}

fn elem(word: &str, synsets: &HashMap<String, Vec<Vec<String>>>) -> Option<Elem> {
    Some(match word {
        "*" => Elem::Star,
        "$" => Elem::Item(SeqItem::Source),
        "+" => Elem::Item(SeqItem::Target),
        "%" => Elem::Item(SeqItem::Compound),
        "^" => Elem::Gap,
        // a stray bracket or other syntax inside a word ("VISIT)"): unusable
        w if w.contains(['(', ')', '{', '}', '[', ']', '"', '|', '=', '*', '$', '%']) => return None,
        w => match w.strip_prefix('&') {
            // an undefined synset makes the pattern unusable (as in PETRARCH)
            Some(name) => Elem::Item(SeqItem::Words(synsets.get(&name.to_uppercase())?.clone())),
            None => Elem::Item(SeqItem::Words(vec![vec![w.to_lowercase()]])),
        },
    })
}

fn block_pattern(line: &str, base: &Pattern, synsets: &HashMap<String, Vec<Vec<String>>>) -> Option<Pattern> {
    let body = strip_comment(line).trim_start_matches('-').trim();
    let (lhs, code) = match body.find('[') {
        Some(i) => (&body[..i], code_of(&body[i..])),
        None => (body, (None, false)),
    };
    let mut p = base.clone();
    p.code = code.0;
    p.reciprocal = code.1;
    // (element, glued to the element before it)
    let mut elems: Vec<(Elem, bool)> = Vec::new();
    let mut seen_star = false;
    for it in items(lhs) {
        let it = it.trim();
        if let Some(inner) = it.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            // PETRARCH-2 `(PREP NOUN)`: a prepositional dependent.
            if !seen_star {
                return None;
            }
            let words: Vec<&str> = inner.split_whitespace().collect();
            let Some(prep) = words.first() else { continue };
            let prep = prep.to_lowercase().replace('_', " ");
            if prep.contains(' ') || prep.starts_with(['&', '{', '$', '+', '%', '^']) {
                return None;
            }
            let rest: Vec<&str> = words.iter().skip(1).copied().collect();
            if rest.contains(&"$") {
                p.source = Some(Role { slot: Slot::Prep(prep.clone()), sector: None });
            }
            if rest.contains(&"+") {
                p.target = Some(Role { slot: Slot::Prep(prep.clone()), sector: None });
            }
            let nouns: Vec<&str> =
                rest.iter().copied().filter(|w| !matches!(*w, "$" | "+" | "%" | "^")).collect();
            let noun = nouns.last().map(|w| w.trim_matches(['{', '}']));
            let nw = match noun {
                Some(w) if w.starts_with('&') => {
                    let set = synsets.get(&w[1..].trim_end_matches('_').to_uppercase())?;
                    Some(Words(set.iter().filter_map(|ph| ph.last().cloned()).collect()))
                }
                Some(w) => phrase(w).last().map(|l| Words(vec![l.clone()])),
                None => None,
            };
            p.preps.push((prep, nw.filter(|w| !w.0.is_empty())));
            elems.push((Elem::Gap, false));
            continue;
        }
        // `{A B}` (PETRARCH-2 noun phrase): its words in order.
        let chunk = it.trim_start_matches('{').trim_end_matches('}');
        for (k, part) in chunk.split(['_', ' ']).enumerate() {
            if part.is_empty() {
                continue;
            }
            let e = elem(part, synsets)?;
            seen_star |= matches!(e, Elem::Star);
            elems.push((e, k > 0 && !it.starts_with('{')));
        }
    }
    let star = elems.iter().position(|(e, _)| matches!(e, Elem::Star))?;
    let mut seq = Sequence::default();
    for (k, (e, _)) in elems.iter().enumerate() {
        let Elem::Item(item) = e else { continue };
        if k < star {
            let glued = elems.get(k + 1).is_some_and(|n| n.1 && !matches!(n.0, Elem::Gap));
            seq.before.push(SeqStep { item: item.clone(), glued });
        } else {
            let prev_gap = matches!(elems[k - 1].0, Elem::Gap);
            seq.after.push(SeqStep { item: item.clone(), glued: elems[k].1 && !prev_gap });
        }
    }
    if seq.before.is_empty() && seq.after.is_empty() && p.preps.is_empty() {
        return None;
    }
    if !(seq.before.is_empty() && seq.after.is_empty()) {
        p.seq = Some(seq);
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "&DEFENSE\n+DEFENSE\n+DEFENCE\n\n---  MEET_PEOPLE   [040]  ---\n+MEET_WITH {+MET_WITH}\nMEET {MEETS MET MEETING}\n- * (WITH LEADERS)     [036:036]     # MEET\n- * PAYMENT  [061]  # MEET\n- * &DEFENSE TIES [062]\n- POLICE * [---]\n";

    #[test]
    fn reads_blocks_and_patterns() {
        let d = read_verb_dictionary(DICT, "p");
        let meet: Vec<_> = d.patterns.iter().filter(|p| p.lemma == "meet" && p.prt.is_none()).collect();
        assert_eq!(meet.len(), 5);
        assert!(meet.iter().any(|p| p.code.as_deref() == Some("040") && p.obj.is_none() && p.seq.is_none()));
        let with = meet.iter().find(|p| !p.preps.is_empty()).unwrap();
        assert_eq!(with.preps[0].0, "with");
        assert!(with.reciprocal);
        // words after the verb: the synset's words, then TIES
        let def = meet.iter().find(|p| p.code.as_deref() == Some("062")).unwrap();
        assert_eq!(def.seq.as_ref().unwrap().to_string(), "* (defense|defence) ties");
        // words before the verb
        let police = meet.iter().find(|p| p.code.is_none() && p.seq.is_some()).unwrap();
        assert_eq!(police.seq.as_ref().unwrap().to_string(), "police *");
        assert!(d.patterns.iter().any(|p| p.prt.as_deref() == Some("with")));
        assert_eq!(d.dropped, 0);
    }

    #[test]
    fn reads_sequences() {
        let dict = "&TIE\n+MILITARY\n+ECONOMIC SANCTIONS\n&NEG\n+DID N'T\n&ALL\n+&TIE\n+CLOSER\n\
                    --- ACT [100] ---\nACT\n- INDICATED WOULD * NOW [1010]\n- IN_* [075]\n- * NEW_&TIE_RELATIONS [903]\n\
                    - &NEG *_OUT [904]\n- + * IN $ [075]\n- % * [030:030]\n- * EID AT ^ WITH + [043]\n- * &ALL [083]\n\
                    - * &UNDEFINED [099]\n- * VENTURE VISIT) [042]\n- * POLICE (TO BORDER) (WITH $) [153]\n";
        let d = read_verb_dictionary(dict, "p");
        let seqs: Vec<(String, String)> = d
            .patterns
            .iter()
            .filter_map(|p| Some((p.seq.as_ref()?.to_string(), p.code.clone().unwrap_or_default())))
            .collect();
        let want = [
            ("indicated would * now", "1010"),
            ("in_*", "075"),
            ("* new_(military|economic_sanctions)_relations", "903"),
            ("(did_n't) *_out", "904"),
            ("+ * in $", "075"),
            ("% *", "030"),
            ("* eid at with +", "043"),
            // an embedded synset's members, then its own
            ("* (military|economic_sanctions|closer)", "083"),
            ("* police", "153"),
        ];
        assert_eq!(seqs, want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec());
        // an undefined synset or a stray bracket makes the pattern unusable
        assert_eq!(d.dropped, 2);
        let police = d.patterns.iter().find(|p| p.code.as_deref() == Some("153")).unwrap();
        assert_eq!(police.preps[0].0, "to");
        assert_eq!(police.source.as_ref().map(|r| &r.slot), Some(&Slot::Prep("with".into())));
        // each sequence reads back from the line format
        for p in &d.patterns {
            let line = format!("{p}");
            let q = crate::patterns::parse_line(&line, "x").unwrap();
            assert_eq!(q.seq, p.seq, "{line}");
        }
    }
}
