/* JSON-LD: what a page's <script type="application/ld+json"> says about
 * its article, read by SQLite's JSON functions. */
#include "extract_internal.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/buf.h"

void kb_jsonld_free(ld_article *a)
{
    free(a->headline);
    free(a->authors);
    free(a->published);
    free(a->modified);
    free(a->publisher);
    free(a->url);
    free(a->description);
    free(a->lang);
    free(a->body);
}

/* One in-memory connection for the whole process, opened on first use;
 * the lock keeps its statements to one page at a time. */
static pthread_mutex_t ld_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *ld_db;
static sqlite3_stmt *ld_valid, *ld_find, *ld_fields, *ld_authors, *ld_path;
static int ld_broken;

/* The schema.org types of an article, as one string that instr() searches:
 * an IN list that long would make SQLite build a temporary table (and a
 * page cache for it) on every run of the statement. */
#define ARTICLE_TYPES                                                                       \
    "',Article,NewsArticle,BlogPosting,ReportageNewsArticle,AnalysisNewsArticle,"         \
    "OpinionNewsArticle,ReviewNewsArticle,BackgroundNewsArticle,AskPublicNewsArticle,"     \
    "SatiricalArticle,TechArticle,ScholarlyArticle,SocialMediaPosting,LiveBlogPosting,"    \
    "DiscussionForumPosting,Report,AdvertiserContentArticle,MedicalScholarlyArticle,'"
#define IS_ARTICLE_TYPE(x) "(instr(" ARTICLE_TYPES ", ',' || " x " || ',') > 0)"

/* The connection lives as long as the process; it is closed at exit, so
 * that leak checkers (valgrind, LeakSanitizer) see everything freed. */
static void ld_close(void)
{
    sqlite3_finalize(ld_valid);
    sqlite3_finalize(ld_find);
    sqlite3_finalize(ld_fields);
    sqlite3_finalize(ld_authors);
    sqlite3_finalize(ld_path);
    sqlite3_close(ld_db);
    ld_valid = ld_find = ld_fields = ld_authors = ld_path = NULL;
    ld_db = NULL;
}

