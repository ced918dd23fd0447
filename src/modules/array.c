/* modules/array.c — the array module: array.array, compact arrays of one
 * C type per typecode ('bBuhHiIlLqQfd'), with the sequence protocol, the
 * buffer protocol (so bytes(a), memoryview(a), file.write(a), zlib… read
 * its memory directly), and pickling through __reduce_ex__ and
 * _array_reconstructor as in CPython 3.11.
 *
 * Items live in one mem_alloc'd block; like bytearray, an array that is
 * exporting its buffer refuses to resize ("cannot resize an array that
 * is exporting buffers").
 */
#include <math.h>

#include "bytes.h"
#include "exceptions.h"
#include "gc.h"
#include "str.h"
#include "vm.h"

typedef struct {
    Obj obj;
    char tc;           /* typecode */
    int itemsize;
    int64_t len, cap;  /* items */
    uint8_t *data;
    BufferExport *export;
} ObjArray;

static Type type_array, type_arrayiter;
#define AS_ARR(v) ((ObjArray *)AS_OBJ(v))
#define IS_ARR(v) (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_array))

static const char typecodes[] = "bBuhHiIlLqQfd";

static int tc_size(char c)
{
    switch (c) {
    case 'b': case 'B': return 1;
    case 'h': case 'H': return 2;
    case 'u': case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': case 'q': case 'Q': case 'd': return 8;
    default: return 0;
    }
}

/* the buffer format of each typecode ('u' is wchar_t: 'w') */
static const char *tc_format(char c)
{
    static char fmt[2];
    if (c == 'u') return "w";
    switch (c) {
    case 'b': return "b"; case 'B': return "B"; case 'h': return "h"; case 'H': return "H";
    case 'i': return "i"; case 'I': return "I"; case 'l': return "l"; case 'L': return "L";
    case 'q': return "q"; case 'Q': return "Q"; case 'f': return "f"; case 'd': return "d";
    default: fmt[0] = c; return fmt;
    }
}

static void arr_finalize(Obj *o)
{
    ObjArray *a = (ObjArray *)o;
    if (a->data) mem_free(a->data, (size_t)a->cap * (size_t)a->itemsize + 1);
    a->data = NULL;
    buffer_export_free(&a->export);
}

static ObjArray *arr_alloc(Type *t, char tc, int64_t n)
{
    ObjArray *a = (ObjArray *)type_alloc(t, sizeof(ObjArray));
    a->tc = tc;
    a->itemsize = tc_size(tc);
    a->cap = n;
    a->len = n;
    a->data = mem_calloc(1, (size_t)n * (size_t)a->itemsize + 1);
    return a;
}

/* CPython frees temporary views at once; here they linger until a
 * collection, so collect before refusing (as bytearray does). */
static int check_resize(ObjArray *a)
{
    if (BUFFER_EXPORTS(a->export)) gc_collect();
    if (BUFFER_EXPORTS(a->export)) {
        err_set(exc_BufferError, "cannot resize an array that is exporting buffers");
        return -1;
    }
    return 0;
}

static int arr_resize(ObjArray *a, int64_t n)
{
    if (n == a->len) return 0;
    if (check_resize(a) < 0) return -1;
    if (n > buffer_max_size() / a->itemsize) { err_no_memory(); return -1; }
    if (n > a->cap || n < a->cap / 2) {
        int64_t cap = n > a->cap ? n + (n >> 4) + (n < 8 ? 3 : 7) : n;
        a->data = mem_realloc(a->data, (size_t)a->cap * (size_t)a->itemsize + 1, (size_t)cap * (size_t)a->itemsize + 1);
        a->cap = cap;
    }
    a->len = n;
    return 0;
}

/* ---- items ------------------------------------------------------------ */

static Value get_item(ObjArray *a, int64_t i)
{
    const uint8_t *p = a->data + i * a->itemsize;
#define LD(T) ({ T v_; memcpy(&v_, p, sizeof v_); v_; })
    switch (a->tc) {
    case 'b': return MK_INT((int8_t)*p);
    case 'B': return MK_INT(*p);
    case 'h': return MK_INT(LD(int16_t));
    case 'H': return MK_INT(LD(uint16_t));
    case 'i': return MK_INT(LD(int32_t));
    case 'I': return MK_INT(LD(uint32_t));
    case 'l': case 'q': return int_from_i64(LD(int64_t));
    case 'L': case 'Q': return int_from_u64(LD(uint64_t));
    case 'f': return float_new(LD(float));
    case 'd': return float_new(LD(double));
    default: return str_from_cp(LD(uint32_t));
    }
#undef LD
}

static int int_of(Value v, Value *out)
{
    if (int_check(v)) { *out = int_exact(v); return 0; }
    if (!IS_FLOAT(v) && !IS_STR(v) && TYPE(v)->nb_int && (TYPE(v)->flags & TF_HEAPTYPE)) {
        *out = obj_index(v);
        return *out ? 0 : -1;
    }
    err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
    return -1;
}

static int ovf(const char *msg) { err_set(exc_OverflowError, msg); return -1; }

