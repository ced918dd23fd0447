# _sre on big inputs: megabyte subjects through findall/sub/split, a  (baton: heavy)
# repeated group over a megabyte (the matcher's stack is on the heap, not
# the C stack), a pathological backtracking pattern on a small input, deep
# nesting, and a tokenizer loop of match(s, pos) over non-ASCII text (which
# must not decode the whole text at every call).
from _sre_util import find

big = 'ab' * 500_000
m = find('(a|b)*').match(big)
print(m.span(), m.group(1), m.lastindex)
m = find('(?:a|b)*c').search(big[:200_000] + 'c')
print(m.span())
print(find('(?:a|b)*c').match(big[:100_000]))

words = ' '.join('w%d 17' % i for i in range(100_000))
print(len(words))
f = find('\\w+').findall(words)
print(len(f), f[:3], f[-2:])
pairs = find('(\\w+) (\\d+)')
r = pairs.sub(lambda m: m.group(2) + ':' + m.group(1), words)
print(len(r), r[:30], r[-20:])
print(pairs.subn('=', words)[1], len(pairs.split(words)))
csv = 'field,' * 200_000
print(len(find('[^,]*,').findall(csv)), find('[^,]*,').sub('', csv) == '')

# exponential backtracking, kept small
print(find('(a+)+b').match('a' * 16), find('(x+x+)+y').search('x' * 14))

# nesting
print(find('(' * 90 + 'a' + ')' * 90).match('a').span(90))
print(find('(?:(?=a)' * 60 + 'a' + ')' * 60).match('a'))
print(find('(?:a(?:b(?:c|d)*)*)*e').match('abcdbcab' * 1000 + 'e').span())
print(find('(.)(?=.*\\1)').findall('abcabcxyzx' * 3))

# a tokenizer over non-ASCII text
text = 'émile 日本 ' * 20_000
tok = find('\\s+|\\w+|.')
pos, kinds = 0, {}
while pos < len(text):
    m = tok.match(text, pos)
    k = m.group()[0]
    kinds[k] = kinds.get(k, 0) + 1
    pos = m.end()
print(sorted(kinds.items()))
print(len(tok.findall(text)), tok.split(text)[:3], len(tok.sub('', text)))
