/* frameobj.c — frame objects: what sys._getframe(), tb_frame, f_back and
 * gi_frame give scripts.
 *
 * The VM's frames (frame.h) are records in a per-thread array, reused as
 * calls come and go; a frame object is made only when a script asks for
 * one (or an exception's traceback passes through the frame), and is
 * remembered in Frame.fobj.  While the frame runs, the object reads it
 * live (f_lineno, f_locals).  When the frame returns, pop_frame calls
 * frame_detach: the object keeps a copy of the locals, its last line, and
 * its caller's frame object for f_back — as CPython's frame objects outlive
 * their frames.  A suspended generator's frame object reads the
 * generator's saved state.
 */
#include "compiler.h"
#include "frame.h"
#include "gc.h"
#include "objcore.h"
#include "positions.h"
#include "str.h"


Type type_frame;

static void frame_trace(Obj *o)
{
    ObjFrame *f = (ObjFrame *)o;
    gc_mark_obj((Obj *)f->code);
    gc_mark_obj((Obj *)f->globals);
    gc_mark(f->locals);
    gc_mark(f->ns);
    gc_mark(f->locals_dict);
    gc_mark_obj((Obj *)f->back);
    gc_mark_obj((Obj *)f->gen);
    gc_mark(f->f_trace);
}

static ObjFrame *new_frame_object(ObjCode *code, ObjDict *globals, ObjGenerator *gen)
{
    ObjFrame *o = (ObjFrame *)gc_new(&type_frame, sizeof(ObjFrame));
    o->code = code;
    o->globals = globals;
    o->gen = gen;
    o->lineno = -1;
    o->trace_lines = true;
    o->last_line = o->last_idx = o->jump_to = -1;
    o->event = -1;
    return o;
}

ObjFrame *frame_object(Frame *f)
{
    if (f->fobj)
        return f->fobj;
    /* a generator keeps one frame object across its suspensions */
    ObjFrame *o = f->gen ? f->gen->fobj : NULL;
    if (!o) {
        o = new_frame_object(f->code, f->globals, f->gen);
        if (f->gen)
            f->gen->fobj = o;
    }
    o->live = f;
    o->back_known = false;
    o->back = NULL;
    o->ns = f->locals_dict ? OBJ_VAL(f->locals_dict) : VNULL;
    f->fobj = o;
    return o;
}

static int pc_index(ObjCode *code, const uint32_t *pc)
{
    int64_t i = pc && code->code ? pc - code->code - 1 : 0;
    return i < 0 ? 0 : (int)i;
}

void frame_detach(Frame *f)
{
    ObjFrame *o = f->fobj;
    f->fobj = NULL;
    if (!o || o->live != f)
        return;
    if (f->gen && f->gen->state != GEN_DONE) {
        /* suspended: the generator holds the state, no caller */
        o->live = NULL;
        o->lineno = -1;
        o->back = NULL;
        o->back_known = true;
        return;
    }
    o->lineno = vm_code_line(f->code, f->pc);
    o->lasti = POS_INSTR_BYTES * pc_index(f->code, f->pc);
    if (!f->locals_dict) {
        int n = f->code->nlocals;
        Value t = tuple_new(n);
        if (t) {
            for (int i = 0; i < n; i++)
                AS_TUPLE(t)->items[i] = f->locals[i];
            o->locals = t;
        }
    }
    if (!o->back_known) {
        o->back = f->prev ? frame_object(f->prev) : NULL;
        o->back_known = true;
    }
    o->live = NULL;
}

/* A generator's frame object (gi_frame / cr_frame): the running frame's,
 * or one reading the suspended generator. */
Value frame_of_generator(ObjGenerator *g)
{
    if (g->state == GEN_DONE)
        return NONE;
    if (!g->fobj) {
        ObjFrame *o = new_frame_object(g->code, g->globals, g);
        o->back_known = true; /* a suspended generator has no caller */
        g->fobj = o;
    }
    return OBJ_VAL(g->fobj);
}

/* The value of local slot i now (cells read through). */
static Value slot_value(ObjFrame *o, int i)
{
    Value v = VNULL;
    if (o->live)
        v = o->live->locals[i];
    else if (o->locals && IS_TUPLE(o->locals) && i < AS_TUPLE(o->locals)->len)
        v = AS_TUPLE(o->locals)->items[i];
    else if (o->gen && o->gen->vals && i < o->gen->nsaved)
        v = o->gen->vals[i];
    return v;
}

static bool is_cell_slot(ObjCode *c, int i)
{
    if (i >= c->nlocals - c->nfree)
        return true;
    for (int k = 0; k < c->ncellslots; k++)
        if (c->cell_slots[k] == i)
            return true;
    return false;
}

