//! Event patterns: a trigger lemma (verb or noun) plus optional constraints
//! on its dependents, mapped to a CAMEO code.
//!
//! One pattern per line (see `data/events/README.md`):
//!
//! ```text
//! v hold obj=meeting|talks|summit prep=with => 040 recip
//! n coup => D01 src=prep:in+MIL tgt=prep:in+GOV
//! v say => 010 speech
//! v plan => ---
//! ```
//!
//! `v`/`n` is the trigger's kind; then its lemma; then constraints, all of
//! which must hold: `obj=` (direct object, or passive subject), `prep=P` or
//! `prep=P:w1|w2` (a prepositional dependent with preposition P, whose noun
//! is one of the words), `prt=` (verb particle, or the preposition of any
//! dependent), `xcomp=` (the verb of a `to` clause), `subj=`. Word lists
//! match lemmas or lower-cased forms; `w*` matches a prefix. After `=>`
//! comes the code (`---` blocks coding) and flags: `recip` (reciprocal),
//! `speech` (a saying verb: codes only when no event is said), `both`
//! (codes only with a coded source and target), `src=ROLE`
//! and `tgt=ROLE` (where the actor is: `subj`, `obj`, `poss`, `prep:P`,
//! `none`, optionally `+SECTOR` to add a sector code to that actor's
//! country), `id=NAME`.
//!
//! `seq="W1 W2_W3 * W4 $"` is a word sequence around the trigger (`*`), as
//! in PETRARCH's patterns: words before `*` must come before the trigger in
//! its sentence, words after it in the trigger's phrase, in that order; a
//! space lets other words come between, `_` wants them consecutive;
//! `(a|b_c)` is one of several words or phrases; `$`, `+` and `%` are an
//! actor there that is the source, the target, or a compound actor whose
//! members are the sides (see [`Sequence`]).

use crate::EventsError;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Whether a pattern is for a verb or a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    /// A verb ("meet", "withdraw").
    Verb,
    /// An event noun ("coup", "talks").
    Noun,
}

/// Where an actor is found relative to the trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The subject (the agent of a passive).
    Subj,
    /// The direct object (the subject of a passive).
    Obj,
    /// A possessive ("Russia's visit").
    Poss,
    /// A prepositional dependent with this preposition.
    Prep(String),
    /// Nobody.
    Nobody,
}

/// A slot plus an optional sector code added to the actor's country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Where the actor is.
    pub slot: Slot,
    /// Sector code appended to the actor's country code (`MIL`).
    pub sector: Option<String>,
}

/// A list of words (lemmas or forms; `x*` is a prefix).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Words(pub Vec<String>);

impl Words {
    /// True when `lemma` or `form` (lower-cased) is in the list.
    pub fn matches(&self, lemma: &str, form: &str) -> bool {
        self.0.iter().any(|w| {
            if let Some(p) = w.strip_suffix('*') {
                lemma.starts_with(p) || form.starts_with(p)
            } else {
                w == lemma || w == form
            }
        })
    }
}

pub(crate) fn word_matches(w: &str, lemma: &str, form: &str) -> bool {
    match w.strip_suffix('*') {
        Some(p) if !p.is_empty() => lemma.starts_with(p) || form.starts_with(p),
        _ => w == lemma || w == form,
    }
}

/// One element of a [`Sequence`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeqItem {
    /// One of these phrases, each a run of consecutive words (lemma or
    /// lower-cased form; `w*` a prefix).
    Words(Vec<Vec<String>>),
    /// An actor mention that is the event's source (`$`).
    Source,
    /// An actor mention that is the event's target (`+`).
    Target,
    /// A compound actor (`%`, "Arnor and Gondor"): its members are the
    /// sources (before the trigger) or the targets (after it).
    Compound,
}

impl SeqItem {
    /// True when a word of the text (its lemma and lower-cased form)
    /// matches word `i` of phrase `alt`.
    pub fn word_at(&self, alt: usize, i: usize, lemma: &str, form: &str) -> bool {
        match self {
            SeqItem::Words(alts) => {
                alts.get(alt).and_then(|a| a.get(i)).is_some_and(|w| word_matches(w, lemma, form))
            }
            _ => false,
        }
    }

    /// How many words (or actors) the element asks for.
    fn weight(&self) -> usize {
        match self {
            SeqItem::Words(alts) => alts.iter().map(Vec::len).min().unwrap_or(0),
            _ => 1,
        }
    }
}

