/* codec.h — text encodings (codec.c): the C codecs, their error handlers,
 * and the codec registry that str.encode / bytes.decode and the _codecs
 * module share.
 *
 * baton's str is "generalized UTF-8": every code point, lone surrogates
 * (U+D800..U+DFFF) included, as its UTF-8 byte sequence, so a surrogate is
 * ED A0 80 .. ED BF BF.  Everything that leaves the process as real UTF-8
 * goes through codec_utf8_encode, which refuses surrogates unless the error
 * handler (surrogateescape, surrogatepass, ...) says otherwise.
 *
 * Error handlers: strict, ignore, replace, backslashreplace,
 * xmlcharrefreplace, namereplace, surrogateescape, surrogatepass are
 * handled in C; any other name is looked up in the registry
 * (codecs.register_error) and called with a UnicodeEncodeError /
 * UnicodeDecodeError as CPython does.
 */
#ifndef BATON_CODEC_H
#define BATON_CODEC_H

#include "object.h"

/* str.encode / bytes.decode: a built-in codec by name, else the registry
 * (codecs.lookup, which imports the `encodings` package). */
Value codec_encode_str(ObjStr *s, const char *encoding, const char *errors);
Value codec_decode_bytes(const uint8_t *p, size_t n, const char *encoding, const char *errors);

/* PEP 263.  When src (the bytes of a source file, or of compile()/exec()
 * given bytes: file false) declares a coding other than UTF-8 in a
 * comment on its first or second line, its text decoded from that
 * encoding, as a str; NONE when src is UTF-8 as it stands; VNULL with a
 * SyntaxError as CPython words it ("encoding problem: NAME" for a file;
 * "unknown encoding: NAME" or the codec's error for compile()). */
Value codec_source_text(const char *src, size_t len, const char *filename, bool file);

/* The file system encoding (os.fsencode / os.fsdecode): UTF-8 with
 * surrogateescape, so undecodable bytes of a file name come back as
 * U+DC80..U+DCFF and go out as the same bytes. */
Value codec_fs_decode(const char *p, size_t n);
Value codec_fs_encode(ObjStr *s); /* bytes; UnicodeEncodeError */

/* Is encoding one of the codecs codec.c has in C (by any alias)? */
bool codec_is_builtin(const char *encoding);

/* Does s hold a lone surrogate (which real UTF-8 cannot carry)? */
bool codec_has_surrogates(ObjStr *s);

/* The individual codecs (the _codecs module's functions).  Encoders return
 * bytes; decoders a str and the number of bytes consumed (*consumed may be
 * NULL when final).  byteorder: 0 native with BOM, -1 little, 1 big; the
 * *_ex decoders update *byteorder from a BOM. */
Value codec_utf8_encode(ObjStr *s, const char *errors);
Value codec_utf8_decode(const uint8_t *p, size_t n, const char *errors, bool final, size_t *consumed);
Value codec_latin1_encode(ObjStr *s, const char *errors);
Value codec_latin1_decode(const uint8_t *p, size_t n, const char *errors);
Value codec_ascii_encode(ObjStr *s, const char *errors);
Value codec_ascii_decode(const uint8_t *p, size_t n, const char *errors);
Value codec_utf16_encode(ObjStr *s, const char *errors, int byteorder);
Value codec_utf16_decode(const uint8_t *p, size_t n, const char *errors, int *byteorder, bool final,
                         size_t *consumed);
Value codec_utf32_encode(ObjStr *s, const char *errors, int byteorder);
Value codec_utf32_decode(const uint8_t *p, size_t n, const char *errors, int *byteorder, bool final,
                         size_t *consumed);
Value codec_utf7_encode(ObjStr *s, const char *errors);
Value codec_utf7_decode(const uint8_t *p, size_t n, const char *errors, bool final, size_t *consumed);
Value codec_unicode_escape_encode(ObjStr *s, bool raw);
Value codec_unicode_escape_decode(const uint8_t *p, size_t n, const char *errors, bool raw, bool final,
                                  size_t *consumed);
/* escape_encode / escape_decode: bytes <-> bytes with Python's escapes. */
Value codec_escape_encode(const uint8_t *p, size_t n);
Value codec_escape_decode(const uint8_t *p, size_t n, const char *errors);
/* charmap: mapping is None (latin-1), a str of 256 chars (decoding
 * table), a dict, or an EncodingMap from codec_charmap_build. */
Value codec_charmap_encode(ObjStr *s, const char *errors, Value mapping);
Value codec_charmap_decode(const uint8_t *p, size_t n, const char *errors, Value mapping);
Value codec_charmap_build(ObjStr *table);
extern Type type_encoding_map;

/* ---- the registry ----------------------------------------------------- */
/* Call codec info's encoder (k 0) or decoder (k 1) on obj, with errors
 * unless it is NULL; the first item of its result.  Errors of plain types
 * are wrapped as CPython does ("encoding with 'X' codec failed (...)"). */
Value codec_call(Value info, int k, Value obj, const char *encoding, const char *errors);
Value codec_register(Value search);
Value codec_unregister(Value search);
Value codec_lookup(ObjStr *encoding);     /* a CodecInfo; LookupError */
Value codec_forget(ObjStr *encoding);
Value codec_register_error(ObjStr *name, Value handler);
Value codec_lookup_error(ObjStr *name);   /* LookupError */
/* encodings.normalize_encoding-style name: lower case, runs of other than
 * [a-z0-9.] become one '_' (CPython's codec lookup rule). */
void codec_normalize(const char *in, char *out, size_t cap);

/* The error handlers as Python functions (codecs.strict_errors ...). */
void codec_init(void);

#endif
