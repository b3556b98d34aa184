//! A small, forgiving HTML tokenizer and tree builder.
//!
//! Not a spec-complete HTML5 parser: it handles what article extraction
//! needs (void elements, raw-text elements, implied end tags of `p`, `li`,
//! `dt`/`dd`, table cells, `option`, nested headings, end tags that close
//! through unclosed children) and records every node's byte range in the
//! source, so blocks can point back into the page. Never panics on any input.

use std::ops::Range;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = usize;

/// Maximum element nesting kept; deeper elements become siblings at this depth.
const MAX_DEPTH: usize = 400;

/// One node of the tree.
#[derive(Debug)]
pub struct Node {
    /// Parent node (the root is its own parent).
    pub parent: NodeId,
    /// Children, in document order.
    pub children: Vec<NodeId>,
    /// Byte range in the source: the whole element including its end tag,
    /// or the raw text of a text node.
    pub span: Range<usize>,
    /// Element data, `None` for text nodes.
    pub elem: Option<Element>,
}

/// An element's name and the attributes kept.
#[derive(Debug)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: Box<str>,
    /// Attributes (lower-case names, entity-decoded values).
    pub attrs: Vec<(Box<str>, String)>,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| &**n == name).map(|(_, v)| v.as_str())
    }
}

/// A parsed page.
#[derive(Debug)]
pub struct Dom<'a> {
    /// The source text.
    pub src: &'a str,
    /// All nodes; node 0 is the document root.
    pub nodes: Vec<Node>,
}

impl<'a> Dom<'a> {
    /// The element data of node `id`.
    pub fn elem(&self, id: NodeId) -> Option<&Element> {
        self.nodes.get(id).and_then(|n| n.elem.as_ref())
    }

    /// Tag name of node `id` ("" for text and root).
    pub fn tag(&self, id: NodeId) -> &str {
        self.elem(id).map(|e| &*e.tag).unwrap_or("")
    }

    /// Raw text of a text node.
    pub fn raw_text(&self, id: NodeId) -> Option<&'a str> {
        let n = self.nodes.get(id)?;
        if n.elem.is_some() || id == 0 {
            return None;
        }
        self.src.get(n.span.clone())
    }

    /// Appends the decoded text content of `id` (all descendants) to `out`.
    pub fn text_into(&self, id: NodeId, out: &mut String) {
        if let Some(t) = self.raw_text(id) {
            decode_entities_into(t, out);
            return;
        }
        if matches!(self.tag(id), "script" | "style" | "noscript" | "template") {
            return;
        }
        if let Some(n) = self.nodes.get(id) {
            for &c in &n.children {
                self.text_into(c, out);
            }
        }
    }

    /// Whitespace-normalised text content of `id`.
    pub fn text(&self, id: NodeId) -> String {
        let mut s = String::new();
        self.text_into(id, &mut s);
        normalize_ws(&s)
    }

    /// Parses `src`.
    pub fn parse(src: &'a str) -> Dom<'a> {
        Builder::new(src).run()
    }
}

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

fn is_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
    )
}

fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

