//! Time expressions: a rule-based TIMEX3 tagger that normalises what it
//! finds against the document creation time (the publication date), helpers
//! the event stage uses to date a clause, and a scorer reproducing the
//! shared TempEval-3 style `score.py`.
//!
//! The rules live in [`rules`](crate) as table-driven matchers over a light
//! tokenization (word tables in `tables.rs`); each match names its rule,
//! which ends up in [`Timex::rule`].

mod cal;
mod govern;
mod lex;
mod rules;
pub mod score;
mod tables;
mod tense;
mod value;

pub use govern::governing_timex;
pub use value::{interval, Precision, Unit};

use dateline_doc::{Document, Layer, Layers, Stage, TextRange, Timex, TimexType};

/// The temporal tagger: finds time expressions and normalises them.
/// Built once, shared between threads.
#[derive(Debug, Default, Clone)]
pub struct TimeTagger {
    _private: (),
}

impl TimeTagger {
    /// A tagger with the built-in rules.
    pub fn new() -> TimeTagger {
        TimeTagger { _private: () }
    }

    /// The time expressions of `doc`, normalised against
    /// `doc.meta.published` (relative ones get no value without it).
    pub fn tag(&self, doc: &Document) -> Vec<Timex> {
        let text = doc.text();
        let toks = lex::tokenize(text);
        let cands = rules::find(&toks);
        if cands.is_empty() {
            return Vec::new();
        }
        let dct = doc
            .meta
            .published
            .map(|p| cal::Ymd::new(i32::from(p.date.year()), p.date.month() as u32, p.date.day() as u32));
        let cues = tense::cues(doc, &toks);
        let sent = tense::sentence_ids(&toks);
        // financial reports compare with the same quarter a year earlier
        let quarterly = text.contains("quarter");
        let mut out = Vec::with_capacity(cands.len());
        // narrative reference time: the latest date mentioned, and where
        let mut anchor: Option<(value::Anchor, u32)> = None;
        // the latest year, quarter or half talked about
        let mut period: Option<(String, u32)> = None;
        for mut c in cands {
            // "for the nine months, ... a year earlier": the year before,
            // not a quarter
            if c.val == (value::Val::Offset { unit: Unit::Year, n: Some(-1) })
                && months_compared(&toks, &sent, c.start)
            {
                if let Some(d) = dct {
                    c.val = value::Val::Lit(format!("{:04}", d.y - 1));
                }
            }
            // "in the first nine months ... in the 1988 period": the year
            if let value::Val::QuarterOfYear(y) = c.val {
                if months_compared(&toks, &sent, c.start) {
                    c.val = value::Val::Lit(format!("{y:04}"));
                }
            }
            if quarterly && c.val == (value::Val::Offset { unit: Unit::Year, n: Some(-1) }) {
                c.val = value::Val::QuarterYearAgo;
            }
            let (Some(first), Some(last)) = (toks.get(c.start), toks.get(c.end.saturating_sub(1))) else {
                continue;
            };
            let Ok(range) = TextRange::checked(text, first.start, last.end) else { continue };
            let mut dir = tense::direction(&toks, &cues, &sent, c.start, c.end);
            // "by February", "through January", "effective June 1": a
            // deadline ahead, unless told from the past ("had ... by")
            if matches!(
                c.val,
                value::Val::Month { year: value::YearRef::Guess, .. }
                    | value::Val::MonthDay { year: None, .. }
            ) && c.start > 0
                && matches!(toks[c.start - 1].low.as_str(), "by" | "through" | "until" | "till" | "effective")
                && !toks[c.start.saturating_sub(8)..c.start].iter().any(|t| t.low == "had")
            {
                dir = value::Dir::Future;
            }
            // "Wednesday's ruling": a day already past
            if matches!(c.val, value::Val::Weekday { .. })
                && toks.get(c.end).is_some_and(|t| t.low == "'" && !t.space_before)
                && toks.get(c.end + 1).is_some_and(|t| t.low == "s")
            {
                dir = value::Dir::Past;
            }
            let sid = sent.get(c.start).copied().unwrap_or(0);
            // "a year earlier" in a report: the period just talked about, a
            // year before ("the third quarter ... a year earlier": 1988-Q3)
            let year_before = matches!(
                c.val,
                value::Val::QuarterYearAgo | value::Val::Offset { unit: Unit::Year, n: Some(-1) }
            )
            .then_some(period.as_ref())
            .flatten()
            .filter(|(_, at)| sid.saturating_sub(*at) <= PERIOD_SENTENCES)
            .and_then(|(p, _)| {
                let (y, rest) = p.split_at_checked(4)?;
                let y: i32 = y.parse().ok()?;
                // "Last year ... The year-earlier results": the adjective
                // names the prior-year period the text is already on
                if c.rule == "year_ago_period" && dct.is_some_and(|d| y < d.y) {
                    return Some(p.clone());
                }
                Some(format!("{:04}{rest}", y - 1))
            });
            let value = match (&c.val, anchor) {
                _ if year_before.is_some() => year_before,
                (value::Val::Narrative { unit, off, pod }, Some((a, at)))
                    if sid.saturating_sub(at) <= NARRATIVE_SENTENCES && a.fits(*unit) =>
                {
                    a.shift(*unit, *off, *pod)
                }
                _ => c.val.resolve(dct, dir),
            };
            if let Some(v) = value.as_deref().filter(|v| {
                c.kind == TimexType::Date
                    && !matches!(c.val, value::Val::QuarterYearAgo | value::Val::Offset { .. })
                    && v.len() >= 4
                    && v.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    && (v.len() == 4 || v[4..].starts_with("-Q") || v[4..].starts_with("-H"))
            }) {
                period = Some((v.to_string(), sid));
            }
            if matches!(c.kind, TimexType::Date | TimexType::Time) {
                if let Some(a) = value.as_deref().and_then(value::Anchor::of) {
                    anchor = Some((a, sid));
                }
            }
            let rule = if is_dateline(&toks, c.start, c.end) { "dateline" } else { c.rule };
            out.push(Timex {
                range,
                kind: c.kind,
                value: value.map(String::into_boxed_str),
                rule: rule.into(),
            });
        }
        out
    }
}

