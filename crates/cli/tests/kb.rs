//! `dateline kb lookup` against the shipped knowledge base.

use serde_json::Value;
use std::process::Command;

fn lookup(args: &[&str]) -> (Vec<Value>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["kb", "lookup", "--json"])
        .args(args)
        .output()
        .expect("dateline runs");
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (rows, out.status.code())
}

#[test]
fn dated_roles_metonyms_and_agents() {
    let (rows, _) = lookup(&["Bazoum", "--date", "2023-06-01"]);
    assert_eq!((rows[0]["code"].as_str(), rows[0]["status"].as_str()), (Some("NERGOV"), Some("current")));
    let (rows, _) = lookup(&["Bazoum", "--date", "2023-12-05"]);
    assert_eq!((rows[0]["code"].as_str(), rows[0]["status"].as_str()), (Some("NERELI"), Some("former")));
    let (rows, _) = lookup(&["Paris"]);
    assert!(rows.iter().any(|r| r["code"] == "FRAGOV" && r["metonym"] == true), "{rows:?}");
    let (rows, _) = lookup(&["deputy defence minister"]);
    assert_eq!(rows[0]["code"], "GOVMIL");
    let (rows, code) = lookup(&["Xyzzy Plugh"]);
    assert!(rows.is_empty());
    assert_eq!(code, Some(1));
}

/// A user adds a person with two dated roles in a file of their own, checks
/// the KB, and the new actor is looked up and linked in text.
#[test]
fn a_user_adds_a_person_with_dated_roles() {
    let dir = tempfile::tempdir().expect("tmp");
    let kb = dir.path();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/kb");
    for entry in std::fs::read_dir(&shipped).expect("data/kb") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "tsv") {
            std::fs::copy(&path, kb.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        kb.join("local-people.tsv"),
        "# id\tname\taliases\tcountry\tcode\ttitle\tstart\tend\n\
         dossou\tAminata Dossou\tDossou\tBEN\tBENGOV\tForeign Minister\t2021-05\t2024-06-30\n\
         dossou\tAminata Dossou\t\tBEN\tBENGOVMIL\tDefence Minister\t2024-07-01\t\n",
    )
    .expect("write");
    let dateline = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.env("DATELINE_KB", kb);
        cmd
    };
    let check = dateline().args(["kb", "check", "--json"]).output().expect("runs");
    assert!(check.status.success(), "{check:?}");
    let check: Value = serde_json::from_slice(&check.stdout).expect("JSON");
    assert!(check["people"].as_u64().is_some_and(|n| n > 100), "{check}");

    let code_on = |date: &str| -> String {
        let out =
            dateline().args(["kb", "lookup", "--json", "Dossou", "--date", date]).output().expect("runs");
        let row: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        row["code"].as_str().unwrap_or("").to_owned()
    };
    assert_eq!(code_on("2022-01-10"), "BENGOV");
    assert_eq!(code_on("2025-03-01"), "BENGOVMIL");

    let mut annotate = dateline()
        .args(["annotate", "--date", "2025-03-01"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    {
        use std::io::Write;
        let mut stdin = annotate.stdin.take().expect("stdin");
        stdin
            .write_all(b"Defence Minister Aminata Dossou visited troops in Kandi on Friday.")
            .expect("write");
    }
    let out = annotate.wait_with_output().expect("runs");
    assert!(out.status.success(), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let actor = doc["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .find(|a| a["kb_id"] == "person:dossou")
        .unwrap_or_else(|| panic!("Dossou not linked: {doc}"))
        .clone();
    assert_eq!(actor["code"], "BENGOVMIL");
    assert_eq!(actor["text"], "Defence Minister Aminata Dossou");
}
