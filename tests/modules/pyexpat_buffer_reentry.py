# A CharacterDataHandler that turns buffer_text off (or resizes the
# buffer) while its buffered text is being delivered.  CPython 3.11
# delivers the same text again from the nested flush until RecursionError
# (and could write through a freed buffer); baton empties the buffer before
# the call, so each piece of text arrives once (hence the .exp file).
import pyexpat

p = pyexpat.ParserCreate()
p.buffer_text = True
p.buffer_size = 8
out = []
def chars(d):
    out.append(d)
    p.buffer_text = False
p.CharacterDataHandler = chars
p.StartElementHandler = lambda n, a: out.append(n)
p.Parse("<a>12345&amp;6789<b/>xy</a>", True)
print(out, p.buffer_text)

p = pyexpat.ParserCreate()
p.buffer_text = True
out = []
def resize(d):
    out.append(d)
    p.buffer_size = len(out) + 2
p.CharacterDataHandler = resize
p.Parse("<a>" + "abc&amp;" * 6 + "</a>", True)
print(out, p.buffer_size, p.buffer_text)
