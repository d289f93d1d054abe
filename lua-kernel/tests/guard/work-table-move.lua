-- table.move of a huge range
print(pcall(table.move, {}, 1, 1 << 40, 2))
print("ESCAPED")
