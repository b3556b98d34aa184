//! Prints the parse and actor mentions of a text file (debugging aid).
//! usage: dump FILE [YYYY-MM-DD]
use dateline_doc::Published;
#[path = "../tests/common/mod.rs"]
mod common;
use common::document_from_text;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read");
    let date = args.get(2).and_then(|d| Published::parse_iso(d));
    let doc = document_from_text(&text, date);
    for (si, s) in doc.sentences.iter().enumerate() {
        println!("# {si} {}", doc.slice(s.range));
        for i in s.tokens.clone() {
            let t = &doc.tokens[i as usize];
            let d = t.dep.as_ref();
            println!(
                "{i}\t{}\t{}\t{}\t{}\t{}",
                doc.slice(t.range),
                t.lemma.as_deref().unwrap_or("_"),
                t.upos.map_or("_", |u| u.as_str()),
                d.and_then(|d| d.head).map_or("-".into(), |h| h.to_string()),
                d.map_or("_", |d| &d.rel)
            );
        }
    }
    for m in &doc.actors {
        println!("ACTOR {:?} {} {:?} {:?} {:?}", doc.slice(m.range), m.code, m.country, m.how, m.members);
    }
    for t in &doc.timexes {
        println!("TIMEX {:?} {:?}", doc.slice(t.range), t.value);
    }
    for e in &doc.events {
        println!("{}", serde_json::to_string(e).unwrap_or_default());
    }
}
