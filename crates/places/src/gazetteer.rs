//! The gazetteer: places with names, alternate names, feature codes,
//! countries, first-level divisions, coordinates and populations, loaded
//! from `data/gazetteer/gazetteer.tsv.gz` (see its README) and indexed by
//! normalised name.

use crate::normalize::{normalize, normalize_into};
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The file the index is read from, inside the gazetteer folder.
pub const GAZETTEER_FILE: &str = "gazetteer.tsv.gz";

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The file could not be read.
    #[error("reading the gazetteer {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("gazetteer {path}, line {line}: {what}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        what: &'static str,
    },
}

/// A coarse kind of place, derived from the GeoNames feature code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A continent (`L.CONT`).
    Continent,
    /// A country or dependency (`A.PCLI`, `A.PCLS` ...).
    Country,
    /// A region news names (`L.RGN`, `H.GULF` ...).
    Region,
    /// A first-level division (`A.ADM1`).
    Admin1,
    /// A second-level division (`A.ADM2`).
    Admin2,
    /// A country's capital (`P.PPLC`).
    Capital,
    /// Another populated place (`P.*`).
    City,
    /// Anything else.
    Other,
}

impl Kind {
    /// The kind of a `class.code` feature string.
    pub fn of_feature(feature: &str) -> Kind {
        match feature {
            "L.CONT" => Kind::Continent,
            "A.ADM1" => Kind::Admin1,
            "A.ADM2" => Kind::Admin2,
            "P.PPLC" => Kind::Capital,
            f if f.starts_with("A.PCL") => Kind::Country,
            f if f.starts_with("P.") => Kind::City,
            f if f.starts_with("L.") || f.starts_with("H.") => Kind::Region,
            _ => Kind::Other,
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
struct Entry {
    geonameid: u32,
    name: (u32, u32),
    feature: u16,
    country: [u8; 3],
    admin1: u16,
    lat: f32,
    lon: f32,
    population: u64,
}

/// Index of an entry in a [`Gazetteer`].
pub type EntryId = u32;

/// A candidate referent of a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the entry in its gazetteer.
    pub id: EntryId,
    /// GeoNames id, when the entry has one.
    pub geonameid: Option<u32>,
    /// The gazetteer's name.
    pub name: String,
    /// GeoNames feature class and code (`P.PPL`, `A.PCLI`, `A.ADM1`, `L.RGN`).
    pub feature: String,
    /// Its coarse kind.
    pub kind: Kind,
    /// Country, ISO 3166 alpha-3, when it has one.
    pub country: Option<String>,
    /// First-level division name, when known.
    pub admin1: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (0 when unknown; divisions: the sum of their places).
    pub population: u64,
    /// The name matched an alternate name, not the entry's main name.
    pub alternate: bool,
}

use dateline_doc::hash::{FastMap, FnvHasher};

/// `str::split` by an ASCII byte with a plain byte loop (the fields are
/// short: a `memchr` call per field costs more than it saves).
struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == self.sep) {
            // an ASCII separator is a char boundary on both sides
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// 64-bit FNV-1a of a normalised key (the index stores hashes, not keys:
/// a collision among the ~10^6 keys has a chance of about 10^-7).
fn hash(key: &str) -> u64 {
    let mut h = FnvHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

/// The filter slot of a key hash: its top `bits` bits after mixing.
fn filter_slot(h: u64, bits: u32) -> usize {
    let x = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    if bits == 0 {
        0
    } else {
        (x >> (64 - bits)) as usize
    }
}

/// Bit set on a posting when the key is an alternate name of the entry.
const ALT: u32 = 1 << 31;

/// The gazetteer, indexed by normalised name.
pub struct Gazetteer {
    entries: Vec<Entry>,
    features: Vec<Box<str>>,
    admin1s: Vec<Box<str>>,
    names: String,
    /// (hash of the normalised key, posting), sorted.
    index: Vec<(u64, u32)>,
    /// A bit per slot of key hashes ([`filter_slot`]), set for every key
    /// in `index`: most words looked up are no place, and a clear bit
    /// answers without searching the index.
    filter: Vec<u64>,
    /// log2 of the number of bits in `filter`.
    filter_bits: u32,
    /// (geonameid, entry), sorted.
    by_geonameid: Vec<(u32, EntryId)>,
    countries: FastMap<[u8; 3], EntryId>,
    admin1_entries: FastMap<([u8; 3], u16), EntryId>,
    max_words: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("names", &self.index.len())
            .finish()
    }
}

impl Gazetteer {
    /// The folder of the shipped gazetteer: `$DATELINE_GAZETTEER` when set,
    /// else the repository's `data/gazetteer`.
    pub fn default_dir() -> PathBuf {
        match std::env::var_os("DATELINE_GAZETTEER") {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gazetteer")),
        }
    }

    /// Loads the shipped gazetteer (see [`Gazetteer::default_dir`]).
    pub fn load_default() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::load(&Gazetteer::default_dir())
    }

    /// Loads `dir/gazetteer.tsv.gz`.
    pub fn load(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let path = dir.join(GAZETTEER_FILE);
        let io = |source| GazetteerError::Io { path: path.clone(), source };
        let gz = std::fs::read(&path).map_err(io)?;
        let text = match dateline_nlp::gz::gunzip(&gz, 1 << 30).and_then(|raw| String::from_utf8(raw).ok()) {
            Some(text) => text,
            None => {
                // the streaming reader reports what is wrong
                let mut text = String::new();
                flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).map_err(io)?;
                text
            }
        };
        Gazetteer::from_tsv(&text).map_err(|(line, what)| GazetteerError::Format { path, line, what })
    }

