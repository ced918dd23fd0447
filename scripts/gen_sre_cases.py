#!/usr/bin/env python3
"""Write tests/modules/_sre_cases.py: compiled SRE code for the _sre tests.

baton cannot run CPython's `re` package yet, so its _sre is tested with
code that CPython's re._compiler made: this script (run with python3 by a
developer, never at build time) compiles every pattern below and writes
(pattern, flags, code, groups, groupindex, indexgroup, subjects) tuples as
literals.  The tests (tests/modules/sre_*.py) call _sre.compile() on them
themselves, so under python3 they exercise CPython's _sre with the very
same code and the runner compares the outputs.

    python3 scripts/gen_sre_cases.py            # rewrite the cases file
    python3 scripts/gen_sre_cases.py --re-tests FILE
        # also write FILE (not committed) with the patterns of CPython's
        # Lib/test/re_tests.py, for a wider one-off comparison
"""
import argparse
import os
import sys
from re import _compiler, _constants, _parser

I, L, M, S, U, X, A = 2, 4, 8, 16, 32, 64, 256

# (pattern, flags, subjects).  Grouped by what they exercise.
STR_CASES = [
    # literals and the INFO prefix (with an overlap table)
    ('abc', 0, ['abc', 'xabcx', 'ab', 'aabcabc', '']),
    ('abab', 0, ['ababab', 'abaabab', 'xxabab', 'aba']),
    ('aab', 0, ['aaab', 'aabaab', 'abab']),
    ('a', 0, ['', 'a', 'ba', 'bbb']),
    ('ab(c)d', 0, ['abcd', 'xabcdx', 'abd']),
    ('x(?:yz)+', 0, ['xyzyz', 'axyzx', 'xy']),
    ('hello world', 0, ['say hello world!', 'hello worl']),
    # any, dotall, anchors
    ('a.c', 0, ['abc', 'a\nc', 'ac', 'xaxcx']),
    ('a.c', S, ['abc', 'a\nc']),
    ('.*', 0, ['', 'abc', 'ab\ncd']),
    ('.*', S, ['ab\ncd']),
    ('^abc$', 0, ['abc', 'abc\n', 'xabc', 'abc\nabc']),
    ('^abc$', M, ['x\nabc\ny', 'abc\n', 'ab\nc']),
    ('^', M, ['a\nb\n']),
    ('$', M, ['a\nb\n']),
    ('\\Aab\\Z', 0, ['ab', 'ab\n', 'xab']),
    ('\\bfoo\\b', 0, ['foo', 'a foo b', 'foobar', 'barfoo', '_foo']),
    ('\\Bo\\B', 0, ['foo', 'o', 'bob', 'oo']),
    ('\\b', 0, ['', 'ab cd', ' ']),
    ('\\B', 0, ['', 'ab', ' ']),
    ('(?m)^\\w+$', 0, ['one\ntwo\n\nthree']),
    ('a$', 0, ['a\n', 'a\n\n', 'ba']),
    # sets and categories
    ('[abc]+', 0, ['xxbcaxx', 'def']),
    ('[^abc]+', 0, ['abxyzc', 'abc']),
    ('[a-z0-9_]+', 0, ['Hello_World42!', '!!']),
    ('[-a]', 0, ['-', 'a', 'b']),
    ('[]a]', 0, [']', 'a']),
    ('[\\d\\s]+', 0, ['ab 12 3c', 'xyz']),
    ('[^\\W\\d]+', 0, ['123abc_45', '!!']),
    ('\\d+', 0, ['abc123def45', 'none']),
    ('\\D+', 0, ['12ab34']),
    ('\\s+', 0, ['a \t\n\r\x0b\x0cb', 'ab']),
    ('\\S+', 0, ['  ab  ']),
    ('\\w+', 0, ['hello, world_1', '!!!']),
    ('\\W+', 0, ['ab, cd!']),
    ('[\\w.-]+@[\\w.-]+', 0, ['mail bob.smith@example.com now', 'no at']),
    ('[a-fA-F0-9]{2,}', 0, ['zz 0xdeadBEEF 1']),
    ('[.]', 0, ['a.b', 'ab']),
    ('[\\x00-\\x1f]', 0, ['ab\x01c', 'abc']),
    ('[^\\n]*', 0, ['abc\ndef']),
    ('[aeiou]', I, ['xAx', 'xx']),
    ('[^a-c]', I, ['ABCd', 'abc']),
    # repeats: greedy, lazy, possessive, counted
    ('a*', 0, ['', 'aaa', 'baaa']),
    ('a+', 0, ['', 'aaa', 'baaa']),
    ('a?', 0, ['', 'a', 'b']),
    ('a{2,3}', 0, ['a', 'aa', 'aaaa', 'aaaaaaa']),
    ('a{3}', 0, ['aa', 'aaa', 'aaaa']),
    ('a{,2}b', 0, ['aaab', 'b']),
    ('a{2,}', 0, ['a', 'aaaaa']),
    ('a*?b', 0, ['aaab', 'b', 'aaa']),
    ('a+?', 0, ['aaa']),
    ('a??b', 0, ['ab', 'b']),
    ('a{2,4}?', 0, ['aaaaa']),
    ('<.*>', 0, ['<a><b>', '<>']),
    ('<.*?>', 0, ['<a><b>', '<>']),
    ('a*+a', 0, ['aaa', 'b']),
    ('a++b', 0, ['aaab', 'aaa']),
    ('a?+a', 0, ['a', 'aa']),
    ('a{1,2}+a', 0, ['aa', 'aaa']),
    ('(?:ab)*+ab', 0, ['ababab', 'ab']),
    ('(?:ab)++c', 0, ['ababc', 'abab']),
    ('(ab)*+', 0, ['ababx', '']),
    ('(a|b)*+b', 0, ['abab']),
    ('(?:a|bc){2}+', 0, ['abca', 'bcbc', 'a']),
    ('(?:x?)*+y', 0, ['xxy', 'y']),
    ('x*?y', 0, ['xxy']),
    ('[ab]*c', 0, ['ababc', 'abab']),
    ('[ab]*?c', 0, ['ababc']),
    ('.*foo', 0, ['xfooyfoo', 'fo']),
    ('.*?foo', 0, ['xfooyfoo']),
    ('.{2,3}x', 0, ['abcx', 'abcdx', 'ax']),
    ('\\d{2,3}?\\d', 0, ['12345']),
    ('(?:a{2})*', 0, ['aaaaa']),
    # atomic groups
    ('(?>a+)b', 0, ['aaab', 'aaa']),
    ('(?>a+)a', 0, ['aaaa']),
    ('(?>ab|a)b', 0, ['abb', 'ab']),
    ('(?>(a)|b)+c', 0, ['abac']),
    ('x(?>y*)z', 0, ['xyyz', 'xz', 'xyy']),
    # groups, names, lastindex
    ('(a)(b)(c)', 0, ['abc', 'xabcx']),
    ('(a)|(b)', 0, ['a', 'b', 'c']),
    ('(a(b)?)+', 0, ['aba', 'aab']),
    ('((a)|b)+', 0, ['ab', 'ba', 'aab']),
    ('(a|b)*c', 0, ['abac', 'c', 'ab']),
    ('(a*)*', 0, ['aaa', '', 'b']),
    ('(a*)+', 0, ['aaa', 'b']),
    ('(a|)+b', 0, ['aab', 'b']),
    ('(a?)*?b', 0, ['aab']),
    ('(?:(a)|(b))+', 0, ['ab', 'ba']),
    ('(?P<first>\\w+) (?P<last>\\w+)', 0, ['Jane Doe', 'x']),
    ('(?P<n>a)(?P<m>b)?', 0, ['a', 'ab']),
    ('(?:x)(y)(?:z)', 0, ['xyz']),
    ('((((((((((a))))))))))', 0, ['a']),
    ('(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\\11', 0, ['abcdefghijkk', 'abcdefghijka']),
    ('(?:(a)|b)(?(1)c|d)', 0, ['ac', 'bd', 'ad', 'bc']),
    ('(?P<q>")?\\w+(?(q)")', 0, ['"abc"', 'abc', '"abc']),
    ('(a)?(?(1)b)c', 0, ['abc', 'c', 'ac']),
    ('(?:(a)|x)+(?(1)y|z)', 0, ['axy', 'xaz', 'xz']),
    ('(\\w+)\\s+\\1', 0, ['hello hello', 'hello world', 'ab ab ab']),
    ('(?P<w>\\w)(?P=w)', 0, ['abccd', 'abcd']),
    ('(a)|\\1b', 0, ['b']),
    ('(a)\\1*', 0, ['aaa']),
    ('(?:(a)|b)\\1', 0, ['aa', 'bb']),
    ('(a+)+b', 0, ['aaab', 'aaa']),
    ('(ab|a)(bc|c)', 0, ['abc']),
    ('(a|ab)(c|bcd)(d*)', 0, ['abcd']),
    ('((a)|(b))*', 0, ['abba', '']),
    ('(a)(?:b(c))?', 0, ['ab', 'abc', 'a']),
    ('(?:(\\d+)[.,])*(\\d+)', 0, ['1.234,56', '7']),
    ('(\\w+)(?:,(\\w+))*', 0, ['a,b,c']),
    ('(x)*?y', 0, ['xxy']),
    ('(?:(x)|y)*?z', 0, ['xyxz']),
    ('(ab)*?(ab)', 0, ['ababab']),
    ('(a|b)+?c', 0, ['abbc']),
    ('(?:a|(b))*?c', 0, ['abac']),
    ('(a){0}b', 0, ['ab']),
    ('(a){2,3}', 0, ['aaaa']),
    ('(a|b){2,3}?c', 0, ['ababc', 'abc']),
    ('(?:(a)|(b)|(c))+', 0, ['cba', 'abc']),
    # lookarounds
    ('foo(?=bar)', 0, ['foobar', 'foobaz']),
    ('foo(?!bar)', 0, ['foobar', 'foobaz']),
    ('(?<=a)b', 0, ['ab', 'cb', 'b']),
    ('(?<!a)b', 0, ['ab', 'cb', 'b']),
    ('(?<=(a))b', 0, ['ab']),
    ('(?<=ab|cd)x', 0, ['abx', 'cdx', 'xx']),
    ('(?=(\\w+))\\w', 0, ['abc']),
    ('(?!(a)b)\\w+', 0, ['ab', 'ac']),
    ('\\w+(?<!s)\\b', 0, ['cats dog']),
    ('(?=a)*', 0, ['a']),
    ('(?:(?=a)a)+', 0, ['aaab']),
    ('(?<=\\d{3})x', 0, ['123x', '12x']),
    ('((?<=a)b|c)+', 0, ['abcb']),
    ('a(?=b(?=c))', 0, ['abc', 'abd']),
    # case-insensitive, ASCII and Unicode rules on ASCII text
    ('abc', I, ['ABC', 'aBc', 'xAbCx']),
    ('a+b', I, ['AaAb']),
    ('[a-z]+', I, ['HeLLo']),
    ('[^x]+', I, ['abXc']),
    ('x', I | A, ['X', 'x']),
    ('(a)\\1', I, ['aA', 'Aa', 'ab']),
    ('(?i)(?P<x>ab)(?P=x)', 0, ['abAB', 'abac']),
    ('\\w+', A, ['abc_1']),
    ('\\bx\\b', A, ['a x b']),
    ('[\\s\\S]', 0, ['a']),
    ('k', I, ['K', 'k']),
    ('(?i)[k-m]+', 0, ['KLM', 'xx']),
    # alternation
    ('Python|Perl', 0, ['Perl', 'Python', 'Ruby']),
    ('(Python|Perl|Tcl)', 0, ['I like Tcl']),
    ('a|b|c', 0, ['xcx']),
    ('ab|cd|ef', 0, ['xxefxx']),
    ('a(?:b|c|d)e', 0, ['ace', 'afe']),
    ('(?:|a)+', 0, ['aa']),
    ('x|', 0, ['y', 'x']),
    ('|x', 0, ['x']),
    # misc, verbose, empty
    ('', 0, ['', 'abc']),
    ('(?:)', 0, ['a']),
    ('()', 0, ['a']),
    ('(?x) a b # comment\n c', 0, ['abc', 'a b c']),
    ('(?s:a.)b', 0, ['a\nb']),
    ('(?i:a)b', 0, ['Ab', 'AB']),
    ('(?-i:a)b', I, ['aB', 'AB']),
    ('x*', 0, ['', 'axxb', 'xx']),
    ('\\b|x', 0, ['ax b']),
    ('(?:a|b)*?', 0, ['ab']),
    ('[-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?', 0, ['x = -12.5e+3;', '.5', '7']),
    ('(\\d{4})-(\\d{2})-(\\d{2})', 0, ['on 2024-01-31 at', '24-1-3']),
    ('^(\\w+)://([^/:]+)(:\\d+)?(/.*)?$', 0, ['http://example.com:8080/a/b?c', 'ftp://x', 'bad']),
    ('"(?:[^"\\\\]|\\\\.)*"', 0, ['say "a \\"q\\" b" now', '"open']),
    ('\\s*([^=]+?)\\s*=\\s*(.*?)\\s*$', 0, ['  key = value  ', 'nokey']),
    ('(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)', 0,
     ['ip 192.168.1.255 x', '256.1.1.1', '1.2.3']),
    ('\\$?\\d+(?:,\\d{3})*(?:\\.\\d{2})?', 0, ['costs $1,234.56 or 7']),
    ('[\\u0100-\\u017f]+', 0, ['abc']),
    ('\\x41\\101\\n', 0, ['AA\n']),
    ('a{0,0}', 0, ['a']),
    ('(?:a+|b+)*c', 0, ['aabbac', 'aabb']),
]

