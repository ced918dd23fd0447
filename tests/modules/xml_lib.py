# CPython's XML users over pyexpat: ElementTree (parse, fromstring,
# tostring, iterparse, XMLPullParser, namespaces, errors with position),
# minidom, xml.sax, plistlib, xmlrpc.client.
import io
import plistlib
import xml.dom.minidom as minidom
import xml.etree.ElementTree as ET
import xml.sax
import xml.sax.handler
import xmlrpc.client
from datetime import datetime

DOC = """<?xml version="1.0"?>
<catalog xmlns="urn:books" xmlns:x="urn:extra">
  <book id="b1" x:rating="5">
    <title>Dune</title>
    <author>Herbert</author>
    <price>9.99</price>
  </book>
  <book id="b2">
    <title>Emma &amp; co</title>
    <x:note>caf\u00e9 <![CDATA[<raw>]]></x:note>
  </book>
  <!-- end -->
</catalog>
"""

root = ET.fromstring(DOC)
print(root.tag, len(root), root.attrib)
ns = {"b": "urn:books", "x": "urn:extra"}
for book in root.findall("b:book", ns):
    print(book.get("id"), book.find("b:title", ns).text, book.attrib)
print(root.find(".//x:note", ns).text)
print(ET.tostring(root, encoding="unicode"))
print(ET.tostring(ET.fromstring("<a b='1'><c>t</c>tail</a>")))
tree = ET.parse(io.BytesIO(DOC.encode()))
print(tree.getroot().tag, [e.tag for e in tree.iter()][:4])
ET.register_namespace("bk", "urn:books")
print(ET.tostring(tree.getroot()[0], encoding="unicode"))

# a comment- and PI-keeping TreeBuilder
parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True, insert_pis=True))
parser.feed("<r><!-- c --><?p d?><s/></r>")
r = parser.close()
print([(e.tag if isinstance(e.tag, str) else e.tag.__name__, e.text) for e in r])
print(parser.version.startswith("Expat "))

for ev, el in ET.iterparse(io.BytesIO(DOC.encode()), events=("start", "end", "start-ns", "end-ns", "comment")):
    print(ev, el if ev in ("start-ns", "end-ns") else el.text if ev == "comment" else el.tag)

pull = ET.XMLPullParser(events=("start", "end"))
for piece in ["<a><b>1", "</b><c", "/></a>"]:
    pull.feed(piece)
    print([(e, el.tag) for e, el in pull.read_events()])
pull.close()

for bad in ["<a><b></a>", "<a>", "<a>\n<b x='1' x='2'/></a>", "", "<a/>junk", "<a>&nope;</a>",
            "<?xml version='1.0'?>\n\n   <a><</a>"]:
    try:
        ET.fromstring(bad)
    except ET.ParseError as e:
        print("ParseError", e, e.code, e.position)

# minidom
doc = minidom.parseString(DOC)
print(doc.documentElement.tagName, doc.documentElement.namespaceURI)
for b in doc.getElementsByTagName("book"):
    print(b.getAttribute("id"), b.getElementsByTagName("title")[0].firstChild.data)
print(doc.toprettyxml(indent="  "))
d2 = minidom.parseString("<!DOCTYPE r [<!ENTITY e 'ent'>]><r a='1' b=\"2\"><x>&e;</x><?pi data?><!--c--></r>")
print(d2.toxml(), d2.doctype.name, [n.nodeType for n in d2.documentElement.childNodes])
try:
    minidom.parseString("<a><b></a>")
except Exception as e:
    print(type(e).__name__, e)

# xml.sax
class Handler(xml.sax.handler.ContentHandler):
    def startDocument(self):
        print("startDocument")
    def startElement(self, name, attrs):
        print("start", name, sorted(attrs.items()))
    def endElement(self, name):
        print("end", name)
    def characters(self, content):
        if content.strip():
            print("chars", repr(content))
    def processingInstruction(self, target, data):
        print("pi", target, data)
    def endDocument(self):
        print("endDocument")
xml.sax.parseString(b"<r a='1'><s>text &amp; more</s><?p d?><t/></r>", Handler())

class NSHandler(xml.sax.handler.ContentHandler):
    def startPrefixMapping(self, prefix, uri):
        print("prefix", prefix, uri)
    def startElementNS(self, name, qname, attrs):
        print("startNS", name, qname, sorted(attrs.items()))
p = xml.sax.make_parser()
p.setFeature(xml.sax.handler.feature_namespaces, True)
p.setContentHandler(NSHandler())
p.parse(io.BytesIO(b"<r xmlns='urn:a' xmlns:q='urn:q'><q:s q:k='v'/></r>"))
try:
    xml.sax.parseString(b"<a><b></a>", Handler())
except xml.sax.SAXParseException as e:
    print("SAXParseException", e, e.getLineNumber(), e.getColumnNumber())

# plistlib
value = {"name": "baton", "n": 42, "pi": 3.5, "ok": True, "no": False, "data": b"\x00\x01binary",
         "list": [1, "two", [3.0]], "when": datetime(2026, 12, 4, 20, 0, 0), "nested": {"a": {}}}
xml_bytes = plistlib.dumps(value)
print(xml_bytes.decode())
back = plistlib.loads(xml_bytes)
print(back == value, sorted(back))
print(plistlib.loads(plistlib.dumps(value, fmt=plistlib.FMT_BINARY)) == value)
try:
    plistlib.loads(b"<plist><dict><key>a</key></plist>")
except Exception as e:
    print(type(e).__name__, e)

# xmlrpc.client: marshalling and the expat-based unmarshaller
req = xmlrpc.client.dumps((1, "two", [3.5, True], {"k": b"v"}), "method")
print(req)
params, method = xmlrpc.client.loads(req)
print(params[:3], params[3]["k"].data, method)
resp = xmlrpc.client.dumps(({"ok": 1},), methodresponse=True)
print(xmlrpc.client.loads(resp))
fault = xmlrpc.client.dumps(xmlrpc.client.Fault(4, "Too many"))
try:
    xmlrpc.client.loads(fault)
except xmlrpc.client.Fault as f:
    print("Fault", f.faultCode, f.faultString)
