//! The `dateline` command: glue between the library crates, no logic of its
//! own that a library could own.

mod annotate;
mod articles;
mod eval;
mod eval_ner;
mod event_json;
mod events;
mod extract;
mod geo;
mod ingest;
mod inputs;
mod kb;
mod output;
mod serve;
mod train;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// dateline turns news into event data: who did what to whom, where and when.
///
/// It reads news (plain text, HTML, JSONL, WARC, RSS/Atom; gzipped or not),
/// extracts the article from each page, drops boilerplate, and stores clean
/// articles in an embedded database (SQLite, `./dateline.db` by default).
///
/// Start with `dateline ingest PATH...`, then `dateline articles` to list
/// what went in and `dateline show ID` to read one.
#[derive(Parser, Debug)]
#[command(name = "dateline", version, propagate_version = true, max_term_width = 100)]
struct Cli {
    /// The store to use (created if missing).
    #[arg(long, global = true, env = "DATELINE_DB", default_value = "dateline.db", value_name = "PATH")]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read news into the store.
    ///
    /// PATH may be a file, a directory (read recursively) or `-` for
    /// standard input. Formats are recognised by content as well as by
    /// extension: plain text (headline on the first line when a blank line
    /// follows), HTML, JSONL (one article per line with `text` or `html`,
    /// optional `id`, `url`, `title`, `date`, `source`), WARC (HTML response
    /// records) and RSS/Atom feeds. Gzip is undone transparently.
    ///
    /// Articles already in the store are recognised by content and not added
    /// again, so re-running an interrupted ingest completes it. Each batch is
    /// written in one transaction.
    ///
    /// Exit status: 0 when every input went in (new or duplicate), 1 when
    /// some failed (each is listed with its reason), 2 on usage errors.
    ///
    /// Example: dateline ingest ../shared/examples/niger-russia.txt
    Ingest(ingest::IngestArgs),
    /// List stored articles, newest first.
    ///
    /// Example: dateline articles --since 2023-12-01 --query "Niger junta" --json
    Articles(articles::ArticlesArgs),
    /// Show one stored article: metadata, clean text and what was dropped.
    Show(articles::ShowArgs),
    /// Extract articles from files without storing them (for pipes and benchmarks).
    ///
    /// Prints the headline and body of each article; with --json one object
    /// per article and line: path, title, body, date, authors, site,
    /// language, url.
    Extract(extract::ExtractArgs),
    /// Analyse text without storing it: sentences, tokens, POS tags, lemmas,
    /// dependency parses and time expressions (TIMEX3, normalised against
    /// the document date), as JSON lines (character offsets into the input's
    /// text) or CoNLL-U.
    ///
    /// Example: echo '{"id": "a", "text": "Niger's junta met Russia's envoy."}' | dateline annotate
    Annotate(annotate::AnnotateArgs),
    /// Score a stage on gold data (syntax: CoNLL-U treebanks; time: TIMEX3
    /// JSONL), printing the shared benchmarks' metrics.
    Eval(eval::EvalArgs),
    /// Train a model of the language core (tagger, parser) from CoNLL-U
    /// treebanks; the shipped models in data/models were made this way.
    Train(train::TrainArgs),
    /// Ask the actor knowledge base (data/kb: countries, organisations,
    /// titles, people with dated roles) what it knows about a name.
    Kb(kb::KbArgs),
    /// List stored events: who did what to whom, where and when, newest
    /// first, filtered by actor or country (either side, --source,
    /// --target, a dyad with --with), CAMEO code or root, PLOVER type,
    /// QuadClass, modality, dates, place or bounding box, and words.
    ///
    /// Example: dateline events --actor RUS --with NER --json
    Events(events::EventsArgs),
    /// Show why an event was coded: each sentence reporting it with the
    /// trigger marked, the rule that fired, its actors, date and place.
    ///
    /// Example: dateline explain 3
    Explain(events::ExplainArgs),
    /// Export events as GDELT 2.0 Events and Mentions tables, CSV or JSONL,
    /// with the same filters as `events`.
    ///
    /// Example: dateline export --format gdelt --out niger
    Export(events::ExportArgs),
    /// What the gazetteer knows of a place name: candidates with their
    /// prior scores (population, feature class), best first.
    ///
    /// Example: dateline places Niamey
    Places(geo::PlacesArgs),
    /// Serve the store over HTTP: the JSON API (/api/v1) and the dashboard.
    Serve(serve::ServeArgs),
    /// Ingest the bundled demo corpus (and any files named) and open the
    /// dashboard on it.
    Demo(serve::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<ExitCode> = match cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Articles(args) => articles::list(&cli.db, args),
        Command::Show(args) => articles::show(&cli.db, args),
        Command::Extract(args) => extract::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Train(args) => train::run(args),
        Command::Kb(args) => kb::run(args),
        Command::Events(args) => events::list(&cli.db, args),
        Command::Explain(args) => events::explain(&cli.db, args),
        Command::Export(args) => events::export(&cli.db, args),
        Command::Places(args) => geo::places(args),
        Command::Serve(args) => serve::serve(&cli.db, args),
        Command::Demo(args) => serve::demo(&cli.db, args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