# text beyond ASCII: Latin-1 (decoded one byte a character) and wider
UNI_CASES = [
    ('café', 0, ['un café noir', 'cafe']),
    ('é+', 0, ['aééb', 'e']),
    ('\\w+', 0, ['naïve café', 'αβγ δ', '日本語 テスト', '١٢٣']),
    ('\\w+', A, ['naïve café']),
    ('\\d+', 0, ['x١٢٣y', '٣4']),
    ('\\d+', A, ['x١٢٣4y']),
    ('\\s+', 0, ['a\u3000\u2028b\xa0c', 'a\x1cb']),
    ('\\bé', 0, ['é', 'aé', ' é']),
    ('\\bé', A, [' é', 'aé']),
    ('[é-ü]+', 0, ['aéüb']),
    ('[^a-z]+', 0, ['abç€d']),
    ('[\\u0100-\\u017f]+', 0, ['xĀāĂx']),
    ('[α-ω]+', 0, ['abγδε!']),
    ('[\\u4e00-\\u9fff]+', 0, ['abc日本語def']),
    ('[\\U0001F600-\\U0001F64F]', 0, ['hi 😀!', 'x']),
    ('.', 0, ['😀', '\u2028']),
    ('😀+', 0, ['a😀😀b']),
    ('Straße', I, ['STRASSE', 'strasse', 'STRAßE']),
    ('é', I, ['É', 'é', 'e']),
    ('[à-ÿ]+', I, ['ÀÉÎ', 'xyz']),
    ('σ', I, ['Σ', 'ς', 'σ']),
    ('Σ+', I, ['σςΣ']),
    ('[α-ω]+', I, ['ΑΒΓ']),
    # ('k', I, ['\u212a']) and ('[a-z]+', I, ['\u212a\u017f']) wait for
    # the Unicode database: str.c's tables do not lower-case the Kelvin sign
    ('s', I, ['\u017f', 'S']),
    ('[a-z]+', I | A, ['\u212a']),
    ('(é)\\1', I, ['éÉ', 'Éé', 'ée']),
    ('ǅ', I, ['Ǆ', 'ǆ']),
    ('İ', I, ['i', 'İ']),
    ('a.b', 0, ['aéb', 'a😀b']),
    ('(.)(.)', 0, ['日本', 'éa']),
    ('(?<=é)x', 0, ['éx', 'ex']),
    ('x(?=日)', 0, ['x日', 'xa']),
    ('[^\\x00-\\x7f]', 0, ['abc€', 'abc']),
    ('^.*$', M, ['α\nβγ\n']),
    ('\\W+', 0, ['a—b€c']),
    ('(\\w)(\\w)?', 0, ['ǅ1']),
]

