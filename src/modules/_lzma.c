/* modules/_lzma.c — LZMACompressor / LZMADecompressor over liblzma, the
 * filter-chain specifiers, is_check_supported and the filter-property
 * helpers: what CPython's Lib/lzma.py (and so tarfile, shutil) uses.
 *
 * Formats .xz, .lzma ("alone") and raw; filter chains of LZMA1/LZMA2,
 * delta and the BCJ filters given as dicts, as in CPython.  The
 * decompressor follows CPython's max_length / needs_input / unused_data
 * contract (outbuf.h sizes the output like CPython); liblzma runs with
 * the GIL released on inputs of 2 KiB and more and for flush.
 */
#include <lzma.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "outbuf.h"
#include "str.h"
#include "vm.h"

#define GIL_THRESHOLD 2048
enum { FORMAT_AUTO, FORMAT_XZ, FORMAT_ALONE, FORMAT_RAW };
/* CPython's name for "not known yet" (one past the last check id) */
#define LZMA_CHECK_UNKNOWN (LZMA_CHECK_ID_MAX + 1)

static Value lzma_error;

static int catch_lzma(lzma_ret r)
{
    const char *m;
    switch (r) {
    case LZMA_OK: case LZMA_GET_CHECK: case LZMA_NO_CHECK: case LZMA_STREAM_END: return 0;
    case LZMA_UNSUPPORTED_CHECK: m = "Unsupported integrity check"; break;
    case LZMA_MEM_ERROR: err_no_memory(); return -1;
    case LZMA_MEMLIMIT_ERROR: m = "Memory usage limit exceeded"; break;
    case LZMA_FORMAT_ERROR: m = "Input format not supported by decoder"; break;
    case LZMA_OPTIONS_ERROR: m = "Invalid or unsupported options"; break;
    case LZMA_DATA_ERROR: m = "Corrupt input data"; break;
    case LZMA_BUF_ERROR: m = "Insufficient buffer space"; break;
    case LZMA_PROG_ERROR: m = "Internal error"; break;
    default:
        err_format(AS_TYPE(lzma_error), "Unrecognized error from liblzma: %d", (int)r);
        return -1;
    }
    err_set(AS_TYPE(lzma_error), m);
    return -1;
}

/* ---- filter specifiers -------------------------------------------------- */

/* a filter chain: lzma_filter[] and the option structs it points at */
typedef struct {
    lzma_filter f[LZMA_FILTERS_MAX + 1];
    union { lzma_options_lzma lzma; lzma_options_delta delta; lzma_options_bcj bcj; } opt[LZMA_FILTERS_MAX];
} Chain;

static int u64_of(Value v, uint64_t *out)
{
    int64_t x;
    if (!int_check(v)) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
        return -1;
    }
    if (obj_as_int64(v, &x) < 0) return -1;
    if (x < 0) { err_set(exc_OverflowError, "Value too large for uint32_t type"); return -1; }
    *out = (uint64_t)x;
    return 0;
}

