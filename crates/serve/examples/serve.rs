//! Serves a store without the rest of the CLI (used by `bench/serve.sh`):
//! `cargo run --release -p dateline-serve --example serve -- STORE [ADDR]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: serve STORE [ADDR]")?;
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let opts = dateline_serve::ServeOptions::new(std::path::Path::new(&db));
    dateline_serve::serve_blocking(opts, &addr, |a| println!("serving {db} on http://{a}/"))?;
    Ok(())
}
