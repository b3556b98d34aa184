//! A stop-gap actor layer over the knowledge base, used until the actor
//! linker (crates/actors, issue 4) assigns `Document::actors` itself.
//!
//! [`actors_from_kb`] scans the text with [`Kb::find_mentions`], resolves
//! each name at the publication date, glues a country name or demonym to the
//! sector noun right after it ("Nigerien authorities" → `NERGOV`), and gives
//! plural descriptions ("the two countries", "the parties") the last two
//! countries named before them as members, and "the country" the last
//! country named before its sentence. Everything else (pronouns, surnames
//! alone, apposition) is left to the real linker.

use dateline_actors::{Kb, KbRef, Kind};
use dateline_doc::{ActorMention, Document, TextRange};

fn kb_id(kb: &Kb, r: KbRef) -> Option<String> {
    let i = r.index as usize;
    match r.kind {
        Kind::Country => kb.countries().get(i).map(|c| format!("country:{}", c.iso3)),
        Kind::Organisation => kb.organisations().get(i).map(|o| format!("org:{}", o.id)),
        Kind::Person => kb.people().get(i).map(|p| format!("person:{}", p.id)),
        Kind::Agent => None,
    }
}

const PLURAL_DESCRIPTIONS: [&str; 8] = [
    "the two countries",
    "both countries",
    "the two nations",
    "the parties",
    "the two sides",
    "both sides",
    "the two governments",
    "both governments",
];

const SINGULAR_DESCRIPTIONS: [&str; 2] = ["the country", "the nation"];

/// Actor mentions for `doc` from the KB alone (see the module docs).
pub fn actors_from_kb(kb: &Kb, doc: &Document) -> Vec<ActorMention> {
    let date = doc.meta.published.as_ref().map(|p| p.date);
    let text = doc.text();
    let found = kb.find_mentions(text);
    let mut out: Vec<ActorMention> = Vec::new();
    let mut kinds: Vec<Kind> = Vec::new();
    for (range, r) in found {
        let Ok(tr) = doc.range(range.start, range.end) else { continue };
        let m = kb.resolve(r, date);
        // Glue "Nigerien" + "authorities", "Niger's" + "military leaders".
        if r.kind == Kind::Agent {
            if let (Some(prev), Some(Kind::Country)) = (out.last_mut(), kinds.last()) {
                let gap = &text[prev.range.end().to_usize()..range.start];
                let gap_ok = gap.len() <= 6 && gap.chars().all(|c| c.is_whitespace() || "'’s".contains(c));
                if gap_ok && !prev.code.is_empty() {
                    prev.code = format!("{}{}", prev.code, m.code);
                    prev.range = TextRange::new(prev.range.start(), tr.end());
                    prev.how = "kb+agent".into();
                    *kinds.last_mut().unwrap_or(&mut Kind::Agent) = Kind::Agent;
                    continue;
                }
            }
        }
        let n = out.len() as u32;
        out.push(ActorMention {
            range: tr,
            code: m.code,
            country: m.country,
            kb_id: kb_id(kb, r),
            name: m.name,
            chain: n,
            how: "kb".into(),
            members: Vec::new(),
        });
        kinds.push(r.kind);
    }
    descriptions(doc, &mut out);
    out.sort_by_key(|m| (m.range.start(), m.range.end()));
    out
}

fn sentence_start(doc: &Document, at: usize) -> usize {
    doc.sentences
        .iter()
        .find(|s| s.range.start().to_usize() <= at && at < s.range.end().to_usize())
        .map_or(at, |s| s.range.start().to_usize())
}

fn descriptions(doc: &Document, out: &mut Vec<ActorMention>) {
    let lower = doc.text().to_lowercase();
    if lower.len() != doc.text().len() {
        return; // case folding changed byte offsets; leave it to the linker
    }
    let mut added = Vec::new();
    for (plural, phrases) in [(true, &PLURAL_DESCRIPTIONS[..]), (false, &SINGULAR_DESCRIPTIONS[..])] {
        for phrase in phrases {
            for (at, _) in lower.match_indices(phrase) {
                let end = at + phrase.len();
                if lower[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                let limit = at;
                let s0 = sentence_start(doc, at);
                let here: Vec<&String> = out
                    .iter()
                    .filter(|m| m.range.start().to_usize() >= s0 && m.range.end().to_usize() <= at)
                    .filter_map(|m| m.country.as_ref())
                    .collect();
                let mut seen: Vec<&ActorMention> = Vec::new();
                for m in out.iter().rev().filter(|m| m.range.end().to_usize() <= limit) {
                    let Some(c) = &m.country else { continue };
                    if !plural && here.contains(&c) {
                        continue;
                    }
                    if seen.iter().all(|s| s.country.as_ref() != Some(c)) {
                        seen.push(m);
                    }
                    if seen.len() == if plural { 2 } else { 1 } {
                        break;
                    }
                }
                let Ok(range) = doc.range(at, end) else { continue };
                if plural && seen.len() == 2 {
                    added.push(ActorMention {
                        range,
                        code: String::new(),
                        country: None,
                        kb_id: None,
                        name: doc.text()[at..end].to_string(),
                        chain: u32::MAX,
                        how: "description".into(),
                        members: vec![seen[1].chain, seen[0].chain],
                    });
                } else if !plural && seen.len() == 1 {
                    let s = seen[0];
                    let code = s.country.clone().unwrap_or_default();
                    added.push(ActorMention {
                        range,
                        code,
                        country: s.country.clone(),
                        kb_id: s.country.as_ref().map(|c| format!("country:{c}")),
                        name: s.country.clone().unwrap_or_default(),
                        chain: s.chain,
                        how: "description".into(),
                        members: Vec::new(),
                    });
                }
            }
        }
    }
    let base = out.len() as u32;
    for (k, mut m) in added.into_iter().enumerate() {
        if m.chain == u32::MAX {
            m.chain = base + k as u32;
        }
        out.push(m);
    }
}
