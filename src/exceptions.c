/* exceptions.c — the built-in exception hierarchy.
 *
 * Every exception type is a static Type with TF_EXCEPTION and layout
 * KIND_EXCEPTION (ObjException), built from one table so the hierarchy reads
 * like CPython's exception_hierarchy.txt.  The common attributes (args,
 * __traceback__, __cause__, __context__, __suppress_context__) live in the
 * C struct and are exposed through small C descriptors ("getset"), so they
 * work the same on user subclasses whatever slots those inherit.  The
 * attributes only some families have (OSError.errno, StopIteration.value,
 * SystemExit.code, SyntaxError.lineno…) are plain entries of the instance
 * dict: generic attribute lookup finds them and scripts may overwrite them,
 * as in CPython.
 *
 * tp_new does all the work (BaseException_new + the family's __init__), so
 * exceptions raised from C (exc_new) never run Python code; __init__ repeats
 * it for subclasses that call super().__init__(...).
 */
#include <errno.h>

#include "exceptions.h"
#include "gc.h"
#include "str.h"

Type *exc_BaseException, *exc_SystemExit, *exc_KeyboardInterrupt,
    *exc_GeneratorExit, *exc_Exception, *exc_StopIteration, *exc_ArithmeticError,
    *exc_ZeroDivisionError, *exc_OverflowError, *exc_AssertionError,
    *exc_AttributeError, *exc_ImportError, *exc_ModuleNotFoundError,
    *exc_LookupError, *exc_IndexError, *exc_KeyError, *exc_NameError,
    *exc_UnboundLocalError, *exc_OSError, *exc_FileNotFoundError,
    *exc_FileExistsError, *exc_PermissionError, *exc_IsADirectoryError,
    *exc_TimeoutError, *exc_RuntimeError, *exc_RecursionError,
    *exc_NotImplementedError, *exc_TypeError, *exc_ValueError,
    *exc_UnicodeError, *exc_UnicodeDecodeError, *exc_UnicodeEncodeError,
    *exc_SyntaxError, *exc_IndentationError, *exc_TabError, *exc_EOFError,
    *exc_MemoryError, *exc_BufferError, *exc_StopAsyncIteration,
    *exc_ChildProcessError, *exc_BrokenPipeError, *exc_InterruptedError,
    *exc_ProcessLookupError, *exc_ConnectionError;
Type *exc_NotADirectoryError, *exc_BlockingIOError,
    *exc_ConnectionRefusedError, *exc_ConnectionResetError,
    *exc_ConnectionAbortedError, *exc_SystemError, *exc_ReferenceError,
    *exc_FloatingPointError, *exc_UnicodeTranslateError, *exc_Warning,
    *exc_UserWarning, *exc_DeprecationWarning, *exc_RuntimeWarning;
static Type *exc_PendingDeprecationWarning, *exc_SyntaxWarning,
    *exc_FutureWarning, *exc_ImportWarning, *exc_UnicodeWarning,
    *exc_BytesWarning, *exc_ResourceWarning, *exc_EncodingWarning;

typedef struct { const char *name; Type **slot; Type **base; } ExcDef;

