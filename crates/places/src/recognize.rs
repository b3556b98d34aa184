//! Toponym recognition: NER LOC mentions when the document has them, and
//! a scan of capitalised token sequences against the gazetteer, filtered
//! for common words, parts of longer names and person names.

use crate::gazetteer::{Gazetteer, Kind};
use crate::normalize::normalize;
use dateline_doc::{Document, EntityType, TextRange, Upos};
use std::collections::HashSet;
use std::ops::Range;

/// Where a mention came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An NER LOC entity that the gazetteer knows.
    Ner,
    /// The gazetteer scan.
    Gazetteer,
    /// Given from outside (gold spans for resolution-only evaluation).
    Given,
}

/// A toponym found in a document, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where it is (UTF-8 bytes into `doc.text()`).
    pub range: TextRange,
    /// The tokens it covers (indices into `doc.tokens`); empty when the
    /// document has no tokens.
    pub tokens: Range<usize>,
    /// The normalised lookup key.
    pub key: String,
    /// Where it came from.
    pub origin: Origin,
}

/// Connector words allowed inside a multi-word name ("Bosnia and
/// Herzegovina", "Isle of Man", "Rio de Janeiro").
const CONNECTORS: &[&str] = &[
    "of", "and", "de", "du", "la", "le", "da", "do", "del", "des", "dos", "the", "on", "upon", "al", "el",
    "y", "&", "-", "am", "an", "der", "en", "sur",
];

/// Capitalised words that are place names somewhere but almost never in
/// English news prose.
const STOP: &[&str] = &[
    "a",
    "i",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "we",
    "they",
    "you",
    "his",
    "her",
    "our",
    "their",
    "my",
    "your",
    "its",
    "and",
    "but",
    "or",
    "if",
    "so",
    "as",
    "at",
    "in",
    "on",
    "of",
    "to",
    "by",
    "for",
    "with",
    "from",
    "no",
    "yes",
    "not",
    "all",
    "one",
    "two",
    "three",
    "mr",
    "mrs",
    "ms",
    "dr",
    "god",
    "lord",
    "jesus",
    "christ",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "christmas",
    "easter",
    "president",
    "governor",
    "senator",
    "police",
    "sheriff",
    "court",
    "mayor",
    "city",
    "county",
    "state",
    "university",
    "college",
    "school",
    "church",
    "hospital",
    "center",
    "centre",
    "park",
    "street",
    "road",
    "avenue",
    "north",
    "south",
    "east",
    "west",
    "central",
    "union",
    "republic",
    "democrat",
    "republican",
    "democrats",
    "republicans",
    "liberal",
    "national",
    "federal",
    "commonwealth",
    "reuters",
    "ap",
    "cnn",
    "bbc",
    "obama",
    "bush",
    "clinton",
    "washington post",
    "news",
    "times",
    "post",
    "daily",
    "herald",
    "tribune",
    "journal",
    "press",
    "star",
    "sun",
    "globe",
    "mobile",
    "home",
    "hope",
    "unity",
    "liberty",
    "victoria",
    "progress",
    "friendship",
    "independence",
    "harmony",
    "opportunity",
    "energy",
    "justice",
    "health",
    "mercy",
    "grace",
    "faith",
    "charity",
    "story",
    "man",
    "woman",
    "people",
    "boys",
    "girls",
    "kids",
    "media",
    "internet",
    "web",
    "google",
    "twitter",
    "facebook",
    "apple",
    "orange",
    "banana",
    "cotton",
    "sugar",
    "bath",
    "reading",
    "nice",
    "hat",
    "bay",
    "early",
    "price",
    "bonus",
    "best",
    "king",
    "queen",
    "prince",
    "princess",
    "bishop",
    "pope",
    "chief",
    "captain",
    "colonel",
    "general",
    "major",
    "sergeant",
    "officer",
    "deputy",
    "detective",
    "judge",
    "attorney",
    "coach",
    "pastor",
    "reverend",
    "doctor",
    "professor",
    "ceo",
    "chairman",
    "mission",
    "ministry",
    "minister",
    "government",
    "parliament",
    "congress",
    "senate",
    "house",
    "white house",
    "supreme court",
    "council",
    "board",
    "committee",
    "department",
    "agency",
    "office",
    "bureau",
    "army",
    "navy",
    "air force",
    "marines",
    "guard",
    "fire",
    "rescue",
    "emergency",
    "medical",
    "memorial",
    "veterans",
    "heritage",
    "plaza",
    "mall",
    "market",
    "village",
    "town",
    "township",
    "borough",
    "district",
    "region",
    "province",
    "territory",
    "island",
    "lake",
    "river",
    "mountain",
    "valley",
    "beach",
    "harbor",
    "harbour",
    "port",
    "airport",
    "station",
    "bridge",
    "highway",
    "interstate",
    "route",
    "trail",
    "canyon",
    "forest",
    "garden",
    "gardens",
    "heights",
    "hills",
    "springs",
    "falls",
    "crossing",
    "junction",
    "landing",
    "point",
    "ridge",
    "view",
    "vista",
    "summit",
    "paradise",
    "eden",
    "hamas",
    "olympic",
    "olympics",
    "superior",
    "supreme",
    "metro",
    "over",
    "miss",
    "titan",
    "hezbollah",
    "taliban",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "western",
    "eastern",
    "northern",
    "southern",
    "mart",
];

