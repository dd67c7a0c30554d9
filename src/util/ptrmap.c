/* ptrmap.c - open addressing with linear probing, at most half full.
 *
 * Arena pointers are close together and aligned, so the key is mixed with
 * splitmix64's finalizer: every bit of the slot depends on every bit of
 * the pointer, which keeps probe runs short. */
#include "util/ptrmap.h"
#include "util/arena.h"

#include <stdint.h>

static size_t ptrmap_slot(const struct ptrmap *m, const void *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
	h ^= h >> 31;
	size_t i = (size_t)h & (m->cap - 1);
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
