# Helpers for the sre_*.py tests: build a Pattern from a generated case
# (see scripts/gen_sre_cases.py) and describe match results compactly.
import _sre


def compile_case(case):
    pattern, flags, code, groups, groupindex, indexgroup = case[:6]
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def desc(m):
    if m is None:
        return None
    return (m.span(), m.groups(), m.lastindex, m.lastgroup, m.regs[1:])


def cases(*lists):
    for lst in lists:
        for case in lst:
            yield compile_case(case), case[6]


def find(pattern, flags=None):
    """The compiled API_CASES entry for pattern (and flags, if given)."""
    from _sre_cases import API_CASES
    for case in API_CASES:
        if case[0] == pattern and (flags is None or case[1] == flags):
            return compile_case(case)
    raise LookupError(pattern)
