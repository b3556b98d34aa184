//! `dateline eval ner`: named entities against the shared NER benchmark's
//! gold, scored as `../shared/bench/ner/score.py` scores them (entity level:
//! span and type must both match; per type, micro and macro).

use anyhow::{bail, Context, Result};
use dateline_doc::{Block, BlockKind, Document, Layer, Layers, Meta, Sentence, TextRange, Token};
use dateline_ner::score::{score_sets, score_tags, Key, Prf, Scores};
use dateline_pipeline::{Depth, PipelineConfig};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// BIO tags, one row per sentence.
type TagRows = Vec<Vec<String>>;

/// What to score and how.
pub struct NerEval {
    pub gold: PathBuf,
    pub out: Option<PathBuf>,
    pub types: Option<Vec<String>>,
    pub models: Option<PathBuf>,
    pub kb: Option<PathBuf>,
    pub raw_model: bool,
}

fn pipeline(e: &NerEval, pretokenized: bool) -> Result<dateline_doc::Pipeline> {
    let config = PipelineConfig {
        depth: Depth::Tokens,
        models_dir: e.models.clone(),
        pretokenized,
        times: false,
        entities: true,
        actors: false,
        places: false,
        events: false,
        parse_event_sentences: false,
        kb_dir: e.kb.clone(),
    };
    if !e.raw_model {
        return config.build().context("building the pipeline");
    }
    // The model alone, without the KB check of entity types.
    let path = match &e.models {
        Some(dir) => dir.join("ner.bin"),
        None => dateline_ner::default_path(),
    };
    let mut stages: Vec<Box<dyn dateline_doc::Stage>> = Vec::new();
    if !pretokenized {
        stages.push(Box::new(dateline_nlp::segment::Segmenter::new()));
    }
    stages.push(Box::new(dateline_ner::NerModel::load(&path).context("loading the NER model")?));
    Ok(dateline_doc::Pipeline::build(config.initial_layers(), stages)?)
}

/// Scores and prints; returns the scores.
pub fn run(e: &NerEval) -> Result<Scores> {
    let types: Option<Vec<&str>> = e.types.as_ref().map(|t| t.iter().map(String::as_str).collect());
    let name = e.gold.to_string_lossy();
    if name.ends_with(".tsv") {
        tsv(e, types.as_deref())
    } else if name.ends_with(".jsonl") {
        jsonl(e, types.as_deref())
    } else {
        bail!("{}: want a .tsv (token view) or .jsonl (text view) gold file", e.gold.display())
    }
}

