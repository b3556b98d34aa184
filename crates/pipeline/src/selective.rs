//! Parsing only where events can be: the sentences with a coded actor and,
//! when the event coder is known, a word that can trigger a stored event.

use dateline_doc::{Document, Layer, Layers, Sentence, Stage, Upos};
use dateline_events::{lemma_guesses, precision, EventCoder, TriggerKind};
use dateline_nlp::parse::Parser;
use std::collections::HashSet;

/// The parser, run after the actor stage on the sentences that hold at
/// least one actor with a code (and, with [`ActorSentenceParser::for_coder`],
/// a possible trigger of a stored event); other sentences keep no
/// dependencies.
pub struct ActorSentenceParser {
    parser: Parser,
    triggers: Option<Triggers>,
}

/// The words that make a sentence worth parsing for the event coder (and
/// the places stage after it).
///
/// The coder stores only candidates at or above its `min_confidence`; a
/// PETRARCH2-converted pattern never reaches [`PETRARCH_MAX_CONFIDENCE`], so
/// when the threshold is above it only the curated patterns' lemmas can
/// yield a stored event. A sentence's parse is read by the coder only for
/// the candidates of that sentence, with one exception: a candidate dated
/// by a time expression of its own sentence dates the past-tense events
/// told after it (narrative dating), whatever its pattern; so a sentence
/// with a time expression is parsed when it holds any pattern's trigger.
/// The places stage reads the parse only for a place that is the subject of
/// a saying verb or the possessor of a role noun
/// ([`dateline_places::parse_may_matter`]). Every test uses the coder's own
/// trigger lookup (lemma, lower-cased form and its suffix guesses,
/// `dateline_events::lemma_guesses`), so the stored output is the same as parsing every sentence
/// with a coded actor.
struct Triggers {
    /// Lemmas of patterns whose events can be stored, per trigger kind.
    storable: [HashSet<String>; 2],
    /// Lemmas of every pattern with a code, per trigger kind.
    any: [HashSet<String>; 2],
    /// Whether the places stage runs after the parser.
    places: bool,
}

/// The highest confidence a PETRARCH2-converted pattern's event can have
/// (0.35 × 1.25, see `dateline_events::precision`), rounded up.
pub const PETRARCH_MAX_CONFIDENCE: f32 = 0.44;

impl Triggers {
    fn new(coder: &EventCoder, places: bool) -> Triggers {
        let petrarch_storable = coder.options.min_confidence <= PETRARCH_MAX_CONFIDENCE;
        let mut storable = [HashSet::new(), HashSet::new()];
        let mut any = [HashSet::new(), HashSet::new()];
        for p in coder.patterns.iter().filter(|p| p.code.is_some()) {
            let k = kind_index(p.kind);
            any[k].insert(p.lemma.clone());
            // Saying verbs code only as statements, which are off by default.
            let statement_only = p.speech && !coder.options.statements;
            if (petrarch_storable || !precision::is_petrarch(&p.id)) && !statement_only {
                storable[k].insert(p.lemma.clone());
            }
        }
        Triggers { storable, any, places }
    }

    /// Whether the words of `sentence` need its parse; `timex` tells
    /// whether a time expression starts in it.
    fn wanted(&self, doc: &Document, s: &Sentence, timex: bool) -> bool {
        let (start, end) = (s.tokens.start as usize, (s.tokens.end as usize).min(doc.tokens.len()));
        let Some(toks) = doc.tokens.get(start..end) else { return false };
        let mut guesses: Vec<String> = Vec::new();
        for t in toks {
            let form = doc.slice(t.range).to_lowercase();
            if self.places && dateline_places::parse_may_matter(&form) {
                return true;
            }
            // The coder looks for verb triggers on verbs, noun triggers on
            // nouns (the tags are there before the parse, which keeps them).
            let k = match t.upos {
                Some(Upos::VERB) => kind_index(TriggerKind::Verb),
                Some(Upos::NOUN) => kind_index(TriggerKind::Noun),
                _ => continue,
            };
            guesses.clear();
            if let Some(l) = &t.lemma {
                guesses.push(l.to_lowercase());
            }
            lemma_guesses(&form, &mut guesses);
            guesses.push(form);
            if guesses.iter().any(|g| self.storable[k].contains(g)) {
                return true;
            }
            if timex && guesses.iter().any(|g| self.any[k].contains(g)) {
                return true;
            }
        }
        false
    }
}

