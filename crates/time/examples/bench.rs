//! Speed on the Wikinews corpus, one core:
//! `cargo run --release -p dateline-time --example bench [-- PATH.jsonl.gz]`
use dateline_doc::{Document, Meta, Published, Stage};
use dateline_time::TimeTagger;
use std::io::{BufRead, BufReader};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/wikinews-en-2019-2020/articles.jsonl.gz")
            .into()
    });
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut docs = Vec::new();
    for line in BufReader::new(flate2::read::GzDecoder::new(file)).lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let published = v["date"].as_str().and_then(Published::parse_iso);
        if let Ok(d) = Document::new(text, Meta { published, ..Meta::default() }) {
            docs.push(d);
        }
    }
    let tagger = TimeTagger::new();
    let chars: usize = docs.iter().map(|d| d.text().chars().count()).sum();
    let rounds = 5;
    let start = Instant::now();
    let mut timexes = 0;
    for _ in 0..rounds {
        for d in &mut docs {
            tagger.run(d);
            timexes += d.timexes.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (docs.len() * rounds) as f64;
    println!(
        "{} docs x {rounds}: {:.0} docs/s, {:.1} M chars/s, {:.0} timexes/s ({} timexes per pass)",
        docs.len(),
        n / secs,
        (chars * rounds) as f64 / secs / 1e6,
        timexes as f64 / secs,
        timexes / rounds
    );
}
