//! `dateline annotate` and `dateline eval time` on short texts written for
//! them, with the shipped models.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn annotate(args: &[&str], input: &str) -> (String, std::process::ExitStatus) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("annotate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status)
}

const LINE: &str = r#"{"id": "n1", "dct": "2023-12-05", "text": "Niger’s junta met Russia's envoy on Monday evening.\n\nGen. Tiani didn't speak. The coup took place on July 26."}"#;

#[test]
fn json_lines_with_char_offsets_tags_trees_and_times() {
    let (out, status) = annotate(&[], LINE);
    assert!(status.success());
    let doc: Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(doc["id"], "n1");
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    let tokens = doc["tokens"].as_array().expect("tokens");
    let forms: Vec<&str> = tokens.iter().filter_map(|t| t["text"].as_str()).collect();
    assert_eq!(&forms[..4], ["Niger", "’s", "junta", "met"]);
    assert!(forms.contains(&"n't") && forms.contains(&"Gen."));
    for t in tokens {
        let (s, e) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            t["text"].as_str().unwrap(),
            "offsets are characters"
        );
        assert!(t["upos"].is_string() && t["lemma"].is_string() && t["deprel"].is_string());
    }
    let met = tokens.iter().find(|t| t["text"] == "met").unwrap();
    assert_eq!(met["lemma"], "meet");
    assert_eq!(met["upos"], "VERB");
    // Each sentence has exactly one root.
    for s in doc["sentences"].as_array().unwrap() {
        let (a, b) = (s["tokens"][0].as_u64().unwrap() as usize, s["tokens"][1].as_u64().unwrap() as usize);
        let roots = tokens[a..b].iter().filter(|t| t["head"].is_null()).count();
        assert_eq!(roots, 1, "{s}");
    }
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 3);
    let times: Vec<(&str, &str)> = doc["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["value"].as_str().unwrap()))
        .collect();
    assert_eq!(times, [("Monday evening", "2023-12-04TEV"), ("July 26", "2023-07-26")]);
}

#[test]
fn conllu_output() {
    let (out, status) = annotate(&["--conllu"], LINE);
    assert!(status.success());
    assert!(out.starts_with(
        "# newdoc id = n1\n# sent_id = 1\n# text = Niger’s junta met Russia's envoy on Monday evening.\n"
    ));
    let first: Vec<&str> = out.lines().nth(3).unwrap().split('\t').collect();
    assert_eq!(first.len(), 10);
    assert_eq!((first[0], first[1], first[9]), ("1", "Niger", "SpaceAfter=No"));
}

#[test]
fn tokens_only_needs_no_models() {
    let (out, status) =
        annotate(&["--depth", "tokens", "--no-times", "--no-entities", "--models", "/nonexistent"], LINE);
    assert!(status.success());
    let doc: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(doc["tokens"][0].get("upos").is_none());
    assert!(doc["timexes"].as_array().unwrap().is_empty());
}

#[test]
fn eval_time_scores_a_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        r#"{"id": "d1", "dct": "2023-12-05", "text": "Troops left on Monday. They will return next year.", "timexes": [{"start": 15, "end": 21, "type": "DATE", "value": "2023-12-04"}, {"start": 40, "end": 49, "type": "DATE", "value": "2024"}]}
"#,
    )
    .unwrap();
    let pred = dir.path().join("pred.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["eval", "time", "--json"])
        .arg(&gold)
        .arg("--out")
        .arg(&pred)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let scores: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["value"]["f1"].as_f64(), Some(1.0), "{scores}");
    assert!(std::fs::read_to_string(&pred).unwrap().contains("2024"));
}
