# __text_signature__ of built-ins and slot wrappers, and inspect.signature
# on them (dataclasses and many tools read it); the kinds of the built-in
# dunders (types.WrapperDescriptorType is type(object.__init__))
import inspect
import types

cases = [len, abs, isinstance, divmod, sorted, str.upper, str.split, list.append,
         dict.get, dict.pop, [].append, 'x'.join, (1).__add__, int.__add__,
         type.__call__, object.__init__, object.__repr__, object.__eq__,
         object.__setattr__, object.__new__, type.__init__, bytes.hex, int.to_bytes,
         object, list, property, tuple]
for f in cases:
    try:
        sig = str(inspect.signature(f))
    except ValueError as e:
        sig = 'ValueError: %s' % e
    print(getattr(f, '__text_signature__', None), '|', sig)

print(type(object.__init__) is types.WrapperDescriptorType,
      type(object().__str__) is types.MethodWrapperType,
      type(str.join) is types.MethodDescriptorType or type(str.join).__name__)
print(isinstance(object.__init__, types.WrapperDescriptorType), object.__init__)

class C:
    def __init__(self, x: int, y=2):
        pass
class D:
    pass
class L(list):
    pass
print(inspect.signature(C), inspect.signature(D), inspect.signature(L().append))
print(len.__self__ is __builtins__ or len.__self__.__name__)
