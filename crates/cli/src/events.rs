//! `dateline events`, `dateline explain` and `dateline export`: the stored
//! events, their evidence, and GDELT/CSV/JSONL exports.

use crate::articles::open_existing;
use crate::event_json::{stored_event, JsonEvent};
use crate::output::{json_line, truncate};
use anyhow::{bail, Context, Result};
use dateline_doc::{Document, OffsetIndex};
use dateline_store::{gdelt, EventFilter, Side, Store, StoredEvent, StoredMention};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The filters shared by `events` and `export`.
#[derive(clap::Args, Debug, Clone)]
pub struct FilterArgs {
    /// An actor on either side: a country (ISO3, e.g. NER), a CAMEO code
    /// prefix (RUSGOV, IGO) or a KB id (person:tiani).
    #[arg(long, value_name = "ACTOR")]
    actor: Option<String>,
    /// An actor as the source (who acts).
    #[arg(long, value_name = "ACTOR", conflicts_with = "actor")]
    source: Option<String>,
    /// An actor as the target (who is acted on).
    #[arg(long, value_name = "ACTOR", conflicts_with_all = ["actor", "source"])]
    target: Option<String>,
    /// With --actor: only events between it and this actor (either way).
    #[arg(long = "with", value_name = "ACTOR", requires = "actor")]
    other: Option<String>,
    /// A CAMEO code or prefix: a root (04), a base code (042) or a full code.
    #[arg(long, value_name = "CODE")]
    cameo: Option<String>,
    /// A PLOVER event type (CONSULT, AGREE, COERCE ...).
    #[arg(long, value_name = "TYPE")]
    plover: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quadclass: Option<u8>,
    /// Modality: asserted, negated, future, hypothetical.
    #[arg(long)]
    modality: Option<String>,
    /// On or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<jiff::civil::Date>,
    /// On or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<jiff::civil::Date>,
    /// Place name (Niamey) or country of the place (ISO3).
    #[arg(long)]
    place: Option<String>,
    /// Bounding box: MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.
    #[arg(long, value_name = "BOX", value_parser = parse_bbox, allow_hyphen_values = true)]
    bbox: Option<[f64; 4]>,
    /// Words that must all occur in a reporting article.
    #[arg(short, long, value_name = "WORDS")]
    query: Option<String>,
    /// Only events reported by this article.
    #[arg(long, value_name = "ID")]
    article: Option<i64>,
}

fn parse_bbox(s: &str) -> std::result::Result<[f64; 4], String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|e| format!("{p:?}: {e}")))
        .collect::<std::result::Result<_, _>>()?;
    match parts.as_slice() {
        [a, b, c, d] if a <= c && b <= d => Ok([*a, *b, *c, *d]),
        [_, _, _, _] => Err("want MIN_LON,MIN_LAT,MAX_LON,MAX_LAT with min ≤ max".into()),
        _ => Err("want four numbers: MIN_LON,MIN_LAT,MAX_LON,MAX_LAT".into()),
    }
}