static int parse_filter(Value spec, lzma_filter *f, void *opt)
{
    if (!IS_DICT(spec)) {
        err_format(exc_TypeError, "Filter specifier must be a dict or dict-like object");
        return -1;
    }
    Value idv = dict_get(spec, str_from_cstr("id"));
    if (!idv) {
        if (!err_occurred()) err_set(exc_ValueError, "Filter specifier must have an \"id\" entry");
        return -1;
    }
    uint64_t id;
    if (u64_of(idv, &id) < 0) return -1;
    f->id = id;
    f->options = opt;
    int64_t pos = 0;
    Value k, v;
    if (id == LZMA_FILTER_LZMA1 || id == LZMA_FILTER_LZMA2) {
        lzma_options_lzma *o = opt;
        uint64_t preset = LZMA_PRESET_DEFAULT;
        Value pv = dict_get(spec, str_from_cstr("preset"));
        if (pv && u64_of(pv, &preset) < 0) return -1;
        if (lzma_lzma_preset(o, (uint32_t)preset)) {
            err_format(AS_TYPE(lzma_error), "Invalid compression preset: %u", (unsigned)preset);
            return -1;
        }
        while (dict_next(AS_DICT(spec), &pos, &k, &v)) {
            const char *n = IS_STR(k) ? AS_STR(k)->data : "";
            uint64_t x;
            if (!strcmp(n, "id") || !strcmp(n, "preset")) continue;
            if (strcmp(n, "dict_size") && strcmp(n, "lc") && strcmp(n, "lp") && strcmp(n, "pb") &&
                strcmp(n, "mode") && strcmp(n, "nice_len") && strcmp(n, "mf") && strcmp(n, "depth")) {
                err_set(exc_ValueError, "Invalid filter specifier for LZMA filter");
                return -1;
            }
            if (u64_of(v, &x) < 0) return -1;
            if (!strcmp(n, "dict_size")) o->dict_size = (uint32_t)x;
            else if (!strcmp(n, "lc")) o->lc = (uint32_t)x;
            else if (!strcmp(n, "lp")) o->lp = (uint32_t)x;
            else if (!strcmp(n, "pb")) o->pb = (uint32_t)x;
            else if (!strcmp(n, "mode")) o->mode = (lzma_mode)x;
            else if (!strcmp(n, "nice_len")) o->nice_len = (uint32_t)x;
            else if (!strcmp(n, "mf")) o->mf = (lzma_match_finder)x;
            else o->depth = (uint32_t)x;
        }
        return 0;
    }
    if (id == LZMA_FILTER_DELTA) {
        lzma_options_delta *o = opt;
        memset(o, 0, sizeof *o);
        o->type = LZMA_DELTA_TYPE_BYTE;
        o->dist = 1;
        while (dict_next(AS_DICT(spec), &pos, &k, &v)) {
            const char *n = IS_STR(k) ? AS_STR(k)->data : "";
            uint64_t x;
            if (!strcmp(n, "id")) continue;
            if (strcmp(n, "dist")) { err_set(exc_ValueError, "Invalid filter specifier for delta filter"); return -1; }
            if (u64_of(v, &x) < 0) return -1;
            o->dist = (uint32_t)x;
        }
        return 0;
    }
    if (id == LZMA_FILTER_X86 || id == LZMA_FILTER_POWERPC || id == LZMA_FILTER_IA64 || id == LZMA_FILTER_ARM ||
        id == LZMA_FILTER_ARMTHUMB || id == LZMA_FILTER_SPARC) {
        lzma_options_bcj *o = opt;
        memset(o, 0, sizeof *o);
        while (dict_next(AS_DICT(spec), &pos, &k, &v)) {
            const char *n = IS_STR(k) ? AS_STR(k)->data : "";
            uint64_t x;
            if (!strcmp(n, "id")) continue;
            if (strcmp(n, "start_offset")) { err_set(exc_ValueError, "Invalid filter specifier for BCJ filter"); return -1; }
            if (u64_of(v, &x) < 0) return -1;
            o->start_offset = (uint32_t)x;
        }
        return 0;
    }
    err_format(exc_ValueError, "Invalid filter ID: %llu", (unsigned long long)id);
    return -1;
}

static int parse_chain(Value filters, Chain *c)
{
    Value list = obj_to_list(filters);
    if (!list) return -1;
    int64_t n = AS_LIST(list)->len;
    if (n > LZMA_FILTERS_MAX) {
        err_format(exc_ValueError, "Too many filters - liblzma supports a maximum of %d", LZMA_FILTERS_MAX);
        return -1;
    }
    for (int64_t i = 0; i < n; i++)
        if (parse_filter(AS_LIST(list)->items[i], &c->f[i], &c->opt[i]) < 0) return -1;
    c->f[n].id = LZMA_VLI_UNKNOWN;
    c->f[n].options = NULL;
    return 0;
}

/* ---- the stream objects ------------------------------------------------- */

typedef struct {
    Obj obj;
    lzma_stream lzs;
    bool compress, flushed, eof, needs_input, inited;
    int check;
    pthread_mutex_t lock;
    InBuf kept;    /* decompressor: input kept for the next call */
    Value unused_data;
} ObjLzma;

static Type type_compressor, type_decompressor;
#define AS_LZ(v) ((ObjLzma *)AS_OBJ(v))

static void lz_trace(Obj *o) { gc_mark(((ObjLzma *)o)->unused_data); }
static void lz_finalize(Obj *o)
{
    ObjLzma *z = (ObjLzma *)o;
    if (z->inited) lzma_end(&z->lzs);
    z->inited = false;
    inbuf_keep(&z->kept, NULL, 0);
    pthread_mutex_destroy(&z->lock);
}

