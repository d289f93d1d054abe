-- a frontier whose set is long: both scans of it are charged
print(pcall(string.find, ("b"):rep(1 << 14), "%f[" .. ("a"):rep(1 << 18) .. "]"))
print("ESCAPED")
