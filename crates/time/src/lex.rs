//! A light tokenizer for the rules: words, numbers (with thousands
//! separators, decimals and letter suffixes such as `26th`, `1990s`) and
//! single punctuation characters, with byte offsets.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text (curly apostrophes made straight).
    pub low: String,
    pub kind: Kind,
    /// First character is upper case.
    pub cap: bool,
    /// All letters upper case (and more than one letter).
    pub upper: bool,
    /// Whitespace between the previous token and this one.
    pub space_before: bool,
    /// Preceded by a line break.
    pub newline_before: bool,
}

impl Tok {
    /// Digits only, as a number.
    pub(crate) fn int(&self) -> Option<i64> {
        if self.kind == Kind::Num && self.low.len() <= 12 && self.low.bytes().all(|b| b.is_ascii_digit()) {
            self.low.parse().ok()
        } else {
            None
        }
    }
    pub(crate) fn ndigits(&self) -> usize {
        self.low.len()
    }
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    let mut prev_end = 0usize;
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let gap = &text[prev_end..start];
        let space_before = !gap.is_empty() || start == 0;
        let newline_before = gap.contains('\n') || start == 0;
        let mut end = start + c.len_utf8();
        let kind;
        if c.is_alphabetic() {
            kind = Kind::Word;
            while let Some(&(i, ch)) = iter.peek() {
                if ch.is_alphanumeric() {
                    end = i + ch.len_utf8();
                    iter.next();
                } else if is_apos(ch) {
                    // word-internal apostrophe: "year's", "o'clock"
                    let rest = &text[i + ch.len_utf8()..];
                    let mut cs = rest.chars();
                    let after = cs.next();
                    let possessive =
                        matches!(after, Some('s' | 'S')) && !cs.next().is_some_and(char::is_alphanumeric);
                    if after.is_some_and(char::is_alphabetic) && !possessive {
                        end = i + ch.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                } else if ch == '.' && end - start == 1 {
                    // "a.m.", "p.m.", "U.S."
                    let rest = &bytes[i + 1..];
                    if rest.len() >= 2 && rest[0].is_ascii_alphabetic() && rest[1] == b'.' {
                        end = i + 3;
                        iter.next();
                        iter.next();
                        iter.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            kind = Kind::Num;
            while let Some(&(i, ch)) = iter.peek() {
                if ch.is_ascii_digit() {
                    end = i + 1;
                    iter.next();
                } else if (ch == ',' || ch == '.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    // thousands separator or decimal point: "1,500", "2.4"
                    end = i + 1;
                    iter.next();
                } else if ch.is_alphabetic() {
                    end = i + ch.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        } else {
            kind = Kind::Punct;
        }
        let s = &text[start..end];
        let low: String =
            s.chars().map(|c| if c == '\u{2019}' { '\'' } else { c }).collect::<String>().to_lowercase();
        let cap = s.chars().next().is_some_and(char::is_uppercase);
        let upper = s.chars().filter(|c| c.is_alphabetic()).count() > 1 && !s.chars().any(char::is_lowercase);
        toks.push(Tok { start, end, low, kind, cap, upper, space_before, newline_before });
        prev_end = end;
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = tokenize("On Dec. 4, 1,500 troops left at 10 a.m. in the 1990s (2.4%).");
        let lows: Vec<&str> = t.iter().map(|t| t.low.as_str()).collect();
        assert_eq!(
            lows,
            [
                "on", "dec", ".", "4", ",", "1,500", "troops", "left", "at", "10", "a.m.", "in", "the",
                "1990s", "(", "2.4", "%", ")", "."
            ]
        );
    }
}
