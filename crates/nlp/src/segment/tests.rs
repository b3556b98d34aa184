use super::*;
use dateline_doc::{BlockKind, Meta, Pipeline};

fn toks(text: &str) -> String {
    let seg = Segmenter::new();
    let range = TextRange::checked(text, 0, text.len()).expect("range");
    let tokens = seg.tokenize(text, range);
    tokens.iter().map(|r| &text[r.to_std()]).collect::<Vec<_>>().join("|")
}

#[track_caller]
fn check(text: &str, expected: &str) {
    assert_eq!(toks(text), expected, "tokenising {text:?}");
}

#[track_caller]
fn check_sents(text: &str, expected: &[&str]) {
    let seg = Segmenter::new();
    let range = TextRange::checked(text, 0, text.len()).expect("range");
    let (tokens, sents) = seg.segment(text, range);
    let got: Vec<&str> = sents
        .iter()
        .map(|s| &text[tokens[s.start].start().to_usize()..tokens[s.end - 1].end().to_usize()])
        .collect();
    assert_eq!(got, expected, "splitting {text:?}");
}

#[test]
fn words_and_punctuation() {
    check("Gen. Tiani met U.S. envoys.", "Gen.|Tiani|met|U.S.|envoys|.");
    check("Hello, world!", "Hello|,|world|!");
    check("(see above)", "(|see|above|)");
    check("Really?!", "Really|?!");
    check("Wait... what", "Wait|...|what");
    check("Wait\u{2026}", "Wait|\u{2026}");
    check("yes; no: maybe", "yes|;|no|:|maybe");
}

#[test]
fn clitics() {
    check("can't", "ca|n't");
    check("won't", "wo|n't");
    check("don't DON'T", "do|n't|DO|N'T");
    check("Niger's junta", "Niger|'s|junta");
    check("Niger\u{2019}s junta", "Niger|\u{2019}s|junta");
    check("couldn\u{2019}t", "could|n\u{2019}t");
    check("they're we've I'll she'd I'm", "they|'re|we|'ve|I|'ll|she|'d|I|'m");
    check("the parents' house", "the|parents|'|house");
    check("O'Neil", "O'Neil");
    check("cannot gonna", "can|not|gon|na");
}

#[test]
fn quotes_and_dashes() {
    check("\"No,\" he said.", "\"|No|,|\"|he|said|.");
    check("\u{201c}We\u{2019}re here\u{201d}", "\u{201c}|We|\u{2019}re|here|\u{201d}");
    check("troops \u{2014} and tanks", "troops|\u{2014}|and|tanks");
    check("troops\u{2014}and tanks", "troops|\u{2014}|and|tanks");
    check("troops--and tanks", "troops|--|and|tanks");
    check("'Yes'", "'|Yes|'");
}

#[test]
fn hyphens() {
    check("a long-running feud", "a|long|-|running|feud");
    check("Yunus-Bek Yevkurov", "Yunus|-|Bek|Yevkurov");
    check("Col.-Gen. Ivanov", "Col.|-|Gen.|Ivanov");
    check("non-profit co-founder e-mail re-elected", "non-profit|co-founder|e-mail|re-elected");
    check("mid-1980s", "mid-1980s");
    check("call 713-853-3989 now", "call|713-853-3989|now");
    check("from 5-10 years, 1969-1970", "from|5|-|10|years|,|1969|-|1970");
    check("al-Qaeda's", "al|-|Qaeda|'s");
}

#[test]
fn numbers() {
    check("1,500 troops", "1,500|troops");
    check("3.5%", "3.5|%");
    check("$2.4bn", "$|2.4|bn");
    check("$2.4 billion", "$|2.4|billion");
    check("at 7:30 PM", "at|7:30|PM");
    check("at 5pm", "at|5|pm");
    check("the 1990s and 20th century", "the|1990s|and|20th|century");
    check("on 11/28/2000, 1/2", "on|11/28/2000|,|1/2");
    check("and/or", "and|/|or");
    check("No. 10 Downing St.", "No.|10|Downing|St.");
    check("-5", "-|5");
}

#[test]
fn abbreviations_and_initials() {
    check("Mr. Smith", "Mr.|Smith");
    check("Jan. 5", "Jan.|5");
    check("J. R. R. Tolkien", "J.|R.|R.|Tolkien");
    check("at 10 a.m. today", "at|10|a.m.|today");
    check("e.g. this, i.e. that", "e.g.|this|,|i.e.|that");
    check("Acme Inc. said", "Acme|Inc.|said");
    check("AT&T", "AT&T");
    check("the end.", "the|end|.");
}

#[test]
fn urls_and_emails() {
    check("see http://example.com/a-b?x=1.", "see|http://example.com/a-b?x=1|.");
    check("(www.bbc.co.uk)", "(|www.bbc.co.uk|)");
    check("mail john.smith@example.org, now", "mail|john.smith@example.org|,|now");
}