/// One element of a sequence and how it joins its neighbour on the
/// trigger's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeqStep {
    /// What must be there.
    pub item: SeqItem,
    /// No other word between this element and its neighbour towards the
    /// trigger (`_` in the line format; `in_*`, `*_out`).
    pub glued: bool,
}

/// Words around the trigger (PETRARCH's pattern words): `before` in text
/// order, matched in the trigger's sentence before it; `after` in text
/// order, matched in the trigger's phrase (a passive's subject, then its
/// dependents' words after it, not a coordinated, paratactic or adjunct
/// participle clause). Punctuation is not a word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sequence {
    /// Elements before the trigger (the last is nearest to it).
    pub before: Vec<SeqStep>,
    /// Elements after the trigger (the first is nearest to it).
    pub after: Vec<SeqStep>,
}

impl Sequence {
    /// How many words and actors the sequence asks for.
    pub fn weight(&self) -> usize {
        self.before.iter().chain(&self.after).map(|s| s.item.weight()).sum()
    }

    /// Reads the `seq=` value: `W1 W2_W3 * W4 $` (see the module docs).
    pub fn parse(s: &str) -> Result<Sequence, String> {
        let mut steps: Vec<(String, bool)> = Vec::new(); // (element, glued to the previous one)
        let mut cur = String::new();
        let mut depth = 0;
        let mut glue_next = false;
        for ch in s.chars() {
            match ch {
                '(' => {
                    depth += 1;
                    cur.push(ch);
                }
                ')' => {
                    depth -= 1;
                    cur.push(ch);
                }
                '_' | ' ' if depth == 0 => {
                    if !cur.is_empty() {
                        steps.push((std::mem::take(&mut cur), glue_next));
                        glue_next = false;
                    }
                    if ch == '_' {
                        glue_next = true;
                    }
                }
                c => cur.push(c),
            }
        }
        if depth != 0 {
            return Err(format!("unbalanced parentheses in seq {s:?}"));
        }
        if !cur.is_empty() {
            steps.push((cur, glue_next));
        }
        let star = steps.iter().position(|(e, _)| e == "*").ok_or_else(|| format!("seq {s:?} has no `*`"))?;
        let item = |e: &str| -> Result<SeqItem, String> {
            Ok(match e {
                "$" => SeqItem::Source,
                "+" => SeqItem::Target,
                "%" => SeqItem::Compound,
                "*" => return Err(format!("seq {s:?} has two `*`")),
                _ => {
                    let inner = e.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(e);
                    let alts: Vec<Vec<String>> = inner
                        .split('|')
                        .map(|a| {
                            a.split(['_', ' '])
                                .filter(|w| !w.is_empty())
                                .map(str::to_lowercase)
                                .collect::<Vec<_>>()
                        })
                        .filter(|a| !a.is_empty())
                        .collect();
                    if alts.is_empty() {
                        return Err(format!("empty element in seq {s:?}"));
                    }
                    SeqItem::Words(alts)
                }
            })
        };
        let mut seq = Sequence::default();
        for (k, (e, _)) in steps.iter().enumerate() {
            if k < star {
                // glued towards the trigger: the next element is glued to it
                let glued = steps.get(k + 1).is_some_and(|n| n.1);
                seq.before.push(SeqStep { item: item(e)?, glued });
            } else if k > star {
                seq.after.push(SeqStep { item: item(e)?, glued: steps[k].1 });
            }
        }
        Ok(seq)
    }
}

fn item_str(i: &SeqItem) -> String {
    match i {
        SeqItem::Source => "$".into(),
        SeqItem::Target => "+".into(),
        SeqItem::Compound => "%".into(),
        SeqItem::Words(alts) => {
            let a: Vec<String> = alts.iter().map(|p| p.join("_")).collect();
            if a.len() == 1 && !a[0].contains('_') {
                a[0].clone()
            } else {
                format!("({})", a.join("|"))
            }
        }
    }
}

impl fmt::Display for Sequence {
    /// The `seq=` value (without quotes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, st) in self.before.iter().enumerate() {
            if k > 0 {
                f.write_str(if self.before[k - 1].glued { "_" } else { " " })?;
            }
            f.write_str(&item_str(&st.item))?;
        }
        if let Some(last) = self.before.last() {
            f.write_str(if last.glued { "_" } else { " " })?;
        }
        f.write_str("*")?;
        for st in &self.after {
            f.write_str(if st.glued { "_" } else { " " })?;
            f.write_str(&item_str(&st.item))?;
        }
        Ok(())
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("|"))
    }
}

