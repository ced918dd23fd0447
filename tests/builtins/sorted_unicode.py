# Sorting strings compares code points.
words = ['\u00e9clair', 'eclair', 'Zebra', 'apple', '\u00c9cole', 'zoo', '', 'a', 'A', '\u2603']
print(sorted(words))
print(sorted(words, key=len), sorted(words, reverse=True)[:3])
print(min(words), max(words), sorted('Hello World'))
print('\u00e9' > 'z', 'a' < 'b' < '\u00e9', sorted(['b10', 'b9', 'b1']))
