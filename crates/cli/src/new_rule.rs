//! `quarry new-rule NAME`: writes a working Lua rule and its fixtures to start from.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

const TEMPLATE: &str = include_str!("../templates/rule.lua");
const FIXTURES: &str = include_str!("../templates/rule.fixtures.jsonl");

pub fn new_rule(name: &str, folder: &Path) -> anyhow::Result<ExitCode> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        bail!("rule name {name:?} must be letters, digits, '_' or '-'");
    }
    let script = folder.join(format!("{name}.lua"));
    let fixtures = crate::rule_test::fixtures_path(&script);
    for path in [&script, &fixtures] {
        if path.exists() {
            bail!(
                "{} already exists; choose another name or remove it",
                path.display()
            );
        }
    }
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    std::fs::write(&script, TEMPLATE.replace("RULE_NAME", name))
        .with_context(|| format!("cannot write {}", script.display()))?;
    std::fs::write(&fixtures, FIXTURES)
        .with_context(|| format!("cannot write {}", fixtures.display()))?;
    println!("wrote {} and {}", script.display(), fixtures.display());
    println!("try it:  quarry test {}", script.display());
    Ok(ExitCode::SUCCESS)
}
