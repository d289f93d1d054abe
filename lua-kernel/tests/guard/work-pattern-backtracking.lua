-- backtracking inside one string.find call
print(pcall(string.find, string.rep("a", 30000), string.rep("a*", 12) .. "b"))
print("ESCAPED")
