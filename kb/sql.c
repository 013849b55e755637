/* Running analysts' SQL: a guard that refuses what would change the base
 * (an authorizer, so nothing runs before it is checked), a timeout for each
 * statement (a progress handler), and the statements one after another; with
 * --write, all of them in one transaction. */
#include "kb/sql.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kb/buf.h"
#include "kb/sqlout.h"
#include "internal.h"

typedef struct guard {
    int write;
    char refused[200];
    struct timespec start;
    double timeout;
    int timed_out;
} guard;

static int one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcasecmp(s, *list) == 0)
            return 1;
    return 0;
}

static int authorize(void *ctx, int action, const char *a, const char *b, const char *dbname,
                     const char *trigger)
{
    guard *g = ctx;
    (void)trigger;
    if (g->write) {
        if (action == SQLITE_FUNCTION && b && strcasecmp(b, "load_extension") == 0) {
            snprintf(g->refused, sizeof g->refused, "load_extension()");
            return SQLITE_DENY;
        }
        /* the statements run in one transaction of kb's: one of their own
         * would end it halfway */
        if (action == SQLITE_TRANSACTION) {
            snprintf(g->refused, sizeof g->refused, "%s", a ? a : "a transaction");
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    }
    /* PRAGMAs that read, with or without an argument naming what to read */
    static const char *const reading[] = {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
        "collation_list", "database_list", "function_list", "module_list", "pragma_list",
        "compile_options", NULL};
    static const char *const reading_bare[] = {
        "user_version", "schema_version", "application_id", "journal_mode", "page_size",
        "page_count", "freelist_count", "encoding", "foreign_keys", "data_version", NULL};
    const char *what = NULL;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        if (b && strcasecmp(b, "load_extension") == 0)
            what = "load_extension()";
        break;
    case SQLITE_PRAGMA:
        if (one_of(a, reading) || (one_of(a, reading_bare) && !b))
            return SQLITE_OK;
        if (!g->refused[0])
            snprintf(g->refused, sizeof g->refused, "PRAGMA %s%s%s", a ? a : "", b ? " = " : "",
                 b ? b : "");
        return SQLITE_DENY;
    case SQLITE_ATTACH: what = "ATTACH"; break;
    case SQLITE_DETACH: what = "DETACH"; break;
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return SQLITE_OK;
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        /* what goes to the temp schema changes nothing kept */
        if (dbname && strcmp(dbname, "temp") == 0)
            return SQLITE_OK;
        /* a schema change writes sqlite_schema before it names itself (DROP
         * TABLE, CREATE INDEX…): that later call refuses it, by its name;
         * the base is open read-only besides */
        if (a && (strcmp(a, "sqlite_master") == 0 || strcmp(a, "sqlite_schema") == 0))
            return SQLITE_OK;
        what = action == SQLITE_INSERT ? "INSERT" : action == SQLITE_UPDATE ? "UPDATE" : "DELETE";
        break;
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TRIGGER:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_TEMP_VIEW:
    case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_DROP_TEMP_TRIGGER:
        return SQLITE_OK;
    case SQLITE_CREATE_TABLE: what = "CREATE TABLE"; break;
    case SQLITE_CREATE_INDEX: what = "CREATE INDEX"; break;
    case SQLITE_CREATE_VIEW: what = "CREATE VIEW"; break;
    case SQLITE_CREATE_TRIGGER: what = "CREATE TRIGGER"; break;
    case SQLITE_CREATE_VTABLE: what = "CREATE VIRTUAL TABLE"; break;
    case SQLITE_DROP_TABLE: what = "DROP TABLE"; break;
    case SQLITE_DROP_INDEX: what = "DROP INDEX"; break;
    case SQLITE_DROP_VIEW: what = "DROP VIEW"; break;
    case SQLITE_DROP_TRIGGER: what = "DROP TRIGGER"; break;
    case SQLITE_DROP_VTABLE: what = "DROP VIRTUAL TABLE"; break;
    case SQLITE_ALTER_TABLE: what = "ALTER TABLE"; a = b; break;
    case SQLITE_REINDEX: what = "REINDEX"; break;
    case SQLITE_ANALYZE: what = "ANALYZE"; break;
    default:
        what = "a statement that changes the base";
        break;
    }
    if (!what)
        return SQLITE_OK;
    if (g->refused[0]) /* the first refusal says it best */
        return SQLITE_DENY;
    snprintf(g->refused, sizeof g->refused, "%s%s%s", what, a && action != SQLITE_FUNCTION ? " on " : "",
             a && action != SQLITE_FUNCTION ? a : "");
    return SQLITE_DENY;
}

