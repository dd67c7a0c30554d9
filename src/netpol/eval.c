/* eval.c - the model of endpoints and Cilium policies, and what it allows
 * (semantics in eval.h). Reading the documents is in model.c. */
#include "netpol/eval.h"
#include "netpol/model.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/regex.h"

#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* What one rule is asked about: a pod, an external name or address, or
 * an entity; and, for a DNS lookup, the name looked up. */
struct np_peer {
	const struct np_endpoint *ep;
	const char *host;            /* an external DNS name */
	bool host_visible;           /* looked up through a dns rule: toFQDNs learns it */
	const unsigned char *ip;
	bool v6;
	const char *entity;
	const char *lookup;          /* the name of a DNS query to ep */
	bool lookup_strict;          /* only dns rules that name it count */
};

/* Cilium's entities inside "cluster" and inside "world". */
static const char *const np_cluster_parts[] = {
	"host", "remote-node", "kube-apiserver", "ingress", "init", "health", "unmanaged", NULL,
};
static const char *const np_world_parts[] = {"world-ipv4", "world-ipv6", NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool np_entity_known(const char *name)
{
	return strcmp(name, "all") == 0 || strcmp(name, "cluster") == 0 ||
	       strcmp(name, "world") == 0 || in_list(np_cluster_parts, name) ||
	       in_list(np_world_parts, name);
}

/* Does rule entity e take in entity x? */
static bool entity_covers(const char *e, const char *x)
{
	return strcmp(e, "all") == 0 || strcmp(e, x) == 0 ||
	       (strcmp(e, "cluster") == 0 && in_list(np_cluster_parts, x)) ||
	       (strcmp(e, "world") == 0 && in_list(np_world_parts, x));
}

static bool dns_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Glob match of p[0..pn) against s[0..sn): '*' is any run of DNS
 * characters (never a dot). */
static bool glob_label(const char *p, size_t pn, const char *s, size_t sn)
{
	if (pn == 0)
		return sn == 0;
	if (*p == '*') {
		for (size_t k = 0;; k++) {
			if (glob_label(p + 1, pn - 1, s + k, sn - k))
				return true;
			if (k == sn || !dns_char(s[k]))
				return false;
		}
	}
	return sn > 0 && (tolower_ascii(*p) == tolower_ascii(*s)) &&
	       glob_label(p + 1, pn - 1, s + 1, sn - 1);
}

bool np_name_matches(const char *pattern, const char *name)
{
	size_t pn = strlen(pattern), sn = strlen(name);
	if (pn && pattern[pn - 1] == '.')
		pn--;
	if (sn && name[sn - 1] == '.')
		sn--;
	if (pn == 1 && pattern[0] == '*')
		return true;
	if (pn >= 3 && strncmp(pattern, "**.", 3) == 0) {
		/* one or more whole labels, then the rest */
		for (size_t k = 0; k < sn; k++)
			if (name[k] == '.' && k > 0 &&
			    glob_label(pattern + 3, pn - 3, name + k + 1, sn - k - 1))
				return true;
		return false;
	}
	return glob_label(pattern, pn, name, sn);
}

/* An http rule's host: a regular expression (RE2 syntax; the chart's are
 * also PCRE2's) that must match the whole Host header. */
static bool host_regex_matches(const char *re, const char *host)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
					 &off, NULL);
	if (!code)
		return false;
	/* The pattern comes from the manifests: bounded like every match. */
	struct regex_budget budget = regex_budget_new();
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	int rc = regex_match(&budget, code, host, strlen(host), 0, md, mctx);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	pcre2_code_free(code);
	return rc >= 0;
}

static bool cidr_contains(const struct np_cidr *c, const unsigned char *ip, bool v6)
{
	if (c->v6 != v6)
		return false;
	int full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(c->addr, ip, (size_t)full) != 0)
		return false;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return rest == 0 || (c->addr[full] & mask) == (ip[full] & mask);
}

