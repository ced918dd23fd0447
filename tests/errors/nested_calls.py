# Exception three frames deep: the traceback lists every frame's line.
def parse(s):
    return int(s)
def read(items):
    return [parse(s) for s in items]
def main():
    data = read(['1', '2', 'x'])
    print(data)
main()
