/* network_policy.c - the policy flavor options (see network_policy.h). */
#include "cmd/network_policy.h"
#include "cmd/cmd.h"
#include "netpol/netpol.h"
#include "util/arena.h"
#include "yaml/value.h"

#include <stdio.h>
#include <string.h>

int network_policy_opts_check(const struct network_policy_opts *np)
{
	if (!np->flavor || strcmp(np->flavor, "cilium") == 0 || strcmp(np->flavor, "kubernetes") == 0)
		return EXIT_OK;
	fprintf(stderr, "agentenv: error: --network-policy: '%s' is not a flavor (cilium or "
		"kubernetes)\n", np->flavor);
	return EXIT_USAGE;
}

void network_policy_opts_apply(struct arena *a, const struct network_policy_opts *np,
			       struct strlist *set_string)
{
	if (np->flavor)
		strlist_push(a, set_string, arena_printf(a, "networkPolicy=%s", np->flavor));
}

bool network_policy_check_values(void *ctx, const struct val *values, struct diag *d)
{
	const struct network_policy_opts *np = ctx;
	if (!netpol_check_values(np->arena, d, values, NETPOL_VALUES_NAMES))
		return false;
	if (!val_is_str(val_map_get(values, "networkPolicy"), "kubernetes"))
		return true;
	return netpol_kubernetes_dropped(np->arena, d, values, np->strict);
}
