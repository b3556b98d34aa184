//! The bad-input corpus in tests/bad: every file's outcome, and the batch
//! goes on past each failure.
#![allow(clippy::unwrap_used)]

use dateline_ingest::{discover, read_input, Content, Input, ReadErrorKind, ReadOptions, SourceFormat};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What one file gave: document formats and error kinds, in order.
#[derive(Debug, Default)]
struct Outcome {
    docs: Vec<(SourceFormat, Content, String)>,
    errors: Vec<String>,
}

fn kind_name(k: &ReadErrorKind) -> String {
    match k {
        ReadErrorKind::Io(_) => "Io".into(),
        ReadErrorKind::Empty => "Empty".into(),
        ReadErrorKind::TooLarge { .. } => "TooLarge".into(),
        ReadErrorKind::Binary => "Binary".into(),
        ReadErrorKind::TruncatedGzip => "TruncatedGzip".into(),
        ReadErrorKind::Gzip(_) => "Gzip".into(),
        ReadErrorKind::Json { line, .. } => format!("Json@{line}"),
        ReadErrorKind::MissingField(f) => format!("MissingField({f})"),
        ReadErrorKind::Warc(_) => "Warc".into(),
        ReadErrorKind::Feed(_) => "Feed".into(),
        ReadErrorKind::InvalidUtf8 => "InvalidUtf8".into(),
        ReadErrorKind::Unsupported(_) => "Unsupported".into(),
        _ => "Other".into(),
    }
}

#[test]
fn bad_corpus_outcomes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let missing = dir.join("no-such-file.txt");
    let (inputs, errors) = discover(&[dir.clone(), missing]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(matches!(errors[0].kind, ReadErrorKind::Io(_)));
    assert!(errors[0].to_string().contains("no-such-file.txt: "), "{}", errors[0]);

    let opts = ReadOptions { max_bytes: 2048 };
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut names = Vec::new();
    for input in &inputs {
        let Input::Path(path) = input else { panic!("stdin from a directory") };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        names.push(name.clone());
        let out = outcomes.entry(name).or_default();
        read_input(input, &opts, &mut |r| match r {
            Ok(d) => {
                assert!(d.origin.starts_with(&path.display().to_string()));
                out.docs.push((
                    d.format,
                    d.content,
                    d.origin.rsplit_once('#').map(|x| x.1.to_string()).unwrap_or_default(),
                ))
            }
            Err(e) => {
                assert!(e.origin.starts_with(&path.display().to_string()), "{e}");
                out.errors.push(kind_name(&e.kind))
            }
        });
    }
    // Sorted, hidden files skipped, every file read (the batch went on).
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(!names.iter().any(|n| n.starts_with('.')), "{names:?}");

    use Content::{Html, Text};
    use SourceFormat as F;
    type Expect = (&'static str, Vec<(F, Content, &'static str)>, Vec<&'static str>);
    let expected: Vec<Expect> = vec![
        ("binary.png", vec![], vec!["Binary"]),
        ("empty.txt", vec![], vec!["Empty"]),
        ("latin1.txt", vec![(F::Text, Text, "")], vec![]),
        ("malformed.html", vec![(F::Html, Html, "")], vec![]),
        ("malformed.rss", vec![], vec!["Feed"]),
        (
            "mixed.jsonl",
            vec![(F::Jsonl, Text, "L1"), (F::Jsonl, Html, "L4")],
            vec!["Json@2", "MissingField(text)", "InvalidUtf8", "Json@7"],
        ),
        ("too-large.txt", vec![], vec!["TooLarge"]),
        ("truncated.html.gz", vec![], vec!["TruncatedGzip"]),
        ("truncated.warc", vec![(F::Warc, Html, "record-1")], vec!["Warc"]),
        ("truncated.warc.gz", vec![(F::Warc, Html, "record-1")], vec!["TruncatedGzip"]),
        ("wrong-charset.html", vec![(F::Html, Html, "")], vec![]),
    ];
    assert_eq!(outcomes.len(), expected.len(), "files: {:?}", outcomes.keys().collect::<Vec<_>>());
    for (name, docs, errs) in expected {
        let out = outcomes.get(name).unwrap_or_else(|| panic!("{name} not read"));
        let got_docs: Vec<(F, Content, &str)> =
            out.docs.iter().map(|(f, c, o)| (*f, *c, o.as_str())).collect();
        assert_eq!(got_docs, docs, "{name} documents");
        assert_eq!(out.errors, errs, "{name} errors");
    }
}

#[test]
fn raw_bytes_are_kept_unchanged() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    for name in ["latin1.txt", "wrong-charset.html", "malformed.html"] {
        let path = dir.join(name);
        let raw = std::fs::read(&path).unwrap();
        let mut docs = Vec::new();
        read_input(&Input::Path(path), &ReadOptions::default(), &mut |r| docs.push(r.unwrap()));
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].bytes, raw, "{name}");
        assert_eq!(docs[0].hints, Default::default());
    }
}

#[test]
fn too_large_reports_sizes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad/too-large.txt");
    let size = std::fs::metadata(&path).unwrap().len();
    let mut errs = Vec::new();
    read_input(&Input::Path(path), &ReadOptions { max_bytes: 100 }, &mut |r| errs.push(r.unwrap_err()));
    assert_eq!(errs.len(), 1);
    match &errs[0].kind {
        ReadErrorKind::TooLarge { size: s, limit } => {
            assert_eq!((*s, *limit), (size, 100));
        }
        k => panic!("{k:?}"),
    }
    assert!(
        errs[0].to_string().ends_with(&format!("too-large.txt: too large: {size} bytes, limit 100")),
        "{}",
        errs[0]
    );
}
