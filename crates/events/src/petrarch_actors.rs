//! Actor coding from PETRARCH actor, agent and discard dictionaries, so
//! that existing users' dictionaries code actors directly.
//!
//! [`PetrarchActors`] reads the three PETRARCH dictionary formats and codes
//! the [`ActorMention`]s of a tokenised (and tagged) [`Document`]:
//!
//! - **Actors** (`NAME_WITH_UNDERSCORES [CODE]`): `+NAME` lines are synonyms
//!   of the entry above; indented `[CODE <yymmdd]`, `[CODE >yymmdd]`,
//!   `[CODE yymmdd-yymmdd]` lines (six- or eight-digit dates) give the code
//!   valid before, after or between dates (bounds inclusive for ranges,
//!   strict for `<`/`>`); the first restriction that holds at the article's
//!   date wins, else the entry's undated code. A compound code
//!   (`[FRO/BIL/SAM]`) stands for one actor per part; `[---]` is PETRARCH's
//!   null code and is kept as such.
//! - **Agents** (`NOUN {PLURALS} [~SUFFIX]` or `[PREFIX~]`): a role noun
//!   whose code is appended to (`~GOV`) or put before (`NGO~`) the actor's.
//!   Plurals are generated (`-s`, `-es`, `-y` → `-ies`) unless given in
//!   braces (`{}` for none); `!SET! = A, B` lines define substitution sets
//!   used inside agent names (`CONGRESS!PERSON!`).
//! - **Discards**: a sentence containing a phrase gets no actors; a phrase
//!   marked `+` discards the whole story.
//!
//! Coding works on noun-phrase chunks of the token sequence (nouns,
//! adjectives, determiners, possessives, coordinators and `of`/`in`/`from`).
//! Within a chunk, coordinated parts are split ("Mordor, Rohan and Bree"),
//! an agent takes the actor of its part ("Gondor police" → `GONCOP`,
//! "MSF Arnor diplomat" → `NGOARNGOV`), agents before `of`/`in`/`from` take
//! the actors after it ("Lawmakers in Fornost and Gondor" → `FORLEG` and
//! `GONLEG`), a coordinated agent without its own actor shares the first
//! part's ("Danish media and government" → `DNKMED`, `DNKGOV`), and an agent
//! with no actor at all is coded on PETRARCH's null actor (`---GOV`). An
//! agent code is not repeated when the actor's code already holds it at a
//! three-letter boundary. A phrase that stands for several actors becomes a
//! mention with `members` (one mention per actor, as for "the two
//! countries").

use dateline_actors::petrarch::date_number as dictionary_date;
use dateline_doc::{ActorMention, Document, Layer, Layers, Stage, TextRange, Upos};
use std::collections::HashMap;

/// A code valid during a span of dates (`yyyymmdd`, bounds as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The code.
    pub code: String,
    /// Valid from this date (inclusive), or `None`.
    pub from: Option<u32>,
    /// Valid until this date (inclusive), or `None`.
    pub until: Option<u32>,
}

impl DatedCode {
    fn holds(&self, date: u32) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date <= u)
    }
}

/// An actor of the dictionary: its names and codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrarchActor {
    /// The names (the primary one first), lower case, words separated by
    /// single spaces.
    pub names: Vec<String>,
    /// The undated code, if any.
    pub code: Option<String>,
    /// Date-restricted codes, in file order.
    pub dated: Vec<DatedCode>,
}

impl PetrarchActor {
    /// The code at `date` (`yyyymmdd`): the first dated code that holds,
    /// else the undated one. Without a date (or when nothing holds and
    /// there is no undated code) the undated code, else the last dated one.
    pub fn code_at(&self, date: Option<u32>) -> Option<&str> {
        if let Some(d) = date {
            if let Some(c) = self.dated.iter().find(|c| c.holds(d)) {
                return Some(&c.code);
            }
        }
        self.code.as_deref().or_else(|| self.dated.last().map(|c| c.code.as_str()))
    }
}

/// An agent of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchAgent {
    /// Its forms (singular and plurals), lower case, words separated by
    /// single spaces.
    pub names: Vec<String>,
    /// The code.
    pub code: String,
    /// True for a prefix (`[NGO~]`), false for a suffix (`[~GOV]`).
    pub prefix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Actor(usize),
    Agent(usize),
}

/// PETRARCH actor, agent and discard dictionaries, ready to code mentions.
#[derive(Debug, Clone, Default)]
pub struct PetrarchActors {
    actors: Vec<PetrarchActor>,
    agents: Vec<PetrarchAgent>,
    names: HashMap<Vec<String>, Entry>,
    longest: usize,
    /// Sentence-level discard phrases (word lists).
    discards: Vec<Vec<String>>,
    /// Story-level discard phrases.
    story_discards: Vec<Vec<String>>,
}

