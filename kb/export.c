/* Exporting the base as data files, through libxml2's text writer (which does
 * the escaping), into a fresh directory that is checked against the grammar
 * and only then swapped in. */
/* renameat2 (Linux, glibc 2.28): the earlier export and the new one swap
 * places in one step. */
#define _GNU_SOURCE
#include "kb/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <libxml/xmlwriter.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/buf.h"
#include "kb/date.h"
#include "kb/fileio.h"
#include "kb/utf8.h"
#include "kb/xml.h"

typedef struct exporter {
    kb_db *db;
    const char *dir;   /* where the files are written: the fresh directory */
    const char *shown; /* the directory the user named, for messages */
    kb_error *err;
    kb_diags *diags;   /* values kb load would refuse */
    size_t files;
    kb_strlist names;  /* every file opened, relative to dir */
    kb_buf flagged;    /* flagged.data[i] is 1 when names[i] holds a refused value */
    kb_buf subject;    /* the thing being written ("source 'x'"), for messages */
    xmlTextWriterPtr w;
    FILE *out;      /* what w writes to */
    int write_errno; /* the first write that failed, 0 while none has */
    char *path;     /* the file being written */
    char *shown_path; /* the same, under shown */
} exporter;

#define X(s) ((const xmlChar *)(s))

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Names the thing being written; a slug changed behind kb's back is shown
 * clean, so that no message sends a terminal what the base holds. */
static void about(exporter *E, const char *kind, const char *slug)
{
    kb_buf_reset(&E->subject);
    kb_buf_printf(&E->subject, "%s '%s'", kind, slug ? slug : "");
    char *clean = kb_text_clean(E->subject.data, E->subject.len, NULL);
    if (clean) {
        kb_buf_reset(&E->subject);
        kb_buf_puts(&E->subject, clean);
        free(clean);
    }
}

/* What kb load would refuse is told once per value, and the export goes on,
 * so that one run lists every value to mend. The value itself is not shown:
 * it may hold what no terminal should be sent. */
static void refuse(exporter *E, const char *name, const char *what)
{
    while (E->flagged.len < E->names.len && kb_buf_append(&E->flagged, "", 1) == 0)
        ;
    if (E->names.len && E->flagged.len >= E->names.len)
        E->flagged.data[E->names.len - 1] = 1;
    kb_diags_add(E->diags, KB_SEV_ERROR, E->shown_path, 0,
                 E->subject.data ? E->subject.data : NULL, "%s %s", name, what);
}

/* kb stores clean text only (utf8.h); text that is not came in behind kb's
 * back, and kb load would refuse it or store it changed. */
static void check_clean(exporter *E, const char *name, const char *value)
{
    size_t n = strlen(value);
    if (kb_text_is_clean(value, n))
        return;
    refuse(E, name, kb_utf8_valid(value, n)
                        ? "holds a control character (kb keeps tab and newline only)"
                        : "holds ill-formed UTF-8");
}

static void elem(exporter *E, const char *name, const char *value)
{
    if (!value)
        return;
    check_clean(E, name, value);
    xmlTextWriterWriteElement(E->w, X(name), X(value));
}

static void attr(exporter *E, const char *name, const char *value)
{
    if (!value)
        return;
    check_clean(E, name, value);
    xmlTextWriterWriteAttribute(E->w, X(name), X(value));
}

/* The grammar checks a date's shape, kb load its calendar too. */
static void check_date(exporter *E, const char *name, const char *value, int moment)
{
    if (!value || (moment ? kb_datetime_valid(value) : kb_date_valid(value)))
        return;
    kb_buf what = KB_BUF_INIT;
    if (strlen(value) <= 40 && kb_text_is_clean(value, strlen(value)))
        kb_buf_printf(&what, "is '%s', no real date", value);
    else
        kb_buf_puts(&what, "is no real date");
    refuse(E, name, what.data ? what.data : "is no real date");
    kb_buf_free(&what);
}

static void date_elem(exporter *E, const char *name, const char *value, int moment)
{
    check_date(E, name, value, moment);
    elem(E, name, value);
}

static char *join(const char *dir, const char *name)
{
    kb_buf p = KB_BUF_INIT;
    kb_buf_printf(&p, "%s/%s", dir, name);
    return kb_buf_take(&p);
}

