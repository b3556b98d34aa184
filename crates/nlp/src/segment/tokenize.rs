//! Tokenisation of one whitespace-free chunk of text into UD English tokens.
//!
//! A chunk is scanned into runs of word characters joined by connectors
//! (`3.5`, `1,500`, `U.S`, `can't`, `long-running`, `and/or`, `AT&T`,
//! `7:30`) and single punctuation tokens (runs of the same mark, such as
//! `...`, `--` or `!!!`, stay together). Each word run is then split the way
//! the UD English treebanks split it: hyphens (unless the first part is a
//! prefix such as `non-` or `re-`, or the word is a phone number), slashes
//! between words, units after numbers (`2.4bn` → `2.4` `bn`) and clitics
//! (`n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`).

use super::Abbreviations;

/// Hyphenated words whose first part (lower-cased) is one of these stay one
/// token in UD English EWT and GUM (measured on the training sets: each is
/// kept whole at least as often as it is split); every other hyphen between
/// letters is its own token ("long-running" → "long" "-" "running").
const KEEP_HYPHEN_PREFIXES: &[&str] = &[
    "non", "e", "re", "anti", "co", "pre", "mid", "pro", "cross", "post", "over", "semi", "multi", "ex",
    "sub", "counter", "mini", "inter", "socio", "psycho", "micro", "intra", "proto", "un", "vice", "bi",
    "tri", "mega", "ultra", "meta", "trans", "hyper", "macro", "infra", "extra", "mis",
];

/// Hyphenated words whose last part is one of these stay one token.
const KEEP_HYPHEN_SUFFIXES: &[&str] = &["ness", "wise"];

/// Emoticons, kept as one token.
const EMOTICONS: &[&str] =
    &[":-)", ":-(", ":-D", ":-P", ";-)", ":)", ":(", ":D", ":P", ":p", ";)", ":/", "<3", "=)", ":'("];

/// Contractions written without an apostrophe that the treebanks split
/// (as multiword tokens): word → length of its first part in bytes.
const SPLIT_WORDS: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("cant", 2),
    ("isnt", 2),
    ("wasnt", 3),
    ("arent", 3),
    ("werent", 4),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("im", 1),
    ("ive", 1),
    ("thats", 4),
    ("alot", 1),
    ("outta", 3),
    ("lotta", 3),
    ("kinda", 4),
    ("sorta", 4),
];

/// Suffixes after a number that stay attached ("1990s", "20th", "3rd").
const NUMBER_SUFFIXES_KEPT: &[&str] = &["s", "st", "nd", "rd", "th", "d", "x"];

/// The character starting at byte `i` of `text` (which must be a boundary).
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text.get(i..)?.chars().next()
    }
}

/// The character ending at byte `i` of `text`.
#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Letters, digits, combining marks and `_`.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c) || c == '\u{200d}'
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Whether `c`, between `prev` and `next`, joins them into one run.
#[inline]
fn joins(prev: char, c: char, next: char) -> bool {
    match c {
        '.' => prev.is_alphanumeric() && next.is_alphanumeric(),
        ',' | ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
        '\'' | '\u{2019}' => {
            prev.is_alphabetic() && next.is_alphabetic() || prev.is_ascii_digit() && next == 's'
        }
        '-' | '/' | '@' => prev.is_alphanumeric() && next.is_alphanumeric(),
        '&' => prev.is_alphabetic() && next.is_alphabetic(),
        _ => false,
    }
}

/// True when `rest` (after a comma) starts with exactly three digits.
fn thousands_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

/// Punctuation marks that form one token when repeated (`...`, `--`, `!!!`).
#[inline]
fn repeats(c: char) -> bool {
    matches!(c, '-' | '*' | '=' | '~' | '_' | '#' | '+' | '<' | '>' | '$')
}

/// Opening punctuation that may precede a URL.
fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '<' | '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}')
}

/// Trailing punctuation stripped from a URL.
fn is_url_trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '\u{201d}'
            | '\u{2019}'
            | '\u{bb}'
    )
}

/// True for chunks that look like URLs or e-mail addresses.
fn looks_like_url(s: &str) -> bool {
    let bytes = s.as_bytes();
    if memchr::memmem::find(bytes, b"://").is_some() {
        return true;
    }
    let core = s.trim_start_matches(is_opening);
    if core.len() > 4 && core.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return true;
    }
    if let Some(at) = memchr::memchr(b'@', bytes) {
        let (user, domain) = (&s[..at], &s[at + 1..]);
        let domain = domain.trim_end_matches(is_url_trailing);
        return user.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '.')
            && domain.len() > 3
            && domain.contains('.')
            && domain.chars().next().is_some_and(|c| c.is_alphanumeric());
    }
    false
}

