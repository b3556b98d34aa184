//! `dateline eval geo` and `dateline places`: toponyms against gold, and
//! what the gazetteer knows of a name.

use crate::output::json_line;
use anyhow::{Context, Result};
use dateline_doc::{Block, BlockKind, Document, Layer, Layers, Meta};
use dateline_pipeline::{Depth, PipelineConfig};
use dateline_places::eval::{predictions, read_jsonl, resolve_spans, score, GeoDoc, Scores};
use dateline_places::{ranked_candidates, Gazetteer};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct PlacesArgs {
    /// The place name ("Niamey", "Paris", "Springfield").
    name: String,
    /// Show at most this many candidates.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// One JSON object per candidate and line.
    #[arg(long)]
    json: bool,
}

/// What to evaluate.
pub struct GeoEval {
    pub gold: PathBuf,
    pub out: Option<PathBuf>,
    pub json: bool,
    pub models: Option<PathBuf>,
}

fn document(text: &str) -> Option<Document> {
    let mut doc = Document::new(text.to_owned(), Meta::default()).ok()?;
    // Paragraphs are blank-line separated; a lone line break stays inside.
    let t = doc.text().to_owned();
    let mut start = 0;
    let push = |a: usize, b: usize, doc: &mut Document| {
        let (a2, b2) = (a + (t[a..b].len() - t[a..b].trim_start().len()), a + t[a..b].trim_end().len());
        if b2 > a2 {
            if let Ok(range) = doc.range(a2, b2) {
                doc.blocks.push(Block { range, kind: BlockKind::Paragraph });
            }
        }
    };
    for (i, _) in t.match_indices("\n\n") {
        push(start, i, &mut doc);
        start = i + 2;
    }
    push(start, t.len(), &mut doc);
    doc.mark_assigned(Layers::of(&[Layer::Blocks]));
    Some(doc)
}

fn scores_json(s: &Scores) -> serde_json::Value {
    let prf = |p: &dateline_places::eval::Prf| serde_json::json!({"precision": p.precision(), "recall": p.recall(), "f1": p.f1()});
    serde_json::json!({
        "recognition_exact": prf(&s.exact),
        "recognition_overlap": prf(&s.overlap),
        "acc_at_161km": s.acc_at(161.0),
        "end_to_end_acc_at_161km": s.end_to_end(161.0),
        "median_km": s.median_km(),
        "resolved": s.errors.len(),
        "gold_with_coords": s.gold_with_coords,
    })
}

/// End to end (own recognition) and resolution only (gold spans).
pub fn eval(e: &GeoEval) -> Result<ExitCode> {
    let gold = read_jsonl(&e.gold).with_context(|| format!("reading {}", e.gold.display()))?;
    let config = PipelineConfig {
        depth: Depth::Deps,
        models_dir: e.models.clone(),
        pretokenized: false,
        times: false,
        entities: true,
        actors: false,
        places: true,
        events: false,
        parse_event_sentences: false,
        kb_dir: None,
    };
    let pipeline = config.build().context("building the pipeline")?;
    let gazetteer = Gazetteer::load_default().context("loading the gazetteer")?;
    let runs: Vec<(GeoDoc, GeoDoc)> = gold
        .par_iter()
        .map(|g| {
            let empty = || GeoDoc { id: g.id.clone(), text: String::new(), toponyms: Vec::new() };
            let Some(mut doc) = document(&g.text) else { return (empty(), empty()) };
            pipeline.run(&mut doc);
            let e2e = GeoDoc { id: g.id.clone(), text: String::new(), toponyms: predictions(&doc) };
            let spans: Vec<(usize, usize)> = g.toponyms.iter().map(|t| (t.start, t.end)).collect();
            resolve_spans(&gazetteer, &mut doc, &spans);
            let given = GeoDoc { id: g.id.clone(), text: String::new(), toponyms: predictions(&doc) };
            (e2e, given)
        })
        .collect();
    let (e2e, given): (Vec<GeoDoc>, Vec<GeoDoc>) = runs.into_iter().unzip();
    if let Some(path) = &e.out {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for d in &e2e {
            json_line(&mut f, d)?;
        }
        f.flush()?;
    }
    let (a, b) = (score(&gold, &e2e), score(&gold, &given));
    if e.json {
        println!("{}", serde_json::json!({"end_to_end": scores_json(&a), "gold_spans": scores_json(&b)}));
    } else {
        println!("== {}: end to end (recognition + resolution)", e.gold.display());
        println!("{a}");
        println!("== resolution only (gold spans)");
        println!("{b}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn places(args: PlacesArgs) -> Result<ExitCode> {
    let gazetteer = Gazetteer::load_default().context("loading the gazetteer")?;
    let ranked = ranked_candidates(&gazetteer, &args.name);
    let mut out = std::io::stdout().lock();
    for (c, s) in ranked.iter().take(args.limit) {
        if args.json {
            json_line(
                &mut out,
                &serde_json::json!({"score": s, "geonameid": c.geonameid, "name": c.name, "feature": c.feature,
                    "country": c.country, "admin1": c.admin1, "lat": c.lat, "lon": c.lon,
                    "population": c.population, "alternate_name": c.alternate}),
            )?;
        } else {
            writeln!(
                out,
                "{s:>7.2}  {:<28} {:<8} {:<4} {:<22} {:>9.4} {:>10.4}  pop {:>10}  {}",
                c.name,
                c.feature,
                c.country.as_deref().unwrap_or("-"),
                c.admin1.as_deref().unwrap_or("-"),
                c.lat,
                c.lon,
                c.population,
                c.geonameid.map(|g| format!("GeoNames {g}")).unwrap_or_default()
            )?;
        }
    }
    if ranked.is_empty() {
        if !args.json {
            writeln!(out, "no place called {:?} in the gazetteer", args.name)?;
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
