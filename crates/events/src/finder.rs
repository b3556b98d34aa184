//! Finding events on the dependency parse.
//!
//! For every verb or noun whose lemma has patterns, the most specific
//! pattern whose constraints hold fires. Its source and target come from
//! the subject and object (or the slots the pattern names), following
//! control (`xcomp`), coordination (`conj`), adverbial clauses, participles
//! and relative clauses up to their subject, and passives to their agent.
//! Coordinated or plural actors give one event each. Events embedded under
//! other events ("agreeing to strengthen") or nouns governed by an event
//! verb ("held a meeting") are folded into the governing event; saying
//! verbs become attributions. Then modality, attribution, dates and
//! within-article merging.

use crate::patterns::{Pattern, SeqItem, SeqStep, Sequence, Slot, TriggerKind};
use crate::EventCoder;
use dateline_doc::{
    ActorMention, Attribution, BlockKind, DateBasis, Document, EntityType, Event, EventActor, EventDate,
    EventMention, Modality, Place, Plover, TextRange, Upos,
};
use dateline_time::Precision;

/// Verbs and adjectives whose `to` clause is planned or intended.
const FUTURE_GOVERNORS: &[&str] = &[
    "plan",
    "intend",
    "want",
    "expect",
    "aim",
    "seek",
    "hope",
    "prepare",
    "decide",
    "propose",
    "schedule",
    "go",
    "wish",
    "vow",
    "pledge",
    "promise",
    "threaten",
    "set",
    "ready",
    "willing",
    "prepared",
    "determined",
    "committed",
    "eager",
    "likely",
    "due",
    "offer",
];
/// Verbs whose `to` clause is coded as an expressed intent (CAMEO 03x) or
/// a threat (13x) of the clause's event, instead of the verb's own code.
const INTENT_GOVERNORS: &[&str] = &[
    "agree",
    "promise",
    "pledge",
    "vow",
    "offer",
    "undertake",
    "commit",
    "threaten",
    "decide",
    "resolve",
    // "is ready to contribute troops", "is willing to withdraw": a stated
    // readiness is a commitment (CAMEO 03x), as "agreed to".
    "ready",
    "willing",
    "prepared",
];

/// The CAMEO code for announcing `code` as an intention (cooperation, 03x)
/// or a threat (conflict, 13x); `None` when the code has no such form.
pub(crate) fn intent_code(code: &str) -> Option<&'static str> {
    let root = code.get(..2)?;
    Some(match (root, code) {
        ("04", "045") => "039",
        ("04", _) => "036",
        ("05", _) => "032",
        ("06", "061") => "0311",
        ("06", "062") => "0312",
        ("06", "063") => "0313",
        ("06", "064") => "0314",
        ("06", _) => "031",
        ("07", "071") => "0331",
        ("07", "072") => "0332",
        ("07", "073") => "0333",
        ("07", "074") => "0334",
        ("07", _) => "033",
        ("08", "083") => "034",
        // "agreed to resign": accepting a change of leadership (0831) is
        // announced as 0341, rights (0832) as 0343, institutions (0833) as 0344.
        ("08", "0831") => "0341",
        ("08", "0832") => "0343",
        ("08", "0833") => "0344",
        ("08", c) if c.starts_with("081") => "0351",
        ("08", "082") => "0352",
        ("08", c) if c.starts_with("084") => "0353",
        ("08", "085") => "0354",
        ("08", c) if c.starts_with("086") => "0355",
        ("08", c) if c.starts_with("087") => "0356",
        ("08", _) => "035",
        ("14", _) => "133",
        ("15", _) => "138",
        ("16", "161") => "1313",
        ("16", "162" | "163") => "1312",
        ("16", c) if c.starts_with("166") => "136",
        ("16", _) => "131",
        ("17", "172") => "132",
        ("17", _) => "137",
        ("18", _) => "1383",
        ("19", "191") => "1381",
        ("19", "192") => "1382",
        ("19", _) => "1384",
        ("20", _) => "1385",
        _ => return None,
    })
}
/// Verbs whose `to` clause is asked for or attempted, not done ("urged X
/// to withdraw", "tried to pressure").
const REQUEST_GOVERNORS: &[&str] = &[
    "ask",
    "urge",
    "pressure",
    "press",
    "call",
    "tell",
    "order",
    "request",
    "encourage",
    "persuade",
    "invite",
    "need",
    "try",
    "attempt",
    "struggle",
    "push",
    "lobby",
    "want",
    "wish",
    "demand",
    "require",
    "allow",
    "permit",
    "authorize",
    "authorise",
    "expect",
];
/// Verbs whose clause is an opinion or prediction, not a reported event
/// ("predicts Biden defeats Trump", "believes Iran attacked").
const OPINION_GOVERNORS: &[&str] = &[
    "predict",
    "expect",
    "believe",
    "think",
    "hope",
    "fear",
    "speculate",
    "forecast",
    "suggest",
    "doubt",
    "wonder",
    "guess",
    "assume",
    "suppose",
    "imagine",
    "worry",
    "suspect",
    "claim",
    "allege",
    "feel",
    "argue",
    "warn",
];
/// Verbs whose `to` clause did not happen.
const NEGATIVE_GOVERNORS: &[&str] = &["fail", "refuse", "decline", "cancel", "postpone", "avoid"];
/// Saying verbs: their subject is an attribution for what they report.
const SPEECH: &[&str] = &[
    "say", "tell", "confirm", "report", "announce", "state", "add", "claim", "declare", "note", "insist",
    "allege", "indicate", "explain", "write", "quote",
];
/// Verbs whose object noun tells the event ("staged rallies", "imposed
/// sanctions"): the noun's code wins over the verb's.
const LIGHT_VERBS: &[&str] = &[
    "tighten",
    "enforce",
    "hold",
    "stage",
    "launch",
    "start",
    "begin",
    "issue",
    "make",
    "take",
    "conduct",
    "undertake",
    "renew",
    "resume",
    "open",
    "announce",
    "declare",
    "impose",
    "organize",
    "organise",
    "mount",
    "carry",
    "publish",
    "express",
    "give",
    "hold",
    "call",
    "lodge",
    "file",
    "deliver",
    "extend",
    "continue",
    "end",
    "lift",
    "order",
];
/// Nouns of quantity whose "of" phrase is the thing counted.
const MEASURES: &[&str] = &[
    "ton",
    "tonne",
    "dollar",
    "euro",
    "pound",
    "million",
    "billion",
    "worth",
    "amount",
    "barrel",
    "kilogram",
    "shipment",
    "consignment",
    "package",
    "batch",
    "load",
    // "captured part of a guerrilla stronghold"
    "part",
    "half",
    "portion",
    "section",
];

/// Prepositions that introduce a target, in order of preference.
const TARGET_PREPS: &[&str] =
    &["with", "to", "against", "from", "toward", "towards", "on", "into", "between", "for", "of"];

struct Ctx<'a> {
    doc: &'a Document,
    children: Vec<Vec<usize>>,
    actor_at: Vec<Option<usize>>,
    timex_at: Vec<Option<usize>>,
    lemma: Vec<String>,
    /// Tokens whose lemma has noun event patterns ("bombing", "talks").
    event_noun: Vec<bool>,
    /// The first sentence after the headline: it tells the news itself.
    first_body: Option<usize>,
}

#[derive(Debug, Clone)]
struct Side {
    mention: Option<usize>,
    range: TextRange,
    code: String,
    country: Option<String>,
    kb_id: Option<String>,
    members: Vec<u32>,
    /// The actor only modifies a noun that is not an actor itself ("a
    /// Kabul car bombing", "Iran's plans"): not a side of its own.
    weak: bool,
    /// The actor is what the noun is directed at ("aid to Serbia",
    /// "sanctions on Iran"): a target, though never a source.
    directed: bool,
}

impl Side {
    /// The country of a place the places stage resolved, as a side ("in
    /// Baghdad" → IRQ).
    fn place_country(range: TextRange, country: String) -> Side {
        Side {
            mention: None,
            range,
            kb_id: Some(format!("country:{country}")),
            code: country.clone(),
            country: Some(country),
            members: Vec::new(),
            weak: false,
            directed: false,
        }
    }
}

#[derive(Debug, Clone)]
struct Cand {
    trigger: usize,
    sentence: usize,
    pattern: usize,
    code: String,
    reciprocal: bool,
    speech: bool,
    source: Option<Side>,
    target: Option<Side>,
    evidence: Vec<TextRange>,
    modality: Modality,
    attribution: Option<Attribution>,
    date: Option<EventDate>,
    merged: Vec<EventMention>,
    rule: String,
    confidence: f32,
}

/// The words a trigger's word sequence is matched against (token, lower-
/// cased form): before it, nearest first, and after it in its phrase.
struct SeqWords {
    before: Vec<(usize, String)>,
    after: Vec<(usize, String)>,
}

