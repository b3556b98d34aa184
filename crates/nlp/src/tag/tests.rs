use super::*;
use crate::conllu;

fn row(i: usize, form: &str, lemma: &str, upos: &str, xpos: &str) -> String {
    format!("{i}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t0\tdep\t_\t_\n")
}

/// A tiny treebank: a few patterns repeated.
fn tiny() -> Vec<TreebankSentence> {
    let sents: &[&[(&str, &str, &str, &str)]] = &[
        &[
            ("The", "the", "DET", "DT"),
            ("troops", "troop", "NOUN", "NNS"),
            ("ousted", "oust", "VERB", "VBD"),
            ("the", "the", "DET", "DT"),
            ("president", "president", "NOUN", "NN"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Niger", "Niger", "PROPN", "NNP"),
            ("did", "do", "AUX", "VBD"),
            ("n't", "not", "PART", "RB"),
            ("agree", "agree", "VERB", "VB"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("The", "the", "DET", "DT"),
            ("soldiers", "soldier", "NOUN", "NNS"),
            ("attacked", "attack", "VERB", "VBD"),
            ("a", "a", "DET", "DT"),
            ("village", "village", "NOUN", "NN"),
            ("in", "in", "ADP", "IN"),
            ("Mali", "Mali", "PROPN", "NNP"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Rebels", "rebel", "NOUN", "NNS"),
            ("killed", "kill", "VERB", "VBD"),
            ("two", "two", "NUM", "CD"),
            ("guards", "guard", "NOUN", "NNS"),
            ("in", "in", "ADP", "IN"),
            ("Chad", "Chad", "PROPN", "NNP"),
            (".", ".", "PUNCT", "."),
        ],
    ];
    let mut text = String::new();
    for _ in 0..5 {
        for s in sents {
            for (i, (f, l, u, x)) in s.iter().enumerate() {
                text.push_str(&row(i + 1, f, l, u, x));
            }
            text.push('\n');
        }
    }
    conllu::read(text.as_bytes(), "tiny").expect("tiny treebank parses")
}

fn trained() -> Tagger {
    let cfg = TrainConfig { epochs: 5, clusters_file: None, ..TrainConfig::default() };
    Tagger::train(&tiny(), &[], &cfg, &mut |_| {})
}

#[test]
fn tags_a_training_sentence() {
    let t = trained();
    let out = t.tag(&["The", "soldiers", "attacked", "a", "village", "in", "Mali", "."]);
    let upos: Vec<&str> = out.iter().map(|t| t.upos.as_str()).collect();
    assert_eq!(upos, ["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"]);
    let xpos: Vec<&str> = out.iter().map(|t| &*t.xpos).collect();
    assert_eq!(xpos, ["DT", "NNS", "VBD", "DT", "NN", "IN", "NNP", "."]);
    let lemmas: Vec<&str> = out.iter().map(|t| &*t.lemma).collect();
    assert_eq!(lemmas, ["the", "soldier", "attack", "a", "village", "in", "Mali", "."]);
    assert!(t.tag(&[]).is_empty());
}

#[test]
fn lemmatizes_unseen_words_by_rule() {
    let t = trained();
    let lem = &t.lemmatizer;
    assert_eq!(lem.lemma("troops", "NNS"), "troop");
    assert_eq!(lem.lemma("fighters", "NNS"), "fighter");
    assert_eq!(lem.lemma("ousted", "VBD"), "oust");
    assert_eq!(lem.lemma("n't", "RB"), "not");
    assert_eq!(lem.lemma("Niger", "NNP"), "Niger");
    assert_eq!(lem.lemma("Burkina", "NNP"), "Burkina");
}

#[test]
fn model_bytes_round_trip() {
    let t = trained();
    let bytes = t.to_bytes();
    let back = Tagger::from_bytes(&bytes).expect("round trip");
    let words = ["Rebels", "attacked", "the", "troops", "in", "Niger", "."];
    assert_eq!(t.tag(&words), back.tag(&words));
    assert_eq!(back.to_bytes(), bytes);
}

#[test]
fn clusters_and_stacking_round_trip() {
    let clusters =
        [("troops", 1u16), ("soldiers", 1), ("rebels", 1), ("guards", 1), ("militants", 1), ("chad", 2)]
            .iter()
            .map(|&(w, c)| (w.to_string(), c))
            .collect();
    let cfg = TrainConfig {
        epochs: 5,
        clusters,
        cluster_parents: vec![0, 0, 1],
        stack: 2,
        stack_margin: f32::INFINITY,
        ..TrainConfig::default()
    };
    let t = Tagger::train(&tiny(), &[], &cfg, &mut |_| {});
    assert_eq!(t.clusters.map.len(), 6);
    assert_eq!(t.stack, 2);
    assert!(!t.weights2.keys.is_empty());
    let bytes = t.to_bytes();
    let back = Tagger::from_bytes(&bytes).expect("round trip");
    assert_eq!(back.to_bytes(), bytes);
    // An unseen word that shares a cluster with training nouns.
    let words = ["The", "militants", "attacked", "a", "village", "."];
    let out = back.tag(&words);
    assert_eq!(out, t.tag(&words));
    assert_eq!(out[0].upos, Upos::DET);
    assert_eq!(out[2].upos, Upos::VERB);
    for cut in [bytes.len() / 3, bytes.len() - 1] {
        assert!(Tagger::from_bytes(&bytes[..cut]).is_err());
    }
}

#[test]
fn corrupt_models_are_errors() {
    let bytes = trained().to_bytes();
    for cut in [0, 5, 19, 20, 40, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(Tagger::from_bytes(&bytes[..cut]), Err(ModelError::Format(_))), "cut at {cut}");
    }
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert!(matches!(Tagger::from_bytes(&bad), Err(ModelError::Format(m)) if m.contains("magic")));
    let mut bad = bytes.clone();
    bad[8] = 99;
    assert!(matches!(Tagger::from_bytes(&bad), Err(ModelError::Format(m)) if m.contains("version")));
    for i in (20..bytes.len()).step_by(7) {
        let mut bad = bytes.clone();
        bad[i] ^= 0x5a;
        // Must not panic; the gzip CRC catches almost everything.
        let _ = Tagger::from_bytes(&bad);
    }
    assert!(matches!(Tagger::load(Path::new("/nonexistent/tagger.bin")), Err(ModelError::Io { .. })));
}

#[test]
fn stage_fills_tokens() {
    use dateline_doc::{Meta, Sentence, Token};
    let t = trained();
    let text = "Rebels killed two guards in Chad.";
    let mut doc = Document::new(text.to_string(), Meta::default()).expect("doc");
    let mut start = 0;
    for w in ["Rebels", "killed", "two", "guards", "in", "Chad", "."] {
        let s = text[start..].find(w).map_or(start, |p| p + start);
        doc.tokens.push(Token::new(doc.range(s, s + w.len()).expect("range")));
        start = s + w.len();
    }
    doc.sentences.push(Sentence { range: doc.range(0, text.len()).expect("range"), tokens: 0..7 });
    t.run(&mut doc);
    assert_eq!(doc.tokens[1].upos, Some(Upos::VERB));
    assert_eq!(doc.tokens[1].lemma.as_deref(), Some("kill"));
    assert_eq!(doc.tokens[5].xpos.as_deref(), Some("NNP"));
    assert_eq!(t.name(), "tag.perceptron.v1");
}

/// The tiny tagger with a window network over four made-up vectors, and
/// the number of epochs the network's training reported.
fn with_dense() -> (Tagger, usize) {
    use std::io::Write;
    // four 4-dimensional vectors: nouns, verbs, determiners, names
    let mut text = String::from("# dims 4 rows 4\n!SCALES\t0.01 0.01 0.01 0.01\n");
    text.push_str("@0\t100 0 0 0\n@1\t0 100 0 0\n@2\t0 0 100 0\n@3\t0 0 0 100\n");
    for (w, r) in [("troops", 0), ("soldiers", 0), ("militants", 0), ("village", 0), ("attacked", 1)] {
        text.push_str(&format!("{w}\t{r}\n"));
    }
    text.push_str("the\t2\na\t2\nniger\t3\nchad\t3\n");
    // one file per test thread (the tests run side by side)
    let me = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let path = std::env::temp_dir().join(format!("dateline-dense-test-{}-{me}.tsv.gz", std::process::id()));
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(text.as_bytes()).expect("gzip");
    std::fs::write(&path, enc.finish().expect("gzip")).expect("temp file");
    let mut t = trained();
    let cfg = DenseConfig { epochs: 3, hidden: 8, ..DenseConfig::default() };
    let mut epochs = 0;
    t.train_dense(&tiny(), &path, &cfg, &mut |_, _, _| epochs += 1).expect("vectors read");
    let _ = std::fs::remove_file(&path);
    (t, epochs)
}

#[test]
fn sentence_network_trains_and_round_trips() {
    let (mut t, _) = with_dense();
    let cfg = LstmConfig { epochs: 4, proj: 8, hidden: 8, emb_lr: 0.02, ..LstmConfig::default() };
    let mut epochs = 0;
    t.train_lstm(&tiny(), &cfg, &mut |_, _, _| epochs += 1).expect("has a window network");
    assert_eq!(epochs, 4);
    assert!(t.has_lstm());
    t.set_lstm(4.0, 4.0, f32::INFINITY);
    // version 5 with a sentence network, 4 (unchanged bytes) without
    assert_eq!(t.to_bytes()[8..12], 5u32.to_le_bytes());
    assert_eq!(trained().to_bytes()[8..12], 4u32.to_le_bytes());
    let back = Tagger::from_bytes(&t.to_bytes()).expect("round trip");
    assert!(back.has_lstm());
    let again = Tagger::from_bytes(&back.to_bytes()).expect("round trip");
    assert_eq!(back.to_bytes(), again.to_bytes());
    let words = ["The", "militants", "attacked", "a", "village", "in", "Chad", "."];
    assert_eq!(back.tag(&words), again.tag(&words));
    assert_eq!(back.tag(&words)[2].upos, Upos::VERB);
    let bytes = back.to_bytes();
    for cut in [bytes.len() / 2, bytes.len() - 1] {
        assert!(Tagger::from_bytes(&bytes[..cut]).is_err());
    }
    // a tagger without a window network cannot have one
    assert!(trained().train_lstm(&tiny(), &cfg, &mut |_, _, _| {}).is_err());
}

#[test]
fn dense_network_trains_and_round_trips() {
    let (t, epochs) = with_dense();
    assert_eq!(epochs, 3);
    let mut t = t;
    assert!(t.has_dense());
    t.set_dense(1.0, f32::INFINITY);
    t.set_dense_first(1.0);
    let back = Tagger::from_bytes(&t.to_bytes()).expect("round trip");
    assert!(back.has_dense());
    let again = Tagger::from_bytes(&back.to_bytes()).expect("round trip");
    let words = ["The", "militants", "attacked", "a", "village", "in", "Chad", "."];
    assert_eq!(back.tag(&words), again.tag(&words));
    assert_eq!(back.tag(&words)[2].upos, Upos::VERB);
    let bytes = back.to_bytes();
    for cut in [bytes.len() / 2, bytes.len() - 1] {
        assert!(Tagger::from_bytes(&bytes[..cut]).is_err());
    }
}

#[test]
fn word_and_context_features_are_the_features() {
    let words = ["The", "U.S.-backed", "talks", "in", "Niamey", "resumed", "on", "Monday", "."];
    let lex = hash::IdMap::default();
    let clusters = features::Clusters::default();
    let (mut toks, mut buf) = (Vec::new(), String::new());
    features::sentence_toks(&words, &lex, &clusters, &mut toks, &mut buf);
    // a word with a cluster
    toks[4].fine = 77;
    toks[4].coarse = 5;
    let (mut all, mut part, mut ctx) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..toks.len() {
        for (p1, p2) in [(3u64, 7u64), (101, 102)] {
            features::features(&toks, i, p1, p2, &mut all);
            features::word_features(&toks[i], &mut part);
            features::context_features(&toks, i, p1, p2, &mut ctx);
            part.extend_from_slice(&ctx);
            all.sort_unstable();
            part.sort_unstable();
            assert_eq!(all, part, "token {i}");
        }
    }
}
