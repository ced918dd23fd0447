# The first demo: recursive Fibonacci, timed.  Run it with
#   build/normal/baton examples/fib.py
# and compare with `python3 examples/fib.py`: same output, less time.
import time


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


start = time.time()
for n in (10, 20, 25, 30):
    print(f"fib({n}) = {fib(n)}")
print(f"took {time.time() - start:.2f}s")