fn kind_index(kind: TriggerKind) -> usize {
    match kind {
        TriggerKind::Verb => 0,
        TriggerKind::Noun => 1,
    }
}

/// Whether a time expression can date a candidate that then dates the
/// events told after it: the coder's test of a recent date (at most a week
/// before the report, or after it).
fn may_anchor(value: Option<&str>, published: Option<jiff::civil::Date>) -> bool {
    let (Some(value), Some(p)) = (value, published) else { return false };
    let Some((a, _)) = dateline_time::interval(value) else { return false };
    p.since(a).ok().and_then(|s| s.get_days().into()).is_some_and(|d: i32| d <= 7)
}

impl ActorSentenceParser {
    /// Wraps a loaded parser: parses every sentence with a coded actor.
    pub fn new(parser: Parser) -> ActorSentenceParser {
        ActorSentenceParser { parser, triggers: None }
    }

    /// Wraps a loaded parser for `coder` (run after it): parses only the
    /// sentences with a coded actor whose parse can change the coder's
    /// stored events (or, with `places` running after the parser, its
    /// places); the output is the same as with [`ActorSentenceParser::new`].
    pub fn for_coder(parser: Parser, coder: &EventCoder, places: bool) -> ActorSentenceParser {
        ActorSentenceParser { parser, triggers: Some(Triggers::new(coder, places)) }
    }
}

impl Stage for ActorSentenceParser {
    fn name(&self) -> &'static str {
        "parse.transition.v1+actor-sentences"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens, Layer::Tags, Layer::Actors])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Deps])
    }
    fn run(&self, doc: &mut Document) {
        // Where every coded actor starts, in text order.
        let mut starts: Vec<_> =
            doc.actors.iter().filter(|a| !a.code.is_empty()).map(|a| a.range.start()).collect();
        starts.sort_unstable();
        let has_actor = |s: &Sentence| {
            let first = starts.partition_point(|&at| at < s.range.start());
            starts.get(first).is_some_and(|&at| at < s.range.end())
        };
        let Some(triggers) = &self.triggers else {
            self.parser.parse_sentences(doc, has_actor);
            return;
        };
        // The sentence of the first token at or after each time expression's
        // start (as the coder finds it).
        let mut timex_sentence = vec![false; doc.sentences.len()];
        let published = doc.meta.published.map(|p| p.date);
        for x in doc.timexes.iter().filter(|x| may_anchor(x.value.as_deref(), published)) {
            let tok = doc.tokens.partition_point(|t| t.range.start() < x.range.start()) as u32;
            if let Some(si) = doc.sentences.iter().position(|s| s.tokens.start <= tok && tok < s.tokens.end) {
                timex_sentence[si] = true;
            }
        }
        let keep: Vec<bool> = doc
            .sentences
            .iter()
            .zip(&timex_sentence)
            .map(|(s, &timex)| has_actor(s) && triggers.wanted(doc, s, timex))
            .collect();
        let keep: HashSet<u32> =
            doc.sentences.iter().zip(keep).filter(|(_, k)| *k).map(|(s, _)| s.tokens.start).collect();
        self.parser.parse_sentences(doc, |s| keep.contains(&s.tokens.start));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_cover_the_coders_lemma_guesses() {
        let mut g = Vec::new();
        lemma_guesses("shelled", &mut g);
        assert!(g.iter().any(|x| x == "shell"));
        g.clear();
        lemma_guesses("stopped", &mut g);
        assert!(g.iter().any(|x| x == "stop"));
        g.clear();
        lemma_guesses("carries", &mut g);
        assert!(g.iter().any(|x| x == "carry"));
        g.clear();
        lemma_guesses("raiding", &mut g);
        assert!(g.iter().any(|x| x == "raid") && g.iter().any(|x| x == "raide"));
    }

    #[test]
    fn recent_times_may_anchor_narratives() {
        let p = jiff::civil::date(2020, 3, 10);
        assert!(may_anchor(Some("2020-03-09"), Some(p)));
        assert!(may_anchor(Some("2020-03-12"), Some(p)));
        assert!(!may_anchor(Some("2019-05"), Some(p)));
        assert!(!may_anchor(Some("2020-03-09"), None));
        assert!(!may_anchor(None, Some(p)));
    }
}
