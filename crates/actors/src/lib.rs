//! The actor knowledge base: countries, organisations, sector agents and
//! people with dated roles, each coded in CAMEO.
//!
//! The knowledge base is a directory of line-oriented, tab-separated files
//! (see `data/kb/README.md` for the format). [`Kb::load`] reads every file
//! whose name ends in `countries.tsv`, `organisations.tsv`, `agents.tsv` or
//! `people.tsv`, merges records that share an id, and builds an index from
//! normalised aliases to entries. [`Kb::lookup`] answers what the KB knows
//! about a name at a date; [`Kb::find_mentions`] scans a text for the
//! longest known names.
//!
//! ```
//! use dateline_actors::Kb;
//! use jiff::civil::date;
//!
//! let kb = Kb::load_default()?;
//! let m = &kb.lookup("Bazoum", Some(date(2023, 12, 5)))[0];
//! assert_eq!(m.code, "NERELI"); // former president after the 2023-07-26 coup
//! assert_eq!(kb.lookup("Paris", None)[0].code, "FRAGOV");
//! let text = "Niger's military leaders met a Russian delegation.";
//! let found: Vec<&str> = kb.find_mentions(text).into_iter().map(|(r, _)| &text[r]).collect();
//! assert_eq!(found, ["Niger", "military leaders", "Russian", "delegation"]);
//! # Ok::<(), dateline_actors::KbError>(())
//! ```
//!
//! Role coding at a date: a person with a role active at the date gets the
//! role's code (`NERGOV`); a person whose roles all ended before the date is a
//! former office holder, coded as the country of the latest role plus `ELI`
//! (CAMEO's "elites: former government officials"), as the PETRARCH
//! dictionaries do; before the first role starts the person is coded by the
//! country of that role alone (a candidate or president-elect is not yet the
//! government). Without a date the latest role is used.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use dateline_doc::hash::FastMap;
use jiff::civil::Date;

mod link;
pub mod petrarch;
mod refine;
mod text;

pub use link::{entry_id, ActorLinker};
pub use refine::EntityRefiner;
pub use text::{normalise, tokens, Token};

/// Errors reading the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file or the directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What kind of entry a [`KbRef`] points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A country (`countries.tsv`).
    Country,
    /// An organisation or armed group (`organisations.tsv`).
    Organisation,
    /// A sector agent: a title or common noun (`agents.tsv`).
    Agent,
    /// A person (`people.tsv`).
    Person,
}

impl Kind {
    /// Its name in output: `country`, `organisation`, `agent`, `person`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Organisation => "organisation",
            Kind::Agent => "agent",
            Kind::Person => "person",
        }
    }
}

/// A reference to one KB entry, as found by an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KbRef {
    /// The kind of entry.
    pub kind: Kind,
    /// Index into the entries of that kind.
    pub index: u32,
    /// The alias names the entity's government by metonymy (a capital or
    /// a seat of government: "Paris", "the Kremlin"), not the place.
    pub metonym: bool,
}

/// A country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// CAMEO country code (usually the ISO code).
    pub cameo: String,
    /// Canonical English short name.
    pub name: String,
    /// Names, official names, adjectives and demonyms.
    pub aliases: Vec<String>,
    /// Capitals and seats of government used for the government.
    pub metonyms: Vec<String>,
}

/// An organisation, international body or armed group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Stable id (unique within organisation files).
    pub id: String,
    /// CAMEO code (`IGOUNO`, `IMGMUSALQ`, `NERREB`).
    pub code: String,
    /// Type: `IGO`, `IMG` (armed group), `NGO`, `MNC`, `NGM`, `PTY` ...
    pub org_type: String,
    /// Canonical name.
    pub name: String,
    /// Other names and abbreviations.
    pub aliases: Vec<String>,
    /// Home or member country code (ISO3) when relevant, else empty.
    pub country: String,
    /// From a hand-curated file (`organisations.tsv`), not a generated one;
    /// curated entries come first in lookups and win in the scanner.
    pub curated: bool,
}

