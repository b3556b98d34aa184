//! Default tests: a tiny model trained here, and the shipped model on
//! sentences written for these tests (no /work/shared data).

use dateline_doc::{Document, EntityType, Layer, Meta, Stage};
use dateline_ner::data::{parse_tsv, spans_to_bio};
use dateline_ner::score::score_tags;
use dateline_ner::{train, NerModel, TrainConfig};
use dateline_nlp::segment::Segmenter;

const TINY: &str = "-DOCSTART-\tO

Maria\tB-PER
Lopez\tI-PER
visited\tO
Lisbon\tB-LOC
on\tO
Monday\tO
.\tO

The\tO
Acme\tB-ORG
Corporation\tI-ORG
hired\tO
Tom\tB-PER
Baker\tI-PER
in\tO
Oslo\tB-LOC
.\tO

-DOCSTART-\tO

Peter\tB-PER
Smith\tI-PER
flew\tO
to\tO
Berlin\tB-LOC
with\tO
Globex\tB-ORG
staff\tO
.\tO

French\tB-MISC
officials\tO
met\tO
Anna\tB-PER
Berg\tI-PER
in\tO
Paris\tB-LOC
.\tO
";

fn tiny_config() -> TrainConfig {
    TrainConfig { epochs: 6, clusters: None, ..TrainConfig::default() }
}

#[test]
fn tiny_model_learns_its_training_sentences() {
    let docs = parse_tsv(TINY);
    assert_eq!(docs.len(), 2);
    let model = train(&docs, &tiny_config()).expect("train");
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for d in &docs {
        let spans = model.tag_document(&d.token_refs());
        for (s, sp) in d.sentences.iter().zip(spans) {
            gold.push(s.tags.clone());
            pred.push(spans_to_bio(s.tokens.len(), &sp));
        }
    }
    let s = score_tags(&gold, &pred, None);
    assert!(s.overall.f1 > 0.99, "{s}");
}

#[test]
fn training_is_deterministic_and_the_file_round_trips() {
    let docs = parse_tsv(TINY);
    let a = train(&docs, &tiny_config()).expect("train").to_bytes();
    let b = train(&docs, &tiny_config()).expect("train").to_bytes();
    assert_eq!(a, b);
    let m = NerModel::from_bytes(&a).expect("read");
    assert_eq!(m.to_bytes(), a);
    assert!(NerModel::from_bytes(&a[..a.len() / 2]).is_err());
    assert!(NerModel::from_bytes(b"not a model at all, no").is_err());
}

#[test]
fn two_pass_training_works() {
    let docs = parse_tsv(TINY);
    let cfg = TrainConfig { two_pass: true, folds: 2, ..tiny_config() };
    let m = train(&docs, &cfg).expect("train");
    assert!(m.n_features().1 > 0);
    let spans = m.tag_sentence(&["Maria", "Lopez", "visited", "Lisbon", "on", "Monday", "."]);
    assert!(spans.iter().any(|s| s.kind == EntityType::Loc && s.start == 3));
}

fn shipped() -> NerModel {
    NerModel::load_default().expect("data/models/ner.bin")
}

fn entities(model: &NerModel, text: &str) -> Vec<(String, EntityType, f32)> {
    let mut doc = Document::new(text.to_string(), Meta::default()).expect("doc");
    let seg = Segmenter::new();
    seg.run(&mut doc);
    doc.mark_assigned(seg.assigns());
    model.run(&mut doc);
    doc.entities.iter().map(|e| (doc.slice(e.range).to_string(), e.kind, e.score)).collect()
}

#[test]
fn shipped_model_tags_the_reference_sentence() {
    let m = shipped();
    assert_eq!(m.name(), "ner.perceptron.v1");
    assert!(m.requires().contains(Layer::Tokens) && m.assigns().contains(Layer::Entities));
    let text = "Russia's deputy defence minister Yunus-Bek Yevkurov met General Abdourahamane Tiani in Niamey on Monday.";
    let ents = entities(&m, text);
    let has = |s: &str, t: EntityType| ents.iter().any(|(x, k, _)| x == s && *k == t);
    assert!(has("Yunus-Bek Yevkurov", EntityType::Per), "{ents:?}");
    assert!(has("Abdourahamane Tiani", EntityType::Per), "{ents:?}");
    assert!(has("Niamey", EntityType::Loc), "{ents:?}");
    assert!(has("Russia", EntityType::Loc), "{ents:?}");
    assert!(ents.iter().all(|(_, _, s)| (0.0..=1.0).contains(s)));
}

#[test]
fn shipped_model_on_a_short_article() {
    let m = shipped();
    let text =
        "Mali's junta expels French ambassador\n\nBAMAKO, Jan 31 (Reuters) - Mali's military government \
                on Monday ordered France's ambassador Joel Meyer to leave the country within 72 hours, \
                state television said. The European Union and the United Nations called for calm, \
                and ECOWAS leaders will meet in Accra on Thursday.";
    let ents = entities(&m, text);
    let has = |s: &str, t: EntityType| ents.iter().any(|(x, k, _)| x == s && *k == t);
    for (s, t) in [
        ("Mali", EntityType::Loc),
        ("Joel Meyer", EntityType::Per),
        ("European Union", EntityType::Org),
        ("United Nations", EntityType::Org),
        ("Accra", EntityType::Loc),
        ("French", EntityType::Misc),
    ] {
        assert!(has(s, t), "{s} {t:?}: {ents:?}");
    }
}

#[test]
fn empty_input_gives_nothing() {
    let m = shipped();
    assert!(m.tag_document(&[]).is_empty());
    assert_eq!(m.tag_document(&[vec![], vec!["Paris"]]).len(), 2);
    assert!(entities(&m, "").is_empty());
    assert!(entities(&m, "  \n\n ").is_empty());
}