static ObjLzma *lz_alloc(Type *t)
{
    ObjLzma *z = (ObjLzma *)gc_new(t, sizeof(ObjLzma));
    lzma_stream init = LZMA_STREAM_INIT;
    z->lzs = init;
    pthread_mutex_init(&z->lock, NULL);
    z->unused_data = bytes_new(NULL, 0);
    return z;
}

static int int_or(Value v, int64_t dflt, int64_t *out)
{
    if (!v || IS_NONE(v)) { *out = dflt; return 0; }
    return obj_as_int64(v, out);
}

static Value comp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"format", "check", "preset", "filters", NULL};
    Value a[4];
    if (args_parse("LZMACompressor", args, nargs, kw, params, 0, 4, a) < 0) return VNULL;
    int64_t format, check, preset;
    if (int_or(a[0], FORMAT_XZ, &format) < 0 || int_or(a[1], -1, &check) < 0) return VNULL;
    bool has_preset = a[2] && !IS_NONE(a[2]), has_filters = a[3] && !IS_NONE(a[3]);
    if (int_or(a[2], LZMA_PRESET_DEFAULT, &preset) < 0) return VNULL;
    if (format != FORMAT_XZ && check != -1 && check != LZMA_CHECK_NONE)
        return err_set(exc_ValueError, "Integrity checks are only supported by FORMAT_XZ");
    if (has_preset && has_filters) return err_set(exc_ValueError, "Cannot specify both preset and filter chain");
    Chain chain;
    if (has_filters && parse_chain(a[3], &chain) < 0) return VNULL;
    ObjLzma *z = lz_alloc(t);
    z->compress = true;
    lzma_ret r;
    switch (format) {
    case FORMAT_XZ:
        if (check == -1) check = LZMA_CHECK_CRC64;
        r = has_filters ? lzma_stream_encoder(&z->lzs, chain.f, (lzma_check)check)
                        : lzma_easy_encoder(&z->lzs, (uint32_t)preset, (lzma_check)check);
        break;
    case FORMAT_ALONE:
        if (has_filters) {
            if (chain.f[0].id != LZMA_FILTER_LZMA1 || chain.f[1].id != LZMA_VLI_UNKNOWN)
                return err_set(exc_ValueError, "Invalid filter chain for FORMAT_ALONE - must be a single LZMA1 filter");
            r = lzma_alone_encoder(&z->lzs, chain.f[0].options);
        } else {
            lzma_options_lzma opt;
            if (lzma_lzma_preset(&opt, (uint32_t)preset))
                return err_format(AS_TYPE(lzma_error), "Invalid compression preset: %u", (unsigned)preset);
            r = lzma_alone_encoder(&z->lzs, &opt);
        }
        break;
    case FORMAT_RAW:
        if (!has_filters) return err_set(exc_ValueError, "Must specify filters for FORMAT_RAW");
        r = lzma_raw_encoder(&z->lzs, chain.f);
        break;
    default:
        return err_format(exc_ValueError, "Invalid container format: %lld", (long long)format);
    }
    if (catch_lzma(r) < 0) return VNULL;
    z->inited = true;
    return OBJ_VAL(z);
}

/* run lzma_code on the pending input */
static lzma_ret lz_run(ObjLzma *z, lzma_action action, OutBuf *o, int64_t limit, bool nogil, bool *oom)
{
    *oom = false;
    for (;;) {
        if (o->len == o->cap) {
            if (limit >= 0 && o->len >= (size_t)limit) return LZMA_OK;
            if (outbuf_grow(o, limit) < 0) { *oom = true; return LZMA_MEM_ERROR; }
        }
        z->lzs.next_out = o->p + o->len;
        z->lzs.avail_out = o->cap - o->len;
        size_t before = z->lzs.avail_out;
        lzma_ret r;
        if (nogil) {
            GIL_RELEASE(BLOCK_COMPUTE);
            r = lzma_code(&z->lzs, action);
            GIL_ACQUIRE();
        } else {
            r = lzma_code(&z->lzs, action);
        }
        o->len += before - z->lzs.avail_out;
        if (!z->compress && r == LZMA_BUF_ERROR && z->lzs.avail_in == 0 && z->lzs.avail_out > 0) r = LZMA_OK;
        if (r == LZMA_GET_CHECK || r == LZMA_NO_CHECK) {
            z->check = (int)lzma_get_check(&z->lzs);
            r = LZMA_OK;
        }
        if (r != LZMA_OK) return r;
        if (z->compress) {
            if (action == LZMA_RUN && z->lzs.avail_in == 0 && z->lzs.avail_out != 0) return r;
        } else if (z->lzs.avail_out == 0) {
            if (limit >= 0 && o->len >= (size_t)limit) return r;
        } else if (z->lzs.avail_in == 0) {
            return r;
        }
    }
}