/* Parents before children. */
static const ExcDef exc_defs[] = {
    {"BaseException", &exc_BaseException, NULL},
    {"SystemExit", &exc_SystemExit, &exc_BaseException},
    {"KeyboardInterrupt", &exc_KeyboardInterrupt, &exc_BaseException},
    {"GeneratorExit", &exc_GeneratorExit, &exc_BaseException},
    {"Exception", &exc_Exception, &exc_BaseException},
    {"StopIteration", &exc_StopIteration, &exc_Exception},
    {"StopAsyncIteration", &exc_StopAsyncIteration, &exc_Exception},
    {"ArithmeticError", &exc_ArithmeticError, &exc_Exception},
    {"FloatingPointError", &exc_FloatingPointError, &exc_ArithmeticError},
    {"OverflowError", &exc_OverflowError, &exc_ArithmeticError},
    {"ZeroDivisionError", &exc_ZeroDivisionError, &exc_ArithmeticError},
    {"AssertionError", &exc_AssertionError, &exc_Exception},
    {"AttributeError", &exc_AttributeError, &exc_Exception},
    {"BufferError", &exc_BufferError, &exc_Exception},
    {"EOFError", &exc_EOFError, &exc_Exception},
    {"ImportError", &exc_ImportError, &exc_Exception},
    {"ModuleNotFoundError", &exc_ModuleNotFoundError, &exc_ImportError},
    {"LookupError", &exc_LookupError, &exc_Exception},
    {"IndexError", &exc_IndexError, &exc_LookupError},
    {"KeyError", &exc_KeyError, &exc_LookupError},
    {"MemoryError", &exc_MemoryError, &exc_Exception},
    {"NameError", &exc_NameError, &exc_Exception},
    {"UnboundLocalError", &exc_UnboundLocalError, &exc_NameError},
    {"OSError", &exc_OSError, &exc_Exception},
    {"BlockingIOError", &exc_BlockingIOError, &exc_OSError},
    {"ChildProcessError", &exc_ChildProcessError, &exc_OSError},
    {"ConnectionError", &exc_ConnectionError, &exc_OSError},
    {"BrokenPipeError", &exc_BrokenPipeError, &exc_ConnectionError},
    {"ConnectionAbortedError", &exc_ConnectionAbortedError, &exc_ConnectionError},
    {"ConnectionRefusedError", &exc_ConnectionRefusedError, &exc_ConnectionError},
    {"ConnectionResetError", &exc_ConnectionResetError, &exc_ConnectionError},
    {"FileExistsError", &exc_FileExistsError, &exc_OSError},
    {"FileNotFoundError", &exc_FileNotFoundError, &exc_OSError},
    {"InterruptedError", &exc_InterruptedError, &exc_OSError},
    {"IsADirectoryError", &exc_IsADirectoryError, &exc_OSError},
    {"NotADirectoryError", &exc_NotADirectoryError, &exc_OSError},
    {"PermissionError", &exc_PermissionError, &exc_OSError},
    {"ProcessLookupError", &exc_ProcessLookupError, &exc_OSError},
    {"TimeoutError", &exc_TimeoutError, &exc_OSError},
    {"ReferenceError", &exc_ReferenceError, &exc_Exception},
    {"RuntimeError", &exc_RuntimeError, &exc_Exception},
    {"NotImplementedError", &exc_NotImplementedError, &exc_RuntimeError},
    {"RecursionError", &exc_RecursionError, &exc_RuntimeError},
    {"SyntaxError", &exc_SyntaxError, &exc_Exception},
    {"IndentationError", &exc_IndentationError, &exc_SyntaxError},
    {"TabError", &exc_TabError, &exc_IndentationError},
    {"SystemError", &exc_SystemError, &exc_Exception},
    {"TypeError", &exc_TypeError, &exc_Exception},
    {"ValueError", &exc_ValueError, &exc_Exception},
    {"UnicodeError", &exc_UnicodeError, &exc_ValueError},
    {"UnicodeDecodeError", &exc_UnicodeDecodeError, &exc_UnicodeError},
    {"UnicodeEncodeError", &exc_UnicodeEncodeError, &exc_UnicodeError},
    {"UnicodeTranslateError", &exc_UnicodeTranslateError, &exc_UnicodeError},
    {"Warning", &exc_Warning, &exc_Exception},
    {"DeprecationWarning", &exc_DeprecationWarning, &exc_Warning},
    {"PendingDeprecationWarning", &exc_PendingDeprecationWarning, &exc_Warning},
    {"RuntimeWarning", &exc_RuntimeWarning, &exc_Warning},
    {"SyntaxWarning", &exc_SyntaxWarning, &exc_Warning},
    {"UserWarning", &exc_UserWarning, &exc_Warning},
    {"FutureWarning", &exc_FutureWarning, &exc_Warning},
    {"ImportWarning", &exc_ImportWarning, &exc_Warning},
    {"UnicodeWarning", &exc_UnicodeWarning, &exc_Warning},
    {"BytesWarning", &exc_BytesWarning, &exc_Warning},
    {"EncodingWarning", &exc_EncodingWarning, &exc_Warning},
    {"ResourceWarning", &exc_ResourceWarning, &exc_Warning},
};
#define NEXC (sizeof exc_defs / sizeof exc_defs[0])
static Type exc_storage[NEXC];
static ExcEntryName exc_names[NEXC + 4];
static int exc_nnames;

/* Interned attribute names, set once by exc_init. */
static ObjStr *s_errno, *s_strerror, *s_filename, *s_filename2, *s_value,
    *s_code, *s_msg, *s_lineno, *s_offset, *s_text, *s_end_lineno,
    *s_end_offset, *s_print_file_and_line, *s_name, *s_path, *s_obj,
    *s_encoding, *s_object, *s_start, *s_end, *s_reason, *s_notes;

