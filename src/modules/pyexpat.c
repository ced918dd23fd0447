/* modules/pyexpat.c — the pyexpat module over libexpat: ParserCreate and
 * the xmlparser type with CPython's handler attributes, options and
 * position attributes, ExpatError, ErrorString, the errors and model
 * submodules and the version constants.  CPython's Lib builds on it:
 * xml.parsers.expat re-exports it, and xml.etree.ElementTree, xml.dom
 * (minidom, expatbuilder), xml.sax.expatreader, plistlib and xmlrpc parse
 * through it.
 *
 * How it fits expat: a handler attribute set to a callable installs the
 * matching C callback with expat (None removes it, as CPython does: some
 * callbacks change what expat does, e.g. DefaultHandler stops internal
 * entities from being expanded).  Each callback turns expat's UTF-8
 * strings into str (names through the parser's intern dict) and calls the
 * Python handler.  When a handler raises, every handler is removed (expat
 * runs to the end of the chunk calling nothing) and Parse returns with
 * the handler's exception, as CPython's flag_error does.  buffer_text
 * collects character data in a byte buffer of buffer_size and passes it
 * on in one call before any other handler runs.
 *
 * A parser made by ExternalEntityParserCreate shares its parent's DTD
 * inside expat, so the parent's XML_Parser must outlive it: the XML_Parser
 * sits in a small reference-counted box that each child also holds (the
 * collector may finalize parent and child in either order).
 */
#include <expat.h>
#include <limits.h>
#include <string.h>

#include "codec.h"
#include "exceptions.h"
#include "objcore.h"
#include "gc.h"
#include "modsupport.h"
#include "modules.h"
#include "str.h"
#include "vm.h"

/* The handler attributes, in CPython's order. */
#define HANDLERS(X)                                                              \
    X(StartElement) X(EndElement) X(ProcessingInstruction) X(CharacterData)      \
    X(UnparsedEntityDecl) X(NotationDecl) X(StartNamespaceDecl)                  \
    X(EndNamespaceDecl) X(Comment) X(StartCdataSection) X(EndCdataSection)       \
    X(Default) X(DefaultHandlerExpand) X(NotStandalone) X(ExternalEntityRef)     \
    X(StartDoctypeDecl) X(EndDoctypeDecl) X(EntityDecl) X(XmlDecl)               \
    X(ElementDecl) X(AttlistDecl) X(SkippedEntity)

enum {
#define X(n) H_##n,
    HANDLERS(X)
#undef X
    H_COUNT
};

typedef struct {
    XML_Parser p;
    int refs; /* the parser object and each child made from it */
} ParserBox;

typedef struct ObjXMLParser {
    Obj obj;
    ParserBox *box;
    ParserBox *parent_box; /* ExternalEntityParserCreate: the parent's */
    Value handlers[H_COUNT]; /* VNULL: none */
    Value intern;            /* a dict, or VNULL */
    char *buffer;            /* buffer_text: NULL when off */
    int buffer_size, buffer_used;
    bool ordered_attributes, specified_attributes, ns_prefixes, in_callback;
} ObjXMLParser;

#define AS_XP(v) ((ObjXMLParser *)AS_OBJ(v))
#define XP(self) ((self)->box->p)

static Type type_xmlparser;
static Value expat_error;

/* ---- strings --------------------------------------------------------- */

static Value conv(const XML_Char *s)
{
    return s ? str_new(s, strlen(s)) : NONE;
}

static Value conv_len(const XML_Char *s, int len)
{
    return s ? str_new(s, (size_t)len) : NONE;
}

/* a name through the intern dict: the same str object for the same name */
static Value intern_str(ObjXMLParser *self, const XML_Char *s)
{
    Value r = conv(s);
    if (!s || !self->intern) return r;
    Value v = dict_get(self->intern, r);
    if (v) return v;
    if (err_occurred() || dict_set(self->intern, r, r) < 0) return VNULL;
    return r;
}

/* a str argument as real UTF-8: UnicodeEncodeError for a lone surrogate */
static const char *utf8_arg(Value v)
{
    if (codec_has_surrogates(AS_STR(v))) {
        codec_utf8_encode(AS_STR(v), "strict");
        return NULL;
    }
    return str_cstr(AS_STR(v));
}

/* Argument Clinic's checks for positional-only parameters of a method
 * taking keywords (nargs without self). */
