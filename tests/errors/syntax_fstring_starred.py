# compare: stderr
print(f'{*[1]}')
