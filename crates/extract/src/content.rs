//! Main-content detection: boilerplate pruning, container scoring, block emission.

use crate::dom::{decode_entities_into, normalize_ws, Dom, Element, NodeId};
use crate::{furniture, ArticleBlock};
use dateline_doc::BlockKind;

/// Per-node statistics over the non-pruned tree.
struct Stats {
    bad: Vec<bool>,
    /// Visible non-whitespace characters.
    text: Vec<u32>,
    /// Of which inside links.
    link: Vec<u32>,
    /// Characters inside `<p>` descendants.
    ptext: Vec<u32>,
}

fn tokens_of(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty())
}

const POSITIVE: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "articletext",
    "entry-content",
    "post-content",
    "postcontent",
    "post-body",
    "post_body",
    "postbody",
    "story-body",
    "storybody",
    "story-content",
    "story_body",
    "body-text",
    "bodytext",
    "content-body",
    "rich-text",
    "richtext",
    "article-main",
    "main-content",
    "news-content",
    "single-content",
    "text-content",
];

const BAD_SUBSTR: &[&str] = &[
    "comment",
    "disqus",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "consent",
    "gdpr",
    "promo",
    "advert",
    "sponsor",
    "sidebar",
    "breadcrumb",
    "outbrain",
    "taboola",
    "recommend",
    "popular",
    "trending",
    "byline",
    "author-bio",
    "authorbio",
    "author-info",
    "about-author",
    "author-box",
    "caption",
    "signup",
    "sign-up",
    "paywall",
    "toolbar",
    "widget",
    "footer",
    "masthead",
    "navbar",
    "navigation",
    "pagination",
    "jump-link",
    "skip-link",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "tag-list",
    "taglist",
    "read-more",
    "readmore",
    "more-stories",
    "most-read",
    "mostread",
    "also-read",
    "modal",
    "popup",
    "subnav",
    "topbar",
    "adslot",
    "ad-slot",
    "adunit",
    "ad-unit",
    "ad-container",
    "ad-wrapper",
    "inline-ad",
    "native-ad",
    "googlead",
    "gpt-ad",
    "post-meta",
    "entry-meta",
    "article-meta",
    "meta-info",
    "credit",
    "print-only",
    "login",
    "dateline",
    "timestamp",
    "published-date",
    "post-date",
    "article-date",
    "tags",
    "keywords",
    "rating",
    "feedback",
    "donate",
    "follow",
    "next-post",
    "prev-post",
    "post-nav",
    "article-nav",
    "inline-link",
    "see-also",
];

const BAD_TOKEN: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "dfp",
    "nav",
    "menu",
    "header",
    "banner",
    "print",
    "noprint",
    "tools",
    "overlay",
    "meta",
    "author",
    "date",
    "topics",
    "tag",
    "embed",
    "video",
    "audio",
    "gallery",
    "slideshow",
    "infobox",
    "aside",
    "bio",
    "signature",
];

fn attr_classid(e: &Element) -> String {
    let mut s = String::new();
    if let Some(c) = e.attr("class") {
        s.push_str(c);
    }
    if let Some(i) = e.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    s.make_ascii_lowercase();
    s
}

fn is_positive(e: &Element, ci: &str) -> bool {
    e.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        || POSITIVE.iter().any(|p| ci.contains(p))
}

fn is_bad_classid(ci: &str) -> bool {
    if ci.is_empty() {
        return false;
    }
    if ci.split_whitespace().any(|c| matches!(c, "hidden" | "hide" | "invisible" | "d-none" | "is-hidden")) {
        return true;
    }
    if BAD_SUBSTR.iter().any(|p| ci.contains(p)) && !ci.contains("commentary") {
        return true;
    }
    tokens_of(ci).any(|t| BAD_TOKEN.contains(&t))
}

fn tag_is_pruned(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "nav"
            | "footer"
            | "aside"
            | "button"
            | "input"
            | "select"
            | "option"
            | "textarea"
            | "label"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "canvas"
            | "map"
            | "figure"
            | "figcaption"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "menu"
            | "math"
            | "picture"
            | "img"
            | "fieldset"
    )
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dt"
            | "dd"
            | "header"
            | "footer"
            | "aside"
            | "br"
            | "hr"
            | "address"
            | "center"
            | "form"
            | "details"
            | "summary"
            | "figure"
            | "hgroup"
            | "caption"
    )
}