/// Titles and roles before a person's name ("Sen. Jackson").
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "senator",
    "gov",
    "governor",
    "rep",
    "representative",
    "lt",
    "sgt",
    "capt",
    "cpl",
    "pvt",
    "gen",
    "col",
    "maj",
    "adm",
    "det",
    "officer",
    "president",
    "judge",
    "justice",
    "coach",
    "pastor",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "mayor",
    "commissioner",
    "sheriff",
    "deputy",
    "chief",
    "secretary",
    "minister",
    "prof",
    "professor",
    "st",
    "saint",
    "attorney",
    "councilman",
    "councilwoman",
    "trooper",
    "sergeant",
    "lieutenant",
    "captain",
    "colonel",
    "general",
    "chairman",
    "director",
    "superintendent",
    "principal",
    "dean",
    "bishop",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "lady",
    "sir",
    "dame",
    "uncle",
    "aunt",
];

/// Words after a place name that still leave it a place ("Texas Gov.
/// Rick Perry", "Moscow officials").
const AFTER_OK: &[&str] = &[
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "attorney",
    "secretary",
    "president",
    "prime",
    "minister",
    "mayor",
    "police",
    "officials",
    "official",
    "authorities",
    "residents",
    "native",
    "state",
    "area",
    "region",
    "metro",
    "county",
    "counties",
    "city",
    "town",
    "township",
    "parish",
    "province",
    "district",
    "times",
    "time",
    "dept",
    "department",
    "lt",
    "sgt",
    "officer",
    "army",
    "navy",
    "government",
    "president-elect",
    "supreme",
    "interior",
    "foreign",
    "defense",
    "defence",
    "coast",
    "gulf",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "republicans",
    "democrats",
    "republican",
    "democratic",
];

/// Words before a place name that still leave it a place ("Downtown
/// Gainesville", "North Georgia").
const BEFORE_OK: &[&str] = &[
    "downtown",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "upper",
    "lower",
    "metro",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "midtown",
    "uptown",
    "rural",
    "in",
    "at",
    "near",
    "from",
    "to",
    "of",
    "and",
];

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn bare(s: &str) -> String {
    s.trim_end_matches('.').to_lowercase()
}

/// What the recogniser may use of the document.
struct View<'a> {
    doc: &'a Document,
    tagged: bool,
}

impl View<'_> {
    fn text(&self, i: usize) -> &str {
        self.doc.tokens.get(i).map_or("", |t| self.doc.slice(t.range))
    }
    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens.get(i).and_then(|t| t.upos)
    }
}