#[test]
fn tokens_are_clean() {
    let text = "  Odd\u{a0}spacing\t\u{200b}here ,  \"quoted\"\n\n\u{e9}t\u{e9} caf\u{e9}\u{301}  ";
    let seg = Segmenter::new();
    let range = TextRange::checked(text, 0, text.len()).expect("range");
    let tokens = seg.tokenize(text, range);
    let mut prev_end = 0;
    for t in &tokens {
        let s = &text[t.to_std()];
        assert!(!s.is_empty());
        assert!(!s.chars().any(|c| c.is_whitespace()), "{s:?}");
        assert!(t.start().to_usize() >= prev_end);
        prev_end = t.end().to_usize();
    }
    assert_eq!(toks(text), "Odd|spacing|here|,|\"|quoted|\"|\u{e9}t\u{e9}|caf\u{e9}\u{301}");
}

#[test]
fn sentences() {
    check_sents("He left. She stayed.", &["He left.", "She stayed."]);
    check_sents("Gen. Tiani met U.S. envoys. They talked.", &["Gen. Tiani met U.S. envoys.", "They talked."]);
    check_sents(
        "Mr. Smith went to No. 10 Downing St. on Jan. 5.",
        &["Mr. Smith went to No. 10 Downing St. on Jan. 5."],
    );
    check_sents("J. R. R. Tolkien wrote it.", &["J. R. R. Tolkien wrote it."]);
    check_sents(
        "\"Go!\" he said. \"Now.\" Then he left.",
        &["\"Go!\" he said.", "\"Now.\"", "Then he left."],
    );
    check_sents("Why? Because.", &["Why?", "Because."]);
    check_sents("It cost 3.5 million. Then it fell.", &["It cost 3.5 million.", "Then it fell."]);
    check_sents("He works for Acme Inc. The firm grew.", &["He works for Acme Inc.", "The firm grew."]);
    check_sents("They met (in Niamey.) Talks followed.", &["They met (in Niamey.)", "Talks followed."]);
    check_sents("Wait... what? Yes", &["Wait... what?", "Yes"]);
    check_sents("Niger quits the alliance", &["Niger quits the alliance"]);
}

#[test]
fn stage_segments_blocks_separately() {
    let text = "Niger quits ECOWAS\n\nThe junta said so. It left.".to_string();
    let mut doc = Document::new(text, Meta::default()).expect("doc");
    doc.blocks.push(Block { range: doc.range(0, 18).expect("r"), kind: BlockKind::Headline });
    doc.blocks.push(Block { range: doc.range(20, 47).expect("r"), kind: BlockKind::Paragraph });
    let base = Layers::of(&[Layer::Text, Layer::Blocks]);
    let p = Pipeline::build(base, vec![Box::new(Segmenter::new())]).expect("pipeline");
    p.run(&mut doc);
    let sents: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.range)).collect();
    assert_eq!(sents, ["Niger quits ECOWAS", "The junta said so.", "It left."]);
    assert_eq!(doc.tokens.len(), 3 + 5 + 3);
    assert_eq!(doc.sentences[1].tokens, 3..8);
    assert!(doc.layers().contains(Layer::Tokens));
}

#[test]
fn stage_without_blocks_splits_paragraphs() {
    let text = "Headline here\n\nFirst para\ncontinues.\n \nSecond.".to_string();
    let mut doc = Document::new(text, Meta::default()).expect("doc");
    Segmenter::new().run(&mut doc);
    let sents: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.range)).collect();
    assert_eq!(sents, ["Headline here", "First para\ncontinues.", "Second."]);
}

#[test]
fn paragraphs_at_blank_lines() {
    let text = "a\n\n  b\nc\n\t\n\nd";
    let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, ["a", "b\nc", "d"]);
}

#[test]
fn bad_range_yields_nothing() {
    let seg = Segmenter::new();
    let text = "caf\u{e9}";
    let r = TextRange::new(TextSize::new(0), TextSize::new(99));
    assert_eq!(seg.segment(text, r), (Vec::new(), Vec::new()));
}

#[test]
fn web_text() {
    check("nice :) and :-(", "nice|:)|and|:-(");
    check("the 80's and \u{2019}90s, get \u{2019}em", "the|80's|and|\u{2019}90s|,|get|\u{2019}em");
    check("I w- went", "I|w-|went");
    check("join #audiobooks", "join|#audiobooks");
    check("really?! ok.?", "really|?!|ok|.?");
    check("im sure thats it, alot", "i|m|sure|that|s|it|,|a|lot");
    check("[18,19] 1,500,000", "[|18|,|19|]|1,500,000");
    check("Reynolds\"<r...@cogeco.ca>", "Reynolds|\"|<|r...@cogeco.ca|>");
    check("b/c A/C s/he", "b/c|A|/|C|s/he");
    check("L.P.. next", "L.P.|.|next");
    check("I said No. Then", "I|said|No|.|Then");
}

#[test]
fn lowercase_after_stop_starts_a_sentence() {
    check_sents("i left. she stayed", &["i left.", "she stayed"]);
    check_sents("\"Why?\" he asked.", &["\"Why?\" he asked."]);
}

#[test]
fn citation_marks_end_sentences() {
    check_sents("He left in 1805. [6] Then he returned.", &["He left in 1805. [6]", "Then he returned."]);
}
