# compare: stderr
print(f'a}b')
