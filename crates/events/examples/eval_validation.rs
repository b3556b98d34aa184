//! Runs PETRARCH's validation suite (see tests/common/validation.rs).
//! usage: eval_validation PETRARCH2_DIR   (VERBOSE=1 lists the misses)
#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/validation.rs"]
mod validation;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir =
        std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: eval_validation PETRARCH2_DIR")?);
    let s = validation::run(&dir, std::env::var_os("VERBOSE").is_some())?;
    println!("{s}");
    Ok(())
}
