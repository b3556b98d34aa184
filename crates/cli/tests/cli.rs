//! End-to-end tests of the `dateline` binary on texts written for them.
//! Hermetic: no network, nothing read from ../shared.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dateline(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.arg("--db").arg(db);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the dateline binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

const STORY: &str = "Sahel Ministers Meet In Bamako To Discuss Security

Defence ministers from Mali and Niger met in Bamako on Tuesday, officials said, agreeing to share
intelligence on armed groups operating along their border.

Read Also: Ten Things To Know About The Sahel

The meeting was the first since the two countries left the regional force.

Sahel Daily Wire, Dakar

Leave a Reply

Your email address will not be published. Required fields are marked *
";

struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().expect("a temp dir") }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }
    fn db(&self) -> PathBuf {
        self.path("test.db")
    }
}

#[test]
fn ingest_list_show_round_trip() {
    let s = Scratch::new();
    let file = s.write("story.txt", STORY.as_bytes());
    let out = run(dateline(&s.db()).arg("ingest").arg(&file).arg("--json"));
    assert!(out.status.success(), "{out:?}");
    let summary = &json_lines(&out)[0];
    assert_eq!(
        (summary["read"].as_u64(), summary["new"].as_u64(), summary["failed"].as_u64()),
        (Some(1), Some(1), Some(0))
    );

    let out = run(dateline(&s.db()).args(["articles", "--json"]));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "Sahel Ministers Meet In Bamako To Discuss Security");
    assert_eq!(rows[0]["source"], "Sahel Daily Wire");
    let id = rows[0]["id"].as_i64().expect("an id");

    let out = run(dateline(&s.db()).args(["show", &id.to_string(), "--json"]));
    let shown = &json_lines(&out)[0];
    let text = shown["text"].as_str().expect("text");
    assert!(text.contains("agreeing to share\nintelligence"));
    assert!(!text.contains("Read Also") && !text.contains("Leave a Reply") && !text.contains("Dakar"));
    assert_eq!(shown["meta"]["dateline_place"], "Dakar");
    let reasons: Vec<&str> =
        shown["boilerplate"].as_array().expect("array").iter().filter_map(|b| b["reason"].as_str()).collect();
    assert!(reasons.contains(&"sign-off"), "{reasons:?}");
    // Block offsets are characters into the text.
    let first = &shown["blocks"][1];
    let chars: Vec<char> = text.chars().collect();
    let (start, end) =
        (first["start"].as_u64().unwrap_or(0) as usize, first["end"].as_u64().unwrap_or(0) as usize);
    assert_eq!(chars[start..end].iter().collect::<String>(), first["text"].as_str().unwrap_or_default());

    // The human-readable forms work too.
    let out = run(dateline(&s.db()).args(["show", &id.to_string()]));
    assert!(
        stdout(&out).contains("[promo] Read Also: Ten Things To Know About The Sahel"),
        "{}",
        stdout(&out)
    );
    let out = run(dateline(&s.db()).args(["articles", "--query", "bamako"]));
    assert!(stdout(&out).contains("Sahel Ministers Meet"));
}

