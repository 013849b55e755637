/* Ingesting documents: the pipeline. One side reads each file and finds what
 * it is (ingest_read.c), the other makes sources of it and stores them in
 * batches (ingest_store.c); this file checks the options, lists the files,
 * and passes what is read to what stores, in order. */
#include "kb/ingest.h"

#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"
#include "kb/date.h"
#include "kb/files.h"
#include "kb/note.h"
#include "kb/xml.h"

/* Directories become their files; what cannot be listed is refused through
 * the store, not fatal. Standard input is not a file to list. */
static char **list_files(kb_ingest_store *s, const char *const *paths, size_t npaths,
                         unsigned flags, size_t *nfiles)
{
    *nfiles = 0;
    kb_diags *diags = kb_diags_new();
    const char **fs = malloc((npaths + 1) * sizeof *fs);
    if (!diags || !fs) {
        kb_diags_free(diags);
        free((void *)fs);
        return NULL;
    }
    size_t nfs = 0;
    for (size_t i = 0; i < npaths; i++)
        if (strcmp(paths[i], "-") != 0)
            fs[nfs++] = paths[i];
    char **files = kb_files_collect(fs, nfs, NULL, flags, nfiles, diags);
    free((void *)fs);
    for (size_t i = 0; i < diags->len; i++)
        kb_ingest_store_refuse(s, diags->items[i].file ? diags->items[i].file : "?", 0, "%s",
                               diags->items[i].message);
    kb_diags_free(diags);
    return files;
}

/* Reads the jobs on the reader's thread and stores them here, in their order,
 * until the last or until the base fails. */
static kb_code run_jobs(kb_ingest_store *s, const kb_ingest_options *o, const char *const *jobs,
                        size_t njobs, kb_error *err)
{
    kb_ingest_reader *r = kb_ingest_reader_start(o, jobs, njobs);
    if (!r)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    kb_ingest_file *f;
    while ((f = kb_ingest_reader_next(r))) {
        kb_ingest_store_file(s, f);
        kb_ingest_file_free(f);
        if (kb_ingest_store_failed(s)) {
            kb_ingest_reader_stop(r);
            break;
        }
    }
    kb_ingest_reader_free(r);
    return KB_OK;
}

kb_code kb_ingest(kb_db *db, const char *const *paths, size_t npaths,
                  const kb_ingest_options *opts, kb_ingest_report *report, kb_error *err)
{
    kb_ingest_options none = {0};
    kb_ingest_report scratch;
    const kb_ingest_options *o = opts ? opts : &none;
    kb_ingest_report *rep = report ? report : &scratch;
    memset(rep, 0, sizeof *rep);
    kb_error_clear(err);

    char published[21];
    kb_ingest_options fixed;
    if (o->published) {
        if (!kb_date_normalize(o->published, published))
            return kb_error_set_value(err, KB_ERR_USAGE, o->published,
                                      "--published '%s' is not a date kb can read",
                                      o->published);
        fixed = *o;
        fixed.published = published;
        o = &fixed;
    }
    if (o->slug && !kb_ingest_slug_valid(o->slug))
        return kb_error_set_value(err, KB_ERR_USAGE, o->slug,
                                  "--slug '%s': a slug is lowercase letters, digits and single "
                                  "hyphens", o->slug);

    kb_ingest_store *s = kb_ingest_store_new(db, o, rep, err);
    if (!s)
        return kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    size_t nfiles = 0;
    char **files = list_files(s, paths, npaths, o->follow ? KB_FILES_FOLLOW : 0, &nfiles);
    /* standard input first where it was named, then the files */
    const char **jobs = malloc((nfiles + 2) * sizeof *jobs);
    kb_code rc = jobs ? kb_ingest_store_begin(s) : kb_error_set(err, KB_ERR_NOMEM, "out of memory");
    if (rc == KB_OK) {
        size_t njobs = 0;
        for (size_t i = 0; i < npaths && njobs == 0; i++)
            if (strcmp(paths[i], "-") == 0)
                jobs[njobs++] = "-";
        for (size_t i = 0; i < nfiles; i++)
            jobs[njobs++] = files[i];
        /* what the reading thread will use, made ready here, once */
        kb_xml_harden();
        kb_note_prepare();
        rc = run_jobs(s, o, jobs, njobs, err);
        kb_code end = kb_ingest_store_end(s);
        if (rc == KB_OK)
            rc = end;
    }
    free(jobs);
    kb_ingest_store_free(s);
    kb_strv_free(files, nfiles);
    return rc;
}
