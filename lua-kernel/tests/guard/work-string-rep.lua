-- string.rep of many short copies
print(pcall(string.rep, "x", 100000000, "y"))
print("ESCAPED")