static Value c_compress(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("compress", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjLzma *z = AS_LZ(args[0]);
    Buffer in;
    if (obj_getbuffer(args[1], &in, BUF_SIMPLE) < 0) return VNULL;
    gil_lock_mutex(&z->lock);
    Value r = VNULL;
    if (z->flushed) {
        err_set(exc_ValueError, "Compressor has been flushed");
    } else {
        OutBuf o = {0};
        bool oom;
        z->lzs.next_in = in.buf;
        z->lzs.avail_in = (size_t)in.len;
        lzma_ret rc = lz_run(z, LZMA_RUN, &o, -1, in.len >= GIL_THRESHOLD, &oom);
        if (oom || catch_lzma(rc) < 0) free(o.p);
        else r = outbuf_finish(&o);
    }
    pthread_mutex_unlock(&z->lock);
    buffer_release(&in);
    return r;
}

static Value c_flush(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("flush", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjLzma *z = AS_LZ(args[0]);
    gil_lock_mutex(&z->lock);
    Value r = VNULL;
    if (z->flushed) {
        err_set(exc_ValueError, "Repeated call to flush()");
    } else {
        z->flushed = true;
        OutBuf o = {0};
        bool oom;
        z->lzs.avail_in = 0;
        lzma_ret rc = lz_run(z, LZMA_FINISH, &o, -1, true, &oom);
        if (rc == LZMA_STREAM_END) rc = LZMA_OK;
        if (oom || catch_lzma(rc) < 0) free(o.p);
        else r = outbuf_finish(&o);
    }
    pthread_mutex_unlock(&z->lock);
    return r;
}

static Value decomp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"format", "memlimit", "filters", NULL};
    Value a[3];
    if (args_parse("LZMADecompressor", args, nargs, kw, params, 0, 3, a) < 0) return VNULL;
    int64_t format;
    if (int_or(a[0], FORMAT_AUTO, &format) < 0) return VNULL;
    bool has_mem = a[1] && !IS_NONE(a[1]), has_filters = a[2] && !IS_NONE(a[2]);
    uint64_t memlimit = UINT64_MAX;
    if (has_mem && u64_of(a[1], &memlimit) < 0) return VNULL;
    if (has_mem && format == FORMAT_RAW) return err_set(exc_ValueError, "Cannot specify memory limit with FORMAT_RAW");
    if (format == FORMAT_RAW && !has_filters) return err_set(exc_ValueError, "Must specify filters for FORMAT_RAW");
    if (format != FORMAT_RAW && has_filters && format >= FORMAT_AUTO && format <= FORMAT_ALONE)
        return err_set(exc_ValueError, "Cannot specify filters except with FORMAT_RAW");
    Chain chain;
    if (has_filters && format == FORMAT_RAW && parse_chain(a[2], &chain) < 0) return VNULL;
    ObjLzma *z = lz_alloc(t);
    z->needs_input = true;
    z->check = LZMA_CHECK_UNKNOWN;
    uint32_t flags = LZMA_TELL_ANY_CHECK | LZMA_TELL_NO_CHECK;
    lzma_ret r;
    switch (format) {
    case FORMAT_AUTO: r = lzma_auto_decoder(&z->lzs, memlimit, flags); break;
    case FORMAT_XZ: r = lzma_stream_decoder(&z->lzs, memlimit, flags); break;
    case FORMAT_ALONE: z->check = LZMA_CHECK_NONE; r = lzma_alone_decoder(&z->lzs, memlimit); break;
    case FORMAT_RAW: z->check = LZMA_CHECK_NONE; r = lzma_raw_decoder(&z->lzs, chain.f); break;
    default: return err_format(exc_ValueError, "Invalid container format: %lld", (long long)format);
    }
    if (catch_lzma(r) < 0) return VNULL;
    z->inited = true;
    return OBJ_VAL(z);
}