/// One pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Verb or noun.
    pub kind: TriggerKind,
    /// The trigger lemma (lower case).
    pub lemma: String,
    /// Direct object words.
    pub obj: Option<Words>,
    /// Prepositional dependents: preposition and optional noun words.
    pub preps: Vec<(String, Option<Words>)>,
    /// Particle or preposition of any dependent.
    pub prt: Option<String>,
    /// The verb of a `to` clause.
    pub xcomp: Option<Words>,
    /// Subject words.
    pub subj: Option<Words>,
    /// Words around the trigger (PETRARCH's pattern words).
    pub seq: Option<Sequence>,
    /// The CAMEO code; `None` blocks coding.
    pub code: Option<String>,
    /// Source and target act on each other.
    pub reciprocal: bool,
    /// A saying verb.
    pub speech: bool,
    /// Code only with both a coded source and a coded target (PETRARCH's
    /// rule; set on the converted PETRARCH2 patterns).
    pub both: bool,
    /// Where the source is, when not the default.
    pub source: Option<Role>,
    /// Where the target is, when not the default.
    pub target: Option<Role>,
    /// `file:line` or the `id=` flag.
    pub id: String,
}

impl Pattern {
    /// How many constraints the pattern has (more = more specific).
    pub fn specificity(&self) -> usize {
        self.obj.is_some() as usize
            + self.preps.len()
            + self.prt.is_some() as usize
            + self.xcomp.is_some() as usize
            + self.subj.is_some() as usize
            + self.seq.as_ref().map_or(0, Sequence::weight)
    }
}

fn role_str(r: &Role) -> String {
    let s = match &r.slot {
        Slot::Subj => "subj".to_string(),
        Slot::Obj => "obj".to_string(),
        Slot::Poss => "poss".to_string(),
        Slot::Prep(p) => format!("prep:{p}"),
        Slot::Nobody => "none".to_string(),
    };
    match &r.sector {
        Some(sec) => format!("{s}+{sec}"),
        None => s,
    }
}

impl fmt::Display for Pattern {
    /// The pattern in the line format (without its id unless explicit).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", if self.kind == TriggerKind::Verb { "v" } else { "n" }, self.lemma)?;
        if let Some(w) = &self.subj {
            write!(f, " subj={w}")?;
        }
        if let Some(p) = &self.prt {
            write!(f, " prt={p}")?;
        }
        if let Some(w) = &self.obj {
            write!(f, " obj={w}")?;
        }
        for (p, w) in &self.preps {
            match w {
                Some(w) => write!(f, " prep={p}:{w}")?,
                None => write!(f, " prep={p}")?,
            }
        }
        if let Some(w) = &self.xcomp {
            write!(f, " xcomp={w}")?;
        }
        if let Some(q) = &self.seq {
            write!(f, " seq=\"{q}\"")?;
        }
        write!(f, " => {}", self.code.as_deref().unwrap_or("---"))?;
        if self.reciprocal {
            f.write_str(" recip")?;
        }
        if self.speech {
            f.write_str(" speech")?;
        }
        if self.both {
            f.write_str(" both")?;
        }
        if let Some(r) = &self.source {
            write!(f, " src={}", role_str(r))?;
        }
        if let Some(r) = &self.target {
            write!(f, " tgt={}", role_str(r))?;
        }
        Ok(())
    }
}

fn words(s: &str) -> Words {
    Words(s.split('|').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect())
}

fn role(s: &str) -> Result<Role, String> {
    let (slot, sector) = match s.split_once('+') {
        Some((a, b)) => (a, Some(b.to_string())),
        None => (s, None),
    };
    let slot = match slot {
        "subj" => Slot::Subj,
        "obj" => Slot::Obj,
        "poss" => Slot::Poss,
        "none" => Slot::Nobody,
        p if p.starts_with("prep:") => Slot::Prep(p[5..].to_lowercase()),
        _ => return Err(format!("unknown role {s:?} (subj, obj, poss, prep:P, none)")),
    };
    Ok(Role { slot, sector })
}

/// The constraints of a line's left side: whitespace-separated, except
/// inside a double-quoted value (`seq="a b * c"`).
fn constraints<'l>(it: impl Iterator<Item = &'l str>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for w in it {
        if open {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(w);
            }
        } else {
            out.push(w.to_string());
        }
        if w.matches('"').count() % 2 == 1 {
            open = !open;
        }
    }
    if open {
        return Err("unclosed `\"`".into());
    }
    Ok(out)
}

