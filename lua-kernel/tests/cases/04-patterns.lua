-- 04-patterns: Lua patterns in find, match, gmatch and gsub.
-- Covers plain find, init positions, anchors, captures (nested, empty
-- position captures, back references), character classes and sets,
-- quantifiers (* + - ?), %b, %f, gmatch with anchors and captures, gsub
-- with string/table/function replacements and a count, and the error
-- messages of malformed patterns.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- find: positions, init, plain
do
  assert(string.find("hello", "l") == 3)
  local i, j = string.find("hello", "ll")
  assert(i == 3 and j == 4)
  assert(string.find("hello", "xyz") == nil)
  assert(string.find("hello", "") == 1)
  assert(string.find("hello", "", 10) == nil)
  assert(string.find("hello", "", 6) == 6)
  assert(string.find("hello", "l", 4) == 4)
  assert(string.find("hello", "l", -2) == 4)
  assert(string.find("hello", "h", -100) == 1)
  assert(string.find("a.b", ".", 1, true) == 2)
  assert(string.find("a+b", "+", 1, true) == 2)
  assert(string.find("a%b", "%", 1, true) == 2)
  assert(string.find("x[y", "[", 1, true) == 2)
  assert(string.find("a\0b", "\0", 1, true) == 2)
  assert(string.find("abc", "b", 1, true) == 2)
  local s, e, c = string.find("key = value", "(%w+)%s*=")
  assert(s == 1 and e == 5 and c == "key")
end

-- match and captures
do
  assert(string.match("hello world", "%w+") == "hello")
  assert(string.match("hello world", "(%w+) (%w+)") == "hello")
  local a, b = string.match("hello world", "(%w+) (%w+)")
  assert(a == "hello" and b == "world")
  assert(string.match("  trim  ", "^%s*(.-)%s*$") == "trim")
  assert(string.match("2024-01-31", "(%d+)-(%d+)-(%d+)") == "2024")
  local y, m, d = ("2024-01-31"):match("(%d+)-(%d+)-(%d+)")
  assert(y == "2024" and m == "01" and d == "31")
  -- position captures
  local p1, w, p2 = ("  word  "):match("()(%a+)()")
  assert(p1 == 3 and w == "word" and p2 == 7)
  assert(math.type(p1) == "integer")
  assert(("abc"):match("()") == 1)
  -- nested captures come in order of their opening parenthesis
  local whole, first, second = ("ab12"):match("((%a+)(%d+))")
  assert(whole == "ab12" and first == "ab" and second == "12")
  -- back references
  assert(("say 'hi' now"):match("(['\"])(.-)%1") == "'")
  assert(select(2, ("say \"yo\" now"):match("(['\"])(.-)%1")) == "yo")
  assert(("aXbXc"):match("(X).-%1") == "X")
  assert(("abcabc"):match("^(abc)%1$") == "abc")
  -- init argument
  assert(("abcabc"):match("a", 2) == "a")
  assert(("abc"):match(".", -1) == "c")
  assert(("abc"):match("x") == nil)
end

-- anchors
do
  assert(("hello"):find("^h") == 1 and ("hello"):find("^e") == nil)
  assert(("hello"):find("o$") == 5 and ("hello"):find("l$") == nil)
  assert(("hello"):match("^hello$") == "hello")
  assert(("a^b"):find("^", 1, true) == 2)
  assert(("a^b"):find("a^") == 1)      -- '^' is only special first
  assert(("a$b"):find("$b") == 2)      -- '$' is only special last
  assert(("hello"):find("^l", 3) == 3) -- anchored at init
  assert(("x"):match("^$") == nil and (""):match("^$") == "")
end

