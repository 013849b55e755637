/* Exporting the base as data files, through libxml2's text writer (which does
 * the escaping). */
#include "kb/export.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/buf.h"

typedef struct exporter {
    kb_db *db;
    const char *dir;
    kb_error *err;
    size_t files;
    xmlTextWriterPtr w;
    FILE *out;      /* what w writes to */
    int write_errno; /* the first write that failed, 0 while none has */
    char *path;     /* the file being written */
} exporter;

#define X(s) ((const xmlChar *)(s))

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void elem(exporter *E, const char *name, const char *value)
{
    if (value)
        xmlTextWriterWriteElement(E->w, X(name), X(value));
}

static void attr(exporter *E, const char *name, const char *value)
{
    if (value)
        xmlTextWriterWriteAttribute(E->w, X(name), X(value));
}

static kb_code make_dir(const char *path, kb_error *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return kb_error_set_at(err, KB_ERR_IO, path, 0, "cannot create directory: %s",
                               strerror(errno));
    return KB_OK;
}

/* libxml2 prints a failed write on stderr itself: the writer is told every
 * write went well, and the first failure is kept for close_file to report. */
static int write_out(void *ctx, const char *buf, int len)
{
    exporter *E = ctx;
    if (len > 0 && !E->write_errno && fwrite(buf, 1, (size_t)len, E->out) != (size_t)len)
        E->write_errno = errno ? errno : EIO;
    return len;
}

static kb_code open_file(exporter *E, const char *name)
{
    kb_buf p = KB_BUF_INIT;
    kb_buf_printf(&p, "%s/%s", E->dir, name);
    free(E->path);
    E->path = kb_buf_take(&p);
    E->write_errno = 0;
    if (!(E->out = fopen(E->path, "w")))
        return kb_error_set_at(E->err, KB_ERR_IO, E->path, 0, "cannot write: %s",
                               strerror(errno));
    xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(write_out, NULL, E, NULL);
    E->w = buf ? xmlNewTextWriter(buf) : NULL;
    if (!E->w) {
        if (buf)
            xmlOutputBufferClose(buf);
        fclose(E->out);
        E->out = NULL;
        return kb_error_set(E->err, KB_ERR_NOMEM, "out of memory");
    }
    xmlTextWriterSetIndent(E->w, 1);
    xmlTextWriterSetIndentString(E->w, X("  "));
    xmlTextWriterStartDocument(E->w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(E->w, X("kb"));
    attr(E, "version", "1");
    return KB_OK;
}

/* Ends the file; what failed on the way to the disk, the closing included,
 * is told here. */
static kb_code close_file(exporter *E)
{
    if (!E->w)
        return KB_OK;
    xmlTextWriterEndElement(E->w);
    int rc = xmlTextWriterEndDocument(E->w);
    xmlFreeTextWriter(E->w);
    E->w = NULL;
    if (fflush(E->out) != 0 && !E->write_errno)
        E->write_errno = errno ? errno : EIO;
    if (fclose(E->out) != 0 && !E->write_errno)
        E->write_errno = errno ? errno : EIO;
    E->out = NULL;
    if (E->write_errno)
        return kb_error_set_at(E->err, KB_ERR_IO, E->path, 0, "write failed: %s",
                               strerror(E->write_errno));
    if (rc < 0)
        return kb_error_set_at(E->err, KB_ERR_IO, E->path, 0, "write failed");
    E->files++;
    return KB_OK;
}

/* Ends a file left open by a failure; the failure is told already. */
static void abandon_file(exporter *E)
{
    if (E->w)
        xmlFreeTextWriter(E->w);
    if (E->out)
        fclose(E->out);
    E->w = NULL;
    E->out = NULL;
}

/* Steps st: 1 while there is a row; a failure of the base stops the export
 * in *rc, so that half a table is never written as the whole. */
static int next_row(exporter *E, sqlite3_stmt *st, kb_code *rc)
{
    if (*rc)
        return 0;
    int s = kb_db_step(E->db, st, E->err);
    if (s == SQLITE_ROW)
        return 1;
    if (s != SQLITE_DONE)
        *rc = KB_ERR_DB;
    return 0;
}

static kb_code query(exporter *E, const char *sql, sqlite3_stmt **st)
{
    return kb_db_prepare(E->db, sql, st, E->err);
}

/* Entities. */

static void write_aliases(exporter *E, sqlite3_stmt *al, long long id, kb_code *rc)
{
    sqlite3_reset(al);
    sqlite3_bind_int64(al, 1, id);
    while (next_row(E, al, rc))
        elem(E, "alias", col(al, 0));
}

static kb_code export_entities(exporter *E, const char *file, const char *where,
                               const char *details)
{
    sqlite3_stmt *st = NULL, *al = NULL;
    kb_buf sql = KB_BUF_INIT;
    kb_buf_printf(&sql, "SELECT e.id, e.slug, e.kind, e.name, e.description%s%s "
                        "FROM entities e %s ORDER BY e.slug",
                  details[0] ? ", " : "", details, where);
    kb_code rc = query(E, sql.data, &st);
    if (!rc)
        rc = query(E, "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY alias", &al);
    kb_buf_free(&sql);
    int opened = 0;
    while (next_row(E, st, &rc)) {
        if (!opened && (rc = open_file(E, file)))
            break;
        opened = 1;
        const char *kind = col(st, 2);
        int generic = strcmp(kind, "company") && strcmp(kind, "model") && strcmp(kind, "asset");
        xmlTextWriterStartElement(E->w, X(generic ? "entity" : kind));
        if (generic)
            attr(E, "kind", kind);
        attr(E, "slug", col(st, 1));
        elem(E, "name", col(st, 3));
        write_aliases(E, al, sqlite3_column_int64(st, 0), &rc);
        elem(E, "description", col(st, 4));
        if (!strcmp(kind, "company")) {
            elem(E, "ticker", col(st, 5));
            elem(E, "hq", col(st, 6));
            elem(E, "cloud", col(st, 7));
        } else if (!strcmp(kind, "model")) {
            xmlTextWriterStartElement(E->w, X("developer"));
            attr(E, "ref", col(st, 5));
            xmlTextWriterEndElement(E->w);
            elem(E, "family", col(st, 6));
            elem(E, "released", col(st, 7));
            elem(E, "openness", col(st, 8));
            elem(E, "license", col(st, 9));
            elem(E, "parameters", col(st, 10));
        } else if (!strcmp(kind, "asset")) {
            xmlTextWriterStartElement(E->w, X("owner"));
            attr(E, "ref", col(st, 5));
            xmlTextWriterEndElement(E->w);
            elem(E, "type", col(st, 6));
            elem(E, "location", col(st, 7));
            if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
                char mw[64];
                snprintf(mw, sizeof mw, "%.15g", sqlite3_column_double(st, 8));
                elem(E, "capacity-mw", mw);
            }
            elem(E, "gpus", col(st, 9));
            if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
                xmlTextWriterStartElement(E->w, X("amount"));
                attr(E, "currency", col(st, 12));
                attr(E, "to", col(st, 11));
                xmlTextWriterWriteString(E->w, X(col(st, 10)));
                xmlTextWriterEndElement(E->w);
            }
            elem(E, "period", col(st, 13));
            elem(E, "status", col(st, 14));
            elem(E, "as-of", col(st, 15));
        }
        xmlTextWriterEndElement(E->w);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(al);
    return rc ? rc : close_file(E);
}