/// What a pattern's word sequence matched: the heads of the actors at its
/// source and target elements.
#[derive(Debug, Clone, Default)]
struct SeqHit {
    source: Option<usize>,
    target: Option<usize>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document) -> Ctx<'a> {
        let n = doc.tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = t.dep.as_ref().and_then(|d| d.head) {
                if (h as usize) < n {
                    children[h as usize].push(i);
                }
            }
        }
        let overlap = |r: TextRange, t: TextRange| r.start() < t.end() && t.start() < r.end();
        let mut actor_at = vec![None; n];
        for (k, m) in doc.actors.iter().enumerate() {
            let a = doc.tokens.partition_point(|t| t.range.end() <= m.range.start());
            for (i, t) in doc.tokens.iter().enumerate().skip(a) {
                if t.range.start() >= m.range.end() {
                    break;
                }
                if overlap(m.range, t.range) && actor_at[i].is_none() {
                    actor_at[i] = Some(k);
                }
            }
        }
        let mut timex_at = vec![None; n];
        for (k, x) in doc.timexes.iter().enumerate() {
            let a = doc.tokens.partition_point(|t| t.range.end() <= x.range.start());
            for (i, t) in doc.tokens.iter().enumerate().skip(a) {
                if t.range.start() >= x.range.end() {
                    break;
                }
                timex_at[i] = Some(k);
            }
        }
        let lemma = doc
            .tokens
            .iter()
            .map(|t| match &t.lemma {
                Some(l) => l.to_lowercase(),
                None => doc.slice(t.range).to_lowercase(),
            })
            .collect();
        let event_noun = vec![false; n];
        let mut cx = Ctx { doc, children, actor_at, timex_at, lemma, event_noun, first_body: None };
        let first_body = cx.body_sentences().next();
        cx.first_body = first_body;
        cx
    }

    /// The sentences after the headline, in order.
    fn body_sentences(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.doc.sentences.len()).filter(|&si| {
            let t = self.doc.sentences[si].tokens.start as usize;
            t < self.doc.tokens.len() && !self.in_headline(t)
        })
    }

    fn rel(&self, i: usize) -> &str {
        self.doc.tokens[i].dep.as_ref().map_or("", |d| &d.rel)
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.doc.tokens[i]
            .dep
            .as_ref()
            .and_then(|d| d.head)
            .map(|h| h as usize)
            .filter(|&h| h < self.doc.tokens.len())
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens[i].upos
    }

    fn form(&self, i: usize) -> String {
        self.doc.slice(self.doc.tokens[i].range).to_lowercase()
    }

    fn kids<'s>(&'s self, i: usize, rels: &'s [&'s str]) -> impl Iterator<Item = usize> + 's {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.rel(c);
            rels.iter().any(|x| r == *x || (x.ends_with(':') && r.starts_with(x)))
        })
    }

    fn is_passive(&self, i: usize) -> bool {
        // "were on Friday charged": a form of "be" with a past form is a
        // passive even when the parser labels it a plain auxiliary.
        let be_past = matches!(self.doc.tokens[i].xpos.as_deref(), Some("VBN" | "VBD"))
            && self.kids(i, &["aux"]).any(|a| self.lemma[a] == "be");
        be_past
            || self.kids(i, &["nsubj:pass", "aux:pass", "csubj:pass"]).next().is_some()
            || self.reduced_passive(i)
    }

    /// "A Guinean man, detained in a round-up a week ago, was deported": a
    /// past participle after a comma, with no auxiliary and no object,
    /// whose subject in the parse is the noun before the comma, is a
    /// passive: the noun is what was done to.
    fn reduced_passive(&self, i: usize) -> bool {
        i > 0
            && self.doc.tokens[i].xpos.as_deref() == Some("VBN")
            && self.rel(i) != "root"
            && self.doc.slice(self.doc.tokens[i - 1].range) == ","
            && self.kids(i, &["aux", "aux:pass", "obj", "cop"]).next().is_none()
            && self.kids(i, &["nsubj"]).any(|s| s < i)
    }

    /// The preposition (or subordinator) introducing dependent `c`.
    fn prep_of(&self, c: usize) -> Option<String> {
        if self.rel(c) == "obl:agent" {
            return Some("by".into());
        }
        self.kids(c, &["case", "mark"]).next().map(|p| {
            let fixed: Vec<String> = self.kids(p, &["fixed"]).map(|f| self.lemma[f].clone()).collect();
            if fixed.is_empty() {
                self.lemma[p].clone()
            } else {
                format!("{}_{}", self.lemma[p], fixed.join("_"))
            }
        })
    }

    fn conj_expand(&self, heads: Vec<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        for h in heads {
            out.push(h);
            for c in self.kids(h, &["conj"]) {
                if matches!(self.upos(c), Some(Upos::NOUN | Upos::PROPN | Upos::PRON)) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// Objects of a trigger: direct objects (passive subjects), or the noun
    /// a participle modifies ("signed documents").
    fn objects(&self, t: usize, kind: TriggerKind) -> Vec<usize> {
        if kind == TriggerKind::Noun {
            return Vec::new();
        }
        let mut o: Vec<usize> = if self.is_passive(t) {
            let mut o: Vec<usize> = self.kids(t, &["nsubj:pass"]).collect();
            if o.is_empty() && self.reduced_passive(t) {
                o.extend(self.kids(t, &["nsubj"]));
            }
            nearest_only(&mut o, t);
            // "Turkey is under sanctions and was condemned by Egypt": the
            // conjunct shares the first verb's subject.
            if o.is_empty() && self.rel(t) == "conj" {
                if let Some(h) = self.head(t) {
                    o.extend(self.kids(h, &["nsubj", "nsubj:pass"]).filter(|&c| self.timex_at[c].is_none()));
                }
            }
            o
        } else {
            self.kids(t, &["obj", "iobj"]).collect()
        };
        if o.is_empty() && (self.rel(t) == "amod" || self.passive_participle(t)) {
            o.extend(self.head(t));
        }
        if o.is_empty() {
            // Prepositions the parse gave to the object: "denied on Thursday
            // charges by ..." ("on" belongs to the time), "contribute up to
            // 4,000 troops" ("up to" is a quantity).
            for x in self.kids(t, &["obl"]).filter(|&x| x > t && self.timex_at[x].is_none()) {
                let Some(case) = self.kids(x, &["case"]).next() else { continue };
                let time_inside = case + 1 < x
                    && self.timex_at[case + 1].is_some()
                    && matches!(self.lemma[case].as_str(), "on" | "in" | "at");
                let up_to = self.lemma[case] == "to"
                    && case > 0
                    && self.form(case - 1) == "up"
                    && self.kids(x, &["nummod"]).next().is_some();
                if time_inside || up_to {
                    o.push(x);
                    break;
                }
            }
        }
        if o.is_empty() {
            // "visit Mali next week" parsed with "Mali" inside the time
            // expression's phrase.
            for x in self.kids(t, &["obl", "obl:"]).filter(|&x| self.timex_at[x].is_some()) {
                o.extend(
                    self.kids(x, &["compound"])
                        .filter(|&c| self.timex_at[c].is_none() && self.actor_at[c].is_some()),
                );
            }
        }
        // "provide 25,000 tons of food aid to refugees", "70 million
        // dollars of aid for Romania": a measure's "of" phrase is what is
        // given.
        for x in o.iter_mut() {
            if MEASURES.contains(&self.lemma[*x].as_str()) {
                if let Some(k) = self.kids(*x, &["nmod"]).find(|&k| self.prep_of(k).as_deref() == Some("of"))
                {
                    *x = k;
                }
            }
        }
        // A misparsed participle as the object ("The delegation led by X
        // was hosted" with "led" as subject): take its own subject.
        for x in o.iter_mut() {
            if self.upos(*x) == Some(Upos::VERB) {
                if let Some(s) = self.kids(*x, &["nsubj", "nsubj:pass"]).next() {
                    *x = s;
                }
            }
        }
        self.conj_expand(o)
    }

    /// Prepositional dependents `(prep, noun)` of the trigger, and of its
    /// objects.
    fn preps(&self, t: usize, objs: &[usize]) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let rels: &[&str] = &["obl", "obl:", "nmod", "advcl", "acl"];
        for c in self.kids(t, rels) {
            if self.timex_at[c].is_some() || objs.contains(&c) {
                continue;
            }
            if let Some(p) = self.prep_of(c) {
                out.push((p, c));
            }
        }
        for &o in objs {
            for c in self.kids(o, &["nmod"]) {
                // "support the creation of X" does not target X.
                if let Some(p) = self.prep_of(c).filter(|p| p != "of") {
                    out.push((p, c));
                }
            }
        }
        // "a stronghold on the Thai border": a place by a border or a
        // coast is where, not whom.
        out.retain(|(p, n)| {
            !(matches!(p.as_str(), "on" | "along" | "near" | "at" | "across")
                && matches!(
                    self.lemma[*n].as_str(),
                    "border" | "frontier" | "outskirts" | "edge" | "coast" | "shore" | "bank" | "side"
                ))
        });
        out
    }

    fn subjects(&self, t: usize, depth: usize) -> Vec<usize> {
        if depth > 4 {
            return Vec::new();
        }
        let passive = self.is_passive(t);
        let mut s: Vec<usize> = if passive {
            self.kids(t, &["obl:agent"]).collect()
        } else {
            let mut s: Vec<usize> =
                self.kids(t, &["nsubj", "csubj"]).filter(|&c| self.timex_at[c].is_none()).collect();
            // "Pakistan today threatened": a parse that makes the time the
            // subject and the actor its modifier.
            if s.is_empty() {
                for c in self.kids(t, &["nsubj"]).filter(|&c| self.timex_at[c].is_some()) {
                    s.extend(
                        self.kids(c, &["compound", "nmod", "nmod:poss"])
                            .filter(|&k| self.timex_at[k].is_none() && self.actor_at[k].is_some() && k < c),
                    );
                }
            }
            s
        };
        nearest_only(&mut s, t);
        if passive && s.is_empty() {
            // "hosted for talks by the head of ..."
            for c in self.kids(t, &["obl"]) {
                for n in self.kids(c, &["nmod"]) {
                    if self.prep_of(n).as_deref() == Some("by") {
                        s.push(n);
                    }
                }
            }
            if s.is_empty() {
                return Vec::new();
            }
        }
        // A relative pronoun stands for the noun the clause modifies.
        if let Some(&first) = s.first() {
            if matches!(self.lemma[first].as_str(), "who" | "which" | "that") {
                if let Some(h) = self.head(t) {
                    return self.conj_expand(vec![h]);
                }
            }
        }
        if s.is_empty() {
            let rel = self.rel(t).to_string();
            let h = self.head(t);
            match (rel.split(':').next().unwrap_or(""), h) {
                // "an Italian farmer accused of homicide", "troops sent by
                // Russia": a past participle's noun is what was done to;
                // its agent is the "by" phrase.
                ("acl", Some(_)) if self.passive_participle(t) => {
                    s.extend(
                        self.kids(t, &["obl", "obl:agent"])
                            .filter(|&c| self.prep_of(c).as_deref() == Some("by")),
                    );
                }
                ("acl", Some(h)) => s.push(h),
                ("xcomp" | "advcl" | "conj" | "ccomp", Some(h)) if self.upos(h) == Some(Upos::VERB) => {
                    return self.subjects(h, depth + 1);
                }
                // "Norway is willing to send", "France is ready to
                // contribute": the adjective's subject controls the clause.
                ("xcomp", Some(h)) if self.upos(h) == Some(Upos::ADJ) => {
                    return self.subjects(h, depth + 1);
                }
                _ => {}
            }
        }
        self.conj_expand(s)
    }

    fn mention_side(&self, k: usize) -> Side {
        let m: &ActorMention = &self.doc.actors[k];
        // "the president" given the country of the nearest country mention
        // ("Russian cyber intrusions" made Obama Russian): an event keeps the
        // sector and leaves the country unknown.
        if m.how == "sector+context" {
            let sector = m.country.as_deref().and_then(|c| m.code.strip_prefix(c)).unwrap_or(&m.code);
            return Side {
                mention: Some(k),
                range: m.range,
                code: sector.to_string(),
                country: None,
                kb_id: None,
                members: m.members.clone(),
                weak: false,
                directed: false,
            };
        }
        Side {
            mention: Some(k),
            range: m.range,
            code: m.code.clone(),
            country: m.country.clone(),
            kb_id: m.kb_id.clone(),
            members: m.members.clone(),
            weak: false,
            directed: false,
        }
    }

    /// The first mention found in the noun phrase under `h` (not crossing
    /// clauses or coordination), breadth-first, that has a country or
    /// members.
    fn np_country_mention(&self, h: usize) -> Option<usize> {
        let mut queue = vec![h];
        let mut seen = 0;
        // "inspectors of the International Atomic Energy Agency": an
        // international organisation (no country) when no country is named.
        let mut org = None;
        let mut title_of = None;
        // ("a U.N. Security Council resolution": the organisation's own,
        // a weak side an attitude can take as its target)
        let agent_head = AGENT_NOUNS.contains(&self.lemma[h].as_str())
            || ATTITUDE_OBJECTS.contains(&self.lemma[h].as_str());
        while seen < queue.len() && seen < 40 {
            let i = queue[seen];
            seen += 1;
            if let Some(k) = self.actor_at[i] {
                let m = &self.doc.actors[k];
                if m.country.is_some() || !m.members.is_empty() {
                    return Some(k);
                }
                // Only the noun's own modifier: "IAEA inspectors", "inspectors
                // of the IAEA", "the UN's envoy".
                let own = self.head(i) == Some(h)
                    && agent_head
                    && match self.rel(i) {
                        "compound" | "nmod:poss" => true,
                        "nmod" => matches!(self.prep_of(i).as_deref(), Some("of" | "from")),
                        _ => false,
                    };
                // "Arab League Secretary-General Chedli Klibi": a name under
                // an organisation's office.
                let office = || {
                    let mut k = i;
                    let mut titled = false;
                    for _ in 0..5 {
                        if !matches!(self.rel(k), "compound" | "nmod:desc" | "flat") {
                            return false;
                        }
                        let Some(up) = self.head(k) else { return false };
                        if up == h {
                            return titled;
                        }
                        titled |= !m.range.contains_range(self.doc.tokens[up].range)
                            && AGENT_NOUNS.contains(&self.lemma[up].as_str());
                        k = up;
                    }
                    false
                };
                let own = own || self.upos(h) == Some(Upos::PROPN) && office();
                if org.is_none()
                    && own
                    && !m.code.is_empty()
                    && m.kb_id.as_deref().is_some_and(|id| id.starts_with("org:"))
                {
                    org = Some(k);
                }
                // "President Bush", "prime minister Andreas Papandreou": a
                // name the actor stage does not know, under a title it
                // codes by sector.
                let title = self.head(i) == Some(h)
                    && self.upos(h) == Some(Upos::PROPN)
                    && matches!(self.rel(i), "compound" | "nmod:desc" | "flat");
                if title && !m.code.is_empty() && m.kb_id.is_none() && m.members.is_empty() {
                    title_of = title_of.or(Some(k));
                }
            }
            for c in
                self.kids(i, &["appos", "flat", "nmod:poss", "compound", "amod", "nmod", "nmod:", "nummod"])
            {
                // "a guerrilla stronghold on the Thai border": where it is,
                // not whose.
                let locative = self.rel(c) == "nmod"
                    && matches!(
                        self.prep_of(c).as_deref(),
                        Some("on" | "near" | "along" | "at" | "across" | "beyond" | "outside" | "inside")
                    );
                if self.timex_at[c].is_none() && !locative {
                    queue.push(c);
                }
            }
            // "the delegation led by General X": X's country.
            for a in self.kids(i, &["acl"]) {
                if matches!(self.lemma[a].as_str(), "lead" | "head") {
                    queue.extend(self.kids(a, &["obl:agent", "obl", "xcomp"]));
                }
            }
            // A title split from its name ("Colonel-General Yunus-Bek ...").
            if self.upos(i) == Some(Upos::PROPN) && i != h {
                queue.extend(self.kids(i, &["conj"]));
            }
            // "A member of the Syrian parliament, Mohammed Mamoun": the name
            // is in apposition to the description.
            if i == h && self.rel(h) == "appos" {
                queue.extend(self.head(h));
            }
            if i == h && self.rel(h) == "nsubj" {
                if let Some(v) = self.head(h).filter(|&v| matches!(self.lemma[v].as_str(), "lead" | "head")) {
                    queue.extend(self.kids(v, &["obl:agent", "obl"]));
                }
            }
        }
        org.or(title_of)
    }

    /// The actor a noun phrase headed by `h` names.
    fn np_actor(&self, h: usize) -> Option<Side> {
        // "Hundreds of students", "thousands of Kurds": the people counted.
        if self.actor_at[h].is_none()
            && matches!(
                self.lemma[h].as_str(),
                "hundred"
                    | "hundreds"
                    | "thousand"
                    | "thousands"
                    | "dozen"
                    | "dozens"
                    | "score"
                    | "scores"
                    | "million"
                    | "millions"
            )
        {
            let of = self.kids(h, &["nmod"]).find(|&k| self.prep_of(k).as_deref() == Some("of"));
            if let Some(side) = of.and_then(|k| self.np_actor(k)) {
                return Some(side);
            }
        }
        let head = self.actor_at[h];
        if let Some(k) = head {
            let m = &self.doc.actors[k];
            if m.country.is_some() || !m.members.is_empty() {
                return Some(self.mention_side(k));
            }
        }
        let inner = self.np_country_mention(h).filter(|&k| Some(k) != head);
        match (head, inner) {
            (Some(a), Some(c)) => {
                let (am, cm) = (&self.doc.actors[a], &self.doc.actors[c]);
                if !cm.members.is_empty() {
                    return Some(self.mention_side(c));
                }
                let country = cm.country.clone();
                // An organisation without a country ("UN peacekeepers"):
                // its own code.
                let base = country.clone().unwrap_or_else(|| cm.code.clone());
                // "Israeli Prime Minister Benjamin Netanyahu": a name the KB
                // does not know takes the sector of its title.
                let own = am.code.trim_start_matches(base.as_str());
                let sector =
                    if own.is_empty() { cm.code.strip_prefix(base.as_str()).unwrap_or("") } else { own };
                let range = TextRange::new(
                    am.range.start().min(cm.range.start()),
                    am.range.end().max(cm.range.end()),
                );
                Some(Side {
                    mention: Some(a),
                    range,
                    code: format!("{base}{sector}"),
                    country,
                    kb_id: cm.kb_id.clone(),
                    members: Vec::new(),
                    weak: false,
                    directed: false,
                })
            }
            (None, Some(c)) => {
                let mut side = self.mention_side(c);
                let l = self.lemma[h].as_str();
                let pronoun = matches!(
                    self.doc.slice(self.doc.actors[c].range).to_lowercase().as_str(),
                    "his" | "her" | "its" | "their" | "our" | "my" | "your"
                );
                // "Kyiv's European allies": the possessor is not the actor.
                let possessor = self.doc.tokens.iter().enumerate().any(|(i, tok)| {
                    self.doc.actors[c].range.contains_range(tok.range)
                        && self.rel(i) == "nmod:poss"
                        && self.head(i) == Some(h)
                });
                // ... nor are "supporters of former President Ben Bella" him.
                let of_phrase = self.doc.tokens.iter().enumerate().any(|(i, tok)| {
                    self.doc.actors[c].range.contains_range(tok.range)
                        && self.rel(i) == "nmod"
                        && self.head(i) == Some(h)
                        && self.prep_of(i).as_deref() == Some("of")
                });
                let relational = (possessor || of_phrase) && crate::precision::RELATIONAL.contains(&l);
                // "Reiss & Co. B.V. of the Netherlands": a name the actor
                // stage does not know is not the country it comes from.
                let unknown_name = self.upos(h) == Some(Upos::PROPN)
                    && self.doc.tokens.iter().enumerate().any(|(i, tok)| {
                        self.doc.actors[c].range.contains_range(tok.range)
                            && self.head(i).is_some_and(|k| {
                                k == h
                                    || (self.head(k) == Some(h)
                                        && matches!(self.rel(k), "flat" | "compound" | "flat:name"))
                            })
                            && self.rel(i) == "nmod"
                            && matches!(self.prep_of(i).as_deref(), Some("of" | "from" | "in"))
                    });
                // "halted economic aid to Serbia", "sanctions on Iran", "the
                // blockade against Palestinian lorries": the actor the act
                // is directed at, not a modifier of the noun.
                let directed = self.doc.tokens.iter().enumerate().any(|(i, tok)| {
                    self.doc.actors[c].range.contains_range(tok.range)
                        && self.rel(i) == "nmod"
                        && self.head(i) == Some(h)
                        && match self.prep_of(i).as_deref() {
                            Some("to" | "on" | "against" | "into") => true,
                            // "aid for Romania and Poland"
                            Some("for") => self.event_noun[h],
                            _ => false,
                        }
                });
                // "his critics", "Iran's plans", "a Kabul car bombing".
                side.directed = directed && !unknown_name && !relational && !pronoun;
                side.weak = unknown_name
                    || relational
                    || self.upos(h) == Some(Upos::NOUN)
                        && !self.doc.actors[c].range.contains_range(self.doc.tokens[h].range)
                        && (pronoun
                            || self.event_noun[h]
                            || crate::precision::NOT_ACTORS.contains(&l)
                            || ATTITUDE_OBJECTS.contains(&l));
                Some(side)
            }
            (Some(a), None) => {
                let mut side = self.mention_side(a);
                // "Demonstrators in Baghdad", "police in Lagos": people named
                // by their sector where they are belong to that place's
                // country (not troops: "troops in Iraq" may be anyone's).
                let local = PUBLIC_SECTORS.contains(&side.code.as_str()) || side.code == "COP";
                if side.country.is_none() && local {
                    // "refugees fleeing the civil war in Liberia", "civilians
                    // fleeing from Mosul": where they flee from.
                    let fled = self
                        .kids(h, &["acl"])
                        .filter(|&a| matches!(self.lemma[a].as_str(), "flee" | "escape"))
                        .flat_map(|a| {
                            let objs: Vec<usize> = self.kids(a, &["obj", "obl"]).collect();
                            let mut ns = objs.clone();
                            for o in objs {
                                ns.extend(self.kids(o, &["nmod"]).filter(|&k| {
                                    matches!(self.prep_of(k).as_deref(), Some("in" | "from" | "of"))
                                }));
                            }
                            ns
                        })
                        .collect::<Vec<usize>>();
                    let place = self
                        .kids(h, &["nmod"])
                        .filter(|&k| self.prep_of(k).as_deref() == Some("in"))
                        .chain(fled)
                        .find_map(|k| self.place_in_phrase(k))
                        .and_then(|p| p.country.clone());
                    if let Some(country) = place {
                        side.code = format!("{country}{}", side.code);
                        side.kb_id = Some(format!("country:{country}"));
                        side.country = Some(country);
                    }
                }
                Some(side)
            }
            (None, None) => None,
        }
    }

    /// The actor a subject pronoun stands for when its clause is what the
    /// subject of the governing verb says, decides or does: "Switzerland
    /// said it had expelled two Russian diplomats", "Kofi Annan announced
    /// that he will withdraw", "the rebels said they had freed". The
    /// antecedent must agree: "he"/"she" a person, "it" a singular actor
    /// that is no person, "they" a plural or compound one. A pronoun whose
    /// clause is not governed so (a new sentence, a relative clause) is
    /// left alone.
    fn pronoun_antecedent(&self, h: usize) -> Option<Side> {
        #[derive(PartialEq)]
        enum Want {
            Person,
            Thing,
            Group,
        }
        // "have written to President George Bush urging him to send
        // troops": an object pronoun of a participle or `to` clause stands
        // for the person its governing verb is addressed to.
        if matches!(self.form(h).as_str(), "him" | "her") && self.rel(h) == "obj" {
            let v = self.head(h)?;
            if !matches!(self.rel(v).split(':').next(), Some("advcl" | "xcomp")) {
                return None;
            }
            let u = self.head(v)?;
            let addressed: Vec<usize> = self.kids(u, &["obj", "iobj", "obl"]).filter(|&k| k < v).collect();
            let [a] = addressed[..] else { return None };
            let side = self.np_actor(a)?;
            let tok = self.doc.tokens[a].range;
            let person = side.kb_id.as_deref().is_some_and(|k| k.starts_with("person:"))
                || self.doc.entities.iter().any(|e| e.kind == EntityType::Per && e.range.contains_range(tok));
            return (person && !side.weak && !side.code.is_empty()).then_some(side);
        }
        let want = match self.form(h).as_str() {
            "he" | "she" => Want::Person,
            "it" => Want::Thing,
            "they" => Want::Group,
            _ => return None,
        };
        if self.rel(h) != "nsubj" {
            return None;
        }
        let v = self.head(h)?;
        if !matches!(self.rel(v).split(':').next(), Some("ccomp" | "advcl" | "xcomp")) {
            return None;
        }
        let u = self.head(v)?;
        if self.upos(u) != Some(Upos::VERB) || self.is_passive(u) {
            return None;
        }
        let mut subjects: Vec<usize> = self.kids(u, &["nsubj"]).collect();
        // "U.N. Secretary-General Kofi Annan announced": one name the parse
        // split into two subjects before the verb (names and punctuation
        // only between them) is the subject nearest the verb.
        if subjects.len() > 1
            && subjects.iter().all(|&x| x < u)
            && (subjects[0]..*subjects.last()?)
                .all(|k| matches!(self.upos(k), Some(Upos::PROPN | Upos::PUNCT)))
        {
            nearest_only(&mut subjects, u);
        }
        let [a] = subjects[..] else { return None };
        if self.actor_at[a].is_none() && self.np_country_mention(a).is_none() {
            return None;
        }
        if matches!(self.form(a).as_str(), "it" | "he" | "she" | "they" | "who" | "which" | "that") {
            return None;
        }
        let side = self.np_actor(a)?;
        if side.weak || side.code.is_empty() && side.members.is_empty() {
            return None;
        }
        let tok = self.doc.tokens[a].range;
        let person = side.kb_id.as_deref().is_some_and(|k| k.starts_with("person:"))
            || self.doc.entities.iter().any(|e| e.kind == EntityType::Per && e.range.contains_range(tok));
        // A coordinated subject ("Mali and Niger said they") would need
        // one side per conjunct: left alone.
        if self.kids(a, &["conj"]).next().is_some() {
            return None;
        }
        // "The United States ... it", "the Netherlands ... it": a country's
        // name is singular whatever its form.
        let country =
            side.kb_id.as_deref().is_some_and(|k| k.starts_with("country:")) && side.code.len() == 3;
        let plural = !side.members.is_empty()
            || !country && matches!(self.doc.tokens[a].xpos.as_deref(), Some("NNS" | "NNPS"));
        let agrees = match want {
            Want::Person => person && !plural,
            Want::Thing => !person && !plural,
            Want::Group => !person && plural,
        };
        agrees.then_some(side)
    }

    /// True when `t` heads a clause modifying a noun that is itself an
    /// argument in a clause ("an Italian farmer accused of homicide has
    /// confessed", "the group which has killed scores"), not a main verb
    /// the parse hung under its subject ("the community called for", "the
    /// Taliban claimed responsibility": the noun left as the root or under
    /// an adverb).
    fn modifies_argument(&self, t: usize) -> bool {
        let Some(h) = self.head(t) else { return false };
        // The sentence has a main verb (or a copula) of its own.
        let root = std::iter::successors(Some(t), |&k| self.head(k)).take(64).last().unwrap_or(t);
        let verbal_root = matches!(self.upos(root), Some(Upos::VERB | Upos::AUX))
            || self.kids(root, &["cop"]).next().is_some();
        matches!(self.rel(t), "acl" | "acl:relcl")
            && verbal_root
            && self.rel(h) != "root"
            && self.head(h).is_some_and(|g| {
                matches!(self.upos(g), Some(Upos::VERB | Upos::AUX | Upos::NOUN | Upos::PROPN))
            })
    }

    /// A past participle modifying a noun: the noun is what was done to
    /// ("a farmer accused of homicide", "troops sent by Russia"). With an
    /// object of its own it is an active verb misparsed.
    fn passive_participle(&self, t: usize) -> bool {
        self.rel(t) == "acl"
            && self.doc.tokens[t].xpos.as_deref() == Some("VBN")
            && self.modifies_argument(t)
            && self.kids(t, &["obj"]).next().is_none()
    }

    /// The country of an event's sources when a target named only by its
    /// sector ("the police", "demonstrators", "soldiers") is theirs: the
    /// sources are one country's institutions, officials or known persons
    /// (or its army or the state itself, with a place of that country in the
    /// sentence), and the sentence names no other country, by an actor or a
    /// place.
    fn home_country(&self, sentence: usize, sources: &[Side]) -> Option<String> {
        let first = sources.first()?;
        let country = first.country.as_deref()?;
        if !sources.iter().all(|o| o.country.as_deref() == Some(country)) {
            return None;
        }
        let sent = self.doc.sentences.get(sentence)?.range;
        let places_here = || self.doc.places.iter().filter(move |p| sent.contains_range(p.range));
        let domestic_place = places_here().any(|p| p.country.as_deref() == Some(country));
        let ok = sources.iter().all(|s| {
            let sector = s.code.strip_prefix(country).unwrap_or("");
            // Named as police or authorities, not a capital standing for
            // its government ("a bomb west of Algiers killed").
            let text = self.doc.slice(s.range);
            let capital_like = !text.contains(' ') && s.code.strip_prefix(country) == Some("GOV");
            let described = !capital_like && s.mention.is_some_and(|m| self.doc.actors[m].how != "metonym");
            let person = s.kb_id.as_deref().is_some_and(|k| k.starts_with("person:"));
            let institution = described
                && ["COP", "GOV", "JUD", "SPY", "OPP", "REB", "LEG", "PTY", "ELI"]
                    .iter()
                    .any(|k| sector.starts_with(k));
            let armed = described && sector.starts_with("MIL");
            person || institution || armed && domestic_place
        });
        let foreign_actor = self.doc.actors.iter().any(|m| {
            sent.contains_range(m.range)
                && m.how != "sector+context"
                && m.country.as_deref().is_some_and(|c| c != country)
        });
        let foreign_place = places_here().any(|p| p.country.as_deref().is_some_and(|c| c != country));
        (ok && !foreign_actor && !foreign_place).then(|| country.to_string())
    }

    /// One side per coordinated nationality sharing the head noun `h`
    /// ("Hungarian and Romanian officials", "Israeli and Palestinian
    /// negotiators"), each with the sector the phrase's actor has; empty
    /// when the phrase has no such coordination.
    fn shared_head_sides(&self, h: usize, side: &Side) -> Vec<Side> {
        if !side.members.is_empty() {
            return Vec::new();
        }
        // "ties with Gondor and Arnor", "ties between X and Y": a noun
        // without an actor of its own stands for each actor of a
        // coordinated phrase under it.
        if self.actor_at[h].is_none() {
            for c in self.kids(h, &["nmod"]) {
                if side.mention.is_none() || self.actor_at[c] != side.mention {
                    continue;
                }
                // Not where the noun is: "the bombing of U.S. embassies in
                // Kenya and Tanzania" is not directed at Kenya.
                if !matches!(
                    self.prep_of(c).as_deref(),
                    Some("with" | "between" | "to" | "against" | "toward" | "towards" | "on")
                ) {
                    break;
                }
                let conjs: Vec<Side> = self
                    .kids(c, &["conj"])
                    .filter_map(|x| self.np_actor(x))
                    .filter(|x| !x.weak && (x.country.is_some() || !x.code.is_empty()))
                    .collect();
                if conjs.is_empty() {
                    break;
                }
                let mut out = vec![side.clone()];
                for x in conjs {
                    out.push(Side { weak: side.weak, directed: side.directed, ..x });
                }
                return out;
            }
        }
        if side.weak {
            return Vec::new();
        }
        let sector = side.country.as_deref().and_then(|c| side.code.strip_prefix(c)).unwrap_or("");
        for a in self.kids(h, &["amod", "compound"]) {
            let adjectives: Vec<usize> = std::iter::once(a).chain(self.kids(a, &["conj"])).collect();
            if adjectives.len() < 2 {
                continue;
            }
            let mut out = Vec::new();
            for &x in &adjectives {
                let Some(k) = self.actor_at[x] else { return Vec::new() };
                let m = &self.doc.actors[k];
                let Some(country) = m.country.clone() else { return Vec::new() };
                // The mention is the adjective alone or the adjective with
                // the shared head, never two conjuncts at once.
                if adjectives.iter().filter(|&&y| m.range.contains_range(self.doc.tokens[y].range)).count()
                    != 1
                {
                    return Vec::new();
                }
                let start = self.doc.tokens[x].range.start();
                out.push(Side {
                    mention: Some(k),
                    range: TextRange::new(start, self.doc.tokens[h].range.end().max(start)),
                    code: format!("{country}{sector}"),
                    kb_id: Some(format!("country:{country}")),
                    country: Some(country),
                    members: Vec::new(),
                    weak: false,
                    directed: false,
                });
            }
            return out;
        }
        Vec::new()
    }

    /// A plain side for a noun phrase with no actor (kept for
    /// explanations; its code is empty).
    fn np_plain(&self, h: usize) -> Side {
        Side {
            mention: None,
            range: self.doc.tokens[h].range,
            code: String::new(),
            country: None,
            kb_id: None,
            members: Vec::new(),
            weak: false,
            directed: false,
        }
    }

    fn words_ok(&self, w: &crate::patterns::Words, toks: &[usize]) -> bool {
        toks.iter().any(|&o| w.matches(&self.lemma[o], &self.form(o)))
    }

    fn pattern_ok(&self, p: &Pattern, t: usize, objs: &[usize], preps: &[(String, usize)]) -> bool {
        if let Some(w) = &p.obj {
            if !self.words_ok(w, objs) {
                return false;
            }
        }
        for (prep, w) in &p.preps {
            let ok = preps.iter().any(|(pp, n)| {
                pp == prep && w.as_ref().is_none_or(|w| w.matches(&self.lemma[*n], &self.form(*n)))
            });
            if !ok {
                return false;
            }
        }
        if let Some(prt) = &p.prt {
            let has = self.kids(t, &["compound:prt"]).any(|c| &self.lemma[c] == prt)
                || preps.iter().any(|(pp, _)| pp == prt);
            if !has {
                return false;
            }
        }
        if let Some(w) = &p.xcomp {
            let x: Vec<usize> = self
                .kids(t, &["xcomp", "ccomp", "advcl", "acl"])
                .filter(|&c| self.upos(c) == Some(Upos::VERB))
                .collect();
            if !self.words_ok(w, &x) {
                return false;
            }
        }
        if let Some(w) = &p.subj {
            let s = self.subjects(t, 0);
            if !self.words_ok(w, &s) {
                return false;
            }
        }
        true
    }

    /// The words a trigger's word sequence is matched against: those before
    /// it in its sentence (nearest first), and those of its phrase after it
    /// (its dependents' words, not a coordinated, paratactic or participle
    /// clause), in
    /// order, after a passive's subject; punctuation is no word.
    fn seq_words(&self, t: usize) -> SeqWords {
        let si = self.sentence_of(t);
        let start = self.doc.sentences[si].tokens.start as usize;
        let word = |i: usize| self.upos(i) != Some(Upos::PUNCT);
        let before: Vec<usize> = (start..t).rev().filter(|&i| word(i)).collect();
        let mut after = Vec::new();
        let mut stack = vec![t];
        while let Some(x) = stack.pop() {
            for &c in &self.children[x] {
                // nor an adjunct participle ("denounced it, calling ...")
                let participle = self.rel(c) == "advcl"
                    && self.doc.tokens[c].xpos.as_deref() == Some("VBG")
                    && self.kids(c, &["mark"]).next().is_none();
                if x == t && (matches!(self.rel(c), "conj" | "parataxis") || participle) {
                    continue;
                }
                if c > t && word(c) {
                    after.push(c);
                }
                stack.push(c);
            }
        }
        after.sort_unstable();
        after.dedup();
        // A passive's subject is its object: "the meeting was attended by"
        // matches `* meeting`, its words first.
        if self.is_passive(t) {
            let mut obj: Vec<usize> = Vec::new();
            let mut stack: Vec<usize> = self.kids(t, &["nsubj:pass"]).collect();
            while let Some(x) = stack.pop() {
                if x < t && word(x) {
                    obj.push(x);
                }
                stack.extend(self.children[x].iter().copied());
            }
            obj.sort_unstable();
            obj.extend(after);
            after = obj;
        }
        let with_form = |v: Vec<usize>| v.into_iter().map(|i| (i, self.form(i))).collect();
        SeqWords { before: with_form(before), after: with_form(after) }
    }

    /// Matches a pattern's word sequence around trigger `t`: the actors at
    /// its `$`, `+` and `%` elements (source, target), or `None` when the
    /// words are not there.
    fn seq_match(&self, seq: &Sequence, words: &SeqWords) -> Option<SeqHit> {
        let (before, after) = (&words.before, &words.after);
        // Quick test first: every word element needs one of its phrases'
        // first words somewhere on its side (most patterns fail here).
        let present = |toks: &[(usize, String)], w: &str| {
            toks.iter().any(|(i, f)| crate::patterns::word_matches(w, &self.lemma[*i], f))
        };
        for (steps, toks) in [(&seq.before, before), (&seq.after, after)] {
            for step in steps {
                if let SeqItem::Words(alts) = &step.item {
                    if !alts.iter().any(|a| a.first().is_some_and(|w| present(toks, w))) {
                        return None;
                    }
                }
            }
        }
        let mut hit = SeqHit::default();
        let mut budget = 20_000usize;
        let steps: Vec<&SeqStep> = seq.before.iter().rev().collect();
        if !self.seq_steps(&steps, before, 0, true, &mut hit, &mut budget) {
            return None;
        }
        let steps: Vec<&SeqStep> = seq.after.iter().collect();
        if !self.seq_steps(&steps, after, 0, false, &mut hit, &mut budget) {
            return None;
        }
        Some(hit)
    }

    /// Matches `steps` (nearest the trigger first) in `toks` from `pos`:
    /// an element glued to the one before must start at `pos`, else at any
    /// later word. `rev`: the words run away from the trigger leftwards.
    fn seq_steps(
        &self,
        steps: &[&SeqStep],
        toks: &[(usize, String)],
        pos: usize,
        rev: bool,
        hit: &mut SeqHit,
        budget: &mut usize,
    ) -> bool {
        let Some((step, rest)) = steps.split_first() else { return true };
        let last = if step.glued { pos.min(toks.len()) } else { toks.len() };
        for at in pos..=last {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            for (end, actor) in self.seq_item_at(&step.item, toks, at, rev) {
                let saved = hit.clone();
                if let Some(h) = actor {
                    match step.item {
                        SeqItem::Source => hit.source = Some(h),
                        SeqItem::Target => hit.target = Some(h),
                        // a compound before the trigger is the sources,
                        // after it the targets
                        _ if rev => hit.source = Some(h),
                        _ => hit.target = Some(h),
                    }
                }
                if self.seq_steps(rest, toks, end, rev, hit, budget) {
                    return true;
                }
                *hit = saved;
            }
        }
        false
    }

    /// The ways element `item` matches at `toks[at]`: where the match ends,
    /// and the actor's head for an actor element.
    fn seq_item_at(
        &self,
        item: &SeqItem,
        toks: &[(usize, String)],
        at: usize,
        rev: bool,
    ) -> Vec<(usize, Option<usize>)> {
        let Some(&(first, _)) = toks.get(at) else { return Vec::new() };
        match item {
            SeqItem::Words(alts) => alts
                .iter()
                .enumerate()
                .filter(|(_, alt)| {
                    alt.len() + at <= toks.len()
                        && (0..alt.len()).all(|i| {
                            let w = if rev { alt.len() - 1 - i } else { i };
                            let (o, form) = &toks[at + i];
                            crate::patterns::word_matches(&alt[w], &self.lemma[*o], form)
                        })
                })
                .map(|(_, alt)| (at + alt.len(), None))
                .collect(),
            SeqItem::Source | SeqItem::Target | SeqItem::Compound => {
                let Some(k) = self.actor_at[first] else { return Vec::new() };
                let mut end = at;
                while toks.get(end).is_some_and(|(o, _)| self.actor_at[*o] == Some(k)) {
                    end += 1;
                }
                let span = &toks[at..end];
                // the mention's head: its word whose head is outside it
                let head = span
                    .iter()
                    .map(|(o, _)| *o)
                    .find(|&o| self.head(o).is_none_or(|h| self.actor_at[h] != Some(k)))
                    .unwrap_or(first);
                if matches!(item, SeqItem::Compound) {
                    let conjoined = self.doc.actors[k].members.len() >= 2
                        || self.kids(head, &["conj"]).any(|c| self.actor_at[c].is_some());
                    if !conjoined {
                        return Vec::new();
                    }
                }
                vec![(end, Some(head))]
            }
        }
    }

    /// True when verb `v`'s clause is what a past report says ("announced
    /// it would prohibit all aid", "was quoted as saying he would be ready
    /// to host"), with no condition of its own ("would attack if").
    fn reported_future(&self, v: usize) -> bool {
        const REPORTING: &[&str] = &[
            "say",
            "announce",
            "confirm",
            "state",
            "tell",
            "declare",
            "add",
            "indicate",
            "report",
            "insist",
            "reiterate",
            "pledge",
            "promise",
            "vow",
            "warn",
            "threaten",
            "signal",
            "write",
            "stress",
            "affirm",
            "assure",
            "reveal",
            "decide",
            "agree",
        ];
        if self.kids(v, &["mark", "advcl"]).any(|m| {
            matches!(self.lemma[m].as_str(), "if" | "unless" | "whether")
                || self.kids(m, &["mark"]).any(|x| matches!(self.lemma[x].as_str(), "if" | "unless"))
        }) {
            return false;
        }
        let mut k = v;
        for _ in 0..3 {
            let Some(h) = self.head(k) else { return false };
            match self.rel(k) {
                "ccomp" => {
                    let past = matches!(self.doc.tokens[h].xpos.as_deref(), Some("VBD" | "VBN" | "VBG"));
                    return past && REPORTING.contains(&self.lemma[h].as_str());
                }
                "xcomp" | "conj" => k = h,
                _ => return false,
            }
        }
        false
    }

    fn modality(&self, t: usize) -> Modality {
        // "a failed coup", "the planned visit".
        if self.upos(t) == Some(Upos::NOUN) {
            for a in self.kids(t, &["amod"]) {
                match self.lemma[a].as_str() {
                    "fail" | "failed" | "attempted" | "foiled" | "thwarted" | "aborted" => {
                        return Modality::Negated
                    }
                    "planned" | "plan" | "proposed" | "propose" | "upcoming" | "future" | "scheduled" => {
                        return Modality::Future
                    }
                    "possible" | "potential" | "alleged" | "rumored" | "rumoured" => {
                        return Modality::Hypothetical
                    }
                    _ => {}
                }
            }
        }
        // "Foreign Minister Levy to visit Egypt soon", "Obama to visit China":
        // a headline's bare infinitive announces a plan.
        if self.kids(t, &["mark"]).any(|m| self.lemma[m] == "to") {
            let bare = match self.head(t) {
                None => true,
                Some(h) => {
                    self.rel(t) == "acl"
                        && self.head(h).is_none()
                        && matches!(self.upos(h), Some(Upos::PROPN | Upos::NOUN))
                }
            };
            if bare {
                return Modality::Future;
            }
        }
        // "guerrillas suspected of killing a French bishop": an allegation.
        if let Some(h) = self.head(t) {
            if matches!(self.lemma[h].as_str(), "suspect" | "allege" | "accuse" | "charge")
                && matches!(self.rel(t), "advcl" | "acl" | "xcomp" | "obl")
            {
                return Modality::Hypothetical;
            }
        }
        // "Knapp predicts Biden defeats Trump": an opinion's content.
        if self.rel(t) == "ccomp" {
            if let Some(h) = self.head(t) {
                if OPINION_GOVERNORS.contains(&self.lemma[h].as_str()) {
                    return Modality::Hypothetical;
                }
            }
        }
        let mut i = t;
        for _ in 0..4 {
            for c in self.children[i].iter().copied() {
                let (rel, l) = (self.rel(c), self.lemma[c].as_str());
                if (rel == "advmod" || rel == "neg" || rel == "det")
                    && matches!(l, "not" | "never" | "n't" | "no")
                {
                    return Modality::Negated;
                }
                if rel.starts_with("aux") {
                    match l {
                        "will" | "shall" | "'ll" => return Modality::Future,
                        // "Iraq said it would allow the return of inspectors":
                        // the future of a past report, not a hypothesis.
                        "would" | "'d" if self.reported_future(i) => return Modality::Future,
                        "would" | "could" | "might" | "may" | "should" | "must" => {
                            return Modality::Hypothetical
                        }
                        _ => {}
                    }
                }
                if rel == "mark" && matches!(l, "if" | "unless" | "whether") {
                    return Modality::Hypothetical;
                }
            }
            let rel = self.rel(i).to_string();
            let Some(h) = self.head(i) else { break };
            let hl = self.lemma[h].as_str();
            if rel == "xcomp" || (rel == "obj" && self.doc.tokens[i].upos == Some(Upos::NOUN)) {
                if FUTURE_GOVERNORS.contains(&hl) {
                    return Modality::Future;
                }
                // "pressured the government to launch an investigation":
                // asked for or attempted, not done.
                if rel == "xcomp" && REQUEST_GOVERNORS.contains(&hl) {
                    return Modality::Future;
                }
                if NEGATIVE_GOVERNORS.contains(&hl) {
                    return Modality::Negated;
                }
            }
            if matches!(rel.as_str(), "xcomp" | "conj" | "obj" | "obl" | "advcl") {
                i = h;
            } else {
                break;
            }
        }
        Modality::Asserted
    }

    /// The verb a noun trigger is the object of, when that verb is light
    /// ("staged rallies") or has no event of its own.
    fn light_head(&self, t: usize) -> Option<usize> {
        let h = self.head(t)?;
        let rel = self.rel(t);
        (self.upos(h) == Some(Upos::VERB) && matches!(rel, "obj" | "nsubj:pass" | "obl")).then_some(h)
    }

    fn sentence_of(&self, t: usize) -> usize {
        self.doc.sentences.partition_point(|s| (s.tokens.end as usize) <= t)
    }

    fn in_headline(&self, t: usize) -> bool {
        let r = self.doc.tokens[t].range;
        self.doc.blocks.iter().any(|b| b.kind == BlockKind::Headline && b.range.contains_range(r))
    }

    /// The subject of a saying verb, as an attribution.
    fn speaker(&self, s: usize) -> Option<Attribution> {
        let subj = self.kids(s, &["nsubj"]).next()?;
        Some(self.attribution_of(subj))
    }

    fn attribution_of(&self, h: usize) -> Attribution {
        let side = self.np_actor(h);
        let range = side.as_ref().map_or(self.doc.tokens[h].range, |s| s.range);
        Attribution { range, text: self.doc.slice(range).to_string(), actor: side.map(|s| self.to_actor(&s)) }
    }

    fn to_actor(&self, s: &Side) -> EventActor {
        EventActor {
            mention: s.mention.map(|m| m as u32),
            range: s.range,
            code: s.code.clone(),
            country: s.country.clone(),
            kb_id: s.kb_id.clone(),
            text: self.doc.slice(s.range).to_string(),
        }
    }

    fn member_sides(&self, s: &Side) -> Vec<Side> {
        s.members
            .iter()
            .filter_map(|c| self.doc.actors.iter().position(|m| m.chain == *c && m.members.is_empty()))
            .map(|k| self.mention_side(k))
            .collect()
    }

    /// The place the places stage found in the phrase headed by `n`: the
    /// phrase's head or a name inside it ("in the town of Cizre").
    fn place_in_phrase(&self, n: usize) -> Option<&'a Place> {
        let tokens = &self.doc.tokens;
        let r = tokens[n].range;
        self.doc.places.iter().find(|pl| {
            let mut k = tokens.partition_point(|tok| tok.range.start() < pl.range.start());
            if k >= tokens.len() {
                return false;
            }
            for _ in 0..3 {
                if k == n {
                    return true;
                }
                match self.head(k) {
                    Some(h) => k = h,
                    None => return false,
                }
            }
            k == n || pl.range.start() <= r.start() && r.end() <= pl.range.end()
        })
    }

    /// The nouns of the first preposition, in [`TARGET_PREPS`] order, that
    /// has nouns for which `actor` holds.
    fn prep_actors(&self, preps: &[(String, usize)], actor: impl Fn(usize) -> bool) -> Vec<usize> {
        for tp in TARGET_PREPS {
            let v: Vec<usize> =
                preps.iter().filter(|(pp, n)| pp == tp && actor(*n)).map(|(_, n)| *n).collect();
            if !v.is_empty() {
                return v;
            }
        }
        Vec::new()
    }

    /// The actors a verb's `to` clause acts on: its objects, else its
    /// prepositional dependents in [`TARGET_PREPS`] order, following
    /// nested `to` clauses ("agreed to allow ... to return").
    fn clause_target(&self, t: usize) -> Vec<usize> {
        let mut queue: Vec<usize> = self.kids(t, &["xcomp"]).collect();
        let mut seen = 0;
        while seen < queue.len() && seen < 6 {
            let x = queue[seen];
            seen += 1;
            if self.upos(x) != Some(Upos::VERB) {
                continue;
            }
            let actor = |n: usize| self.np_actor(n).is_some_and(|s| !s.weak);
            let objs = self.objects(x, TriggerKind::Verb);
            let mut v: Vec<usize> = objs.iter().copied().filter(|&o| actor(o)).collect();
            if v.is_empty() {
                v = self.prep_actors(&self.preps(x, &objs), actor);
            }
            if !v.is_empty() {
                return self.conj_expand(v);
            }
            queue.extend(self.kids(x, &["xcomp", "conj"]));
        }
        Vec::new()
    }

    fn slot_sides(&self, slot: &Slot, t: usize, objs: &[usize], preps: &[(String, usize)]) -> Vec<usize> {
        match slot {
            Slot::Subj => self.subjects(t, 0),
            Slot::Obj => objs.to_vec(),
            Slot::Poss => self.kids(t, &["nmod:poss"]).collect(),
            Slot::Prep(p) => {
                self.conj_expand(preps.iter().filter(|(pp, _)| pp == p).map(|(_, n)| *n).collect())
            }
            Slot::Nobody => Vec::new(),
        }
    }
}

