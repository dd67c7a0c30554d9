/* model.c - reading manifests into the evaluator's model (model.h):
 * workloads become endpoints, Cilium policies become rules (NetworkPolicies:
 * knp.c). Fields this
 * model does not know are ignored; a value of the wrong shape counts as
 * absent, so any document gives some model and never an error. */
#include "netpol/eval.h"
#include "netpol/model.h"
#include "helm/manifest.h"
#include "helm/yamldoc.h"
#include "tmpl/goyaml.h"
#include "util/diag.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* A scalar as text (ports and label values may be written as numbers),
 * copied into a: the model outlives the documents it is read from. */
const char *np_scalar_text(struct arena *a, const struct val *v)
{
	if (!v)
		return NULL;
	switch (v->kind) {
	case VAL_STR: return arena_strndup(a, v->str.s, v->str.len);
	case VAL_INT: return arena_printf(a, "%lld", (long long)v->i);
	case VAL_FLOAT:      /* Go-YAML's numbers are float64 */
		return v->f > -1e15 && v->f < 1e15 && v->f == (double)(long long)v->f
			       ? arena_printf(a, "%lld", (long long)v->f)
						       : arena_printf(a, "%g", v->f);
	case VAL_BOOL: return v->b ? "true" : "false";
	default: return NULL;
	}
}

const struct val *np_get(const struct val *map, const char *key, enum val_kind k)
{
	const struct val *v = map && map->kind == VAL_MAP ? val_map_get(map, key) : NULL;
	return v && v->kind == k ? v : NULL;
}

static const struct val *get_path(const struct val *v, const char *a, const char *b,
				  const char *c)
{
	v = np_get(v, a, VAL_MAP);
	if (v && b)
		v = np_get(v, b, VAL_MAP);
	if (v && c)
		v = np_get(v, c, VAL_MAP);
	return v;
}

static size_t seq_len(const struct val *s)
{
	return s && s->kind == VAL_SEQ ? s->seq.n : 0;
}

/* Cilium label sources: "k8s:" and "any:" select pod labels. */
static const char *label_key(const char *k)
{
	if (strncmp(k, "k8s:", 4) == 0 || strncmp(k, "any:", 4) == 0)
		return k + 4;
	return k;
}

static void labels_put(struct arena *a, struct np_labels *l, const char *k, const char *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->key[i], k) == 0) {
			l->value[i] = v;
			return;
		}
	l->key = arena_grow(a, l->key, l->n * sizeof *l->key, (l->n + 1) * sizeof *l->key);
	l->value = arena_grow(a, l->value, l->n * sizeof *l->value,
			      (l->n + 1) * sizeof *l->value);
	l->key[l->n] = k;
	l->value[l->n++] = v;
}

const char *np_labels_get(const struct np_labels *l, const char *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->key[i], k) == 0)
			return l->value[i];
	return NULL;
}

static void labels_read(struct arena *a, const struct val *m, struct np_labels *l)
{
	for (size_t i = 0; m && m->kind == VAL_MAP && i < m->map.n; i++) {
		const char *k = np_scalar_text(a, m->map.pairs[i].key);
		const char *v = np_scalar_text(a, m->map.pairs[i].value);
		if (k)
			labels_put(a, l, label_key(k), v ? v : "");
	}
}

/* ---- selectors ---- */

static bool expr_matches(const struct np_expr *e, const struct np_labels *l)
{
	const char *v = np_labels_get(l, e->key);
	bool in = false;
	for (size_t i = 0; v && i < e->n; i++)
		in |= strcmp(e->values[i], v) == 0;
	switch (e->op) {
	case NP_IN: return in;
	case NP_NOT_IN: return !in;
	case NP_EXISTS: return v != NULL;
	case NP_NOT_EXISTS: return v == NULL;
	default: return false;
	}
}

