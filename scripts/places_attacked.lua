-- places_attacked: the places an attack, strike or shelling is said to have hit.
-- A regex rule: quarry.find compiles each pattern once per worker thread.

local PLACE = [[(?P<place>\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+){0,2})]]
local SETTLEMENT = [[(?:(?:southern|northern|eastern|western|central|port|frontline|border)\s+){0,2}(?:city|town|village|region|port|capital|district|province)\s+of\s+]]

local patterns = {
  -- "an attack on the southern city of Mykolayiv", "a drone strike on Odesa"
  [[(?i:attacks?|strikes?|shelling|bombardment|bombing|raids?|assault)\s+(?i:on|against|of)\s+(?:the\s+)?(?i:]] .. SETTLEMENT .. [[)?]] .. PLACE,
  -- "shelled Kharkiv", "struck the town of Izium", "pounded Bakhmut"
  [[(?i:shelled|struck|hit|attacked|bombed|pounded|targeted)\s+(?:the\s+)?(?i:]] .. SETTLEMENT .. [[)?]] .. PLACE,
}

return {
  name = "places_attacked",
  kinds = {"place_attacked"},

  extract = function(doc)
    local facts, seen = {}, {}
    for _, pattern in ipairs(patterns) do
      for _, m in ipairs(quarry.find(doc.text, pattern)) do
        local place = m.groups.place
        if not seen[place.start] then
          seen[place.start] = true
          facts[#facts + 1] = {
            kind = "place_attacked",
            start = place.start,
            stop = place.stop,
            attrs = {place = place.text, trigger = m.text:match("^%S+"):lower()},
          }
        end
      end
    end
    table.sort(facts, function(a, b) return a.start < b.start end)
    return facts
  end,
}