-- character classes
do
  local s = "aZ9 _\t\n!~\0\127"
  local function count(class)
    return select(2, s:gsub(class, ""))
  end
  assert(count("%a") == 2 and count("%A") == 9)
  assert(count("%d") == 1 and count("%l") == 1 and count("%u") == 1)
  assert(count("%w") == 3)
  assert(count("%s") == 3)              -- space, tab, newline
  assert(count("%p") == 3)              -- _ ! ~
  assert(count("%c") == 4)              -- tab, newline, \0, DEL
  assert(count("%x") == 2)              -- a and 9
  assert(count("%g") == 6)              -- printable except space
  assert(count(".") == #s)
  assert(("0x1F"):match("^0x(%x+)$") == "1F")
  assert(("%"):match("%%") == "%")
  assert(("a.b"):match("%.") == ".")
  assert(("[x]"):match("%[(.)%]") == "x")
end

-- sets
do
  assert(("hello"):match("[aeiou]") == "e")
  assert(("hello"):match("[^aeiou]+") == "h")
  assert(("x-y"):match("[%-]") == "-")
  assert(("x-y"):match("[a-z]+") == "x")
  assert(("B7"):match("[%d]") == "7")
  assert(("abc]"):match("[]]") == "]")
  assert(("abc^"):match("[a^]+") == "a")
  assert(("^"):match("[%^]") == "^")
  assert(("a-z"):match("[a%-z]+") == "a-z")
  assert(("CamelCaseWord"):gsub("[A-Z]", "_%0") == "_Camel_Case_Word")
  assert(("tab\there"):match("[%s]") == "\t")
  assert(("\255\0"):match("[\0-\10]") == "\0")
end

-- quantifiers
do
  assert(("aaab"):match("a*") == "aaa" and ("b"):match("a*") == "")
  assert(("aaab"):match("a+") == "aaa" and ("b"):match("a+") == nil)
  assert(("aaab"):match("a-b") == "aaab" and ("aaab"):match("a-") == "")
  assert(("color colour"):gsub("colou?r", "C") == "C C")
  assert(("<a><b>"):match("<(.*)>") == "a><b")
  assert(("<a><b>"):match("<(.-)>") == "a")
  assert(("12abc"):match("^%d*") == "12")
  assert(("x = 10"):match("^(%w+)%s*=%s*(%d+)$") == "x")
  assert(("aaa"):match("^a-$") == "aaa")
end

-- %b balanced pairs and %f frontiers
do
  assert(("f(a(b)c) d"):match("%b()") == "(a(b)c)")
  assert(("x [y] [z]"):match("%b[]") == "[y]")
  assert(("(unbalanced"):match("%b()") == nil)
  assert(("{{}}{}"):gsub("%b{}", "X") == "XX")
  assert(("if x then y end"):match("%bie") == "if x the")
  assert(("THE (quick) fox"):find("%f[%a]%a+%f[%A]") == 1)
  assert(("the cat in the hat"):gsub("%f[%w]%w+", "W") == "W W W W W")
  local words = {}
  for w in ("hello, world! hi"):gmatch("%f[%a]%a+") do words[#words + 1] = w end
  assert(#words == 3 and words[3] == "hi")
  assert(("THE (quick) fox"):gsub("%f[%a]%u+%f[%A]", "X") == "X (quick) fox")
  assert(("aaa"):find("%f[a]") == 1)
  assert(("aaa"):find("%f[^a]") == 4)  -- the frontier at the end
end

-- gmatch
do
  local t = {}
  for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do t[k] = v end
  assert(t.a == "1" and t.b == "2" and t.c == "3")
  local n = 0
  for _ in ("one two  three"):gmatch("%S+") do n = n + 1 end
  assert(n == 3)
  local list = {}
  for c in ("abc"):gmatch("") do list[#list + 1] = c end
  assert(#list == 4 and list[1] == "")  -- empty matches at 1..4
  local pos = {}
  for p in ("abc"):gmatch("()") do pos[#pos + 1] = p end
  assert(#pos == 4 and pos[4] == 4)
  -- '^' is no anchor in gmatch: it matches itself
  local hits = 0
  for _ in ("aaa"):gmatch("^a") do hits = hits + 1 end
  assert(hits == 0)
  for _ in ("a^a^a"):gmatch("^a") do hits = hits + 1 end
  assert(hits == 2)
  -- the init argument of gmatch (5.4)
  local rest = {}
  for w in ("one two three"):gmatch("%a+", 5) do rest[#rest + 1] = w end
  assert(#rest == 2 and rest[1] == "two")
  -- an iterator can be called by hand
  local it = ("x y"):gmatch("%a")
  assert(it() == "x" and it() == "y" and it() == nil)
end

-- gsub: string, table and function replacements, counts, limits
do
  local s, n = string.gsub("hello world", "o", "0")
  assert(s == "hell0 w0rld" and n == 2)
  s, n = string.gsub("hello world", "o", "0", 1)
  assert(s == "hell0 world" and n == 1)
  s, n = string.gsub("abc", "", "-")
  assert(s == "-a-b-c-" and n == 4)
  assert(("hello world"):gsub("(%w+)", "<%1>") == "<hello> <world>")
  assert(("hello world"):gsub("%w+", "%0 %0", 1) == "hello hello world")
  assert(("abc"):gsub("%w", "%%") == "%%%")
  assert(("x = y"):gsub("(%w+) = (%w+)", "%2 = %1") == "y = x")
  -- table replacement: a missing key keeps the match
  local vars = {name = "Lua", n = 54}
  assert(("$name $n $none"):gsub("%$(%w+)", vars) == "Lua 54 $none")
  -- function replacement: nil or false keeps the match
  local r = ("1 2 3"):gsub("%d", function(d)
    if d ~= "2" then return d * 10 end
  end)
  assert(r == "10 2 30")
  assert(("abc"):gsub(".", function() return false end) == "abc")
  assert(("a,b"):gsub("(%a)", string.upper) == "A,B")
  -- position captures are passed as integers
  assert(("abc"):gsub("()", "%1") == "1a2b3c4")
  -- count 0 and negative: no replacement
  assert(select(2, ("aaa"):gsub("a", "b", 0)) == 0)
  assert(("aaa"):gsub("a", "b", -1) == "aaa")
  -- anchored gsub replaces at most once
  assert(("aaa"):gsub("^a", "b") == "baa")
  -- escaping a pattern with gsub itself
  local magic = "1+1=2 (really?) [yes] 100%"
  local escaped = magic:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
  assert(magic:find(escaped) == 1 and select(2, magic:find(escaped)) == #magic)
end

-- errors of malformed patterns and replacements
do
  assert(fails(function() return ("x"):find("[a") end, "malformed pattern"))
  assert(fails(function() return ("x"):find("%") end, "malformed pattern"))
  assert(fails(function() return ("x"):find("(") end, "unfinished capture"))
  assert(fails(function() return ("x"):find(".)") end,
               "invalid pattern capture"))
  assert(fails(function() return ("x"):find("%1") end,
               "invalid capture index"))
  assert(fails(function() return ("x"):find("%b") end, "missing arguments"))
  assert(fails(function() return ("x"):find("%f") end, "missing '['"))
  assert(fails(function() return ("x"):gsub(".", "%2") end,
               "invalid capture index %2"))
  assert(fails(function() return ("x"):gsub(".", "%x") end,
               "invalid use of '%' in replacement string"))
  assert(fails(function() return ("x"):gsub(".", {}, "n") end,
               "number expected"))
  assert(fails(function() return ("x"):gsub(".", true) end,
               "string/function/table expected"))
  assert(fails(function() return ("x"):gsub(".", function() return {} end) end,
               "invalid replacement value (a table)"))
  assert(fails(function() return ("x"):rep(1):find(string.rep("(", 40)) end,
               "too many captures"))
end

return "ok"
