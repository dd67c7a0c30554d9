/* model.h - the evaluator's model (private to src/netpol): endpoints with
 * their labels, and policies as rules, read from the manifests by model.c
 * (Cilium policies) and knp.c (Kubernetes NetworkPolicies), evaluated by
 * eval.c. */
#ifndef AGENTENV_NETPOL_MODEL_H
#define AGENTENV_NETPOL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "netpol/traffic.h"
#include "yaml/value.h"

#define NP_NS_LABEL "io.kubernetes.pod.namespace"

enum np_dir { NP_INGRESS, NP_EGRESS };

struct np_labels {
	const char **key, **value;
	size_t n;
};

enum np_op { NP_IN, NP_NOT_IN, NP_EXISTS, NP_NOT_EXISTS, NP_BAD_OP };

struct np_expr {
	const char *key;
	enum np_op op;
	const char **values;
	size_t n;
};

struct np_selector {
	struct np_labels match;
	struct np_expr *expr;
	size_t nexpr;
	bool names_ns;               /* constrains io.kubernetes.pod.namespace itself */
	const char *text;            /* for people: "k=v,k2 in (a,b)" or "{}" */
	size_t mid;                  /* its matcher (select.c) */
};

struct np_cidr {
	unsigned char addr[16];
	int bits;
	bool v6;
	const char *text;
	struct np_cidr *except;
	size_t nexcept;
};

/* A toPorts entry: its ports and L7 rules. */
struct np_portrule {
	struct np_traffic traffic;
	const char **dns;            /* matchName / matchPattern of rules.dns */
	size_t ndns;
	const char **sni;            /* serverNames */
	size_t nsni;
	bool has_http;
	const char **host;           /* per rules.http entry: its host, or NULL (any) */
	size_t nhost;
};

struct np_rule {
	bool deny;
	bool has_l3, has_l4;         /* peers given; toPorts or icmps given */
	bool any_peer;               /* every peer (a NetworkPolicy rule without from/to) */
	struct np_selector *sel;     /* toEndpoints / fromEndpoints */
	size_t nsel;
	const char **entity;
	size_t nentity;
	struct np_cidr *cidr;        /* toCIDR, toCIDRSet (and from...) */
	size_t ncidr;
	const char **fqdn;           /* toFQDNs */
	size_t nfqdn;
	struct np_portrule *port;
	size_t nport;
	bool ping;                   /* icmps allow echo requests */
};

struct np_policy {
	const char *name;
	const char *ns;              /* NULL: clusterwide */
	struct np_selector subject;
	struct np_rule *rule[2];     /* by enum np_dir */
	size_t nrule[2];
	bool enforce[2];
};

struct np_endpoint {
	const char *name;
	struct np_labels labels;
	const struct np_policy **pol;    /* the policies selecting it, in order */
	size_t npol;
	size_t *peer;                    /* the rule matchers matching it, ascending */
	size_t npeer;
};

/* A distinct selector bound to a namespace (select.c): what a policy's
 * subject or a rule's fromEndpoints/toEndpoints entry matches. */
struct np_matcher {
	const struct np_selector *sel;
	const char *ns;                  /* the namespace it requires, or NULL */
	bool in_rule;                    /* a rule's peer selector */
	bool any_service, any_dns;       /* it matches a service, the cluster DNS */
	const struct np_policy **subject_of;   /* policies it selects for */
	size_t nsubject, cap_subject;
};

struct np_builder {
	struct arena *a;
	const char *ns;
	struct np_model *m;
	size_t cap_ep, cap_pol;
	struct val *names;               /* endpoint names seen */
};

/* Endpoints: the services first (sorted by name), then the cluster DNS. */
struct np_model {
	struct np_endpoint *ep;
	size_t nep, nservice;
	struct np_policy *pol;
	size_t npol;
	struct np_matcher *mt;
	size_t nmt;
};

/* Shared by the readers (model.c). */
struct arena;
const char *np_scalar_text(struct arena *a, const struct val *v);
/* map[key] when map is a mapping and the value of that kind, else NULL. */
const struct val *np_get(const struct val *map, const char *key, enum val_kind kind);
void np_selector_read(struct arena *a, const struct val *v, struct np_selector *s);
/* A {cidr, except} mapping (toCIDRSet, ipBlock) added to a rule's CIDRs. */
void np_rule_add_cidr_set(struct arena *a, struct np_rule *r, const struct val *set);
struct np_policy *np_model_add_policy(struct np_builder *b);
/* A NetworkPolicy document (knp.c). */
void np_knp_add(struct np_builder *b, const struct val *doc);

bool np_selector_matches(const struct np_selector *s, const struct np_labels *l,
			 const char *ns);
const char *np_labels_get(const struct np_labels *l, const char *k);

/* Matchers for every subject and rule selector, and each endpoint's
 * policies and peer matchers (select.c). */
void np_select(struct arena *a, struct np_model *m);

/* What one direction of ep lets through to (egress) or from (ingress)
 * the endpoint peer (eval.c). */
void np_side_pass(struct arena *a, const struct np_endpoint *ep, enum np_dir dir,
		  const struct np_endpoint *peer, struct np_traffic *out);

/* Interning (select.c): the id of a byte string in table (a mapping made
 * with val_map), a new one taking the next id; np_key_str and np_key_num
 * append a string (or NULL) or a number to a key unambiguously. */
size_t np_intern(struct arena *a, struct val *table, const void *key, size_t len);
struct buf;
void np_key_str(struct buf *b, const char *s);
void np_key_num(struct buf *b, size_t n);

static inline char tolower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#endif
