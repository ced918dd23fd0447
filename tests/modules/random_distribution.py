# random: properties that hold for any correct implementation plus seeded values.
import random
random.seed(2024)
vals = [random.random() for _ in range(10000)]
print(all(0 <= v < 1 for v in vals), 0.45 < sum(vals) / len(vals) < 0.55)
ints = [random.randint(1, 6) for _ in range(6000)]
print(sorted(set(ints)), min(ints), max(ints))
print(random.randrange(1000000), random.random())
deck = list(range(52))
random.shuffle(deck)
print(sorted(deck) == list(range(52)), deck[:8])
try:
    random.choice([])
except IndexError as e:
    print('IndexError:', e)
try:
    random.randrange(0)
except ValueError as e:
    print('ValueError:', e)
