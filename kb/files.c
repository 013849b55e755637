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

/* One walk: the folder it was given (resolved), the directories from the top
 * to here (to see a symlink that loops back) and every directory already
 * walked (so that two symlinks to one folder read it once). */
typedef struct {
    const char *root, *ext;
    unsigned flags;
    dev_t dev[MAX_DEPTH + 1];
    ino_t ino[MAX_DEPTH + 1];
    struct {
        dev_t dev;
        ino_t ino;
    } *seen;
    size_t nseen, capseen;
    kb_strlist *out;
    kb_diags *diags;
} walker;

/* Whether the resolved path lies in the resolved folder root. */
static int inside(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n && root[n - 1] == '/')
        n--;
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Whether the symlink at path may be followed: a symlink that leads out of
 * the folder walked (to /, to /sys, to another tree) is not, unless asked,
 * so that a link planted in a folder cannot make a walk read the machine. */
static int may_follow(walker *w, const char *path)
{
    if (w->flags & KB_FILES_FOLLOW)
        return 1;
    char *to = realpath(path, NULL);
    if (!to)
        return 1; /* opening it will say why */
    int ok = inside(to, w->root);
    if (!ok)
        kb_diags_add(w->diags, KB_SEV_WARNING, path, 0, NULL,
                     "a symlink to %s, outside the folder given: not followed", to);
    free(to);
    return ok;
}

static void walk(walker *w, const char *dir, int depth)
{
    struct stat self;
    if (stat(dir, &self) != 0)
        return;
    for (int i = 0; i < depth; i++)
        if (w->dev[i] == self.st_dev && w->ino[i] == self.st_ino) {
            kb_diags_add(w->diags, KB_SEV_ERROR, dir, 0, NULL,
                         "a directory loop (a symlink back to a parent): not followed");
            return;
        }
    if (depth >= MAX_DEPTH) {
        kb_diags_add(w->diags, KB_SEV_ERROR, dir, 0, NULL,
                     "directories nested more than %d deep: not followed", MAX_DEPTH);
        return;
    }
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == self.st_dev && w->seen[i].ino == self.st_ino)
            return; /* read once already, under another name */
    if (w->nseen == w->capseen) {
        size_t cap = w->capseen ? w->capseen * 2 : 16;
        void *p = realloc(w->seen, cap * sizeof *w->seen);
        if (!p)
            return;
        w->seen = p;
        w->capseen = cap;
    }
    w->seen[w->nseen].dev = self.st_dev;
    w->seen[w->nseen++].ino = self.st_ino;
    w->dev[depth] = self.st_dev;
    w->ino[depth] = self.st_ino;
    DIR *d = opendir(dir);
    if (!d) {
        kb_diags_add(w->diags, KB_SEV_ERROR, dir, 0, NULL, "cannot open directory: %s",
                     strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        kb_buf p = KB_BUF_INIT;
        kb_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
        struct stat st, lst;
        int wanted = !w->ext || ends_with(e->d_name, w->ext);
        if (!p.data) {
            /* out of memory: nothing to name */
        } else if (stat(p.data, &st) == 0) {
            /* a symlink is judged only where it would be read */
            if (lstat(p.data, &lst) == 0 && S_ISLNK(lst.st_mode) &&
                (wanted || S_ISDIR(st.st_mode)) && !may_follow(w, p.data))
                ; /* said why */
            else if (S_ISDIR(st.st_mode))
                walk(w, p.data, depth + 1);
            else if (S_ISREG(st.st_mode) && wanted)
                kb_strlist_add(w->out, "%s", p.data);
            else if (!S_ISREG(st.st_mode) && !w->ext)
                kb_diags_add(w->diags, KB_SEV_ERROR, p.data, 0, NULL, "not a regular file");
        } else {
            kb_diags_add(w->diags, KB_SEV_ERROR, p.data, 0, NULL, "%s", strerror(errno));
        }
        kb_buf_free(&p);
    }
    closedir(d);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **kb_datafile_collect(const char *const *paths, size_t npaths, unsigned flags,
                           size_t *count, kb_diags *diags)
{
    return kb_files_collect(paths, npaths, ".xml", flags, count, diags);
}

char **kb_files_collect(const char *const *paths, size_t npaths, const char *ext,
                        unsigned flags, size_t *count, kb_diags *diags)
{
    kb_strlist out = {0};
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            kb_diags_add(diags, KB_SEV_ERROR, paths[i], 0, NULL, "%s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            char *root = realpath(paths[i], NULL);
            walker w = {.root = root ? root : paths[i], .flags = flags, .ext = ext,
                        .out = &out, .diags = diags};
            walk(&w, paths[i], 0);
            free(w.seen);
            free(root);
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

