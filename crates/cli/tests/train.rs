//! `dateline train` on a tiny treebank written for the test: the models it
//! writes load and reproduce their training sentences.

use std::process::Command;

const TREEBANK: &str = "# newdoc id = d1
# sent_id = 1
# text = The army left the capital.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tarmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tcapital\tcapital\tNOUN\tNN\t_\t3\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = 2
# text = The junta signed the deal.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tjunta\tjunta\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsigned\tsign\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tdeal\tdeal\tNOUN\tNN\t_\t3\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = 3
# text = The troops crossed the border.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\ttroops\ttroop\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tcrossed\tcross\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tborder\tborder\tNOUN\tNN\t_\t3\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

#[test]
fn trains_a_tagger_and_a_parser_that_annotate() {
    let dir = tempfile::tempdir().unwrap();
    let tb = dir.path().join("tiny.conllu");
    std::fs::write(&tb, TREEBANK).unwrap();
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    let dateline = || Command::new(env!("CARGO_BIN_EXE_dateline"));
    let out = dateline()
        .args(["train", "tagger", "--epochs", "5", "--network-epochs", "2", "--train"])
        .arg(&tb)
        .arg("--dev")
        .arg(&tb)
        .arg("--out")
        .arg(models.join("tagger.bin"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = dateline()
        .args([
            "train",
            "parser",
            "--epochs",
            "8",
            "--folds",
            "2",
            "--network",
            "--network-epochs",
            "2",
            "--train",
        ])
        .arg(&tb)
        .arg("--dev")
        .arg(&tb)
        .arg("--tagger")
        .arg(models.join("tagger.bin"))
        .arg("--out")
        .arg(models.join("parser.bin"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let out =
        dateline().args(["eval", "syntax", "--json", "--models"]).arg(&models).arg(&tb).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["gold_tokens"]["upos"].as_f64(), Some(100.0), "{scores}");
    assert_eq!(scores["gold_tokens"]["las"].as_f64(), Some(100.0), "{scores}");
    assert_eq!(scores["raw_text"]["tokens_f1"].as_f64(), Some(100.0), "{scores}");
}
