-- compiling a large chunk, under pcall
print(pcall(load, string.rep("x = 1 ", 1000000)))
print("ESCAPED")
