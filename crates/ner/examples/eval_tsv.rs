//! Tags a token file (gold tokens) with a model and scores it like the
//! shared `score.py`; optionally writes `token<TAB>gold<TAB>pred` lines
//! (conlleval input, `python3 score.py OUT.tsv` reads it).
//!
//! ```text
//! cargo run --release -p dateline-ner --example eval_tsv -- MODEL.bin GOLD.tsv [OUT.tsv]
//! ```

use dateline_ner::{data::spans_to_bio, read_tsv, score::score_tags, NerModel};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: eval_tsv MODEL.bin GOLD.tsv [OUT.tsv]");
        return ExitCode::from(2);
    }
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let t0 = std::time::Instant::now();
        let model = NerModel::load(&PathBuf::from(&args[0]))?;
        eprintln!("loaded in {:.1?}", t0.elapsed());
        let docs = read_tsv(&PathBuf::from(&args[1]))?;
        let (mut gold, mut pred) = (Vec::new(), Vec::new());
        let mut out = String::new();
        let t1 = std::time::Instant::now();
        let mut n = 0usize;
        for d in &docs {
            out.push_str("-DOCSTART-\tO\tO\n\n");
            let spans = model.tag_document(&d.token_refs());
            for (s, sp) in d.sentences.iter().zip(spans) {
                let p = spans_to_bio(s.tokens.len(), &sp);
                for ((t, g), p) in s.tokens.iter().zip(&s.tags).zip(&p) {
                    out.push_str(&format!("{t}\t{g}\t{p}\n"));
                }
                out.push('\n');
                n += s.tokens.len();
                gold.push(s.tags.clone());
                pred.push(p);
            }
        }
        let dt = t1.elapsed();
        eprintln!("{n} tokens in {dt:.2?} ({:.0} tokens/s)", n as f64 / dt.as_secs_f64());
        println!("{}", score_tags(&gold, &pred, None));
        if let Some(o) = args.get(2) {
            std::fs::File::create(o)?.write_all(out.as_bytes())?;
        }
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
