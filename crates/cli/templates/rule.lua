-- RULE_NAME: a quarry Lua rule. `quarry test` runs it on the fixtures beside it.
-- The API is in docs/lua.md. Positions are 1-based and inclusive, like string.find.

-- Built once per worker thread, then reused for every document.
local words = quarry.keywords({"ceasefire", "truce", "armistice"})

return {
  name = "RULE_NAME",
  kinds = {"ceasefire"},
  options = {min_mentions = 1},

  extract = function(doc)
    local found = words:find(doc.text)
    if #found < doc.options.min_mentions then
      return {}
    end
    local facts = {}
    for _, m in ipairs(found) do
      facts[#facts + 1] = {kind = "ceasefire", start = m.start, stop = m.stop, attrs = {word = m.keyword}}
    end
    return facts
  end,
}
