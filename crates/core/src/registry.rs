//! The registry of built-in extractors. Each built-in crate registers itself with
//! `inventory::submit!` and a [`Builtin`] entry; the host finds entries by name without
//! knowing the crates. Lua scripts and compiled plugins are not registered here: the
//! pipeline loads those from their files.

use crate::{Extractor, Options};

/// A built-in extractor, as it registers itself.
pub struct Builtin {
    /// The name a pipeline file uses (`plugin = "dates"`).
    pub name: &'static str,
    /// The fact kinds it emits.
    pub kinds: &'static [&'static str],
    /// One line for `quarry list`.
    pub summary: &'static str,
    /// Builds the extractor from the stage's options; the error says what is wrong with them.
    pub build: fn(&Options) -> Result<Box<dyn Extractor>, String>,
}

inventory::collect!(Builtin);

/// For built-ins without options: any `[stage.options]` key is a mistake worth reporting.
pub fn no_options(options: &Options) -> Result<(), String> {
    match options.keys().next() {
        None => Ok(()),
        Some(key) => Err(format!(
            "unknown option `{key}`: this plugin takes no options"
        )),
    }
}

/// All registered built-ins, sorted by name.
pub fn builtins() -> Vec<&'static Builtin> {
    let mut all: Vec<_> = inventory::iter::<Builtin>.into_iter().collect();
    all.sort_by_key(|b| b.name);
    all
}

pub fn find(name: &str) -> Option<&'static Builtin> {
    inventory::iter::<Builtin>
        .into_iter()
        .find(|b| b.name == name)
}

/// The names of the built-ins, for messages that list what is available.
pub fn names() -> Vec<&'static str> {
    builtins().into_iter().map(|b| b.name).collect()
}
