# random with a fixed seed reproduces CPython's Mersenne Twister sequence.
import random
random.seed(42)
print(random.random(), random.random())
print([random.randint(1, 100) for _ in range(10)])
print(random.choice('abcdefg'), random.choice([10, 20, 30]))
xs = list(range(10))
random.shuffle(xs)
print(xs)
print(random.uniform(1, 2), random.randrange(10), random.randrange(0, 100, 5))
print(random.sample(range(100), 5), sorted(random.sample('abcdef', 3)))
random.seed(0)
print(random.random(), random.getrandbits(16), random.randint(-5, 5))
random.seed(12345)
a = [random.random() for _ in range(3)]
random.seed(12345)
b = [random.random() for _ in range(3)]
print(a == b, a)
print(random.choices([1, 2, 3], k=5) if hasattr(random, 'choices') else None)
