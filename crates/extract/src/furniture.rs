//! Line-level boilerplate ("site furniture") filter, shared by all inputs.
//!
//! Precision first: a line is only flagged when it *is* furniture as a whole
//! (a teaser prefix followed by a separator, a known button label, a comment
//! form notice...), never because it merely contains a word like "share".

/// Returns why `line` is site furniture, or `None` when it is article text.
pub fn classify_line(line: &str) -> Option<&'static str> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    // Long lines are article text in practice; the checks below are for short ones.
    if t.len() > 400 {
        return None;
    }
    let lower = t.to_lowercase();
    let l = lower
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '»' | '›' | '>' | '•' | '|' | '*' | '·'));
    let words = l.split_whitespace().count();

    // Whole-line labels.
    let bare = l.trim_end_matches([':', '.', '!', '…']).trim();
    if let Some(r) = exact_label(bare) {
        return Some(r);
    }

    // Teaser prefixes followed by a separator: "Read also: ...", "ALSO READ | ...".
    const TEASERS: &[&str] = &[
        "read also",
        "also read",
        "read more",
        "read next",
        "see also",
        "also see",
        "related",
        "related article",
        "related articles",
        "related story",
        "related stories",
        "related coverage",
        "related content",
        "related news",
        "recommended",
        "recommended for you",
        "more from",
        "more on this",
        "more on this story",
        "more:",
        "watch",
        "watch now",
        "listen",
        "trending",
        "don't miss",
        "dont miss",
        "must read",
        "you may also like",
        "you might also like",
        "suggested reading",
        "further reading",
        "click here",
        "leia também",
        "leia mais",
        "veja também",
        "leggi anche",
        "lesen sie auch",
        "mehr zum thema",
        "читайте также",
        "lire aussi",
        "à lire aussi",
        "lee también",
    ];
    for p in TEASERS {
        if let Some(rest) = l.strip_prefix(p) {
            let rest_trim = rest.trim_start();
            let sep = rest_trim.starts_with([':', '|', '»', '›', '-', '–', '—', '>']);
            // "Read more" alone, or "Read more: <headline>" but not "related to the..."
            if rest_trim.is_empty()
                && (p.starts_with("read") || p.contains("also") || p.starts_with("related"))
            {
                return Some("promo");
            }
            if sep && rest.len() < 300 {
                return Some("promo");
            }
        }
    }

    // Comment forms.
    if l.contains("your email address will not be published")
        || l.contains("required fields are marked")
        || (l.starts_with("you must be logged in to post a comment"))
        || (words <= 8
            && (l.starts_with("post a comment")
                || l.starts_with("add a comment")
                || l.starts_with("join the conversation")
                || l.starts_with("view comments")
                || l.starts_with("show comments")))
        || (words <= 6
            && l.ends_with("comments")
            && l.split_whitespace().next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())))
    {
        return Some("comment-form");
    }
    // Share bars.
    if l.starts_with("click to share on")
        || l.starts_with("click to email")
        || l.starts_with("click to print")
        || (l.starts_with("share on ") && words <= 6)
        || (l.starts_with("share this") && words <= 6)
        || (l.starts_with("share via") && words <= 6)
        || (l.contains("(opens in new window)") && words <= 12)
    {
        return Some("share");
    }
    // Newsletters and follows.
    if words <= 30
        && (l.starts_with("subscribe to our newsletter")
            || l.starts_with("sign up for our")
            || l.starts_with("sign up to our")
            || l.starts_with("sign up for the")
            || l.starts_with("sign up to receive")
            || (l.starts_with("sign up for") && words <= 16)
            || l.starts_with("subscribe to the")
            || l.starts_with("get our newsletter")
            || l.starts_with("get the latest news")
            || l.contains("newsletter") && (l.contains("sign up") || l.contains("subscribe")))
    {
        return Some("newsletter");
    }
    if words <= 16
        && (l.starts_with("follow us on")
            || l.starts_with("follow us:")
            || l.starts_with("like us on facebook")
            || l.starts_with("join us on")
            || l.starts_with("follow the latest")
            || l.starts_with("follow @"))
    {
        return Some("social");
    }
    // Cookie notices.
    if words <= 80
        && (l.starts_with("we use cookies")
            || l.starts_with("this website uses cookies")
            || l.starts_with("this site uses cookies")
            || l.starts_with("our website uses cookies")
            || l.starts_with("by continuing to use this")
            || l.starts_with("by using this site")
            || l.starts_with("by using our site")
            || l.contains("accept cookies")
            || l.contains("cookie policy") && l.contains("we use"))
    {
        return Some("cookie");
    }
    // Copyright lines.
    if words <= 30
        && (l.starts_with('©')
            || l.starts_with("(c) ")
            || l.starts_with("copyright ©")
            || l.starts_with("copyright 20")
            || l.starts_with("copyright (c)")
            || l.contains("all rights reserved"))
    {
        return Some("copyright");
    }
    // Adverts.
    if words <= 8
        && (l.starts_with("advertisement")
            || l.starts_with("story continues below")
            || l.starts_with("article continues below")
            || l.starts_with("continue reading below")
            || l.starts_with("scroll to continue")
            || l.starts_with("sponsored content")
            || l.starts_with("paid content"))
    {
        return Some("advert");
    }
    if words <= 12
        && (l.starts_with("this article is more than")
            || l.starts_with("image:")
            || l.starts_with("photo:")
            || l.starts_with("image source")
            || l.starts_with("image caption")
            || l.starts_with("media caption")
            || l.starts_with("getty images")
            || l.starts_with("photo credit")
            || l.starts_with("skip to"))
    {
        return Some("caption");
    }
    None
}

