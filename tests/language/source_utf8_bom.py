# A UTF-8 source file that starts with a byte order mark.
print("été", len("é"))
