//! Hostile scripts: none may hang, crash or skew the run. Each call that goes wrong ends in
//! an error quickly (within its limits), and the next document runs normally.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use quarry_core::{Document, Extractor, Options};
use quarry_lua::LuaStage;

/// Writes `source` as `name.lua` in a scratch directory and loads it with `options`.
fn load(name: &str, source: &str, options: &str) -> Result<LuaStage, String> {
    let dir = std::env::temp_dir().join(format!("quarry-lua-isolation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(format!("{name}.lua"));
    std::fs::write(&path, source).unwrap();
    let options: Options = toml::from_str(options).unwrap();
    quarry_lua::load(&path, &options).map_err(|e| e.to_string())
}

fn stage(name: &str, source: &str, options: &str) -> LuaStage {
    load(name, source, options).unwrap_or_else(|e| panic!("{name} does not load: {e}"))
}

/// A script whose `extract` runs `body` on documents that say GO and otherwise returns
/// one fact `{kind = "x", attrs = {ok = true}}`.
fn hostile(body: &str) -> String {
    format!(
        r#"return {{name = "hostile", kinds = {{"x"}}, extract = function(doc)
  if doc.text:find("GO", 1, true) then
{body}
  end
  return {{{{kind = "x", start = 1, stop = 2, attrs = {{ok = true}}}}}}
end}}"#
    )
}

/// Runs the stage on a GO document: it must fail, quickly, with a message containing
/// `expected`; then on an ordinary document, which must work.
fn fails_then_recovers(stage: &LuaStage, expected: &str, within: Duration) {
    let started = Instant::now();
    let error = stage
        .extract(&Document::new("bad", "GO"), &[])
        .expect_err("the hostile call must fail");
    let took = started.elapsed();
    assert!(
        error.to_string().contains(expected),
        "expected {expected:?} in {error}"
    );
    assert!(took < within, "took {took:?}: {error}");
    let facts = stage
        .extract(&Document::new("next", "ok"), &[])
        .expect("the next document runs normally");
    assert_eq!(facts.len(), 1);
}

const QUICK: Duration = Duration::from_secs(3);
const BUDGET: &str = "instruction budget of";
const TIME: &str = "time limit of";

#[test]
fn pcall_cannot_swallow_the_budget() {
    let stage = stage(
        "pcall_loop",
        &hostile("while true do pcall(function() while true do end end) end"),
        "",
    );
    fails_then_recovers(&stage, BUDGET, QUICK);
    let stage = xpcall_loop();
    fails_then_recovers(&stage, BUDGET, QUICK);
}

fn xpcall_loop() -> LuaStage {
    self::stage(
        "xpcall_loop",
        &hostile(
            "while true do xpcall(function() while true do end end, function(e) while true do end end) end",
        ),
        "",
    )
}

#[test]
fn coroutines_are_metered_too() {
    for (name, body) in [
        (
            "coroutine_loop",
            "coroutine.resume(coroutine.create(function() while true do end end))",
        ),
        (
            "coroutine_resume_loop",
            "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
        ),
        (
            "wrap_loop",
            "while true do pcall(coroutine.wrap(function() while true do end end)) end",
        ),
    ] {
        let stage = stage(name, &hostile(body), "");
        fails_then_recovers(&stage, BUDGET, QUICK);
    }
}

#[test]
fn loading_has_the_same_limits() {
    let started = Instant::now();
    let error = load(
        "load_loop",
        "while true do pcall(function() while true do end end) end",
        "",
    )
    .err()
    .expect("an endless top level does not load");
    assert!(error.contains(BUDGET), "{error}");
    assert!(started.elapsed() < QUICK);
    let error = load(
        "load_slow",
        "string.find(('a'):rep(5000), ('a*'):rep(100) .. 'b')",
        "instruction_limit = 1000000000000\ntime_limit_ms = 300",
    )
    .err()
    .expect("a slow top level does not load");
    assert!(error.contains("time limit of 300 ms exceeded"), "{error}");
    assert!(error.contains("time_limit_ms"), "{error}");
    assert!(started.elapsed() < QUICK * 2);
}

