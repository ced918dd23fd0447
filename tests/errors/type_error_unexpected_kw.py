# TypeError: unexpected keyword argument.
def connect(host, port=80):
    return host, port
print(connect('h', port=1))
connect('h', timeout=5)