/// The lemma under which the trigger's patterns are filed: the tagger's
/// lemma, or else one guessed from the form ("shelled" → "shell" when the
/// lemmatizer says "shel").
fn trigger_lemma(cx: &Ctx, coder: &EventCoder, t: usize, kind: TriggerKind) -> Option<String> {
    let lemma = &cx.lemma[t];
    if coder.patterns.has(kind, lemma) {
        return Some(lemma.clone());
    }
    let form = cx.form(t);
    let mut guesses: Vec<String> = vec![form.clone()];
    crate::patterns::lemma_guesses(&form, &mut guesses);
    guesses.into_iter().find(|g| coder.patterns.has(kind, g))
}

/// Nouns of people acting for an organisation that modifies them ("IAEA
/// inspectors", "members of the European Union").
const AGENT_NOUNS: &[&str] = &[
    "inspector",
    "inspectors",
    "official",
    "officials",
    "member",
    "members",
    "envoy",
    "envoys",
    "delegation",
    "delegate",
    "delegates",
    "troops",
    "force",
    "forces",
    "peacekeeper",
    "peacekeepers",
    "monitor",
    "monitors",
    "observer",
    "observers",
    "staff",
    "expert",
    "experts",
    "investigator",
    "investigators",
    "chief",
    "head",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "representatives",
    "ambassador",
    "mission",
    "team",
    "personnel",
    "worker",
    "workers",
    "soldier",
    "soldiers",
    "secretary",
    "leader",
    "leaders",
    "director",
    "commissioner",
    // "European Community foreign ministers", "NATO defence ministers"
    "minister",
    "ministers",
    "negotiator",
    "negotiators",
    "mediator",
    "mediators",
    // the organisation itself: "the al-Qaeda network", "the APEC forum"
    "network",
    "group",
    "movement",
    "organization",
    "organisation",
    "faction",
    "militia",
    "watchdog",
    "agency",
    "forum",
    "coalition",
    "alliance",
];

