//! Page metadata: title, date, authors, site name, canonical URL, language.

use crate::dom::{normalize_ws, Dom, NodeId};
use dateline_doc::Published;
use serde_json::Value;

/// Everything gathered from meta tags, JSON-LD and the page.
#[derive(Debug, Default)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<Published>,
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// JSON-LD `articleBody`, when present.
    pub article_body: Option<String>,
}

#[derive(Default)]
struct Raw {
    metas: Vec<(String, String)>, // (lower-case key, content)
    ld_headline: Option<String>,
    ld_date: Option<String>,
    ld_authors: Vec<String>,
    ld_publisher: Option<String>,
    ld_description: Option<String>,
    ld_url: Option<String>,
    ld_body: Option<String>,
    ld_lang: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    html_lang: Option<String>,
    canonical: Option<String>,
    time_datetimes: Vec<String>,
    itemprop_dates: Vec<String>,
    byline_authors: Vec<String>,
}

impl Raw {
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        for k in keys {
            if let Some((_, v)) = self.metas.iter().find(|(mk, v)| mk == k && !v.trim().is_empty()) {
                return Some(v.as_str());
            }
        }
        None
    }
    fn meta_all(&self, key: &str) -> Vec<&str> {
        self.metas.iter().filter(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.as_str()).collect()
    }
}

/// Reads metadata from `dom`.
pub fn extract(dom: &Dom, url: Option<&str>) -> PageMeta {
    let mut raw = Raw::default();
    collect(dom, &mut raw);

    let site_name = raw
        .meta(&["og:site_name", "application-name", "twitter:site:name", "publisher", "dc.publisher"])
        .map(normalize_ws)
        .or_else(|| raw.ld_publisher.clone())
        .filter(|s| !s.is_empty());

    // Title.
    let title_src = raw
        .ld_headline
        .clone()
        .or_else(|| {
            raw.meta(&["og:title", "twitter:title", "sailthru.title", "parsely-title", "dc.title", "title"])
                .map(normalize_ws)
        })
        .or_else(|| raw.h1.clone())
        .or_else(|| raw.title_tag.clone());
    let title = title_src
        .map(|t| strip_site_suffix(&t, site_name.as_deref(), raw.h1.as_deref()))
        .filter(|t| !t.is_empty());

    // Date.
    let date_candidates = raw
        .ld_date
        .iter()
        .map(String::as_str)
        .chain(raw.meta(&[
            "article:published_time",
            "og:published_time",
            "article:published",
            "published_time",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dc.date",
            "dcterms.date",
            "dcterms.created",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "published-date",
            "article.published",
            "datepublished",
            "cxenseparse:recs:publishtime",
            "citation_publication_date",
            "originalpublicationdate",
            "og:updated_time",
            "article:modified_time",
        ]))
        .chain(raw.itemprop_dates.iter().map(String::as_str))
        .chain(raw.time_datetimes.iter().map(String::as_str));
    let mut published = None;
    for c in date_candidates {
        if let Some(p) = parse_date(c) {
            published = Some(p);
            break;
        }
    }
    if published.is_none() {
        published = url.and_then(date_from_url).or_else(|| raw.canonical.as_deref().and_then(date_from_url));
    }

    // Authors.
    let mut authors: Vec<String> = Vec::new();
    let push = |s: &str, authors: &mut Vec<String>| {
        for a in split_authors(s) {
            if !authors.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
                authors.push(a);
            }
        }
    };
    if !raw.ld_authors.is_empty() {
        for a in &raw.ld_authors {
            push(a, &mut authors);
        }
    }
    if authors.is_empty() {
        for k in [
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "byl",
            "citation_author",
            "twitter:creator",
        ] {
            for v in raw.meta_all(k) {
                if v.starts_with("http") || v.starts_with('@') {
                    continue;
                }
                push(v, &mut authors);
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        for a in &raw.byline_authors {
            push(a, &mut authors);
        }
    }
    if let Some(site) = &site_name {
        authors.retain(|a| !a.eq_ignore_ascii_case(site));
    }

    let canonical_url = raw
        .canonical
        .clone()
        .or_else(|| raw.meta(&["og:url"]).map(|s| s.trim().to_string()))
        .or_else(|| raw.ld_url.clone())
        .filter(|s| !s.is_empty());

    let language = raw
        .html_lang
        .as_deref()
        .and_then(lang_code)
        .or_else(|| {
            raw.meta(&["og:locale", "content-language", "language", "dc.language", "inlanguage"])
                .and_then(lang_code)
        })
        .or_else(|| raw.ld_lang.as_deref().and_then(lang_code));

    let description = raw
        .meta(&["og:description", "description", "twitter:description", "dc.description"])
        .map(normalize_ws)
        .or_else(|| raw.ld_description.clone())
        .filter(|s| !s.is_empty());

    PageMeta {
        title,
        published,
        authors,
        site_name,
        canonical_url,
        language,
        description,
        article_body: raw.ld_body,
    }
}

fn collect(dom: &Dom, raw: &mut Raw) {
    for id in 1..dom.nodes.len() {
        let Some(e) = dom.elem(id) else { continue };
        match &*e.tag {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("http-equiv"))
                    .or_else(|| e.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    raw.metas.push((k.trim().to_ascii_lowercase(), v.to_string()));
                    if e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished")) {
                        raw.itemprop_dates.push(v.to_string());
                    }
                }
            }
            "html" if raw.html_lang.is_none() => {
                raw.html_lang = e.attr("lang").map(str::to_string);
            }
            "title" if raw.title_tag.is_none() => {
                let t = dom.text(id);
                if !t.is_empty() {
                    raw.title_tag = Some(t);
                }
            }
            "h1" if raw.h1.is_none() => {
                let t = dom.text(id);
                if !t.is_empty() {
                    raw.h1 = Some(t);
                }
            }
            "link"
                if raw.canonical.is_none()
                    && e.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                raw.canonical = e.attr("href").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            }
            "time" => {
                if let Some(d) = e.attr("datetime") {
                    if e.attr("pubdate").is_some()
                        || e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                    {
                        raw.itemprop_dates.push(d.to_string());
                    } else {
                        raw.time_datetimes.push(d.to_string());
                    }
                }
            }
            "script" if e.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                if let Some(&c) = dom.nodes[id].children.first() {
                    if let Some(txt) = dom.raw_text(c) {
                        if let Ok(v) = serde_json::from_str::<Value>(txt.trim()) {
                            json_ld(&v, raw, 0);
                        }
                    }
                }
            }
            _ => {}
        }
        // Bylines and itemprop dates in the body.
        if let Some(ip) = e.attr("itemprop") {
            if ip.eq_ignore_ascii_case("datePublished") && &*e.tag != "meta" && &*e.tag != "time" {
                if let Some(c) = e.attr("content").or_else(|| e.attr("datetime")) {
                    raw.itemprop_dates.push(c.to_string());
                }
            }
        }
        if raw.byline_authors.len() < 5 {
            let is_author = e.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("author"))
                || (e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("author"))
                    && !has_name_child(dom, id))
                || e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("name"))
                    && parent_is_author(dom, id)
                || e.attr("class").is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.split_whitespace().any(|t| {
                        matches!(t, "author-name" | "byline__name" | "author__name" | "byline-name" | "fn")
                    })
                });
            if is_author {
                let t = dom.text(id);
                if !t.is_empty() && t.len() < 80 {
                    raw.byline_authors.push(t);
                }
            }
        }
    }
}

