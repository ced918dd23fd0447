# Helper module imported by import_forms.py (not a test on its own).
VALUE = 42
_private = 'hidden'
print('helper module executing, __name__ =', __name__)
def greet(name):
    return 'hello ' + name
class Thing:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return 'Thing(%r)' % self.v
counter = 0
def bump():
    global counter
    counter += 1
    return counter
if __name__ == '__main__':
    print('never printed when imported')