fn is_scope_boundary(tag: &str) -> bool {
    matches!(
        tag,
        "table" | "td" | "th" | "caption" | "template" | "object" | "applet" | "marquee" | "html" | "button"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Attributes worth keeping for extraction.
fn keep_attr(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "id"
            | "role"
            | "itemprop"
            | "itemtype"
            | "property"
            | "name"
            | "content"
            | "datetime"
            | "href"
            | "rel"
            | "lang"
            | "type"
            | "charset"
            | "http-equiv"
            | "hidden"
            | "aria-hidden"
            | "style"
            | "pubdate"
            | "data-component"
            | "data-testid"
    )
}

struct Builder<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    stack: Vec<NodeId>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        let root = Node { parent: 0, children: Vec::new(), span: 0..src.len(), elem: None };
        Builder { src, bytes: src.as_bytes(), pos: 0, nodes: vec![root], stack: vec![0] }
    }

    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(0)
    }

    fn add_text(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        let parent = self.current();
        let id = self.nodes.len();
        self.nodes.push(Node { parent, children: Vec::new(), span: start..end, elem: None });
        self.nodes[parent].children.push(id);
    }

    fn pop_to(&mut self, depth: usize, end: usize) {
        while self.stack.len() > depth.max(1) {
            if let Some(id) = self.stack.pop() {
                self.nodes[id].span.end = end;
            }
        }
    }

    /// Stack position of the nearest open `tag`, not crossing a scope boundary
    /// (unless `stop` says otherwise).
    fn find_open(&self, tag: &str, stop: &dyn Fn(&str) -> bool) -> Option<usize> {
        for (i, &id) in self.stack.iter().enumerate().rev() {
            if i == 0 {
                break;
            }
            let t = self.nodes[id].elem.as_ref().map(|e| &*e.tag).unwrap_or("");
            if t == tag {
                return Some(i);
            }
            if stop(t) {
                return None;
            }
        }
        None
    }

    fn start_tag(
        &mut self,
        tag: String,
        attrs: Vec<(Box<str>, String)>,
        start: usize,
        end: usize,
        self_closing: bool,
    ) {
        let t = tag.as_str();
        // Implied end tags.
        if closes_p(t) {
            if let Some(i) = self.find_open("p", &is_scope_boundary) {
                self.pop_to(i, start);
            }
        }
        match t {
            "li" => {
                if let Some(i) = self.find_open("li", &|x| is_scope_boundary(x) || x == "ul" || x == "ol") {
                    self.pop_to(i, start);
                }
            }
            "dt" | "dd" => {
                let f = |x: &str| is_scope_boundary(x) || x == "dl";
                let i = self.find_open("dd", &f).into_iter().chain(self.find_open("dt", &f)).max();
                if let Some(i) = i {
                    self.pop_to(i, start);
                }
            }
            "tr" => {
                if let Some(i) = self.find_open("tr", &|x| x == "table") {
                    self.pop_to(i, start);
                }
            }
            "td" | "th" => {
                let f = |x: &str| x == "table" || x == "tr";
                let i = self.find_open("td", &f).into_iter().chain(self.find_open("th", &f)).max();
                if let Some(i) = i {
                    self.pop_to(i, start);
                }
            }
            "option" if self.tag_of(self.current()) == "option" => {
                let d = self.stack.len() - 1;
                self.pop_to(d, start);
            }
            "a" => {
                if let Some(i) = self.find_open("a", &is_scope_boundary) {
                    self.pop_to(i, start);
                }
            }
            _ if is_heading(t) && is_heading(self.tag_of(self.current())) => {
                let d = self.stack.len() - 1;
                self.pop_to(d, start);
            }
            _ => {}
        }
        let parent = self.current();
        let id = self.nodes.len();
        let void = is_void(t) || (self_closing && !matches!(t, "div" | "p" | "span" | "a" | "script" | "li"));
        let raw = is_raw_text(t);
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            span: start..end,
            elem: Some(Element { tag: tag.clone().into_boxed_str(), attrs }),
        });
        self.nodes[parent].children.push(id);
        if void {
            return;
        }
        if raw {
            // Find the matching end tag, case-insensitively.
            let close = find_end_tag(self.bytes, end, t);
            let (text_end, after) = match close {
                Some((a, b)) => (a, b),
                None => (self.bytes.len(), self.bytes.len()),
            };
            if text_end > end {
                let tid = self.nodes.len();
                self.nodes.push(Node { parent: id, children: Vec::new(), span: end..text_end, elem: None });
                self.nodes[id].children.push(tid);
            }
            self.nodes[id].span.end = after;
            self.pos = after;
            return;
        }
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
    }

    fn tag_of(&self, id: NodeId) -> &str {
        self.nodes.get(id).and_then(|n| n.elem.as_ref()).map(|e| &*e.tag).unwrap_or("")
    }

    fn end_tag(&mut self, tag: &str, end: usize) {
        if matches!(tag, "body" | "html") {
            return;
        }
        let found = if matches!(tag, "li") {
            self.find_open(tag, &|x| is_scope_boundary(x) || x == "ul" || x == "ol")
        } else if matches!(tag, "td" | "th" | "tr" | "table" | "tbody" | "thead" | "tfoot") {
            self.find_open(tag, &|x| x == "table" && tag != "table")
        } else if is_heading(tag) {
            // Any open heading closes on any heading end tag.
            let mut r = None;
            for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
                r = r.max(self.find_open(h, &is_scope_boundary));
            }
            r
        } else {
            self.find_open(tag, &is_scope_boundary)
        };
        if let Some(i) = found {
            self.pop_to(i, end);
        }
    }

    fn run(mut self) -> Dom<'a> {
        let b = self.bytes;
        let n = b.len();
        let mut text_start = 0;
        while self.pos < n {
            let Some(off) = memchr::memchr(b'<', &b[self.pos..]) else {
                break;
            };
            let lt = self.pos + off;
            let next = b.get(lt + 1).copied().unwrap_or(0);
            if next == b'!' || next == b'?' {
                self.add_text(text_start, lt);
                let end = if b[lt..].starts_with(b"<!--") {
                    match memchr::memmem::find(&b[lt + 4..], b"-->") {
                        Some(k) => lt + 4 + k + 3,
                        None => n,
                    }
                } else if b[lt..].starts_with(b"<![CDATA[") {
                    match memchr::memmem::find(&b[lt + 9..], b"]]>") {
                        Some(k) => lt + 9 + k + 3,
                        None => n,
                    }
                } else {
                    match memchr::memchr(b'>', &b[lt..]) {
                        Some(k) => lt + k + 1,
                        None => n,
                    }
                };
                self.pos = end;
                text_start = end;
            } else if next == b'/' {
                let name_start = lt + 2;
                let mut i = name_start;
                while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                if i == name_start || !b[name_start].is_ascii_alphabetic() {
                    // "</>" or "</ ..." : bogus, skip to '>'
                    self.add_text(text_start, lt);
                    let end = match memchr::memchr(b'>', &b[lt..]) {
                        Some(k) => lt + k + 1,
                        None => n,
                    };
                    self.pos = end;
                    text_start = end;
                    continue;
                }
                let name = self.src.get(name_start..i).unwrap_or("").to_ascii_lowercase();
                let end = match memchr::memchr(b'>', &b[i..]) {
                    Some(k) => i + k + 1,
                    None => n,
                };
                self.add_text(text_start, lt);
                self.end_tag(&name, end);
                self.pos = end;
                text_start = end;
            } else if next.is_ascii_alphabetic() {
                self.add_text(text_start, lt);
                let (tag, attrs, end, self_closing) = parse_start_tag(self.src, lt + 1);
                self.pos = end;
                self.start_tag(tag, attrs, lt, end, self_closing);
                text_start = self.pos;
            } else {
                // A literal '<' in text.
                self.pos = lt + 1;
            }
        }
        self.add_text(text_start, n);
        let d = 1;
        self.pop_to(d, n);
        Dom { src: self.src, nodes: self.nodes }
    }
}

