/* convert.h - compose file to agent-env Helm values, as the reference does.
 *
 * Implements every rule of the reference converter (inspect_k8s_sandbox's
 * compose/_converter.py): the same output tree, in the same key order, and
 * the same rejections with the same wording, each prefixed by the position
 * of the offending node. Unlike the reference, all the errors of a file are
 * reported, not only the first. Info and warning messages go to the diag. */
#ifndef AGENTENV_CONVERT_H
#define AGENTENV_CONVERT_H

#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct compose_key;
struct val;

/* `file` is the name the messages use ("Compose file: '<file>'"). Returns
 * the values tree, or NULL when errors were reported. The input is only
 * read; the output may share subtrees with it. */
struct val *compose_convert(struct arena *a, struct diag *d,
			    const struct val *compose, const char *file);

/* The modes (see compose/keys.h for the table they apply):
 * - strict: the reference's rules only; whatever it rejects is an error;
 * - default: a file the reference accepts converts as the reference
 *   converts it; otherwise the table applies, and rejected keys are errors;
 * - lenient: as default, but a rejected key is dropped with a warning,
 *   unless dropping it would widen privileges or network reach. */
enum compose_mode { COMPOSE_MODE_DEFAULT, COMPOSE_MODE_STRICT, COMPOSE_MODE_LENIENT };

/* One key the table dropped or re-interpreted. */
struct compose_change {
	const char *service;            /* NULL: a top-level key */
	const char *path;               /* e.g. "ports", "volumes[1]", "deploy.placement" */
	struct mark mark;
	const struct compose_key *row;  /* the decision applied */
	bool dropped;                   /* a rejection --lenient dropped */
};

struct compose_changes {
	struct compose_change *items;
	size_t n, cap;
	bool table_applied;             /* the table ran (the reference's rules alone did not do) */
};

struct compose_convert_opts {
	enum compose_mode mode;
	const char *image_registry;     /* --image-registry REG/, or NULL */
	const char *project;            /* the project name (built images, Secret names) */
	char *const *environ;           /* secrets and configs from `environment` */
	struct compose_changes *changes;  /* filled; may be NULL */
};

/* compose_convert, in a mode. */
struct val *compose_convert_mode(struct arena *a, struct diag *d, const struct val *compose,
				 const char *file, const struct compose_convert_opts *o);

#endif
