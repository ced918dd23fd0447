# math: gamma, lgamma, erf, erfc, hypot, dist, fsum and log of big ints on
# many pseudo-random arguments must give CPython's exact bits.
import math
import _random

class Rng(_random.Random):
    def uniform(self, a, b):
        return a + (b - a) * self.random()
    def randrange(self, a, b):
        return a + int(self.random() * (b - a))
    def gauss(self, mu, sigma):
        return mu + sigma * math.sqrt(-2 * math.log(1 - self.random())) * math.cos(math.tau * self.random())

rng = Rng(20240611)

acc = []
for i in range(400):
    x = rng.uniform(-180, 180)
    for f in (math.gamma, math.lgamma):
        try:
            acc.append(f(x).hex())
        except (ValueError, OverflowError) as e:
            acc.append(str(e))
    acc.append(math.erf(x / 30).hex())
    acc.append(math.erfc(x / 30).hex())
    y = rng.uniform(0, 5)
    acc.append(math.gamma(y).hex() + ' ' + math.lgamma(y).hex())
for i in range(0, len(acc), 50):
    print(' '.join(acc[i:i + 50]))

for i in range(300):
    n = rng.randrange(0, 8)
    v = [rng.uniform(-1e3, 1e3) * 10 ** rng.randrange(-300, 300) for _ in range(n)]
    w = [rng.gauss(0, 1) for _ in range(n)]
    print(math.hypot(*v).hex(), math.dist(v, w).hex(), math.fsum(v + w).hex())

for i in range(200):
    b = rng.getrandbits(rng.randrange(1, 3000)) + 1
    print(math.log(b).hex(), math.log2(b).hex(), math.log10(b).hex(), math.log(b, 7).hex(), math.log1p(b).hex() if b < 2 ** 1000 else '')