static int posonly_args(const char *fname, int nargs, ObjTuple *kw, int min, int max)
{
    int nkw = kw ? (int)kw->len : 0;
    if (nargs + nkw > max) {
        err_format(exc_TypeError, "%s() takes at most %d argument%s (%d given)", fname, max,
                   max == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs < min) {
        err_format(exc_TypeError, "%s() takes %s %d positional argument%s (%d given)", fname,
                   min < max ? "at least" : "exactly", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nkw) {
        err_format(exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                   AS_STR(kw->items[0])->data, fname);
        return -1;
    }
    return 0;
}

/* ---- calling handlers ---------------------------------------------------- */

static void install(ObjXMLParser *self, int i, bool on);

static int error_external_entity_ref(XML_Parser p, const XML_Char *c, const XML_Char *b,
                                     const XML_Char *s, const XML_Char *pub)
{
    (void)p; (void)c; (void)b; (void)s; (void)pub;
    return 0;
}

/* a handler raised: drop every handler, expat finishes the chunk silently */
static void flag_error(ObjXMLParser *self)
{
    for (int i = 0; i < H_COUNT; i++) {
        self->handlers[i] = VNULL;
        install(self, i, false);
    }
    XML_SetExternalEntityRefHandler(XP(self), error_external_entity_ref);
}

/* handler(*args); VNULL (and the handlers dropped) if it raised */
static Value call_handler(ObjXMLParser *self, int i, Value *args, int nargs)
{
    for (int k = 0; k < nargs; k++)
        if (!args[k]) { flag_error(self); return VNULL; }
    self->in_callback = true;
    Value r = obj_call(self->handlers[i], args, nargs, NULL);
    self->in_callback = false;
    if (!r) flag_error(self);
    return r;
}

static void noop_character_data(void *ud, const XML_Char *s, int len)
{
    (void)ud; (void)s; (void)len;
}

static int call_character_handler(ObjXMLParser *self, const XML_Char *s, int len)
{
    if (!self->handlers[H_CharacterData]) return -1;
    Value a = conv_len(s, len);
    if (!call_handler(self, H_CharacterData, &a, 1)) {
        XML_SetCharacterDataHandler(XP(self), noop_character_data);
        return -1;
    }
    return 0;
}

static int flush_buffer(ObjXMLParser *self)
{
    if (!self->buffer || self->buffer_used == 0) return 0;
    /* emptied first: the handler may turn buffer_text off or resize it,
     * which flushes again (the text is a str by then) */
    int used = self->buffer_used;
    self->buffer_used = 0;
    return call_character_handler(self, self->buffer, used);
}

/* May handler i run?  (it is set, nothing raised, buffered text went out) */
static bool ready(ObjXMLParser *self, int i)
{
    return self->handlers[i] && !err_occurred() && flush_buffer(self) >= 0;
}

/* ---- the expat callbacks ---------------------------------------------- */

static void cb_start_element(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_StartElement)) return;
    int max = 0;
    if (self->specified_attributes) max = XML_GetSpecifiedAttributeCount(XP(self));
    else while (atts[max]) max += 2;
    Value container = self->ordered_attributes ? list_new(max) : dict_new();
    for (int i = 0; i < max; i += 2) {
        Value n = intern_str(self, atts[i]);
        Value v = n ? conv(atts[i + 1]) : VNULL;
        if (!n || !v) { flag_error(self); return; }
        if (self->ordered_attributes) {
            AS_LIST(container)->items[i] = n;
            AS_LIST(container)->items[i + 1] = v;
        } else if (dict_set(container, n, v) < 0) {
            flag_error(self);
            return;
        }
    }
    Value a[2] = {intern_str(self, name), container};
    call_handler(self, H_StartElement, a, 2);
}

static void cb_end_element(void *ud, const XML_Char *name)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_EndElement)) return;
    Value a = intern_str(self, name);
    call_handler(self, H_EndElement, &a, 1);
}

static void cb_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_ProcessingInstruction)) return;
    Value a[2] = {intern_str(self, target), conv(data)};
    call_handler(self, H_ProcessingInstruction, a, 2);
}

static void cb_character_data(void *ud, const XML_Char *s, int len)
{
    ObjXMLParser *self = ud;
    if (err_occurred()) return;
    if (!self->buffer) {
        call_character_handler(self, s, len);
        return;
    }
    if (self->buffer_used + len > self->buffer_size) {
        if (flush_buffer(self) < 0) return;
        /* the handler may have gone: then the text is dropped */
        if (!self->handlers[H_CharacterData]) return;
    }
    /* ... or have turned buffer_text off (CPython would write to NULL) */
    if (!self->buffer || len > self->buffer_size) {
        call_character_handler(self, s, len);
        self->buffer_used = 0;
    } else {
        memcpy(self->buffer + self->buffer_used, s, (size_t)len);
        self->buffer_used += len;
    }
}

static void cb_unparsed_entity_decl(void *ud, const XML_Char *name, const XML_Char *base,
                                    const XML_Char *sysid, const XML_Char *pubid,
                                    const XML_Char *notation)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_UnparsedEntityDecl)) return;
    Value a[5] = {intern_str(self, name), intern_str(self, base), intern_str(self, sysid),
                  intern_str(self, pubid), intern_str(self, notation)};
    call_handler(self, H_UnparsedEntityDecl, a, 5);
}

static void cb_notation_decl(void *ud, const XML_Char *name, const XML_Char *base,
                             const XML_Char *sysid, const XML_Char *pubid)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_NotationDecl)) return;
    Value a[4] = {intern_str(self, name), intern_str(self, base), intern_str(self, sysid),
                  intern_str(self, pubid)};
    call_handler(self, H_NotationDecl, a, 4);
}

static void cb_start_ns(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_StartNamespaceDecl)) return;
    Value a[2] = {intern_str(self, prefix), intern_str(self, uri)};
    call_handler(self, H_StartNamespaceDecl, a, 2);
}

static void cb_end_ns(void *ud, const XML_Char *prefix)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_EndNamespaceDecl)) return;
    Value a = intern_str(self, prefix);
    call_handler(self, H_EndNamespaceDecl, &a, 1);
}

static void cb_comment(void *ud, const XML_Char *data)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_Comment)) return;
    Value a = conv(data);
    call_handler(self, H_Comment, &a, 1);
}

static void cb_start_cdata(void *ud)
{
    ObjXMLParser *self = ud;
    if (ready(self, H_StartCdataSection)) call_handler(self, H_StartCdataSection, NULL, 0);
}

