/* Reading whole files: the size is checked before anything is read, and
 * standard input is read only up to the same limit. */
#include "kb/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/buf.h"

/* The message says what is wrong; the caller names the file in it, and err
 * carries it for programs. */
static char *refused(kb_error *err, const char *path)
{
    kb_error_locate(err, path, 0);
    return NULL;
}

char *kb_file_read(const char *path, size_t limit, size_t *len, kb_error *err)
{
    int std = strcmp(path, "-") == 0;
    *len = 0;
    if (!std) {
        struct stat st;
        if (stat(path, &st) != 0) {
            kb_error_set(err, errno == ENOENT ? KB_ERR_NOTFOUND : KB_ERR_IO, "%s", strerror(errno));
            return refused(err, path);
        }
        if (!S_ISREG(st.st_mode)) {
            kb_error_set(err, KB_ERR_INPUT, "%s",
                         S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
            return refused(err, path);
        }
        if ((unsigned long long)st.st_size > limit) {
            kb_error_set(err, KB_ERR_INPUT, "larger than %zu MiB: not read", limit >> 20);
            return refused(err, path);
        }
    }
    FILE *f = std ? stdin : fopen(path, "rb");
    if (!f) {
        kb_error_set(err, KB_ERR_IO, "%s", strerror(errno));
        return refused(err, path);
    }
    kb_buf b = KB_BUF_INIT;
    char chunk[65536];
    size_t got;
    int big = 0, nomem = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > limit) {
            big = 1;
            break;
        }
        if (kb_buf_append(&b, chunk, got) < 0) {
            nomem = 1;
            break;
        }
    }
    int bad = ferror(f);
    if (!std)
        fclose(f);
    if (big || bad || nomem) {
        kb_buf_free(&b);
        if (big)
            kb_error_set(err, KB_ERR_INPUT, "larger than %zu MiB: not read", limit >> 20);
        else
            kb_error_set(err, nomem ? KB_ERR_NOMEM : KB_ERR_IO, "%s",
                         nomem ? "out of memory" : "read error");
        return refused(err, path);
    }
    *len = b.len;
    return kb_buf_take(&b);
}
