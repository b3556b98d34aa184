//! Times the loading of each model and dictionary of the standard pipeline
//! (the start-up of `dateline ingest` / `annotate`), best of N rounds.
//!
//! ```text
//! cargo run --release -p dateline-pipeline --example load_times [ROUNDS]
//! ```
use std::time::{Duration, Instant};

fn best<T, E: std::fmt::Display>(rounds: usize, f: impl Fn() -> Result<T, E>) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        let x = f().map_err(|e| e.to_string())?;
        best = best.min(t.elapsed());
        drop(x);
    }
    Ok(best)
}

fn main() -> Result<(), String> {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let rows: Vec<(&str, Duration)> = vec![
        (
            "tagger",
            best(rounds, || dateline_nlp::tag::Tagger::load(&dateline_nlp::tag::Tagger::default_path()))?,
        ),
        (
            "parser",
            best(rounds, || dateline_nlp::parse::Parser::load(&dateline_nlp::parse::Parser::default_path()))?,
        ),
        ("ner", best(rounds, || dateline_ner::NerModel::load(&dateline_ner::default_path()))?),
        ("actor KB", best(rounds, dateline_actors::Kb::load_default)?),
        ("gazetteer", best(rounds, dateline_places::PlaceStage::load_default)?),
        ("event patterns", best(rounds, dateline_events::EventCoder::load_default)?),
        ("whole pipeline", best(rounds, || dateline_pipeline::PipelineConfig::default().build())?),
    ];
    for (name, d) in rows {
        println!("{name:<16} {:>7.1} ms", d.as_secs_f64() * 1000.0);
    }
    Ok(())
}