impl FilterArgs {
    fn filter(&self) -> EventFilter {
        let (actor, side) = match (&self.actor, &self.source, &self.target) {
            (Some(a), _, _) => (Some(a.clone()), Side::Either),
            (None, Some(s), _) => (Some(s.clone()), Side::Source),
            (None, None, Some(t)) => (Some(t.clone()), Side::Target),
            _ => (None, Side::Either),
        };
        EventFilter {
            actor,
            side,
            other: self.other.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            quadclass: self.quadclass,
            modality: self.modality.clone(),
            since: self.since,
            until: self.until,
            place: self.place.clone(),
            bbox: self.bbox,
            text: self.query.clone(),
            article: self.article,
            limit: None,
            offset: 0,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Show at most this many.
    #[arg(short = 'n', long, default_value_t = 50)]
    limit: u32,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// One JSON object per event and line (the output contract: cameo,
    /// goldstein, quadclass, plover, source, target, date, place, modality,
    /// attribution, evidence with character offsets, article_id, mentions,
    /// sources).
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The event's id (from `dateline events`).
    id: i64,
    /// One JSON object: the event and every sentence reporting it.
    #[arg(long)]
    json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// GDELT 2.0 Events and Mentions tables (tab-separated, no header):
    /// OUT.export.CSV and OUT.mentions.CSV.
    Gdelt,
    /// One CSV table of events with a header.
    Csv,
    /// One JSON object per event and line (the output contract).
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    format: Format,
    /// Where to write: a file (csv, jsonl; `-` or nothing for standard
    /// output) or, for gdelt, a path prefix for the two tables.
    #[arg(short, long, value_name = "PATH")]
    out: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// A stored article as the event commands need it.
struct Loaded {
    doc: Document,
    /// Its title, else its origin.
    title: String,
    /// Character offsets of its text.
    index: OffsetIndex,
}

/// Articles loaded once each.
struct Articles<'a> {
    store: &'a Store,
    cache: HashMap<i64, Option<Loaded>>,
}

impl<'a> Articles<'a> {
    fn new(store: &'a Store) -> Articles<'a> {
        Articles { store, cache: HashMap::new() }
    }

    fn get(&mut self, id: i64) -> Result<Option<&Loaded>> {
        if !self.cache.contains_key(&id) {
            let a = self.store.article(id)?.map(|a| Loaded {
                title: a.doc.meta.title.clone().unwrap_or_else(|| a.doc.meta.origin.clone()),
                index: a.doc.offset_index(),
                doc: a.doc,
            });
            self.cache.insert(id, a);
        }
        Ok(self.cache.get(&id).and_then(Option::as_ref))
    }
}

/// The output contract of a stored event, its evidence from its first
/// report.
fn json_of(articles: &mut Articles<'_>, e: &StoredEvent, mentions: &[StoredMention]) -> Result<JsonEvent> {
    let first = match mentions.first() {
        Some(m) => articles.get(m.article_id)?.map(|a| (m, &a.doc, &a.index)),
        None => None,
    };
    Ok(stored_event(e, first))
}

fn side_text(a: &dateline_store::StoredActor) -> String {
    match (&a.code, &a.country, &a.text) {
        (Some(code), _, _) => code.clone(),
        (None, Some(c), _) => c.clone(),
        (None, None, Some(t)) => format!("({})", truncate(t, 16)),
        _ => "-".into(),
    }
}

pub fn list(db: &Path, args: EventsArgs) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let mut filter = args.filter.filter();
    filter.limit = Some(args.limit);
    filter.offset = args.offset;
    let events = store.events(&filter)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut articles = Articles::new(&store);
    if args.json {
        for e in &events {
            let mentions = store.event_mentions(e.id)?;
            json_line(&mut out, &json_of(&mut articles, e, &mentions)?)?;
        }
    } else {
        let total = store.count_events(&EventFilter { limit: None, offset: 0, ..filter.clone() })?;
        writeln!(
            out,
            "{:>6}  {:<10}  {:<5} {:<10} {:<14} {:<14} {:<14} {:>3}  EVIDENCE",
            "ID", "DATE", "CAMEO", "PLOVER", "SOURCE", "TARGET", "PLACE", "N"
        )?;
        for e in &events {
            let mentions = store.event_mentions(e.id)?;
            let sentence = match mentions.first() {
                Some(m) => articles
                    .get(m.article_id)?
                    .and_then(|a| a.doc.text().get(m.sentence[0]..m.sentence[1]))
                    .unwrap_or("")
                    .replace('\n', " "),
                None => String::new(),
            };
            writeln!(
                out,
                "{:>6}  {:<10}  {:<5} {:<10} {:<14} {:<14} {:<14} {:>3}  {}",
                e.id,
                e.day.as_deref().unwrap_or("-"),
                e.cameo,
                e.plover_type.as_deref().unwrap_or("-"),
                truncate(&side_text(&e.source), 14),
                truncate(&side_text(&e.target), 14),
                truncate(e.place.as_ref().map_or("-", |p| p.name.as_str()), 14),
                e.n_mentions,
                truncate(&sentence, 70)
            )?;
        }
        writeln!(out, "{} of {} event(s)", events.len(), total)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The sentence with the trigger in [brackets] and the other evidence in
/// «guillemets».
fn marked_sentence(doc: &Document, m: &StoredMention) -> String {
    let text = doc.text();
    let (s, e) = (m.sentence[0], m.sentence[1]);
    let mut marks: Vec<(usize, &str)> = Vec::new();
    marks.push((m.trigger[0], "["));
    marks.push((m.trigger[1], "]"));
    for r in &m.event.evidence {
        let (a, b) = (r.start().to_usize(), r.end().to_usize());
        if (a, b) != (m.trigger[0], m.trigger[1]) && s <= a && b <= e {
            marks.push((a, "«"));
            marks.push((b, "»"));
        }
    }
    marks.sort_by_key(|&(at, mark)| (at, mark == "[" || mark == "«"));
    let mut out = String::new();
    let mut pos = s;
    for (at, mark) in marks {
        if at < pos || at > e || !text.is_char_boundary(at) {
            continue;
        }
        out.push_str(&text[pos..at]);
        out.push_str(mark);
        pos = at;
    }
    if pos <= e && text.is_char_boundary(e) {
        out.push_str(&text[pos..e]);
    }
    out.replace('\n', " ")
}

pub fn explain(db: &Path, args: ExplainArgs) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let Some((event, mentions)) = store.event(args.id)? else {
        eprintln!("no event {} in {}", args.id, db.display());
        return Ok(ExitCode::from(1));
    };
    let mut articles = Articles::new(&store);
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut reports = Vec::new();
        for m in &mentions {
            let Some(Loaded { doc, title, index }) = articles.get(m.article_id)? else { continue };
            reports.push(serde_json::json!({
                "article_id": m.article_id,
                "title": title,
                "source": m.source,
                "rule": m.rule,
                "attribution": m.attribution,
                "event": crate::event_json::doc_event(doc, index, &m.event, format!("{}:{}", m.article_id, m.id), Some(m.article_id)),
                "sentence": doc.text().get(m.sentence[0]..m.sentence[1]),
            }));
        }
        let head = json_of(&mut articles, &event, &mentions)?;
        json_line(&mut out, &serde_json::json!({"event": head, "reports": reports}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let plover = match (&event.plover_type, &event.plover_mode) {
        (Some(t), Some(m)) => format!("{t} ({m})"),
        (Some(t), None) => t.clone(),
        _ => "-".into(),
    };
    writeln!(
        out,
        "event {}: CAMEO {} (Goldstein {:+.1}, QuadClass {}), PLOVER {plover}, {}",
        event.id, event.cameo, event.goldstein, event.quadclass, event.modality
    )?;
    let side = |a: &dateline_store::StoredActor| {
        format!(
            "{} [{}{}{}]",
            a.text.as_deref().unwrap_or("-"),
            a.code.as_deref().unwrap_or("no code"),
            a.country.as_deref().map(|c| format!(", {c}")).unwrap_or_default(),
            a.kb_id.as_deref().map(|k| format!(", {k}")).unwrap_or_default()
        )
    };
    writeln!(out, "  source: {}", side(&event.source))?;
    writeln!(
        out,
        "  target: {}{}",
        side(&event.target),
        if event.reciprocal { " (reciprocal)" } else { "" }
    )?;
    writeln!(
        out,
        "  date:   {} ({})",
        event.date_value.as_deref().unwrap_or("-"),
        event.date_precision.as_deref().unwrap_or("unknown: told in the past with no time of its own")
    )?;
    match &event.place {
        Some(p) => writeln!(
            out,
            "  place:  {}{} ({:.4}, {:.4}; {}{})",
            p.name,
            p.country.as_deref().map(|c| format!(", {c}")).unwrap_or_default(),
            p.lat,
            p.lon,
            p.precision,
            p.geonameid.map(|g| format!("; GeoNames {g}")).unwrap_or_default()
        )?,
        None => writeln!(out, "  place:  -")?,
    }
    writeln!(
        out,
        "  reported {} time(s) in {} article(s) from {} source(s):",
        event.n_mentions, event.n_articles, event.n_sources
    )?;
    for m in &mentions {
        let Some(Loaded { doc, title, .. }) = articles.get(m.article_id)? else { continue };
        writeln!(
            out,
            "  - article {} \"{}\"{}",
            m.article_id,
            title,
            m.source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
        )?;
        writeln!(out, "    {}", marked_sentence(doc, m))?;
        writeln!(out, "    rule: {}", m.rule)?;
        if m.event.confidence > 0.0 {
            writeln!(out, "    confidence: {:.2}", m.event.confidence)?;
        }
        if let Some(a) = &m.attribution {
            writeln!(out, "    according to: {a}")?;
        }
        if let Some(d) = &m.event.date {
            let said = d.timex.and_then(|i| doc.timexes.get(i as usize)).map(|t| doc.slice(t.range));
            writeln!(
                out,
                "    date from: {}",
                match said {
                    Some(words) => format!("\"{words}\" → {}", d.value),
                    None => format!("{:?} → {}", d.basis, d.value).to_lowercase(),
                }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn export(db: &Path, args: ExportArgs) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let filter = args.filter.filter();
    let events = store.events(&filter)?;
    let mut articles = Articles::new(&store);
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let open = |path: &Path| -> Result<Box<dyn Write>> {
        Ok(Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )))
    };
    match args.format {
        Format::Jsonl | Format::Csv => {
            let mut out: Box<dyn Write> = match &args.out {
                Some(p) if !to_stdout => open(p)?,
                _ => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            if args.format == Format::Csv {
                writeln!(
                    out,
                    "id,day,cameo,root,goldstein,quadclass,plover_type,plover_mode,source_code,source_country,source_text,\
                     target_code,target_country,target_text,reciprocal,modality,date_value,date_precision,place_name,\
                     place_country,lat,lon,geonameid,place_precision,mentions,articles,sources,article_id,sentence"
                )?;
            }
            for e in &events {
                let mentions = store.event_mentions(e.id)?;
                let j = json_of(&mut articles, e, &mentions)?;
                if args.format == Format::Jsonl {
                    json_line(&mut out, &j)?;
                    continue;
                }
                let o = |s: &Option<String>| csv_field(s.as_deref().unwrap_or(""));
                let p = e.place.as_ref();
                let row = [
                    e.id.to_string(),
                    o(&e.day),
                    csv_field(&e.cameo),
                    csv_field(&e.root),
                    e.goldstein.to_string(),
                    e.quadclass.to_string(),
                    o(&e.plover_type),
                    o(&e.plover_mode),
                    o(&e.source.code),
                    o(&e.source.country),
                    o(&e.source.text),
                    o(&e.target.code),
                    o(&e.target.country),
                    o(&e.target.text),
                    u8::from(e.reciprocal).to_string(),
                    csv_field(&e.modality),
                    o(&e.date_value),
                    o(&e.date_precision),
                    csv_field(p.map_or("", |p| p.name.as_str())),
                    csv_field(p.and_then(|p| p.country.as_deref()).unwrap_or("")),
                    p.map(|p| p.lat.to_string()).unwrap_or_default(),
                    p.map(|p| p.lon.to_string()).unwrap_or_default(),
                    p.and_then(|p| p.geonameid).map(|g| g.to_string()).unwrap_or_default(),
                    csv_field(p.map_or("", |p| p.precision.as_str())),
                    e.n_mentions.to_string(),
                    e.n_articles.to_string(),
                    e.n_sources.to_string(),
                    e.first_article.to_string(),
                    csv_field(&j.evidence.sentence),
                ];
                writeln!(out, "{}", row.join(","))?;
            }
            out.flush()?;
        }
        Format::Gdelt => {
            let Some(prefix) = args.out.as_ref().filter(|_| !to_stdout) else {
                bail!("--format gdelt writes two tables: give --out PREFIX (writes PREFIX.export.CSV and PREFIX.mentions.CSV)");
            };
            let name = prefix.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let events_path = prefix.with_file_name(format!("{name}.export.CSV"));
            let mentions_path = prefix.with_file_name(format!("{name}.mentions.CSV"));
            let mut ev = open(&events_path)?;
            let mut mv = open(&mentions_path)?;
            for e in &events {
                let mentions = store.event_mentions(e.id)?;
                write_gdelt_event(&mut ev, &mut articles, e, &mentions)?;
                write_gdelt_mentions(&mut mv, &mut articles, e, &mentions)?;
            }
            ev.flush()?;
            mv.flush()?;
            eprintln!(
                "wrote {} event(s) to {} and their mentions to {}",
                events.len(),
                events_path.display(),
                mentions_path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The eight columns of a GDELT geography block with no place (type 0).
fn write_gdelt_event(
    out: &mut dyn Write,
    articles: &mut Articles<'_>,
    e: &StoredEvent,
    mentions: &[StoredMention],
) -> Result<()> {
    let root_event = mentions.first().is_some_and(|m| m.event.sentence <= 1);
    let url = match articles.get(e.first_article)? {
        Some(a) => a.doc.meta.url.clone().unwrap_or_else(|| a.doc.meta.origin.clone()),
        None => String::new(),
    };
    writeln!(out, "{}", gdelt::event_row(e, root_event, &url))?;
    Ok(())
}

fn write_gdelt_mentions(
    out: &mut dyn Write,
    articles: &mut Articles<'_>,
    e: &StoredEvent,
    mentions: &[StoredMention],
) -> Result<()> {
    for m in mentions {
        let Some(Loaded { doc, index, .. }) = articles.get(m.article_id)? else { continue };
        let chars = |r: Option<dateline_doc::TextRange>| -> String {
            r.map_or_else(|| "-1".to_owned(), |r| index.char_range(r).0.to_string())
        };
        let url = doc.meta.url.clone();
        let stamp_added = gdelt::stamp(&e.added_at);
        let in_raw = [&m.event.source, &m.event.target]
            .iter()
            .all(|a| a.as_ref().is_none_or(|a| doc.text().get(a.range.to_std()) == Some(a.text.as_str())));
        let cols = [
            e.id.to_string(),
            stamp_added.clone(),
            stamp_added,
            if url.is_some() { "1" } else { "2" }.to_owned(),
            gdelt::tsv(m.source.as_deref().unwrap_or("")),
            gdelt::tsv(&url.unwrap_or_else(|| doc.meta.origin.clone())),
            (m.event.sentence + 1).to_string(),
            chars(m.event.source.as_ref().map(|a| a.range)),
            chars(m.event.target.as_ref().map(|a| a.range)),
            chars(Some(m.event.trigger)),
            u8::from(in_raw).to_string(),
            "100".into(),
            doc.text().chars().count().to_string(),
            "0".into(),
            String::new(),
            String::new(),
        ];
        writeln!(out, "{}", cols.join("\t"))?;
    }
    Ok(())
}
