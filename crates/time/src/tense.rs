//! Which way an underspecified date points: the tense of the clause around
//! it, from the part-of-speech tags when the language core ran, else from
//! word lists.

use crate::lex::{Kind, Tok};
use crate::value::Dir;
use dateline_doc::{Document, Layer};

const FUTURE_WORDS: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "wo",
    "tomorrow",
    "next",
    "plans",
    "plan",
    "planned",
    "scheduled",
    "expected",
    "expects",
    "expect",
    "due",
    "upcoming",
    "intends",
    "aims",
    "hopes",
    "would",
    "going",
    "until",
    "coming",
    "soon",
];
const PAST_WORDS: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "met",
    "held",
    "left",
    "took",
    "made",
    "came",
    "went",
    "began",
    "fell",
    "rose",
    "won",
    "lost",
    "saw",
    "gave",
    "got",
    "sent",
    "led",
    "paid",
    "killed",
    "ago",
    "yesterday",
    "last",
    "announced",
    "became",
    "brought",
    "built",
    "bought",
    "caught",
    "chose",
    "fought",
    "found",
    "flew",
    "forced",
    "grew",
    "heard",
    "hit",
    "kept",
    "knew",
    "laid",
    "meant",
    "ran",
    "sold",
    "shot",
    "spoke",
    "spent",
    "stood",
    "struck",
    "swore",
    "taught",
    "thought",
    "threw",
    "wrote",
    "broke",
    "drew",
    "drove",
    "ate",
    "fled",
    "seized",
    "quit",
    "set",
    "put",
    "cut",
    "earlier",
    "since",
    "signed",
    "agreed",
];
/// Words ending in -ed that are not past verbs.
const NOT_PAST: &[&str] = &[
    "united", "limited", "red", "bed", "need", "speed", "feed", "seed", "hundred", "based", "indeed", "shed",
    "sled", "wed",
];

/// Per-token tense cue: `Some(Past)`, `Some(Future)` or `None`.
pub(crate) fn cues(doc: &Document, toks: &[Tok]) -> Vec<Option<Dir>> {
    let mut out = raw_cues(doc, toks);
    for k in 0..toks.len() {
        let w = toks[k].low.as_str();
        // "set to resume", "is set to": ahead
        if w == "set" && toks.get(k + 1).is_some_and(|n| n.low == "to") {
            out[k] = Some(Dir::Future);
        }
        // "will be named", "would be paid", "to be held": a passive
        // infinitive takes its time from the modal or "to", not from the
        // participle
        if out[k] == Some(Dir::Past) && k > 0 && toks[k - 1].low == "be" {
            out[k] = None;
        }
        // "next to the embassy": a place, not a time
        if w == "next" && toks.get(k + 1).is_some_and(|n| n.low == "to" || n.low == "door") {
            out[k] = None;
        }
        // "had been due to", "had planned": a future seen from the past
        if out[k] == Some(Dir::Future) && toks[k.saturating_sub(3)..k].iter().any(|p| p.low == "had") {
            out[k] = Some(Dir::Past);
        }
    }
    out
}