bool np_selector_matches(const struct np_selector *s, const struct np_labels *l, const char *ns)
{
	if (ns && !s->names_ns) {
		const char *own = np_labels_get(l, NP_NS_LABEL);
		if (!own || strcmp(own, ns) != 0)
			return false;
	}
	for (size_t i = 0; i < s->match.n; i++) {
		const char *v = np_labels_get(l, s->match.key[i]);
		if (!v || strcmp(v, s->match.value[i]) != 0)
			return false;
	}
	for (size_t i = 0; i < s->nexpr; i++)
		if (!expr_matches(&s->expr[i], l))
			return false;
	return true;
}

static enum np_op op_parse(const char *s)
{
	static const char *const ops[] = {"In", "NotIn", "Exists", "DoesNotExist"};
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, ops[i]) == 0)
			return (enum np_op)i;
	return NP_BAD_OP;
}

static void expr_read(struct arena *a, const struct val *v, struct np_expr *e, struct buf *text)
{
	static const char *const words[] = {"in", "notin", "exists", "!exists", "?"};
	const struct val *vals = np_get(v, "values", VAL_SEQ);
	const char *key = np_scalar_text(a, val_map_get(v, "key"));
	e->key = label_key(key ? key : "");
	e->op = op_parse(np_scalar_text(a, val_map_get(v, "operator")));
	e->values = arena_alloc(a, (seq_len(vals) + 1) * sizeof *e->values);
	buf_addf(text, "%s%s %s", text->len ? "," : "", e->key, words[e->op]);
	for (size_t i = 0; i < seq_len(vals); i++) {
		const char *s = np_scalar_text(a, vals->seq.items[i]);
		if (s) {
			e->values[e->n++] = s;
			buf_addf(text, "%s%s", e->n == 1 ? " (" : ",", s);
		}
	}
	if (e->n)
		buf_addc(text, ')');
}

void np_selector_read(struct arena *a, const struct val *v, struct np_selector *s)
{
	struct buf text = BUF_INIT;
	labels_read(a, np_get(v, "matchLabels", VAL_MAP), &s->match);
	for (size_t i = 0; i < s->match.n; i++)
		buf_addf(&text, "%s%s=%s", i ? "," : "", s->match.key[i], s->match.value[i]);
	const struct val *exprs = np_get(v, "matchExpressions", VAL_SEQ);
	s->expr = arena_alloc(a, (seq_len(exprs) + 1) * sizeof *s->expr);
	for (size_t i = 0; i < seq_len(exprs); i++)
		if (exprs->seq.items[i]->kind == VAL_MAP)
			expr_read(a, exprs->seq.items[i], &s->expr[s->nexpr++], &text);
	s->names_ns = np_labels_get(&s->match, NP_NS_LABEL) != NULL;
	for (size_t i = 0; i < s->nexpr; i++)
		s->names_ns |= strcmp(s->expr[i].key, NP_NS_LABEL) == 0;
	s->text = arena_strdup(a, text.len ? buf_str(&text) : "{}");
	buf_free(&text);
}

/* ---- peers ---- */

static bool cidr_parse(struct arena *a, const char *s, struct np_cidr *c)
{
	const char *slash = strchr(s, '/');
	char host[64];
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof host)
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	c->v6 = strchr(host, ':') != NULL;
	if (inet_pton(c->v6 ? AF_INET6 : AF_INET, host, c->addr) != 1)
		return false;
	int max = c->v6 ? 128 : 32;
	char *end;
	long bits = slash ? strtol(slash + 1, &end, 10) : max;
	if ((slash && (*end || end == slash + 1)) || bits < 0 || bits > max)
		return false;
	c->bits = (int)bits;
	c->text = arena_strdup(a, s);
	return true;
}

static const char **strings_read(struct arena *a, const struct val *seq, const char *field,
				 size_t *n)
{
	const char **out = arena_alloc(a, (seq_len(seq) + 1) * sizeof *out);
	*n = 0;
	for (size_t i = 0; i < seq_len(seq); i++) {
		const struct val *it = seq->seq.items[i];
		const char *s = field ? np_scalar_text(a, it->kind == VAL_MAP ? val_map_get(it, field)
									  : NULL)
				      : np_scalar_text(a, it);
		if (s)
			out[(*n)++] = s;
	}
	return out;
}