static void cb_end_cdata(void *ud)
{
    ObjXMLParser *self = ud;
    if (ready(self, H_EndCdataSection)) call_handler(self, H_EndCdataSection, NULL, 0);
}

static void cb_default(void *ud, const XML_Char *s, int len)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_Default)) return;
    Value a = conv_len(s, len);
    call_handler(self, H_Default, &a, 1);
}

static void cb_default_expand(void *ud, const XML_Char *s, int len)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_DefaultHandlerExpand)) return;
    Value a = conv_len(s, len);
    call_handler(self, H_DefaultHandlerExpand, &a, 1);
}

/* an int handler result (PyLong_AsLong); 0 after an error */
static int int_result(ObjXMLParser *self, Value r)
{
    if (!r) return 0;
    int64_t x;
    if (obj_as_int64(r, &x) < 0) {
        flag_error(self);
        return 0;
    }
    return (int)x;
}

static int cb_not_standalone(void *ud)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_NotStandalone)) return 0;
    return int_result(self, call_handler(self, H_NotStandalone, NULL, 0));
}

static int cb_external_entity_ref(XML_Parser p, const XML_Char *context, const XML_Char *base,
                                  const XML_Char *sysid, const XML_Char *pubid)
{
    ObjXMLParser *self = XML_GetUserData(p);
    if (!ready(self, H_ExternalEntityRef)) return 0;
    Value a[4] = {conv(context), intern_str(self, base), intern_str(self, sysid),
                  intern_str(self, pubid)};
    return int_result(self, call_handler(self, H_ExternalEntityRef, a, 4));
}

static void cb_start_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                             const XML_Char *pubid, int has_internal_subset)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_StartDoctypeDecl)) return;
    Value a[4] = {intern_str(self, name), intern_str(self, sysid), intern_str(self, pubid),
                  MK_INT(has_internal_subset)};
    call_handler(self, H_StartDoctypeDecl, a, 4);
}

static void cb_end_doctype(void *ud)
{
    ObjXMLParser *self = ud;
    if (ready(self, H_EndDoctypeDecl)) call_handler(self, H_EndDoctypeDecl, NULL, 0);
}

static void cb_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                           int value_length, const XML_Char *base, const XML_Char *sysid,
                           const XML_Char *pubid, const XML_Char *notation)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_EntityDecl)) return;
    Value a[7] = {intern_str(self, name), MK_INT(is_param), conv_len(value, value_length),
                  intern_str(self, base), intern_str(self, sysid), intern_str(self, pubid),
                  intern_str(self, notation)};
    call_handler(self, H_EntityDecl, a, 7);
}

static void cb_xml_decl(void *ud, const XML_Char *version, const XML_Char *encoding, int standalone)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_XmlDecl)) return;
    Value a[3] = {conv(version), conv(encoding), MK_INT(standalone)};
    call_handler(self, H_XmlDecl, a, 3);
}

/* (type, quant, name, children) as CPython's conv_content_model; a model
 * nested too deep is a RecursionError, not a C stack overflow */
static Value content_model(const XML_Content *m)
{
    if (obj_enter_recursive(" in conv_content_model") < 0) return VNULL;
    Value children = tuple_new(m->numchildren);
    for (unsigned i = 0; i < m->numchildren; i++) {
        Value c = content_model(&m->children[i]);
        if (!c) {
            obj_leave_recursive();
            return VNULL;
        }
        AS_TUPLE(children)->items[i] = c;
    }
    obj_leave_recursive();
    return tuple_pack(4, MK_INT(m->type), MK_INT(m->quant), conv(m->name), children);
}

static void cb_element_decl(void *ud, const XML_Char *name, XML_Content *model)
{
    ObjXMLParser *self = ud;
    if (ready(self, H_ElementDecl)) {
        Value a[2] = {intern_str(self, name), content_model(model)};
        call_handler(self, H_ElementDecl, a, 2);
    }
    XML_FreeContentModel(XP(self), model);
}

static void cb_attlist_decl(void *ud, const XML_Char *elname, const XML_Char *attname,
                            const XML_Char *att_type, const XML_Char *dflt, int isrequired)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_AttlistDecl)) return;
    Value a[5] = {intern_str(self, elname), intern_str(self, attname), conv(att_type), conv(dflt),
                  MK_INT(isrequired)};
    call_handler(self, H_AttlistDecl, a, 5);
}

static void cb_skipped_entity(void *ud, const XML_Char *name, int is_param)
{
    ObjXMLParser *self = ud;
    if (!ready(self, H_SkippedEntity)) return;
    Value a[2] = {intern_str(self, name), MK_INT(is_param)};
    call_handler(self, H_SkippedEntity, a, 2);
}

