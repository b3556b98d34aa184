//! `dateline serve` and `dateline demo`: the HTTP API and the dashboard
//! (crate `dateline-serve`).

use anyhow::{Context, Result};
use clap::Parser;
use dateline_serve::{ServeOptions, DEFAULT_MAX_BODY};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    listen: String,
    /// Enables writing endpoints (POST /api/v1/articles) for clients that
    /// present it as `Authorization: Bearer TOKEN`. Without it the server is
    /// read-only.
    #[arg(long, env = "DATELINE_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY, value_name = "BYTES")]
    max_body: usize,
    /// Answers of the JSON read endpoints kept while the store is unchanged
    /// (0: no cache).
    #[arg(long, default_value_t = 512, value_name = "N")]
    cache_entries: usize,
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// More articles to ingest with the demo corpus (any format `ingest` reads).
    #[arg(value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    listen: String,
    /// Publication date for named files that give none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// The demo corpus (default: $DATELINE_DEMO, else the repository's data/demo).
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
}

pub fn serve(db: &Path, args: ServeArgs) -> Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!("no store at {} (create one with `dateline ingest` or pass --db)", db.display());
    }
    run_server(db, &args.listen, args.token, args.max_body, args.cache_entries)
}

fn run_server(
    db: &Path,
    listen: &str,
    token: Option<String>,
    max_body: usize,
    cache_entries: usize,
) -> Result<ExitCode> {
    let opts = ServeOptions { token, max_body, cache_entries, ..ServeOptions::new(db) };
    let writable = opts.token.is_some();
    dateline_serve::serve_blocking(opts, listen, |addr| {
        println!(
            "dateline: serving {} on http://{addr}/ (API: http://{addr}/api/v1, {})",
            db.display(),
            if writable { "writes with the token" } else { "read-only" }
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `ingest`'s own arguments, parsed from words, so `demo` takes the same
/// code path as `dateline ingest`.
#[derive(Parser, Debug)]
struct IngestCommand {
    #[command(flatten)]
    args: crate::ingest::IngestArgs,
}

fn default_corpus() -> PathBuf {
    match std::env::var_os("DATELINE_DEMO") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo")),
    }
}

pub fn demo(db: &Path, args: DemoArgs) -> Result<ExitCode> {
    // `--db` not given (its default): a fresh store in the temp folder.
    let db = if db == Path::new("dateline.db") && std::env::var_os("DATELINE_DB").is_none() {
        let path = std::env::temp_dir().join(format!("dateline-demo-{}.db", std::process::id()));
        println!("dateline demo: store {}", path.display());
        path
    } else {
        db.to_owned()
    };
    let corpus = args.corpus.unwrap_or_else(default_corpus);
    let demo_file = corpus.join("wikinews.jsonl");
    if !demo_file.exists() {
        anyhow::bail!("demo corpus not found at {} (set DATELINE_DEMO or --corpus)", demo_file.display());
    }
    let mut words: Vec<String> = vec!["ingest".into()];
    if let Some(d) = args.date {
        words.push("--date".into());
        words.push(d.to_string());
    }
    words.push(demo_file.display().to_string());
    words.extend(args.files.iter().map(|p| p.display().to_string()));
    let ingest = IngestCommand::try_parse_from(&words).context("preparing the demo ingest")?;
    let code = crate::ingest::run(&db, ingest.args)?;
    if code != ExitCode::SUCCESS {
        eprintln!("dateline demo: some inputs failed (listed above); serving what went in");
    }
    run_server(&db, &args.listen, None, DEFAULT_MAX_BODY, 512)
}
