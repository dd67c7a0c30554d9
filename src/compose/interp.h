/* interp.h - compose variable interpolation, as docker compose does it.
 *
 * The template syntax and its results are those of compose-go's template
 * package (what docker compose runs): $VAR, ${VAR}, ${VAR:-default},
 * ${VAR-default}, ${VAR:?message}, ${VAR?message}, ${VAR:+alternative},
 * ${VAR+alternative}, defaults and messages that are templates themselves,
 * and $$ for a literal $. A `$` followed by anything else stays as it is;
 * `${` not followed by a valid expression is an error.
 *
 * Variables come from layers of string mappings (the process environment,
 * then .env files, ...): the first layer that has a name wins. The work is
 * bounded: defaults nest at most COMPOSE_SUBST_MAX_DEPTH deep and a result
 * is at most COMPOSE_SUBST_MAX_LEN bytes. */
#ifndef AGENTENV_COMPOSE_INTERP_H
#define AGENTENV_COMPOSE_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/ptrmap.h"

struct arena;
struct buf;
struct diag;
struct mark;
struct val;
struct yres;

#define COMPOSE_SUBST_MAX_DEPTH 32
#define COMPOSE_SUBST_MAX_LEN ((size_t)16 << 20)

/* Where variables are looked up: string mappings, first match wins. */
struct compose_vars {
	const struct val **layer;
	size_t n;
};

/* A copy of `base` with `top` looked up after it (base's layers win). */
struct compose_vars compose_vars_then(struct arena *a, const struct compose_vars *base,
				      const struct val *top);
/* The value of a variable (a string node), or NULL when it is not set. */
const struct val *compose_vars_get(const struct compose_vars *v, const char *name);

/* One substitution: the template in, the text out. */
struct compose_subst {
	struct arena *a;
	const struct compose_vars *vars;
	/* Called for a variable used without a value or default. */
	void (*unset)(void *ctx, const char *name);
	void *ctx;
	/* Set when compose_subst fails: compose's own words, and for a
	 * malformed template the template text at fault (else NULL). */
	const char *error;
	const char *bad_template;
};

/* Substitute the variables of text[0..len) into out (appended).
 * false on error, with s->error (and maybe s->bad_template) set. */
bool compose_subst(struct compose_subst *s, const char *text, size_t len, struct buf *out);

/* Interpolation of a whole compose tree. */
struct compose_interp {
	struct arena *a;
	struct diag *d;
	struct yres *res;
	const struct compose_vars *vars;
	const struct ptrmap *plain;   /* scalars written plain, which are re-typed */
	struct val *warned;           /* names already warned about (a mapping) */
	struct ptrmap memo;           /* node -> its interpolated node */
	bool failed;
};

/* Interpolate every string value (not keys) below v. Unchanged subtrees are
 * returned as they are; a changed plain scalar is re-typed as YAML 1.1
 * would type its new text, except that an empty result stays a string.
 * Errors and warnings go to it->d at the node; it->failed says if any
 * error was reported (the tree returned is then incomplete). */
struct val *compose_interp_tree(struct compose_interp *it, struct val *v);

/* The warning for an unset variable, once per name and run. */
void compose_warn_unset(struct diag *d, struct arena *a, struct val *warned,
			const struct mark *m, const char *name);

#endif