/* Install (on) or remove handler i's C callback. */
static void install(ObjXMLParser *self, int i, bool on)
{
    XML_Parser p = XP(self);
#define SET(fn, cb) fn(p, on ? cb : NULL); break
    switch (i) {
    case H_StartElement: SET(XML_SetStartElementHandler, cb_start_element);
    case H_EndElement: SET(XML_SetEndElementHandler, cb_end_element);
    case H_ProcessingInstruction: SET(XML_SetProcessingInstructionHandler, cb_pi);
    case H_CharacterData: SET(XML_SetCharacterDataHandler, cb_character_data);
    case H_UnparsedEntityDecl: SET(XML_SetUnparsedEntityDeclHandler, cb_unparsed_entity_decl);
    case H_NotationDecl: SET(XML_SetNotationDeclHandler, cb_notation_decl);
    case H_StartNamespaceDecl: SET(XML_SetStartNamespaceDeclHandler, cb_start_ns);
    case H_EndNamespaceDecl: SET(XML_SetEndNamespaceDeclHandler, cb_end_ns);
    case H_Comment: SET(XML_SetCommentHandler, cb_comment);
    case H_StartCdataSection: SET(XML_SetStartCdataSectionHandler, cb_start_cdata);
    case H_EndCdataSection: SET(XML_SetEndCdataSectionHandler, cb_end_cdata);
    case H_Default: SET(XML_SetDefaultHandler, cb_default);
    case H_DefaultHandlerExpand: SET(XML_SetDefaultHandlerExpand, cb_default_expand);
    case H_NotStandalone: SET(XML_SetNotStandaloneHandler, cb_not_standalone);
    case H_ExternalEntityRef: SET(XML_SetExternalEntityRefHandler, cb_external_entity_ref);
    case H_StartDoctypeDecl: SET(XML_SetStartDoctypeDeclHandler, cb_start_doctype);
    case H_EndDoctypeDecl: SET(XML_SetEndDoctypeDeclHandler, cb_end_doctype);
    case H_EntityDecl: SET(XML_SetEntityDeclHandler, cb_entity_decl);
    case H_XmlDecl: SET(XML_SetXmlDeclHandler, cb_xml_decl);
    case H_ElementDecl: SET(XML_SetElementDeclHandler, cb_element_decl);
    case H_AttlistDecl: SET(XML_SetAttlistDeclHandler, cb_attlist_decl);
    case H_SkippedEntity: SET(XML_SetSkippedEntityHandler, cb_skipped_entity);
    }
#undef SET
}

/* ---- encodings expat does not know: single-byte codecs from the registry */

static int unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
    (void)data;
    uint8_t all[256];
    for (int i = 0; i < 256; i++) all[i] = (uint8_t)i;
    Value args[2] = {str_from_cstr(name), str_from_cstr("replace")};
    Value s = obj_call_method(bytes_new(all, 256), str_intern_cstr("decode"), args, 2);
    if (!s) return XML_STATUS_ERROR;
    if (!IS_STR(s) || AS_STR(s)->ncp != 256) {
        err_set(exc_ValueError, "multi-byte encodings are not supported");
        return XML_STATUS_ERROR;
    }
    const char *p = AS_STR(s)->data;
    size_t left = (size_t)AS_STR(s)->len;
    for (int i = 0; i < 256; i++) {
        int n;
        uint32_t c = utf8_decode(p, left, &n);
        p += n;
        left -= (size_t)n;
        info->map[i] = c == 0xFFFD ? -1 : (int)c;
    }
    info->data = NULL;
    info->convert = NULL;
    info->release = NULL;
    return XML_STATUS_OK;
}

/* ---- the parser object ------------------------------------------------ */

static void xp_trace(Obj *o)
{
    ObjXMLParser *self = (ObjXMLParser *)o;
    for (int i = 0; i < H_COUNT; i++)
        if (self->handlers[i]) gc_mark(self->handlers[i]);
    if (self->intern) gc_mark(self->intern);
}

static void box_release(ParserBox *b)
{
    if (b && --b->refs == 0) {
        XML_ParserFree(b->p);
        free(b);
    }
}

static void xp_finalize(Obj *o)
{
    ObjXMLParser *self = (ObjXMLParser *)o;
    box_release(self->box);   /* the child's parser first, */
    box_release(self->parent_box); /* then its hold on the parent's */
    self->box = self->parent_box = NULL;
    free(self->buffer);
    self->buffer = NULL;
}

static ObjXMLParser *xp_alloc(XML_Parser p, Value intern)
{
    if (!p) {
        err_no_memory();
        return NULL;
    }
    ParserBox *box = malloc(sizeof *box);
    if (!box) {
        XML_ParserFree(p);
        err_no_memory();
        return NULL;
    }
    box->p = p;
    box->refs = 1;
    ObjXMLParser *self = (ObjXMLParser *)gc_new(&type_xmlparser, sizeof(ObjXMLParser));
    self->box = box;
    self->intern = intern;
    self->buffer_size = 8192;
    XML_SetUserData(p, self);
    XML_SetUnknownEncodingHandler(p, unknown_encoding, NULL);
    return self;
}

static Value set_error(ObjXMLParser *self, enum XML_Error code)
{
    XML_Parser p = XP(self);
    long line = (long)XML_GetErrorLineNumber(p), col = (long)XML_GetErrorColumnNumber(p);
    Value msg = str_printf("%s: line %ld, column %ld", XML_ErrorString(code), line, col);
    Value e = obj_call1(expat_error, msg);
    if (!e) return VNULL;
    if (obj_setattr(e, str_intern_cstr("code"), MK_INT(code)) < 0 ||
        obj_setattr(e, str_intern_cstr("offset"), MK_INT(col)) < 0 ||
        obj_setattr(e, str_intern_cstr("lineno"), MK_INT(line)) < 0)
        return VNULL;
    return err_set_value(e);
}

static Value parse_result(ObjXMLParser *self, int rv)
{
    if (err_occurred()) return VNULL;
    if (rv == 0) return set_error(self, XML_GetErrorCode(XP(self)));
    if (flush_buffer(self) < 0 && err_occurred()) return VNULL;
    return MK_INT(rv);
}

/* an int-accepting bool argument (clinic's bool(accept={int})) */
static int int_flag(Value v, bool *out)
{
    int64_t x;
    if (!INT_CHECK(v)) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
        return -1;
    }
    if (obj_as_int64(v, &x) < 0) return -1;
    *out = x != 0;
    return 0;
}