/* matchName or matchPattern of each entry (toFQDNs, rules.dns). */
static const char **names_read(struct arena *a, const struct val *seq, size_t *n)
{
	const char **out = arena_alloc(a, (seq_len(seq) + 1) * sizeof *out);
	*n = 0;
	for (size_t i = 0; i < seq_len(seq); i++) {
		const struct val *it = seq->seq.items[i];
		const char *s = np_scalar_text(a, np_get(it, "matchPattern", VAL_STR));
		if (!s)
			s = np_scalar_text(a, np_get(it, "matchName", VAL_STR));
		if (s)
			out[(*n)++] = s;
	}
	return out;
}

static void rule_add_cidr(struct arena *a, struct np_rule *r, const struct np_cidr *c)
{
	r->cidr = arena_grow(a, r->cidr, r->ncidr * sizeof *r->cidr,
			     (r->ncidr + 1) * sizeof *r->cidr);
	r->cidr[r->ncidr++] = *c;
}

void np_rule_add_cidr_set(struct arena *a, struct np_rule *r, const struct val *set)
{
	struct np_cidr c = {0};
	const char *s = np_scalar_text(a, np_get(set, "cidr", VAL_STR));
	if (!s || !cidr_parse(a, s, &c))
		return;
	const struct val *ex = np_get(set, "except", VAL_SEQ);
	c.except = arena_alloc(a, (seq_len(ex) + 1) * sizeof *c.except);
	for (size_t k = 0; k < seq_len(ex); k++) {
		const char *e = np_scalar_text(a, ex->seq.items[k]);
		if (e && cidr_parse(a, e, &c.except[c.nexcept]))
			c.nexcept++;
	}
	if (c.nexcept)
		c.text = arena_printf(a, "%s (except %zu)", c.text, c.nexcept);
	rule_add_cidr(a, r, &c);
}

static void cidrs_read(struct arena *a, const struct val *plain, const struct val *sets,
		       struct np_rule *r)
{
	for (size_t i = 0; i < seq_len(plain); i++) {
		struct np_cidr c = {0};
		const char *s = np_scalar_text(a, plain->seq.items[i]);
		if (s && cidr_parse(a, s, &c))
			rule_add_cidr(a, r, &c);
	}
	for (size_t i = 0; i < seq_len(sets); i++)
		np_rule_add_cidr_set(a, r, sets->seq.items[i]);
}

/* ---- ports ---- */

static bool port_number(const char *s, unsigned *out)
{
	char *end;
	long n = s && *s ? strtol(s, &end, 10) : 0;
	if (s && *s && (*end || n < 0 || n > 65535))
		return false;    /* a named port: not modelled */
	*out = (unsigned)n;
	return true;
}

static void port_read(struct arena *a, const struct val *p, struct np_traffic *t)
{
	unsigned lo, hi;
	if (!port_number(np_scalar_text(a, val_map_get(p, "port")), &lo))
		return;
	const char *end = np_scalar_text(a, val_map_get(p, "endPort"));
	if (!end || !port_number(end, &hi) || hi < lo)
		hi = lo;
	if (lo == 0) {
		lo = 1;
		hi = 65535;
	}
	const char *proto = np_scalar_text(a, val_map_get(p, "protocol"));
	int pr = proto ? np_proto_parse(proto) : -1;
	for (int k = 0; k < NP_NPROTO; k++)
		if (pr == k || (pr < 0 && (!proto || strcmp(proto, "ANY") == 0)))
			np_traffic_add(a, t, (enum np_proto)k, lo, hi);
}