/// A sector agent: nouns and titles that code as CAMEO sector codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// CAMEO sector codes in order (`["GOV", "MIL"]`).
    pub codes: Vec<String>,
    /// The phrases (singular and plural forms).
    pub aliases: Vec<String>,
}

impl Agent {
    /// The codes concatenated (`GOVMIL`).
    pub fn code(&self) -> String {
        self.codes.concat()
    }
}

/// A date with the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KbDate {
    /// First day covered (`2023` → 2023-01-01).
    pub first: Date,
    /// Last day covered (`2023` → 2023-12-31).
    pub last: Date,
}

impl fmt::Display for KbDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}..{}", self.first, self.last)
        }
    }
}

/// One dated role of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Country (ISO3/CAMEO) the role belongs to, or empty for IGO roles.
    pub country: String,
    /// Full CAMEO code of the role (`NERGOV`, `RUSGOVMIL`, `IGOUNO`).
    pub code: String,
    /// Title as written (`President`, `Deputy Defence Minister`).
    pub title: String,
    /// Start, if known.
    pub start: Option<KbDate>,
    /// End (last day in the role), if any; `None` means ongoing or unknown.
    pub end: Option<KbDate>,
}

impl Role {
    /// Whether the role is held on `date` (start and end inclusive).
    pub fn active_on(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s.first <= date) && self.end.is_none_or(|e| date <= e.last)
    }
}

/// A person with dated roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Stable id (unique within people files).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names (surname alone, spellings without diacritics).
    pub aliases: Vec<String>,
    /// Roles, in file order.
    pub roles: Vec<Role>,
    /// From a hand-curated file (`people.tsv`), not a generated one
    /// (`petrarch-people.tsv`, whose roles are only those its source
    /// covered): a generated person's title in the text wins over its roles.
    pub curated: bool,
}

/// Whether a role is held at the date asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleStatus {
    /// No date asked: the latest role is reported.
    Undated,
    /// The role is held on the date.
    Current,
    /// The role ended before the date (the person is a former holder).
    Former,
    /// The role starts after the date.
    Future,
}

impl RoleStatus {
    /// Its name in output: `undated`, `current`, `former`, `future`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleStatus::Undated => "undated",
            RoleStatus::Current => "current",
            RoleStatus::Former => "former",
            RoleStatus::Future => "future",
        }
    }
}

/// What the KB says about a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The entry.
    pub entry: KbRef,
    /// The CAMEO code judged at the date (`NER`, `FRAGOV`, `GOVMIL`,
    /// `NERGOV`, `NERELI`).
    pub code: String,
    /// Country (ISO3), when the entry has one.
    pub country: Option<String>,
    /// Canonical name (for agents, the first phrase).
    pub name: String,
    /// For people: the title of the role the code comes from.
    pub role: Option<String>,
    /// For people: whether that role is current at the date.
    pub status: Option<RoleStatus>,
    /// For people: the code of that role itself, whatever its status
    /// (`NERGOV` for Bazoum after the coup, when `code` is `NERELI`).
    pub role_code: Option<String>,
}

/// How the case of a mention must agree with the alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Any case (common nouns: "troops", "Army").
    Any,
    /// The first letter must be upper case (proper names).
    Capitalised,
    /// Exact case (short acronyms: "US" but not "us", "IS" but not "is").
    Exact,
}

#[derive(Debug, Clone)]
struct IndexEntry {
    target: KbRef,
    rule: CaseRule,
    /// The alias's own tokens as written, for exact-case checks.
    surface: Vec<String>,
    /// Bit `i` set when the alias's token `i` (not the last) carries a
    /// possessive ("People's Republic of China").
    inner_possessive: u64,
}

/// Bit `i` set for each token but the last that carries a possessive.
fn inner_possessive(toks: &[text::Token]) -> u64 {
    let n = toks.len().saturating_sub(1);
    toks[..n].iter().enumerate().filter(|(i, t)| t.possessive && *i < 64).fold(0, |m, (i, _)| m | 1 << i)
}

