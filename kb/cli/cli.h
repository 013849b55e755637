/* kb's command line: what the dispatcher gives each command. */
#ifndef KB_CLI_H
#define KB_CLI_H

#include <stdio.h>

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"
#include "kb/kind.h"

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

/* Flags of an option. */
enum {
    CLI_OPT_REPEAT = 1, /* may be given more than once, each value counting */
    CLI_OPT_WRITE = 2,  /* asks for a read-write base (KB_DB_READ_UNLESS_WRITE) */
    CLI_OPT_OPEN = 4    /* values lists the usual values, not all the accepted ones */
};

/* One option of a command, declared once: the parsing, the usage, the "did
 * you mean", the completion and the man page all come from it. */
typedef struct cli_option {
    int id;             /* what cli_getopt returns for it */
    const char *name;   /* the long name, without "--"; NULL ends a table */
    char letter;        /* the short form, or 0 */
    const char *arg;    /* the value's placeholder, NULL when it takes none */
    const char *values; /* the values it takes, "a|b|c", or NULL */
    const char *help;   /* what it does; lines after the first are continued */
    unsigned flags;     /* CLI_OPT_* */
} cli_option;

typedef struct kb_command {
    const char *name;
    kb_cmd_fn run;
    enum kb_db_need need;
    const cli_option *options; /* its option table */
    const char *summary;       /* one line, for kb help */
    const char *synopsis;      /* kb NAME [options] ARGS */
    const char *operands;      /* what the arguments are, or NULL */
    const char *notes;         /* said after the options, or NULL */
    const char *examples;      /* two or three real ones */
} kb_command;

/* main.c */
extern const kb_command kb_commands[];
extern const cli_option cli_global_options[];
const kb_command *cli_command(const char *name);

/* options.c */

/* Like getopt_long over a command's option table: the id of the next option
 * (its value in optarg), -1 when none is left (optind is then the first
 * operand), '?' for an unknown option and ':' for a missing value, which
 * cli_usage_error reports. Options and operands may be mixed. */
int cli_getopt(int argc, char **argv, const cli_option *opts);

/* The same, stopping at the first operand (the global options). */
int cli_getopt_in_order(int argc, char **argv, const cli_option *opts);

/* The entry of table opts with that long name, or NULL. */
const cli_option *cli_option_named(const cli_option *opts, const char *name);

/* The entry whose short letter is c, or NULL. */
const cli_option *cli_option_letter(const cli_option *opts, int c);

/* Whether value is one of the option's values ("a|b|c"). */
int cli_option_takes(const cli_option *o, const char *value);

/* "a, b or c": the option's values, for a message. */
void cli_option_values_said(const cli_option *o, char *out, size_t size);

/* Whether argv (a command's arguments, argv[0] the command) gives an option
 * flagged CLI_OPT_WRITE, as the command's own parsing will read it. */
int cli_asks_write(int argc, char **argv, const cli_option *opts);

/* Whether argv (as for cli_asks_write) asks for the command's help with
 * --help or -h, given as an option and not as another option's value. */
int cli_asks_help(int argc, char **argv, const cli_option *opts);

/* Reports what the last cli_getopt refused, an unknown option (naming the
 * closest one) or a missing value, and where to read the usage; cmd is the
 * command, NULL for kb's own options. Returns 2. */
int cli_usage_error(const char *cmd);

/* The same for an option as typed (when not parsing with cli_getopt). */
int cli_bad_option(const char *cmd, const char *typed);

/* Remembers the command's arguments for cli_usage_error. */
void cli_set_args(int argc, char **argv);

/* kb help CMD: the summary, usage, operands, options, notes and examples. */
void cli_print_help(const kb_command *cmd, FILE *out);

/* kb's own options, as kb help lists them. */
void cli_print_global_options(FILE *out);

/* One line per option: its names (--name, then -l), a tab, and its values
 * ("a|b|c") or placeholder; for the completion. */
void cli_print_option_names(const cli_option *opts, FILE *out);

/* The options as a Markdown list, for the man page. */
void cli_options_markdown(const cli_option *opts, kb_buf *out);

/* util.c */
enum cli_format { FMT_TEXT = 1, FMT_JSON = 2, FMT_CSV = 4, FMT_MD = 8, FMT_TSV = 16 };

/* Parses a --format value among those the command's --format option takes;
 * -1 (after saying so) if not. */
int cli_format(const char *value, const char *cmd);

/* Parses a --kind value among those the command's --kind option takes;
 * KB_KIND_NONE (after saying so) if not. */
kb_kind cli_kind(const char *value, const char *cmd);

/* "kb: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit status for what a command's library call returned: 0; 2 for bad
 * usage, input refused as a whole, or a name on the command line that names
 * nothing (KB_ERR_NOTFOUND); 1 for any other failure at run time. */
int cli_exit(kb_code code);

/* The exit status when a file or the base could not be read or opened: as
 * cli_exit, except that a missing file or base (KB_ERR_NOTFOUND) is a failure
 * at run time, 1, not a name kb does not know. */
int cli_exit_io(kb_code code);

/* Prints the JSON text a command made in b, and a newline, on stdout; frees b. */
void cli_print_json(kb_buf *b);

/* Writes data to path, checking every step; a regular file is written beside
 * itself and renamed into place, so a failed write leaves no half file and
 * the earlier one whole. Says what failed; returns 0, or 1 on failure. */
int cli_write_file(const char *path, const char *data, size_t len);

/* The command's status, or 1 (after saying so) when standard output could
 * not take all that was written to it (a full disk). */
int cli_finish_output(int status);

/* Prints diagnostics as file:line: severity: message. */
void cli_print_diags(const kb_diags *d, FILE *out, int color);

/* Wraps text in an SGR color when on. */
const char *cli_sgr(int on, const char *code);

/* Option tables, one per command, beside its entry point. */
extern const cli_option cmd_no_options[], cmd_load_options[], cmd_ingest_options[],
    cmd_extract_options[], cmd_search_options[], cmd_show_options[], cmd_brief_options[],
    cmd_sql_options[], cmd_rm_options[], cmd_export_options[], cmd_check_options[],
    cmd_stats_options[], cmd_schema_options[], cmd_help_options[], cmd_topics_options[];

/* Command entry points, one per kb/cli/cmd_<name>.c. */
int cmd_init(int argc, char **argv, kb_cli *cli);
int cmd_load(int argc, char **argv, kb_cli *cli);
int cmd_rm(int argc, char **argv, kb_cli *cli);
int cmd_export(int argc, char **argv, kb_cli *cli);
int cmd_check(int argc, char **argv, kb_cli *cli);
int cmd_stats(int argc, char **argv, kb_cli *cli);
int cmd_topics(int argc, char **argv, kb_cli *cli);
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
