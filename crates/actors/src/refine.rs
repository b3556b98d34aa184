//! Entity types checked against the knowledge base: the NER model reads
//! local evidence, the KB knows what a name is.
//!
//! [`EntityRefiner`] runs after NER and before linking. It corrects two
//! confusions of the model: a curated KB organisation tagged MISC (`G5` →
//! ORG) and a country's canonical name tagged ORG (`Burkina Faso` → LOC);
//! and it splits a coordination of country names the model took for one
//! name (`Burkina Faso and Niger` → two LOC). Everything else keeps the
//! model's type (on CoNLL-2003 a broader rewrite costs F1: demonyms are
//! MISC there and teams named after cities are ORG).

use dateline_doc::{Document, Entity, EntityType, Layer, Layers, Stage, TextRange};

use crate::{normalise, Kb, Kind};

/// The KB check of NER types (stage `entities.kb.v1`).
#[derive(Debug, Clone)]
pub struct EntityRefiner {
    kb: std::sync::Arc<Kb>,
}

impl EntityRefiner {
    /// A refiner over `kb`.
    /// `kb` may be shared (`Arc<Kb>`) with other stages.
    pub fn new(kb: impl Into<std::sync::Arc<Kb>>) -> EntityRefiner {
        EntityRefiner { kb: kb.into() }
    }

    /// What the KB says the whole of `name` is, if it is a country's
    /// canonical name ("Burkina Faso", not "Burkinabe" nor a city) or a
    /// curated organisation's name or alias.
    fn kb_type(&self, name: &str) -> Option<EntityType> {
        let key = normalise(name);
        if key.is_empty() {
            return None;
        }
        for m in self.kb.lookup(name, None) {
            match m.entry.kind {
                Kind::Country if !m.entry.metonym => {
                    let c = self.kb.countries().get(m.entry.index as usize)?;
                    if normalise(&c.name) == key {
                        return Some(EntityType::Loc);
                    }
                }
                Kind::Organisation => {
                    let o = self.kb.organisations().get(m.entry.index as usize)?;
                    if o.curated {
                        return Some(EntityType::Org);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The refined entities of `doc`.
    pub fn refine(&self, doc: &Document) -> Vec<Entity> {
        let text = doc.text();
        let mut out = Vec::with_capacity(doc.entities.len());
        for e in &doc.entities {
            let s = doc.slice(e.range);
            // "Burkina Faso and Niger": two countries.
            if let Some(split) = self.split_countries(text, e) {
                out.extend(split);
                continue;
            }
            let mut e = e.clone();
            // Only the model's confusions between names: an organisation
            // it called MISC, a country it called ORG. Demonyms (MISC) and
            // people keep their type.
            match (e.kind, self.kb_type(s)) {
                (EntityType::Misc, Some(kind @ EntityType::Org))
                | (EntityType::Org, Some(kind @ EntityType::Loc)) => {
                    e.kind = kind;
                }
                _ => {}
            }
            out.push(e);
        }
        out
    }

    fn split_countries(&self, text: &str, e: &Entity) -> Option<Vec<Entity>> {
        let s = text.get(e.range.to_std())?;
        let base = e.range.start().to_usize();
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut rest = s;
        let mut offset = 0;
        loop {
            let cut = [" and ", ", "].iter().filter_map(|sep| rest.find(sep).map(|i| (i, sep.len()))).min();
            match cut {
                Some((i, len)) => {
                    parts.push((offset, offset + i));
                    offset += i + len;
                    rest = &rest[i + len..];
                }
                None => {
                    parts.push((offset, offset + rest.len()));
                    break;
                }
            }
        }
        if parts.len() < 2 {
            return None;
        }
        let mut out = Vec::new();
        for (a, b) in parts {
            let part = s.get(a..b)?.trim();
            if self.kb_type(part) != Some(EntityType::Loc) {
                return None;
            }
            let range = TextRange::checked(text, base + a, base + b).ok()?;
            out.push(Entity { range, kind: EntityType::Loc, score: e.score });
        }
        Some(out)
    }
}

impl Stage for EntityRefiner {
    fn name(&self) -> &'static str {
        "entities.kb.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Entities])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Entities])
    }
    fn run(&self, doc: &mut Document) {
        doc.entities = self.refine(doc);
    }
}
