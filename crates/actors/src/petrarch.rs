//! PETRARCH dictionary formats for the actor KB: actor dictionaries
//! (`NAME_WITH_UNDERSCORES [CODE]`, `+synonym` lines, dated code lines
//! `[CODE 950101-991231]`) and agent dictionaries (`POLICE [~COP]`) read as
//! KB records. [`crate::Kb::load`] reads `*.actors.txt` and `*.agents.txt`
//! files of the KB folder this way, so existing users' dictionaries work
//! as they are; `examples/convert_petrarch.rs` writes the `petrarch-*.tsv`
//! files of `data/kb` from PETRARCH2's Phoenix dictionaries with the same
//! functions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const SMALL: &[&str] =
    &["of", "the", "and", "de", "du", "des", "la", "le", "al", "el", "for", "in", "on", "to", "da"];

/// `UNITED_STATES_OF_AMERICA_` → "United States of America".
fn title_case(raw: &str) -> String {
    let words: Vec<String> = raw.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 && SMALL.contains(&w.as_str()) {
            out.push(w.clone());
            continue;
        }
        // Capitalise after start, hyphen and apostrophe.
        let mut s = String::new();
        let mut up = true;
        for c in w.chars() {
            if up && c.is_alphabetic() {
                s.extend(c.to_uppercase());
                up = false;
            } else {
                s.push(c);
            }
            if c == '-' || c == '.' {
                up = true;
            }
        }
        out.push(s);
    }
    out.join(" ")
}

/// Like [`title_case`], but keeps a single short word in capitals: it is an
/// acronym ("UN", "IS", "AU") that must match case exactly.
fn name_case(raw: &str, max_acronym: usize) -> String {
    let t = raw.trim_matches(['_', ' ']);
    if !t.contains(['_', ' '])
        && t.chars().filter(|c| c.is_alphabetic()).count() <= max_acronym
        && !t.chars().any(char::is_lowercase)
    {
        return t.to_owned();
    }
    title_case(raw)
}

fn lower_phrase(raw: &str) -> String {
    raw.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Strips comments; returns the part before `#`.
fn code_part(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

/// The `[CODE ...]` groups of a line: (code, dated).
fn codes(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = code_part(line);
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = rest[open + 1..open + close].trim();
        let mut parts = inner.split_whitespace();
        if let Some(code) = parts.next() {
            out.push((code.to_owned(), parts.next().is_some()));
        }
        rest = &rest[open + close + 1..];
    }
    out
}

fn name_of(line: &str) -> &str {
    let s = code_part(line);
    let s = s.split('[').next().unwrap_or("");
    let s = s.split('{').next().unwrap_or("");
    s.trim().trim_start_matches('+').trim()
}

fn plural(phrase: &str) -> String {
    let p = phrase;
    if p.ends_with('s') {
        p.to_owned()
    } else if p.ends_with('x') || p.ends_with("ch") || p.ends_with("sh") {
        format!("{p}es")
    } else if p.ends_with('y') && !p.ends_with("ay") && !p.ends_with("ey") && !p.ends_with("oy") {
        format!("{}ies", &p[..p.len() - 1])
    } else if let Some(stem) = p.strip_suffix("man") {
        format!("{stem}men")
    } else {
        format!("{p}s")
    }
}

/// The country entries of an actor dictionary (a name with one undated
/// three-letter code, its `+` synonyms) as `countries.tsv` lines after
/// `header`.
pub fn countries_tsv(text: &str, header: &str) -> String {
    let mut out = String::from(header);
    let mut by_code: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with('#') || line.starts_with('+') || line.starts_with(char::is_whitespace) {
            continue;
        }
        let cs = codes(line);
        let [(code, false)] = cs.as_slice() else {
            continue;
        };
        // `---` (regions) and KNT (Kinakuta, PETRARCH's fictional test
        // country) are not countries.
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) || code == "KNT" {
            continue;
        }
        let name = name_case(name_of(line), 3);
        let entry = by_code.entry(code.clone()).or_insert_with(|| {
            order.push(code.clone());
            (name.clone(), Vec::new())
        });
        if entry.0 != name && !entry.1.contains(&name) {
            entry.1.push(name.clone());
        }
        while let Some(next) = lines.peek() {
            if !next.starts_with('+') {
                break;
            }
            let a = name_case(name_of(next), 3);
            if !a.is_empty() && a != entry.0 && !entry.1.contains(&a) {
                entry.1.push(a);
            }
            lines.next();
        }
    }
    for code in order {
        if let Some((name, aliases)) = by_code.get(&code) {
            let _ = writeln!(out, "{code}\t{code}\t{name}\t{}", aliases.join("|"));
        }
    }
    out
}