/// Finds `</tag` (case-insensitive) at or after `from`; returns (start of end tag, after '>').
fn find_end_tag(b: &[u8], from: usize, tag: &str) -> Option<(usize, usize)> {
    let tb = tag.as_bytes();
    let mut p = from;
    while p < b.len() {
        let k = memchr::memmem::find(&b[p..], b"</")?;
        let s = p + k;
        let ns = s + 2;
        if b.len() >= ns + tb.len() && b[ns..ns + tb.len()].eq_ignore_ascii_case(tb) {
            let after = b.get(ns + tb.len()).copied().unwrap_or(b'>');
            if after == b'>' || after.is_ascii_whitespace() || after == b'/' {
                let e = match memchr::memchr(b'>', &b[ns..]) {
                    Some(j) => ns + j + 1,
                    None => b.len(),
                };
                return Some((s, e));
            }
        }
        p = s + 2;
    }
    None
}

type StartTag = (String, Vec<(Box<str>, String)>, usize, bool);

/// Parses a start tag whose name begins at `i`; returns (tag, attrs, index after '>', self-closing).
fn parse_start_tag(src: &str, mut i: usize) -> StartTag {
    let b = src.as_bytes();
    let n = b.len();
    let ns = i;
    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let tag = src.get(ns..i).unwrap_or("").to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= n {
            return (tag, attrs, n, self_closing);
        }
        if b[i] == b'>' {
            return (tag, attrs, i + 1, self_closing);
        }
        self_closing = false;
        let an = i;
        i += 1;
        while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' && b[i] != b'=' {
            i += 1;
        }
        let name_end = i;
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: Option<(usize, usize)> = None;
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = match memchr::memchr(q, &b[vs..]) {
                    Some(k) => vs + k,
                    None => n,
                };
                value = Some((vs, ve));
                i = (ve + 1).min(n);
            } else {
                let vs = i;
                while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = Some((vs, i));
            }
        }
        let name = src.get(an..name_end).unwrap_or("");
        if name.len() <= 16 {
            let lname = name.to_ascii_lowercase();
            if keep_attr(&lname) && !attrs.iter().any(|(k, _): &(Box<str>, String)| **k == *lname) {
                let mut v = String::new();
                if let Some((vs, ve)) = value {
                    decode_entities_into(src.get(vs..ve).unwrap_or(""), &mut v);
                }
                attrs.push((lname.into_boxed_str(), v));
            }
        }
    }
}

