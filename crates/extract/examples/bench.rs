//! Prints one JSON line per input (.html or .html.gz) like `dateline extract --json`.
//! Timing of the extraction loop goes to stderr.
use std::io::{Read, Write};

fn main() {
    let ex = dateline_extract::Extractor::new();
    let mut pages = Vec::new();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let bytes = if path.ends_with(".gz") {
            let mut out = Vec::new();
            if flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).is_err() {
                eprintln!("bad gzip {path}");
                continue;
            }
            out
        } else {
            bytes
        };
        pages.push((path, bytes));
    }
    let t = std::time::Instant::now();
    let mut out = String::new();
    for (path, bytes) in &pages {
        let text = dateline_extract::charset::decode(bytes, None, true).text;
        let a = ex.extract(&text, None);
        let v = serde_json::json!({
            "path": path,
            "title": a.title,
            "body": a.body_text(),
            "date": a.published.map(|p| p.to_string()),
            "authors": a.authors,
            "site": a.site_name,
            "language": a.language,
            "canonical": a.canonical_url,
        });
        out.push_str(&v.to_string());
        out.push('\n');
    }
    let el = t.elapsed().as_secs_f64();
    eprintln!("{} pages in {:.3}s = {:.1} pages/s", pages.len(), el, pages.len() as f64 / el.max(1e-9));
    let _ = std::io::stdout().write_all(out.as_bytes());
}
