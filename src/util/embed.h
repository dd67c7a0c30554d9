/* embed.h - data files built into the binary (schemas, the chart).
 *
 * tools/embed turns the files listed in Makefile.am's EMBEDDED_FILES into
 * a generated source; an installed agentenv needs no data files. */
#ifndef AGENTENV_EMBED_H
#define AGENTENV_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name;   /* path in the source tree, e.g. schemas/x.json */
	const char *data;   /* NUL-terminated */
	size_t len;
};

/* All embedded files, ending with a NULL name. */
const struct embed_file *embed_list(void);
/* The file of that name, or NULL. */
const struct embed_file *embed_find(const char *name);

#endif
