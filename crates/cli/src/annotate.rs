//! `dateline annotate`: the analysis of each input, without a store.

use crate::inputs::{read_documents, Cleaning, ReadSpec};
use crate::output::json_line;
use anyhow::{Context, Result};
use dateline_doc::Document;
use dateline_ingest::DEFAULT_MAX_BYTES;
use dateline_pipeline::{Depth, PipelineConfig};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct AnnotateArgs {
    /// Files or directories in any format `ingest` reads; `-` (the default)
    /// reads standard input. JSONL lines keep their `id`, and their `dct`
    /// or `date` is the document date.
    #[arg(value_name = "FILE", default_value = "-")]
    paths: Vec<PathBuf>,
    /// Write CoNLL-U instead of JSON lines.
    #[arg(long, conflicts_with = "json")]
    conllu: bool,
    /// JSON lines (the default; accepted for symmetry with other commands).
    #[arg(long)]
    json: bool,
    /// How far to analyse.
    #[arg(long, value_enum, default_value = "deps")]
    depth: DepthArg,
    /// Clean text inputs as `ingest` does (headline, boilerplate removal).
    /// By default text is analysed exactly as given, so offsets point into
    /// the input's own text; HTML is always extracted.
    #[arg(long)]
    clean: bool,
    /// Document date for inputs that carry none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// Do not look for time expressions.
    #[arg(long)]
    no_times: bool,
    /// Do not look for named entities.
    #[arg(long)]
    no_entities: bool,
    /// Do not find and resolve toponyms.
    #[arg(long)]
    no_places: bool,
    /// Do not find and code events.
    #[arg(long)]
    no_events: bool,
    /// Do not link and code actors.
    #[arg(long)]
    no_actors: bool,
    /// The actor KB folder (default: `$DATELINE_KB`, else the shipped data/kb).
    #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
    kb: Option<PathBuf>,
    /// Folder with tagger.bin, parser.bin and ner.bin (default: the shipped models).
    #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
    models: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Print the time each stage took (summed over threads) and the tokens
    /// per second of the analysis to standard error.
    #[arg(long)]
    timings: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum DepthArg {
    /// Sentences and tokens.
    Tokens,
    /// Plus UPOS, XPOS and lemmas.
    Tags,
    /// Plus dependency heads and relations.
    Deps,
}

#[derive(Serialize)]
struct JsonSentence {
    start: usize,
    end: usize,
    tokens: [u32; 2],
}

#[derive(Serialize)]
struct JsonToken<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    upos: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xpos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    /// Index of the head token in `tokens`; null for a root.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    id: Option<&'a str>,
    path: &'a str,
    dct: Option<String>,
    title: Option<&'a str>,
    text: &'a str,
    sentences: Vec<JsonSentence>,
    tokens: Vec<JsonToken<'a>>,
    timexes: Vec<dateline_time::score::JsonTimex>,
    entities: Vec<JsonEntity<'a>>,
    actors: Vec<JsonActor<'a>>,
    toponyms: Vec<JsonToponym<'a>>,
    events: Vec<crate::event_json::JsonEvent>,
}

/// A resolved toponym, in the shared geo scorer's format.
#[derive(Serialize)]
struct JsonToponym<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    name: &'a str,
    lat: f64,
    lon: f64,
    geonameid: Option<u32>,
    country: Option<&'a str>,
    admin1: Option<&'a str>,
    feature: &'a str,
    confidence: f32,
    /// The name stands for a government ("a key ally of Paris").
    metonym: bool,
}

fn json_toponyms<'a>(doc: &'a Document, index: &dateline_doc::OffsetIndex) -> Vec<JsonToponym<'a>> {
    doc.places
        .iter()
        .map(|p| {
            let (start, end) = index.char_range(p.range);
            JsonToponym {
                start,
                end,
                text: doc.slice(p.range),
                name: &p.name,
                lat: p.lat,
                lon: p.lon,
                geonameid: p.geonameid,
                country: p.country.as_deref(),
                admin1: p.admin1.as_deref(),
                feature: &p.feature,
                confidence: p.confidence,
                metonym: p.metonym,
            }
        })
        .collect()
}

