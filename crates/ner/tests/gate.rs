//! Accuracy gate on the shared CoNLL-2003 dev set. Skipped unless
//! `DATELINE_GATES=1`; then missing data fails loudly.

use dateline_ner::data::spans_to_bio;
use dateline_ner::score::score_tags;
use dateline_ner::{read_tsv, NerModel};
use std::path::PathBuf;

fn enabled() -> bool {
    if std::env::var("DATELINE_GATES").as_deref() == Ok("1") {
        true
    } else {
        println!("skipped: set DATELINE_GATES=1");
        false
    }
}

fn shared(rel: &str) -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/")).join(rel);
    assert!(p.exists(), "gate data missing: {}", p.display());
    p
}

/// Issue 4's target: entity-level F1 >= 0.92 on CoNLL-2003 dev (gold tokens).
const CONLL_DEV_F1: f64 = 0.92;

#[test]
fn gate_conll2003_dev() {
    if !enabled() {
        return;
    }
    let docs = read_tsv(&shared("bench/ner/conll2003_dev.tsv")).expect("read dev");
    let model = NerModel::load_default().expect("data/models/ner.bin");
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for d in &docs {
        for (s, sp) in d.sentences.iter().zip(model.tag_document(&d.token_refs())) {
            gold.push(s.tags.clone());
            pred.push(spans_to_bio(s.tokens.len(), &sp));
        }
    }
    let s = score_tags(&gold, &pred, None);
    println!("conll2003_dev.tsv\n{s}");
    assert_eq!(s.overall.gold, 5942, "unexpected dev file");
    assert!(s.overall.f1 >= CONLL_DEV_F1, "CoNLL-2003 dev F1 {:.4} < {CONLL_DEV_F1}", s.overall.f1);
}
