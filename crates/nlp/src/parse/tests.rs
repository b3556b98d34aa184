use super::*;
use crate::conllu;

const TINY: &str = "# sent_id = 1
1\tNiger\tNiger\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tjunta\tjunta\tNOUN\tNN\t_\t4\tnsubj\t_\t_
4\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
5\tleaders\tleader\tNOUN\tNNS\t_\t4\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
7\tNiamey\tNiamey\tPROPN\tNNP\t_\t4\tobl\t_\t_
8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = 2
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\ttalks\ttalk\tNOUN\tNNS\t_\t4\tnsubj:pass\t_\t_
3\twere\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\thosted\thost\tVERB\tVBN\t_\t0\troot\t_\t_
5\tby\tby\tADP\tIN\t_\t7\tcase\t_\t_
6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_
7\thead\thead\tNOUN\tNN\t_\t4\tobl:agent\t_\t_
8\tyesterday\tyesterday\tNOUN\tNN\t_\t4\tobl:tmod\t_\t_
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = 3 (non-projective)
1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\thearing\thearing\tNOUN\tNN\t_\t3\tnsubj:pass\t_\t_
3\tis\tbe\tAUX\tVBZ\t_\t4\taux:pass\t_\t_
4\tscheduled\tschedule\tVERB\tVBN\t_\t0\troot\t_\t_
5\ttoday\ttoday\tNOUN\tNN\t_\t4\tobl:tmod\t_\t_
6\ton\ton\tADP\tIN\t_\t7\tcase\t_\t_
7\tissue\tissue\tNOUN\tNN\t_\t2\tnmod\t_\t_
8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
";

fn examples() -> Vec<ParseExample> {
    conllu::read(TINY.as_bytes(), "tiny").unwrap().iter().map(ParseExample::from_treebank).collect()
}

fn tiny_parser() -> Parser {
    let cfg = ParserTrainConfig {
        epochs: 10,
        trans_bits: 12,
        label_bits: 10,
        clusters_file: None,
        ..Default::default()
    };
    Parser::train(&examples(), &[], &cfg, &mut |_| {})
}

fn assert_tree(out: &[(usize, Box<str>)]) {
    let n = out.len();
    let mut heads = vec![NONE];
    heads.extend(out.iter().map(|(h, _)| *h as u32));
    assert!(system::is_tree(&heads), "not a tree: {out:?}");
    if n > 0 {
        assert_eq!(out.iter().filter(|(h, _)| *h == 0).count(), 1);
        for (h, r) in out {
            assert_eq!(*h == 0, r.as_ref() == "root", "{out:?}");
        }
    }
}

#[test]
fn reproduces_training_trees() {
    let p = tiny_parser();
    for ex in &examples()[..2] {
        let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
        let xpos: Vec<&str> = ex.xpos.iter().map(String::as_str).collect();
        let out = p.parse(&words, &ex.upos, &xpos);
        let heads: Vec<usize> = out.iter().map(|(h, _)| *h).collect();
        let rels: Vec<&str> = out.iter().map(|(_, r)| r.as_ref()).collect();
        assert_eq!(heads, ex.heads);
        assert_eq!(rels, ex.rels);
    }
}

#[test]
fn training_is_reproducible() {
    assert_eq!(tiny_parser().to_bytes(), tiny_parser().to_bytes());
}

#[test]
fn always_a_tree() {
    let p = tiny_parser();
    assert!(p.parse(&[], &[], &[]).is_empty());
    assert_tree(&p.parse(&["Hi"], &[Upos::INTJ], &["UH"]));
    // missing tags, unknown tags
    assert_tree(&p.parse(&["a", "b", "c"], &[], &[]));
    assert_tree(&p.parse(&["x", "y"], &[Upos::X, Upos::SYM], &["??", ""]));
    let words: Vec<String> = (0..300).map(|i| format!("w{}", i % 17)).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let upos: Vec<Upos> = (0..300).map(|i| Upos::ALL[i % 17]).collect();
    let xpos: Vec<&str> = (0..300).map(|i| ["NN", "VBD", ".", "IN", "DT"][i % 5]).collect();
    assert_tree(&p.parse(&words, &upos, &xpos));
    // an untrained model too
    let empty = Parser::train(
        &[],
        &[],
        &ParserTrainConfig {
            epochs: 1,
            trans_bits: 8,
            label_bits: 6,
            clusters_file: None,
            ..Default::default()
        },
        &mut |_| {},
    );
    assert_tree(&empty.parse(&words, &upos, &xpos));
}