static bool cidr_takes_ip(const struct np_cidr *c, const unsigned char *ip, bool v6)
{
	if (!cidr_contains(c, ip, v6))
		return false;
	for (size_t i = 0; i < c->nexcept; i++)
		if (cidr_contains(&c->except[i], ip, v6))
			return false;
	return true;
}

/* A CIDR takes in an external name or a world entity only when it is
 * the whole address space (the addresses of a name are not known here). */
static bool cidr_takes_peer(const struct np_cidr *c, const struct np_peer *p)
{
	if (p->ip)
		return cidr_takes_ip(c, p->ip, p->v6);
	if (c->bits != 0 || c->nexcept)
		return false;
	if (p->host)
		return true;
	return p->entity && strcmp(p->entity, c->v6 ? "world-ipv6" : "world-ipv4") == 0;
}

static bool entity_takes_peer(const char *e, const struct np_peer *p)
{
	if (p->ep)
		return strcmp(e, "all") == 0 || strcmp(e, "cluster") == 0;
	if (p->entity)
		return entity_covers(e, p->entity);
	if (p->ip)
		return entity_covers(e, p->v6 ? "world-ipv6" : "world-ipv4");
	return entity_covers(e, "world") || strcmp(e, "world-ipv4") == 0 ||
	       strcmp(e, "world-ipv6") == 0;
}

static bool rule_takes_peer(const struct np_rule *r, const struct np_policy *pol,
			    const struct np_peer *p)
{
	if (r->any_peer)
		return true;
	if (!r->has_l3)
		return r->has_l4;
	for (size_t i = 0; p->ep && i < r->nsel; i++)
		if (np_selector_matches(&r->sel[i], &p->ep->labels, pol->ns))
			return true;
	for (size_t i = 0; i < r->nentity; i++)
		if (entity_takes_peer(r->entity[i], p))
			return true;
	for (size_t i = 0; i < r->ncidr; i++)
		if (cidr_takes_peer(&r->cidr[i], p))
			return true;
	for (size_t i = 0; p->host && p->host_visible && i < r->nfqdn; i++)
		if (np_name_matches(r->fqdn[i], p->host))
			return true;
	return false;
}

static bool any_name_matches(const char *const *patterns, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (np_name_matches(patterns[i], name))
			return true;
	return false;
}

/* Does a toPorts entry let this peer's traffic through its L7 rules? */
static bool portrule_takes(const struct np_portrule *pr, const struct np_peer *p)
{
	if (p->lookup) {
		if (pr->ndns ? !any_name_matches(pr->dns, pr->ndns, p->lookup) : p->lookup_strict)
			return false;
	}
	if (p->host && pr->nsni && !any_name_matches(pr->sni, pr->nsni, p->host))
		return false;
	if (p->host && pr->has_http) {
		bool ok = false;
		for (size_t i = 0; i < pr->nhost && !ok; i++)
			ok = !pr->host[i] || host_regex_matches(pr->host[i], p->host);
		if (!ok)
			return false;
	}
	return true;
}

static void rule_traffic(struct arena *a, const struct np_rule *r, const struct np_peer *p,
			 struct np_traffic *out)
{
	*out = (struct np_traffic){0};
	if (!r->has_l4) {
		np_traffic_all(a, out);
		return;
	}
	for (size_t i = 0; i < r->nport; i++)
		if (portrule_takes(&r->port[i], p))
			np_traffic_union(a, out, &r->port[i].traffic);
	out->ping |= r->ping;
}

static bool query_in(const struct np_traffic *t, const struct np_query *q)
{
	if (q->any_port)
		return !np_traffic_empty(t);
	if (q->ping)
		return t->ping;
	return np_traffic_has(t, q->proto, q->port);
}

/* One direction of one endpoint towards a peer: what passes, whether a
 * policy enforces that direction at all; with q, the first allowing and
 * the first denying policy for it. */