static void portrule_read(struct arena *a, const struct val *v, struct np_portrule *pr)
{
	const struct val *ports = np_get(v, "ports", VAL_SEQ);
	if (!ports) {
		for (int k = 0; k < NP_NPROTO; k++)
			np_traffic_add(a, &pr->traffic, (enum np_proto)k, 1, 65535);
	}
	for (size_t i = 0; i < seq_len(ports); i++)
		if (ports->seq.items[i]->kind == VAL_MAP)
			port_read(a, ports->seq.items[i], &pr->traffic);
	const struct val *rules = np_get(v, "rules", VAL_MAP);
	pr->dns = names_read(a, np_get(rules, "dns", VAL_SEQ), &pr->ndns);
	pr->sni = strings_read(a, np_get(v, "serverNames", VAL_SEQ), NULL, &pr->nsni);
	const struct val *http = np_get(rules, "http", VAL_SEQ);
	pr->has_http = seq_len(http) > 0;
	pr->host = arena_alloc(a, (seq_len(http) + 1) * sizeof *pr->host);
	for (size_t i = 0; i < seq_len(http); i++)
		pr->host[pr->nhost++] = np_scalar_text(a, np_get(http->seq.items[i], "host",
								VAL_STR));
}

/* icmps: does any field allow an echo request? */
static bool icmps_ping(struct arena *a, const struct val *icmps)
{
	for (size_t i = 0; i < seq_len(icmps); i++) {
		const struct val *fields = np_get(icmps->seq.items[i], "fields", VAL_SEQ);
		for (size_t k = 0; k < seq_len(fields); k++) {
			const char *type = np_scalar_text(a, val_map_get(fields->seq.items[k], "type"));
			const char *fam = np_scalar_text(a, val_map_get(fields->seq.items[k], "family"));
			bool v6 = fam && strcmp(fam, "IPv6") == 0;
			if (type && (strcmp(type, "EchoRequest") == 0 ||
				     strcmp(type, v6 ? "128" : "8") == 0))
				return true;
		}
	}
	return false;
}

/* ---- rules and policies ---- */

static const char *const np_peer_fields[2][8] = {
	{"fromEndpoints", "fromEntities", "fromCIDR", "fromCIDRSet", "fromNodes", "fromGroups",
	 NULL},
	{"toEndpoints", "toEntities", "toCIDR", "toCIDRSet", "toFQDNs", "toServices", "toNodes",
	 "toGroups"},
};

static void rule_read(struct arena *a, const struct val *v, enum np_dir dir, bool deny,
		      struct np_rule *r)
{
	const char *const *f = np_peer_fields[dir];
	r->deny = deny;
	for (size_t i = 0; i < 8 && f[i]; i++)
		r->has_l3 |= val_map_get(v, f[i]) != NULL;
	const struct val *sels = np_get(v, f[0], VAL_SEQ);
	r->sel = arena_alloc(a, (seq_len(sels) + 1) * sizeof *r->sel);
	for (size_t i = 0; i < seq_len(sels); i++)
		np_selector_read(a, sels->seq.items[i], &r->sel[r->nsel++]);
	r->entity = strings_read(a, np_get(v, f[1], VAL_SEQ), NULL, &r->nentity);
	cidrs_read(a, np_get(v, f[2], VAL_SEQ), np_get(v, f[3], VAL_SEQ), r);
	if (dir == NP_EGRESS)
		r->fqdn = names_read(a, np_get(v, "toFQDNs", VAL_SEQ), &r->nfqdn);
	const struct val *ports = np_get(v, "toPorts", VAL_SEQ);
	const struct val *icmps = np_get(v, "icmps", VAL_SEQ);
	r->has_l4 = ports || icmps;
	r->port = arena_alloc(a, (seq_len(ports) + 1) * sizeof *r->port);
	for (size_t i = 0; i < seq_len(ports); i++)
		portrule_read(a, ports->seq.items[i], &r->port[r->nport++]);
	r->ping = icmps_ping(a, icmps);
}

static void rules_read(struct arena *a, const struct val *spec, enum np_dir dir,
		       struct np_policy *p)
{
	static const char *const keys[2][2] = {{"ingress", "ingressDeny"},
					       {"egress", "egressDeny"}};
	const struct val *allow = np_get(spec, keys[dir][0], VAL_SEQ);
	const struct val *deny = np_get(spec, keys[dir][1], VAL_SEQ);
	size_t n = seq_len(allow) + seq_len(deny);
	p->rule[dir] = arena_alloc(a, (n + 1) * sizeof *p->rule[dir]);
	for (size_t i = 0; i < n; i++) {
		bool d = i >= seq_len(allow);
		const struct val *r = d ? deny->seq.items[i - seq_len(allow)] : allow->seq.items[i];
		if (r->kind == VAL_MAP)
			rule_read(a, r, dir, d, &p->rule[dir][p->nrule[dir]++]);
	}
	const struct val *dd = np_get(np_get(spec, "enableDefaultDeny", VAL_MAP),
					dir == NP_INGRESS ? "ingress" : "egress", VAL_BOOL);
	p->enforce[dir] = dd ? dd->b : n > 0;
}