/// The undated entries that are not countries (organisations, armed
/// groups) of the actor dictionaries `texts` as `organisations.tsv` lines
/// after `header`; entries with dated codes are individuals (see
/// [`people_tsv`]).
pub fn organisations_tsv(texts: &[&str], header: &str) -> String {
    let mut out = String::from(header);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for text in texts {
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            if line.starts_with('#')
                || line.starts_with('+')
                || line.starts_with(char::is_whitespace)
                || line.trim().is_empty()
            {
                continue;
            }
            let name = name_case(name_of(line), 5);
            let mut all = codes(line);
            let mut aliases: Vec<String> = Vec::new();
            while let Some(next) = lines.peek() {
                if next.starts_with('+') {
                    let a = name_case(name_of(next), 5);
                    if !a.is_empty() && a != name && !aliases.contains(&a) {
                        aliases.push(a);
                    }
                    all.extend(codes(next));
                } else if next.starts_with(char::is_whitespace) && next.contains('[') {
                    all.extend(codes(next));
                } else {
                    break;
                }
                lines.next();
            }
            if name.is_empty() || all.is_empty() || all.iter().any(|(_, dated)| *dated) {
                continue;
            }
            let code = all[0].0.clone();
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                continue;
            }
            let prefix = &code[..3];
            let (org_type, country) = match prefix {
                "IGO" | "IMG" | "NGO" | "NGM" | "MNC" | "INT" | "UIS" => (prefix.to_owned(), ""),
                _ => (code.get(3..6).unwrap_or("GRP").to_owned(), prefix),
            };
            let mut id: String =
                name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
            id = id.trim_matches('-').to_owned();
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                id = format!("{id}-{n}");
            }
            let _ =
                writeln!(out, "petrarch:{id}\t{code}\t{org_type}\t{name}\t{}\t{country}", aliases.join("|"));
        }
    }
    out
}

/// An agent dictionary (`POLICE [~COP]`, `!PERSON!`/`!MINIST!` expanded,
/// plurals formed as PETRARCH does) as `agents.tsv` lines after `header`.
pub fn agents_tsv(text: &str, header: &str) -> String {
    let mut out = String::from(header);
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with('!') || !line.contains("[~") {
            continue;
        }
        let cs = codes(line);
        let Some((code, _)) = cs.first() else {
            continue;
        };
        let code = code.trim_start_matches('~');
        if code.is_empty() || code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        let joined: Vec<&str> = (0..code.len() / 3).map(|i| &code[i * 3..i * 3 + 3]).collect();
        let head = code_part(line).split('[').next().unwrap_or("");
        let (base, explicit) = match head.find('{') {
            Some(open) => {
                let inner = head[open + 1..].split('}').next().unwrap_or("").trim();
                (head[..open].trim(), Some(inner))
            }
            None => (head.trim(), None),
        };
        let base = base.replace("!PERSON!", "_MAN").replace("!MINIST!", "MINISTER");
        let mut phrases: Vec<String> = Vec::new();
        let singular = lower_phrase(&base);
        if singular.is_empty() {
            continue;
        }
        // `DEFENCE_MINIST` is a stem: minister, ministers, ministry.
        let forms: Vec<String> = if let Some(stem) = singular.strip_suffix("minist") {
            vec![format!("{stem}minister"), format!("{stem}ministry")]
        } else {
            vec![singular.replace(" man", "man").replace("  ", " ")]
        };
        for s in forms {
            phrases.push(s.clone());
            match explicit {
                Some("") => {}
                Some(pl) => phrases.push(lower_phrase(pl)),
                None => phrases.push(plural(&s)),
            }
        }
        phrases.dedup();
        let _ = writeln!(out, "{}\t{}", joined.join("+"), phrases.join("|"));
    }
    out
}

/// A PETRARCH dictionary date (`YYMMDD`, two-digit years before 30 in the
/// 2000s, or `YYYYMMDD`) as the number `yyyymmdd`.
pub fn date_number(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = raw.parse().ok()?;
    match raw.len() {
        8 => Some(n),
        6 if n / 10_000 < 30 => Some(20_000_000 + n),
        6 => Some(19_000_000 + n),
        _ => None,
    }
}

