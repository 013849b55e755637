/* Finding files: the paths given, directories searched for a kind of file. */
#include "kb/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/buf.h"

/* File discovery. */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum { MAX_DEPTH = 64 };

/* The directories from the top to here, to see a symlink that loops back. */
typedef struct {
    dev_t dev[MAX_DEPTH + 1];
    ino_t ino[MAX_DEPTH + 1];
} ancestry;

static void walk(const char *dir, const char *ext, int depth, ancestry *up, kb_strlist *out,
                 kb_diags *diags)
{
    struct stat self;
    if (stat(dir, &self) != 0)
        return;
    for (int i = 0; i < depth; i++)
        if (up->dev[i] == self.st_dev && up->ino[i] == self.st_ino) {
            kb_diags_add(diags, KB_SEV_ERROR, dir, 0, NULL,
                         "a directory loop (a symlink back to a parent): not followed");
            return;
        }
    if (depth >= MAX_DEPTH) {
        kb_diags_add(diags, KB_SEV_ERROR, dir, 0, NULL,
                     "directories nested more than %d deep: not followed", MAX_DEPTH);
        return;
    }
    up->dev[depth] = self.st_dev;
    up->ino[depth] = self.st_ino;
    DIR *d = opendir(dir);
    if (!d) {
        kb_diags_add(diags, KB_SEV_ERROR, dir, 0, NULL, "cannot open directory: %s",
                     strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        kb_buf p = KB_BUF_INIT;
        kb_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
        struct stat st;
        if (p.data && stat(p.data, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(p.data, ext, depth + 1, up, out, diags);
            else if (S_ISREG(st.st_mode) && (!ext || ends_with(e->d_name, ext)))
                kb_strlist_add(out, "%s", p.data);
            else if (!S_ISREG(st.st_mode) && !ext)
                kb_diags_add(diags, KB_SEV_ERROR, p.data, 0, NULL, "not a regular file");
        } else if (p.data) {
            kb_diags_add(diags, KB_SEV_ERROR, p.data, 0, NULL, "%s", strerror(errno));
        }
        kb_buf_free(&p);
    }
    closedir(d);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **kb_datafile_collect(const char *const *paths, size_t npaths, size_t *count,
                           kb_diags *diags)
{
    return kb_files_collect(paths, npaths, ".xml", count, diags);
}

char **kb_files_collect(const char *const *paths, size_t npaths, const char *ext,
                        size_t *count, kb_diags *diags)
{
    kb_strlist out = {0};
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            kb_diags_add(diags, KB_SEV_ERROR, paths[i], 0, NULL, "%s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            ancestry up;
            walk(paths[i], ext, 0, &up, &out, diags);
        }
        else if (S_ISREG(st.st_mode))
            kb_strlist_add(&out, "%s", paths[i]);
        else
            kb_diags_add(diags, KB_SEV_ERROR, paths[i], 0, NULL, "not a regular file");
    }
    if (out.len)
        qsort(out.items, out.len, sizeof *out.items, cmp_path);
    /* The same file named twice (data/ and data/x.xml) is read once. */
    size_t w = 0;
    for (size_t r = 0; r < out.len; r++) {
        if (w && strcmp(out.items[w - 1], out.items[r]) == 0)
            free(out.items[r]);
        else
            out.items[w++] = out.items[r];
    }
    *count = w;
    return out.items;
}

void kb_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

