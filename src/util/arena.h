/* arena.h - region allocator for per-run data.
 *
 * Every value tree, string and diagnostic of one run lives in an arena and is
 * released with a single arena_free(). Allocation never fails: on exhaustion
 * the process exits with status 3 (an internal error), so callers need no
 * error paths for memory. */
#ifndef AGENTENV_ARENA_H
#define AGENTENV_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);          /* zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array allocated from the arena; old contents are copied. */
/* p, from malloc, is freed with the arena; returns p. */
void *arena_adopt(struct arena *a, void *p);
void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size);

/* Process-level allocation helpers for the few non-arena buffers. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void die_oom(void) __attribute__((noreturn));

#endif
