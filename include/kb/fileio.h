/* kb — reading whole files, the same way everywhere. */
#ifndef KB_FILEIO_H
#define KB_FILEIO_H

#include <stddef.h>

#include "kb/error.h"

/* The largest input kb reads, whatever it is: a page or feed to ingest or
 * extract, a data file to load, a source's <text src> file. One limit, so that
 * what one command reads another can too. */
#define KB_MAX_FILE_BYTES (64u * 1024 * 1024)

/* Reads the whole of path ("-" is standard input) into a NUL-terminated
 * buffer the caller frees; *len receives its length. Refused, with a message
 * in err: a path that is missing (KB_ERR_NOTFOUND), a directory or anything
 * not a regular file, a file larger than limit bytes ("larger than N MiB: not
 * read"; KB_ERR_INPUT); a read error is KB_ERR_IO. The message does not
 * name the file (the caller's does); err->file does. */
char *kb_file_read(const char *path, size_t limit, size_t *len, kb_error *err);

#endif