/// Nouns of an attack or a device that kills without a named perpetrator.
const ATTACK_NOUNS: &[&str] = &[
    "bombing",
    "bomb",
    "explosion",
    "blast",
    "attack",
    "device",
    "ied",
    "mine",
    "landmine",
    "shelling",
    "airstrike",
    "rocket",
    "missile",
    "mortar",
    "grenade",
    "gunfire",
    "shooting",
    "ambush",
];

/// A clause has one subject (coordination hangs from the first): two are a
/// misparse ("According to President X, six nationals were killed"), and
/// the one nearest the verb `t` is the likelier.
fn nearest_only(subjects: &mut Vec<usize>, t: usize) {
    if subjects.len() > 1 {
        subjects.sort_by_key(|&x| x.abs_diff(t));
        subjects.truncate(1);
    }
}

/// Verbs that restate a statement noun ("reiterated its demand"): its
/// subject is the noun's author, as with a light verb.
const RESTATING_VERBS: &[&str] = &["reiterate", "repeat", "voice"];

/// Verbs of a trip: a visit only by an official or a known person, and only
/// abroad ("travelled to Kyiv"; not "refugees arrived in Greece").
const TRAVEL_VERBS: &[&str] = &["arrive", "travel", "fly"];

/// Codes of an attitude towards something someone did or proposed
/// (support, praise, intent, demand, criticism, rejection).
fn attitude(code: &str) -> bool {
    matches!(code.get(..2), Some("03" | "05" | "10" | "11" | "12"))
}

/// Nouns of time a relative clause can date ("the night that Serbians
/// protested").
const TIME_NOUNS: &[&str] =
    &["night", "day", "week", "month", "year", "time", "morning", "evening", "weekend", "hour"];

/// What violence is done to that stands for its holder or its people
/// ("shelled positions of the Palestinian security forces", "bombed the
/// capital Juba", "attacked the Israeli embassy").
const PHYSICAL_TARGETS: &[&str] = &[
    "capital",
    "city",
    "town",
    "village",
    "position",
    "base",
    "post",
    "outpost",
    "checkpoint",
    "camp",
    "convoy",
    "embassy",
    "consulate",
    "headquarters",
    "office",
    "home",
    "house",
    "stronghold",
    "installation",
    "facility",
    "territory",
    "border",
    "airspace",
];

/// Nouns of what an attitude is about; their possessor is the target
/// ("Turkey's efforts", "Iran's proposal").
const ATTITUDE_OBJECTS: &[&str] = &[
    "effort",
    "efforts",
    "proposal",
    "plan",
    "plans",
    "decision",
    "policy",
    "policies",
    "initiative",
    "offer",
    "idea",
    "bid",
    "move",
    "stance",
    "position",
    "role",
    "record",
    "action",
    "actions",
    "conduct",
    "claim",
    "claims",
    "statement",
    "remarks",
    "comments",
    "resolution",
    "request",
    "call",
    "demand",
    "demands",
    "candidacy",
    "membership",
];

/// The sides the noun phrases headed by `heads` name, each with its head
/// (coordinated nationalities sharing a head give one side each).
fn resolve_heads(cx: &Ctx, heads: &[usize], sector: Option<&str>) -> Vec<(usize, Side)> {
    let mut out = Vec::new();
    for &h in heads {
        match cx.np_actor(h).or_else(|| cx.pronoun_antecedent(h)) {
            Some(s) => {
                let shared = cx.shared_head_sides(h, &s);
                let sides = if shared.is_empty() { vec![s] } else { shared };
                for mut s in sides {
                    if let (Some(sec), Some(c)) = (sector, s.country.clone()) {
                        s.code = format!("{c}{sec}");
                    }
                    out.push((h, s))
                }
            }
            None => out.push((h, cx.np_plain(h))),
        }
    }
    out
}

/// The sides of `heads` that are actors of their own: coded, and not a
/// mere modifier of something else.
fn real_sides(cx: &Ctx, heads: &[usize]) -> Vec<(usize, Side)> {
    resolve_heads(cx, heads, None)
        .into_iter()
        .filter(|(_, s)| !s.weak && (!s.code.is_empty() || !s.members.is_empty()))
        .collect()
}

fn coded(s: &Option<Side>) -> bool {
    s.as_ref().is_some_and(|s| !s.code.is_empty() || !s.members.is_empty())
}