/* ---- getset descriptors ---------------------------------------------- */

typedef struct {
    Obj obj;
    const char *name;
    GetterFn get;
    SetterFn set;
    Type *owner;    /* the (static) type it was added to, or NULL */
} ObjGetSet;

static Type type_getset;

static Value getset_get(Value descr, Value obj, Value type)
{
    (void)type;
    if (!obj)
        return descr;
    return ((ObjGetSet *)AS_OBJ(descr))->get(obj);
}

static int getset_set(Value descr, Value obj, Value v)
{
    ObjGetSet *g = (ObjGetSet *)AS_OBJ(descr);
    if (!g->set) {
        err_format(exc_AttributeError, "attribute '%s' of '%s' objects is not writable", g->name,
                   g->owner ? g->owner->name : TYPE(obj)->name);
        return -1;
    }
    return g->set(obj, v);
}

static Value getset_repr(Value self)
{
    ObjGetSet *g = (ObjGetSet *)AS_OBJ(self);
    if (g->owner)
        return str_printf("<attribute '%s' of '%s' objects>", g->name, g->owner->name);
    return str_printf("<attribute '%s'>", g->name);
}

Value exc_getset_new(const char *name, GetterFn get, SetterFn set)
{
    ObjGetSet *g = (ObjGetSet *)gc_new(&type_getset, sizeof(ObjGetSet));
    g->name = name;
    g->get = get;
    g->set = set;
    return OBJ_VAL(g);
}

void exc_add_getset(Type *t, const char *name, GetterFn get, SetterFn set)
{
    Value g = exc_getset_new(name, get, set);
    ((ObjGetSet *)AS_OBJ(g))->owner = t;
    dict_set_str(t->dict, str_intern_cstr(name), g);
}

/* ---- construction ---------------------------------------------------- */

static ObjException *exc_alloc(Type *t)
{
    size_t size = t->inst_size > sizeof(ObjException) ? t->inst_size : sizeof(ObjException);
    ObjException *e = (ObjException *)gc_new(t, size);
    e->dict = AS_DICT(dict_new());
    e->args = AS_TUPLE(tuple_new(0));
    return e;
}

static void setattr_d(ObjException *e, ObjStr *name, Value v)
{
    dict_set_str(e->dict, name, v ? v : NONE);
}

static bool is_a(ObjException *e, Type *t)
{
    return type_is_subtype(e->obj.type, t);
}

/* Keyword arguments a family accepts (the rest: TypeError). */
static int check_kwargs(ObjException *e, Value *args, int nargs, ObjTuple *kwnames)
{
    if (!kwnames || kwnames->len == 0)
        return 0;
    bool imp = is_a(e, exc_ImportError);
    bool nam = is_a(e, exc_NameError), att = is_a(e, exc_AttributeError);
    if (!imp && !nam && !att) {
        err_format(exc_TypeError, "%s() takes no keyword arguments", e->obj.type->name);
        return -1;
    }
    for (int64_t i = 0; i < kwnames->len; i++) {
        ObjStr *k = AS_STR(kwnames->items[i]);
        Value v = args[nargs + i];
        if ((imp && (str_eq(k, s_name) || str_eq(k, s_path))) ||
            (nam && str_eq(k, s_name)) ||
            (att && (str_eq(k, s_name) || str_eq(k, s_obj)))) {
            setattr_d(e, str_intern_obj(k), v);
        } else {
            err_format(exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                       k->data, e->obj.type->name);
            return -1;
        }
    }
    return 0;
}

