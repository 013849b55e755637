/* kb — finding the files a command is given: paths, and directories
 * searched for a kind of file. */
#ifndef KB_FILES_H
#define KB_FILES_H

#include <stddef.h>

#include "kb/error.h"

/* Expands paths (files, or directories searched recursively for *.xml) into
 * a sorted list the caller frees with kb_strv_free. Missing paths go into
 * diags. */
char **kb_datafile_collect(const char *const *paths, size_t npaths, size_t *count,
                           kb_diags *diags);

/* The same for any files whose names end with ext (every file when ext is
 * NULL); hidden files and directories are skipped. Each file is listed
 * once, however many times it was named. */
char **kb_files_collect(const char *const *paths, size_t npaths, const char *ext,
                        size_t *count, kb_diags *diags);

/* Frees the n strings of v, and v. */
void kb_strv_free(char **v, size_t n);

#endif