/* Sources. */

static void write_authors(exporter *E, const char *authors)
{
    if (!authors)
        return;
    const char *p = authors;
    while (*p) {
        const char *sep = strstr(p, "; ");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        char *one = strndup(p, n);
        elem(E, "author", one);
        free(one);
        p += n + (sep ? 2 : 0);
    }
}

/* Curated sources go to sources.xml; ingested ones, which may be many and
 * long, to ingested/NNNN.xml, a few hundred a file, so that every file stays
 * far below what kb load reads. */
enum { INGESTED_PER_FILE = 500 };

static kb_code export_sources(exporter *E)
{
    sqlite3_stmt *st;
    kb_code rc = query(E,
                       "SELECT slug, origin, source_type, url, title, publisher, via, original_url, "
                       "author, published, retrieved, lang, description, text, published_raw, "
                       "updated, ingested_from FROM sources ORDER BY origin = 'ingested', slug",
                       &st);
    int opened = 0, ingested = 0;
    while (next_row(E, st, &rc)) {
        int is_ingested = strcmp(col(st, 1), "ingested") == 0;
        if (is_ingested && ingested % INGESTED_PER_FILE == 0) {
            if ((rc = close_file(E)))
                break;
            if (ingested == 0) {
                kb_buf d = KB_BUF_INIT;
                kb_buf_printf(&d, "%s/ingested", E->dir);
                rc = make_dir(d.data, E->err);
                kb_buf_free(&d);
                if (rc)
                    break;
            }
            char name[64];
            snprintf(name, sizeof name, "ingested/%04d.xml", ingested / INGESTED_PER_FILE + 1);
            if ((rc = open_file(E, name)))
                break;
            opened = 1;
        }
        ingested += is_ingested;
        if (!opened && (rc = open_file(E, "sources.xml")))
            break;
        opened = 1;
        xmlTextWriterStartElement(E->w, X("source"));
        attr(E, "slug", col(st, 0));
        if (strcmp(col(st, 1), "curated") != 0)
            attr(E, "origin", col(st, 1));
        attr(E, "type", col(st, 2));
        elem(E, "url", col(st, 3));
        elem(E, "title", col(st, 4));
        elem(E, "publisher", col(st, 5));
        elem(E, "via", col(st, 6));
        elem(E, "original-url", col(st, 7));
        write_authors(E, col(st, 8));
        if (col(st, 9) || col(st, 14)) {
            xmlTextWriterStartElement(E->w, X("published"));
            attr(E, "raw", col(st, 14));
            if (col(st, 9))
                xmlTextWriterWriteString(E->w, X(col(st, 9)));
            xmlTextWriterEndElement(E->w);
        }
        elem(E, "updated", col(st, 15));
        elem(E, "retrieved", col(st, 10));
        elem(E, "ingested-from", col(st, 16));
        elem(E, "lang", col(st, 11));
        elem(E, "description", col(st, 12));
        elem(E, "text", col(st, 13));
        xmlTextWriterEndElement(E->w);
    }
    sqlite3_finalize(st);
    return rc ? rc : close_file(E);
}

