//! Speed of the event coder next to the stages before it, on the Wikinews
//! corpus (JSON lines, gzip): clean + segment/tag/parse/times + KB actor
//! adapter, then the coder alone.
//!
//! usage: bench_speed ARTICLES.jsonl.gz [EVENTS_OUT.jsonl]
#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bench_speed ARTICLES.jsonl.gz [EVENTS_OUT.jsonl]")?;
    let mut out = args.next().map(std::fs::File::create).transpose()?.map(std::io::BufWriter::new);
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(&path)?));
    common::pipeline();
    common::kb();
    common::coder();
    let (mut before, mut coding) = (Duration::ZERO, Duration::ZERO);
    let (mut n, mut tokens, mut events) = (0usize, 0usize, 0usize);
    for line in reader.lines() {
        let line = line?;
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = format!("{}\n\n{}", v["title"].as_str().unwrap_or(""), v["text"].as_str().unwrap_or(""));
        let date = v["date"].as_str().and_then(common::date);
        let t0 = Instant::now();
        let mut doc = common::parsed_document(&text, date, true);
        let t1 = Instant::now();
        doc.events = common::coder().code(&doc);
        let t2 = Instant::now();
        before += t1 - t0;
        coding += t2 - t1;
        n += 1;
        tokens += doc.tokens.len();
        events += doc.events.len();
        if let Some(o) = out.as_mut() {
            for e in &doc.events {
                let ev = |r: dateline_doc::TextRange| doc.slice(r).to_string();
                let sent = doc.sentences.get(e.sentence as usize).map(|s| ev(s.range)).unwrap_or_default();
                writeln!(
                    o,
                    "{}",
                    serde_json::json!({"article": v["id"], "event": e, "trigger_text": ev(e.trigger), "sentence_text": sent})
                )?;
            }
        }
    }
    let total = before + coding;
    println!(
        "{n} articles, {tokens} tokens ({:.0}/article), {events} events ({:.1}/article)",
        tokens as f64 / n as f64,
        events as f64 / n as f64
    );
    println!(
        "clean+segment+tag+parse+times+actors: {:.3} s ({:.0} articles/s); event coder: {:.3} s ({:.0} articles/s, {:.1}% of the total)",
        before.as_secs_f64(),
        n as f64 / before.as_secs_f64(),
        coding.as_secs_f64(),
        n as f64 / coding.as_secs_f64(),
        100.0 * coding.as_secs_f64() / total.as_secs_f64()
    );
    Ok(())
}