static Value xp_parse(Value *args, int nargs, ObjTuple *kw)
{
    if (posonly_args("Parse", nargs - 1, kw, 1, 2) < 0) return VNULL;
    ObjXMLParser *self = AS_XP(args[0]);
    bool isfinal = false;
    if (nargs > 2 && int_flag(args[2], &isfinal) < 0) return VNULL;
    Value data = args[1];
    Buffer view;
    const char *s;
    int64_t len;
    bool have_view = false;
    if (STR_CHECK(data)) {
        if (!(s = utf8_arg(data))) return VNULL;
        len = AS_STR(data)->len;
        XML_SetEncoding(XP(self), "utf-8");
    } else {
        if (obj_getbuffer(data, &view, BUF_SIMPLE) < 0)
            return VNULL;
        have_view = true;
        s = (const char *)view.buf;
        len = view.len;
    }
    const int64_t chunk = 1 << 20;
    int rc = 1;
    while (len > chunk && rc) {
        rc = XML_Parse(XP(self), s, (int)chunk, 0);
        s += chunk;
        len -= chunk;
    }
    if (rc) rc = XML_Parse(XP(self), s, (int)len, isfinal);
    Value r = parse_result(self, rc);
    if (have_view) buffer_release(&view);
    return r;
}

#define READ_SIZE 2048

