-- A while loop of integer arithmetic, 10 million iterations (twin of loop.py).
local function main()
  local i, total = 0, 0
  while i < 10000000 do
    total = (total + i * 3 - (i >> 2)) % 1000003
    i = i + 1
  end
  print(total)
end
main()
