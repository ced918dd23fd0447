# except* syntax errors: mixing except and except*, a clause without a
# type, break/continue/return out of an except* block (but not out of a
# loop or function inside it)
sources = [
    "try: pass\nexcept*: pass\n",
    "try: pass\nexcept ValueError: pass\nexcept* TypeError: pass\n",
    "try: pass\nexcept* ValueError: pass\nexcept TypeError: pass\n",
    "try: pass\nexcept* ValueError: pass\nexcept: pass\n",
    "try: pass\nexcept * ValueError: pass\nexcept ValueError as e: pass\n",
    "try: pass\nexcept* ValueError, TypeError: pass\n",
    "try: pass\nexcept ValueError, TypeError as e: pass\n",
    "for x in y:\n  try: pass\n  except* ValueError: break\n",
    "for x in y:\n  try: pass\n  except* ValueError:\n    continue\n",
    "def f():\n  try: pass\n  except* ValueError: return 1\n",
    "def f():\n  try: pass\n  except* ValueError: return f(x)\n",
    "def f():\n  try: pass\n  except* ValueError:\n    return\n",
    "def f():\n  try: pass\n  except* ValueError:\n    try: pass\n    finally: return\n",
    "try: pass\nexcept* ValueError:\n  break\n",
    "for x in y:\n  try: pass\n  except* ValueError:\n    for z in w: break\n    continue\n",
    # valid
    "for x in y:\n  try: pass\n  except* ValueError:\n    for z in w:\n      if z: break\n      continue\n",
    "def f():\n  try: return 1\n  except* ValueError:\n    def g(): return 2\n    lambda: 3\n  else:\n    return 4\n",
    "try: pass\nexcept* (ValueError, TypeError) as e: pass\nexcept *KeyError: pass\nelse: pass\nfinally: pass\n",
]
for src in sources:
    try:
        compile(src, "<src>", "exec")
        print("ok")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)

# CPython's own except* and exception group tests compile
import os
for name in ("test_except_star.py", "test_exception_group.py"):
    path = os.path.join("/usr/lib/python3.11/test", name)
    if os.path.exists(path):
        with open(path, "rb") as fh:
            compile(fh.read(), path, "exec", dont_inherit=True)
        print("compiled", name)
