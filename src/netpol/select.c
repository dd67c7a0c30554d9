/* select.c - which selectors match which endpoints (model.h), without
 * trying every selector on every endpoint.
 *
 * Each distinct selector, bound to the namespace it requires, is one
 * matcher: policies' subjects and rules' fromEndpoints/toEndpoints
 * entries that say the same share it. A matcher is filed under its
 * rarest label pair (matchLabels, and the namespace label), so an
 * endpoint only meets the matchers filed under its own labels, plus
 * those with no label pair at all (matchExpressions only, or {}). The
 * matchers of subjects give each endpoint its policies; those of rules
 * its peer set: all that any rule can see of it. With selectors that
 * name labels the cost grows with endpoints plus selectors, not their
 * product. */
#include "netpol/model.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdlib.h>
#include <string.h>

size_t np_intern(struct arena *a, struct val *table, const void *key, size_t len)
{
	struct val probe = {.kind = VAL_STR, .str = {key, len}};
	struct val_pair *p = val_map_find_val(table, &probe);
	if (p)
		return (size_t)p->value->i;
	size_t id = table->map.n;
	val_map_put(a, table, val_strn(a, key, len, NULL), val_int(a, (int64_t)id, NULL));
	return id;
}

/* Keys are bytes: numbers in their machine form, strings after their
 * length (SIZE_MAX for NULL), no formatting. */
void np_key_num(struct buf *b, size_t n)
{
	buf_add(b, &n, sizeof n);
}

void np_key_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : (size_t)-1;
	np_key_num(b, n);
	if (s)
		buf_add(b, s, n);
}

/* A growing list of ids. */
struct idlist {
	size_t *id;
	size_t n, cap;
};

static void idlist_push(struct arena *a, struct idlist *l, size_t id)
{
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 4;
		l->id = arena_grow(a, l->id, l->n * sizeof *l->id, c * sizeof *l->id);
		l->cap = c;
	}
	l->id[l->n++] = id;
}

struct selector_index {
	struct arena *a;
	struct np_model *m;
	struct val *matchers;        /* key -> matcher id */
	size_t cap_mt;
	struct val *pairs;           /* "k=v" key -> pair id */
	size_t *count;               /* endpoints carrying each pair */
	struct idlist *filed;        /* matchers filed under each pair */
	size_t npairs;
	struct idlist unfiled;       /* matchers without a label pair */
};

static void selector_key(struct buf *b, const struct np_selector *s, const char *ns)
{
	np_key_str(b, ns);
	np_key_num(b, s->match.n);
	for (size_t i = 0; i < s->match.n; i++) {
		np_key_str(b, s->match.key[i]);
		np_key_str(b, s->match.value[i]);
	}
	np_key_num(b, s->nexpr);
	for (size_t i = 0; i < s->nexpr; i++) {
		np_key_str(b, s->expr[i].key);
		np_key_num(b, (size_t)s->expr[i].op);
		np_key_num(b, s->expr[i].n);
		for (size_t k = 0; k < s->expr[i].n; k++)
			np_key_str(b, s->expr[i].values[k]);
	}
}

/* The matcher of s in namespace ns, made when new. */
static struct np_matcher *matcher_of(struct selector_index *x, struct np_selector *s,
				     const char *ns)
{
	struct np_model *m = x->m;
	struct buf key = BUF_INIT;
	selector_key(&key, s, ns);
	s->mid = np_intern(x->a, x->matchers, key.p, key.len);
	buf_free(&key);
	if (s->mid == m->nmt) {
		if (m->nmt == x->cap_mt) {
			x->cap_mt = x->cap_mt ? 2 * x->cap_mt : 64;
			m->mt = arena_grow(x->a, m->mt, m->nmt * sizeof *m->mt,
					   x->cap_mt * sizeof *m->mt);
		}
		m->mt[m->nmt++] = (struct np_matcher){.sel = s, .ns = ns};
	}
	return &m->mt[s->mid];
}

static void subject_add(struct arena *a, struct np_matcher *mt, const struct np_policy *p)
{
	if (mt->nsubject == mt->cap_subject) {
		size_t c = mt->cap_subject ? 2 * mt->cap_subject : 2;
		mt->subject_of = arena_grow(a, mt->subject_of, mt->nsubject * sizeof *mt->subject_of,
					    c * sizeof *mt->subject_of);
		mt->cap_subject = c;
	}
	mt->subject_of[mt->nsubject++] = p;
}

/* Every subject (bound to its policy's namespace) and every rule
 * selector (bound to it unless it names the namespace itself). */
static void matchers_make(struct selector_index *x)
{
	for (size_t i = 0; i < x->m->npol; i++) {
		struct np_policy *p = &x->m->pol[i];
		subject_add(x->a, matcher_of(x, &p->subject, p->ns), p);
		for (int dir = 0; dir < 2; dir++)
			for (size_t k = 0; k < p->nrule[dir]; k++) {
				struct np_rule *r = &p->rule[dir][k];
				for (size_t s = 0; s < r->nsel; s++)
					matcher_of(x, &r->sel[s], r->sel[s].names_ns ? NULL : p->ns)
						->in_rule = true;
			}
	}
}