/// Collapses runs of whitespace (including NBSP and zero-width chars) to one space and trims.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            pending = !out.is_empty();
        } else if matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}') {
            continue;
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Decodes HTML character references in `s`, appending to `out`.
pub fn decode_entities_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut p = 0;
    while let Some(k) = memchr::memchr(b'&', &b[p..]) {
        let amp = p + k;
        p = amp + 1;
        if let Some((c, len)) = decode_entity(&s[amp + 1..]) {
            out.push_str(&s[last..amp]);
            out.push_str(c.as_str());
            last = amp + 1 + len;
            p = last;
        }
    }
    out.push_str(&s[last..]);
}

/// Small inline string for decoded entities (one or two chars).
struct Chars(String);
impl Chars {
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// Decodes the entity at the start of `s` (after '&'); returns (text, bytes consumed).
fn decode_entity(s: &str) -> Option<(Chars, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x') | Some(b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = start;
        while i < b.len()
            && i < start + 8
            && (if hex { b[i].is_ascii_hexdigit() } else { b[i].is_ascii_digit() })
        {
            i += 1;
        }
        if i == start {
            return None;
        }
        let v = u32::from_str_radix(&s[start..i], if hex { 16 } else { 10 }).ok()?;
        let c = match v {
            0x80..=0x9f => win1252(v),
            0 => '\u{fffd}',
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let len = if b.get(i) == Some(&b';') { i + 1 } else { i };
        return Some((Chars(c.to_string()), len));
    }
    let mut i = 0;
    while i < b.len() && i < 10 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let name = &s[..i];
    let semi = b.get(i) == Some(&b';');
    let c = named_entity(name)?;
    if !semi && !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        return None;
    }
    Some((Chars(c.to_string()), if semi { i + 1 } else { i }))
}

fn win1252(v: u32) -> char {
    let table: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let idx = (v - 0x80) as usize;
    table.get(idx).and_then(|&c| char::from_u32(c)).unwrap_or('\u{fffd}')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "copy" | "COPY" => '©',
        "reg" | "REG" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "Dagger" => '‡',
        "prime" => '′',
        "Prime" => '″',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "acute" => '´',
        "uml" => '¨',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "scaron" => 'š',
        "Scaron" => 'Š',
        "zcaron" => 'ž',
        "Zcaron" => 'Ž',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "hearts" => '♥',
        "minus" => '−',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_p_and_li() {
        let d = Dom::parse("<div><p>one<p>two<ul><li>a<li>b</ul></div>");
        let div = d.nodes[0].children[0];
        assert_eq!(d.tag(div), "div");
        let kids: Vec<&str> = d.nodes[div].children.iter().map(|&c| d.tag(c)).collect();
        assert_eq!(kids, ["p", "p", "ul"]);
        assert_eq!(d.text(div), "onetwoab");
    }

    #[test]
    fn entities_and_raw_text() {
        let d = Dom::parse("<p>a &amp; b &#8217; &#x41; &nbsp;c &bogus; <script>if (a<b) {}</script></p>");
        assert_eq!(d.text(0), "a & b ’ A c &bogus;");
    }

    #[test]
    fn garbage_never_panics() {
        for s in
            ["<", "<<>>", "</", "<a href='x", "<!--", "<p attr=\"é", "<script>", "&#99999999999;", "&#x;é<"]
        {
            let d = Dom::parse(s);
            let _ = d.text(0);
        }
    }
}
