/* URLs: canonical forms, so that the same page read twice is found twice. */
#include "kb/url.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/buf.h"

static void lower(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static char *trimmed(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return strndup(s, n);
}

char *kb_url_resolve(const char *url, const char *base)
{
    if (!url)
        return NULL;
    char *u = trimmed(url);
    if (!u)
        return NULL;
    if (!base || !*base)
        return u;
    xmlChar *r = xmlBuildURI((const xmlChar *)u, (const xmlChar *)base);
    if (!r)
        return u;
    free(u);
    char *out = strdup((const char *)r);
    xmlFree(r);
    return out;
}

/* Parameters that say who sent the reader, not which page it is. */
static int tracking(const char *param, size_t n)
{
    static const char *const names[] = {"fbclid", "gclid",  "dclid",  "gbraid", "wbraid",
                                        "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
                                        "_hsenc", "_hsmi",  "mkt_tok", "ocid",  "cmpid"};
    if (n >= 4 && strncasecmp(param, "utm_", 4) == 0)
        return 1;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && strncasecmp(param, names[i], n) == 0)
            return 1;
    return 0;
}

static char *clean_query(const char *q)
{
    kb_buf b = KB_BUF_INIT;
    const char *p = q;
    while (*p) {
        size_t len = strcspn(p, "&;");
        size_t key = strcspn(p, "=&;");
        if (key > len)
            key = len;
        if (len && !tracking(p, key))
            kb_buf_printf(&b, "%s%.*s", b.len ? "&" : "", (int)len, p);
        p += len;
        if (*p)
            p++;
    }
    return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

char *kb_url_canonical(const char *url, const char *base)
{
    char *abs = kb_url_resolve(url, base);
    if (!abs)
        return NULL;
    xmlURIPtr u = xmlParseURI(abs);
    free(abs);
    if (!u)
        return NULL;
    char *out = NULL;
    lower(u->scheme);
    lower(u->server);
    int web = u->scheme && (!strcmp(u->scheme, "http") || !strcmp(u->scheme, "https"));
    int ok = u->scheme && (web || !strcmp(u->scheme, "ftp") || !strcmp(u->scheme, "file"));
    if (ok && web && !(u->server && *u->server))
        ok = 0;
    if (ok) {
        if ((u->port == 80 && !strcmp(u->scheme, "http")) ||
            (u->port == 443 && !strcmp(u->scheme, "https")))
            u->port = 0;
        xmlFree(u->fragment);
        u->fragment = NULL;
        if (web && (!u->path || !*u->path)) {
            xmlFree(u->path);
            u->path = (char *)xmlStrdup((const xmlChar *)"/");
        }
        if (u->query_raw || u->query) {
            char *q = u->query_raw ? clean_query(u->query_raw) : NULL;
            xmlFree(u->query_raw);
            xmlFree(u->query);
            u->query = NULL;
            u->query_raw = q ? (char *)xmlStrdup((const xmlChar *)q) : NULL;
            free(q);
        }
        xmlChar *s = xmlSaveUri(u);
        if (s) {
            out = strdup((const char *)s);
            xmlFree(s);
        }
    }
    xmlFreeURI(u);
    return out;
}

char *kb_url_host(const char *url)
{
    if (!url)
        return NULL;
    xmlURIPtr u = xmlParseURI(url);
    char *host = NULL;
    if (u && u->server && *u->server) {
        lower(u->server);
        host = strdup(strncmp(u->server, "www.", 4) == 0 ? u->server + 4 : u->server);
    }
    xmlFreeURI(u);
    return host;
}
