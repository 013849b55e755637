/* kb brief: a Markdown or HTML brief on an entity, a topic or a comparison. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kb/brief.h"

int cmd_brief(int argc, char **argv, kb_cli *cli)
{
    static const struct option opts[] = {
        {"topic", required_argument, NULL, 't'}, {"compare", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"since", required_argument, NULL, 's'}, {"as-of", required_argument, NULL, 'a'},
        {NULL, 0, NULL, 0},
    };
    kb_brief_options o = {0};
    const char *output = NULL;
    int compare = 0, c;
    while ((c = getopt_long(argc, argv, "o:f:", opts, NULL)) != -1) {
        switch (c) {
        case 't': o.topic = optarg; break;
        case 'c': compare = 1; break;
        case 'o': output = optarg; break;
        case 's': o.since = optarg; break;
        case 'a': o.as_of = optarg; break;
        case 'f':
            if (strcmp(optarg, "md") && strcmp(optarg, "html")) {
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
            cli_error("brief: --compare takes two companies or more (kb brief --compare meta amazon)");
            return cli_usage_error("brief");
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
    kb_buf out = KB_BUF_INIT;
    kb_error err;
    kb_code rc = kb_brief(cli->db, &o, &out, &err);
    if (rc) {
        cli_error("%s", err.message);
        kb_buf_free(&out);
        return rc == KB_ERR_NOTFOUND ? 2 : cli_exit(rc);
    }
    FILE *f = output ? fopen(output, "w") : stdout;
    if (!f) {
        cli_error("%s: cannot write", output);
        kb_buf_free(&out);
        return 1;
    }
    fwrite(out.data ? out.data : "", 1, out.len, f);
    int bad = output ? fclose(f) != 0 : fflush(f) != 0;
    kb_buf_free(&out);
    if (bad) {
        cli_error("%s: write failed", output ? output : "standard output");
        return 1;
    }
    if (output)
        fprintf(stderr, "kb: wrote %s\n", output);
    return 0;
}
