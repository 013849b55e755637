/* A new base in a folder of its own, for the unit tests that need one:
 * fixture_setup and fixture_teardown are cmocka's setup and teardown. */
#ifndef KB_TEST_FIXTURE_H
#define KB_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/db.h"
#include "kb/error.h"

typedef struct {
    char dir[64];   /* the folder, removed with all it holds at teardown */
    char path[128]; /* the base, dir/kb.db */
    kb_db *db;
} fixture;

/* Makes the folder and a base at the latest version in it; *state is the
 * fixture. Returns 0, or -1 when either could not be made. */
static inline int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/kb-test-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/kb.db", f->dir);
    kb_error err;
    if (kb_db_open(f->path, KB_OPEN_CREATE, &f->db, &err) != KB_OK) {
        fprintf(stderr, "%s\n", err.message);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

/* Closes the base and removes the folder (a test may have written more
 * there, an export for instance). Returns 0, or -1 when it stays. */
static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    kb_db_close(f->db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd) == 0 ? 0 : -1;
    free(f);
    return rc;
}

#endif
