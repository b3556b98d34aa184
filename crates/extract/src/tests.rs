use super::*;

fn para(n: usize, topic: &str) -> String {
    format!(
        "<p>The {topic} paragraph number {n} explains, in some detail, what happened on Monday, when officials met, talked, argued and finally agreed.</p>"
    )
}

fn page(extra_head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en-GB\"><head><title>Big Story | Example News</title>{extra_head}</head><body>{body}</body></html>")
}

#[test]
fn main_text_over_nav_related_comments() {
    let article: String = (0..6).map(|i| para(i, "main")).collect();
    let body = format!(
        r##"<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
        <div class="cookie-banner"><p>We use cookies to improve your experience. By continuing you agree.</p></div>
        <div id="main"><article><h1>Big Story</h1>
        <div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
        <div class="article-body">{article}
        <p>Share this:</p><p>READ MORE: Another story about something else</p>
        <h2>What comes next</h2><p>Officials will meet again, they said, on Friday, to finalise the agreement.</p>
        </div></article>
        <aside class="related"><h3>Related Articles</h3>{}</aside>
        <div id="comments"><h3>Leave a Reply</h3><form><p>Your email address will not be published. Required fields are marked *</p><textarea></textarea></form>{}</div>
        </div><footer><p>© 2023 Example News. All rights reserved.</p></footer>"##,
        para(1, "related"),
        para(2, "comment")
    );
    let a = Extractor::new().extract(&page("", &body), None);
    let text = a.body_text();
    assert!(text.contains("The main paragraph number 0"), "{text}");
    assert!(text.contains("The main paragraph number 5"));
    assert!(text.contains("Officials will meet again"));
    for bad in [
        "related paragraph",
        "comment paragraph",
        "Home",
        "cookies",
        "Share",
        "READ MORE",
        "Leave a Reply",
        "email address",
        "All rights reserved",
        "Big Story",
    ] {
        assert!(!text.contains(bad), "{bad} in {text}");
    }
    assert!(a
        .blocks
        .iter()
        .any(|b| b.kind == dateline_doc::BlockKind::Heading && b.text == "What comes next"));
    assert!(a.blocks.iter().all(|b| b.kind != dateline_doc::BlockKind::Headline));
    // Source ranges point into the input.
    let html = page("", &body);
    let b0 = &a.blocks[0];
    let src = b0.source.clone().map(|r| &html[r]).unwrap_or("");
    assert!(src.contains("main paragraph number 0"), "{src}");
    assert_eq!(a.title.as_deref(), Some("Big Story"));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn json_ld_metadata() {
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Example News"},
        {"@type":["NewsArticle"],"headline":"Storm hits coast","datePublished":"2023-12-05T10:30:00+01:00",
         "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Smith"}],
         "publisher":{"@type":"Organization","name":"Example News"}}]}</script>
        <link rel="canonical" href="https://example.com/news/storm">"#;
    let body: String = (0..4).map(|i| para(i, "storm")).collect();
    let a = Extractor::new().extract(&page(head, &body), Some("https://example.com/x"));
    assert_eq!(a.title.as_deref(), Some("Storm hits coast"));
    assert_eq!(a.published.map(|p| p.to_string()).as_deref(), Some("2023-12-05T10:30:00+01:00"));
    assert_eq!(a.authors, ["Jane Doe", "John Smith"]);
    assert_eq!(a.site_name.as_deref(), Some("Example News"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://example.com/news/storm"));
}

#[test]
fn meta_tag_metadata_and_url_date() {
    let head = r#"<meta property="og:title" content="Markets rally - Daily Planet"><meta property="og:site_name" content="Daily Planet">
        <meta property="article:published_time" content="2024-03-07T08:15:00Z"><meta name="author" content="By Lois Lane and Clark Kent">
        <meta property="og:locale" content="pt_BR"><meta name="description" content="Stocks rose.">"#;
    let body: String = (0..3).map(|i| para(i, "market")).collect();
    let html = format!("<html><head>{head}</head><body>{body}</body></html>");
    let a = Extractor::new().extract(&html, None);
    assert_eq!(a.title.as_deref(), Some("Markets rally"));
    assert_eq!(a.published.map(|p| p.to_string()).as_deref(), Some("2024-03-07T08:15:00+00:00"));
    assert_eq!(a.authors, ["Lois Lane", "Clark Kent"]);
    assert_eq!(a.language.as_deref(), Some("pt"));
    assert_eq!(a.description.as_deref(), Some("Stocks rose."));
    // No metadata date: fall back to the URL, then to <time datetime>.
    let a = Extractor::new()
        .extract(&format!("<html><body>{body}</body></html>"), Some("https://x.org/2023/12/05/story"));
    assert_eq!(a.published.map(|p| p.to_string()).as_deref(), Some("2023-12-05"));
    let a = Extractor::new().extract(
        &format!("<html><body><time datetime=\"2022-01-02\">Jan 2</time>{body}</body></html>"),
        None,
    );
    assert_eq!(a.published.map(|p| p.to_string()).as_deref(), Some("2022-01-02"));
}

#[test]
fn never_panics_and_never_empty_on_text() {
    let ex = Extractor::new();
    for s in [
        "",
        "plain text only",
        "<html>",
        "<<<>>>&&&;",
        "<div><div><div>",
        "\u{0}\u{feff}<p>é</p>",
        "<script>x</script>",
    ] {
        let _ = ex.extract(s, Some("not a url"));
    }
    let deep = "<div>".repeat(5000) + "text" + &"</div>".repeat(5000);
    let a = ex.extract(&deep, None);
    assert!(a.body_text().contains("text"));
    let a = ex.extract("<html><body><div>Just one short line of text here.</div></body></html>", None);
    assert_eq!(a.body_text(), "Just one short line of text here.");
}

#[test]
fn extractor_is_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Extractor>();
}