static Value xp_parsefile(Value *args, int nargs, ObjTuple *kw)
{
    if (posonly_args("ParseFile", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjXMLParser *self = AS_XP(args[0]);
    Value read = obj_getattr_opt(args[1], str_intern_cstr("read"));
    if (!read) {
        if (!err_occurred()) err_set(exc_TypeError, "argument must have 'read' attribute");
        return VNULL;
    }
    int rv = 1;
    for (;;) {
        void *buf = XML_GetBuffer(XP(self), READ_SIZE);
        if (!buf) return parse_result(self, 0); /* e.g. "parsing finished" */
        Value chunk = obj_call1(read, MK_INT(READ_SIZE));
        if (!chunk) return VNULL;
        const uint8_t *d;
        int64_t n;
        if (BYTES_CHECK(chunk)) {
            d = AS_BYTES(chunk)->data;
            n = AS_BYTES(chunk)->len;
        } else if (IS_BYTEARRAY(chunk)) {
            d = AS_BYTEARRAY(chunk)->data;
            n = AS_BYTEARRAY(chunk)->len;
        } else {
            return err_format(exc_TypeError, "read() did not return a bytes object (type=%.400s)",
                              TYPE(chunk)->name);
        }
        if (n > READ_SIZE)
            return err_format(exc_ValueError,
                              "read() returned too much data: %d bytes requested, %lld returned",
                              READ_SIZE, (long long)n);
        memcpy(buf, d, (size_t)n);
        rv = XML_ParseBuffer(XP(self), (int)n, n == 0);
        if (err_occurred()) return VNULL;
        if (!rv || n == 0) break;
    }
    return parse_result(self, rv);
}

static Value xp_setbase(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("xmlparser.SetBase");
    if (!STR_CHECK(args[1]))
        return err_format(exc_TypeError, "SetBase() argument must be str, not %s", TYPE(args[1])->name);
    const char *base = utf8_arg(args[1]);
    if (!base) return VNULL;
    if (!XML_SetBase(XP(AS_XP(args[0])), base)) return err_no_memory();
    return NONE;
}

static Value xp_getbase(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("xmlparser.GetBase");
    return conv(XML_GetBase(XP(AS_XP(args[0]))));
}

static Value xp_getinputcontext(Value *args, int nargs, ObjTuple *kw)
{
    MOD_NOARGS("xmlparser.GetInputContext");
    ObjXMLParser *self = AS_XP(args[0]);
    if (!self->in_callback) return NONE;
    int offset, size;
    const char *buf = XML_GetInputContext(XP(self), &offset, &size);
    if (!buf) return NONE;
    return bytes_new((const uint8_t *)buf + offset, (size_t)(size - offset));
}

static Value xp_external_entity_parser(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ExternalEntityParserCreate", nargs - 1, kw, 1, 2) < 0) return VNULL;
    ObjXMLParser *self = AS_XP(args[0]);
    const char *context = NULL, *encoding = NULL;
    if (!IS_NONE(args[1])) {
        if (!STR_CHECK(args[1]))
            return err_format(exc_TypeError,
                              "ExternalEntityParserCreate() argument 1 must be str or None, not %s",
                              TYPE(args[1])->name);
        if (!(context = utf8_arg(args[1]))) return VNULL;
    }
    if (nargs > 2) {
        if (!STR_CHECK(args[2]))
            return err_format(exc_TypeError, "ExternalEntityParserCreate() argument 2 must be str, not %s",
                              TYPE(args[2])->name);
        if (!(encoding = utf8_arg(args[2]))) return VNULL;
    }
    XML_Parser p = XML_ExternalEntityParserCreate(XP(self), context, encoding);
    ObjXMLParser *child = xp_alloc(p, self->intern);
    if (!child) return VNULL;
    child->parent_box = self->box;
    self->box->refs++;
    child->buffer_size = self->buffer_size;
    child->ordered_attributes = self->ordered_attributes;
    child->specified_attributes = self->specified_attributes;
    child->ns_prefixes = self->ns_prefixes;
    if (self->buffer && !(child->buffer = malloc((size_t)child->buffer_size))) return err_no_memory();
    for (int i = 0; i < H_COUNT; i++)
        if (self->handlers[i]) {
            child->handlers[i] = self->handlers[i];
            install(child, i, true);
        }
    return OBJ_VAL(child);
}

static Value xp_setparamentityparsing(Value *args, int nargs, ObjTuple *kw)
{
    MOD_ONEARG("xmlparser.SetParamEntityParsing");
    int64_t flag;
    if (obj_as_int64(args[1], &flag) < 0) return VNULL;
    return MK_INT(XML_SetParamEntityParsing(XP(AS_XP(args[0])), (enum XML_ParamEntityParsing)flag));
}

static Value xp_useforeigndtd(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("UseForeignDTD", nargs - 1, kw, 0, 1) < 0) return VNULL;
    int flag = nargs > 1 ? obj_truthy(args[1]) : 1;
    if (flag < 0) return VNULL;
    ObjXMLParser *self = AS_XP(args[0]);
    enum XML_Error rc = XML_UseForeignDTD(XP(self), flag ? XML_TRUE : XML_FALSE);
    if (rc != XML_ERROR_NONE) return set_error(self, rc);
    return NONE;
}

/* ---- attributes ------------------------------------------------------------ */

static int no_delete(Value v)
{
    if (v) return 0;
    err_set(exc_RuntimeError, "Cannot delete attribute");
    return -1;
}

static int set_handler(Value self_v, int i, Value v)
{
    if (no_delete(v) < 0) return -1;
    ObjXMLParser *self = AS_XP(self_v);
    if (i == H_CharacterData && flush_buffer(self) < 0 && err_occurred()) return -1;
    if (IS_NONE(v)) {
        self->handlers[i] = VNULL;
        /* inside a callback expat's handler stays, calling nothing */
        if (i == H_CharacterData && self->in_callback) {
            XML_SetCharacterDataHandler(XP(self), noop_character_data);
            return 0;
        }
        install(self, i, false);
    } else {
        self->handlers[i] = v;
        install(self, i, true);
    }
    return 0;
}

#define X(n)                                                                                  \
    static Value get_h_##n(Value self) { Value h = AS_XP(self)->handlers[H_##n]; return h ? h : NONE; } \
    static int set_h_##n(Value self, Value v) { return set_handler(self, H_##n, v); }
HANDLERS(X)
#undef X

static Value get_error_code(Value v) { return MK_INT(XML_GetErrorCode(XP(AS_XP(v)))); }
static Value get_error_line(Value v) { return int_from_u64(XML_GetErrorLineNumber(XP(AS_XP(v)))); }
static Value get_error_col(Value v) { return int_from_u64(XML_GetErrorColumnNumber(XP(AS_XP(v)))); }
static Value get_error_byte(Value v) { return int_from_i64(XML_GetErrorByteIndex(XP(AS_XP(v)))); }
static Value get_cur_line(Value v) { return int_from_u64(XML_GetCurrentLineNumber(XP(AS_XP(v)))); }
static Value get_cur_col(Value v) { return int_from_u64(XML_GetCurrentColumnNumber(XP(AS_XP(v)))); }
static Value get_cur_byte(Value v) { return int_from_i64(XML_GetCurrentByteIndex(XP(AS_XP(v)))); }

static Value get_buffer_text(Value v) { return BOOL_V(AS_XP(v)->buffer != NULL); }
static int set_buffer_text(Value sv, Value v)
{
    if (no_delete(v) < 0) return -1;
    ObjXMLParser *self = AS_XP(sv);
    int b = obj_truthy(v);
    if (b < 0) return -1;
    if (b) {
        if (!self->buffer) {
            if (!(self->buffer = malloc((size_t)self->buffer_size))) {
                err_no_memory();
                return -1;
            }
            self->buffer_used = 0;
        }
    } else if (self->buffer) {
        if (flush_buffer(self) < 0 && err_occurred()) return -1;
        free(self->buffer);
        self->buffer = NULL;
    }
    return 0;
}

static Value get_buffer_size(Value v) { return MK_INT(AS_XP(v)->buffer_size); }
static int set_buffer_size(Value sv, Value v)
{
    if (no_delete(v) < 0) return -1;
    ObjXMLParser *self = AS_XP(sv);
    if (!INT_CHECK(v)) {
        err_set(exc_TypeError, "buffer_size must be an integer");
        return -1;
    }
    int64_t n;
    if (obj_as_int64(v, &n) < 0) return -1;
    if (n <= 0) {
        err_set(exc_ValueError, "buffer_size must be greater than zero");
        return -1;
    }
    if (n == self->buffer_size) return 0;
    if (n > INT_MAX) {
        err_format(exc_ValueError, "buffer_size must not be greater than %d", INT_MAX);
        return -1;
    }
    /* as CPython: a new size gives a new buffer (so it turns buffer_text on) */
    if (self->buffer) {
        if (self->buffer_used && flush_buffer(self) < 0 && err_occurred()) return -1;
        free(self->buffer);
    }
    if (!(self->buffer = malloc((size_t)n))) {
        err_no_memory();
        return -1;
    }
    self->buffer_used = 0;
    self->buffer_size = (int)n;
    return 0;
}

static Value get_buffer_used(Value v) { return MK_INT(AS_XP(v)->buffer_used); }

static int set_bool(Value v, bool *out)
{
    if (no_delete(v) < 0) return -1;
    int b = obj_truthy(v);
    if (b < 0) return -1;
    *out = b;
    return 0;
}

static Value get_ordered(Value v) { return BOOL_V(AS_XP(v)->ordered_attributes); }
static int set_ordered(Value s, Value v) { return set_bool(v, &AS_XP(s)->ordered_attributes); }
static Value get_specified(Value v) { return BOOL_V(AS_XP(v)->specified_attributes); }
static int set_specified(Value s, Value v) { return set_bool(v, &AS_XP(s)->specified_attributes); }
static Value get_ns_prefixes(Value v) { return BOOL_V(AS_XP(v)->ns_prefixes); }
static int set_ns_prefixes(Value s, Value v)
{
    if (set_bool(v, &AS_XP(s)->ns_prefixes) < 0) return -1;
    XML_SetReturnNSTriplet(XP(AS_XP(s)), AS_XP(s)->ns_prefixes);
    return 0;
}
static Value get_intern(Value v) { return AS_XP(v)->intern ? AS_XP(v)->intern : NONE; }

static Type type_xmlparser = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "pyexpat.xmlparser",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjXMLParser),
    .trace = xp_trace,
    .finalize = xp_finalize,
};

