# Lib/codecs.py on baton's _codecs: its constants and re-exported
# functions, CodecInfo (a tuple subclass) from a registered search
# function, incremental and stream classes built on it, error handlers.
import codecs
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, codecs.BOM is codecs.BOM_UTF16_LE)
print(codecs.utf_8_encode('é'), codecs.utf_16_be_decode(b'\x00a'), codecs.encode('é', 'utf-8'),
      codecs.decode(b'\xe9', 'latin-1'), codecs.encode('€', 'cp1252'), codecs.decode(b'\x80', 'cp1252'))
print(codecs.strict_errors.__name__, codecs.replace_errors(UnicodeEncodeError('ascii', 'aé', 1, 2, 'r')),
      codecs.backslashreplace_errors(UnicodeDecodeError('ascii', b'\xff', 0, 1, 'r')))


class Encoder(codecs.IncrementalEncoder):
    def encode(self, s, final=False):
        return s.upper().encode('ascii')


class Decoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):
        n = len(data) if final else len(data) // 2 * 2
        return data[:n].decode('ascii').lower(), n


def search(name):
    if name == 'shout':
        return codecs.CodecInfo(lambda s, errors='strict': (s.upper().encode('ascii'), len(s)),
                                lambda b, errors='strict': (bytes(b).decode('ascii').lower(), len(b)),
                                incrementalencoder=Encoder, incrementaldecoder=Decoder, name='shout')
    return None


codecs.register(search)
info = codecs.lookup('Shout')
print(info.name, isinstance(info, tuple), len(info), 'hi'.encode('shout'), b'HI'.decode('shout'))
print(codecs.getencoder('shout')('ab'), codecs.getdecoder('shout')(b'AB'), repr(info)[:30])
dec = codecs.getincrementaldecoder('shout')()
print([dec.decode(b) for b in (b'ABC', b'D', b'E')], dec.decode(b'', final=True))
print(list(codecs.iterencode(['a', 'b'], 'shout')), ''.join(codecs.iterdecode([b'AB', b'CDE'], 'shout')))
codecs.register_error('test.dash', lambda e: ('-' * (e.end - e.start), e.end))
print('aé€b'.encode('ascii', 'test.dash'), codecs.lookup_error('test.dash')(UnicodeEncodeError('ascii', 'é', 0, 1, 'r')))
codecs.unregister(search)
try:
    codecs.lookup('shout2')
except LookupError as e:
    print('LookupError', e)