/* v's C value for typecode tc into p, with CPython's OverflowErrors */
static int set_item_at(char tc, uint8_t *p, Value v)
{
    if (tc == 'f' || tc == 'd') {
        double d;
        if (IS_FLOAT(v)) d = AS_FLOAT(v);
        else if (int_check(v)) { if (int_as_double(int_exact(v), &d) < 0) return -1; }
        else if (TYPE(v)->nb_float) {
            Value f = TYPE(v)->nb_float(v);
            if (!f) return -1;
            d = AS_FLOAT(f);
        } else {
            err_format(exc_TypeError, "must be real number, not %s", TYPE(v)->name);
            return -1;
        }
        if (tc == 'f') { float f = (float)d; memcpy(p, &f, 4); }
        else memcpy(p, &d, 8);
        return 0;
    }
    if (tc == 'u') {
        if (!IS_STR(v) || AS_STR(v)->ncp != 1) {
            err_set(exc_TypeError, "array item must be unicode character");
            return -1;
        }
        int n;
        uint32_t cp = utf8_decode(AS_STR(v)->data, (size_t)AS_STR(v)->len, &n);
        memcpy(p, &cp, 4);
        return 0;
    }
    Value i;
    if (int_of(v, &i) < 0) return -1;
    mpz_t z;
    if (tc == 'q' || tc == 'Q' || tc == 'L' || tc == 'I') {
        /* wide conversions: through GMP for the exact limits */
        mpz_init(z);
        int_to_mpz(i, z);
        int sgn = mpz_sgn(z);
        size_t bits = mpz_sizeinbase(z, 2);
        int rc = 0;
        if (tc == 'q') {
            if (!mpz_fits_slong_p(z)) rc = ovf("int too big to convert");
            else { int64_t x = mpz_get_si(z); memcpy(p, &x, 8); }
        } else if (sgn < 0) {
            rc = ovf(tc == 'Q' ? "can't convert negative int to unsigned" : "can't convert negative value to unsigned int");
        } else if (bits > 64) {
            rc = ovf(tc == 'Q' ? "int too big to convert" : "Python int too large to convert to C unsigned long");
        } else {
            uint64_t u = mpz_get_ui(z);
            if (tc == 'I') {
                if (u > UINT32_MAX) rc = ovf("unsigned int is greater than maximum");
                else { uint32_t x = (uint32_t)u; memcpy(p, &x, 4); }
            } else {
                memcpy(p, &u, 8);
            }
        }
        mpz_clear(z);
        return rc;
    }
    int64_t x;
    if (IS_INT(i)) {
        x = AS_INT(i);
    } else { /* a big int may still fit a C long (63-bit small ints) */
        mpz_init(z);
        int_to_mpz(i, z);
        bool fits = mpz_fits_slong_p(z);
        x = fits ? mpz_get_si(z) : 0;
        mpz_clear(z);
        if (!fits) return ovf("Python int too large to convert to C long");
    }
    switch (tc) {
    case 'b':
        if (x > 127) return ovf("signed char is greater than maximum");
        if (x < -128) return ovf("signed char is less than minimum");
        *p = (uint8_t)(int8_t)x;
        return 0;
    case 'B':
        if (x > 255) return ovf("unsigned byte integer is greater than maximum");
        if (x < 0) return ovf("unsigned byte integer is less than minimum");
        *p = (uint8_t)x;
        return 0;
    case 'h': {
        if (x > INT16_MAX) return ovf("signed short integer is greater than maximum");
        if (x < INT16_MIN) return ovf("signed short integer is less than minimum");
        int16_t y = (int16_t)x;
        memcpy(p, &y, 2);
        return 0;
    }
    case 'H': {
        if (x > UINT16_MAX) return ovf("unsigned short is greater than maximum");
        if (x < 0) return ovf("unsigned short is less than minimum");
        uint16_t y = (uint16_t)x;
        memcpy(p, &y, 2);
        return 0;
    }
    case 'i': {
        if (x > INT32_MAX) return ovf("signed integer is greater than maximum");
        if (x < INT32_MIN) return ovf("signed integer is less than minimum");
        int32_t y = (int32_t)x;
        memcpy(p, &y, 4);
        return 0;
    }
    default: /* 'l' */
        memcpy(p, &x, 8);
        return 0;
    }
}

/* append the items of a list/tuple (converted first: a failure adds nothing) */
static int extend_items(ObjArray *a, Value *items, int64_t n)
{
    uint8_t *tmp = mem_alloc((size_t)n * (size_t)a->itemsize + 1);
    for (int64_t k = 0; k < n; k++)
        if (set_item_at(a->tc, tmp + k * a->itemsize, items[k]) < 0) {
            mem_free(tmp, (size_t)n * (size_t)a->itemsize + 1);
            return -1;
        }
    int64_t old = a->len;
    int rc = arr_resize(a, old + n);
    if (rc == 0 && n) memcpy(a->data + old * a->itemsize, tmp, (size_t)n * (size_t)a->itemsize);
    mem_free(tmp, (size_t)n * (size_t)a->itemsize + 1);
    return rc;
}

static int extend_bytes(ObjArray *a, const uint8_t *p, int64_t n)
{
    if (n % a->itemsize) {
        err_set(exc_ValueError, "bytes length not a multiple of item size");
        return -1;
    }
    int64_t old = a->len;
    if (arr_resize(a, old + n / a->itemsize) < 0) return -1;
    if (n) memmove(a->data + old * a->itemsize, p, (size_t)n);
    return 0;
}

