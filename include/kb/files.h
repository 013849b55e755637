/* kb — finding the files a command is given: paths, and directories
 * searched for a kind of file. */
#ifndef KB_FILES_H
#define KB_FILES_H

#include <stddef.h>

#include "kb/error.h"

/* Flags for the walks below. */
enum {
    /* Follow symlinks that lead out of the folder given. Without it such a
     * symlink (to a file or a folder) is skipped, with a warning in diags
     * that names it and its target. */
    KB_FILES_FOLLOW = 1
};

/* Expands paths (files, or directories searched recursively for *.xml) into
 * a sorted list the caller frees with kb_strv_free. Missing paths go into
 * diags. flags: KB_FILES_*. */
char **kb_datafile_collect(const char *const *paths, size_t npaths, unsigned flags,
                           size_t *count, kb_diags *diags);

/* The same for any files whose names end with ext (every file when ext is
 * NULL); hidden files and directories are skipped. Each file is listed
 * once, however many times it was named; a directory reached twice (two
 * symlinks to it) is walked once; a symlink back to a parent is refused with
 * an error in diags. */
char **kb_files_collect(const char *const *paths, size_t npaths, const char *ext,
                        unsigned flags, size_t *count, kb_diags *diags);

/* Frees the n strings of v, and v. */
void kb_strv_free(char **v, size_t n);

#endif