impl Stats {
    fn compute(dom: &Dom) -> Stats {
        let n = dom.nodes.len();
        let mut st = Stats { bad: vec![false; n], text: vec![0; n], link: vec![0; n], ptext: vec![0; n] };
        // Hard prunes by tag (parents come before children in node order).
        for id in 1..n {
            let node = &dom.nodes[id];
            st.bad[id] = st.bad[node.parent] || node.elem.as_ref().is_some_and(|e| tag_is_pruned(&e.tag));
        }
        propagate_bad(dom, &mut st);
        // Soft prunes by class/id/role/visibility, unless the element holds most of the prose.
        let total_p = st.ptext[0].max(1) as u64;
        let total_t = st.text[0].max(1) as u64;
        // Elements containing a known article-body container are never pruned.
        let mut has_pos = vec![false; n];
        for id in (1..n).rev() {
            if let Some(e) = &dom.nodes[id].elem {
                if !has_pos[id] && !st.bad[id] && is_positive(e, &attr_classid(e)) && st.text[id] > 100 {
                    has_pos[id] = true;
                }
            }
            if has_pos[id] {
                has_pos[dom.nodes[id].parent] = true;
            }
        }
        let mut changed = false;
        #[allow(clippy::needless_range_loop)]
        for id in 1..n {
            if st.bad[id] || st.bad[dom.nodes[id].parent] {
                continue;
            }
            if let Some(e) = &dom.nodes[id].elem {
                if is_pruned(e)
                    && !has_pos[id]
                    && (st.ptext[id] as u64) * 10 < total_p * 4
                    && (st.text[id] as u64) * 10 < total_t * 5
                {
                    st.bad[id] = true;
                    changed = true;
                }
            }
        }
        if changed {
            propagate_bad(dom, &mut st);
        }
        st
    }

    fn link_density(&self, id: NodeId) -> f32 {
        let t = self.text[id];
        if t == 0 {
            0.0
        } else {
            self.link[id] as f32 / t as f32
        }
    }
}

fn propagate_bad(dom: &Dom, st: &mut Stats) {
    let n = dom.nodes.len();
    for id in 1..n {
        if st.bad[dom.nodes[id].parent] {
            st.bad[id] = true;
        }
    }
    st.text.iter_mut().for_each(|x| *x = 0);
    st.link.iter_mut().for_each(|x| *x = 0);
    st.ptext.iter_mut().for_each(|x| *x = 0);
    for id in (1..n).rev() {
        let node = &dom.nodes[id];
        if st.bad[id] {
            continue;
        }
        if node.elem.is_none() {
            let raw = dom.src.get(node.span.clone()).unwrap_or("");
            st.text[id] = raw.chars().filter(|c| !c.is_whitespace()).count() as u32;
        } else if let Some(e) = &node.elem {
            if &*e.tag == "a" {
                st.link[id] = st.text[id];
            }
            if &*e.tag == "p" {
                st.ptext[id] = st.text[id];
            }
        }
        let p = node.parent;
        st.text[p] += st.text[id];
        st.link[p] += st.link[id];
        st.ptext[p] += st.ptext[id];
    }
}