/* BaseException.__init__ plus the family's own: args and the dict attributes. */
static int exc_setup(ObjException *e, Value *args, int nargs, ObjTuple *kwnames, bool kw)
{
    Value t = tuple_from(args, nargs);
    if (!t)
        return -1;
    e->args = AS_TUPLE(t);
    Type *ty = e->obj.type;
    if (type_is_subtype(ty, exc_OSError)) {
        Value en = NONE, se = NONE, fn = NONE, fn2 = NONE;
        bool written = nargs == 3 && type_is_subtype(ty, exc_BlockingIOError) &&
                       (IS_ANYINT(args[2]) || IS_BOOL(args[2]));
        if (written) {
            /* BlockingIOError(errno, strerror, characters_written) */
            en = args[0];
            se = args[1];
            dict_set_str(e->dict, str_intern_cstr("characters_written"), args[2]);
        } else if (nargs >= 2 && nargs <= 5) {
            en = args[0];
            se = args[1];
            if (nargs >= 3) {
                fn = args[2];
                if (nargs >= 5)
                    fn2 = args[4];
                Value t2 = tuple_from(args, 2);
                if (!t2)
                    return -1;
                e->args = AS_TUPLE(t2);
            }
        }
        setattr_d(e, s_errno, en);
        setattr_d(e, s_strerror, se);
        setattr_d(e, s_filename, fn);
        setattr_d(e, s_filename2, fn2);
    } else if (type_is_subtype(ty, exc_StopIteration)) {
        setattr_d(e, s_value, nargs > 0 ? args[0] : NONE);
    } else if (type_is_subtype(ty, exc_SystemExit)) {
        setattr_d(e, s_code, nargs == 0 ? NONE : nargs == 1 ? args[0] : t);
    } else if (type_is_subtype(ty, exc_SyntaxError)) {
        Value fields[6] = {NONE, NONE, NONE, NONE, NONE, NONE};
        setattr_d(e, s_msg, nargs >= 1 ? args[0] : NONE);
        if (nargs == 2) {
            Value info = args[1];
            if (!IS_TUPLE(info)) {
                Value tt = obj_to_tuple(info);
                if (!tt)
                    return -1;
                info = tt;
            }
            ObjTuple *it = AS_TUPLE(info);
            if (it->len < 4 || it->len > 6) {
                err_set(exc_IndexError, "tuple index out of range");
                return -1;
            }
            for (int64_t i = 0; i < it->len; i++)
                fields[i] = it->items[i];
        }
        setattr_d(e, s_filename, fields[0]);
        setattr_d(e, s_lineno, fields[1]);
        setattr_d(e, s_offset, fields[2]);
        setattr_d(e, s_text, fields[3]);
        setattr_d(e, s_end_lineno, fields[4]);
        setattr_d(e, s_end_offset, fields[5]);
        setattr_d(e, s_print_file_and_line, NONE);
    } else if (type_is_subtype(ty, exc_ImportError)) {
        setattr_d(e, s_msg, nargs == 1 ? args[0] : NONE);
        if (!dict_get_str(e->dict, s_name))
            setattr_d(e, s_name, NONE);
        if (!dict_get_str(e->dict, s_path))
            setattr_d(e, s_path, NONE);
    } else if (type_is_subtype(ty, exc_NameError) || type_is_subtype(ty, exc_AttributeError)) {
        if (!dict_get_str(e->dict, s_name))
            setattr_d(e, s_name, NONE);
    } else if (type_is_subtype(ty, exc_UnicodeTranslateError)) {
        if (nargs == 4) {
            setattr_d(e, s_object, args[0]);
            setattr_d(e, s_start, args[1]);
            setattr_d(e, s_end, args[2]);
            setattr_d(e, s_reason, args[3]);
        }
    } else if (type_is_subtype(ty, exc_UnicodeDecodeError) ||
               type_is_subtype(ty, exc_UnicodeEncodeError)) {
        if (nargs == 5) {
            setattr_d(e, s_encoding, args[0]);
            setattr_d(e, s_object, args[1]);
            setattr_d(e, s_start, args[2]);
            setattr_d(e, s_end, args[3]);
            setattr_d(e, s_reason, args[4]);
        }
    }
    if (kw && check_kwargs(e, args, nargs, kwnames) < 0)
        return -1;
    return 0;
}

/* OSError(errno, strerror) with a known errno builds the matching subclass. */
static Type *oserror_subtype(int64_t en)
{
    switch (en) {
    case ENOENT: return exc_FileNotFoundError;
    case EEXIST: return exc_FileExistsError;
    case EACCES: case EPERM: return exc_PermissionError;
    case EISDIR: return exc_IsADirectoryError;
    case ENOTDIR: return exc_NotADirectoryError;
    case ECHILD: return exc_ChildProcessError;
    case EPIPE: case ESHUTDOWN: return exc_BrokenPipeError;
    case EINTR: return exc_InterruptedError;
    case ESRCH: return exc_ProcessLookupError;
    case ETIMEDOUT: return exc_TimeoutError;
    case EAGAIN: case EALREADY: case EINPROGRESS: return exc_BlockingIOError;
    case ECONNREFUSED: return exc_ConnectionRefusedError;
    case ECONNRESET: return exc_ConnectionResetError;
    case ECONNABORTED: return exc_ConnectionAbortedError;
    default: return NULL;
    }
}

