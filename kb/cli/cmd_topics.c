/* kb topics: the topics of the claims and debates, with their counts. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/sqlout.h"
#include "kb/topics.h"

const cli_option cmd_topics_options[] = {
    {'F', "format", 0, "FORMAT", "text|csv|tsv|json|md", "how to print the list (text)", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_topics(int argc, char **argv, kb_cli *cli)
{
    kb_sql_options o = {.format = KB_SQL_TEXT, .header = 1, .null = ""};
    int c;
    while ((c = cli_getopt(argc, argv, cmd_topics_options)) != -1) {
        if (c != 'F')
            return cli_usage_error("topics");
        int f = cli_format(optarg, "topics");
        if (f < 0)
            return 2;
        o.format = f == FMT_JSON ? KB_SQL_JSON : f == FMT_CSV ? KB_SQL_CSV
                   : f == FMT_TSV ? KB_SQL_TSV : f == FMT_MD ? KB_SQL_MD : KB_SQL_TEXT;
    }
    if (optind < argc) {
        cli_error("topics takes no arguments");
        return cli_usage_error("topics");
    }
    kb_error err;
    sqlite3_stmt *st;
    if (kb_db_prepare(cli->db, KB_TOPICS_SQL, &st, &err)) {
        cli_error("%s", err.message);
        return cli_exit(err.code);
    }
    int first = 1;
    kb_code rc = kb_sqlout_rows(cli->db, st, &o, stdout, &first, &err);
    sqlite3_finalize(st);
    if (rc) {
        cli_error("%s", err.message);
        return cli_exit(rc);
    }
    return 0;
}
