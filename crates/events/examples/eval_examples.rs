//! Runs the event coder over example sentences (`plover_examples.jsonl`,
//! `cameo_examples.jsonl`: one JSON object per line with `id` and `text`)
//! and writes predictions in `score_examples.py`'s format: one line per
//! example with `id` and `events`.
//!
//! usage: eval_examples GOLD.jsonl > PRED.jsonl
//! then:  python3 ../shared/bench/events/score_examples.py GOLD.jsonl PRED.jsonl
#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::args().nth(1).ok_or("usage: eval_examples GOLD.jsonl [--all] [--date YYYY-MM-DD]")?;
    // --all: every candidate (confidence threshold 0), i.e. what the coder
    // finds before the stored output's precision filter.
    let all = std::env::args().any(|a| a == "--all");
    // --date YYYY-MM-DD: each example is read as the lede of a report
    // published that day (the gold files carry no dates).
    let args: Vec<String> = std::env::args().collect();
    let date =
        args.iter().position(|a| a == "--date").and_then(|i| args.get(i + 1)).and_then(|d| common::date(d));
    let coder = if all {
        let mut c = common::coder().clone();
        c.options.min_confidence = 0.0;
        c
    } else {
        common::coder().clone()
    };
    let file = std::io::BufReader::new(std::fs::File::open(&path)?);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let start = std::time::Instant::now();
    let (mut n, mut nev) = (0usize, 0usize);
    for line in file.lines() {
        let line = line?;
        if !line.trim_start().starts_with('{') {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let text = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let mut doc = common::parsed_document(text, date, false);
        doc.events = coder.code(&doc);
        nev += doc.events.len();
        n += 1;
        let row = serde_json::json!({ "id": id, "text": text, "events": doc.events });
        writeln!(out, "{row}")?;
    }
    eprintln!("{n} sentences, {nev} events, {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}