/// Finds toponym mentions in `doc`, which must have tokens and sentences.
///
/// With NER entities (`doc.entities`), LOC mentions the gazetteer knows
/// come first, PER/ORG mentions veto gazetteer matches inside them, and
/// the gazetteer scan adds what NER missed. Without them, the scan alone
/// works from capitalisation, the POS tags when present, and filters.
pub fn recognize(gaz: &Gazetteer, doc: &Document) -> Vec<Mention> {
    let view = View { doc, tagged: doc.tokens.iter().any(|t| t.upos.is_some()) };
    let mut out: Vec<Mention> = Vec::new();
    // 1. NER LOC mentions
    for e in doc.entities.iter().filter(|e| e.kind == EntityType::Loc) {
        let key = normalize(doc.slice(e.range));
        if profile(gaz, &key).1 && !STOP.contains(&key.as_str()) {
            out.push(Mention { range: e.range, tokens: token_span(doc, e.range), key, origin: Origin::Ner });
        }
    }
    // 2. the gazetteer scan
    let lower_words = lowercase_vocabulary(doc);
    let surnames = surnames(gaz, &view);
    let max_tokens = gaz.max_words().clamp(1, 8) + 2;
    let mut placey: HashSet<String> = HashSet::new();
    let mut held: Vec<Mention> = Vec::new();
    for s in &doc.sentences {
        let (start, end) = (s.tokens.start as usize, (s.tokens.end as usize).min(doc.tokens.len()));
        let mut i = start;
        let mut prev_end = None;
        while i < end {
            let Some(j) = longest_match(gaz, &view, i, end, max_tokens) else {
                i += 1;
                continue;
            };
            let Some(range) =
                doc.tokens.get(i).zip(doc.tokens.get(j - 1)).map(|(a, b)| a.range.cover(b.range))
            else {
                break;
            };
            let key = normalize(doc.slice(range));
            if keep(gaz, &view, &key, i, j, start, &lower_words, &surnames, prev_end) {
                match vetoed(gaz, &view, range, i..j, &key) {
                    Veto::No => {}
                    Veto::Placey => {
                        placey.insert(key.clone());
                    }
                    Veto::Yes => {
                        held.push(Mention { range, tokens: i..j, key, origin: Origin::Gazetteer });
                        i = j;
                        continue;
                    }
                }
                out.push(Mention { range, tokens: i..j, key, origin: Origin::Gazetteer });
                prev_end = Some(j);
            }
            i = j;
        }
    }
    // one sense per discourse: a name NER calls a person is still a place
    // when the document uses it as one elsewhere ("in Greer", NER LOC)
    for m in &out {
        if m.origin == Origin::Ner {
            placey.insert(m.key.clone());
        }
    }
    out.extend(held.into_iter().filter(|m| placey.contains(&m.key)));
    out.sort_by_key(|m| (m.range.start(), std::cmp::Reverse(m.range.end())));
    // drop overlaps: the first (NER or longest) wins
    let mut kept: Vec<Mention> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_some_and(|k| k.range.end() > m.range.start()) {
            continue;
        }
        kept.push(m);
    }
    kept
}

/// The tokens overlapping `range`.
pub(crate) fn token_span(doc: &Document, range: TextRange) -> Range<usize> {
    let first = doc.tokens.partition_point(|t| t.range.end() <= range.start());
    let mut last = first;
    while last < doc.tokens.len() && doc.tokens[last].range.start() < range.end() {
        last += 1;
    }
    first..last
}

fn lowercase_vocabulary(doc: &Document) -> HashSet<&str> {
    doc.tokens
        .iter()
        .map(|t| doc.slice(t.range))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect()
}

fn longest_match(gaz: &Gazetteer, v: &View<'_>, i: usize, end: usize, max_tokens: usize) -> Option<usize> {
    let first = v.text(i);
    if !is_capitalised(first) || first == "The" {
        return None;
    }
    let limit = end.min(i + max_tokens);
    // extend over capitalised words and connectors
    let mut stop = i + 1;
    while stop < limit {
        let w = v.text(stop);
        if is_capitalised(w) || CONNECTORS.contains(&w.to_lowercase().as_str()) || w == "." {
            stop += 1;
        } else {
            break;
        }
    }
    for j in (i + 1..=stop).rev() {
        let last = v.text(j - 1);
        if !is_capitalised(last) {
            continue;
        }
        let (Some(a), Some(b)) = (v.doc.tokens.get(i), v.doc.tokens.get(j - 1)) else { continue };
        let key = normalize(v.doc.slice(a.range.cover(b.range)));
        if gaz.postings(&key).next().is_some() {
            return Some(j);
        }
    }
    None
}

