/* kb's command line: what the dispatcher gives each command. */
#ifndef KB_CLI_H
#define KB_CLI_H

#include <stdio.h>

#include "kb/db.h"
#include "kb/error.h"

/* What a command needs opened before it runs. */
enum kb_db_need {
    KB_DB_NONE,
    KB_DB_READ,
    KB_DB_WRITE,
    KB_DB_CREATE,
    KB_DB_READ_UNLESS_WRITE /* read-only, unless the command is given --write */
};

typedef struct kb_cli {
    kb_db *db;           /* opened by the dispatcher as the command's flags ask */
    const char *db_path; /* --db, $KB_DB, or kb.db */
    int color_out;       /* color on stdout */
    int color_err;       /* color on stderr */
    int progress;        /* progress on stderr (a terminal) */
} kb_cli;

typedef int (*kb_cmd_fn)(int argc, char **argv, kb_cli *cli);

typedef struct kb_command {
    const char *name;
    kb_cmd_fn run;
    enum kb_db_need need;
    const char *summary;  /* one line, for kb help */
    const char *usage;    /* options and arguments */
    const char *examples; /* two or three real ones */
} kb_command;

/* main.c */
extern const kb_command kb_commands[];
const kb_command *cli_command(const char *name);
void cli_print_help(const kb_command *cmd, FILE *out);

/* util.c */
enum cli_format { FMT_TEXT = 1, FMT_JSON = 2, FMT_CSV = 4, FMT_MD = 8, FMT_TSV = 16 };

/* Parses a --format value among the allowed ones; -1 (after saying so) if not. */
int cli_format(const char *value, unsigned allowed, const char *cmd);

/* "kb: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit status for a library code: 0, 1 (run time), 2 (usage, refused input). */
int cli_exit(kb_code code);

/* Reports an unknown option (naming the closest one) or a missing value, and
 * where to read the usage; returns 2. */
int cli_usage_error(const char *cmd);

/* The same for an option typed as typed (when not parsing with getopt). */
int cli_bad_option(const char *cmd, const char *typed);

/* Remembers the command's arguments for cli_usage_error. */
void cli_set_args(int argc, char **argv);

/* Prints diagnostics as file:line: severity: message. */
void cli_print_diags(const kb_diags *d, FILE *out, int color);

/* Wraps text in an SGR color when on. */
const char *cli_sgr(int on, const char *code);

/* Command entry points, one per kb/cli/cmd_<name>.c. */
int cmd_init(int argc, char **argv, kb_cli *cli);
int cmd_load(int argc, char **argv, kb_cli *cli);
int cmd_rm(int argc, char **argv, kb_cli *cli);
int cmd_export(int argc, char **argv, kb_cli *cli);
int cmd_check(int argc, char **argv, kb_cli *cli);
int cmd_stats(int argc, char **argv, kb_cli *cli);
int cmd_schema(int argc, char **argv, kb_cli *cli);
int cmd_ingest(int argc, char **argv, kb_cli *cli);
int cmd_extract(int argc, char **argv, kb_cli *cli);
int cmd_search(int argc, char **argv, kb_cli *cli);
int cmd_show(int argc, char **argv, kb_cli *cli);
int cmd_reindex(int argc, char **argv, kb_cli *cli);
int cmd_sql(int argc, char **argv, kb_cli *cli);
int cmd_brief(int argc, char **argv, kb_cli *cli);
int cmd_help(int argc, char **argv, kb_cli *cli);

#endif
