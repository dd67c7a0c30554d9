/* merge.h - the Compose Specification's merge rules, on value trees.
 *
 * Used for several compose files (each merged onto the ones before it) and
 * for `extends` (the service merged onto its base). Mappings merge key by
 * key; sequences append; command, entrypoint and healthcheck.test are
 * replaced; ports, volumes, devices, secrets, configs, expose, env_file,
 * dns... are merged by their unique key (a later entry replaces the
 * earlier one in its place); environment, labels, annotations, sysctls,
 * extra_hosts, build args and labels are merged as mappings, whichever
 * form each side uses; depends_on and service networks as mappings when
 * either side is one. A later null keeps the earlier value. The `!reset`
 * tag removes a value, `!override` replaces one without merging.
 *
 * Inputs are never modified: the result shares every subtree that only
 * one side contributes, and has new nodes where both do. */
#ifndef AGENTENV_COMPOSE_MERGE_H
#define AGENTENV_COMPOSE_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/ptrmap.h"

struct arena;
struct diag;
struct val;

struct compose_merge {
	struct arena *a;
	struct diag *d;
	bool failed;       /* an error was reported */
	struct ptrmap stripped;   /* node -> node without its !reset values (zero-initialise) */
};

/* `over` merged onto `base`, both found at `path` (its segments, e.g.
 * {"services", "web"}; none for whole files). */
struct val *compose_merge(struct compose_merge *m, struct val *base, struct val *over,
			  const char *const *path, size_t npath);

/* v without the !reset-tagged values below it: v itself when it has none,
 * NULL when v itself is tagged !reset. */
struct val *compose_merge_strip(struct compose_merge *m, struct val *v);

/* Is v tagged `tag` ("!reset", "!override")? */
bool compose_tagged(const struct val *v, const char *tag);

#endif
