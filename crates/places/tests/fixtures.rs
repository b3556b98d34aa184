//! Default tests: a small fixture gazetteer and short texts (no ../shared).

use dateline_doc::{Document, Meta, Place, Stage};
use dateline_nlp::segment::Segmenter;
use dateline_places::{event_place, ranked_candidates, EventPlace, Gazetteer, Kind, PlaceStage, Precision};
use std::sync::Arc;

const FIXTURE: &str = "\
# fixture gazetteer: geonameid name feature iso3 admin1 lat lon population alternates ascii
2440476\tNiger\tA.PCLI\tNER\t\t16.0\t8.0\t22442948\tNigerien|Nigeriens|Republic of Niger\t
2453866\tMali\tA.PCLI\tMLI\t\t17.0\t-4.0\t19077690\tMalian|Malians\t
3017382\tFrance\tA.PCLI\tFRA\t\t46.0\t2.0\t66987244\tFrench\t
2017370\tRussia\tA.PCLI\tRUS\t\t60.0\t100.0\t144478050\tRussian Federation|Russian|Russians\t
6252001\tUnited States\tA.PCLI\tUSA\t\t39.76\t-98.5\t327167434\tU.S.|US|USA|America|American|Americans\t
2328926\tNigeria\tA.PCLI\tNGA\t\t10.0\t8.0\t195874740\tNigerian|Nigerians\t
4736286\tTexas\tA.ADM1\tUSA\tTexas\t31.25\t-99.25\t25000000\tTex.\t
4896861\tIllinois\tA.ADM1\tUSA\tIllinois\t40.0\t-89.25\t12000000\tIll.\t
2595349\tNiger State\tA.ADM1\tNGA\tNiger\t10.0\t6.0\t3950249\tNiger\t
2448085\tAgadez\tP.PPLA\tNER\tAgadez\t16.9733\t7.9911\t124324\tAgades\t
5000001\tAgadez\tP.PPL\tUSA\tTexas\t30.0\t-97.0\t300\t\t
2440485\tNiamey\tP.PPLC\tNER\tNiamey\t13.5137\t2.1098\t1323691\tNiamei\t
2460596\tBamako\tP.PPLC\tMLI\tBamako\t12.65\t-8.0\t2000000\t\t
2988507\tParis\tP.PPLC\tFRA\tÎle-de-France\t48.8534\t2.3488\t2138551\t\t
4717560\tParis\tP.PPL\tUSA\tTexas\t33.6609\t-95.5555\t24782\t\t
4246659\tParis\tP.PPL\tUSA\tIllinois\t39.6111\t-87.6961\t8837\t\t
524901\tMoscow\tP.PPLC\tRUS\tMoscow\t55.7522\t37.6156\t10381222\tMoskva\t
4250542\tSpringfield\tP.PPL\tUSA\tIllinois\t39.8017\t-89.6437\t116250\t\t
4409896\tSpringfield\tP.PPL\tUSA\tMissouri\t37.2153\t-93.2982\t166810\t\t
5020859\tSaint Louis\tP.PPL\tUSA\tMissouri\t38.627\t-90.1979\t319294\tSt. Louis\t
5000002\tJonestown\tP.PPL\tUSA\tTexas\t30.5\t-97.9\t2000\t\t
0\tSahel\tL.RGN\t\t\t14.5\t0.0\t0\tthe Sahel\t
";

fn gazetteer() -> Arc<Gazetteer> {
    Arc::new(Gazetteer::from_tsv(FIXTURE).expect("fixture"))
}

fn annotate(text: &str) -> Document {
    let mut doc = Document::new(text.to_string(), Meta::default()).expect("doc");
    Segmenter::new().run(&mut doc);
    PlaceStage::new(gazetteer()).run(&mut doc);
    doc
}

fn places<'a>(doc: &'a Document, surface: &str) -> Vec<&'a Place> {
    doc.places.iter().filter(|p| doc.slice(p.range) == surface).collect()
}

#[test]
fn candidates_are_normalised() {
    let g = gazetteer();
    assert_eq!(g.candidates("NIAMEY").len(), 1);
    assert_eq!(g.candidates("St. Louis")[0].geonameid, Some(5020859));
    assert_eq!(g.candidates("Niger's").len(), 2);
    let ranked = ranked_candidates(&g, "Niger");
    assert_eq!(ranked[0].0.kind, Kind::Country, "the country before Nigeria's Niger State: {ranked:?}");
}