/// A named entity, in the shared NER scorer's format, with the actor it
/// was linked to.
#[derive(Serialize)]
struct JsonEntity<'a> {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    kb_id: Option<&'a str>,
    /// The actor's CAMEO code at the document date.
    actor: Option<&'a str>,
    score: f32,
}

/// An actor mention: a name, a title or sector noun with its country, or a
/// description resolved to the actors it points back to.
#[derive(Serialize)]
struct JsonActor<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    code: &'a str,
    country: Option<&'a str>,
    kb_id: Option<&'a str>,
    name: &'a str,
    chain: u32,
    how: &'a str,
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    members: &'a [u32],
}

fn json_entities<'a>(doc: &'a Document, index: &dateline_doc::OffsetIndex) -> Vec<JsonEntity<'a>> {
    doc.entities
        .iter()
        .map(|e| {
            let (start, end) = index.char_range(e.range);
            // The actor mention that covers the entity, if any.
            let actor = doc
                .actors
                .iter()
                .find(|a| a.range.start() <= e.range.start() && e.range.end() <= a.range.end());
            JsonEntity {
                start,
                end,
                kind: e.kind.as_str(),
                text: doc.slice(e.range),
                kb_id: actor.and_then(|a| a.kb_id.as_deref()),
                actor: actor.map(|a| a.code.as_str()).filter(|c| !c.is_empty()),
                score: e.score,
            }
        })
        .collect()
}

fn json_actors<'a>(doc: &'a Document, index: &dateline_doc::OffsetIndex) -> Vec<JsonActor<'a>> {
    doc.actors
        .iter()
        .map(|a| {
            let (start, end) = index.char_range(a.range);
            JsonActor {
                start,
                end,
                text: doc.slice(a.range),
                code: &a.code,
                country: a.country.as_deref(),
                kb_id: a.kb_id.as_deref(),
                name: &a.name,
                chain: a.chain,
                how: &a.how,
                members: &a.members,
            }
        })
        .collect()
}

fn to_json(doc: &Document) -> JsonDoc<'_> {
    let index = doc.offset_index();
    let sentences = doc
        .sentences
        .iter()
        .map(|s| {
            let (start, end) = index.char_range(s.range);
            JsonSentence { start, end, tokens: [s.tokens.start, s.tokens.end] }
        })
        .collect();
    let tokens = doc
        .tokens
        .iter()
        .map(|t| {
            let (start, end) = index.char_range(t.range);
            JsonToken {
                start,
                end,
                text: doc.slice(t.range),
                upos: t.upos.map(|u| u.as_str()),
                xpos: t.xpos.as_deref(),
                lemma: t.lemma.as_deref(),
                head: t.dep.as_ref().map(|d| d.head),
                deprel: t.dep.as_ref().map(|d| &*d.rel),
            }
        })
        .collect();
    JsonDoc {
        id: doc.meta.external_id.as_deref(),
        path: &doc.meta.origin,
        dct: doc.meta.published.map(|p| p.to_string()),
        title: doc.meta.title.as_deref(),
        text: doc.text(),
        sentences,
        tokens,
        timexes: dateline_time::score::json_timexes(doc),
        entities: json_entities(doc, &index),
        actors: json_actors(doc, &index),
        toponyms: json_toponyms(doc, &index),
        events: crate::event_json::doc_events(doc, &index, None),
    }
}

