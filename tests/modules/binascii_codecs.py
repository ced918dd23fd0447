# binascii: hex, base64 (with strict_mode), uu, quoted-printable, crc32,
# crc_hqx, and binascii.Error's messages.
import binascii

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(sorted(n for n in dir(binascii) if not n.startswith('__')))
print(binascii.Error.__mro__[1].__name__, binascii.Incomplete.__mro__[1].__name__, binascii.Error.__module__)
data = bytes(range(0, 256, 7)) + b'hello world'
for x in (data, bytearray(data), memoryview(data)):
    h = binascii.hexlify(x)
    print(h, binascii.unhexlify(h) == data, binascii.b2a_hex(x, '-', 4)[:20], binascii.hexlify(x, sep=b':')[:14])
    e = binascii.b2a_base64(x)
    print(e, binascii.a2b_base64(e) == data, binascii.b2a_base64(x, newline=False)[-4:])
    print(binascii.crc32(x), binascii.crc32(x, 12345), binascii.crc32(x, -1), binascii.crc_hqx(x, 0), binascii.crc_hqx(x, 0xffff))
print(binascii.a2b_hex('DEADbeef'), binascii.unhexlify(bytearray(b'00ff')))
show(lambda: binascii.unhexlify(b'abc'))
show(lambda: binascii.unhexlify(b'zz'))
show(lambda: binascii.unhexlify('é'))
show(lambda: binascii.a2b_base64(5))
show(lambda: binascii.hexlify('str'))
for s in [b'YWJj\n', 'YW=Jj', b'YWJjZ', b'YWJ', b'YQ===', b'Y===', b'YW Jj!!']:
    show(lambda: binascii.a2b_base64(s))
for s in [b'YW=Jj', b'=YWJj', b'YWJ', b'YQ==YQ==', b'Y W J j', b'YQ=', b'YQ===', b'Y===', b'YWJj']:
    show(lambda: binascii.a2b_base64(s, strict_mode=True))
for n in (0, 1, 2, 3, 44, 45):
    u = binascii.b2a_uu(data[:n])
    print(u, binascii.a2b_uu(u) == data[:n], binascii.b2a_uu(data[:n], backtick=True)[:8])
for s in [b'', b'\n', b'#86)C\n', b'#86)C', b'%86)C', b'#86)C  \n']:
    show(lambda: binascii.a2b_uu(s))
show(lambda: binascii.a2b_uu(b'#86)Cxx'))
show(lambda: binascii.a2b_uu(b'#8\x016)C'))
show(lambda: binascii.b2a_uu(b'x' * 46))
qp_in = b'caf\xc3\xa9 = 1\tend \nline two.\n.\n' + b'x' * 80 + b'\r\nlast_word '
for kw in ({}, {'quotetabs': True}, {'istext': False}, {'header': True}):
    q = binascii.b2a_qp(qp_in, **kw)
    print(kw, q)
    print(binascii.a2b_qp(q, header=kw.get('header', False)) == qp_in)
print(binascii.a2b_qp(b'a=3Db=\nc=\r\nd==e=zz=4'), binascii.a2b_qp('a_b=5F', header=True), binascii.a2b_qp(b'x='))
print(binascii.b2a_qp(b'a.\n.\nb'), binascii.b2a_qp(b'trailing \t'), binascii.b2a_qp(b'\x00\x7f=_', header=True))