static Value d_decompress(Value *args, int nargs, ObjTuple *kw)
{
    ObjLzma *z = AS_LZ(args[0]);
    Buffer in;
    int64_t max_length;
    if (decompress_args(args, nargs, kw, &in, &max_length) < 0) return VNULL;
    gil_lock_mutex(&z->lock);
    Value r = VNULL;
    if (z->eof) {
        err_set(exc_EOFError, "Already at end of stream");
        goto done;
    }
    size_t total;
    const uint8_t *src = inbuf_join(&z->kept, in.buf, (size_t)in.len, &total);
    if (!src) goto done;
    z->lzs.next_in = src;
    z->lzs.avail_in = total;
    OutBuf o = {0};
    bool oom = false;
    lzma_ret rc = max_length == 0 ? LZMA_OK : lz_run(z, LZMA_RUN, &o, max_length, total >= GIL_THRESHOLD, &oom);
    if (oom) { free(o.p); goto done; }
    if (rc == LZMA_STREAM_END) z->eof = true;
    else if (catch_lzma(rc) < 0) { free(o.p); goto done; }
    size_t left = z->lzs.avail_in;
    const uint8_t *rest = z->lzs.next_in;
    if (z->eof) {
        z->needs_input = false;
        z->unused_data = bytes_plus(z->unused_data, rest, left);
        left = 0;
    } else if (left == 0) {
        /* output full with no input left: liblzma may hold more output */
        z->needs_input = !(o.len == o.cap && o.cap > 0);
    } else {
        z->needs_input = false;
    }
    if (inbuf_keep(&z->kept, rest, left) < 0) { free(o.p); goto done; }
    r = outbuf_finish(&o);
done:
    pthread_mutex_unlock(&z->lock);
    buffer_release(&in);
    return r;
}

static Value get_eof(Value v) { return BOOL_V(AS_LZ(v)->eof); }
static Value get_unused(Value v) { return AS_LZ(v)->unused_data; }
static Value get_needs_input(Value v) { return BOOL_V(AS_LZ(v)->needs_input); }
static Value get_check(Value v) { return MK_INT(AS_LZ(v)->check); }

/* ---- module functions ------------------------------------------------------ */

static Value m_is_check_supported(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("is_check_supported", nargs, kw, 1, 1) < 0) return VNULL;
    int64_t id;
    if (obj_as_int64(args[0], &id) < 0) return VNULL;
    return BOOL_V(id >= 0 && id <= LZMA_CHECK_ID_MAX && lzma_check_is_supported((lzma_check)id));
}

static Value m_encode_props(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_encode_filter_properties", nargs, kw, 1, 1) < 0) return VNULL;
    lzma_filter f;
    Chain c;
    if (parse_filter(args[0], &f, &c.opt[0]) < 0) return VNULL;
    uint32_t size;
    if (catch_lzma(lzma_properties_size(&size, &f)) < 0) return VNULL;
    ObjBytes *b = bytes_alloc(size);
    if (catch_lzma(lzma_properties_encode(&f, b->data)) < 0) return VNULL;
    return OBJ_VAL(b);
}

static Value m_decode_props(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_decode_filter_properties", nargs, kw, 2, 2) < 0) return VNULL;
    uint64_t id;
    if (u64_of(args[0], &id) < 0) return VNULL;
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0) return VNULL;
    lzma_filter f = {.id = id, .options = NULL};
    lzma_ret rc = lzma_properties_decode(&f, NULL, b.buf, (size_t)b.len);
    buffer_release(&b);
    if (catch_lzma(rc) < 0) return VNULL;
    Value d = dict_new();
    dict_set(d, str_from_cstr("id"), int_from_u64(id));
    if (f.options) {
        if (id == LZMA_FILTER_LZMA1 || id == LZMA_FILTER_LZMA2) {
            lzma_options_lzma *o = f.options;
            if (id == LZMA_FILTER_LZMA1) {
                dict_set(d, str_from_cstr("lc"), MK_INT(o->lc));
                dict_set(d, str_from_cstr("lp"), MK_INT(o->lp));
                dict_set(d, str_from_cstr("pb"), MK_INT(o->pb));
            }
            dict_set(d, str_from_cstr("dict_size"), MK_INT(o->dict_size));
        } else if (id == LZMA_FILTER_DELTA) {
            dict_set(d, str_from_cstr("dist"), MK_INT(((lzma_options_delta *)f.options)->dist));
        } else {
            dict_set(d, str_from_cstr("start_offset"), MK_INT(((lzma_options_bcj *)f.options)->start_offset));
        }
        free(f.options); /* liblzma allocated it with the default allocator */
    }
    return d;
}

