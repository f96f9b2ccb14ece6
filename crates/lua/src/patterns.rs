//! `string.find`, `string.match`, `string.gmatch` and `string.gsub` with Lua 5.4's
//! patterns, matched here rather than by Lua's C library so that the matcher pays for its
//! steps: a backtracking pattern (`("a*"):rep(100) .. "b"`) or a quadratic search
//! (`(".-b")` over a long subject) runs out of the call's budget or time like a Lua loop
//! does, instead of running for hours where the instruction hook cannot see it.
//!
//! The matcher follows `lstrlib.c` (same classes in the C locale, same captures, same
//! errors, the same limit of 200 nested items and 32 captures); each step of it (an item
//! tried at a position) costs one instruction of the budget. `gmatch`'s iterator keeps its
//! position in Lua (see `prelude.lua`), so that it can be part of a script's saved state.

use mlua::{Function, IntoLuaMulti, Lua, MultiValue, String as LuaString, Table, Value};

use crate::meter;

/// Nested pattern items before "pattern too complex" (Lua's `MAXCCALLS`).
const MAX_DEPTH: usize = 200;
/// Captures per pattern (Lua's `LUA_MAXCAPTURES`).
const MAX_CAPTURES: usize = 32;
/// Steps between two charges of the budget.
const STEPS_PER_CHARGE: u64 = 4096;
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// Puts the functions in the prelude's `host` table. Each returns `true` and its results,
/// or `false` and a message that the prelude raises as a plain string error, as Lua's own
/// string functions do (an error of a Rust function would reach a `pcall` as userdata).
pub fn install(lua: &Lua, host: &Table) -> mlua::Result<()> {
    host.set(
        "find",
        protected(lua, |lua, args| find_aux(lua, args, true))?,
    )?;
    host.set(
        "match",
        protected(lua, |lua, args| find_aux(lua, args, false))?,
    )?;
    host.set("gmatch_start", protected(lua, gmatch_start)?)?;
    host.set("gmatch_step", protected(lua, gmatch_step)?)?;
    host.set("gsub", protected(lua, gsub)?)?;
    Ok(())
}

fn protected<A, R>(
    lua: &Lua,
    f: impl Fn(&Lua, A) -> mlua::Result<R> + 'static,
) -> mlua::Result<Function>
where
    A: mlua::FromLuaMulti,
    R: IntoLuaMulti,
{
    lua.create_function(move |lua, args: A| match f(lua, args) {
        Ok(results) => {
            let mut values = results.into_lua_multi(lua)?;
            values.push_front(Value::Boolean(true));
            Ok(values)
        }
        Err(e) => (false, message(lua, &e)).into_lua_multi(lua),
    })
}

fn message(lua: &Lua, error: &mlua::Error) -> String {
    match error {
        mlua::Error::CallbackError { cause, .. } => message(lua, cause),
        mlua::Error::RuntimeError(message) => message.clone(),
        mlua::Error::MemoryError(_) => format!(
            "{}: memory limit of {} MB exceeded (raise `memory_limit_mb` in [stage.options])",
            meter::caller(lua),
            meter::memory_limit(lua) >> 20
        ),
        other => other.to_string(),
    }
}

#[derive(Clone, Copy)]
enum Capture {
    Open,
    Position,
    Closed(usize),
}

struct Matcher<'a> {
    lua: &'a Lua,
    src: &'a [u8],
    pat: &'a [u8],
    depth: usize,
    level: usize,
    captures: [(usize, Capture); MAX_CAPTURES],
    /// Steps done and not paid for yet.
    unpaid: u64,
}

/// A Lua-style error at the script line that called the function.
fn error(lua: &Lua, message: impl std::fmt::Display) -> mlua::Error {
    mlua::Error::RuntimeError(format!("{}: {message}", meter::caller(lua)))
}