/// Removes `<!-- ... -->` comments (which may span lines) and `#` comments.
fn strip_comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for line in text.lines() {
        let mut kept = String::new();
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        kept.push_str(&rest[..i]);
                        rest = &rest[i + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        let kept = kept.split('#').next().unwrap_or("").trim_end().to_string();
        // Malformed comment openers ("<! -- NEW ACTORS -->").
        if kept.trim_start().starts_with('<') {
            out.push(String::new());
        } else {
            out.push(kept);
        }
    }
    out
}

/// A dictionary name as words: `_` and spaces separate words, case folded.
fn name_words(s: &str) -> Vec<String> {
    s.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn clean_code(s: &str) -> String {
    s.trim().to_uppercase()
}

/// Parses the inside of a bracket: `CODE`, `CODE <date`, `CODE >date`,
/// `CODE date-date`.
fn bracket(inner: &str) -> Option<DatedCode> {
    let inner = inner.trim();
    let code_end = inner.find([' ', '\t', '<', '>']).unwrap_or(inner.len());
    let code = clean_code(&inner[..code_end]);
    if code.is_empty() {
        return None;
    }
    let rest = inner[code_end..].trim();
    let (mut from, mut until) = (None, None);
    if let Some(d) = rest.strip_prefix('<') {
        // Strictly before the date.
        until = dictionary_date(d).map(|d| d.saturating_sub(1));
    } else if let Some(d) = rest.strip_prefix('>') {
        from = dictionary_date(d).map(|d| d + 1);
    } else if let Some((a, b)) = rest.split_once('-') {
        from = dictionary_date(a);
        until = dictionary_date(b);
    }
    Some(DatedCode { code, from, until })
}

/// The brackets `[...]` of a line.
fn brackets(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find('[') {
        let after = &rest[i + 1..];
        let Some(j) = after.find(']') else { break };
        out.push(&after[..j]);
        rest = &after[j + 1..];
    }
    out
}

/// Generated plurals of an agent noun (the last word is inflected).
fn plurals(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut out = Vec::new();
    if let Some(stem) = lower.strip_suffix("man") {
        out.push(format!("{stem}men"));
    }
    let vowel_y = lower.len() >= 2 && lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if lower.ends_with('y') && !vowel_y {
        out.push(format!("{}ies", &lower[..lower.len() - 1]));
    } else if ["s", "sh", "ch", "x", "z"].iter().any(|e| lower.ends_with(e)) {
        out.push(format!("{lower}es"));
    } else {
        out.push(format!("{lower}s"));
    }
    out
}

impl PetrarchActors {
    /// Empty dictionaries.
    pub fn new() -> PetrarchActors {
        PetrarchActors::default()
    }

    /// The actors read so far.
    pub fn actors(&self) -> &[PetrarchActor] {
        &self.actors
    }

    /// The agents read so far.
    pub fn agents(&self) -> &[PetrarchAgent] {
        &self.agents
    }

    fn add_name(&mut self, words: Vec<String>, e: Entry) {
        if words.is_empty() {
            return;
        }
        self.longest = self.longest.max(words.len());
        // The first entry for a name wins, as in PETRARCH.
        self.names.entry(words).or_insert(e);
    }

    /// Adds an actor dictionary (PETRARCH-1 or -2 format).
    pub fn read_actors(&mut self, text: &str) {
        let mut pending: Option<PetrarchActor> = None;
        let lines = strip_comments(text);
        let flush = |me: &mut PetrarchActors, p: Option<PetrarchActor>| {
            if let Some(a) = p {
                if a.code.is_some() || !a.dated.is_empty() {
                    let k = me.actors.len();
                    for n in &a.names {
                        me.add_name(name_words(n), Entry::Actor(k));
                    }
                    me.actors.push(a);
                }
            }
        };
        for line in &lines {
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            let t = line.trim();
            let codes: Vec<DatedCode> = brackets(t).into_iter().filter_map(bracket).collect();
            let add_codes = |a: &mut PetrarchActor, codes: Vec<DatedCode>| {
                for c in codes {
                    if c.from.is_none() && c.until.is_none() {
                        a.code = Some(c.code);
                    } else {
                        a.dated.push(c);
                    }
                }
            };
            if let Some(syn) = t.strip_prefix('+') {
                if let Some(a) = pending.as_mut() {
                    let name = syn.split('[').next().unwrap_or("");
                    a.names.push(name_words(name).join(" "));
                    add_codes(a, codes);
                }
                continue;
            }
            if t.starts_with('[') && (indented || pending.is_some()) {
                if let Some(a) = pending.as_mut() {
                    add_codes(a, codes);
                }
                continue;
            }
            let name = name_words(t.split('[').next().unwrap_or(""));
            if name.is_empty() {
                continue;
            }
            let p = pending.take();
            flush(self, p);
            let mut a = PetrarchActor { names: vec![name.join(" ")], ..PetrarchActor::default() };
            add_codes(&mut a, codes);
            pending = Some(a);
        }
        flush(self, pending);
    }

    /// Adds an agent dictionary.
    pub fn read_agents(&mut self, text: &str) {
        let lines = strip_comments(text);
        let mut sets: HashMap<String, Vec<String>> = HashMap::new();
        for line in &lines {
            let t = line.trim();
            if t.starts_with('!') {
                if let Some((name, vals)) = t.split_once('=') {
                    let members = vals.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
                    sets.insert(name.trim().to_uppercase(), members.collect());
                }
            }
        }
        for line in &lines {
            let t = line.trim();
            if t.is_empty() || t.starts_with('!') && t.contains('=') {
                continue;
            }
            let Some(code_inner) = brackets(t).into_iter().next() else { continue };
            let raw = code_inner.trim().to_uppercase();
            let (code, prefix) = match (raw.strip_prefix('~'), raw.strip_suffix('~')) {
                (Some(c), _) => (c.trim().to_string(), false),
                (None, Some(c)) => (c.trim().to_string(), true),
                _ => (raw.clone(), false),
            };
            if code.is_empty() {
                continue;
            }
            let head = t.split(['[', '{']).next().unwrap_or("").trim();
            let explicit: Option<Vec<String>> = t.find('{').map(|i| {
                let inner = t[i + 1..].split('}').next().unwrap_or("");
                inner.split_whitespace().map(str::to_string).collect()
            });
            // Expand substitution sets (`!PERSON!`).
            let mut forms = vec![head.to_string()];
            while let Some(f) = forms.iter().position(|f| f.matches('!').count() >= 2) {
                let f = forms.remove(f);
                let (Some(a), Some(b)) = (f.find('!'), f[f.find('!').map_or(0, |a| a + 1)..].find('!'))
                else {
                    break;
                };
                let b = a + 1 + b;
                let key = f[a..=b].to_uppercase();
                match sets.get(&key) {
                    Some(vals) => {
                        for v in vals {
                            forms.push(format!("{}{v}{}", &f[..a], &f[b + 1..]));
                        }
                    }
                    None => forms.push(format!("{}{}", &f[..a], &f[b + 1..])),
                }
            }
            let mut names = Vec::new();
            for f in &forms {
                let words = name_words(f);
                if words.is_empty() {
                    continue;
                }
                names.push(words.join(" "));
                match &explicit {
                    Some(list) => {
                        names.extend(list.iter().map(|p| name_words(p).join(" ")).filter(|p| !p.is_empty()))
                    }
                    None => {
                        let (last, init) =
                            words.split_last().map(|(l, i)| (l.clone(), i.to_vec())).unwrap_or_default();
                        for p in plurals(&last) {
                            let mut w = init.clone();
                            w.push(p);
                            names.push(w.join(" "));
                        }
                    }
                }
            }
            let k = self.agents.len();
            for n in &names {
                self.add_name(name_words(n), Entry::Agent(k));
            }
            self.agents.push(PetrarchAgent { names, code, prefix });
        }
    }

    /// Adds a discards dictionary.
    pub fn read_discards(&mut self, text: &str) {
        for line in strip_comments(text) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            match t.strip_prefix('+') {
                Some(s) => self.story_discards.push(name_words(s)),
                None => self.discards.push(name_words(t)),
            }
        }
    }

    /// The code of the actor named `name` at `date` (`yyyymmdd`).
    pub fn lookup(&self, name: &str, date: Option<u32>) -> Option<&str> {
        match self.names.get(&name_words(name))? {
            Entry::Actor(k) => self.actors[*k].code_at(date),
            Entry::Agent(_) => None,
        }
    }

    /// Codes the actor mentions of `doc` (tokens needed; tags and
    /// sentences used when present) at `date` (`yyyymmdd`; `None` uses
    /// undated codes).
    pub fn mentions(&self, doc: &Document, date: Option<u32>) -> Vec<ActorMention> {
        let words = Words::of(doc);
        if words.w.is_empty() || self.story_discarded(&words) {
            return Vec::new();
        }
        let matches = self.find(&words);
        let mut b = Builder { doc, out: Vec::new() };
        let sentences: Vec<(usize, usize)> = if doc.sentences.is_empty() {
            vec![(0, doc.tokens.len())]
        } else {
            doc.sentences.iter().map(|s| (s.tokens.start as usize, s.tokens.end as usize)).collect()
        };
        for (a, z) in sentences {
            if self.sentence_discarded(&words, a, z) {
                continue;
            }
            for chunk in chunks(doc, &matches, a, z.min(doc.tokens.len())) {
                self.code_chunk(&mut b, &chunk, date);
            }
        }
        let mut out = b.out;
        // Groups before their members at the same place.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| {
            (out[i].range.start(), std::cmp::Reverse(out[i].range.end()), out[i].members.is_empty())
        });
        let mut sorted = Vec::with_capacity(out.len());
        for i in order {
            sorted.push(std::mem::replace(&mut out[i], empty_mention()));
        }
        sorted
    }

    fn story_discarded(&self, words: &Words) -> bool {
        self.story_discards.iter().any(|d| words.contains(d, 0, usize::MAX))
    }

    fn sentence_discarded(&self, words: &Words, a: usize, z: usize) -> bool {
        self.discards.iter().any(|d| words.contains(d, a, z))
    }

    /// Longest dictionary matches over the words, left to right.
    fn find(&self, words: &Words) -> Vec<Match> {
        let mut out = Vec::new();
        let w = &words.w;
        let mut i = 0;
        while i < w.len() {
            let mut hit = None;
            for n in (1..=self.longest.min(w.len() - i)).rev() {
                let key: Vec<String> = w[i..i + n].iter().map(|x| x.text.clone()).collect();
                if let Some(e) = self.names.get(&key) {
                    hit = Some((n, *e));
                    break;
                }
            }
            match hit {
                Some((n, e)) => {
                    out.push(Match {
                        first_tok: w[i].tok,
                        last_tok: w[i + n - 1].tok,
                        range: w[i].range.cover(w[i + n - 1].range),
                        entry: e,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    fn code_chunk(&self, b: &mut Builder, chunk: &Chunk, date: Option<u32>) {
        // Split at `of`/`in`/`from` followed by a part with an actor.
        let mut segments: Vec<(Vec<Part>, Option<Vec<Part>>)> = Vec::new();
        let mut rest: &[Item] = &chunk.items;
        loop {
            let split = rest.iter().enumerate().position(|(k, it)| {
                matches!(it, Item::Adp)
                    && rest[k + 1..]
                        .iter()
                        .take_while(|x| !matches!(x, Item::Adp))
                        .any(|x| matches!(x, Item::M(m) if matches!(m.entry, Entry::Actor(_))))
            });
            match split {
                Some(k) => {
                    let left = parts(&rest[..k]);
                    let after = &rest[k + 1..];
                    let end = after.iter().position(|x| matches!(x, Item::Adp)).unwrap_or(after.len());
                    let right = parts(&after[..end]);
                    segments.push((left, Some(right)));
                    rest = &after[end..];
                }
                None => {
                    segments.push((parts(rest), None));
                    break;
                }
            }
        }
        for (left, right) in segments {
            let lcoded = self.code_parts(&left, date, right.is_none());
            let Some(right) = right else {
                for c in lcoded {
                    b.emit(c.range, c.codes);
                }
                continue;
            };
            let rcoded = self.code_parts(&right, date, true);
            let heads: Vec<&Coded> = lcoded.iter().filter(|c| c.agent_only).collect();
            for c in lcoded.iter().filter(|c| !c.agent_only) {
                b.emit(c.range, c.codes.clone());
            }
            if heads.is_empty() {
                for c in rcoded {
                    b.emit(c.range, c.codes);
                }
                continue;
            }
            let actors: Vec<&Coded> = rcoded.iter().filter(|c| !c.agent_only).collect();
            let mut members: Vec<(TextRange, String)> = Vec::new();
            for h in &heads {
                for r in &actors {
                    for rc in &r.codes {
                        members.push((r.range, compose(&h.prefixes, rc, &h.suffixes)));
                    }
                }
            }
            let start = heads[0].range.start();
            let end = actors.iter().map(|r| r.range.end()).max().unwrap_or(heads[0].range.end());
            let range = TextRange::new(start, end.max(start));
            if members.len() == 1 {
                b.emit(range, vec![members.remove(0).1]);
            } else {
                b.group(range, members);
            }
            for r in rcoded.iter().filter(|c| c.agent_only) {
                b.emit(r.range, r.codes.clone());
            }
        }
    }

    /// Codes coordinated parts: each part's first actor with its agents;
    /// with `inherit`, a part with agents only shares the actor (and the
    /// agents modifying the head) of the nearest part before it that has
    /// one.
    fn code_parts(&self, parts: &[Part], date: Option<u32>, inherit: bool) -> Vec<Coded> {
        let mut out: Vec<Coded> = Vec::new();
        // The last actor's codes and the agents a later part shares.
        let mut shared: Option<(Vec<String>, Vec<String>, Vec<String>)> = None;
        for p in parts {
            let Some(range) = p.range() else { continue };
            let mut actor: Option<Vec<String>> = None;
            let (mut prefixes, mut suffixes) = (Vec::new(), Vec::new());
            for m in &p.matches {
                match m.entry {
                    Entry::Actor(k) => {
                        if actor.is_none() {
                            let code = self.actors[k].code_at(date).unwrap_or("");
                            actor =
                                Some(code.split('/').filter(|c| !c.is_empty()).map(str::to_string).collect());
                        }
                    }
                    Entry::Agent(k) => {
                        let a = &self.agents[k];
                        if a.prefix {
                            prefixes.push(a.code.clone());
                        } else {
                            suffixes.push(a.code.clone());
                        }
                    }
                }
            }
            match actor {
                Some(codes) if !codes.is_empty() => {
                    let (mut sp, mut ss) = (prefixes.clone(), suffixes.clone());
                    // The head agent (the part's last match) is not shared.
                    if let Some(Entry::Agent(k)) = p.matches.last().map(|m| m.entry) {
                        if self.agents[k].prefix {
                            sp.pop();
                        } else {
                            ss.pop();
                        }
                    }
                    let composed = codes.iter().map(|c| compose(&prefixes, c, &suffixes)).collect();
                    shared = Some((codes, sp, ss));
                    out.push(Coded {
                        range,
                        codes: composed,
                        prefixes: Vec::new(),
                        suffixes: Vec::new(),
                        agent_only: false,
                    });
                }
                Some(_) => {}
                // "his government": someone named elsewhere.
                None if prefixes.is_empty() && suffixes.is_empty() || p.pronoun => {}
                None => match shared.as_ref().filter(|_| inherit) {
                    Some((codes, sp, ss)) => {
                        let pre: Vec<String> = sp.iter().chain(&prefixes).cloned().collect();
                        let suf: Vec<String> = ss.iter().chain(&suffixes).cloned().collect();
                        let codes = codes.iter().map(|c| compose(&pre, c, &suf)).collect();
                        out.push(Coded {
                            range,
                            codes,
                            prefixes: Vec::new(),
                            suffixes: Vec::new(),
                            agent_only: false,
                        });
                    }
                    None => {
                        let null = if suffixes.is_empty() {
                            prefixes.concat()
                        } else {
                            compose(&prefixes, "---", &suffixes)
                        };
                        out.push(Coded { range, codes: vec![null], prefixes, suffixes, agent_only: true });
                    }
                },
            }
        }
        out
    }
}

impl Stage for PetrarchActors {
    fn name(&self) -> &'static str {
        "actors.petrarch.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens, Layer::Tags])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Actors])
    }
    fn run(&self, doc: &mut Document) {
        let date = doc.meta.published.as_ref().map(|p| date_number(p.date));
        doc.actors = self.mentions(doc, date);
    }
}

/// A calendar date as `yyyymmdd`.
pub fn date_number(d: jiff::civil::Date) -> u32 {
    let y = u32::try_from(d.year()).unwrap_or(0);
    y * 10_000 + u32::try_from(d.month()).unwrap_or(0) * 100 + u32::try_from(d.day()).unwrap_or(0)
}

/// `prefixes + code + suffixes`, skipping a suffix the code already holds
/// at a three-letter boundary.
fn compose(prefixes: &[String], code: &str, suffixes: &[String]) -> String {
    let mut out: String = prefixes.concat();
    out.push_str(code);
    for s in suffixes {
        let held = (0..out.len()).step_by(3).any(|i| out[i..].starts_with(s.as_str()));
        if !held {
            out.push_str(s);
        }
    }
    out
}

fn empty_mention() -> ActorMention {
    ActorMention {
        range: TextRange::default(),
        code: String::new(),
        country: None,
        kb_id: None,
        name: String::new(),
        chain: 0,
        how: String::new(),
        members: Vec::new(),
    }
}

struct Builder<'d> {
    doc: &'d Document,
    out: Vec<ActorMention>,
}

impl Builder<'_> {
    fn mention(&mut self, range: TextRange, code: String) -> u32 {
        let chain = self.out.len() as u32;
        let country = (code.len() >= 3 && !code.starts_with('-')).then(|| code[..3].to_string());
        self.out.push(ActorMention {
            range,
            name: self.doc.slice(range).to_string(),
            code,
            country,
            kb_id: None,
            chain,
            how: "petrarch".into(),
            members: Vec::new(),
        });
        chain
    }

    /// One mention per code; several codes make a group with members.
    fn emit(&mut self, range: TextRange, codes: Vec<String>) {
        match codes.len() {
            0 => {}
            1 => {
                let c = codes.into_iter().next().unwrap_or_default();
                self.mention(range, c);
            }
            _ => self.group(range, codes.into_iter().map(|c| (range, c)).collect()),
        }
    }

    fn group(&mut self, range: TextRange, members: Vec<(TextRange, String)>) {
        let chains: Vec<u32> = members.into_iter().map(|(r, c)| self.mention(r, c)).collect();
        let chain = self.out.len() as u32;
        self.out.push(ActorMention {
            range,
            code: String::new(),
            country: None,
            kb_id: None,
            name: self.doc.slice(range).to_string(),
            chain,
            how: "petrarch-group".into(),
            members: chains,
        });
    }
}

/// A coded part: its codes, and for agents without an actor, the agent
/// codes that compose with actors after `of`.
struct Coded {
    range: TextRange,
    codes: Vec<String>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    /// Agents without an actor.
    agent_only: bool,
}

/// A word of the text: a token, or a piece of one joined by `_`.
struct Word {
    tok: usize,
    range: TextRange,
    text: String,
}

struct Words {
    w: Vec<Word>,
}

impl Words {
    fn of(doc: &Document) -> Words {
        let mut w = Vec::new();
        for (i, t) in doc.tokens.iter().enumerate() {
            let s = doc.slice(t.range);
            let base = t.range.start().to_usize();
            let mut off = 0;
            for piece in s.split('_') {
                if !piece.is_empty() {
                    let text = piece.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
                    // Pieces of a token split at ASCII '_' are on char
                    // boundaries; fall back to the whole token otherwise.
                    let range = doc.range(base + off, base + off + piece.len()).unwrap_or(t.range);
                    w.push(Word { tok: i, range, text });
                }
                off += piece.len() + 1;
            }
        }
        Words { w }
    }

    /// The phrase occurs within tokens `a..z`.
    fn contains(&self, phrase: &[String], a: usize, z: usize) -> bool {
        if phrase.is_empty() {
            return false;
        }
        let ws: Vec<&Word> = self.w.iter().filter(|x| x.tok >= a && x.tok < z).collect();
        ws.windows(phrase.len()).any(|win| win.iter().zip(phrase).all(|(x, p)| x.text == *p))
    }
}

#[derive(Debug, Clone, Copy)]
struct Match {
    first_tok: usize,
    last_tok: usize,
    range: TextRange,
    entry: Entry,
}

enum Item {
    M(Match),
    /// A coordinator: `and`, `or`, `nor`, a comma.
    Coord,
    /// `of`, `in`, `from`.
    Adp,
    /// A possessive pronoun ("his government"): what follows is someone
    /// named elsewhere.
    Poss,
    /// Another word of the phrase; `true` when a noun (a coordination
    /// boundary may follow it).
    Word(bool),
}

struct Chunk {
    items: Vec<Item>,
}

struct Part {
    matches: Vec<Match>,
    /// The part starts with a possessive pronoun.
    pronoun: bool,
}

impl Part {
    fn range(&self) -> Option<TextRange> {
        let (a, z) = (self.matches.first()?, self.matches.last()?);
        Some(a.range.cover(z.range))
    }
}

/// Splits items into coordinated parts: at a coordinator after a noun or
/// a dictionary match ("awful and evil minister" stays one part).
fn parts(items: &[Item]) -> Vec<Part> {
    let mut out = Vec::new();
    let mut cur = Part { matches: Vec::new(), pronoun: false };
    let mut after_noun = false;
    for it in items {
        match it {
            Item::Poss => {
                cur.pronoun = cur.matches.is_empty();
                after_noun = false;
            }
            Item::M(m) => {
                cur.matches.push(*m);
                after_noun = true;
            }
            Item::Word(noun) => after_noun = *noun,
            Item::Coord => {
                if after_noun {
                    out.push(std::mem::replace(&mut cur, Part { matches: Vec::new(), pronoun: false }));
                }
                after_noun = false;
            }
            Item::Adp => after_noun = false,
        }
    }
    out.push(cur);
    out.retain(|p| !p.matches.is_empty());
    out
}

/// Noun-phrase chunks of tokens `a..z` holding at least one match.
fn chunks(doc: &Document, matches: &[Match], a: usize, z: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut cur: Vec<Item> = Vec::new();
    let mut has_match = false;
    let mut mi = matches.partition_point(|m| m.first_tok < a);
    let mut i = a;
    let close = |cur: &mut Vec<Item>, has: &mut bool, out: &mut Vec<Chunk>| {
        if *has {
            out.push(Chunk { items: std::mem::take(cur) });
        }
        cur.clear();
        *has = false;
    };
    while i < z {
        if let Some(m) = matches.get(mi).filter(|m| m.first_tok == i) {
            // Several matches may share a token (pieces joined by `_`).
            let mut last = m.last_tok;
            while let Some(m) = matches.get(mi).filter(|m| m.first_tok <= last) {
                cur.push(Item::M(*m));
                last = last.max(m.last_tok);
                mi += 1;
            }
            has_match = true;
            i = last + 1;
            continue;
        }
        while matches.get(mi).is_some_and(|m| m.first_tok < i) {
            mi += 1;
        }
        let t = &doc.tokens[i];
        let form = doc.slice(t.range).to_lowercase();
        let item = match (form.as_str(), t.upos) {
            ("and" | "or" | "nor" | ",", _) => Some(Item::Coord),
            ("of" | "in" | "from", _) => Some(Item::Adp),
            ("his" | "her" | "its" | "their" | "our" | "my" | "your", _) => Some(Item::Poss),
            ("'s" | "'" | "\u{2019}s" | "\u{2019}", _) => Some(Item::Word(false)),
            (_, Some(Upos::NOUN | Upos::PROPN)) => Some(Item::Word(true)),
            (_, Some(Upos::ADJ | Upos::DET | Upos::NUM)) => Some(Item::Word(false)),
            (_, None) if form.chars().any(char::is_alphanumeric) => Some(Item::Word(true)),
            _ => None,
        };
        match item {
            Some(it) => cur.push(it),
            None => close(&mut cur, &mut has_match, &mut out),
        }
        i += 1;
    }
    close(&mut cur, &mut has_match, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::{Meta, Token};

    const ACTORS: &str = "<!-- test actors\n# spanning lines -->\nARNOR_  [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\nFORNOST [FOR]\nDANISH [DNK]\nTHE_SHIRE  [FRO/BIL/SAM]\nBOROMIR [---]\nSAM_GAMGEE [HOB]\n\t[HOBCIV <20080120]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 20080120-20121109]\n\t[HOBELI >20130119]\nGOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBREB > 990816]\n";
    const AGENTS: &str = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nLAWMAKER [~LEG]\nOFFICIAL [~GOV]\nGOVERNMENT [~GOV]\nMEDIA {} [~MED]\nISLAMIST [~MUS]\nMSF {} [NGO~]\nDIPLOMAT [~GOV]\nHUMAN_RIGHTS_ACTIVIST [~OPP]\nCONGRESS!PERSON! [~LEG]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\n";

    fn coder() -> PetrarchActors {
        let mut p = PetrarchActors::new();
        p.read_actors(ACTORS);
        p.read_agents(AGENTS);
        p.read_discards("+TYPHOON\nYEARS LATER\n");
        p
    }

    /// A document from `word/UPOS` items separated by spaces.
    fn doc(tagged: &str) -> Document {
        let items: Vec<(&str, &str)> = tagged.split(' ').map(|w| w.rsplit_once('/').unwrap()).collect();
        let text = items.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" ");
        let mut d = Document::new(text, Meta::default()).unwrap();
        let mut at = 0;
        for (w, tag) in &items {
            let mut t = Token::new(d.range(at, at + w.len()).unwrap());
            t.upos = Some(tag.parse().unwrap());
            d.tokens.push(t);
            at += w.len() + 1;
        }
        d
    }

    /// `(text, code)` of the mentions, members listed after their group.
    fn coded(tagged: &str, date: Option<u32>) -> Vec<(String, String)> {
        let d = doc(tagged);
        let ms = coder().mentions(&d, date);
        let mut out = Vec::new();
        for m in ms.iter().filter(|m| !ms.iter().any(|g| g.members.contains(&m.chain))) {
            if m.members.is_empty() {
                out.push((m.name.clone(), m.code.clone()));
            } else {
                for c in &m.members {
                    let x = ms.iter().find(|x| x.chain == *c).unwrap();
                    out.push((format!("{}>{}", m.name, x.name), x.code.clone()));
                }
            }
        }
        out
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn dated_codes_follow_the_article_date() {
        let p = coder();
        assert_eq!(p.lookup("Sam Gamgee", Some(19950104)), Some("HOBCIV"));
        assert_eq!(p.lookup("Sam Gamgee", Some(20080120)), Some("HOBMIL"));
        // The first restriction that holds wins over a later overlapping one.
        assert_eq!(p.lookup("Sam Gamgee", Some(20100112)), Some("ORCHOB"));
        assert_eq!(p.lookup("Sam Gamgee", Some(20140101)), Some("HOBELI"));
        // Between the restrictions: the undated code.
        assert_eq!(p.lookup("Sam Gamgee", Some(20121225)), Some("HOB"));
        // Synonyms share the entry's dated codes; six-digit dates are 19xx.
        assert_eq!(p.lookup("smeagol", Some(19920102)), Some("HOB"));
        assert_eq!(p.lookup("SMEAGOL", Some(20010101)), Some("HOBREB"));
        assert_eq!(p.lookup("Minas Tirith", None), Some("GON"));
        assert_eq!(p.lookup("Boromir", None), Some("---"));
        assert_eq!(
            coded("Sam/PROPN Gamgee/PROPN met/VERB Gondor/PROPN", Some(20100110)),
            pairs(&[("Sam Gamgee", "ORCHOB"), ("Gondor", "GON")])
        );
    }

    #[test]
    fn agents_before_and_after_actors() {
        assert_eq!(
            coded("Gondor/PROPN police/NOUN arrested/VERB", None),
            pairs(&[("Gondor police", "GONCOP")])
        );
        assert_eq!(
            coded("Arnor/PROPN 's/PART golden/ADJ geese/NOUN left/VERB", None),
            pairs(&[("Arnor 's golden geese", "ARNGGS")])
        );
        // A prefix agent, and an agent code already held is not repeated.
        assert_eq!(
            coded("An/DET MSF/PROPN Arnor/PROPN diplomat/NOUN left/VERB", None),
            pairs(&[("MSF Arnor diplomat", "NGOARNGOV")])
        );
        assert_eq!(
            coded("Gondor/PROPN government/NOUN officials/NOUN said/VERB", None),
            pairs(&[("Gondor government officials", "GONGOV")])
        );
        // Substitution sets and generated plurals.
        assert_eq!(
            coded("Fornost/PROPN congressmen/NOUN said/VERB", None),
            pairs(&[("Fornost congressmen", "FORLEG")])
        );
        // No actor: PETRARCH's null actor; a possessive pronoun: nobody.
        assert_eq!(
            coded("Lawmakers/NOUN met/VERB his/PRON government/NOUN", None),
            pairs(&[("Lawmakers", "---LEG")])
        );
    }

    #[test]
    fn agents_of_and_in_countries() {
        assert_eq!(
            coded("Human/ADJ rights/NOUN activists/NOUN in/ADP Arnor/PROPN left/VERB", None),
            pairs(&[("Human rights activists in Arnor", "ARNOPP")])
        );
        assert_eq!(
            coded("Lawmakers/NOUN in/ADP Fornost/PROPN and/CCONJ Gondor/PROPN welcomed/VERB", None),
            pairs(&[
                ("Lawmakers in Fornost and Gondor>Fornost", "FORLEG"),
                ("Lawmakers in Fornost and Gondor>Gondor", "GONLEG")
            ])
        );
        // A part with its own actor stays itself.
        assert_eq!(
            coded("Arnor/PROPN and/CCONJ the/DET government/NOUN of/ADP Gondor/PROPN warned/VERB", None),
            pairs(&[("Arnor", "ARN"), ("government of Gondor", "GONGOV")])
        );
    }

    #[test]
    fn coordination_and_compound_codes() {
        assert_eq!(
            coded("Arnor/PROPN ,/PUNCT Fornost/PROPN and/CCONJ Gondor/PROPN met/VERB", None),
            pairs(&[("Arnor", "ARN"), ("Fornost", "FOR"), ("Gondor", "GON")])
        );
        // A coordinated agent shares the first part's actor and modifiers.
        assert_eq!(
            coded("Danish/ADJ Islamist/ADJ media/NOUN and/CCONJ government/NOUN warned/VERB", None),
            pairs(&[("Danish Islamist media", "DNKMUSMED"), ("government", "DNKMUSGOV")])
        );
        // Adjectives joined by "and" do not split the phrase.
        assert_eq!(
            coded("Gondor/PROPN 's/PART awful/ADJ and/CCONJ evil/ADJ police/NOUN", None),
            pairs(&[("Gondor 's awful and evil police", "GONCOP")])
        );
        assert_eq!(
            coded("The/DET Shire/PROPN left/VERB", None),
            pairs(&[
                ("The Shire>The Shire", "FRO"),
                ("The Shire>The Shire", "BIL"),
                ("The Shire>The Shire", "SAM")
            ])
        );
    }

    #[test]
    fn discards() {
        assert!(coded("Gondor/PROPN met/VERB Arnor/PROPN years/NOUN later/ADV", None).is_empty());
        assert!(coded("A/DET typhoon/NOUN hit/VERB Arnor/PROPN", None).is_empty());
    }

    #[test]
    fn dates_and_restrictions() {
        let d = bracket("HOB < 950601").unwrap();
        assert_eq!(d.until, Some(19950600));
        let d = bracket("HOBGOV 19950601 - 19990815").unwrap();
        assert_eq!((d.from, d.until), (Some(19950601), Some(19990815)));
        let d = bracket("HOBREB >990816").unwrap();
        assert_eq!(d.from, Some(19990817));
        assert_eq!(dictionary_date("081226"), Some(20081226));
    }

    #[test]
    fn compose_skips_aligned_duplicates() {
        assert_eq!(compose(&[], "USAGOV", &["GOV".into()]), "USAGOV");
        // "GMWGOV" holds "WGO" only across a boundary.
        assert_eq!(compose(&[], "GMWGOV", &["WGO".into()]), "GMWGOVWGO");
        assert_eq!(compose(&["NGO".into()], "ARN", &["GOV".into()]), "NGOARNGOV");
    }

    #[test]
    fn plurals_of_agents() {
        assert_eq!(plurals("authority"), vec!["authorities"]);
        assert_eq!(plurals("congressman"), vec!["congressmen", "congressmans"]);
        assert_eq!(plurals("official"), vec!["officials"]);
    }
}