pub(crate) fn find(coder: &EventCoder, doc: &Document) -> Vec<Event> {
    if doc.tokens.is_empty() || doc.sentences.is_empty() {
        return Vec::new();
    }
    if std::env::var_os("DATELINE_EVENTS_DEBUG").is_some() {
        eprintln!("### doc {:?}", doc.text().chars().take(60).collect::<String>());
    }
    let mut cx = Ctx::new(doc);
    cx.event_noun = cx.lemma.iter().map(|l| coder.patterns.has(TriggerKind::Noun, l)).collect();
    let mut cands: Vec<Cand> = Vec::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        let range = sent.tokens.start as usize..(sent.tokens.end as usize).min(doc.tokens.len());
        if range.is_empty() || (!coder.options.headlines && cx.in_headline(range.start)) {
            continue;
        }
        for t in range {
            let kind = match cx.upos(t) {
                Some(Upos::VERB) => TriggerKind::Verb,
                Some(Upos::NOUN) if cx.timex_at[t].is_none() => TriggerKind::Noun,
                _ => continue,
            };
            let Some(lemma) = trigger_lemma(&cx, coder, t, kind) else { continue };
            // "United" in "United Nations", "Ousted" in a name.
            let capital = doc.slice(doc.tokens[t].range).starts_with(|c: char| c.is_uppercase());
            if cx.actor_at[t].is_some_and(|k| doc.actors[k].country.is_some() || capital) {
                continue;
            }
            let objs = cx.objects(t, kind);
            let preps = cx.preps(t, &objs);
            let mut best: Option<(usize, &Pattern, SeqHit)> = None;
            let mut words: Option<SeqWords> = None;
            for (k, p) in coder.patterns.candidates(kind, &lemma).enumerate() {
                if best.as_ref().is_some_and(|(_, b, _)| b.specificity() >= p.specificity()) {
                    continue;
                }
                if cx.pattern_ok(p, t, &objs, &preps) {
                    let hit = match &p.seq {
                        Some(q) => cx.seq_match(q, words.get_or_insert_with(|| cx.seq_words(t))),
                        None => Some(SeqHit::default()),
                    };
                    if let Some(hit) = hit {
                        best = Some((k, p, hit));
                    }
                }
            }
            let Some((k, p, hit)) = best else { continue };
            let Some(code) = p.code.clone() else { continue };
            // "until US sanctions against the country are removed", "lifted
            // the blockade": a state being ended is no new act of its kind
            // (the ending verb codes its own event).
            if kind == TriggerKind::Noun
                && matches!(cx.rel(t), "obj" | "nsubj:pass")
                && cx.head(t).is_some_and(|h| {
                    matches!(
                        cx.lemma[h].as_str(),
                        "remove"
                            | "lift"
                            | "end"
                            | "ease"
                            | "scrap"
                            | "drop"
                            | "relax"
                            | "rescind"
                            | "revoke"
                    )
                })
            {
                continue;
            }
            // "attempted to assassinate the prime minister", "tried to kill":
            // an attempt at violence is violence done, as the governor tells.
            let attempted = cx
                .head(t)
                .filter(|&h| matches!(cx.lemma[h].as_str(), "try" | "attempt"))
                .filter(|_| matches!(code.get(..2), Some("18" | "19" | "20")) && cx.rel(t) == "xcomp");
            let modality = match attempted {
                Some(h) => cx.modality(h),
                None => cx.modality(t),
            };
            let mut c = Cand {
                trigger: t,
                sentence: si,
                pattern: k,
                code,
                reciprocal: p.reciprocal,
                speech: p.speech,
                source: None,
                target: None,
                evidence: vec![doc.tokens[t].range],
                modality,
                attribution: None,
                date: None,
                merged: Vec::new(),
                rule: p.id.clone(),
                confidence: 0.0,
            };
            for &o in &objs {
                if p.obj.is_some() {
                    c.evidence.push(doc.tokens[o].range);
                }
            }
            // Sources.
            let src_heads: Vec<usize> = match &p.source {
                Some(r) => cx.slot_sides(&r.slot, t, &objs, &preps),
                None if kind == TriggerKind::Verb => cx.subjects(t, 0),
                None => {
                    // "The ILO reiterated its demand": a possessive pronoun
                    // stands for the subject of the verb the noun hangs from.
                    let mut v: Vec<usize> = cx
                        .kids(t, &["nmod:poss"])
                        .filter(|&k| {
                            !(matches!(cx.form(k).to_lowercase().as_str(), "its" | "their" | "his" | "her")
                                && cx.light_head(t).is_some())
                        })
                        .collect();
                    v.extend(preps.iter().filter(|(pp, _)| pp == "by").map(|(_, n)| *n));
                    if v.is_empty() {
                        // "Russian strikes", "a NATO summit"; not a sector word
                        // ("an official protest").
                        v.extend(cx.kids(t, &["amod", "compound"]).filter(|&a| {
                            cx.actor_at[a].is_some_and(|k| {
                                let m = &doc.actors[k];
                                m.country.is_some() || m.kb_id.is_some() || !m.members.is_empty()
                            })
                        }));
                    }
                    // The object of a light verb: "X staged rallies",
                    // "X imposed sanctions on Y".
                    // Not a verb the noun is only an adjunct of ("tweeted
                    // about the riots", "spoke during the rally").
                    if v.is_empty() {
                        if let Some(h) = cx.light_head(t).filter(|&h| {
                            let light = LIGHT_VERBS.contains(&cx.lemma[h].as_str())
                                || RESTATING_VERBS.contains(&cx.lemma[h].as_str())
                                || matches!(
                                    cx.lemma[h].as_str(),
                                    "join" | "attend" | "lead" | "participate" | "engage" | "involve"
                                );
                            light
                                && (cx.rel(t) != "obl"
                                    || cx
                                        .kids(t, &["case"])
                                        .any(|k| matches!(cx.lemma[k].as_str(), "in" | "into")))
                        }) {
                            // "Serb forces were engaged in ethnic cleansing":
                            // who is engaged in it does it.
                            if matches!(cx.lemma[h].as_str(), "engage" | "involve") && cx.is_passive(h) {
                                v.extend(cx.kids(h, &["nsubj:pass"]));
                            } else {
                                v.extend(cx.subjects(h, 0));
                            }
                        }
                    }
                    v
                }
            };
            // The actor at the pattern's `$` (or a compound `%` before it).
            let src_heads = match hit.source {
                Some(h) => cx.conj_expand(vec![h]),
                None => src_heads,
            };
            let mut sources =
                resolve_heads(&cx, &src_heads, p.source.as_ref().and_then(|r| r.sector.as_deref()))
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>();
            if sources.is_empty() && kind == TriggerKind::Verb && p.source.is_none() && !cx.is_passive(t) {
                // A parse without a subject: the nearest actor to the left in
                // the sentence.
                let s0 = doc.sentences[si].range.start();
                let before =
                    |m: &ActorMention| m.range.end() <= doc.tokens[t].range.start() && m.range.start() >= s0;
                let first = doc
                    .actors
                    .iter()
                    .position(|m| before(m) && (m.country.is_some() || !m.members.is_empty()))
                    .or_else(|| doc.actors.iter().position(before));
                if let Some(k) = first {
                    sources.push(cx.mention_side(k));
                    // "Bangladesh has once again outright rejected ...": the
                    // sentence's first words, a named actor, and no other
                    // actor before the trigger: the subject the parse missed.
                    let m = &doc.actors[k];
                    let initial = doc.tokens[doc.sentences[si].tokens.start as usize..t]
                        .iter()
                        .take(4)
                        .any(|tok| tok.range.start() == m.range.start())
                        && m.kb_id.is_some()
                        && !doc.actors.iter().any(|o| before(o) && o.range.start() > m.range.end())
                        // a clause's finite verb, not a participle ("pledged delegates")
                        && matches!(cx.rel(t), "root" | "ccomp" | "conj")
                        && matches!(doc.tokens[t].xpos.as_deref(), Some("VBD" | "VBZ" | "VBP" | "VBN"));
                    // "Bangladesh has once again outright rejected": a coded
                    // actor right before the verb, with only auxiliaries,
                    // adverbs or a time between, is the subject the parse
                    // missed.
                    let (a, b) = (doc.tokens.partition_point(|tok| tok.range.start() < m.range.end()), t);
                    let adjacent = (m.country.is_some() || !m.members.is_empty())
                        && a <= b
                        && b - a <= 4
                        && (a..b).all(|i| {
                            matches!(cx.upos(i), Some(Upos::ADV | Upos::AUX))
                                || cx.timex_at[i].is_some()
                                || cx.lemma[i] == "have"
                                || cx.lemma[i] == "not"
                        })
                        && !doc.actors.iter().any(|o| before(o) && o.range.start() > m.range.end())
                        && matches!(doc.tokens[t].xpos.as_deref(), Some("VBD" | "VBZ" | "VBP" | "VBN"));
                    c.rule.push_str(if initial || adjacent { "+initial" } else { "+leftmost" });
                }
            }
            // "officers traveled to Canada", "Kenyan citizens arrived in the
            // U.S.": travel is a visit only for an official, a known person or
            // an organisation.
            let travel = TRAVEL_VERBS.contains(&lemma.as_str());
            let official = |s: &Side| {
                s.kb_id.as_deref().is_some_and(|k| k.starts_with("person:"))
                    || ["GOV", "MIL", "LEG", "JUD", "ELI"].iter().any(|sec| s.code.ends_with(sec))
                    || s.code.starts_with("IGO")
            };
            if travel && !sources.iter().any(|s| s.kb_id.is_some() && s.country.is_some() && official(s)) {
                continue;
            }
            // Targets.
            let tgt_heads: Vec<usize> = match &p.target {
                Some(r) => cx.slot_sides(&r.slot, t, &objs, &preps),
                None => {
                    let mut v: Vec<usize> = objs
                        .iter()
                        .copied()
                        .filter(|&o| cx.np_actor(o).is_some() || cx.pronoun_antecedent(o).is_some())
                        .collect();
                    // A noun's own phrases first ("the blockade of Serbia ...
                    // with Albania's help"), then its light verb's.
                    let preps = preps.clone();
                    let mut verb_preps = Vec::new();
                    if kind == TriggerKind::Noun {
                        if let Some(h) = cx.light_head(t) {
                            verb_preps = cx.preps(h, &[]);
                            v.extend(cx.kids(h, &["iobj"]));
                        }
                    }
                    // "North Korea demanded that South Korea return ...",
                    // "urged that Israel stop": a demand or appeal is
                    // addressed to the subject of its `that` clause.
                    let demand =
                        p.code.as_deref().is_some_and(|c| c.starts_with("02") || c.starts_with("10"));
                    if v.is_empty() && demand && kind == TriggerKind::Verb {
                        for cc in cx.kids(t, &["ccomp"]) {
                            let that = cx.kids(cc, &["mark"]).any(|m| cx.lemma[m] == "that");
                            if that {
                                v.extend(cx.kids(cc, &["nsubj"]).filter(|&n| cx.np_actor(n).is_some()));
                            }
                        }
                    }
                    for preps in [&preps, &verb_preps] {
                        if !v.is_empty() {
                            break;
                        }
                        v = cx.prep_actors(preps, |n| cx.np_actor(n).is_some());
                    }
                    cx.conj_expand(v)
                }
            };
            // The actor at the pattern's `+` (or a compound `%` after it);
            // else, for a pattern with words after the trigger, PETRARCH's
            // target: the first actor of the trigger's phrase.
            let tgt_heads = match hit.target {
                Some(h) => cx.conj_expand(vec![h]),
                None if tgt_heads.is_empty()
                    && p.target.is_none()
                    && p.seq.as_ref().is_some_and(|q| !q.after.is_empty()) =>
                {
                    let after: Vec<usize> =
                        words.get_or_insert_with(|| cx.seq_words(t)).after.iter().map(|&(o, _)| o).collect();
                    let first = after.iter().copied().find(|&o| {
                        cx.actor_at[o].is_some()
                            && !src_heads.iter().any(|&s| cx.actor_at[s] == cx.actor_at[o])
                    });
                    first
                        .and_then(|o| {
                            let k = cx.actor_at[o];
                            after.iter().copied().find(|&x| {
                                cx.actor_at[x] == k && cx.head(x).is_none_or(|h| cx.actor_at[h] != k)
                            })
                        })
                        .map(|h| cx.conj_expand(vec![h]))
                        .unwrap_or_default()
                }
                None => tgt_heads,
            };
            // A phrase holding the source is not the target ("hosted for
            // talks by the head of ...").
            let tgt_heads: Vec<usize> = tgt_heads
                .into_iter()
                .filter(|&h| !src_heads.iter().any(|&s| s != h && dominates(&cx, h, s)))
                .collect();
            // "agreed to re-open its borders to UN peacekeepers", "promised
            // to democratize Serbia": an intent with no target of its own is
            // towards whom its `to` clause acts.
            let mut tgt_heads = tgt_heads;
            if tgt_heads.is_empty()
                && p.target.is_none()
                && kind == TriggerKind::Verb
                && c.code.starts_with("03")
            {
                tgt_heads = cx.clause_target(t);
            }
            let tsector = p.target.as_ref().and_then(|r| r.sector.as_deref());
            let (mut side_heads, mut targets): (Vec<usize>, Vec<Side>) =
                resolve_heads(&cx, &tgt_heads, tsector).into_iter().unzip();
            // "Turkish police prevented the demonstration staged by
            // students", "broke up a rally of the opposition": acting on an
            // event acts on its doers.
            // "Croatia is investigating alleged war crimes by Croatian
            // extremists": investigating a crime investigates its doers.
            let crime = |o: usize| {
                matches!(
                    cx.lemma[o].as_str(),
                    "crime"
                        | "abuse"
                        | "atrocity"
                        | "violation"
                        | "killing"
                        | "massacre"
                        | "murder"
                        | "fraud"
                )
            };
            if targets.is_empty() && matches!(c.code.get(..2), Some("09" | "16" | "17" | "18" | "19" | "20"))
            {
                for &o in objs.iter().filter(|&&o| cx.event_noun[o] || crime(o)) {
                    let mut doers: Vec<usize> = cx
                        .kids(o, &["nmod", "nmod:poss"])
                        .filter(|&k| {
                            cx.rel(k) == "nmod:poss"
                                || match cx.prep_of(k).as_deref() {
                                    Some("by") => true,
                                    // "a rally of the opposition", not "the
                                    // bombing of the embassy"
                                    Some("of") => GATHERINGS.contains(&cx.lemma[o].as_str()),
                                    _ => false,
                                }
                        })
                        .collect();
                    for a in cx.kids(o, &["acl"]) {
                        doers.extend(
                            cx.kids(a, &["obl", "obl:agent"])
                                .filter(|&k| cx.prep_of(k).as_deref() == Some("by")),
                        );
                    }
                    // (the parse may hang "by X" on the active verb itself)
                    if kind == TriggerKind::Verb && !cx.is_passive(t) {
                        doers
                            .extend(cx.kids(t, &["obl"]).filter(|&k| cx.prep_of(k).as_deref() == Some("by")));
                    }
                    for (h, side) in real_sides(&cx, &cx.conj_expand(doers)) {
                        side_heads.push(h);
                        targets.push(side);
                    }
                    if !targets.is_empty() {
                        break;
                    }
                }
            }
            // "arrived in Amman", "travelled to Kyiv": a visit's host is the
            // country of the place visited (the places stage resolved it).
            // "lifted a night curfew in Kosovo", "imposed a curfew in the town
            // of Cizre": a restriction (or its easing) is on the people of
            // the place.
            let restriction = ["081", "172"].iter().any(|p| c.code.starts_with(p));
            if restriction && targets.is_empty() {
                let mut ps = cx.preps(t, &objs);
                if let Some(h) = cx.light_head(t) {
                    ps.extend(cx.preps(h, &[]));
                }
                // A government restricts its own territory: a place
                // resolved abroad is a wrong reading ("Mecca" in California).
                let home = |c: &str| sources.iter().any(|s| s.country.as_deref() == Some(c));
                for (_, n) in ps.iter().filter(|(p, _)| p == "in") {
                    let Some(place) = cx.place_in_phrase(*n) else { continue };
                    if let Some(country) = place.country.clone().filter(|c| home(c)) {
                        targets.push(Side::place_country(place.range, country));
                        break;
                    }
                }
            }
            // "Egyptian police opened fire to disperse demonstrators": force
            // used for a purpose is used on whom the purpose acts.
            if targets.is_empty()
                && kind == TriggerKind::Verb
                && matches!(c.code.get(..2), Some("17" | "18" | "19" | "20"))
            {
                let purposes: Vec<usize> = cx
                    .kids(t, &["advcl", "xcomp"])
                    .filter(|&x| {
                        cx.upos(x) == Some(Upos::VERB) && cx.kids(x, &["mark"]).any(|m| cx.lemma[m] == "to")
                    })
                    .collect();
                for x in purposes {
                    let xo = cx.objects(x, TriggerKind::Verb);
                    for (h, side) in real_sides(&cx, &xo) {
                        side_heads.push(h);
                        targets.push(side);
                    }
                    if !targets.is_empty() {
                        break;
                    }
                }
            }
            // "Israeli tanks fired four shells at targets in Jericho", "Red
            // Cross officials suspended aid deliveries in Baghdad", "donated
            // goods to Baghdad University": a material act with no actor
            // named is on the country of the place its phrase names, when
            // that is abroad for every source (a state, or an organisation
            // with no country). At home it names no one ("police fired at
            // protesters in Cairo": the protesters are not Egypt).
            let material =
                matches!(c.code.get(..2), Some("07" | "08" | "09" | "15" | "16" | "17" | "18" | "19" | "20"));
            if material && targets.is_empty() && !sources.is_empty() {
                let mut ps = cx.preps(t, &objs);
                if let Some(h) = cx.light_head(t) {
                    ps.extend(cx.preps(h, &[]));
                }
                // "donated and personally delivered goods to Baghdad
                // University": verbs sharing the object share its way.
                for v in cx.kids(t, &["conj"]).filter(|&v| cx.upos(v) == Some(Upos::VERB)) {
                    let vo = cx.objects(v, TriggerKind::Verb);
                    ps.extend(cx.preps(v, &vo));
                }
                let known = |s: &Side| {
                    s.country.is_some() || s.kb_id.as_deref().is_some_and(|k| k.starts_with("org:"))
                };
                let abroad = |c: &str| sources.iter().all(|s| known(s) && s.country.as_deref() != Some(c));
                let spatial = |p: &str| matches!(p, "in" | "to" | "into" | "at" | "on" | "inside" | "near");
                let place = ps.iter().filter(|(p, _)| spatial(p)).find_map(|&(_, n)| {
                    // The phrase itself ("in Baghdad") or a place inside it
                    // ("at targets in Jericho").
                    std::iter::once(n)
                        .chain(cx.kids(n, &["nmod"]).filter(|&k| cx.prep_of(k).is_some_and(|p| spatial(&p))))
                        .find_map(|k| cx.place_in_phrase(k))
                });
                // A curfew is imposed at home: a town resolved abroad is a
                // wrong reading ("Mecca" in California), a country named is
                // not ("lifted the curfew in Montenegro").
                let place = place.filter(|pl| !restriction || pl.feature == "A.PCLI");
                if let Some((place, country)) =
                    place.and_then(|pl| pl.country.clone().filter(|c| abroad(c)).map(|c| (pl, c)))
                {
                    targets.push(Side::place_country(place.range, country));
                }
            }
            // "Liberian riot police used tear gas to disperse demonstrators",
            // "Nepali opposition parties accused the police", "Sierra Leonean
            // rebels killed seven soldiers": a target named only by its sector
            // belongs to the source's country when the sentence names no other.
            // ("2,300 Artsakh soldiers": a name the actor stage does not
            // know makes them someone else's; so do "allied forces".)
            let named = |h: usize| {
                cx.kids(h, &["compound", "amod", "nmod", "nmod:poss", "flat"]).any(|k| {
                    // "allied forces", "foreign troops": not the source's.
                    matches!(
                        cx.lemma[k].as_str(),
                        "allied"
                            | "foreign"
                            | "international"
                            | "coalition"
                            | "multinational"
                            | "western"
                            | "peacekeeping"
                            | "overseas"
                            | "enemy"
                    ) || cx.upos(k) == Some(Upos::PROPN)
                        && cx.actor_at[k].is_none_or(|m| doc.actors[m].country.is_none())
                        // ("students at Cumhuriyet University": where they
                        // are, not whose they are)
                        && (cx.rel(k) != "nmod" || matches!(cx.prep_of(k).as_deref(), Some("of" | "from")))
                })
            };
            if let Some(country) = cx.home_country(si, &sources) {
                for (side, _) in targets.iter_mut().zip(&side_heads).filter(|(s, &h)| {
                    s.country.is_none()
                        && s.members.is_empty()
                        && !s.weak
                        && s.kb_id.is_none()
                        && (3..=6).contains(&s.code.len())
                        && s.code.bytes().all(|b| b.is_ascii_uppercase())
                        && !named(h)
                }) {
                    side.code = format!("{country}{}", side.code);
                    side.country = Some(country.clone());
                }
            }
            for side in targets.iter_mut().filter(|s| s.directed) {
                side.weak = false;
            }
            if c.code.starts_with("04") {
                for side in targets.iter_mut().filter(|s| s.code.is_empty() && s.members.is_empty()) {
                    let place = doc.places.iter().find(|pl| {
                        pl.range.start() <= side.range.start() && side.range.end() <= pl.range.end()
                            || side.range.start() <= pl.range.start() && pl.range.end() <= side.range.end()
                    });
                    // Only a state's or a known person's trip abroad ("the
                    // President traveled to South Dakota" is no visit,
                    // "officers traveled to Canada" no diplomacy).
                    let abroad = |c: &str| {
                        !sources.is_empty()
                            && sources
                                .iter()
                                .all(|s| s.kb_id.is_some() && s.country.as_deref().is_some_and(|sc| sc != c))
                    };
                    if let Some(country) = place.and_then(|pl| pl.country.clone()).filter(|c| abroad(c)) {
                        side.code = country.clone();
                        side.kb_id = Some(format!("country:{country}"));
                        side.country = Some(country);
                    }
                }
            }
            // "will support Turkey's efforts", "rejected an Indian proposal":
            // the possessor of what an attitude is about is its target.
            // "shelled the southern regional capital Juba": a town attacked
            // stands for its country's people; "shelled positions of the
            // Palestinian security forces": a place held is its holder.
            if matches!(c.code.get(..2), Some("18" | "19" | "20")) {
                for (side, &h) in targets.iter_mut().zip(&side_heads) {
                    if side.weak && PHYSICAL_TARGETS.contains(&cx.lemma[h].as_str()) {
                        side.weak = false;
                    }
                }
            }
            if attitude(&c.code) {
                for (side, &h) in targets.iter_mut().zip(&side_heads) {
                    let text = doc.slice(side.range).to_lowercase();
                    let pronoun =
                        matches!(text.as_str(), "his" | "her" | "its" | "their" | "our" | "my" | "your");
                    if side.weak
                        && !pronoun
                        && cx.upos(h) == Some(Upos::NOUN)
                        && !crate::precision::RELATIONAL.contains(&cx.lemma[h].as_str())
                        && (cx.event_noun[h] || ATTITUDE_OBJECTS.contains(&cx.lemma[h].as_str()))
                    {
                        side.weak = false;
                    }
                }
            }
            targets.retain(|s| !s.code.is_empty() || !s.members.is_empty() || p.target.is_some());
            // Travel at home is no visit.
            if travel {
                targets.retain(|t| {
                    t.country.is_some()
                        && !sources.iter().any(|s| s.country.is_some() && s.country == t.country)
                });
                if targets.is_empty() {
                    continue;
                }
            }
            targets.dedup_by(|a, b| a.range == b.range);
            // A plural description or a compound actor stands for its
            // members on this side too.
            let targets: Vec<Side> = targets
                .into_iter()
                // (not the victims of a condemned act: "the bombing of U.S.
                // embassies in Kenya and Tanzania")
                .flat_map(|s| {
                    if s.members.len() >= 2 && !victim(&cx, &s, t) {
                        cx.member_sides(&s)
                    } else {
                        vec![s]
                    }
                })
                .collect();
            // "endorsed the agreement on normalising relations between
            // Yugoslavia and Croatia": of several targets, the source's own
            // country is the other party's partner, not a target.
            let own = |x: &Side| x.country.is_some() && sources.iter().any(|s| s.country == x.country);
            let mut targets = targets;
            if targets.len() >= 2 && targets.iter().any(|x| !own(x)) {
                targets.retain(|x| !own(x));
            }
            // Expand plural descriptions.
            let mut srcs: Vec<Side> = Vec::new();
            for s in sources {
                if s.members.len() >= 2 {
                    srcs.extend(cx.member_sides(&s));
                } else {
                    srcs.push(s);
                }
            }
            // "Israeli helicopters and tanks": conjuncts without an actor of
            // their own add no event.
            if srcs.iter().any(|s| !s.code.is_empty()) {
                srcs.retain(|s| !s.code.is_empty() || !s.members.is_empty());
            }
            let mut pairs: Vec<(Option<Side>, Option<Side>, bool)> = Vec::new();
            // "Senior Hungarian and Romanian officials agreed": each with
            // the other; not "George Bush and James Baker agreed that ...",
            // one side acting together.
            let one_side = srcs.len() >= 2 && srcs[0].country.is_some() && srcs[0].country == srcs[1].country;
            if targets.is_empty() && srcs.len() >= 2 && p.reciprocal && !one_side {
                pairs.push((Some(srcs[0].clone()), Some(srcs[1].clone()), true));
            } else {
                let ss: Vec<Option<Side>> =
                    if srcs.is_empty() { vec![None] } else { srcs.into_iter().map(Some).collect() };
                let ts: Vec<Option<Side>> =
                    if targets.is_empty() { vec![None] } else { targets.into_iter().map(Some).collect() };
                for s in &ss {
                    for tg in &ts {
                        if let (Some(a), Some(b)) = (s, tg) {
                            if a.range == b.range && a.code == b.code {
                                continue;
                            }
                        }
                        pairs.push((s.clone(), tg.clone(), p.reciprocal));
                    }
                }
            }
            if p.both {
                pairs.retain(|(s, tg, _)| coded(s) && coded(tg));
            }
            for (s, tg, recip) in pairs {
                let mut e = c.clone();
                for side in [&s, &tg].into_iter().flatten() {
                    e.evidence.push(side.range);
                }
                e.source = s;
                e.target = tg;
                e.reciprocal = recip;
                // One person "attacking" another in news is verbal
                // ("Biden attacked Trump for the tweet"): criticize.
                let person = |x: &Option<Side>| {
                    x.as_ref().is_some_and(|x| x.kb_id.as_deref().is_some_and(|k| k.starts_with("person:")))
                };
                if e.code.starts_with("19") && person(&e.source) && person(&e.target) {
                    match cx.lemma[t].as_str() {
                        "attack" | "slam" | "blast" | "hit" => {
                            e.code = "111".into();
                            e.rule.push_str("+verbal");
                        }
                        // "Biden defeats Trump": an election, which CAMEO
                        // does not code.
                        "defeat" | "beat" => continue,
                        _ => {}
                    }
                }
                // "missile strikes" are air strikes, "a general strike" a
                // labour strike; a bare "the strike" is left uncoded.
                if kind == TriggerKind::Noun && cx.lemma[t] == "strike" {
                    let mods: Vec<&str> =
                        cx.kids(t, &["amod", "compound"]).map(|m| cx.lemma[m].as_str()).collect();
                    let military = mods.iter().any(|m| {
                        matches!(
                            *m,
                            "air"
                                | "missile"
                                | "drone"
                                | "rocket"
                                | "military"
                                | "artillery"
                                | "aerial"
                                | "nuclear"
                                | "retaliatory"
                                | "precision"
                                | "airstrike"
                        )
                    });
                    let labour = mods.iter().any(|m| {
                        matches!(
                            *m,
                            "general"
                                | "labor"
                                | "labour"
                                | "hunger"
                                | "worker"
                                | "workers"
                                | "national"
                                | "nationwide"
                                | "teacher"
                                | "union"
                                | "rail"
                                | "transport"
                        )
                    });
                    if military {
                        e.code = "195".into();
                        e.rule.push_str("+military");
                    } else if !labour {
                        continue;
                    }
                }
                // "Trump's Tulsa rally": a campaign rally, not a protest.
                if kind == TriggerKind::Noun && cx.lemma[t] == "rally" && person(&e.source) {
                    continue;
                }
                cands.push(e);
            }
        }
    }
    if std::env::var_os("DATELINE_EVENTS_DEBUG").is_some() {
        for c in &cands {
            eprintln!(
                "cand {} {} {} {:?} -> {:?}",
                cx.form(c.trigger),
                c.code,
                c.rule,
                c.source.as_ref().map(|s| &s.code),
                c.target.as_ref().map(|s| &s.code)
            );
        }
    }
    let triggers: Vec<usize> = cands.iter().map(|c| c.trigger).collect();
    let is_trigger = |i: usize| triggers.contains(&i);
    // Fold embedded events into their governors, and saying verbs into
    // attributions.
    let mut drop = vec![false; cands.len()];
    // "agreed to X", "threatened to X": X's event as an intent or a threat.
    let mut recoded: Vec<(usize, String, bool)> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let t = c.trigger;
        let Some(h) = cx.head(t) else { continue };
        let to_clause = cx.rel(t) == "xcomp"
            || (cx.rel(t) == "advcl" && cx.kids(t, &["mark"]).any(|m| cx.lemma[m] == "to"));
        if to_clause && INTENT_GOVERNORS.contains(&cx.lemma[h].as_str()) {
            if let Some(code) = intent_code(&c.code) {
                let recip = cands.iter().any(|o| o.trigger == h && o.reciprocal);
                recoded.push((k, code.to_string(), recip));
            }
        }
    }
    for (k, code, recip) in recoded {
        let h = cx.head(cands[k].trigger).unwrap_or(0);
        // "agreed to reopen its borders": the intent is as sure as its
        // curated governor, even when a PETRARCH2 pattern names the act.
        let governor_rule = cands
            .iter()
            .find(|o| o.trigger == h && !crate::precision::is_petrarch(&o.rule))
            .map(|o| o.rule.clone());
        for (j, o) in cands.iter().enumerate() {
            if o.trigger == h {
                drop[j] = true;
            }
        }
        let c = &mut cands[k];
        c.code = code;
        c.reciprocal |= recip;
        if let Some(g) = governor_rule.filter(|_| crate::precision::is_petrarch(&c.rule)) {
            c.rule = format!("{g}+act={}", c.rule);
        }
        c.rule.push_str("+intent");
        c.evidence.push(doc.tokens[h].range);
    }
    // "to remove the Tamil Tigers' threat", "discussed the demand": a noun
    // of a statement or an attitude that is the object (or the subject) of a verb which
    // neither performs it (a light verb: "issued a threat") nor is an
    // event itself names no event.
    for (k, c) in cands.iter().enumerate() {
        let t = c.trigger;
        let attitude_noun = cx.upos(t) == Some(Upos::NOUN)
            && matches!(c.code.get(..2), Some("01" | "02" | "03" | "05" | "10" | "11" | "12" | "13"));
        // Also its subject: "Israeli threats do not serve peace".
        if !attitude_noun || !matches!(cx.rel(t), "obj" | "nsubj") {
            continue;
        }
        let Some(h) = cx.head(t) else { continue };
        // "taken the threat of Cyclone Phailin seriously": one takes a
        // threat, a demand or a criticism as its receiver.
        let received = cx.lemma[h] == "take" && matches!(c.code.get(..2), Some("10" | "11" | "12" | "13"));
        let performs = !received && LIGHT_VERBS.contains(&cx.lemma[h].as_str())
            || RESTATING_VERBS.contains(&cx.lemma[h].as_str())
            || matches!(cx.lemma[h].as_str(), "send" | "deliver" | "make")
            || is_trigger(h);
        if cx.upos(h) == Some(Upos::VERB) && !performs {
            drop[k] = true;
        }
    }
    // Light verbs give way to their event noun ("staged rallies"), except
    // verbs that undo it ("lifted a blockade", "ended the strike", "called
    // off the protest"): then the noun gives way to the verb.
    for (k, c) in cands.iter().enumerate() {
        let undoing = matches!(cx.lemma[c.trigger].as_str(), "lift" | "end" | "ease" | "cancel")
            || cx.kids(c.trigger, &["compound:prt"]).any(|p| cx.lemma[p] == "off");
        let nouns: Vec<usize> = (0..cands.len())
            .filter(|&j| {
                let o = &cands[j];
                o.trigger != c.trigger
                    && cx.upos(o.trigger) == Some(Upos::NOUN)
                    && cx.head(o.trigger) == Some(c.trigger)
                    && cx.rel(o.trigger) == "obj"
            })
            .collect();
        if nouns.is_empty() || !LIGHT_VERBS.contains(&cx.lemma[c.trigger].as_str()) && !undoing {
            continue;
        }
        if undoing {
            for j in nouns {
                drop[j] = true;
            }
        } else {
            drop[k] = true;
        }
    }
    for (k, c) in cands.iter().enumerate() {
        let t = c.trigger;
        if c.rule.ends_with("+intent") {
            continue;
        }
        if let Some(h) = cx.head(t) {
            let rel = cx.rel(t);
            // Repression under a governor only PETRARCH2 names ("used tear
            // gas to disperse demonstrators"): the act is the event. (Other
            // purposes are only intended: "paid bounties to kill troops".)
            let petrarch_governor = rel == "advcl"
                && curated_repression(c)
                && cx.kids(t, &["mark"]).any(|m| cx.lemma[m] == "to")
                && cands.iter().filter(|o| o.trigger == h).all(|o| crate::precision::is_petrarch(&o.rule));
            if petrarch_governor {
                continue;
            }
            let governed = is_trigger(h)
                && !cands.iter().any(|o| o.trigger == h && o.speech)
                && !(LIGHT_VERBS.contains(&cx.lemma[h].as_str()) && cx.rel(t) == "obj");
            let noun = cx.upos(t) == Some(Upos::NOUN) && cx.upos(h) == Some(Upos::VERB);
            if governed && (noun || matches!(rel, "xcomp" | "advcl" | "acl" | "ccomp")) {
                drop[k] = true;
            }
        }
    }
    // Future events are announced intentions or threats.
    for c in cands.iter_mut() {
        // "will withdraw their force from Chad unless Goukouni arranged a
        // ceasefire": a condition on the other side makes it a threat.
        let unless = cx
            .kids(c.trigger, &["advcl", "obl"])
            .any(|a| cx.kids(a, &["mark", "case"]).any(|m| cx.lemma[m] == "unless"));
        if c.modality == Modality::Future && unless {
            let threat = intent_code(&c.code).filter(|t| t.starts_with("13")).unwrap_or("130");
            c.code = threat.to_string();
            c.rule.push_str("+unless");
            c.modality = Modality::Asserted;
            continue;
        }
        if c.modality == Modality::Future && !c.rule.ends_with("+intent") {
            if let Some(code) = intent_code(&c.code) {
                c.code = code.to_string();
                c.rule.push_str("+future");
            }
        }
    }
    // Saying verbs.
    let speech_idx: Vec<usize> = (0..cands.len()).filter(|&k| cands[k].speech).collect();
    for &k in &speech_idx {
        let s = cands[k].trigger;
        let reports = cands.iter().enumerate().any(|(j, o)| {
            j != k
                && !o.speech
                && o.sentence == cands[k].sentence
                && (dominates(&cx, s, o.trigger) || dominates(&cx, o.trigger, s))
        });
        if reports || !coder.options.statements {
            drop[k] = true;
        }
    }
    for (k, c) in cands.iter().enumerate() {
        // Saying verbs code as statements only with someone addressed.
        if c.speech && !coded(&c.target) {
            drop[k] = true;
        }
        // Present-tense events without a target describe a state ("are
        // battling insurgencies"), not an event.
        if !coded(&c.target) && is_present(&cx, c.trigger) {
            drop[k] = true;
        }
    }
    // Events in adjuncts (purpose clauses, participles, "after the X")
    // give way to the sentence's main events.
    let sub: Vec<bool> = cands.iter().map(|c| subordinate(&cx, c, &coder.patterns)).collect();
    for k in 0..cands.len() {
        if drop[k] || !sub[k] {
            continue;
        }
        // Repression in a purpose clause under an act only PETRARCH2 names
        // ("used tear gas to disperse demonstrators") is the event.
        let yields_to =
            |j: usize| !(curated_repression(&cands[k]) && crate::precision::is_petrarch(&cands[j].rule));
        let main_exists = (0..cands.len())
            .any(|j| j != k && !drop[j] && !sub[j] && cands[j].sentence == cands[k].sentence && yields_to(j));
        if main_exists {
            drop[k] = true;
        }
    }
    let mut kept: Vec<Cand> = cands.into_iter().zip(drop).filter(|(_, d)| !d).map(|(c, _)| c).collect();
    // Attribution.
    for c in kept.iter_mut() {
        if c.speech {
            continue;
        }
        let sent = &doc.sentences[c.sentence];
        let range = sent.tokens.start as usize..(sent.tokens.end as usize).min(doc.tokens.len());
        // "according to X"
        for i in range.clone() {
            if cx.lemma[i] == "accord" || cx.form(i) == "according" {
                if let Some(h) = cx.head(i) {
                    if cx.upos(h) != Some(Upos::VERB) {
                        c.attribution = Some(cx.attribution_of(h));
                        break;
                    }
                }
                if let Some(n) = cx.kids(i, &["obl", "obl:"]).next() {
                    c.attribution = Some(cx.attribution_of(n));
                    break;
                }
            }
        }
        if c.attribution.is_none() {
            for i in range {
                if cx.upos(i) == Some(Upos::VERB)
                    && SPEECH.contains(&cx.lemma[i].as_str())
                    && i != c.trigger
                    && (dominates(&cx, i, c.trigger) || dominates(&cx, c.trigger, i))
                {
                    c.attribution = cx.speaker(i);
                    if c.attribution.is_some() {
                        break;
                    }
                }
            }
        }
    }
    if std::env::var_os("DATELINE_EVENTS_DEBUG").is_some() {
        for c in &kept {
            eprintln!(
                "kept {} {} {:?} -> {:?}",
                cx.form(c.trigger),
                c.code,
                c.source.as_ref().map(|s| (&s.code, &s.country, &s.kb_id)),
                c.target.as_ref().map(|s| (&s.code, &s.country))
            );
        }
    }
    // "Pakistan protested", "Beijing lodged a protest": a state's protest is
    // an official complaint (114), not political dissent (140), which is
    // done by people ("Turks protested against Russia").
    for c in kept.iter_mut().filter(|c| c.code == "140") {
        if c.source.as_ref().is_some_and(|s| state_side(doc, s)) {
            c.code = "114".into();
            c.rule.push_str("+official");
        }
    }
    // "killed in a car bomb explosion", "a roadside bombing killed": the
    // device names the kind of violence (CAMEO 1831 suicide, 1832
    // vehicular, 1833 roadside bombing).
    for c in kept.iter_mut().filter(|c| matches!(c.code.as_str(), "190" | "180" | "183" | "195")) {
        let device = cx.children[c.trigger].iter().copied().find(|&k| {
            matches!(cx.rel(k).split(':').next(), Some("nsubj" | "obl"))
                && ATTACK_NOUNS.contains(&cx.lemma[k].as_str())
                && (cx.rel(k) != "obl" || matches!(cx.prep_of(k).as_deref(), Some("in" | "by")))
        });
        let Some(k) = device else { continue };
        // ("car bomb explosion": "car" modifies "bomb")
        let mods: Vec<usize> = cx.kids(k, &["compound", "amod"]).collect();
        let words: Vec<&str> = std::iter::once(k)
            .chain(mods.iter().flat_map(|&m| std::iter::once(m).chain(cx.kids(m, &["compound", "amod"]))))
            .map(|w| cx.lemma[w].as_str())
            .collect();
        let bombing =
            words.iter().any(|w| matches!(*w, "bomb" | "bombing" | "bomber" | "explosion" | "blast"));
        let code = if words.contains(&"suicide") {
            "1831"
        } else if bombing && words.iter().any(|w| matches!(*w, "car" | "truck" | "vehicle")) {
            "1832"
        } else if bombing && words.contains(&"roadside") {
            "1833"
        } else {
            continue;
        };
        c.code = code.to_owned();
        c.rule.push_str("+device");
    }
    // "Hezbollah guerrillas killed the deputy chief of Israel's militia
    // ally", "gunmen killed the governor": killing a leader or a known
    // person is an assassination (186).
    for c in kept.iter_mut().filter(|c| c.code == "190" && cx.lemma[c.trigger] == "kill") {
        let leader = cx.objects(c.trigger, TriggerKind::Verb).into_iter().any(|o| {
            matches!(
                cx.lemma[o].as_str(),
                "chief"
                    | "leader"
                    | "minister"
                    | "president"
                    | "governor"
                    | "mayor"
                    | "commander"
                    | "premier"
            ) || c.target.as_ref().is_some_and(|t| {
                t.kb_id.as_deref().is_some_and(|k| k.starts_with("person:"))
                    && t.range.contains_range(doc.tokens[o].range)
            })
        });
        if leader {
            c.code = "186".to_owned();
            c.rule.push_str("+leader");
        }
    }
    date_events(&cx, &mut kept);
    let quotes = crate::precision::quoted_spans(doc.text());
    for c in kept.iter_mut() {
        c.confidence = crate::precision::confidence(&signals(&cx, c, &quotes)).0;
    }
    if coder.options.min_confidence > 0.0 {
        kept.retain(|c| {
            let conf = c.confidence;
            let keep = conf >= coder.options.min_confidence;
            if !keep && std::env::var_os("DATELINE_EVENTS_DEBUG").is_some() {
                let why = crate::precision::confidence(&signals(&cx, c, &quotes)).1;
                let side = |s: &Option<Side>| {
                    s.as_ref()
                        .map(|s| (doc.slice(s.range).to_string(), s.code.clone(), s.kb_id.clone(), s.weak))
                };
                eprintln!(
                    "dropped {} {} {} {conf:.2} {why:?} {:?} -> {:?}",
                    cx.form(c.trigger),
                    c.code,
                    c.rule,
                    side(&c.source),
                    side(&c.target)
                );
            }
            keep
        });
    }
    if coder.options.merge {
        kept = merge(kept);
    }
    if coder.options.min_confidence > 0.0 {
        // Merging may have filled a side from another mention.
        kept.retain(|c| !same_actor(&c.source, &c.target));
    }
    if coder.options.require_actor {
        // At least one side must be a known actor: a country or a KB entry,
        // not a bare sector noun ("officials", "students").
        let known = |s: &Option<Side>| s.as_ref().is_some_and(|s| s.country.is_some() || s.kb_id.is_some());
        kept.retain(|c| known(&c.source) || known(&c.target));
    }
    kept.into_iter()
        .filter_map(|c| {
            let info = coder.codebook.get(&c.code)?;
            let _ = c.pattern;
            Some(Event {
                cameo: c.code.clone(),
                goldstein: info.goldstein,
                quadclass: info.quadclass,
                plover: Plover {
                    kind: info.plover.clone(),
                    mode: info.mode.clone(),
                    context: info.context.clone(),
                },
                source: c.source.as_ref().map(|s| cx.to_actor(s)),
                // "condemned the bombing of the U.S. embassies": a side that
                // is no actor (the victims of the condemned act, "Kyiv's
                // allies") is not given as the target.
                target: c
                    .target
                    .as_ref()
                    .filter(|s| coder.options.min_confidence <= 0.0 || !victim(&cx, s, c.trigger))
                    .map(|s| cx.to_actor(s)),
                reciprocal: c.reciprocal,
                trigger: doc.tokens[c.trigger].range,
                sentence: c.sentence as u32,
                evidence: c.evidence,
                modality: c.modality,
                attribution: c.attribution,
                date: c.date,
                // TODO(issue 7): the place comes from crates/places'
                // `event_place(doc, head_token)` once it exists.
                place: None,
                rule: c.rule,
                merged: c.merged,
                confidence: c.confidence,
            })
        })
        .collect()
}

