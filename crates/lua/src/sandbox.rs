//! The restricted Lua state a script runs in: only the `string`, `table`, `math`, `utf8`
//! and `coroutine` libraries, no `io`, `os`, `package`, `debug`, `require`, `load`,
//! `dofile`, `collectgarbage` or `string.dump`; per call an instruction budget and a time
//! limit ([`crate::meter`]), per state a memory limit. The library functions whose cost
//! the instruction hook cannot see are metered (`prelude.lua`, [`crate::patterns`]).
//!
//! Each document starts from the state the script's top level left (`prelude.lua`'s
//! `snapshot` and `restore`): globals, tables and local variables that `extract` changes
//! are put back before the next call, so no document sees another's traces and the output
//! does not depend on the order of the documents or the number of threads.
//! Errors come back as `script:line: message`.

use std::rc::Rc;
use std::time::Duration;

use mlua::{ffi, ChunkMode, Function, Lua, LuaOptions, RegistryKey, StdLib, Table, Value};
use quarry_core::{Document, Fact, Options};

use crate::meter::Meter;
use crate::{api, convert, patterns, LuaError, Script};

/// How much one call may use. Set per stage with `instruction_limit`, `time_limit_ms` and
/// `memory_limit_mb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// VM instructions per `extract` call (and for loading the script).
    pub instructions: u64,
    /// Wall-clock time per `extract` call (and for loading the script).
    pub time: Duration,
    /// Bytes of memory the script's state may hold.
    pub memory: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            instructions: 20_000_000,
            time: Duration::from_millis(1000),
            memory: 64 << 20,
        }
    }
}

/// The largest value of each limit option: past them a limit would overflow (or stop
/// being one).
const MAX_INSTRUCTIONS: i64 = 1_000_000_000_000;
const MAX_TIME_MS: i64 = 3_600_000;
const MAX_MEMORY_MB: i64 = 1 << 20;

