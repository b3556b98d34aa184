//! Tokens and normalised keys shared by the index and the scanner.

use std::ops::Range;

/// A word of a text or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the word, without a possessive "'s".
    pub range: Range<usize>,
    /// Lower case, diacritics folded, inner dots and apostrophes dropped.
    pub norm: String,
    /// The word was followed by a possessive "'s" / "’s" (or a bare "'"
    /// after a final s).
    pub possessive: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn fold(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// Splits `text` into words: runs of letters and digits, joined across a
/// single inner dot or apostrophe ("U.S", "d'Ivoire", "al-Qaeda" is two
/// words). A trailing possessive "'s" is left out of the word's range and
/// flagged.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        let mut norm = String::new();
        let mut possessive = false;
        loop {
            while j < n && chars[j].1.is_alphanumeric() {
                fold(chars[j].1, &mut norm);
                j += 1;
            }
            // Inner joiner followed by a letter or digit?
            if j + 1 < n
                && (chars[j].1 == '.' || is_apostrophe(chars[j].1))
                && chars[j + 1].1.is_alphanumeric()
            {
                // Possessive 's at the end of the word.
                let after = chars.get(j + 2).map(|c| c.1);
                if is_apostrophe(chars[j].1)
                    && (chars[j + 1].1 == 's' || chars[j + 1].1 == 'S')
                    && after.is_none_or(|c| !c.is_alphanumeric())
                {
                    possessive = true;
                    break;
                }
                j += 1;
                continue;
            }
            break;
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        // Plural possessive: "countries' ".
        if !possessive
            && j < n
            && is_apostrophe(chars[j].1)
            && norm.ends_with('s')
            && chars.get(j + 1).is_none_or(|c| !c.1.is_alphanumeric())
        {
            possessive = true;
        }
        out.push(Token { range: start..end, norm, possessive });
        i = j;
        if possessive {
            // Skip the apostrophe and the s.
            i += 1;
            while i < n && chars[i].1.is_alphanumeric() {
                i += 1;
            }
        }
    }
    out
}

/// The index key of a name: its words normalised and joined by spaces
/// ("Niger's" → "niger", "U.S." → "us", "Côte d'Ivoire" → "cote divoire").
pub fn normalise(name: &str) -> String {
    tokens(name).iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(normalise("Niger's"), "niger");
        assert_eq!(normalise("Niger’s military"), "niger military");
        assert_eq!(normalise("U.S."), "us");
        assert_eq!(normalise("Côte d'Ivoire"), "cote divoire");
        assert_eq!(normalise("Assimi Goïta"), "assimi goita");
        assert_eq!(normalise("al-Qaeda"), "al qaeda");
        assert_eq!(normalise("the countries' leaders"), "the countries leaders");
    }

    #[test]
    fn ranges_skip_possessive() {
        let t = tokens("Niger's army");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].range, 0..5);
        assert!(t[0].possessive);
        assert_eq!(t[1].norm, "army");
    }
}