#[test]
fn projectivize_lifts_crossing_arcs() {
    let ex = &examples()[2];
    let mut h = vec![NONE];
    h.extend(ex.heads.iter().map(|&x| x as u32));
    let p = system::projectivize(&h).unwrap();
    assert_eq!(p[7], 4);
    assert!(system::projectivize(&[NONE, 2, 1]).is_none());
}

#[test]
fn bytes_round_trip_and_damage_is_an_error() {
    let p = tiny_parser();
    let bytes = p.to_bytes();
    let q = Parser::from_bytes(&bytes).unwrap();
    assert_eq!(q.to_bytes(), bytes);
    let words = ["The", "talks", "were", "hosted", "."];
    let upos = [Upos::DET, Upos::NOUN, Upos::AUX, Upos::VERB, Upos::PUNCT];
    let xpos = ["DT", "NNS", "VBD", "VBN", "."];
    assert_eq!(p.parse(&words, &upos, &xpos), q.parse(&words, &upos, &xpos));
    for cut in [0, 3, 8, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(Parser::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
    }
    for pos in [0, 9, 30, bytes.len() / 2, bytes.len() - 3] {
        let mut bad = bytes.clone();
        bad[pos] ^= 0x55;
        assert!(Parser::from_bytes(&bad).is_err(), "flip {pos}");
    }
    let dir = std::env::temp_dir().join(format!("dateline-parser-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("parser.bin");
    p.save(&path).unwrap();
    assert_eq!(Parser::load(&path).unwrap().to_bytes(), bytes);
    assert!(Parser::load(&dir.join("missing.bin")).is_err());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stage_fills_deps_with_document_indices() {
    use dateline_doc::{Meta, Sentence, Token};
    let p = tiny_parser();
    let text = "Hi. The talks were hosted by the head yesterday.";
    let mut doc = Document::new(text.to_string(), Meta::default()).unwrap();
    let mut words = Vec::new();
    let mut pos = 0;
    for w in text.split(' ') {
        let (w, punct) = match w.strip_suffix('.') {
            Some(w) => (w, true),
            None => (w, false),
        };
        words.push((pos, pos + w.len()));
        pos += w.len();
        if punct {
            words.push((pos, pos + 1));
            pos += 1;
        }
        pos += 1;
    }
    let tags = [
        (Upos::INTJ, "UH"),
        (Upos::PUNCT, "."),
        (Upos::DET, "DT"),
        (Upos::NOUN, "NNS"),
        (Upos::AUX, "VBD"),
        (Upos::VERB, "VBN"),
        (Upos::ADP, "IN"),
        (Upos::DET, "DT"),
        (Upos::NOUN, "NN"),
        (Upos::NOUN, "NN"),
        (Upos::PUNCT, "."),
    ];
    for (&(s, e), (u, x)) in words.iter().zip(tags) {
        let mut t = Token::new(doc.range(s, e).unwrap());
        t.upos = Some(u);
        t.xpos = Some(x.into());
        doc.tokens.push(t);
    }
    doc.sentences.push(Sentence { range: doc.range(0, 3).unwrap(), tokens: 0..2 });
    doc.sentences.push(Sentence { range: doc.range(4, text.len()).unwrap(), tokens: 2..11 });
    assert_eq!(p.name(), "parse.transition.v1");
    let forms: Vec<&str> = doc.tokens.iter().map(|t| doc.token_text(t)).collect();
    assert_eq!(forms, ["Hi", ".", "The", "talks", "were", "hosted", "by", "the", "head", "yesterday", "."]);
    p.run(&mut doc);
    for s in &doc.sentences {
        let roots = doc.tokens[s.tokens.start as usize..s.tokens.end as usize]
            .iter()
            .filter(|t| t.dep.as_ref().unwrap().head.is_none())
            .count();
        assert_eq!(roots, 1);
        for t in &doc.tokens[s.tokens.start as usize..s.tokens.end as usize] {
            if let Some(h) = t.dep.as_ref().unwrap().head {
                assert!(s.tokens.contains(&h), "head outside the sentence");
            }
        }
    }
    // "hosted" is the second sentence's root, "talks" hangs off it
    assert_eq!(doc.tokens[5].dep.as_ref().unwrap().head, None);
    assert_eq!(doc.tokens[3].dep.as_ref().unwrap().rel.as_ref(), "nsubj:pass");
    assert_eq!(doc.tokens[3].dep.as_ref().unwrap().head, Some(5));
}

#[test]
fn parser_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Parser>();
}

#[test]
fn training_examples_jackknife_then_gold_copies() {
    let sents = conllu::read(TINY.as_bytes(), "tiny").unwrap();
    let cfg = crate::tag::TrainConfig { epochs: 1, ..Default::default() };
    let mut lines = Vec::new();
    let a = training_examples(&sents, &cfg, 2, true, &mut |l| lines.push(l.to_string()));
    assert_eq!(a.len(), 2 * sents.len());
    let gold: Vec<ParseExample> = sents.iter().map(ParseExample::from_treebank).collect();
    assert_eq!(&a[sents.len()..], &gold[..]);
    for (p, g) in a.iter().zip(&gold) {
        // same words and trees; only the tags are predicted
        assert_eq!((&p.words, &p.heads, &p.rels), (&g.words, &g.heads, &g.rels));
        assert_eq!(p.upos.len(), g.upos.len());
    }
    assert!(lines.iter().any(|l| l.contains("jackknifed UPOS")));
    let b = training_examples(&sents, &cfg, 2, false, &mut |_| {});
    assert_eq!(&b[..], &a[..sents.len()]);
    assert_eq!(training_examples(&sents, &cfg, 1, true, &mut |_| {}), gold);
}

#[test]
fn clusters_are_stored_and_used_reproducibly() {
    let clusters = vec![("niger".to_string(), 3u16), ("talks".to_string(), 7), ("head".to_string(), 7)];
    let cfg = ParserTrainConfig { epochs: 3, trans_bits: 12, label_bits: 10, clusters, ..Default::default() };
    let p = Parser::train(&examples(), &[], &cfg, &mut |_| {});
    assert_eq!(p.clusters.keys.len(), 3);
    assert_eq!(p.clusters.get((word_hash("Niger") >> 32) as u32), Some(3));
    let bytes = p.to_bytes();
    assert_eq!(Parser::from_bytes(&bytes).unwrap().to_bytes(), bytes);
    assert_eq!(Parser::train(&examples(), &[], &cfg, &mut |_| {}).to_bytes(), bytes);
}

#[test]
#[allow(clippy::needless_range_loop)]
fn net_gradient_matches_finite_differences() {
    let mut net = net::Net::init(6, 4, 3);
    let mut rng = Rng(11);
    let mut ids = [0u32; net::N_FEATS];
    for (k, v) in ids.iter_mut().enumerate() {
        *v = (rng.next() % 9) as u32 + k as u32 % 3;
    }
    let legal = [true, true, true];
    let zero = [true, false, true];
    let loss_of = |n: &mut net::Net| {
        let mut tr = net::Trainer::new(n, 0.0, 0.0, 1 << 30);
        let mut de = vec![0f32; n.emb.len()];
        tr.example(n, &ids, legal, zero, Some((false, 2)), None, Some(&mut de)).0 as f64
    };
    let mut tr = net::Trainer::new(&net, 0.0, 0.0, 1 << 30);
    let mut demb = vec![0f32; net.emb.len()];
    let (loss, _) = tr.example(&mut net, &ids, legal, zero, Some((false, 2)), None, Some(&mut demb));
    assert!(loss > 0.0);
    let g1 = tr.grad_w1().to_vec();
    let eps = 1e-2f32;
    let mut checked = 0;
    for j in (0..net.w1.len()).step_by(97) {
        if g1[j].abs() < 1e-4 {
            continue;
        }
        let w = net.w1[j];
        net.w1[j] = w + eps;
        let up = loss_of(&mut net);
        net.w1[j] = w - eps;
        let down = loss_of(&mut net);
        net.w1[j] = w;
        let num = (up - down) / (2.0 * f64::from(eps));
        assert!((num - f64::from(g1[j])).abs() < 2e-3 + 0.05 * num.abs(), "w1[{j}]: {num} vs {}", g1[j]);
        checked += 1;
    }
    assert!(checked > 5, "{checked}");
    let mut checked = 0;
    for j in 0..net.emb.len() {
        if demb[j].abs() < 1e-4 {
            continue;
        }
        let w = net.emb[j];
        net.emb[j] = w + eps;
        let up = loss_of(&mut net);
        net.emb[j] = w - eps;
        let down = loss_of(&mut net);
        net.emb[j] = w;
        let num = (up - down) / (2.0 * f64::from(eps));
        assert!((num - f64::from(demb[j])).abs() < 2e-3 + 0.05 * num.abs(), "emb[{j}]: {num} vs {}", demb[j]);
        checked += 1;
        if checked > 40 {
            break;
        }
    }
    assert!(checked > 5, "{checked}");
}

#[test]
fn net_round_trips_and_parses_trees() {
    let mut p = tiny_parser();
    let cfg =
        NetTrainConfig { hidden: 8, epochs: 3, weights: vec![500.0], label_head: true, ..Default::default() };
    p.train_net(&examples(), &[], &cfg, &mut |_| {});
    assert!(p.has_net());
    let bytes = p.to_bytes();
    let q = Parser::from_bytes(&bytes).unwrap();
    assert_eq!(q.to_bytes(), bytes);
    assert_eq!(q.net_settings(), Some((500.0, f32::INFINITY)));
    let words = ["The", "talks", "were", "hosted", "in", "Niamey", "."];
    let upos = [Upos::DET, Upos::NOUN, Upos::AUX, Upos::VERB, Upos::ADP, Upos::PROPN, Upos::PUNCT];
    let xpos = ["DT", "NNS", "VBD", "VBN", "IN", "NNP", "."];
    assert_tree(&q.parse(&words, &upos, &xpos));
    // reproducible
    let mut p2 = tiny_parser();
    p2.train_net(&examples(), &[], &cfg, &mut |_| {});
    assert_eq!(p2.to_bytes(), bytes);
    // a model without the network is written as version 2 (the shipped
    // perceptron-only file rebuilds byte for byte) and loads back
    let v2 = tiny_parser().to_bytes();
    assert_eq!(v2[8..12], 2u32.to_le_bytes());
    let old = Parser::from_bytes(&v2).unwrap();
    assert!(!old.has_net());
    assert_eq!(old.to_bytes(), v2);
    // a version-3 file without a network (flag byte 0) still loads
    let mut v3 = v2[..v2.len() - 8].to_vec();
    v3[8..12].copy_from_slice(&3u32.to_le_bytes());
    v3.push(0);
    let sum = checksum(&v3);
    v3.extend_from_slice(&sum.to_le_bytes());
    let flagged = Parser::from_bytes(&v3).unwrap();
    assert!(!flagged.has_net());
    assert_eq!(flagged.to_bytes(), v2);
}

#[test]
fn net_slot_cache_matches_the_plain_forward_pass() {
    let mut p = tiny_parser();
    let cfg = NetTrainConfig { hidden: 16, epochs: 2, weights: vec![500.0], ..Default::default() };
    p.train_net(&examples(), &[], &cfg, &mut |_| {});
    let nn = p.net.as_deref().unwrap();
    let words = ["The", "talks", "were", "hosted", "in", "Niamey", "by", "Niger", "."];
    let upos = [
        Upos::DET,
        Upos::NOUN,
        Upos::AUX,
        Upos::VERB,
        Upos::ADP,
        Upos::PROPN,
        Upos::ADP,
        Upos::PROPN,
        Upos::PUNCT,
    ];
    let xpos = ["DT", "NNS", "VBD", "VBN", "IN", "NNP", "IN", "NNP", "."];
    let ws = Words::new(&words, &upos, &xpos, &p.amb, &p.clusters);
    let mut st = State::new(words.len());
    let (mut a, mut b) = (net::NetScratch::default(), net::NetScratch::default());
    nn.begin(words.len(), &mut a);
    let mut ids = [0u32; net::N_FEATS];
    let mut k = 0;
    while !st.is_terminal() {
        let legal = MOVES.map(|m| st.is_legal(m));
        net::feature_ids(&st, &ws, &mut ids);
        let x = nn.log_probs(&ids, legal, &mut b);
        let y = nn.log_probs_at(&st, &ws, legal, &mut a);
        assert_eq!(x.map(f32::to_bits), y.map(f32::to_bits), "state {k}");
        // alternate moves to visit varied states
        let m = MOVES
            .into_iter()
            .filter(|&m| st.is_legal(m))
            .nth(k % 2)
            .or_else(|| MOVES.into_iter().find(|&m| st.is_legal(m)))
            .unwrap();
        st.apply(m, (k % 5) as u16 + 1);
        k += 1;
    }
    assert!(k > 10);
}