static int progress(void *ctx)
{
    guard *g = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - g->start.tv_sec) + (now.tv_nsec - g->start.tv_nsec) / 1e9;
    if (g->timeout > 0 && dt > g->timeout) {
        g->timed_out = 1;
        return 1;
    }
    return 0;
}

/* Whether the statement at sql starts with VACUUM, white space and comments
 * before it: VACUUM asks the authorizer nothing at prepare time. */
static int is_vacuum(const char *sql)
{
    for (;;) {
        while (*sql == ' ' || (*sql >= '\t' && *sql <= '\r'))
            sql++;
        if (sql[0] == '-' && sql[1] == '-') {
            sql += strcspn(sql, "\n");
        } else if (sql[0] == '/' && sql[1] == '*') {
            const char *end = strstr(sql + 2, "*/");
            if (!end)
                return 0;
            sql = end + 2;
        } else {
            break;
        }
    }
    if (strncasecmp(sql, "VACUUM", 6) != 0)
        return 0;
    char c = sql[6];
    return !(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (unsigned char)c >= 0x80);
}

static kb_code refuse(const guard *g, kb_error *err)
{
    if (g->write)
        return kb_error_set(err, KB_ERR_INPUT,
                            "%s is refused (kb sql --write runs all its statements in one "
                            "transaction)",
                            g->refused);
    return kb_error_set(err, KB_ERR_INPUT,
                        "kb sql is read-only: %s refused (give --write to change the base)",
                        g->refused);
}

static void bind_params(sqlite3_stmt *st, const kb_sql_options *o)
{
    static const char sigils[] = ":@$";
    for (size_t i = 0; i < o->nparams; i++) {
        for (int s = 0; s < 3; s++) {
            char name[256];
            snprintf(name, sizeof name, "%c%s", sigils[s], o->params[i].name);
            int idx = sqlite3_bind_parameter_index(st, name);
            if (!idx)
                continue;
            const char *v = o->params[i].value;
            char *end;
            long long n = strtoll(v, &end, 10);
            if (*v && !*end && strspn(v, "-0123456789") == strlen(v)) {
                sqlite3_bind_int64(st, idx, n);
                continue;
            }
            double d = strtod(v, &end);
            if (*v && !*end && strspn(v, "-+.0123456789eE") == strlen(v))
                sqlite3_bind_double(st, idx, d);
            else
                sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
        }
    }
}

kb_code kb_sql_run(kb_db *db, const char *sql, const kb_sql_options *opts, FILE *out,
                   kb_error *err)
{
    kb_sql_options o = *opts;
    if (!o.null)
        o.null = "";
    guard g = {.write = o.write, .timeout = o.timeout};
    kb_error_clear(err);
    /* all or nothing: a statement that fails undoes those before it */
    if (o.write && kb_db_begin(db, err))
        return err->code;
    sqlite3_set_authorizer(db->sql, authorize, &g);
    sqlite3_progress_handler(db->sql, 4000, progress, &g);
    kb_code rc = KB_OK;
    const char *p = sql;
    int first_set = 1;
    while (rc == KB_OK && p && *p) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        g.refused[0] = '\0';
        clock_gettime(CLOCK_MONOTONIC, &g.start); /* the timeout is each statement's */
        int prc = sqlite3_prepare_v2(db->sql, p, -1, &st, &tail);
        if (prc != SQLITE_OK) {
            if (g.refused[0] && o.write && strcmp(g.refused, "load_extension()") == 0)
                rc = kb_error_set(err, KB_ERR_INPUT, "%s is refused", g.refused);
            else if (g.refused[0])
                rc = refuse(&g, err);
            else
                rc = kb_error_set(err, KB_ERR_INPUT, "%s", sqlite3_errmsg(db->sql));
            break;
        }
        if (st && !o.write && is_vacuum(p)) {
            sqlite3_finalize(st);
            snprintf(g.refused, sizeof g.refused, "VACUUM");
            rc = refuse(&g, err);
            break;
        }
        p = tail;
        if (!st)
            continue; /* white space or a comment */
        bind_params(st, &o);
        rc = kb_sqlout_rows(db, st, &o, out, &first_set, err);
        sqlite3_finalize(st);
        if (rc && g.timed_out)
            rc = kb_error_set(err, KB_ERR_REFUSED,
                              "interrupted: the query ran longer than %g s (--timeout)", o.timeout);
    }
    sqlite3_progress_handler(db->sql, 0, NULL, NULL);
    sqlite3_set_authorizer(db->sql, NULL, NULL);
    if (o.write && rc == KB_OK)
        rc = kb_db_commit(db, err);
    if (o.write && rc)
        kb_db_rollback(db);
    return rc;
}