/// Parses one pattern line (not a comment or blank); `id` names it.
pub fn parse_line(line: &str, id: &str) -> Result<Pattern, String> {
    parse_line_with(line, || id.to_string())
}

/// [`parse_line`] with the default id made only when the line has no `id=`
/// flag (most lines of the converted PETRARCH2 file have one).
fn parse_line_with(line: &str, default_id: impl FnOnce() -> String) -> Result<Pattern, String> {
    let line = line.split(" #").next().unwrap_or(line).trim();
    let (lhs, rhs) = line.split_once("=>").ok_or("missing `=>`")?;
    let mut it = lhs.split_whitespace();
    let kind = match it.next() {
        Some("v") => TriggerKind::Verb,
        Some("n") => TriggerKind::Noun,
        other => return Err(format!("want `v` or `n` first, got {other:?}")),
    };
    let lemma = it.next().ok_or("missing lemma")?.to_lowercase();
    let mut p = Pattern {
        kind,
        lemma,
        obj: None,
        preps: Vec::new(),
        prt: None,
        xcomp: None,
        subj: None,
        seq: None,
        code: None,
        reciprocal: false,
        speech: false,
        both: false,
        source: None,
        target: None,
        id: String::new(),
    };
    let mut has_id = false;
    for c in constraints(it)? {
        let (k, v) = c.split_once('=').ok_or_else(|| format!("constraint {c:?} is not key=value"))?;
        match k {
            "obj" => p.obj = Some(words(v)),
            "subj" => p.subj = Some(words(v)),
            "xcomp" => p.xcomp = Some(words(v)),
            "seq" => p.seq = Some(Sequence::parse(v.trim_matches('"'))?),
            "prt" => p.prt = Some(v.to_lowercase()),
            "prep" => match v.split_once(':') {
                Some((prep, w)) => p.preps.push((prep.to_lowercase(), Some(words(w)))),
                None => p.preps.push((v.to_lowercase(), None)),
            },
            _ => return Err(format!("unknown constraint {k:?}")),
        }
    }
    let mut rit = rhs.split_whitespace();
    let code = rit.next().ok_or("missing code after `=>`")?;
    p.code = (code != "---").then(|| code.to_string());
    for flag in rit {
        match flag.split_once('=') {
            None if flag == "recip" => p.reciprocal = true,
            None if flag == "speech" => p.speech = true,
            None if flag == "both" => p.both = true,
            Some(("src", r)) => p.source = Some(role(r)?),
            Some(("tgt", r)) => p.target = Some(role(r)?),
            Some(("id", v)) => {
                p.id = v.to_string();
                has_id = true;
            }
            _ => return Err(format!("unknown flag {flag:?}")),
        }
    }
    if !has_id {
        p.id = default_id();
    }
    Ok(p)
}

/// Parses a pattern file's text; `name` prefixes the ids (`name:line`).
pub fn parse_file(text: &str, name: &str) -> Result<Vec<Pattern>, (usize, String)> {
    // one pattern a line at most: no regrowing of the (large) patterns
    let mut out = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        out.push(parse_line_with(t, || format!("{name}:{}", n + 1)).map_err(|e| (n + 1, e))?);
    }
    Ok(out)
}

/// Pattern layers in priority order: a lemma defined in an earlier layer
/// hides the later layers' patterns for that lemma (so a user file or the
/// hand-written core overrides the converted PETRARCH2 dictionary).
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    index: HashMap<(TriggerKind, String), Vec<usize>>,
    layers: Vec<(String, usize)>,
}

impl PatternSet {
    /// An empty set.
    pub fn new() -> PatternSet {
        PatternSet::default()
    }

    /// Adds a layer below the existing ones.
    pub fn add_layer(&mut self, name: &str, patterns: Vec<Pattern>) {
        let mut fresh: HashMap<(TriggerKind, String), Vec<usize>> = HashMap::new();
        let n = patterns.len();
        self.patterns.reserve(n);
        for p in patterns {
            let key = (p.kind, p.lemma.clone());
            if self.index.contains_key(&key) {
                continue;
            }
            fresh.entry(key).or_default().push(self.patterns.len());
            self.patterns.push(p);
        }
        self.index.extend(fresh);
        self.layers.push((name.to_string(), n));
    }

