/* kb — bytes in a declared or sniffed charset, turned into UTF-8.
 *
 * One reading of charsets for every document kb reads (HTML pages, feeds),
 * in the order browsers and XML parsers give them weight:
 *
 *   1. a byte order mark (UTF-8, UTF-16LE/BE; for XML also UTF-32, and the
 *      zero bytes around the first '<' that XML 1.0 appendix F describes);
 *   2. the charset a caller knows from outside the document (the charset=
 *      of an HTTP Content-Type), when given;
 *   3. what the document declares: for HTML, the first <meta charset> or
 *      <meta http-equiv="Content-Type" content="…; charset=…"> in its first
 *      8 KB; for XML, the encoding of its <?xml …?> declaration;
 *   4. otherwise UTF-8.
 *
 * Labels are read as the WHATWG Encoding standard reads them where it
 * differs from the letter: ISO-8859-1, Latin-1 and US-ASCII mean
 * windows-1252 (which is what such pages are written in), GB2312 means
 * GB18030, Shift_JIS means windows-31J. A document that declares UTF-16 or
 * UTF-32 without looking like it, or names a charset the system does not
 * know, is read as UTF-8. Bytes that are not valid in the charset become
 * U+FFFD, and the conversion goes on past them (libxml2's own conversion
 * stops at the first one, which would cut a text short).
 *
 * The result is UTF-8 but not yet what kb stores: kb_text_clean (utf8.h)
 * applies the policy on control characters. */
#ifndef KB_CHARSET_H
#define KB_CHARSET_H

#include <stddef.h>

#include "kb/error.h"

typedef enum kb_charset_kind {
    KB_CHARSET_HTML, /* sniffed as browsers do: BOM, then <meta> */
    KB_CHARSET_XML,  /* sniffed as XML parsers do: BOM or zero bytes, then <?xml encoding?> */
} kb_charset_kind;

/* The charset the document data[0..len) is in, as an iconv name ("UTF-8",
 * "UTF-16LE", "WINDOWS-1252", …), chosen as above; label is the charset a
 * caller knows from outside the document, or NULL. *bom gets the length of
 * the byte order mark to skip (0 when none). Never NULL; the name is
 * either a static string or written into name (48 bytes). */
const char *kb_charset_detect(const char *data, size_t len, kb_charset_kind kind,
                              const char *label, char name[48], size_t *bom);

/* The iconv name for a charset label as the WHATWG Encoding standard reads
 * it, or NULL when the label means UTF-8 (or a UTF-16/UTF-32 that a
 * document without a byte order mark cannot be in). Returns label itself
 * when no rule renames it. */
const char *kb_charset_name(const char *label);

/* The length of a byte order mark at the start of data, and its charset
 * into *charset (a static string); 0 when there is none. UTF-32 marks are
 * only looked for when xml is set. */
size_t kb_charset_bom(const char *data, size_t len, int xml, const char **charset);

/* data[0..len) converted to UTF-8 from the charset kb_charset_detect
 * chooses: a new NUL-terminated buffer in *out (the caller frees it), its
 * length in *outlen. Returns KB_OK, or KB_ERR_NOMEM (err says so). */
kb_code kb_charset_to_utf8(const char *data, size_t len, kb_charset_kind kind, const char *label,
                           char **out, size_t *outlen, kb_error *err);

#endif
