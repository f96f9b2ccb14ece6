//! `quarry list`: the extractors a pipeline can name, one a line.

use std::process::ExitCode;

use quarry_core::registry;

pub fn list() -> anyhow::Result<ExitCode> {
    for builtin in registry::builtins() {
        println!(
            "{:<12} built-in  kinds: {:<20} {}",
            builtin.name,
            builtin.kinds.join(","),
            builtin.summary
        );
    }
    Ok(ExitCode::SUCCESS)
}
