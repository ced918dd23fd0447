# f-strings: conversions, format specs, nesting, self-documenting =.
x, n, s = 3.14159, 1234567, 'mid'
print(f'{x}', f'{x:.2f}', f'{x:>8.3f}|', f'{x:<8.1f}|', f'{x:08.2f}')
print(f'{n:,}', f'{n:_}', f'{n:>12,}', f'{-n:,}', f'{n:e}', f'{n:.3e}')
print(f'[{s:^10}]', f'[{s:*<7}]', f'[{s:>5}]', f'[{s!r:^9}]')
print(f'{s!r}', f'{s!s}', f'{"q"!a}', f'{chr(233)!a}')
print(f'{x=}', f'{n = }', f'{s=!s}', f'{x=:.1f}')
w, p = 10, 3
print(f'{x:{w}.{p}f}|', f'{s:{"^"}{w}}|')
print(f'{255:x} {255:X} {255:o} {255:b} {255:#x} {255:#o} {255:#b}')
print(f'{42:5d}|{42:<5d}|{42:^5d}|{42:05d}|{-42:05d}|{42:+d}|{42: d}')
print(f'{0.5:%}', f'{0.125:.1%}', f'{1e20:g}', f'{1234.5:g}', f'{0.00001:g}')
print(f'{{literal}}', f'{{{n}}}', f'a{1 + 1}b{"c" * 2}d')
d = {'k': 'v', 'n': 5}
print(f"{d['k']} {d['n'] * 2} {len(d)}")
items = ['a', 'b']
print(f'{items} {items[0]!r} {", ".join(items)}')
print(f'{"nested " + f"{n:,}"}')
print(f'{True} {None} {[1, 2]} {(1,)} {3 > 2}')
print(f'{12345.678:,.2f}', f'{1000000:,d}', f'{-0.0:.1f}', f'{2.5:.0f}', f'{3.5:.0f}')
def name():
    return 'fn'
print(f'{name()} {name()!r:>6}')
print(f'{x:10.4}|{n:10}|{s:10}|')
