/* group.c - classes of services that behave alike, and the groups of
 * identical reach the reports print (group.h).
 *
 * A service's class is three interned ids: its egress rules, its ingress
 * rules (each the set of distinct rules of the policies selecting it,
 * and whether that direction is enforced) and its peer set (the rule
 * selectors matching it, select.c). Rules are compared by content, with
 * their selectors as matcher ids, so the per-service policies the chart
 * renders for every service fall into few classes. */
#include "netpol/group.h"
#include "netpol/model.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdlib.h>
#include <string.h>

/* ---- keys ---- */

static void key_strs(struct buf *b, const char *const *s, size_t n)
{
	np_key_num(b, n);
	for (size_t i = 0; i < n; i++)
		np_key_str(b, s[i]);
}

static void key_traffic(struct buf *b, const struct np_traffic *t)
{
	for (int p = 0; p < NP_NPROTO; p++) {
		np_key_num(b, t->n[p]);
		for (size_t i = 0; i < t->n[p]; i++)
			buf_add(b, &t->r[p][i], sizeof t->r[p][i]);
	}
	np_key_num(b, t->ping);
}

static void key_cidr(struct buf *b, const struct np_cidr *c)
{
	np_key_str(b, c->text);
	np_key_num(b, c->nexcept);
	for (size_t i = 0; i < c->nexcept; i++)
		np_key_str(b, c->except[i].text);
}

static void key_portrule(struct buf *b, const struct np_portrule *pr)
{
	key_traffic(b, &pr->traffic);
	key_strs(b, pr->dns, pr->ndns);
	key_strs(b, pr->sni, pr->nsni);
	np_key_num(b, pr->has_http);
	key_strs(b, pr->host, pr->nhost);
}

/* Everything a rule says; its selectors by matcher. */
static void key_rule(struct buf *b, const struct np_rule *r)
{
	np_key_num(b, (size_t)r->deny | (size_t)r->has_l3 << 1 | (size_t)r->has_l4 << 2 |
			   (size_t)r->any_peer << 3 | (size_t)r->ping << 4);
	np_key_num(b, r->nsel);
	for (size_t i = 0; i < r->nsel; i++)
		np_key_num(b, r->sel[i].mid);
	key_strs(b, r->entity, r->nentity);
	np_key_num(b, r->ncidr);
	for (size_t i = 0; i < r->ncidr; i++)
		key_cidr(b, &r->cidr[i]);
	key_strs(b, r->fqdn, r->nfqdn);
	np_key_num(b, r->nport);
	for (size_t i = 0; i < r->nport; i++)
		key_portrule(b, &r->port[i]);
}

static size_t intern_ids(struct arena *a, struct val *table, const size_t *id, size_t n)
{
	return np_intern(a, table, id, n * sizeof *id);
}

static int id_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* ---- classes ---- */

struct classes {
	struct arena *a;
	const struct np_model *m;
	size_t **rule_id;                /* per policy and direction: its rules' ids */
	size_t *of;                      /* service -> class */
	size_t *sig;                     /* class -> egress sig, ingress sig, peer set */
	size_t *rep;                     /* class -> its first service */
	size_t n;
};

static void rules_intern(struct classes *c)
{
	const struct np_model *m = c->m;
	struct val *table = val_map(c->a, NULL);
	c->rule_id = arena_alloc(c->a, (2 * m->npol + 1) * sizeof *c->rule_id);
	for (size_t p = 0; p < m->npol; p++)
		for (int dir = 0; dir < 2; dir++) {
			size_t n = m->pol[p].nrule[dir];
			size_t *id = c->rule_id[2 * p + dir] = arena_alloc(c->a, (n + 1) * sizeof *id);
			for (size_t k = 0; k < n; k++) {
				struct buf key = BUF_INIT;
				key_rule(&key, &m->pol[p].rule[dir][k]);
				id[k] = np_intern(c->a, table, key.p, key.len);
				buf_free(&key);
			}
		}
}

/* The id of a direction's rule set: enforced, then distinct rule ids. */
static size_t dir_sig(struct classes *c, struct val *table, const struct np_endpoint *ep,
		      enum np_dir dir)
{
	size_t n = 1;
	for (size_t i = 0; i < ep->npol; i++)
		n += ep->pol[i]->nrule[dir];
	size_t *id = arena_alloc(c->a, n * sizeof *id), k = 1;
	id[0] = 0;
	for (size_t i = 0; i < ep->npol; i++) {
		const struct np_policy *p = ep->pol[i];
		const size_t *rid = c->rule_id[2 * (size_t)(p - c->m->pol) + dir];
		id[0] |= p->enforce[dir];
		for (size_t r = 0; r < p->nrule[dir]; r++)
			id[k++] = rid[r];
	}
	qsort(id + 1, k - 1, sizeof *id, id_cmp);
	size_t u = k > 1 ? 2 : 1;
	for (size_t i = 2; i < k; i++)
		if (id[i] != id[u - 1])
			id[u++] = id[i];
	return intern_ids(c->a, table, id, u);
}