/// How much of an actor a side is: 2 a KB entry, a country or a group of
/// them; 1 an institution or armed group coded only by its sector ("the
/// court", "government troops", "the opposition"); 0 none: a generic noun
/// ("people", "morning"), a pronoun, an unknown name, or an actor that only
/// modifies a noun that is no actor ("a Kabul car bombing").
fn actor_grade(cx: &Ctx, s: &Option<Side>) -> u8 {
    let Some(s) = s else { return 0 };
    if s.weak {
        return 0;
    }
    if !s.members.is_empty() {
        return 2;
    }
    let text = cx.doc.slice(s.range).to_lowercase();
    // ("The US on Thursday rejected": the country, not the pronoun "us".)
    let country_us = cx.doc.slice(s.range) == "US" && s.country.is_some();
    if !country_us
        && matches!(
            text.as_str(),
            "i" | "we"
                | "you"
                | "he"
                | "she"
                | "it"
                | "they"
                | "us"
                | "them"
                | "him"
                | "her"
                | "who"
                | "which"
        )
    {
        return 0;
    }
    // An institution whose country is only guessed from the context ("the
    // administration", "police") is not as sure as a named one.
    let guessed = s.mention.is_some_and(|m| cx.doc.actors[m].how == "sector+context");
    // A dateline in capitals ("WASHINGTON Barack Obama pardoned ..."): where
    // the report was filed, not an actor.
    let text_raw = cx.doc.slice(s.range);
    // "LEBANON (AP) —": a dateline before an agency's name or a dash,
    // whatever it codes.
    let after = cx.doc.text().get(s.range.to_std().end..).unwrap_or("").trim_start();
    let dateline_mark = after.starts_with('(') || after.starts_with('—') || after.starts_with("--");
    if text_raw.len() > 3
        && text_raw.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        && s.kb_id.as_deref().is_some_and(|k| k.starts_with("country:"))
        && (s.code.len() > 3 || dateline_mark)
    {
        return 0;
    }
    if (s.kb_id.is_some() || s.country.is_some()) && !guessed {
        return 2;
    }
    let political = |c: &str| {
        matches!(
            c,
            "GOV" | "MIL" | "COP" | "JUD" | "LEG" | "OPP" | "REB" | "PTY" | "IGO" | "SPY" | "UAF" | "INS"
        )
    };
    let code = s.code.as_str();
    let code = match (&s.country, guessed) {
        (Some(c), true) => code.strip_prefix(c.as_str()).unwrap_or(code),
        _ => code,
    };
    let parts: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(3 * i..3 * i + 3)).collect();
    u8::from(code.len() % 3 == 0 && !parts.is_empty() && parts.iter().all(|p| political(p)))
}