struct np_policy *np_model_add_policy(struct np_builder *b)
{
	struct np_model *m = b->m;
	if (m->npol == b->cap_pol) {
		b->cap_pol = b->cap_pol ? 2 * b->cap_pol : 16;
		m->pol = arena_grow(b->a, m->pol, m->npol * sizeof *m->pol,
				    b->cap_pol * sizeof *m->pol);
	}
	return &m->pol[m->npol++];
}

static void policy_add(struct np_builder *b, const struct val *doc, const struct val *spec,
		       bool clusterwide)
{
	const struct val *sel = np_get(spec, "endpointSelector", VAL_MAP);
	if (!sel)
		return;  /* nodeSelector policies concern hosts, not pods */
	struct np_policy *p = np_model_add_policy(b);
	const struct val *meta = np_get(doc, "metadata", VAL_MAP);
	const char *name = np_scalar_text(b->a, np_get(meta, "name", VAL_STR));
	const char *ns = np_scalar_text(b->a, np_get(meta, "namespace", VAL_STR));
	p->name = name ? name : "(unnamed)";
	p->ns = clusterwide ? NULL : ns ? ns : b->ns;
	np_selector_read(b->a, sel, &p->subject);
	rules_read(b->a, spec, NP_INGRESS, p);
	rules_read(b->a, spec, NP_EGRESS, p);
}

static void endpoint_push(struct np_builder *b, const char *name, struct np_labels labels)
{
	struct np_model *m = b->m;
	if (m->nep == b->cap_ep) {
		b->cap_ep = b->cap_ep ? 2 * b->cap_ep : 16;
		m->ep = arena_grow(b->a, m->ep, m->nep * sizeof *m->ep, b->cap_ep * sizeof *m->ep);
	}
	m->ep[m->nep++] = (struct np_endpoint){.name = name, .labels = labels};
}