struct np_side {
	struct np_traffic pass, allow, deny;
	bool enforced;
	const char *allow_by, *deny_by;
};

static void side_eval(struct arena *a, const struct np_endpoint *ep, enum np_dir dir,
		      const struct np_peer *p, const struct np_query *q, struct np_side *s)
{
	*s = (struct np_side){0};
	for (size_t i = 0; i < ep->npol; i++) {
		const struct np_policy *pol = ep->pol[i];
		s->enforced |= pol->enforce[dir];
		for (size_t k = 0; k < pol->nrule[dir]; k++) {
			const struct np_rule *r = &pol->rule[dir][k];
			if (!rule_takes_peer(r, pol, p))
				continue;
			struct np_traffic t;
			rule_traffic(a, r, p, &t);
			np_traffic_union(a, r->deny ? &s->deny : &s->allow, &t);
			const char **by = r->deny ? &s->deny_by : &s->allow_by;
			if (q && !*by && query_in(&t, q))
				*by = pol->name;
		}
	}
	if (!s->enforced)
		np_traffic_all(a, &s->allow);
	np_traffic_subtract(a, &s->pass, &s->allow, &s->deny);
}

static struct np_peer peer_of(const struct np_endpoint *ep)
{
	return (struct np_peer){.ep = ep};
}

void np_side_pass(struct arena *a, const struct np_endpoint *ep, enum np_dir dir,
		  const struct np_endpoint *peer, struct np_traffic *out)
{
	struct np_peer p = peer_of(peer);
	struct np_side s;
	side_eval(a, ep, dir, &p, NULL, &s);
	*out = s.pass;
}

void np_reach(struct arena *a, const struct np_model *m, size_t from, size_t to,
	      struct np_traffic *out)
{
	const struct np_endpoint *src = &m->ep[from], *dst = &m->ep[to];
	struct np_peer ps = peer_of(src), pd = peer_of(dst);
	struct np_side eg, in;
	side_eval(a, src, NP_EGRESS, &pd, NULL, &eg);
	side_eval(a, dst, NP_INGRESS, &ps, NULL, &in);
	np_traffic_intersect(a, out, &eg.pass, &in.pass);
}

/* A pod-to-pod connection: both sides. */
static void can_endpoint(struct arena *a, const struct np_endpoint *src,
			 const struct np_endpoint *dst, struct np_peer pd, const struct np_query *q,
			 struct np_verdict *v)
{
	struct np_peer ps = peer_of(src);
	struct np_side eg, in;
	side_eval(a, src, NP_EGRESS, &pd, q, &eg);
	side_eval(a, dst, NP_INGRESS, &ps, q, &in);
	np_traffic_intersect(a, &v->traffic, &eg.pass, &in.pass);
	v->allowed = query_in(&v->traffic, q);
	v->egress_by = eg.enforced ? eg.allow_by : NULL;
	v->ingress_by = in.enforced ? in.allow_by : NULL;
	if (v->allowed)
		return;
	v->denied_by = eg.deny_by ? eg.deny_by : in.deny_by;
	if (!query_in(&eg.allow, q))
		v->reason = "no policy allows it out of the sender";
	else if (!query_in(&in.allow, q))
		v->reason = "no policy allows it into the receiver";
}

/* Can src look name up? Through a dns rule that names it (strict), or
 * any way at all. */
static bool can_resolve(struct arena *a, const struct np_model *m,
			const struct np_endpoint *src, const char *name, bool strict,
			const char **by)
{
	for (size_t d = m->nservice; d < m->nep; d++) {
		struct np_peer pd = {.ep = &m->ep[d], .lookup = name, .lookup_strict = strict};
		for (int i = 0; i < 2; i++) {
			struct np_query q = {.proto = i ? NP_TCP : NP_UDP, .port = 53};
			struct np_verdict v = {0};
			can_endpoint(a, src, &m->ep[d], pd, &q, &v);
			if (v.allowed) {
				*by = v.egress_by;
				return true;
			}
		}
	}
	return false;
}