/// How many sentences back a date still anchors "that day", "the
/// following month" (0: the same sentence only).
const NARRATIVE_SENTENCES: u32 = 3;

/// How many sentences back a year or quarter is what "a year earlier"
/// compares with.
const PERIOD_SENTENCES: u32 = 2;

/// "NIAMEY, Dec 4 (Reuters) -": a date right after an upper-case place at
/// the start of a line and before an agency in brackets or a dash.
fn is_dateline(toks: &[lex::Tok], start: usize, end: usize) -> bool {
    if start < 2 || toks[start - 1].low != "," {
        return false;
    }
    let mut k = start - 2;
    loop {
        let t = &toks[k];
        if !(t.upper || t.low == "-" || t.low == ",") {
            return false;
        }
        if t.newline_before {
            break;
        }
        if k == 0 {
            break;
        }
        k -= 1;
    }
    toks.get(end).is_some_and(|t| matches!(t.low.as_str(), "(" | "-" | "\u{2014}" | "\u{2013}"))
}

impl Stage for TimeTagger {
    fn name(&self) -> &'static str {
        "time.rules.v1"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Text])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Times])
    }
    fn run(&self, doc: &mut Document) {
        doc.timexes = self.tag(doc);
    }
}

#[cfg(test)]
mod tests;

/// Whether the sentence of token `at` reports figures for several months
/// ("for the nine months", "in the first six months"), which a year-ago
/// comparison then takes as a whole year.
fn months_compared(toks: &[lex::Tok], sent: &[u32], at: usize) -> bool {
    let Some(&sid) = sent.get(at) else { return false };
    let lo = (0..at).rev().take_while(|&k| sent.get(k) == Some(&sid)).last().unwrap_or(at);
    let hi = (at..toks.len()).take_while(|&k| sent.get(k) == Some(&sid)).last().unwrap_or(at);
    (lo + 1..=hi)
        .any(|k| toks[k].low == "months" && matches!(toks[k - 1].low.as_str(), "nine" | "six" | "9" | "6"))
}
