/* kb check: errors and warnings about the base. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/check.h"
#include "kb/json.h"

static void print_json(const kb_diags *d)
{
    kb_buf b = KB_BUF_INIT;
    kb_json w;
    kb_json_init(&w, &b, 0);
    kb_json_begin_object(&w);
    kb_json_key(&w, "ok");
    kb_json_bool(&w, d->errors == 0);
    kb_json_key_int(&w, "errors", (long long)d->errors);
    kb_json_key_int(&w, "warnings", (long long)d->warnings);
    kb_json_key(&w, "problems");
    kb_json_begin_array(&w);
    for (size_t i = 0; i < d->len; i++) {
        const kb_diag *g = &d->items[i];
        kb_json_begin_object(&w);
        kb_json_key_str(&w, "severity", g->severity == KB_SEV_ERROR ? "error" : "warning");
        kb_json_key_str(&w, "subject", g->subject);
        kb_json_key_str(&w, "message", g->message);
        kb_json_end_object(&w);
    }
    kb_json_end_array(&w);
    kb_json_end_object(&w);
    cli_print_json(&b);
}

const cli_option cmd_check_options[] = {
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json", 0},
    {'q', "quiet", 'q', NULL, NULL, "print errors only, not warnings", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_check(int argc, char **argv, kb_cli *cli)
{
    int format = FMT_TEXT, quiet = 0, c;
    while ((c = cli_getopt(argc, argv, cmd_check_options)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_format(optarg, "check")) < 0)
                return 2;
            break;
        case 'q': quiet = 1; break;
        default: return cli_usage_error("check");
        }
    }
    kb_diags *d = kb_diags_new();
    kb_error err;
    kb_code rc = kb_check(cli->db, d, &err);
    if (rc) {
        cli_error("%s", err.message);
        kb_diags_free(d);
        return cli_exit(rc);
    }
    if (format == FMT_JSON) {
        print_json(d);
    } else {
        for (size_t i = 0; i < d->len; i++) {
            const kb_diag *g = &d->items[i];
            int e = g->severity == KB_SEV_ERROR;
            if (quiet && !e)
                continue;
            printf("%s%s%s: %s: %s\n", cli_sgr(cli->color_out, e ? "\033[1;31m" : "\033[1;33m"),
                   e ? "error" : "warning", cli_sgr(cli->color_out, "\033[0m"),
                   g->subject ? g->subject : "base", g->message);
        }
        printf("%zu error%s, %zu warning%s\n", d->errors, d->errors == 1 ? "" : "s",
               d->warnings, d->warnings == 1 ? "" : "s");
    }
    int status = d->errors ? 1 : 0;
    kb_diags_free(d);
    return status;
}