    /// Builds a gazetteer from the uncompressed TSV text (one entry a line:
    /// geonameid (0 = none), name, feature, ISO3, admin1, lat, lon,
    /// population, alternate names separated by `|`, ASCII name). Lines
    /// starting with `#` are comments. Errors give the 1-based line.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, (usize, &'static str)> {
        let mut g = Gazetteer {
            entries: Vec::with_capacity(text.len() / 80),
            features: Vec::new(),
            admin1s: vec!["".into()],
            names: String::with_capacity(text.len() / 8),
            index: Vec::with_capacity(text.len() / 20),
            filter: Vec::new(),
            filter_bits: 0,
            by_geonameid: Vec::with_capacity(text.len() / 80),
            countries: FastMap::default(),
            admin1_entries: FastMap::default(),
            max_words: 1,
        };
        let (mut scratch, mut key) = (String::new(), String::new());
        let mut feature_ids: FastMap<&str, u16> = FastMap::default();
        let mut admin1_ids: FastMap<&str, u16> = FastMap::default();
        admin1_ids.insert("", 0);
        let mut last_feature: Option<(&str, u16)> = None;
        let mut last_admin1: Option<(&str, u16)> = None;
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = Split { rest: Some(line), sep: b'\t' };
            let mut next = |what| f.next().ok_or((n + 1, what));
            let gid: u32 = next("missing geonameid")?.parse().map_err(|_| (n + 1, "bad geonameid"))?;
            let name = next("missing name")?;
            let feature = next("missing feature")?;
            let cc = next("missing country")?;
            let admin1 = next("missing admin1")?;
            let lat: f32 = next("missing lat")?.parse().map_err(|_| (n + 1, "bad lat"))?;
            let lon: f32 = next("missing lon")?.parse().map_err(|_| (n + 1, "bad lon"))?;
            let population: u64 =
                next("missing population")?.parse().map_err(|_| (n + 1, "bad population"))?;
            let alts = f.next().unwrap_or("");
            let ascii = f.next().unwrap_or("");
            let fid = match last_feature
                .filter(|(f, _)| *f == feature)
                .map(|x| x.1)
                .or_else(|| feature_ids.get(feature).copied())
            {
                Some(i) => i,
                None => {
                    let i = u16::try_from(g.features.len()).map_err(|_| (n + 1, "too many features"))?;
                    g.features.push(feature.into());
                    feature_ids.insert(feature, i);
                    i
                }
            };
            let aid = match last_admin1
                .filter(|(a, _)| *a == admin1)
                .map(|x| x.1)
                .or_else(|| admin1_ids.get(admin1).copied())
            {
                Some(i) => i,
                None => {
                    let i = u16::try_from(g.admin1s.len()).map_err(|_| (n + 1, "too many admin1 names"))?;
                    g.admin1s.push(admin1.into());
                    admin1_ids.insert(admin1, i);
                    i
                }
            };
            last_feature = Some((feature, fid));
            last_admin1 = Some((admin1, aid));
            let mut country = [0u8; 3];
            if cc.len() == 3 {
                country.copy_from_slice(cc.as_bytes());
            }
            let id = EntryId::try_from(g.entries.len()).map_err(|_| (n + 1, "too many entries"))?;
            let kind = Kind::of_feature(feature);
            if gid != 0 {
                g.by_geonameid.push((gid, id));
            }
            if kind == Kind::Country && country != [0; 3] {
                g.countries.entry(country).or_insert(id);
            }
            if kind == Kind::Admin1 {
                g.admin1_entries.entry((country, aid)).or_insert(id);
            }
            let name_at = (g.names.len() as u32, name.len() as u32);
            g.names.push_str(name);
            g.entries.push(Entry {
                geonameid: gid,
                name: name_at,
                feature: fid,
                country,
                admin1: aid,
                lat,
                lon,
                population,
            });
            g.add_key(name, id, &mut scratch, &mut key);
            if !ascii.is_empty() {
                g.add_key(ascii, id, &mut scratch, &mut key);
            }
            for alt in (Split { rest: Some(alts), sep: b'|' }).filter(|a| !a.is_empty()) {
                g.add_key(alt, id | ALT, &mut scratch, &mut key);
            }
        }
        // the first entry of an id wins
        g.by_geonameid.sort_by_key(|&(gid, id)| (gid, id));
        g.by_geonameid.dedup_by_key(|e| e.0);
        // sort by key hash, then entry, main names (no ALT bit) first
        g.index.sort_unstable_by_key(|&(h, p)| (h, p & !ALT, p & ALT));
        // one posting per (key, entry): the main name when there is one
        g.index.dedup_by(|b, a| a.0 == b.0 && a.1 & !ALT == b.1 & !ALT);
        g.build_filter();
        Ok(g)
    }

    fn add_key(&mut self, name: &str, posting: u32, scratch: &mut String, key: &mut String) {
        normalize_into(name, scratch, key);
        if key.is_empty() {
            return;
        }
        let words = key.bytes().filter(|b| *b == b' ').count() + 1;
        self.max_words = self.max_words.max(words);
        self.index.push((hash(key), posting));
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The most words any indexed name has (after normalisation).
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// True when `name` (normalised) is a known name.
    pub fn contains(&self, name: &str) -> bool {
        self.postings(&normalize(name)).next().is_some()
    }

    /// About 16 bits per key (at most one lookup in ~16 of an absent key
    /// goes on to the index).
    fn build_filter(&mut self) {
        let bits = (self.index.len().max(64) * 16).next_power_of_two().trailing_zeros();
        self.filter_bits = bits;
        self.filter = vec![0u64; (1usize << bits) / 64];
        for &(h, _) in &self.index {
            let slot = filter_slot(h, bits);
            self.filter[slot / 64] |= 1 << (slot % 64);
        }
    }

    fn range(&self, key: &str) -> &[(u64, u32)] {
        let h = hash(key);
        let slot = filter_slot(h, self.filter_bits);
        if self.filter.get(slot / 64).is_none_or(|w| w & (1 << (slot % 64)) == 0) {
            return &[];
        }
        let start = self.index.partition_point(|e| e.0 < h);
        let end = start + self.index[start..].partition_point(|e| e.0 == h);
        &self.index[start..end]
    }

    /// Every entry called `name` (normalisation as in
    /// [`crate::normalize`]), in gazetteer order.
    pub fn candidates(&self, name: &str) -> Vec<Candidate> {
        self.candidates_normalized(&normalize(name))
    }

    /// Like [`Gazetteer::candidates`] for an already normalised key.
    pub fn candidates_normalized(&self, key: &str) -> Vec<Candidate> {
        self.range(key).iter().map(|&(_, p)| self.candidate(p & !ALT, p & ALT != 0)).collect()
    }

    /// Postings (entry id, alternate?) of a normalised key, without
    /// building candidates.
    pub(crate) fn postings(&self, key: &str) -> impl Iterator<Item = (EntryId, bool)> + '_ {
        self.range(key).iter().map(|&(_, p)| (p & !ALT, p & ALT != 0))
    }

    /// The candidate for entry `id` (panics on an id not from this gazetteer).
    pub fn candidate(&self, id: EntryId, alternate: bool) -> Candidate {
        let e = &self.entries[id as usize];
        let feature = self.feature_str(id);
        Candidate {
            id,
            geonameid: (e.geonameid != 0).then_some(e.geonameid),
            name: self.name(id).to_string(),
            feature: feature.to_string(),
            kind: Kind::of_feature(feature),
            country: self.country_str(id).map(str::to_string),
            admin1: self.admin1_str(id).map(str::to_string),
            lat: f64::from(e.lat),
            lon: f64::from(e.lon),
            population: e.population,
            alternate,
        }
    }

    /// The entry with GeoNames id `geonameid`.
    pub fn by_geonameid(&self, geonameid: u32) -> Option<Candidate> {
        let i = self.by_geonameid.binary_search_by_key(&geonameid, |e| e.0).ok()?;
        self.by_geonameid.get(i).map(|&(_, id)| self.candidate(id, false))
    }

    /// The country entry for ISO alpha-3 `iso3`.
    pub fn country(&self, iso3: &str) -> Option<Candidate> {
        let k: [u8; 3] = iso3.as_bytes().try_into().ok()?;
        self.countries.get(&k).map(|&id| self.candidate(id, false))
    }

    /// The ADM1 entry holding entry `id` (its own id for an ADM1).
    pub fn admin1_of(&self, id: EntryId) -> Option<EntryId> {
        let e = self.entries.get(id as usize)?;
        if e.admin1 == 0 {
            return None;
        }
        self.admin1_entries.get(&(e.country, e.admin1)).copied()
    }

    /// The country entry holding entry `id`.
    pub fn country_of(&self, id: EntryId) -> Option<EntryId> {
        let e = self.entries.get(id as usize)?;
        self.countries.get(&e.country).copied()
    }

    pub(crate) fn kind(&self, id: EntryId) -> Kind {
        Kind::of_feature(self.feature_str(id))
    }

    pub(crate) fn feature_str(&self, id: EntryId) -> &str {
        self.entries.get(id as usize).and_then(|e| self.features.get(e.feature as usize)).map_or("", |f| f)
    }

    pub(crate) fn country_code(&self, id: EntryId) -> [u8; 3] {
        self.entries.get(id as usize).map_or([0; 3], |e| e.country)
    }

    pub(crate) fn admin1_code(&self, id: EntryId) -> u16 {
        self.entries.get(id as usize).map_or(0, |e| e.admin1)
    }

    pub(crate) fn country_str(&self, id: EntryId) -> Option<&str> {
        let e = self.entries.get(id as usize)?;
        std::str::from_utf8(&e.country).ok().filter(|s| !s.starts_with('\0'))
    }

    pub(crate) fn admin1_str(&self, id: EntryId) -> Option<&str> {
        let e = self.entries.get(id as usize)?;
        self.admin1s.get(e.admin1 as usize).map(|s| &**s).filter(|s| !s.is_empty())
    }

    pub(crate) fn population(&self, id: EntryId) -> u64 {
        self.entries.get(id as usize).map_or(0, |e| e.population)
    }

    pub(crate) fn point(&self, id: EntryId) -> (f64, f64) {
        self.entries.get(id as usize).map_or((0.0, 0.0), |e| (f64::from(e.lat), f64::from(e.lon)))
    }

    pub(crate) fn name(&self, id: EntryId) -> &str {
        self.entries
            .get(id as usize)
            .and_then(|e| self.names.get(e.name.0 as usize..(e.name.0 + e.name.1) as usize))
            .unwrap_or("")
    }

    pub(crate) fn geonameid(&self, id: EntryId) -> Option<u32> {
        self.entries.get(id as usize).map(|e| e.geonameid).filter(|g| *g != 0)
    }
}

