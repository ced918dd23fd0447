# match, case and _ stay usable as names next to match statements.
match = [1, 2]
case = {'k': 'v'}
_ = 'underscore'
print(match[0], case['k'], _)
match.append(3)
print(match)
match, case = case, match
print(match, case)


def match(x):
    return x * 2


print(match(4), (match)(5))


class case:
    match = 'attr'


print(case.match)
match = 3
match match:
    case 3:
        print('matched on a variable named match')
match(match) if False else None
match = (1, 2)
match match:
    case (case, _):
        print('case as a capture name:', case, _)
print([match for match in range(3)])
lambda match: match
match -1:
    case -1:
        print('negative subject')
match [1, 2]:
    case [*_]:
        print('star wildcard')
match {'match': 'case'}:
    case {'match': case}:
        print(case)
