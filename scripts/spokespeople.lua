-- spokespeople: who speaks for which organisation. It reads the quotes stage's facts
-- (run it after `plugin = "quotes"`) and looks around each speaker for the role:
-- "Ihor Zhovkva, a spokesman for the presidential office" or "army spokesman Ivan Kosh".

local ROLE = [[(?i:spokes(?:man|woman|person)|press\s+secretary)]]

local function escape(text)
  return (text:gsub("[%.%+%*%?%^%$%(%)%[%]%{%}%|\\]", "\\%0"))
end

return {
  name = "spokespeople",
  kinds = {"spokesperson"},

  extract = function(doc)
    local facts, seen = {}, {}
    for _, quote in ipairs(doc:facts("quote")) do
      local speaker = quote.attrs.speaker
      if speaker and not seen[speaker] then
        seen[speaker] = true
        local name = escape(speaker)
        local after = [[(?P<name>]] .. name .. [[),\s+(?:a|an|the)\s+]] .. ROLE .. [=[\s+(?i:for|of|at)\s+(?:the\s+)?(?P<org>[\p{L}' -]+?)[,.;]]=]
        local before = [[(?P<org>(?:\p{Lu}[\p{L}'-]*\s+){1,4})]] .. ROLE .. [[\s+(?P<name>]] .. name .. [[)]]
        for _, pattern in ipairs({after, before}) do
          local m = quarry.find(doc.text, pattern)[1]
          if m then
            facts[#facts + 1] = {
              kind = "spokesperson",
              start = m.groups.name.start,
              stop = m.groups.name.stop,
              attrs = {name = speaker, organisation = m.groups.org.text:gsub("%s+$", "")},
            }
            break
          end
        end
      end
    end
    return facts
  end,
}
