//! `dateline ingest`: read, clean and store, in parallel, batch by batch.

use anyhow::{Context, Result};
use dateline_clean::Cleaner;
use dateline_doc::Published;
use dateline_ingest::{discover, read_input, ReadOptions, DEFAULT_MAX_BYTES};
use dateline_pipeline::PipelineConfig;
use dateline_store::{NewArticle, PutOutcome, RunTotals, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Worker threads reading and cleaning (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Skip any file, record or line larger than this many bytes after
    /// decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
    /// Articles written per transaction: a kill loses at most the batch
    /// being written, and the next run adds it.
    #[arg(long, default_value_t = 256, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: u32,
    /// Publication date for articles whose input gives none (YYYY-MM-DD),
    /// e.g. for plain-text files; later stages resolve "on Monday" against it.
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// Store the cleaned articles only: no NLP, entities, actors, places,
    /// times or events (fast; `dateline events` will have nothing to show).
    #[arg(long)]
    no_analysis: bool,
    /// Parse every sentence (by default only those with a coded actor are
    /// parsed: the others cannot hold an event).
    #[arg(long)]
    parse_all: bool,
    /// Folder with the models (default: `$DATELINE_MODELS`, else the shipped data/models).
    #[arg(long, env = "DATELINE_MODELS", value_name = "DIR")]
    models: Option<PathBuf>,
    /// The actor KB folder (default: `$DATELINE_KB`, else the shipped data/kb).
    #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
    kb: Option<PathBuf>,
    /// Print the time each stage took (cleaning and each analysis stage,
    /// summed over threads) and its share to standard error.
    #[arg(long)]
    timings: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
}

/// What a worker sends the writer.
enum Message {
    Article(Box<NewArticle>),
    Failed { origin: String, reason: String },
    InputDone,
}

/// The summary printed at the end.
#[derive(Debug, Default, Serialize)]
struct Summary {
    db: String,
    read: u64,
    new: u64,
    near_duplicates: u64,
    duplicate: u64,
    failed: u64,
    /// Events coded in the new articles.
    events: u64,
    failures: Vec<Failure>,
    seconds: f64,
}

#[derive(Debug, Serialize)]
struct Failure {
    path: String,
    reason: String,
}

pub fn run(db: &Path, args: IngestArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let (inputs, discover_errors) = discover(&args.paths);
    let mut store = Store::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    let run_id = store.begin_run(&args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>())?;
    let mut summary = Summary { db: db.display().to_string(), ..Summary::default() };
    for err in discover_errors {
        summary.failures.push(Failure { path: err.origin.clone(), reason: err.kind.to_string() });
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let opts = ReadOptions { max_bytes: args.max_bytes };
    let cleaner = Cleaner::new();
    // The whole analysis, loaded once: syntax, times, entities, places,
    // actors, events.
    let loading = Instant::now();
    let pipeline = if args.no_analysis {
        None
    } else {
        let config = PipelineConfig {
            models_dir: args.models.clone(),
            kb_dir: args.kb.clone(),
            parse_event_sentences: !args.parse_all,
            ..PipelineConfig::default()
        };
        Some(
            config
                .build()
                .context("building the analysis pipeline (--no-analysis stores articles without it)")?,
        )
    };
    // Start-up: opening the store, finding the inputs, loading the models,
    // KB, gazetteer and patterns, reading the stored content hashes.
    let n_stages = pipeline.as_ref().map_or(0, |p| p.stage_names().len());
    let timings = std::sync::Mutex::new(vec![std::time::Duration::ZERO; n_stages + 1]);
    // Articles already stored are not analysed again.
    let known = store.content_hashes().context("reading the store's content hashes")?;
    let load_seconds = loading.elapsed().as_secs_f64();
    let startup_seconds = started.elapsed().as_secs_f64();
    let progress = progress_bar(inputs.len() as u64);
    let (sender, receiver) = mpsc::sync_channel::<Message>(1024);

    let mut write_time = std::time::Duration::ZERO;
    let write_result: Result<()> = std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.install(|| {
                inputs.par_iter().for_each_with(sender, |sender, input| {
                    read_input(input, &opts, &mut |item| {
                        let message = match item {
                            Ok(raw) => match clean_timed(&cleaner, &raw, &timings) {
                                Ok(mut doc) => {
                                    if doc.meta.published.is_none() {
                                        doc.meta.published = args.date.map(Published::date);
                                    }
                                    let mut article = NewArticle::new(doc);
                                    if let Some(p) = &pipeline {
                                        if !known.contains(&article.fingerprint.content_hash) {
                                            let mut local = vec![std::time::Duration::ZERO; n_stages];
                                            p.run_timed(&mut article.doc, &mut local);
                                            if let Ok(mut total) = timings.lock() {
                                                for (t, l) in total[1..].iter_mut().zip(&local) {
                                                    *t += *l;
                                                }
                                            }
                                        }
                                    }
                                    Message::Article(Box::new(article))
                                }
                                Err(err) => Message::Failed { origin: raw.origin, reason: err.to_string() },
                            },
                            Err(err) => Message::Failed { origin: err.origin, reason: err.kind.to_string() },
                        };
                        // A send fails only when the writer stopped on an
                        // error, which it reports itself.
                        let _ = sender.send(message);
                    });
                    let _ = sender.send(Message::InputDone);
                })
            })
        });

        let write_time = &mut write_time;
        let mut batch: Vec<NewArticle> = Vec::with_capacity(args.batch_size as usize);
        let mut flush = |batch: &mut Vec<NewArticle>, summary: &mut Summary| -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let t = Instant::now();
            let outcomes = store.put_batch(batch).context("writing a batch to the store")?;
            *write_time += t.elapsed();
            for (outcome, article) in outcomes.into_iter().zip(batch.iter()) {
                match outcome {
                    PutOutcome::New { near_duplicate_of, .. } => {
                        summary.new += 1;
                        summary.events += article.doc.events.len() as u64;
                        summary.near_duplicates += u64::from(near_duplicate_of.is_some());
                    }
                    PutOutcome::Duplicate { .. } => summary.duplicate += 1,
                }
            }
            batch.clear();
            Ok(())
        };
        for message in receiver {
            match message {
                Message::Article(article) => {
                    summary.read += 1;
                    batch.push(*article);
                    if batch.len() >= args.batch_size as usize {
                        flush(&mut batch, &mut summary)?;
                    }
                }
                Message::Failed { origin, reason } => {
                    progress.suspend(|| eprintln!("failed: {origin}: {reason}"));
                    summary.failures.push(Failure { path: origin, reason });
                }
                Message::InputDone => progress.inc(1),
            }
            progress.set_message(format!(
                "{} articles, {} new, {} failed",
                summary.read,
                summary.new + batch.len() as u64,
                summary.failures.len()
            ));
        }
        flush(&mut batch, &mut summary)
    });
    progress.finish_and_clear();
    write_result?;

    summary.failed = summary.failures.len() as u64;
    summary.seconds = started.elapsed().as_secs_f64();
    if args.timings {
        let timings = timings.lock().map(|t| t.clone()).unwrap_or_default();
        let mut names = vec!["clean (extract, boilerplate)"];
        if let Some(p) = &pipeline {
            names.extend(p.stage_names());
        }
        let total: f64 = timings.iter().map(|t| t.as_secs_f64()).sum();
        for (name, t) in names.iter().zip(&timings) {
            eprintln!(
                "{name:<36} {:>8.3} s  {:>5.1}%",
                t.as_secs_f64(),
                100.0 * t.as_secs_f64() / total.max(1e-9)
            );
        }
        eprintln!(
            "{:<36} {total:>8.3} s  ({:.0} articles/s of stage time)",
            "all stages",
            summary.read as f64 / total.max(1e-9),
        );
        eprintln!("{:<36} {:>8.3} s", "store writes (writer thread)", write_time.as_secs_f64());
        // Steady state: from the end of start-up to the last write.
        let steady = (summary.seconds - startup_seconds).max(1e-9);
        eprintln!(
            "{:<36} {startup_seconds:>8.3} s  (of which loading the pipeline {load_seconds:.3} s)",
            "start-up"
        );
        eprintln!(
            "{:<36} {steady:>8.3} s  ({:.0} articles/s steady state: reading, analysis, writes)",
            "after start-up",
            summary.read as f64 / steady
        );
        eprintln!(
            "{:<36} {:>8.3} s  ({:.0} articles/s wall, whole run)",
            "wall",
            summary.seconds,
            summary.read as f64 / summary.seconds.max(1e-9)
        );
    }
    let failures: Vec<(String, String)> =
        summary.failures.iter().map(|f| (f.path.clone(), f.reason.clone())).collect();
    store.record_failures(run_id, &failures)?;
    store.finish_run(
        run_id,
        &RunTotals {
            n_read: summary.read,
            n_new: summary.new,
            n_duplicate: summary.duplicate,
            n_failed: summary.failed,
        },
    )?;
    print_summary(&summary, args.json, &store)?;
    // The process ends here: freeing the models, KB, gazetteer and patterns
    // one allocation at a time would cost ~40 ms for nothing.
    std::mem::forget(pipeline);
    Ok(if summary.failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Cleans one input, adding the time taken to the first timing slot.
fn clean_timed(
    cleaner: &Cleaner,
    raw: &dateline_ingest::RawDocument,
    timings: &std::sync::Mutex<Vec<std::time::Duration>>,
) -> Result<dateline_doc::Document, dateline_clean::CleanError> {
    let t = Instant::now();
    let cleaned = cleaner.clean(raw);
    if let Ok(mut total) = timings.lock() {
        if let Some(slot) = total.first_mut() {
            *slot += t.elapsed();
        }
    }
    cleaned
}

fn progress_bar(n_inputs: u64) -> ProgressBar {
    // indicatif draws nothing when stderr is not a terminal.
    let bar = ProgressBar::new(n_inputs);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs  {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn print_summary(summary: &Summary, json: bool, store: &Store) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        return crate::output::json_line(&mut out, summary);
    }
    use std::io::Write;
    let near = if summary.near_duplicates > 0 {
        format!(" ({} joining an existing story)", summary.near_duplicates)
    } else {
        String::new()
    };
    writeln!(
        out,
        "read {}, new {}{near}, duplicate {}, failed {}, {} event mention(s) in {:.1} s; {} now holds {} article(s) and {} event(s)",
        summary.read,
        summary.new,
        summary.duplicate,
        summary.failed,
        summary.events,
        summary.seconds,
        summary.db,
        store.count_articles()?,
        store.count_all_events()?
    )?;
    Ok(())
}