fn bad_argument(
    lua: &Lua,
    n: usize,
    function: &str,
    message: impl std::fmt::Display,
) -> mlua::Error {
    error(
        lua,
        format!("bad argument #{n} to '{function}' ({message})"),
    )
}

impl<'a> Matcher<'a> {
    fn new(lua: &'a Lua, src: &'a [u8], pat: &'a [u8]) -> Self {
        Matcher {
            lua,
            src,
            pat,
            depth: MAX_DEPTH,
            level: 0,
            captures: [(0, Capture::Open); MAX_CAPTURES],
            unpaid: 0,
        }
    }

    /// Ready for a match attempt at a new position.
    fn reset(&mut self) {
        self.level = 0;
        self.depth = MAX_DEPTH;
    }

    fn fail(&self, message: &str) -> mlua::Error {
        error(self.lua, format!("malformed pattern ({message})"))
    }

    /// Counts one step.
    fn step(&mut self) -> mlua::Result<()> {
        self.pay(1)
    }

    /// Counts `steps`, paying for them every [`STEPS_PER_CHARGE`].
    fn pay(&mut self, steps: u64) -> mlua::Result<()> {
        self.unpaid += steps;
        if self.unpaid >= STEPS_PER_CHARGE {
            self.settle()?;
        }
        Ok(())
    }

    /// Pays for the steps not paid for yet (at the end of a call).
    fn settle(&mut self) -> mlua::Result<()> {
        let unpaid = std::mem::take(&mut self.unpaid);
        meter::charge(self.lua, unpaid)
    }

    fn pat_at(&self, p: usize) -> u8 {
        self.pat.get(p).copied().unwrap_or(0)
    }

    fn src_at(&self, s: usize) -> u8 {
        self.src.get(s).copied().unwrap_or(0)
    }

    /// Where the single-character class at `p` ends.
    fn class_end(&self, p: usize) -> mlua::Result<usize> {
        let mut p = p;
        let c = self.pat_at(p);
        p += 1;
        match c {
            b'%' => {
                if p >= self.pat.len() {
                    return Err(self.fail("ends with '%'"));
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.pat_at(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return Err(self.fail("missing ']'"));
                    }
                    let c = self.pat_at(p);
                    p += 1;
                    if c == b'%' && p < self.pat.len() {
                        p += 1;
                    }
                    if self.pat_at(p) == b']' {
                        break;
                    }
                }
                Ok(p + 1)
            }
            _ => Ok(p),
        }
    }

