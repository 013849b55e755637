/* kb — writing CSV (RFC 4180) and TSV. */
#ifndef KB_CSV_H
#define KB_CSV_H

#include "kb/buf.h"

/* Appends s as one CSV field: quoted when it holds a comma, a double quote,
 * a CR or a LF, or starts or ends with a space (which readers may trim), the
 * quotes inside doubled. NULL is an empty field. */
void kb_csv_field(kb_buf *b, const char *s);

/* Appends one CSV record: the fields separated by commas, ended by CRLF. */
void kb_csv_row(kb_buf *b, const char *const *fields, int n);

/* Appends s as one TSV field: tabs and line breaks, which TSV cannot quote,
 * become spaces. NULL is an empty field. */
void kb_tsv_field(kb_buf *b, const char *s);

/* Appends one TSV record: the fields separated by tabs, ended by LF. */
void kb_tsv_row(kb_buf *b, const char *const *fields, int n);

#endif
