//! Tags the documents of a shared `.jsonl` file from their raw text:
//! dateline's segmenter (each line of `text` is a block, as a headline or a
//! paragraph would be), then the NER model; writes the predictions with
//! character offsets in the scorer's format.
//!
//! ```text
//! cargo run --release -p dateline-ner --example eval_jsonl -- GOLD.jsonl PRED.jsonl [MODEL.bin]
//! python3 ../shared/bench/ner/score.py GOLD.jsonl PRED.jsonl
//! ```

use dateline_doc::{OffsetIndex, TextRange};
use dateline_ner::NerModel;
use dateline_nlp::segment::Segmenter;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: eval_jsonl GOLD.jsonl PRED.jsonl [MODEL.bin]");
        return ExitCode::from(2);
    }
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let model = match args.get(2) {
            Some(p) => NerModel::load(&PathBuf::from(p))?,
            None => NerModel::load_default()?,
        };
        let seg = Segmenter::new();
        let input = std::io::BufReader::new(std::fs::File::open(&args[0])?);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&args[1])?);
        let (mut n_tok, mut n_doc) = (0usize, 0usize);
        let t0 = std::time::Instant::now();
        for line in input.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)?;
            let text = v["text"].as_str().unwrap_or("");
            let (mut toks, mut sents) = (Vec::new(), Vec::new());
            let mut pos = 0;
            for l in text.split_inclusive('\n') {
                let r = TextRange::checked(text, pos, pos + l.trim_end().len())?;
                seg.segment_into(text, r, &mut toks, &mut sents);
                pos += l.len();
            }
            n_tok += toks.len();
            n_doc += 1;
            let ents = model.tag_tokens(text, &toks, &sents);
            let idx = OffsetIndex::new(text);
            let ents: Vec<serde_json::Value> = ents
                .iter()
                .map(|e| {
                    let (s, t) = idx.char_range(e.range);
                    serde_json::json!({"start": s, "end": t, "type": e.kind.as_str(),
                        "text": &text[e.range.to_std()], "score": e.score})
                })
                .collect();
            let o = serde_json::json!({"id": v["id"], "entities": ents});
            writeln!(out, "{o}")?;
        }
        let dt = t0.elapsed();
        eprintln!(
            "{n_doc} documents, {n_tok} tokens in {dt:.2?} ({:.0} tokens/s)",
            n_tok as f64 / dt.as_secs_f64()
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
