//! The CAMEO codebook with Goldstein scores, QuadClass and the PLOVER
//! mapping, read from `data/events/codes.tsv`.

use crate::EventsError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the codebook says about one event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// The code (`042`, `0312`, `D01`).
    pub code: String,
    /// Its name in the CAMEO 1.1b3 manual (or dateline's, for extensions).
    pub name: String,
    /// Goldstein conflict-cooperation score, -10..10.
    pub goldstein: f32,
    /// QuadClass 1..4.
    pub quadclass: u8,
    /// PLOVER type, empty for CAMEO roots 01 and 02.
    pub plover: String,
    /// PLOVER mode, if any.
    pub mode: Option<String>,
    /// PLOVER context, if any.
    pub context: Option<String>,
}

impl CodeInfo {
    /// The two-digit CAMEO root (`04` for `042`); the whole code for
    /// extension codes.
    pub fn root(&self) -> &str {
        if self.code.starts_with(|c: char| c.is_ascii_digit()) {
            self.code.get(..2).unwrap_or(&self.code)
        } else {
            &self.code
        }
    }
}

/// All event codes.
#[derive(Debug, Clone, Default)]
pub struct Codebook {
    codes: HashMap<String, CodeInfo>,
}

/// The directory event data is read from: `$DATELINE_EVENTS` if set, else
/// the repository's `data/events`.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("DATELINE_EVENTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/events")),
    }
}

impl Codebook {
    /// Loads `codes.tsv` from [`default_dir`].
    pub fn load_default() -> Result<Codebook, EventsError> {
        Codebook::load(&default_dir().join("codes.tsv"))
    }

    /// Loads a codebook file: `code name goldstein quadclass plover_type
    /// plover_mode plover_context`, tab-separated, `#` comments.
    pub fn load(path: &Path) -> Result<Codebook, EventsError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| EventsError::Io { path: path.into(), source })?;
        Codebook::parse(&text).map_err(|(line, message)| EventsError::Format {
            path: path.into(),
            line,
            message,
        })
    }

    /// Parses the text of a codebook file; errors give the 1-based line.
    pub fn parse(text: &str) -> Result<Codebook, (usize, String)> {
        let mut codes = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                return Err((n + 1, format!("want at least 4 tab-separated fields, got {}", f.len())));
            }
            let opt = |i: usize| f.get(i).map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
            // An empty Goldstein score (codes GDELT's table lacks) is taken
            // from the nearest parent code below.
            let goldstein = match f[2].trim() {
                "" => f32::NAN,
                g => g.parse::<f32>().map_err(|e| (n + 1, format!("goldstein {g:?}: {e}")))?,
            };
            let quadclass =
                f[3].trim().parse::<u8>().map_err(|e| (n + 1, format!("quadclass {:?}: {e}", f[3])))?;
            if !(1..=4).contains(&quadclass) {
                return Err((n + 1, format!("quadclass {quadclass} not in 1..4")));
            }
            let info = CodeInfo {
                code: f[0].trim().to_string(),
                name: f[1].trim().to_string(),
                goldstein,
                quadclass,
                plover: opt(4).unwrap_or_default(),
                mode: opt(5),
                context: opt(6),
            };
            codes.insert(info.code.clone(), info);
        }
        let missing: Vec<String> =
            codes.values().filter(|c| c.goldstein.is_nan()).map(|c| c.code.clone()).collect();
        for code in missing {
            let parent = (2..code.len())
                .rev()
                .find_map(|k| codes.get(&code[..k]).map(|p| p.goldstein).filter(|g| !g.is_nan()));
            if let Some(c) = codes.get_mut(&code) {
                c.goldstein = parent.unwrap_or(0.0);
            }
        }
        Ok(Codebook { codes })
    }

    /// The entry for `code`.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, info: CodeInfo) {
        self.codes.insert(info.code.clone(), info);
    }

    /// The number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// All entries, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &CodeInfo> {
        let mut v: Vec<&CodeInfo> = self.codes.values().collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v.into_iter()
    }
}
