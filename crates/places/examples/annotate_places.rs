//! Prints the tokens (with tags) and resolved places of a text, for
//! debugging: `cargo run --release -p dateline-places --example annotate_places -- "TEXT"`.
use dateline_doc::{Document, Meta, Stage};
use dateline_nlp::segment::Segmenter;
use dateline_nlp::tag::Tagger;
use dateline_places::PlaceStage;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).ok_or("usage: annotate_places TEXT")?;
    let mut doc = Document::new(text, Meta::default())?;
    Segmenter::new().run(&mut doc);
    Tagger::load(&Tagger::default_path())?.run(&mut doc);
    if let Ok(ner) = dateline_ner::NerModel::load_default() {
        ner.run(&mut doc);
    }
    PlaceStage::load_default()?.run(&mut doc);
    for t in &doc.tokens {
        print!("{}/{} ", doc.slice(t.range), t.upos.map_or("?", |u| u.as_str()));
    }
    println!();
    for e in &doc.entities {
        println!("entity {:?} {}", doc.slice(e.range), e.kind.as_str());
    }
    for p in &doc.places {
        println!(
            "{:?} -> {} {:?} {} {:?} {:?} conf {:.2} metonym {}",
            doc.slice(p.range),
            p.name,
            p.geonameid,
            p.feature,
            p.country,
            p.admin1,
            p.confidence,
            p.metonym
        );
    }
    Ok(())
}
