/* network_policy.h - the policy flavor options of the commands that render
 * the agent-env chart (template, policy).
 *
 * --network-policy cilium|kubernetes sets the chart's networkPolicy value
 * (over every -f file and --set); absent, the chart's default (cilium)
 * stands and nothing is added. The commands' --strict (compose_input.h:
 * refuse rather than adapt) also makes the rules a Kubernetes
 * NetworkPolicy cannot express errors instead of warnings. The values
 * check (network_policy_check_values) runs the netpol checks and, in the
 * kubernetes flavor, reports what is dropped. template_render
 * (template.h) does all of this; a command only adds the option entry. */
#ifndef AGENTENV_CMD_NETWORK_POLICY_H
#define AGENTENV_CMD_NETWORK_POLICY_H

#include "util/opts.h"

struct arena;
struct diag;
struct val;

struct network_policy_opts {
	const char *flavor;   /* NULL: the chart's default */
	bool strict;          /* set from the command's --strict */
	struct arena *arena;  /* for network_policy_check_values */
};

#define NETWORK_POLICY_OPTIONS(np) \
	OPT_STRING(0, "network-policy", &(np)->flavor, "FLAVOR", \
		   "cilium (default): CiliumNetworkPolicies; kubernetes: standard NetworkPolicies " \
		   "(what they cannot express is dropped with a warning; an error with --strict)")

/* EXIT_OK, or EXIT_USAGE (with a message) for a flavor we do not know. */
int network_policy_opts_check(const struct network_policy_opts *np);
/* Add networkPolicy=FLAVOR to set (Helm's --set-string list: applied last). */
void network_policy_opts_apply(struct arena *a, const struct network_policy_opts *np,
			       struct strlist *set_string);
/* A helm_options.check_values callback; ctx is the struct network_policy_opts. */
bool network_policy_check_values(void *ctx, const struct val *values, struct diag *d);

#endif
