#!/usr/bin/env python3
"""gen_unicode.py UCD_DIR OUT.h — build baton's Unicode tables.

Reads the Unicode Character Database (Debian's unicode-data package puts it
in /usr/share/unicode) and writes one C header of static tables that only
src/unicode.c includes.  Run by meson at build time; the output lives in
the build directory and is never checked in.

What it produces (docs/internals.md describes the layout):
  * one record per distinct combination of a code point's properties
    (category, bidi class, combining class, east asian width, mirrored,
    normalization quick checks, str-method flags, digit values, numeric
    value, simple case deltas, full-case entry), and a two-stage index
    from code point to record;
  * the full case mappings (SpecialCasing.txt, CaseFolding.txt);
  * decompositions (two-stage index into one array) and the canonical
    composition pairs;
  * character names: a word lexicon, each name as a string of word
    numbers, runs of named code points, and the names in sorted order for
    lookup(); the name aliases and named sequences; the Hangul jamo short
    names and the ranges of CJK unified ideographs (algorithmic names).
"""
import bz2
import os
import re
import sys

NCP = 0x110000

CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No",
              "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Lm", "Lo", "Pc",
              "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
BIDI = ["", "L", "LRE", "LRO", "R", "AL", "RLE", "RLO", "PDF", "EN", "ES",
        "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON", "LRI", "RLI",
        "FSI", "PDI"]
# CPython 3.11's order: record 0 (every unassigned code point) reads as
# "F", which is what CPython 3.11's unicodedata.east_asian_width() says for
# them, whatever EastAsianWidth.txt gives.
WIDTHS = ["F", "H", "W", "Na", "A", "N"]

# flag bits; src/unicode.c has the same list
FLAGS = ["ALPHA", "DECIMAL", "DIGIT", "NUMERIC", "LOWER", "UPPER", "TITLE",
         "CASED", "CASE_IGNORABLE", "SPACE", "LINEBREAK", "PRINTABLE",
         "XID_START", "XID_CONTINUE"]
F = {name: 1 << i for i, name in enumerate(FLAGS)}


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [x.strip() for x in line.split(";")]


def cprange(s):
    if ".." in s:
        a, b = s.split("..")
        return range(int(a, 16), int(b, 16) + 1)
    return range(int(s, 16), int(s, 16) + 1)


class UCD:
    def __init__(self, d):
        self.dir = d
        self.version = self.find_version()
        self.data = [None] * NCP          # UnicodeData fields or None
        self.names = {}
        self.cjk_ranges = []
        first = None
        for r in records(self.path("UnicodeData.txt")):
            cp = int(r[0], 16)
            name = r[1]
            if name.endswith(", First>"):
                first = (cp, r)
                continue
            if name.endswith(", Last>"):
                a, fr = first
                for c in range(a, cp + 1):
                    self.data[c] = fr
                if name.startswith("<CJK Ideograph"):
                    self.cjk_ranges.append((a, cp))
                continue
            self.data[cp] = r
            if not name.startswith("<"):
                self.names[cp] = name
        self.props = [set() for _ in range(NCP)]
        for r in records(self.path("DerivedCoreProperties.txt")):
            if len(r) == 2:
                for c in cprange(r[0]):
                    self.props[c].add(r[1])
        for r in records(self.path("PropList.txt")):
            for c in cprange(r[0]):
                self.props[c].add(r[1])
        for r in records(self.path("LineBreak.txt")):
            if r[1] in ("BK", "CR", "LF", "NL"):
                for c in cprange(r[0]):
                    self.props[c].add("Line_Break")
        self.width = [WIDTHS.index("N")] * NCP
        for r in records(self.path("EastAsianWidth.txt")):
            w = WIDTHS.index(r[1])
            for c in cprange(r[0]):
                self.width[c] = w
        self.qc = [0] * NCP
        order = ["NFD_QC", "NFKD_QC", "NFC_QC", "NFKC_QC"]
        self.full_excl = set()
        for r in records(self.path("DerivedNormalizationProps.txt")):
            if len(r) >= 3 and r[1] in order:
                v = "MN".index(r[2]) + 1
                for c in cprange(r[0]):
                    self.qc[c] |= v << (order.index(r[1]) * 2)
        self.exclusions = set()
        for r in records(self.path("CompositionExclusions.txt")):
            self.exclusions.update(cprange(r[0]))
        self.numeric = {}
        for cp, r in enumerate(self.data):
            if r and r[8]:
                self.numeric[cp] = r[8]
        with bz2.open(self.path("Unihan_NumericValues.txt.bz2"), "rt",
                      encoding="utf-8") as f:
            for line in f:
                if not line.startswith("U+"):
                    continue
                code, tag, value = line.split(None, 2)
                if tag in ("kAccountingNumeric", "kPrimaryNumeric",
                           "kOtherNumeric"):
                    cp = int(code[2:], 16)
                    if self.data[cp]:
                        self.numeric[cp] = value.strip().replace(",", "")
        self.special = {}
        for r in records(self.path("SpecialCasing.txt")):
            if len(r) > 4 and r[4]:
                continue        # conditional mappings: str.lower handles sigma
            cp = int(r[0], 16)
            seq = lambda s: [int(x, 16) for x in s.split()]
            self.special[cp] = (seq(r[1]), seq(r[2]), seq(r[3]))
        self.fold = {}
        for r in records(self.path("CaseFolding.txt")):
            if r[1] in ("C", "F"):
                self.fold[int(r[0], 16)] = [int(x, 16) for x in r[2].split()]
        self.aliases = []
        for r in records(self.path("NameAliases.txt")):
            self.aliases.append((r[1], int(r[0], 16)))
        self.sequences = []
        for r in records(self.path("NamedSequences.txt")):
            self.sequences.append((r[0], [int(x, 16) for x in r[1].split()]))
        self.jamo = {}
        for r in records(self.path("Jamo.txt")):
            self.jamo[int(r[0], 16)] = r[1]

    def path(self, name):
        return os.path.join(self.dir, name)

    def find_version(self):
        with open(self.path("DerivedAge.txt"), encoding="utf-8") as f:
            m = re.match(r"# DerivedAge-(\d+\.\d+\.\d+)\.txt", f.readline())
        if not m:
            sys.exit("gen_unicode.py: cannot tell the UCD version")
        return m.group(1)


