//! Metonymy: a country or capital standing for its government ("a key
//! ally of Paris", "Moscow's main ally", "Bamako's finance minister",
//! "Russia said").

use crate::recognize::Mention;
use dateline_doc::Document;

/// Nouns for people, roles and bodies of a government.
const ROLE_NOUNS: &[&str] = &[
    "minister",
    "ministers",
    "ministry",
    "president",
    "presidency",
    "government",
    "governments",
    "regime",
    "ally",
    "allies",
    "leader",
    "leaders",
    "leadership",
    "envoy",
    "envoys",
    "ambassador",
    "ambassadors",
    "embassy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "authorities",
    "diplomat",
    "diplomats",
    "diplomacy",
    "foreign",
    "defence",
    "defense",
    "finance",
    "interior",
    "prime",
    "junta",
    "administration",
    "decision",
    "position",
    "stance",
    "policy",
    "demands",
    "demand",
    "request",
    "offer",
    "proposal",
    "plan",
    "support",
    "backing",
    "relations",
    "partner",
    "partners",
    "delegation",
    "negotiators",
    "military",
    "army",
    "generals",
    "rulers",
    "ruler",
    "king",
    "chancellor",
    "parliament",
    "cabinet",
    "sanctions",
    "veto",
    "withdrawal",
];

/// Verbs of saying and deciding whose subject is an actor.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "denied",
    "denies",
    "accused",
    "accuses",
    "warned",
    "warns",
    "condemned",
    "condemns",
    "urged",
    "urges",
    "rejected",
    "rejects",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "threatened",
    "threatens",
    "demanded",
    "demands",
    "responded",
    "responds",
    "agreed",
    "agrees",
    "signed",
    "signs",
    "called",
    "calls",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "welcomed",
    "welcomes",
    "criticised",
    "criticized",
    "criticises",
    "criticizes",
    "protested",
    "protests",
    "recalled",
    "recalls",
    "expelled",
    "expels",
    "sanctioned",
    "imposed",
    "imposes",
    "declared",
    "declares",
    "refused",
    "refuses",
    "insisted",
    "promised",
    "promises",
    "offered",
    "offers",
    "backed",
    "backs",
    "supports",
    "supported",
    "opposed",
    "opposes",
    "has",
    "had",
    "will",
    "would",
    "wants",
    "wanted",
];

/// Heads of "X of PLACE" where the place is a government.
const OF_HEADS: &[&str] = &[
    "ally", "allies", "partner", "partners", "friend", "friends", "enemy", "enemies", "critic", "critics",
    "rival", "rivals", "client", "proxy", "backers",
];

fn lower(doc: &Document, i: usize) -> String {
    doc.tokens.get(i).map(|t| doc.slice(t.range).to_lowercase()).unwrap_or_default()
}

/// True when the metonymy test may read the parse at a word with this
/// lower-cased form: it looks at the parse only for a place that is the
/// subject of a saying verb or the possessor of a role noun, so a sentence
/// without any such word loses nothing when it is not parsed.
pub fn parse_may_matter(lower_form: &str) -> bool {
    SPEECH_VERBS.contains(&lower_form) || ROLE_NOUNS.contains(&lower_form)
}

/// True when mention `m` (a country or capital) stands for a government.
/// Uses the words around it and, when present, the dependency parse.
pub fn is_metonym(doc: &Document, m: &Mention) -> bool {
    if m.tokens.is_empty() {
        return false;
    }
    let (i, j) = (m.tokens.start, m.tokens.end);
    let next = lower(doc, j);
    // possessive + role noun within three words: "Bamako's finance minister"
    if (next == "'s" || next == "\u{2019}s" || next == "'")
        && (j + 1..j + 4).any(|k| ROLE_NOUNS.contains(&lower(doc, k).as_str()))
    {
        return true;
    }
    // "ally of Paris", "allies of Moscow"
    if i >= 2 && lower(doc, i - 1) == "of" && OF_HEADS.contains(&lower(doc, i - 2).as_str()) {
        return true;
    }
    // X + speech verb: "Moscow said", "Russia has denied" (one auxiliary allowed)
    let v = if next == "has" || next == "had" || next == "will" || next == "would" || next == "also" {
        lower(doc, j + 1)
    } else {
        next.clone()
    };
    if SPEECH_VERBS.contains(&v.as_str()) && !matches!(v.as_str(), "has" | "had" | "will" | "would") {
        let sentence_start =
            doc.sentences.iter().find(|s| (s.tokens.start as usize) <= i && i < s.tokens.end as usize);
        // not "in Moscow said" (a place adjunct before the verb)
        let prev = if i > 0 { lower(doc, i - 1) } else { String::new() };
        let is_adjunct = matches!(prev.as_str(), "in" | "at" | "near" | "from" | "to" | "of");
        if sentence_start.is_some() && !is_adjunct {
            return true;
        }
    }
    // the parse: subject of a speech verb, or possessor of a role noun
    if let Some(dep) = doc.tokens.get(j - 1).and_then(|t| t.dep.as_ref()) {
        if let Some(h) = dep.head.map(|h| h as usize) {
            let head = lower(doc, h);
            if dep.rel.starts_with("nsubj") && SPEECH_VERBS.contains(&head.as_str()) {
                return true;
            }
            if dep.rel.starts_with("nmod:poss") && ROLE_NOUNS.contains(&head.as_str()) {
                return true;
            }
        }
    }
    false
}
