//! Parsing only where events can be: the sentences with a coded actor.

use dateline_doc::{Dep, Document, Layer, Layers, Stage, Upos};
use dateline_nlp::parse::Parser;

/// The parser, run after the actor stage on the sentences that hold at
/// least one actor with a code; other sentences keep no dependencies.
pub struct ActorSentenceParser {
    parser: Parser,
}

impl ActorSentenceParser {
    /// Wraps a loaded parser.
    pub fn new(parser: Parser) -> ActorSentenceParser {
        ActorSentenceParser { parser }
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
        let mut results = Vec::new();
        for s in &doc.sentences {
            let has_actor = doc.actors.iter().any(|a| {
                !a.code.is_empty() && s.range.start() <= a.range.start() && a.range.start() < s.range.end()
            });
            if !has_actor {
                continue;
            }
            let (start, end) = (s.tokens.start as usize, (s.tokens.end as usize).min(doc.tokens.len()));
            let Some(toks) = doc.tokens.get(start..end) else { continue };
            if toks.is_empty() {
                continue;
            }
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.range)).collect();
            let upos: Vec<Upos> = toks.iter().map(|t| t.upos.unwrap_or(Upos::X)).collect();
            let xpos: Vec<&str> = toks.iter().map(|t| t.xpos.as_deref().unwrap_or("")).collect();
            results.push((s.tokens.start, self.parser.parse(&words, &upos, &xpos)));
        }
        for (start, parse) in results {
            for (i, (h, rel)) in parse.into_iter().enumerate() {
                let head = if h == 0 { None } else { Some(start + h as u32 - 1) };
                if let Some(t) = doc.tokens.get_mut(start as usize + i) {
                    t.dep = Some(Dep { head, rel });
                }
            }
        }
    }
}
