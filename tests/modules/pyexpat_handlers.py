# pyexpat directly: every handler, buffer_text on and off, ordered and
# specified attributes, namespaces, interning, positions, errors, an
# exception in a handler, ParseFile, external entities.
import io
import pyexpat
from xml.parsers import expat

print(expat.ParserCreate is pyexpat.ParserCreate, expat.error is expat.ExpatError)
print(pyexpat.EXPAT_VERSION.startswith("expat_"), len(pyexpat.version_info), pyexpat.native_encoding)
print(pyexpat.error.__module__, pyexpat.error.__name__, pyexpat.XMLParserType)
print(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER, pyexpat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE,
      pyexpat.XML_PARAM_ENTITY_PARSING_ALWAYS)
print(pyexpat.errors.XML_ERROR_SYNTAX, pyexpat.errors.codes[pyexpat.errors.XML_ERROR_SYNTAX],
      pyexpat.errors.messages[3], len(pyexpat.errors.codes), pyexpat.errors.__doc__)
print(pyexpat.model.XML_CTYPE_SEQ, pyexpat.model.XML_CQUANT_PLUS, pyexpat.model.__name__)
print(pyexpat.ErrorString(4), pyexpat.ErrorString(1000), dict(pyexpat.features)["sizeof(XML_Char)"])
import sys
print(sys.modules["xml.parsers.expat.errors"] is pyexpat.errors)

