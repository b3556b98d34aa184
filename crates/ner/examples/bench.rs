//! Speed of dateline's segmenter + NER on a corpus of JSON lines with a
//! `text` field (gzipped or not), one thread. Prints
//! `tokens seconds tokens_per_s entities` for the best of `RUNS` runs, and
//! the share of the segmenter alone.
//!
//! ```text
//! cargo run --release -p dateline-ner --example bench -- CORPUS.jsonl.gz [RUNS]
//! ```

use dateline_doc::{Document, Meta, Stage};
use dateline_ner::NerModel;
use dateline_nlp::segment::Segmenter;
use std::io::{BufRead, Read};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: bench CORPUS.jsonl[.gz] [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let t = Instant::now();
        let model = NerModel::load_default()?;
        let load = t.elapsed();
        let file = std::fs::File::open(path)?;
        let reader: Box<dyn Read> =
            if path.ends_with(".gz") { Box::new(flate2::read::GzDecoder::new(file)) } else { Box::new(file) };
        let mut texts = Vec::new();
        for line in std::io::BufReader::new(reader).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)?;
            texts.push(v["text"].as_str().unwrap_or("").to_string());
        }
        let seg = Segmenter::new();
        let (mut best, mut best_seg) = (Duration::MAX, Duration::MAX);
        let (mut n_tok, mut n_ent) = (0usize, 0usize);
        for _ in 0..runs.max(1) {
            let (mut t_all, mut t_seg) = (Duration::ZERO, Duration::ZERO);
            (n_tok, n_ent) = (0, 0);
            for text in &texts {
                let mut doc = Document::new(text.clone(), Meta::default())?;
                let t0 = Instant::now();
                seg.run(&mut doc);
                let t1 = Instant::now();
                model.run(&mut doc);
                let t2 = Instant::now();
                t_all += t2 - t0;
                t_seg += t1 - t0;
                n_tok += doc.tokens.len();
                n_ent += doc.entities.len();
            }
            best = best.min(t_all);
            best_seg = best_seg.min(t_seg);
        }
        println!("model load: {:.1} ms", load.as_secs_f64() * 1e3);
        println!("documents: {}  tokens: {n_tok}  entities: {n_ent}", texts.len());
        println!(
            "segment+ner: {:.3} s  {:.0} tokens/s  (segmenter alone {:.3} s, NER {:.0} tokens/s)",
            best.as_secs_f64(),
            n_tok as f64 / best.as_secs_f64(),
            best_seg.as_secs_f64(),
            n_tok as f64 / (best - best_seg).as_secs_f64()
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