/// Tokenises `text[start..end]`, a chunk with no whitespace, appending
/// absolute byte ranges to `out`.
pub(crate) fn tokenize_chunk(
    text: &str,
    start: usize,
    end: usize,
    abbr: &Abbreviations,
    out: &mut Vec<(usize, usize)>,
) {
    let chunk = &text[start..end];
    // Fast path: plain words.
    if chunk.bytes().all(|b| b.is_ascii_alphabetic()) {
        split_contraction_word(chunk, start, out);
        return;
    }
    if looks_like_url(chunk) {
        // 'Reynolds"<r@x.ca>', 'below:<http://...>': tokenise the part
        // before the address on its own.
        let cut = chunk.char_indices().skip(1).find(|&(k, c)| {
            matches!(c, '<' | '"' | '(' | '[') && chunk[..k].chars().any(char::is_alphanumeric)
        });
        if let Some((k, _)) = cut {
            if !looks_like_url(&chunk[..k]) {
                tokenize_chunk(text, start, start + k, abbr, out);
                tokenize_chunk(text, start + k, end, abbr, out);
                return;
            }
        }
        let mut a = start;
        while let Some(c) = char_at(text, a) {
            if a < end && is_opening(c) {
                out.push((a, a + c.len_utf8()));
                a += c.len_utf8();
            } else {
                break;
            }
        }
        let mut b = end;
        let mut trailing = Vec::new();
        while b > a {
            match char_before(text, b) {
                Some(c) if is_url_trailing(c) => {
                    trailing.push((b - c.len_utf8(), b));
                    b -= c.len_utf8();
                }
                _ => break,
            }
        }
        if b > a {
            out.push((a, b));
        }
        out.extend(trailing.into_iter().rev());
        return;
    }
    let mut i = start;
    while i < end {
        let Some(c) = char_at(text, i) else { break };
        let clen = c.len_utf8();
        if matches!(c, ':' | ';' | '<' | '=') {
            if let Some(e) = EMOTICONS.iter().find(|e| text[i..end].starts_with(**e)) {
                let j = i + e.len();
                if !char_at(text, j).is_some_and(|d| j < end && d.is_alphanumeric()) {
                    out.push((i, j));
                    i = j;
                    continue;
                }
            }
        }
        // Hashtags and handles, '80s and 'em.
        let prefixed = match c {
            '#' | '@' => char_at(text, i + 1).is_some_and(|d| i + 1 < end && d.is_alphabetic()),
            '\'' | '\u{2019}' => {
                let rest = &text[i + clen..end];
                let rb = rest.as_bytes();
                (rb.len() >= 3
                    && rb[0].is_ascii_digit()
                    && rb[1].is_ascii_digit()
                    && rb[2] == b's'
                    && !rb.get(3).is_some_and(u8::is_ascii_alphanumeric))
                    || rest.starts_with("em") && !rest[2..].starts_with(|d: char| d.is_alphanumeric())
            }
            _ => false,
        };
        if is_word_char(c) || prefixed {
            let run_start = i;
            let mut j = i + clen;
            let mut prev = c;
            while j < end {
                let Some(d) = char_at(text, j) else { break };
                let dlen = d.len_utf8();
                if is_word_char(d) {
                    prev = d;
                    j += dlen;
                    continue;
                }
                if j + dlen < end {
                    if let Some(e) = char_at(text, j + dlen) {
                        if is_word_char(e)
                            && joins(prev, d, e)
                            && (d != ',' || thousands_group(&text.as_bytes()[j + 1..end]))
                        {
                            prev = e;
                            j += dlen + e.len_utf8();
                            continue;
                        }
                    }
                }
                break;
            }
            let mut run_end = j;
            let tb = text.as_bytes();
            // A final period belongs to abbreviations and initials ("Inc.."
            // is "Inc." "."; "etc..." is "etc" "...").
            if j < end && tb[j] == b'.' && !(j + 2 < end && tb[j + 1] == b'.' && tb[j + 2] == b'.') {
                let next = text[j + 1..].trim_start().chars().next();
                if abbr.attaches_period(&text[run_start..j + 1], next) {
                    run_end = j + 1;
                }
            } else if j < end
                && tb[j] == b'-'
                && (j + 1 == end || !(tb[j + 1].is_ascii_alphanumeric() || tb[j + 1] == b'-'))
            {
                // A truncated word: "w-", "re-".
                run_end = j + 1;
            }
            if run_end > j && tb[j] != b'.' {
                out.push((run_start, run_end));
            } else {
                split_run(text, run_start, run_end, out);
            }
            i = run_end;
        } else {
            let mut j = i + clen;
            if matches!(c, '.' | '!' | '?' | '\u{2026}') {
                while let Some(d) = char_at(text, j) {
                    if j < end && matches!(d, '.' | '!' | '?' | '\u{2026}') {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
            } else if repeats(c) {
                while let Some(d) = char_at(text, j) {
                    if j < end && (d == c || (c == '.' && d == '\u{2026}') || (c == '\u{2026}' && d == '.')) {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
            }
            out.push((i, j));
            i = j;
        }
    }
}

/// Splits a word run (letters, digits and joining marks) at slashes,
/// hyphens, number units and clitics.
fn split_run(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let run = &text[start..end];
    let bytes = run.as_bytes();
    if memchr::memchr(b'/', bytes).is_some() {
        let keep = run.split('/').all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            || ["s/he", "b/c", "w/o"].iter().any(|w| run.eq_ignore_ascii_case(w));
        if !keep {
            let mut a = 0;
            for (k, _) in run.match_indices('/') {
                split_hyphens(text, start + a, start + k, out);
                out.push((start + k, start + k + 1));
                a = k + 1;
            }
            split_hyphens(text, start + a, end, out);
            return;
        }
        out.push((start, end));
        return;
    }
    split_hyphens(text, start, end, out);
}

fn split_hyphens(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    if start >= end {
        return;
    }
    let word = &text[start..end];
    if memchr::memchr(b'-', word.as_bytes()).is_none() || keeps_hyphens(word) {
        split_unit(text, start, end, out);
        return;
    }
    let mut a = 0;
    for (k, _) in word.match_indices('-') {
        split_unit(text, start + a, start + k, out);
        out.push((start + k, start + k + 1));
        a = k + 1;
    }
    split_unit(text, start + a, end, out);
}

/// Phone numbers and dates (`713-853-3989`, `11-20-2000`) and words with a
/// prefix such as `non-` stay whole.
fn keeps_hyphens(word: &str) -> bool {
    let mut parts = word.split('-');
    let first = parts.next().unwrap_or("");
    if word.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        let n = word.split('-').count();
        let last = word.rsplit('-').next().unwrap_or("");
        return n >= 3 || (first.len() >= 3 && first.len() != 4 && last.len() == 4);
    }
    let last = word.rsplit('-').next().unwrap_or("");
    if KEEP_HYPHEN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(last)) {
        return true;
    }
    if first.len() <= 7 && first.bytes().all(|b| b.is_ascii_alphabetic()) {
        let mut buf = [0u8; 8];
        let lower = &mut buf[..first.len()];
        lower.copy_from_slice(first.as_bytes());
        lower.make_ascii_lowercase();
        return KEEP_HYPHEN_PREFIXES.iter().any(|p| p.as_bytes() == lower);
    }
    false
}

/// `2.4bn` → `2.4` `bn`, `35mm` → `35` `mm`, `5pm` → `5` `pm`; ordinals and
/// decades stay whole.
fn split_unit(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    if start >= end {
        return;
    }
    let word = &text[start..end];
    let bytes = word.as_bytes();
    if bytes[0].is_ascii_digit() {
        let num_len = bytes
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b'.' || *b == b','))
            .unwrap_or(bytes.len());
        let suffix = &word[num_len..];
        if !suffix.is_empty()
            && bytes[num_len - 1].is_ascii_digit()
            && suffix.bytes().all(|b| b.is_ascii_alphabetic())
            && !NUMBER_SUFFIXES_KEPT.iter().any(|s| s.eq_ignore_ascii_case(suffix))
            && (suffix.bytes().all(|b| b.is_ascii_lowercase())
                || matches!(suffix, "AM" | "PM" | "K" | "M" | "BN" | "KM" | "MB" | "GB" | "KB" | "MM" | "CM"))
        {
            out.push((start, start + num_len));
            out.push((start + num_len, end));
            return;
        }
    }
    split_clitic(text, start, end, out);
}