static kb_code make_subdir(exporter *E, const char *name)
{
    char *path = join(E->dir, name);
    kb_code rc = KB_OK;
    if (mkdir(path, 0777) != 0) {
        char *shown = join(E->shown, name);
        rc = kb_error_set_at(E->err, KB_ERR_IO, shown, 0, "cannot create directory: %s",
                             strerror(errno));
        free(shown);
    }
    free(path);
    return rc;
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

/* Opens E->out on name, relative to the export. */
static kb_code create_out(exporter *E, const char *name)
{
    free(E->path);
    free(E->shown_path);
    E->path = join(E->dir, name);
    E->shown_path = join(E->shown, name);
    E->write_errno = 0;
    /* listed before it exists, so that a failure removes it too */
    kb_strlist_add(&E->names, "%s", name);
    if (!(E->out = fopen(E->path, "w")))
        return kb_error_set_at(E->err, KB_ERR_IO, E->shown_path, 0, "cannot write: %s",
                               strerror(errno));
    return KB_OK;
}

static kb_code open_file(exporter *E, const char *name)
{
    kb_code rc = create_out(E, name);
    if (rc)
        return rc;
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

/* Closes E->out; what failed on the way to the disk, the closing included,
 * is told here. */
static kb_code finish_out(exporter *E)
{
    if (fflush(E->out) != 0 && !E->write_errno)
        E->write_errno = errno ? errno : EIO;
    /* a backup is on the disk before it replaces the earlier one */
    if (fsync(fileno(E->out)) != 0 && !E->write_errno && errno != EINVAL)
        E->write_errno = errno ? errno : EIO;
    if (fclose(E->out) != 0 && !E->write_errno)
        E->write_errno = errno ? errno : EIO;
    E->out = NULL;
    if (E->write_errno)
        return kb_error_set_at(E->err, KB_ERR_IO, E->shown_path, 0, "write failed: %s",
                               strerror(E->write_errno));
    return KB_OK;
}

/* Ends the data file. */
static kb_code close_file(exporter *E)
{
    if (!E->w)
        return KB_OK;
    xmlTextWriterEndElement(E->w);
    int rc = xmlTextWriterEndDocument(E->w);
    xmlFreeTextWriter(E->w);
    E->w = NULL;
    kb_code done = finish_out(E);
    if (done)
        return done;
    if (rc < 0)
        return kb_error_set_at(E->err, KB_ERR_IO, E->shown_path, 0, "write failed");
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
        about(E, kind, col(st, 1));
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
            date_elem(E, "released", col(st, 7), 0);
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
                check_clean(E, "amount", col(st, 10));
                xmlTextWriterWriteString(E->w, X(col(st, 10)));
                xmlTextWriterEndElement(E->w);
            }
            elem(E, "period", col(st, 13));
            elem(E, "status", col(st, 14));
            date_elem(E, "as-of", col(st, 15), 0);
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
        /* an ingested author's name may hold "; " itself: what splits off
         * blank is no author, and the grammar holds no empty one */
        char *one = strndup(p, n);
        if (one && one[strspn(one, " \t\n")])
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
                       "updated, ingested_from, guid, partial, "
                       "(SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM source_tags "
                       "  WHERE source_id = sources.id ORDER BY tag)) "
                       "FROM sources ORDER BY origin = 'ingested', slug",
                       &st);
    int opened = 0, ingested = 0;
    while (next_row(E, st, &rc)) {
        int is_ingested = strcmp(col(st, 1), "ingested") == 0;
        if (is_ingested && ingested % INGESTED_PER_FILE == 0) {
            if ((rc = close_file(E)))
                break;
            if (ingested == 0 && (rc = make_subdir(E, "ingested")))
                break;
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
        about(E, "source", col(st, 0));
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
        elem(E, "guid", col(st, 17));
        write_authors(E, col(st, 8));
        if (col(st, 9) || col(st, 14)) {
            xmlTextWriterStartElement(E->w, X("published"));
            attr(E, "raw", col(st, 14));
            if (col(st, 9)) {
                check_date(E, "published", col(st, 9), 1);
                check_clean(E, "published", col(st, 9));
                xmlTextWriterWriteString(E->w, X(col(st, 9)));
            }
            xmlTextWriterEndElement(E->w);
        }
        date_elem(E, "updated", col(st, 15), 1);
        date_elem(E, "retrieved", col(st, 10), 0);
        elem(E, "ingested-from", col(st, 16));
        elem(E, "lang", col(st, 11));
        for (const char *t = col(st, 19); t && *t;) {
            size_t n = strcspn(t, "\n");
            char *tag = strndup(t, n);
            elem(E, "tag", tag);
            free(tag);
            t += n + (t[n] == '\n');
        }
        if (sqlite3_column_int(st, 18))
        {
            xmlTextWriterStartElement(E->w, X("partial"));
            xmlTextWriterEndElement(E->w);
        }
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
    char *subject = NULL;
    while (next_row(E, st, &rc)) {
        if (!subject || strcmp(subject, col(st, 2)) != 0) {
            if ((rc = close_file(E)))
                break;
            if (!subject && (rc = make_subdir(E, "claims")))
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
        about(E, "claim", col(st, 1));
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
        date_elem(E, "as-of", col(st, 10), 0);
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
        about(E, "debate", col(st, 1));
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
        kb_buf rel = KB_BUF_INIT;
        kb_buf_printf(&rel, "%s %s %s", col(st, 0), col(st, 1), col(st, 2));
        about(E, "relation", rel.data);
        kb_buf_free(&rel);
        xmlTextWriterStartElement(E->w, X("relation"));
        check_date(E, "as-of", col(st, 4), 0);
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

static kb_code export_synonyms(exporter *E)
{
    sqlite3_stmt *st;
    kb_code rc = query(E, "SELECT term, alt FROM synonyms ORDER BY term, alt", &st);
    int opened = 0;
    kb_buf term = KB_BUF_INIT;
    while (next_row(E, st, &rc)) {
        if (!opened && (rc = open_file(E, "synonyms.xml")))
            break;
        opened = 1;
        if (!term.data || strcmp(term.data, col(st, 0)) != 0) {
            if (term.data)
                xmlTextWriterEndElement(E->w);
            kb_buf_reset(&term);
            kb_buf_puts(&term, col(st, 0));
            about(E, "synonym", term.data);
            xmlTextWriterStartElement(E->w, X("synonym"));
            attr(E, "term", term.data);
        }
        elem(E, "alt", col(st, 1));
    }
    if (opened && term.data && !rc)
        xmlTextWriterEndElement(E->w);
    kb_buf_free(&term);
    sqlite3_finalize(st);
    return rc ? rc : close_file(E);
}

static kb_code export_all(exporter *E)
{
    /* One read transaction: the files agree with each other. */
    kb_code rc = kb_db_begin_read(E->db, E->err);
    if (!rc)
        rc = export_entities(E, "companies.xml",
                             "LEFT JOIN companies c ON c.entity_id = e.id WHERE e.kind = 'company'", "c.ticker, c.hq, c.cloud");
    if (!rc)
        rc = export_entities(E, "models.xml",
                             "LEFT JOIN models m ON m.entity_id = e.id WHERE e.kind = 'model'",
                             "(SELECT slug FROM entities WHERE id = m.developer_id), m.family, "
                             "m.released, m.openness, m.license, m.parameters");
    if (!rc)
        rc = export_entities(E, "infrastructure.xml", "LEFT JOIN assets a ON a.entity_id = e.id WHERE e.kind = 'asset'",
                             "(SELECT slug FROM entities WHERE id = a.owner_id), a.asset_type, "
                             "a.location, a.capacity_mw, a.gpu_count, a.amount, a.amount_to, "
                             "a.currency, a.period, a.status, a.as_of");
    if (!rc)
        rc = export_entities(E, "entities.xml",
                             "WHERE e.kind NOT IN ('company', 'model', 'asset')", "");
    if (!rc)
        rc = export_sources(E);
    if (!rc)
        rc = export_claims(E);
    if (!rc)
        rc = export_debates(E);
    if (!rc)
        rc = export_relations(E);
    if (!rc)
        rc = export_synonyms(E);
    abandon_file(E);
    kb_db_rollback(E->db);
    return rc;
}

/* The manifest: how kb export knows a directory as one of its own, and which
 * files in it are its. */
#define MANIFEST_HEAD "kb export 1: kb export -o replaces this directory whole; its files:"

static int is_subdir(const char *name)
{
    return strcmp(name, "claims") == 0 || strcmp(name, "ingested") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static kb_code write_manifest(exporter *E)
{
    kb_code rc = create_out(E, KB_EXPORT_MANIFEST);
    if (rc)
        return rc;
    int ok = fprintf(E->out, "%s\n", MANIFEST_HEAD) >= 0;
    for (size_t i = 0; ok && i < E->names.len; i++)
        if (strcmp(E->names.items[i], KB_EXPORT_MANIFEST) != 0)
            ok = fprintf(E->out, "%s\n", E->names.items[i]) >= 0;
    if (!ok)
        E->write_errno = errno ? errno : EIO;
    return finish_out(E);
}

/* Reads every file written back as kb load reads it: the grammar, and the
 * size kb load takes. A file with a value refused already is not read: the
 * parser would only tell the same thing in its own words. */
static void validate(exporter *E)
{
    for (size_t i = 0; i < E->names.len; i++) {
        const char *name = E->names.items[i];
        if (strcmp(name, KB_EXPORT_MANIFEST) == 0 || (i < E->flagged.len && E->flagged.data[i]))
            continue;
        char *path = join(E->dir, name), *shown = join(E->shown, name);
        kb_error ferr;
        size_t len;
        char *data = kb_file_read(path, KB_MAX_FILE_BYTES, &len, &ferr);
        if (!data) {
            kb_diags_add(E->diags, KB_SEV_ERROR, shown, 0, NULL, "%s", ferr.message);
        } else {
            xmlDocPtr doc = kb_datafile_read(shown, data, len, E->diags);
            if (doc)
                xmlFreeDoc(doc);
            free(data);
        }
        free(path);
        free(shown);
    }
}

/* Removes the files of an export (names relative to dir), its two
 * subdirectories, and dir itself. Nothing else is touched: a directory that
 * holds more stays. Returns 0 when dir is gone. */
static int remove_export(const char *dir, const kb_strlist *names)
{
    for (size_t i = 0; i < names->len; i++) {
        char *p = join(dir, names->items[i]);
        unlink(p);
        free(p);
    }
    static const char *const subdirs[] = {"claims", "ingested"};
    for (size_t i = 0; i < 2; i++) {
        char *p = join(dir, subdirs[i]);
        rmdir(p);
        free(p);
    }
    return rmdir(dir);
}

/* Lists the regular files of dir/sub (sub NULL: dir itself) into found, as
 * names relative to dir; at the top, the two subdirectories an export makes
 * go into subdirs. Anything else (a symlink, a device, another directory) is
 * no file of an export's: its name goes into *foreign. -1 when the directory
 * cannot be read. */
static int list_entries(const char *dir, const char *sub, kb_strlist *found,
                        kb_strlist *subdirs, char **foreign)
{
    char *path = sub ? join(dir, sub) : strdup(dir);
    DIR *d = path ? opendir(path) : NULL;
    if (!d) {
        free(path);
        return -1;
    }
    struct dirent *e;
    while (!*foreign && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = join(path, e->d_name);
        char *rel = sub ? join(sub, e->d_name) : strdup(e->d_name);
        struct stat st;
        int got = rel && lstat(p, &st) == 0;
        if (got && S_ISREG(st.st_mode))
            kb_strlist_add(found, "%s", rel);
        else if (got && !sub && S_ISDIR(st.st_mode) && is_subdir(rel))
            kb_strlist_add(subdirs, "%s", rel);
        else {
            *foreign = rel;
            rel = NULL;
        }
        free(rel);
        free(p);
    }
    closedir(d);
    free(path);
    return 0;
}

/* Lists what dir holds into found (relative names), and tells whether kb may
 * replace it: when it is empty, or holds nothing but what its manifest lists.
 * Otherwise the first thing kb did not write is named in err. */
static kb_code may_replace(const char *dir, const char *shown, kb_strlist *found, kb_error *err)
{
    kb_strlist subdirs = {0};
    char *foreign = NULL;
    if (list_entries(dir, NULL, found, &subdirs, &foreign) != 0)
        return kb_error_set_at(err, KB_ERR_IO, shown, 0, "cannot read directory: %s",
                               strerror(errno));
    for (size_t i = 0; i < subdirs.len && !foreign; i++)
        if (list_entries(dir, subdirs.items[i], found, NULL, &foreign) != 0)
            foreign = strdup(subdirs.items[i]);
    int empty = found->len == 0 && subdirs.len == 0;
    kb_strlist_free(&subdirs);

    /* the manifest's own list, sorted, to look each file found up in */
    kb_strlist listed = {0};
    int marked = 0;
    if (!foreign && !empty) {
        char *mpath = join(dir, KB_EXPORT_MANIFEST);
        kb_error merr;
        size_t len;
        char *m = kb_file_read(mpath, KB_MAX_FILE_BYTES, &len, &merr);
        free(mpath);
        size_t head = strlen(MANIFEST_HEAD);
        if (m && strncmp(m, MANIFEST_HEAD, head) == 0 && m[head] == '\n') {
            marked = 1;
            for (char *line = m + head + 1; *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = '\0';
                if (*line)
                    kb_strlist_add(&listed, "%s", line);
                line = nl ? nl + 1 : line + strlen(line);
            }
            kb_strlist_add(&listed, "%s", KB_EXPORT_MANIFEST);
            qsort(listed.items, listed.len, sizeof *listed.items, cmp_str);
        }
        free(m);
        for (size_t i = 0; marked && i < found->len && !foreign; i++)
            if (!bsearch(&found->items[i], listed.items, listed.len, sizeof *listed.items,
                         cmp_str))
                foreign = strdup(found->items[i]);
    }
    kb_strlist_free(&listed);
    kb_code rc = KB_OK;
    if (foreign) {
        /* a name is bytes: shown clean, so that no terminal is sent what it holds */
        foreign = kb_text_clean_take(foreign);
        rc = kb_error_set_at(err, KB_ERR_REFUSED, shown, 0,
                             "holds '%s', which kb export did not write: kb export -o "
                             "replaces only an empty directory or an earlier export "
                             "(give a new or empty directory)", foreign ? foreign : "?");
    } else if (!empty && !marked) {
        rc = kb_error_set_at(err, KB_ERR_REFUSED, shown, 0,
                             "is not empty and is no earlier export (it has no %s): kb "
                             "export -o replaces only an empty directory or an earlier "
                             "export (give a new or empty directory)", KB_EXPORT_MANIFEST);
    }
    free(foreign);
    return rc;
}

/* A directory of kb's own beside base in parent, made with a new
 * directory's mode (the umask applies). NULL, errno set, when none can be
 * made. */
static char *make_fresh_dir(const char *parent, const char *base)
{
    for (int i = 0; i < 1000; i++) {
        kb_buf p = KB_BUF_INIT;
        kb_buf_printf(&p, "%s/.%s.kb-export-%ld-%d", parent, base, (long)getpid(), i);
        char *path = kb_buf_take(&p);
        if (mkdir(path, 0777) == 0)
            return path;
        int e = errno;
        free(path);
        if (e != EEXIST) {
            errno = e;
            return NULL;
        }
    }
    errno = EEXIST;
    return NULL;
}

static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Puts the export at tmp in place of target. With an earlier one there, both
 * swap places in one step where the system can (so that target is never
 * missing), else the earlier one is moved aside first; either way the earlier
 * export ends at *old, which the caller removes. */
static kb_code swap_in(const char *tmp, const char *target, int exists, const char *parent,
                       const char *base, const char *shown, char **old, kb_error *err)
{
    *old = NULL;
    if (!exists) {
        if (rename(tmp, target) != 0)
            return kb_error_set_at(err, KB_ERR_IO, shown, 0, "cannot create directory: %s",
                                   strerror(errno));
        sync_dir(parent);
        return KB_OK;
    }
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
        *old = strdup(tmp);
        sync_dir(parent);
        return *old ? KB_OK : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return kb_error_set_at(err, KB_ERR_IO, shown, 0, "cannot replace: %s", strerror(errno));
    /* rename replaces the empty directory made for it */
    char *a = make_fresh_dir(parent, base);
    if (!a || rename(target, a) != 0) {
        kb_code rc = kb_error_set_at(err, KB_ERR_IO, shown, 0, "cannot replace: %s",
                                     strerror(errno));
        if (a)
            rmdir(a);
        free(a);
        return rc;
    }
    if (rename(tmp, target) != 0) {
        kb_code rc = kb_error_set_at(err, KB_ERR_IO, shown, 0, "cannot replace: %s",
                                     strerror(errno));
        rename(a, target);
        free(a);
        return rc;
    }
    sync_dir(parent);
    *old = a;
    return KB_OK;
}

kb_code kb_export(kb_db *db, const char *dir, size_t *nfiles, kb_diags *diags, kb_error *err)
{
    kb_error_clear(err);
    if (nfiles)
        *nfiles = 0;
    kb_diags *own = diags ? NULL : kb_diags_new();
    if (!diags && !own)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    size_t errors_before = (diags ? diags : own)->errors;

    /* The directory replaced is the one dir names: through a symlink, its target. */
    struct stat st;
    int exists = stat(dir, &st) == 0;
    if (!exists && errno != ENOENT) {
        kb_diags_free(own);
        return kb_error_set_at(err, KB_ERR_IO, dir, 0, "%s", strerror(errno));
    }
    struct stat lst;
    if (!exists && lstat(dir, &lst) == 0) {
        kb_diags_free(own);
        return kb_error_set_at(err, KB_ERR_REFUSED, dir, 0,
                               "is a symlink that leads nowhere: give a new or empty directory");
    }
    if (exists && !S_ISDIR(st.st_mode)) {
        kb_diags_free(own);
        return kb_error_set_at(err, KB_ERR_REFUSED, dir, 0,
                               "is not a directory: give a new or empty directory");
    }
    char *target = exists ? realpath(dir, NULL) : strdup(dir);
    for (size_t n = target ? strlen(target) : 0; n > 1 && target[n - 1] == '/'; n--)
        target[n - 1] = '\0';
    char *pcopy = target ? strdup(target) : NULL;
    char *bcopy = target ? strdup(target) : NULL;
    kb_strlist old_files = {0};
    exporter E = {.db = db, .shown = dir, .err = err, .diags = diags ? diags : own};
    char *tmp = NULL, *old = NULL;
    kb_code rc = KB_OK;
    if (!target || !pcopy || !bcopy) {
        rc = exists && !target ? kb_error_set_at(err, KB_ERR_IO, dir, 0, "%s", strerror(errno))
                               : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
        goto done;
    }
    const char *parent = dirname(pcopy), *base = basename(bcopy);
    if (exists && (!strcmp(base, "/") || !strcmp(base, ".") || !strcmp(base, ".."))) {
        rc = kb_error_set_at(err, KB_ERR_REFUSED, dir, 0,
                             "cannot be replaced: give a new or empty directory");
        goto done;
    }
    if (exists && (rc = may_replace(target, dir, &old_files, err)))
        goto done;

    /* The new export is written beside the old, on the same file system, so
     * that the swap is a rename. */
    if (!(tmp = make_fresh_dir(parent, base))) {
        rc = kb_error_set_at(err, KB_ERR_IO, dir, 0, "cannot create a directory beside it: %s",
                             strerror(errno));
        goto done;
    }
    /* an earlier export's mode is kept; a new one has a new directory's */
    if (exists)
        chmod(tmp, st.st_mode & 07777);
    E.dir = tmp;
    rc = export_all(&E);
    if (!rc)
        validate(&E);
    size_t refused = E.diags->errors - errors_before;
    if (!rc && refused)
        rc = kb_error_set_at(err, KB_ERR_REFUSED, dir, 0,
                             "not exported: the base holds what kb load would refuse (%zu "
                             "error%s above); %s (mend it, e.g. with kb sql --write, and "
                             "export again)",
                             refused, refused == 1 ? "" : "s",
                             exists ? "the directory is as it was" : "no directory was made");
    if (!rc)
        rc = write_manifest(&E);
    if (!rc) {
        char *sub = join(tmp, "claims");
        sync_dir(sub);
        free(sub);
        sub = join(tmp, "ingested");
        sync_dir(sub);
        free(sub);
        sync_dir(tmp);
        rc = swap_in(tmp, target, exists, parent, base, dir, &old, err);
    }
    if (rc) {
        remove_export(tmp, &E.names);
    } else if (old && remove_export(old, &old_files) != 0) {
        rc = kb_error_set_at(err, KB_ERR_IO, dir, 0,
                             "the new export is in place, but the earlier one could not be "
                             "removed from %s: %s", old, strerror(errno));
    }
    if (!rc && nfiles)
        *nfiles = E.files;

done:
    kb_strlist_free(&old_files);
    kb_strlist_free(&E.names);
    kb_buf_free(&E.subject);
    kb_buf_free(&E.flagged);
    free(E.path);
    free(E.shown_path);
    free(tmp);
    free(old);
    free(target);
    free(pcopy);
    free(bcopy);
    kb_diags_free(own);
    return rc;
}
