# co_code, co_lines(), co_positions(), f_lasti and tb_lasti agree: co_lines
# covers co_code, one position per 2-byte code unit (lasti // 2 indexes
# co_positions, as traceback does), byte offsets are even.
import traceback, sys
def f():
    x = 1
    return x + [][0]
try:
    f()
except Exception as e:
    for fs in traceback.extract_tb(e.__traceback__):
        print(fs.name, fs.lineno, fs.end_lineno, fs.colno, fs.end_colno, fs.line)
    tb = e.__traceback__.tb_next
    print(tb.tb_lasti % 2, tb.tb_lineno)
def g():
    fr = sys._getframe()
    return fr.f_lasti, fr.f_code
la, co = g()
print(la % 2, la < len(co.co_code))
print(all(e <= len(co.co_code) for s, e, l in co.co_lines()), list(co.co_lines())[-1][1] == len(co.co_code))
print(len(list(co.co_positions())) * 2 == len(co.co_code))
