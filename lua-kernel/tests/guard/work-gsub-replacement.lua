-- gsub walks a long replacement string for every (empty) match
print(pcall(string.gsub, ("b"):rep(1 << 12), "", ("%0"):rep(1 << 19)))
print("ESCAPED")