/// The strongest kind among a key's entries, and whether any is a main
/// name or a big place.
fn profile(gaz: &Gazetteer, key: &str) -> (Kind, bool) {
    let mut best = Kind::Other;
    let mut solid = false;
    for (id, alt) in gaz.postings(key) {
        let k = gaz.kind(id);
        let big = matches!(k, Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1);
        if !alt || big || gaz.population(id) >= 100_000 {
            solid = true;
            if rank(k) < rank(best) {
                best = k;
            }
        }
    }
    (best, solid)
}

fn rank(k: Kind) -> u8 {
    match k {
        Kind::Country | Kind::Continent => 0,
        Kind::Region => 1,
        Kind::Admin1 => 2,
        Kind::Capital => 3,
        Kind::Admin2 => 4,
        Kind::City => 5,
        Kind::Other => 6,
    }
}

#[allow(clippy::too_many_arguments)]
fn keep(
    gaz: &Gazetteer,
    v: &View<'_>,
    key: &str,
    i: usize,
    j: usize,
    sent_start: usize,
    lower: &HashSet<&str>,
    surnames: &HashSet<String>,
    prev_match_end: Option<usize>,
) -> bool {
    let (kind, solid) = profile(gaz, key);
    if !solid {
        return false;
    }
    let big = matches!(kind, Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1);
    if STOP.contains(&key) {
        return false;
    }
    let single = j == i + 1;
    let word = v.text(i);
    let prev = if i > sent_start { v.text(i - 1) } else { "" };
    let after_comma = prev == ",";
    // all-caps short words are acronyms (ABC, NBC) unless a country code
    // (US, UK) or a state code after a comma ("Paris, TX")
    if single && word.len() <= 5 && word.chars().all(|c| c.is_ascii_uppercase()) {
        let ok = (kind == Kind::Country && word.len() <= 3) || (big && after_comma);
        if !ok {
            return false;
        }
    }
    // "Ga.", "Ill.", "Miss.": state abbreviations only after a comma
    if single
        && word.ends_with('.')
        && word.len() <= 6
        && !word[..word.len() - 1].contains('.')
        && !after_comma
    {
        return false;
    }
    if v.tagged {
        // demonyms and country names may be tagged ADJ/NOUN
        // the tagger calls a capitalised modifier ADJ at times ("the
        // Gainesville sewer system"): allowed inside a sentence
        let all_propn = (i..j).all(|k| {
            matches!(
                v.upos(k),
                Some(Upos::PROPN) | Some(Upos::PUNCT) | Some(Upos::ADP) | Some(Upos::CCONJ) | Some(Upos::DET)
            ) || (k > sent_start && v.upos(k) == Some(Upos::ADJ))
        });
        if !all_propn && !big {
            return false;
        }
    } else if single && i == sent_start && lower.contains(word.to_lowercase().as_str()) {
        return false;
    }
    if single && i > sent_start && !big && lower.contains(word.to_lowercase().as_str()) {
        return false;
    }
    if single && !big && surnames.contains(word) {
        return false;
    }
    // a first name: "Michael Jones", when "Jones" is a surname in the document
    if single && !big && j < v.doc.tokens.len() && surnames.contains(v.text(j)) {
        return false;
    }
    // "Alliance of Sahel States", "Bank of America": the start of a longer name
    if !big && j + 1 < v.doc.tokens.len() && v.text(j) == "of" && is_capitalised(v.text(j + 1)) {
        return false;
    }
    // person names: a title or a capitalised first name before it
    if i > sent_start && prev_match_end != Some(i) {
        let p = bare(prev);
        if TITLES.contains(&p.as_str()) {
            return false;
        }
        // (with NER, its PER mentions do this job)
        if v.doc.entities.is_empty()
            && is_capitalised(prev)
            && !BEFORE_OK.contains(&p.as_str())
            && !prev.ends_with('.')
            && !big
        {
            let prev_propn = !v.tagged || v.upos(i - 1) == Some(Upos::PROPN);
            if prev_propn && (v.tagged || i - 1 != sent_start) {
                return false;
            }
        }
        // "Chamber of Commerce", "Bank of America" (but "City of Gainesville")
        if !big && i >= sent_start + 2 && matches!(p.as_str(), "of" | "and" | "for") {
            let pp = v.text(i - 2);
            let org_head = ORG_HEADS.contains(&bare(pp).as_str());
            if is_capitalised(pp)
                && (org_head || (p != "of" && !OF_OK.contains(&bare(pp).as_str()) && !gaz.contains(pp)))
            {
                return false;
            }
        }
    }
    true
}