static void classes_make(struct classes *c)
{
	size_t ns = c->m->nservice;
	struct val *sigs[3] = {val_map(c->a, NULL), val_map(c->a, NULL), val_map(c->a, NULL)};
	struct val *classes = val_map(c->a, NULL);
	c->of = arena_alloc(c->a, (ns + 1) * sizeof *c->of);
	c->sig = arena_alloc(c->a, (3 * ns + 1) * sizeof *c->sig);
	c->rep = arena_alloc(c->a, (ns + 1) * sizeof *c->rep);
	for (size_t s = 0; s < ns; s++) {
		const struct np_endpoint *ep = &c->m->ep[s];
		size_t sig[3] = {dir_sig(c, sigs[0], ep, NP_EGRESS),
				 dir_sig(c, sigs[1], ep, NP_INGRESS),
				 intern_ids(c->a, sigs[2], ep->peer, ep->npeer)};
		c->of[s] = intern_ids(c->a, classes, sig, 3);
		if (c->of[s] == c->n) {
			memcpy(&c->sig[3 * c->n], sig, sizeof sig);
			c->rep[c->n++] = s;
		}
	}
}

/* ---- what passes between classes ---- */

struct traffics {
	struct val *ids;                 /* traffic key -> id */
	const struct np_traffic **t;
	size_t cap;
};

static size_t traffic_id(struct arena *a, struct traffics *x, const struct np_traffic *t)
{
	struct buf key = BUF_INIT;
	key_traffic(&key, t);
	size_t known = x->ids->map.n, id = np_intern(a, x->ids, key.p, key.len);
	buf_free(&key);
	if (id < known)
		return id;
	if (id == x->cap) {
		size_t c = x->cap ? 2 * x->cap : 16;
		x->t = arena_grow(a, x->t, x->cap * sizeof *x->t, c * sizeof *x->t);
		x->cap = c;
	}
	struct np_traffic *copy = arena_alloc(a, sizeof *copy);
	*copy = *t;
	x->t[id] = copy;
	return id;
}

/* One side, once per (rule set of that side, peer set of the other). */
struct side_cache {
	struct val *seen;                /* (sig, peer set) -> slot */
	struct np_traffic *pass;
	size_t cap;
};

static const struct np_traffic *side_pass(struct classes *c, struct side_cache *sc,
					  enum np_dir dir, size_t self, size_t peer)
{
	size_t key[2] = {c->sig[3 * self + (dir == NP_INGRESS)], c->sig[3 * peer + 2]};
	size_t known = sc->seen->map.n, slot = intern_ids(c->a, sc->seen, key, 2);
	if (slot < known)
		return &sc->pass[slot];
	if (slot == sc->cap) {
		size_t n = sc->cap ? 2 * sc->cap : 16;
		sc->pass = arena_grow(c->a, sc->pass, sc->cap * sizeof *sc->pass, n * sizeof *sc->pass);
		sc->cap = n;
	}
	np_side_pass(c->a, &c->m->ep[c->rep[self]], dir, &c->m->ep[c->rep[peer]], &sc->pass[slot]);
	return &sc->pass[slot];
}

/* The class x class matrix of traffic ids. */
static size_t *class_reach(struct classes *c, struct traffics *tr)
{
	size_t k = c->n;
	size_t *id = arena_alloc(c->a, (k * k + 1) * sizeof *id);
	struct side_cache eg = {.seen = val_map(c->a, NULL)}, in = {.seen = val_map(c->a, NULL)};
	for (size_t f = 0; f < k; f++)
		for (size_t t = 0; t < k; t++) {
			struct np_traffic both;
			np_traffic_intersect(c->a, &both, side_pass(c, &eg, NP_EGRESS, f, t),
					     side_pass(c, &in, NP_INGRESS, t, f));
			id[f * k + t] = traffic_id(c->a, tr, &both);
		}
	return id;
}

/* ---- egress ---- */

static void key_egress(struct buf *b, const struct np_egress *e)
{
	np_key_num(b, e->enforced);
	np_key_str(b, e->denied_all);
	for (size_t i = 0; i < e->n; i++) {
		const struct np_egress_item *it = &e->items[i];
		np_key_num(b, (size_t)it->kind << 1 | it->deny);
		np_key_str(b, it->what);
		key_traffic(b, &it->traffic);
		np_key_str(b, it->check);
		np_key_str(b, it->policy);
	}
}

