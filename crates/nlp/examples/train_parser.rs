//! Trains the dependency parser on EWT train + GUM train (without the
//! CC BY-NC-SA wikiHow and fiction documents) and reports dev scores.
//!
//! `cargo run --release -p dateline-nlp --example train_parser -- [OUT] [--epochs N] [--noise R] [--seed S]
//! [--tagger PATH] [--train-tags gold|predicted|jackknife] [--both-tags] [--no-clusters] [--bench MODEL]`
//!
//! With a tagger model (default: the shipped one, when present) the dev sets
//! are tagged with it, the epoch is chosen on predicted-tag dev LAS, and
//! `--train-tags predicted` also tags the training set; `jackknife` tags it
//! with `dateline_nlp::parse::training_examples` (5 folds; `PARSER_JK_CACHE=FILE`
//! caches the tags) and `--both-tags` adds the gold-tag copies.
//!
//! `--net-from BASE` keeps the perceptron of the model BASE and trains the
//! transition network on the same examples (`--net-epochs`, `--net-hidden`,
//! `--net-vectors FILE`, `--net-labels` for the label head, `--net-weights`
//! and `--net-label-weights` tried on dev after each epoch, `--net-follow W`);
//! `NET_SET=w,margin,label_weight,label_margin` sets what is shipped.
//! `--tune MODEL` prints dev scores over `TUNE_WEIGHTS`, `TUNE_MARGINS`,
//! `TUNE_LABEL_WEIGHTS`, `TUNE_LABEL_MARGINS`; with `--bench`, `NET_SET`
//! (and `NET_SAVE=FILE` to write the model with it) applies settings.

use dateline_nlp::conllu::{self, TreebankSentence};
use dateline_nlp::parse::{ParseExample, Parser, ParserTrainConfig};
use dateline_nlp::tag::{Tagger, TrainConfig};
use std::path::PathBuf;
use std::time::Instant;

