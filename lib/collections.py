"""collections: deque, Counter, defaultdict, OrderedDict, namedtuple.

Written in the subset baton runs.  baton classes cannot subclass dict or
tuple, so the mapping types wrap a dict and namedtuple builds a plain class
over a tuple: values, reprs and methods match CPython's, but
isinstance(Counter(), dict) and isinstance(point, tuple) are False (see
docs/language.md)."""

_MISSING = object()


def _reprs(items):
    return ', '.join([repr(k) + ': ' + repr(v) for k, v in items])


class deque:
    # a list with a moving head: popleft is O(1) amortised, and the list is
    # compacted once the dead prefix outgrows the live part
    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._items = []
        self._head = 0
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _compact(self):
        if self._head > 16 and self._head * 2 > len(self._items):
            del self._items[:self._head]
            self._head = 0

    def _live(self):
        if self._head:
            del self._items[:self._head]
            self._head = 0
        return self._items

    def append(self, x):
        if self._maxlen == 0:
            return
        self._items.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.popleft()

    def appendleft(self, x):
        if self._maxlen == 0:
            return
        if self._head:
            self._head -= 1
            self._items[self._head] = x
        else:
            self._items.insert(0, x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self._items.pop()

    def pop(self):
        if len(self._items) == self._head:
            raise IndexError('pop from an empty deque')
        x = self._items.pop()
        if len(self._items) == self._head:
            self._items = []
            self._head = 0
        return x

    def popleft(self):
        if len(self._items) == self._head:
            raise IndexError('pop from an empty deque')
        x = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        if self._head == len(self._items):
            self._items = []
            self._head = 0
        else:
            self._compact()
        return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def rotate(self, n=1):
        items = self._live()
        size = len(items)
        if size <= 1:
            return
        n = n % size
        if n:
            items[:] = items[-n:] + items[:-n]

    def clear(self):
        self._items = []
        self._head = 0

    def copy(self):
        return deque(self, self._maxlen)

    def count(self, x):
        return self._live().count(x)

    def index(self, x, start=0, stop=None):
        items = self._live()
        if stop is None:
            stop = len(items)
        for i in range(start, min(stop, len(items))):
            if items[i] is x or items[i] == x:
                return i
        raise ValueError(repr(x) + ' is not in deque')

    def insert(self, i, x):
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._live().insert(i, x)

    def remove(self, value):
        items = self._live()
        for i in range(len(items)):
            if items[i] is value or items[i] == value:
                del items[i]
                return
        raise ValueError(repr(value) + ' is not in deque')

    def reverse(self):
        self._live().reverse()

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._live())

    def __reversed__(self):
        return reversed(self._live())

    def __contains__(self, x):
        return x in self._live()

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError('sequence index must be integer, not ' +
                            repr(type(i).__name__))
        n = len(self)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise IndexError('deque index out of range')
        return self._head + i

    def __getitem__(self, i):
        return self._items[self._index(i)]

    def __setitem__(self, i, x):
        self._items[self._index(i)] = x

    def __delitem__(self, i):
        del self._items[self._index(i)]

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() == other._live()

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() != other._live()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "' +
                            type(other).__name__ + '") to deque')
        d = deque(self, self._maxlen)
        d.extend(other)
        return d

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __copy__(self):
        return self.copy()

    __hash__ = None

    def __repr__(self):
        body = '[' + ', '.join([repr(x) for x in self._live()]) + ']'
        if self._maxlen is None:
            return 'deque(' + body + ')'
        return 'deque(' + body + ', maxlen=' + str(self._maxlen) + ')'