/* The id of the pair k=v, made when new (count and filed grow along). */
static size_t pair_id(struct selector_index *x, const char *k, const char *v)
{
	struct buf key = BUF_INIT;
	np_key_str(&key, k);
	np_key_str(&key, v);
	size_t id = np_intern(x->a, x->pairs, key.p, key.len);
	buf_free(&key);
	if (id == x->npairs) {
		size_t n = x->npairs;
		if ((n & (n - 1)) == 0) {   /* grow at powers of two */
			size_t c = n ? 2 * n : 1;
			x->count = arena_grow(x->a, x->count, n * sizeof *x->count,
					      c * sizeof *x->count);
			x->filed = arena_grow(x->a, x->filed, n * sizeof *x->filed,
					      c * sizeof *x->filed);
		}
		x->npairs++;
	}
	return id;
}

static void pairs_count(struct selector_index *x)
{
	for (size_t e = 0; e < x->m->nep; e++) {
		const struct np_labels *l = &x->m->ep[e].labels;
		for (size_t i = 0; i < l->n; i++) {
			size_t p = pair_id(x, l->key[i], l->value[i]);   /* may move count */
			x->count[p]++;
		}
	}
}

/* File each matcher under the pair it needs that fewest endpoints carry. */
static void matchers_file(struct selector_index *x)
{
	for (size_t id = 0; id < x->m->nmt; id++) {
		const struct np_matcher *mt = &x->m->mt[id];
		size_t best = (size_t)-1;
		const struct np_labels *l = &mt->sel->match;
		for (size_t i = 0; i <= l->n; i++) {
			if (i == l->n && !mt->ns)
				break;
			size_t p = i < l->n ? pair_id(x, l->key[i], l->value[i])
					    : pair_id(x, NP_NS_LABEL, mt->ns);
			if (best == (size_t)-1 || x->count[p] < x->count[best])
				best = p;
		}
		if (best == (size_t)-1)
			idlist_push(x->a, &x->unfiled, id);
		else
			idlist_push(x->a, &x->filed[best], id);
	}
}

static bool matcher_matches(const struct np_matcher *mt, const struct np_labels *l)
{
	if (mt->ns) {
		const char *own = np_labels_get(l, NP_NS_LABEL);
		if (!own || strcmp(own, mt->ns) != 0)
			return false;
	}
	return np_selector_matches(mt->sel, l, NULL);
}

static int id_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

static int ptr_cmp(const void *x, const void *y)
{
	const void *a = *(const void *const *)x, *b = *(const void *const *)y;
	return a < b ? -1 : a > b;
}

/* The matchers an endpoint meets that match it. */
static void endpoint_matchers(struct selector_index *x, const struct np_labels *l,
			      struct idlist *out)
{
	for (size_t i = 0; i <= l->n; i++) {
		const struct idlist *c = i < l->n ? &x->filed[pair_id(x, l->key[i], l->value[i])]
						  : &x->unfiled;
		for (size_t k = 0; k < c->n; k++)
			if (matcher_matches(&x->m->mt[c->id[k]], l))
				idlist_push(x->a, out, c->id[k]);
	}
	if (out->n > 1)
		qsort(out->id, out->n, sizeof *out->id, id_cmp);
}

/* Its policies (in the model's order) and its peer matchers. */
static void endpoint_select(struct selector_index *x, struct np_endpoint *ep, bool service)
{
	struct idlist found = {0}, peer = {0};
	endpoint_matchers(x, &ep->labels, &found);
	size_t npol = 0;
	for (size_t i = 0; i < found.n; i++)
		npol += x->m->mt[found.id[i]].nsubject;
	ep->pol = arena_alloc(x->a, (npol + 1) * sizeof *ep->pol);
	for (size_t i = 0; i < found.n; i++) {
		struct np_matcher *mt = &x->m->mt[found.id[i]];
		for (size_t k = 0; k < mt->nsubject; k++)
			ep->pol[ep->npol++] = mt->subject_of[k];
		if (mt->in_rule)
			idlist_push(x->a, &peer, found.id[i]);
		mt->any_service |= service;
		mt->any_dns |= !service;
	}
	if (ep->npol > 1)
		qsort(ep->pol, ep->npol, sizeof *ep->pol, ptr_cmp);
	ep->peer = peer.id;
	ep->npeer = peer.n;
}

void np_select(struct arena *a, struct np_model *m)
{
	struct selector_index x = {.a = a, .m = m, .matchers = val_map(a, NULL),
				   .pairs = val_map(a, NULL)};
	matchers_make(&x);
	pairs_count(&x);
	matchers_file(&x);
	for (size_t e = 0; e < m->nep; e++)
		endpoint_select(&x, &m->ep[e], e < m->nservice);
}