fn data(name: &str) -> Vec<TreebankSentence> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/syntax")).join(name);
    match conllu::read_file(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

/// Drops GUM documents of the non-redistributable genres.
fn redistributable(sents: Vec<TreebankSentence>) -> Vec<TreebankSentence> {
    let mut keep = true;
    let mut out = Vec::new();
    for s in sents {
        if let Some(doc) = &s.newdoc {
            keep = !(doc.starts_with("GUM_whow") || doc.starts_with("GUM_fiction"));
        }
        if keep {
            out.push(s);
        }
    }
    out
}

/// `NET_SET=w,margin,label_weight,label_margin`: the network's settings
/// (left alone when the variable is unset or malformed).
fn apply_net_set(parser: &mut Parser) {
    let Ok(v) = std::env::var("NET_SET") else { return };
    let v: Vec<f32> = v.split(',').filter_map(|x| x.parse().ok()).collect();
    if let [w, m, lw, lm] = v[..] {
        parser.set_net(w, m);
        parser.set_net_labels(lw);
        parser.set_net_label_margin(lm);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cfg = ParserTrainConfig::default();
    let mut out = PathBuf::from("parser.bin");
    let mut tagger_path: Option<PathBuf> = None;
    let mut train_tags = String::from("gold");
    let mut bench: Option<PathBuf> = None;
    let mut both_tags = false;
    let mut no_clusters = false;
    let mut net_from: Option<PathBuf> = None;
    let mut net_cfg = dateline_nlp::parse::NetTrainConfig::default();
    let mut tune: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        let val = |k: usize| args.get(k).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--epochs" => {
                cfg.epochs = val(i + 1).parse().unwrap_or(cfg.epochs);
                i += 1;
            }
            "--noise" => {
                cfg.tag_noise = val(i + 1).parse().unwrap_or(0.0);
                i += 1;
            }
            "--seed" => {
                cfg.seed = val(i + 1).parse().unwrap_or(1);
                i += 1;
            }
            "--trans-bits" => {
                cfg.trans_bits = val(i + 1).parse().unwrap_or(cfg.trans_bits);
                i += 1;
            }
            "--label-bits" => {
                cfg.label_bits = val(i + 1).parse().unwrap_or(cfg.label_bits);
                i += 1;
            }
            "--explore-from" => {
                cfg.explore_from = val(i + 1).parse().unwrap_or(cfg.explore_from);
                i += 1;
            }
            "--explore-p" => {
                cfg.explore_p = val(i + 1).parse().unwrap_or(cfg.explore_p);
                i += 1;
            }
            "--net-from" => {
                net_from = Some(PathBuf::from(val(i + 1)));
                i += 1;
            }
            "--net-epochs" => {
                net_cfg.epochs = val(i + 1).parse().unwrap_or(net_cfg.epochs);
                i += 1;
            }
            "--net-hidden" => {
                net_cfg.hidden = val(i + 1).parse().unwrap_or(net_cfg.hidden);
                i += 1;
            }
            "--net-lr" => {
                net_cfg.lr = val(i + 1).parse().unwrap_or(net_cfg.lr);
                i += 1;
            }
            "--net-dropout" => {
                net_cfg.dropout = val(i + 1).parse().unwrap_or(net_cfg.dropout);
                i += 1;
            }
            "--net-weights" => {
                net_cfg.weights = val(i + 1).split(',').filter_map(|w| w.parse().ok()).collect();
                i += 1;
            }
            "--net-vectors" => {
                net_cfg.vectors = Some(PathBuf::from(val(i + 1)));
                i += 1;
            }
            "--net-labels" => net_cfg.label_head = true,
            "--net-follow" => {
                net_cfg.follow_weight = val(i + 1).parse().ok();
                i += 1;
            }
            "--net-label-weights" => {
                net_cfg.label_weights = val(i + 1).split(',').filter_map(|w| w.parse().ok()).collect();
                i += 1;
            }
            "--tune" => {
                tune = Some(PathBuf::from(val(i + 1)));
                i += 1;
            }
            "--both-tags" => both_tags = true,
            "--no-clusters" => no_clusters = true,
            "--bench" => {
                bench = Some(PathBuf::from(val(i + 1)));
                i += 1;
            }
            "--tagger" => {
                tagger_path = Some(PathBuf::from(val(i + 1)));
                i += 1;
            }
            "--train-tags" => {
                train_tags = val(i + 1);
                i += 1;
            }
            other => out = PathBuf::from(other),
        }
        i += 1;
    }
    let ewt = data("en_ewt-train.conllu.gz");
    let gum_all = data("en_gum-train.conllu.gz");
    let gum_n = gum_all.len();
    let gum = redistributable(gum_all);
    eprintln!(
        "train: EWT {} sentences, GUM {} of {} sentences (no whow/fiction)",
        ewt.len(),
        gum.len(),
        gum_n
    );
    let tagger_path = tagger_path.unwrap_or_else(Tagger::default_path);
    let tagger = match Tagger::load(&tagger_path) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("no tagger ({e}): gold tags only");
            None
        }
    };
    let retag = |data: &mut Vec<ParseExample>| {
        if let Some(t) = &tagger {
            for ex in data.iter_mut() {
                let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                let tags = t.tag_pos(&words);
                ex.upos = tags.iter().map(|p| p.0).collect();
                ex.xpos = tags.iter().map(|p| p.1.to_string()).collect();
            }
        }
    };
    let mut train: Vec<ParseExample> = ewt.iter().chain(&gum).map(ParseExample::from_treebank).collect();
    let ewt_dev: Vec<ParseExample> =
        data("en_ewt-dev.conllu.gz").iter().map(ParseExample::from_treebank).collect();
    let gum_dev: Vec<ParseExample> =
        data("en_gum-dev.conllu.gz").iter().map(ParseExample::from_treebank).collect();
    let mut ewt_dev_p = ewt_dev.clone();
    let mut gum_dev_p = gum_dev.clone();
    retag(&mut ewt_dev_p);
    retag(&mut gum_dev_p);
    if let Some(model) = tune {
        // the network's weight and margin on the predicted-tag dev sets
        let mut parser = Parser::load(&model).unwrap_or_else(|e| panic!("{e}"));
        let weights: Vec<f32> = std::env::var("TUNE_WEIGHTS")
            .unwrap_or_else(|_| "0,1000,2000,3000,4000,6000,8000".into())
            .split(',')
            .filter_map(|w| w.parse().ok())
            .collect();
        let margins: Vec<f32> = std::env::var("TUNE_MARGINS")
            .unwrap_or_else(|_| "inf".into())
            .split(',')
            .filter_map(|w| w.parse().ok())
            .collect();
        let list = |k: &str, d: &str| -> Vec<f32> {
            std::env::var(k).unwrap_or_else(|_| d.into()).split(',').filter_map(|w| w.parse().ok()).collect()
        };
        let lweights = list("TUNE_LABEL_WEIGHTS", "0");
        let lmargins = list("TUNE_LABEL_MARGINS", "inf");
        for &w in &weights {
            for &m in &margins {
                for &lw in &lweights {
                    for &lm in &lmargins {
                        parser.set_net(w, m);
                        parser.set_net_labels(lw);
                        parser.set_net_label_margin(lm);
                        let a = parser.evaluate(&ewt_dev_p);
                        let t = Instant::now();
                        let b = parser.evaluate(&gum_dev_p);
                        let rate = b.words as f64 / t.elapsed().as_secs_f64();
                        eprintln!(
                            "w {w} margin {m} lw {lw} lmargin {lm}: EWT UAS {:.2} LAS {:.2} | GUM UAS {:.2} LAS {:.2} | {rate:.0} words/s",
                            a.uas, a.las, b.uas, b.las
                        );
                    }
                }
            }
        }
        return;
    }
    if let Some(model) = bench {
        // parse speed on predicted-tag dev sets, best of 5 passes, tagging excluded
        let t = Instant::now();
        let parser = match Parser::load(&model) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        eprintln!("loaded in {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
        // `NET_SET=w,margin,label_weight,label_margin` changes the network's
        // settings (and `NET_SAVE=FILE` writes the model with them)
        let mut parser = parser;
        if std::env::var("NET_SET").is_ok() {
            apply_net_set(&mut parser);
            if let Ok(out) = std::env::var("NET_SAVE") {
                parser.save(std::path::Path::new(&out)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        eprintln!("network: {:?} {:?}", parser.net_settings(), parser.net_label_settings());
        for (name, d) in [("EWT dev", &ewt_dev_p), ("GUM dev", &gum_dev_p)] {
            let s = parser.evaluate(d);
            eprintln!(
                "{name} (predicted tags): UAS {:.2} LAS {:.2} uLAS {:.2}",
                s.uas, s.las, s.las_universal
            );
        }
        let data: Vec<(Vec<&str>, &[dateline_doc::Upos], Vec<&str>)> = ewt_dev_p
            .iter()
            .chain(&gum_dev_p)
            .map(|e| {
                (
                    e.words.iter().map(String::as_str).collect(),
                    &e.upos[..],
                    e.xpos.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        let n: usize = data.iter().map(|d| d.0.len()).sum();
        let mut best = 0f64;
        for _ in 0..5 {
            let t = Instant::now();
            let mut roots = 0;
            for (w, u, x) in &data {
                roots += parser.parse(w, u, x).iter().filter(|p| p.0 == 0).count();
            }
            let rate = n as f64 / t.elapsed().as_secs_f64();
            best = best.max(rate);
            assert_eq!(roots, data.len());
        }
        eprintln!("parse speed: {best:.0} words/s ({n} words, best of 5)");
        if let Ok(other) = std::env::var("BENCH_AGAINST") {
            // interleaved passes of this model and OTHER (20 each): best and
            // median words/s of each, in the same conditions
            let other = Parser::load(std::path::Path::new(&other)).unwrap_or_else(|e| panic!("{e}"));
            let mut rates = [Vec::new(), Vec::new()];
            for _ in 0..20 {
                for (k, p) in [&parser, &other].into_iter().enumerate() {
                    let t = Instant::now();
                    for (w, u, x) in &data {
                        std::hint::black_box(p.parse(w, u, x));
                    }
                    rates[k].push(n as f64 / t.elapsed().as_secs_f64());
                }
            }
            for (name, mut r) in [("this", rates[0].clone()), ("other", rates[1].clone())] {
                r.sort_by(|a, b| b.total_cmp(a));
                eprintln!("{name}: best {:.0}, median {:.0} words/s (20 interleaved passes)", r[0], r[10]);
            }
        }
        if let Ok(path) = std::env::var("PARSER_DUMP") {
            // word, gold/pred UPOS, gold/pred head, gold/pred relation (EWT dev)
            let mut out = String::new();
            for (g, p) in ewt_dev.iter().zip(&ewt_dev_p) {
                let w: Vec<&str> = p.words.iter().map(String::as_str).collect();
                let x: Vec<&str> = p.xpos.iter().map(String::as_str).collect();
                for (i, (h, r)) in parser.parse(&w, &p.upos, &x).iter().enumerate() {
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                        g.words[i], g.upos[i], p.upos[i], g.heads[i], h, g.rels[i], r
                    ));
                }
                out.push('\n');
            }
            let _ = std::fs::write(path, out);
        }
        return;
    }
    for (name, g, p) in [("EWT dev", &ewt_dev, &ewt_dev_p), ("GUM dev", &gum_dev, &gum_dev_p)] {
        let (mut n, mut u, mut x) = (0usize, 0usize, 0usize);
        for (a, b) in g.iter().zip(p.iter()) {
            n += a.upos.len();
            u += a.upos.iter().zip(&b.upos).filter(|(p, q)| p == q).count();
            x += a.xpos.iter().zip(&b.xpos).filter(|(p, q)| p == q).count();
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        eprintln!("{name}: tagger UPOS {:.2} XPOS {:.2}", pct(u), pct(x));
    }
    let all: Vec<TreebankSentence> = ewt.iter().chain(&gum).cloned().collect();
    // the shipped tagger's settings (they include its word clusters)
    let tagger_cfg = TrainConfig::default();
    if no_clusters {
        cfg.clusters_file = None;
    }
    // `PARSER_JK_CACHE=FILE` keeps the jackknifed tags between runs (delete it
    // when the tagger changes)
    let cache = std::env::var("PARSER_JK_CACHE").ok();
    if train_tags == "predicted" {
        retag(&mut train);
    } else if let Some(cached) = cache
        .as_ref()
        .and_then(|c| std::fs::read_to_string(c).ok())
        .filter(|c| train_tags == "jackknife" && c.lines().count() == train.len())
    {
        for (ex, line) in train.iter_mut().zip(cached.lines()) {
            let (u, x) = line.split_once('\t').unwrap_or(("", ""));
            ex.upos = u.split(' ').map(|t| t.parse().unwrap_or(dateline_doc::Upos::X)).collect();
            ex.xpos = x.split(' ').map(str::to_string).collect();
        }
        eprintln!("jackknifed tags from cache");
    } else if train_tags == "jackknife" {
        let t = Instant::now();
        // `PARSER_JK_DENSE=VECTORS.tsv.gz`: each fold's tagger also gets the
        // window network (`PARSER_JK_DENSE_EPOCHS`, default 12; the shipped
        // weights and margins)
        let dense = std::env::var("PARSER_JK_DENSE").ok();
        let dense_epochs =
            std::env::var("PARSER_JK_DENSE_EPOCHS").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
        let mut refine = |tg: &mut dateline_nlp::tag::Tagger, rest: &[TreebankSentence]| {
            if let Some(v) = &dense {
                let dcfg = dateline_nlp::tag::DenseConfig { epochs: dense_epochs, ..Default::default() };
                tg.train_dense(rest, std::path::Path::new(v), &dcfg, &mut |_, _, _| {})
                    .unwrap_or_else(|e| panic!("{e}"));
                tg.set_dense(8.0, 30.0);
                tg.set_dense_first(12.0);
            }
        };
        train =
            dateline_nlp::parse::training_examples_with(&all, &tagger_cfg, 5, false, &mut refine, &mut |l| {
                eprintln!("[{:.0}s] {l}", t.elapsed().as_secs_f64())
            });
        if let Some(c) = &cache {
            let text: String = train
                .iter()
                .map(|e| {
                    let u: Vec<&str> = e.upos.iter().map(|u| u.as_str()).collect();
                    format!("{}\t{}\n", u.join(" "), e.xpos.join(" "))
                })
                .collect();
            let _ = std::fs::write(c, text);
        }
    }
    let dev: Vec<ParseExample> = if tagger.is_some() {
        ewt_dev_p.iter().chain(&gum_dev_p).cloned().collect()
    } else {
        ewt_dev.iter().chain(&gum_dev).cloned().collect()
    };
    eprintln!(
        "words: train {}, dev {}",
        train.iter().map(|e| e.words.len()).sum::<usize>(),
        dev.iter().map(|e| e.words.len()).sum::<usize>()
    );
    if both_tags && train_tags != "gold" {
        let gold_copy: Vec<ParseExample> = all.iter().map(ParseExample::from_treebank).collect();
        train.extend(gold_copy);
        eprintln!("training on predicted and gold tag copies: {} sentences", train.len());
    }
    let t = Instant::now();
    let parser = match &net_from {
        Some(base) => {
            // `--net-from BASE`: the perceptron of BASE plus a transition network
            let mut p = Parser::load(base).unwrap_or_else(|e| panic!("{e}"));
            p.train_net(&train, &dev, &net_cfg, &mut |l| {
                eprintln!("[{:.0}s] {l}", t.elapsed().as_secs_f64())
            });
            eprintln!("network: {net_cfg:?}; kept weight/margin {:?}", p.net_settings());
            // `NET_SET=w,margin,label_weight,label_margin`: the settings to ship
            apply_net_set(&mut p);
            eprintln!("network settings: {:?} {:?}", p.net_settings(), p.net_label_settings());
            p
        }
        None => {
            Parser::train(&train, &dev, &cfg, &mut |l| eprintln!("[{:.0}s] {l}", t.elapsed().as_secs_f64()))
        }
    };
    eprintln!(
        "trained in {:.1}s (epochs {}, seed {}, bits {}/{}, explore from {} p {}, clusters {:?})",
        t.elapsed().as_secs_f64(),
        cfg.epochs,
        cfg.seed,
        cfg.trans_bits,
        cfg.label_bits,
        cfg.explore_from,
        cfg.explore_p,
        cfg.clusters_file
    );
    let mut sets = vec![("EWT dev (gold tags)", &ewt_dev), ("GUM dev (gold tags)", &gum_dev)];
    if tagger.is_some() {
        sets.push(("EWT dev (predicted tags)", &ewt_dev_p));
        sets.push(("GUM dev (predicted tags)", &gum_dev_p));
    }
    for (name, d) in sets {
        let t = Instant::now();
        let s = parser.evaluate(d);
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{name}: UAS {:.2} LAS {:.2} uLAS {:.2} ({} words, {:.0} words/s)",
            s.uas,
            s.las,
            s.las_universal,
            s.words,
            s.words as f64 / secs
        );
    }
    if let Err(e) = parser.save(&out) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let _ = Parser::load(&out);
    eprintln!(
        "saved {} ({size} bytes; loads in {:.0} ms)",
        out.display(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
