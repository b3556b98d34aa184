//! Acceptance gate on shared data (ScrapingHub body F1, metadata on real news pages).
//! Runs only with DATELINE_GATES=1; then missing data is a failure.

use dateline_extract::Extractor;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn gates_on() -> bool {
    if std::env::var("DATELINE_GATES").as_deref() == Ok("1") {
        true
    } else {
        println!("skipped: set DATELINE_GATES=1");
        false
    }
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn must_exist(p: &Path) {
    assert!(p.exists(), "gate data missing: {}", p.display());
}

fn gunzip(p: &Path) -> String {
    let f = std::fs::File::open(p).unwrap_or_else(|e| panic!("cannot open {}: {e}", p.display()));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("bad gzip {}: {e}", p.display()));
    dateline_extract::charset::decode(&bytes, None, true).text
}

fn jsonl(p: &Path) -> Vec<serde_json::Value> {
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSONL"))
        .collect()
}

/// Tokens as Python's `\w+`: runs of alphanumeric characters or '_'.
fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect()
}

fn shingles<'a>(toks: &[&'a str], n: usize) -> HashMap<Vec<&'a str>, usize> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() <= n {
        m.insert(toks.to_vec(), 1);
        return m;
    }
    for w in toks.windows(n) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// (precision, recall) of one page; None where undefined.
fn compare(gold: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    let (gt, pt) = (tokens(gold), tokens(pred));
    let (g, p) = (shingles(&gt, 4), shingles(&pt, 4));
    let tp: usize = p.iter().map(|(k, &c)| c.min(g.get(k).copied().unwrap_or(0))).sum();
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    let prec = (np > 0).then(|| tp as f64 / np as f64);
    let rec = (ng > 0).then(|| tp as f64 / ng as f64);
    (prec, rec)
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

#[test]
fn scrapinghub_body_f1() {
    if !gates_on() {
        return;
    }
    let dir = shared().join("bench/extract/scrapinghub");
    must_exist(&dir);
    let gt = dir.join("ground-truth.jsonl");
    must_exist(&gt);
    let ex = Extractor::new();
    let (mut ps, mut rs, mut empties) = (Vec::new(), Vec::new(), Vec::new());
    let mut preds = String::new();
    for rec in jsonl(&gt) {
        let id = rec["id"].as_str().expect("id");
        let path = dir.join("html").join(format!("{id}.html.gz"));
        must_exist(&path);
        let html = gunzip(&path);
        let body = ex.extract(&html, rec["url"].as_str()).body_text();
        if tokens(&body).is_empty() {
            empties.push(id.to_string());
        }
        let (p, r) = compare(rec["body"].as_str().unwrap_or(""), &body);
        ps.extend(p);
        rs.extend(r);
        preds.push_str(&serde_json::json!({"id": id, "body": body}).to_string());
        preds.push('\n');
    }
    if let Ok(out) = std::env::var("DATELINE_GATE_PRED") {
        let _ = std::fs::write(out, preds);
    }
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = 2.0 * p * r / (p + r);
    println!("scrapinghub: P {p:.4} R {r:.4} F1 {f1:.4} empty {}", empties.len());
    assert!(empties.is_empty(), "empty outputs: {empties:?}");
    assert!(f1 >= 0.96, "F1 {f1:.4} < 0.96");
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn date_matches(gold: &str, got: Option<dateline_doc::Published>) -> bool {
    let gold = gold.trim();
    let Some(got) = got else { return gold.is_empty() };
    let Some(g) = dateline_doc::Published::parse_iso(gold) else { return false };
    if g.date != got.date && (g.offset_seconds.is_none() || got.offset_seconds.is_none()) {
        return false;
    }
    let Some(gt) = g.time else { return g.date == got.date };
    let Some(pt) = got.time else { return false };
    let secs = |d: jiff::civil::Date, t: jiff::civil::Time, off: i32| -> f64 {
        let days = (d - jiff::civil::date(1970, 1, 1)).get_days() as f64;
        days * 86400.0
            + t.hour() as f64 * 3600.0
            + t.minute() as f64 * 60.0
            + t.second() as f64
            + t.subsec_nanosecond() as f64 / 1e9
            - off as f64
    };
    match (g.offset_seconds, got.offset_seconds) {
        (Some(a), Some(b)) => (secs(g.date, gt, a) - secs(got.date, pt, b)).abs() < 1.0,
        _ => g.date == got.date && (secs(g.date, gt, 0) - secs(got.date, pt, 0)).abs() < 1.0,
    }
}

#[test]
fn news_metadata() {
    if !gates_on() {
        return;
    }
    let dir = shared().join("corpus/formats/html");
    let gold = dir.join("gold.jsonl");
    must_exist(&gold);
    let ex = Extractor::new();
    let (mut t_ok, mut d_ok, mut a_ok, mut n) = (0, 0, 0, 0);
    for rec in jsonl(&gold) {
        let file = rec["file"].as_str().expect("file");
        let path = dir.join(file);
        must_exist(&path);
        let a = ex.extract(&gunzip(&path), rec["url"].as_str());
        n += 1;
        let t = norm(a.title.as_deref().unwrap_or("")) == norm(rec["title"].as_str().unwrap_or(""));
        let d = date_matches(rec["publishing_date"].as_str().unwrap_or(""), a.published);
        let gold_auth: std::collections::BTreeSet<String> = rec["authors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .map(|s| s.to_lowercase())
            .collect();
        let got_auth: std::collections::BTreeSet<String> =
            a.authors.iter().map(|s| s.to_lowercase()).collect();
        let au = gold_auth == got_auth;
        t_ok += usize::from(t);
        d_ok += usize::from(d);
        a_ok += usize::from(au);
        if !(t && d && au) {
            println!(
                "{file}: title {t} {:?} | date {d} {:?} | authors {au} {:?}",
                a.title,
                a.published.map(|p| p.to_string()),
                a.authors
            );
        }
    }
    println!("metadata on {n} pages: title {t_ok}, date {d_ok}, authors {a_ok}");
    assert_eq!(n, 23, "expected 23 gold pages");
    assert!(
        t_ok >= 20 && d_ok >= 20 && a_ok >= 20,
        "title {t_ok}, date {d_ok}, authors {a_ok} (need >= 20 each)"
    );
}