    /// Whether `c` is in the bracket class from `p` (its `[`) to `ec` (its `]`).
    fn bracket(&self, c: u8, p: usize, ec: usize) -> bool {
        let mut p = p;
        let mut sig = true;
        if self.pat_at(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                return !sig;
            }
            if self.pat_at(p) == b'%' {
                p += 1;
                if class(c, self.pat_at(p)) {
                    return sig;
                }
            } else if self.pat_at(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if self.pat_at(p - 2) <= c && c <= self.pat_at(p) {
                    return sig;
                }
            } else if self.pat_at(p) == c {
                return sig;
            }
        }
    }

    fn single(&self, s: usize, p: usize, ep: usize) -> bool {
        if s >= self.src.len() {
            return false;
        }
        let c = self.src[s];
        match self.pat_at(p) {
            b'.' => true,
            b'%' => class(c, self.pat_at(p + 1)),
            b'[' => self.bracket(c, p, ep - 1),
            other => other == c,
        }
    }

    /// The end of a match of the pattern from `p` at subject position `s`.
    fn do_match(&mut self, s: usize, p: usize) -> mlua::Result<Option<usize>> {
        if self.depth == 0 {
            return Err(error(self.lua, "pattern too complex"));
        }
        self.depth -= 1;
        let result = self.match_items(s, p);
        self.depth += 1;
        result
    }

    fn match_items(&mut self, mut s: usize, mut p: usize) -> mlua::Result<Option<usize>> {
        loop {
            self.step()?;
            if p == self.pat.len() {
                return Ok(Some(s));
            }
            match self.pat_at(p) {
                b'(' => {
                    return if self.pat_at(p + 1) == b')' {
                        self.start_capture(s, p + 2, Capture::Position)
                    } else {
                        self.start_capture(s, p + 1, Capture::Open)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == self.pat.len() => {
                    return Ok((s == self.src.len()).then_some(s));
                }
                b'%' if self.pat_at(p + 1) == b'b' => match self.balance(s, p + 2)? {
                    Some(end) => {
                        s = end;
                        p += 4;
                        continue;
                    }
                    None => return Ok(None),
                },
                b'%' if self.pat_at(p + 1) == b'f' => {
                    p += 2;
                    if self.pat_at(p) != b'[' {
                        return Err(error(self.lua, "missing '[' after '%f' in pattern"));
                    }
                    let ep = self.class_end(p)?;
                    let previous = if s == 0 { 0 } else { self.src_at(s - 1) };
                    if !self.bracket(previous, p, ep - 1) && self.bracket(self.src_at(s), p, ep - 1)
                    {
                        p = ep;
                        continue;
                    }
                    return Ok(None);
                }
                b'%' if self.pat_at(p + 1).is_ascii_digit() => {
                    match self.match_capture(s, self.pat_at(p + 1))? {
                        Some(end) => {
                            s = end;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.pat_at(ep);
                    if !self.single(s, p, ep) {
                        if matches!(suffix, b'*' | b'?' | b'-') {
                            p = ep + 1;
                            continue;
                        }
                        return Ok(None);
                    }
                    match suffix {
                        b'?' => {
                            if let Some(end) = self.do_match(s + 1, ep + 1)? {
                                return Ok(Some(end));
                            }
                            p = ep + 1;
                        }
                        b'+' => return self.max_expand(s + 1, p, ep),
                        b'*' => return self.max_expand(s, p, ep),
                        b'-' => return self.min_expand(s, p, ep),
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        }
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> mlua::Result<Option<usize>> {
        let mut i = 0;
        while self.single(s + i, p, ep) {
            self.step()?;
            i += 1;
        }
        loop {
            if let Some(end) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(end));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> mlua::Result<Option<usize>> {
        loop {
            if let Some(end) = self.do_match(s, ep + 1)? {
                return Ok(Some(end));
            }
            if !self.single(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: Capture) -> mlua::Result<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return Err(error(self.lua, "too many captures"));
        }
        self.captures[self.level] = (s, what);
        self.level += 1;
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.level -= 1;
        }
        Ok(result)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> mlua::Result<Option<usize>> {
        let Some(open) = (0..self.level)
            .rev()
            .find(|&l| matches!(self.captures[l].1, Capture::Open))
        else {
            return Err(error(self.lua, "invalid pattern capture"));
        };
        self.captures[open].1 = Capture::Closed(s - self.captures[open].0);
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.captures[open].1 = Capture::Open;
        }
        Ok(result)
    }

    fn match_capture(&mut self, s: usize, digit: u8) -> mlua::Result<Option<usize>> {
        let index = usize::from(digit).wrapping_sub(usize::from(b'1'));
        let len = match self.captures.get(index) {
            Some((_, Capture::Closed(len))) if index < self.level => *len,
            Some((_, Capture::Position)) if index < self.level => return Ok(None),
            _ => {
                return Err(error(
                    self.lua,
                    format!("invalid capture index %{}", index.wrapping_add(1) as isize),
                ))
            }
        };
        let start = self.captures[index].0;
        // Comparing the capture costs its length.
        self.pay(len as u64)?;
        let matches =
            self.src.len() - s >= len && self.src[start..start + len] == self.src[s..s + len];
        Ok(matches.then_some(s + len))
    }

    fn balance(&mut self, s: usize, p: usize) -> mlua::Result<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err(self.fail("missing arguments to '%b'"));
        }
        if s >= self.src.len() || self.src[s] != self.pat[p] {
            return Ok(None);
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        let mut depth = 1;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            self.step()?;
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// Capture `i` (or the whole match `s..e` when the pattern has none).
    fn capture(&self, i: usize, s: usize, e: usize) -> mlua::Result<Value> {
        if i >= self.level {
            if i != 0 {
                return Err(error(self.lua, format!("invalid capture index %{}", i + 1)));
            }
            return Ok(Value::String(self.lua.create_string(&self.src[s..e])?));
        }
        let (start, what) = self.captures[i];
        match what {
            Capture::Open => Err(error(self.lua, "unfinished capture")),
            Capture::Position => Ok(Value::Integer(start as i64 + 1)),
            Capture::Closed(len) => Ok(Value::String(
                self.lua.create_string(&self.src[start..start + len])?,
            )),
        }
    }

    /// All captures, or the whole match when `whole` and the pattern has none.
    fn captures(&self, whole: Option<(usize, usize)>) -> mlua::Result<MultiValue> {
        let (s, e) = whole.unwrap_or((0, 0));
        let count = if self.level == 0 && whole.is_some() {
            1
        } else {
            self.level
        };
        (0..count).map(|i| self.capture(i, s, e)).collect()
    }
}

/// A character class letter (`%a` …) in the C locale; any other character stands for
/// itself.
fn class(c: u8, letter: u8) -> bool {
    let result = match letter.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        // C's isspace, which also counts the vertical tab.
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        _ => return letter == c,
    };
    if letter.is_ascii_uppercase() {
        !result
    } else {
        result
    }
}

/// Argument `n` of `function` as a string (numbers are converted, as Lua does).
fn string_arg(lua: &Lua, args: &MultiValue, n: usize, function: &str) -> mlua::Result<LuaString> {
    let value = args.get(n - 1).cloned().unwrap_or(Value::Nil);
    let type_name = value.type_name();
    match value {
        Value::String(s) => Ok(s),
        Value::Integer(_) | Value::Number(_) => Ok(lua
            .coerce_string(value)?
            .expect("numbers convert to strings")),
        _ => Err(bad_argument(
            lua,
            n,
            function,
            format!(
                "string expected, got {}",
                no_value(type_name, args.len() < n)
            ),
        )),
    }
}

fn no_value(type_name: &str, absent: bool) -> &str {
    if absent {
        "no value"
    } else {
        type_name
    }
}

/// Optional integer argument `n`.
fn integer_arg(
    lua: &Lua,
    args: &MultiValue,
    n: usize,
    function: &str,
    default: i64,
) -> mlua::Result<i64> {
    match args.get(n - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(Value::Integer(i)) => Ok(*i),
        Some(Value::Number(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
        Some(value @ Value::String(_)) => match lua.coerce_integer(value.clone())? {
            Some(i) => Ok(i),
            None => Err(bad_argument(
                lua,
                n,
                function,
                "number expected, got string",
            )),
        },
        Some(Value::Number(_)) => Err(bad_argument(
            lua,
            n,
            function,
            "number has no integer representation",
        )),
        Some(other) => Err(bad_argument(
            lua,
            n,
            function,
            format!("number expected, got {}", other.type_name()),
        )),
    }
}

/// Lua's `posrelatI`: a 1-based start position, negative from the end; 0-based result.
fn start_index(init: i64, len: usize) -> usize {
    let position = if init > 0 {
        init as u64
    } else if init == 0 || init.unsigned_abs() > len as u64 {
        1
    } else {
        (len as i64 + init + 1) as u64
    };
    usize::try_from(position - 1).unwrap_or(usize::MAX)
}

fn find_aux(lua: &Lua, args: MultiValue, find: bool) -> mlua::Result<MultiValue> {
    let name = if find { "find" } else { "match" };
    let subject = string_arg(lua, &args, 1, name)?;
    let pattern = string_arg(lua, &args, 2, name)?;
    let init = integer_arg(lua, &args, 3, name, 1)?;
    let (src, pat) = (subject.as_bytes(), pattern.as_bytes());
    let init = start_index(init, src.len());
    if init > src.len() {
        return Value::Nil.into_lua_multi(lua);
    }
    let plain = args
        .get(3)
        .is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
    if find && (plain || !pat.iter().any(|c| SPECIALS.contains(c))) {
        // A plain search costs the bytes it looks at.
        meter::charge(lua, (src.len() - init) as u64 / 16)?;
        let found = if pat.is_empty() {
            Some(0)
        } else {
            memchr::memmem::find(&src[init..], &pat)
        };
        return match found {
            Some(at) => (init + at + 1, init + at + pat.len()).into_lua_multi(lua),
            None => Value::Nil.into_lua_multi(lua),
        };
    }
    let (anchor, pat) = match pat.strip_prefix(b"^") {
        Some(rest) => (true, rest),
        None => (false, &pat[..]),
    };
    let mut m = Matcher::new(lua, &src, pat);
    let mut s = init;
    loop {
        m.reset();
        if let Some(end) = m.do_match(s, 0)? {
            m.settle()?;
            return if find {
                let mut values = m.captures(None)?;
                values.push_front(Value::Integer(end as i64));
                values.push_front(Value::Integer(s as i64 + 1));
                Ok(values)
            } else {
                m.captures(Some((s, end)))
            };
        }
        s += 1;
        if s > src.len() || anchor {
            break;
        }
    }
    m.settle()?;
    Value::Nil.into_lua_multi(lua)
}

/// `string.gmatch`'s arguments checked: the subject, the pattern and the 0-based start.
fn gmatch_start(lua: &Lua, args: MultiValue) -> mlua::Result<(LuaString, LuaString, usize)> {
    let subject = string_arg(lua, &args, 1, "gmatch")?;
    let pattern = string_arg(lua, &args, 2, "gmatch")?;
    let init = integer_arg(lua, &args, 3, "gmatch", 1)?;
    let len = subject.as_bytes().len();
    let start = start_index(init, len).min(len + 1);
    Ok((subject, pattern, start))
}

/// One step of a `gmatch` iteration from `from`: the end of the match (the next `from`)
/// and its captures, or nothing. `last` is the end of the previous match (-1: none), where
/// an empty match is not taken again.
fn gmatch_step(
    lua: &Lua,
    (subject, pattern, from, last): (LuaString, LuaString, usize, i64),
) -> mlua::Result<MultiValue> {
    let (src, pat) = (subject.as_bytes(), pattern.as_bytes());
    let mut m = Matcher::new(lua, &src, &pat);
    let mut s = from;
    while s <= src.len() {
        m.reset();
        if let Some(end) = m.do_match(s, 0)? {
            if end as i64 != last {
                m.settle()?;
                let mut values = m.captures(Some((s, end)))?;
                values.push_front(Value::Integer(end as i64));
                return Ok(values);
            }
        }
        s += 1;
    }
    m.settle()?;
    Ok(MultiValue::new())
}

enum Replacement {
    Text(Vec<u8>),
    Table(Table),
    Function(Function),
}

fn gsub(lua: &Lua, args: MultiValue) -> mlua::Result<(LuaString, i64)> {
    let subject = string_arg(lua, &args, 1, "gsub")?;
    let pattern = string_arg(lua, &args, 2, "gsub")?;
    let replacement = match args.get(2) {
        Some(Value::String(s)) => Replacement::Text(s.as_bytes().to_vec()),
        Some(value @ (Value::Integer(_) | Value::Number(_))) => Replacement::Text(
            lua.coerce_string(value.clone())?
                .expect("numbers convert to strings")
                .as_bytes()
                .to_vec(),
        ),
        Some(Value::Table(t)) => Replacement::Table(t.clone()),
        Some(Value::Function(f)) => Replacement::Function(f.clone()),
        other => {
            return Err(bad_argument(
                lua,
                3,
                "gsub",
                format!(
                    "string/function/table expected, got {}",
                    no_value(other.map_or("nil", Value::type_name), other.is_none())
                ),
            ))
        }
    };
    let (src, pat) = (subject.as_bytes(), pattern.as_bytes());
    let max = integer_arg(lua, &args, 4, "gsub", src.len() as i64 + 1)?;
    let (anchor, pat) = match pat.strip_prefix(b"^") {
        Some(rest) => (true, rest),
        None => (false, &pat[..]),
    };
    // The result is built outside Lua's allocator: it counts against the memory limit
    // itself, and its bytes are paid for like the matcher's steps.
    let memory = meter::memory_limit(lua);
    let mut out: Vec<u8> = Vec::new();
    let mut m = Matcher::new(lua, &src, pat);
    let (mut s, mut last, mut n, mut changed) = (0usize, None, 0i64, false);
    while n < max {
        m.reset();
        let before = out.len();
        match m.do_match(s, 0)? {
            Some(end) if Some(end) != last => {
                n += 1;
                changed |= add_value(&m, &mut out, s, end, &replacement)?;
                s = end;
                last = Some(end);
            }
            _ if s < src.len() => {
                out.push(src[s]);
                s += 1;
            }
            _ => break,
        }
        m.pay((out.len() - before) as u64 / 16)?;
        if out.len() > memory {
            return Err(mlua::Error::MemoryError("gsub result too large".into()));
        }
        if anchor {
            break;
        }
    }
    m.settle()?;
    if !changed {
        return Ok((subject.clone(), n));
    }
    out.extend_from_slice(&src[s..]);
    Ok((lua.create_string(&out)?, n))
}

/// Appends the replacement of the match `s..e`; false when the match is kept as it is.
fn add_value(
    m: &Matcher,
    out: &mut Vec<u8>,
    s: usize,
    e: usize,
    replacement: &Replacement,
) -> mlua::Result<bool> {
    let value = match replacement {
        Replacement::Text(text) => {
            add_text(m, out, text, s, e)?;
            return Ok(true);
        }
        Replacement::Table(table) => table.get::<Value>(m.capture(0, s, e)?)?,
        Replacement::Function(function) => function.call::<Value>(m.captures(Some((s, e)))?)?,
    };
    match value {
        Value::Nil | Value::Boolean(false) => {
            out.extend_from_slice(&m.src[s..e]);
            Ok(false)
        }
        Value::String(text) => {
            out.extend_from_slice(&text.as_bytes());
            Ok(true)
        }
        value @ (Value::Integer(_) | Value::Number(_)) => {
            let text = m
                .lua
                .coerce_string(value)?
                .expect("numbers convert to strings");
            out.extend_from_slice(&text.as_bytes());
            Ok(true)
        }
        other => Err(error(
            m.lua,
            format!("invalid replacement value (a {})", other.type_name()),
        )),
    }
}

/// A replacement string with its `%0`–`%9` and `%%`.
fn add_text(m: &Matcher, out: &mut Vec<u8>, text: &[u8], s: usize, e: usize) -> mlua::Result<()> {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let d = text.get(i).copied().unwrap_or(0);
        i += 1;
        match d {
            b'%' => out.push(b'%'),
            b'0' => out.extend_from_slice(&m.src[s..e]),
            b'1'..=b'9' => match m.capture(usize::from(d - b'1'), s, e)? {
                Value::String(capture) => out.extend_from_slice(&capture.as_bytes()),
                Value::Integer(position) => out.extend_from_slice(position.to_string().as_bytes()),
                _ => unreachable!("captures are strings or positions"),
            },
            _ => return Err(error(m.lua, "invalid use of '%' in replacement string")),
        }
    }
    Ok(())
}