static Value frame_locals(ObjFrame *o)
{
    if (o->ns)
        return o->ns;
    if (!o->locals_dict) {
        Value d = dict_new();
        if (!d)
            return VNULL;
        o->locals_dict = d;
    }
    ObjCode *c = o->code;
    ObjDict *d = AS_DICT(o->locals_dict);
    for (int i = 0; c->localnames && i < c->nlocals && i < c->localnames->len; i++) {
        Value v = slot_value(o, i);
        if (v && is_cell_slot(c, i) && IS_TYPE_EXACT(v, &type_cell))
            v = AS_CELL(v)->value;
        Value k = c->localnames->items[i];
        if (!IS_STR(k) || AS_STR(k)->data[0] == '.')
            continue;
        if (v) {
            if (dict_set(OBJ_VAL(d), k, v) < 0)
                return VNULL;
        } else if (dict_get_str(d, AS_STR(k)) && dict_del(OBJ_VAL(d), k) < 0) {
            return VNULL;
        }
    }
    return o->locals_dict;
}

int frame_fast_to_locals(ObjFrame *o)
{
    return frame_locals(o) ? 0 : -1;
}

void frame_locals_to_fast(ObjFrame *o)
{
    if (o->ns || !o->locals_dict || !o->live || !IS_DICT(o->locals_dict))
        return;
    ObjCode *c = o->code;
    ObjDict *d = AS_DICT(o->locals_dict);
    Value *slots = o->live->locals;
    for (int i = 0; c->localnames && i < c->nlocals && i < c->localnames->len; i++) {
        Value k = c->localnames->items[i];
        if (!IS_STR(k) || AS_STR(k)->data[0] == '.')
            continue;
        Value v = dict_get_str(d, AS_STR(k));
        if (is_cell_slot(c, i) && slots[i] && IS_TYPE_EXACT(slots[i], &type_cell)) {
            if (v)
                AS_CELL(slots[i])->value = v;
            continue;
        }
        slots[i] = v ? v : VNULL;
    }
}

static int frame_line(ObjFrame *o)
{
    if (o->live) {
        if (o->last_idx == -2) /* its 'call' event: at the def line */
            return o->code->firstline;
        return vm_code_line(o->code, o->live->pc);
    }
    if (o->lineno < 0 && o->gen) {
        if (o->gen->state == GEN_CREATED)
            return o->code->firstline;
        return vm_code_line(o->code, o->code->code + o->gen->pc);
    }
    return o->lineno < 0 ? o->code->firstline : o->lineno;
}

static Value frame_back(ObjFrame *o)
{
    if (o->live) {
        Frame *p = o->live->prev;
        return p ? OBJ_VAL(frame_object(p)) : NONE;
    }
    return o->back ? OBJ_VAL(o->back) : NONE;
}

static Value frame_getattr(Value v, ObjStr *name)
{
    ObjFrame *o = (ObjFrame *)AS_OBJ(v);
    const char *n = name->data;
    if (n[0] == 'f' && n[1] == '_') {
        if (!strcmp(n, "f_code"))
            return OBJ_VAL(o->code);
        if (!strcmp(n, "f_globals"))
            return OBJ_VAL(o->globals);
        if (!strcmp(n, "f_locals"))
            return frame_locals(o);
        if (!strcmp(n, "f_lineno"))
            return MK_INT(frame_line(o));
        if (!strcmp(n, "f_back"))
            return frame_back(o);
        if (!strcmp(n, "f_lasti")) {
            if (o->live)
                return MK_INT(POS_INSTR_BYTES * pc_index(o->code, o->live->pc));
            if (o->gen && o->lineno < 0)
                return MK_INT(POS_INSTR_BYTES * (o->gen->pc > 0 ? o->gen->pc - 1 : 0));
            return MK_INT(o->lasti);
        }
        if (!strcmp(n, "f_builtins")) {
            Value b = dict_get_str(o->globals, str_intern_cstr("__builtins__"));
            if (b && IS_MODULE(b))
                return OBJ_VAL(AS_MODULE(b)->dict);
            return b && IS_DICT(b) ? b : OBJ_VAL(vm_builtins);
        }
        if (!strcmp(n, "f_trace"))
            return o->f_trace ? o->f_trace : NONE;
        if (!strcmp(n, "f_trace_lines"))
            return BOOL_V(o->trace_lines);
        if (!strcmp(n, "f_trace_opcodes"))
            return BOOL_V(o->trace_opcodes);
    }
    return obj_generic_getattr(v, name);
}

static int set_lineno(ObjFrame *o, Value val);

static int frame_setattr(Value v, ObjStr *name, Value val)
{
    ObjFrame *o = (ObjFrame *)AS_OBJ(v);
    const char *n = name->data;
    if (!strcmp(n, "f_trace")) {
        o->f_trace = val && !IS_NONE(val) ? val : VNULL;
        return 0;
    }
    if (!strcmp(n, "f_trace_lines") || !strcmp(n, "f_trace_opcodes")) {
        if (!val) {
            err_set(exc_AttributeError, "can't delete attribute");
            return -1;
        }
        if (!IS_BOOL(val)) {
            err_set(exc_TypeError, "attribute value type must be bool");
            return -1;
        }
        if (n[8] == 'l')
            o->trace_lines = val == TRUE_V;
        else
            o->trace_opcodes = val == TRUE_V;
        return 0;
    }
    if (!strcmp(n, "f_lineno"))
        return set_lineno(o, val);
    err_format(exc_AttributeError, "attribute '%s' of 'frame' objects is not writable", n);
    return -1;
}