fn is_pruned(e: &Element) -> bool {
    let tag = &*e.tag;
    if tag == "header" {
        return true;
    }
    if matches!(
        tag,
        "html"
            | "body"
            | "main"
            | "p"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "tbody"
            | "table"
            | "b"
            | "strong"
            | "i"
            | "em"
    ) {
        return false;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(s) = e.attr("style") {
        let s = s.to_ascii_lowercase().replace(' ', "");
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(ip) = e.attr("itemprop") {
        if matches!(
            ip,
            "headline"
                | "alternativeHeadline"
                | "datePublished"
                | "dateModified"
                | "dateCreated"
                | "keywords"
                | "mainEntityOfPage"
                | "image"
                | "publisher"
                | "url"
                | "width"
                | "height"
                | "logo"
                | "thumbnailUrl"
                | "copyrightHolder"
                | "sourceOrganization"
                | "inLanguage"
                | "isAccessibleForFree"
        ) {
            return true;
        }
    }
    if let Some(r) = e.attr("role") {
        if matches!(
            r.to_ascii_lowercase().as_str(),
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "dialog"
                | "alertdialog"
                | "search"
                | "menu"
                | "menubar"
                | "toolbar"
                | "button"
        ) {
            return true;
        }
    }
    let ci = attr_classid(e);
    if ci.is_empty() {
        return false;
    }
    if is_positive(e, &ci) {
        return false;
    }
    if tag == "article" && !ci.contains("comment") {
        return false;
    }
    is_bad_classid(&ci)
}

fn class_weight(e: &Element) -> f32 {
    let ci = attr_classid(e);
    if ci.is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if is_positive(e, &ci) {
        w += 40.0;
    } else if ["article", "body", "content", "entry", "main", "post", "text", "story", "blog"]
        .iter()
        .any(|p| ci.contains(p))
    {
        w += 25.0;
    }
    if is_bad_classid(&ci) {
        w -= 25.0;
    }
    w
}

/// Finds the main content and returns its blocks.
pub fn extract_blocks(dom: &Dom, title: Option<&str>) -> Vec<ArticleBlock> {
    let st = Stats::compute(dom);
    let n = dom.nodes.len();
    let mut score = vec![0f32; n];
    let mut init = vec![false; n];
    let mut candidates: Vec<NodeId> = Vec::new();

    for id in 1..n {
        if st.bad[id] {
            continue;
        }
        let Some(e) = dom.elem(id) else { continue };
        let tag = &*e.tag;
        let para_like = match tag {
            "p" | "pre" | "td" => true,
            "div" | "section" | "article" | "span" | "font" | "center" => {
                // A container with no block children acts as a paragraph.
                !dom.nodes[id].children.iter().any(|&c| is_block(dom.tag(c)) && dom.tag(c) != "br")
                    && dom.nodes[id].children.iter().any(|&c| dom.elem(c).is_none() && st.text[c] > 20)
            }
            _ => false,
        };
        if !para_like {
            continue;
        }
        let len = st.text[id];
        if len < 25 {
            continue;
        }
        if st.link_density(id) > 0.5 {
            continue;
        }
        let commas = count_commas(dom, id);
        let s = 1.0 + commas as f32 + (len as f32 / 100.0).min(3.0);
        // Propagate to ancestors.
        let mut anc = dom.nodes[id].parent;
        let mut level = 0;
        while level < 5 && anc != 0 {
            if !init[anc] {
                init[anc] = true;
                score[anc] = initial_score(dom, anc);
                candidates.push(anc);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[anc] += s / div;
            anc = dom.nodes[anc].parent;
            level += 1;
        }
    }
    for &c in &candidates {
        score[c] *= 1.0 - st.link_density(c);
    }
    candidates.sort_by(|&a, &b| score[b].partial_cmp(&score[a]).unwrap_or(std::cmp::Ordering::Equal));
    let Some(&top0) = candidates.first() else {
        return fallback_blocks(dom, &st, title);
    };
    let mut top = top0;
    let top_score = score[top];

    // If several strong candidates share an ancestor, move up to it.
    let alts: Vec<NodeId> =
        candidates.iter().skip(1).take(5).copied().filter(|&c| score[c] >= top_score * 0.75).collect();
    if alts.len() >= 3 {
        let mut p = dom.nodes[top].parent;
        while p != 0 && !matches!(dom.tag(p), "body" | "html") {
            let containing = alts.iter().filter(|&&a| is_ancestor(dom, p, a)).count();
            if containing >= 3 {
                top = p;
                break;
            }
            p = dom.nodes[p].parent;
        }
    }
    // Climb through single-child wrappers.
    loop {
        let p = dom.nodes[top].parent;
        if p == 0 || matches!(dom.tag(p), "body" | "html") {
            break;
        }
        let good_children = dom.nodes[p].children.iter().filter(|&&c| !st.bad[c] && st.text[c] > 0).count();
        if good_children == 1 {
            top = p;
        } else {
            break;
        }
    }

    // Sibling merge.
    let mut roots: Vec<NodeId> = Vec::new();
    let parent = dom.nodes[top].parent;
    let top_s = score[top].max(score[top0]);
    let threshold = (top_s * 0.2).max(10.0);
    let top_class = dom.elem(top).and_then(|e| e.attr("class")).unwrap_or("");
    if parent == 0 || matches!(dom.tag(parent), "html") {
        roots.push(top);
    } else {
        for &sib in &dom.nodes[parent].children {
            if sib == top {
                roots.push(sib);
                continue;
            }
            if st.bad[sib] || st.text[sib] == 0 {
                continue;
            }
            let Some(se) = dom.elem(sib) else { continue };
            let mut bonus = 0.0;
            if !top_class.is_empty() && se.attr("class") == Some(top_class) {
                bonus = top_s * 0.2;
            }
            let s = if init[sib] { score[sib] } else { 0.0 };
            if s + bonus >= threshold {
                roots.push(sib);
            } else if &*se.tag == "p" {
                let len = st.text[sib];
                let ld = st.link_density(sib);
                if (len > 80 && ld < 0.25) || (len > 0 && ld == 0.0 && dom.text(sib).contains(". ")) {
                    roots.push(sib);
                }
            }
        }
    }

    let mut em = Emitter::new(dom, &st, title);
    for r in roots {
        em.walk(r, false);
        em.flush();
    }
    let out = em.out;
    if out.is_empty() {
        return fallback_blocks(dom, &st, title);
    }
    out
}

fn initial_score(dom: &Dom, id: NodeId) -> f32 {
    let Some(e) = dom.elem(id) else { return 0.0 };
    let base = match &*e.tag {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    base + class_weight(e)
}

fn is_ancestor(dom: &Dom, anc: NodeId, mut id: NodeId) -> bool {
    while id != 0 {
        if id == anc {
            return true;
        }
        id = dom.nodes[id].parent;
    }
    false
}

fn count_commas(dom: &Dom, id: NodeId) -> usize {
    let mut count = 0;
    let mut stack = vec![id];
    while let Some(x) = stack.pop() {
        let node = &dom.nodes[x];
        if node.elem.is_none() {
            if let Some(t) = dom.src.get(node.span.clone()) {
                count += t.matches([',', '，', '、', '،']).count();
            }
        } else if !matches!(dom.tag(x), "script" | "style") {
            stack.extend(node.children.iter().copied());
        }
    }
    count
}

/// Key for comparing a block with the title.
fn norm_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

struct Emitter<'d, 'a> {
    dom: &'d Dom<'a>,
    st: &'d Stats,
    out: Vec<ArticleBlock>,
    buf: String,
    buf_link: usize,
    buf_len: usize,
    kind: Vec<BlockKind>,
    span: Option<(usize, usize)>,
    title_norm: Option<String>,
    seen_para: bool,
}

impl<'d, 'a> Emitter<'d, 'a> {
    fn new(dom: &'d Dom<'a>, st: &'d Stats, title: Option<&str>) -> Emitter<'d, 'a> {
        Emitter {
            dom,
            st,
            out: Vec::new(),
            buf: String::new(),
            buf_link: 0,
            buf_len: 0,
            kind: Vec::new(),
            span: None,
            title_norm: title.map(norm_key),
            seen_para: false,
        }
    }

    fn walk(&mut self, id: NodeId, in_link: bool) {
        let dom = self.dom;
        let node = &dom.nodes[id];
        if self.st.bad[id] {
            return;
        }
        let Some(e) = &node.elem else {
            if id == 0 {
                for &c in &node.children {
                    self.walk(c, in_link);
                }
                return;
            }
            if let Some(raw) = dom.src.get(node.span.clone()) {
                let before = self.buf.len();
                decode_entities_into(raw, &mut self.buf);
                let added = self.buf[before..].chars().filter(|c| !c.is_whitespace()).count();
                self.buf_len += added;
                if in_link {
                    self.buf_link += added;
                }
                if added > 0 {
                    let (s, en) = self.span.unwrap_or((node.span.start, node.span.end));
                    self.span = Some((s.min(node.span.start), en.max(node.span.end)));
                }
            }
            return;
        };
        let tag = &*e.tag;
        if tag == "br" {
            // A single <br> inside a paragraph is a line break; keep the block whole
            // unless the parent is a div-like container (text split by <br>s).
            self.buf.push(' ');
            if !matches!(
                dom.tag(node.parent),
                "p" | "li"
                    | "blockquote"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "a"
                    | "span"
                    | "strong"
                    | "b"
                    | "em"
                    | "i"
            ) {
                self.flush();
            }
            return;
        }
        let block = is_block(tag);
        if block {
            self.flush();
        }
        let kind = match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
            "li" | "dd" | "dt" => Some(BlockKind::ListItem),
            "blockquote" => Some(BlockKind::Quote),
            "p" | "pre" | "td" | "th" => Some(BlockKind::Paragraph),
            _ => None,
        };
        if let Some(k) = kind {
            self.kind.push(k);
        }
        let link = in_link || tag == "a";
        if tag == "h1" {
            self.kind.push(BlockKind::Headline);
        }
        for &c in &node.children {
            self.walk(c, link);
        }
        if block {
            self.flush();
        }
        if tag == "h1" {
            self.kind.pop();
        }
        if kind.is_some() {
            self.kind.pop();
        }
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = normalize_ws(&self.buf);
        let link = self.buf_link;
        let len = self.buf_len;
        let span = self.span.take();
        self.buf.clear();
        self.buf_link = 0;
        self.buf_len = 0;
        if text.is_empty() {
            return;
        }
        let mut kind = self.kind.last().copied().unwrap_or(BlockKind::Paragraph);
        if kind == BlockKind::Headline {
            // An h1 repeating the title is the headline: not part of the body.
            let k = norm_key(&text);
            if !self.seen_para
                || self
                    .title_norm
                    .as_deref()
                    .is_some_and(|t| !k.is_empty() && (t.contains(&k) || k.contains(t)))
            {
                return;
            }
            kind = BlockKind::Heading;
        }
        // Link lists and link-only lines.
        if len > 0 && link * 10 > len * 6 {
            return;
        }
        if furniture::classify_line(&text).is_some() {
            return;
        }
        if let Some(t) = &self.title_norm {
            if !self.seen_para && norm_key(&text) == *t {
                return;
            }
        }
        if self.out.last().is_some_and(|b| b.text == text) {
            return;
        }
        if kind == BlockKind::Paragraph {
            self.seen_para = true;
        }
        self.out.push(ArticleBlock { text, kind, source: span.map(|(s, e)| s..e) });
    }
}

/// When no container scores: every paragraph of the page, else all visible text.
fn fallback_blocks(dom: &Dom, st: &Stats, title: Option<&str>) -> Vec<ArticleBlock> {
    let mut em = Emitter::new(dom, st, title);
    em.walk(0, false);
    em.flush();
    if em.out.is_empty() {
        let text = dom.text(0);
        if !text.is_empty() {
            em.out.push(ArticleBlock { text, kind: BlockKind::Paragraph, source: None });
        }
    }
    em.out
}

/// Debug aid: pruned elements holding the most raw text, and the chosen roots.
#[doc(hidden)]
pub fn debug(dom: &Dom) -> Vec<String> {
    let n = dom.nodes.len();
    let mut raw = vec![0u32; n];
    for id in (1..n).rev() {
        let node = &dom.nodes[id];
        if node.elem.is_none() && !matches!(dom.tag(node.parent), "script" | "style") {
            raw[id] =
                dom.src.get(node.span.clone()).unwrap_or("").chars().filter(|c| !c.is_whitespace()).count()
                    as u32;
        }
        raw[node.parent] += raw[id];
    }
    let st = Stats::compute(dom);
    let mut v: Vec<(u32, String)> = Vec::new();
    #[allow(clippy::needless_range_loop)]
    for id in 1..n {
        if st.bad[id] && !st.bad[dom.nodes[id].parent] {
            if let Some(e) = dom.elem(id) {
                v.push((
                    raw[id],
                    format!("{} <{} class={:?} id={:?}>", raw[id], e.tag, e.attr("class"), e.attr("id")),
                ));
            }
        }
    }
    v.sort_by_key(|x| std::cmp::Reverse(x.0));
    v.into_iter().take(8).map(|x| x.1).collect()
}