class _DictWrapper:
    # the mapping protocol over self._d; subclasses add their twist
    def __init__(self):
        self._d = {}

    def __getitem__(self, key):
        d = self._d
        if key in d:
            return d[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def __setitem__(self, key, value):
        self._d[key] = value

    def __delitem__(self, key):
        del self._d[key]

    def __contains__(self, key):
        return key in self._d

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __bool__(self):
        return len(self._d) != 0

    def __eq__(self, other):
        if isinstance(other, _DictWrapper):
            return self._d == other._d
        if isinstance(other, dict):
            return self._d == other
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    __hash__ = None

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def get(self, key, default=None):
        return self._d.get(key, default)

    def pop(self, key, default=_MISSING):
        if default is _MISSING:
            return self._d.pop(key)
        return self._d.pop(key, default)

    def popitem(self):
        return self._d.popitem()

    def setdefault(self, key, default=None):
        return self._d.setdefault(key, default)

    def clear(self):
        self._d.clear()

    def update(self, other=(), **kwds):
        if isinstance(other, _DictWrapper):
            other = other._d
        if hasattr(other, 'keys'):
            for k in other.keys():
                self[k] = other[k]
        else:
            for k, v in other:
                self[k] = v
        for k in kwds:
            self[k] = kwds[k]

    def __or__(self, other):
        if not isinstance(other, (dict, _DictWrapper)):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


class defaultdict(_DictWrapper):
    def __init__(self, default_factory=None, *args, **kwds):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        self._d = {}
        self.default_factory = default_factory
        if args or kwds:
            self.update(*args, **kwds)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._d[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self._d)

    __copy__ = copy

    def __repr__(self):
        f = self.default_factory
        fr = 'None' if f is None else repr(f)
        return 'defaultdict(' + fr + ', {' + _reprs(self._d.items()) + '})'


class OrderedDict(_DictWrapper):
    def __init__(self, other=(), **kwds):
        self._d = {}
        self.update(other, **kwds)

    def popitem(self, last=True):
        if not self._d:
            raise KeyError('dictionary is empty')
        if last:
            return self._d.popitem()
        key = next(iter(self._d))
        return key, self._d.pop(key)

    def move_to_end(self, key, last=True):
        d = self._d
        value = d.pop(key)
        if last:
            d[key] = value
        else:
            # rebuild with key first: dicts cannot insert at the front
            rest = list(d.items())
            d.clear()
            d[key] = value
            for k, v in rest:
                d[k] = v

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self._d.items()) == list(other._d.items())
        return _DictWrapper.__eq__(self, other)

    def __reversed__(self):
        return reversed(list(self._d))

    def copy(self):
        return OrderedDict(self._d)

    __copy__ = copy

    def __repr__(self):
        if not self._d:
            return 'OrderedDict()'
        return 'OrderedDict(' + repr(list(self._d.items())) + ')'


