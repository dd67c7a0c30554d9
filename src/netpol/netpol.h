/* netpol.h - the network-policy compiler: everything about networking
 * between a compose file and the policies the chart renders.
 *
 * 1. From compose (called by the converter, src/compose/convert.c): the
 *    top-level `networks`, a service's `networks` and `network_mode`, and
 *    the network keys of the x-inspect_k8s_sandbox (x-k8s) extension,
 *    turned into agent-env values with the reference converter's rules and
 *    wording (its trailing "Service: ...; Compose file: ..." context is
 *    given by the caller).
 * 2. Checks of the network values, wherever they come from (converted
 *    compose, values files, --set): allowDomains, allowDomainsPorts,
 *    allowCIDR and allowEntities, each problem an error at its node. They
 *    are the rules the chart's `fail` calls, Cilium's CRD and CoreDNS would
 *    apply later, moved before anything is rendered.
 * 3. The Kubernetes flavor (values key networkPolicy: kubernetes): what a
 *    NetworkPolicy cannot express is reported, one warning per rule. */
#ifndef AGENTENV_NETPOL_H
#define AGENTENV_NETPOL_H

#include <stdbool.h>

struct arena;
struct diag;
struct val;
struct val_pair;

struct netpol_ctx {
	struct arena *a;
	struct diag *d;
	const char *context;          /* appended to messages: "Compose file: 'f'." */
	const struct val *networks;   /* the compose file's top-level networks, or NULL */
};

/* Top-level `networks`: each a mapping with at most `driver: bridge` and
 * `internal`; the values' networks mapping (names only). */
struct val *netpol_top_networks(const struct netpol_ctx *c, const struct val *src);

/* A service's `network_mode` and `networks` (either pair may be NULL):
 * networkIsolated (none), or the networks it joins, which must be declared
 * at the top level (`default` is always declared, as in compose). Returns
 * whether `networks` was read: when not (an unsupported mode, or `none`
 * with a null `networks`), the reference leaves it to be rejected as an
 * unsupported key. */
bool netpol_service(const struct netpol_ctx *c, const struct val_pair *mode,
		    const struct val_pair *networks, struct val *out);

/* The keys of the top-level extension that netpol_extension reads, NULL
 * terminated (the caller treats them as consumed). */
extern const char *const netpol_extension_keys[];
/* allow_domains, allow_domains_ports, allow_cidr, allow_entities of the
 * extension mapping, into out (allowDomains, ... in the chart's order). */
void netpol_extension(const struct netpol_ctx *c, const struct val *ext, struct val *out);

/* What the checks call each list, in messages: values or compose names. */
enum netpol_naming { NETPOL_VALUES_NAMES, NETPOL_COMPOSE_NAMES };

/* Check the network values of `values` (the chart's keys); each problem is
 * an error at its node. Returns true when there was none. */
bool netpol_check_values(struct arena *a, struct diag *d, const struct val *values,
			 enum netpol_naming naming);

/* networkPolicy: kubernetes cannot express FQDN rules, Cilium entities but
 * world and all, and ICMP: one warning per such rule of `values` (errors
 * when strict). Returns false when strict and something was dropped. */
bool netpol_kubernetes_dropped(struct arena *a, struct diag *d, const struct val *values,
			       bool strict);

#endif