static int extend_unicode(ObjArray *a, ObjStr *s)
{
    int64_t old = a->len;
    if (arr_resize(a, old + s->ncp) < 0) return -1;
    const char *p = s->data, *e = p + s->len;
    uint8_t *w = a->data + old * 4;
    while (p < e) {
        int n;
        uint32_t cp = utf8_decode(p, (size_t)(e - p), &n);
        memcpy(w, &cp, 4);
        w += 4;
        p += n;
    }
    return 0;
}

/* extend from any iterable (an array of the same kind, a buffer-free sequence) */
static int extend_iterable(ObjArray *a, Value x)
{
    if (IS_ARR(x)) {
        ObjArray *b = AS_ARR(x);
        if (b->tc != a->tc) {
            err_set(exc_TypeError, "can only extend with array of same kind");
            return -1;
        }
        int64_t n = b->len, old = a->len;
        if (arr_resize(a, old + n) < 0) return -1;
        if (n) memmove(a->data + old * a->itemsize, b->data, (size_t)(n * a->itemsize));
        return 0;
    }
    Value list = IS_LIST(x) || IS_TUPLE(x) ? x : obj_to_list(x);
    if (!list) return -1;
    return extend_items(a, IS_LIST(list) ? AS_LIST(list)->items : AS_TUPLE(list)->items,
                        IS_LIST(list) ? AS_LIST(list)->len : AS_TUPLE(list)->len);
}

/* ---- construction -------------------------------------------------------- */

static Value arr_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len) return err_set(exc_TypeError, "array.array() takes no keyword arguments");
    if (args_check("array", nargs, NULL, 1, 2) < 0) return VNULL;
    Value tcv = args[0];
    if (!IS_STR(tcv) || AS_STR(tcv)->ncp != 1)
        return err_format(exc_TypeError, "array() argument 1 must be a unicode character, not %s", TYPE(tcv)->name);
    char tc = AS_STR(tcv)->data[0];
    if (!AS_STR(tcv)->ascii || !strchr(typecodes, tc))
        return err_set(exc_ValueError, "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
    ObjArray *a = arr_alloc(t, tc, 0);
    if (nargs < 2) return OBJ_VAL(a);
    Value init = args[1];
    if (IS_STR(init)) {
        if (tc != 'u')
            return err_format(exc_TypeError, "cannot use a str to initialize an array with typecode '%c'", tc);
        return extend_unicode(a, AS_STR(init)) < 0 ? VNULL : OBJ_VAL(a);
    }
    if (IS_ARR(init) && AS_ARR(init)->tc == 'u' && tc != 'u')
        return err_format(exc_TypeError, "cannot use a unicode array to initialize an array with typecode '%c'", tc);
    if (IS_BYTES(init) || IS_BYTEARRAY(init)) {
        Buffer b;
        if (obj_getbuffer(init, &b, BUF_SIMPLE) < 0) return VNULL;
        int rc = extend_bytes(a, b.buf, b.len);
        buffer_release(&b);
        return rc < 0 ? VNULL : OBJ_VAL(a);
    }
    if (IS_ARR(init) && AS_ARR(init)->tc != tc) {
        ObjArray *b = AS_ARR(init);
        for (int64_t i = 0; i < b->len; i++) {
            Value v = get_item(b, i);
            if (!v || extend_items(a, &v, 1) < 0) return VNULL;
        }
        return OBJ_VAL(a);
    }
    return extend_iterable(a, init) < 0 ? VNULL : OBJ_VAL(a);
}

/* ---- slots ---------------------------------------------------------------- */

static Value arr_repr(Value v)
{
    ObjArray *a = AS_ARR(v);
    const char *tname = TYPE(v)->name; /* a subclass shows its own name */
    if (a->len == 0) return str_printf("%s('%c')", tname, a->tc);
    Value inner;
    if (a->tc == 'u') {
        StrBuf b;
        sb_init(&b);
        for (int64_t i = 0; i < a->len; i++) {
            uint32_t cp;
            memcpy(&cp, a->data + 4 * i, 4);
            char u[4];
            sb_add(&b, u, (size_t)utf8_encode(cp, u));
        }
        inner = obj_repr(sb_finish(&b));
    } else {
        Value l = list_new(a->len);
        for (int64_t i = 0; i < a->len; i++) AS_LIST(l)->items[i] = get_item(a, i);
        inner = obj_repr(l);
    }
    if (!inner) return VNULL;
    return str_printf("%s('%c', %s)", tname, a->tc, AS_STR(inner)->data);
}

static int64_t arr_len(Value v) { return AS_ARR(v)->len; }

static int index_key(Value key, int64_t *out, bool *is_index)
{
    *is_index = false;
    if (IS_INT(key) || IS_BOOL(key)) { *out = IS_INT(key) ? AS_INT(key) : key == TRUE_V; *is_index = true; return 0; }
    if (IS_BIGINT(key)) {
        err_set(exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (!IS_FLOAT(key) && !IS_STR(key) && TYPE(key)->nb_int && (TYPE(key)->flags & TF_HEAPTYPE)) {
        Value i = obj_index(key);
        if (!i) return -1;
        return index_key(i, out, is_index);
    }
    return 0;
}

static Value arr_getitem(Value self, Value key)
{
    ObjArray *a = AS_ARR(self);
    int64_t i;
    bool is_index;
    if (index_key(key, &i, &is_index) < 0) return VNULL;
    if (is_index) {
        if (i < 0) i += a->len;
        if (i < 0 || i >= a->len) return err_set(exc_IndexError, "array index out of range");
        return get_item(a, i);
    }
    if (IS_OBJ(key) && AS_OBJ(key)->type == &type_slice) {
        int64_t start, stop, step, n;
        if (slice_indices(key, a->len, &start, &stop, &step, &n) < 0) return VNULL;
        if (n < 0) n = 0;
        ObjArray *r = arr_alloc(&type_array, a->tc, n);
        for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step))
            memcpy(r->data + k * a->itemsize, a->data + j * a->itemsize, (size_t)a->itemsize);
        return OBJ_VAL(r);
    }
    return err_set(exc_TypeError, "array indices must be integers");
}