class Counter(_DictWrapper):
    def __init__(self, iterable=None, **kwds):
        self._d = {}
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def __delitem__(self, key):
        # like CPython: deleting a missing element is not an error
        if key in self._d:
            del self._d[key]

    def total(self):
        return sum(self._d.values())

    def most_common(self, n=None):
        items = sorted(self._d.items(), key=_count_of, reverse=True)
        if n is None:
            return items
        return items[:max(n, 0)]

    def elements(self):
        for elem, count in self._d.items():
            for _ in range(count):
                yield elem

    def update(self, iterable=None, **kwds):
        d = self._d
        if iterable is not None:
            if isinstance(iterable, _DictWrapper):
                iterable = iterable._d
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    d[elem] = count + d.get(elem, 0)
            else:
                for elem in iterable:
                    d[elem] = d.get(elem, 0) + 1
        for elem, count in kwds.items():
            d[elem] = count + d.get(elem, 0)

    def subtract(self, iterable=None, **kwds):
        d = self._d
        if iterable is not None:
            if isinstance(iterable, _DictWrapper):
                iterable = iterable._d
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    d[elem] = d.get(elem, 0) - count
            else:
                for elem in iterable:
                    d[elem] = d.get(elem, 0) - 1
        for elem, count in kwds.items():
            d[elem] = d.get(elem, 0) - count

    def copy(self):
        return Counter(self._d)

    __copy__ = copy

    def __eq__(self, other):
        # 3.10+: missing elements count as zero
        if not isinstance(other, Counter):
            return NotImplemented
        for e, c in self._d.items():
            if other[e] != c:
                return False
        for e, c in other._d.items():
            if self[e] != c:
                return False
        return True

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._d.items():
            newcount = count + other[elem]
            if newcount > 0:
                result._d[elem] = newcount
        for elem, count in other._d.items():
            if elem not in self._d and count > 0:
                result._d[elem] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._d.items():
            newcount = count - other[elem]
            if newcount > 0:
                result._d[elem] = newcount
        for elem, count in other._d.items():
            if elem not in self._d and count < 0:
                result._d[elem] = 0 - count
        return result

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._d.items():
            other_count = other[elem]
            newcount = other_count if count < other_count else count
            if newcount > 0:
                result._d[elem] = newcount
        for elem, count in other._d.items():
            if elem not in self._d and count > 0:
                result._d[elem] = count
        return result

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._d.items():
            other_count = other[elem]
            newcount = count if count < other_count else other_count
            if newcount > 0:
                result._d[elem] = newcount
        return result

    def __pos__(self):
        result = Counter()
        for elem, count in self._d.items():
            if count > 0:
                result._d[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self._d.items():
            if count < 0:
                result._d[elem] = 0 - count
        return result

    def __repr__(self):
        if not self._d:
            return 'Counter()'
        return 'Counter({' + _reprs(self.most_common()) + '})'


def _count_of(item):
    return item[1]


def _field_getter(index):
    def get(self):
        return self._t[index]
    return property(get)


def namedtuple(typename, field_names, *, rename=False, defaults=None,
               module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = tuple([str(f) for f in field_names])
    typename = str(typename)
    for name in (typename,) + field_names:
        if not name.isidentifier():
            raise ValueError('Type names and field names must be valid '
                             'identifiers: ' + repr(name))
    seen = set()
    for name in field_names:
        if name.startswith('_'):
            raise ValueError('Field names cannot start with an underscore: '
                             + repr(name))
        if name in seen:
            raise ValueError('Encountered duplicate field name: ' + repr(name))
        seen.add(name)
    nfields = len(field_names)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > nfields:
            raise TypeError('Got more default values than field names')
        field_defaults = dict(zip(field_names[nfields - len(defaults):],
                                  defaults))
    where = typename + '.__new__()'

    def _build(args, kwargs):
        # CPython's argument binding and messages for __new__(cls, x, y)
        if len(args) > nfields:
            # counts include cls, as CPython's generated __new__ reports them
            most = nfields + 1
            least = most - len(field_defaults)
            given = len(args) + 1
            if least == most:
                takes = '%d positional argument%s' % (most, '' if most == 1 else 's')
            else:
                takes = 'from %d to %d positional arguments' % (least, most)
            raise TypeError('%s takes %s but %d %s given'
                            % (where, takes, given, 'was' if given == 1 else 'were'))
        values = list(args)
        for name in kwargs:
            if name not in field_names:
                raise TypeError('%s got an unexpected keyword argument %r'
                                % (where, name))
            if field_names.index(name) < len(args):
                raise TypeError('%s got multiple values for argument %r'
                                % (where, name))
        missing = []
        for name in field_names[len(args):]:
            if name in kwargs:
                values.append(kwargs[name])
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                missing.append(name)
        if missing:
            if len(missing) == 1:
                names = repr(missing[0])
            else:
                names = ', '.join([repr(m) for m in missing[:-1]])
                if len(missing) > 2:
                    names += ','
                names += ' and ' + repr(missing[-1])
            raise TypeError('%s missing %d required positional argument%s: %s'
                            % (where, len(missing),
                               '' if len(missing) == 1 else 's', names))
        return tuple(values)

    class _NamedTuple:
        _fields = field_names
        _field_defaults = field_defaults

        def __init__(self, *args, **kwargs):
            self._t = _build(args, kwargs)

        @classmethod
        def _make(cls, iterable):
            t = tuple(iterable)
            if len(t) != nfields:
                raise TypeError('Expected %d arguments, got %d'
                                % (nfields, len(t)))
            return cls(*t)

        def _replace(self, **kwds):
            values = list(self._t)
            for name, value in kwds.items():
                if name not in field_names:
                    raise ValueError('Got unexpected field names: %r'
                                     % list(kwds))
                values[field_names.index(name)] = value
            return type(self)(*values)

        def _asdict(self):
            return dict(zip(field_names, self._t))

        def __repr__(self):
            return typename + '(' + ', '.join(
                [n + '=' + repr(v) for n, v in zip(field_names, self._t)]) + ')'

        def __iter__(self):
            return iter(self._t)

        def __len__(self):
            return nfields

        def __getitem__(self, i):
            return self._t[i]

        def __contains__(self, x):
            return x in self._t

        def __hash__(self):
            return hash(self._t)

        def __eq__(self, other):
            return self._t == _as_tuple(other)

        def __ne__(self, other):
            return self._t != _as_tuple(other)

        def __lt__(self, other):
            return self._t < _as_tuple(other)

        def __le__(self, other):
            return self._t <= _as_tuple(other)

        def __gt__(self, other):
            return self._t > _as_tuple(other)

        def __ge__(self, other):
            return self._t >= _as_tuple(other)

        def __add__(self, other):
            return self._t + _as_tuple(other)

        def __setattr__(self, name, value):
            if name == '_t' and '_t' not in self.__dict__:
                self.__dict__['_t'] = value
                return
            raise AttributeError("can't set attribute")

        def count(self, x):
            return self._t.count(x)

        def index(self, x):
            return self._t.index(x)

    for i, name in enumerate(field_names):
        setattr(_NamedTuple, name, _field_getter(i))
    try:
        _NamedTuple.__name__ = typename
        _NamedTuple.__qualname__ = typename
    except (AttributeError, TypeError):
        pass
    return _NamedTuple


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    t = getattr(x, '_t', None)
    if isinstance(t, tuple):
        return t
    return x