impl Limits {
    /// Takes the limit options out of the stage options; the rest are the script's.
    pub(crate) fn from_options(
        file: &str,
        options: &Options,
    ) -> Result<(Limits, serde_json::Map<String, serde_json::Value>), LuaError> {
        let mut limits = Limits::default();
        let mut rest = serde_json::Map::new();
        for (key, value) in options {
            let within = |max: i64| {
                value
                    .as_integer()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        LuaError::Script(format!(
                            "{file}: option `{key}` must be an integer from 1 to {max}, got {value}"
                        ))
                    })
            };
            match key.as_str() {
                "instruction_limit" => limits.instructions = within(MAX_INSTRUCTIONS)? as u64,
                "time_limit_ms" => limits.time = Duration::from_millis(within(MAX_TIME_MS)? as u64),
                "memory_limit_mb" => limits.memory = (within(MAX_MEMORY_MB)? as usize) << 20,
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
    // Raw reads: no script code (a metamethod) runs outside a metered call.
    let name = match rule.raw_get::<Value>("name") {
        Ok(Value::String(name)) if !name.to_string_lossy().is_empty() => name.to_string_lossy(),
        _ => {
            return Err(LuaError::Script(format!(
                "{file}: the returned table needs `name = \"…\"` (a non-empty string)"
            )))
        }
    };
    let kinds: Vec<String> = match rule.raw_get::<Value>("kinds") {
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
    let defaults = match rule.raw_get::<Value>("options") {
        Ok(Value::Nil) => serde_json::Value::Object(Default::default()),
        Ok(value @ Value::Table(_)) => {
            convert::to_json(lua, &value, &mut convert::Allowance::new(limits.memory))
                .map_err(|e| LuaError::Script(format!("{file}: `options`: {e}")))?
        }
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
    /// Puts the script's local variables back as its top level left them (`prelude.lua`).
    restore: RegistryKey,
    /// The tables saved after loading, for [`restore_tables`].
    tables: RegistryKey,
    meter: Rc<Meter>,
    limits: Limits,
    file: String,
}

/// The libraries a script sees, and `debug`, loaded for the prelude alone and then removed.
fn libraries() -> StdLib {
    StdLib::STRING | StdLib::TABLE | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE | StdLib::DEBUG
}

impl ScriptState {
    pub fn new(file: &str, source: &str, limits: Limits) -> Result<ScriptState, String> {
        // SAFETY: `unsafe_new_with` only allows the debug library (and C modules, which
        // need `package`, not loaded). The debug functions go to the prelude and are taken
        // out of the globals before any script code runs.
        let lua = unsafe { Lua::unsafe_new_with(libraries(), LuaOptions::default()) };
        let meter = Meter::install(&lua, file, limits)
            .map_err(|e| format!("{file}: cannot set the limits: {e}"))?;
        lua.set_memory_limit(limits.memory)
            .map_err(|e| format!("{file}: cannot set the memory limit: {e}"))?;
        let (snapshot, restore, tables) = restrict(&lua, file, &meter)
            .map_err(|e| format!("{file}: cannot set up the sandbox: {e}"))?;
        api::install(&lua).map_err(|e| format!("{file}: cannot install the quarry API: {e}"))?;
        meter.start();
        let loaded = lua
            .load(source)
            .set_name(format!("={file}"))
            // Text only: bytecode is not checked by Lua and could crash the process.
            .set_mode(ChunkMode::Text)
            .eval::<Value>();
        let rule: Table = match loaded {
            Ok(Value::Table(table)) => table,
            Ok(other) => {
                return Err(format!(
                    "{file}: the script must return a table {{name = …, kinds = …, extract = function(doc) … end}}, it returned {}",
                    other.type_name()
                ))
            }
            Err(e) => return Err(describe_error(file, limits, &meter, &e)),
        };
        let Ok(Value::Function(extract)) = rule.raw_get::<Value>("extract") else {
            return Err(format!(
                "{file}: the returned table needs `extract = function(doc) … end`"
            ));
        };
        meter.unlimited();
        let string_metatable = lua
            .load("return getmetatable('')")
            .eval::<Value>()
            .map_err(|e| e.to_string())?;
        snapshot
            .call::<()>((file, lua.globals(), rule.clone(), string_metatable))
            .map_err(|e| describe_error(file, limits, &meter, &e))?;
        let key = |value: Value| lua.create_registry_value(value).map_err(|e| e.to_string());
        Ok(ScriptState {
            rule: key(Value::Table(rule))?,
            extract: key(Value::Function(extract))?,
            restore: key(Value::Function(restore))?,
            tables: key(Value::Table(tables))?,
            lua,
            meter,
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
        let function = |key: &RegistryKey| -> Result<Function, String> {
            self.lua.registry_value(key).map_err(|e| e.to_string())
        };
        self.meter.unlimited();
        let tables: Table = self
            .lua
            .registry_value(&self.tables)
            .map_err(|e| e.to_string())?;
        restore_tables(&self.lua, tables)
            .and_then(|()| {
                function(&self.restore)
                    .map_err(mlua::Error::runtime)?
                    .call::<()>(())
            })
            .map_err(|e| format!("{}: cannot restore the script's state: {e}", self.file))?;
        // Matchers collected since the last call gave their memory back.
        self.meter
            .sync_memory(&self.lua)
            .map_err(|e| e.to_string())?;
        let extract = function(&self.extract)?;
        self.meter.start();
        let returned = self.lua.scope(|scope| {
            let doc_table = convert::document(&self.lua, scope, doc, earlier, &script.options)?;
            extract.call::<Value>(doc_table)
        });
        let outcome = match returned {
            Ok(value) => convert::facts(&self.lua, value, doc.text(), script, self.limits.memory),
            Err(e) => Err(describe_error(&self.file, self.limits, &self.meter, &e)),
        };
        if outcome.is_err() {
            // A failed call may leave garbage (a memory bomb's strings): free it before the
            // next document.
            self.meter.unlimited();
            let _ = self.lua.gc_collect();
        }
        outcome
    }
}

/// Puts every saved table back (`prelude.lua`'s `tables`: `{table, copy, count, metatable}`
/// each): first the contents of all of them, then their metatables, so that a metatable
/// given back has lost a `__gc` added in the meantime. Raw accesses and comparisons only:
/// no script code runs here, outside the limits.
fn restore_tables(lua: &Lua, tables: Table) -> mlua::Result<()> {
    // SAFETY: runs in a protected call with the list at index 1; it keeps the stack within
    // the slots it checks for, and nothing that needs dropping is alive if a memory error
    // jumps out of `lua_rawset`.
    unsafe {
        lua.exec_raw::<()>(tables, |state| {
            const LIST: i32 = 1;
            const ENTRY: i32 = 2;
            const TABLE: i32 = 3;
            const COPY: i32 = 4;
            const KEY: i32 = 5;
            const VALUE: i32 = 6;
            const WAS: i32 = 7;
            if ffi::lua_checkstack(state, 8) == 0 {
                return;
            }
            let count = ffi::lua_rawlen(state, LIST) as ffi::lua_Integer;
            for i in 1..=count {
                ffi::lua_rawgeti(state, LIST, i);
                ffi::lua_rawgeti(state, ENTRY, 1);
                ffi::lua_rawgeti(state, ENTRY, 2);
                ffi::lua_rawgeti(state, ENTRY, 3);
                let size = ffi::lua_tointeger(state, -1);
                ffi::lua_settop(state, COPY);
                let mut kept = 0;
                ffi::lua_pushnil(state);
                while ffi::lua_next(state, TABLE) != 0 {
                    ffi::lua_pushvalue(state, KEY);
                    if ffi::lua_rawget(state, COPY) != ffi::LUA_TNIL {
                        kept += 1;
                    }
                    if ffi::lua_rawequal(state, VALUE, WAS) == 0 {
                        // An existing key: allowed while traversing.
                        ffi::lua_pushvalue(state, KEY);
                        ffi::lua_pushvalue(state, WAS);
                        ffi::lua_rawset(state, TABLE);
                    }
                    ffi::lua_settop(state, KEY);
                }
                if kept < size {
                    ffi::lua_pushnil(state);
                    while ffi::lua_next(state, COPY) != 0 {
                        ffi::lua_pushvalue(state, KEY);
                        if ffi::lua_rawget(state, TABLE) == ffi::LUA_TNIL {
                            ffi::lua_pushvalue(state, KEY);
                            ffi::lua_pushvalue(state, VALUE);
                            ffi::lua_rawset(state, TABLE);
                        }
                        ffi::lua_settop(state, KEY);
                    }
                }
                ffi::lua_settop(state, LIST);
            }
            for i in 1..=count {
                ffi::lua_rawgeti(state, LIST, i);
                ffi::lua_rawgeti(state, ENTRY, 1);
                ffi::lua_rawgeti(state, ENTRY, 4);
                let same = if ffi::lua_getmetatable(state, TABLE) == 0 {
                    ffi::lua_type(state, COPY) == ffi::LUA_TNIL
                } else {
                    ffi::lua_rawequal(state, COPY, KEY) != 0
                };
                if !same {
                    ffi::lua_settop(state, COPY);
                    ffi::lua_setmetatable(state, TABLE);
                }
                ffi::lua_settop(state, LIST);
            }
            ffi::lua_settop(state, 0);
        })
    }
}

/// Removes what a rule must not reach (files, processes, loading code, the debug
/// library), runs the prelude and returns its `snapshot` and `restore` functions and its
/// list of saved tables.
fn restrict(lua: &Lua, file: &str, meter: &Rc<Meter>) -> mlua::Result<(Function, Function, Table)> {
    let globals = lua.globals();
    let debug: Table = globals.get("debug")?;
    for name in [
        "dofile",
        "loadfile",
        "load",
        "require",
        "collectgarbage",
        "debug",
    ] {
        globals.set(name, Value::Nil)?;
    }
    let string: Table = globals.get("string")?;
    string.set("dump", Value::Nil)?;
    let prefix = file.to_owned();
    let print = lua.create_function(move |_, args: mlua::MultiValue| {
        // `?`: an error in a `__tostring` (a limit error) must not be swallowed here.
        let parts = args
            .iter()
            .map(|v| v.to_string())
            .collect::<mlua::Result<Vec<String>>>()?;
        // Not `eprintln!`, which panics when stderr is a closed pipe: a print that cannot
        // be shown is lost, not an error of the document.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "[{prefix}] {}", parts.join("\t"));
        Ok(())
    })?;
    globals.set("print", print)?;

    let host = lua.create_table()?;
    for name in [
        "getupvalue",
        "setupvalue",
        "getmetatable",
        "setmetatable",
        "getinfo",
    ] {
        host.set(name, debug.get::<Function>(name)?)?;
    }
    let stopping = Rc::clone(meter);
    host.set(
        "stopped",
        lua.create_function(move |_, ()| Ok(stopping.stopped()))?,
    )?;
    let charging = Rc::clone(meter);
    host.set(
        "charge",
        lua.create_function(move |lua, units: f64| {
            // NaN (from arithmetic on nonsense arguments) is refused later by the library
            // function itself; here it costs nothing.
            charging.charge(lua, units as u64)
        })?,
    )?;
    patterns::install(lua, &host)?;
    let own: Table = lua
        .load(include_str!("prelude.lua"))
        .set_name(crate::meter::PRELUDE_CHUNK)
        .set_mode(ChunkMode::Text)
        .call(host)?;
    Ok((
        own.get("snapshot")?,
        own.get("restore")?,
        own.get("tables")?,
    ))
}

/// `script:line: message`, whatever kind of error Lua or a callback raised. A call stopped
/// by its limits reports the limit, whatever the script made of the error on its way out.
fn describe_error(file: &str, limits: Limits, meter: &Meter, error: &mlua::Error) -> String {
    if let Some(stopped) = meter.stopped() {
        return stopped;
    }
    let message = match error {
        mlua::Error::CallbackError { cause, .. } => {
            return describe_error(file, limits, meter, cause)
        }
        mlua::Error::MemoryError(_) => format!(
            "{file}: memory limit of {} MB exceeded (raise `memory_limit_mb` in [stage.options])",
            limits.memory >> 20
        ),
        mlua::Error::RuntimeError(message) | mlua::Error::SyntaxError { message, .. } => {
            located(file, message)
        }
        other => located(file, &other.to_string()),
    };
    without_addresses(&message)
}

/// The first line of `message`, with the script's name in front if it has none.
fn located(file: &str, message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    if first.starts_with(file) {
        first.to_owned()
    } else {
        format!("{file}: {first}")
    }
}

/// `message` with heap addresses (`table: 0x55d0c3a4b2c0`) replaced by `0x…`: they differ
/// from run to run, and the output must not.
pub(crate) fn without_addresses(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("0x") {
        let digits = rest[at + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push_str(&rest[..at]);
        if digits >= 8 {
            out.push_str("0x…");
        } else {
            out.push_str(&rest[at..at + 2 + digits]);
        }
        rest = &rest[at + 2 + digits..];
    }
    out.push_str(rest);
    out
}