static int arr_setitem(Value self, Value key, Value v)
{
    ObjArray *a = AS_ARR(self);
    int64_t i;
    bool is_index;
    if (index_key(key, &i, &is_index) < 0) return -1;
    if (is_index) {
        if (i < 0) i += a->len;
        if (i < 0 || i >= a->len) {
            err_set(exc_IndexError, v ? "array assignment index out of range" : "array assignment index out of range");
            return -1;
        }
        if (v) return set_item_at(a->tc, a->data + i * a->itemsize, v);
        if (check_resize(a) < 0) return -1;
        memmove(a->data + i * a->itemsize, a->data + (i + 1) * a->itemsize, (size_t)((a->len - i - 1) * a->itemsize));
        return arr_resize(a, a->len - 1);
    }
    if (!IS_OBJ(key) || AS_OBJ(key)->type != &type_slice) {
        err_set(exc_TypeError, "array indices must be integers");
        return -1;
    }
    int64_t start, stop, step, n;
    if (slice_indices(key, a->len, &start, &stop, &step, &n) < 0) return -1;
    if (n < 0) n = 0;
    ObjArray *src = NULL;
    uint8_t *copy = NULL;
    int64_t sn = 0;
    if (v) {
        if (!IS_ARR(v)) {
            err_format(exc_TypeError, "can only assign array (not \"%s\") to array slice", TYPE(v)->name);
            return -1;
        }
        src = AS_ARR(v);
        if (src->tc != a->tc) {
            err_set(exc_TypeError, "bad argument type for built-in operation");
            return -1;
        }
        sn = src->len;
        copy = mem_alloc((size_t)(sn * a->itemsize) + 1); /* src may be a itself */
        memcpy(copy, src->data, (size_t)(sn * a->itemsize));
    }
    int sz = a->itemsize, rc = 0;
    if (step == 1) {
        if (stop < start) stop = start;
        int64_t old = stop - start, tail = a->len - stop;
        if (sn != old) {
            if (check_resize(a) < 0) rc = -1;
            else {
                int64_t oldlen = a->len;
                if (sn > old && arr_resize(a, oldlen + sn - old) < 0) rc = -1;
                if (rc == 0) {
                    memmove(a->data + (start + sn) * sz, a->data + stop * sz, (size_t)(tail * sz));
                    if (sn < old) rc = arr_resize(a, oldlen + sn - old);
                }
            }
        }
        if (rc == 0 && sn) memcpy(a->data + start * sz, copy, (size_t)(sn * sz));
    } else if (src) {
        if (sn != n) {
            err_format(exc_ValueError, "attempt to assign array of size %lld to extended slice of size %lld",
                       (long long)sn, (long long)n);
            rc = -1;
        } else {
            for (int64_t k = 0, j = start; k < n; k++, j = slice_next(j, step)) memcpy(a->data + j * sz, copy + k * sz, (size_t)sz);
        }
    } else if (n > 0) {
        if (check_resize(a) < 0) rc = -1;
        else {
            if (step < 0) { start = start + step * (n - 1); step = -step; }
            int64_t w = start;
            for (int64_t r = start, k = 0; r < a->len; r++) {
                if (k < n && r == start + k * step) { k++; continue; }
                memmove(a->data + w * sz, a->data + r * sz, (size_t)sz);
                w++;
            }
            rc = arr_resize(a, w);
        }
    }
    if (copy) mem_free(copy, (size_t)(sn * a->itemsize) + 1);
    return rc;
}

static int arr_getbuffer(Value self, Buffer *view, int flags)
{
    ObjArray *a = AS_ARR(self);
    if (buffer_fill(view, self, a->data, a->len * a->itemsize, false, flags, &a->export) < 0) return -1;
    view->itemsize = a->itemsize;
    view->format = tc_format(a->tc);
    return 0;
}

static Value arr_richcmp(Value x, Value y, int op)
{
    if (!IS_ARR(x) || !IS_ARR(y)) return NOTIMPL;
    ObjArray *a = AS_ARR(x), *b = AS_ARR(y);
    if ((op == CMP_EQ || op == CMP_NE) && a->len != b->len) return BOOL_V(op == CMP_NE);
    int64_t n = a->len < b->len ? a->len : b->len, k = 0;
    for (; k < n; k++) {
        int eq = obj_eq(get_item(a, k), get_item(b, k));
        if (eq < 0) return VNULL;
        if (!eq) break;
    }
    if (k < n) {
        if (op == CMP_EQ) return FALSE_V;
        if (op == CMP_NE) return TRUE_V;
        return obj_richcmp(get_item(a, k), get_item(b, k), op);
    }
    return bytes_cmp_result((a->len > b->len) - (a->len < b->len), op);
}