def split2(t):
    """Two-stage table: t[i] == t2[(t1[i >> s] << s) | (i & mask)]."""
    best = None
    for s in range(2, 13):
        size = 1 << s
        blocks, t1, t2 = {}, [], []
        for i in range(0, len(t), size):
            b = tuple(t[i:i + size])
            k = blocks.get(b)
            if k is None:
                k = blocks[b] = len(blocks)
                t2.extend(b)
            t1.append(k)
        cost = len(t1) * width(t1) + len(t2) * width(t2)
        if best is None or cost < best[0]:
            best = (cost, s, t1, t2)
    return best[1], best[2], best[3]


def width(t):
    m = max(t) if t else 0
    return 1 if m < 256 else 2 if m < 65536 else 4


def ctype(t, signed=False):
    if signed:
        return "int32_t"
    return {1: "uint8_t", 2: "uint16_t", 4: "uint32_t"}[width(t)]


class Out:
    def __init__(self):
        self.parts = []

    def line(self, s=""):
        self.parts.append(s + "\n")

    def array(self, name, data, typ=None):
        typ = typ or ctype(data)
        self.line("static const %s %s[%d] = {" % (typ, name, max(len(data), 1)))
        row = "   "
        for x in data or [0]:
            item = " %d," % x
            if len(row) + len(item) > 78:
                self.line(row)
                row = "   "
            row += item
        self.line(row)
        self.line("};")

    def index(self, prefix, t):
        s, t1, t2 = split2(t)
        self.line("#define %s_SHIFT %d" % (prefix.upper(), s))
        self.array(prefix + "_index1", t1)
        self.array(prefix + "_index2", t2)


