//! Debug: prints the largest pruned subtrees of one page.
use std::io::Read;
fn main() {
    for path in std::env::args().skip(1) {
        let mut s = String::new();
        let Ok(f) = std::fs::File::open(&path) else { continue };
        if flate2::read::GzDecoder::new(f).read_to_string(&mut s).is_err() {
            continue;
        }
        for l in dateline_extract::debug_pruned(&s) {
            println!("{l}");
        }
    }
}
