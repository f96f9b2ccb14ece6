//! `quarry check`: builds a pipeline file's stages without running them, so that a typo, a
//! missing script or an incompatible plugin is found before a long run starts.

use std::path::Path;
use std::process::ExitCode;

use quarry_core::Pipeline;

use crate::stages::Loader;

pub fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::from_file(path, &Loader::in_process())?;
    let names: Vec<&str> = pipeline.stage_names().collect();
    println!("{}: ok, stages: {}", path.display(), names.join(" → "));
    Ok(ExitCode::SUCCESS)
}
