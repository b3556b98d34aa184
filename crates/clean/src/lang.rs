//! Language identification for texts whose source does not declare one.

/// ISO 639-3 codes whatlang returns, mapped to the ISO 639-1 codes dateline
/// stores (`None` for languages without a two-letter code).
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

/// The language of `text` as an ISO 639-1 code, when the guess is reliable.
/// Only the first 4 KB are looked at: enough for a confident guess, and it
/// keeps long articles cheap.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang().code())
}

/// Normalises a declared language (`en-GB`, `EN`, `en_US`) to ISO 639-1.
pub fn normalise(declared: &str) -> Option<String> {
    let primary = declared.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_normalises() {
        assert_eq!(
            detect("The delegation was hosted for talks by the head of the military government in Niamey on Monday."),
            Some("en")
        );
        assert_eq!(
            detect(
                "La délégation russe a été reçue lundi soir par les dirigeants militaires du Niger à Niamey."
            ),
            Some("fr")
        );
        assert_eq!(normalise("en-GB").as_deref(), Some("en"));
        assert_eq!(normalise("FR_fr").as_deref(), Some("fr"));
        assert_eq!(normalise("english"), None);
    }
}