fn has_name_child(dom: &Dom, id: NodeId) -> bool {
    let mut stack: Vec<NodeId> = dom.nodes[id].children.clone();
    while let Some(x) = stack.pop() {
        if dom.elem(x).and_then(|e| e.attr("itemprop")).is_some_and(|p| p.eq_ignore_ascii_case("name")) {
            return true;
        }
        stack.extend(dom.nodes[x].children.iter().copied());
    }
    false
}

fn parent_is_author(dom: &Dom, id: NodeId) -> bool {
    let mut p = dom.nodes[id].parent;
    for _ in 0..3 {
        if dom.elem(p).and_then(|e| e.attr("itemprop")).is_some_and(|v| v.eq_ignore_ascii_case("author")) {
            return true;
        }
        p = dom.nodes[p].parent;
    }
    false
}

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("article") || s.contains("posting") || s == "report" || s.contains("liveblog")
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn json_ld(v: &Value, raw: &mut Raw, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                json_ld(x, raw, depth + 1);
            }
        }
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                json_ld(g, raw, depth + 1);
            }
            if is_article_type(v) {
                if raw.ld_headline.is_none() {
                    raw.ld_headline = o
                        .get("headline")
                        .and_then(Value::as_str)
                        .map(|s| normalize_ws(&html_unescape(s)))
                        .filter(|s| !s.is_empty());
                }
                if raw.ld_date.is_none() {
                    raw.ld_date = o.get("datePublished").and_then(Value::as_str).map(str::to_string);
                }
                if raw.ld_authors.is_empty() {
                    if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                        ld_names(a, &mut raw.ld_authors, 0);
                    }
                }
                if raw.ld_publisher.is_none() {
                    if let Some(p) = o.get("publisher") {
                        raw.ld_publisher =
                            p.get("name").and_then(Value::as_str).map(normalize_ws).filter(|s| !s.is_empty());
                    }
                }
                if raw.ld_description.is_none() {
                    raw.ld_description = o.get("description").and_then(Value::as_str).map(normalize_ws);
                }
                if raw.ld_url.is_none() {
                    raw.ld_url = o.get("url").and_then(Value::as_str).map(str::to_string);
                }
                if raw.ld_body.is_none() {
                    raw.ld_body = o.get("articleBody").and_then(Value::as_str).map(str::to_string);
                }
                if raw.ld_lang.is_none() {
                    raw.ld_lang = o.get("inLanguage").and_then(Value::as_str).map(str::to_string);
                }
            } else if raw.ld_publisher.is_none() {
                let t = o.get("@type").and_then(Value::as_str).unwrap_or("");
                if t == "WebSite" || t == "NewsMediaOrganization" {
                    raw.ld_publisher =
                        o.get("name").and_then(Value::as_str).map(normalize_ws).filter(|s| !s.is_empty());
                }
            }
            if let Some(m) = o.get("mainEntity") {
                json_ld(m, raw, depth + 1);
            }
        }
        _ => {}
    }
}