struct egresses {
	struct val *by_policies, *by_text;
	size_t *text_of;                 /* policy set -> egress id */
	struct np_egress *e;             /* egress id -> its summary */
	size_t n;
};

/* The egress id of service s: its egress policies decide it. */
static size_t egress_id(struct arena *a, const struct np_model *m, struct egresses *x, size_t s)
{
	const struct np_endpoint *ep = &m->ep[s];
	size_t *pol = arena_alloc(a, (ep->npol + 1) * sizeof *pol), n = 0;
	for (size_t i = 0; i < ep->npol; i++)
		if (ep->pol[i]->nrule[NP_EGRESS] || ep->pol[i]->enforce[NP_EGRESS])
			pol[n++] = (size_t)(ep->pol[i] - m->pol);
	size_t set = intern_ids(a, x->by_policies, pol, n);
	if (set < x->n)
		return x->text_of[set];
	struct np_egress e;
	np_egress(a, m, s, &e);
	struct buf key = BUF_INIT;
	key_egress(&key, &e);
	size_t known = x->by_text->map.n, id = np_intern(a, x->by_text, key.p, key.len);
	buf_free(&key);
	x->text_of = arena_grow(a, x->text_of, x->n * sizeof *x->text_of,
				(x->n + 1) * sizeof *x->text_of);
	x->text_of[x->n++] = id;
	if (id == known) {
		x->e = arena_grow(a, x->e, id * sizeof *x->e, (id + 1) * sizeof *x->e);
		x->e[id] = e;
	}
	return id;
}

/* ---- groups ---- */

static void members_fill(struct arena *a, struct np_groups *g, size_t ns)
{
	g->nmember = arena_alloc(a, (g->n + 1) * sizeof *g->nmember);
	g->member = arena_alloc(a, (g->n + 1) * sizeof *g->member);
	for (size_t s = 0; s < ns; s++)
		g->nmember[g->of[s]]++;
	for (size_t i = 0; i < g->n; i++) {
		g->member[i] = arena_alloc(a, (g->nmember[i] + 1) * sizeof **g->member);
		g->nmember[i] = 0;
	}
	for (size_t s = 0; s < ns; s++)
		g->member[g->of[s]][g->nmember[g->of[s]]++] = s;
}

/* Classes with the same row and column are one reach; services of one
 * reach with the same egress one group. */
static void groups_make(struct arena *a, const struct np_model *m, struct classes *c,
			const size_t *reach, struct np_groups *g, struct egresses *eg)
{
	size_t k = c->n, ns = m->nservice;
	struct val *rc = val_map(a, NULL), *groups = val_map(a, NULL);
	size_t *reach_of = arena_alloc(a, (k + 1) * sizeof *reach_of);
	size_t *line = arena_alloc(a, (2 * k + 1) * sizeof *line);
	for (size_t x = 0; x < k; x++) {
		for (size_t y = 0; y < k; y++) {
			line[y] = reach[x * k + y];
			line[k + y] = reach[y * k + x];
		}
		reach_of[x] = intern_ids(a, rc, line, 2 * k);
	}
	g->of = arena_alloc(a, (ns + 1) * sizeof *g->of);
	for (size_t s = 0; s < ns; s++) {
		size_t key[2] = {reach_of[c->of[s]], egress_id(a, m, eg, s)};
		g->of[s] = intern_ids(a, groups, key, 2);
		if (g->of[s] == g->n) {
			g->egress = arena_grow(a, g->egress, g->n * sizeof *g->egress,
					       (g->n + 1) * sizeof *g->egress);
			g->egress[g->n++] = eg->e[key[1]];
		}
	}
	members_fill(a, g, ns);
}

struct np_groups *np_groups_build(struct arena *a, const struct np_model *m)
{
	struct np_groups *g = arena_alloc(a, sizeof *g);
	struct classes c = {.a = a, .m = m};
	struct traffics tr = {.ids = val_map(a, NULL)};
	struct egresses eg = {.by_policies = val_map(a, NULL), .by_text = val_map(a, NULL)};
	rules_intern(&c);
	classes_make(&c);
	size_t *reach = class_reach(&c, &tr);
	groups_make(a, m, &c, reach, g, &eg);
	g->reach = arena_alloc(a, (g->n * g->n + 1) * sizeof *g->reach);
	for (size_t x = 0; x < g->n; x++)
		for (size_t y = 0; y < g->n; y++) {
			size_t cx = c.of[g->member[x][0]], cy = c.of[g->member[y][0]];
			g->reach[x * g->n + y] = tr.t[reach[cx * c.n + cy]];
		}
	return g;
}
