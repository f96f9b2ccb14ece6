-- displaced: people forced from their homes, counted by the noun phrase before or after
-- the words of flight ("2,000 residents fled", "forced 300 families to flee"). Reads the
-- linguistic layer: token patterns (`quarry.match`) for the words, `doc:chunks()` for who
-- and how many.
local FLIGHT = {lower = {"fled", "flee", "fleeing", "evacuated", "displaced", "uprooted"}}

local patterns = {
  -- "2,000 residents fled", "300 families have been displaced"
  {{class = "number"}, {shape = "lower", op = "?"}, {class = "auxiliary", op = "*"}, FLIGHT},
  -- "forced 300 families to flee", "displaced about 5,000 people"
  {{lower = {"forced", "displaced", "uprooted"}}, {class = "qualifier", op = "*"},
   {class = "number"}, {shape = "lower", op = "?"}, {lower = "to", op = "?"}, FLIGHT},
}

--- The noun phrase of `doc:chunks()` that holds the position `at`.
local function chunk_at(chunks, at)
  for _, chunk in ipairs(chunks) do
    if chunk.start <= at and at <= chunk.stop then
      return chunk
    end
  end
end

return {
  name = "displaced",
  kinds = {"displaced"},

  extract = function(doc)
    local facts, chunks, taken = {}, nil, {}
    for _, pattern in ipairs(patterns) do
      for _, m in ipairs(quarry.match(doc, pattern)) do
        chunks = chunks or doc:chunks()
        for _, token in ipairs(m.tokens) do
          local chunk = token.number and chunk_at(chunks, token.start)
          if chunk and chunk.count and not taken[m.start] then
            taken[m.start] = true
            facts[#facts + 1] = {
              kind = "displaced", start = m.start, stop = m.stop,
              attrs = {count = chunk.count, who = chunk.head},
            }
            break
          end
        end
      end
    end
    return facts
  end,
}