static int arr_contains(Value self, Value item)
{
    ObjArray *a = AS_ARR(self);
    for (int64_t i = 0; i < a->len; i++) {
        int eq = obj_eq(get_item(a, i), item);
        if (eq) return eq;
    }
    return 0;
}

static Value arr_add(Value x, Value y)
{
    if (!IS_ARR(x)) return NOTIMPL;
    if (!IS_ARR(y)) return err_format(exc_TypeError, "can only append array (not \"%s\") to array", TYPE(y)->name);
    ObjArray *a = AS_ARR(x), *b = AS_ARR(y);
    if (a->tc != b->tc) return err_set(exc_TypeError, "bad argument type for built-in operation");
    ObjArray *r = arr_alloc(&type_array, a->tc, a->len + b->len);
    memcpy(r->data, a->data, (size_t)(a->len * a->itemsize));
    memcpy(r->data + a->len * a->itemsize, b->data, (size_t)(b->len * b->itemsize));
    return OBJ_VAL(r);
}

static Value arr_iadd(Value x, Value y)
{
    if (!IS_ARR(x)) return NOTIMPL;
    if (!IS_ARR(y)) return err_format(exc_TypeError, "can only extend array with array (not \"%s\")", TYPE(y)->name);
    return extend_iterable(AS_ARR(x), y) < 0 ? VNULL : x;
}

static int repeat_n(Value n, int64_t *out)
{
    if (!int_check(n)) {
        err_format(exc_TypeError, "can't multiply sequence by non-int of type '%s'", TYPE(n)->name);
        return -1;
    }
    if (obj_as_int64(int_exact(n), out) < 0) return -1;
    if (*out < 0) *out = 0;
    return 0;
}

static Value arr_mul(Value x, Value y)
{
    Value s = IS_ARR(x) ? x : y, n = IS_ARR(x) ? y : x;
    if (!IS_ARR(s)) return NOTIMPL;
    int64_t k;
    if (repeat_n(n, &k) < 0) return VNULL;
    ObjArray *a = AS_ARR(s);
    int64_t bytes = a->len * a->itemsize;
    if (k && bytes > buffer_max_size() / k) return err_no_memory();
    ObjArray *r = arr_alloc(&type_array, a->tc, a->len * k);
    for (int64_t i = 0; i < k; i++) memcpy(r->data + i * bytes, a->data, (size_t)bytes);
    return OBJ_VAL(r);
}

static Value arr_imul(Value x, Value y)
{
    if (!IS_ARR(x)) return NOTIMPL;
    int64_t k;
    if (repeat_n(y, &k) < 0) return VNULL;
    ObjArray *a = AS_ARR(x);
    int64_t bytes = a->len * a->itemsize, old = a->len;
    if (k && bytes > buffer_max_size() / k) return err_no_memory();
    if (arr_resize(a, old * k) < 0) return VNULL;
    for (int64_t i = 1; i < k; i++) memcpy(a->data + i * bytes, a->data, (size_t)bytes);
    return x;
}

/* ---- iterator ------------------------------------------------------------------ */

typedef struct { Obj obj; ObjArray *a; int64_t i; } ObjArrIter;
static void ait_trace(Obj *o) { gc_mark_obj((Obj *)((ObjArrIter *)o)->a); }
static Value ait_next(Value v)
{
    ObjArrIter *it = (ObjArrIter *)AS_OBJ(v);
    if (!it->a || it->i >= it->a->len) { it->a = NULL; return VNULL; }
    return get_item(it->a, it->i++);
}
static Value ait_self(Value v) { return v; }
static Value arr_iter(Value v)
{
    ObjArrIter *it = (ObjArrIter *)gc_new(&type_arrayiter, sizeof(ObjArrIter));
    it->a = AS_ARR(v);
    return OBJ_VAL(it);
}
static void arr_trace(Obj *o) { (void)o; }

/* ---- methods --------------------------------------------------------------------- */

#define SELF(nm, min, max) \
    if (args_check(nm, nargs - 1, kw, min, max) < 0) return VNULL; \
    ObjArray *self = AS_ARR(args[0])

static Value m_append(Value *args, int nargs, ObjTuple *kw)
{
    SELF("append", 1, 1);
    return extend_items(self, &args[1], 1) < 0 ? VNULL : NONE;
}

static Value m_extend(Value *args, int nargs, ObjTuple *kw)
{
    SELF("extend", 1, 1);
    return extend_iterable(self, args[1]) < 0 ? VNULL : NONE;
}

static Value m_insert(Value *args, int nargs, ObjTuple *kw)
{
    SELF("insert", 2, 2);
    int64_t i;
    if (obj_as_int64(args[1], &i) < 0) return VNULL;
    uint8_t tmp[8];
    if (set_item_at(self->tc, tmp, args[2]) < 0) return VNULL;
    if (i < 0) { i += self->len; if (i < 0) i = 0; }
    if (i > self->len) i = self->len;
    int64_t old = self->len;
    if (arr_resize(self, old + 1) < 0) return VNULL;
    memmove(self->data + (i + 1) * self->itemsize, self->data + i * self->itemsize,
            (size_t)((old - i) * self->itemsize));
    memcpy(self->data + i * self->itemsize, tmp, (size_t)self->itemsize);
    return NONE;
}

