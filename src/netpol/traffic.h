/* traffic.h - sets of traffic a network policy lets through: port ranges
 * per transport protocol (TCP, UDP, SCTP) and ICMP echo (ping).
 *
 * The evaluator (eval.h) builds them from toPorts and icmps, unites the
 * rules that match, subtracts what deny rules take away, and intersects
 * the two directions of a connection. Ranges live in an arena; every set
 * stays sorted and merged, so equal sets have equal ranges. */
#ifndef AGENTENV_NETPOL_TRAFFIC_H
#define AGENTENV_NETPOL_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

enum np_proto { NP_TCP, NP_UDP, NP_SCTP, NP_NPROTO };

struct np_range {
	unsigned lo, hi;     /* 1 ... 65535, inclusive */
};

struct np_traffic {
	struct np_range *r[NP_NPROTO];
	size_t n[NP_NPROTO];
	bool ping;           /* ICMP (v4 type 8 or v6 type 128) echo requests */
};

/* "TCP", "UDP", "SCTP"; np_proto_parse: -1 when not one of them (any case). */
const char *np_proto_name(enum np_proto p);
int np_proto_parse(const char *s);

/* Add lo..hi of one protocol. */
void np_traffic_add(struct arena *a, struct np_traffic *t, enum np_proto p, unsigned lo,
		    unsigned hi);
/* Every port of every protocol, and ping. */
void np_traffic_all(struct arena *a, struct np_traffic *t);
void np_traffic_union(struct arena *a, struct np_traffic *t, const struct np_traffic *u);
void np_traffic_intersect(struct arena *a, struct np_traffic *out, const struct np_traffic *x,
			  const struct np_traffic *y);
void np_traffic_subtract(struct arena *a, struct np_traffic *out, const struct np_traffic *x,
			 const struct np_traffic *y);

bool np_traffic_empty(const struct np_traffic *t);
bool np_traffic_full(const struct np_traffic *t);
bool np_traffic_has(const struct np_traffic *t, enum np_proto p, unsigned port);

/* "all", "none", or e.g. "8080/TCP, 53/ANY, 1000-1010/UDP, ping" (ANY:
 * the same ranges on TCP, UDP and SCTP). */
void np_traffic_format(const struct np_traffic *t, struct buf *out);

#endif
