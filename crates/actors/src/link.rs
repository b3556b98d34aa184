//! Linking and coreference within a document: from KB matches and named
//! entities to coded actor mentions grouped in chains.
//!
//! The linker works in five passes over one document:
//!
//! 1. **Candidates**: the KB scanner's longest matches ([`Kb::find_mentions`])
//!    and the NER layer's PER and ORG entities the KB does not know. A NER
//!    name that contains only a sector noun or an adjective known to the KB
//!    ("Arakan Army") stays one unlinked name. An agent word used as a
//!    modifier ("military cooperation", tagged ADJ or followed by a noun) is
//!    not an actor.
//! 2. **Composition**: a country (name, adjective, possessive or metonym)
//!    before a sector noun in the same noun phrase ("Niger's military
//!    leaders", "A Russian delegation", "Bamako's finance minister"), or after
//!    it with "of/in/from" ("the military leaders in Mali"), makes one actor
//!    coded country + sector (`NERGOVMIL`); a title before a person's name
//!    ("Colonel-General Yunus-Bek Yevkurov") joins the person.
//! 3. **Descriptions**: plural descriptions ("the two countries", "the
//!    parties", "both sides") point to the most recent distinct actors;
//!    "the country" to the most recent country not already named in the
//!    sentence; a definite sector noun ("the delegation", "the military
//!    rulers") to the last actor with the same noun or sector, else it takes
//!    the country of its context ("the army" after "the coup in Niger").
//! 4. **Names**: a surname alone joins the person named in full earlier.
//! 5. **Codes**: every mention gets its CAMEO code judged at the article's
//!    date (people's roles change over time) and a chain number shared by
//!    the mentions of one actor.

use std::collections::HashMap;
use std::ops::Range;

use dateline_doc::{ActorMention, Document, EntityType, Layer, Layers, Stage, TextRange, Upos};
use jiff::civil::Date;

use crate::{tokens, Kb, KbRef, Kind, Token};

/// The actor stage: links and codes the actor mentions of a document.
#[derive(Debug, Clone)]
pub struct ActorLinker {
    kb: std::sync::Arc<Kb>,
}

impl ActorLinker {
    /// A linker over `kb`.
    /// `kb` may be shared (`Arc<Kb>`) with other stages.
    pub fn new(kb: impl Into<std::sync::Arc<Kb>>) -> ActorLinker {
        ActorLinker { kb: kb.into() }
    }

    /// The knowledge base.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// The actor mentions of `doc`, in text order. Reads the text, the
    /// sentences, the tokens' tags when present, the entities when present
    /// and the publication date (roles are judged at it).
    pub fn link(&self, doc: &Document) -> Vec<ActorMention> {
        let date = doc.meta.published.as_ref().map(|p| p.date);
        Linking::new(&self.kb, doc, date).run()
    }
}

impl Stage for ActorLinker {
    fn name(&self) -> &'static str {
        "actors.kb.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Actors])
    }
    fn run(&self, doc: &mut Document) {
        doc.actors = self.link(doc);
    }
}

/// A stable id for a KB entry: `country:NER`, `org:g5sahel`,
/// `person:tiani`, `agent:GOV+MIL`.
pub fn entry_id(kb: &Kb, target: KbRef) -> String {
    let i = target.index as usize;
    match target.kind {
        Kind::Country => kb.countries.get(i).map(|c| format!("country:{}", c.iso3)),
        Kind::Organisation => kb.organisations.get(i).map(|o| format!("org:{}", o.id)),
        Kind::Person => kb.people.get(i).map(|p| format!("person:{}", p.id)),
        Kind::Agent => kb.agents.get(i).map(|a| format!("agent:{}", a.codes.join("+"))),
    }
    .unwrap_or_default()
}

/// What a candidate is.
#[derive(Debug, Clone, PartialEq)]
enum What {
    /// A KB entry.
    Kb(KbRef),
    /// A name the KB does not know, with its NER type.
    Name(EntityType),
}

#[derive(Debug, Clone)]
struct Cand {
    /// Word indices (into `Linking::words`).
    words: Range<usize>,
    what: What,
}

/// One actor mention being built.
#[derive(Debug, Clone)]
struct Mention {
    words: Range<usize>,
    /// The country part (an ISO3 code) and whether it came from a metonym.
    country: Option<String>,
    /// The sector codes (`GOVMIL`), from an agent phrase or a metonym.
    sector: String,
    /// The head entry: the person, organisation or country named, or the
    /// agent phrase.
    head: What,
    /// The agent's own phrase, normalised ("delegation", "military leaders").
    agent_phrase: Option<String>,
    how: &'static str,
    /// Chains this mention stands for (plural descriptions).
    members: Vec<u32>,
    /// For "the regimes in Mali, Niger and Burkina Faso": the words of the
    /// list, whose countries become the members.
    list: Option<Range<usize>>,
    chain: u32,
}

struct Linking<'a> {
    kb: &'a Kb,
    doc: &'a Document,
    text: &'a str,
    date: Option<Date>,
    words: Vec<Token>,
    /// Sentence number of each word.
    sentence_of: Vec<usize>,
}