DOC = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE root SYSTEM "root.dtd" [
  <!ELEMENT root (item+, (a|b)*, empty?)>
  <!ELEMENT item (#PCDATA)>
  <!ELEMENT empty EMPTY>
  <!ATTLIST item id ID #REQUIRED kind (x|y) "x">
  <!ENTITY ent "entity text">
  <!ENTITY ext SYSTEM "ext.xml">
  <!ENTITY pic SYSTEM "pic.gif" NDATA gif>
  <!NOTATION gif PUBLIC "image/gif">
]>
<root xmlns:n="urn:n">
  <!-- a comment -->
  <?target some data?>
  <item id="i1">one &amp; two</item>
  <item id="i2" kind="y">&ent;</item>
  <n:a n:attr="v"><![CDATA[<raw> & stuff]]></n:a>
  &ext;
  <empty/>
</root>
"""

def make(events, **kw):
    p = pyexpat.ParserCreate(**kw)
    def rec(name):
        def h(*args):
            events.append((name,) + args)
            if name == "ExternalEntityRef":
                return 1
            if name == "NotStandalone":
                return 1
        return h
    for h in ["StartElementHandler", "EndElementHandler", "ProcessingInstructionHandler",
              "CharacterDataHandler", "UnparsedEntityDeclHandler", "NotationDeclHandler",
              "StartNamespaceDeclHandler", "EndNamespaceDeclHandler", "CommentHandler",
              "StartCdataSectionHandler", "EndCdataSectionHandler", "NotStandaloneHandler",
              "ExternalEntityRefHandler", "StartDoctypeDeclHandler", "EndDoctypeDeclHandler",
              "EntityDeclHandler", "XmlDeclHandler", "ElementDeclHandler", "AttlistDeclHandler",
              "SkippedEntityHandler"]:
        setattr(p, h, rec(h[:-7]))
    return p

for opts in [{}, {"buffer_text": True}, {"ordered_attributes": True, "specified_attributes": True}]:
    ev = []
    p = make(ev)
    for k, v in opts.items():
        setattr(p, k, v)
    print(opts, p.Parse(DOC, True))
    for e in ev:
        print(" ", e)

# namespaces, namespace_prefixes, interning
ev = []
p = make(ev, namespace_separator="!")
p.namespace_prefixes = True
p.Parse(b'<r xmlns="urn:d" xmlns:q="urn:q"><q:x q:y="1"/><z/></r>', True)
for e in ev:
    print(" ", e)
ev = []
p = make(ev, intern=None)
print(p.intern)
d = {}
p = make(ev, intern=d)
p.Parse("<a><b/><b/></a>", True)
print(sorted(d), ev[1][1] is ev[3][1], p.intern is d)

# DefaultHandler (no entity expansion) and DefaultHandlerExpand
for name in ["DefaultHandler", "DefaultHandlerExpand"]:
    out = []
    p = pyexpat.ParserCreate()
    setattr(p, name, out.append)
    p.Parse(b'<!DOCTYPE r [<!ENTITY e "E">]><r a="1">x&e;y</r>', True)
    print(name, out)

# buffer_text: one call for adjacent text, buffer_size, buffer_used
p = pyexpat.ParserCreate()
chunks = []
p.CharacterDataHandler = chunks.append
print(p.buffer_text, p.buffer_size, p.buffer_used)
p.buffer_text = 1
p.Parse("<a>x&amp;y")
print(chunks, p.buffer_used)
p.Parse("z\n</a>", True)
print(chunks, p.buffer_used)
p = pyexpat.ParserCreate()
chunks = []
p.CharacterDataHandler = chunks.append
p.buffer_size = 4
print(p.buffer_text, p.buffer_size)
p.Parse("<a>ab&amp;cd&amp;efghij</a>", True)
print(chunks)
for bad in ["x", 0, -1, 2**40]:
    try:
        p.buffer_size = bad
    except Exception as e:
        print(type(e).__name__, e)
try:
    del p.buffer_text
except Exception as e:
    print(type(e).__name__, e)

# positions in handlers
p = pyexpat.ParserCreate()
def start(name, attrs):
    print(name, p.CurrentLineNumber, p.CurrentColumnNumber, p.CurrentByteIndex, p.GetInputContext()[:8])
p.StartElementHandler = start
p.Parse(b"<a>\n  <b/>\n <c/></a>", True)
print(p.GetInputContext())

# errors
for doc in [b"<a><b></a>", b"<a>", b"", b"<a></a><b/>", b"<a x='1' x='2'/>", b"<a>&undef;</a>",
            b"\n\n  <a><<", b"<?xml version='1.0' encoding='nope'?><a/>", "<a>\u00e9</a>x".encode()]:
    p = pyexpat.ParserCreate()
    try:
        p.Parse(doc, True)
        print("parsed")
    except pyexpat.ExpatError as e:
        print(str(e), "|", e.code, e.lineno, e.offset, pyexpat.ErrorString(e.code) == str(e).split(":")[0],
              p.ErrorCode, p.ErrorLineNumber, p.ErrorColumnNumber, p.ErrorByteIndex)
    except Exception as e:
        print(type(e).__name__, e)
p = pyexpat.ParserCreate()
p.Parse("<a/>", True)
try:
    p.Parse("<b/>", True)
except expat.ExpatError as e:
    print(e)

# an exception in a handler stops the handlers and propagates
p = pyexpat.ParserCreate()
seen = []
def boom(name, attrs):
    seen.append(name)
    if name == "b":
        raise ValueError("stop at b")
p.StartElementHandler = boom
p.EndElementHandler = lambda n: seen.append("/" + n)
try:
    p.Parse("<a><b><c/></b></a>", True)
except ValueError as e:
    print("ValueError", e, seen, p.StartElementHandler, p.EndElementHandler)
p = pyexpat.ParserCreate()
p.buffer_text = True
def bad_chars(data):
    raise KeyError(data)
p.CharacterDataHandler = bad_chars
p.StartElementHandler = lambda *a: print("start", a)
try:
    p.Parse("<a>text<b/>more</a>", True)
except KeyError as e:
    print("KeyError", e)

# handler attributes
p = pyexpat.ParserCreate()
print(p.StartElementHandler, p.ordered_attributes, p.specified_attributes, p.namespace_prefixes)
f = lambda *a: None
p.StartElementHandler = f
print(p.StartElementHandler is f)
p.StartElementHandler = None
print(p.StartElementHandler)
for bad in [lambda: setattr(p, "NoSuchHandler", f), lambda: p.nothing, lambda: delattr(p, "StartElementHandler")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
for args, kw in [((1,), {}), (("utf-8", "ab"), {}), ((), {"intern": []}), ((), {"bogus": 1})]:
    try:
        pyexpat.ParserCreate(*args, **kw)
    except Exception as e:
        print(type(e).__name__, e)

# ParseFile, SetBase, encodings
p = pyexpat.ParserCreate()
p.SetBase("http://example.com/")
print(p.GetBase())
out = []
p.StartElementHandler = lambda n, a: out.append((n, a))
p.CharacterDataHandler = out.append
print(p.ParseFile(io.BytesIO(b"<doc><x a='\xc3\xa9'>" + b"t" * 5000 + b"</x></doc>")), len(out), out[:2])
try:
    pyexpat.ParserCreate().ParseFile(io.StringIO(1 if False else "<a/>"))
    print("str read ok")
except Exception as e:
    print(type(e).__name__, e)
for bad in [42, io.BytesIO(b"<a>")]:
    try:
        pyexpat.ParserCreate().ParseFile(bad)
    except Exception as e:
        print(type(e).__name__, e)
p = pyexpat.ParserCreate("iso-8859-1")
out = []
p.CharacterDataHandler = out.append
p.Parse(b"<a>\xe9\xff</a>", True)
print(out)
p = pyexpat.ParserCreate()
out = []
p.CharacterDataHandler = out.append
p.Parse(b"<?xml version='1.0' encoding='cp1252'?><a>\x80\x93</a>", True)
print(out)

# an external entity parsed by a child parser
p = pyexpat.ParserCreate()
p.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
out = []
def ext(context, base, sysid, pubid):
    child = p.ExternalEntityParserCreate(context)
    out.append(("ext", sysid, child.StartElementHandler is not None))
    child.Parse(b"<inner>from " + sysid.encode() + b"</inner>", True)
    return 1
p.ExternalEntityRefHandler = ext
p.StartElementHandler = lambda n, a: out.append(n)
p.CharacterDataHandler = out.append
p.Parse(b'<!DOCTYPE r [<!ENTITY e SYSTEM "e.xml">]><r>&e;</r>', True)
print(out)
p = pyexpat.ParserCreate()
p.UseForeignDTD(True)
out = []
p.ExternalEntityRefHandler = lambda *a: out.append(a) or 1
p.Parse(b"<r/>", True)
print(out)

# the collector sees the handlers, the intern dict and a child's parent
import gc
def fresh():
    p = pyexpat.ParserCreate(namespace_separator=" ")
    out = []
    for i in range(3):
        setattr(p, ["StartElementHandler", "EndElementHandler", "CharacterDataHandler"][i],
                lambda *a, i=i: out.append((i,) + a))
    p.buffer_text = True
    return p, out
p, out = fresh()
for _ in range(3):
    [[object()] for _ in range(10000)]
    gc.collect()
p.Parse("<a xmlns='u'>text<b/></a>", True)
print(out, sorted(p.intern))
def child_only():
    parent = pyexpat.ParserCreate()
    parent.StartElementHandler = lambda n, a: out2.append(n)
    parent.Parse(b'<!DOCTYPE r [<!ENTITY e SYSTEM "e">]><r>')
    return parent.ExternalEntityParserCreate("e")
out2 = []
c = child_only()
gc.collect()
c.Parse(b"<fromchild/>", True)
print(out2)
for _ in range(200):
    q = pyexpat.ParserCreate()
    q.StartElementHandler = lambda n, a, q=q: q.CurrentLineNumber   # a cycle through the parser
    q.Parse("<a/>", True)
gc.collect()
print("cycles collected")
