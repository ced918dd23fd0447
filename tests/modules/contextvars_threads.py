# contextvars (CPython's Lib/contextvars.py over _contextvars): each thread
# has its own current context and a new thread starts with an empty one;
# Context.run nests and restores; copies are independent.
import contextvars
import threading

request = contextvars.ContextVar('request', default='none')
user = contextvars.ContextVar('user')

request.set('main')
user.set('root')
results = {}

def worker(n):
    before = (request.get(), user.get('unset'), len(contextvars.copy_context()))
    request.set(f'thread-{n}')
    ctx = contextvars.copy_context()
    inner = ctx.run(lambda: (request.set(f'inner-{n}'), request.get())[1])
    results[n] = before, request.get(), inner, ctx[request]

threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for n in sorted(results):
    print(n, results[n])
print(request.get(), user.get())

# run() nests: the inner context is replaced and restored
outer = contextvars.copy_context()
def level(depth):
    request.set(f'depth-{depth}')
    if depth < 3:
        contextvars.copy_context().run(level, depth + 1)
    return request.get()
print(outer.run(level, 0), outer[request], request.get())

# a context is entered at most once at a time, also from another thread
shared = contextvars.Context()
errors = []
def enter():
    try:
        shared.run(lambda: None)
    except RuntimeError as e:
        errors.append(str(e).split(':')[0])
def hold():
    t = threading.Thread(target=enter)
    t.start()
    t.join()
shared.run(hold)
print(errors)

# many variables and copies
vs = [contextvars.ContextVar(f'v{i}') for i in range(50)]
ctx = contextvars.Context()
def fill():
    for i, v in enumerate(vs):
        v.set(i * i)
ctx.run(fill)
snap = ctx.copy()
ctx.run(vs[7].set, -1)
print(len(ctx), sum(ctx.values()), snap[vs[7]], ctx[vs[7]], sorted(v.name for v in ctx)[:5])
print(sorted((k.name, v) for k, v in snap.items())[:4])
