//! PETRARCH verb-dictionary patterns read by `petrarch::read_verb_dictionary`
//! and matched by the coder on dateline's own parse: words after the verb
//! (with gaps, or consecutive with `_`), words before it, synsets with
//! phrases, `$`/`+` actor slots, `%` compound actors, the first actor of the
//! verb's phrase as the target. Small inline dictionaries, the shipped
//! tagger and parser; no shared data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use dateline_events::petrarch::read_verb_dictionary;
use dateline_events::{Codebook, EventCoder, PatternSet, PetrarchActors};
use std::collections::BTreeSet;

const ACTORS: &str = "ARNOR [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\nBREE [BRE]\nCALENARDHON [CAL]\n";

const VERBS: &str = "\
&TIETYPES
+MILITARY
+ECONOMIC
+CULTURAL
&CURRENCY
+DOLLARS
+AUSTRIAN FLORIN
&NEGATVAUXVRB
+DID N'T
+WILL NOT
--- ABANDON  [345]  ---
ABANDON
- * NEW_&TIETYPES_RELATIONS [903]
- * IMPROVED &TIETYPES RELATIONS [904]
- * DIPLOMATIC TIES [901]
--- CONTRIBUTE [070]  ---
CONTRIBUTE
- * &CURRENCY [903]
--- ACT [100] ---
ACT
- INDICATED WOULD * NOW  [1010]
- INDICATED SHOULD *   [1011]
--- CLASH  [223] ---
CLASH
- &NEGATVAUXVRB * OVER EFFORTS  [904]
- * OVER EFFORTS  [121]
--- CELEBRATE  [181] ---
CELEBRATE
- * EID AT ^ WITH +  [043]
--- AGREE [081] ---
AGREE
- % * [030:030]
--- WELCOME  [041] ---
WELCOME
- * &TIETYPES_MEMOS  [912]
--- CONDUCT  [---] ---
CONDUCT
- * INVESTIGATION  [090]
";

fn coder() -> EventCoder {
    let verbs = read_verb_dictionary(VERBS, "t");
    let mut set = PatternSet::new();
    set.add_layer("t", verbs.patterns);
    let mut coder = EventCoder::new_lenient(Codebook::load_default().unwrap(), set);
    coder.options.min_confidence = 0.0;
    coder.options.merge = false;
    coder
}

/// The (source, target, code) triples coded in `text` (a reciprocal event
/// both ways).
fn triples(text: &str) -> BTreeSet<(String, String, String)> {
    let mut actors = PetrarchActors::new();
    actors.read_actors(ACTORS);
    let mut doc = common::parsed_document(text, None, false);
    doc.actors = actors.mentions(&doc, None);
    let mut out = BTreeSet::new();
    for e in coder().code(&doc) {
        let (Some(s), Some(t)) = (&e.source, &e.target) else { continue };
        out.insert((s.code.clone(), t.code.clone(), e.cameo.clone()));
        if e.reciprocal {
            out.insert((t.code.clone(), s.code.clone(), e.cameo.clone()));
        }
    }
    out
}

fn one(s: &str, t: &str, code: &str) -> BTreeSet<(String, String, String)> {
    [(s.to_string(), t.to_string(), code.to_string())].into_iter().collect()
}

#[test]
fn words_after_the_verb_may_have_words_between() {
    // "full" comes between "abandon" and "diplomatic ties"
    assert_eq!(triples("Arnor will abandon full diplomatic ties with Gondor."), one("ARN", "GON", "901"));
    // "diplomatic" alone is not the pattern
    assert_eq!(triples("Arnor will abandon diplomatic efforts with Gondor."), one("ARN", "GON", "345"));
}

#[test]
fn underscore_wants_consecutive_words() {
    assert_eq!(triples("Arnor will abandon new economic relations with Gondor."), one("ARN", "GON", "903"));
    // a word between "new" and "economic": not NEW_&TIETYPES_RELATIONS
    assert_eq!(
        triples("Arnor will abandon new global economic relations with Gondor."),
        one("ARN", "GON", "345")
    );
    // spaces allow it: IMPROVED &TIETYPES RELATIONS
    assert_eq!(
        triples("Arnor will abandon improved global economic relations with Gondor."),
        one("ARN", "GON", "904")
    );
}

#[test]
fn synset_members_are_phrases() {
    assert_eq!(triples("Arnor contributed a million austrian florin to Gondor."), one("ARN", "GON", "903"));
    // one word of the phrase is not the member
    assert_eq!(triples("Arnor contributed a million florin to Gondor."), one("ARN", "GON", "070"));
}

#[test]
fn words_before_the_verb() {
    assert_eq!(triples("Arnor indicated it would act now against Gondor."), one("ARN", "GON", "1010"));
    assert_eq!(triples("Arnor indicated it should act against Gondor."), one("ARN", "GON", "1011"));
    // the longer pattern wins over the shorter; a negative auxiliary
    // before the verb picks its own code
    assert_eq!(triples("Arnor didn't clash over the efforts of Gondor."), one("ARN", "GON", "904"));
    assert_eq!(triples("Arnor clashed over the efforts of Gondor."), one("ARN", "GON", "121"));
}

#[test]
fn target_slot_takes_the_actor_there() {
    // `+` after WITH: Gondor, not Osgiliath (which `^` skips)
    assert_eq!(triples("Arnor has celebrated Eid at Osgiliath with Gondor."), one("ARN", "GON", "043"));
}

#[test]
fn compound_actor_is_both_sides() {
    let mut want = one("ARN", "GON", "030");
    want.extend(one("GON", "ARN", "030"));
    assert_eq!(triples("Arnor and Gondor agree that the dispute should be settled by arbitration."), want);
}

#[test]
fn first_actor_of_the_phrase_is_the_target() {
    // Bree is inside "sent by Bree", no object or prepositional dependent
    // of "welcomed": PETRARCH's target is the first actor after the verb.
    assert_eq!(triples("Calenardhon welcomed cultural memos sent by Bree."), one("CAL", "BRE", "912"));
}

#[test]
fn passive_subject_is_the_object() {
    // "* INVESTIGATION" on a passive: its subject holds the words
    assert_eq!(triples("An investigation of Gondor was conducted by Arnor."), one("ARN", "GON", "090"));
    assert_eq!(triples("Arnor conducted an investigation of Gondor."), one("ARN", "GON", "090"));
}