static void can_external(struct arena *a, const struct np_endpoint *src, struct np_peer *p,
			 const struct np_query *q, struct np_verdict *v)
{
	struct np_side eg;
	side_eval(a, src, NP_EGRESS, p, q, &eg);
	v->traffic = eg.pass;
	v->allowed = query_in(&eg.pass, q);
	v->egress_by = eg.enforced ? eg.allow_by : NULL;
	if (!v->allowed) {
		v->denied_by = eg.deny_by;
		v->reason = "no policy allows it out of the sender";
	}
}

static void can_host(struct arena *a, const struct np_model *m, const struct np_endpoint *src,
		     const struct np_query *q, struct np_verdict *v)
{
	const char *by = NULL;
	struct np_peer p = {.host = q->name};
	if (!can_resolve(a, m, src, q->name, false, &by)) {
		can_external(a, src, &p, q, v);
		v->traffic = (struct np_traffic){0};
		v->allowed = false;
		v->reason = "the name cannot be resolved: no DNS rule allows it";
		return;
	}
	v->dns_by = by;
	p.host_visible = can_resolve(a, m, src, q->name, true, &by);
	can_external(a, src, &p, q, v);
}

void np_can(struct arena *a, const struct np_model *m, size_t from, const struct np_query *q,
	    struct np_verdict *v)
{
	*v = (struct np_verdict){0};
	const struct np_endpoint *src = &m->ep[from];
	struct np_peer p = {0};
	switch (q->kind) {
	case NP_DEST_SERVICE:
		can_endpoint(a, src, &m->ep[q->service], peer_of(&m->ep[q->service]), q, v);
		return;
	case NP_DEST_HOST:
		can_host(a, m, src, q, v);
		return;
	case NP_DEST_IP:
		p.ip = q->ip;
		p.v6 = q->v6;
		break;
	case NP_DEST_ENTITY:
		p.entity = q->name;
		break;
	}
	can_external(a, src, &p, q, v);
}

/* ---- the egress summary ---- */

static void egress_push(struct arena *a, struct np_egress *e, size_t *cap,
			struct np_egress_item it)
{
	for (size_t i = 0; i < e->n; i++) {
		struct np_egress_item *o = &e->items[i];
		if (o->kind == it.kind && o->deny == it.deny && strcmp(o->what, it.what) == 0 &&
		    strcmp(o->policy, it.policy) == 0 && !o->check == !it.check &&
		    (!o->check || strcmp(o->check, it.check) == 0)) {
			np_traffic_union(a, &o->traffic, &it.traffic);
			return;
		}
	}
	if (e->n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		e->items = arena_grow(a, e->items, e->n * sizeof *e->items, c * sizeof *e->items);
		*cap = c;
	}
	e->items[e->n++] = it;
}

/* The names a rule to the cluster DNS lets through: its dns patterns on
 * port 53, or "*" for a port without dns rules. */
static void egress_dns(struct arena *a, struct np_egress *e, size_t *cap,
		       const struct np_rule *r, const char *policy)
{
	struct np_egress_item it = {.kind = NP_EG_DNS, .policy = policy, .deny = r->deny};
	struct np_traffic dns = {0};
	np_traffic_add(a, &dns, NP_UDP, 53, 53);
	if (!r->has_l4) {
		it.what = "*";
		egress_push(a, e, cap, it);
	}
	for (size_t i = 0; i < r->nport; i++) {
		const struct np_portrule *pr = &r->port[i];
		struct np_traffic t;
		np_traffic_intersect(a, &t, &pr->traffic, &dns);
		if (np_traffic_empty(&t))
			continue;
		for (size_t k = 0; k < pr->ndns; k++) {
			it.what = pr->dns[k];
			egress_push(a, e, cap, it);
		}
		if (!pr->ndns) {
			it.what = "*";
			egress_push(a, e, cap, it);
		}
	}
}

