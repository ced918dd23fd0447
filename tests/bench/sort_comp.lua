-- Sorting and table building (twin of sort_comp.py; Lua has no
-- comprehensions, so loops stand in for them).
local x, data = 12345, {}
for i = 1, 200000 do
  x = (x * 1103515245 + 12345) % 2147483648
  data[i] = x % 100000
end
local function copy(t) local r = {} for i = 1, #t do r[i] = t[i] end return r end
local a = copy(data); table.sort(a)
local b = copy(data)
table.sort(b, function(p, q)
  if p % 1000 ~= q % 1000 then return p % 1000 < q % 1000 end
  return p < q
end)
local c = copy(data); table.sort(c, function(p, q) return p > q end)
local squares, ssum = 0, 0
for _, v in ipairs(data) do
  if v % 3 == 0 then squares = squares + 1; ssum = (ssum + v * v) % 1000003 end
end
local buckets, nb = {}, 0
for _, v in ipairs(data) do if buckets[v % 97] == nil then nb = nb + 1 end; buckets[v % 97] = v end
local uniq, nu = {}, 0
for _, v in ipairs(data) do if not uniq[v // 10] then nu = nu + 1; uniq[v // 10] = true end end
local pairs_ = {}
for i = 1, 50000 do pairs_[i] = {a[i], -a[i]} end
table.sort(pairs_, function(p, q) if p[1] ~= q[1] then return p[1] < q[1] end return p[2] < q[2] end)
print(a[1], a[#a], b[1], b[#b], c[1], squares, ssum, nb, nu,
      "(" .. pairs_[101][1] .. ", " .. pairs_[101][2] .. ")")