/// A PETRARCH dictionary date as a KB date (`YYYY-MM-DD`, or `YYYY-MM` /
/// `YYYY` when the day or month is zero).
fn kb_date(raw: &str) -> Option<String> {
    let n = date_number(raw)?;
    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
    Some(match (m, d) {
        (1..=12, 1..=31) => format!("{y:04}-{m:02}-{d:02}"),
        (1..=12, _) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    })
}

/// `[CODE A-B]`, `[CODE >A]`, `[CODE <B]`, `[CODE]`: (code, start, end).
fn dated_codes(line: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = code_part(line);
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let mut parts = rest[open + 1..open + close].split_whitespace();
        rest = &rest[open + close + 1..];
        let Some(code) = parts.next() else { continue };
        let (start, end) = match parts.next() {
            None => (None, None),
            Some(r) => match (r.strip_prefix('>'), r.strip_prefix('<'), r.split_once('-')) {
                (Some(a), _, _) => (kb_date(a), None),
                (_, Some(b), _) => (None, kb_date(b)),
                (_, _, Some((a, b))) => (kb_date(a), kb_date(b)),
                _ => continue,
            },
        };
        out.push((code.to_owned(), start, end));
    }
    out
}

/// Lower-case letters and digits only: how two spellings of a name are
/// compared here.
pub fn name_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The individuals of an actor dictionary (entries with dated codes; with
/// `marked_only`, only those marked `# CountryInfo.txt` as in PETRARCH2's
/// `Phoenix.Countries.actors.txt`: heads of state and government, ministers)
/// as `people.tsv` lines after `header`, their role countries among
/// `countries` when given. PETRARCH's undated fallback code and
/// its `ELI` roles are left out when a person has a government role: the KB
/// codes a person country + `ELI` before and after their roles by itself.
/// Only names of two words or more are kept (a surname alone links to the
/// person named in full earlier in the article), and a name that two
/// people of different countries share, or that a hand-curated person
/// (`curated`: names and aliases of `people.tsv`) has, is skipped.
pub fn people_tsv(
    text: &str,
    countries: Option<&BTreeSet<String>>,
    curated: &BTreeSet<String>,
    marked_only: bool,
    header: &str,
) -> String {
    struct Entry {
        name: String,
        aliases: Vec<String>,
        roles: Vec<(String, Option<String>, Option<String>)>,
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if marked_only && !line.contains("# CountryInfo")
            || line.starts_with(['#', '+'])
            || line.starts_with(char::is_whitespace)
            || line.trim().is_empty()
        {
            continue;
        }
        // A name ends at a tab ("OSMAN_OLCAY\t_TURKEY_").
        let name = |l: &str| title_case(name_of(l).split('\t').next().unwrap_or(""));
        let mut e = Entry { name: name(line), aliases: Vec::new(), roles: dated_codes(line) };
        while let Some(next) = lines.peek() {
            if next.starts_with('+') {
                let a = name(next);
                if !a.is_empty() && a != e.name && !e.aliases.contains(&a) {
                    e.aliases.push(a);
                }
                e.roles.extend(dated_codes(next));
            } else if next.starts_with(char::is_whitespace) && next.contains('[') {
                e.roles.extend(dated_codes(next));
            } else {
                break;
            }
            lines.next();
        }
        let valid = |c: &str| c.len() >= 6 && c.len() % 3 == 0 && c.bytes().all(|b| b.is_ascii_uppercase());
        // Not a person: an undated entry (a country, an organisation).
        if !marked_only && e.roles.iter().all(|r| r.1.is_none() && r.2.is_none()) {
            continue;
        }
        e.roles.retain(|(c, _, _)| valid(c) && countries.is_none_or(|k| k.contains(&c[..3])));
        let governs = e.roles.iter().any(|(c, _, _)| !c.ends_with("ELI"));
        if governs {
            e.roles.retain(|(c, _, _)| !c.ends_with("ELI"));
        } else {
            // only elite roles: one undated role of the country
            e.roles.truncate(1);
            if let Some(r) = e.roles.first_mut() {
                (r.1, r.2) = (None, None);
            }
        }
        e.roles.retain(|(_, s, t)| !matches!((s, t), (Some(s), Some(t)) if t < s));
        if !e.roles.is_empty() {
            entries.push(e);
        }
    }
    // Names shared by people of different countries, or by curated people.
    let mut owner: BTreeMap<String, Option<String>> = BTreeMap::new();
    for e in &entries {
        let country = e.roles[0].0[..3].to_owned();
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            let slot = owner.entry(name_key(n)).or_insert_with(|| Some(country.clone()));
            if slot.as_deref() != Some(country.as_str()) {
                *slot = None;
            }
        }
    }
    let usable = |n: &str| {
        let k = name_key(n);
        k.contains(' ') && !curated.contains(&k) && owner.get(&k).is_some_and(Option::is_some)
    };
    let mut out = String::from(header);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in &entries {
        let names: Vec<&String> = std::iter::once(&e.name).chain(&e.aliases).filter(|n| usable(n)).collect();
        let Some((name, aliases)) = names.split_first() else { continue };
        let base = name_key(name).replace(' ', "-");
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n > 1 { format!("petrarch:{base}-{n}") } else { format!("petrarch:{base}") };
        let aliases: Vec<&str> = aliases.iter().map(|a| a.as_str()).collect();
        for (code, start, end) in &e.roles {
            // An international organisation's officer has no country.
            let country = match &code[..3] {
                "IGO" | "NGO" | "IMG" | "NGM" | "MNC" => "",
                c => c,
            };
            let _ = writeln!(
                out,
                "{id}\t{name}\t{}\t{}\t{code}\t\t{}\t{}",
                aliases.join("|"),
                country,
                start.as_deref().unwrap_or(""),
                end.as_deref().unwrap_or("")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_dates_become_kb_dates() {
        assert_eq!(kb_date("940705").as_deref(), Some("1994-07-05"));
        assert_eq!(kb_date("041111").as_deref(), Some("2004-11-11"));
        assert_eq!(kb_date("19940913").as_deref(), Some("1994-09-13"));
        assert_eq!(kb_date("940700").as_deref(), Some("1994-07"));
        assert_eq!(kb_date("9407").as_deref(), None);
        let d = dated_codes("\t[PSEGOV 940705-041111] [PSEELI >041111] [PSE]");
        assert_eq!(
            d,
            [
                ("PSEGOV".to_owned(), Some("1994-07-05".to_owned()), Some("2004-11-11".to_owned())),
                ("PSEELI".to_owned(), Some("2004-11-11".to_owned()), None),
                ("PSE".to_owned(), None, None),
            ]
        );
    }

    #[test]
    fn people_keep_government_roles_and_skip_shared_names() {
        let text = "YASIR_ARAFAT_  # CountryInfo.txt\n+YASSER_ARAFAT\n\t[PSEELI 470101-940705]\n\t[PSEGOV 940705-041111]\n\
                    JOHN_SMITH_  # CountryInfo.txt\n\t[GBRGOV 030101-050101]\n\
                    JOHN_SMITH_  # CountryInfo.txt\n\t[USAGOV 030101-050101]\n\
                    SUHARTO_  # CountryInfo.txt\n\t[IDNGOV 670312-980521]\n";
        let tsv = people_tsv(text, None, &BTreeSet::new(), true, "");
        let lines: Vec<&str> = tsv.lines().collect();
        // Arafat's elite role before office is left to the KB; the shared
        // name and the one-word name are skipped.
        assert_eq!(
            lines,
            ["petrarch:yasir-arafat\tYasir Arafat\tYasser Arafat\tPSE\tPSEGOV\t\t1994-07-05\t2004-11-11"]
        );
    }

    #[test]
    fn international_officers_have_no_country() {
        let text = "KOFI_ANNAN_\n+SECRETARY-GENERAL_KOFI_ANNAN\n\t[IGOUNO 970101-061231]\n\t[ELI]\n\
                    OSMAN_OLCAY\t_TURKEY_\t[IGOWSTNAT 690101-711231]\n\
                    THE_UNITED_NATIONS_ [IGOUNO]\n";
        let codes: BTreeSet<String> = ["IGO".to_owned()].into();
        let out = people_tsv(text, Some(&codes), &BTreeSet::new(), false, "");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "petrarch:kofi-annan\tKofi Annan\tSecretary-General Kofi Annan\t\tIGOUNO\t\t1997-01-01\t2006-12-31",
                "petrarch:osman-olcay\tOsman Olcay\t\t\tIGOWSTNAT\t\t1969-01-01\t1971-12-31",
            ]
        );
    }
}
