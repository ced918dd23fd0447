# pyexpat's argument errors and odd inputs, as CPython words them.
import pyexpat
p = pyexpat.ParserCreate()
tests = [lambda: p.Parse(5), lambda: p.Parse("<a>\udc80</a>"), lambda: p.Parse(), lambda: p.Parse("a", 1, 2),
         lambda: p.Parse("<a/>", "x"), lambda: p.SetBase(5), lambda: p.ParseFile(), lambda: pyexpat.ParserCreate(encoding=5),
         lambda: pyexpat.ParserCreate(1, 2, 3, 4), lambda: pyexpat.ErrorString("x"), lambda: p.SetParamEntityParsing("x"),
         lambda: p.ExternalEntityParserCreate(5), lambda: pyexpat.XMLParserType(), lambda: p.GetBase(1),
         lambda: p.UseForeignDTD("x"), lambda: setattr(p, "ordered_attributes", 2) or p.ordered_attributes,
         lambda: type(pyexpat.ParserCreate(namespace_separator="")).__name__, lambda: pyexpat.ParserCreate("bogus-enc").Parse(b"<a/>", True),
         lambda: pyexpat.ParserCreate("utf-16").Parse("<a/>".encode("utf-16"), True),
         lambda: pyexpat.ParserCreate().Parse(bytearray(b"<x/>")),
         lambda: pyexpat.ParserCreate().Parse(memoryview(b"<y/>"), True),
         lambda: pyexpat.ParserCreate().Parse("<z>\u20ac\U0001f600</z>", True),
         lambda: pyexpat.ParserCreate().Parse(b"<a>", 1, x=1), lambda: p.Parse(b'<a>', x=1),
         lambda: p.Parse(data=b'<a>'), lambda: p.ParseFile(file=1), lambda: p.ParseFile(1, x=2)]
for t in tests:
    try:
        print(t())
    except Exception as e:
        print(type(e).__name__, e)
