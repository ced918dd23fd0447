"""Helpers for the gil tests: a small JSON parser (baton has no json
module), an XML well-formedness checker, and checks of GIL spans."""


class _Json:
    def __init__(self, text):
        self.s = text
        self.i = 0

    def ws(self):
        s, i = self.s, self.i
        while i < len(s) and s[i] in " \t\r\n":
            i += 1
        self.i = i

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return self.string()
        for word, v in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        return self.number()

    def obj(self):
        self.i += 1
        d = {}
        self.ws()
        if self.s[self.i] == "}":
            self.i += 1
            return d
        while True:
            self.ws()
            k = self.string()
            self.ws()
            if self.s[self.i] != ":":
                raise ValueError("expected ':' at %d" % self.i)
            self.i += 1
            d[k] = self.value()
            self.ws()
            c = self.s[self.i]
            self.i += 1
            if c == "}":
                return d
            if c != ",":
                raise ValueError("expected ',' or '}' at %d" % self.i)

    def arr(self):
        self.i += 1
        a = []
        self.ws()
        if self.s[self.i] == "]":
            self.i += 1
            return a
        while True:
            a.append(self.value())
            self.ws()
            c = self.s[self.i]
            self.i += 1
            if c == "]":
                return a
            if c != ",":
                raise ValueError("expected ',' or ']' at %d" % self.i)

    def string(self):
        if self.s[self.i] != '"':
            raise ValueError("expected a string at %d" % self.i)
        j = self.i + 1
        out = []
        while self.s[j] != '"':
            if self.s[j] == "\\":
                e = self.s[j + 1]
                if e == "u":
                    out.append(chr(int(self.s[j + 2:j + 6], 16)))
                    j += 6
                    continue
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b",
                            "f": "\f"}.get(e, e))
                j += 2
            else:
                out.append(self.s[j])
                j += 1
        self.i = j + 1
        return "".join(out)

    def number(self):
        j = self.i
        while j < len(self.s) and self.s[j] in "+-0123456789.eE":
            j += 1
        text = self.s[self.i:j]
        if not text:
            raise ValueError("unexpected %r at %d" % (self.s[self.i], self.i))
        self.i = j
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)


def json_loads(text):
    p = _Json(text)
    v = p.value()
    p.ws()
    if p.i != len(text):
        raise ValueError("extra data at %d" % p.i)
    return v


def load_trace(path):
    with open(path) as f:
        return json_loads(f.read())


def xml_check(text):
    """Raise ValueError unless text is one well-formed XML element;
    return the list of tag names in document order."""
    stack, tags, i, n = [], [], 0, len(text)
    while i < n:
        lt = text.find("<", i)
        if lt < 0:
            if text[i:].strip():
                raise ValueError("text after the root element")
            break
        if "&" in text[i:lt]:
            for part in text[i:lt].split("&")[1:]:
                if part.split(";")[0] not in ("lt", "gt", "amp", "quot", "apos"):
                    raise ValueError("bad entity &%s" % part[:8])
        gt = text.find(">", lt)
        if gt < 0:
            raise ValueError("unclosed tag at %d" % lt)
        tag = text[lt + 1:gt]
        if tag.startswith("?") or tag.startswith("!"):
            pass
        elif tag.startswith("/"):
            name = tag[1:].strip()
            if not stack or stack.pop() != name:
                raise ValueError("mismatched </%s>" % name)
        else:
            selfclose = tag.endswith("/")
            body = tag[:-1] if selfclose else tag
            name = body.split()[0]
            if body.count('"') % 2:
                raise ValueError("odd quotes in <%s>" % name)
            if not stack and tags:
                raise ValueError("two root elements")
            tags.append(name)
            if not selfclose:
                stack.append(name)
        i = gt + 1
    if stack:
        raise ValueError("unclosed <%s>" % stack[-1])
    return tags


def spans(events):
    """{(pid, tid): [(start, end, name)]} of the complete ("X") events."""
    out = {}
    for e in events:
        if e.get("ph") == "X":
            out.setdefault((e["pid"], e["tid"]), []).append(
                (e["ts"], e["ts"] + e["dur"], e["name"]))
    return out


def running(events, pid=None):
    """The running spans [(start, end, tid, pid)] sorted by start."""
    r = []
    for (p, tid), ss in spans(events).items():
        if pid is None or p == pid:
            r.extend((a, b, tid, p) for a, b, name in ss if name == "running")
    r.sort()
    return r


def overlaps(rs, slack=0.0):
    """How many pairs of consecutive running spans overlap by more than
    slack microseconds."""
    n = 0
    end = None
    for s in rs:
        if end is not None and s[0] < end - slack:
            n += 1
        end = s[1] if end is None else max(end, s[1])
    return n


def thread_names(events):
    return {(e["pid"], e["tid"]): e["args"]["name"]
            for e in events if e.get("name") == "thread_name"}


def process_names(events):
    return {e["pid"]: e["args"]["name"]
            for e in events if e.get("name") == "process_name"}


def blocked_reasons(events, name):
    """The reasons the thread called name was blocked for ("read", "recv"…)."""
    tid_of = {v: k[1] for k, v in thread_names(events).items()}
    return set(e["args"].get("reason") for e in events if e["ph"] == "X"
               and e["tid"] == tid_of[name] and e["args"]["state"] == "blocked")
