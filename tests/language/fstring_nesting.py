# f-strings nested as deep as the four quote kinds allow, nested format
# specs, !r/!s/!a, self-documenting =, literal braces.
x, w, name = 3.14159, 10, 'abc'
print(f"""a{f'''b{f"c{f'd{x}e'}f"}g'''}h""")
print(f"{x:{w}.{2}f}|{name!r:^{w}}|{x=:.2f}|{ name = }|{name=!s:>8}")
print(f"{'{'}{'}'}{{}}{x:{'>'}{w}}")
print(f"{[f'{i:02}' for i in range(3)]}")
print(f'{x!a}', f'{ {1: 2}[1] }', f'{(lambda: 5)()}', f"{'a' 'b'}", f'{3:#x}', f'{x:,.3f}')
print(f'''{
x
}''', rf'\n{x}', fr'{x}\t', F'{x}', f'{x:{{}}>10}' if False else '')
d = {'k': 'v'}
print(f"{d['k']}", f'{d["k"]:>5}', f"{'nested' + f'{1+1}'}")
