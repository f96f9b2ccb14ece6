//! `quarry check`: builds a pipeline file's stages without running them, so that a typo, a
//! missing script or an incompatible plugin is found before a long run starts.

use std::path::Path;
use std::process::ExitCode;

use quarry_core::Pipeline;

use crate::stages::Loader;

pub fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::from_file(path, &Loader::in_process())?;
    let names: Vec<&str> = pipeline.stage_names().collect();
    let repeated = repeated_stages(&names);
    for (first, again) in &repeated {
        eprintln!(
            "quarry: error: {}: stage {} repeats stage {first} (`{}`): its facts would come \
             out twice; remove one",
            path.display(),
            again + 1,
            names[*again]
        );
    }
    if !repeated.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    println!("{}: ok, stages: {}", path.display(), names.join(" → "));
    Ok(ExitCode::SUCCESS)
}

/// Each stage whose name an earlier stage has: (the earlier one's 1-based number, its own
/// 0-based index).
fn repeated_stages(names: &[&str]) -> Vec<(usize, usize)> {
    (0..names.len())
        .filter_map(|again| {
            let first = names[..again]
                .iter()
                .position(|name| *name == names[again])?;
            Some((first + 1, again))
        })
        .collect()
}
