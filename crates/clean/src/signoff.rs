//! Sign-offs: the closing line that names the publication or the wire and
//! the place it reports from ("Africa Today News, New York", "(Reporting by
//! Jane Doe; Editing by John Roe)", "— AFP").

/// What a sign-off line tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    /// The publication or wire named, if any.
    pub source: Option<String>,
    /// The place named after the comma, if any.
    pub place: Option<String>,
}

const CONNECTORS: &[&str] =
    &["of", "the", "and", "&", "de", "du", "la", "le", "des", "for", "in", "on", "-", "–"];

/// Recognises a sign-off line. `source_hint` is the publication name when
/// one is known (a line that is exactly it, or it plus a place, is a
/// sign-off even without the usual shape).
pub fn parse(line: &str, source_hint: Option<&str>) -> Option<SignOff> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 80 {
        return None;
    }
    let lower = line.to_lowercase();
    // Wire credits.
    let credits = [
        "(reporting by",
        "reporting by",
        "additional reporting by",
        "(editing by",
        "(writing by",
        "compiled by",
    ];
    if credits.iter().any(|c| lower.starts_with(c)) {
        return Some(SignOff { source: None, place: None });
    }
    let dashless = line.trim_start_matches(['—', '–', '-', ' ']);
    if dashless.len() < line.len() && is_name(dashless) && dashless.split_whitespace().count() <= 4 {
        return Some(SignOff { source: Some(dashless.to_string()), place: None });
    }
    if line.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'']) {
        return None;
    }
    let (name, place) = match line.split_once(',') {
        Some((n, p)) => (n.trim(), Some(p.trim())),
        None => (line, None),
    };
    if let Some(hint) = source_hint {
        if name.eq_ignore_ascii_case(hint) {
            return Some(SignOff { source: Some(name.to_string()), place: place.map(str::to_string) });
        }
    }
    // "Publication Name, Place": both parts title-cased names, short.
    let place = place?;
    let n_words = name.split_whitespace().count();
    if !(2..=6).contains(&n_words) || place.split_whitespace().count() > 4 || place.contains(',') {
        return None;
    }
    if !is_name(name) || !is_name(place) {
        return None;
    }
    Some(SignOff { source: Some(name.to_string()), place: Some(place.to_string()) })
}

/// True when every word is capitalised or a connector, and at least one is
/// capitalised.
fn is_name(s: &str) -> bool {
    let mut any_capital = false;
    for word in s.split_whitespace() {
        let first = word.chars().find(|c| c.is_alphanumeric());
        match first {
            Some(c) if c.is_uppercase() => any_capital = true,
            Some(_) if CONNECTORS.contains(&word.to_lowercase().as_str()) => {}
            _ => return false,
        }
    }
    any_capital
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_sign_offs() {
        assert_eq!(
            parse("Africa Today News, New York", None),
            Some(SignOff { source: Some("Africa Today News".into()), place: Some("New York".into()) })
        );
        assert_eq!(parse("— AFP", None), Some(SignOff { source: Some("AFP".into()), place: None }));
        assert!(parse("(Reporting by Jane Doe in Niamey; Editing by John Roe)", None).is_some());
        assert_eq!(
            parse("Daily Monitor", Some("daily monitor")),
            Some(SignOff { source: Some("Daily Monitor".into()), place: None })
        );
    }

    #[test]
    fn leaves_article_text_alone() {
        for line in [
            "The army ousted the civilian government.",
            "Burkina Faso and Niger on Saturday joined Mali in quitting the G5 force",
            "In Niamey, crowds gathered",
            "Mali, Niger and Burkina Faso",
            "He said: “We will leave”",
        ] {
            assert_eq!(parse(line, None), None, "{line}");
        }
    }
}
