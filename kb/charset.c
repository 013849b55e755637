/* Charsets: which one a document is in, and its bytes as UTF-8 (see
 * kb/charset.h for the order of the rules). */
#include "kb/charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* How far into an HTML page a <meta> naming the charset is looked for. */
#define META_SCAN 8192
/* How far into an XML document its declaration may end. */
#define XMLDECL_SCAN 512

static int in_list(const char *label, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(label, list[i]) == 0)
            return 1;
    return 0;
}
#define IN(label, list) in_list(label, list, sizeof list / sizeof *list)

const char *kb_charset_name(const char *label)
{
    static const char *const utf8[] = {
        "utf-8", "utf8",   "unicode-1-1-utf-8", "utf-16", "utf16",  "utf-16le",
        "utf-16be", "utf-32", "utf32", "ucs-2", "ucs-4", "iso-10646-ucs-2", "unicode",
        "x-user-defined"};
    static const char *const cp1252[] = {"iso-8859-1", "iso8859-1", "latin1", "l1",
                                         "iso_8859-1", "iso-ir-100", "cp819", "ibm819",
                                         "us-ascii", "ascii", "ansi_x3.4-1968", "windows-1252",
                                         "cp1252", "x-cp1252"};
    static const char *const gb[] = {"gb2312", "gbk", "x-gbk"};
    static const char *const sjis[] = {"shift_jis", "sjis", "x-sjis", "windows-31j"};
    static const char *const kr[] = {"euc-kr", "ks_c_5601-1987"};
    if (!label || !*label || IN(label, utf8))
        return NULL;
    if (IN(label, cp1252))
        return "WINDOWS-1252";
    if (IN(label, gb))
        return "GB18030";
    if (IN(label, sjis))
        return "CP932";
    if (IN(label, kr))
        return "CP949";
    return label;
}

size_t kb_charset_bom(const char *data, size_t len, int xml, const char **charset)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *cs = NULL;
    size_t n = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        cs = "UTF-8", n = 3;
    else if (xml && len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)
        cs = "UTF-32BE", n = 4;
    else if (xml && len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)
        cs = "UTF-32LE", n = 4;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        cs = "UTF-16BE", n = 2;
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        cs = "UTF-16LE", n = 2;
    if (charset)
        *charset = cs;
    return n;
}

/* UTF-16 or UTF-32 without a byte order mark, told by the zero bytes
 * around the document's first character (XML 1.0, appendix F); NULL when
 * the document is byte-oriented. */
static const char *wide_without_bom(const unsigned char *u, size_t len)
{
    if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3])
        return "UTF-32BE";
    if (len >= 4 && u[0] && u[1] == 0 && u[2] == 0 && u[3] == 0)
        return "UTF-32LE";
    if (len >= 2 && u[0] == 0 && u[1])
        return "UTF-16BE";
    if (len >= 2 && u[0] && u[1] == 0)
        return "UTF-16LE";
    return NULL;
}

static int label_char(char c)
{
    return isalnum((unsigned char)c) || strchr("-_.:", c);
}

/* The charset named in the first <meta> that names one, in the first few
 * KB of the page (as browsers look for it), into name; 0 when none does.
 * Both <meta charset=…> and http-equiv's "text/html; charset=…" name it. */
static int meta_charset(const char *s, size_t len, char name[48])
{
    size_t end = len < META_SCAN ? len : META_SCAN;
    for (size_t i = 0; i + 5 < end; i++) {
        if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4) != 0)
            continue;
        size_t j = i + 5, stop = j;
        while (stop < end && s[stop] != '>')
            stop++;
        for (; j + 7 < stop; j++) {
            if (strncasecmp(s + j, "charset", 7) != 0)
                continue;
            size_t k = j + 7;
            while (k < stop && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k >= stop || s[k] != '=')
                continue;
            k++;
            while (k < stop && (s[k] == ' ' || s[k] == '\t' || s[k] == '"' || s[k] == '\''))
                k++;
            size_t n = 0;
            while (k < stop && n < 47 && label_char(s[k]))
                name[n++] = s[k++];
            name[n] = '\0';
            if (n)
                return 1;
        }
        i = stop;
    }
    return 0;
}

/* The encoding an XML declaration at the very start names, into name; 0
 * when it names none. */