/// Token view: gold tokens and sentences, predictions turned back into BIO
/// tags per token.
fn tsv(e: &NerEval, types: Option<&[&str]>) -> Result<Scores> {
    let docs = dateline_ner::read_tsv(&e.gold).with_context(|| format!("reading {}", e.gold.display()))?;
    let pipeline = pipeline(e, true)?;
    let results: Vec<(TagRows, TagRows)> = docs
        .par_iter()
        .map(|d| {
            let sentences = d.token_refs();
            let mut text = String::new();
            let mut tokens = Vec::new();
            let mut sents = Vec::new();
            for s in &sentences {
                let first = tokens.len();
                let start = text.len();
                for (i, w) in s.iter().enumerate() {
                    if i > 0 {
                        text.push(' ');
                    }
                    let a = text.len();
                    text.push_str(w);
                    tokens.push((a, text.len()));
                }
                sents.push((start, text.len(), first, tokens.len()));
                text.push('\n');
            }
            let gold: Vec<Vec<String>> = d.sentences.iter().map(|s| s.tags.clone()).collect();
            let mut pred: Vec<Vec<String>> =
                sentences.iter().map(|s| vec!["O".to_owned(); s.len()]).collect();
            if let Ok(mut doc) = Document::new(text, Meta::default()) {
                let t = doc.text().to_owned();
                doc.tokens = tokens
                    .iter()
                    .filter_map(|&(a, b)| TextRange::checked(&t, a, b).ok().map(Token::new))
                    .collect();
                doc.sentences = sents
                    .iter()
                    .filter_map(|&(a, b, f, l)| {
                        let range = TextRange::checked(&t, a, b).ok()?;
                        Some(Sentence { range, tokens: f as u32..l as u32 })
                    })
                    .collect();
                doc.mark_assigned(Layers::of(&[Layer::Blocks, Layer::Sentences, Layer::Tokens]));
                pipeline.run(&mut doc);
                // Token index → (sentence, position).
                for ent in &doc.entities {
                    let first = tokens.partition_point(|&(_, b)| b <= ent.range.start().to_usize());
                    let last = tokens.partition_point(|&(a, _)| a < ent.range.end().to_usize());
                    let Some(&(_, _, f, l)) = sents.iter().find(|&&(_, _, f, l)| f <= first && first < l)
                    else {
                        continue;
                    };
                    let si = sents.iter().position(|s| s.2 == f).unwrap_or(0);
                    for (k, tok) in (first..last.min(l)).enumerate() {
                        let tag = if k == 0 { "B" } else { "I" };
                        if let Some(slot) = pred.get_mut(si).and_then(|p| p.get_mut(tok - f)) {
                            *slot = format!("{tag}-{}", ent.kind.as_str());
                        }
                    }
                }
            }
            (gold, pred)
        })
        .collect();
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for (g, p) in results {
        gold.extend(g);
        pred.extend(p);
    }
    if let Some(path) = &e.out {
        let mut s = String::new();
        let mut k = 0;
        for d in &docs {
            s.push_str("-DOCSTART-\tO\n\n");
            for sent in &d.sentences {
                for (w, tag) in sent.tokens.iter().zip(&pred[k]) {
                    s.push_str(&format!("{w}\t{tag}\n"));
                }
                s.push('\n');
                k += 1;
            }
        }
        std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(score_tags(&gold, &pred, types))
}

#[derive(Deserialize)]
struct GoldDoc {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    entities: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

/// Text view: each line of `text` is a block (a headline, a dateline or a
/// paragraph), analysed from raw text; spans are compared in characters.
fn jsonl(e: &NerEval, types: Option<&[&str]>) -> Result<Scores> {
    let text = std::fs::read_to_string(&e.gold).with_context(|| format!("reading {}", e.gold.display()))?;
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: GoldDoc =
            serde_json::from_str(line).with_context(|| format!("{}:{}", e.gold.display(), i + 1))?;
        docs.push(d);
    }
    let pipeline = pipeline(e, false)?;
    let preds: Vec<Vec<(usize, usize, String, String)>> = docs
        .par_iter()
        .map(|d| {
            let Ok(mut doc) = Document::new(d.text.clone(), Meta::default()) else {
                return Vec::new();
            };
            let t = doc.text().to_owned();
            let mut pos = 0;
            for l in t.split_inclusive('\n') {
                let end = pos + l.trim_end().len();
                if end > pos {
                    if let Ok(range) = TextRange::checked(&t, pos, end) {
                        doc.blocks.push(Block { range, kind: BlockKind::Paragraph });
                    }
                }
                pos += l.len();
            }
            doc.mark_assigned(Layers::of(&[Layer::Blocks]));
            pipeline.run(&mut doc);
            let index = doc.offset_index();
            doc.entities
                .iter()
                .map(|ent| {
                    let (a, b) = index.char_range(ent.range);
                    (a, b, ent.kind.as_str().to_owned(), doc.slice(ent.range).to_owned())
                })
                .collect()
        })
        .collect();
    if let Some(path) = &e.out {
        let mut s = String::new();
        for (d, p) in docs.iter().zip(&preds) {
            let ents: Vec<serde_json::Value> = p
                .iter()
                .map(|(a, b, t, x)| serde_json::json!({"start": a, "end": b, "type": t, "text": x}))
                .collect();
            s.push_str(&serde_json::json!({"id": d.id, "entities": ents}).to_string());
            s.push('\n');
        }
        std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut gold: HashSet<Key> = HashSet::new();
    let mut pred: HashSet<Key> = HashSet::new();
    for (k, (d, p)) in docs.iter().zip(&preds).enumerate() {
        gold.extend(d.entities.iter().map(|g| (k, g.start, g.end, g.kind.clone())));
        pred.extend(p.iter().map(|(a, b, t, _)| (k, *a, *b, t.clone())));
    }
    Ok(score_sets(&gold, &pred, types))
}

/// The scores as JSON.
pub fn scores_json(s: &Scores, gold: &Path) -> serde_json::Value {
    let row = |p: &Prf| {
        serde_json::json!({"gold": p.gold, "pred": p.pred, "correct": p.correct,
            "precision": p.precision, "recall": p.recall, "f1": p.f1})
    };
    let per_type: serde_json::Map<String, serde_json::Value> =
        s.per_type.iter().map(|(k, v)| (k.clone(), row(v))).collect();
    serde_json::json!({"gold": gold.display().to_string(), "per_type": per_type, "overall": row(&s.overall),
        "macro_f1": s.macro_f1, "tokens": s.tokens, "token_accuracy": s.token_accuracy})
}
