//! `dateline extract`: clean files without a store.

use crate::inputs::{read_documents, Cleaning, ReadSpec};
use crate::output::json_line;
use anyhow::Result;
use dateline_doc::Document;
use dateline_ingest::DEFAULT_MAX_BYTES;
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
    let spec = ReadSpec {
        paths: &args.paths,
        threads: args.threads,
        max_bytes: args.max_bytes,
        date: args.date,
        cleaning: Cleaning::Clean,
    };
    let results = read_documents(&spec, |_| {})?;
    let mut failures = Vec::new();
    let mut out = std::io::stdout().lock();
    let mut first = true;
    for result in results {
        match result {
            Ok(doc) if args.json => json_line(&mut out, &Extracted::of(&doc))?,
            Ok(doc) => {
                if !first {
                    writeln!(out)?;
                }
                writeln!(out, "==> {} <==", doc.meta.origin)?;
                writeln!(out, "{}", doc.text())?;
                first = false;
            }
            Err(reason) => failures.push(reason),
        }
    }
    out.flush()?;
    for failure in &failures {
        eprintln!("failed: {failure}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
