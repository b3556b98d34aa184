//! `dateline eval`: score a stage against gold data, with the shared
//! benchmarks' metrics.

use anyhow::{Context, Result};
use dateline_nlp::eval as syntax_eval;
use dateline_pipeline::{Depth, PipelineConfig};
use dateline_time::score as time_score;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalCommand,
}

#[derive(clap::Subcommand, Debug)]
enum EvalCommand {
    /// Tokens, sentences, UPOS, XPOS, lemmas, UAS and LAS on a CoNLL-U
    /// treebank, both from gold tokens and from raw text (rebuilt from each
    /// sentence's `# text`).
    ///
    /// Example: dateline eval syntax ../shared/bench/syntax/en_ewt-dev.conllu.gz
    Syntax {
        /// CoNLL-U files (gzipped or not).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Folder with tagger.bin and parser.bin (default: the shipped models).
        #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
        models: Option<PathBuf>,
        /// Print the scores as one JSON object per file.
        #[arg(long)]
        json: bool,
    },
    /// Toponyms against geoparsing gold (JSONL: `id`, `text`, `toponyms`
    /// with character offsets and coordinates): recognition P/R/F1,
    /// acc@161km, end-to-end acc@161km, as `../shared/bench/geo/score.py`
    /// computes them; then the same from the gold spans (resolution only).
    ///
    /// Example: dateline eval geo ../shared/bench/geo/lgl.jsonl
    Geo {
        /// The gold file.
        #[arg(value_name = "GOLD")]
        gold: PathBuf,
        /// Also write the end-to-end predictions here (the scorer's format).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Folder with the models (default: the shipped ones).
        #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
        models: Option<PathBuf>,
    },
    /// Named entities against NER gold: a CoNLL-style token file (`.tsv`:
    /// token, BIO tag; gold tokens and sentences are used) or a text file
    /// (`.jsonl`: `id`, `text`, `entities` with character offsets; the text
    /// is analysed from scratch, each line a block). Entity-level precision,
    /// recall and F1 per type, micro and macro, as
    /// `../shared/bench/ner/score.py` computes them.
    ///
    /// Example: dateline eval ner ../shared/bench/ner/conll2003_dev.tsv
    Ner {
        /// The gold file (`.tsv` or `.jsonl`).
        #[arg(value_name = "GOLD")]
        gold: PathBuf,
        /// Also write the predictions here, in the gold file's format.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Score only these types (comma-separated, e.g. PER,ORG,LOC).
        #[arg(long, value_name = "TYPES")]
        types: Option<String>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Folder with ner.bin (default: the shipped models).
        #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
        models: Option<PathBuf>,
        /// The actor KB folder used to check entity types.
        #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
        kb: Option<PathBuf>,
        /// Score the statistical model alone, without the KB check of types.
        #[arg(long)]
        model_only: bool,
    },
    /// Time expressions against TIMEX3 gold in JSONL (`id`, `dct`, `text`,
    /// `timexes`): strict and relaxed span P/R/F1, type and value accuracy
    /// and F1, as `../shared/bench/time/score.py` computes them.
    ///
    /// Example: dateline eval time ../shared/bench/time/meantime_dev.jsonl
    Time {
        /// The gold file.
        #[arg(value_name = "GOLD")]
        gold: PathBuf,
        /// Also write the predictions here (JSONL, the scorer's format).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Folder with tagger.bin and parser.bin (default: the shipped models).
        #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
        models: Option<PathBuf>,
    },
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    match args.what {
        EvalCommand::Geo { gold, out, json, models } => {
            crate::geo::eval(&crate::geo::GeoEval { gold, out, json, models })
        }
        EvalCommand::Ner { gold, out, types, json, models, kb, model_only } => {
            let e = crate::eval_ner::NerEval {
                gold,
                out,
                types: types.map(|t| t.split(',').map(|s| s.trim().to_owned()).collect()),
                models,
                kb,
                raw_model: model_only,
            };
            let scores = crate::eval_ner::run(&e)?;
            if json {
                println!("{}", crate::eval_ner::scores_json(&scores, &e.gold));
            } else {
                println!("{scores}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Syntax { files, models, json } => syntax(files, models, json),
        EvalCommand::Time { gold, out, json, models } => time(gold, out, json, models),
    }
}

fn syntax(files: Vec<PathBuf>, models: Option<PathBuf>, json: bool) -> Result<ExitCode> {
    let base = PipelineConfig {
        depth: Depth::Deps,
        models_dir: models,
        pretokenized: false,
        times: false,
        entities: false,
        actors: false,
        places: false,
        events: false,
        parse_event_sentences: false,
        kb_dir: None,
    };
    let raw = base.build().context("building the pipeline")?;
    let gold_tokens =
        PipelineConfig { pretokenized: true, ..base }.build().context("building the pipeline")?;
    for file in &files {
        let (gold, from_raw) = syntax_eval::evaluate_file(file, &gold_tokens, &raw)
            .with_context(|| format!("evaluating {}", file.display()))?;
        if json {
            let value = serde_json::json!({
                "file": file.display().to_string(),
                "gold_tokens": scores_json(&gold),
                "raw_text": scores_json(&from_raw),
            });
            println!("{value}");
        } else {
            println!("{}", file.display());
            print!("{}", syntax_eval::format_table(&gold, &from_raw));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn scores_json(s: &syntax_eval::SyntaxScores) -> serde_json::Value {
    serde_json::json!({
        "words": s.gold_words,
        "tokens_f1": s.tokens_f1,
        "sentences_f1": s.sentences_f1,
        "upos": s.upos,
        "xpos": s.xpos,
        "lemma": s.lemma,
        "uas": s.uas,
        "las": s.las,
        "las_universal": s.las_universal,
    })
}

fn time(gold_path: PathBuf, out: Option<PathBuf>, json: bool, models: Option<PathBuf>) -> Result<ExitCode> {
    let gold = time_score::load(&gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    // The same stages as `annotate`: tense comes from the tagger's tags.
    let config = PipelineConfig {
        depth: Depth::Tags,
        models_dir: models,
        pretokenized: false,
        times: true,
        entities: false,
        actors: false,
        places: false,
        events: false,
        parse_event_sentences: false,
        kb_dir: None,
    };
    let pipeline = config.build().context("building the pipeline")?;
    let pred: Vec<time_score::Record> = gold
        .par_iter()
        .map(|record| {
            let timexes = time_score::document_of(record)
                .map(|mut doc| {
                    pipeline.run(&mut doc);
                    time_score::json_timexes(&doc)
                })
                .unwrap_or_default();
            time_score::Record { id: record.id.clone(), dct: None, text: None, timexes }
        })
        .collect();
    if let Some(path) = out {
        std::fs::write(&path, time_score::to_jsonl(&pred))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let scores = time_score::score(&gold, &pred).context("scoring")?;
    if json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        print!("{scores}");
    }
    Ok(ExitCode::SUCCESS)
}
