//! The restricted Lua state a script runs in: only the `string`, `table`, `math`, `utf8`
//! and `coroutine` libraries, no `io`, `os`, `package`, `debug`, `require`, `load`,
//! `dofile` or `string.dump`; an instruction budget per call and a memory limit per state.
//! Errors come back as `script:line: message`.

use std::cell::Cell;
use std::rc::Rc;

use mlua::{Function, HookTriggers, Lua, LuaOptions, RegistryKey, StdLib, Table, Value, VmState};
use quarry_core::{Document, Fact, Options};

use crate::{api, convert, LuaError, Script};

/// How much one call may use. Set per stage with `instruction_limit` and `memory_limit_mb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// VM instructions per `extract` call (and for loading the script).
    pub instructions: u64,
    /// Bytes of memory the script's state may hold.
    pub memory: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            instructions: 20_000_000,
            memory: 64 << 20,
        }
    }
}

/// How often the budget is checked; the budget is exact to this many instructions.
const HOOK_EVERY: u32 = 1000;

impl Limits {
    /// Takes the limit options out of the stage options; the rest are the script's.
    pub(crate) fn from_options(
        file: &str,
        options: &Options,
    ) -> Result<(Limits, serde_json::Map<String, serde_json::Value>), LuaError> {
        let mut limits = Limits::default();
        let mut rest = serde_json::Map::new();
        for (key, value) in options {
            let positive = || {
                value.as_integer().filter(|n| *n > 0).ok_or_else(|| {
                    LuaError::Script(format!(
                        "{file}: option `{key}` must be a positive integer, got {value}"
                    ))
                })
            };
            match key.as_str() {
                "instruction_limit" => limits.instructions = positive()? as u64,
                "memory_limit_mb" => limits.memory = (positive()? as usize) << 20,
                _ => {
                    let json = serde_json::to_value(value)
                        .map_err(|e| LuaError::Script(format!("{file}: option `{key}`: {e}")))?;
                    rest.insert(key.clone(), json);
                }
            }
        }
        Ok((limits, rest))
    }
}

/// What a script declares about itself.
pub struct Described {
    pub name: String,
    pub kinds: Vec<String>,
    pub defaults: serde_json::Value,
}

/// Loads the script once in a fresh state to check it and read its declaration.
pub fn describe(file: &str, source: &str, limits: Limits) -> Result<Described, LuaError> {
    let state = ScriptState::new(file, source, limits).map_err(LuaError::Script)?;
    let lua = &state.lua;
    let rule: Table = lua
        .registry_value(&state.rule)
        .map_err(|e| LuaError::Script(format!("{file}: {e}")))?;
    let name = match rule.get::<Value>("name") {
        Ok(Value::String(name)) if !name.to_string_lossy().is_empty() => name.to_string_lossy(),
        _ => {
            return Err(LuaError::Script(format!(
                "{file}: the returned table needs `name = \"…\"` (a non-empty string)"
            )))
        }
    };
    let kinds: Vec<String> = match rule.get::<Value>("kinds") {
        Ok(Value::Table(kinds)) => kinds
            .sequence_values::<String>()
            .collect::<Result<_, _>>()
            .map_err(|_| LuaError::Script(format!("{file}: `kinds` must be a list of strings")))?,
        _ => Vec::new(),
    };
    if kinds.is_empty() {
        return Err(LuaError::Script(format!(
            "{file}: the returned table needs `kinds = {{\"…\"}}`, the fact kinds it emits"
        )));
    }
    let defaults = match rule.get::<Value>("options") {
        Ok(Value::Nil) => serde_json::Value::Object(Default::default()),
        Ok(value @ Value::Table(_)) => convert::to_json(lua, value)
            .map_err(|e| LuaError::Script(format!("{file}: `options`: {e}")))?,
        _ => {
            return Err(LuaError::Script(format!(
                "{file}: `options` must be a table of defaults"
            )))
        }
    };
    Ok(Described {
        name,
        kinds,
        defaults,
    })
}

/// One thread's state for one script.
pub struct ScriptState {
    lua: Lua,
    /// The table the script returned.
    rule: RegistryKey,
    extract: RegistryKey,
    /// Instructions left in the current call.
    budget: Rc<Cell<u64>>,
    limits: Limits,
    file: String,
}

