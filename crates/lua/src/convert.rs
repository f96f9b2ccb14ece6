//! Moves data across the Lua boundary: the document (and earlier facts) in as a `doc`
//! table, the returned facts out, checked. Lua positions are 1-based and inclusive byte
//! positions (as `string.find` returns them); quarry's spans are 0-based, end-exclusive.
//!
//! Converting a script's values allocates outside Lua's memory limit, so it has limits of
//! its own: tables nest at most [`MAX_DEPTH`] deep (a deeper or self-containing table would
//! overflow the stack), and the converted values of one call take at most the memory
//! limit (a long string referenced by thousands of facts is counted each time).

use mlua::{Lua, LuaSerdeExt, Scope, SerializeOptions, Table, Value};
use quarry_core::{Document, Fact, Span};

use crate::Script;

/// Serialization that turns JSON `null` into Lua `nil`, as scripts expect.
fn to_lua_options() -> SerializeOptions {
    SerializeOptions::new()
        .serialize_none_to_null(false)
        .serialize_unit_to_null(false)
}

/// The `doc` table: `text`, `id`, `date`, `options`, `doc:facts(kind)`, and the
/// linguistic layer's methods (`crate::layer`).
pub fn document<'scope, 'env: 'scope>(
    lua: &Lua,
    scope: &'scope Scope<'scope, 'env>,
    doc: &'env Document,
    earlier: &'env [Fact],
    options: &serde_json::Value,
) -> mlua::Result<Table> {
    let table = lua.create_table()?;
    table.set("text", doc.text())?;
    table.set("id", doc.id())?;
    table.set("date", doc.date().map(|d| d.to_string()))?;
    table.set("options", lua.to_value_with(options, to_lua_options())?)?;
    let facts = scope.create_function(move |lua, (_doc, kind): (Value, Option<String>)| {
        let list = lua.create_table()?;
        for fact in earlier
            .iter()
            .filter(|f| kind.as_deref().is_none_or(|k| f.kind == k))
        {
            list.push(fact_table(lua, fact, doc.text())?)?;
        }
        Ok(list)
    })?;
    table.set("facts", facts)?;
    crate::layer::install(scope, doc, &table)?;
    Ok(table)
}

fn fact_table(lua: &Lua, fact: &Fact, text: &str) -> mlua::Result<Table> {
    let table = lua.create_table()?;
    table.set("kind", fact.kind.as_ref())?;
    table.set("start", fact.span.start + 1)?;
    table.set("stop", fact.span.end)?;
    table.set("text", fact.text(text))?;
    table.set("source", fact.source.as_ref())?;
    let attrs = serde_json::Value::Object(fact.attrs.to_json());
    let attrs = match lua.to_value_with(&attrs, to_lua_options())? {
        Value::Table(attrs) => attrs,
        _ => lua.create_table()?,
    };
    // Anchored positions (a quote's speaker) in the script's convention.
    for (name, span) in &fact.anchors {
        attrs.set(format!("{name}_start"), span.start + 1)?;
        attrs.set(format!("{name}_stop"), span.end)?;
    }
    table.set("attrs", attrs)?;
    Ok(table)
}

/// How deep tables may nest in a converted value: the limit core holds every fact from
/// outside the process's own code to.
pub use quarry_core::MAX_ATTR_DEPTH as MAX_DEPTH;

/// How many bytes the values converted in one call may still take.
pub struct Allowance {
    left: usize,
    limit: usize,
}

impl Allowance {
    pub fn new(limit: usize) -> Self {
        Allowance { left: limit, limit }
    }

    fn take(&mut self, bytes: usize) -> Result<(), String> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(format!(
                "the converted values take more than the memory limit of {} MB (long strings repeated in many attrs?); raise `memory_limit_mb` in [stage.options]",
                self.limit >> 20
            )),
        }
    }
}

/// A Lua value as JSON: a table with a sequence part (or the array metatable of an
/// option's list) is an array of that sequence, another table an object with string keys.
pub fn to_json(
    lua: &Lua,
    value: &Value,
    allowance: &mut Allowance,
) -> Result<serde_json::Value, String> {
    json_at(lua, value, allowance, 0)
}