/// One document as CoNLL-U: `# text` per sentence, ids 1-based within it.
fn write_conllu(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    writeln!(out, "# newdoc id = {}", doc.meta.external_id.as_deref().unwrap_or(&doc.meta.origin))?;
    for (n, sentence) in doc.sentences.iter().enumerate() {
        writeln!(out, "# sent_id = {}", n + 1)?;
        writeln!(out, "# text = {}", doc.slice(sentence.range).replace('\n', " "))?;
        let first = sentence.tokens.start;
        let tokens = doc.sentence_tokens(sentence);
        for (i, token) in tokens.iter().enumerate() {
            let next_start = tokens.get(i + 1).map(|t| t.range.start());
            let space_after = next_start.is_none_or(|s| s > token.range.end());
            let (head, rel) = match &token.dep {
                Some(dep) => (dep.head.map_or(0, |h| h - first + 1).to_string(), dep.rel.to_string()),
                None => ("_".into(), "_".into()),
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                i + 1,
                doc.slice(token.range),
                token.lemma.as_deref().unwrap_or("_"),
                token.upos.map_or("_", |u| u.as_str()),
                token.xpos.as_deref().unwrap_or("_"),
                head,
                rel,
                if space_after { "_" } else { "SpaceAfter=No" }
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn run(args: AnnotateArgs) -> Result<ExitCode> {
    let depth = match args.depth {
        DepthArg::Tokens => Depth::Tokens,
        DepthArg::Tags => Depth::Tags,
        DepthArg::Deps => Depth::Deps,
    };
    let config = PipelineConfig {
        depth,
        models_dir: args.models.clone(),
        pretokenized: false,
        times: !args.no_times,
        entities: !args.no_entities,
        actors: !args.no_actors,
        places: !args.no_places,
        events: !args.no_events && !args.no_actors && !args.no_times && matches!(args.depth, DepthArg::Deps),
        parse_event_sentences: false,
        kb_dir: args.kb.clone(),
    };
    let pipeline = config.build().context("building the pipeline")?;
    let n_stages = pipeline.stage_names().len();
    let timings = std::sync::Mutex::new(vec![std::time::Duration::ZERO; n_stages]);
    let spec = ReadSpec {
        paths: &args.paths,
        threads: args.threads,
        max_bytes: DEFAULT_MAX_BYTES,
        date: args.date,
        cleaning: if args.clean { Cleaning::Clean } else { Cleaning::Verbatim },
    };
    let results = read_documents(&spec, |doc| {
        let mut local = vec![std::time::Duration::ZERO; n_stages];
        pipeline.run_timed(doc, &mut local);
        if let Ok(mut total) = timings.lock() {
            for (t, l) in total.iter_mut().zip(&local) {
                *t += *l;
            }
        }
    })?;
    if args.timings {
        let n_tokens: usize = results.iter().filter_map(|r| r.as_ref().ok()).map(|d| d.tokens.len()).sum();
        let timings = timings.lock().map(|t| t.clone()).unwrap_or_default();
        let total: f64 = timings.iter().map(|t| t.as_secs_f64()).sum();
        for (name, t) in pipeline.stage_names().iter().zip(&timings) {
            eprintln!(
                "{name:<22} {:>8.3} s  {:>10.0} tokens/s",
                t.as_secs_f64(),
                n_tokens as f64 / t.as_secs_f64()
            );
        }
        eprintln!(
            "{:<22} {total:>8.3} s  {:>10.0} tokens/s ({n_tokens} tokens)",
            "all stages",
            n_tokens as f64 / total
        );
    }
    let mut failures = Vec::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for result in results {
        match result {
            Ok(doc) => {
                if args.conllu {
                    write_conllu(&mut out, &doc)?;
                } else {
                    json_line(&mut out, &to_json(&doc))?;
                }
                // All the documents are in memory until the process ends
                // anyway: not freeing each one's tokens saves ~2 frees a token.
                std::mem::forget(doc);
            }
            Err(reason) => failures.push(reason),
        }
    }
    out.flush()?;
    for failure in &failures {
        eprintln!("failed: {failure}");
    }
    // The process ends here: the models need not be freed one allocation at
    // a time.
    std::mem::forget(pipeline);
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