/// The loaded knowledge base with its index.
#[derive(Debug, Default, Clone)]
pub struct Kb {
    countries: Vec<Country>,
    organisations: Vec<Organisation>,
    agents: Vec<Agent>,
    people: Vec<Person>,
    index: FastMap<String, Vec<IndexEntry>>,
    max_tokens: usize,
    /// For each normalised first word of an alias, the most words an alias
    /// starting with it has (the scanner tries no longer window).
    first_words: FastMap<String, usize>,
    /// Id → position, while loading (country ISO3, organisation id, person
    /// id, agent codes joined by '+').
    ids: FastMap<(u8, String), usize>,
    /// Normalised agent phrase → the agent that owns it.
    agent_phrases: FastMap<String, usize>,
    /// Agent → how many curated phrases lead its alias list.
    agent_curated: HashMap<usize, usize>,
    /// The file being loaded is hand-curated.
    curated: bool,
}

/// The directory the KB is read from by default: `$DATELINE_KB` if set,
/// else the repository's `data/kb`.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("DATELINE_KB") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/kb")),
    }
}

fn split_list(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn merge_into(list: &mut Vec<String>, more: Vec<String>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn parse_kb_date(s: &str) -> Result<KbDate, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| -> Result<i64, String> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("bad date {s:?} (want YYYY, YYYY-MM or YYYY-MM-DD)"));
        }
        p.parse::<i64>().map_err(|e| format!("bad date {s:?}: {e}"))
    };
    let mk = |y: i64, m: i64, d: i64| -> Result<Date, String> {
        let y = i16::try_from(y).map_err(|_| format!("bad year in {s:?}"))?;
        let m = i8::try_from(m).map_err(|_| format!("bad month in {s:?}"))?;
        let d = i8::try_from(d).map_err(|_| format!("bad day in {s:?}"))?;
        Date::new(y, m, d).map_err(|e| format!("bad date {s:?}: {e}"))
    };
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)?;
            Ok(KbDate { first: mk(y, 1, 1)?, last: mk(y, 12, 31)? })
        }
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let (y, m) = (num(y)?, num(m)?);
            let first = mk(y, m, 1)?;
            Ok(KbDate { first, last: first.last_of_month() })
        }
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let day = mk(num(y)?, num(m)?, num(d)?)?;
            Ok(KbDate { first: day, last: day })
        }
        _ => Err(format!("bad date {s:?} (want YYYY, YYYY-MM or YYYY-MM-DD)")),
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Kb {
    /// Loads the KB from [`default_dir`].
    pub fn load_default() -> Result<Kb, KbError> {
        Kb::load(&default_dir())
    }

    /// Loads every KB file in `dir` (not recursive), in name order.
    pub fn load(dir: &Path) -> Result<Kb, KbError> {
        let io = |source| KbError::Io { path: dir.to_path_buf(), source };
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() {
                files.push(path);
            }
        }
        // Generated files (`petrarch-countries.tsv`: any name with a prefix)
        // load first; the hand-curated `countries.tsv` etc. load last and
        // override them.
        files.sort_by_key(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
            let plain =
                matches!(name.as_str(), "countries.tsv" | "organisations.tsv" | "agents.tsv" | "people.tsv");
            (plain, name)
        });
        let mut kb = Kb::default();
        for path in &files {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            // PETRARCH dictionaries as they are (`petrarch` module).
            if name.ends_with(".actors.txt") || name.ends_with(".agents.txt") {
                let bytes =
                    std::fs::read(path).map_err(|source| KbError::Io { path: path.clone(), source })?;
                // PETRARCH's files are Latin-1 in places.
                let text = String::from_utf8_lossy(&bytes);
                kb.curated = false;
                if name.ends_with(".agents.txt") {
                    kb.add_text(Kind::Agent, path, &petrarch::agents_tsv(&text, ""))?;
                } else {
                    kb.add_text(Kind::Country, path, &petrarch::countries_tsv(&text, ""))?;
                    // (a bare three-letter code is a country, read above)
                    let orgs: String = petrarch::organisations_tsv(&[&text], "")
                        .lines()
                        .filter(|l| l.split('\t').nth(1).is_some_and(|code| code.len() > 3))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    kb.add_text(Kind::Organisation, path, &orgs)?;
                    let none = std::collections::BTreeSet::new();
                    kb.add_text(Kind::Person, path, &petrarch::people_tsv(&text, None, &none, false, ""))?;
                }
                continue;
            }
            let kind = if name.ends_with("countries.tsv") {
                Kind::Country
            } else if name.ends_with("organisations.tsv") {
                Kind::Organisation
            } else if name.ends_with("agents.tsv") {
                Kind::Agent
            } else if name.ends_with("people.tsv") {
                Kind::Person
            } else {
                continue;
            };
            let text =
                std::fs::read_to_string(path).map_err(|source| KbError::Io { path: path.clone(), source })?;
            kb.curated = matches!(name, "countries.tsv" | "organisations.tsv" | "agents.tsv" | "people.tsv");
            kb.add_text(kind, path, &text)?;
        }
        kb.build_index();
        Ok(kb)
    }

    /// Parses one file's text of the given kind into the KB (without
    /// rebuilding the index; [`Kb::load`] does that).
    fn add_text(&mut self, kind: Kind, path: &Path, text: &str) -> Result<(), KbError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let res = match kind {
                Kind::Country => self.add_country(&fields),
                Kind::Organisation => self.add_organisation(&fields),
                Kind::Agent => self.add_agent(&fields),
                Kind::Person => self.add_person(&fields),
            };
            res.map_err(|message| KbError::Parse { path: path.to_path_buf(), line: i + 1, message })?;
        }
        Ok(())
    }

    fn add_country(&mut self, f: &[&str]) -> Result<(), String> {
        if f.len() < 3 || f.len() > 5 {
            return Err(format!(
                "country line needs 3 to 5 tab-separated fields (iso3, cameo, name, aliases, metonyms), found {}",
                f.len()
            ));
        }
        let (iso3, cameo, name) = (f[0], f[1], f[2]);
        if iso3.len() != 3 || !is_code(iso3) {
            return Err(format!("bad ISO alpha-3 code {iso3:?}"));
        }
        if !is_code(cameo) {
            return Err(format!("bad CAMEO code {cameo:?}"));
        }
        let aliases = split_list(f.get(3).copied().unwrap_or(""));
        let metonyms = split_list(f.get(4).copied().unwrap_or(""));
        let slot = self.ids.get(&(0, iso3.to_owned())).copied();
        if let Some(c) = slot.and_then(|i| self.countries.get_mut(i)) {
            // A later file overrides the canonical name and adds aliases.
            if !name.is_empty() {
                c.name = name.to_owned();
            }
            c.cameo = cameo.to_owned();
            merge_into(&mut c.aliases, aliases);
            merge_into(&mut c.metonyms, metonyms);
        } else {
            if name.is_empty() {
                return Err("empty country name".into());
            }
            self.ids.insert((0, iso3.to_owned()), self.countries.len());
            self.countries.push(Country {
                iso3: iso3.to_owned(),
                cameo: cameo.to_owned(),
                name: name.to_owned(),
                aliases,
                metonyms,
            });
        }
        Ok(())
    }

    fn add_organisation(&mut self, f: &[&str]) -> Result<(), String> {
        if f.len() < 4 || f.len() > 6 {
            return Err(format!(
                "organisation line needs 4 to 6 tab-separated fields (id, code, type, name, aliases, country), found {}",
                f.len()
            ));
        }
        let (id, code, org_type, name) = (f[0], f[1], f[2], f[3]);
        if id.is_empty() || name.is_empty() {
            return Err("empty organisation id or name".into());
        }
        if !is_code(code) {
            return Err(format!("bad CAMEO code {code:?}"));
        }
        let aliases = split_list(f.get(4).copied().unwrap_or(""));
        let country = f.get(5).copied().unwrap_or("").to_owned();
        let slot = self.ids.get(&(1, id.to_owned())).copied();
        if let Some(o) = slot.and_then(|i| self.organisations.get_mut(i)) {
            o.code = code.to_owned();
            o.org_type = org_type.to_owned();
            o.name = name.to_owned();
            merge_into(&mut o.aliases, aliases);
            if !country.is_empty() {
                o.country = country;
            }
            o.curated |= self.curated;
        } else {
            self.ids.insert((1, id.to_owned()), self.organisations.len());
            self.organisations.push(Organisation {
                id: id.to_owned(),
                code: code.to_owned(),
                org_type: org_type.to_owned(),
                name: name.to_owned(),
                aliases,
                country,
                curated: self.curated,
            });
        }
        Ok(())
    }

    fn add_agent(&mut self, f: &[&str]) -> Result<(), String> {
        if f.len() != 2 {
            return Err(format!(
                "agent line needs 2 tab-separated fields (codes, phrases), found {}",
                f.len()
            ));
        }
        let codes: Vec<String> = f[0].split('+').map(|c| c.trim().to_owned()).collect();
        if codes.iter().any(|c| c.len() != 3 || !is_code(c)) {
            return Err(format!("bad agent codes {:?} (want three-letter codes joined by '+')", f[0]));
        }
        let aliases = split_list(f[1]);
        if aliases.is_empty() {
            return Err("agent line without phrases".into());
        }
        let slot = match self.ids.get(&(2, codes.join("+"))).copied() {
            Some(i) => i,
            None => {
                self.ids.insert((2, codes.join("+")), self.agents.len());
                self.agents.push(Agent { codes, aliases: Vec::new() });
                self.agents.len() - 1
            }
        };
        // A phrase belongs to one agent: a later line takes it over.
        for alias in &aliases {
            let key = normalise(alias);
            if let Some(prev) = self.agent_phrases.insert(key.clone(), slot) {
                if prev != slot {
                    if let Some(other) = self.agents.get_mut(prev) {
                        other.aliases.retain(|a| normalise(a) != key);
                    }
                }
            }
        }
        if let Some(a) = self.agents.get_mut(slot) {
            if self.curated {
                // Curated phrases first, in file order: the first one names
                // the agent.
                let front = self.agent_curated.entry(slot).or_insert(0);
                let rest = a.aliases.split_off((*front).min(a.aliases.len()));
                merge_into(&mut a.aliases, aliases);
                *front = a.aliases.len();
                merge_into(&mut a.aliases, rest);
            } else {
                merge_into(&mut a.aliases, aliases);
            }
        }
        Ok(())
    }

    fn add_person(&mut self, f: &[&str]) -> Result<(), String> {
        if f.len() < 5 || f.len() > 8 {
            return Err(format!(
                "person line needs 5 to 8 tab-separated fields (id, name, aliases, country, code, title, start, end), found {}",
                f.len()
            ));
        }
        let (id, name) = (f[0], f[1]);
        if id.is_empty() || name.is_empty() {
            return Err("empty person id or name".into());
        }
        let aliases = split_list(f[2]);
        let country = f[3];
        let code = f[4];
        if !country.is_empty() && (country.len() != 3 || !is_code(country)) {
            return Err(format!("bad country code {country:?}"));
        }
        if !is_code(code) {
            return Err(format!("bad role code {code:?}"));
        }
        let title = f.get(5).copied().unwrap_or("").to_owned();
        let date = |s: Option<&&str>| -> Result<Option<KbDate>, String> {
            match s.copied().map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => parse_kb_date(s).map(Some),
            }
        };
        let start = date(f.get(6))?;
        let end = date(f.get(7))?;
        if let (Some(s), Some(e)) = (start, end) {
            if e.last < s.first {
                return Err(format!("role ends ({e}) before it starts ({s})"));
            }
        }
        let role = Role { country: country.to_owned(), code: code.to_owned(), title, start, end };
        let slot = self.ids.get(&(3, id.to_owned())).copied();
        if let Some(p) = slot.and_then(|i| self.people.get_mut(i)) {
            merge_into(&mut p.aliases, aliases);
            p.roles.push(role);
            p.curated |= self.curated;
        } else {
            self.ids.insert((3, id.to_owned()), self.people.len());
            self.people.push(Person {
                id: id.to_owned(),
                name: name.to_owned(),
                aliases,
                roles: vec![role],
                curated: self.curated,
            });
        }
        Ok(())
    }

    fn build_index(&mut self) {
        // Sized for every name once: growing the tables costs as much as filling them.
        let names = self.countries.iter().map(|c| 1 + c.aliases.len() + c.metonyms.len()).sum::<usize>()
            + self.organisations.iter().map(|o| 1 + o.aliases.len()).sum::<usize>()
            + self.agents.iter().map(|a| a.aliases.len()).sum::<usize>()
            + self.people.iter().map(|p| 1 + p.aliases.len()).sum::<usize>();
        let mut index: FastMap<String, Vec<IndexEntry>> =
            FastMap::with_capacity_and_hasher(names, Default::default());
        let mut max_tokens = 0;
        let mut first_words: FastMap<String, usize> =
            FastMap::with_capacity_and_hasher(names, Default::default());
        let mut add = |alias: &str, target: KbRef, common_noun: bool| {
            let toks = tokens(alias);
            if toks.is_empty() {
                return;
            }
            let key = toks.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ");
            let surface: Vec<String> = toks.iter().map(|t| alias[t.range.clone()].to_owned()).collect();
            let rule = if common_noun {
                CaseRule::Any
            } else if surface.len() == 1
                && surface[0].chars().count() <= 5
                && surface[0].chars().filter(|c| c.is_alphabetic()).count() >= 2
                && surface[0].chars().all(|c| !c.is_lowercase())
            {
                CaseRule::Exact
            } else if alias.chars().next().is_some_and(char::is_uppercase) {
                CaseRule::Capitalised
            } else {
                CaseRule::Any
            };
            max_tokens = max_tokens.max(toks.len());
            let longest = first_words.entry(toks[0].norm.clone()).or_default();
            *longest = (*longest).max(toks.len());
            let inner = inner_possessive(&toks);
            let list = index.entry(key).or_default();
            if !list.iter().any(|e| e.target == target && e.inner_possessive == inner) {
                list.push(IndexEntry { target, rule, surface, inner_possessive: inner });
            }
        };
        let r = |kind, index: usize, metonym| KbRef {
            kind,
            index: u32::try_from(index).unwrap_or(u32::MAX),
            metonym,
        };
        for (i, c) in self.countries.iter().enumerate() {
            add(&c.name, r(Kind::Country, i, false), false);
            // A metonym (Paris) is not also a name of the country as a place.
            let metonyms: Vec<String> = c.metonyms.iter().map(|m| normalise(m)).collect();
            for a in &c.aliases {
                if !metonyms.contains(&normalise(a)) {
                    add(a, r(Kind::Country, i, false), false);
                }
            }
            for m in &c.metonyms {
                add(m, r(Kind::Country, i, true), false);
            }
        }
        let mut orgs: Vec<(usize, &Organisation)> = self.organisations.iter().enumerate().collect();
        orgs.sort_by_key(|(i, o)| (!o.curated, *i));
        for (i, o) in orgs {
            add(&o.name, r(Kind::Organisation, i, false), false);
            for a in &o.aliases {
                add(a, r(Kind::Organisation, i, false), false);
            }
        }
        for (i, a) in self.agents.iter().enumerate() {
            for p in &a.aliases {
                add(p, r(Kind::Agent, i, false), true);
            }
        }
        for (i, p) in self.people.iter().enumerate() {
            add(&p.name, r(Kind::Person, i, false), false);
            for a in &p.aliases {
                add(a, r(Kind::Person, i, false), false);
            }
        }
        self.index = index;
        self.max_tokens = max_tokens;
        self.first_words = first_words;
    }

    /// The countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
    /// The organisations.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }
    /// The sector agents.
    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }
    /// The people.
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    /// The number of distinct normalised aliases in the index.
    pub fn alias_count(&self) -> usize {
        self.index.len()
    }

    /// A country by ISO3 or CAMEO code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso3 == code || c.cameo == code)
    }

    /// Everything the KB knows under `name` (case-insensitive; possessive
    /// "'s" ignored), with codes judged at `date`.
    pub fn lookup(&self, name: &str, date: Option<Date>) -> Vec<Match> {
        let key = normalise(name);
        self.index
            .get(&key)
            .map(|list| list.iter().map(|e| self.resolve(e.target, date)).collect())
            .unwrap_or_default()
    }

    /// Describes one entry with its code judged at `date`.
    pub fn resolve(&self, target: KbRef, date: Option<Date>) -> Match {
        let idx = target.index as usize;
        let mut m = Match {
            entry: target,
            code: String::new(),
            country: None,
            name: String::new(),
            role: None,
            status: None,
            role_code: None,
        };
        match target.kind {
            Kind::Country => {
                if let Some(c) = self.countries.get(idx) {
                    m.code = if target.metonym { format!("{}GOV", c.cameo) } else { c.cameo.clone() };
                    m.country = Some(c.iso3.clone());
                    m.name = c.name.clone();
                }
            }
            Kind::Organisation => {
                if let Some(o) = self.organisations.get(idx) {
                    m.code = o.code.clone();
                    m.country = (!o.country.is_empty()).then(|| o.country.clone());
                    m.name = o.name.clone();
                }
            }
            Kind::Agent => {
                if let Some(a) = self.agents.get(idx) {
                    m.code = a.code();
                    m.name = a.aliases.first().cloned().unwrap_or_default();
                }
            }
            Kind::Person => {
                if let Some(p) = self.people.get(idx) {
                    m.name = p.name.clone();
                    if let Some((role, status)) = person_role(p, date) {
                        m.country = (!role.country.is_empty()).then(|| role.country.clone());
                        m.code = match status {
                            RoleStatus::Current | RoleStatus::Undated => role.code.clone(),
                            RoleStatus::Former => {
                                let base = if role.country.is_empty() { &role.code } else { &role.country };
                                format!("{base}ELI")
                            }
                            // Not yet in office: known by country only
                            // (a candidate or president-elect is not yet
                            // the government).
                            RoleStatus::Future => {
                                if role.country.is_empty() {
                                    String::new()
                                } else {
                                    role.country.clone()
                                }
                            }
                        };
                        m.role = Some(role.title.clone());
                        m.role_code = Some(role.code.clone());
                        m.status = Some(status);
                    }
                }
            }
        }
        m
    }

    /// Finds the longest known names in `text`, left to right, without
    /// overlaps. Ranges are byte ranges of `text` and exclude a possessive
    /// "'s". Proper names must be capitalised in the text; short all-capital
    /// acronyms ("US", "IS") must match exactly; agent phrases match in any
    /// case.
    pub fn find_mentions(&self, text: &str) -> Vec<(Range<usize>, KbRef)> {
        let toks = tokens(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut found = None;
            let Some(&longest) = self.first_words.get(&toks[i].norm) else {
                i += 1;
                continue;
            };
            let max = self.max_tokens.min(longest).min(toks.len() - i);
            for n in (1..=max).rev() {
                let window = &toks[i..i + n];
                // A possessive ends a mention ("Niger's junta"), unless the
                // name has it there too ("People's Republic of China").
                let inner = inner_possessive(window);
                // Tokens must be adjacent: only spaces, hyphens and dots
                // between them, not sentence or clause punctuation.
                if window.windows(2).any(|w| {
                    let gap = &text[w[0].range.end..w[1].range.start];
                    // The possessive's "s" is outside the word's range.
                    let gap = if w[0].possessive {
                        gap.strip_prefix("'s").or_else(|| gap.strip_prefix("’s")).unwrap_or(gap)
                    } else {
                        gap
                    };
                    !gap.chars().all(|c| c.is_whitespace() || c == '-' || c == '.' || c == '\'' || c == '’')
                        || gap.contains(". ")
                }) {
                    continue;
                }
                let key = window.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ");
                let Some(list) = self.index.get(&key) else {
                    continue;
                };
                let surface: Vec<&str> = window.iter().map(|t| &text[t.range.clone()]).collect();
                if let Some(e) = list.iter().find(|e| e.inner_possessive == inner && case_ok(e, &surface)) {
                    found = Some((window[0].range.start..window[n - 1].range.end, e.target, n));
                    break;
                }
            }
            // "Zuma-Sambudla" is not Zuma, "Smith-Jones" not Smith: a
            // person's name joined by a hyphen to another capitalised word
            // is someone else's (double-barrelled) name.
            let found = found.filter(|(range, target, _)| {
                target.kind != Kind::Person || !hyphen_joined(text, range.clone())
            });
            match found {
                Some((range, target, n)) => {
                    out.push((range, target));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// True when the name at `range` is joined by a hyphen to a capitalised
/// word before or after it ("Zuma-Sambudla", "Ould-Abdallah").
fn hyphen_joined(text: &str, range: Range<usize>) -> bool {
    let after = text.get(range.end..).unwrap_or("");
    let before = text.get(..range.start).unwrap_or("");
    let next = after.strip_prefix('-').and_then(|r| r.chars().next());
    let mut back = before.strip_suffix('-').map(|r| r.chars().rev());
    let prev = back.as_mut().and_then(|r| r.next());
    next.is_some_and(char::is_uppercase) || prev.is_some_and(char::is_alphabetic)
}

fn case_ok(e: &IndexEntry, surface: &[&str]) -> bool {
    match e.rule {
        CaseRule::Any => true,
        CaseRule::Exact => surface
            .iter()
            .zip(&e.surface)
            .all(|(s, a)| s.replace(['.', '\'', '’'], "") == a.replace(['.', '\'', '’'], "")),
        CaseRule::Capitalised => surface
            .first()
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
    }
}

/// The role that codes a person at a date, and its status.
fn person_role(p: &Person, date: Option<Date>) -> Option<(&Role, RoleStatus)> {
    let start_key = |r: &Role| r.start.map(|s| s.first);
    let Some(date) = date else {
        return p.roles.iter().max_by_key(|r| start_key(r)).map(|r| (r, RoleStatus::Undated));
    };
    // The latest-starting active role wins (a new post supersedes an old).
    if let Some(r) = p.roles.iter().filter(|r| r.active_on(date)).max_by_key(|r| start_key(r)) {
        return Some((r, RoleStatus::Current));
    }
    if let Some(r) =
        p.roles.iter().filter(|r| r.end.is_some_and(|e| e.last < date)).max_by_key(|r| r.end.map(|e| e.last))
    {
        return Some((r, RoleStatus::Former));
    }
    p.roles.iter().min_by_key(|r| start_key(r)).map(|r| (r, RoleStatus::Future))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kb_dates() {
        let y = parse_kb_date("2023").expect("year");
        assert_eq!(y.first, jiff::civil::date(2023, 1, 1));
        assert_eq!(y.last, jiff::civil::date(2023, 12, 31));
        let m = parse_kb_date("2024-02").expect("month");
        assert_eq!(m.last, jiff::civil::date(2024, 2, 29));
        let d = parse_kb_date("2023-07-26").expect("day");
        assert_eq!(d.first, d.last);
        for bad in ["23", "2023-7", "2023-02-30", "2023-13", "20230726", "2023-07-26-1", ""] {
            assert!(parse_kb_date(bad).is_err(), "{bad}");
        }
    }
}
