# _contextvars: ContextVar, Token, Context and copy_context with CPython's
# reprs and errors.
import _contextvars as cv
from _contextvars import ContextVar, Context, Token, copy_context
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, clean(str(e)))
def clean(s):
    out, i = [], 0
    while i < len(s):
        if s.startswith('0x', i):
            i += 2
            while i < len(s) and s[i] in '0123456789abcdef':
                i += 1
            out.append('ADDR')
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)
def tc(f):
    try: print(clean(repr(f())))
    except Exception as e: print(type(e).__name__, clean(str(e)))
print(sorted(n for n in dir(cv) if not n.startswith('__')))
t(lambda: ContextVar()); t(lambda: ContextVar(1)); t(lambda: ContextVar('a', 1)); t(lambda: ContextVar('a', foo=1))
v = ContextVar('v'); w = ContextVar('w', default=5)
tc(lambda: v); tc(lambda: w); tc(lambda: ContextVar('q', default=None))
t(lambda: v.get()); t(lambda: v.get(3)); t(lambda: w.get()); t(lambda: w.get(7)); t(lambda: v.get(default=1))
tok = v.set(10); tc(lambda: tok); t(lambda: tok.var is v); t(lambda: tok.old_value); t(lambda: tok.old_value is Token.MISSING)
t(lambda: Token.MISSING); t(lambda: v.get())
tok2 = v.set(11); t(lambda: tok2.old_value)
v.reset(tok2); t(lambda: v.get())
tc(lambda: v.reset(tok2))
tc(lambda: w.reset(tok))
v.reset(tok); t(lambda: v.get(99))
t(lambda: v.reset(1)); t(lambda: v.name); t(lambda: setattr(v, 'name', 'x')); t(lambda: setattr(tok, 'var', 1)); t(lambda: ContextVar[int]); t(lambda: Token[int])
t(lambda: hash(v) == hash(v)); t(lambda: type(v).__name__); t(lambda: type(v).__module__)
def sub():
    class X(ContextVar): pass
t(sub)
def sub2():
    class X(Token): pass
t(sub2)
def sub3():
    class X(Context): pass
t(sub3)
t(lambda: Token()); t(lambda: Context(1)); t(lambda: Context(a=1)); t(lambda: copy_context(1))
ctx = copy_context()
t(lambda: len(ctx)); t(lambda: list(ctx))
def f(a, b=0):
    v.set(a + b)
    return v.get(), len(copy_context())
t(lambda: ctx.run(f, 1, b=2)); t(lambda: ctx[v]); t(lambda: v.get(None)); t(lambda: v in ctx); t(lambda: len(ctx))
t(lambda: ctx[w]); t(lambda: ctx[1]); t(lambda: 1 in ctx); t(lambda: ctx.get(w)); t(lambda: ctx.get(w, 4)); t(lambda: ctx.get(1))
t(lambda: list(ctx.keys()) == [v]); t(lambda: list(ctx.values())); t(lambda: list(ctx.items()) == [(v, 3)])
t(lambda: ctx.run()); t(lambda: ctx.run(1))
def reenter(): return ctx.run(lambda: 1)
tc(lambda: ctx.run(reenter))
c2 = ctx.copy(); t(lambda: c2 == ctx); t(lambda: c2 is ctx); t(lambda: c2 != ctx); t(lambda: ctx == 1); t(lambda: hash(ctx))
c2.run(v.set, 100); t(lambda: (c2[v], ctx[v])); t(lambda: c2 == ctx)
def tokctx():
    return v.set(5)
tk = ctx.run(tokctx)
tc(lambda: v.reset(tk))
tc(lambda: ctx.run(v.reset, tk)); t(lambda: ctx[v])
t(lambda: type(ctx.keys()).__name__); t(lambda: iter(ctx).__class__.__name__)
t(lambda: Context() == Context()); t(lambda: len(Context()))
t(lambda: ctx.run(lambda: 1/0))
t(lambda: ctx.run(lambda: ctx.run).__name__)
