/* kb sql: plain SQL on the base, read-only unless --write. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kb/fileio.h"
#include "kb/sql.h"

const cli_option cmd_sql_options[] = {
    {'F', "format", 0, "FORMAT", "text|csv|tsv|json|md",
     "text (default: an aligned table), csv, tsv, json or md", 0},
    {'h', "header", 0, NULL, NULL, "column names (the default)", 0},
    {'H', "no-header", 0, NULL, NULL, "no column names", 0},
    {'N', "null", 0, "TEXT", NULL, "how NULL prints (default: empty)", 0},
    {'p', "param", 0, "NAME=VALUE", NULL, "binds :NAME (numbers bind as numbers)", CLI_OPT_REPEAT},
    {'t', "timeout", 0, "SECONDS", NULL,
     "interrupt a statement after this long\n"
     "(default 5 read-only, none with --write)", 0},
    {'w', "write", 0, NULL, NULL, "allow statements that change the base", CLI_OPT_WRITE},
    {'f', "file", 'f', "FILE", NULL, "read the SQL from FILE", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_sql(int argc, char **argv, kb_cli *cli)
{
    kb_sql_options o = {.format = KB_SQL_TEXT, .header = 1, .null = "", .timeout = -1};
    kb_sql_param params[64];
    const char *file = NULL;
    int c;
    while ((c = cli_getopt(argc, argv, cmd_sql_options)) != -1) {
        switch (c) {
        case 'F': {
            int f = cli_format(optarg, "sql");
            if (f < 0)
                return 2;
            o.format = f == FMT_JSON ? KB_SQL_JSON : f == FMT_CSV ? KB_SQL_CSV
                       : f == FMT_TSV ? KB_SQL_TSV : f == FMT_MD ? KB_SQL_MD : KB_SQL_TEXT;
            break;
        }
        case 'h': o.header = 1; break;
        case 'H': o.header = 0; break;
        case 'N': o.null = optarg; break;
        case 'w': o.write = 1; break;
        case 'f': file = optarg; break;
        case 'p': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || o.nparams == 64) {
                cli_error("sql: --param takes name=value, not '%s'", optarg);
                return 2;
            }
            *eq = '\0';
            params[o.nparams].name = optarg[0] == ':' ? optarg + 1 : optarg;
            params[o.nparams].value = eq + 1;
            o.nparams++;
            break;
        }
        case 't': {
            char *end;
            o.timeout = strtod(optarg, &end);
            if (*end || o.timeout < 0) {
                cli_error("sql: --timeout takes seconds (0 for none), not '%s'", optarg);
                return 2;
            }
            break;
        }
        default: return cli_usage_error("sql");
        }
    }
    o.params = params;
    o.terminal = isatty(STDOUT_FILENO);
    if (o.timeout < 0) /* a runaway read stops by itself; a write runs to its end */
        o.timeout = o.write ? 0 : 5;
    int args = argc - optind;
    if ((file && args) || (!file && args != 1)) {
        cli_error("sql: give one query, -f FILE, or - to read standard input");
        return cli_usage_error("sql");
    }
    char *sql = NULL;
    kb_error err;
    size_t len;
    const char *from = file ? file : argv[optind];
    if (file || strcmp(argv[optind], "-") == 0) {
        sql = kb_file_read(from, 16u << 20, &len, &err);
        if (!sql) {
            cli_error("%s: %s", from, err.message);
            return cli_exit_io(err.code);
        }
    } else {
        sql = strdup(argv[optind]);
    }
    kb_code rc = kb_sql_run(cli->db, sql, &o, stdout, &err);
    free(sql);
    if (rc)
        cli_error("%s", err.message);
    return cli_exit(rc);
}
