//! The Lua stage: extractors written as Lua 5.4 scripts (`lua = "scripts/x.lua"` in a
//! pipeline file), run in a sandbox with an instruction budget, a time limit and a memory
//! limit.
//!
//! A script returns a table `{name, kinds, options, extract}`; `extract(doc)` returns a
//! list of facts with 1-based inclusive byte positions (as `string.find` gives them).
//! [`sandbox`] builds the restricted Lua state, [`api`] is the `quarry` helper table,
//! [`convert`] moves documents in and facts out, [`meter`] enforces the limits of a call and
//! [`patterns`] gives Lua's pattern functions a cost. Each worker thread keeps its own Lua
//! state per script, reused across documents, each of which starts from the state the
//! script's top level left. See `docs/lua.md`.

mod api;
mod convert;
mod layer;
mod meter;
mod patterns;
mod sandbox;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use quarry_core::{Document, ExtractError, Extractor, Fact, Options};
use serde_json::Value;

pub use sandbox::Limits;

/// A script that cannot be used: the message names the script (and line, where known).
#[derive(Debug, thiserror::Error)]
pub enum LuaError {
    #[error("cannot read Lua script {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Script(String),
}

/// What a loaded script declared, shared by every worker thread's copy of it.
#[derive(Debug)]
struct Script {
    id: usize,
    /// The file name, as messages and `source` name the script.
    file: String,
    source: String,
    name: String,
    kinds: Vec<String>,
    /// The script's option defaults overridden by the pipeline's `[stage.options]`.
    options: Value,
    limits: Limits,
}

/// A loaded Lua rule, ready to run on any thread.
pub struct LuaStage {
    script: Arc<Script>,
}

impl LuaStage {
    /// The rule's declared name (the facts' `source`).
    pub fn name(&self) -> &str {
        &self.script.name
    }

    pub fn kinds(&self) -> &[String] {
        &self.script.kinds
    }

    pub fn limits(&self) -> Limits {
        self.script.limits
    }
}

/// Reads, sandboxes and validates the script at `path` with the stage `options`
/// (`instruction_limit`, `time_limit_ms` and `memory_limit_mb` set the limits; the rest go
/// to the script).
pub fn load(path: &Path, options: &Options) -> Result<LuaStage, LuaError> {
    let source = std::fs::read_to_string(path).map_err(|source| LuaError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let (limits, script_options) = Limits::from_options(&file, options)?;
    let described = sandbox::describe(&file, &source, limits)?;
    let options = merge_options(&file, described.defaults, script_options)?;
    static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
    Ok(LuaStage {
        script: Arc::new(Script {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            file,
            source,
            name: described.name,
            kinds: described.kinds,
            options,
            limits,
        }),
    })
}

/// Pipeline options override the script's defaults, which must keep their type.
fn merge_options(
    file: &str,
    defaults: Value,
    given: serde_json::Map<String, Value>,
) -> Result<Value, LuaError> {
    let mut merged = match defaults {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    for (key, value) in given {
        if let Some(default) = merged.get(&key) {
            if json_type(default) != json_type(&value) {
                return Err(LuaError::Script(format!(
                    "{file}: option `{key}` must be a {} (the script's default is {default}), got {value}",
                    json_type(default)
                )));
            }
        }
        merged.insert(key, value);
    }
    Ok(Value::Object(merged))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "nil",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "table",
    }
}

thread_local! {
    /// This thread's Lua state for each script, by script id.
    static STATES: RefCell<HashMap<usize, sandbox::ScriptState>> = RefCell::new(HashMap::new());
}

impl Extractor for LuaStage {
    fn extract(&self, doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        STATES.with(|states| {
            let mut states = states.borrow_mut();
            let state = match states.entry(self.script.id) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    let state = sandbox::ScriptState::new(
                        &self.script.file,
                        &self.script.source,
                        self.script.limits,
                    )
                    .map_err(ExtractError)?;
                    entry.insert(state)
                }
            };
            state.run(&self.script, doc, earlier).map_err(ExtractError)
        })
    }
}
