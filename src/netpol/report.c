/* report.c - the evaluator's answers as text, JSON and Graphviz, and the
 * --can question (report.h). Reports print groups of services with
 * identical reach (group.h): a group of one is its service, so small
 * environments read as a plain service x service matrix. */
#include "netpol/report.h"
#include "netpol/group.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/emit.h"
#include "yaml/value.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared pieces ---- */

/* The cell text of one group's row: "-" for nothing. */
static const char **row_cells(struct arena *a, const struct np_groups *g, size_t from)
{
	const char **cells = arena_alloc(a, (g->n + 1) * sizeof *cells);
	for (size_t to = 0; to < g->n; to++) {
		const struct np_traffic *t = g->reach[from * g->n + to];
		struct buf b = BUF_INIT;
		if (np_traffic_empty(t))
			buf_adds(&b, "-");
		else
			np_traffic_format(t, &b);
		cells[to] = arena_strdup(a, buf_str(&b));
		buf_free(&b);
	}
	return cells;
}

/* A group's name: its first service. */
static const char *group_name(const struct np_model *m, const struct np_groups *g, size_t i)
{
	return np_model_service(m, g->member[i][0]);
}

/* How reports show a group: its name, and "+N" for N more services. */
static const char *group_label(struct arena *a, const struct np_model *m,
			       const struct np_groups *g, size_t i)
{
	if (g->nmember[i] == 1)
		return group_name(m, g, i);
	return arena_printf(a, "%s +%zu", group_name(m, g, i), g->nmember[i] - 1);
}

