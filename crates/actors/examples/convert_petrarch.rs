//! Converts the PETRARCH2 Phoenix dictionaries (MIT, Open Event Data
//! Alliance) into dateline KB files.
//!
//! ```text
//! cargo run -p dateline-actors --example convert_petrarch -- DICT_DIR OUT_DIR
//! ```
//!
//! Writes `petrarch-countries.tsv` (country blocks of
//! `Phoenix.Countries.actors.txt`: the name and its `+` synonyms),
//! `petrarch-organisations.tsv` (undated entries of
//! `Phoenix.International.actors.txt` and `Phoenix.MilNonState.actors.txt`;
//! entries with dated codes are individuals and are skipped) and
//! `petrarch-agents.tsv` (`Phoenix.agents.txt`, with `!PERSON!`/`!MINIST!`
//! expanded and plurals formed as PETRARCH does) and `petrarch-people.tsv`
//! (the `# CountryInfo.txt` individuals of `Phoenix.Countries.actors.txt`
//! with their dated roles, and the dated individuals of
//! `Phoenix.International.actors.txt`; see [`people`]). The hand-curated files
//! (`countries.tsv` ...) are loaded after these and add to them.

use dateline_actors::petrarch::{agents_tsv, countries_tsv, name_key, organisations_tsv, people_tsv};
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn read(dir: &Path, name: &str) -> Result<String> {
    let path = dir.join(name);
    // The dictionaries are Latin-1 in places; decode leniently.
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

const SOURCE: &str = "by crates/actors/examples/convert_petrarch.rs from";
const MIT: &str = "(MIT, Open Event Data Alliance). Do not edit: add to";

/// The first column of the non-comment lines of `file` (country codes), or
/// the name keys of its columns `cols` (names and `|` aliases).
fn column_set(file: &Path, cols: &[usize], keys: bool) -> Result<std::collections::BTreeSet<String>> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut out = std::collections::BTreeSet::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        for &c in cols {
            for v in f.get(c).copied().unwrap_or("").split('|').filter(|v| !v.trim().is_empty()) {
                out.insert(if keys { name_key(v) } else { v.trim().to_owned() });
            }
        }
    }
    Ok(out)
}

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(dict), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: convert_petrarch DICT_DIR OUT_DIR".into());
    };
    let (dict, out) = (PathBuf::from(dict), PathBuf::from(out));
    let countries_text = read(&dict, "Phoenix.Countries.actors.txt")?;
    let phoenix = countries_tsv(
        &countries_text,
        &format!("# Generated {SOURCE} PETRARCH2 Phoenix.Countries.actors.txt {MIT} countries.tsv.\n"),
    );
    let mut known = column_set(&out.join("countries.tsv"), &[0], false)?;
    known.extend(
        phoenix
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .map(str::to_owned),
    );
    let curated = column_set(&out.join("people.tsv"), &[1, 2], true)?;
    let international = read(&dict, "Phoenix.International.actors.txt")?;
    let nonstate = read(&dict, "Phoenix.MilNonState.actors.txt")?;
    let organisations = organisations_tsv(
        &[&international, &nonstate],
        &format!("# Generated {SOURCE} PETRARCH2 Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt {MIT} organisations.tsv.\n"),
    );
    let agents = agents_tsv(
        &read(&dict, "Phoenix.agents.txt")?,
        &format!("# Generated {SOURCE} PETRARCH2 Phoenix.agents.txt {MIT} agents.tsv.\n"),
    );
    let mut people = people_tsv(
        &countries_text,
        Some(&known),
        &curated,
        true,
        &format!("# Generated {SOURCE} the CountryInfo individuals of PETRARCH2 Phoenix.Countries.actors.txt and the dated individuals of Phoenix.International.actors.txt (UN Secretaries-General ...) {MIT} people.tsv.\n# id\tname\taliases\tcountry\tcode\ttitle\tstart\tend\n"),
    );
    // The international organisations' officers: the entries of
    // Phoenix.International.actors.txt with dated codes.
    let mut officer_codes = known.clone();
    officer_codes.extend(["IGO", "NGO"].map(str::to_owned));
    people.push_str(&people_tsv(&international, Some(&officer_codes), &curated, false, ""));
    for (name, text) in [
        ("petrarch-countries.tsv", phoenix),
        ("petrarch-organisations.tsv", organisations),
        ("petrarch-agents.tsv", agents),
        ("petrarch-people.tsv", people),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