    /// Adds a layer read from a file in the line format.
    pub fn add_file(&mut self, path: &Path) -> Result<(), EventsError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| EventsError::Io { path: path.into(), source })?;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("patterns");
        let pats = parse_file(&text, name).map_err(|(line, message)| EventsError::Format {
            path: path.into(),
            line,
            message,
        })?;
        self.add_layer(name, pats);
        Ok(())
    }

    /// The patterns for a trigger lemma.
    pub fn candidates(&self, kind: TriggerKind, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.index.get(&(kind, lemma.to_string())).into_iter().flatten().filter_map(|&i| self.patterns.get(i))
    }

    /// True when some pattern has this trigger.
    pub fn has(&self, kind: TriggerKind, lemma: &str) -> bool {
        self.index.contains_key(&(kind, lemma.to_string()))
    }

    /// All patterns in force.
    pub fn iter(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns.iter()
    }

    /// The number of patterns in force.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The layers, with how many patterns each file had.
    pub fn layers(&self) -> &[(String, usize)] {
        &self.layers
    }
}

/// The lemmas a trigger word form may stand for when the tagger's lemma has
/// no pattern ("shelled" → "shell", "carries" → "carry"), appended to `out`:
/// the coder's lookup, also used by the selective parse to know which
/// sentences can hold a trigger.
pub fn lemma_guesses(form: &str, out: &mut Vec<String>) {
    for (suffix, add) in [
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ] {
        if let Some(stem) = form.strip_suffix(suffix) {
            if stem.len() >= 2 {
                out.push(format!("{stem}{add}"));
                // doubled consonant: "shelled" -> "shell", "stopped" -> "stop"
                let b = stem.as_bytes();
                if add.is_empty() && b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                    if let Some(single) = stem.get(..stem.len() - 1) {
                        out.push(single.to_owned());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = parse_line("v hold obj=meeting|talks prep=with => 040 recip", "t:1").unwrap();
        assert_eq!(p.kind, TriggerKind::Verb);
        assert_eq!(p.specificity(), 2);
        assert_eq!(p.to_string(), "v hold obj=meeting|talks prep=with => 040 recip");
        let q = parse_line("n coup => D01 src=prep:in+MIL tgt=prep:in+GOV", "t:2").unwrap();
        assert_eq!(q.source, Some(Role { slot: Slot::Prep("in".into()), sector: Some("MIL".into()) }));
        assert!(parse_line("v plan => ---", "t:3").unwrap().code.is_none());
        assert!(parse_line("x plan => 010", "t:4").is_err());
    }

    #[test]
    fn sequences() {
        let p = parse_line("v act seq=\"indicated would * now\" => 1010 id=x", "t:1").unwrap();
        let q = p.seq.as_ref().unwrap();
        assert_eq!(q.before.len(), 2);
        assert!(q.before.iter().all(|s| !s.glued));
        assert_eq!(q.after[0].item, SeqItem::Words(vec![vec!["now".into()]]));
        assert_eq!(p.specificity(), 3);
        assert_eq!(p.to_string(), "v act seq=\"indicated would * now\" => 1010");
        let p = parse_line("v abandon seq=\"in_* new_(military|economic_sanctions)_ties $\" => 903", "t:2")
            .unwrap();
        let q = p.seq.unwrap();
        assert!(q.before[0].glued);
        assert!(!q.after[0].glued && q.after[1].glued && q.after[2].glued && !q.after[3].glued);
        assert_eq!(
            q.after[1].item,
            SeqItem::Words(vec![vec!["military".into()], vec!["economic".into(), "sanctions".into()]])
        );
        assert_eq!(q.after[3].item, SeqItem::Source);
        assert_eq!(q.to_string(), "in_* new_(military|economic_sanctions)_ties $");
        assert_eq!(q.weight(), 5);
        assert!(parse_line("v act seq=\"indicated would\" => 1010", "t:3").is_err());
        assert!(parse_line("v act seq=\"* now => 1010", "t:4").is_err());
        // a line without seq= keeps its meaning
        assert!(parse_line("v hold obj=meeting => 040", "t:5").unwrap().seq.is_none());
    }

    #[test]
    fn earlier_layer_hides_later() {
        let mut set = PatternSet::new();
        set.add_layer("core", vec![parse_line("v meet => 040", "a").unwrap()]);
        set.add_layer(
            "petrarch",
            vec![
                parse_line("v meet prep=with => 036", "b").unwrap(),
                parse_line("v visit => 042", "c").unwrap(),
            ],
        );
        assert_eq!(set.candidates(TriggerKind::Verb, "meet").count(), 1);
        assert_eq!(set.candidates(TriggerKind::Verb, "visit").count(), 1);
    }
}