def build_records(u, out):
    recs, cache, index = [], {}, [0] * NCP
    ext_case = [0]             # index 0 = no full-case entry
    numvals, numcache = [], {}
    ascii_flags = [0] * 128

    def intern_rec(rec):
        k = cache.get(rec)
        if k is None:
            k = cache[rec] = len(recs)
            recs.append(rec)
        return k

    intern_rec((0,) * 14)
    for cp in range(NCP):
        r = u.data[cp]
        if r is None:
            continue
        cat = r[2]
        bidi = BIDI.index(r[4])
        props = u.props[cp]
        flags = 0
        if cat in ("Lu", "Ll", "Lt", "Lm", "Lo"):
            flags |= F["ALPHA"]
        if "Lowercase" in props:
            flags |= F["LOWER"]
        if "Uppercase" in props:
            flags |= F["UPPER"]
        if cat == "Lt":
            flags |= F["TITLE"]
        if "Cased" in props:
            flags |= F["CASED"]
        if "Case_Ignorable" in props:
            flags |= F["CASE_IGNORABLE"]
        if cat == "Zs" or r[4] in ("WS", "B", "S"):
            flags |= F["SPACE"]
        if "Line_Break" in props or r[4] == "B":
            flags |= F["LINEBREAK"]
        if cp == 0x20 or cat[0] not in "CZ":
            flags |= F["PRINTABLE"]
        if "XID_Start" in props:
            flags |= F["XID_START"]
        if "XID_Continue" in props:
            flags |= F["XID_CONTINUE"]
        decimal = digit = 0
        if r[6]:
            flags |= F["DECIMAL"]
            decimal = int(r[6])
        if r[7]:
            flags |= F["DIGIT"]
            digit = int(r[7])
        num = 0
        if cp in u.numeric:
            flags |= F["NUMERIC"]
            v = u.numeric[cp]
            num = numcache.get(v)
            if num is None:
                num = numcache[v] = len(numvals) + 1
                numvals.append(v)
        upper = int(r[12], 16) if r[12] else cp
        lower = int(r[13], 16) if r[13] else cp
        title = int(r[14], 16) if r[14] else upper
        sc = u.special.get(cp)
        fold = u.fold.get(cp, [cp])
        ext = 0
        if sc is not None or fold != [lower]:
            if sc is None:
                sc = ([lower], [title], [upper])
            ext = len(ext_case)
            for seq in (sc[0], sc[1], sc[2], fold):
                assert 1 <= len(seq) <= 3
                ext_case.append(len(seq))
                ext_case.extend(seq)
        rec = (CATEGORIES.index(cat), bidi, int(r[3]), u.width[cp],
               1 if r[9] == "Y" else 0, u.qc[cp], flags, decimal, digit,
               num, ext, upper - cp, lower - cp, title - cp)
        index[cp] = intern_rec(rec)
        if cp < 128:
            a = 0
            for bit, fl in ((1, "ALPHA"), (2, "DECIMAL"), (4, "SPACE"), (8, "LOWER"),
                            (16, "UPPER"), (32, "LINEBREAK"), (64, "PRINTABLE"),
                            (128, "XID_START"), (256, "XID_CONTINUE")):
                if flags & F[fl]:
                    a |= bit
            ascii_flags[cp] = a
    out.line("#define UCD_VERSION \"%s\"" % u.version)
    out.line("enum {")
    for i, name in enumerate(FLAGS):
        out.line("    UF_%s = 1 << %d," % (name, i))
    out.line("};")
    out.line("static const UcdRecord ucd_records[%d] = {" % len(recs))
    for rec in recs:
        out.line("    {%s}," % ", ".join(str(x) for x in rec))
    out.line("};")
    out.index("ucd", index)
    out.line("const uint16_t unicode_ascii_flags[128] = {%s};" % ", ".join(map(str, ascii_flags)))
    out.array("ucd_ext_case", ext_case)
    out.line("static const double ucd_numeric[%d] = {" % (len(numvals) + 1))
    out.line("    -1.0,")
    for v in numvals:
        a, _, b = v.partition("/")
        out.line("    %r%s," % (float(a), " / %r" % float(b) if b else ""))
    out.line("};")
    for name, table in (("category", CATEGORIES), ("bidi", BIDI),
                        ("width", WIDTHS)):
        out.line("static const char *const ucd_%s_names[] = {%s};" % (
            name, ", ".join('"%s"' % x for x in table)))
    return len(recs)


def build_decomp(u, out):
    prefixes = [""]
    data = [0]
    cache = {}
    index = [0] * NCP
    pairs = []
    for cp in range(NCP):
        r = u.data[cp]
        if r is None or not r[5]:
            continue
        parts = r[5].split()
        prefix = ""
        if parts[0].startswith("<"):
            prefix = parts.pop(0)
        if prefix not in prefixes:
            prefixes.append(prefix)
        seq = [int(x, 16) for x in parts]
        key = (prefixes.index(prefix), tuple(seq))
        k = cache.get(key)
        if k is None:
            k = cache[key] = len(data)
            data.append(key[0] | (len(seq) << 8))
            data.extend(seq)
        index[cp] = k
        if (not prefix and len(seq) == 2 and cp not in u.exclusions
                and u.data[seq[0]] is not None and u.data[seq[0]][3] == "0"):
            pairs.append((seq[0], seq[1], cp))
    out.line("static const char *const ucd_decomp_prefix[] = {%s};" %
             ", ".join('"%s"' % x for x in prefixes))
    out.array("ucd_decomp_data", data)
    out.index("ucd_decomp", index)
    pairs.sort()
    out.line("/* canonical composition: (first << 21 | second) -> composite */")
    out.array("ucd_comp_key", [(a << 21) | b for a, b, _ in pairs], "uint64_t")
    out.array("ucd_comp_val", [c for _, _, c in pairs], "uint32_t")