/* ---- the module ------------------------------------------------------------ */

static Value m_parsercreate(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"encoding", "namespace_separator", "intern", NULL};
    Value a[3];
    if (mod_parse("ParserCreate", args, nargs, kw, params, 0, 3, a) < 0) return VNULL;
    const char *enc = NULL, *sep = NULL;
    for (int i = 0; i < 2; i++) {
        if (!a[i] || IS_NONE(a[i])) continue;
        if (!STR_CHECK(a[i]))
            return err_format(exc_TypeError, "ParserCreate() argument '%s' must be str or None, not %s",
                              params[i], TYPE(a[i])->name);
        const char *u = utf8_arg(a[i]);
        if (!u) return VNULL;
        if (i == 0) enc = u;
        else sep = u;
    }
    if (sep && strlen(sep) > 1)
        return err_set(exc_ValueError,
                       "namespace_separator must be at most one character, omitted, or None");
    Value intern;
    if (!a[2]) intern = dict_new();
    else if (IS_NONE(a[2])) intern = VNULL;
    else if (!DICT_CHECK(a[2])) return err_set(exc_TypeError, "intern must be a dictionary");
    else intern = a[2];
    XML_Parser p = sep ? XML_ParserCreateNS(enc, sep[0]) : XML_ParserCreate(enc);
    ObjXMLParser *self = xp_alloc(p, intern);
    return self ? OBJ_VAL(self) : VNULL;
}

static Value m_errorstring(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("ErrorString", nargs, kw, 1, 1) < 0) return VNULL;
    int64_t code;
    if (obj_as_int64(args[0], &code) < 0) return VNULL;
    return conv(XML_ErrorString((enum XML_Error)code));
}

/* pyexpat.errors, in CPython's order */
#define ERRORS(X)                                                                             \
    X(NO_MEMORY) X(SYNTAX) X(NO_ELEMENTS) X(INVALID_TOKEN) X(UNCLOSED_TOKEN) X(PARTIAL_CHAR)  \
    X(TAG_MISMATCH) X(DUPLICATE_ATTRIBUTE) X(JUNK_AFTER_DOC_ELEMENT) X(PARAM_ENTITY_REF)      \
    X(UNDEFINED_ENTITY) X(RECURSIVE_ENTITY_REF) X(ASYNC_ENTITY) X(BAD_CHAR_REF)               \
    X(BINARY_ENTITY_REF) X(ATTRIBUTE_EXTERNAL_ENTITY_REF) X(MISPLACED_XML_PI)                 \
    X(UNKNOWN_ENCODING) X(INCORRECT_ENCODING) X(UNCLOSED_CDATA_SECTION)                       \
    X(EXTERNAL_ENTITY_HANDLING) X(NOT_STANDALONE) X(UNEXPECTED_STATE)                          \
    X(ENTITY_DECLARED_IN_PE) X(FEATURE_REQUIRES_XML_DTD) X(CANT_CHANGE_FEATURE_ONCE_PARSING)  \
    X(UNBOUND_PREFIX) X(UNDECLARING_PREFIX) X(INCOMPLETE_PE) X(XML_DECL) X(TEXT_DECL)          \
    X(PUBLICID) X(SUSPENDED) X(NOT_SUSPENDED) X(ABORTED) X(FINISHED) X(SUSPEND_PE)            \
    X(RESERVED_PREFIX_XML) X(RESERVED_PREFIX_XMLNS) X(RESERVED_NAMESPACE_URI)                 \
    X(INVALID_ARGUMENT) X(NO_BUFFER) X(AMPLIFICATION_LIMIT_BREACH)

static Value submodule(const char *name, const char *doc)
{
    Value m = module_new(str_intern_cstr(name));
    if (!m) return VNULL;
    module_add(AS_MODULE(m), "__doc__", str_from_cstr(doc));
    dict_set(OBJ_VAL(vm_modules), str_from_cstr(name), m);
    return m;
}

