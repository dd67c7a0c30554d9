/* test_policy.c - the policy evaluator against compose's own meaning.
 *
 * usage: test_policy SRCDIR BUILDDIR
 * For every case of ../shared/golden/compose that renders (compose.yaml
 * and manifests.yaml present), the manifests agentenv renders for it are
 * read back by the evaluator, and its service-to-service answer must be
 * what compose means, computed here from the compose file alone: services
 * sharing a network reach each other on every port (and ping); a service
 * with network_mode: none reaches nothing and nothing reaches it; with no
 * networks declared anywhere, everyone reaches everyone (a service that
 * names none is on the network "default"; the converter calls the first
 * service "default" when none is). Pairs of a service with itself
 * are not compared. Once the chart has the kubernetes flavor (a
 * networkPolicy key in its values.yaml), each case is rendered again with
 * networkPolicy=kubernetes, and the evaluator must give the same answer
 * for every pair of services (both flavors agree). The answers are read
 * from the groups of identical reach (group.h), which must agree with
 * each pair evaluated alone (np_reach): every pair up to 100 services,
 * a sample beyond.
 * When Graphviz's `dot` is on the PATH, the --format dot
 * output of each case (up to 50 services) must be a graph it reads.
 * Skipped, with a message, when ../shared is absent.
 * Last line: `test_policy: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "cmd/template.h"
#include "netpol/eval.h"
#include "netpol/group.h"
#include "netpol/report.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/embed.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tally {
	int passed, failed, pairs, exact_pairs, dot_checked, flavors_checked;
	bool have_dot, have_flavor;
};

/* Does Graphviz read the dot output? */
static bool dot_ok(struct arena *a, const struct np_model *m, const char *case_name)
{
	struct buf b = BUF_INIT;
	np_report_dot(a, m, &b);
	FILE *p = popen("dot -Tcanon > /dev/null", "w");
	bool ok = p && fwrite(b.p, 1, b.len, p) == b.len;
	ok = (p ? pclose(p) == 0 : false) && ok;
	if (!ok)
		printf("FAIL %s: dot rejects the --format dot output\n", case_name);
	buf_free(&b);
	return ok;
}

/* The networks a compose service is on; NULL for network_mode: none. */
static struct val *service_networks(struct arena *a, const struct val *svc)
{
	const struct val *mode = svc && svc->kind == VAL_MAP ? val_map_get(svc, "network_mode")
							      : NULL;
	if (mode && val_is_str(mode, "none"))
		return NULL;
	struct val *nets = val_seq(a, NULL);
	const struct val *n = svc && svc->kind == VAL_MAP ? val_map_get(svc, "networks") : NULL;
	for (size_t i = 0; n && n->kind == VAL_SEQ && i < n->seq.n; i++)
		val_seq_push(a, nets, n->seq.items[i]);
	for (size_t i = 0; n && n->kind == VAL_MAP && i < n->map.n; i++)
		val_seq_push(a, nets, n->map.pairs[i].key);
	if (!nets->seq.n)
		val_seq_push(a, nets, val_str(a, "default", NULL));
	return nets;
}

static bool share_network(const struct val *x, const struct val *y)
{
	for (size_t i = 0; x && y && i < x->seq.n; i++)
		for (size_t k = 0; k < y->seq.n; k++)
			if (val_equal(x->seq.items[i], y->seq.items[k]))
				return true;
	return false;
}

/* The converter names the first service "default" when none is. */
static const char *rendered_name(const struct val *svcs, size_t i)
{
	if (i == 0 && !val_map_get(svcs, "default"))
		return "default";
	return svcs->map.pairs[i].key->str.s;
}

static struct val *load_compose(struct arena *a, const char *path)
{
	struct diag d;
	diag_init(&d, a);
	struct yres *res = yres_new();
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	struct val *v = yload_file(&y, path, NULL);
	yres_free(res);
	return v;
}

static struct np_model *render_model(struct arena *a, const char *compose, const char *set)
{
	struct template_args args = TEMPLATE_ARGS_INIT;
	strlist_push(a, &args.in.files, compose);
	if (set)
		strlist_push(a, &args.set, set);
	struct diag d;
	diag_init(&d, a);
	struct buf out = BUF_INIT;
	int rc = template_render(a, &args, &d, &out);
	struct np_model *m = rc == 0 ? np_model_read(a, out.p, out.len, args.namespace) : NULL;
	buf_free(&out);
	return m;
}

/* Compare one pair; a message on a mismatch. */
static bool pair_ok(const struct np_model *m, const struct np_groups *g,
		    const char *case_name, const char *from, const char *to, bool want)
{
	int i = np_model_find(m, from), k = np_model_find(m, to);
	if (i < 0 || k < 0) {
		printf("FAIL %s: service %s not in the rendering\n", case_name, i < 0 ? from : to);
		return false;
	}
	const struct np_traffic *t = np_groups_reach(g, (size_t)i, (size_t)k);
	if (want ? np_traffic_full(t) : np_traffic_empty(t))
		return true;
	struct buf b = BUF_INIT;
	np_traffic_format(t, &b);
	printf("FAIL %s: %s -> %s: evaluator says %s, compose means %s\n", case_name, from, to,
	       buf_str(&b), want ? "all" : "nothing");
	buf_free(&b);
	return false;
}

