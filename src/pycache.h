/* pycache.h — the bytecode cache: compiled source modules kept on disk.
 *
 * import.c asks pycache_path() where a source file's cache lives when it
 * finds the module (that path becomes spec.cached and __cached__), then
 * pycache_load() when it loads it; on a miss it compiles the source and
 * gives the code to pycache_store().  The file format and the rules are in
 * docs/internals.md ("The bytecode cache").
 */
#ifndef BATON_PYCACHE_H
#define BATON_PYCACHE_H

#include <sys/stat.h>

#include "object.h"

/* "baton-311": sys.implementation.cache_tag, the middle of a cache name. */
#define PYCACHE_TAG "baton-311"

/* Where the cache of source file `source` (a path ending in .py) lives:
 * DIR/__pycache__/NAME.baton-311.pyc (NAME.baton-311.opt-N.pyc under -O),
 * or, when that directory cannot be written and holds no such file with
 * an up-to-date header, $HOME/.cache/baton/ABSDIR/NAME.baton-311.pyc.  A new str, or NULL with
 * no exception when there is none (not a .py file, not valid UTF-8). */
Value pycache_path(const char *source);

/* What a cache file must match: the source file's mtime in nanoseconds
 * and its size (an embedded lib/ module: a hash of its text and its
 * length). */
typedef struct { int64_t mtime_ns; uint64_t size; } PycacheKey;
PycacheKey pycache_key_of_stat(const struct stat *st);
PycacheKey pycache_key_of_text(const char *src, size_t len);

/* The code cached in `cache` for the source with this key, or NULL (no
 * exception) when the file is missing, stale, written by another
 * compiler, or damaged in any way.  Code objects get `filename` as their
 * co_filename. */
ObjCode *pycache_load(const char *cache, PycacheKey key, ObjStr *filename);

/* Write code to `cache` for the source with this key: a temporary file
 * renamed over it, so readers see the old file or the whole new one.
 * Errors are ignored (the cache is an optimisation); nothing is written
 * when sys.dont_write_bytecode is true. */
void pycache_store(const char *cache, ObjCode *code, PycacheKey key);

/* Where the cache of the embedded lib/ module `name` lives:
 * $HOME/.cache/baton/frozen/NAME.baton-311.pyc (NULL: no HOME). */
Value pycache_frozen_path(const char *name);

/* The serialised form of a code object (the payload of a cache file), and
 * back: NULL / VNULL without an exception when data is not a valid one. */
bool pycache_dump(ObjCode *code, StrBuf *out);
ObjCode *pycache_undump(const uint8_t *data, size_t len, ObjStr *filename);

#endif