static Value exc_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (t == exc_OSError && nargs >= 2 && IS_INT(args[0])) {
        Type *sub = oserror_subtype(AS_INT(args[0]));
        if (sub)
            t = sub;
    }
    ObjException *e = exc_alloc(t);
    /* Subclasses with their own __init__ may take keywords; BaseException_new
     * ignores them there, as CPython does. */
    bool kw = !(t->flags & TF_HEAPTYPE);
    if (exc_setup(e, args, nargs, kwnames, kw) < 0)
        return VNULL;
    return OBJ_VAL(e);
}

Value exc_new(Type *t, ObjTuple *args)
{
    return exc_tp_new(t, args ? args->items : NULL, args ? (int)args->len : 0, NULL);
}

Value exc_new_msg(Type *t, const char *msg)
{
    Value s = str_from_cstr(msg);
    if (!s)
        return VNULL;
    return exc_tp_new(t, &s, 1, NULL);
}

Value exc_unicode_decode(const char *encoding, const uint8_t *data, size_t len,
                         size_t start, size_t end, const char *reason)
{
    Value a[5];
    a[0] = str_from_cstr(encoding);
    a[1] = bytes_new(data, len);
    a[2] = int_from_i64((int64_t)start);
    a[3] = int_from_i64((int64_t)end);
    a[4] = str_from_cstr(reason);
    for (int i = 0; i < 5; i++)
        if (!a[i])
            return VNULL;
    Value e = exc_tp_new(exc_UnicodeDecodeError, a, 5, NULL);
    if (!e)
        return VNULL;
    return err_set_value(e);
}

/* ---- methods and slots ----------------------------------------------- */

void exc_trace(Obj *o)
{
    ObjException *e = (ObjException *)o;
    gc_mark_obj((Obj *)e->dict);
    gc_mark_obj((Obj *)e->args);
    gc_mark(e->traceback);
    gc_mark(e->cause);
    gc_mark(e->context);
}

static bool self_ok(Value *args, int nargs, const char *meth, Type *t)
{
    if (nargs < 1 || !IS_OBJ(args[0]) || !type_is_subtype(AS_OBJ(args[0])->type, t)) {
        err_format(exc_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'",
                   meth, t->name, nargs < 1 ? "NoneType" : TYPE(args[0])->name);
        return false;
    }
    return true;
}

static Value exc_str_slot(Value self)
{
    ObjTuple *a = AS_EXC(self)->args;
    if (!a || a->len == 0)
        return str_new("", 0);
    if (a->len == 1)
        return obj_str(a->items[0]);
    return obj_str(OBJ_VAL(a));
}

static Value exc_repr(Value self)
{
    ObjTuple *a = AS_EXC(self)->args;
    StrBuf b;
    sb_init(&b);
    sb_adds(&b, TYPE(self)->name);
    if (a && a->len == 1) {
        sb_addc(&b, '(');
        if (sb_addv(&b, a->items[0], true) < 0) {
            sb_free(&b);
            return VNULL;
        }
        sb_addc(&b, ')');
    } else if (a && a->len > 1) {
        if (sb_addv(&b, OBJ_VAL(a), true) < 0) {
            sb_free(&b);
            return VNULL;
        }
    } else {
        sb_adds(&b, "()");
    }
    return sb_finish(&b);
}

static Value keyerror_str(Value self)
{
    ObjTuple *a = AS_EXC(self)->args;
    if (a && a->len == 1)
        return obj_repr(a->items[0]);
    return exc_str_slot(self);
}

static Value oserror_str(Value self)
{
    ObjException *e = AS_EXC(self);
    Value en = dict_get_str(e->dict, s_errno), se = dict_get_str(e->dict, s_strerror);
    Value fn = dict_get_str(e->dict, s_filename), fn2 = dict_get_str(e->dict, s_filename2);
    if (fn && !IS_NONE(fn)) {
        if (fn2 && !IS_NONE(fn2))
            return err_format_str("[Errno %S] %S: %R -> %R", en, se, fn, fn2);
        return err_format_str("[Errno %S] %S: %R", en, se, fn);
    }
    if (en && se && !IS_NONE(en) && !IS_NONE(se))
        return err_format_str("[Errno %S] %S", en, se);
    return exc_str_slot(self);
}

