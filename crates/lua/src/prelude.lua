-- The sandbox's own Lua code (see sandbox.rs), run once per state before the script.
-- `host` holds what only this chunk sees: the meter (`stopped`, `charge`), the metered
-- pattern functions of patterns.rs and the debug functions that saving and restoring the
-- script's state needs. It returns `{snapshot = …, restore = …}` for the host.
local host = ...
local stopped, charge = host.stopped, host.charge
local error, select, type, next, rawget, rawset = error, select, type, next, rawget, rawset
-- Raw comparisons only: `==` would run a script's `__eq` outside the limits.
local rawequal = rawequal
local getupvalue, setupvalue = host.getupvalue, host.setupvalue
local getmetatable, setmetatable, getinfo = host.getmetatable, host.setmetatable, host.getinfo
local status, randomseed, log = coroutine.status, math.randomseed, math.log

-- Our own functions: their upvalues are never assigned, so saving them is not needed.
local own = {}
local function mark(f)
  own[f] = true
  return f
end

-- A limit error must end the call: `pcall` and friends pass it on instead of returning
-- false (the meter stays stopped until the call returns, see meter.rs).
local function pass(ok, ...)
  local why = stopped()
  if why then
    error(why, 0)
  end
  return ok, ...
end
local pcall, xpcall = pcall, xpcall
local create, resume, close = coroutine.create, coroutine.resume, coroutine.close
_G.pcall = mark(function(...) return pass(pcall(...)) end)
-- Lua runs a message handler, and closes a coroutine that died of an error, with the
-- hook off when the error came from the hook: once stopped, neither runs script code.
_G.xpcall = mark(function(f, handler, ...)
  if type(handler) ~= "function" then
    error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ")", 2)
  end
  return pass(xpcall(f, function(e)
    if stopped() then
      return e
    end
    return handler(e)
  end, ...))
end)
coroutine.resume = mark(function(...) return pass(resume(...)) end)
coroutine.close = mark(function(co)
  pass()
  return close(co)
end)
-- `coroutine.wrap` as Lua's, but on `resume` and `close` that stop with the call.
local function unwrap(co, ok, ...)
  if ok then
    return ...
  end
  pass()
  local e = ...
  close(co)
  error(e, 2)
end
coroutine.wrap = mark(function(f)
  local co = create(f)
  return function(...) return unwrap(co, resume(co, ...)) end
end)

-- Lua runs finalizers with the debug hook off, so a `__gc` that loops could not be stopped:
-- scripts get no finalizers. (Only `setmetatable` marks an object for finalization, and
-- only when its metatable has `__gc` at that moment.)
local set_metatable = setmetatable
_G.setmetatable = mark(function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: `__gc` is not available to rules (a finalizer runs outside the limits); free resources in extract", 2)
  end
  return set_metatable(t, mt)
end)

-- Library functions whose work the instruction hook cannot see pay for it (about one
-- instruction per element, comparison or repetition, per 64 bytes copied). Small calls
-- are paid for by the instructions around them.
local SMALL = 1000
local function cost(units)
  if units > SMALL then
    charge(units)
  end
end

-- How many positions `i..j` of a string of `len` bytes covers (as string.sub counts them).
local function positions(len, i, j)
  if type(i) ~= "number" or type(j) ~= "number" then
    return 0
  end
  if i < 0 then
    i = len + i + 1
  end
  if j < 0 then
    j = len + j + 1
  end
  return (j > len and len or j) - (i < 1 and 1 or i) + 1
end

