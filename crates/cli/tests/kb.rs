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