static Value syntaxerror_str(Value self)
{
    ObjException *e = AS_EXC(self);
    Value msg = dict_get_str(e->dict, s_msg), fn = dict_get_str(e->dict, s_filename);
    Value ln = dict_get_str(e->dict, s_lineno);
    if (!msg)
        msg = NONE;
    bool have_fn = fn && IS_STR(fn), have_ln = ln && IS_INT(ln);
    if (have_fn) {
        const char *f = AS_STR(fn)->data, *slash = strrchr(f, '/');
        if (slash)
            f = slash + 1;
        if (have_ln)
            return err_format_str("%S (%s, line %lld)", msg, f, (long long)AS_INT(ln));
        return err_format_str("%S (%s)", msg, f);
    }
    if (have_ln)
        return err_format_str("%S (line %lld)", msg, (long long)AS_INT(ln));
    return obj_str(msg);
}

static Value importerror_str(Value self)
{
    Value msg = dict_get_str(AS_EXC(self)->dict, s_msg);
    if (msg && !IS_NONE(msg))
        return obj_str(msg);
    return exc_str_slot(self);
}

static Value unicodeerror_str(Value self)
{
    ObjException *e = AS_EXC(self);
    bool dec = type_is_subtype(e->obj.type, exc_UnicodeDecodeError);
    bool tr = type_is_subtype(e->obj.type, exc_UnicodeTranslateError);
    Value enc = tr ? NONE : dict_get_str(e->dict, s_encoding), obj = dict_get_str(e->dict, s_object);
    Value st = dict_get_str(e->dict, s_start), en = dict_get_str(e->dict, s_end);
    Value rs = dict_get_str(e->dict, s_reason);
    if (!enc || !obj || !st || !en || !rs || !IS_INT(st) || !IS_INT(en))
        return exc_str_slot(self);
    int64_t start = AS_INT(st), end = AS_INT(en);
    Value encs = tr ? NONE : obj_str(enc);
    if (!encs) return VNULL;
    char prefix[300];
    if (tr) snprintf(prefix, sizeof prefix, "can't");
    else snprintf(prefix, sizeof prefix, "'%.200s' codec can't", str_cstr(AS_STR(encs)));
    if (dec && IS_BYTES(obj) && end == start + 1 && start >= 0 && start < AS_BYTES(obj)->len)
        return err_format_str("%s decode byte 0x%02x in position %lld: %S", prefix,
                              (int)AS_BYTES(obj)->data[start], (long long)start, rs);
    if (!dec && IS_STR(obj) && end == start + 1 && start >= 0 && start < AS_STR(obj)->ncp) {
        int n;
        ObjStr *o = AS_STR(obj);
        int64_t off = str_byte_offset(o, start);
        uint32_t cp = utf8_decode(o->data + off, (size_t)(o->len - off), &n);
        char esc[16];
        snprintf(esc, sizeof esc, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
        return err_format_str("%s %s character '%s' in position %lld: %S", prefix, tr ? "translate" : "encode",
                              esc, (long long)start, rs);
    }
    return err_format_str("%s %s %s in position %lld-%lld: %S", prefix,
                          dec ? "decode" : tr ? "translate" : "encode", dec ? "bytes" : "characters",
                          (long long)start, (long long)(end - 1), rs);
}

/* Natives exposing the slots: BaseException.__str__(e) must be this exact
 * function whatever type(e) overrides (super().__str__()). */
#define SLOT_METHOD(cname, slot, T, label)                          \
    static Value cname(Value *args, int nargs, ObjTuple *kw)        \
    {                                                               \
        if (!self_ok(args, nargs, label, T))                        \
            return VNULL;                                           \
        if (args_check(label, nargs - 1, kw, 0, 0) < 0)             \
            return VNULL;                                           \
        return slot(args[0]);                                       \
    }
SLOT_METHOD(m_base_str, exc_str_slot, exc_BaseException, "__str__")
SLOT_METHOD(m_base_repr, exc_repr, exc_BaseException, "__repr__")
SLOT_METHOD(m_key_str, keyerror_str, exc_KeyError, "__str__")
SLOT_METHOD(m_os_str, oserror_str, exc_OSError, "__str__")
SLOT_METHOD(m_syn_str, syntaxerror_str, exc_SyntaxError, "__str__")
SLOT_METHOD(m_imp_str, importerror_str, exc_ImportError, "__str__")
SLOT_METHOD(m_uni_str, unicodeerror_str, exc_UnicodeError, "__str__")

static Value m_init(Value *args, int nargs, ObjTuple *kw)
{
    if (!self_ok(args, nargs, "__init__", exc_BaseException))
        return VNULL;
    if (exc_setup(AS_EXC(args[0]), args + 1, nargs - 1, kw, true) < 0)
        return VNULL;
    return NONE;
}

static Value m_with_traceback(Value *args, int nargs, ObjTuple *kw)
{
    if (!self_ok(args, nargs, "with_traceback", exc_BaseException))
        return VNULL;
    if (args_check("with_traceback", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    Value tb = args[1];
    if (!IS_NONE(tb) && !IS_TYPE_EXACT(tb, &type_traceback))
        return err_set(exc_TypeError, "__traceback__ must be a traceback or None");
    AS_EXC(args[0])->traceback = IS_NONE(tb) ? VNULL : tb;
    return args[0];
}

static Value m_add_note(Value *args, int nargs, ObjTuple *kw)
{
    if (!self_ok(args, nargs, "add_note", exc_BaseException))
        return VNULL;
    if (args_check("BaseException.add_note", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "note must be a str, not '%T'", args[1]);
    ObjException *e = AS_EXC(args[0]);
    Value notes = dict_get_str(e->dict, s_notes);
    if (!notes) {
        notes = list_new(0);
        if (!notes || dict_set_str(e->dict, s_notes, notes) < 0)
            return VNULL;
    } else if (!IS_LIST(notes)) {
        return err_set(exc_TypeError, "Cannot add note: __notes__ is not a list");
    }
    if (list_append(notes, args[1]) < 0)
        return VNULL;
    return NONE;
}

static const MethodDef base_methods[] = {
    {"__init__", m_init},
    {"__str__", m_base_str},
    {"__repr__", m_base_repr},
    {"with_traceback", m_with_traceback},
    {"add_note", m_add_note},
    {NULL, NULL},
};
static const MethodDef key_methods[] = {{"__str__", m_key_str}, {NULL, NULL}};
static const MethodDef os_methods[] = {{"__str__", m_os_str}, {NULL, NULL}};
static const MethodDef syn_methods[] = {{"__str__", m_syn_str}, {NULL, NULL}};
static const MethodDef imp_methods[] = {{"__str__", m_imp_str}, {NULL, NULL}};
static const MethodDef uni_methods[] = {{"__str__", m_uni_str}, {NULL, NULL}};

/* ---- the common attributes ------------------------------------------- */

static bool check_self(Value self)
{
    if (IS_EXCEPTION(self))
        return true;
    err_format(exc_TypeError, "descriptor requires a 'BaseException' object but received a '%T'", self);
    return false;
}

static Value get_args(Value self)
{
    return check_self(self) ? OBJ_VAL(AS_EXC(self)->args) : VNULL;
}

static int set_args(Value self, Value v)
{
    if (!check_self(self))
        return -1;
    if (!v) {
        err_set(exc_TypeError, "args may not be deleted");
        return -1;
    }
    Value t = IS_TUPLE(v) ? v : obj_to_tuple(v);
    if (!t)
        return -1;
    AS_EXC(self)->args = AS_TUPLE(t);
    return 0;
}

static Value get_tb(Value self)
{
    if (!check_self(self))
        return VNULL;
    Value tb = AS_EXC(self)->traceback;
    return tb ? tb : NONE;
}

static int set_tb(Value self, Value v)
{
    if (!check_self(self))
        return -1;
    if (!v) {
        err_set(exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (!IS_NONE(v) && !IS_TYPE_EXACT(v, &type_traceback)) {
        err_set(exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    AS_EXC(self)->traceback = IS_NONE(v) ? VNULL : v;
    return 0;
}

static Value get_cause(Value self)
{
    if (!check_self(self))
        return VNULL;
    Value c = AS_EXC(self)->cause;
    return c ? c : NONE;
}

static int set_cause(Value self, Value v)
{
    if (!check_self(self))
        return -1;
    if (!v) {
        err_set(exc_TypeError, "__cause__ may not be deleted");
        return -1;
    }
    if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
        err_set(exc_TypeError, "exception cause must be None or derive from BaseException");
        return -1;
    }
    AS_EXC(self)->cause = IS_NONE(v) ? VNULL : v;
    AS_EXC(self)->suppress_context = true;
    return 0;
}

static Value get_context(Value self)
{
    if (!check_self(self))
        return VNULL;
    Value c = AS_EXC(self)->context;
    return c ? c : NONE;
}

static int set_context(Value self, Value v)
{
    if (!check_self(self))
        return -1;
    if (!v) {
        err_set(exc_TypeError, "__context__ may not be deleted");
        return -1;
    }
    if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
        err_set(exc_TypeError, "exception context must be None or derive from BaseException");
        return -1;
    }
    AS_EXC(self)->context = IS_NONE(v) ? VNULL : v;
    return 0;
}

static Value get_suppress(Value self)
{
    return check_self(self) ? BOOL_V(AS_EXC(self)->suppress_context) : VNULL;
}

static int set_suppress(Value self, Value v)
{
    if (!check_self(self))
        return -1;
    if (!v) {
        err_set(exc_TypeError, "__suppress_context__ may not be deleted");
        return -1;
    }
    int t = obj_truthy(v);
    if (t < 0)
        return -1;
    AS_EXC(self)->suppress_context = t;
    return 0;
}

/* ---- start-up --------------------------------------------------------- */

static ObjStr *intern_root(ObjStr **slot, const char *s)
{
    *slot = str_intern_cstr(s);
    gc_add_root_obj((Obj **)slot);
    return *slot;
}

static Type type_getset = {
    .name = "getset_descriptor",
    .inst_size = sizeof(ObjGetSet),
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
    .kind = KIND_OTHER,
};

void exc_init(void)
{
    type_getset.base = &type_object;
    type_ready(&type_getset, NULL);

    intern_root(&s_errno, "errno");
    intern_root(&s_strerror, "strerror");
    intern_root(&s_filename, "filename");
    intern_root(&s_filename2, "filename2");
    intern_root(&s_value, "value");
    intern_root(&s_code, "code");
    intern_root(&s_msg, "msg");
    intern_root(&s_lineno, "lineno");
    intern_root(&s_offset, "offset");
    intern_root(&s_text, "text");
    intern_root(&s_end_lineno, "end_lineno");
    intern_root(&s_end_offset, "end_offset");
    intern_root(&s_print_file_and_line, "print_file_and_line");
    intern_root(&s_name, "name");
    intern_root(&s_path, "path");
    intern_root(&s_obj, "obj");
    intern_root(&s_encoding, "encoding");
    intern_root(&s_object, "object");
    intern_root(&s_start, "start");
    intern_root(&s_end, "end");
    intern_root(&s_reason, "reason");
    intern_root(&s_notes, "__notes__");

    for (size_t i = 0; i < NEXC; i++) {
        const ExcDef *d = &exc_defs[i];
        Type *t = &exc_storage[i];
        *d->slot = t;
        t->name = d->name;
        t->base = d->base ? *d->base : &type_object;
        t->flags = TF_BASETYPE | TF_EXCEPTION | TF_HAS_DICT;
        t->kind = KIND_EXCEPTION;
        t->inst_size = sizeof(ObjException);
        const MethodDef *methods = NULL;
        if (t == exc_BaseException) {
            t->tp_new = exc_tp_new;
            t->trace = exc_trace;
            t->repr = exc_repr;
            t->str = exc_str_slot;
            methods = base_methods;
        } else if (t == exc_KeyError) {
            t->str = keyerror_str;
            methods = key_methods;
        } else if (t == exc_OSError) {
            t->str = oserror_str;
            methods = os_methods;
        } else if (t == exc_SyntaxError) {
            t->str = syntaxerror_str;
            methods = syn_methods;
        } else if (t == exc_ImportError) {
            t->str = importerror_str;
            methods = imp_methods;
        } else if (t == exc_UnicodeError) {
            t->str = unicodeerror_str;
            methods = uni_methods;
        }
        type_ready(t, methods);
        exc_names[exc_nnames].name = d->name;
        exc_names[exc_nnames++].type = t;
    }
    excgroup_init();
    exc_names[exc_nnames].name = "BaseExceptionGroup";
    exc_names[exc_nnames++].type = exc_BaseExceptionGroup;
    exc_names[exc_nnames].name = "ExceptionGroup";
    exc_names[exc_nnames++].type = exc_ExceptionGroup;
    exc_names[exc_nnames].name = "EnvironmentError";
    exc_names[exc_nnames++].type = exc_OSError;
    exc_names[exc_nnames].name = "IOError";
    exc_names[exc_nnames++].type = exc_OSError;

    exc_add_getset(exc_BaseException, "args", get_args, set_args);
    exc_add_getset(exc_BaseException, "__traceback__", get_tb, set_tb);
    exc_add_getset(exc_BaseException, "__cause__", get_cause, set_cause);
    exc_add_getset(exc_BaseException, "__context__", get_context, set_context);
    exc_add_getset(exc_BaseException, "__suppress_context__", get_suppress, set_suppress);
}

int exc_all(const ExcEntryName **out)
{
    *out = exc_names;
    return exc_nnames;
}