static Value m_pop(Value *args, int nargs, ObjTuple *kw)
{
    SELF("pop", 0, 1);
    int64_t i = -1;
    if (nargs > 1 && obj_as_int64(args[1], &i) < 0) return VNULL;
    if (self->len == 0) return err_set(exc_IndexError, "pop from empty array");
    if (i < 0) i += self->len;
    if (i < 0 || i >= self->len) return err_set(exc_IndexError, "pop index out of range");
    Value v = get_item(self, i);
    if (check_resize(self) < 0) return VNULL;
    memmove(self->data + i * self->itemsize, self->data + (i + 1) * self->itemsize,
            (size_t)((self->len - i - 1) * self->itemsize));
    return arr_resize(self, self->len - 1) < 0 ? VNULL : v;
}

static int64_t find(ObjArray *a, Value x, int64_t start, int64_t stop)
{
    for (int64_t i = start; i < stop && i < a->len; i++) {
        int eq = obj_eq(get_item(a, i), x);
        if (eq < 0) return -2;
        if (eq) return i;
    }
    return -1;
}

static Value m_remove(Value *args, int nargs, ObjTuple *kw)
{
    SELF("remove", 1, 1);
    int64_t i = find(self, args[1], 0, self->len);
    if (i == -2) return VNULL;
    if (i < 0) return err_set(exc_ValueError, "array.remove(x): x not in array");
    if (check_resize(self) < 0) return VNULL;
    memmove(self->data + i * self->itemsize, self->data + (i + 1) * self->itemsize,
            (size_t)((self->len - i - 1) * self->itemsize));
    return arr_resize(self, self->len - 1) < 0 ? VNULL : NONE;
}

static Value m_index(Value *args, int nargs, ObjTuple *kw)
{
    SELF("index", 1, 3);
    int64_t start = 0, stop = INT64_MAX;
    if (nargs > 2 && obj_as_int64(args[2], &start) < 0) return VNULL;
    if (nargs > 3 && obj_as_int64(args[3], &stop) < 0) return VNULL;
    if (start < 0) { start += self->len; if (start < 0) start = 0; }
    if (stop < 0) { stop += self->len; if (stop < 0) stop = 0; }
    int64_t i = find(self, args[1], start, stop);
    if (i == -2) return VNULL;
    if (i < 0) return err_set(exc_ValueError, "array.index(x): x not in array");
    return MK_INT(i);
}

static Value m_count(Value *args, int nargs, ObjTuple *kw)
{
    SELF("count", 1, 1);
    int64_t c = 0;
    for (int64_t i = 0; i < self->len; i++) {
        int eq = obj_eq(get_item(self, i), args[1]);
        if (eq < 0) return VNULL;
        c += eq;
    }
    return MK_INT(c);
}

static Value m_reverse(Value *args, int nargs, ObjTuple *kw)
{
    SELF("reverse", 0, 0);
    uint8_t t[8];
    int sz = self->itemsize;
    for (int64_t i = 0, j = self->len - 1; i < j; i++, j--) {
        memcpy(t, self->data + i * sz, (size_t)sz);
        memcpy(self->data + i * sz, self->data + j * sz, (size_t)sz);
        memcpy(self->data + j * sz, t, (size_t)sz);
    }
    return NONE;
}

static Value m_byteswap(Value *args, int nargs, ObjTuple *kw)
{
    SELF("byteswap", 0, 0);
    int sz = self->itemsize;
    for (int64_t i = 0; i < self->len; i++) {
        uint8_t *p = self->data + i * sz;
        for (int k = 0; k < sz / 2; k++) {
            uint8_t t = p[k];
            p[k] = p[sz - 1 - k];
            p[sz - 1 - k] = t;
        }
    }
    return NONE;
}

static Value m_buffer_info(Value *args, int nargs, ObjTuple *kw)
{
    SELF("buffer_info", 0, 0);
    return tuple_pack(2, int_from_u64((uint64_t)(uintptr_t)self->data), int_from_i64(self->len));
}

static Value m_tobytes(Value *args, int nargs, ObjTuple *kw)
{
    SELF("tobytes", 0, 0);
    return bytes_new(self->data, (size_t)(self->len * self->itemsize));
}

static Value m_frombytes(Value *args, int nargs, ObjTuple *kw)
{
    SELF("frombytes", 1, 1);
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0) return VNULL;
    /* a.frombytes(a): copy out first (a's own export blocks the resize) */
    Value copy = bytes_new(b.buf, (size_t)b.len);
    buffer_release(&b);
    return extend_bytes(self, AS_BYTES(copy)->data, AS_BYTES(copy)->len) < 0 ? VNULL : NONE;
}

static Value m_tolist(Value *args, int nargs, ObjTuple *kw)
{
    SELF("tolist", 0, 0);
    Value l = list_new(self->len);
    for (int64_t i = 0; i < self->len; i++) AS_LIST(l)->items[i] = get_item(self, i);
    return l;
}

static Value m_fromlist(Value *args, int nargs, ObjTuple *kw)
{
    SELF("fromlist", 1, 1);
    if (!IS_LIST(args[1])) return err_set(exc_TypeError, "arg must be list");
    Value snap = list_from(AS_LIST(args[1])->items, AS_LIST(args[1])->len);
    return extend_items(self, AS_LIST(snap)->items, AS_LIST(snap)->len) < 0 ? VNULL : NONE;
}

