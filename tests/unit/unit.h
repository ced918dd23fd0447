/* unit.h — a tiny harness for baton's C unit tests.
 *
 * Each test program links against batoncore, calls UNIT_MAIN's body after
 * vm_init, checks results with CHECK/CHECK_EQ_STR and ends by printing
 * "N passed, N failed" (the format run_tests.py and scripts/test.sh read).
 * A check that fails prints file:line and goes on, so one run shows all.
 */
#ifndef BATON_UNIT_H
#define BATON_UNIT_H

#include "gc.h"
#include "modules.h"
#include "vm.h"

static int unit_passed, unit_failed;

#define CHECK(cond) do { \
        if (cond) unit_passed++; \
        else { unit_failed++; fprintf(stderr, "%s:%d: CHECK(%s) failed\n", \
                                      __FILE__, __LINE__, #cond); } \
    } while (0)

/* v must be a str (else the check fails) equal to the C string want. */
#define CHECK_STR(v, want) do { \
        Value v_ = (v); \
        bool ok_ = v_ && IS_STR(v_) && strcmp(AS_STR(v_)->data, (want)) == 0; \
        if (ok_) unit_passed++; \
        else { unit_failed++; fprintf(stderr, "%s:%d: %s: got %s, want \"%s\"\n", \
                   __FILE__, __LINE__, #v, \
                   !v_ ? "an exception" : IS_STR(v_) ? AS_STR(v_)->data : "a non-str", \
                   (want)); if (!v_) err_clear(); } \
    } while (0)

/* repr(v) must be want. */
#define CHECK_REPR(v, want) do { \
        Value r_ = (v); \
        CHECK_STR(r_ ? obj_repr(r_) : VNULL, want); \
    } while (0)

/* The expression must have raised exception type t. */
#define CHECK_RAISES(expr_is_error, t) do { \
        bool e_ = (expr_is_error); \
        CHECK(e_ && err_matches(t)); \
        err_clear(); \
    } while (0)

static void unit_body(void);

static int __attribute__((noinline)) unit_run(int argc, char **argv, void *base)
{
    vm_init(argc, argv);
    if (vm_main_thread && (!vm_main_thread->gc_stack_base ||
                           (char *)vm_main_thread->gc_stack_base < (char *)base))
        vm_main_thread->gc_stack_base = base;
    unit_body();
    printf("%s: %d passed, %d failed\n", argv[0], unit_passed, unit_failed);
    return unit_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    volatile char base = 0;
    return unit_run(argc, argv, (void *)&base);
}

#endif
