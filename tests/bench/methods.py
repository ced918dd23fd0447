# Method calls on instances: attribute reads and writes, 3 million calls.
class Counter:
    def __init__(self, step):
        self.value = 0
        self.step = step

    def bump(self):
        self.value += self.step
        return self

    def get(self):
        return self.value


class Scaled(Counter):
    def bump(self):
        self.value += self.step * 2
        return self


def main():
    objs = [Counter(1), Scaled(3), Counter(7)]
    total = 0
    for i in range(1000000):
        for o in objs:
            o.bump()
        total += objs[i % 3].get() % 10
    print(total, [o.get() for o in objs])


main()
