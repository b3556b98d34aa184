//! Tokenisation and sentence-splitting scores on the UD English dev (and
//! train) sets, and segmenter speed on the Wikinews corpus.
//!
//! ```text
//! cargo run --release -p dateline-nlp --example segment_eval [-- --errors N] [--train]
//! ```
//! Data: `../shared/bench/syntax/*.conllu.gz`,
//! `../shared/corpus/wikinews-en-2019-2020/articles.jsonl.gz`
//! (override the directory with `DATELINE_SHARED`).

use dateline_doc::{Document, Layer, Layers, Meta, Pipeline, Stage, TextRange};
use dateline_nlp::eval::{self, GoldDoc};
use dateline_nlp::segment::Segmenter;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let shared = PathBuf::from(std::env::var("DATELINE_SHARED").unwrap_or_else(|_| "../shared".into()));
    let mut sets = vec!["en_ewt-dev", "en_gum-dev"];
    if args.iter().any(|a| a == "--train") {
        sets.extend(["en_ewt-train", "en_gum-train"]);
    }
    let seg = Segmenter::new();
    let base = Layers::of(&[Layer::Text, Layer::Blocks]);
    let pipeline = Pipeline::build(base, vec![Box::new(Segmenter::new())])?;
    println!(
        "{:<14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "treebank", "words", "tok-P", "tok-R", "tok-F1", "sent-F1", "misaligned"
    );
    for set in sets {
        let path = shared.join("bench/syntax").join(format!("{set}.conllu.gz"));
        let docs = eval::reconstruct(&dateline_nlp::conllu::read_file(&path)?);
        let s = eval::evaluate_raw(&docs, &pipeline)?;
        let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
        println!(
            "{set:<14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
            s.gold_words,
            f(s.tokens_precision),
            f(s.tokens_recall),
            f(s.tokens_f1),
            f(s.sentences_f1),
            s.misaligned
        );
        if errors > 0 {
            show_errors(&seg, &docs, errors);
        }
    }

    // Speed on Wikinews.
    let path = shared.join("corpus/wikinews-en-2019-2020/articles.jsonl.gz");
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(&path)?));
    let mut texts = Vec::new();
    for line in reader.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_string());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut docs: Vec<Document> =
        texts.into_iter().filter_map(|t| Document::new(t, Meta::default()).ok()).collect();
    let mut best = f64::MAX;
    let mut n_tokens = 0;
    let mut n_sents = 0;
    for _ in 0..3 {
        let t0 = Instant::now();
        n_tokens = 0;
        n_sents = 0;
        for d in &mut docs {
            seg.run(d);
            n_tokens += d.tokens.len();
            n_sents += d.sentences.len();
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "wikinews: {} docs, {:.1} MB, {} tokens, {} sentences; segment {:.3} s = {:.2} M tokens/s, {:.1} MB/s (one core, best of 3)",
        docs.len(),
        bytes as f64 / 1e6,
        n_tokens,
        n_sents,
        best,
        n_tokens as f64 / best / 1e6,
        bytes as f64 / best / 1e6
    );
    Ok(())
}

/// Prints up to `limit` token and sentence errors with context.
fn show_errors(seg: &Segmenter, docs: &[GoldDoc], limit: usize) {
    let (mut tok_shown, mut sent_shown) = (0, 0);
    for d in docs {
        let mut pred = Vec::new();
        let mut psents = Vec::new();
        for p in &d.paragraphs {
            if let Ok(r) = TextRange::checked(&d.text, p.start, p.end) {
                seg.segment_into(&d.text, r, &mut pred, &mut psents);
            }
        }
        let pred_set: HashSet<(usize, usize)> =
            pred.iter().map(|r| (r.start().to_usize(), r.end().to_usize())).collect();
        let gold_set: HashSet<(usize, usize)> =
            d.words.iter().filter_map(|w| w.span.clone()).map(|s| (s.start, s.end)).collect();
        for (i, w) in d.words.iter().enumerate() {
            let Some(span) = &w.span else { continue };
            if tok_shown < limit && !pred_set.contains(&(span.start, span.end)) {
                tok_shown += 1;
                // the whitespace chunk around the word
                let a = d.text[..span.start].rfind(char::is_whitespace).map_or(0, |k| k + 1);
                let b = d.text[span.end..].find(char::is_whitespace).map_or(d.text.len(), |k| span.end + k);
                let gold: Vec<&str> = d
                    .words
                    .iter()
                    .filter_map(|w| w.span.clone())
                    .filter(|s| s.start >= a && s.end <= b)
                    .map(|s| &d.text[s])
                    .collect();
                let got: Vec<&str> = pred
                    .iter()
                    .filter(|r| r.start().to_usize() >= a && r.end().to_usize() <= b)
                    .map(|r| &d.text[r.to_std()])
                    .collect();
                println!("  TOK gold {:<40} got {}", gold.join("|"), got.join("|"));
                let _ = i;
            }
        }
        let _ = gold_set;
        let gold_sents: HashSet<(usize, usize)> = d
            .sentences
            .iter()
            .filter_map(|s| {
                let a = d.words.get(s.start)?.span.clone()?;
                let b = d.words.get(s.end.checked_sub(1)?)?.span.clone()?;
                Some((a.start, b.end))
            })
            .collect();
        for s in &psents {
            let (a, b) = (pred[s.start].start().to_usize(), pred[s.end - 1].end().to_usize());
            if sent_shown < limit && !gold_sents.contains(&(a, b)) {
                sent_shown += 1;
                let ctx_end = (b + 40).min(d.text.len());
                let ctx_end =
                    (ctx_end..=d.text.len()).find(|&k| d.text.is_char_boundary(k)).unwrap_or(d.text.len());
                println!("  SENT got [{}] ⟩ {}", &d.text[a..b], d.text[b..ctx_end].replace('\n', "¶"));
            }
        }
    }
}
