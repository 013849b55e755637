/* kb — URLs: resolving and canonicalizing, through libxml2's URI functions. */
#ifndef KB_URL_H
#define KB_URL_H

/* The canonical form of url, resolved against base when relative (base may be
 * NULL): scheme and host in lower case, the default port dropped, no
 * fragment, tracking parameters (utm_*, fbclid, gclid, …) removed, an empty
 * path written "/". Returns a string the caller frees, or NULL when url is
 * not an absolute http(s), ftp or file URL (after resolving). */
char *kb_url_canonical(const char *url, const char *base);

/* url resolved against base (either may be relative), unchanged otherwise;
 * caller frees. NULL when url is NULL or cannot be parsed. */
char *kb_url_resolve(const char *url, const char *base);

/* The host of an absolute URL, lower case, without a leading "www."; caller
 * frees. NULL when there is none. */
char *kb_url_host(const char *url);

#endif
