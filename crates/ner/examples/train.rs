//! Trains the NER model.
//!
//! ```text
//! cargo run --release -p dateline-ner --example train -- TRAIN.tsv OUT.bin [--dev DEV.tsv] [--epochs N] [--two-pass] [--own-history] [--dropout P] [--rare-max N] [--seeds K] [--seed S] [--no-kb]
//! ```
//!
//! Single-threaded and deterministic: the same inputs give the same bytes.
//! Name lists come from the actor KB (`$DATELINE_KB`, else `data/kb`)
//! unless `--no-kb`; clusters from `data/models/clusters.tsv.gz`.

use dateline_ner::{data::spans_to_bio, kb_lists, read_tsv, score::score_tags, train, NerModel, TrainConfig};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut cfg = TrainConfig { verbose: true, ..TrainConfig::default() };
    let mut dev = None;
    let mut use_kb = true;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--dev" => {
                i += 1;
                dev = args.get(i).map(PathBuf::from);
            }
            "--epochs" => {
                i += 1;
                cfg.epochs = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.epochs);
            }
            "--prune" => {
                i += 1;
                cfg.prune = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.prune);
            }
            "--dropout" => {
                i += 1;
                cfg.rare_dropout = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.rare_dropout);
            }
            "--rare-max" => {
                i += 1;
                cfg.rare_max = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.rare_max);
            }
            "--seeds" => {
                i += 1;
                cfg.seeds = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.seeds);
            }
            "--seed" => {
                i += 1;
                cfg.seed = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(cfg.seed);
            }
            "--own-history" => cfg.gold_history = false,
            "--two-pass" => cfg.two_pass = true,
            "--no-kb" => use_kb = false,
            a => pos.push(a.to_string()),
        }
        i += 1;
    }
    if pos.len() != 2 {
        eprintln!(
            "usage: train TRAIN.tsv OUT.bin [--dev DEV.tsv] [--epochs N] [--prune X] [--two-pass] [--own-history] [--dropout P] [--rare-max N] [--seeds K] [--seed S] [--no-kb]"
        );
        return ExitCode::from(2);
    }
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let docs = read_tsv(&PathBuf::from(&pos[0]))?;
        if use_kb {
            let kb = dateline_actors::Kb::load_default()?;
            cfg.lists = kb_lists(&kb);
            eprintln!("{} KB names", cfg.lists.len());
        }
        let t0 = std::time::Instant::now();
        let model = train(&docs, &cfg)?;
        eprintln!("trained in {:.1?}; features {:?}", t0.elapsed(), model.n_features());
        let out = PathBuf::from(&pos[1]);
        model.save(&out)?;
        eprintln!("wrote {} ({} bytes)", out.display(), std::fs::metadata(&out)?.len());
        if let Some(dev) = dev {
            let t1 = std::time::Instant::now();
            let model = NerModel::load(&out)?;
            eprintln!("loaded in {:.1?}", t1.elapsed());
            let docs = read_tsv(&dev)?;
            let (mut gold, mut pred) = (Vec::new(), Vec::new());
            for d in &docs {
                let spans = model.tag_document(&d.token_refs());
                for (s, sp) in d.sentences.iter().zip(spans) {
                    gold.push(s.tags.clone());
                    pred.push(spans_to_bio(s.tokens.len(), &sp));
                }
            }
            println!("{}", score_tags(&gold, &pred, None));
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