/// Heads of organisation names "X of Y" whose Y is not a toponym
/// ("Chamber of Commerce", "Bank of America").
const ORG_HEADS: &[&str] = &[
    "chamber",
    "bank",
    "department",
    "dept",
    "bureau",
    "ministry",
    "secretary",
    "daughters",
    "sons",
    "knights",
    "society",
    "association",
    "federation",
    "league",
    "church",
];

/// Heads of "X of PLACE" that leave PLACE a place.
const OF_OK: &[&str] = &[
    "city",
    "town",
    "village",
    "county",
    "state",
    "province",
    "republic",
    "commonwealth",
    "borough",
    "township",
    "kingdom",
    "region",
    "district",
    "parish",
    "isle",
    "island",
    "islands",
    "gulf",
    "bay",
    "port",
    "mayor",
    "people",
    "north",
    "south",
    "east",
    "west",
    "outside",
    "most",
    "part",
    "center",
    "centre",
];

/// Surnames: the last word of a run of capitalised proper nouns that is
/// not a place ("Michael Jones" makes a later "Jones" a person).
fn surnames(gaz: &Gazetteer, v: &View<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in &v.doc.sentences {
        let (start, end) = (s.tokens.start as usize, (s.tokens.end as usize).min(v.doc.tokens.len()));
        let mut i = start;
        while i < end {
            let name_like = |k: usize| {
                let w = v.text(k);
                is_capitalised(w) && !w.ends_with('.') && (!v.tagged || v.upos(k) == Some(Upos::PROPN))
            };
            if !name_like(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < end && name_like(j) {
                j += 1;
            }
            if j - i >= 2 && (v.tagged || i != start) {
                let (a, b) = (v.doc.tokens[i].range, v.doc.tokens[j - 1].range);
                let last = v.text(j - 1);
                let (kind, _) = profile(gaz, &normalize(last));
                let whole = gaz.contains(v.doc.slice(a.cover(b)));
                let place_word =
                    AFTER_OK.contains(&bare(last).as_str()) || STOP.contains(&bare(last).as_str());
                let place_before = BEFORE_OK.contains(&bare(v.text(i)).as_str());
                let big_place =
                    gaz.postings(&normalize(last)).any(|(id, alt)| !alt && gaz.population(id) >= 50_000);
                if !whole
                    && !place_word
                    && !place_before
                    && !big_place
                    && !matches!(kind, Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1)
                {
                    out.insert(last.to_string());
                }
            }
            i = j;
        }
    }
    out
}

/// What NER's PER mentions say of a gazetteer match.
enum Veto {
    /// Nothing.
    No,
    /// A PER span covers it but the words around make it a place ("in
    /// Greer", "Greer, South Carolina").
    Placey,
    /// A PER span covers more than the match ("Paris Hilton"), or exactly
    /// a one-word match that is not a country or first-level division
    /// ("Trapani said").
    Yes,
}

fn vetoed(gaz: &Gazetteer, v: &View<'_>, range: TextRange, toks: Range<usize>, key: &str) -> Veto {
    let doc = v.doc;
    let single = toks.len() == 1;
    let prev = if toks.start > 0 { v.text(toks.start - 1).to_lowercase() } else { String::new() };
    let after_comma = v.text(toks.end) == "," && {
        let next = v.text(toks.end + 1);
        matches!(profile(gaz, &normalize(next)).0, Kind::Country | Kind::Admin1)
            || (next.len() == 2 && next.chars().all(|c| c.is_ascii_uppercase()))
    };
    let placey =
        after_comma || matches!(prev.as_str(), "in" | "near" | "at" | "outside" | "downtown" | "from");
    let mut covered = false;
    for e in doc.entities.iter().filter(|e| e.kind == EntityType::Per) {
        if e.range.start() <= range.start() && range.end() <= e.range.end() {
            covered = true;
            let big =
                matches!(profile(gaz, key).0, Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1);
            if e.range != range || (single && !big && !placey) {
                return Veto::Yes;
            }
        }
    }
    if covered && placey {
        Veto::Placey
    } else {
        Veto::No
    }
}