local rep, byte = string.rep, string.byte
string.rep = mark(function(s, n, sep)
  if type(n) == "number" and n > 0 then
    local bytes = (type(s) == "string" and #s or 24) + (type(sep) == "string" and #sep or 0)
    cost(n + n * bytes / 64)
  end
  return rep(s, n, sep)
end)
string.byte = mark(function(s, i, j)
  if j ~= nil and type(s) == "string" then
    cost(positions(#s, i or 1, j))
  end
  return byte(s, i, j)
end)
-- The pattern functions of patterns.rs return true and their results, or false and a
-- message to raise.
local function checked(ok, ...)
  if ok then
    return ...
  end
  error((...), 0)
end
local find, match, gsub = host.find, host.match, host.gsub
string.find = mark(function(...) return checked(find(...)) end)
string.match = mark(function(...) return checked(match(...)) end)
string.gsub = mark(function(...) return checked(gsub(...)) end)
local gmatch_start, gmatch_step = host.gmatch_start, host.gmatch_step
string.gmatch = mark(function(s, p, init)
  local subject, pattern, from = checked(gmatch_start(s, p, init))
  local last = -1
  -- The position lives here, in Lua, so that it is part of a saved state like any other.
  local function advance(stop, ...)
    if stop then
      from, last = stop, stop
      return ...
    end
  end
  return function() return advance(checked(gmatch_step(subject, pattern, from, last))) end
end)

local utf8_len, codepoint = utf8.len, utf8.codepoint
utf8.len = mark(function(s, i, j, ...)
  if type(s) == "string" then
    cost(positions(#s, i or 1, j or -1) / 64)
  end
  return utf8_len(s, i, j, ...)
end)
utf8.codepoint = mark(function(s, i, j, ...)
  if j ~= nil and type(s) == "string" then
    cost(positions(#s, i or 1, j))
  end
  return codepoint(s, i, j, ...)
end)

local concat, sort, move, unpack = table.concat, table.sort, table.move, table.unpack
local insert, remove = table.insert, table.remove
local function count(first, last)
  if type(first) == "number" and type(last) == "number" then
    cost(last - first + 1)
  end
end
table.concat = mark(function(list, sep, i, j)
  if type(list) == "table" then
    count(i or 1, j or #list)
  end
  local joined = concat(list, sep, i, j)
  cost(#joined / 64)
  return joined
end)
table.sort = mark(function(list, ...)
  if type(list) == "table" then
    local n = #list
    if n > 1 then
      cost(n * log(n, 2))
    end
  end
  return sort(list, ...)
end)
table.move = mark(function(a1, f, e, t, a2)
  count(f, e)
  return move(a1, f, e, t, a2)
end)
table.unpack = mark(function(list, i, j)
  if type(list) == "table" then
    count(i or 1, j or #list)
  end
  return unpack(list, i, j)
end)
table.insert = mark(function(list, ...)
  if select("#", ...) == 2 and type(list) == "table" then
    count((...), #list)
  end
  return insert(list, ...)
end)
table.remove = mark(function(list, ...)
  if select("#", ...) > 0 and type(list) == "table" then
    count((...), #list)
  end
  return remove(list, ...)
end)

-- Each document starts from the state the script's top level left: `snapshot` records
-- every table reachable from the roots (`{table, copy of its pairs, their number,
-- metatable}` in `tables`) and every Lua function's upvalues; they are put back before each
-- call. Coroutines cannot be put back, so none may be reachable then.
local tables, functions = {}, {}

local function snapshot(file, ...)
  local seen, queue, n = {}, {...}, select("#", ...)
  for f in next, own do
    seen[f] = true
  end
  local function push(v)
    local kind = type(v)
    if (kind == "table" or kind == "function" or kind == "thread") and not seen[v] then
      seen[v] = true
      n = n + 1
      queue[n] = v
    end
  end
  for i = 1, n do
    seen[queue[i]] = true
  end
  local i = 0
  while i < n do
    i = i + 1
    local v = queue[i]
    queue[i] = false
    local kind = type(v)
    if kind == "table" then
      local copy, size = {}, 0
      for k, x in next, v do
        copy[k] = x
        size = size + 1
        push(k)
        push(x)
      end
      local mt = getmetatable(v)
      push(mt)
      tables[#tables + 1] = {v, copy, size, mt}
    elseif kind == "function" then
      local values, u = {}, 1
      while true do
        local name, x = getupvalue(v, u)
        if name == nil then
          break
        end
        values[u] = x
        push(x)
        u = u + 1
      end
      -- C functions' upvalues are the host's (or a coroutine, checked above); Lua
      -- functions' are the script's local variables.
      if u > 1 and getinfo(v, "S").what ~= "C" then
        functions[#functions + 1] = {v, values, u - 1}
      end
    else
      error(file .. ": the script keeps a coroutine made at load time (" .. status(v)
        .. "); it would carry state from one document to the next: create coroutines inside extract", 0)
    end
  end
end

-- The tables (contents, then metatables) are put back by the host (sandbox.rs), which
-- is several times faster at it; this puts back the local variables and the seed.
local function restore()
  for i = 1, #functions do
    local saved = functions[i]
    local f, values = saved[1], saved[2]
    for u = 1, saved[3] do
      local _, x = getupvalue(f, u)
      if not rawequal(x, values[u]) then
        setupvalue(f, u, values[u])
      end
    end
  end
  randomseed(0)
end

return {snapshot = snapshot, restore = restore, tables = tables}
