# upper/lower/capitalize/title/swapcase/casefold.
s = 'hello World, it\'s BATON 3.11'
print(s.upper())
print(s.lower())
print(s.capitalize())
print(s.title())
print(s.swapcase())
print('\u00c9COLE'.lower(), '\u00e9cole'.upper(), 'stra\u00dfe'.upper())
print('they\'re bill\'s friends'.title())
print('hELLO'.capitalize(), ''.capitalize(), '123abc'.capitalize())
print('MiXeD'.casefold(), 'ABC'.casefold() == 'abc')
print('a1b2'.upper(), 'x_y-z'.title(), 'ab cd'.title())
words = ['banana', 'Apple', 'cherry']
print(sorted(words), sorted(words, key=str.lower))
print('Hello'.lower() == 'hello', 'ß'.lower(), 'ǅ'.lower(), 'ǆ'.title())
