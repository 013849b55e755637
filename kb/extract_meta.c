/* The article's metadata: URL, site, title (less the site's name), byline,
 * dates, language and description, from JSON-LD, meta tags and the tree. */
#include "extract_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb/date.h"
#include "kb/lang.h"
#include "kb/url.h"

static int looks_like_url(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
                 strncmp(s, "//", 2) == 0 || strncmp(s, "/", 1) == 0);
}

/* Whether a segment of the title names the site: its name, or its host
 * with or without the domain ("nytimes.com", "NYTimes"). */
static int names_site(const char *seg, size_t n, const char *site, const char *host)
{
    char a[256], b[256];
    kb_extract_squeeze(seg, n, a, sizeof a);
    if (!*a)
        return 0;
    if (site) {
        kb_extract_squeeze(site, strlen(site), b, sizeof b);
        if (*b && (strcmp(a, b) == 0 || (strlen(b) >= 4 && strstr(a, b)) ||
                   (strlen(a) >= 4 && strstr(b, a))))
            return 1;
    }
    if (host) {
        const char *dot = strchr(host, '.');
        kb_extract_squeeze(host, dot ? (size_t)(dot - host) : strlen(host), b, sizeof b);
        if (strlen(b) >= 3 && strstr(a, b))
            return 1;
    }
    return 0;
}

static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1])))
            w++;
    return w;
}

/* The separators a page puts between its headline and its name; the
 * first few are never a headline's own punctuation, so a short segment
 * after them is the site's or a section's name even when kb cannot tell. */
static const char *const separators[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                         " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xC2\xBB ",
                                         " / ", ": "};
#define PLAIN_SEPARATORS 7

/* The title less the site's name around it: "Headline | Site", "Headline -
 * Section - Site", "Site: Headline". A trailing segment that does not name
 * the site goes only when it is short (a section or the site's own short
 * name) and the headline stays longer. Edits title in place. */
static void strip_site(char *title, const char *site, const char *host, int short_too)
{
    for (int round = 0; round < 2; round++) {
        size_t len = strlen(title);
        char *cut = NULL;
        size_t seplen = 0, kind = 0;
        for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
            if (i == sizeof separators / sizeof *separators - 1)
                break; /* ": " only introduces, see below */
            const char *sep = separators[i];
            for (char *p = strstr(title, sep); p; p = strstr(p + 1, sep))
                if (!cut || p > cut)
                    cut = p, seplen = strlen(sep), kind = i;
        }
        if (!cut)
            break;
        const char *tail = cut + seplen;
        size_t tail_len = len - (size_t)(tail - title), head_len = (size_t)(cut - title);
        int site_tail = names_site(tail, tail_len, site, host);
        int short_tail = short_too && kind < PLAIN_SEPARATORS && words(tail, tail_len) <= 3 &&
                         tail_len <= 30 &&
                         words(title, head_len) >= 3 && head_len > tail_len;
        if (head_len && (site_tail || short_tail)) {
            *cut = '\0';
            if (!site_tail)
                short_too = 0; /* one section at most */
            continue;
        }
        break;
    }
    /* "Site: Headline", "Site | Headline": the site's very name, as a
     * series' name that starts with it ("9to5Mac Gift Guide: …") is the
     * headline's. */
    char name[256], lead[256];
    kb_extract_squeeze(site ? site : "", site ? strlen(site) : 0, name, sizeof name);
    for (size_t i = 0; *name && i < sizeof separators / sizeof *separators; i++) {
        char *p = strstr(title, separators[i]);
        if (p)
            kb_extract_squeeze(title, (size_t)(p - title), lead, sizeof lead);
        if (p && p > title && strcmp(lead, name) == 0) {
            const char *rest = p + strlen(separators[i]);
            if (words(rest, strlen(rest)) >= 2) {
                memmove(title, rest, strlen(rest) + 1);
                break;
            }
        }
    }
}

/* The first date among the candidates that kb_date_normalize understands;
 * raw keeps what the page wrote (the first candidate when none is
 * understood). */
