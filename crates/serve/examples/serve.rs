//! Serves a store without the rest of the CLI (used by `bench/serve.sh`):
//! `cargo run --release -p dateline-serve --example serve -- STORE [ADDR]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: serve STORE [ADDR]")?;
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let mut opts = dateline_serve::ServeOptions::new(std::path::Path::new(&db));
    // DATELINE_CACHE=0 turns the response cache off.
    if std::env::var("DATELINE_CACHE").is_ok_and(|v| v == "0") {
        opts.cache_entries = 0;
    }
    dateline_serve::serve_blocking(opts, &addr, |a| println!("serving {db} on http://{a}/"))?;
    Ok(())
}
