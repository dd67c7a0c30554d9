/* kube.c - what the Kubernetes flavor (networkPolicy: kubernetes) drops.
 *
 * A networking.k8s.io/v1 NetworkPolicy selects peers by pod and namespace
 * labels and by IP block, on TCP, UDP and SCTP ports. It cannot name DNS
 * names (allowDomains and allowDomainsPorts are Cilium's toFQDNs), has no
 * entities (world and all are rendered as IP blocks and an open rule; the
 * others would need knowledge of the cluster), and cannot allow ICMP next
 * to a port list. The chart renders what can be expressed; this reports
 * each rule it leaves out, never silently. */
#include "netpol/netpol.h"
#include "util/arena.h"
#include "util/diag.h"
#include "yaml/value.h"

struct np_drop {
	struct diag *d;
	enum diag_level level;
	int dropped;
};

static void np_drop(struct np_drop *k, const struct val *where, const char *what,
		    const char *why)
{
	diag_report(k->d, k->level, where->mark.file ? &where->mark : NULL,
		    "network policy kubernetes: %s %s: %s", what,
		    k->level == DIAG_ERROR ? "refused (--strict)" : "dropped", why);
	k->dropped++;
}

static const struct val *np_seq(const struct val *values, const char *key)
{
	const struct val *v = val_map_get(values, key);
	return v && v->kind == VAL_SEQ ? v : NULL;
}

static const char *np_text(struct arena *a, const struct val *v)
{
	return v && v->kind == VAL_STR ? arena_printf(a, "\"%s\"", v->str.s)
	       : v && v->kind == VAL_INT ? arena_printf(a, "%lld", (long long)v->i) : "?";
}

static void np_drop_egress(struct arena *a, struct np_drop *k, const struct val *values)
{
	const struct val *l = np_seq(values, "allowDomains");
	for (size_t i = 0; l && i < l->seq.n; i++)
		np_drop(k, l->seq.items[i], arena_printf(a, "allowDomains %s",
			np_text(a, l->seq.items[i])), "a NetworkPolicy cannot select DNS names");
	l = np_seq(values, "allowDomainsPorts");
	for (size_t i = 0; l && i < l->seq.n; i++) {
		const struct val *e = l->seq.items[i];
		np_drop(k, e, arena_printf(a, "allowDomainsPorts port %s",
			np_text(a, val_map_get(e, "port"))), "a NetworkPolicy cannot select DNS names");
	}
	l = np_seq(values, "allowEntities");
	for (size_t i = 0; l && i < l->seq.n; i++) {
		const struct val *e = l->seq.items[i];
		if (!val_is_str(e, "world") && !val_is_str(e, "all"))
			np_drop(k, e, arena_printf(a, "allowEntities %s", np_text(a, e)),
				"a NetworkPolicy has no Cilium entities (only world and all are rendered)");
	}
}

/* The Cilium flavor always lets a service be pinged; with a port list, a
 * NetworkPolicy opens only those ports. */
static void np_drop_icmp(struct arena *a, struct np_drop *k, const struct val *values)
{
	const struct val *services = val_map_get(values, "services");
	for (size_t i = 0; services && services->kind == VAL_MAP && i < services->map.n; i++) {
		const struct val_pair *p = &services->map.pairs[i];
		const struct val *ports = np_seq(p->value, "ports");
		const struct val *isolated = val_map_get(p->value, "networkIsolated");
		if (!ports || !ports->seq.n || (isolated && isolated->kind == VAL_BOOL && isolated->b))
			continue;
		np_drop(k, ports, arena_printf(a, "ICMP echo (ping) to service %s",
			np_text(a, p->key)), "a NetworkPolicy cannot allow ICMP beside a port list");
	}
}

bool netpol_kubernetes_dropped(struct arena *a, struct diag *d, const struct val *values,
			       bool strict)
{
	struct np_drop k = {d, strict ? DIAG_ERROR : DIAG_WARNING, 0};
	np_drop_egress(a, &k, values);
	np_drop_icmp(a, &k, values);
	return !strict || k.dropped == 0;
}
