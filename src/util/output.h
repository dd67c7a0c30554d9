/* output.h - writing results without ever leaving half a file.
 *
 * A file is written to a temporary name in its own directory and renamed
 * into place, so an error leaves the previous file untouched and a reader
 * never sees a partial one. "-" (or NULL) is stdout. */
#ifndef AGENTENV_OUTPUT_H
#define AGENTENV_OUTPUT_H

#include <stddef.h>

struct diag;

/* 0 on success; -1 after reporting the failure to the diag. */
int output_write(const char *path, const char *data, size_t len, struct diag *d);

#endif
