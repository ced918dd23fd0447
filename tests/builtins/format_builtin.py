# format() builtin with many specs.
print(format(3.14159, '.2f'), format(42, 'd'), format(42, '>6'), format('ab', '<4') + '|')
print(format(1234567.891, ',.2f'), format(0.5, '.0%'), format(255, '#X'), format(1e-7, 'e'))
print(format(12, 'b'), format(12, 'o'), format(-12, 'x'), format(12, 'c'))
print(format(3.0), format(3), format('s'), format(None), format([1]))
print(format(1.5, '10.3e') + '|', format(123, '^9') + '|', format(-1.5, '=+8.2f'))
print(format(1e16, 'g'), format(123456789.0, 'g'), format(0.0001234, 'g'), format(1.0, 'g'))
print(format(2.5, 'n') if False else format(2.5, 'g'), format(100, 'e'), format(7, '.3f'))
print(format(True, 'd'), format(False, '>5'), format(10 ** 20, ','))
for spec in ['q', '.2d', ',s']:
    try:
        format(5 if spec != ',s' else 's', spec)
    except ValueError as e:
        print('ValueError:', e)
print(format(float('inf'), '.2f'), format(float('nan'), 'f'), format(-0.0, 'f'), format(1.0, '%'))