impl ScriptState {
    pub fn new(file: &str, source: &str, limits: Limits) -> Result<ScriptState, String> {
        let lua = Lua::new_with(
            StdLib::STRING | StdLib::TABLE | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE,
            LuaOptions::default(),
        )
        .map_err(|e| format!("{file}: cannot start Lua: {e}"))?;
        restrict(&lua, file).map_err(|e| format!("{file}: cannot set up the sandbox: {e}"))?;
        api::install(&lua).map_err(|e| format!("{file}: cannot install the quarry API: {e}"))?;
        let budget = Rc::new(Cell::new(limits.instructions));
        let hook_budget = Rc::clone(&budget);
        let hook_file = file.to_owned();
        let total = limits.instructions;
        lua.set_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_lua, debug| {
            let left = hook_budget.get().saturating_sub(u64::from(HOOK_EVERY));
            hook_budget.set(left);
            if left == 0 {
                let line = debug.curr_line();
                return Err(mlua::Error::RuntimeError(format!(
                    "{hook_file}:{line}: instruction budget of {total} exceeded (an endless loop? raise `instruction_limit` in [stage.options])"
                )));
            }
            Ok(VmState::Continue)
        });
        lua.set_memory_limit(limits.memory)
            .map_err(|e| format!("{file}: cannot set the memory limit: {e}"))?;
        let rule: Table = lua
            .load(source)
            .set_name(format!("={file}"))
            .eval()
            .map_err(|e| describe_error(file, limits, &e))
            .and_then(|value: Value| match value {
                Value::Table(table) => Ok(table),
                other => Err(format!(
                    "{file}: the script must return a table {{name = …, kinds = …, extract = function(doc) … end}}, it returned {}",
                    other.type_name()
                )),
            })?;
        let extract: Function = rule.get("extract").map_err(|_| {
            format!("{file}: the returned table needs `extract = function(doc) … end`")
        })?;
        let rule = lua.create_registry_value(rule).map_err(|e| e.to_string())?;
        let extract = lua
            .create_registry_value(extract)
            .map_err(|e| e.to_string())?;
        Ok(ScriptState {
            lua,
            rule,
            extract,
            budget,
            limits,
            file: file.to_owned(),
        })
    }

    pub(crate) fn run(
        &self,
        script: &Script,
        doc: &Document,
        earlier: &[Fact],
    ) -> Result<Vec<Fact>, String> {
        self.budget.set(self.limits.instructions);
        let extract: Function = self
            .lua
            .registry_value(&self.extract)
            .map_err(|e| e.to_string())?;
        let returned = self.lua.scope(|scope| {
            let doc_table = convert::document(&self.lua, scope, doc, earlier, &script.options)?;
            extract.call::<Value>(doc_table)
        });
        let outcome = match returned {
            Ok(value) => convert::facts(&self.lua, value, doc.text(), script),
            Err(e) => Err(describe_error(&self.file, self.limits, &e)),
        };
        if outcome.is_err() {
            // A failed call may leave garbage (a memory bomb's strings): free it before the
            // next document.
            let _ = self.lua.gc_collect();
        }
        outcome
    }
}

/// Removes what a rule must not reach: files, processes, loading code, the debug library.
fn restrict(lua: &Lua, file: &str) -> mlua::Result<()> {
    let globals = lua.globals();
    for name in ["dofile", "loadfile", "load", "require", "collectgarbage"] {
        globals.set(name, Value::Nil)?;
    }
    let string: Table = globals.get("string")?;
    string.set("dump", Value::Nil)?;
    let prefix = file.to_owned();
    let print = lua.create_function(move |_, args: mlua::MultiValue| {
        let parts: Vec<String> = args
            .iter()
            .map(|v| v.to_string().unwrap_or_else(|_| v.type_name().to_owned()))
            .collect();
        eprintln!("[{prefix}] {}", parts.join("\t"));
        Ok(())
    })?;
    globals.set("print", print)
}

/// `script:line: message`, whatever kind of error Lua or a callback raised.
fn describe_error(file: &str, limits: Limits, error: &mlua::Error) -> String {
    match error {
        mlua::Error::CallbackError { cause, .. } => describe_error(file, limits, cause),
        mlua::Error::MemoryError(_) => format!(
            "{file}: memory limit of {} MB exceeded (raise `memory_limit_mb` in [stage.options])",
            limits.memory >> 20
        ),
        mlua::Error::RuntimeError(message) | mlua::Error::SyntaxError { message, .. } => {
            let first = message.lines().next().unwrap_or_default();
            if first.starts_with(file) {
                first.to_owned()
            } else {
                format!("{file}: {first}")
            }
        }
        other => {
            let text = other.to_string();
            let first = text.lines().next().unwrap_or_default().to_owned();
            if first.starts_with(file) {
                first
            } else {
                format!("{file}: {first}")
            }
        }
    }
}