BYTES_CASES = [
    (b'abc', 0, [b'xabcx', b'ab']),
    (b'\\w+', 0, [b'hello world_1', b'\xe9t\xe9']),
    (b'\\d+', 0, [b'a12b']),
    (b'[\\x80-\\xff]+', 0, [b'ab\x80\xfec']),
    (b'\\xe9', I, [b'\xc9', b'\xe9']),
    (b'abc', I, [b'ABC']),
    (b'(a)\\1', I, [b'aA']),
    (b'\\w+', L, [b'caf\xe9 x']),
    (b'\\bx\\b', L, [b'a x b']),
    (b'ab', I | L, [b'AB', b'aB']),
    (b'[a-c]+', I | L, [b'ABCd']),
    (b'(x)\\1', I | L, [b'xX']),
    (b'[^a]', I | L, [b'A', b'b']),
    (b'.', 0, [b'\n', b'\x00']),
    (b'^a', M, [b'b\na']),
    (b'(?P<g>b+)', 0, [b'abbbc']),
    (b'x*', 0, [b'axxb']),
    (b'\\s', 0, [b'a\xa0b c']),
]

# for the API tests (sre_objects.py, sre_errors.py): looked up by pattern
API_CASES = [
    ('(?P<first>\\w+) (?P<last>\\w+)(?P<opt>!)?', 0, []),
    ('(a)(b)?', 0, []),
    ('x', I | M | S, []),
    ('x', X | A, []),
    ('x', I | U, []),
    (b'x', L | I, []),
    (b'x', 0, []),
    ('a' * 300, 0, []),
    ('(?P<n>.)', 0, []),
    ('.+', S, []),
    ('(?P<a>x)|(?P<b>y)', 0, []),
    ('((a)(b))', 0, []),
    # sre_big.py
    ('(a|b)*', 0, []),
    ('(?:a|b)*c', 0, []),
    ('(a+)+b', 0, []),
    ('(x+x+)+y', 0, []),
    ('\\w+', 0, []),
    ('(\\w+) (\\d+)', 0, []),
    ('\\s+|\\w+|.', 0, []),
    ('(' * 90 + 'a' + ')' * 90, 0, []),
    ('(?:(?=a)' * 60 + 'a' + ')' * 60, 0, []),
    ('(?:a(?:b(?:c|d)*)*)*e', 0, []),
    ('(.)(?=.*\\1)', S, []),
    ('[^,]*,', 0, []),
]


