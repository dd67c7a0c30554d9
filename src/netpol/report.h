/* report.h - the evaluator's answers for people and programs: the
 * matrix of groups of services with identical reach (group.h), with each
 * group's egress (table, JSON, Graphviz), and one --can question (parsed
 * from text, answered). */
#ifndef AGENTENV_NETPOL_REPORT_H
#define AGENTENV_NETPOL_REPORT_H

#include "netpol/eval.h"

struct arena;
struct buf;

void np_report_table(struct arena *a, const struct np_model *m, struct buf *out);
/* The stable JSON documented in agentenv-policy(1). */
void np_report_json(struct arena *a, const struct np_model *m, struct buf *out);
void np_report_dot(struct arena *a, const struct np_model *m, struct buf *out);

/* FROM: a service; TO: SERVICE, HOST or IP with [:PORT][/PROTO] (PROTO
 * TCP, UDP, SCTP, or ICMP for ping, without a port), [IPv6]:PORT, or
 * entity:NAME[:PORT][/PROTO]. 0, or -1 with the message in err. */
int np_query_parse(struct arena *a, const struct np_model *m, const char *text,
		   struct np_query *q, struct buf *err);
/* The answer: a first line "FROM -> TO: allowed|denied", then why. */
void np_report_verdict(const char *from, const char *to, const struct np_query *q,
		       const struct np_verdict *v, struct buf *out);

#endif
