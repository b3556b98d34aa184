//! Runs toponym recognition + resolution on a geo benchmark file and
//! scores it (a reimplementation of `../shared/bench/geo/score.py`'s
//! default mode; check with that script on the written predictions).
//!
//! `cargo run --release -p dateline-places --example eval_geo -- GOLD.jsonl [PRED.jsonl] [--depth tokens|tags|deps] [--no-ner]`
//!
//! Segmenter, tagger (default `--depth tags`), parser (`--depth deps`) and
//! the NER model (`data/models/ner.bin`, when it loads; `--no-ner` leaves it
//! out so only the gazetteer scan recognises) run first.
//!
//! Prints end-to-end scores (own recogniser) and resolution-only scores
//! (gold spans). Writes the end-to-end predictions to PRED.jsonl (and the
//! resolution-only ones to PRED.gold-spans.jsonl) when given.

use dateline_doc::{Document, Layer, Layers, Meta, Pipeline, Stage};
use dateline_nlp::parse::Parser;
use dateline_nlp::segment::Segmenter;
use dateline_nlp::tag::Tagger;

/// How far the syntax goes before the places stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Depth {
    Tokens,
    Tags,
    Deps,
}
use dateline_places::eval::{predictions, read_jsonl, resolve_spans, score, GeoDoc};
use dateline_places::{Gazetteer, PlaceStage};
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut depth = Depth::Tags;
    let mut use_ner = true;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--no-ner" {
            use_ner = false;
        } else if a == "--depth" {
            depth = match it.next().map(String::as_str) {
                Some("tokens") => Depth::Tokens,
                Some("deps") => Depth::Deps,
                _ => Depth::Tags,
            };
        } else {
            files.push(a.clone());
        }
    }
    let gold_path =
        files.first().ok_or("usage: eval_geo GOLD.jsonl [PRED.jsonl] [--depth tokens|tags|deps]")?;
    let gold = read_jsonl(gold_path.as_ref())?;
    let t = Instant::now();
    let gaz = Arc::new(Gazetteer::load_default()?);
    eprintln!("gazetteer: {} entries loaded in {:.0} ms", gaz.len(), t.elapsed().as_secs_f64() * 1e3);
    let stage = PlaceStage::new(gaz.clone());
    let mut stages: Vec<Box<dyn Stage>> = vec![Box::new(Segmenter::new())];
    if depth >= Depth::Tags {
        stages.push(Box::new(Tagger::load(&Tagger::default_path())?));
    }
    if depth >= Depth::Deps {
        stages.push(Box::new(Parser::load(&Parser::default_path())?));
    }
    if use_ner {
        match dateline_ner::NerModel::load_default() {
            Ok(m) => stages.push(Box::new(m)),
            Err(e) => {
                eprintln!("NER model unavailable ({e}): gazetteer scan only");
                use_ner = false;
            }
        }
    }
    let pipeline = Pipeline::build(Layers::of(&[Layer::Text, Layer::Blocks]), stages)?;
    let mut e2e = Vec::new();
    let mut res_only = Vec::new();
    let (mut nlp_time, mut place_time) = (0.0, 0.0);
    for g in &gold {
        let mut doc = Document::new(g.text.clone(), Meta::default())?;
        let t = Instant::now();
        pipeline.run(&mut doc);
        nlp_time += t.elapsed().as_secs_f64();
        let t = Instant::now();
        stage.run(&mut doc);
        place_time += t.elapsed().as_secs_f64();
        e2e.push(GeoDoc { id: g.id.clone(), text: String::new(), toponyms: predictions(&doc) });
        let spans: Vec<(usize, usize)> = g.toponyms.iter().map(|t| (t.start, t.end)).collect();
        resolve_spans(&gaz, &mut doc, &spans);
        res_only.push(GeoDoc { id: g.id.clone(), text: String::new(), toponyms: predictions(&doc) });
    }
    let ner = if use_ner { "NER (data/models/ner.bin) + gazetteer scan" } else { "gazetteer scan only" };
    println!("== {gold_path}: end to end ({ner}, depth {depth:?})");
    println!("{}", score(&gold, &e2e));
    println!("== resolution only (gold spans)");
    println!("{}", score(&gold, &res_only));
    println!(
        "time: nlp {:.2} s, places {:.2} s ({:.0} docs/s for recognition + resolution)",
        nlp_time,
        place_time,
        gold.len() as f64 / place_time.max(1e-9)
    );
    if let Some(out) = files.get(1) {
        let write = |path: &str, docs: &[GeoDoc]| -> std::io::Result<()> {
            let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
            for d in docs {
                serde_json::to_writer(&mut f, d)?;
                f.write_all(b"\n")?;
            }
            Ok(())
        };
        write(out, &e2e)?;
        let alt = out.strip_suffix(".jsonl").unwrap_or(out).to_string() + ".gold-spans.jsonl";
        write(&alt, &res_only)?;
    }
    Ok(())
}