/// Great-circle distance in km (haversine, R = 6371.0088 km, as the shared scorer).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn split_is_str_split() {
        for s in ["", "a", "\t", "a\tb", "a\t\tb\t", "\tä\tö|ü\t", "x|y||z|"] {
            for sep in [b'\t', b'|'] {
                let ours: Vec<&str> = Split { rest: Some(s), sep }.collect();
                let std: Vec<&str> = s.split(char::from(sep)).collect();
                assert_eq!(ours, std, "{s:?}");
            }
        }
    }

    /// A tiny gazetteer for tests.
    pub(crate) const FIXTURE: &str = "\
# fixture
2440476\tNiger\tA.PCLI\tNER\t\t16.0\t8.0\t22442948\tNigerien|Nigeriens|Republic of Niger\t
2453866\tMali\tA.PCLI\tMLI\t\t17.0\t-4.0\t19077690\tMalian|Malians\t
2361809\tBurkina Faso\tA.PCLI\tBFA\t\t12.5\t-1.67\t20903278\tBurkinabe\t
3017382\tFrance\tA.PCLI\tFRA\t\t46.0\t2.0\t66987244\tFrench|République française\t
2017370\tRussia\tA.PCLI\tRUS\t\t60.0\t100.0\t144478050\tRussian Federation|Russian|Russians\t
6252001\tUnited States\tA.PCLI\tUSA\t\t39.76\t-98.5\t327167434\tU.S.|US|USA|America|American|Americans\t
2328926\tNigeria\tA.PCLI\tNGA\t\t10.0\t8.0\t195874740\tNigerian|Nigerians\t
4736286\tTexas\tA.ADM1\tUSA\tTexas\t31.25\t-99.25\t25000000\tTex.\t
4896861\tIllinois\tA.ADM1\tUSA\tIllinois\t40.0\t-89.25\t12000000\tIll.\t
2595349\tNiger State\tA.ADM1\tNGA\tNiger\t10.0\t6.0\t3950249\tNiger\t
2444408\tAgadez\tA.ADM1\tNER\tAgadez\t19.0\t11.0\t400000\t\t
2440485\tNiamey\tP.PPLC\tNER\tNiamey\t13.5137\t2.1098\t1323691\tNiamei\t
2460596\tBamako\tP.PPLC\tMLI\tBamako\t12.65\t-8.0\t2000000\t\t
2988507\tParis\tP.PPLC\tFRA\tÎle-de-France\t48.8534\t2.3488\t2138551\tParis\tParis
4717560\tParis\tP.PPL\tUSA\tTexas\t33.6609\t-95.5555\t24782\t\t
4246659\tParis\tP.PPL\tUSA\tIllinois\t39.6111\t-87.6961\t8837\t\t
524901\tMoscow\tP.PPLC\tRUS\tMoscow\t55.7522\t37.6156\t10381222\tMoskva\t
2448085\tAgadez\tP.PPLA\tNER\tAgadez\t16.9733\t7.9911\t124324\tAgades\t
4250542\tSpringfield\tP.PPL\tUSA\tIllinois\t39.8017\t-89.6437\t116250\t\t
4409896\tSpringfield\tP.PPL\tUSA\tMissouri\t37.2153\t-93.2982\t166810\t\t
4951788\tSpringfield\tP.PPL\tUSA\tMassachusetts\t42.1015\t-72.5898\t153703\t\t
5020859\tSaint Louis\tP.PPL\tUSA\tMissouri\t38.627\t-90.1979\t319294\tSt. Louis\t
0\tSahel\tL.RGN\t\t\t14.5\t0.0\t0\tthe Sahel\t
0\tLaurel County\tA.ADM2\tUSA\tKentucky\t37.11\t-84.11\t60000\t\t
";

    pub(crate) fn fixture() -> Gazetteer {
        Gazetteer::from_tsv(FIXTURE).unwrap()
    }

    #[test]
    fn lookups() {
        let g = fixture();
        let c = g.candidates("Niger’s");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].geonameid, Some(2440476));
        assert!(!c[0].alternate);
        assert!(c[1].alternate, "Niger State's alternate name");
        assert_eq!(g.candidates("St Louis")[0].geonameid, Some(5020859));
        assert_eq!(g.candidates("u.s.")[0].country.as_deref(), Some("USA"));
        assert_eq!(g.candidates("Paris").len(), 3);
        assert!(!g.candidates("Paris")[0].alternate);
        assert_eq!(g.country("NER").map(|c| c.name), Some("Niger".to_string()));
        let niamey = g.by_geonameid(2440485).unwrap();
        assert_eq!(niamey.kind, Kind::Capital);
        assert_eq!(g.admin1_of(niamey.id), None);
        let paris_tx = g.by_geonameid(4717560).unwrap();
        assert_eq!(g.admin1_of(paris_tx.id).map(|i| g.name(i)), Some("Texas"));
        assert!(matches!(
            Gazetteer::from_tsv("# c\n1\tX\tP.PPL\tUSA\t\tnope\t0\t0\t\t\n"),
            Err((2, "bad lat"))
        ));
    }

    #[test]
    fn distances() {
        let d = distance_km((13.5137, 2.1098), (12.65, -8.0));
        assert!((d - 1100.0).abs() < 30.0, "{d}");
    }
}