static Value make_errors(void)
{
    Value m = submodule("pyexpat.errors", "Constants used to describe error conditions.");
    if (!m) return VNULL;
    Value codes = dict_new(), messages = dict_new();
    static const struct { const char *name; enum XML_Error code; } errs[] = {
#define X(n) {"XML_ERROR_" #n, XML_ERROR_##n},
        ERRORS(X)
#undef X
    };
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        Value msg = str_from_cstr(XML_ErrorString(errs[i].code));
        module_add(AS_MODULE(m), errs[i].name, msg);
        if (dict_set(codes, msg, MK_INT(errs[i].code)) < 0 ||
            dict_set(messages, MK_INT(errs[i].code), msg) < 0)
            return VNULL;
    }
    module_add(AS_MODULE(m), "codes", codes);
    module_add(AS_MODULE(m), "messages", messages);
    return m;
}

static Value make_model(void)
{
    Value m = submodule("pyexpat.model", "Constants used to interpret content model information.");
    if (!m) return VNULL;
    static const IntConstDef consts[] = {
        {"XML_CTYPE_EMPTY", XML_CTYPE_EMPTY}, {"XML_CTYPE_ANY", XML_CTYPE_ANY},
        {"XML_CTYPE_MIXED", XML_CTYPE_MIXED}, {"XML_CTYPE_NAME", XML_CTYPE_NAME},
        {"XML_CTYPE_CHOICE", XML_CTYPE_CHOICE}, {"XML_CTYPE_SEQ", XML_CTYPE_SEQ},
        {"XML_CQUANT_NONE", XML_CQUANT_NONE}, {"XML_CQUANT_OPT", XML_CQUANT_OPT},
        {"XML_CQUANT_REP", XML_CQUANT_REP}, {"XML_CQUANT_PLUS", XML_CQUANT_PLUS},
        {NULL, 0},
    };
    module_add_ints(AS_MODULE(m), consts);
    return m;
}

Value mod_pyexpat_init(void)
{
    if (!expat_error) {
        expat_error = module_new_exception("xml.parsers.expat", "ExpatError", OBJ_VAL(exc_Exception));
        if (!expat_error) return VNULL;
        static const MethodDef methods[] = {
            {"Parse", xp_parse}, {"ParseFile", xp_parsefile}, {"SetBase", xp_setbase},
            {"GetBase", xp_getbase}, {"GetInputContext", xp_getinputcontext},
            {"ExternalEntityParserCreate", xp_external_entity_parser},
            {"SetParamEntityParsing", xp_setparamentityparsing}, {"UseForeignDTD", xp_useforeigndtd},
            {NULL, NULL},
        };
        mod_type_ready(&type_xmlparser, "pyexpat", methods, "XML parser");
        /* <event>Handler, except DefaultHandlerExpand */
#define X(n)                                                                               \
    exc_add_getset(&type_xmlparser, H_##n == H_DefaultHandlerExpand ? #n : #n "Handler", \
                   get_h_##n, set_h_##n);
        HANDLERS(X)
#undef X
        static const struct { const char *name; GetterFn get; SetterFn set; } attrs[] = {
            {"ErrorCode", get_error_code, NULL}, {"ErrorLineNumber", get_error_line, NULL},
            {"ErrorColumnNumber", get_error_col, NULL}, {"ErrorByteIndex", get_error_byte, NULL},
            {"CurrentLineNumber", get_cur_line, NULL}, {"CurrentColumnNumber", get_cur_col, NULL},
            {"CurrentByteIndex", get_cur_byte, NULL}, {"buffer_text", get_buffer_text, set_buffer_text},
            {"buffer_size", get_buffer_size, set_buffer_size}, {"buffer_used", get_buffer_used, NULL},
            {"ordered_attributes", get_ordered, set_ordered},
            {"specified_attributes", get_specified, set_specified},
            {"namespace_prefixes", get_ns_prefixes, set_ns_prefixes}, {"intern", get_intern, NULL},
            {NULL, NULL, NULL},
        };
        for (int i = 0; attrs[i].name; i++)
            exc_add_getset(&type_xmlparser, attrs[i].name, attrs[i].get, attrs[i].set);
    }
    Value m = module_new(str_intern_cstr("pyexpat"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "__doc__", str_from_cstr("Python wrapper for Expat parser."));
    module_add_fn(mod, "ParserCreate", m_parsercreate);
    module_add_fn(mod, "ErrorString", m_errorstring);
    module_add(mod, "error", expat_error);
    module_add(mod, "ExpatError", expat_error);
    module_add(mod, "XMLParserType", OBJ_VAL(&type_xmlparser));
    XML_Expat_Version v = XML_ExpatVersionInfo();
    module_add(mod, "EXPAT_VERSION", str_from_cstr(XML_ExpatVersion()));
    module_add(mod, "version_info", tuple_pack(3, MK_INT(v.major), MK_INT(v.minor), MK_INT(v.micro)));
    module_add(mod, "native_encoding", str_from_cstr("UTF-8"));
    Value features = list_new(0);
    for (const XML_Feature *f = XML_GetFeatureList(); f && f->feature != XML_FEATURE_END; f++)
        list_append(features, tuple_pack(2, str_from_cstr(f->name), int_from_i64(f->value)));
    module_add(mod, "features", features);
    static const IntConstDef pe[] = {
        {"XML_PARAM_ENTITY_PARSING_NEVER", XML_PARAM_ENTITY_PARSING_NEVER},
        {"XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE", XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE},
        {"XML_PARAM_ENTITY_PARSING_ALWAYS", XML_PARAM_ENTITY_PARSING_ALWAYS},
        {NULL, 0},
    };
    module_add_ints(mod, pe);
    Value errors = make_errors(), model = make_model();
    if (!errors || !model) return VNULL;
    module_add(mod, "errors", errors);
    module_add(mod, "model", model);
    return m;
}
