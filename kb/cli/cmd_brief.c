/* kb brief: a Markdown or HTML brief on an entity, a topic or a comparison. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/brief.h"
#include "kb/utf8.h"

const cli_option cmd_brief_options[] = {
    {'t', "topic", 0, "TOPIC", NULL, "the claims on a topic across companies", 0},
    {'c', "compare", 0, NULL, NULL, "companies side by side: the arguments are companies", 0},
    {'f', "format", 'f', "FORMAT", "md|html", "Markdown (default) or a standalone HTML page", 0},
    {'o', "output", 'o', "FILE", NULL, "write there instead of standard output", 0},
    {'a', "as-of", 0, "DAY", NULL,
     "written as of that day: later things are left out, and the\n"
     "output is the same from run to run", 0},
    {'s', "since", 0, "DATE", NULL, "only claims, sources and events since then", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_brief(int argc, char **argv, kb_cli *cli)
{
    kb_brief_options o = {0};
    const char *output = NULL;
    int compare = 0, c;
    while ((c = cli_getopt(argc, argv, cmd_brief_options)) != -1) {
        switch (c) {
        case 't': o.topic = optarg; break;
        case 'c': compare = 1; break;
        case 'o': output = optarg; break;
        case 's': o.since = optarg; break;
        case 'a': o.as_of = optarg; break;
        case 'f':
            if (!cli_option_takes(cli_option_named(cmd_brief_options, "format"), optarg)) {
                cli_error("brief: --format takes md or html, not '%s'", optarg);
                return 2;
            }
            o.html = strcmp(optarg, "html") == 0;
            break;
        default: return cli_usage_error("brief");
        }
    }
    int args = argc - optind;
    if (compare) {
        if (args < 2 || o.topic) {
            cli_error("brief: --compare takes two companies or more, and no --topic "
                      "(kb brief --compare meta amazon)");
            return 2;
        }
        o.compare = (const char *const *)argv + optind;
        o.ncompare = (size_t)args;
    } else if (o.topic) {
        if (args) {
            cli_error("brief: --topic takes no slug besides");
            return cli_usage_error("brief");
        }
    } else if (args == 1) {
        o.slug = argv[optind];
    } else {
        cli_error("brief: name one entity (kb brief meta), or give --topic or --compare");
        return cli_usage_error("brief");
    }
    kb_buf made = KB_BUF_INIT, out = KB_BUF_INIT;
    kb_error err;
    kb_code rc = kb_brief(cli->db, &o, &made, &err);
    /* The Markdown writer turns controls into character references, which
     * HTML renders back as the characters: whatever the brief is read on, a
     * terminal or a pager, it holds none raw. */
    if (rc == KB_OK && kb_text_escape(&out, made.data, made.len))
        rc = kb_error_set(&err, KB_ERR_NOMEM, "out of memory writing the brief");
    kb_buf_free(&made);
    if (rc) {
        cli_error("%s", err.message);
        kb_buf_free(&out);
        return cli_exit(rc);
    }
    if (!output) {
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        kb_buf_free(&out);
        return 0; /* the dispatcher checks that standard output took it all */
    }
    int bad = cli_write_file(output, out.data ? out.data : "", out.len);
    kb_buf_free(&out);
    if (bad)
        return cli_exit(KB_ERR_IO);
    fprintf(stderr, "kb: wrote %s\n", output);
    return 0;
}
