# Traceback objects: tb_next, tb_lineno, tb_frame, tb_lasti; tb_next is
# writable (a traceback or None, no loops), the others read-only.
def f():
    return 1 / 0


try:
    f()
except ZeroDivisionError as e:
    tb = e.__traceback__
print(type(tb).__name__, tb.tb_lineno, tb.tb_next.tb_lineno, tb.tb_next.tb_next)
print(tb.tb_frame.f_code.co_name, tb.tb_next.tb_frame.f_code.co_name, type(tb.tb_lasti).__name__)
inner = tb.tb_next
tb.tb_next = None
print(tb.tb_next)
tb.tb_next = inner
print(tb.tb_next is inner)
for bad in (5, "x"):
    try:
        tb.tb_next = bad
    except TypeError as e:
        print("TypeError", e)
try:
    inner.tb_next = tb
except ValueError as e:
    print("ValueError", e)
try:
    del tb.tb_next
except TypeError as e:
    print("TypeError", e)
for name in ("tb_lineno", "tb_frame", "tb_lasti"):
    try:
        setattr(tb, name, 1)
    except AttributeError as e:
        print("AttributeError", name)
