//! `dateline kb`: what the actor knowledge base knows.

use crate::output::json_line;
use anyhow::{Context, Result};
use dateline_actors::{Kb, Kind, Match, RoleStatus};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    what: KbCommand,
}

#[derive(clap::Subcommand, Debug)]
enum KbCommand {
    /// Look a name up: countries (names, adjectives, demonyms, capitals as
    /// metonyms), organisations and armed groups, titles and sector nouns,
    /// and people with their roles judged at --date.
    ///
    /// Example: dateline kb lookup Bazoum --date 2023-12-05
    Lookup {
        /// The name, title or noun ("Niger's", "Paris", "deputy defence minister").
        name: String,
        /// Judge dated roles at this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: Option<jiff::civil::Date>,
        /// The KB folder (default: `$DATELINE_KB`, else the shipped data/kb).
        #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
        kb: Option<PathBuf>,
        /// One JSON object per match and line.
        #[arg(long)]
        json: bool,
    },
    /// Load and index every KB file, report what is in it and how long
    /// loading took; a malformed line fails with FILE:LINE. Run it after
    /// editing a KB file: the index is rebuilt from the files on every load.
    Check {
        /// The KB folder (default: `$DATELINE_KB`, else the shipped data/kb).
        #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
        kb: Option<PathBuf>,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct JsonCheck {
    countries: usize,
    organisations: usize,
    agents: usize,
    people: usize,
    roles: usize,
    aliases: usize,
    load_ms: f64,
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    kind: &'static str,
    kb_id: String,
    name: &'a str,
    code: &'a str,
    country: Option<&'a str>,
    metonym: bool,
    role: Option<&'a str>,
    status: Option<&'static str>,
    role_code: Option<&'a str>,
}

fn to_json<'a>(kb: &Kb, m: &'a Match) -> JsonMatch<'a> {
    JsonMatch {
        kind: m.entry.kind.as_str(),
        kb_id: dateline_actors::entry_id(kb, m.entry),
        name: &m.name,
        code: &m.code,
        country: m.country.as_deref(),
        metonym: m.entry.metonym,
        role: m.role.as_deref(),
        status: m.status.map(RoleStatus::as_str),
        role_code: m.role_code.as_deref(),
    }
}

fn load(dir: Option<PathBuf>) -> Result<Kb> {
    Ok(match dir {
        Some(dir) => Kb::load(&dir).with_context(|| format!("loading the KB in {}", dir.display()))?,
        None => Kb::load_default().context("loading the KB")?,
    })
}

pub fn run(args: KbArgs) -> Result<ExitCode> {
    match args.what {
        KbCommand::Check { kb, json } => {
            let start = std::time::Instant::now();
            let kb = load(kb)?;
            let check = JsonCheck {
                countries: kb.countries().len(),
                organisations: kb.organisations().len(),
                agents: kb.agents().len(),
                people: kb.people().len(),
                roles: kb.people().iter().map(|p| p.roles.len()).sum(),
                aliases: kb.alias_count(),
                load_ms: start.elapsed().as_secs_f64() * 1000.0,
            };
            let mut out = std::io::stdout().lock();
            if json {
                json_line(&mut out, &check)?;
            } else {
                writeln!(
                    out,
                    "KB ok: {} countries, {} organisations, {} agents, {} people with {} roles; {} names indexed in {:.0} ms",
                    check.countries,
                    check.organisations,
                    check.agents,
                    check.people,
                    check.roles,
                    check.aliases,
                    check.load_ms
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Lookup { name, date, kb, json } => {
            let kb = load(kb)?;
            let matches = kb.lookup(&name, date);
            let mut out = std::io::stdout().lock();
            for m in &matches {
                if json {
                    json_line(&mut out, &to_json(&kb, m))?;
                } else {
                    let j = to_json(&kb, m);
                    // An agent's canonical name is its first phrase; the
                    // phrase asked about says more.
                    let shown = if m.entry.kind == Kind::Agent { name.as_str() } else { j.name };
                    let mut line = format!("{:<12} {:<10} {shown}", j.kind, j.code);
                    if let Some(c) = j.country {
                        line.push_str(&format!(" ({c})"));
                    }
                    if j.metonym {
                        line.push_str(" [metonym: its government]");
                    }
                    if let (Some(role), Some(status)) = (j.role, j.status) {
                        line.push_str(&format!(" — {role}, {status}"));
                    }
                    writeln!(out, "{line}")?;
                }
            }
            if matches.is_empty() {
                if !json {
                    writeln!(out, "nothing known about {name:?}")?;
                }
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