static const char *portrule_check(const struct np_portrule *pr)
{
	return pr->nsni ? "TLS SNI" : pr->has_http ? "HTTP Host" : NULL;
}

/* One item per toPorts entry (each may have its own L7 check), or one for
 * a rule without toPorts. */
static void egress_ports(struct arena *a, struct np_egress *e, size_t *cap,
			 struct np_egress_item it, const struct np_rule *r)
{
	if (!r->has_l4 || (!r->nport && r->ping)) {
		it.traffic = (struct np_traffic){0};
		if (r->has_l4)
			it.traffic.ping = true;
		else
			np_traffic_all(a, &it.traffic);
		egress_push(a, e, cap, it);
		return;
	}
	for (size_t i = 0; i < r->nport; i++) {
		it.traffic = r->port[i].traffic;
		it.traffic.ping = r->ping;
		it.check = portrule_check(&r->port[i]);
		egress_push(a, e, cap, it);
	}
}

static void egress_rule(struct arena *a, const struct np_model *m, struct np_egress *e,
			size_t *cap, const struct np_rule *r, const struct np_policy *pol)
{
	struct np_egress_item it = {.policy = pol->name, .deny = r->deny};
	if ((!r->has_l3 && r->has_l4) || r->any_peer) {
		it.kind = NP_EG_ANYWHERE;
		it.what = "*";
		egress_ports(a, e, cap, it, r);
	}
	for (size_t i = 0; i < r->nsel; i++) {
		const struct np_matcher *mt = &m->mt[r->sel[i].mid];
		if (mt->any_dns)
			egress_dns(a, e, cap, r, pol->name);
		else if (!mt->any_service) {
			it.kind = NP_EG_ENDPOINTS;
			it.what = r->sel[i].text;
			egress_ports(a, e, cap, it, r);
		}
	}
	for (size_t i = 0; i < r->nfqdn; i++) {
		it.kind = NP_EG_FQDN;
		it.what = r->fqdn[i];
		egress_ports(a, e, cap, it, r);
	}
	for (size_t i = 0; i < r->nentity; i++) {
		it.kind = NP_EG_ENTITY;
		it.what = r->entity[i];
		egress_ports(a, e, cap, it, r);
	}
	for (size_t i = 0; i < r->ncidr; i++) {
		it.kind = NP_EG_CIDR;
		it.what = r->cidr[i].text;
		egress_ports(a, e, cap, it, r);
	}
}

/* A deny rule that drops every egress: to all, on every port. */
static bool rule_denies_all(const struct np_rule *r)
{
	if (!r->deny || r->has_l4)
		return false;
	for (size_t i = 0; i < r->nentity; i++)
		if (strcmp(r->entity[i], "all") == 0)
			return true;
	return false;
}

void np_egress(struct arena *a, const struct np_model *m, size_t svc, struct np_egress *out)
{
	*out = (struct np_egress){0};
	size_t cap = 0;
	const struct np_endpoint *ep = &m->ep[svc];
	for (size_t i = 0; i < ep->npol; i++) {
		const struct np_policy *pol = ep->pol[i];
		out->enforced |= pol->enforce[NP_EGRESS];
		for (size_t k = 0; k < pol->nrule[NP_EGRESS]; k++) {
			const struct np_rule *r = &pol->rule[NP_EGRESS][k];
			if (rule_denies_all(r) && !out->denied_all)
				out->denied_all = pol->name;
			egress_rule(a, m, out, &cap, r, pol);
		}
	}
}

const char *np_egress_kind_name(enum np_egress_kind k)
{
	static const char *const names[] = {"dns", "fqdn", "entity", "cidr", "endpoints",
					    "anywhere"};
	return names[k];
}
