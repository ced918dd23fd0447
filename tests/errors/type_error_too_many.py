# TypeError: too many positional arguments to a method.
class Greeter:
    def hello(self, name):
        return 'hi ' + name
g = Greeter()
print(g.hello('a'))
g.hello('a', 'b')