#[test]
fn a_wall_clock_deadline_stops_what_the_budget_allows() {
    let stage = stage(
        "deadline",
        &hostile("while true do end"),
        "instruction_limit = 1000000000000\ntime_limit_ms = 200",
    );
    let started = Instant::now();
    fails_then_recovers(
        &stage,
        "deadline.lua:3: time limit of 200 ms exceeded",
        QUICK,
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[test]
fn library_functions_pay_for_their_work() {
    let cases = [
        ("rep_empty", r#"string.rep("", 2^53)"#),
        ("rep_sep", r#"string.rep("", 2^40, "")"#),
        ("backtracking", r#"string.find(("a"):rep(5000), ("a*"):rep(100) .. "b")"#),
        ("lazy_scan", r#"("a"):rep(2e5):find(".-b")"#),
        ("match_scan", r#"("a"):rep(2e5):match("(.-)b")"#),
        ("gmatch_scan", r#"for _ in ("a"):rep(2e5):gmatch(".-b") do end"#),
        ("gsub_scan", r#"("a"):rep(2e5):gsub(".-b", "")"#),
        ("move", "table.move({}, 1, 2^53, 1)"),
        (
            "sort_loop",
            "local t = {} for i = 1, 100000 do t[i] = -i end while true do table.sort(t) end",
        ),
        (
            "concat_loop",
            r#"local t = {} for i = 1, 100000 do t[i] = "x" end while true do table.concat(t) end"#,
        ),
        (
            "gsub_loop",
            r#"local s = ("ab"):rep(100000) while true do s:gsub("a", "c") end"#,
        ),
        ("unpack_loop", "local t = {} for i = 1, 100000 do t[i] = i end while true do table.unpack(t) end"),
        (
            "insert_loop",
            "local t = {} for i = 1, 100000 do t[i] = i end while true do table.insert(t, 1, 0) table.remove(t, 1) end",
        ),
    ];
    for (name, body) in cases {
        let stage = stage(name, &hostile(body), "");
        let started = Instant::now();
        let error = stage
            .extract(&Document::new("bad", "GO"), &[])
            .expect_err(name);
        let message = error.to_string();
        assert!(
            message.contains(BUDGET) || message.contains(TIME),
            "{name}: {message}"
        );
        // The script's line, not a line of the sandbox's wrappers around the function.
        assert!(
            message.starts_with(&format!("{name}.lua:3: ")),
            "{name}: {message}"
        );
        assert!(
            started.elapsed() < QUICK,
            "{name} took {:?}",
            started.elapsed()
        );
        assert_eq!(
            stage
                .extract(&Document::new("next", "ok"), &[])
                .unwrap()
                .len(),
            1,
            "{name}"
        );
    }
}

#[test]
fn the_metered_pattern_functions_work_like_lua_s() {
    let source = r##"
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do out[i] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end
local checks = {
  {show(("hello world"):find("o w")), "5,7"},
  {show(("hello world"):find("l+")), "3,4"},
  {show(("hello"):find("l", 1, true)), "3,3"},
  {show(("hello"):find("")), "1,0"},
  {show(("hello"):find("", 10)), "nil"},
  {show(("hello"):find("xyz")), "nil"},
  {show(("key = value"):match("(%w+)%s*=%s*(%w+)")), "key,value"},
  {show(("  trim  "):match("^%s*(.-)%s*$")), "trim"},
  {show(("f(a(b)c)d"):match("%b()")), "(a(b)c)"},
  {show(("THE (quick) fox"):find("%f[%a]%a+", 5)), "6,10"},
  {show(("abc"):match("()b()")), "2,3"},
  {show(("abcabc"):find("(a)(b)c%1")), "1,4,a,b"},
  {show(("hello world"):gsub("o", "0")), "hell0 w0rld,2"},
  {show(("hello world"):gsub("(%w+)", "<%1>")), "<hello> <world>,2"},
  {show(("abc"):gsub("", "-")), "-a-b-c-,4"},
  {show(("hello world"):gsub("%w+", {hello = "HI"})), "HI world,2"},
  {show(("hello world"):gsub("%w+", function(w) return #w end)), "5 5,2"},
  {show(("abc"):gsub("b", "%%")), "a%c,1"},
  {show(("aaa"):gsub("a", "b", 2)), "bba,2"},
  {show(("x = 1, y = 2"):gsub("^x", "z")), "z = 1, y = 2,1"},
  {show(string.rep("ab", 3, "-")), "ab-ab-ab"},
  {show(("a,b,,c"):find(",", 3, true)), "4,4"},
  {show(("[x]"):find("[]]")), "3,3"},
  {show(("a.b"):find(".", 1, true)), "2,2"},
  {show(("tab\there"):find("%s")), "4,4"},
  {show(("café"):find("é")), "4,5"},
}
local words = {}
for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
checks[#checks + 1] = {table.concat(words, "|"), "one|two|three"}
local pairs_ = {}
for k, v in ("a=1, b=2"):gmatch("(%w+)=(%w+)") do pairs_[#pairs_ + 1] = k .. v end
checks[#checks + 1] = {table.concat(pairs_, "|"), "a1|b2"}
local empties = 0
for _ in ("abc"):gmatch("x*") do empties = empties + 1 end
checks[#checks + 1] = {tostring(empties), "4"}
local sorted = {3, 1, 2}
table.sort(sorted)
checks[#checks + 1] = {table.concat(sorted, ","), "1,2,3"}
checks[#checks + 1] = {show(table.unpack({1, 2, 3})), "1,2,3"}
checks[#checks + 1] = {show(pcall(error, "e", 0)), "false,e"}
checks[#checks + 1] = {show(select(2, pcall(string.find, "x", "%"))):gsub(":%d+:", ":L:"), "checks.lua:L: malformed pattern (ends with '%')"}
return {name = "checks", kinds = {"check"}, extract = function(doc)
  local facts = {}
  for i, c in ipairs(checks) do
    if c[1] ~= c[2] then
      facts[#facts + 1] = {kind = "check", start = 1, stop = 1, attrs = {n = i, got = c[1], want = c[2]}}
    end
  end
  return facts
end}
"##;
    let stage = stage("checks", source, "");
    let facts = stage.extract(&Document::new("d", "x"), &[]).unwrap();
    let failed: Vec<String> = facts
        .iter()
        .map(|f| serde_json::Value::Object(f.attrs.to_json()).to_string())
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn finalizers_are_not_available() {
    let stage = stage(
        "gc",
        &hostile("setmetatable({}, {__gc = function() while true do end end})"),
        "",
    );
    fails_then_recovers(
        &stage,
        "gc.lua:3: setmetatable: `__gc` is not available",
        QUICK,
    );
    // A `__gc` added after `setmetatable` never runs: Lua marks objects for finalization
    // only in `setmetatable`.
    let late = self::stage(
        "late_gc",
        &hostile(
            "for i = 1, 1000 do local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end end",
        ),
        "",
    );
    for i in 0..20 {
        let started = Instant::now();
        let text = if i % 2 == 0 { "GO" } else { "ok" };
        late.extract(&Document::new("d", text), &[]).unwrap();
        assert!(started.elapsed() < QUICK);
    }
}

#[test]
fn conversion_has_limits_of_its_own() {
    let deep = stage(
        "deep",
        r#"return {name = "deep", kinds = {"x"}, extract = function(doc)
  local attrs = {}
  local t = attrs
  for i = 1, 100000 do t.next = {} t = t.next end
  return {{kind = "x", start = 1, stop = 1, attrs = attrs}}
end}"#,
        "",
    );
    let error = deep.extract(&Document::new("d", "x"), &[]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("tables nested more than 64 deep"),
        "{error}"
    );
    let cyclic = stage(
        "cyclic",
        r#"return {name = "cyclic", kinds = {"x"}, extract = function(doc)
  local attrs = {}
  attrs.self = attrs
  return {{kind = "x", start = 1, stop = 1, attrs = attrs}}
end}"#,
        "",
    );
    let error = cyclic.extract(&Document::new("d", "x"), &[]).unwrap_err();
    assert!(error.to_string().contains("contains itself"), "{error}");
    let repeated = stage(
        "repeated",
        r#"return {name = "repeated", kinds = {"x"}, extract = function(doc)
  local big = ("x"):rep(10 * 1024 * 1024)
  local facts = {}
  for i = 1, 3000 do facts[i] = {kind = "x", start = 1, stop = 1, attrs = {text = big}} end
  return facts
end}"#,
        "memory_limit_mb = 32",
    );
    let started = Instant::now();
    let error = repeated.extract(&Document::new("d", "x"), &[]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("more than the memory limit of 32 MB"),
        "{error}"
    );
    assert!(error.to_string().contains("memory_limit_mb"), "{error}");
    assert!(started.elapsed() < QUICK);
}

#[test]
fn compiled_patterns_count_against_the_memory_limit() {
    // Each pattern compiles to hundreds of KB; thousands of them must neither keep
    // growing the host's memory nor fail: the cache starts over.
    let stage = stage(
        "many_patterns",
        &hostile(r#"for i = 1, 300 do quarry.find("x", "\\w{" .. (10 + i % 50) .. "}x" .. i) end"#),
        "memory_limit_mb = 16\ninstruction_limit = 1000000000\ntime_limit_ms = 60000",
    );
    let facts = stage.extract(&Document::new("d", "GO"), &[]).unwrap();
    assert_eq!(facts.len(), 1);
    let huge = self::stage(
        "huge_pattern",
        &hostile(r#"quarry.find("x", "\\w{1000}\\w{1000}")"#),
        "",
    );
    fails_then_recovers(&huge, "compiles to more than 4096 KB", QUICK);
}

#[test]
fn limit_options_are_checked() {
    for (options, expected) in [
        (
            "memory_limit_mb = 17592186044416",
            "option `memory_limit_mb` must be an integer from 1 to 1048576, got 17592186044416",
        ),
        (
            "instruction_limit = 0",
            "option `instruction_limit` must be an integer from 1 to 1000000000000, got 0",
        ),
        (
            "time_limit_ms = 99999999999",
            "option `time_limit_ms` must be an integer from 1 to 3600000, got 99999999999",
        ),
        (
            "time_limit_ms = \"soon\"",
            "option `time_limit_ms` must be an integer from 1 to 3600000, got \"soon\"",
        ),
    ] {
        let error = load("options", &hostile(""), options).err().unwrap();
        assert_eq!(error, format!("options.lua: {expected}"));
    }
}

#[test]
fn quarry_helpers_refuse_what_they_cannot_do() {
    let stage = stage("empty_keyword", &hostile("quarry.keywords({'a', ''})"), "");
    fails_then_recovers(&stage, "quarry.keywords: word 2 is empty", QUICK);
    let number = self::stage(
        "big_number",
        r#"return {name = "n", kinds = {"x"}, extract = function(doc)
  return {{kind = "x", start = 1, stop = 1, attrs = {
    big = tostring(quarry.number("9223372036854775808")),
    max = quarry.number("9223372036854775807"),
  }}}
end}"#,
        "",
    );
    let facts = number.extract(&Document::new("d", "x"), &[]).unwrap();
    assert_eq!(
        serde_json::Value::Object(facts[0].attrs.to_json()).to_string(),
        r#"{"big":"nil","max":9223372036854775807}"#
    );
}

/// Each document's `n` attr, for a script that counts in a global, a local and a table.
const COUNTERS: &str = r#"
counter = 0
local upvalue = 0
local state = {n = 0, seen = {}}
local words = {}
for w in ("a b c"):gmatch("%a") do words[#words + 1] = w end
local iterator = ("x y z"):gmatch("%a")
return {name = "counter", kinds = {"x"}, extract = function(doc)
  local pi, meta = math.pi > 3.1, getmetatable(state) == nil
  counter = counter + 1
  upvalue = upvalue + 1
  state.n = state.n + 1
  state.seen[doc.id] = true
  words[#words + 1] = doc.id
  string.extra = (string.extra or 0) + 1
  math.pi = 3
  setmetatable(state, {__index = function() return 1 end})
  local seen = 0
  for _ in pairs(state.seen) do seen = seen + 1 end
  return {{kind = "x", start = 1, stop = 1, attrs = {
    global = counter, upvalue = upvalue, field = state.n, seen = seen, words = #words,
    extra = string.extra, pi = pi, meta = meta,
    next = iterator(), random = math.random(1000000),
  }}}
end}
"#;

fn counts(stage: &LuaStage, docs: usize) -> Vec<String> {
    (0..docs)
        .map(|i| {
            let facts = stage
                .extract(&Document::new(format!("d{i}"), "x"), &[])
                .unwrap();
            serde_json::Value::Object(facts[0].attrs.to_json()).to_string()
        })
        .collect()
}

#[test]
fn every_document_starts_from_the_loaded_state() {
    let stage = stage("counter", COUNTERS, "");
    let results = counts(&stage, 50);
    let first = &results[0];
    assert!(
        first.contains(r#""global":1"#)
            && first.contains(r#""upvalue":1"#)
            && first.contains(r#""field":1"#)
            && first.contains(r#""seen":1"#)
            && first.contains(r#""words":4"#)
            && first.contains(r#""extra":1"#)
            && first.contains(r#""pi":true"#)
            && first.contains(r#""meta":true"#)
            && first.contains(r#""next":"x""#),
        "{first}"
    );
    assert!(results.iter().all(|r| r == first), "{results:#?}");
    // Another thread (another state) gives the same, whatever it ran before.
    let other: Vec<String> = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                counts(&stage, 7);
                counts(&stage, 3)
            })
            .join()
            .unwrap()
    });
    assert!(other.iter().all(|r| r == first), "{other:#?}");
}

#[test]
fn a_coroutine_kept_from_load_time_is_refused() {
    let error = load(
        "kept_coroutine",
        r#"local gen = coroutine.wrap(function() local i = 0 while true do i = i + 1 coroutine.yield(i) end end)
return {name = "gen", kinds = {"x"}, extract = function(doc) gen() return {} end}"#,
        "",
    )
    .err()
    .unwrap();
    assert!(
        error.contains("kept_coroutine.lua: the script keeps a coroutine made at load time"),
        "{error}"
    );
}

#[test]
fn error_messages_have_no_heap_addresses() {
    let message = |_: usize| {
        let stage = stage(
            "address",
            &hostile("local t = {} error('bad ' .. tostring(t) .. ' ' .. tostring(print))"),
            "",
        );
        stage
            .extract(&Document::new("d", "GO"), &[])
            .unwrap_err()
            .to_string()
    };
    let first = message(0);
    assert_eq!(first, "address.lua:3: bad table: 0x… function: 0x…");
    assert_eq!(first, message(1));
}

#[test]
fn bytecode_is_refused() {
    let error = load("bytecode", "\x1bLua\x54\x00", "").err().unwrap();
    assert!(error.contains("bytecode.lua"), "{error}");
    assert!(error.contains("binary"), "{error}");
}

#[test]
fn restoring_the_state_runs_no_script_code() {
    // Restoring compares old and new values; a comparison must not call `__eq`.
    let stage = stage(
        "eq_trap",
        r#"local trap = {__eq = function() while true do end end}
local state = {value = setmetatable({}, trap)}
return {name = "eq", kinds = {"x"}, extract = function(doc)
  state.value = setmetatable({}, trap)
  return {{kind = "x", start = 1, stop = 1}}
end}"#,
        "",
    );
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(
            stage.extract(&Document::new("d", "x"), &[]).unwrap().len(),
            1
        );
        assert!(started.elapsed() < QUICK);
    }
}