fn ld_names(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::String(s) if !s.starts_with("http") => {
            out.push(normalize_ws(s));
        }
        Value::Array(a) => {
            for x in a {
                ld_names(x, out, depth + 1);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                ld_names(n, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn html_unescape(s: &str) -> String {
    let mut out = String::new();
    crate::dom::decode_entities_into(s, &mut out);
    out
}

/// Splits a byline into names: "By A and B", "A, B", "A | Reuters".
pub fn split_authors(s: &str) -> Vec<String> {
    let s = normalize_ws(s);
    let mut s = s.as_str();
    for p in ["By ", "by ", "BY ", "Von ", "von ", "Par ", "Por ", "Di "] {
        if let Some(r) = s.strip_prefix(p) {
            s = r;
        }
    }
    let mut out = Vec::new();
    for part in
        s.split([',', ';', '|', '&', '\n']).flat_map(|p| p.split(" and ")).flat_map(|p| p.split(" und "))
    {
        let p = part.trim().trim_end_matches('.').trim();
        if p.is_empty() || p.len() > 60 || p.split_whitespace().count() > 5 {
            continue;
        }
        if p.chars().any(|c| c.is_ascii_digit()) || p.contains('@') || p.contains("://") {
            continue;
        }
        out.push(p.to_string());
    }
    out
}

fn strip_site_suffix(t: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let t = normalize_ws(t);
    if let Some(h) = h1 {
        if !h.is_empty() && t.starts_with(h) && t.len() > h.len() {
            let rest = t[h.len()..].trim_start();
            if rest.starts_with(['|', '-', '–', '—', ':', '·']) {
                return h.to_string();
            }
        }
    }
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            let tail_l = tail.to_lowercase();
            let site_match = site.is_some_and(|s| {
                let s = s.to_lowercase();
                !s.is_empty() && (tail_l.contains(&s) || s.contains(&tail_l))
            });
            if site_match
                || (sep == " | "
                    && tail.split_whitespace().count() <= 4
                    && head.split_whitespace().count() >= 3)
            {
                return head.trim().to_string();
            }
        }
    }
    t
}

/// ISO 639-1 code from "en-US", "en_GB", "de".
fn lang_code(s: &str) -> Option<String> {
    let s = s.trim();
    let code: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    if code.len() == 2 {
        Some(code.to_ascii_lowercase())
    } else {
        None
    }
}

/// Parses ISO-like dates: `2023-12-05`, `2023-12-05T10:30:00.000Z`, `2024-08-08 08:00:00+00:00`,
/// `2023-12-05T10:30+0100`, `20231205`, and RFC 2822-ish `Tue, 05 Dec 2023 10:30:00 +0000`.
pub fn parse_date(s: &str) -> Option<Published> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let date: jiff::civil::Date = s.get(..10)?.parse().ok()?;
        let rest = &s[10..];
        let Some(rest) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else {
            return Some(Published::date(date));
        };
        // time HH:MM[:SS[.fff]]
        let rb = rest.as_bytes();
        if rb.len() < 5 || rb[2] != b':' {
            return Some(Published::date(date));
        }
        let h: i8 = rest.get(0..2)?.parse().ok()?;
        let m: i8 = rest.get(3..5)?.parse().ok()?;
        let mut i = 5;
        let mut sec: i8 = 0;
        let mut nanos: i32 = 0;
        if rb.get(5) == Some(&b':') {
            sec = rest.get(6..8).and_then(|x| x.parse().ok()).unwrap_or(0);
            i = 8;
            if rb.get(8) == Some(&b'.') || rb.get(8) == Some(&b',') {
                i = 9;
                let mut scale = 100_000_000;
                while i < rb.len() && rb[i].is_ascii_digit() {
                    nanos += i32::from(rb[i] - b'0') * scale;
                    scale /= 10;
                    i += 1;
                }
            }
        }
        let time = jiff::civil::Time::new(h, m, sec.min(59), nanos).ok()?;
        let zone = rest.get(i..).unwrap_or("").trim();
        let offset = parse_offset(zone);
        return Some(Published { date, time: Some(time), offset_seconds: offset });
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let y: i16 = s[..4].parse().ok()?;
        let m: i8 = s[4..6].parse().ok()?;
        let d: i8 = s[6..8].parse().ok()?;
        return jiff::civil::Date::new(y, m, d).ok().map(Published::date);
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        let dt = z.datetime();
        return Some(Published {
            date: dt.date(),
            time: Some(dt.time()),
            offset_seconds: Some(z.offset().seconds()),
        });
    }
    None
}

