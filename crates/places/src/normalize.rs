//! Name normalisation shared by the gazetteer index and the lookups.

/// Normalises a place name for lookup: lower case, curly apostrophes
/// straightened, periods dropped ("U.S." = "US"), hyphens and runs of
/// spaces made one space, a leading "the" and a trailing possessive ("'s",
/// "'") removed, and "St."/"Ste."/"Ft."/"Mt." spelled out ("St. Louis" =
/// "Saint Louis"). Diacritics are kept: the gazetteer stores the ASCII
/// form of each name as well, so "Zurich" and "Zürich" both match.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut scratch = String::with_capacity(name.len());
    normalize_into(name, &mut scratch, &mut out);
    out
}

/// [`normalize`] into `out` (cleared first), using `s` as scratch space.
pub(crate) fn normalize_into(name: &str, s: &mut String, out: &mut String) {
    s.clear();
    out.clear();
    let mut pending_space = false;
    for c in name.chars() {
        let c = if c.is_ascii() {
            match c {
                '-' | '_' | '/' => ' ',
                '`' => '\'',
                c => c,
            }
        } else {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{b4}' => '\'',
                '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => ' ',
                c => c,
            }
        };
        if c == '.' {
            pending_space = pending_space || s.ends_with(' ');
            continue;
        }
        if c == ' ' || c == '\t' || (!c.is_ascii() && c.is_whitespace()) {
            pending_space = !s.is_empty();
            continue;
        }
        if pending_space {
            s.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            s.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                s.push(l);
            }
        }
    }
    // possessive
    if let Some(stripped) = s.strip_suffix("'s") {
        s.truncate(stripped.len());
    } else if s.ends_with("s'") {
        s.pop();
    }
    let s = s.trim_end_matches('\'').trim();
    for (i, w) in s.split(' ').enumerate() {
        if i == 0 && w == "the" && s.len() > 4 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match w {
            "st" => "saint",
            "ste" => "sainte",
            "ft" => "fort",
            "mt" => "mount",
            w => w,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn variants_meet() {
        assert_eq!(normalize("St. Louis"), normalize("Saint Louis"));
        assert_eq!(normalize("U.S."), "us");
        assert_eq!(normalize("Niger's"), "niger");
        assert_eq!(normalize("Niger’s"), "niger");
        assert_eq!(normalize("Winston-Salem"), "winston salem");
        assert_eq!(normalize("the  Gulf"), "gulf");
        assert_eq!(normalize("W. Va."), "w va");
        assert_eq!(normalize("Zürich"), "zürich");
        assert_eq!(normalize("Ft. Worth"), "fort worth");
    }
}