fn json_at(
    lua: &Lua,
    value: &Value,
    allowance: &mut Allowance,
    depth: usize,
) -> Result<serde_json::Value, String> {
    use serde_json::Value as Json;
    Ok(match value {
        Value::Nil => {
            allowance.take(4)?;
            Json::Null
        }
        Value::Boolean(b) => {
            allowance.take(5)?;
            Json::Bool(*b)
        }
        Value::Integer(i) => {
            allowance.take(8)?;
            Json::from(*i)
        }
        Value::Number(n) => {
            allowance.take(8)?;
            serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number)
        }
        Value::String(s) => Json::String(string(s, allowance)?),
        Value::Table(table) => {
            if depth >= MAX_DEPTH {
                return Err(format!(
                    "tables nested more than {MAX_DEPTH} deep (a table that contains itself?)"
                ));
            }
            allowance.take(2)?;
            let is_array = table.raw_len() > 0
                || table
                    .metatable()
                    .is_some_and(|mt| mt.to_pointer() == lua.array_metatable().to_pointer());
            if is_array {
                let mut list = Vec::new();
                for item in table.sequence_values::<Value>() {
                    let item = item.map_err(|e| e.to_string())?;
                    list.push(json_at(lua, &item, allowance, depth + 1)?);
                }
                Json::Array(list)
            } else {
                let mut map = serde_json::Map::new();
                for pair in table.pairs::<Value, Value>() {
                    let (key, item) = pair.map_err(|e| e.to_string())?;
                    let Value::String(key) = key else {
                        return Err(format!(
                            "a table key is a {} (keys are strings, or 1, 2, 3 … of a list)",
                            key.type_name()
                        ));
                    };
                    let key = string(&key, allowance)?;
                    map.insert(key, json_at(lua, &item, allowance, depth + 1)?);
                }
                Json::Object(map)
            }
        }
        other => {
            return Err(format!(
                "unsupported value type `{}` (use strings, numbers, booleans and tables)",
                other.type_name()
            ))
        }
    })
}

fn string(s: &mlua::String, allowance: &mut Allowance) -> Result<String, String> {
    let bytes = s.as_bytes();
    allowance.take(bytes.len() + 2)?;
    std::str::from_utf8(&bytes)
        .map(str::to_owned)
        .map_err(|_| "a string that is not valid UTF-8".to_owned())
}

/// The facts `extract` returned, or what is wrong with them. Their converted values may
/// take `memory` bytes in all.
pub fn facts(
    lua: &Lua,
    returned: Value,
    text: &str,
    script: &Script,
    memory: usize,
) -> Result<Vec<Fact>, String> {
    let file = &script.file;
    let list = match returned {
        Value::Table(list) => list,
        Value::Nil => return Ok(Vec::new()),
        other => {
            return Err(format!(
                "{file}: extract must return a list of facts, it returned a {}",
                other.type_name()
            ))
        }
    };
    let mut out = Vec::new();
    let mut allowance = Allowance::new(memory);
    for (index, item) in list.sequence_values::<Value>().enumerate() {
        let n = index + 1;
        let item = item.map_err(|e| format!("{file}: fact {n}: {e}"))?;
        let Value::Table(item) = item else {
            return Err(format!(
                "{file}: fact {n} is a {}, not a table {{kind, start, stop}}",
                item.type_name()
            ));
        };
        out.push(
            fact(lua, &item, text, script, &mut allowance)
                .map_err(|e| format!("{file}: fact {n}: {e}"))?,
        );
    }
    Ok(out)
}

fn fact(
    lua: &Lua,
    item: &Table,
    text: &str,
    script: &Script,
    allowance: &mut Allowance,
) -> Result<Fact, String> {
    // The fact itself (kind, span, the attrs' map) is host memory too.
    allowance.take(64)?;
    let kind = match item.get::<Value>("kind") {
        Ok(Value::String(kind)) => kind.to_string_lossy(),
        _ => return Err("needs `kind = \"…\"`".into()),
    };
    if !script.kinds.contains(&kind) {
        return Err(format!(
            "kind \"{kind}\" is not among the script's kinds {:?}",
            script.kinds
        ));
    }
    let position = |key: &str| match item.get::<Value>(key) {
        Ok(Value::Integer(n)) => Ok(n),
        Ok(Value::Number(n)) if n.fract() == 0.0 => Ok(n as i64),
        _ => Err(format!(
            "needs an integer `{key}` (1-based, inclusive, as string.find returns)"
        )),
    };
    let (start, stop) = (position("start")?, position("stop")?);
    let len = text.len() as i64;
    if start < 1 || stop < start - 1 || stop > len {
        return Err(format!(
            "start..stop = {start}..{stop} is outside the text (1..{len})"
        ));
    }
    let span = Span::new(start as usize - 1, stop as usize);
    if !span.fits(text) {
        return Err(format!(
            "start..stop = {start}..{stop} cuts a multi-byte character; use positions from string.find or quarry.find"
        ));
    }
    let mut fact = Fact::new(kind, span);
    match item.get::<Value>("attrs") {
        Ok(Value::Nil) => {}
        Ok(attrs @ Value::Table(_)) => match to_json(lua, &attrs, allowance)? {
            serde_json::Value::Object(map) => {
                // Lua tables have no order; sorted names keep the output deterministic.
                let mut pairs: Vec<_> = map.into_iter().collect();
                pairs.sort_by(|a, b| a.0.cmp(&b.0));
                fact.attrs = pairs.into_iter().collect();
            }
            serde_json::Value::Array(list) if list.is_empty() => {}
            _ => return Err("`attrs` must be a table of names to values".into()),
        },
        _ => return Err("`attrs` must be a table".into()),
    }
    Ok(fact)
}
