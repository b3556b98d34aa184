//! Times loading the gazetteer:
//! `cargo run --release -p dateline-places --example load_time [-- --load-only]`.
//! Prints wall time and the process CPU time (stable on a busy machine).
use dateline_places::Gazetteer;
use std::io::Read;
use std::time::Instant;

/// User + system CPU time of this process so far, from /proc (Linux).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0) // USER_HZ = 100
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Gazetteer::default_dir();
    if std::env::args().all(|a| a != "--load-only") {
        let t = Instant::now();
        let f = std::fs::File::open(dir.join(dateline_places::GAZETTEER_FILE))?;
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::io::BufReader::new(f)).read_to_string(&mut s)?;
        println!("decompress only: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    let c0 = cpu_ms();
    let t = Instant::now();
    let g = Gazetteer::load(&dir)?;
    let load = t.elapsed();
    let cpu = cpu_ms().zip(c0).map(|(a, b)| a - b);
    println!(
        "load {:.0} ms wall, {} ms cpu; {} entries",
        load.as_secs_f64() * 1e3,
        cpu.map_or("?".to_string(), |c| format!("{c:.0}")),
        g.len()
    );
    Ok(())
}