fn exact_label(l: &str) -> Option<&'static str> {
    Some(match l {
        "leave a reply"
        | "leave a comment"
        | "comments"
        | "comment"
        | "post a comment"
        | "add comment"
        | "add a comment"
        | "reply"
        | "cancel reply"
        | "no comments yet"
        | "be the first to comment"
        | "show comments"
        | "view comments"
        | "load comments"
        | "comments are closed" => "comment-form",
        "share" | "share this" | "share this article" | "share this story" | "share this post"
        | "share article" | "tweet" | "share on facebook" | "share on twitter" | "email" | "print"
        | "whatsapp" | "facebook" | "twitter" | "linkedin" | "pinterest" | "reddit" | "copy link"
        | "link copied" | "copy article link" | "share on whatsapp" | "like this" | "like this:" | "like"
        | "pocket" | "telegram" | "compartilhe" | "condividi" | "teilen" => "share",
        "advertisement"
        | "advertisements"
        | "ad"
        | "sponsored"
        | "publicidade"
        | "pubblicità"
        | "anzeige"
        | "реклама"
        | "publicité"
        | "story continues below advertisement"
        | "article continues below" => "advert",
        "related"
        | "related articles"
        | "related posts"
        | "related stories"
        | "related content"
        | "related news"
        | "related coverage"
        | "recommended"
        | "recommended for you"
        | "more stories"
        | "more from this section"
        | "you may also like"
        | "you might also like"
        | "most popular"
        | "most read"
        | "trending now"
        | "read more"
        | "read also"
        | "also read"
        | "see also"
        | "more on this story"
        | "top stories"
        | "latest news"
        | "loading..."
        | "loading" => "related",
        "subscribe"
        | "subscribe now"
        | "sign up"
        | "newsletter"
        | "sign up for our newsletter"
        | "subscribe to our newsletter" => "newsletter",
        "skip to main content" | "skip to content" | "back to top" | "menu" | "search" | "close" | "home" => {
            "nav"
        }
        "tags" | "topics" | "filed under" => "tags",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_positive() {
        for (line, why) in [
            ("Read Also: Russian Court Extends Detention Of US-Russian Journalist", "promo"),
            ("READ MORE: Police arrest three after protest", "promo"),
            ("Also read | Markets fall on rate fears", "promo"),
            ("Leave a Reply", "comment-form"),
            ("Leave a Comment", "comment-form"),
            ("Your email address will not be published. Required fields are marked *", "comment-form"),
            ("Share this:", "share"),
            ("Click to share on Twitter (Opens in new window)", "share"),
            ("Subscribe to our newsletter", "newsletter"),
            ("Sign up for the Morning Briefing newsletter", "newsletter"),
            ("Advertisement", "advert"),
            ("Related Articles", "related"),
            ("Follow us on Twitter and Facebook", "social"),
            ("© 2023 Example News Ltd. All rights reserved.", "copyright"),
            ("We use cookies to improve your experience on our site.", "cookie"),
        ] {
            assert_eq!(classify_line(line), Some(why), "{line}");
        }
    }

    #[test]
    fn furniture_negative() {
        for line in [
            "He told reporters to read also the fine print of the deal, which was signed on Monday.",
            "Shares in the company fell 5% after the announcement.",
            "The related investigation was opened in March, officials said.",
            "Police said they use cookies-and-cream ice cream as bait, a spokesman joked.",
            "Readers can sign up for the lottery until Friday, the ministry said in a statement on its website.",
            "Comments from the minister were not immediately available.",
            "Watch the skies: a meteor shower peaks tonight, astronomers said.",
            "",
        ] {
            assert_eq!(classify_line(line), None, "{line}");
        }
    }
}
