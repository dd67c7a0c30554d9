/* arena.c - region allocator: a chain of large blocks, bump allocation.
 *
 * Once an arena holds a megabyte (a render of hundreds of services),
 * its further blocks are mappings of 2 MiB or more aligned for transparent huge
 * pages and advised so: a page fault then maps 2 MiB instead of 4 KiB,
 * which took a third of the CPU time of `template` on 500 services
 * (10,600 faults). Where the kernel has no huge pages this changes
 * nothing but the block size. */
#define _DEFAULT_SOURCE
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_HUGE_PAGE ((size_t)2 << 20)
#define ARENA_HUGE_AFTER ((size_t)1 << 20)   /* bytes in blocks before huge ones */

struct block {
	struct block *next;
	size_t size, used;
	size_t mapped;          /* length of its mapping; 0 when malloc'd */
	max_align_t data[];
};

struct adopted {
	void *p;
	struct adopted *next;
};

struct arena {
	struct block *head;
	size_t total;           /* bytes in all blocks */
	struct adopted *adopted;
};

void die_oom(void)
{
	fputs("agentenv: error: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	a->head = NULL;
	a->total = 0;
	a->adopted = NULL;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct adopted *d = a->adopted; d; d = d->next)
		free(d->p);
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
	}
	free(a);
}

/* A block of at least `bytes` in its own huge-page-aligned mapping, or
 * NULL (then malloc serves). */
static struct block *arena_map_block(size_t bytes)
{
#ifdef MADV_HUGEPAGE
	size_t len = (bytes + ARENA_HUGE_PAGE - 1) & ~(ARENA_HUGE_PAGE - 1);
	char *p = mmap(NULL, len + ARENA_HUGE_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *start = (char *)(((uintptr_t)p + ARENA_HUGE_PAGE - 1) & ~(uintptr_t)(ARENA_HUGE_PAGE - 1));
	if (start > p)
		munmap(p, (size_t)(start - p));
	if (p + len + ARENA_HUGE_PAGE > start + len)
		munmap(start + len, (size_t)(p + len + ARENA_HUGE_PAGE - (start + len)));
	madvise(start, len, MADV_HUGEPAGE);
	struct block *b = (struct block *)start;
	b->mapped = len;
	return b;
#else
	(void)bytes;
	return NULL;
#endif
}

static struct block *arena_new_block(struct arena *a, size_t need)
{
	size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
	struct block *b = NULL;
	if (a->total >= ARENA_HUGE_AFTER) {
		size = need > ARENA_HUGE_PAGE - sizeof *b ? need : ARENA_HUGE_PAGE - sizeof *b;
		b = arena_map_block(sizeof *b + size);
		if (b)
			size = b->mapped - sizeof *b;
	}
	if (!b) {
		b = xmalloc(sizeof *b + size);
		b->mapped = 0;
	}
	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	a->total += size;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	struct block *b = a->head;
	if (!b || b->size - b->used < size)
		b = arena_new_block(a, size);
	void *p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

void *arena_adopt(struct arena *a, void *p)
{
	struct adopted *d = arena_alloc(a, sizeof *d);
	d->p = p;
	d->next = a->adopted;
	a->adopted = d;
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(a, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
