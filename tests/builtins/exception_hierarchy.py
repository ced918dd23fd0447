# Built-in exception classes: hierarchy, names, args.
names = [ArithmeticError, ZeroDivisionError, OverflowError, LookupError, IndexError, KeyError,
         ValueError, UnicodeError, UnicodeDecodeError, TypeError, NameError, UnboundLocalError,
         AttributeError, RuntimeError, RecursionError, NotImplementedError, StopIteration,
         AssertionError, ImportError, ModuleNotFoundError, OSError, FileNotFoundError,
         KeyboardInterrupt, SystemExit, GeneratorExit, Exception, BaseException, EOFError]
for cls in names:
    print(cls.__name__, cls.__base__.__name__, issubclass(cls, Exception))
print(IOError is OSError, EnvironmentError is OSError)
e = OSError(2, 'No such file or directory')
print(e.errno, e.strerror, str(e), e.args)
print(str(KeyError('x')), str(KeyError()), str(IndexError('bad')), repr(StopIteration(5)), StopIteration(5).value)
print(repr(SystemExit(3)), SystemExit(3).code, SystemExit().code)
print(UnboundLocalError.__mro__[1].__name__, [c.__name__ for c in ModuleNotFoundError.__mro__])
