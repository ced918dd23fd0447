-- Building tables keyed by strings, and strings (twin of dicts_strings.py).
local counts, n = {}, 0
local words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"}
for i = 0, 299999 do
  local key = words[i % 7 + 1] .. tostring(i % 1000)
  local c = counts[key]
  if c == nil then n = n + 1; c = 0 end
  counts[key] = c + 1
end
local total = 0
for _, v in pairs(counts) do total = total + v end
local parts = {}
for i = 0, 199999 do parts[#parts + 1] = tostring(i) end
local s = table.concat(parts, ",")
local acc = {}
for i = 1, 100000 do acc[#acc + 1] = "ab" end
acc = table.concat(acc)
local isum = 0
for k in pairs(counts) do isum = isum + #string.upper(k) end
print(n, total, #s, #acc, isum)