const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "toward",
    "towards",
    "via",
    "through",
    "throughout",
];
/// Titles before a person's name that are part of the mention.
/// Offices named between an organisation and a person's name ("NATO
/// Secretary-General", "Hamas leader"), lower case.
const ORG_TITLES: &[&str] = &[
    "secretary",
    "general",
    "director",
    "deputy",
    "president",
    "vice",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "leader",
    "head",
    "commissioner",
    "coordinator",
    "executive",
    "representative",
    "spokesperson",
];

const PERSON_TITLES: &[&str] = &[
    "general",
    "gen",
    "lieutenant",
    "lt",
    "colonel",
    "col",
    "major",
    "maj",
    "captain",
    "capt",
    "admiral",
    "adm",
    "marshal",
    "field",
    "brigadier",
    "commander",
    "sergeant",
    "sgt",
    "president",
    "minister",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "sultan",
    "senator",
    "sen",
    "governor",
    "gov",
    "mayor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "judge",
    "justice",
    "pope",
    "ayatollah",
    "imam",
    "rep",
    "secretary",
    "ambassador",
    "archbishop",
    "bishop",
    "cardinal",
    "rev",
];
const DETERMINERS_DEFINITE: &[&str] = &["the", "this", "that", "these", "those"];
const POSSESSIVE_PRONOUNS: &[&str] = &["its", "their", "his", "her"];
const NUMBER_WORDS: &[(&str, usize)] =
    &[("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("both", 2)];
/// Plural nouns of descriptions that stand for countries.
const COUNTRY_NOUNS: &[&str] = &["countries", "nations", "states", "governments"];
/// Plural nouns of descriptions that stand for any actors.
const PARTY_NOUNS: &[&str] = &["parties", "sides", "leaders", "delegations", "neighbours", "neighbors"];
const SINGULAR_COUNTRY_NOUNS: &[&str] = &["country", "nation"];

impl<'a> Linking<'a> {
    fn new(kb: &'a Kb, doc: &'a Document, date: Option<Date>) -> Linking<'a> {
        let text = doc.text();
        let words = tokens(text);
        let mut sentence_of = Vec::with_capacity(words.len());
        let mut s = 0;
        for w in &words {
            while s + 1 < doc.sentences.len() && doc.sentences[s].range.end().to_usize() <= w.range.start {
                s += 1;
            }
            sentence_of.push(s);
        }
        Linking { kb, doc, text, date, words, sentence_of }
    }

    /// Word index range covering a byte range.
    fn word_span(&self, bytes: Range<usize>) -> Option<Range<usize>> {
        let first = self.words.partition_point(|w| w.range.end <= bytes.start);
        let end = self.words.partition_point(|w| w.range.start < bytes.end);
        (first < end).then_some(first..end)
    }

    fn bytes(&self, words: &Range<usize>) -> Range<usize> {
        let start = self.words.get(words.start).map_or(0, |w| w.range.start);
        let end = self.words.get(words.end.saturating_sub(1)).map_or(start, |w| w.range.end);
        start..end
    }

    /// The document token (with its tags) starting at byte `at`, if any.
    fn doc_token_at(&self, at: usize) -> Option<&dateline_doc::Token> {
        let i = self.doc.tokens.partition_point(|t| t.range.end().to_usize() <= at);
        self.doc.tokens.get(i).filter(|t| t.range.start().to_usize() <= at)
    }

    fn upos_of_word(&self, w: usize) -> Option<Upos> {
        let word = self.words.get(w)?;
        self.doc_token_at(word.range.start).and_then(|t| t.upos)
    }

    fn norm(&self, w: usize) -> &str {
        self.words.get(w).map_or("", |t| t.norm.as_str())
    }

    /// The text between two words (exclusive), e.g. "’s " or " of the ".
    fn gap(&self, a: usize, b: usize) -> &str {
        match (self.words.get(a), self.words.get(b)) {
            (Some(x), Some(y)) if x.range.end <= y.range.start => &self.text[x.range.end..y.range.start],
            _ => "",
        }
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sentence_of.get(a) == self.sentence_of.get(b)
    }

    fn run(&self) -> Vec<ActorMention> {
        let cands = self.candidates();
        let mut mentions = self.compose(&cands);
        self.describe(&mut mentions);
        self.chain(&mut mentions);
        self.output(&mentions)
    }

    fn is_agent(&self, c: &Cand) -> bool {
        matches!(c.what, What::Kb(r) if r.kind == Kind::Agent)
    }

    fn candidates(&self) -> Vec<Cand> {
        let mut cands: Vec<Cand> = Vec::new();
        for (range, target) in self.kb.find_mentions(self.text) {
            if let Some(words) = self.word_span(range) {
                cands.push(Cand { words, what: What::Kb(target) });
            }
        }
        // NER names the KB does not know; a NER name swallows agent words
        // and adjectives inside it ("Arakan Army").
        for e in &self.doc.entities {
            if !matches!(e.kind, EntityType::Per | EntityType::Org) {
                continue;
            }
            let Some(words) = self.word_span(e.range.start().to_usize()..e.range.end().to_usize()) else {
                continue;
            };
            let overlapping: Vec<usize> = cands
                .iter()
                .enumerate()
                .filter(|(_, c)| c.words.start < words.end && words.start < c.words.end)
                .map(|(i, _)| i)
                .collect();
            let swallow = overlapping.iter().all(|&i| {
                let c = &cands[i];
                let inside = words.start <= c.words.start && c.words.end <= words.end;
                let weak = match c.what {
                    What::Kb(r) => {
                        r.kind == Kind::Agent
                            || (r.kind == Kind::Country && c.words.len() < words.len() && !r.metonym)
                    }
                    What::Name(_) => false,
                };
                inside && weak && c.words != words
            });
            if swallow {
                for &i in overlapping.iter().rev() {
                    cands.remove(i);
                }
                cands.push(Cand { words, what: What::Name(e.kind) });
            }
        }
        cands.sort_by_key(|c| c.words.start);
        // A capital after a place preposition is where something is ("in
        // Niamey"), not a government: the places stage takes it.
        cands.retain(|c| {
            let metonym = matches!(c.what, What::Kb(r) if r.metonym);
            let possessive = self.words.get(c.words.end - 1).is_some_and(|w| w.possessive);
            !(metonym
                && !possessive
                && c.words.start > 0
                && self.same_sentence(c.words.start - 1, c.words.start)
                && PLACE_PREPOSITIONS.contains(&self.norm(c.words.start - 1)))
        });
        // A capital inside a longer name or naming a town's own institutions
        // is another place or a local body, not the government: "New London
        // Police Chief", "Paris City Council", "London city council".
        cands.retain(|c| {
            let metonym = matches!(c.what, What::Kb(r) if r.metonym);
            if !metonym {
                return true;
            }
            let first = c.words.start;
            // The word before is capitalised and not the sentence's first.
            let prev_name = first >= 2
                && self.same_sentence(first - 2, first)
                && self.gap(first - 1, first) == " "
                && self
                    .words
                    .get(first - 1)
                    .is_some_and(|w| self.text[w.range.clone()].starts_with(|ch: char| ch.is_uppercase()));
            let local = c.words.end < self.words.len()
                && self.same_sentence(c.words.end - 1, c.words.end)
                && matches!(
                    self.norm(c.words.end),
                    "city" | "county" | "council" | "junior" | "college" | "mayor" | "police" | "township"
                );
            !(prev_name || local)
        });
        // A country's name or adjective inside the name of a sea or a
        // peninsula is a place: "the Indian Ocean island", "the South China
        // Sea", "the Persian Gulf", "the Korean Peninsula".
        cands.retain(|c| {
            if !matches!(c.what, What::Kb(r) if r.kind == Kind::Country) || c.words.end >= self.words.len() {
                return true;
            }
            let next = c.words.end;
            let water = self.same_sentence(next - 1, next)
                && self.gap(next - 1, next) == " "
                && self
                    .words
                    .get(next)
                    .is_some_and(|w| self.text[w.range.clone()].starts_with(char::is_uppercase))
                && matches!(
                    self.norm(next),
                    "ocean" | "sea" | "gulf" | "peninsula" | "strait" | "straits" | "channel" | "basin"
                );
            !water
        });
        // An agent word used as a modifier is not an actor: "military
        // cooperation", "government forces" where only "government" matched.
        cands.retain(|c| {
            if !self.is_agent(c) {
                return true;
            }
            let last = c.words.end - 1;
            if self.upos_of_word(last) == Some(Upos::ADJ) {
                return false;
            }
            let next = c.words.end;
            let next_is_noun = matches!(self.upos_of_word(next), Some(Upos::NOUN))
                && self.gap(last, next).chars().all(char::is_whitespace)
                && !self.gap(last, next).is_empty();
            !next_is_noun
        });
        cands
    }

    fn kb_country(&self, what: &What) -> Option<(String, bool)> {
        match what {
            What::Kb(r) if r.kind == Kind::Country => {
                self.kb.countries.get(r.index as usize).map(|c| (c.iso3.clone(), r.metonym))
            }
            _ => None,
        }
    }

    fn agent_codes(&self, what: &What) -> Option<String> {
        match what {
            What::Kb(r) if r.kind == Kind::Agent => self.kb.agents.get(r.index as usize).map(|a| a.code()),
            _ => None,
        }
    }

    fn phrase(&self, words: &Range<usize>) -> String {
        words.clone().map(|w| self.norm(w)).collect::<Vec<_>>().join(" ")
    }

    /// Whether the words between two candidates can sit inside one noun
    /// phrase: a possessive, spaces, or up to two lower-case modifiers
    /// ("Niger’s military government", "the Russian defence ministry").
    fn np_gap(&self, a_end: usize, b_start: usize) -> bool {
        if b_start < a_end || b_start - a_end > 2 {
            return false;
        }
        for w in a_end..b_start {
            let word = &self.words[w];
            let s = &self.text[word.range.clone()];
            if s.chars().next().is_some_and(char::is_uppercase) && !self.same_sentence(a_end, b_start) {
                return false;
            }
            if matches!(
                self.upos_of_word(w),
                Some(Upos::VERB | Upos::AUX | Upos::ADP | Upos::CCONJ | Upos::SCONJ | Upos::PRON)
            ) {
                return false;
            }
            // "in Kosovo where 28 people have been killed": a relative
            // clause starts, whatever its tag.
            if matches!(self.norm(w), "where" | "when" | "which" | "who" | "whom" | "whose" | "that") {
                return false;
            }
        }
        let start = self.words.get(a_end.wrapping_sub(1)).map_or(0, |w| w.range.end);
        let end = self.words.get(b_start).map_or(start, |w| w.range.start);
        let mut between = &self.text[start.min(end)..end];
        // "U.S. embassies": the final dot of an abbreviation.
        let abbreviation =
            self.words.get(a_end.wrapping_sub(1)).is_some_and(|w| self.text[w.range.clone()].contains('.'));
        if abbreviation {
            between = between.strip_prefix('.').unwrap_or(between);
        }
        between.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '-' || c == '\'' || c == '’')
            && !between.contains('\n')
    }

    fn compose(&self, cands: &[Cand]) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < cands.len() {
            let c = &cands[i];
            let next = cands.get(i + 1);
            // Country + agent: "Niger’s military leaders", "Russian delegation".
            if let (Some((iso, metonym)), Some(n)) = (self.kb_country(&c.what), next) {
                if let Some(sector) = self.agent_codes(&n.what) {
                    if self.np_gap(c.words.end, n.words.start) {
                        let sector = if metonym && sector.is_empty() { "GOV".to_owned() } else { sector };
                        out.push(Mention {
                            words: c.words.start..n.words.end,
                            country: Some(iso),
                            sector,
                            head: n.what.clone(),
                            agent_phrase: Some(self.phrase(&n.words)),
                            how: "country+sector",
                            members: Vec::new(),
                            list: None,
                            chain: 0,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
            // Organisation + title + person: "U.N. Secretary-General Kofi
            // Annan", "Arab League Secretary-General Chedli Klibi": the
            // organisation's actor, as its official.
            if let (What::Kb(r), Some(t), Some(n)) = (&c.what, next, cands.get(i + 2)) {
                let official = r.kind == Kind::Organisation
                    && self.agent_codes(&t.what).is_some()
                    && (matches!(n.what, What::Name(EntityType::Per)) || self.generated_person(&n.what))
                    && self.np_gap(c.words.end, t.words.start)
                    && t.words.end == n.words.start
                    && self.gap(t.words.end - 1, n.words.start).chars().all(|ch| ch == ' ')
                    && self.text[self.words[t.words.start].range.clone()].starts_with(char::is_uppercase);
                if official {
                    let mut m = self.plain(c);
                    m.words = c.words.start..n.words.end;
                    m.how = "organisation+title+name";
                    out.push(m);
                    i += 3;
                    continue;
                }
            }
            // Title + person: "Colonel-General Yunus-Bek Yevkurov",
            // "President Mohamed Bazoum".
            if let (Some(title_sector), Some(n)) = (self.agent_codes(&c.what), next) {
                let person = matches!(n.what, What::Kb(r) if r.kind == Kind::Person || (r.kind == Kind::Country && !r.metonym))
                    || n.what == What::Name(EntityType::Per);
                let first = &self.text[self.words[c.words.start].range.clone()];
                let country = self.kb_country(&n.what).is_some();
                if person
                    && n.words.start == c.words.end
                    && (country || first.chars().next().is_some_and(char::is_uppercase))
                    && self.gap(c.words.end - 1, n.words.start).chars().all(|ch| ch == ' ')
                {
                    let mut m = self.plain(n);
                    m.words = c.words.start..n.words.end;
                    m.how = "title+name";
                    // A name the KB does not know keeps its title's sector
                    // ("Judge Alejandro Rivera": JUD), country unknown.
                    if n.what == What::Name(EntityType::Per) {
                        m.sector = title_sector;
                        m.head = c.what.clone();
                    } else if self.generated_person(&n.what) {
                        // see `titled_people`
                        m.sector = title_sector;
                    }
                    out.push(m);
                    i += 2;
                    continue;
                }
            }
            // Agent + of/in/from + country: "the military leaders in Mali".
            if let (Some(sector), Some(n)) = (self.agent_codes(&c.what), next) {
                if let Some((iso, _)) = self.kb_country(&n.what) {
                    let prep = c.words.end < n.words.start
                        && n.words.start - c.words.end <= 2
                        && matches!(self.norm(c.words.end), "of" | "in" | "from")
                        && (n.words.start - c.words.end == 1 || self.norm(c.words.end + 1) == "the");
                    // Not the first of a list ("regimes in Mali, Niger and Burkina Faso").
                    let list = cands.get(i + 2).is_some_and(|m| {
                        self.kb_country(&m.what).is_some_and(|(_, metonym)| !metonym)
                            && m.words.start <= n.words.end + 1
                            && matches!(self.gap(n.words.end - 1, m.words.start).trim(), "," | "and")
                    });
                    if prep && list {
                        // Extend over ", Country" / "and Country" / ", and Country".
                        let mut end = n.words.end;
                        let mut j = i + 2;
                        while let Some(m) = cands.get(j) {
                            let plain = self.kb_country(&m.what).is_some_and(|(_, metonym)| !metonym);
                            let sep = self.gap(end - 1, m.words.start).trim().to_owned();
                            let sep_ok = matches!(sep.as_str(), "," | "and" | ", and" | "or" | ", or");
                            if !plain || !sep_ok || m.words.start > end + 1 {
                                break;
                            }
                            end = m.words.end;
                            j += 1;
                        }
                        let mut m = self.plain(c);
                        m.how = "sector+of+countries";
                        m.list = Some(n.words.start..end);
                        out.push(m);
                        i += 1;
                        continue;
                    }
                    if prep && !list {
                        out.push(Mention {
                            words: c.words.start..n.words.end,
                            country: Some(iso),
                            sector,
                            head: c.what.clone(),
                            agent_phrase: Some(self.phrase(&c.words)),
                            how: "sector+of+country",
                            members: Vec::new(),
                            list: None,
                            chain: 0,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
            let mut m = self.plain(c);
            let person = matches!(c.what, What::Kb(r) if r.kind == Kind::Person)
                || c.what == What::Name(EntityType::Per);
            if person {
                // Titles the KB does not list as sector nouns: "General",
                // "Mr", "Sen.".
                let mut start = m.words.start;
                while start > 0
                    && m.words.start - start < 2
                    && PERSON_TITLES.contains(&self.norm(start - 1))
                    && self.same_sentence(start - 1, start)
                    && self.text[self.words[start - 1].range.clone()].starts_with(char::is_uppercase)
                    && self.gap(start - 1, start).trim_start_matches('.').chars().all(|ch| ch == ' ')
                    && out.last().is_none_or(|p| p.words.end < start)
                {
                    start -= 1;
                }
                if start < m.words.start {
                    m.words.start = start;
                    m.how = "title+name";
                }
                // "U.N. Secretary-General Kofi Annan", "Arab League
                // Secretary-General Chedli Klibi": an unknown person named
                // with an office of the organisation just before is that
                // organisation's actor.
                if c.what == What::Name(EntityType::Per) || self.generated_person(&c.what) {
                    if let Some(org) = out.last_mut().filter(|o| {
                        matches!(o.head, What::Kb(r) if r.kind == Kind::Organisation) && o.how == "kb"
                    }) {
                        let titles = org.words.end..m.words.start;
                        let office = (1..=3).contains(&titles.len())
                            && titles.clone().all(|w| ORG_TITLES.contains(&self.norm(w)))
                            && (org.words.end..=m.words.start).all(|w| {
                                w == org.words.end
                                    || self.gap(w - 1, w).chars().all(|ch| ch == ' ' || ch == '-')
                            })
                            && self.same_sentence(org.words.start, m.words.end - 1);
                        if office {
                            org.words.end = m.words.end;
                            org.how = "organisation+title+name";
                            i += 1;
                            continue;
                        }
                    }
                }
            }
            out.push(m);
            i += 1;
        }
        self.titled_people(&mut out);
        out
    }

    /// A person of a generated KB file (whose roles are only those its
    /// source covered) named right after a title takes the title's sector:
    /// "Turkish Foreign Minister Tansu Ciller" is TURGOV in 1996 though the
    /// generated roles end with her premiership; "former Israeli prime
    /// minister Shimon Peres" is ISRELI.
    fn titled_people(&self, out: &mut [Mention]) {
        for k in 0..out.len() {
            if !self.generated_person(&out[k].head) {
                continue;
            }
            let start = if out[k].how == "title+name" && !out[k].sector.is_empty() {
                // "President Henri Konan Bedie": the title is inside.
                out[k].words.start
            } else if k > 0
                && out[k - 1].how == "country+sector"
                && !out[k - 1].sector.is_empty()
                && out[k - 1].words.end == out[k].words.start
                && self.gap(out[k].words.start - 1, out[k].words.start).chars().all(|ch| ch == ' ')
                && self.same_sentence(out[k - 1].words.start, out[k].words.start)
            {
                out[k].country = out[k - 1].country.clone();
                out[k].sector = out[k - 1].sector.clone();
                out[k - 1].words.start
            } else {
                continue;
            };
            let former = (start > 0 && matches!(self.norm(start - 1), "former" | "ex"))
                || (start..out[k].words.start).any(|w| self.norm(w) == "former");
            if former {
                out[k].sector = "ELI".into();
            }
        }
    }

    /// A person of a generated KB file (`petrarch-people.tsv`).
    fn generated_person(&self, what: &What) -> bool {
        matches!(what, What::Kb(r) if r.kind == Kind::Person
            && self.kb.people.get(r.index as usize).is_some_and(|p| !p.curated))
    }

    /// A mention of a single candidate.
    fn plain(&self, c: &Cand) -> Mention {
        let mut m = Mention {
            words: c.words.clone(),
            country: None,
            sector: String::new(),
            head: c.what.clone(),
            agent_phrase: None,
            how: "kb",
            members: Vec::new(),
            list: None,
            chain: 0,
        };
        match &c.what {
            What::Kb(r) => match r.kind {
                Kind::Country => {
                    if let Some((iso, metonym)) = self.kb_country(&c.what) {
                        m.country = Some(iso);
                        if metonym {
                            m.sector = "GOV".into();
                            m.how = "metonym";
                        }
                    }
                }
                Kind::Agent => {
                    m.sector = self.agent_codes(&c.what).unwrap_or_default();
                    m.agent_phrase = Some(self.phrase(&c.words));
                    m.how = "sector";
                }
                Kind::Organisation | Kind::Person => {}
            },
            What::Name(_) => m.how = "unlinked",
        }
        m
    }

    /// The determiner before `w`, skipping numbers ("its 1,500 troops")
    /// and adjectives ("the civilian government"), and whether an
    /// adjective was skipped.
    fn determiner(&self, w: usize) -> (Option<&str>, bool) {
        let mut i = w;
        let mut modified = false;
        while i > 0 {
            i -= 1;
            let n = self.norm(i);
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if w - i <= 3 && self.upos_of_word(i) == Some(Upos::ADJ) && self.same_sentence(i, w) {
                modified = true;
                continue;
            }
            return (self.same_sentence(i, w).then(|| self.norm(i)), modified);
        }
        (None, modified)
    }

    /// Plural and singular descriptions the KB scanner does not see ("the
    /// two countries", "the parties", "the country"), added as mentions.
    fn descriptions(&self, mentions: &[Mention]) -> Vec<Mention> {
        let taken = |w: usize| mentions.iter().any(|m| m.words.contains(&w));
        let mut out = Vec::new();
        let mut w = 0;
        while w < self.words.len() {
            let n = self.norm(w);
            let det = DETERMINERS_DEFINITE.contains(&n) || n == "both";
            if !det || taken(w + 1) {
                w += 1;
                continue;
            }
            let mut k = w + 1;
            let mut count = if n == "both" { Some(2) } else { None };
            if let Some((_, v)) = NUMBER_WORDS.iter().find(|(s, _)| *s == self.norm(k)) {
                count = Some(*v);
                k += 1;
            }
            let noun = self.norm(k);
            let plural = COUNTRY_NOUNS.contains(&noun) || PARTY_NOUNS.contains(&noun);
            let singular = SINGULAR_COUNTRY_NOUNS.contains(&noun) && count.is_none() && n == "the";
            if k < self.words.len() && self.same_sentence(w, k) && (plural || singular) && !taken(k) {
                let how = if singular {
                    "description:country"
                } else if COUNTRY_NOUNS.contains(&noun) {
                    "description:countries"
                } else {
                    "description:parties"
                };
                out.push(Mention {
                    words: w + 1..k + 1,
                    country: None,
                    sector: String::new(),
                    head: What::Name(EntityType::Misc),
                    agent_phrase: Some(noun.to_owned()),
                    how,
                    members: vec![u32::try_from(count.unwrap_or(2)).unwrap_or(2)],
                    list: None,
                    chain: 0,
                });
                w = k + 1;
                continue;
            }
            w += 1;
        }
        out
    }

    fn describe(&self, mentions: &mut Vec<Mention>) {
        let extra = self.descriptions(mentions);
        mentions.extend(extra);
        mentions.sort_by_key(|m| m.words.start);
    }

    /// The key that makes two mentions the same actor.
    fn key(&self, m: &Mention) -> String {
        match &m.head {
            What::Kb(r) if matches!(r.kind, Kind::Person | Kind::Organisation) => entry_id(self.kb, *r),
            What::Name(_) => format!("name:{}", self.phrase(&m.words)),
            _ => format!("{}/{}", m.country.as_deref().unwrap_or("?"), m.sector),
        }
    }

    fn chain(&self, mentions: &mut [Mention]) {
        let mut chains: HashMap<String, u32> = HashMap::new();
        // Per chain: its country, sector, agent phrase, last word, and
        // whether it is a person (for surname links).
        struct ChainInfo {
            country: Option<String>,
            sector: String,
            phrases: Vec<String>,
            person_last: Option<String>,
            last_word: usize,
            is_country: bool,
            /// The chain's country was only guessed from the context ("the
            /// police" in a story that names Jordan): its later
            /// descriptions are guesses too.
            guessed: bool,
        }
        let mut info: Vec<ChainInfo> = Vec::new();
        for i in 0..mentions.len() {
            let m = mentions[i].clone();
            let sentence = self.sentence_of.get(m.words.start).copied().unwrap_or(0);
            let mut resolved: Option<u32> = None;
            let mut m = m;
            match m.how {
                "description:country" => {
                    // The last country not named earlier in this sentence.
                    let here: Vec<&str> = mentions[..i]
                        .iter()
                        .filter(|p| self.sentence_of.get(p.words.start) == Some(&sentence))
                        .filter_map(|p| p.country.as_deref())
                        .collect();
                    let mut recent: Vec<usize> = (0..info.len()).collect();
                    recent.sort_by_key(|&c| std::cmp::Reverse(info[c].last_word));
                    let pick = recent.into_iter().find(|&c| {
                        let ci = &info[c];
                        ci.is_country && ci.country.as_deref().is_some_and(|iso| !here.contains(&iso))
                    });
                    if let Some(c) = pick {
                        m.country = info[c].country.clone();
                        resolved = Some(u32::try_from(c).unwrap_or(0));
                    }
                }
                "description:countries" | "description:parties" => {
                    let want = m.members.first().copied().unwrap_or(2) as usize;
                    let mut members: Vec<u32> = Vec::new();
                    let mut seen: Vec<String> = Vec::new();
                    let mut order: Vec<usize> = (0..info.len()).collect();
                    order.sort_by_key(|&c| std::cmp::Reverse(info[c].last_word));
                    for c in order {
                        let Some(iso) = info[c].country.clone() else { continue };
                        if seen.contains(&iso) {
                            continue;
                        }
                        seen.push(iso);
                        members.push(u32::try_from(c).unwrap_or(0));
                        if members.len() == want {
                            break;
                        }
                    }
                    if members.len() == want {
                        members.reverse();
                        m.members = members;
                    } else {
                        m.members.clear();
                    }
                }
                "sector" => {
                    let (det, modified) = self.determiner(m.words.start);
                    let definite = det.is_some_and(|d| DETERMINERS_DEFINITE.contains(&d));
                    let pronoun = det.is_some_and(|d| POSSESSIVE_PRONOUNS.contains(&d));
                    // Most recent chains first.
                    let mut recent: Vec<usize> = (0..info.len()).collect();
                    recent.sort_by_key(|&c| std::cmp::Reverse(info[c].last_word));
                    if definite && !modified {
                        // The last actor named with the same noun, else (for
                        // compound sectors like GOVMIL) the same sector.
                        let head = |p: &str| p.rsplit(' ').next().map(str::to_owned);
                        let want = m.agent_phrase.as_deref().and_then(head);
                        let same_phrase = recent.iter().copied().find(|&c| {
                            info[c].country.is_some() && info[c].phrases.iter().any(|p| head(p) == want)
                        });
                        let same_sector = || {
                            recent.iter().copied().find(|&c| {
                                info[c].sector == m.sector
                                    && info[c].country.is_some()
                                    && m.sector.len() > 3
                                    && info[c].person_last.is_none()
                            })
                        };
                        if let Some(c) = same_phrase.or_else(same_sector) {
                            m.country = info[c].country.clone();
                            m.how = if info[c].guessed { "sector+context" } else { "description" };
                            resolved = Some(u32::try_from(c).unwrap_or(0));
                        }
                    }
                    // Only institutions take their country from the context
                    // ("the army", "the government", "its troops"), not
                    // people in general ("those women", "the residents").
                    let institution =
                        ["GOV", "MIL", "COP", "JUD", "LEG", "SPY"].iter().any(|s| m.sector.starts_with(s));
                    // "A Russian delegation led by the deputy defence
                    // minister": who leads a national body is of its country.
                    if resolved.is_none() && m.country.is_none() {
                        if let Some(iso) = self.leader_of(mentions, i) {
                            m.country = Some(iso);
                            m.how = "leader-of";
                        }
                    }
                    if resolved.is_none() && m.country.is_none() && (definite || pronoun) && institution {
                        if let Some(iso) = self.context_country(mentions, i) {
                            m.country = Some(iso);
                            m.how = "sector+context";
                        }
                    }
                }
                // A surname alone: the person named in full earlier.
                "unlinked" if m.head == What::Name(EntityType::Per) && m.words.len() == 1 => {
                    let name = self.norm(m.words.start).to_owned();
                    if let Some(c) =
                        (0..info.len()).rev().find(|&c| info[c].person_last.as_deref() == Some(&name))
                    {
                        resolved = Some(u32::try_from(c).unwrap_or(0));
                        m.how = "surname";
                    }
                }
                _ => {}
            }
            let chain = match resolved {
                Some(c) => c,
                None => {
                    let key = self.key(&m);
                    let next = u32::try_from(info.len()).unwrap_or(u32::MAX);
                    let c = *chains.entry(key).or_insert(next);
                    if c == next {
                        let person_last = match &m.head {
                            What::Kb(r) if r.kind == Kind::Person => self
                                .kb
                                .people
                                .get(r.index as usize)
                                .and_then(|p| tokens(&p.name).last().map(|t| t.norm.clone())),
                            What::Name(EntityType::Per) => {
                                Some(self.norm(m.words.end.saturating_sub(1)).to_owned())
                            }
                            _ => None,
                        };
                        info.push(ChainInfo {
                            country: m.country.clone(),
                            sector: m.sector.clone(),
                            phrases: m.agent_phrase.iter().cloned().collect(),
                            person_last,
                            last_word: m.words.start,
                            is_country: false,
                            guessed: m.how == "sector+context",
                        });
                    }
                    c
                }
            };
            if let Some(ci) = info.get_mut(chain as usize) {
                ci.last_word = m.words.start;
                if ci.country.is_none() {
                    ci.country = m.country.clone();
                    ci.guessed = m.how == "sector+context";
                } else if m.country.is_some() && !matches!(m.how, "sector+context" | "description") {
                    // named with its country after all
                    ci.guessed = false;
                }
                if let Some(p) = &m.agent_phrase {
                    if !m.how.starts_with("description") && !ci.phrases.contains(p) {
                        ci.phrases.push(p.clone());
                    }
                }
                let person_country = match &m.head {
                    What::Kb(r) => r.kind == Kind::Country,
                    What::Name(_) => false,
                };
                ci.is_country |= person_country && m.country.is_some() && m.sector.is_empty();
            }
            m.chain = chain;
            mentions[i] = m;
        }
        // Lists: "the military regimes in Mali, Niger and Burkina Faso"
        // stands for the listed countries' actors.
        for i in 0..mentions.len() {
            let Some(list) = mentions[i].list.clone() else { continue };
            let members: Vec<u32> = mentions
                .iter()
                .filter(|p| list.start <= p.words.start && p.words.end <= list.end)
                .map(|p| p.chain)
                .collect();
            mentions[i].members = members;
        }
    }

    /// The country of the body an actor leads, from the words right before
    /// it: `<body with a country> led|headed|chaired|commanded by [the]
    /// <actor>` in one sentence.
    fn leader_of(&self, mentions: &[Mention], i: usize) -> Option<String> {
        let mut w = mentions.get(i)?.words.start;
        if w > 0 && matches!(self.norm(w - 1), "the" | "a" | "an" | "its" | "their") {
            w -= 1;
        }
        if w < 3
            || self.norm(w - 1) != "by"
            || !matches!(self.norm(w - 2), "led" | "headed" | "chaired" | "commanded")
        {
            return None;
        }
        let body = mentions.get(i.checked_sub(1)?)?;
        let same_sentence = self.sentence_of.get(body.words.start) == self.sentence_of.get(w);
        (body.words.end == w - 2 && same_sentence).then(|| body.country.clone()).flatten()
    }

    /// The country an actor without one takes from its context: the
    /// nearest country named before it in its sentence, else the last one
    /// named in the sentence before.
    fn context_country(&self, mentions: &[Mention], i: usize) -> Option<String> {
        let s = self.sentence_of.get(mentions.get(i)?.words.start).copied()?;
        let before = mentions[..i].iter().rev();
        let mut prev_sentence: Option<String> = None;
        for p in before {
            let ps = self.sentence_of.get(p.words.start).copied().unwrap_or(0);
            if ps + 1 < s {
                break;
            }
            let Some(iso) = p.country.clone() else { continue };
            if ps == s {
                return Some(iso);
            }
            if prev_sentence.is_none() {
                prev_sentence = Some(iso);
            }
        }
        prev_sentence
    }

    fn output(&self, mentions: &[Mention]) -> Vec<ActorMention> {
        let mut out = Vec::with_capacity(mentions.len());
        for m in mentions {
            let bytes = self.bytes(&m.words);
            let Ok(range) = TextRange::checked(self.text, bytes.start, bytes.end) else {
                continue;
            };
            let (code, country, kb_id, name) = self.code(m);
            out.push(ActorMention {
                range,
                code,
                country,
                kb_id,
                name,
                chain: m.chain,
                how: m.how.to_owned(),
                members: if (m.how.starts_with("description:") && m.how != "description:country")
                    || m.how == "sector+of+countries"
                {
                    m.members.clone()
                } else {
                    Vec::new()
                },
            });
        }
        out
    }

    /// Code, country, KB id and canonical name of a mention.
    fn code(&self, m: &Mention) -> (String, Option<String>, Option<String>, String) {
        let surface = || self.text[self.bytes(&m.words)].to_owned();
        match &m.head {
            // A generated person with a title: the title's sector, the
            // country of the title or of the person's roles.
            What::Kb(r) if r.kind == Kind::Person && !m.sector.is_empty() => {
                let res = self.kb.resolve(*r, self.date);
                let country = m.country.clone().or(res.country);
                let mut code = country.as_deref().map(|c| self.cameo_of(c)).unwrap_or_default();
                code.push_str(&m.sector);
                (code, country, Some(entry_id(self.kb, *r)), res.name)
            }
            What::Kb(r) if matches!(r.kind, Kind::Person | Kind::Organisation) => {
                let res = self.kb.resolve(*r, self.date);
                (res.code, res.country, Some(entry_id(self.kb, *r)), res.name)
            }
            What::Kb(r) if r.kind == Kind::Country && m.how != "country+sector" => {
                let res = self.kb.resolve(*r, self.date);
                (res.code, res.country, Some(entry_id(self.kb, *r)), res.name)
            }
            What::Name(EntityType::Misc) if m.how.starts_with("description") => {
                let country = m.country.clone();
                let code = country.as_deref().map(|c| self.cameo_of(c)).unwrap_or_default();
                let kb_id = country.as_deref().map(|c| format!("country:{c}"));
                let name = country
                    .as_deref()
                    .and_then(|c| self.kb.country(c))
                    .map_or_else(surface, |c| c.name.clone());
                (code, country, kb_id, name)
            }
            What::Name(_) => (String::new(), None, None, surface()),
            // An unknown person with a title: the title's sector, the
            // person's words as the name.
            What::Kb(r) if r.kind == Kind::Agent && m.how == "title+name" => {
                let country = m.country.clone();
                let mut code = country.as_deref().map(|c| self.cameo_of(c)).unwrap_or_default();
                code.push_str(&m.sector);
                (code, country.clone(), country.map(|c| format!("country:{c}")), surface())
            }
            _ => {
                // Country + sector, sector alone, or a metonym.
                let country = m.country.clone();
                let mut code = country.as_deref().map(|c| self.cameo_of(c)).unwrap_or_default();
                code.push_str(&m.sector);
                let kb_id = country.as_deref().map(|c| format!("country:{c}"));
                let mut name = country
                    .as_deref()
                    .and_then(|c| self.kb.country(c))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                if let Some(p) = &m.agent_phrase {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(p);
                } else if m.how == "metonym" {
                    name.push_str(" (government)");
                }
                (code, country, kb_id, name)
            }
        }
    }

    fn cameo_of(&self, iso3: &str) -> String {
        self.kb.country(iso3).map_or_else(|| iso3.to_owned(), |c| c.cameo.clone())
    }
}
