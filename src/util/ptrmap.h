/* ptrmap.h - a hash map from pointers to pointers, in an arena.
 *
 * For facts about nodes of a value tree that the tree does not hold: the
 * base URI of a schema object, the anchor of a shared node. Keys are never
 * removed. */
#ifndef AGENTENV_PTRMAP_H
#define AGENTENV_PTRMAP_H

#include <stddef.h>

struct arena;

struct ptrmap {
	const void **keys;
	void **values;
	size_t cap, n;
};

#define PTRMAP_INIT {NULL, NULL, 0, 0}

void ptrmap_put(struct arena *a, struct ptrmap *m, const void *key, void *value);
void *ptrmap_get(const struct ptrmap *m, const void *key);   /* NULL: absent */
/* Iterate: for (size_t i = 0; i < m->cap; i++) if (m->keys[i]) ... */

#endif
