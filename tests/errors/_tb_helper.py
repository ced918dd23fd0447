# Helper for traceback_carets_*.py: errors raised inside another module.
def lookup(table, key):
    return table[key] + 1


class Box:
    def __init__(self, inner):
        self.inner = inner

    def size(self):
        return self.inner.size
