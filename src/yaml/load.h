/* load.h - YAML text to value trees, with libfyaml.
 *
 * Reads one document as PyYAML's SafeLoader would (YAML 1.1 typing of plain
 * scalars, anchors and aliases, `<<` merge keys) with two deliberate
 * differences: a duplicate key is an error, and every node keeps its mark.
 * Hostile input is bounded: input size, nesting depth and the number of
 * nodes after alias expansion (billion laughs) all have limits, each
 * message naming the variable that raises it. Errors go to
 * the diag as FILE:LINE:COL messages; the loaders then return NULL. */
#ifndef AGENTENV_LOAD_H
#define AGENTENV_LOAD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct mark;
struct val;
struct yres;

struct yload_limits {
	size_t max_bytes;   /* input size */
	size_t max_depth;   /* nesting of sequences and mappings */
	size_t max_nodes;   /* nodes after alias expansion */
};

/* The limits of util/limits.h: defaults, or their environment variables. */
struct yload_limits yload_limits_default(void);

/* Types a plain scalar; NULL in struct yload means PyYAML's YAML 1.1
 * rules (yres_plain_value). Helm's go-yaml rules plug in here. */
typedef struct val *(*yload_plain_fn)(void *ctx, struct arena *a, const char *s,
				      size_t n, const struct mark *m);

struct yload {
	struct arena *arena;
	struct yres *res;          /* also finds `<<` merge keys */
	struct diag *diag;
	struct yload_limits limits;
	yload_plain_fn plain;      /* optional */
	void *plain_ctx;
	bool parse_only;           /* skip the block scanner (scan.c): for its tests */
};

/* Load the single document of a file ("-" is stdin); `name` is what
 * messages call it (NULL: the path). An empty stream gives a null value. */
struct val *yload_file(struct yload *y, const char *path, const char *name);
struct val *yload_string(struct yload *y, const char *text, size_t len,
			 const char *name);

#endif
