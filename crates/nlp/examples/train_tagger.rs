//! Trains the tagger on EWT train + GUM train (without GUM's CC BY-NC-SA
//! wikiHow and fiction documents), scores it on EWT dev and GUM dev from gold
//! tokens and times it.
//!
//! ```text
//! cargo run --release -p dateline-nlp --example train_tagger -- data/models/tagger.bin 10
//! cargo run --release -p dateline-nlp --example train_tagger -- --eval data/models/tagger.bin
//! ```

use dateline_nlp::conllu::{self, TreebankSentence};
use dateline_nlp::tag::{DenseConfig, LstmConfig, Tagger, TrainConfig};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn bench_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/syntax"))
}

fn read(name: &str) -> Vec<TreebankSentence> {
    let path = bench_dir().join(name);
    conllu::read_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// GUM without the genres that are not CC BY.
fn redistributable(sents: Vec<TreebankSentence>) -> Vec<TreebankSentence> {
    let mut keep = true;
    sents
        .into_iter()
        .filter(|s| {
            if let Some(id) = &s.newdoc {
                keep = !(id.starts_with("GUM_whow_") || id.starts_with("GUM_fiction_"));
            }
            keep
        })
        .collect()
}

fn evaluate(tagger: &Tagger, ewt_dev: &[TreebankSentence], gum_dev: &[TreebankSentence]) {
    for (name, dev) in [("EWT dev", ewt_dev), ("GUM dev", gum_dev)] {
        println!("{name}: {}", tagger.evaluate(dev, true));
    }
    // Speed: tags only, then with lemmas, over both dev sets, repeated.
    let sents: Vec<Vec<&str>> =
        ewt_dev.iter().chain(gum_dev).map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = sents.iter().map(Vec::len).sum();
    for lemmas in [false, true] {
        let t = Instant::now();
        let mut sink = 0usize;
        let reps = 3;
        for _ in 0..reps {
            for s in &sents {
                if lemmas {
                    sink += tagger.tag(s).len();
                } else {
                    sink += tagger.tag_pos(s).len();
                }
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "speed ({}): {:.0} tokens/s ({} tokens)",
            if lemmas { "tags + lemmas" } else { "tags only" },
            (reps * n) as f64 / secs,
            sink
        );
    }
}

/// Known/unknown accuracy and the commonest confusions on `dev`
/// (`TAGGER_ANALYSE=1`).
fn analyse(tagger: &Tagger, train: &[TreebankSentence], dev: &[TreebankSentence], name: &str) {
    use std::collections::{HashMap, HashSet};
    let vocab: HashSet<&str> = train.iter().flat_map(|s| s.words.iter().map(|w| w.form.as_str())).collect();
    let (mut kn, mut kc, mut un, mut uc) = (0usize, 0usize, 0usize, 0usize);
    let mut conf: HashMap<(String, String, bool), usize> = HashMap::new();
    for s in dev {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (g, (u, _)) in s.words.iter().zip(tagger.tag_pos(&words)) {
            let known = vocab.contains(g.form.as_str());
            let ok = u.as_str() == g.upos;
            if known {
                kn += 1;
                kc += usize::from(ok);
            } else {
                un += 1;
                uc += usize::from(ok);
            }
            if !ok && std::env::var_os("TAGGER_DUMP").is_some() {
                println!("ERR {name}\t{}\t{}\t{}\t{known}", g.form, g.upos, u.as_str());
            }
            if !ok {
                *conf.entry((g.upos.clone(), u.as_str().to_string(), known)).or_default() += 1;
            }
        }
    }
    println!(
        "{name}: known {:.2}% of {kn}, unknown {:.2}% of {un}",
        100.0 * kc as f64 / kn.max(1) as f64,
        100.0 * uc as f64 / un.max(1) as f64
    );
    let mut v: Vec<_> = conf.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for ((g, p, k), n) in v.iter().take(12) {
        println!("  gold {g} -> {p} ({}) {n}", if *k { "known" } else { "unknown" });
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ewt_dev = read("en_ewt-dev.conllu.gz");
    let gum_dev = read("en_gum-dev.conllu.gz");
    if args.first().map(String::as_str) == Some("--eval") {
        let path = args.get(1).map_or_else(Tagger::default_path, PathBuf::from);
        let t = Instant::now();
        let mut tagger = Tagger::load(&path).unwrap_or_else(|e| panic!("{e}"));
        if let Some(m) = std::env::var("TAGGER_MARGIN").ok().and_then(|v| v.parse::<f32>().ok()) {
            tagger.set_stack_margin(m);
        }
        println!("loaded {} in {:.1} ms", path.display(), t.elapsed().as_secs_f64() * 1e3);
        // DENSE_GRID=1: the network's weight and margin on both dev sets
        if std::env::var_os("DENSE_GRID").is_some() && tagger.has_dense() {
            for m in [15.0f32, 20.0, 25.0, 30.0] {
                let mut line = format!("margin {m}:");
                for w in [0.0f32, 4.0, 6.0, 8.0, 10.0, 12.0] {
                    tagger.set_dense(w, m);
                    let (e, g) = (tagger.evaluate(&ewt_dev, false), tagger.evaluate(&gum_dev, false));
                    line.push_str(&format!("  w {w}: {:.2}/{:.2}", e.upos_pct(), g.upos_pct()));
                }
                println!("{line}");
            }
        }
        let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
        if let Some(w) = knob("DENSE_FIRST") {
            tagger.set_dense_first(w);
        }
        if let (Some(w), Some(m)) = (knob("DENSE_W"), knob("DENSE_M")) {
            tagger.set_dense(w, m);
        }
        // LSTM_GRID=1: the sentence network's weight and margin on both dev sets
        if std::env::var_os("LSTM_GRID").is_some() && tagger.has_lstm() {
            for m in [5.0f32, 10.0, 15.0, 20.0] {
                let mut line = format!("lstm margin {m}:");
                for w in [0.0f32, 4.0, 8.0, 12.0, 16.0] {
                    tagger.set_lstm(w, 0.0, m);
                    let (e, g) = (tagger.evaluate(&ewt_dev, false), tagger.evaluate(&gum_dev, false));
                    line.push_str(&format!("  w {w}: {:.2}/{:.2}", e.upos_pct(), g.upos_pct()));
                }
                println!("{line}");
            }
        }
        if let (Some(w), Some(f), Some(m)) = (knob("LSTM_W"), knob("LSTM_FIRST"), knob("LSTM_M")) {
            tagger.set_lstm(w, f, m);
        }
        if knob("DENSE_FIRST").is_some() || knob("DENSE_W").is_some() || knob("LSTM_W").is_some() {
            if let Some(out) = args.get(2) {
                tagger.save(Path::new(out)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        evaluate(&tagger, &ewt_dev, &gum_dev);
        return;
    }
    if args.first().map(String::as_str) == Some("--lstm") {
        lstm_main(&args[1..], &ewt_dev, &gum_dev);
        return;
    }
    if args.first().map(String::as_str) == Some("--dense") {
        dense_main(&args[1..], &ewt_dev, &gum_dev);
        return;
    }
    let out = args.first().map_or_else(Tagger::default_path, PathBuf::from);
    let epochs = args.get(1).and_then(|e| e.parse().ok()).unwrap_or(TrainConfig::default().epochs);
    let mut train = read("en_ewt-train.conllu.gz");
    let gum = read("en_gum-train.conllu.gz");
    let gum_all = std::env::var_os("TAGGER_GUM_ALL").is_some();
    let gum = if gum_all { gum } else { redistributable(gum) };
    println!(
        "GUM train sentences used: {} ({} words)",
        gum.len(),
        gum.iter().map(|s| s.words.len()).sum::<usize>()
    );
    if std::env::var_os("TAGGER_NO_GUM").is_none() {
        train.extend(gum);
    }
    let mut cfg = TrainConfig { epochs, ..TrainConfig::default() };
    // Experiment knobs.
    let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u32>().ok());
    if let Some(v) = knob("TAGGER_CONSTRAIN") {
        cfg.constrain_min_freq = v;
    }
    if let Some(v) = knob("TAGGER_SINGLE") {
        cfg.single_min_freq = v;
    }
    if let Some(v) = knob("TAGGER_DROP") {
        cfg.rare_dropout = f64::from(v) / 100.0;
    }
    if let Some(v) = knob("TAGGER_RARE") {
        cfg.rare_max_freq = v;
    }
    if let Some(v) = knob("TAGGER_STACK") {
        cfg.stack = v as u8;
    }
    if let Some(m) = std::env::var("TAGGER_MARGIN").ok().and_then(|v| v.parse::<f32>().ok()) {
        cfg.stack_margin = m;
    }
    if let Some(v) = knob("TAGGER_MINW") {
        cfg.min_weight = v as i16;
    }
    // The clusters come from data/models/clusters.tsv.gz (the default);
    // TAGGER_CLUSTERS names another file, or none when empty.
    if let Ok(path) = std::env::var("TAGGER_CLUSTERS") {
        cfg.clusters_file = if path.is_empty() { None } else { Some(PathBuf::from(path)) };
    }
    let mut dev = ewt_dev.clone();
    dev.extend(gum_dev.iter().cloned());
    let t = Instant::now();
    if let Ok(path) = std::env::var("TAGGER_ANALYSE") {
        let mut tagger = Tagger::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
        // LSTM_ALONE=1: the sentence network's own choices
        if std::env::var_os("LSTM_ALONE").is_some() {
            tagger.set_lstm(1000.0, 1000.0, 1e9);
        }
        analyse(&tagger, &train, &ewt_dev, "EWT dev");
        analyse(&tagger, &train, &gum_dev, "GUM dev");
        return;
    }
    let tagger = Tagger::train(&train, &dev, &cfg, &mut |m| println!("{m}"));
    println!("trained in {:.1} s", t.elapsed().as_secs_f64());
    tagger.save(Path::new(&out)).unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("wrote {} ({} bytes, {} features)", out.display(), size, tagger.n_features());
    evaluate(&tagger, &ewt_dev, &gum_dev);
}

/// `--dense IN OUT [EPOCHS]`: trains the window network over
/// `vectors.tsv.gz` (beside IN, or `TAGGER_VECTORS`) on the same training
/// data, adds it to the tagger IN, picks its weight and margin on both dev
/// sets together (summed UPOS accuracy) and writes OUT.
fn dense_main(args: &[String], ewt_dev: &[TreebankSentence], gum_dev: &[TreebankSentence]) {
    let input = args.first().map_or_else(Tagger::default_path, PathBuf::from);
    let out = args.get(1).map_or_else(Tagger::default_path, PathBuf::from);
    let mut cfg = DenseConfig::default();
    if let Some(e) = args.get(2).and_then(|e| e.parse().ok()) {
        cfg.epochs = e;
    }
    let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(v) = knob("DENSE_HIDDEN") {
        cfg.hidden = v as usize;
    }
    if let Some(v) = knob("DENSE_LR") {
        cfg.lr = v;
    }
    let vectors = std::env::var("TAGGER_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| input.with_file_name("vectors.tsv.gz"));
    let mut tagger = Tagger::load(&input).unwrap_or_else(|e| panic!("{e}"));
    let mut train = read("en_ewt-train.conllu.gz");
    train.extend(redistributable(read("en_gum-train.conllu.gz")));
    let base = (tagger.evaluate(ewt_dev, false), tagger.evaluate(gum_dev, false));
    println!("without: EWT {:.2} GUM {:.2}", base.0.upos_pct(), base.1.upos_pct());
    let grid_w = [0.0f32, 2.0, 4.0, 6.0, 8.0, 12.0];
    let grid_m = [20.0f32, 30.0, 45.0, 1e9];
    let t = Instant::now();
    let mut best = (0usize, 0.0f32, 0.0f32);
    tagger
        .train_dense(&train, &vectors, &cfg, &mut |epoch, loss, tg| {
            tg.set_dense(1000.0, 1e9);
            let alone = (tg.evaluate(ewt_dev, false), tg.evaluate(gum_dev, false));
            println!(
                "epoch {} ({:.0} s): loss {loss:.4}; network alone EWT {:.2} GUM {:.2}",
                epoch + 1,
                t.elapsed().as_secs_f64(),
                alone.0.upos_pct(),
                alone.1.upos_pct()
            );
            best = (0, 0.0, 0.0);
            for &m in &grid_m {
                let mut line = format!("  margin {m}:");
                for &w in &grid_w {
                    tg.set_dense(w, m);
                    let (e, g) = (tg.evaluate(ewt_dev, false), tg.evaluate(gum_dev, false));
                    line.push_str(&format!("  w {w}: {:.2}/{:.2}", e.upos_pct(), g.upos_pct()));
                    if e.upos + g.upos > best.0 {
                        best = (e.upos + g.upos, w, m);
                    }
                }
                println!("{line}");
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    println!("best: weight {} margin {}", best.1, best.2);
    tagger.set_dense(best.1, best.2);
    // then its weight in the first pass too
    let mut best_first = (0usize, 0.0f32);
    let mut line = String::from("first pass:");
    for w in [0.0f32, 4.0, 8.0, 12.0, 16.0] {
        tagger.set_dense_first(w);
        let (e, g) = (tagger.evaluate(ewt_dev, false), tagger.evaluate(gum_dev, false));
        line.push_str(&format!("  w {w}: {:.2}/{:.2}", e.upos_pct(), g.upos_pct()));
        if e.upos + g.upos > best_first.0 {
            best_first = (e.upos + g.upos, w);
        }
    }
    println!("{line}\nbest first-pass weight {}", best_first.1);
    tagger.set_dense_first(best_first.1);
    tagger.save(&out).unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("wrote {} ({} bytes)", out.display(), size);
    evaluate(&tagger, ewt_dev, gum_dev);
}

/// `--lstm IN OUT [EPOCHS]`: trains the sentence network over the window
/// network's inputs of the tagger IN on the same training data, picks its
/// weights (second and first pass) and margin on both dev sets together
/// (summed UPOS accuracy) and writes OUT.
fn lstm_main(args: &[String], ewt_dev: &[TreebankSentence], gum_dev: &[TreebankSentence]) {
    let input = args.first().map_or_else(Tagger::default_path, PathBuf::from);
    let out = args.get(1).map_or_else(Tagger::default_path, PathBuf::from);
    let mut cfg = LstmConfig::default();
    if let Some(e) = args.get(2).and_then(|e| e.parse().ok()) {
        cfg.epochs = e;
    }
    let knob = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(v) = knob("LSTM_PROJ") {
        cfg.proj = v as usize;
    }
    if let Some(v) = knob("LSTM_HIDDEN") {
        cfg.hidden = v as usize;
    }
    if let Some(v) = knob("LSTM_LR") {
        cfg.lr = v;
    }
    if let Some(v) = knob("LSTM_DROP") {
        cfg.dropout = v;
    }
    if let Some(v) = knob("LSTM_EMB_LR") {
        cfg.emb_lr = v;
    }
    if let Some(v) = knob("LSTM_RESIDUAL") {
        cfg.residual = v;
    }
    if let Some(v) = knob("LSTM_BATCH") {
        cfg.batch = v as usize;
    }
    println!("{cfg:?}");
    let mut tagger = Tagger::load(&input).unwrap_or_else(|e| panic!("{e}"));
    let mut train = read("en_ewt-train.conllu.gz");
    // LSTM_EWT_ONLY=1: an EWT-only network (experiment)
    if std::env::var_os("LSTM_EWT_ONLY").is_none() {
        train.extend(redistributable(read("en_gum-train.conllu.gz")));
    }
    let base = (tagger.evaluate(ewt_dev, false), tagger.evaluate(gum_dev, false));
    println!("without: EWT {:.2} GUM {:.2}", base.0.upos_pct(), base.1.upos_pct());
    let t = Instant::now();
    tagger
        .train_lstm(&train, &cfg, &mut |epoch, loss, tg| {
            tg.set_lstm(1000.0, 1000.0, 1e9);
            let alone = (tg.evaluate(ewt_dev, false), tg.evaluate(gum_dev, false));
            tg.set_lstm(8.0, 0.0, 30.0);
            let comb = (tg.evaluate(ewt_dev, false), tg.evaluate(gum_dev, false));
            println!(
                "epoch {} ({:.0} s): loss {loss:.4}; network alone EWT {:.2} GUM {:.2}; w 8 margin 30: EWT {:.2} GUM {:.2}",
                epoch + 1,
                t.elapsed().as_secs_f64(),
                alone.0.upos_pct(),
                alone.1.upos_pct(),
                comb.0.upos_pct(),
                comb.1.upos_pct()
            );
        })
        .unwrap_or_else(|e| panic!("{e}"));
    // the weights on the quantised network as saved
    let mut tagger = Tagger::from_bytes(&tagger.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let mut best = (0usize, 0.0f32, 0.0f32, 0.0f32);
    let grid_w: Vec<f32> = std::env::var("LSTM_GRID_W")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![4.0, 8.0, 12.0, 16.0]);
    let grid_m: Vec<f32> = std::env::var("LSTM_GRID_M")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![15.0, 30.0]);
    for &m in &grid_m {
        for fw in [0.0f32, 8.0] {
            let mut line = format!("  margin {m} first {fw}:");
            for &w in &grid_w {
                tagger.set_lstm(w, fw, m);
                let (e, g) = (tagger.evaluate(ewt_dev, false), tagger.evaluate(gum_dev, false));
                line.push_str(&format!("  w {w}: {:.2}/{:.2}", e.upos_pct(), g.upos_pct()));
                if e.upos + g.upos > best.0 {
                    best = (e.upos + g.upos, w, fw, m);
                }
            }
            println!("{line}");
        }
    }
    println!("best: weight {} first {} margin {}", best.1, best.2, best.3);
    tagger.set_lstm(best.1, best.2, best.3);
    tagger.save(&out).unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("wrote {} ({} bytes)", out.display(), size);
    evaluate(&tagger, ewt_dev, gum_dev);
}
