//! Converts a PETRARCH verb dictionary to dateline's pattern line format
//! (used by data/events/build.sh). Patterns whose code is not in the
//! codebook are dropped; counts go to stderr.
//! usage: convert_petrarch CAMEO.2.0.txt > data/events/petrarch-verbs.txt
use dateline_events::petrarch::read_verb_dictionary;
use dateline_events::Codebook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: convert_petrarch VERBS.txt")?;
    let text = std::fs::read_to_string(&path)?;
    let codebook = Codebook::load_default()?;
    let dict = read_verb_dictionary(&text, "petrarch");
    let mut kept = 0;
    let mut unknown = 0;
    println!("# Converted from PETRARCH2's CAMEO.2.0.txt (openeventdata/petrarch2 @676801cd, MIT,");
    println!("# (c) 2015 Open Event Data Alliance) by data/events/build.sh; do not edit: override a");
    println!("# lemma in patterns.txt or in a *.patterns.txt file instead.");
    for p in &dict.patterns {
        if let Some(c) = &p.code {
            if codebook.get(c).is_none() {
                unknown += 1;
                continue;
            }
        }
        // every line written must read back as the same pattern
        let line = format!("{p} id={}", p.id);
        if dateline_events::patterns::parse_line(&line, "x").ok().as_ref() != Some(p) {
            return Err(format!("pattern does not read back: {line}").into());
        }
        println!("{line}");
        kept += 1;
    }
    eprintln!(
        "{} patterns written, {} with codes not in the codebook dropped, {} pattern lines not representable",
        kept, unknown, dict.dropped
    );
    Ok(())
}
