value = 42
def where():
    return __name__