fn raw_cues(doc: &Document, toks: &[Tok]) -> Vec<Option<Dir>> {
    let mut out = vec![None; toks.len()];
    if doc.layers().contains(Layer::Tags) && !doc.tokens.is_empty() {
        // map document tokens onto ours by start offset
        let mut k = 0;
        for t in &doc.tokens {
            let s = t.range.start().to_usize();
            while k < toks.len() && toks[k].start < s {
                k += 1;
            }
            if k >= toks.len() {
                break;
            }
            if toks[k].start != s {
                continue;
            }
            let w = toks[k].low.as_str();
            let cue = match t.xpos.as_deref() {
                // "planned", "scheduled", "expected": a time ahead
                _ if FUTURE_WORDS.contains(&w) => Some(Dir::Future),
                // "is to resume": ahead
                _ if matches!(w, "is" | "are") && toks.get(k + 1).is_some_and(|n| n.low == "to") => {
                    Some(Dir::Future)
                }
                Some("VBD") => Some(Dir::Past),
                Some("VBN") => Some(Dir::Past),
                Some("MD") if matches!(w, "will" | "'ll" | "shall" | "wo" | "would") => Some(Dir::Future),
                _ => word_cue(w),
            };
            out[k] = cue.filter(|_| !matches!(w, "set" | "put" | "cut" | "hit") || t.xpos.is_some());
        }
        return out;
    }
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Kind::Word {
            continue;
        }
        let w = t.low.as_str();
        out[k] = word_cue(w).or_else(|| {
            (w.len() > 4 && w.ends_with("ed") && !NOT_PAST.contains(&w) && !t.cap).then_some(Dir::Past)
        });
        if w == "is" || w == "are" {
            // "is to", "are to": future
            if toks.get(k + 1).is_some_and(|n| n.low == "to") {
                out[k] = Some(Dir::Future);
            }
        }
    }
    out
}

fn word_cue(w: &str) -> Option<Dir> {
    if FUTURE_WORDS.contains(&w) {
        Some(Dir::Future)
    } else if PAST_WORDS.contains(&w) {
        Some(Dir::Past)
    } else {
        None
    }
}

/// Sentence index per token, from our own tokens (a full stop, question or
/// exclamation mark, or a line break ends a sentence).
pub(crate) fn sentence_ids(toks: &[Tok]) -> Vec<u32> {
    let mut out = Vec::with_capacity(toks.len());
    let mut id = 0u32;
    // a sentence just ended at punctuation: a line break after it starts
    // no further sentence
    let mut ended = true;
    for (k, t) in toks.iter().enumerate() {
        if t.newline_before && k > 0 && !ended {
            id += 1;
        }
        ended = false;
        out.push(id);
        if t.kind == Kind::Punct && matches!(t.low.as_str(), "." | "?" | "!" | ";") {
            let next_cap = toks.get(k + 1).is_none_or(|n| n.cap || n.kind != Kind::Word);
            let prev_abbr = k > 0 && {
                let p = &toks[k - 1];
                p.kind == Kind::Word && (p.low.len() <= 4 && p.cap)
            };
            if next_cap && !prev_abbr {
                id += 1;
                ended = true;
            }
        }
    }
    out
}

/// Verbs of saying: they date the report, so they count for an expression
/// right next to them ("said Friday") but yield to any other cue farther
/// off ("will leave Thursday,'' Castro said").
const REPORTING: &[&str] = &["said", "says", "told", "tells", "announced", "reported", "added"];

/// The direction for an expression at tokens `start..end`: the nearest cue
/// in the same sentence (ties go to the past).
pub(crate) fn direction(toks: &[Tok], cues: &[Option<Dir>], sent: &[u32], start: usize, end: usize) -> Dir {
    let Some(&sid) = sent.get(start) else { return Dir::Unknown };
    let mut fallback = Dir::Unknown;
    let mut cue = |k: usize, d: usize| -> Option<Dir> {
        let c = cues[k]?;
        if d > 2 && REPORTING.contains(&toks[k].low.as_str()) {
            if fallback == Dir::Unknown {
                fallback = c;
            }
            return None;
        }
        Some(c)
    };
    for d in 1..40 {
        let before = start.checked_sub(d).filter(|&k| sent[k] == sid).and_then(|k| cue(k, d));
        let after = Some(end + d - 1).filter(|&k| k < sent.len() && sent[k] == sid).and_then(|k| cue(k, d));
        match (before, after) {
            (Some(x), _) => return x,
            (None, Some(x)) => return x,
            _ => {}
        }
        let out_b = start < d || sent[start - d] != sid;
        let out_a = end + d > sent.len() || sent[end + d - 1] != sid;
        if out_b && out_a {
            break;
        }
    }
    fallback
}