static int ld_open(void)
{
    if (ld_db)
        return 0;
    if (ld_broken)
        return -1;
    /* json_tree gives each "@type" with the path of the object it types,
     * so one pass over the document finds the article, whether its type is
     * a string or an array and wherever it sits (@graph, nested). */
    static const char find[] =
        "SELECT json_extract(?1, t.path) FROM json_tree(?1) AS t WHERE t.key = '@type' AND "
        "((t.type = 'text' AND " IS_ARTICLE_TYPE("t.value") ") OR (t.type = 'array' AND EXISTS "
        "(SELECT 1 FROM json_each(t.value) AS e WHERE e.type = 'text' AND "
        IS_ARTICLE_TYPE("e.value") "))) LIMIT 1";
    /* Authors and publishers are often given by reference (@graph); their
     * name is then that of the object with the same @id. */
#define NAME_OF_ID(id)                                                                  \
    "(SELECT json_extract(?2, o.path || '.name') FROM json_tree(?2) AS o "             \
    " WHERE o.key = '@id' AND o.value = " id " AND json_type(?2, o.path || '.name') = 'text' " \
    " LIMIT 1)"
    static const char fields[] =
        "SELECT json_extract(?1, '$.headline'), json_extract(?1, '$.datePublished'), "
        "json_extract(?1, '$.dateModified'), "
        "coalesce(json_extract(?1, '$.publisher.name'), "
        "         " NAME_OF_ID("json_extract(?1, '$.publisher.\"@id\"')") "), "
        "coalesce(json_extract(?1, '$.url'), json_extract(?1, '$.mainEntityOfPage.\"@id\"'), "
        "         CASE json_type(?1, '$.mainEntityOfPage') WHEN 'text' "
        "         THEN json_extract(?1, '$.mainEntityOfPage') END), "
        "json_extract(?1, '$.description'), "
        "CASE json_type(?1, '$.inLanguage') WHEN 'text' THEN json_extract(?1, '$.inLanguage') "
        "     WHEN 'object' THEN coalesce(json_extract(?1, '$.inLanguage.alternateName'), "
        "                                 json_extract(?1, '$.inLanguage.name')) END, "
        "json_extract(?1, '$.articleBody')";
    /* Authors by reference are looked up in one map of @id to name, built
     * in one pass over the document: a lookup per author that scanned the
     * document again made a page with n such authors take n² time. The
     * first object in document order with that @id and a text name wins. */
    static const char authors[] =
        "WITH t(id, parent, key, value, type) AS MATERIALIZED ("
        " SELECT id, parent, key, value, type FROM json_tree(?2) WHERE key IN ('@id', 'name')), "
        "names(ref, name, first) AS MATERIALIZED ("
        " SELECT i.value, n.value, min(i.id) FROM t AS i JOIN t AS n ON n.parent = i.parent "
        " WHERE i.key = '@id' AND n.key = 'name' AND n.type = 'text' GROUP BY i.value), "
        "a(name, id) AS ("
        " SELECT CASE e.type WHEN 'object' THEN json_extract(e.value, '$.name') "
        "                    WHEN 'text' THEN e.value END, "
        "        CASE e.type WHEN 'object' THEN json_extract(e.value, '$.\"@id\"') END "
        " FROM json_each(?1, '$.author') AS e WHERE json_type(?1, '$.author') = 'array' "
        " UNION ALL SELECT json_extract(?1, '$.author.name'), json_extract(?1, '$.author.\"@id\"') "
        " WHERE json_type(?1, '$.author') = 'object' "
        " UNION ALL SELECT json_extract(?1, '$.author'), NULL "
        " WHERE json_type(?1, '$.author') = 'text') "
        "SELECT coalesce(a.name, (SELECT name FROM names WHERE ref = a.id)) FROM a";
#undef NAME_OF_ID
    if (sqlite3_open_v2(":memory:", &ld_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(ld_db,
                           "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' "
                           "OR json_type(?1) = 'array' END",
                           -1, &ld_valid, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, "SELECT CASE WHEN json_valid(?1) THEN json_extract(?1, ?2) END",
                           -1, &ld_path, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, find, -1, &ld_find, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, fields, -1, &ld_fields, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ld_db, authors, -1, &ld_authors, NULL) != SQLITE_OK) {
        ld_close();
        ld_broken = 1;
        return -1;
    }
    atexit(ld_close);
    return 0;
}

static char *column(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? strdup((const char *)s) : NULL;
}

/* Decodes the HTML character references some sites leave in JSON-LD
 * strings ("Trump&#8217;s"), in place: a reference is never shorter than
 * the UTF-8 it stands for. */
static void decode_references(char *s)
{
    if (!s || !strchr(s, '&'))
        return;
    char *out = s;
    for (char *p = s; *p;) {
        char *semi = *p == '&' ? strchr(p, ';') : NULL;
        unsigned long cp = 0;
        if (semi && semi - p <= 12) {
            if (p[1] == '#') {
                char *end;
                cp = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &end, 16)
                                                  : strtoul(p + 2, &end, 10);
                if (end != semi)
                    cp = 0;
            } else {
                char name[16];
                memcpy(name, p + 1, (size_t)(semi - p - 1));
                name[semi - p - 1] = '\0';
                const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
                cp = d ? d->value : 0;
            }
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *out++ = *p++;
            continue;
        }
        if (cp < 0x80) {
            *out++ = (char)cp;
        } else if (cp < 0x800) {
            *out++ = (char)(0xC0 | (cp >> 6));
            *out++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *out++ = (char)(0xE0 | (cp >> 12));
            *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *out++ = (char)(0xF0 | (cp >> 18));
            *out++ = (char)(0x80 | ((cp >> 12) & 0x3F));
            *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *out++ = (char)(0x80 | (cp & 0x3F));
        }
        p = semi + 1;
    }
    *out = '\0';
}

/* The JSON text of a script, without the comment or CDATA wrappers old
 * pages put around it. */
static char *script_json(xmlNodePtr n)
{
    char *s = kb_extract_node_text(n);
    if (!s)
        return NULL;
    char *p = s;
    size_t len = strlen(p);
    for (int again = 1; again;) {
        again = 0;
        while (len && isspace((unsigned char)*p))
            p++, len--;
        while (len && (isspace((unsigned char)p[len - 1]) || p[len - 1] == ';'))
            len--;
        static const char *const opens[] = {"<!--", "//<![CDATA[", "<![CDATA["};
        static const char *const closes[] = {"-->", "//]]>", "]]>"};
        for (size_t i = 0; i < 3; i++) {
            size_t o = strlen(opens[i]), c = strlen(closes[i]);
            if (len >= o && strncmp(p, opens[i], o) == 0)
                p += o, len -= o, again = 1;
            if (len >= c && strncmp(p + len - c, closes[i], c) == 0)
                len -= c, again = 1;
        }
    }
    memmove(s, p, len);
    s[len] = '\0';
    return s;
}

static void join_author(kb_buf *b, const char *name, size_t index, size_t count)
{
    if (index)
        kb_buf_puts(b, index + 1 == count ? " and " : ", ");
    kb_buf_puts(b, name);
}

/* Reads the first article object of one JSON-LD script into a. Returns 1
 * when it found one. */
