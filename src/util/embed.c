/* embed.c - lookup of the files tools/embed built in. */
#include "util/embed.h"

#include <string.h>

const struct embed_file *embed_find(const char *name)
{
	for (const struct embed_file *f = embed_list(); f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
