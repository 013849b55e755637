/* libFuzzer: data files, validated and loaded into an in-memory base. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/load.h"

static kb_db *db;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kb_error err;
    kb_diags *d = kb_diags_new();
    if (kb_load_validate_memory("fuzz.xml", (const char *)data, size, d, &err) == KB_OK) {
        /* a valid file goes on to be resolved and written (then rolled back or kept) */
        if (!db) {
            snprintf(path, sizeof path, "/tmp/kb-fuzz-load-%d.db", (int)getpid());
            unlink(path);
            if (kb_db_open(path, KB_OPEN_CREATE, &db, &err))
                abort();
        }
        FILE *f = fopen(path, "a");
        char file[80];
        snprintf(file, sizeof file, "%s.xml", path);
        FILE *x = fopen(file, "wb");
        if (x) {
            fwrite(data, 1, size, x);
            fclose(x);
            const char *paths[] = {file};
            kb_load_report rep;
            kb_diags *d2 = kb_diags_new();
            kb_load(db, paths, 1, NULL, &rep, d2, &err);
            kb_load_report_clear(&rep);
            kb_diags_free(d2);
        }
        if (f)
            fclose(f);
    }
    kb_diags_free(d);
    return 0;
}