/* Claims, one file per subject, as analysts keep them. */

static kb_code export_claims(exporter *E)
{
    sqlite3_stmt *st = NULL, *inv = NULL, *cit = NULL;
    kb_code rc = query(E,
                       "SELECT c.id, c.slug, e.slug, c.topic, c.claim_kind, c.status, c.stance, "
                       "c.rank, c.statement, c.asserted_by, c.as_of FROM claims c "
                       "JOIN entities e ON e.id = c.subject_id ORDER BY e.slug, c.slug", &st);
    if (!rc)
        rc = query(E, "SELECT e.slug FROM claim_entities ce JOIN entities e ON e.id = ce.entity_id "
                      "WHERE ce.claim_id = ?1 ORDER BY e.slug", &inv);
    if (!rc)
        rc = query(E, "SELECT s.slug, ci.quote FROM citations ci JOIN sources s ON s.id = ci.source_id "
                      "WHERE ci.claim_id = ?1 ORDER BY ci.position, s.slug", &cit);
    kb_buf dir = KB_BUF_INIT;
    kb_buf_printf(&dir, "%s/claims", E->dir);
    char *subject = NULL;
    while (next_row(E, st, &rc)) {
        if (!subject || strcmp(subject, col(st, 2)) != 0) {
            if ((rc = close_file(E)))
                break;
            if (!subject && (rc = make_dir(dir.data, E->err)))
                break;
            free(subject);
            subject = strdup(col(st, 2));
            kb_buf name = KB_BUF_INIT;
            kb_buf_printf(&name, "claims/%s.xml", subject);
            rc = open_file(E, name.data);
            kb_buf_free(&name);
            if (rc)
                break;
        }
        xmlTextWriterStartElement(E->w, X("claim"));
        attr(E, "slug", col(st, 1));
        attr(E, "subject", col(st, 2));
        attr(E, "topic", col(st, 3));
        attr(E, "kind", col(st, 4));
        attr(E, "status", col(st, 5));
        attr(E, "stance", col(st, 6));
        attr(E, "rank", col(st, 7));
        elem(E, "statement", col(st, 8));
        elem(E, "asserted-by", col(st, 9));
        elem(E, "as-of", col(st, 10));
        long long id = sqlite3_column_int64(st, 0);
        sqlite3_reset(inv);
        sqlite3_bind_int64(inv, 1, id);
        while (next_row(E, inv, &rc)) {
            xmlTextWriterStartElement(E->w, X("involves"));
            attr(E, "ref", col(inv, 0));
            xmlTextWriterEndElement(E->w);
        }
        sqlite3_reset(cit);
        sqlite3_bind_int64(cit, 1, id);
        while (next_row(E, cit, &rc)) {
            xmlTextWriterStartElement(E->w, X("cite"));
            attr(E, "source", col(cit, 0));
            elem(E, "quote", col(cit, 1));
            xmlTextWriterEndElement(E->w);
        }
        xmlTextWriterEndElement(E->w);
    }
    free(subject);
    kb_buf_free(&dir);
    sqlite3_finalize(st);
    sqlite3_finalize(inv);
    sqlite3_finalize(cit);
    return rc ? rc : close_file(E);
}

/* Debates and relations. */