def compile_case(pattern, flags):
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (pattern, flags | p.state.flags, code, p.state.groups - 1,
            groupindex, tuple(indexgroup))


def write(path, groups, header):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# Generated by scripts/gen_sre_cases.py from CPython 3.11\'s\n')
        f.write('# re._compiler; do not edit.  %s\n' % header)
        f.write('# Each case: (pattern, flags, code, groups, groupindex, indexgroup,\n')
        f.write('#             subjects)\n')
        f.write('MAGIC = %d  # re._constants.MAGIC\n' % _constants.MAGIC)
        for name, cases in groups:
            f.write('\n%s = [\n' % name)
            for pattern, flags, subjects in cases:
                try:
                    c = compile_case(pattern, flags)
                except Exception as e:  # syntax errors: not an _sre matter
                    print('skipped %r: %s' % (pattern, e), file=sys.stderr)
                    continue
                f.write('    (%r, %d, %r, %d, %r, %r,\n     %r),\n'
                        % (c + (list(subjects),)))
            f.write(']\n')


def re_tests_cases(path):
    ns = {}
    with open(path, encoding='utf-8') as f:
        exec(f.read(), ns)
    out = []
    for t in ns['tests']:
        if len(t) < 3 or t[2] == ns['SYNTAX_ERROR']:
            continue
        out.append((t[0], 0, [t[1]]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--re-tests', metavar='FILE',
                    help='also write FILE from CPython\'s Lib/test/re_tests.py')
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    write(os.path.join(root, 'tests', 'modules', '_sre_cases.py'),
          [('STR_CASES', STR_CASES), ('UNI_CASES', UNI_CASES),
           ('BYTES_CASES', BYTES_CASES), ('API_CASES', API_CASES)], '')
    if args.re_tests:
        src = os.path.join(os.path.dirname(_compiler.__file__), '..', 'test', 're_tests.py')
        write(args.re_tests, [('STR_CASES', re_tests_cases(src)), ('UNI_CASES', []),
                              ('BYTES_CASES', [])], 'From re_tests.py: not committed.')


if __name__ == '__main__':
    main()