/// Sectors of the public: civilians, labour, opposition, students, farmers,
/// refugees.
const PUBLIC_SECTORS: &[&str] = &["CVL", "LAB", "OPP", "EDU", "AGR", "REF"];

/// Words for people acting together in public: the usual doers of protest.
const CROWD_NOUNS: &[&str] = &[
    "protesters",
    "protestors",
    "demonstrators",
    "marchers",
    "strikers",
    "rioters",
    "workers",
    "employees",
    "students",
    "farmers",
    "villagers",
    "residents",
    "prisoners",
    "inmates",
    "detainees",
    "refugees",
    "supporters",
    "activists",
    "people",
    "crowds",
];

/// True when a side is a crowd: coded by a sector of the public (civilians,
/// labour, opposition, students, farmers, refugees) or named by a word for
/// one ("prisoners", "supporters of the former president").
fn crowd(cx: &Ctx, s: &Option<Side>) -> bool {
    let Some(s) = s else { return false };
    if s.weak {
        return false;
    }
    let code = s.country.as_deref().and_then(|c| s.code.strip_prefix(c)).unwrap_or(&s.code);
    if PUBLIC_SECTORS.contains(&code) {
        return true;
    }
    let text = cx.doc.slice(s.range).to_lowercase();
    let head = text.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty());
    head.is_some_and(|h| CROWD_NOUNS.contains(&h))
}

fn same_actor(a: &Option<Side>, b: &Option<Side>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            // "the coup in Niger": NERMIL against NERGOV from one mention.
            a.code == b.code && (a.range == b.range || (a.kb_id.is_some() && a.kb_id == b.kb_id))
        }
        _ => false,
    }
}

/// The evidence [`crate::precision::confidence`] weighs.
fn signals<'c>(cx: &Ctx, c: &'c Cand, quotes: &[(usize, usize)]) -> crate::precision::Signals<'c> {
    let doc = cx.doc;
    let sent = &doc.sentences[c.sentence];
    let at = doc.tokens[c.trigger].range.to_std().start;
    let in_quote = quotes.iter().any(|&(a, b)| a < at && at < b);
    let text = doc.slice(sent.range).trim_end();
    let question = text.trim_end_matches(['"', '”', '\'', '’', ')']).ends_with('?');
    let range = sent.tokens.start as usize..(sent.tokens.end as usize).min(doc.tokens.len());
    // "since 2011": a state, not an event; of this event's clause, not of
    // another verb's ("held talks ..., the first delegation to visit
    // Bucharest since last month's revolution").
    let light = cx.light_head(c.trigger);
    let since = range.clone().any(|i| {
        cx.lemma[i] == "since" && cx.timex_at.get(i + 1).copied().flatten().is_some() && {
            let mut k = cx.head(i);
            let mut steps = 0;
            while let Some(x) =
                k.filter(|&x| x != c.trigger && Some(x) != light && !matches!(cx.upos(x), Some(Upos::VERB)))
            {
                k = cx.head(x);
                steps += 1;
                if steps > 8 {
                    break;
                }
            }
            k.is_none_or(|x| x == c.trigger || Some(x) == light)
        }
    });
    // "since he was pardoned by Trump": told as the past of something else.
    let since_clause = cx.kids(c.trigger, &["mark"]).any(|m| cx.lemma[m] == "since");
    // "agreeing the sponsor should be nonpartisan", "warned that Biden could
    // destroy the growth": an opinion or a warning about a risk, not an
    // agreement or a threat.
    let opinion = matches!(cx.lemma[c.trigger].as_str(), "agree" | "warn" | "caution")
        && cx.kids(c.trigger, &["ccomp"]).next().is_some()
        && cx.kids(c.trigger, &["xcomp"]).next().is_none()
        && !c.rule.contains("+intent")
        // "Hungarian and Romanian officials agreed that their countries
        // should cooperate": an agreement between the two.
        && !(c.reciprocal && c.target.is_some() && cx.lemma[c.trigger] == "agree");
    // "the diocese had protested", "had made threats": told as the past of
    // the report, undated unless a time expression dates it.
    // "had made threats": the light verb's tense.
    let verb =
        if cx.upos(c.trigger) == Some(Upos::NOUN) { cx.light_head(c.trigger) } else { Some(c.trigger) };
    let pluperfect = verb.is_some_and(|v| {
        cx.kids(v, &["aux"]).any(|a| cx.form(a) == "had" || cx.form(a) == "'d")
            || cx
                .kids(v, &["advmod"])
                .any(|a| matches!(cx.lemma[a].as_str(), "before" | "previously" | "formerly"))
    }) && !c.date.as_ref().is_some_and(|d| d.basis == DateBasis::Timex);
    // "the YPG militia which support the PKK", "Lam, who is supported by
    // Beijing": the simple present tells a state or a habit, not an event.
    // "which have often condemned US imperialism": a habit.
    let habitual = cx.kids(c.trigger, &["advmod"]).any(|a| {
        matches!(
            cx.lemma[a].as_str(),
            "often" | "frequently" | "regularly" | "repeatedly" | "always" | "usually" | "routinely" | "long"
        )
    });
    // "The Palestinians reject the proposed changes, their negotiator
    // said": a stance reported in the present is stated now, an event of
    // its kind (support, demand, criticism, rejection).
    let reported_stance = matches!(c.code.get(..2), Some("05" | "10" | "11" | "12"))
        && cx.rel(c.trigger) == "ccomp"
        && cx.head(c.trigger).is_some_and(|h| {
            SPEECH.contains(&cx.lemma[h].as_str()) && cx.doc.tokens[h].xpos.as_deref() == Some("VBD")
        });
    let stative = simple_present(cx, c.trigger) && !reported_stance || habitual;
    // "Athens expelled the Libyan ambassador", "Bahrain recognized Israel":
    // an act told in the simple past (or as a noun) with no time of its own,
    // in the sentence or the narrative, is usually background; the article's
    // date would be wrong for it.
    let material =
        matches!(c.code.get(..2), Some("06" | "07" | "08" | "09" | "15" | "16" | "17" | "18" | "19" | "20"))
            || matches!(c.code.as_str(), "054" | "057")
            || c.code.starts_with('D');
    let simple_past = cx.doc.tokens[c.trigger].xpos.as_deref() == Some("VBD")
        || (cx.upos(c.trigger) == Some(Upos::NOUN)
            && cx.light_head(c.trigger).is_none_or(|v| cx.doc.tokens[v].xpos.as_deref() == Some("VBD")));
    // A time expression on the trigger's path that could not be resolved
    // ("on Sunday" in a text without a publication date, "last week"): the
    // act has a time of its own though the event has no date.
    let timed = range.clone().filter(|&i| cx.timex_at[i].is_some()).any(|i| {
        let mut k = i;
        for _ in 0..8 {
            if k == c.trigger || Some(k) == verb {
                return true;
            }
            match cx.head(k) {
                Some(h) => k = h,
                None => return false,
            }
        }
        false
    });
    // The first body sentence tells the news itself ("Russian aircraft
    // killed 46 Afghan civilians in an attack on a village"): a verb there
    // is no background for want of a time.
    let news = cx.first_body == Some(c.sentence) && cx.upos(c.trigger) == Some(Upos::VERB);
    let undated_act = material
        && simple_past
        && !timed
        && !news
        && c.date.as_ref().is_none_or(|d| d.basis == DateBasis::Publication);
    // "Trump sued Vance", "asked Judge Miller": a named object the actor
    // stage could not code leaves the event without its target.
    // Also "rejected Pelosi's suggestion", "accusing her", "agreed with
    // Airbus": the object or target phrase names someone uncoded.
    let uncoded = |n: usize| cx.actor_at[n].is_none_or(|k| doc.actors[k].code.is_empty());
    let names_someone = |n: usize| {
        // "blocked a road on Monday": a date names no one.
        if cx.timex_at[n].is_some() {
            return false;
        }
        let person_pronoun = cx.upos(n) == Some(Upos::PRON)
            && matches!(
                cx.form(n).as_str(),
                "him" | "her" | "them" | "he" | "she" | "they" | "his" | "their"
            );
        ((cx.upos(n) == Some(Upos::PROPN) && uncoded(n)) || person_pronoun)
            || cx.kids(n, &["nmod:poss", "compound"]).any(|p| cx.upos(p) == Some(Upos::PROPN) && uncoded(p))
            // "denied his request": the one who asked is someone uncoded
            // (not "asked his countrymen": people of the speaker's own).
            || matches!(
                cx.lemma[n].as_str(),
                "request" | "demand" | "application" | "appeal" | "plea" | "petition" | "bid" | "offer" | "proposal"
            ) && cx.kids(n, &["nmod:poss"]).any(|p| matches!(cx.form(p).as_str(), "his" | "her" | "their"))
    };
    // "called on both sides": the sides are named elsewhere, not coded here.
    let generic_target = c.target.as_ref().is_some_and(|t| {
        actor_grade(cx, &c.target) == 0
            && matches!(
                doc.slice(t.range).to_lowercase().as_str(),
                "sides"
                    | "side"
                    | "parties"
                    | "party"
                    | "both"
                    | "each other"
                    | "one another"
                    | "counterparts"
            )
    });
    let named_uncoded = generic_target
        || actor_grade(cx, &c.target) == 0 && cx.upos(c.trigger) == Some(Upos::VERB) && {
            let objs = cx.objects(c.trigger, TriggerKind::Verb);
            let preps = cx.preps(c.trigger, &objs);
            objs.iter().copied().any(names_someone)
                || preps
                    .iter()
                    .filter(|(p, _)| {
                        matches!(p.as_str(), "with" | "to" | "against" | "on" | "toward" | "towards")
                    })
                    .any(|&(_, n)| names_someone(n))
        };
    let published = doc.meta.published.map(|p| p.date);
    let old = |v: &str| -> bool {
        let (Some(p), Some((_, b))) = (published, dateline_time::interval(v)) else { return false };
        p.since(b).ok().is_some_and(|s| s.get_days() > 365)
    };
    let timex_dated = c.date.as_ref().is_some_and(|d| d.basis == DateBasis::Timex);
    let old_date = timex_dated && c.date.as_ref().is_some_and(|d| old(&d.value));
    let old_sentence = !timex_dated
        && range
            .clone()
            .filter_map(|i| cx.timex_at[i])
            .any(|x| doc.timexes[x].value.as_deref().is_some_and(old));
    // "Portugal will support Turkey's efforts", "Finland will give Tanzania
    // a grant": a future act of the speaker's own side told as a fact of the
    // future is a commitment, coded as the intent (CAMEO manual, 032 and
    // 0331: "the future tense used in the lead indicates future
    // commitment"); "urged X to withdraw" or "the planned visit" are not.
    // "NATO confirmed it would tighten the blockade": the future of a past
    // report is as firm.
    let will = |v: usize| {
        cx.kids(v, &["aux"]).any(|a| match cx.lemma[a].as_str() {
            "will" | "shall" | "'ll" => true,
            "would" | "'d" => cx.reported_future(v),
            _ => false,
        })
    };
    // A threat told as a fact of the future is one too (1381: "NATO
    // confirmed it would tighten the naval blockade").
    // A threat needs a named threatener ("NATO", not "those women").
    let named =
        c.source.as_ref().is_some_and(|s| doc.slice(s.range).starts_with(|ch: char| ch.is_uppercase()));
    let committed = (c.code.starts_with("03")
        || c.code.starts_with("13") && actor_grade(cx, &c.source) == 2 && named)
        && c.rule.ends_with("+future")
        && verb.is_some_and(|v| will(v) || (cx.rel(v) == "conj" && cx.head(v).is_some_and(will)));
    // "A roadside bombing killed one U.S. soldier", "three civilians have
    // been killed in a suicide car bombing": violence by a device or an
    // attack whose perpetrator the text does not name.
    let unattributed = matches!(c.code.get(..2), Some("18" | "19" | "20"))
        && actor_grade(cx, &c.source) == 0
        && cx.children[c.trigger].iter().any(|&k| {
            matches!(cx.rel(k).split(':').next(), Some("nsubj" | "obl"))
                && cx.upos(k) == Some(Upos::NOUN)
                && ATTACK_NOUNS.contains(&cx.lemma[k].as_str())
                && (cx.rel(k) != "obl" || matches!(cx.prep_of(k).as_deref(), Some("in" | "by")))
        });
    // "the Hamas group which has killed scores of Israelis", "a row in which
    // Tehran asked Ankara": a relative clause describes its noun; with no
    // time of its own its act is background, not the report's news.
    let clause = verb.unwrap_or(c.trigger);
    // Not "with the two countries agreeing to strengthen cooperation": a
    // participle after "with" tells what goes with the news, not its past.
    let absolute = cx.rel(clause) == "acl"
        && cx.head(clause).is_some_and(|h| cx.kids(h, &["case"]).any(|k| cx.lemma[k] == "with"));
    // Not "the fourth night in a row that Serbians protested": a clause on
    // a time is dated by it.
    let on_time = std::iter::successors(cx.head(clause), |&h| cx.head(h))
        .take(2)
        .any(|h| cx.timex_at[h].is_some() || TIME_NOUNS.contains(&cx.lemma[h].as_str()));
    // Not "said in a statement that Guterres is calling for restraint": a
    // content clause the parse took for a relative one.
    let content = cx.head(clause).is_some_and(|h| {
        matches!(
            cx.lemma[h].as_str(),
            "statement" | "report" | "announcement" | "message" | "interview" | "letter"
        )
    });
    let own_time = timed || c.date.as_ref().is_some_and(|d| d.basis == DateBasis::Timex);
    let relative_undated = cx.modifies_argument(clause) && !(absolute || on_time || content || own_time);
    // "Some 500,000 workers stopped work", "prisoners rioted at a jail":
    // protest is done by crowds, so a crowd is a real source of one.
    let source = match actor_grade(cx, &c.source) {
        0 if c.code.starts_with("14") && crowd(cx, &c.source) => 1,
        g => g,
    };
    crate::precision::Signals {
        code: &c.code,
        rule: &c.rule,
        source,
        target: actor_grade(cx, &c.target),
        source_guessed: c.rule.contains("+leftmost"),
        self_target: same_actor(&c.source, &c.target),
        modality: c.modality,
        intent: c.rule.contains("+intent") || committed,
        unattributed,
        in_quote,
        question,
        // "Turkey said Monday it had asked Tehran": in the first sentence the
        // reported act is the news, not its past.
        background: since
            || old_date
            || old_sentence
            || since_clause
            || pluperfect && !(news && cx.rel(c.trigger) == "ccomp")
            || undated_act
            || relative_undated,
        stative,
        named_uncoded,
        opinion,
        sports: sports_sentence(cx, c.sentence),
    }
}

/// Words only sport uses.
const SPORT_WORDS: &[&str] = &[
    "seed",
    "seeded",
    "tournament",
    "championship",
    "championships",
    "squad",
    "innings",
    "wicket",
    "wickets",
    "striker",
    "midfielder",
    "goalkeeper",
    "semifinal",
    "semifinals",
    "semi-final",
    "semi-finals",
    "quarterfinal",
    "quarterfinals",
    "quarter-final",
    "quarter-finals",
    "tiebreak",
    "tie-break",
    "olympic",
    "olympics",
    "medal",
    "fixture",
    "cricket",
    "tennis",
    "soccer",
    "rugby",
    "golf",
    "footballer",
    "batsman",
    "bowler",
    "playoff",
    "playoffs",
    "grand prix",
    "test match",
    "football",
    "fifa",
    "uefa",
];
/// Words sport shares with other news.
const SPORT_SHARED: &[&str] = &[
    "match",
    "round",
    "team",
    "player",
    "players",
    "club",
    "cup",
    "title",
    "league",
    "season",
    "goal",
    "goals",
    "coach",
    "race",
    "final",
    "game",
    "games",
    "friendly",
    "scored",
    "win",
    "won",
    "defeat",
    "romp",
    "defeated",
    "debutants",
];

/// True when sentence `si` reports sport: a score ("6-1", "(7-2)"), or a
/// word only sport uses with another word of sport, or three shared ones.
fn sports_sentence(cx: &Ctx, si: usize) -> bool {
    let Some(sent) = cx.doc.sentences.get(si) else { return false };
    let range = sent.tokens.start as usize..(sent.tokens.end as usize).min(cx.doc.tokens.len());
    let (mut strong, mut shared, mut score_seen) = (0, 0, false);
    // "the court ruled 5-4", "voted 52-48": a tally, not a score.
    let tally = range.clone().any(|i| {
        matches!(
            cx.lemma[i].as_str(),
            "vote" | "rule" | "ruling" | "court" | "justice" | "senate" | "parliament"
        )
    });
    let small = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_digit());
    let end = range.end;
    for i in range {
        let w = cx.form(i).to_lowercase();
        let score = w.split_once('-').is_some_and(|(a, b)| small(a) && small(b))
            // "Sweden defeated South Korea 1 – 0"
            || (small(&w)
                && i + 2 < end
                && matches!(cx.form(i + 1).as_str(), "-" | "–" | "—")
                && small(&cx.form(i + 2)));
        score_seen |= score;
        if SPORT_WORDS.contains(&w.as_str()) {
            strong += 1;
        } else if SPORT_SHARED.contains(&w.as_str()) {
            shared += 1;
        }
    }
    score_seen && !tally || strong >= 1 && strong + shared >= 2 || shared >= 3
}

/// Repression ("disperse demonstrators", 17x) named by a curated pattern:
/// the event even in a purpose clause under an act only PETRARCH2 names
/// ("used tear gas to disperse demonstrators").
fn curated_repression(c: &Cand) -> bool {
    c.code.starts_with("17") && !crate::precision::is_petrarch(&c.rule)
}

/// True when `a` is an ancestor of `b` (or the same token).
fn dominates(cx: &Ctx, a: usize, b: usize) -> bool {
    let mut k = b;
    for _ in 0..64 {
        if k == a {
            return true;
        }
        match cx.head(k) {
            Some(h) => k = h,
            None => return false,
        }
    }
    false
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Time => "time",
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Range => "range",
        Precision::Year => "year",
        Precision::Decade => "decade",
        Precision::Duration => "duration",
        Precision::Reference => "reference",
        Precision::Unknown => "unknown",
    }
}

