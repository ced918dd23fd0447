# Chained exception with raise ... from: the final line is the outer one.
def lookup(d, k):
    try:
        return d[k]
    except KeyError as e:
        raise LookupError('no setting ' + k) from e
lookup({'a': 1}, 'b')
