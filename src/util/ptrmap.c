/* ptrmap.c - open addressing, Fibonacci hashing, at most half full. */
#include "util/ptrmap.h"
#include "util/arena.h"

#include <stdint.h>

static size_t ptrmap_slot(const struct ptrmap *m, const void *key)
{
	size_t h = (size_t)(((uintptr_t)key >> 4) * 11400714819323198485u);
	size_t i = h & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void ptrmap_grow(struct arena *a, struct ptrmap *m)
{
	struct ptrmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 256;
	m->n = 0;
	m->keys = arena_alloc(a, m->cap * sizeof *m->keys);
	m->values = arena_alloc(a, m->cap * sizeof *m->values);
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i])
			ptrmap_put(a, m, old.keys[i], old.values[i]);
}

void ptrmap_put(struct arena *a, struct ptrmap *m, const void *key, void *value)
{
	if ((m->n + 1) * 2 > m->cap)
		ptrmap_grow(a, m);
	size_t i = ptrmap_slot(m, key);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->values[i] = value;
}

void *ptrmap_get(const struct ptrmap *m, const void *key)
{
	if (!m->cap)
		return NULL;
	size_t i = ptrmap_slot(m, key);
	return m->keys[i] ? m->values[i] : NULL;
}
