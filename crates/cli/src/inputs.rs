//! Reading and cleaning inputs in parallel for the commands that print
//! documents rather than store them (`extract`, `annotate`).

use anyhow::Result;
use dateline_clean::Cleaner;
use dateline_doc::{Document, Published};
use dateline_ingest::{discover, read_input, ReadOptions};
use rayon::prelude::*;
use std::path::PathBuf;

/// How text inputs become documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaning {
    /// As `ingest` does: headline, boilerplate removal, sign-offs.
    Clean,
    /// The input's text exactly (HTML is still extracted).
    Verbatim,
}

/// What to read and how.
pub struct ReadSpec<'a> {
    pub paths: &'a [PathBuf],
    pub threads: Option<usize>,
    pub max_bytes: u64,
    /// Publication date for documents that carry none.
    pub date: Option<jiff::civil::Date>,
    pub cleaning: Cleaning,
}

/// Every document of every input, in input order, after `finish` ran on it
/// (on the worker threads); failures as `origin: reason`.
pub fn read_documents(
    spec: &ReadSpec<'_>,
    finish: impl Fn(&mut Document) + Sync,
) -> Result<Vec<Result<Document, String>>> {
    let (inputs, errors) = discover(spec.paths);
    let mut out: Vec<Result<Document, String>> = errors.into_iter().map(|e| Err(e.to_string())).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(spec.threads.unwrap_or(0)).build()?;
    let opts = ReadOptions { max_bytes: spec.max_bytes };
    let cleaner = Cleaner::new();
    let per_input: Vec<Vec<Result<Document, String>>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let mut docs = Vec::new();
                read_input(input, &opts, &mut |item| {
                    docs.push(match item {
                        Ok(raw) => {
                            let cleaned = match spec.cleaning {
                                Cleaning::Clean => cleaner.clean(&raw),
                                Cleaning::Verbatim => cleaner.verbatim(&raw),
                            };
                            cleaned
                                .map(|mut doc| {
                                    if doc.meta.published.is_none() {
                                        doc.meta.published = spec.date.map(Published::date);
                                    }
                                    finish(&mut doc);
                                    doc
                                })
                                .map_err(|e| format!("{}: {e}", raw.origin))
                        }
                        Err(e) => Err(e.to_string()),
                    })
                });
                docs
            })
            .collect()
    });
    out.extend(per_input.into_iter().flatten());
    Ok(out)
}