def build_names(u, out):
    cps = sorted(u.names)
    count = {}
    for cp in cps:
        for w in u.names[cp].split(" "):
            count[w] = count.get(w, 0) + 1
    words = sorted(count, key=lambda w: (-count[w], w))
    assert len(words) < 0x8000
    wid = {w: i for i, w in enumerate(words)}
    lex, lexoff = bytearray(), []
    for w in words:
        lexoff.append(len(lex))
        lex += w.encode("ascii")
    lexoff.append(len(lex))
    # each name: one length byte, then word numbers (< 128: one byte,
    # else two bytes 0x80 | hi, lo); names are in code point order
    blob, starts = bytearray(), []
    for i, cp in enumerate(cps):
        if i % 16 == 0:
            starts.append(len(blob))
        enc = bytearray()
        for w in u.names[cp].split(" "):
            k = wid[w]
            enc += bytes([k]) if k < 128 else bytes([0x80 | (k >> 8), k & 0xFF])
        assert len(enc) < 256
        blob.append(len(enc))
        blob += enc
    # runs of consecutive named code points: (first cp, first ordinal)
    runs_cp, runs_ord = [], []
    for i, cp in enumerate(cps):
        if i == 0 or cps[i - 1] != cp - 1:
            runs_cp.append(cp)
            runs_ord.append(i)
    by_name = sorted(range(len(cps)), key=lambda i: u.names[cps[i]])
    maxlen = max(len(n) for n in u.names.values())
    out.line("#define UCD_NAME_COUNT %d" % len(cps))
    out.line("#define UCD_NAME_MAXLEN %d" % max(maxlen, max(len(a) for a, _ in u.aliases),
                                                max(len(a) for a, _ in u.sequences)))
    out.array("ucd_lexicon", list(lex), "char")
    out.array("ucd_lexicon_off", lexoff)
    out.array("ucd_names", list(blob), "uint8_t")
    out.array("ucd_names_start", starts)
    out.array("ucd_runs_cp", runs_cp)
    out.array("ucd_runs_ord", runs_ord)
    out.array("ucd_by_name", by_name)
    aliases = sorted(u.aliases)
    out.line("static const struct { const char *name; uint32_t cp; } ucd_aliases[%d] = {"
             % len(aliases))
    for name, cp in aliases:
        out.line('    {"%s", 0x%X},' % (name, cp))
    out.line("};")
    seqs = sorted(u.sequences)
    assert max(len(s) for _, s in seqs) <= 4
    out.line("static const struct { const char *name; uint32_t cp[4]; } ucd_sequences[%d] = {"
             % len(seqs))
    for name, seq in seqs:
        out.line('    {"%s", {%s}},' % (name, ", ".join("0x%X" % c for c in seq)))
    out.line("};")
    out.line("static const uint32_t ucd_cjk_ranges[][2] = {%s};" % ", ".join(
        "{0x%X, 0x%X}" % r for r in u.cjk_ranges))
    for base, count, name in ((0x1100, 19, "l"), (0x1161, 21, "v"), (0x11A7, 28, "t")):
        names = [u.jamo.get(base + i, "") if not (name == "t" and i == 0) else ""
                 for i in range(count)]
        out.line("static const char *const ucd_jamo_%s[%d] = {%s};" % (
            name, count, ", ".join('"%s"' % x for x in names)))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_unicode.py UCD_DIR OUT.h")
    u = UCD(sys.argv[1])
    out = Out()
    out.line("/* generated by scripts/gen_unicode.py from the UCD %s; do not edit */"
             % u.version)
    nrec = build_records(u, out)
    build_decomp(u, out)
    build_names(u, out)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("".join(out.parts))
    os.replace(tmp, sys.argv[2])
    print("gen_unicode.py: UCD %s, %d records" % (u.version, nrec))


if __name__ == "__main__":
    main()