static void pick_date(const char *const *cands, size_t n, char **norm, char **raw)
{
    char out[21];
    for (size_t i = 0; i < n; i++) {
        char *c = kb_extract_clean(cands[i]);
        if (!c)
            continue;
        if (kb_date_normalize(c, out)) {
            free(*raw);
            *raw = c;
            *norm = strdup(out);
            return;
        }
        if (!*raw)
            *raw = c;
        else
            free(c);
    }
}

static char *first_clean(const char *const *cands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *c = kb_extract_clean(cands[i]);
        if (c)
            return c;
    }
    return NULL;
}

void kb_extract_metadata(const page *pg, const ld_article *ld, const char *page_url, int body,
                          kb_article *a)
{
    const char *const *m = pg->meta;

    const char *urls[] = {pg->canonical, m[M_OG_URL], ld->url, page_url};
    for (size_t i = 0; i < sizeof urls / sizeof *urls && !a->url; i++)
        if (urls[i]) {
            char *c = kb_extract_clean(urls[i]);
            char *u = c ? kb_url_canonical(c, page_url) : NULL;
            free(c);
            a->url = u ? kb_extract_clean(u) : NULL;
            free(u);
        }

    char *host = a->url ? kb_url_host(a->url) : NULL;
    if (!host && page_url)
        host = kb_url_host(page_url);
    const char *sites[] = {m[M_SITE], ld->publisher, m[M_APP_NAME], host};
    a->site = first_clean(sites, sizeof sites / sizeof *sites);

    char *title = kb_extract_clean(ld->headline);
    if (title)
        strip_site(title, a->site, host, 0);
    if (!title && m[M_OG_TITLE]) {
        title = kb_extract_clean(m[M_OG_TITLE]);
        if (title)
            strip_site(title, a->site, host, 0);
    }
    if (!title && pg->title) {
        char *raw = kb_extract_node_text(pg->title);
        title = kb_extract_clean(raw);
        free(raw);
        if (title)
            strip_site(title, a->site, host, 1);
    }
    if (!title) {
        const char *more[] = {m[M_PARSELY_TITLE], m[M_TW_TITLE]};
        title = first_clean(more, 2);
    }
    a->title = title;

    if (ld->authors) {
        a->byline = kb_extract_clean(ld->authors);
    } else {
        char *parsely = kb_jsonld_field(m[M_PARSELY_PAGE], "author");
        /* article:author is often a profile's URL, not a name. */
        const char *article_author =
            looks_like_url(m[M_ARTICLE_AUTHOR]) ? NULL : m[M_ARTICLE_AUTHOR];
        const char *authors[] = {m[M_AUTHOR], article_author, parsely};
        a->byline = first_clean(authors, sizeof authors / sizeof *authors);
        free(parsely);
    }

    char *parsely_date = kb_jsonld_field(m[M_PARSELY_PAGE], "pub_date");
    const char *time_in_article = NULL, *first_time = NULL;
    if (pg->first_time >= 0)
        first_time = kb_extract_attr(pg->els[pg->first_time].node, "datetime");
    if (body >= 0) {
        xmlNodePtr root = pg->els[body].node;
        for (xmlNodePtr n = root; n && !time_in_article; n = kb_extract_next(n, root, 0, NULL, NULL))
            if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "time"))
                time_in_article = kb_extract_attr(n, "datetime");
    }
    const char *dates[] = {ld->published, m[M_PUBLISHED], m[M_DATE], parsely_date,
                           time_in_article, first_time};
    pick_date(dates, sizeof dates / sizeof *dates, &a->published, &a->published_raw);
    free(parsely_date);
    const char *modified[] = {ld->modified, m[M_MODIFIED]};
    char *modified_raw = NULL;
    pick_date(modified, 2, &a->modified, &modified_raw);
    free(modified_raw);

    /* the first that is a language tag ("en_US" from og:locale is one) */
    const char *langs[] = {pg->lang, m[M_LOCALE], m[M_CONTENT_LANG], ld->lang};
    for (size_t i = 0; i < sizeof langs / sizeof *langs && !a->lang; i++)
        a->lang = kb_lang_take(kb_extract_clean(langs[i]));

    const char *descs[] = {m[M_DESC], m[M_OG_DESC], m[M_TW_DESC], ld->description};
    a->description = first_clean(descs, sizeof descs / sizeof *descs);
    free(host);
}
