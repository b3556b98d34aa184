//! PETRARCH's validation suite (`petrarch2/validation/unittest_records.jsonl`)
//! with its own small dictionaries (`PETR.Validate.{verbs,actors,agents}.txt`),
//! parsed by dateline's parser (not the given Treebank trees). Shared by
//! `examples/eval_validation.rs` and the gate.
//!
//! Actors: names of the actor dictionary matched in the text (longest
//! match, case-insensitive), agents (`PRESIDENT [~GOV]`) glued to the
//! nearest actor name within three words, else coded alone. A record is
//! coded exactly when the set of (source, target, event) triples equals
//! the expected set (reciprocal events count both ways; like PETRARCH, an
//! event needs a source and a target); records expecting no event must get
//! none. Records marked not valid or expecting an error are skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use dateline_doc::{ActorMention, Document};
use dateline_events::petrarch::{read_actor_dictionary, read_verb_dictionary};
use dateline_events::{Codebook, EventCoder, PatternSet};
use std::collections::{BTreeSet, HashMap};

struct Names {
    map: HashMap<Vec<String>, (String, bool)>,
    longest: usize,
}

fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        let w = ch.is_alphanumeric() || ch == '-' || ch == '\'';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase()));
    }
    out
}

fn mentions(names: &Names, doc: &Document) -> Vec<ActorMention> {
    let ws = words(doc.text());
    let mut found: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut hit = None;
        for n in (1..=names.longest.min(ws.len() - i)).rev() {
            let key: Vec<String> =
                ws[i..i + n].iter().map(|w| w.2.trim_end_matches("'s").to_string()).collect();
            if let Some((code, agent)) = names.map.get(&key) {
                hit = Some((n, code.clone(), *agent));
                break;
            }
        }
        match hit {
            Some((n, code, agent)) => {
                found.push((ws[i].0, ws[i + n - 1].1, code, agent));
                i += n;
            }
            None => i += 1,
        }
    }
    // Glue agents to the nearest actor within three words.
    let mut out: Vec<ActorMention> = Vec::new();
    for (k, (a, b, code, agent)) in found.iter().enumerate() {
        if *agent {
            continue;
        }
        let mut code = code.clone();
        let mut range = (*a, *b);
        for (j, (c, d, acode, is_agent)) in found.iter().enumerate() {
            if !is_agent || j.abs_diff(k) > 1 {
                continue;
            }
            let gap = if c > b { &doc.text()[*b..*c] } else { &doc.text()[*d..*a] };
            if gap.split_whitespace().count() <= 3 && !code.ends_with(acode.as_str()) {
                code.push_str(acode);
                range = (range.0.min(*c), range.1.max(*d));
            }
        }
        let Ok(r) = doc.range(range.0, range.1) else { continue };
        let country = code.get(..3).map(str::to_string);
        out.push(ActorMention {
            range: r,
            code,
            country,
            kb_id: None,
            name: doc.text()[range.0..range.1].to_string(),
            chain: out.len() as u32,
            how: "petrarch".into(),
            members: Vec::new(),
        });
    }
    // Agents alone.
    for (a, b, code, agent) in &found {
        if *agent && !out.iter().any(|m| m.range.start().to_usize() <= *a && *b <= m.range.end().to_usize()) {
            if let Ok(r) = doc.range(*a, *b) {
                out.push(ActorMention {
                    range: r,
                    code: code.clone(),
                    country: None,
                    kb_id: None,
                    name: String::new(),
                    chain: out.len() as u32,
                    how: "agent".into(),
                    members: Vec::new(),
                });
            }
        }
    }
    out.sort_by_key(|m| m.range.start());
    out
}