static Value m_tounicode(Value *args, int nargs, ObjTuple *kw)
{
    SELF("tounicode", 0, 0);
    if (self->tc != 'u') return err_set(exc_ValueError, "tounicode() may only be called on unicode type arrays");
    StrBuf b;
    sb_init(&b);
    for (int64_t i = 0; i < self->len; i++) {
        uint32_t cp;
        memcpy(&cp, self->data + 4 * i, 4);
        if (cp > 0x10ffff)
            return sb_free(&b), err_format(exc_ValueError, "character U+%x is not in range [U+0000; U+10ffff]", cp);
        char u[4];
        sb_add(&b, u, (size_t)utf8_encode(cp, u));
    }
    return sb_finish(&b);
}

static Value m_fromunicode(Value *args, int nargs, ObjTuple *kw)
{
    SELF("fromunicode", 1, 1);
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "fromunicode() argument must be str, not %s", TYPE(args[1])->name);
    if (self->tc != 'u') return err_set(exc_ValueError, "fromunicode() may only be called on unicode type arrays");
    return extend_unicode(self, AS_STR(args[1])) < 0 ? VNULL : NONE;
}

static Value m_fromfile(Value *args, int nargs, ObjTuple *kw)
{
    SELF("fromfile", 2, 2);
    int64_t n;
    if (obj_as_int64(args[2], &n) < 0) return VNULL;
    if (n < 0) return err_set(exc_ValueError, "negative count");
    if (n > INT64_MAX / self->itemsize) return err_no_memory();
    int64_t nbytes = n * self->itemsize;
    Value data = obj_call_method(args[1], str_intern_cstr("read"), (Value[]){int_from_i64(nbytes)}, 1);
    if (!data) return VNULL;
    if (!IS_BYTES(data)) return err_set(exc_TypeError, "read() didn't return bytes");
    int64_t got = AS_BYTES(data)->len;
    if (extend_bytes(self, AS_BYTES(data)->data, got) < 0) return VNULL;
    if (got != nbytes) return err_set(exc_EOFError, "read() didn't return enough bytes");
    return NONE;
}

static Value m_tofile(Value *args, int nargs, ObjTuple *kw)
{
    SELF("tofile", 1, 1);
    int64_t total = self->len * self->itemsize, block = 64 * 1024;
    ObjStr *w = str_intern_cstr("write");
    for (int64_t off = 0; off < total; off += block) {
        int64_t k = total - off < block ? total - off : block;
        if (off + k > self->len * self->itemsize) break; /* shrunk by the write */
        Value chunk = bytes_new(self->data + off, (size_t)k);
        if (!obj_call_method(args[1], w, &chunk, 1)) return VNULL;
    }
    return NONE;
}

static Value m_copy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__copy__", nargs - 1, kw, 0, 1) < 0) return VNULL;
    ObjArray *a = AS_ARR(args[0]);
    ObjArray *r = arr_alloc(&type_array, a->tc, a->len);
    memcpy(r->data, a->data, (size_t)(a->len * a->itemsize));
    return OBJ_VAL(r);
}

/* machine format codes of CPython's array pickles (x86-64, little-endian) */
static int mformat(char tc)
{
    switch (tc) {
    case 'b': return 1; case 'B': return 0; case 'u': return 20; case 'h': return 4; case 'H': return 2;
    case 'i': return 8; case 'I': return 6; case 'l': case 'q': return 12; case 'L': case 'Q': return 10;
    case 'f': return 14; default: return 16;
    }
}

static Value s_reconstructor;

static Value m_reduce_ex(Value *args, int nargs, ObjTuple *kw)
{
    SELF("__reduce_ex__", 1, 1);
    int64_t proto;
    if (obj_as_int64(args[1], &proto) < 0) return VNULL;
    Value cls = OBJ_VAL(AS_OBJ(args[0])->type);
    if (proto < 3) {
        Value l = list_new(self->len);
        for (int64_t i = 0; i < self->len; i++) AS_LIST(l)->items[i] = get_item(self, i);
        Value tcs = str_from_cp((uint32_t)self->tc);
        return tuple_pack(3, cls, tuple_pack(2, tcs, l), NONE);
    }
    Value b = bytes_new(self->data, (size_t)(self->len * self->itemsize));
    return tuple_pack(3, s_reconstructor,
                      tuple_pack(4, cls, str_from_cp((uint32_t)self->tc), MK_INT(mformat(self->tc)), b), NONE);
}

