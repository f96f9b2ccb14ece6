-- weapons: weapons and munitions mentioned in a report, with their family.
-- A gazetteer rule: the word list is data, matched in one aho-corasick pass.

local families = {
  rocket = {"rocket", "rockets", "Grad", "HIMARS", "MLRS"},
  missile = {"missile", "missiles", "cruise missile", "cruise missiles", "ballistic missile", "ballistic missiles", "Kalibr", "Iskander"},
  drone = {"drone", "drones", "Shahed", "UAV", "UAVs", "kamikaze drone", "kamikaze drones"},
  mine = {"landmine", "landmines", "mine", "mines", "anti-tank mine", "anti-tank mines"},
  artillery = {"artillery", "shell", "shells", "howitzer", "howitzers", "mortar", "mortars"},
  explosive = {"bomb", "bombs", "IED", "IEDs", "grenade", "grenades", "explosives", "car bomb"},
  firearm = {"rifle", "rifles", "gunfire", "AK-47", "machine gun", "machine guns"},
}

local words, family_of = {}, {}
for family, list in pairs(families) do
  for _, word in ipairs(list) do
    words[#words + 1] = word
    family_of[word:lower()] = family
  end
end
table.sort(words) -- a stable order, whatever order pairs() gave
local matcher = quarry.keywords(words)

return {
  name = "weapons",
  kinds = {"weapon"},

  extract = function(doc)
    local facts = {}
    for _, m in ipairs(matcher:find(doc.text)) do
      facts[#facts + 1] = {
        kind = "weapon",
        start = m.start,
        stop = m.stop,
        attrs = {family = family_of[m.keyword:lower()]},
      }
    end
    return facts
  end,
}