fn datable(p: Precision) -> bool {
    matches!(
        p,
        Precision::Time
            | Precision::Day
            | Precision::Week
            | Precision::Month
            | Precision::Range
            | Precision::Year
    )
}

fn is_past(cx: &Ctx, t: usize) -> bool {
    let tok = &cx.doc.tokens[t];
    if tok.upos == Some(Upos::NOUN) {
        return true;
    }
    if tok.xpos.as_deref() == Some("VBD") {
        return true;
    }
    if tok.xpos.as_deref() == Some("VBN") && cx.kids(t, &["aux"]).next().is_none() {
        return true;
    }
    cx.kids(t, &["aux", "aux:pass"]).any(|a| {
        cx.doc.tokens[a].xpos.as_deref() == Some("VBD")
            && !matches!(cx.lemma[a].as_str(), "would" | "could" | "might")
    })
}

fn subordinate(cx: &Ctx, c: &Cand, patterns: &crate::PatternSet) -> bool {
    let t = c.trigger;
    let rel = cx.rel(t);
    let base = rel.split(':').next().unwrap_or(rel);
    if cx.upos(t) == Some(Upos::NOUN) {
        let named_roles = patterns
            .candidates(TriggerKind::Noun, &cx.lemma[t])
            .any(|p| p.source.is_some() || p.target.is_some());
        return !named_roles && !matches!(base, "nsubj" | "obj" | "root" | "conj" | "appos");
    }
    let mark = cx.kids(t, &["mark"]).next().map(|m| cx.lemma[m].clone());
    let vbg = cx.doc.tokens[t].xpos.as_deref() == Some("VBG");
    match base {
        "advcl" => {
            mark.as_deref() == Some("to")
                || (vbg && mark.is_none())
                || matches!(mark.as_deref(), Some("by" | "as" | "while"))
        }
        "acl" if rel == "acl:relcl" => false,
        // "with the two countries agreeing": an absolute clause tells an event.
        "acl" => !cx.head(t).is_some_and(|h| cx.kids(h, &["case"]).any(|k| cx.lemma[k] == "with")),
        // ("is about to restore ties": the clause's own predicate)
        "xcomp" => {
            mark.as_deref() == Some("to")
                && cx.head(t).is_some_and(|h| {
                    !FUTURE_GOVERNORS.contains(&cx.lemma[h].as_str()) && cx.lemma[h] != "about"
                })
        }
        _ => false,
    }
}

/// A verb in the simple present ("support", "is supported by"), outside
/// headlines and quotes: a state or a habit. Saying verbs and the clauses
/// of intent verbs are not.
fn simple_present(cx: &Ctx, t: usize) -> bool {
    if cx.upos(t) != Some(Upos::VERB) {
        return false;
    }
    let present_aux = |a: usize| matches!(cx.form(a).as_str(), "is" | "are" | "am" | "'re" | "'s");
    match cx.doc.tokens[t].xpos.as_deref() {
        Some("VBZ" | "VBP") => cx.kids(t, &["aux"]).next().is_none(),
        Some("VBN") => cx.kids(t, &["aux:pass"]).any(present_aux) && cx.kids(t, &["aux"]).next().is_none(),
        _ => false,
    }
}

fn is_present(cx: &Ctx, t: usize) -> bool {
    let tok = &cx.doc.tokens[t];
    if cx.kids(t, &["mark"]).any(|m| cx.lemma[m] == "to") {
        return false;
    }
    match tok.xpos.as_deref() {
        Some("VBG") => {
            cx.kids(t, &["aux"]).any(|a| matches!(cx.form(a).as_str(), "is" | "are" | "am" | "'re" | "'s"))
        }
        _ => false,
    }
}

fn date_events(cx: &Ctx, cands: &mut [Cand]) {
    let doc = cx.doc;
    let published = doc.meta.published.map(|p| p.date);
    // Each time expression dates the first event trigger on its path to the
    // root, or else the nearest trigger in its sentence.
    for (xi, x) in doc.timexes.iter().enumerate() {
        let Some(value) = x.value.as_deref() else { continue };
        let prec = Precision::of(value);
        if !datable(prec) {
            continue;
        }
        let Some(tok) = doc.tokens.iter().position(|t| t.range.start() >= x.range.start()) else { continue };
        // "held in a Zurich jail since April": the start of a state, no
        // event's time.
        if tok > 0 && cx.lemma[tok - 1] == "since" {
            continue;
        }
        let si = cx.sentence_of(tok);
        let mut k = tok;
        let mut hit = None;
        let mut blocked = false;
        for _ in 0..64 {
            if cands.iter().any(|c| c.trigger == k) {
                hit = Some(k);
                break;
            }
            // "Muralidaran, who has been held since April": a relative
            // clause's time is its own.
            if k != tok && cx.rel(k) == "acl:relcl" {
                blocked = true;
                break;
            }
            // "the bombing of two U.S. embassies last month": a time
            // expression hanging from a noun that is no trigger dates that
            // noun's event, not the clause above it.
            if k != tok
                && cx.timex_at[k].is_none()
                && cx.upos(k) == Some(Upos::NOUN)
                && cx.event_noun[k]
                && cx.light_head(k).is_none()
            {
                blocked = true;
                break;
            }
            // "accused Iraq of violating the ceasefire between March and
            // May": a time inside a gerund complement with no event of its
            // own dates that clause, not the verb above it.
            if k != tok
                && cx.doc.tokens[k].xpos.as_deref() == Some("VBG")
                && matches!(cx.rel(k), "advcl" | "acl")
                && cx.kids(k, &["mark", "case"]).any(|m| matches!(cx.lemma[m].as_str(), "of" | "for"))
            {
                blocked = true;
                break;
            }
            // "on Monday held a meeting": the light verb's event noun.
            if let Some(c) = cands.iter().find(|c| {
                c.sentence == si && cx.light_head(c.trigger) == Some(k) && !bare_noun(cx, c.trigger)
            }) {
                hit = Some(c.trigger);
                break;
            }
            match cx.head(k) {
                Some(h) => k = h,
                None => break,
            }
        }
        // "the coup in Niger on July 26": a noun trigger just before the
        // time expression is nearer than the clause it hangs from.
        let near_noun = cands
            .iter()
            .filter(|c| c.sentence == si && c.trigger < tok && tok - c.trigger <= 4)
            .filter(|c| cx.upos(c.trigger) == Some(Upos::NOUN))
            .map(|c| c.trigger)
            .max();
        let hit = near_noun.filter(|&n| hit.is_none_or(|h| h.abs_diff(tok) > n.abs_diff(tok))).or(hit);
        // A time expression on no trigger's path dates the sentence's event
        // only when the sentence has one: with several, the nearest is a
        // guess ("the invasion ... applied in May" dated May).
        let hit = hit.or_else(|| {
            if blocked {
                return None;
            }
            let mut triggers: Vec<usize> =
                cands.iter().filter(|c| c.sentence == si && c.date.is_none()).map(|c| c.trigger).collect();
            triggers.dedup();
            (triggers.len() == 1 && !bare_noun(cx, triggers[0])).then(|| triggers[0])
        });
        if std::env::var_os("DATELINE_EVENTS_DEBUG").is_some() {
            eprintln!("timex {value} at {tok} -> {hit:?} near {near_noun:?}");
        }
        let Some(trig) = hit else { continue };
        // "pledged ... by 2022" in a 2019 report: a time after the report
        // cannot date an act told in the past, nor a stance told in the
        // present ("opposes the meeting due to be held this coming week").
        let after_report = published.zip(dateline_time::interval(value)).is_some_and(|(p, (a, _))| a > p);
        if after_report
            && (is_past(cx, trig) || simple_present(cx, trig))
            && cx.upos(trig) != Some(Upos::NOUN)
        {
            continue;
        }
        for c in cands.iter_mut().filter(|c| c.trigger == trig && c.date.is_none()) {
            c.date = Some(EventDate {
                value: value.to_string(),
                precision: precision_name(prec).into(),
                timex: Some(xi as u32),
                basis: DateBasis::Timex,
            });
            c.evidence.push(x.range);
        }
    }
    let recent = |v: &str| -> bool {
        let (Some(p), Some((a, _))) = (published, dateline_time::interval(v)) else { return false };
        p.since(a).ok().and_then(|s| s.get_days().into()).is_some_and(|d: i32| d <= 7)
    };
    // The last event dated by its own recent time: its date, paragraph and
    // the countries of its sides.
    let mut last: Option<(EventDate, Option<usize>, Vec<String>)> = None;
    let block_of = |si: usize| {
        let r = doc.sentences[si].range;
        doc.blocks.iter().position(|b| b.range.contains_range(r) || b.range.start() >= r.start())
    };
    let countries = |c: &Cand| -> Vec<String> {
        [&c.source, &c.target].into_iter().flatten().filter_map(|s| s.country.clone()).collect()
    };
    // A converted PETRARCH2 pattern is never stored on its own (its
    // confidence stays below the threshold): it tells no date to others.
    let teller = |c: &Cand| !crate::precision::is_petrarch(&c.rule);
    let in_sentence: Vec<(usize, EventDate)> = cands
        .iter()
        .filter(|c| teller(c))
        .filter_map(|c| c.date.clone().filter(|d| recent(&d.value)).map(|d| (c.sentence, d)))
        .collect();
    // The first body sentences (the lede) tell the news of the day; later
    // ones also tell its background.
    let lede: Vec<usize> = cx.body_sentences().take(LEDE_SENTENCES).collect();
    for c in cands.iter_mut() {
        if let Some(d) = &c.date {
            if d.basis == DateBasis::Timex && recent(&d.value) && teller(c) {
                last = Some((d.clone(), block_of(c.sentence), countries(c)));
            }
            continue;
        }
        // "Russia's invasion of Ukraine", "the coup": an event noun with no
        // time of its own is named in passing; the other events of its
        // sentence do not date it, nor does the report.
        if bare_noun(cx, c.trigger) {
            continue;
        }
        if c.modality != Modality::Future {
            if let Some((_, d)) = in_sentence.iter().find(|(s, _)| *s == c.sentence) {
                c.date = Some(EventDate { basis: DateBasis::Narrative, timex: None, ..d.clone() });
                continue;
            }
        }
        // The story told around a dated event goes on in the past tense: in
        // its paragraph, or later between the same countries ("The parties
        // signed documents" after the dated meeting). "Egypt condemned
        // Turkey" paragraphs after France's dated condemnation of Iran is
        // another story.
        if is_past(cx, c.trigger) {
            if let Some((l, block, sides)) = &last {
                let same_story =
                    block_of(c.sentence) == *block || countries(c).iter().any(|x| sides.contains(x));
                if same_story {
                    c.date = Some(EventDate { basis: DateBasis::Narrative, timex: None, ..l.clone() });
                    continue;
                }
            }
        }
        // "Athens expelled the Libyan ambassador" in the fifth paragraph of
        // a January report: told in the past with no time of its own, after
        // the lede, the act may be weeks or months old. Its date is
        // unknown, not the report's.
        if is_past(cx, c.trigger) && !lede.contains(&c.sentence) {
            continue;
        }
        c.date = published.map(|p| EventDate {
            value: p.to_string(),
            precision: "day".into(),
            timex: None,
            basis: DateBasis::Publication,
        });
    }
}

/// Nouns of acts done to someone: their "of" complement is the victim.
const ACTS_ON: &[&str] = &[
    "bombing",
    "attack",
    "killing",
    "shooting",
    "assassination",
    "murder",
    "massacre",
    "invasion",
    "occupation",
    "arrest",
    "detention",
    "execution",
    "abduction",
    "kidnapping",
    "hijacking",
    "shelling",
    "raid",
    "expulsion",
    "persecution",
    "repression",
    "treatment",
];

/// Events people hold together: "a rally of X" is X's.
const GATHERINGS: &[&str] =
    &["demonstration", "protest", "rally", "march", "gathering", "strike", "sit-in", "meeting", "vigil"];

/// "the bombing of the U.S. embassies": the side is the "of" complement of
/// an event noun, its victim (a possessor, "Israel's settlement policy",
/// or an agent, "the coup by Buyoya", is the target of a condemnation).
/// The "of" complement of the event's own noun ("the blockade of Serbia")
/// is its target, not a victim of another event.
fn victim(cx: &Ctx, s: &Side, trigger: usize) -> bool {
    // "the U.S. embassies": the side may be a modifier inside the complement.
    // "the bombing of", "the attack on", "explosions at / near U.S. embassies".
    // Not the doers of a gathering ("broke up a rally of opposition
    // supporters").
    let of_event = |k: usize| {
        let prep = cx.prep_of(k);
        cx.rel(k) == "nmod"
            && matches!(prep.as_deref(), Some("of" | "on" | "against" | "at" | "near"))
            && cx.head(k).is_some_and(|h| {
                h != trigger
                    && (cx.event_noun[h] || ACTS_ON.contains(&cx.lemma[h].as_str()))
                    && !(prep.as_deref() == Some("of") && GATHERINGS.contains(&cx.lemma[h].as_str()))
            })
    };
    let overlaps = |r: TextRange| r.start() < s.range.end() && s.range.start() < r.end();
    (0..cx.doc.tokens.len()).filter(|&i| overlaps(cx.doc.tokens[i].range)).any(|i| {
        let mut k = i;
        for _ in 0..3 {
            if of_event(k) {
                return true;
            }
            if !matches!(cx.rel(k), "compound" | "amod" | "flat" | "nmod:poss") {
                return false;
            }
            match cx.head(k) {
                Some(h) => k = h,
                None => return false,
            }
        }
        false
    })
}

/// A side that is a state or its government: a country named as such
/// ("Pakistan", not the people "Turks"), a government or an international
/// organisation.
fn state_side(doc: &Document, s: &Side) -> bool {
    let code = s.code.as_str();
    if code.ends_with("GOV") || code.starts_with("IGO") {
        return true;
    }
    let text = doc.slice(s.range);
    // Countries whose names end in "s"; other single words in "s" naming a
    // country's actor are its people ("Turks", "Ukrainians").
    const PLURAL_NAMES: &[&str] = &[
        "Philippines",
        "Netherlands",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Seychelles",
        "Barbados",
        "Honduras",
        "Cyprus",
        "Laos",
        "Mauritius",
    ];
    let people = !text.contains(' ') && text.ends_with('s') && !PLURAL_NAMES.contains(&text);
    s.country.as_deref().is_some_and(|c| code == c)
        && s.kb_id.as_deref().is_some_and(|k| k.starts_with("country:"))
        && !people
}

/// How many body sentences count as the lede (dated by the report when
/// they have no time of their own).
const LEDE_SENTENCES: usize = 2;

/// An event noun with no light verb ("the invasion", "the coup in Niger"),
/// not "held talks", "made threats".
/// "after Russia's invasion", "amid protests": a noun in a temporal or
/// circumstantial phrase is named in passing too.
fn bare_noun(cx: &Ctx, t: usize) -> bool {
    let passing = cx.kids(t, &["case"]).any(|k| {
        matches!(
            cx.lemma[k].as_str(),
            "after" | "before" | "since" | "following" | "amid" | "despite" | "during" | "over"
        )
    });
    cx.upos(t) == Some(Upos::NOUN) && (cx.light_head(t).is_none() || passing)
}

fn plover_key(c: &Cand) -> &str {
    c.code.get(..2).unwrap_or(&c.code)
}

fn country(s: &Option<Side>) -> Option<&str> {
    s.as_ref().and_then(|s| s.country.as_deref())
}

fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Two sides that may be one actor: either is missing, or they share a
/// country, or (without countries) a KB entry. The EU and Donald Trump are
/// not one source even though only one of them has a country.
fn same_or_unknown(a: &Option<Side>, b: &Option<Side>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (&a.country, &b.country, &a.kb_id, &b.kb_id) {
            (Some(x), Some(y), _, _) => x == y,
            (None, None, Some(x), Some(y)) => x == y,
            (Some(_), None, _, Some(_)) | (None, Some(_), Some(_), _) => false,
            _ => true,
        },
        _ => true,
    }
}

fn same_day(a: &Option<EventDate>, b: &Option<EventDate>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) if x.basis == DateBasis::Timex && y.basis == DateBasis::Timex => {
            x.value.get(..10) == y.value.get(..10)
                || x.value.starts_with(&y.value)
                || y.value.starts_with(&x.value)
        }
        _ => true,
    }
}

/// Mentions of one event in an article become one event: same CAMEO root,
/// compatible countries (the same, either unknown, or swapped for meetings
/// and agreements), compatible dates and the same modality.
fn merge(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        let (cs, ct) = (country(&c.source), country(&c.target));
        let found = out.iter().position(|o| {
            if plover_key(o) != plover_key(&c) || o.modality != c.modality || !same_day(&o.date, &c.date) {
                return false;
            }
            let (os, ot) = (country(&o.source), country(&o.target));
            let known_shared = (cs.is_some() && cs == os) || (ct.is_some() && ct == ot);
            let straight = compatible(cs, os)
                && compatible(ct, ot)
                && same_or_unknown(&c.source, &o.source)
                && same_or_unknown(&c.target, &o.target);
            let recip_types = matches!(plover_key(&c), "03" | "04" | "05" | "06");
            let swapped = recip_types && cs.is_some() && cs == ot && ct.is_some() && ct == os;
            swapped || (straight && (known_shared || o.sentence == c.sentence))
        });
        match found {
            Some(k) => {
                let o = &mut out[k];
                let swapped = country(&c.source).is_some() && country(&c.source) == country(&o.target);
                if o.source.as_ref().is_none_or(|s| s.country.is_none()) && !swapped {
                    if let Some(s) = c.source.clone().filter(|s| s.country.is_some()) {
                        o.source = Some(s);
                    }
                }
                if o.target.as_ref().is_none_or(|s| s.country.is_none()) && !swapped {
                    if let Some(s) = c.target.clone().filter(|s| s.country.is_some()) {
                        o.target = Some(s);
                    }
                }
                o.reciprocal |= swapped;
                let better = |d: &Option<EventDate>| {
                    d.as_ref().map_or(0, |d| match d.basis {
                        DateBasis::Timex => 3,
                        DateBasis::Narrative => 2,
                        DateBasis::Publication => 1,
                    })
                };
                if better(&c.date) > better(&o.date) {
                    o.date = c.date.clone();
                }
                if o.attribution.is_none() {
                    o.attribution = c.attribution.clone();
                }
                o.confidence = o.confidence.max(c.confidence);
                o.evidence.extend(c.evidence.iter().copied());
                o.merged.push(EventMention {
                    sentence: c.sentence as u32,
                    trigger: c.evidence[0],
                    rule: c.rule.clone(),
                });
            }
            None => out.push(c),
        }
    }
    out
}
