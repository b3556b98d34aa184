//! `dateline serve` and `dateline demo`: the HTTP API and the dashboard.
//! (Being built for issue 8; until then both commands say so and fail.)

use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {}

pub fn serve(_db: &Path, _args: ServeArgs) -> Result<ExitCode> {
    bail!("dateline serve is not available in this build yet")
}

pub fn demo(_db: &Path, _args: DemoArgs) -> Result<ExitCode> {
    bail!("dateline demo is not available in this build yet")
}