static const char *item_ports(struct arena *a, const struct np_egress_item *it)
{
	if (it->kind == NP_EG_DNS)
		return "lookup";
	struct buf b = BUF_INIT;
	np_traffic_format(&it->traffic, &b);
	if (it->check)
		buf_addf(&b, " (%s)", it->check);
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *item_kind(struct arena *a, const struct np_egress_item *it)
{
	const char *k = np_egress_kind_name(it->kind);
	return it->deny ? arena_printf(a, "deny %s", k) : k;
}

/* ---- table ---- */

static size_t width_of(const char *s, size_t w)
{
	size_t n = strlen(s);
	return n > w ? n : w;
}

static void table_groups(struct arena *a, const struct np_model *m,
			 const struct np_groups *g, struct buf *out)
{
	if (g->n == np_model_nservices(m))
		return;
	buf_adds(out, "GROUPS (services with identical reach and egress; NAME +N: NAME and N "
		      "more)\n\n");
	for (size_t i = 0; i < g->n; i++) {
		if (g->nmember[i] == 1)
			continue;
		buf_addf(out, "%s:", group_label(a, m, g, i));
		for (size_t k = 0; k < g->nmember[i]; k++)
			buf_addf(out, "%s %s", k ? "," : "", np_model_service(m, g->member[i][k]));
		buf_addc(out, '\n');
	}
	buf_addc(out, '\n');
}

static void table_matrix(struct arena *a, const struct np_model *m, const struct np_groups *g,
			 struct buf *out)
{
	size_t n = g->n;
	const char ***rows = arena_alloc(a, (n + 1) * sizeof *rows);
	const char **label = arena_alloc(a, (n + 1) * sizeof *label);
	size_t *w = arena_alloc(a, (n + 1) * sizeof *w);
	const char *corner = "FROM \\ TO";
	w[n] = strlen(corner);
	for (size_t i = 0; i < n; i++) {
		rows[i] = row_cells(a, g, i);
		label[i] = group_label(a, m, g, i);
		w[n] = width_of(label[i], w[n]);
		w[i] = strlen(label[i]);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++)
			w[k] = width_of(rows[i][k], w[k]);
	buf_adds(out, "REACHABILITY (rows: from, columns: to; all: every port and ping)\n\n");
	buf_addf(out, "%-*s", (int)w[n], corner);
	for (size_t k = 0; k < n; k++)
		buf_addf(out, "  %-*s", k + 1 < n ? (int)w[k] : 0, label[k]);
	buf_addc(out, '\n');
	for (size_t i = 0; i < n; i++) {
		buf_addf(out, "%-*s", (int)w[n], label[i]);
		for (size_t k = 0; k < n; k++)
			buf_addf(out, "  %-*s", k + 1 < n ? (int)w[k] : 0, rows[i][k]);
		buf_addc(out, '\n');
	}
}

struct egress_cols {
	size_t kind, what, ports;
};

static void egress_widths(struct arena *a, const struct np_egress *e, struct egress_cols *c)
{
	for (size_t i = 0; i < e->n; i++) {
		c->kind = width_of(item_kind(a, &e->items[i]), c->kind);
		c->what = width_of(e->items[i].what, c->what);
		c->ports = width_of(item_ports(a, &e->items[i]), c->ports);
	}
}

static void table_egress_one(struct arena *a, const char *name, const struct np_egress *e,
			     const struct egress_cols *c, struct buf *out)
{
	buf_addf(out, "%s\n", name);
	if (!e->enforced) {
		buf_adds(out, "  anything: no policy restricts its egress\n");
		return;
	}
	if (e->denied_all) {
		buf_addf(out, "  nothing: denied by %s\n", e->denied_all);
		return;
	}
	if (!e->n)
		buf_adds(out, "  nothing beyond the services above\n");
	for (size_t i = 0; i < e->n; i++) {
		const struct np_egress_item *it = &e->items[i];
		buf_addf(out, "  %-*s  %-*s  %-*s  %s\n", (int)c->kind, item_kind(a, it),
			 (int)c->what, it->what, (int)c->ports, item_ports(a, it), it->policy);
	}
}

static void table_egress(struct arena *a, const struct np_model *m, const struct np_groups *g,
			 struct buf *out)
{
	struct egress_cols c = {0};
	for (size_t i = 0; i < g->n; i++)
		if (g->egress[i].enforced && !g->egress[i].denied_all)
			egress_widths(a, &g->egress[i], &c);
	buf_adds(out, "\nEGRESS (beyond the services above)\n\n");
	for (size_t i = 0; i < g->n; i++)
		table_egress_one(a, group_label(a, m, g, i), &g->egress[i], &c, out);
}

void np_report_table(struct arena *a, const struct np_model *m, struct buf *out)
{
	if (!np_model_nservices(m)) {
		buf_adds(out, "no services\n");
		return;
	}
	const struct np_groups *g = np_groups_build(a, m);
	table_groups(a, m, g, out);
	table_matrix(a, m, g, out);
	table_egress(a, m, g, out);
}

/* ---- JSON ---- */

static struct val *jstr(struct arena *a, const char *s)
{
	return s ? val_str(a, s, NULL) : val_null(a, NULL);
}

static struct val *json_ports(struct arena *a, const struct np_traffic *t)
{
	struct val *list = val_seq(a, NULL);
	for (int p = 0; p < NP_NPROTO; p++)
		for (size_t i = 0; i < t->n[p]; i++) {
			struct val *r = val_map(a, NULL);
			val_map_set(a, r, "protocol", val_str(a, np_proto_name(p), NULL));
			val_map_set(a, r, "port", val_int(a, t->r[p][i].lo, NULL));
			val_map_set(a, r, "endPort", val_int(a, t->r[p][i].hi, NULL));
			val_seq_push(a, list, r);
		}
	return list;
}

static struct val *json_traffic(struct arena *a, const struct np_traffic *t)
{
	struct val *v = val_map(a, NULL);
	bool all = np_traffic_full(t);
	val_map_set(a, v, "all", val_bool(a, all, NULL));
	if (!all) {
		val_map_set(a, v, "ports", json_ports(a, t));
		val_map_set(a, v, "ping", val_bool(a, t->ping, NULL));
	}
	return v;
}

static struct val *json_reach(struct arena *a, const struct np_model *m,
			      const struct np_groups *g, size_t from)
{
	struct val *row = val_map(a, NULL);
	for (size_t to = 0; to < g->n; to++) {
		const struct np_traffic *t = g->reach[from * g->n + to];
		if (!np_traffic_empty(t))
			val_map_set(a, row, group_name(m, g, to), json_traffic(a, t));
	}
	return row;
}

static struct val *json_egress(struct arena *a, const struct np_egress *e)
{
	struct val *v = val_map(a, NULL);
	val_map_set(a, v, "restricted", val_bool(a, e->enforced, NULL));
	val_map_set(a, v, "deniedBy", jstr(a, e->denied_all));
	struct val *rules = val_seq(a, NULL);
	for (size_t i = 0; i < e->n; i++) {
		const struct np_egress_item *it = &e->items[i];
		struct val *r = val_map(a, NULL);
		val_map_set(a, r, "kind", val_str(a, np_egress_kind_name(it->kind), NULL));
		val_map_set(a, r, "to", val_str(a, it->what, NULL));
		val_map_set(a, r, "deny", val_bool(a, it->deny, NULL));
		if (it->kind != NP_EG_DNS)
			val_map_set(a, r, "traffic", json_traffic(a, &it->traffic));
		val_map_set(a, r, "check", jstr(a, it->check));
		val_map_set(a, r, "policy", val_str(a, it->policy, NULL));
		val_seq_push(a, rules, r);
	}
	val_map_set(a, v, "rules", rules);
	return v;
}

void np_report_json(struct arena *a, const struct np_model *m, struct buf *out)
{
	const struct np_groups *g = np_groups_build(a, m);
	struct val *root = val_map(a, NULL), *names = val_seq(a, NULL), *of = val_map(a, NULL);
	struct val *groups = val_map(a, NULL), *reach = val_map(a, NULL);
	struct val *egress = val_map(a, NULL);
	for (size_t i = 0; i < np_model_nservices(m); i++) {
		const char *name = np_model_service(m, i);
		val_seq_push(a, names, val_str(a, name, NULL));
		val_map_set(a, of, name, val_str(a, group_name(m, g, g->of[i]), NULL));
	}
	for (size_t i = 0; i < g->n; i++) {
		struct val *members = val_seq(a, NULL);
		for (size_t k = 0; k < g->nmember[i]; k++)
			val_seq_push(a, members, names->seq.items[g->member[i][k]]);
		val_map_set(a, groups, group_name(m, g, i), members);
		val_map_set(a, reach, group_name(m, g, i), json_reach(a, m, g, i));
		val_map_set(a, egress, group_name(m, g, i), json_egress(a, &g->egress[i]));
	}
	val_map_set(a, root, "services", names);
	val_map_set(a, root, "group", of);
	val_map_set(a, root, "groups", groups);
	val_map_set(a, root, "reach", reach);
	val_map_set(a, root, "egress", egress);
	yemit_json(root, out);
}

/* ---- Graphviz ---- */

/* A quoted Graphviz ID. */
static void dot_id(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void dot_edge(struct buf *out, const char *from, const char *to, const char *label,
		     const char *style)
{
	buf_adds(out, "  ");
	dot_id(out, from);
	buf_adds(out, " -> ");
	dot_id(out, to);
	buf_adds(out, " [label=");
	dot_id(out, label);
	buf_addf(out, "%s];\n", style);
}

static bool item_same_node(const struct np_egress_item *x, const struct np_egress_item *y)
{
	return x->kind == y->kind && x->deny == y->deny && strcmp(x->what, y->what) == 0;
}

/* One node per destination outside the environment, and one edge from
 * the group, labelled with every port rule towards it. */
static void dot_external(struct arena *a, const char *from, const struct np_egress *e,
			 struct buf *out)
{
	if (!e->enforced || e->denied_all)
		return;
	for (size_t i = 0; i < e->n; i++) {
		const struct np_egress_item *it = &e->items[i];
		bool seen = it->kind == NP_EG_DNS;
		for (size_t k = 0; k < i && !seen; k++)
			seen = item_same_node(&e->items[k], it);
		if (seen)
			continue;
		struct buf label = BUF_INIT;
		for (size_t k = i; k < e->n; k++)
			if (item_same_node(&e->items[k], it))
				buf_addf(&label, "%s%s", label.len ? ", " : "", item_ports(a, &e->items[k]));
		const char *node = arena_printf(a, "%s %s", np_egress_kind_name(it->kind), it->what);
		buf_adds(out, "  ");
		dot_id(out, node);
		buf_adds(out, " [shape=ellipse];\n");
		dot_edge(out, from, node, buf_str(&label),
			 it->deny ? ", style=dashed, color=red" : ", style=dashed");
		buf_free(&label);
	}
}

/* A box per group (labelled NAME +N when it has more than one service),
 * an edge per pair of groups that can talk, a loop on a group whose
 * services can talk to each other. */
void np_report_dot(struct arena *a, const struct np_model *m, struct buf *out)
{
	const struct np_groups *g = np_groups_build(a, m);
	buf_adds(out, "digraph policy {\n  rankdir=LR;\n  node [shape=box];\n");
	for (size_t i = 0; i < g->n; i++) {
		buf_adds(out, "  ");
		dot_id(out, group_name(m, g, i));
		if (g->nmember[i] > 1) {
			buf_adds(out, " [label=");
			dot_id(out, group_label(a, m, g, i));
			buf_addc(out, ']');
		}
		buf_adds(out, ";\n");
	}
	for (size_t i = 0; i < g->n; i++) {
		const char **cells = row_cells(a, g, i);
		for (size_t k = 0; k < g->n; k++)
			if ((k != i || g->nmember[i] > 1) && strcmp(cells[k], "-") != 0)
				dot_edge(out, group_name(m, g, i), group_name(m, g, k), cells[k], "");
	}
	for (size_t i = 0; i < g->n; i++)
		dot_external(a, group_name(m, g, i), &g->egress[i], out);
	buf_adds(out, "}\n");
}

/* ---- --can ---- */

static bool parse_port(const char *s, unsigned *port)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || s[0] == '-' || s[0] == '+' || n < 1 || n > 65535)
		return false;
	*port = (unsigned)n;
	return true;
}

