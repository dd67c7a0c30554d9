/* knp.c - Kubernetes NetworkPolicies (networking.k8s.io/v1) as rules of
 * the evaluator's model (model.h), with the standard semantics:
 * - spec.podSelector selects pods of the policy's namespace ({}: all);
 * - policyTypes says which directions it governs (absent: Ingress, plus
 *   Egress when spec.egress is given); a governed direction is default
 *   deny, and what passes is the union of the rules of every policy;
 * - a rule without from/to takes every peer; a peer is a podSelector (in
 *   the policy's namespace), a namespaceSelector (with or without a
 *   podSelector) or an ipBlock (cidr, except);
 * - a rule without ports opens every port of every protocol, ICMP
 *   included; ports (port or none for all, endPort, protocol, TCP by
 *   default) open only those, and never ICMP.
 * Namespaces carry one label here, kubernetes.io/metadata.name: a
 * namespaceSelector on it becomes a condition on the pod's namespace (the
 * io.kubernetes.pod.namespace label every endpoint has); on any other
 * namespace label, a condition no pod of this model meets. */
#include "netpol/model.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

static const char *knp_ns_key(struct arena *a, const char *key)
{
	if (strcmp(key, "kubernetes.io/metadata.name") == 0)
		return NP_NS_LABEL;
	return arena_printf(a, "io.cilium.k8s.namespace.labels.%s", key);
}

/* A podSelector and namespaceSelector pair as one pod selector. */
static void knp_peer_selector(struct arena *a, const struct val *peer, struct np_selector *s)
{
	const struct val *pods = np_get(peer, "podSelector", VAL_MAP);
	const struct val *nss = np_get(peer, "namespaceSelector", VAL_MAP);
	static const struct val empty = {.kind = VAL_MAP};
	np_selector_read(a, pods ? pods : &empty, s);
	if (!nss)
		return;
	struct np_selector ns = {0};
	np_selector_read(a, nss, &ns);
	size_t n = s->match.n + ns.match.n;
	s->match.key = arena_grow(a, s->match.key, s->match.n * sizeof *s->match.key,
				  (n + 1) * sizeof *s->match.key);
	s->match.value = arena_grow(a, s->match.value, s->match.n * sizeof *s->match.value,
				    (n + 1) * sizeof *s->match.value);
	for (size_t i = 0; i < ns.match.n; i++) {
		s->match.key[s->match.n] = knp_ns_key(a, ns.match.key[i]);
		s->match.value[s->match.n++] = ns.match.value[i];
	}
	n = s->nexpr + ns.nexpr;
	s->expr = arena_grow(a, s->expr, s->nexpr * sizeof *s->expr, (n + 1) * sizeof *s->expr);
	for (size_t i = 0; i < ns.nexpr; i++) {
		s->expr[s->nexpr] = ns.expr[i];
		s->expr[s->nexpr++].key = knp_ns_key(a, ns.expr[i].key);
	}
	s->names_ns = true;
	s->text = arena_printf(a, "%s in namespaces %s", s->text, ns.text);
}

static void knp_peers(struct arena *a, const struct val *peers, struct np_rule *r)
{
	r->sel = arena_alloc(a, (peers->seq.n + 1) * sizeof *r->sel);
	for (size_t i = 0; i < peers->seq.n; i++) {
		const struct val *p = peers->seq.items[i];
		const struct val *block = np_get(p, "ipBlock", VAL_MAP);
		if (block) {
			np_rule_add_cidr_set(a, r, block);
		} else if (np_get(p, "podSelector", VAL_MAP) || np_get(p, "namespaceSelector", VAL_MAP)) {
			knp_peer_selector(a, p, &r->sel[r->nsel++]);
		}
	}
}

static void knp_port(struct arena *a, const struct val *p, struct np_traffic *t)
{
	const char *port = np_scalar_text(a, val_map_get(p, "port"));
	const char *end = np_scalar_text(a, val_map_get(p, "endPort"));
	const char *proto = np_scalar_text(a, val_map_get(p, "protocol"));
	int pr = np_proto_parse(proto ? proto : "TCP");
	unsigned lo = 1, hi = 65535;
	if (pr < 0)
		return;
	if (port) {
		char *e;
		long n = strtol(port, &e, 10);
		if (*e || n < 1 || n > 65535)
			return;      /* a named port: not modelled */
		lo = hi = (unsigned)n;
		long m = end ? strtol(end, &e, 10) : 0;
		if (end && !*e && m >= n && m <= 65535)
			hi = (unsigned)m;
	}
	np_traffic_add(a, t, (enum np_proto)pr, lo, hi);
}

static void knp_rule(struct arena *a, const struct val *v, enum np_dir dir, struct np_rule *r)
{
	const struct val *peers = np_get(v, dir == NP_INGRESS ? "from" : "to", VAL_SEQ);
	const struct val *ports = np_get(v, "ports", VAL_SEQ);
	if (peers && peers->seq.n) {
		r->has_l3 = true;
		knp_peers(a, peers, r);
	} else {
		r->any_peer = true;
	}
	if (!ports || !ports->seq.n)
		return;
	r->has_l4 = true;
	r->port = arena_alloc(a, sizeof *r->port);
	r->nport = 1;
	for (size_t i = 0; i < ports->seq.n; i++)
		if (ports->seq.items[i]->kind == VAL_MAP)
			knp_port(a, ports->seq.items[i], &r->port[0].traffic);
}

static bool knp_governs(const struct val *spec, enum np_dir dir)
{
	const struct val *types = np_get(spec, "policyTypes", VAL_SEQ);
	const char *name = dir == NP_INGRESS ? "Ingress" : "Egress";
	if (!types)
		return dir == NP_INGRESS || val_map_get(spec, "egress") != NULL;
	for (size_t i = 0; i < types->seq.n; i++)
		if (val_is_str(types->seq.items[i], name))
			return true;
	return false;
}

void np_knp_add(struct np_builder *b, const struct val *doc)
{
	const struct val *spec = np_get(doc, "spec", VAL_MAP);
	const struct val *sel = np_get(spec, "podSelector", VAL_MAP);
	if (!sel)
		return;
	struct np_policy *p = np_model_add_policy(b);
	const struct val *meta = np_get(doc, "metadata", VAL_MAP);
	const char *name = np_scalar_text(b->a, np_get(meta, "name", VAL_STR));
	const char *ns = np_scalar_text(b->a, np_get(meta, "namespace", VAL_STR));
	p->name = name ? name : "(unnamed)";
	p->ns = ns ? ns : b->ns;
	np_selector_read(b->a, sel, &p->subject);
	for (int dir = NP_INGRESS; dir <= NP_EGRESS; dir++) {
		const struct val *rules = np_get(spec, dir == NP_INGRESS ? "ingress" : "egress",
						 VAL_SEQ);
		size_t n = rules ? rules->seq.n : 0;
		p->enforce[dir] = knp_governs(spec, (enum np_dir)dir);
		if (!p->enforce[dir])
			continue;    /* rules of a direction the policy does not govern are ignored */
		p->rule[dir] = arena_alloc(b->a, (n + 1) * sizeof *p->rule[dir]);
		for (size_t i = 0; i < n; i++)
			if (rules->seq.items[i]->kind == VAL_MAP)
				knp_rule(b->a, rules->seq.items[i], (enum np_dir)dir,
					 &p->rule[dir][p->nrule[dir]++]);
	}
}
