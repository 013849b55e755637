/* Small things every command shares: formats, errors, exit statuses. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kb/buf.h"
#include "kb/utf8.h"

int cli_format(const char *value, const char *cmd)
{
    static const struct {
        const char *name;
        int fmt;
    } names[] = {{"text", FMT_TEXT}, {"json", FMT_JSON}, {"csv", FMT_CSV},
                 {"md", FMT_MD},     {"tsv", FMT_TSV}};
    const kb_command *c = cli_command(cmd);
    const cli_option *o = c ? cli_option_named(c->options, "format") : NULL;
    for (size_t i = 0; o && i < sizeof names / sizeof *names; i++)
        if (strcmp(value, names[i].name) == 0 && cli_option_takes(o, value))
            return names[i].fmt;
    cli_error("%s: unknown format '%s' (use --format %s)", cmd, value,
              o && o->values ? o->values : "text");
    return -1;
}

kb_kind cli_kind(const char *value, const char *cmd)
{
    const kb_command *c = cli_command(cmd);
    const cli_option *o = c ? cli_option_named(c->options, "kind") : NULL;
    kb_kind k = kb_kind_from_name(value);
    if (k != KB_KIND_NONE && o && cli_option_takes(o, value))
        return k;
    char said[256] = "";
    if (o)
        cli_option_values_said(o, said, sizeof said);
    cli_error("%s: --kind takes %s, not '%s'", cmd, said, value);
    return KB_KIND_NONE;
}

/* A message to stderr, which is a terminal too: a slug, a value or a
 * statement from the data it names may hold control characters. */
static void say(FILE *out, const char *s)
{
    kb_buf b = KB_BUF_INIT;
    if (s && kb_text_escape(&b, s, strlen(s)) == 0 && b.data)
        fputs(b.data, out);
    kb_buf_free(&b);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    fputs("kb: ", stderr);
    say(stderr, text ? text : "out of memory");
    fputc('\n', stderr);
    free(text);
}

int cli_exit(kb_code code)
{
    switch (code) {
    case KB_OK: return 0;
    case KB_ERR_USAGE:
    case KB_ERR_INPUT:
    case KB_ERR_NOTFOUND: return 2;
    default: return 1;
    }
}

int cli_exit_io(kb_code code)
{
    return code == KB_ERR_NOTFOUND ? 1 : cli_exit(code);
}

const char *cli_sgr(int on, const char *code)
{
    return on ? code : "";
}

int cli_write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    /* A regular file (or a new one) is written beside itself and renamed into
     * place, so that a failed write leaves the earlier file whole and no half
     * of the new one; anything else (/dev/stdout, a FIFO) is written as it is. */
    int special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    char *tmp = NULL;
    FILE *f;
    if (special) {
        f = fopen(path, "w");
    } else {
        size_t n = strlen(path) + 16;
        tmp = malloc(n);
        if (!tmp) {
            cli_error("%s: out of memory", path);
            return 1;
        }
        snprintf(tmp, n, "%s.kb-XXXXXX", path);
        int fd = mkstemp(tmp);
        f = fd < 0 ? NULL : fdopen(fd, "w");
        if (fd >= 0 && !f)
            close(fd);
    }
    if (!f) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        if (tmp)
            unlink(tmp);
        free(tmp);
        return 1;
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    int saved = errno;
    ok = (fclose(f) == 0) && ok;
    if (ok && tmp) {
        /* mkstemp made it 0600: give it the mode the file had, or a new file's */
        mode_t mode;
        if (stat(path, &st) == 0) {
            mode = st.st_mode & 07777;
        } else {
            mode_t mask = umask(0);
            umask(mask);
            mode = 0666 & ~mask;
        }
        ok = chmod(tmp, mode) == 0 && rename(tmp, path) == 0;
        saved = errno;
    }
    if (!ok) {
        cli_error("%s: write failed: %s", path, strerror(saved ? saved : EIO));
        if (tmp)
            unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : 1;
}

int cli_finish_output(int status)
{
    /* Output that never reached its file is a failure, whatever the command
     * thought: a full disk, a closed pipe. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        cli_error("writing standard output failed: %s", strerror(e ? e : EIO));
        return status ? status : 1;
    }
    return status;
}

void cli_print_json(kb_buf *b)
{
    kb_buf_puts(b, "\n");
    fputs(b->data ? b->data : "", stdout);
    kb_buf_free(b);
}

void cli_print_diags(const kb_diags *d, FILE *out, int color)
{
    for (size_t i = 0; i < d->len; i++) {
        const kb_diag *g = &d->items[i];
        int err = g->severity == KB_SEV_ERROR;
        say(out, g->file);
        if (g->file && g->line > 0)
            fprintf(out, ":%ld", g->line);
        if (g->file)
            fputs(": ", out);
        fprintf(out, "%s%s%s: ", cli_sgr(color, err ? "\033[1;31m" : "\033[1;33m"),
                err ? "error" : "warning", cli_sgr(color, "\033[0m"));
        if (g->subject) {
            say(out, g->subject);
            fputs(": ", out);
        }
        say(out, g->message);
        fputc('\n', out);
    }
}

