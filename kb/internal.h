/* kb — helpers shared between the library's files; not part of the API.
 * Each concern has its own header now (kb/xml.h for reading XML,
 * kb/files.h for finding files); this one gathers them for the files that
 * use both. */
#ifndef KB_INTERNAL_H
#define KB_INTERNAL_H

#include "kb/buf.h"
#include "kb/db.h"
#include "kb/error.h"
#include "kb/files.h"
#include "kb/xml.h"

#endif
