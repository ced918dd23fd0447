# BytesIO.getbuffer(): a memoryview of the data; writes, truncate and close wait for its release.
import _io
b = _io.BytesIO(b'abc'); m = b.getbuffer(); print(m.obj is b, m.readonly, bytes(m), m.format, len(m))
m[0] = ord('X'); print(b.getvalue())
for call in (lambda: b.write(b'zzzz'), lambda: b.write(b''), b.close, lambda: b.truncate(1), lambda: b.__init__(b'q')):
    try: call()
    except Exception as e: print(type(e).__name__, e)
print(b.read(), b.seek(0), b.tell())
m.release(); b.write(b'0123'); print(b.getvalue())
with b.getbuffer() as v:
    print(v.tobytes())
b.close()
try: b.getbuffer()
except Exception as e: print(type(e).__name__, e)
e = _io.BytesIO(); print(len(e.getbuffer()), bytes(e.getbuffer()))
