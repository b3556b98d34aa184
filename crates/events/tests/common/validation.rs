//! PETRARCH's validation suite (`petrarch2/validation/unittest_records.jsonl`)
//! with its own small dictionaries (`PETR.Validate.{verbs,actors,agents}.txt`),
//! parsed by dateline's parser (not the given Treebank trees). Shared by
//! `examples/eval_validation.rs` and the gate.
//!
//! Actors: [`PetrarchActors`] over the suite's actor, agent and discard
//! dictionaries, at each record's date. A record is
//! coded exactly when the set of (source, target, event) triples equals
//! the expected set (reciprocal events count both ways; like PETRARCH, an
//! event needs a source and a target); records expecting no event must get
//! none. Records marked not valid or expecting an error are skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use dateline_events::petrarch::read_verb_dictionary;
use dateline_events::{Codebook, EventCoder, PatternSet, PetrarchActors};
use std::collections::BTreeSet;

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
    // PETRARCH codes each sentence on its own: no merging of mentions.
    coder.options.merge = false;
    let mut actors = PetrarchActors::new();
    actors.read_actors(&std::fs::read_to_string(d.join("PETR.Validate.actors.txt"))?);
    actors.read_agents(&std::fs::read_to_string(d.join("PETR.Validate.agents.txt"))?);
    actors.read_discards(&std::fs::read_to_string(d.join("PETR.Validate.discards.txt"))?);
    let debug = std::env::var("PETR_ID").ok();
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
        let date = r["date"].as_str().and_then(|d| d.parse::<u32>().ok());
        doc.actors = actors.mentions(&doc, date);
        if debug.as_deref().is_some_and(|d| r["id"].as_str().is_some_and(|id| id.starts_with(d))) {
            for (i, t) in doc.tokens.iter().enumerate() {
                let dep = t.dep.as_ref();
                println!(
                    "  {i}\t{}\t{}\t{}\t{}",
                    doc.slice(t.range),
                    t.upos.map_or("_", |u| u.as_str()),
                    dep.and_then(|d| d.head).map_or("-".into(), |h| h.to_string()),
                    dep.map_or("_", |d| &d.rel)
                );
            }
            for m in &doc.actors {
                println!("  ACTOR {:?} {} {:?} {:?}", doc.slice(m.range), m.code, m.country, m.members);
            }
        }
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