/* "/PROTO" at the end of text: cut off and parsed. */
static int query_proto(char *text, struct np_query *q, struct buf *err)
{
	char *slash = strrchr(text, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	const char *p = slash + 1;
	int proto = np_proto_parse(p);
	if (strcasecmp(p, "ICMP") == 0) {
		q->ping = true;
		return 0;
	}
	if (proto < 0) {
		buf_addf(err, "unknown protocol '%s' (TCP, UDP, SCTP or ICMP)", p);
		return -1;
	}
	q->proto = (enum np_proto)proto;
	return 0;
}

/* Split "target:port" (or "[v6]:port"): the port, when there is one. */
static int query_port(char *text, char **target, struct np_query *q, struct buf *err)
{
	char *colon = strrchr(text, ':');
	*target = text;
	if (text[0] == '[') {
		char *close = strchr(text, ']');
		if (!close || (close[1] && close[1] != ':')) {
			buf_addf(err, "bad address '%s' (expected [IPv6]:PORT)", text);
			return -1;
		}
		*close = '\0';
		*target = text + 1;
		colon = close[1] ? close + 1 : NULL;
	} else if (colon && strchr(text, ':') != colon) {
		colon = NULL;    /* a bare IPv6 address */
	}
	if (!colon) {
		q->any_port = !q->ping;
		return 0;
	}
	*colon = '\0';
	if (q->ping) {
		buf_adds(err, "ICMP takes no port");
		return -1;
	}
	if (!parse_port(colon + 1, &q->port)) {
		buf_addf(err, "bad port '%s' (expected 1-65535)", colon + 1);
		return -1;
	}
	return 0;
}

static bool dns_name_ok(const char *s)
{
	if (!*s || strlen(s) > 253)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_'))
			return false;
	return !strstr(s, "..") && s[0] != '.';
}

static int query_target(const struct np_model *m, const char *t, bool entity,
			struct np_query *q, struct buf *err)
{
	int svc = np_model_find(m, t);
	if (entity) {
		q->kind = NP_DEST_ENTITY;
		q->name = t;
		if (np_entity_known(t))
			return 0;
		buf_addf(err, "unknown entity '%s' (all, cluster, host, remote-node, "
			      "kube-apiserver, ingress, init, health, unmanaged, world, world-ipv4, "
			      "world-ipv6)", t);
		return -1;
	}
	if (svc >= 0) {
		q->kind = NP_DEST_SERVICE;
		q->service = (size_t)svc;
	} else if (inet_pton(AF_INET, t, q->ip) == 1) {
		q->kind = NP_DEST_IP;
	} else if (inet_pton(AF_INET6, t, q->ip) == 1) {
		q->kind = NP_DEST_IP;
		q->v6 = true;
	} else if (strchr(t, '.') && dns_name_ok(t)) {
		q->kind = NP_DEST_HOST;
		q->name = t;
	} else {
		buf_addf(err, "unknown service '%s' (not a service, DNS name with a dot, IP "
			      "address or entity:NAME)", t);
		return -1;
	}
	return 0;
}

int np_query_parse(struct arena *a, const struct np_model *m, const char *text,
		   struct np_query *q, struct buf *err)
{
	*q = (struct np_query){.proto = NP_TCP};
	char *s = arena_strdup(a, text), *target;
	bool entity = strncmp(s, "entity:", 7) == 0;
	if (entity)
		s += 7;
	if (query_proto(s, q, err) != 0 || query_port(s, &target, q, err) != 0)
		return -1;
	return query_target(m, arena_strdup(a, target), entity, q, err);
}

static void verdict_side(const char *what, const char *by, struct buf *out)
{
	if (by)
		buf_addf(out, "  %s allowed by %s\n", what, by);
	else
		buf_addf(out, "  %s not restricted by any policy\n", what);
}

void np_report_verdict(const char *from, const char *to, const struct np_query *q,
		       const struct np_verdict *v, struct buf *out)
{
	buf_addf(out, "%s -> %s: %s\n", from, to, v->allowed ? "allowed" : "denied");
	if (v->dns_by)
		buf_addf(out, "  name resolution allowed by %s\n", v->dns_by);
	if (!v->allowed) {
		if (v->denied_by)
			buf_addf(out, "  denied by %s\n", v->denied_by);
		else
			buf_addf(out, "  %s\n", v->reason ? v->reason : "no policy allows it");
		return;
	}
	verdict_side("egress", v->egress_by, out);
	if (q->kind == NP_DEST_SERVICE)
		verdict_side("ingress", v->ingress_by, out);
	if (q->any_port) {
		buf_adds(out, "  traffic: ");
		np_traffic_format(&v->traffic, out);
		buf_addc(out, '\n');
	}
}