static int xml_declared(const char *s, size_t n, char name[48])
{
    name[0] = '\0';
    if (n < 6 || memcmp(s, "<?xml", 5) != 0)
        return 0;
    /* The declaration is short: looked at as a string of its own. */
    char decl[XMLDECL_SCAN + 1];
    size_t k = n < XMLDECL_SCAN ? n : XMLDECL_SCAN;
    memcpy(decl, s, k);
    decl[k] = '\0';
    char *end = strstr(decl, "?>");
    if (!end)
        return 0;
    *end = '\0';
    const char *p = strstr(decl, "encoding");
    if (!p)
        return 0;
    p += 8;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '=')
        p++;
    if (*p != '"' && *p != '\'')
        return 0;
    char q = *p++;
    size_t i = 0;
    while (*p && *p != q && i < 47)
        name[i++] = *p++;
    name[i] = '\0';
    return i > 0;
}

const char *kb_charset_detect(const char *data, size_t len, kb_charset_kind kind,
                              const char *label, char name[48], size_t *bom)
{
    const char *cs = NULL;
    int xml = kind == KB_CHARSET_XML;
    *bom = data ? kb_charset_bom(data, len, xml, &cs) : 0;
    if (cs)
        return cs;
    if (xml && data && (cs = wide_without_bom((const unsigned char *)data, len)) != NULL)
        return cs;
    char declared[48];
    if (label && *label) {
        snprintf(declared, sizeof declared, "%s", label);
    } else if (!data || !(xml ? xml_declared(data, len, declared)
                              : meta_charset(data, len, declared))) {
        return "UTF-8";
    }
    /* A feed that declares ASCII is more often UTF-8 than windows-1252: an
     * XML parser reads it so, and so does kb. */
    if (xml && (strcasecmp(declared, "us-ascii") == 0 || strcasecmp(declared, "ascii") == 0))
        return "UTF-8";
    const char *named = kb_charset_name(declared);
    if (!named)
        return "UTF-8";
    if (named != declared)
        return named;
    /* A charset the system cannot convert from is read as UTF-8. */
    iconv_t cd = iconv_open("UTF-8", declared);
    if (cd == (iconv_t)-1)
        return "UTF-8";
    iconv_close(cd);
    snprintf(name, 48, "%s", declared);
    return name;
}

/* Doubles a buffer; -1 when out of memory (the buffer is left as it was). */
static int grow(char **buf, size_t *cap)
{
    char *bigger = *cap < SIZE_MAX / 2 ? realloc(*buf, *cap * 2) : NULL;
    if (!bigger)
        return -1;
    *buf = bigger;
    *cap *= 2;
    return 0;
}

/* s converted from charset to UTF-8, each byte that is not valid in charset
 * becoming U+FFFD; unit is the width of one code unit (2 for UTF-16), the
 * step taken past a bad one: iconv says where the bad byte is, so the
 * conversion can go on past it. Returns 1 when iconv does not know the
 * charset, -1 when out of memory, 0 otherwise. */
static int convert(const char *s, size_t len, const char *charset, size_t unit, char **res,
                   size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return 1;
    size_t cap = len * 2 + 64, used = 0;
    char *out = malloc(cap);
    char *in = (char *)s;
    size_t left = len;
    int failed = !out;
    while (!failed && left > 0) {
        /* Room for a character, a U+FFFD after it and the final NUL. */
        if (cap - used < 16 && grow(&out, &cap) < 0) {
            failed = 1;
            break;
        }
        char *op = out + used;
        size_t room = cap - used - 4;
        size_t r = iconv(cd, &in, &left, &op, &room);
        used = (size_t)(op - out);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            failed = grow(&out, &cap) < 0;
            continue;
        }
        memcpy(out + used, replacement, 3);
        used += 3;
        if (errno != EILSEQ) /* EINVAL: the text ends inside a character */
            break;
        size_t skip = left < unit ? left : unit;
        in += skip;
        left -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (failed) {
        free(out);
        return -1;
    }
    out[used] = '\0';
    *res = out;
    *outlen = used;
    return 0;
}

kb_code kb_charset_to_utf8(const char *data, size_t len, kb_charset_kind kind, const char *label,
                           char **out, size_t *outlen, kb_error *err)
{
    char name[48];
    size_t bom = 0;
    const char *cs = kb_charset_detect(data, len, kind, label, name, &bom);
    *out = NULL;
    *outlen = 0;
    data += bom;
    len -= bom;
    int r = 1;
    if (strcmp(cs, "UTF-8") != 0) {
        size_t unit = strncmp(cs, "UTF-16", 6) == 0 ? 2 : strncmp(cs, "UTF-32", 6) == 0 ? 4 : 1;
        r = convert(data, len, cs, unit, out, outlen);
    }
    if (r > 0) { /* UTF-8 already, or a charset iconv cannot read after all */
        *out = malloc(len + 1);
        if (*out) {
            if (len)
                memcpy(*out, data, len);
            (*out)[len] = '\0';
            *outlen = len;
            r = 0;
        } else {
            r = -1;
        }
    }
    if (r < 0)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory decoding the text");
    return KB_OK;
}
