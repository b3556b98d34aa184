//! Times loading the gazetteer: `cargo run --release -p dateline-places --example load_time`.
use dateline_places::Gazetteer;
use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Gazetteer::default_dir();
    let t = Instant::now();
    let f = std::fs::File::open(dir.join(dateline_places::GAZETTEER_FILE))?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::io::BufReader::new(f)).read_to_string(&mut s)?;
    let unzip = t.elapsed();
    let t = Instant::now();
    let g = Gazetteer::load(&dir)?;
    let load = t.elapsed();
    println!(
        "decompress {:.0} ms; load {:.0} ms; {} entries",
        unzip.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3,
        g.len()
    );
    Ok(())
}
