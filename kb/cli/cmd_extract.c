/* kb extract: what kb would store of an HTML page, without storing it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kb/fileio.h"
#include "kb/buf.h"
#include "kb/extract.h"
#include "kb/json.h"

const cli_option cmd_extract_options[] = {
    {'f', "format", 'f', "FORMAT", "text|json", "text (default) or json", 0},
    {'u', "url", 0, "URL", NULL,
     "where the page was read: relative links resolve against it, and\n"
     "it is the URL when the page names none", 0},
    {0, NULL, 0, NULL, NULL, NULL, 0},
};

int cmd_extract(int argc, char **argv, kb_cli *cli)
{
    (void)cli;
    int format = FMT_TEXT, c;
    const char *url = NULL;
    while ((c = cli_getopt(argc, argv, cmd_extract_options)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_format(optarg, "extract")) < 0)
                return 2;
            break;
        case 'u': url = optarg; break;
        default: return cli_usage_error("extract");
        }
    }
    if (optind != argc - 1) {
        cli_error("extract: name one HTML file (or - for standard input)");
        return cli_usage_error("extract");
    }
    const char *path = argv[optind];
    size_t len;
    kb_error err;
    char *html = kb_file_read(path, KB_MAX_FILE_BYTES, &len, &err);
    if (!html) {
        cli_error("%s: %s", path, err.message);
        return cli_exit_io(err.code);
    }
    kb_article *a = NULL;
    kb_code rc = kb_extract_html(html, len, url, &a, &err);
    free(html);
    if (rc) {
        cli_error("%s: %s", path, err.message);
        return cli_exit(rc);
    }
    const char *keys[] = {"title", "byline", "published", "url", "site", "lang", "description", "text"};
    const char *vals[] = {a->title, a->byline, a->published, a->url, a->site, a->lang, a->description, a->text};
    kb_buf b = KB_BUF_INIT;
    if (format == FMT_JSON) {
        kb_json w;
        kb_json_init(&w, &b, 0);
        kb_json_begin_object(&w);
        for (int i = 0; i < 8; i++)
            kb_json_key_str(&w, keys[i], vals[i]);
        kb_json_end_object(&w);
        kb_buf_puts(&b, "\n");
    } else {
        for (int i = 0; i < 7; i++)
            if (vals[i])
                kb_buf_printf(&b, "%-12s %s\n", keys[i], vals[i]);
        kb_buf_printf(&b, "\n%s\n", a->text ? a->text : "");
    }
    fputs(b.data, stdout);
    kb_buf_free(&b);
    kb_article_free(a);
    return 0;
}
