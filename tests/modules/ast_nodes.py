# _ast's node classes under Lib/ast.py: the class tree, _fields,
# _attributes, __match_args__, __doc__, the generic constructor and its
# errors, optional fields, __reduce__ (pickle, copy), the PyCF_ constants.
import ast
import copy
import pickle

names = sorted(n for n in dir(ast) if isinstance(getattr(ast, n), type)
               and issubclass(getattr(ast, n), ast.AST))
print(len(names))
for n in names:
    c = getattr(ast, n)
    if c.__module__ != 'ast' or n in ('Num', 'Str', 'Bytes', 'NameConstant', 'Ellipsis',
                                      'Index', 'ExtSlice', 'Suite', 'AugLoad', 'AugStore', 'Param'):
        continue
    print(n, [b.__name__ for b in c.__mro__], c._fields, c._attributes, c.__match_args__)
    print(' ', repr(c.__doc__))
    print(' ', sorted(k for k in ('value', 'kind', 'end_lineno', 'end_col_offset', 'vararg', 'kwarg',
                                  'returns', 'type_comment', 'name', 'rest', 'pattern',
                                  'lower', 'upper', 'step', 'msg', 'cause', 'exc', 'format_spec',
                                  'optional_vars', 'asname', 'guard', 'annotation', 'arg')
                       if k in c.__dict__))

def attempt(f, *args, **kw):
    try:
        r = f(*args, **kw)
        print('ok', ast.dump(r, include_attributes=True) if isinstance(r, ast.AST) else r)
    except Exception as e:
        print(type(e).__name__, e)

attempt(ast.Name, 'x', ast.Load())
attempt(ast.Name, 'x', ast.Load(), 1)
attempt(ast.Name, 'x', id='y')
attempt(ast.Load, 1)
attempt(ast.Return, 1, 2)
attempt(ast.AST, 1)
attempt(ast.Name, 'x', lineno=3, col_offset=4, other=5)
attempt(ast.arguments)
attempt(ast.comprehension, ast.Name('i', ast.Store()), ast.Name('r', ast.Load()), [], 0)

n = ast.Return()
print(n.value, n.__dict__, ast.Constant(3).kind, ast.Name('x').end_lineno)
try:
    ast.FunctionDef().body
except AttributeError as e:
    print('AttributeError', e)
try:
    ast.Name('x').lineno
except AttributeError as e:
    print('AttributeError', e)

node = ast.BinOp(ast.Constant(1), ast.Add(), ast.Name('x', ast.Load()), lineno=1, col_offset=0)
print(node.__reduce__()[0].__name__, node.__reduce__()[1], sorted(node.__reduce__()[2]))
print(ast.dump(pickle.loads(pickle.dumps(node)), include_attributes=True))
print(ast.dump(copy.deepcopy(node)))
print(ast.unparse(node))
print(ast.dump(ast.fix_missing_locations(ast.Expression(node)), include_attributes=True))

match node:
    case ast.BinOp(ast.Constant(v), ast.Add(), ast.Name(name)):
        print('matched', v, name)

class My(ast.expr):
    _fields = ('a', 'b')

print(ast.dump(My(1, b=2)))
attempt(My, 1, 2, 3)

print(ast.PyCF_ONLY_AST, ast.PyCF_TYPE_COMMENTS, ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
print(isinstance(ast.Num(3), ast.Num), ast.Num(3).n, type(ast.Str('s')).__name__)