static bool is_workload(const char *kind)
{
	static const char *const kinds[] = {"StatefulSet", "Deployment", "DaemonSet",
					    "ReplicaSet", "Job", NULL};
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* A pod's labels as Cilium sees them: its own, its namespace, its
 * service account, the cluster name. */
static void workload_add(struct np_builder *b, const struct val *doc, bool pod)
{
	const struct val *meta = np_get(doc, "metadata", VAL_MAP);
	const struct val *tmpl = pod ? doc : get_path(doc, "spec", "template", NULL);
	const struct val *spec = np_get(tmpl, "spec", VAL_MAP);
	struct np_labels l = {0};
	labels_read(b->a, get_path(tmpl, "metadata", "labels", NULL), &l);
	const char *ns = np_scalar_text(b->a, np_get(meta, "namespace", VAL_STR));
	const char *sa = np_scalar_text(b->a, np_get(spec, "serviceAccountName", VAL_STR));
	labels_put(b->a, &l, NP_NS_LABEL, ns ? ns : b->ns);
	labels_put(b->a, &l, "io.cilium.k8s.policy.serviceaccount", sa ? sa : "default");
	labels_put(b->a, &l, "io.cilium.k8s.policy.cluster", "default");
	const char *name = np_labels_get(&l, "inspect/service");
	if (!name)
		name = np_scalar_text(b->a, np_get(meta, "name", VAL_STR));
	if (name && !val_map_get(b->names, name)) {
		val_map_set(b->a, b->names, name, val_null(b->a, NULL));
		endpoint_push(b, name, l);
		b->m->nservice = b->m->nep;
	}
}

static void doc_add(struct np_builder *b, const struct val *doc)
{
	const char *kind = np_scalar_text(b->a, np_get(doc, "kind", VAL_STR));
	if (!kind)
		return;
	bool cw = strcmp(kind, "CiliumClusterwideNetworkPolicy") == 0;
	if (cw || strcmp(kind, "CiliumNetworkPolicy") == 0) {
		const struct val *spec = np_get(doc, "spec", VAL_MAP);
		const struct val *specs = np_get(doc, "specs", VAL_SEQ);
		if (spec)
			policy_add(b, doc, spec, cw);
		for (size_t i = 0; i < seq_len(specs); i++)
			policy_add(b, doc, specs->seq.items[i], cw);
	} else if (strcmp(kind, "NetworkPolicy") == 0) {
		np_knp_add(b, doc);
	} else if (is_workload(kind) || strcmp(kind, "Pod") == 0) {
		workload_add(b, doc, strcmp(kind, "Pod") == 0);
	}
}

static int endpoint_cmp(const void *x, const void *y)
{
	return strcmp(((const struct np_endpoint *)x)->name, ((const struct np_endpoint *)y)->name);
}

static void dns_add(struct np_builder *b, const char *app)
{
	struct np_labels l = {0};
	labels_put(b->a, &l, NP_NS_LABEL, "kube-system");
	labels_put(b->a, &l, "k8s-app", app);
	endpoint_push(b, app, l);
}

static struct np_builder model_begin(struct arena *a, const char *namespace)
{
	struct np_model *m = arena_alloc(a, sizeof *m);
	return (struct np_builder){.a = a, .ns = namespace, .m = m, .names = val_map(a, NULL)};
}

static struct np_model *model_end(struct np_builder b)
{
	struct np_model *m = b.m;
	struct arena *a = b.a;
	if (m->nep)
		qsort(m->ep, m->nep, sizeof *m->ep, endpoint_cmp);
	dns_add(&b, "kube-dns");
	dns_add(&b, "node-local-dns");
	np_select(a, m);
	return m;
}

struct np_model *np_model_build(struct arena *a, struct val *const *docs, size_t n,
				const char *namespace)
{
	struct np_builder b = model_begin(a, namespace);
	for (size_t i = 0; i < n; i++)
		if (docs[i] && docs[i]->kind == VAL_MAP)
			doc_add(&b, docs[i]);
	return model_end(b);
}

size_t np_model_nservices(const struct np_model *m)
{
	return m->nservice;
}

const char *np_model_service(const struct np_model *m, size_t i)
{
	return m->ep[i].name;
}

/* Services are sorted by name: a binary search. */
int np_model_find(const struct np_model *m, const char *name)
{
	size_t lo = 0, hi = m->nservice;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->ep[mid].name, name);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Is a document of this kind read at all (doc_add)? */
static bool kind_read(const char *kind)
{
	return is_workload(kind) || strcmp(kind, "Pod") == 0 ||
	       strcmp(kind, "NetworkPolicy") == 0 || strcmp(kind, "CiliumNetworkPolicy") == 0 ||
	       strcmp(kind, "CiliumClusterwideNetworkPolicy") == 0;
}

/* Only the documents the model reads are parsed (a plainly written head,
 * helm_yaml_head_fast, of another kind skips the rest), each in its own
 * arena, dropped once the model has what it needs: memory stays that of
 * the model, not of every document's tree. */
struct np_model *np_model_read(struct arena *a, const char *text, size_t len,
			       const char *namespace)
{
	struct helm_doc *docs;
	size_t n = helm_split_manifests(a, text, len, &docs);
	struct np_builder b = model_begin(a, namespace);
	for (size_t i = 0; i < n; i++) {
		struct arena *doc = arena_new();
		struct helm_head head;
		if (!helm_yaml_head_fast(doc, docs[i].text, docs[i].len, &head) ||
		    kind_read(head.kind)) {
			struct diag d;
			diag_init(&d, doc);
			struct val *tree = goyaml_load(doc, &d, docs[i].text, docs[i].len, "manifest");
			if (tree && tree->kind == VAL_MAP)
				doc_add(&b, tree);
		}
		arena_free(doc);
	}
	return model_end(b);
}