fn parse_offset(z: &str) -> Option<i32> {
    if z.is_empty() {
        return None;
    }
    if z == "Z" || z.eq_ignore_ascii_case("utc") || z.eq_ignore_ascii_case("gmt") {
        return Some(0);
    }
    let sign = match z.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String =
        z[1..].chars().take_while(|c| c.is_ascii_digit() || *c == ':').filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    Some(sign * (h * 3600 + m * 60))
}

/// A date in a URL path: `/2023/12/05/`, `/2023-12-05/`, `/20231205/`.
pub fn date_from_url(url: &str) -> Option<Published> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let segs: Vec<&str> = path.split('/').collect();
    for w in segs.windows(3) {
        if w[0].len() == 4 && w[0].starts_with(['1', '2']) && w[1].len() <= 2 && !w[2].is_empty() {
            let d2: String = w[2].chars().take_while(char::is_ascii_digit).collect();
            if let (Ok(y), Ok(m), Ok(d)) = (w[0].parse::<i16>(), w[1].parse::<i8>(), d2.parse::<i8>()) {
                if let Ok(date) = jiff::civil::Date::new(y, m, d) {
                    return Some(Published::date(date));
                }
            }
        }
    }
    for seg in segs {
        let b = seg.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            if let Ok(date) = seg[..10].parse::<jiff::civil::Date>() {
                return Some(Published::date(date));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2023-12-05T10:30:00.000Z").map(|p| p.to_string()).as_deref(),
            Some("2023-12-05T10:30:00+00:00")
        );
        assert_eq!(
            parse_date("2024-08-08 08:00:00+0530").map(|p| p.to_string()).as_deref(),
            Some("2024-08-08T08:00:00+05:30")
        );
        assert_eq!(parse_date("2024-08-08").map(|p| p.to_string()).as_deref(), Some("2024-08-08"));
        assert_eq!(
            parse_date("Tue, 05 Dec 2023 10:30:00 +0000").map(|p| p.to_string()).as_deref(),
            Some("2023-12-05T10:30:00+00:00")
        );
        assert!(parse_date("yesterday").is_none());
        assert_eq!(
            date_from_url("https://x.com/news/2023/12/05/story-slug").map(|p| p.to_string()).as_deref(),
            Some("2023-12-05")
        );
        assert!(date_from_url("https://x.com/a/b").is_none());
    }

    #[test]
    fn author_split() {
        assert_eq!(split_authors("By Jane Doe and John Smith"), ["Jane Doe", "John Smith"]);
        assert_eq!(split_authors("Ann Lee, Bo Kim"), ["Ann Lee", "Bo Kim"]);
    }
}
