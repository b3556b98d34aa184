//! `dateline extract`: clean files without a store.

use crate::output::json_line;
use anyhow::Result;
use dateline_clean::Cleaner;
use dateline_doc::{Document, Published};
use dateline_ingest::{discover, read_input, ReadOptions, DEFAULT_MAX_BYTES};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories (any format `ingest` reads), or `-`.
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// One JSON object per article and line.
    #[arg(long)]
    json: bool,
    /// Publication date for articles whose input gives none (YYYY-MM-DD),
    /// e.g. for plain-text files; later stages resolve "on Monday" against it.
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Skip inputs larger than this many bytes after decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

#[derive(Serialize)]
struct Extracted<'a> {
    path: &'a str,
    title: Option<&'a str>,
    body: &'a str,
    date: Option<String>,
    authors: &'a [String],
    site: Option<&'a str>,
    language: Option<&'a str>,
    url: Option<&'a str>,
    canonical_url: Option<&'a str>,
    dateline: Option<&'a str>,
}

impl<'a> Extracted<'a> {
    fn of(doc: &'a Document) -> Extracted<'a> {
        let meta = &doc.meta;
        Extracted {
            path: &meta.origin,
            title: meta.title.as_deref(),
            body: doc.body(),
            date: meta.published.map(|p| p.to_string()),
            authors: &meta.authors,
            site: meta.source.as_deref(),
            language: meta.language.as_deref(),
            url: meta.url.as_deref(),
            canonical_url: meta.canonical_url.as_deref(),
            dateline: meta.dateline_place.as_deref(),
        }
    }
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let (inputs, mut failures) = {
        let (inputs, errors) = discover(&args.paths);
        (inputs, errors.into_iter().map(|e| e.to_string()).collect::<Vec<_>>())
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    let opts = ReadOptions { max_bytes: args.max_bytes };
    let cleaner = Cleaner::new();
    // Inputs are cleaned in parallel; results are printed in input order.
    let results: Vec<Vec<Result<Document, String>>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let mut docs = Vec::new();
                read_input(input, &opts, &mut |item| {
                    docs.push(match item {
                        Ok(raw) => cleaner
                            .clean(&raw)
                            .map(|mut doc| {
                                if doc.meta.published.is_none() {
                                    doc.meta.published = args.date.map(Published::date);
                                }
                                doc
                            })
                            .map_err(|e| format!("{}: {e}", raw.origin)),
                        Err(e) => Err(e.to_string()),
                    })
                });
                docs
            })
            .collect()
    });
    let mut out = std::io::stdout().lock();
    let mut first = true;
    for result in results.into_iter().flatten() {
        match result {
            Ok(doc) if args.json => json_line(&mut out, &Extracted::of(&doc))?,
            Ok(doc) => {
                if !first {
                    writeln!(out)?;
                }
                writeln!(out, "==> {} <==", doc.meta.origin)?;
                writeln!(out, "{}", doc.text())?;
            }
            Err(reason) => failures.push(reason),
        }
        first = false;
    }
    out.flush()?;
    for failure in &failures {
        eprintln!("failed: {failure}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
