//! `cargo run --release -p dateline-time --example eval -- GOLD.jsonl [PRED_OUT.jsonl]`
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(gold) = args.get(1) else {
        eprintln!("usage: eval GOLD.jsonl [PRED_OUT.jsonl]");
        std::process::exit(2);
    };
    match dateline_time::score::predict_jsonl(std::path::Path::new(gold)) {
        Ok((g, p)) => {
            if let Some(out) = args.get(2) {
                if let Err(e) = std::fs::write(out, dateline_time::score::to_jsonl(&p)) {
                    eprintln!("{out}: {e}");
                }
            }
            match dateline_time::score::score(&g, &p) {
                Ok(s) => print!("{s}"),
                Err(e) => eprintln!("{e}"),
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
