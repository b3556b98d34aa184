//! Parsing the dates inputs give.

use dateline_doc::Published;

/// Parses a date as inputs give it: ISO 8601 / RFC 3339 (`2023-12-05`,
/// `2023-12-05T10:30:00Z`, `2023-12-05 10:30:00+01:00`, fractional seconds
/// allowed) or RFC 2822 as feeds use (`Tue, 15 Nov 2022 20:15:04 +0100`,
/// obsolete zones like `EDT`, seconds optional). `None` when it is neither.
pub fn parse_date(s: &str) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if let Some(p) = Published::parse_iso(s) {
            return Some(p);
        }
        if let Some(p) = parse_iso_lenient(s) {
            return Some(p);
        }
    }
    parse_rfc2822(s).or_else(|| parse_rfc2822(&normalise_rfc2822(s))).or_else(|| parse_loose(s))
}

/// Drops a weekday of any language (`mer,`) and capitalises the month, so
/// `mer, 16 nov 2022 00:38:15 +0100` parses.
fn normalise_rfc2822(s: &str) -> String {
    let s = match s.split_once(',') {
        Some((day, rest)) if day.chars().all(char::is_alphabetic) => rest.trim(),
        _ => s,
    };
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) if c.is_ascii_alphabetic() && w.len() == 3 => {
                    c.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A few common non-standard forms without a zone, e.g. NBC's
/// `Sat, Dec 16 2023 02:02:33 PM`.
fn parse_loose(s: &str) -> Option<Published> {
    let s = normalise_rfc2822(s);
    for fmt in
        ["%b %d %Y %I:%M:%S %p", "%b %d %Y %H:%M:%S", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M", "%B %d, %Y"]
    {
        if let Ok(tm) = jiff::fmt::strtime::parse(fmt, &s) {
            if let Ok(dt) = tm.to_datetime() {
                return Some(Published { date: dt.date(), time: Some(dt.time()), offset_seconds: None });
            }
            if let Ok(date) = tm.to_date() {
                return Some(Published::date(date));
            }
        }
    }
    None
}

/// ISO forms `parse_iso` does not take: `+0100` / `+01` offsets, a
/// lower-case `z` or a space before the zone.
fn parse_iso_lenient(s: &str) -> Option<Published> {
    let date: jiff::civil::Date = s.get(..10)?.parse().ok()?;
    let rest = s.get(10..)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let time_len = rest.find(['+', '-', 'Z', 'z', ' ']).unwrap_or(rest.len());
    let time: jiff::civil::Time = rest.get(..time_len)?.parse().ok()?;
    let zone = rest.get(time_len..)?.trim();
    let offset_seconds = match zone {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" => Some(0),
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = zone.get(1..)?.chars().filter(char::is_ascii_digit).collect();
            let (h, m) = match digits.len() {
                2 => (digits.parse::<i32>().ok()?, 0),
                4 => (digits.get(..2)?.parse::<i32>().ok()?, digits.get(2..)?.parse::<i32>().ok()?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            Some(sign * (h * 3600 + m * 60))
        }
    };
    Some(Published { date, time: Some(time), offset_seconds })
}

fn parse_rfc2822(s: &str) -> Option<Published> {
    let parser = jiff::fmt::rfc2822::DateTimeParser::new().relaxed_weekday(true);
    // A trailing `Z` (seen in real feeds) is not RFC 2822: read it as UTC.
    let fixed;
    let s = match s.strip_suffix(" Z") {
        Some(head) => {
            fixed = format!("{head} +0000");
            fixed.as_str()
        }
        None => s,
    };
    let zdt = parser.parse_zoned_datetime(s).ok()?;
    Some(Published { date: zdt.date(), time: Some(zdt.time()), offset_seconds: Some(zdt.offset().seconds()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s).map(|p| p.to_string())
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(p("2019-01-04").as_deref(), Some("2019-01-04"));
        assert_eq!(p(" 2019-07-31T11:54:28Z ").as_deref(), Some("2019-07-31T11:54:28+00:00"));
        assert_eq!(p("2019-07-31T13:07:31.364Z").as_deref(), Some("2019-07-31T13:07:31+00:00"));
        assert_eq!(p("2019-07-31T13:07:31+0530").as_deref(), Some("2019-07-31T13:07:31+05:30"));
        assert_eq!(p("Wed, 16 Nov 2022 05:33:59 +0100").as_deref(), Some("2022-11-16T05:33:59+01:00"));
        assert_eq!(p("Tue, 15 Nov 2022 20:15:04 Z").as_deref(), Some("2022-11-15T20:15:04+00:00"));
        assert_eq!(p("Thu, 01 Aug 2019 16:15 EDT").as_deref(), Some("2019-08-01T16:15:00-04:00"));
        assert_eq!(p("Fri, 01 Aug 2019 16:15:00 GMT").as_deref(), Some("2019-08-01T16:15:00+00:00"));
        assert_eq!(p("mer, 16 nov 2022 00:38:15 +0100").as_deref(), Some("2022-11-16T00:38:15+01:00"));
        assert_eq!(p("Sat, Dec 16 2023 02:02:33 PM").as_deref(), Some("2023-12-16T14:02:33"));
        assert_eq!(p("yesterday"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("2019-13-45"), None);
    }
}
