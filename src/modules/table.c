/* table.c — the one registration table of the native modules.
 *
 * Each native module is one file in src/modules/, named after the module,
 * with one init function (declared in modules.h) that returns a new module
 * object.  The import machinery (src/module.c) looks a name up here after
 * sys.modules; a module that is not listed does not exist.  To add a
 * module: write src/modules/NAME.c, declare its init in modules.h, add one
 * line below and the file to meson.build's module_src.
 */
#include "modules.h"

const BuiltinModule modules_builtin[] = {
    {"sys", mod_sys_init},
    {"time", mod_time_init},
    {"math", mod_math_init},
    {"cmath", mod_cmath_init},
    {"_thread", mod_thread_init},
    {"_signal", mod__signal_init},
    {"signal", mod_signal_init},
    {"_mp", mod_mp_init},
    {"_posixsubprocess", mod_posixsubprocess_init},
    {"gil", mod_gil_init},
    {"errno", mod_errno_init},
    {"_stat", mod_stat_init},
    {"posix", mod_posix_init},
    {"_socket", mod__socket_init},
    {"select", mod_select_init},
    {"atexit", mod_atexit_init},
    {"marshal", mod_marshal_init},
    {"_locale", mod_locale_init},
    {"_io", mod_io_init},
    {"_weakref", mod_weakref_init},
    {"gc", mod_gc_init},
    {"_imp", mod_imp_init},
    {"_warnings", mod_warnings_init},
    {"_sre", mod_sre_init},
    {"unicodedata", mod_unicodedata_init},
    {"_codecs", mod_codecs_init},
    {"_struct", mod_struct_init},
    {"binascii", mod_binascii_init},
    {"_collections", mod_collections_init},
    {"_functools", mod_functools_init},
    {"_operator", mod_operator_init},
    {"_heapq", mod_heapq_init},
    {"_bisect", mod_bisect_init},
    {"_abc", mod_abc_init},
    {"_string", mod_string_init},
    {"itertools", mod_itertools_init},
    {"_opcode", mod_opcode_init},
    {"_ast", mod_ast_init},
    {"_random", mod__random_init},
    {"_contextvars", mod_contextvars_init},
    {"_json", mod_json_init},
    {"_csv", mod_csv_init},
    {"_pickle", mod__pickle_init},
    {"zlib", mod_zlib_init},
    {"_hashlib", mod_hashlib_init},
    {"_blake2", mod_blake2_init},
    {"array", mod_array_init},
    {"_bz2", mod_bz2_init},
    {"_lzma", mod_lzma_init},
    {"termios", mod_termios_init},
    {"pyexpat", mod_pyexpat_init},
    {NULL, NULL},
};

/* Native parts put into CPython's pure-Python modules once they are
 * imported (CPython gets them from C accelerator modules that would
 * replace more than baton provides). */
const ImportHook modules_after_import[] = {
    {"asyncio.tasks", asyncio_tasks_loaded},
    {NULL, NULL},
};
