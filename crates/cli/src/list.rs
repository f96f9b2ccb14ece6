//! `quarry list`: the extractors a pipeline can name, one a line; with `--pipeline`, also
//! that pipeline's Lua scripts and compiled plugins (loaded, so their ABI is checked).

use std::path::Path;
use std::process::ExitCode;

use quarry_core::{registry, Pipeline};

use crate::stages::Loader;

pub fn list(pipeline: Option<&Path>) -> anyhow::Result<ExitCode> {
    for builtin in registry::builtins() {
        println!(
            "{:<12} built-in  kinds: {:<20} {}",
            builtin.name,
            builtin.kinds.join(","),
            builtin.summary
        );
    }
    if let Some(path) = pipeline {
        let pipeline = Pipeline::from_file(path, &Loader::in_process())?;
        for (name, origin) in pipeline.stage_origins().filter(|(_, o)| *o != "built-in") {
            println!("{name:<12} {origin}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
