//! Looks names up in the KB, or scans a file for mentions.
//!
//! ```text
//! cargo run -p dateline-actors --example kb_lookup -- [--date YYYY-MM-DD] NAME...
//! cargo run -p dateline-actors --example kb_lookup -- [--date YYYY-MM-DD] --scan FILE
//! ```

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let mut date = None;
    let mut scan = None;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--date" => date = Some(args.next().ok_or("--date needs a value")?.parse::<jiff::civil::Date>()?),
            "--scan" => scan = Some(args.next().ok_or("--scan needs a file")?),
            _ => names.push(a),
        }
    }
    let t = std::time::Instant::now();
    let kb = dateline_actors::Kb::load_default()?;
    eprintln!(
        "loaded {} countries, {} organisations, {} agents, {} people, {} aliases in {:.0} ms",
        kb.countries().len(),
        kb.organisations().len(),
        kb.agents().len(),
        kb.people().len(),
        kb.alias_count(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    if let Some(file) = scan {
        let text = std::fs::read_to_string(&file)?;
        let t = std::time::Instant::now();
        let found = kb.find_mentions(&text);
        eprintln!("{} mentions in {:.1} ms", found.len(), t.elapsed().as_secs_f64() * 1000.0);
        for (range, r) in found {
            let m = kb.resolve(r, date);
            println!("{}..{}\t{}\t{}\t{}", range.start, range.end, &text[range.clone()], m.code, m.name);
        }
    }
    for name in names {
        for m in kb.lookup(&name, date) {
            println!(
                "{name}\t{}\t{:?}{}\t{}\t{}",
                m.code,
                m.entry.kind,
                if m.entry.metonym { " (metonym)" } else { "" },
                m.name,
                m.role.map(|r| format!("{r} ({:?})", m.status)).unwrap_or_default()
            );
        }
    }
    Ok(())
}
