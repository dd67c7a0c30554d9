/* eval.h - what rendered network policies allow, read back with Cilium's
 * semantics.
 *
 * Input: the manifests as value trees. Endpoints are the pods of every
 * workload (StatefulSet, Deployment, ... : the pod template's labels, plus
 * the labels Cilium adds: io.kubernetes.pod.namespace and the service
 * account), named by their inspect/service label; kube-dns and
 * node-local-dns stand in kube-system for the cluster DNS. Policies are
 * CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy
 * documents (spec or specs).
 *
 * Semantics (Cilium's "default" enforcement mode):
 * - a policy applies to the endpoints its endpointSelector matches
 *   (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist; k8s: and
 *   any: key prefixes dropped), in its own namespace when namespaced;
 *   fromEndpoints/toEndpoints of a namespaced policy only match its
 *   namespace unless they name io.kubernetes.pod.namespace;
 * - an endpoint is in default deny in a direction once a policy selecting
 *   it has rules (allow or deny) in that direction, or enableDefaultDeny
 *   says so; otherwise everything passes that way;
 * - a rule matches a peer by toEndpoints/fromEndpoints, toEntities (all,
 *   cluster and its parts, world, world-ipv4/6), toCIDR/toCIDRSet (with
 *   except), toFQDNs (matchName, matchPattern); a rule without peers but
 *   with toPorts or icmps matches every peer; an empty rule matches none;
 *   a rule with only peer kinds not modelled here (toServices, toGroups,
 *   toNodes, ...) matches none;
 * - toPorts limits a rule to its ports (port 0 or none: every port;
 *   endPort; protocol ANY: TCP, UDP and SCTP); icmps to ICMP (echo is
 *   what is modelled); a rule with neither allows every port and ping;
 * - deny rules (ingressDeny/egressDeny) win over every allow;
 * - a connection needs both the sender's egress and the receiver's
 *   ingress; external destinations only the sender's egress;
 * - a DNS name is resolvable when a rule lets the query through to the
 *   cluster DNS on port 53 and its dns rules (matchName/matchPattern), if
 *   any, accept the name; toFQDNs only learns the addresses of names
 *   seen through such a dns rule; serverNames (TLS SNI) and http host
 *   rules on a port must accept the name too. */
#ifndef AGENTENV_NETPOL_EVAL_H
#define AGENTENV_NETPOL_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "netpol/traffic.h"

struct arena;
struct val;

struct np_model;

/* A model of the documents (any that are not workloads or Cilium policies
 * are skipped); namespace is where namespaced objects without one go. */
struct np_model *np_model_build(struct arena *a, struct val *const *docs, size_t n,
				const char *namespace);
/* The same from a manifest stream as `agentenv template` prints it (a
 * document that is not YAML is skipped). */
struct np_model *np_model_read(struct arena *a, const char *text, size_t len,
			       const char *namespace);
size_t np_model_nservices(const struct np_model *m);
/* Services sorted by name. */
const char *np_model_service(const struct np_model *m, size_t i);
/* Index of a service, or -1. */
int np_model_find(const struct np_model *m, const char *name);

/* Everything that may go from service `from` to service `to`. */
void np_reach(struct arena *a, const struct np_model *m, size_t from, size_t to,
	      struct np_traffic *out);

/* Cilium's reserved entities: true for a known name. */
bool np_entity_known(const char *name);
/* Cilium's DNS matchPattern ("*" alone: everything; "*" elsewhere: any
 * run of DNS characters within a label; "**." first: one or more
 * labels), case-insensitive, a trailing dot ignored. */
bool np_name_matches(const char *pattern, const char *name);

/* One question for --can. */
enum np_dest_kind { NP_DEST_SERVICE, NP_DEST_HOST, NP_DEST_IP, NP_DEST_ENTITY };

struct np_query {
	enum np_dest_kind kind;
	size_t service;              /* NP_DEST_SERVICE */
	const char *name;            /* host name, or entity */
	unsigned char ip[16];        /* NP_DEST_IP */
	bool v6;
	bool any_port;               /* no port given: anything at all */
	bool ping;                   /* ICMP echo */
	enum np_proto proto;
	unsigned port;
};

struct np_verdict {
	bool allowed;
	const char *egress_by;       /* the policy that allows the sender's egress */
	const char *ingress_by;      /* the receiver's ingress (services) */
	const char *denied_by;       /* a deny policy that drops it */
	const char *dns_by;          /* host: the policy letting the name resolve */
	const char *reason;          /* when denied and no deny policy: why */
	struct np_traffic traffic;   /* what may go to that destination */
};

void np_can(struct arena *a, const struct np_model *m, size_t from, const struct np_query *q,
	    struct np_verdict *v);

/* A service's egress beyond the services of the environment. */
enum np_egress_kind {
	NP_EG_DNS,                   /* a name (pattern) it may look up */
	NP_EG_FQDN,                  /* toFQDNs pattern */
	NP_EG_ENTITY,
	NP_EG_CIDR,
	NP_EG_ENDPOINTS,             /* pods outside the environment (selector text) */
	NP_EG_ANYWHERE,              /* a rule without peers: every destination */
};

struct np_egress_item {
	enum np_egress_kind kind;
	const char *what;
	struct np_traffic traffic;
	const char *check;           /* "TLS SNI", "HTTP Host" or NULL */
	const char *policy;
	bool deny;
};

struct np_egress {
	bool enforced;               /* false: nothing restricts egress */
	const char *denied_all;      /* a deny policy dropping all egress, or NULL */
	struct np_egress_item *items;
	size_t n;
};

void np_egress(struct arena *a, const struct np_model *m, size_t svc, struct np_egress *out);

const char *np_egress_kind_name(enum np_egress_kind k);

#endif
