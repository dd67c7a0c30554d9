/* group.h - services grouped by identical reach, for reports that stay
 * small when environments grow.
 *
 * Two services are in one group when each sends exactly the same traffic
 * to every service and receives exactly the same from every service as
 * the other, and their egress beyond the environment reads the same
 * (same items, same policies). Groups are numbered by their first
 * service (services in byte order), and a group is named by it.
 *
 * The evaluation works on classes: services whose policies hold the same
 * rules in each direction and whose labels the same rule selectors match
 * behave alike, so what passes is computed once per pair of (rule set,
 * peer set) and classes are then merged into groups by their rows and
 * columns. The cost grows with services plus classes squared, not with
 * services squared. */
#ifndef AGENTENV_NETPOL_GROUP_H
#define AGENTENV_NETPOL_GROUP_H

#include <stddef.h>

#include "netpol/eval.h"

struct arena;

struct np_groups {
	size_t n;                        /* groups */
	size_t *of;                      /* service -> group */
	size_t **member;                 /* group -> its services, ascending */
	size_t *nmember;
	const struct np_traffic **reach; /* from * n + to */
	struct np_egress *egress;        /* per group */
};

struct np_groups *np_groups_build(struct arena *a, const struct np_model *m);

static inline const struct np_traffic *np_groups_reach(const struct np_groups *g, size_t from,
							 size_t to)
{
	return g->reach[g->of[from] * g->n + g->of[to]];
}

#endif