/* _array_reconstructor(arraytype, typecode, mformat_code, items) */
static Value m_reconstructor(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_array_reconstructor", nargs, kw, 4, 4) < 0) return VNULL;
    if (!IS_TYPEOBJ(args[0]))
        return err_format(exc_TypeError, "first argument must be a type object, not %s", TYPE(args[0])->name);
    if (!type_is_subtype(AS_TYPE(args[0]), &type_array))
        return err_format(exc_TypeError, "%s is not a subtype of array.array", AS_TYPE(args[0])->name);
    if (!IS_STR(args[1]) || AS_STR(args[1])->ncp != 1 || !strchr(typecodes, AS_STR(args[1])->data[0]))
        return err_set(exc_ValueError, "second argument must be a valid type code");
    char tc = AS_STR(args[1])->data[0];
    int64_t code;
    if (obj_as_int64(args[2], &code) < 0) return VNULL;
    if (code < 0 || code > 21) return err_set(exc_ValueError, "third argument must be a valid machine format code.");
    if (!IS_BYTES(args[3]))
        return err_format(exc_TypeError, "fourth argument should be bytes, not %s", TYPE(args[3])->name);
    const uint8_t *p = AS_BYTES(args[3])->data;
    int64_t n = AS_BYTES(args[3])->len;
    if (code == mformat(tc)) {
        ObjArray *a = arr_alloc(AS_TYPE(args[0]), tc, 0);
        return extend_bytes(a, p, n) < 0 ? VNULL : OBJ_VAL(a);
    }
    /* another machine's layout: decode each item into the native typecode
     * of the same size and signedness (CPython's choice) */
    static const int8_t size[22] = {1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 8, 8, 2, 2, 4, 4};
    int sz = size[code];
    bool big = code >= 2 && code % 2 == 1, is_signed = (code >= 2 && code <= 13) ? ((code - 2) / 2) % 2 == 1 : code == 1;
    if (code <= 13) {
        for (const char *t = "bBhHiIlLqQ"; *t; t++) {
            bool ts = *t == 'b' || *t == 'h' || *t == 'i' || *t == 'l' || *t == 'q';
            if (tc_size(*t) == sz && ts == is_signed) { tc = *t; break; }
        }
    } else if (code <= 17) {
        tc = code <= 15 ? 'f' : 'd';
    } else {
        tc = 'u';
    }
    ObjArray *a = arr_alloc(AS_TYPE(args[0]), tc, 0);
    if (n % sz) return err_set(exc_ValueError, "string length not a multiple of item size");
    for (int64_t k = 0; k < n; k += sz) {
        uint64_t u = 0;
        for (int b = 0; b < sz; b++) u |= (uint64_t)p[k + (big ? sz - 1 - b : b)] << (8 * b);
        Value v;
        if (code == 14 || code == 15) { uint32_t w = (uint32_t)u; float f; memcpy(&f, &w, 4); v = float_new(f); }
        else if (code == 16 || code == 17) { double d; memcpy(&d, &u, 8); v = float_new(d); }
        else if (code >= 18) v = str_from_cp((uint32_t)u);
        else if (is_signed && sz < 8 && (u >> (8 * sz - 1))) v = int_from_i64((int64_t)(u | ~(((uint64_t)1 << (8 * sz)) - 1)));
        else v = is_signed ? int_from_i64((int64_t)u) : int_from_u64(u);
        if (extend_items(a, &v, 1) < 0) return VNULL;
    }
    return OBJ_VAL(a);
}

static Value get_typecode(Value v) { return str_from_cp((uint32_t)AS_ARR(v)->tc); }
static Value get_itemsize(Value v) { return MK_INT(AS_ARR(v)->itemsize); }

static const MethodDef arr_methods[] = {
    {"append", m_append}, {"buffer_info", m_buffer_info}, {"byteswap", m_byteswap}, {"count", m_count},
    {"extend", m_extend}, {"frombytes", m_frombytes}, {"fromfile", m_fromfile}, {"fromlist", m_fromlist},
    {"fromunicode", m_fromunicode}, {"index", m_index}, {"insert", m_insert}, {"pop", m_pop},
    {"remove", m_remove}, {"reverse", m_reverse}, {"tobytes", m_tobytes}, {"tofile", m_tofile},
    {"tolist", m_tolist}, {"tounicode", m_tounicode}, {"__copy__", m_copy}, {"__deepcopy__", m_copy},
    {"__reduce_ex__", m_reduce_ex}, {NULL, NULL},
};

static Type type_array = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "array",
    .base = &type_object,
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE | TF_SEQUENCE,
    .inst_size = sizeof(ObjArray),
    .tp_new = arr_tp_new,
    .trace = arr_trace,
    .finalize = arr_finalize,
    .repr = arr_repr,
    .richcmp = arr_richcmp,
    .iter = arr_iter,
    .len = arr_len,
    .getitem = arr_getitem,
    .setitem = arr_setitem,
    .contains = arr_contains,
    .nb = {[NB_ADD] = arr_add, [NB_MUL] = arr_mul},
    .nb_inplace = {[NB_ADD] = arr_iadd, [NB_MUL] = arr_imul},
    .getbuffer = arr_getbuffer,
};

static Type type_arrayiter = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "arrayiterator",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjArrIter),
    .trace = ait_trace,
    .iter = ait_self,
    .next = ait_next,
};

Value mod_array_init(void)
{
    if (!s_reconstructor) {
        type_array.module = type_arrayiter.module = str_intern_cstr("array");
        type_ready(&type_array, arr_methods);
        type_ready(&type_arrayiter, NULL);
        exc_add_getset(&type_array, "typecode", get_typecode, NULL);
        exc_add_getset(&type_array, "itemsize", get_itemsize, NULL);
        s_reconstructor = native_new("_array_reconstructor", m_reconstructor, VNULL);
        AS_NATIVE(s_reconstructor)->module = str_intern_cstr("array"); /* pickled by name */
        gc_add_root_value(&s_reconstructor);
    }
    Value m = module_new(str_intern_cstr("array"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "array", OBJ_VAL(&type_array));
    module_add(mod, "ArrayType", OBJ_VAL(&type_array));
    module_add(mod, "typecodes", str_from_cstr(typecodes));
    module_add(mod, "_array_reconstructor", s_reconstructor);
    return m;
}