/// The suite's figures.
pub struct Summary {
    pub records: usize,
    pub exact: usize,
    pub none_ok: usize,
    pub none_n: usize,
    pub tp: usize,
    pub npred: usize,
    pub ngold: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} records scored: {} coded exactly ({:.1}%); no-event records right {}/{}; event P {:.3} R {:.3}",
            self.records,
            self.exact,
            100.0 * self.exact as f64 / self.records.max(1) as f64,
            self.none_ok,
            self.none_n,
            self.tp as f64 / self.npred.max(1) as f64,
            self.tp as f64 / self.ngold.max(1) as f64
        )
    }
}

/// Runs the suite in `dir` (the `petrarch2` folder).
pub fn run(dir: &std::path::Path, verbose: bool) -> Result<Summary, Box<dyn std::error::Error>> {
    let d = dir.join("dictionaries");
    let verbs =
        read_verb_dictionary(&std::fs::read_to_string(d.join("PETR.Validate.verbs.txt"))?, "validate");
    let mut set = PatternSet::new();
    set.add_layer("validate", verbs.patterns);
    let mut coder = EventCoder::new_lenient(Codebook::load_default()?, set);
    // The suite measures reading and applying PETRARCH dictionaries (its
    // actors are dictionary codes without countries or KB entries), so every
    // candidate is scored, not the stored output's confidence filter.
    coder.options.min_confidence = 0.0;
    let mut names = Names { map: HashMap::new(), longest: 1 };
    for e in read_actor_dictionary(&std::fs::read_to_string(d.join("PETR.Validate.actors.txt"))?) {
        for n in e.names {
            let key: Vec<String> = n.split_whitespace().map(str::to_string).collect();
            names.longest = names.longest.max(key.len());
            names.map.entry(key).or_insert((e.code.clone(), false));
        }
    }
    for e in read_actor_dictionary(&std::fs::read_to_string(d.join("PETR.Validate.agents.txt"))?) {
        for n in e.names {
            if n.contains('!') {
                continue;
            }
            let key: Vec<String> = n.split_whitespace().map(str::to_string).collect();
            names.longest = names.longest.max(key.len());
            names.map.entry(key).or_insert((e.code.clone(), true));
        }
    }
    let (mut n, mut exact, mut none_ok, mut none_n) = (0, 0, 0, 0);
    let (mut tp, mut npred, mut ngold) = (0usize, 0usize, 0usize);
    let records = std::fs::read_to_string(dir.join("validation/unittest_records.jsonl"))?;
    for line in records.lines() {
        let r: serde_json::Value = serde_json::from_str(line)?;
        if r["valid"] == serde_json::Value::Bool(false) || !r["expect_error"].is_null() {
            continue;
        }
        let text = r["text"].as_str().unwrap_or("");
        let mut doc = crate::common::parsed_document(text, None, false);
        doc.actors = mentions(&names, &doc);
        let events = coder.code(&doc);
        let mut pred: BTreeSet<(String, String, String)> = BTreeSet::new();
        for e in &events {
            let s = e.source.as_ref().map(|s| s.code.clone()).unwrap_or_default();
            let t = e.target.as_ref().map(|s| s.code.clone()).unwrap_or_default();
            // PETRARCH codes an event only with both a source and a target.
            if s.is_empty() || t.is_empty() {
                continue;
            }
            pred.insert((s.clone(), t.clone(), e.cameo.clone()));
            if e.reciprocal {
                pred.insert((t, s, e.cameo.clone()));
            }
        }
        let gold: BTreeSet<(String, String, String)> = r["expected_events"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|g| {
                        let f = |k: &str| g[k].as_str().unwrap_or("").to_string();
                        (f("source"), f("target"), f("event"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        n += 1;
        tp += pred.intersection(&gold).count();
        npred += pred.len();
        ngold += gold.len();
        if pred == gold {
            exact += 1;
        }
        if gold.is_empty() {
            none_n += 1;
            none_ok += pred.is_empty() as usize;
        }
        if verbose && pred != gold {
            println!("{} {text}\n  gold {gold:?}\n  pred {pred:?}", r["id"]);
        }
    }
    Ok(Summary { records: n, exact, none_ok, none_n, tp, npred, ngold })
}