/// `can't` → `ca` `n't`, `Niger's` → `Niger` `'s`, `you're` → `you` `'re`.
fn split_clitic(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let word = &text[start..end];
    let bytes = word.as_bytes();
    if bytes.iter().any(|b| *b == b'\'' || *b == 0xE2) {
        // n't
        for apo in ["'".as_bytes(), "\u{2019}".as_bytes()] {
            let nt_len = 2 + apo.len();
            if bytes.len() > nt_len {
                let tail = &bytes[bytes.len() - nt_len..];
                if tail[0].eq_ignore_ascii_case(&b'n')
                    && &tail[1..1 + apo.len()] == apo
                    && tail[nt_len - 1].eq_ignore_ascii_case(&b't')
                {
                    let cut = end - nt_len;
                    out.push((start, cut));
                    out.push((cut, end));
                    return;
                }
            }
        }
        // 's 're 've 'll 'd 'm: the last apostrophe.
        if let Some((k, c)) = word.char_indices().rev().find(|(_, c)| is_apostrophe(*c)) {
            let suffix = &word[k + c.len_utf8()..];
            let is_clitic = ["s", "re", "ve", "ll", "d", "m"].iter().any(|s| s.eq_ignore_ascii_case(suffix));
            let digits = word[..k].bytes().all(|b| b.is_ascii_digit());
            if k > 0 && is_clitic && !digits {
                out.push((start, start + k));
                out.push((start + k, end));
                return;
            }
        }
        out.push((start, end));
        return;
    }
    split_contraction_word(word, start, out);
}

/// `cannot` → `can` `not`, `gonna` → `gon` `na`.
fn split_contraction_word(word: &str, start: usize, out: &mut Vec<(usize, usize)>) {
    if (2..=8).contains(&word.len()) {
        let mut buf = [0u8; 8];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Some((_, cut)) = SPLIT_WORDS.iter().find(|(w, _)| w.as_bytes() == lower) {
            out.push((start, start + cut));
            out.push((start + cut, start + word.len()));
            return;
        }
    }
    out.push((start, start + word.len()));
}
