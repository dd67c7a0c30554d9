/* adapt.h - the key table (compose/keys.h) applied to a compose tree.
 *
 * adapt_compose rewrites a compose tree into one the reference's rules
 * (compose/convert.c) accept: ignored keys removed, rejected ones reported
 * (errors; warnings and removed in --lenient mode), mapped ones taken out
 * and kept aside; adapt_values then adds what was kept aside to the values
 * those rules made. Internal to compose/; compose_convert_mode drives it. */
#ifndef AGENTENV_COMPOSE_ADAPT_H
#define AGENTENV_COMPOSE_ADAPT_H

#include "compose/convert.h"

struct arena;
struct diag;
struct val;

/* A key being decided: its node (for the position) and its path. */
struct key_at {
	const struct val *at;
	const char *path;
};

struct adapt {
	struct arena *a;
	struct diag *d;
	const char *file;                      /* as messages name it */
	const struct compose_convert_opts *o;
	struct compose_changes *changes;       /* may be NULL */
	/* state */
	const struct val *compose;             /* the input */
	const char *service;                   /* the service being adapted, or NULL */
	const struct val *svc;
	struct val *image;                     /* an image named for a build-only service */
	struct val *extra;                     /* this service's extras */
	struct val *extras;                    /* every service's, in order */
	struct val *resources;                 /* additionalResources */
	int empty_dirs;
};

/* Whether the chart takes name as a service name (a DNS label). */
bool adapt_service_name_ok(const char *name);
struct val *adapt_compose(struct adapt *ad, const struct val *compose);
void adapt_values(struct adapt *ad, struct val *values);

#endif
