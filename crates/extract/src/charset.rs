//! Decoding raw page or text bytes to UTF-8.

use encoding_rs::Encoding;

/// How the encoding was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` charset.
    HttpHeader,
    /// A `<meta charset>` or `http-equiv` tag.
    MetaTag,
    /// The bytes are valid UTF-8.
    Utf8,
    /// A statistical guess (chardetng).
    Guessed,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name, e.g. `"UTF-8"`, `"windows-1252"`.
    pub encoding: &'static str,
    /// Whether malformed bytes were replaced with U+FFFD.
    pub had_errors: bool,
    /// How the encoding was chosen.
    pub how: How,
}

/// Decodes raw page/text bytes: BOM first, then the HTTP Content-Type charset
/// (if given), then (when `sniff_html`) a `<meta charset>` / http-equiv in the
/// first 4096 bytes, then UTF-8 if valid, else a statistical guess. Invalid
/// bytes are replaced; never panics.
pub fn decode(bytes: &[u8], http_content_type: Option<&str>, sniff_html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return run(enc, bytes.get(bom_len..).unwrap_or(&[]), How::Bom);
    }
    if let Some(enc) = http_content_type.and_then(charset_from_content_type) {
        return run(enc, bytes, How::HttpHeader);
    }
    if sniff_html {
        if let Some(enc) = sniff_meta(&bytes[..bytes.len().min(4096)]) {
            return run(enc, bytes, How::MetaTag);
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded { text: s.to_string(), encoding: "UTF-8", had_errors: false, how: How::Utf8 };
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    run(enc, bytes, How::Guessed)
}

fn run(enc: &'static Encoding, bytes: &[u8], how: How) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    // UTF-16 labels in a meta tag are treated as UTF-8 by browsers.
    Decoded { text: text.into_owned(), encoding: enc.name(), had_errors, how }
}

/// The encoding named by a Content-Type value's `charset=` parameter.
fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let i = lower.find("charset")?;
    let rest = lower[i + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end =
        rest.find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace()).unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// Looks for `<meta charset=...>` or `<meta http-equiv=content-type content="...charset=...">`.
fn sniff_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut p = 0;
    while let Some(k) = memchr::memmem::find(&lower[p..], b"<meta") {
        let s = p + k;
        let e = memchr::memchr(b'>', &lower[s..]).map(|j| s + j).unwrap_or(lower.len());
        let tag = String::from_utf8_lossy(&lower[s..e]);
        if let Some(i) = tag.find("charset") {
            let rest = tag[i + 7..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let rest = rest.trim_start().trim_start_matches(['"', '\'']);
                let end = rest
                    .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest.as_bytes()[..end]) {
                    // A meta tag can't declare UTF-16 for bytes it is itself written in.
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        return Some(encoding_rs::UTF_8);
                    }
                    if enc == encoding_rs::X_USER_DEFINED {
                        return Some(encoding_rs::WINDOWS_1252);
                    }
                    return Some(enc);
                }
            }
        }
        p = e.max(s + 5);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9", Some("text/html; charset=iso-8859-1"), true);
        assert_eq!((d.text.as_str(), d.how, d.encoding), ("café", How::Bom, "UTF-8"));
        let d = decode(b"\xFF\xFEh\0i\0", None, false);
        assert_eq!((d.text.as_str(), d.how), ("hi", How::Bom));
    }

    #[test]
    fn header_then_meta() {
        let d = decode(b"caf\xE9", Some("text/html; charset=\"ISO-8859-1\""), true);
        assert_eq!((d.text.as_str(), d.how, d.encoding), ("café", How::HttpHeader, "windows-1252"));
        let html = b"<html><head><meta charset=\"windows-1251\"></head><body>\xCF\xF0\xE8\xE2\xE5\xF2</body>";
        let d = decode(html, None, true);
        assert_eq!(d.how, How::MetaTag);
        assert!(d.text.contains("Привет"));
        let html = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\"><p>\xA4";
        let d = decode(html, None, true);
        assert_eq!((d.how, d.encoding), (How::MetaTag, "ISO-8859-15"));
        assert!(d.text.ends_with('€'));
    }

    #[test]
    fn utf8_guess_and_invalid() {
        let d = decode("naïve".as_bytes(), None, true);
        assert_eq!((d.how, d.had_errors), (How::Utf8, false));
        let d = decode(b"Ceci est un texte fran\xE7ais tr\xE8s \xE9l\xE9gant, d\xE9j\xE0 vu.", None, false);
        assert_eq!(d.how, How::Guessed);
        assert!(d.text.contains("français"), "{}", d.text);
        // Invalid bytes under a declared UTF-8 are replaced, not a panic.
        let d = decode(b"ok \xFF\xFE\xC3 end", Some("text/plain; charset=utf-8"), false);
        assert!(d.had_errors);
        assert!(d.text.contains('\u{fffd}'));
        let d = decode(b"", None, true);
        assert_eq!(d.text, "");
    }
}
