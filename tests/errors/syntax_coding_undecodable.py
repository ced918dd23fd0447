# coding: ascii
# Bytes the declared encoding cannot decode: é
print("never")