/* Do two traffic sets read the same? A message when not. */
static bool same_traffic(const char *case_name, const struct np_model *m, size_t i, size_t j,
			 const char *what, const struct np_traffic *x, const struct np_traffic *y)
{
	struct buf bx = BUF_INIT, by = BUF_INIT;
	np_traffic_format(x, &bx);
	np_traffic_format(y, &by);
	bool same = strcmp(buf_str(&bx), buf_str(&by)) == 0;
	if (!same)
		printf("FAIL %s: %s -> %s: %s %s\n", case_name, np_model_service(m, i),
		       np_model_service(m, j), what, buf_str(&bx));
	if (!same)
		printf("  but %s\n", buf_str(&by));
	buf_free(&bx);
	buf_free(&by);
	return same;
}

/* Both flavors give the same answer for every pair of services. */
static bool flavors_agree(struct arena *a, const struct np_model *m, const struct np_groups *g,
			  const char *compose, const char *case_name)
{
	struct np_model *k = render_model(a, compose, "networkPolicy=kubernetes");
	size_t n = np_model_nservices(m);
	if (!k || np_model_nservices(k) != n) {
		printf("FAIL %s: the kubernetes flavor %s\n", case_name,
		       k ? "has other services" : "does not render");
		return false;
	}
	const struct np_groups *gk = np_groups_build(a, k);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (!same_traffic(case_name, m, i, j, "cilium flavor",
					  np_groups_reach(g, i, j), np_groups_reach(gk, i, j)))
				return false;
	return true;
}

/* The groups answer as evaluating each pair alone does: every pair up to
 * 100 services, beyond that every service towards itself and 31 others. */
static bool groups_exact(struct arena *a, const struct np_model *m, const struct np_groups *g,
			 const char *case_name, int *pairs)
{
	size_t n = np_model_nservices(m);
	for (size_t i = 0; i < n; i++)
		for (size_t s = 0; s < (n <= 100 ? n : 32); s++) {
			size_t j = n <= 100 ? s : (i + s * 7919) % n;
			struct np_traffic t;
			np_reach(a, m, i, j, &t);
			++*pairs;
			if (!same_traffic(case_name, m, i, j, "groups say",
					  np_groups_reach(g, i, j), &t))
				return false;
		}
	return true;
}

static void check_case(const char *dir, const char *name, struct tally *t)
{
	char compose[8300], manifests[8300];
	snprintf(compose, sizeof compose, "%s/compose.yaml", dir);
	snprintf(manifests, sizeof manifests, "%s/manifests.yaml", dir);
	if (access(compose, R_OK) != 0 || access(manifests, R_OK) != 0)
		return;
	struct arena *a = arena_new();
	struct val *doc = load_compose(a, compose);
	struct np_model *m = render_model(a, compose, NULL);
	const struct np_groups *g = m ? np_groups_build(a, m) : NULL;
	const struct val *svcs = doc && doc->kind == VAL_MAP ? val_map_get(doc, "services") : NULL;
	bool ok = m && svcs && svcs->kind == VAL_MAP;
	if (!ok)
		printf("FAIL %s: could not render or read it\n", name);
	for (size_t i = 0; ok && i < svcs->map.n; i++) {
		struct val *ni = service_networks(a, svcs->map.pairs[i].value);
		for (size_t k = 0; k < svcs->map.n; k++) {
			if (i == k)
				continue;
			struct val *nk = service_networks(a, svcs->map.pairs[k].value);
			t->pairs++;
			ok = ok && pair_ok(m, g, name, rendered_name(svcs, i),
					   rendered_name(svcs, k), share_network(ni, nk));
		}
	}
	ok = ok && groups_exact(a, m, g, name, &t->exact_pairs);
	if (ok && t->have_flavor) {
		ok = flavors_agree(a, m, g, compose, name);
		t->flavors_checked++;
	}
	if (ok && t->have_dot && np_model_nservices(m) <= 50) {
		ok = dot_ok(a, m, name);
		t->dot_checked++;
	}
	if (ok)
		t->passed++;
	else
		t->failed++;
	arena_free(a);
}

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".";
	char root[4096];
	snprintf(root, sizeof root, "%s/../shared/golden/compose", srcdir);
	struct dirent **names;
	int n = scandir(root, &names, NULL, cmp_names);
	if (n < 0) {
		printf("policy goldens: SKIPPED (%s not found)\ntest_policy: 0 passed, 0 failed\n",
		       root);
		return 0;
	}
	const struct embed_file *values = embed_find("templates/values.yaml");
	struct tally t = {.have_dot = system("dot -V > /dev/null 2>&1") == 0,
			  .have_flavor = values && strstr(values->data, "\nnetworkPolicy:")};
	for (int i = 0; i < n; i++) {
		char dir[8192];
		snprintf(dir, sizeof dir, "%s/%s", root, names[i]->d_name);
		struct stat st;
		if (names[i]->d_name[0] != '.' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			check_case(dir, names[i]->d_name, &t);
		free(names[i]);
	}
	free(names);
	printf("golden compose cases read back: %d agree with compose, %d do not (%d pairs)\n",
	       t.passed, t.failed, t.pairs);
	printf("groups agree with pairs evaluated alone: %d pairs\n", t.exact_pairs);
	if (t.have_flavor)
		printf("cilium and kubernetes flavors agree on %d cases\n", t.flavors_checked);
	else
		printf("flavor agreement: SKIPPED (the chart has no networkPolicy key yet)\n");
	if (t.have_dot)
		printf("--format dot read by Graphviz for %d cases\n", t.dot_checked);
	else
		printf("--format dot: Graphviz check SKIPPED (no dot on the PATH)\n");
	printf("test_policy: %d passed, %d failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
