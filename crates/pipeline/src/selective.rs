//! Parsing only where events can be: the sentences with a coded actor.

use dateline_doc::{Document, Layer, Layers, Stage};
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
        // Where every coded actor starts, in text order.
        let mut starts: Vec<_> =
            doc.actors.iter().filter(|a| !a.code.is_empty()).map(|a| a.range.start()).collect();
        starts.sort_unstable();
        self.parser.parse_sentences(doc, |s| {
            let first = starts.partition_point(|&at| at < s.range.start());
            starts.get(first).is_some_and(|&at| at < s.range.end())
        });
    }
}