/* f_lineno = n from a 'line' trace event: the frame continues at the
 * first instruction of line n (or of the next line that has code) whose
 * stack is what is left of the current one after popping. */
static int set_lineno(ObjFrame *o, Value val)
{
    if (!val) {
        err_set(exc_AttributeError, "cannot delete attribute");
        return -1;
    }
    if (!IS_INT(val)) {
        err_set(exc_ValueError, "lineno must be an integer");
        return -1;
    }
    if (o->event != TRACE_LINE) {
        err_set(exc_ValueError, o->event == TRACE_CALL || o->event < 0
                                    ? "can't jump from the 'call' trace event of a new frame"
                                    : "can only jump from a 'line' trace event");
        return -1;
    }
    if (!o->f_trace) {
        err_set(exc_ValueError, "f_lineno can only be set by a trace function");
        return -1;
    }
    Frame *f = o->live;
    ObjCode *co = o->code;
    int64_t want = AS_INT(val);
    if (!f || !co->lines || co->ncode == 0)
        return 0;
    if (want < co->firstline) {
        err_format(exc_ValueError, "line %lld comes before the current code block", (long long)want);
        return -1;
    }
    int64_t line = -1; /* the first line >= want that has code */
    for (int i = 0; i < co->ncode; i++)
        if (co->lines[i] >= want && (line < 0 || co->lines[i] < line))
            line = co->lines[i];
    if (line < 0) {
        err_format(exc_ValueError, "line %lld comes after the current code block", (long long)want);
        return -1;
    }
    int *depth = mem_alloc(sizeof(int) * (size_t)co->ncode);
    compile_stack_depths(co, depth);
    int cur = (int)(f->sp - (f->locals + co->nlocals));
    int here = (int)(f->pc - co->code) - 1;
    const ExcEntry *mine = NULL, *theirs = NULL;
    for (int k = 0; k < co->nexc && !mine; k++)
        if ((uint32_t)here >= co->exctable[k].start && (uint32_t)here < co->exctable[k].end)
            mine = &co->exctable[k];
    int target = -1, bad = -1;
    for (int i = 0; i < co->ncode && target < 0; i++) {
        if (co->lines[i] != line || depth[i] < 0)
            continue;
        theirs = NULL;
        for (int k = 0; k < co->nexc && !theirs; k++)
            if ((uint32_t)i >= co->exctable[k].start && (uint32_t)i < co->exctable[k].end)
                theirs = &co->exctable[k];
        if (depth[i] == 0 || (depth[i] <= cur && (depth[i] < cur || theirs == mine)))
            target = i;
        else if (bad < 0)
            bad = i;
    }
    int tdepth = target >= 0 ? depth[target] : 0;
    bool in_handler = false;
    for (int k = 0; bad >= 0 && k < co->nexc; k++)
        if (co->exctable[k].handler <= (uint32_t)bad && depth[bad] > (int)co->exctable[k].depth)
            in_handler = true;
    mem_free(depth, sizeof(int) * (size_t)co->ncode);
    if (target < 0) {
        err_set(exc_ValueError, in_handler ? "can't jump into an 'except' block as there's no exception"
                                           : "can't jump into the body of a for loop");
        return -1;
    }
    o->jump_to = target;
    o->jump_depth = tdepth;
    o->last_line = (int)line;
    o->last_idx = target;
    return 0;
}

static Value frame_repr(Value v)
{
    ObjFrame *o = (ObjFrame *)AS_OBJ(v);
    return str_printf("<frame at %p, file '%s', line %d, code %s>", (void *)o,
                      o->code->filename ? o->code->filename->data : "?", frame_line(o),
                      o->code->name ? o->code->name->data : "?");
}

static Value m_frame_clear(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("clear", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjFrame *o = (ObjFrame *)AS_OBJ(args[0]);
    if (o->live)
        return err_set(exc_RuntimeError, "cannot clear an executing frame");
    o->locals = VNULL;
    o->locals_dict = VNULL;
    return NONE;
}

static const MethodDef frame_methods[] = {{"clear", m_frame_clear}, {NULL, NULL}};

Type type_frame = {
    .name = "frame", .kind = KIND_OTHER, .inst_size = sizeof(ObjFrame),
    .flags = TF_WEAKREF, .trace = frame_trace, .repr = frame_repr,
    .getattr = frame_getattr, .setattr = frame_setattr,
};

/* sys._getframe(depth): the caller's frame (depth 0) or one further out. */
Value frame_get(Thread *t, int64_t depth)
{
    Frame *f = t->frame;
    while (f && depth > 0) {
        f = f->prev;
        depth--;
    }
    if (!f)
        return err_set(exc_ValueError, "call stack is not deep enough");
    return OBJ_VAL(frame_object(f));
}

void frameobj_init(void)
{
    type_ready(&type_frame, frame_methods);
}
