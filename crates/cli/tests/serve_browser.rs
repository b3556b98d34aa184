//! The dashboard in headless Chromium (Debian's `chromium`), against a store
//! made by `dateline ingest` from the reference article and the demo corpus.
//!
//! Runs only with `DATELINE_BROWSER_TESTS=1` (`.ci/run` sets it and installs
//! Chromium); otherwise it skips quietly. Chromium renders each view with
//! `--dump-dom` (the DOM after the page's scripts ran) and `--screenshot`;
//! the screenshots are kept in `target/tmp/dashboard-screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// GET over plain HTTP/1.1; returns the body.
fn http_get(addr: &str, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let (head, body) = resp.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
    body.to_owned()
}

fn chromium() -> String {
    std::env::var("DATELINE_CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        "--window-size=1400,900",
        "--virtual-time-budget=15000",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The DOM of `url` after its scripts ran.
fn dom(url: &str, profile: &Path) -> String {
    let out =
        Command::new(chromium()).args(chromium_args(profile)).arg("--dump-dom").arg(url).output().unwrap();
    assert!(out.status.success(), "chromium failed on {url}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn screenshot(url: &str, profile: &Path, file: &Path) {
    let out = Command::new(chromium())
        .args(chromium_args(profile))
        .arg(format!("--screenshot={}", file.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success() && file.exists(),
        "no screenshot of {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dashboard_shows_the_niamey_meeting() {
    if std::env::var_os("DATELINE_BROWSER_TESTS").is_none_or(|v| v != "1") {
        eprintln!("skipped: set DATELINE_BROWSER_TESTS=1 (needs chromium and ../shared)");
        return;
    }
    let root = repo();
    let reference = root.join("../shared/examples/niger-russia.txt");
    assert!(reference.exists(), "missing {}", reference.display());
    let demo = root.join("data/demo/wikinews.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("browser.db");
    let bin = env!("CARGO_BIN_EXE_dateline");

    let status = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--date", "2023-12-05"])
        .arg(&reference)
        .arg(&demo)
        .status()
        .unwrap();
    assert!(status.success(), "ingest failed");

    let mut child = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _server = Server(child);
    let addr = line.split("http://").nth(1).and_then(|s| s.split('/').next()).unwrap().to_owned();
    let base = format!("http://{addr}/");

    // The API agrees there is a meeting in Niamey and finds the article.
    let niamey: serde_json::Value =
        serde_json::from_str(&http_get(&addr, "/api/v1/events?place=Niamey&actor=RUS&total=true")).unwrap();
    assert!(niamey["total"].as_u64().unwrap() > 0, "no Russian event in Niamey: {niamey}");
    let found: serde_json::Value =
        serde_json::from_str(&http_get(&addr, "/api/v1/articles?q=Tiani+Yevkurov")).unwrap();
    let article = found["articles"][0]["id"].as_i64().expect("the reference article is stored");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = tmp.path().join("chromium-profile");

    // Map: a dot at Niamey.
    let map_url = format!("{base}#/map");
    let html = dom(&map_url, &profile);
    assert!(html.contains("data-ready=\"map\""), "the map did not render");
    assert!(html.contains("class=\"country\""), "no countries drawn");
    let dots = html.matches("<circle class=\"cluster\"").count();
    let niamey_dot = html.split("<circle").any(|c| c.contains("data-places=") && c.contains("Niamey"));
    assert!(niamey_dot, "no dot at Niamey among {dots}");
    screenshot(&map_url, &profile, &shots.join("map.png"));

    // Dyad: Russia and Niger.
    let dyad_url = format!("{base}#/dyad?a=RUS&b=NER");
    let html = dom(&dyad_url, &profile);
    assert!(html.contains("data-ready=\"dyad\""), "the dyad view did not render");
    let summary = html.split("id=\"dyad-summary\">").nth(1).unwrap_or("");
    let n: u64 = summary.split(' ').next().unwrap_or("0").parse().unwrap_or(0);
    assert!(n > 0, "no Russia–Niger events: {}", &summary[..summary.len().min(200)]);
    assert!(html.contains("data-event=\""), "no events listed in the dyad view");
    screenshot(&dyad_url, &profile, &shots.join("dyad-rus-ner.png"));

    // Article: Tiani highlighted as a person, events explained.
    let article_url = format!("{base}#/article/{article}");
    let html = dom(&article_url, &profile);
    assert!(html.contains("data-ready=\"article\""), "the article view did not render");
    let tiani = html
        .split("<span class=\"")
        .any(|s| s.starts_with("hl-PER") && s.contains(">Abdourahamane Tiani</span>"));
    assert!(tiani, "Abdourahamane Tiani is not highlighted as a person");
    assert!(html.contains("class=\"explain\""), "no event explanations");
    screenshot(&article_url, &profile, &shots.join("article-niger-russia.png"));

    // Timeline and an event's evidence render too.
    let event = niamey["events"][0]["id"].as_i64().unwrap();
    let event_url = format!("{base}#/event/{event}");
    let html = dom(&event_url, &profile);
    assert!(html.contains("<mark class=\"evidence\">"), "no evidence marked");
    screenshot(&event_url, &profile, &shots.join("event-niamey.png"));
    screenshot(&format!("{base}#/timeline"), &profile, &shots.join("timeline.png"));
    eprintln!("screenshots in {}", shots.display());
}
