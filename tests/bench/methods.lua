-- Method calls on instances (twin of methods.py).
local Counter = {}
Counter.__index = Counter
function Counter.new(step) return setmetatable({value = 0, step = step}, Counter) end
function Counter:bump() self.value = self.value + self.step; return self end
function Counter:get() return self.value end
local Scaled = setmetatable({}, {__index = Counter})
Scaled.__index = Scaled
function Scaled.new(step) return setmetatable({value = 0, step = step}, Scaled) end
function Scaled:bump() self.value = self.value + self.step * 2; return self end

local objs = {Counter.new(1), Scaled.new(3), Counter.new(7)}
local total = 0
for i = 0, 999999 do
  for _, o in ipairs(objs) do o:bump() end
  total = total + objs[i % 3 + 1]:get() % 10
end
print(total, "[" .. objs[1]:get() .. ", " .. objs[2]:get() .. ", " .. objs[3]:get() .. "]")