static Type type_compressor = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "LZMACompressor",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjLzma),
    .tp_new = comp_new,
    .trace = lz_trace,
    .finalize = lz_finalize,
};
static Type type_decompressor = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "LZMADecompressor",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjLzma),
    .tp_new = decomp_new,
    .trace = lz_trace,
    .finalize = lz_finalize,
};

Value mod_lzma_init(void)
{
    if (!lzma_error) {
        lzma_error = module_new_exception("_lzma", "LZMAError", OBJ_VAL(exc_Exception));
        if (!lzma_error) return VNULL;
        static const MethodDef cm[] = {{"compress", c_compress}, {"flush", c_flush}, {NULL, NULL}};
        static const MethodDef dm[] = {{"decompress", d_decompress}, {NULL, NULL}};
        type_compressor.module = type_decompressor.module = str_intern_cstr("_lzma");
        type_ready(&type_compressor, cm);
        type_ready(&type_decompressor, dm);
        exc_add_getset(&type_decompressor, "eof", get_eof, NULL);
        exc_add_getset(&type_decompressor, "unused_data", get_unused, NULL);
        exc_add_getset(&type_decompressor, "needs_input", get_needs_input, NULL);
        exc_add_getset(&type_decompressor, "check", get_check, NULL);
    }
    Value m = module_new(str_intern_cstr("_lzma"));
    if (!m) return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add(mod, "LZMACompressor", OBJ_VAL(&type_compressor));
    module_add(mod, "LZMADecompressor", OBJ_VAL(&type_decompressor));
    module_add(mod, "LZMAError", lzma_error);
    module_add_fn(mod, "is_check_supported", m_is_check_supported);
    module_add_fn(mod, "_encode_filter_properties", m_encode_props);
    module_add_fn(mod, "_decode_filter_properties", m_decode_props);
    static const struct { const char *n; uint64_t v; } k[] = {
        {"CHECK_NONE", LZMA_CHECK_NONE}, {"CHECK_CRC32", LZMA_CHECK_CRC32}, {"CHECK_CRC64", LZMA_CHECK_CRC64},
        {"CHECK_SHA256", LZMA_CHECK_SHA256}, {"CHECK_ID_MAX", LZMA_CHECK_ID_MAX}, {"CHECK_UNKNOWN", LZMA_CHECK_UNKNOWN},
        {"FILTER_LZMA1", LZMA_FILTER_LZMA1}, {"FILTER_LZMA2", LZMA_FILTER_LZMA2}, {"FILTER_DELTA", LZMA_FILTER_DELTA},
        {"FILTER_X86", LZMA_FILTER_X86}, {"FILTER_IA64", LZMA_FILTER_IA64}, {"FILTER_ARM", LZMA_FILTER_ARM},
        {"FILTER_ARMTHUMB", LZMA_FILTER_ARMTHUMB}, {"FILTER_SPARC", LZMA_FILTER_SPARC},
        {"FILTER_POWERPC", LZMA_FILTER_POWERPC}, {"FORMAT_AUTO", FORMAT_AUTO}, {"FORMAT_XZ", FORMAT_XZ},
        {"FORMAT_ALONE", FORMAT_ALONE}, {"FORMAT_RAW", FORMAT_RAW}, {"MF_HC3", LZMA_MF_HC3}, {"MF_HC4", LZMA_MF_HC4},
        {"MF_BT2", LZMA_MF_BT2}, {"MF_BT3", LZMA_MF_BT3}, {"MF_BT4", LZMA_MF_BT4}, {"MODE_FAST", LZMA_MODE_FAST},
        {"MODE_NORMAL", LZMA_MODE_NORMAL}, {"PRESET_DEFAULT", LZMA_PRESET_DEFAULT},
        {"PRESET_EXTREME", LZMA_PRESET_EXTREME}, {NULL, 0},
    };
    for (int i = 0; k[i].n; i++) module_add(mod, k[i].n, int_from_u64(k[i].v));
    return m;
}