#[test]
fn containment_picks_the_contained_place() {
    let doc = annotate("Protesters gathered in Agadez, Niger on Monday.");
    let a = places(&doc, "Agadez");
    assert_eq!(a.len(), 1, "{:?}", doc.places);
    assert_eq!(a[0].geonameid, Some(2448085));
    assert_eq!(places(&doc, "Niger")[0].feature, "A.PCLI");

    let doc = annotate("She grew up in Paris, Texas, and moved away.");
    assert_eq!(places(&doc, "Paris")[0].geonameid, Some(4717560), "{:?}", doc.places);
    let doc = annotate("The mayor of Paris, Ill. spoke.");
    assert_eq!(places(&doc, "Paris")[0].geonameid, Some(4246659), "{:?}", doc.places);
    let doc = annotate("Police in Springfield, IL arrested two men.");
    assert_eq!(places(&doc, "Springfield")[0].geonameid, Some(4250542), "{:?}", doc.places);
}

#[test]
fn bare_names_take_the_prominent_sense() {
    let doc = annotate("The summit was held in Paris last week.");
    assert_eq!(places(&doc, "Paris")[0].geonameid, Some(2988507));
    let doc = annotate("Troops left Niger after the coup.");
    assert_eq!(places(&doc, "Niger")[0].geonameid, Some(2440476));
}

#[test]
fn document_context_moves_ambiguous_names() {
    let doc = annotate("Paris is a small town in Texas. Paris police said the road was closed.");
    assert!(places(&doc, "Paris").iter().all(|p| p.geonameid == Some(4717560)), "{:?}", doc.places);
}

#[test]
fn metonyms_are_flagged_and_resolved() {
    let doc = annotate(
        "The president was a key ally of Paris. Mali, Moscow's main ally in the region, agreed, according to Bamako's finance minister. Moscow said nothing.",
    );
    for name in ["Paris", "Moscow", "Bamako"] {
        let ps = places(&doc, name);
        assert!(!ps.is_empty(), "{name} missing: {:?}", doc.places);
        assert!(ps.iter().all(|p| p.metonym && p.geonameid.is_some()), "{name}: {ps:?}");
    }
    let doc = annotate("The meeting took place in Moscow on Monday.");
    assert!(!places(&doc, "Moscow")[0].metonym);
}

#[test]
fn regions_and_demonyms() {
    let doc = annotate("Jihadists are active across the Sahel, Nigerien officials said.");
    assert_eq!(places(&doc, "Sahel")[0].feature, "L.RGN", "{:?}", doc.places);
    assert_eq!(places(&doc, "Nigerien")[0].country.as_deref(), Some("NER"));
}

#[test]
fn person_names_are_not_places() {
    let doc = annotate("Sen. Paris Jones met Michael Jonestown. Later, Jonestown said he was tired.");
    assert!(places(&doc, "Paris").is_empty(), "{:?}", doc.places);
    assert!(places(&doc, "Jonestown").is_empty(), "{:?}", doc.places);
}

#[test]
fn event_place_without_parse_uses_locative_then_country_then_nothing() {
    let doc = annotate("The delegation held a meeting in Niamey on Monday.");
    let held = doc.tokens.iter().position(|t| doc.slice(t.range) == "held").unwrap();
    let EventPlace { place, precision, .. } = event_place(&doc, held).unwrap();
    assert_eq!(place.geonameid, Some(2440485));
    assert_eq!(precision, Precision::Point);

    let doc = annotate("Niger left the force.");
    let left = doc.tokens.iter().position(|t| doc.slice(t.range) == "left").unwrap();
    assert_eq!(event_place(&doc, left).map(|e| e.precision), Some(Precision::Country));

    let doc = annotate("Nothing happened.");
    assert_eq!(event_place(&doc, 1), None);
}

#[test]
fn stage_declares_its_layers() {
    use dateline_doc::{Layer, Layers};
    let s = PlaceStage::new(gazetteer());
    assert_eq!(s.name(), "places.gazetteer.v1");
    assert!(s.requires().contains(Layer::Tokens));
    assert_eq!(s.assigns(), Layers::of(&[Layer::Places]));
}

#[test]
fn the_dateline_is_context() {
    let meta = Meta { dateline_place: Some("SPRINGFIELD, Ill.".to_string()), ..Meta::default() };
    let mut doc =
        Document::new("Police arrested two men in Springfield on Monday.".to_string(), meta).unwrap();
    Segmenter::new().run(&mut doc);
    PlaceStage::new(gazetteer()).run(&mut doc);
    assert_eq!(places(&doc, "Springfield")[0].geonameid, Some(4250542), "{:?}", doc.places);
}