static int ld_read(const char *json, ld_article *a)
{
    int found = 0;
    sqlite3_bind_text(ld_valid, 1, json, -1, SQLITE_STATIC);
    int valid = sqlite3_step(ld_valid) == SQLITE_ROW && sqlite3_column_int(ld_valid, 0);
    sqlite3_reset(ld_valid);
    sqlite3_clear_bindings(ld_valid);
    if (!valid)
        return 0;
    sqlite3_bind_text(ld_find, 1, json, -1, SQLITE_STATIC);
    char *obj = sqlite3_step(ld_find) == SQLITE_ROW ? column(ld_find, 0) : NULL;
    sqlite3_reset(ld_find);
    sqlite3_clear_bindings(ld_find);
    if (!obj)
        return 0;
    sqlite3_bind_text(ld_fields, 1, obj, -1, SQLITE_STATIC);
    sqlite3_bind_text(ld_fields, 2, json, -1, SQLITE_STATIC);
    if (sqlite3_step(ld_fields) == SQLITE_ROW) {
        found = 1;
        a->headline = column(ld_fields, 0);
        a->published = column(ld_fields, 1);
        a->modified = column(ld_fields, 2);
        a->publisher = column(ld_fields, 3);
        a->url = column(ld_fields, 4);
        a->description = column(ld_fields, 5);
        a->lang = column(ld_fields, 6);
        a->body = column(ld_fields, 7);
    }
    sqlite3_reset(ld_fields);
    sqlite3_clear_bindings(ld_fields);

    sqlite3_bind_text(ld_authors, 1, obj, -1, SQLITE_STATIC);
    sqlite3_bind_text(ld_authors, 2, json, -1, SQLITE_STATIC);
    kb_strlist names = {NULL, 0, 0};
    while (sqlite3_step(ld_authors) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(ld_authors, 0);
        char *name = s ? kb_extract_clean((const char *)s) : NULL;
        if (!name)
            continue;
        decode_references(name);
        int dup = 0;
        for (size_t i = 0; i < names.len; i++)
            dup |= strcmp(names.items[i], name) == 0;
        if (!dup && names.len < 32)
            kb_strlist_add(&names, "%s", name);
        free(name);
    }
    sqlite3_reset(ld_authors);
    sqlite3_clear_bindings(ld_authors);
    if (names.len) {
        kb_buf b = KB_BUF_INIT;
        for (size_t i = 0; i < names.len; i++)
            join_author(&b, names.items[i], i, names.len);
        a->authors = kb_buf_take(&b);
    }
    kb_strlist_free(&names);
    free(obj);
    decode_references(a->headline);
    decode_references(a->publisher);
    decode_references(a->description);
    return found;
}

/* The article described by the page's JSON-LD, from the first script
 * that has one; scripts that are not valid JSON are passed over. */
void kb_jsonld_read(const page *pg, ld_article *a)
{
    if (!pg->nld)
        return;
    pthread_mutex_lock(&ld_lock);
    if (ld_open() == 0) {
        for (size_t i = 0; i < pg->nld; i++) {
            char *json = script_json(pg->ld[i]);
            int found = json && ld_read(json, a);
            free(json);
            if (found)
                break;
        }
    }
    pthread_mutex_unlock(&ld_lock);
}

/* The JSON-LD articleBody, when its text is plain (no markup) and the
 * page's own tree holds much less of it: pages that build their article
 * with JavaScript leave the tree without it. Its lines become paragraphs. */
#define LD_BODY_MIN 500

void kb_jsonld_prefer_body(kb_article *a, char *body, int *nomem)
{
    if (strchr(body, '<'))
        return;
    size_t have = a->text ? strlen(a->text) : 0, len = strlen(body);
    if (len < LD_BODY_MIN || have * 10 >= len * 3)
        return;
    decode_references(body);
    kb_buf b = KB_BUF_INIT;
    for (char *line = body; *line;) {
        size_t n = strcspn(line, "\r\n");
        char *para = kb_extract_clean_n(line, n);
        if (para) {
            if (b.len)
                kb_buf_puts(&b, "\n\n");
            kb_buf_puts(&b, para);
            free(para);
        }
        line += n;
        line += strspn(line, "\r\n");
    }
    if (b.len < LD_BODY_MIN) {
        kb_buf_free(&b);
        return;
    }
    char *text = kb_buf_take(&b);
    if (!text) {
        *nomem = 1;
        return;
    }
    free(a->text);
    a->text = text;
}

/* A value out of the JSON that Parse.ly's parsely-page meta tag holds. */
char *kb_jsonld_field(const char *json, const char *field)
{
    if (!json)
        return NULL;
    char *out = NULL, path[64];
    snprintf(path, sizeof path, "$.%s", field);
    pthread_mutex_lock(&ld_lock);
    if (ld_open() == 0) {
        sqlite3_bind_text(ld_path, 1, json, -1, SQLITE_STATIC);
        sqlite3_bind_text(ld_path, 2, path, -1, SQLITE_STATIC);
        if (sqlite3_step(ld_path) == SQLITE_ROW && sqlite3_column_type(ld_path, 0) == SQLITE_TEXT)
            out = strdup((const char *)sqlite3_column_text(ld_path, 0));
        sqlite3_reset(ld_path);
        sqlite3_clear_bindings(ld_path);
    }
    pthread_mutex_unlock(&ld_lock);
    return out;
}
