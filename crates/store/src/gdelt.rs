//! GDELT 2.0 Events rows (61 tab-separated columns), the same contract as
//! `dateline export --format gdelt`'s `*.export.CSV`: event id, dates,
//! two actor blocks (code, name in capitals, country, known group, three
//! types), root flag, CAMEO code/base/root, QuadClass, Goldstein, mention,
//! source and article counts, tone 0, two empty actor geography blocks,
//! the action geography (type, full name, FIPS country, lat, lon, feature
//! id), the time added and the first article's URL.

use crate::StoredEvent;
use std::collections::HashMap;
use std::sync::OnceLock;

/// ISO 3166 alpha-3 to FIPS 10-4 (GeoNames; `data/export/fips.tsv`).
fn fips() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../../data/export/fips.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    })
}

/// A field with tabs and line breaks made spaces.
pub fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The digits of a timestamp, `YYYYMMDDhhmmss`.
pub fn stamp(ts: &str) -> String {
    ts.chars().filter(char::is_ascii_digit).take(14).collect()
}

/// The country, known group and up to three type parts of a CAMEO actor
/// code.
fn code_parts(code: &str, country: Option<&str>) -> (String, String, Vec<String>) {
    let mut rest = code;
    let mut known = String::new();
    let cc = match country {
        Some(c) if !c.is_empty() && code.starts_with(c) => {
            rest = code.get(c.len()..).unwrap_or("");
            c.to_owned()
        }
        _ => String::new(),
    };
    if cc.is_empty() && (rest.starts_with("IGO") || rest.starts_with("NGO") || rest.starts_with("IMG")) {
        known = rest.get(3..).unwrap_or("").to_owned();
        rest = "";
    }
    let types =
        (0..rest.len() / 3).filter_map(|i| rest.get(3 * i..3 * i + 3)).map(str::to_owned).take(3).collect();
    (cc, known, types)
}

fn no_geo(cols: &mut Vec<String>) {
    cols.push("0".into());
    cols.extend(std::iter::repeat_n(String::new(), 7));
}

/// One Events row (without its line end). `root_event`: its first report
/// is in the article's first two sentences; `url`: the first article's
/// URL (or origin).
pub fn event_row(e: &StoredEvent, root_event: bool, url: &str) -> String {
    let date = e.day.as_deref().and_then(|d| jiff::civil::Date::strptime("%Y-%m-%d", d).ok());
    let (sqldate, monthyear, year, fraction) = match date {
        Some(d) => (
            format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
            format!("{:04}{:02}", d.year(), d.month()),
            d.year().to_string(),
            format!(
                "{:.4}",
                f64::from(d.year()) + f64::from(d.day_of_year() - 1) / f64::from(d.days_in_year())
            ),
        ),
        None => Default::default(),
    };
    let mut cols: Vec<String> = Vec::with_capacity(61);
    cols.extend([e.id.to_string(), sqldate, monthyear, year, fraction]);
    for a in [&e.source, &e.target] {
        let code = a.code.clone().unwrap_or_default();
        let (cc, known, types) = code_parts(&code, a.country.as_deref());
        cols.push(code);
        cols.push(tsv(&a.text.clone().unwrap_or_default().to_uppercase()));
        cols.push(if cc.is_empty() { a.country.clone().unwrap_or_default() } else { cc });
        cols.push(known);
        cols.extend([String::new(), String::new(), String::new()]);
        for k in 0..3 {
            cols.push(types.get(k).cloned().unwrap_or_default());
        }
    }
    cols.extend([
        u8::from(root_event).to_string(),
        e.cameo.clone(),
        e.cameo.get(..3).unwrap_or(&e.cameo).to_owned(),
        e.root.clone(),
        e.quadclass.to_string(),
        format!("{:.1}", e.goldstein),
        e.n_mentions.to_string(),
        e.n_sources.to_string(),
        e.n_articles.to_string(),
        "0".into(),
    ]);
    // Actor1Geo and Actor2Geo: dateline locates events, not actors.
    no_geo(&mut cols);
    no_geo(&mut cols);
    match &e.place {
        Some(p) => {
            let country = p.country.as_deref().unwrap_or("");
            let us = country == "USA";
            let geo_type = match p.precision.as_str() {
                "country" => 1,
                "admin1" | "admin2" if us => 2,
                "admin1" | "admin2" => 5,
                _ if us => 3,
                _ => 4,
            };
            let full: Vec<&str> = [Some(p.name.as_str()), p.admin1.as_deref(), Some(country)]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            cols.extend([
                geo_type.to_string(),
                tsv(&full.join(", ")),
                fips().get(country).cloned().unwrap_or_default(),
                String::new(),
                String::new(),
                format!("{:.4}", p.lat),
                format!("{:.4}", p.lon),
                p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
            ]);
        }
        None => no_geo(&mut cols),
    }
    cols.push(stamp(&e.added_at));
    cols.push(tsv(url));
    cols.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_parts_split_country_and_types() {
        assert_eq!(
            code_parts("RUSGOVMIL", Some("RUS")),
            ("RUS".into(), String::new(), vec!["GOV".into(), "MIL".into()])
        );
        assert_eq!(code_parts("IGOUNO", None), (String::new(), "UNO".into(), vec![]));
        assert_eq!(fips().get("NER").map(String::as_str), Some("NG"));
    }
}