static kb_code export_debates(exporter *E)
{
    sqlite3_stmt *st = NULL, *sides = NULL, *args = NULL;
    kb_code rc = query(E,
                       "SELECT d.id, d.slug, e.slug, d.topic, d.question, d.description "
                       "FROM debates d JOIN entities e ON e.id = d.subject_id ORDER BY d.slug", &st);
    if (!rc)
        rc = query(E, "SELECT id, slug, label, summary FROM debate_sides WHERE debate_id = ?1 "
                      "ORDER BY position, slug", &sides);
    if (!rc)
        rc = query(E, "SELECT c.slug FROM arguments a JOIN claims c ON c.id = a.claim_id "
                      "WHERE a.side_id = ?1 ORDER BY a.position, c.slug", &args);
    int opened = 0;
    while (next_row(E, st, &rc)) {
        if (!opened && (rc = open_file(E, "debates.xml")))
            break;
        opened = 1;
        xmlTextWriterStartElement(E->w, X("debate"));
        attr(E, "slug", col(st, 1));
        attr(E, "subject", col(st, 2));
        attr(E, "topic", col(st, 3));
        elem(E, "question", col(st, 4));
        elem(E, "description", col(st, 5));
        sqlite3_reset(sides);
        sqlite3_bind_int64(sides, 1, sqlite3_column_int64(st, 0));
        while (next_row(E, sides, &rc)) {
            xmlTextWriterStartElement(E->w, X("side"));
            attr(E, "slug", col(sides, 1));
            elem(E, "label", col(sides, 2));
            elem(E, "summary", col(sides, 3));
            sqlite3_reset(args);
            sqlite3_bind_int64(args, 1, sqlite3_column_int64(sides, 0));
            while (next_row(E, args, &rc)) {
                xmlTextWriterStartElement(E->w, X("argument"));
                attr(E, "claim", col(args, 0));
                xmlTextWriterEndElement(E->w);
            }
            xmlTextWriterEndElement(E->w);
        }
        xmlTextWriterEndElement(E->w);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(sides);
    sqlite3_finalize(args);
    return rc ? rc : close_file(E);
}

static kb_code export_relations(exporter *E)
{
    sqlite3_stmt *st;
    kb_code rc = query(E,
                       "SELECT f.slug, r.rel_type, t.slug, s.slug, r.as_of, r.note FROM relations r "
                       "JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id "
                       "JOIN sources s ON s.id = r.source_id ORDER BY f.slug, r.rel_type, t.slug",
                       &st);
    int opened = 0;
    while (next_row(E, st, &rc)) {
        if (!opened && (rc = open_file(E, "relations.xml")))
            break;
        opened = 1;
        xmlTextWriterStartElement(E->w, X("relation"));
        attr(E, "from", col(st, 0));
        attr(E, "type", col(st, 1));
        attr(E, "to", col(st, 2));
        attr(E, "source", col(st, 3));
        attr(E, "as-of", col(st, 4));
        elem(E, "note", col(st, 5));
        xmlTextWriterEndElement(E->w);
    }
    sqlite3_finalize(st);
    return rc ? rc : close_file(E);
}

kb_code kb_export(kb_db *db, const char *dir, size_t *nfiles, kb_error *err)
{
    exporter E = {.db = db, .dir = dir, .err = err};
    kb_error_clear(err);
    kb_code rc = make_dir(dir, err);
    /* One read transaction: the files agree with each other. */
    if (!rc)
        rc = kb_db_begin_read(db, err);
    if (!rc)
        rc = export_entities(&E, "companies.xml",
                             "LEFT JOIN companies c ON c.entity_id = e.id WHERE e.kind = 'company'", "c.ticker, c.hq, c.cloud");
    if (!rc)
        rc = export_entities(&E, "models.xml",
                             "LEFT JOIN models m ON m.entity_id = e.id WHERE e.kind = 'model'",
                             "(SELECT slug FROM entities WHERE id = m.developer_id), m.family, "
                             "m.released, m.openness, m.license, m.parameters");
    if (!rc)
        rc = export_entities(&E, "infrastructure.xml", "LEFT JOIN assets a ON a.entity_id = e.id WHERE e.kind = 'asset'",
                             "(SELECT slug FROM entities WHERE id = a.owner_id), a.asset_type, "
                             "a.location, a.capacity_mw, a.gpu_count, a.amount, a.amount_to, "
                             "a.currency, a.period, a.status, a.as_of");
    if (!rc)
        rc = export_entities(&E, "entities.xml",
                             "WHERE e.kind NOT IN ('company', 'model', 'asset')", "");
    if (!rc)
        rc = export_sources(&E);
    if (!rc)
        rc = export_claims(&E);
    if (!rc)
        rc = export_debates(&E);
    if (!rc)
        rc = export_relations(&E);
    abandon_file(&E);
    kb_db_rollback(db);
    free(E.path);
    if (nfiles)
        *nfiles = E.files;
    return rc;
}
