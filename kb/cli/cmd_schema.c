/* kb schema: the tables, views and columns explained; or the SQL itself, or
 * the data-file grammar, as compiled into kb. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/schema.h"

const cli_option cmd_schema_options[] = {
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json", 0},
    {'s', "sql", 0, NULL, NULL, "the SQL migrations themselves", 0},
    {'r', "rng", 0, NULL, NULL, "the RELAX NG grammar of the data files", 0},
    {'c', "check", 0, NULL, NULL,
     "name on stderr the tables and columns that have no description,\n"
     "printing nothing else (exit 1 when there is any)", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_schema(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    int what = 0, format = FMT_TEXT, check = 0, c;
    while ((c = cli_getopt(argc, argv, cmd_schema_options)) != -1) {
        switch (c) {
        case 's': what = 's'; break;
        case 'r': what = 'r'; break;
        case 'c': check = 1; break;
        case 'f':
            if ((format = cli_format(optarg, "schema")) < 0)
                return 2;
            break;
        default: return cli_usage_error("schema");
        }
    }
    if (what == 'r') {
        fputs((const char *)kb_embedded("kb.rng")->data, stdout);
        return 0;
    }
    if (what == 's') {
        for (int v = 1; v <= kb_db_schema_version(); v++) {
            const kb_embedded_file *f = kb_db_migration(v);
            if (f)
                fputs((const char *)f->data, stdout);
        }
        return 0;
    }
    kb_buf out = KB_BUF_INIT;
    kb_strlist missing = {0};
    kb_error err;
    kb_code rc = kb_schema_describe(&out, format == FMT_JSON, &missing, &err);
    if (rc) {
        cli_error("%s", err.message);
        kb_buf_free(&out);
        return cli_exit(rc);
    }
    if (!check)
        fputs(out.data ? out.data : "", stdout);
    for (size_t i = 0; check && i < missing.len; i++)
        fprintf(stderr, "kb: schema: no description for %s\n", missing.items[i]);
    int status = check && missing.len ? 1 : 0;
    kb_buf_free(&out);
    kb_strlist_free(&missing);
    return status;
}
