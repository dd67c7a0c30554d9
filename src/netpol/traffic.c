/* traffic.c - port-range sets per protocol, and ping (traffic.h). */
#include "netpol/traffic.h"
#include "util/arena.h"
#include "util/buf.h"

#include <string.h>
#include <strings.h>

#define NP_PORT_MAX 65535u

static const char *const np_proto_names[NP_NPROTO] = {"TCP", "UDP", "SCTP"};

const char *np_proto_name(enum np_proto p)
{
	return np_proto_names[p];
}

int np_proto_parse(const char *s)
{
	for (int p = 0; p < NP_NPROTO; p++)
		if (strcasecmp(s, np_proto_names[p]) == 0)
			return p;
	return -1;
}

/* Append a range to a sorted list being built left to right, merging it
 * with the last one when they touch. */
static void ranges_push(struct arena *a, struct np_range **r, size_t *n, size_t *cap,
			unsigned lo, unsigned hi)
{
	if (*n && (*r)[*n - 1].hi + 1 >= lo) {
		if ((*r)[*n - 1].hi < hi)
			(*r)[*n - 1].hi = hi;
		return;
	}
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		*r = arena_grow(a, *r, *n * sizeof **r, c * sizeof **r);
		*cap = c;
	}
	(*r)[(*n)++] = (struct np_range){lo, hi};
}

void np_traffic_add(struct arena *a, struct np_traffic *t, enum np_proto p, unsigned lo,
		    unsigned hi)
{
	struct np_traffic one = {0};
	one.r[p] = &(struct np_range){lo, hi};
	one.n[p] = 1;
	np_traffic_union(a, t, &one);
}

void np_traffic_all(struct arena *a, struct np_traffic *t)
{
	for (int p = 0; p < NP_NPROTO; p++)
		np_traffic_add(a, t, p, 1, NP_PORT_MAX);
	t->ping = true;
}

/* Merge two sorted lists (union). */
static void ranges_union(struct arena *a, const struct np_range *x, size_t nx,
			 const struct np_range *y, size_t ny, struct np_range **r, size_t *n)
{
	size_t cap = 0, i = 0, j = 0;
	*r = NULL;
	*n = 0;
	while (i < nx || j < ny) {
		const struct np_range *next = j >= ny || (i < nx && x[i].lo <= y[j].lo) ? &x[i++]
										 : &y[j++];
		ranges_push(a, r, n, &cap, next->lo, next->hi);
	}
}

void np_traffic_union(struct arena *a, struct np_traffic *t, const struct np_traffic *u)
{
	for (int p = 0; p < NP_NPROTO; p++)
		if (u->n[p])
			ranges_union(a, t->r[p], t->n[p], u->r[p], u->n[p], &t->r[p], &t->n[p]);
	t->ping |= u->ping;
}

static void ranges_intersect(struct arena *a, const struct np_range *x, size_t nx,
			     const struct np_range *y, size_t ny, struct np_range **r, size_t *n)
{
	size_t cap = 0, i = 0, j = 0;
	*r = NULL;
	*n = 0;
	while (i < nx && j < ny) {
		unsigned lo = x[i].lo > y[j].lo ? x[i].lo : y[j].lo;
		unsigned hi = x[i].hi < y[j].hi ? x[i].hi : y[j].hi;
		if (lo <= hi)
			ranges_push(a, r, n, &cap, lo, hi);
		if (x[i].hi < y[j].hi)
			i++;
		else
			j++;
	}
}

void np_traffic_intersect(struct arena *a, struct np_traffic *out, const struct np_traffic *x,
			  const struct np_traffic *y)
{
	struct np_traffic t = {0};
	for (int p = 0; p < NP_NPROTO; p++)
		ranges_intersect(a, x->r[p], x->n[p], y->r[p], y->n[p], &t.r[p], &t.n[p]);
	t.ping = x->ping && y->ping;
	*out = t;
}

/* x minus y: walk x's ranges, cutting out every y range that overlaps. */
static void ranges_subtract(struct arena *a, const struct np_range *x, size_t nx,
			    const struct np_range *y, size_t ny, struct np_range **r, size_t *n)
{
	size_t cap = 0, j = 0;
	*r = NULL;
	*n = 0;
	for (size_t i = 0; i < nx; i++) {
		unsigned lo = x[i].lo;
		while (j < ny && y[j].hi < lo)
			j++;
		for (size_t k = j; k < ny && y[k].lo <= x[i].hi && lo <= x[i].hi; k++) {
			if (y[k].lo > lo)
				ranges_push(a, r, n, &cap, lo, y[k].lo - 1);
			lo = y[k].hi + 1;
		}
		if (lo <= x[i].hi)
			ranges_push(a, r, n, &cap, lo, x[i].hi);
	}
}

void np_traffic_subtract(struct arena *a, struct np_traffic *out, const struct np_traffic *x,
			 const struct np_traffic *y)
{
	struct np_traffic t = {0};
	for (int p = 0; p < NP_NPROTO; p++)
		ranges_subtract(a, x->r[p], x->n[p], y->r[p], y->n[p], &t.r[p], &t.n[p]);
	t.ping = x->ping && !y->ping;
	*out = t;
}

bool np_traffic_empty(const struct np_traffic *t)
{
	return !t->ping && !t->n[NP_TCP] && !t->n[NP_UDP] && !t->n[NP_SCTP];
}

static bool ranges_full(const struct np_range *r, size_t n)
{
	return n == 1 && r[0].lo == 1 && r[0].hi == NP_PORT_MAX;
}

bool np_traffic_full(const struct np_traffic *t)
{
	for (int p = 0; p < NP_NPROTO; p++)
		if (!ranges_full(t->r[p], t->n[p]))
			return false;
	return t->ping;
}

bool np_traffic_has(const struct np_traffic *t, enum np_proto p, unsigned port)
{
	for (size_t i = 0; i < t->n[p]; i++)
		if (t->r[p][i].lo <= port && port <= t->r[p][i].hi)
			return true;
	return false;
}

static bool ranges_equal(const struct np_traffic *t, int p, int q)
{
	return t->n[p] == t->n[q] &&
	       (!t->n[p] || memcmp(t->r[p], t->r[q], t->n[p] * sizeof *t->r[p]) == 0);
}

static void ranges_format(const struct np_range *r, size_t n, const char *proto,
			  struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (out->len)
			buf_adds(out, ", ");
		if (r[i].lo == 1 && r[i].hi == NP_PORT_MAX)
			buf_addf(out, "all/%s", proto);
		else if (r[i].lo == r[i].hi)
			buf_addf(out, "%u/%s", r[i].lo, proto);
		else
			buf_addf(out, "%u-%u/%s", r[i].lo, r[i].hi, proto);
	}
}

void np_traffic_format(const struct np_traffic *t, struct buf *out)
{
	struct buf b = BUF_INIT;
	if (np_traffic_full(t))
		buf_adds(&b, "all");
	else if (np_traffic_empty(t))
		buf_adds(&b, "none");
	else if (ranges_equal(t, NP_TCP, NP_UDP) && ranges_equal(t, NP_TCP, NP_SCTP))
		ranges_format(t->r[NP_TCP], t->n[NP_TCP], "ANY", &b);
	else
		for (int p = 0; p < NP_NPROTO; p++)
			ranges_format(t->r[p], t->n[p], np_proto_names[p], &b);
	if (t->ping && !np_traffic_full(t))
		buf_adds(&b, b.len ? ", ping" : "ping");
	buf_add(out, b.p, b.len);
	buf_free(&b);
}