#[test]
fn reingest_adds_nothing() {
    let s = Scratch::new();
    let file = s.write("story.txt", STORY.as_bytes());
    assert!(run(dateline(&s.db()).arg("ingest").arg(&file)).status.success());
    let out = run(dateline(&s.db()).arg("ingest").arg(&file).arg("--json"));
    let summary = &json_lines(&out)[0];
    assert_eq!((summary["new"].as_u64(), summary["duplicate"].as_u64()), (Some(0), Some(1)));
    let out = run(dateline(&s.db()).args(["articles", "--json"]));
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn bad_inputs_are_reported_and_the_rest_goes_in() {
    let s = Scratch::new();
    s.write("in/good.txt", STORY.as_bytes());
    s.write("in/empty.txt", b"");
    s.write(
        "in/photo.jpg",
        &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 2, 0, 0, 1, 0, 1, 0, 0],
    );
    let mut gz = Vec::new();
    {
        let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
        enc.write_all(STORY.repeat(20).as_bytes()).expect("gzip");
    }
    gz.truncate(gz.len() / 2);
    s.write("in/cut.txt.gz", &gz);
    s.write("in/lines.jsonl", b"{\"id\": \"a\", \"text\": \"Voters queued from dawn in the capital on Sunday.\"}\n{not json\n{\"id\": \"c\", \"title\": \"No body\"}\n");
    let out = run(dateline(&s.db()).arg("ingest").arg(s.path("in")).arg("--json"));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let summary = &json_lines(&out)[0];
    assert_eq!(summary["new"].as_u64(), Some(2), "{summary}");
    let failed: Vec<String> = summary["failures"]
        .as_array()
        .expect("failures")
        .iter()
        .map(|f| format!("{} | {}", f["path"].as_str().unwrap_or(""), f["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(failed.len(), 5, "{failed:?}");
    for (file, reason) in [
        ("empty.txt", "empty"),
        ("photo.jpg", "binary"),
        ("cut.txt.gz", "truncated gzip"),
        ("lines.jsonl#L2", "invalid JSON"),
        ("lines.jsonl#L3", "missing field"),
    ] {
        assert!(failed.iter().any(|f| f.contains(file) && f.contains(reason)), "{file}: {failed:?}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt"), "failures are printed as they happen: {stderr}");
}

#[test]
fn stdin_jsonl() {
    let s = Scratch::new();
    let mut child = dateline(&s.db())
        .args(["ingest", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            b"{\"id\": \"x1\", \"title\": \"Floods in the north\", \"date\": \"2020-03-01\", \"source\": \"Wire\", \"text\": \"Heavy rain flooded villages in the north on Sunday, officials said.\"}\n",
        )
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{out:?}");
    let out =
        run(dateline(&s.db()).args(["articles", "--json", "--since", "2020-03-01", "--source", "wire"]));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["published"], "2020-03-01");
    assert_eq!(rows[0]["origin"], "-#L1");
}

#[test]
fn extract_json_from_html() {
    let s = Scratch::new();
    let page = s.write(
        "page.html",
        br#"<html lang="en"><head><title>Talks in Bamako - Sahel Daily</title>
<meta property="og:title" content="Talks in Bamako"><meta name="author" content="Awa Traore">
<meta property="article:published_time" content="2023-12-05T09:00:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><p>Defence ministers from Mali and Niger met in Bamako on Tuesday, officials said, agreeing to share intelligence on armed groups.</p>
<p>The meeting was the first since the two countries left the regional force, which had struggled for years against insurgents.</p>
<div class="share">Share this: Facebook Twitter</div></article>
<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div></body></html>"#,
    );
    let out = run(Command::new(env!("CARGO_BIN_EXE_dateline")).arg("extract").arg("--json").arg(&page));
    assert!(out.status.success(), "{out:?}");
    let got = &json_lines(&out)[0];
    assert_eq!(got["title"], "Talks in Bamako");
    assert_eq!(got["date"], "2023-12-05T09:00:00+00:00");
    assert_eq!(got["authors"][0], "Awa Traore");
    assert_eq!(got["language"], "en");
    let body = got["body"].as_str().expect("body");
    assert!(body.starts_with("Defence ministers") && body.ends_with("against insurgents."), "{body}");
}

#[test]
fn usage_errors_exit_2() {
    let s = Scratch::new();
    let out = run(dateline(&s.db()).arg("ingest"));
    assert_eq!(out.status.code(), Some(2));
    let out = run(dateline(&s.db()).args(["articles", "--since", "yesterday"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(dateline(&s.db()).args(["articles"]));
    assert_eq!(out.status.code(), Some(1), "listing a store that does not exist is an error");
}

/// Tiny deterministic generator, so the kill test's articles differ.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn killed_ingest_completes_on_rerun_without_duplicates() {
    const N: usize = 4000;
    const BATCH: u64 = 20;
    let words = [
        "army",
        "minister",
        "talks",
        "border",
        "villagers",
        "rebels",
        "convoy",
        "election",
        "ceasefire",
        "capital",
        "governor",
        "protest",
        "court",
        "ambassador",
        "treaty",
        "flood",
        "harvest",
        "market",
        "police",
        "drone",
        "refugees",
        "aid",
        "summit",
        "sanctions",
        "junta",
        "troops",
        "airport",
        "bridge",
        "school",
        "hospital",
    ];
    let s = Scratch::new();
    let mut rng = Lcg(7);
    let mut jsonl = String::new();
    for i in 0..N {
        let text: Vec<&str> = (0..120).map(|_| words[(rng.next() % words.len() as u64) as usize]).collect();
        let line = serde_json::json!({"id": format!("a{i}"), "title": format!("Report {i}"), "text": text.join(" ")});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    let input = s.write("many.jsonl", jsonl.as_bytes());
    let ingest = |db: &Path| {
        let mut cmd = dateline(db);
        // Store atomicity, not analysis, is under test here.
        cmd.args(["ingest", "--json", "--no-analysis", "-j", "1", "--batch-size", &BATCH.to_string()])
            .arg(&input);
        cmd
    };
    let count = |db: &Path| -> u64 {
        let out = run(dateline(db).args(["articles", "--json", "--limit", "100000"]));
        json_lines(&out).len() as u64
    };

    let mut child = ingest(&s.db()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if s.db().exists() && count(&s.db()) > 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "ingest never wrote a batch");
    }
    child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    child.wait().expect("reap");
    let after_kill = count(&s.db());
    assert!(after_kill > 0);
    assert!(after_kill < N as u64, "the kill must land midway; raise N if the machine is too fast");
    assert_eq!(after_kill % BATCH, 0, "only whole batches are ever committed");

    let out = run(&mut ingest(&s.db()));
    assert!(out.status.success(), "{out:?}");
    let summary = &json_lines(&out)[0];
    assert_eq!(summary["new"].as_u64(), Some(N as u64 - after_kill));
    assert_eq!(summary["duplicate"].as_u64(), Some(after_kill));
    assert_eq!(count(&s.db()), N as u64);
}

/// Ingest analyses new articles and stores their events; `events` filters
/// them, `explain` shows the evidence, `export` writes GDELT tables.
#[test]
fn ingest_codes_events_that_events_explain_and_export_show() {
    let s = Scratch::new();
    let file = s.write(
        "visit.txt",
        "Russia and Niger deepen ties\n\nA Russian delegation led by the deputy defence minister on Monday \
         held talks with Niger's military leaders in Niamey. The two countries agreed to strengthen military \
         cooperation. Burkina Faso and Niger on Saturday quit the G5 Sahel force.\n"
            .as_bytes(),
    );
    let out = run(dateline(&s.db()).arg("ingest").arg(&file).args(["--date", "2023-12-05", "--json"]));
    assert!(out.status.success(), "{out:?}");
    let summary = &json_lines(&out)[0];
    assert!(summary["events"].as_u64().is_some_and(|n| n >= 2), "{summary}");

    let events =
        json_lines(&run(dateline(&s.db()).args(["events", "--json", "--actor", "RUS", "--with", "NER"])));
    let meeting = events
        .iter()
        .find(|e| e["cameo"].as_str().is_some_and(|c| c.starts_with("04")))
        .unwrap_or_else(|| panic!("no Russia-Niger consultation in {events:#?}"));
    assert_eq!(meeting["date"]["value"].as_str().map(|v| &v[..10]), Some("2023-12-04"));
    assert_eq!(meeting["place"]["name"], "Niamey");
    let sentence = meeting["evidence"]["sentence"].as_str().expect("sentence");
    assert!(sentence.starts_with("A Russian delegation"), "{sentence}");
    let (start, end) = (
        meeting["evidence"]["start"].as_u64().unwrap() as usize,
        meeting["evidence"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(end - start, sentence.chars().count());

    let none =
        json_lines(&run(dateline(&s.db()).args(["events", "--json", "--quadclass", "4", "--actor", "RUS"])));
    assert!(none.is_empty(), "{none:#?}");

    let id = meeting["id"].as_str().expect("id");
    let explained = run(dateline(&s.db()).args(["explain", id]));
    assert!(explained.status.success());
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(text.contains("[talks]") || text.contains("[held]"), "{text}");
    assert!(text.contains("Niamey"), "{text}");

    let prefix = s.path("out");
    assert!(run(dateline(&s.db()).args(["export", "--format", "gdelt", "--out"]).arg(&prefix))
        .status
        .success());
    let table = std::fs::read_to_string(s.path("out.export.CSV")).expect("events table");
    assert!(table.lines().all(|l| l.split('\t').count() == 61), "{table}");
    let csv = run(dateline(&s.db()).args(["export", "--format", "csv"]));
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("id,day,cameo,"));
}
