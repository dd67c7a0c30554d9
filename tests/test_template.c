/* test_template.c - `agentenv template` against the reference's goldens.
 *
 * usage: test_template SRCDIR BUILDDIR
 * 1. ../shared/golden/values/<case>/: agentenv template -f values.yaml
 *    (plus args.json, release.txt, namespace.txt, as helm was run) must
 *    print manifests.yaml byte for byte; or exit 1 with the message of
 *    expected-error.txt (for the chart's `fail` checks, helm's exact text,
 *    or the same message as a positioned error when agentenv checks it
 *    before rendering; for schema violations, the same path and pattern).
 * 2. ../shared/golden/compose/<case>/ with manifests.yaml or
 *    render-error.txt: agentenv template compose.yaml --release my-release
 *    likewise.
 * 3. Every case that renders is rendered again with --network-policy
 *    kubernetes (standard NetworkPolicies instead of Cilium's).
 * 4. Every rendering, of both flavors, is then checked by
 *    ../shared/tools/validate-manifests (the Kubernetes and Cilium
 *    schemas), when it can run.
 * Skipped, with a message, when ../shared is absent. Last line:
 * `test_template: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/value.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct tally {
	int passed, failed, identical;
	int flavored;             /* renders in the Kubernetes flavor */
	const char *keep_dir;     /* renders are saved here for validate-manifests */
	int kept;
};

static void keep_render(struct tally *t, const struct buf *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/render-%04d.yaml", t->keep_dir, t->kept++);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(buf_str((struct buf *)out), 1, out->len, f);
		fclose(f);
	}
}



static void trim(struct buf *b)
{
	while (b->len && strchr("\n\r ", b->p[b->len - 1]))
		b->p[--b->len] = '\0';
}

/* Run argv inside dir; collect output and status. */
static int run_in(const char *dir, char **argv, struct buf *out, struct buf *err)
{
	struct testutil_run r = {*out, *err, 0};
	testutil_run(argv, &(struct testutil_opts){.dir = dir, .timeout = 60}, &r);
	*out = r.out;
	*err = r.err;
	return r.status;
}

/* The extra helm arguments of args.json (a JSON list of strings). */
static size_t add_json_args(struct arena *a, const char *dir, char **argv, size_t n, size_t max)
{
	struct buf text = BUF_INIT;
	if (!buf_read_file_in(&text, dir, "args.json"))
		return n;
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .diag = &d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	struct val *list = yload_string(&y, buf_str(&text), text.len, "args.json");
	for (size_t i = 0; list && list->kind == VAL_SEQ && i < list->seq.n && n + 1 < max; i++)
		if (list->seq.items[i]->kind == VAL_STR)
			argv[n++] = (char *)list->seq.items[i]->str.s;
	buf_free(&text);
	return n;
}

static size_t add_file_arg(struct arena *a, const char *dir, const char *file, const char *flag,
			   const char *fallback, char **argv, size_t n)
{
	struct buf b = BUF_INIT;
	const char *value = fallback;
	if (buf_read_file_in(&b, dir, file)) {
		trim(&b);
		value = arena_strdup(a, buf_str(&b));
	}
	buf_free(&b);
	argv[n++] = (char *)flag;
	argv[n++] = (char *)value;
	return n;
}

/* A chart `fail` that agentenv checks before rendering (src/netpol): the
 * same message, as an error at the value's position ("file:L:C: error: "),
 * instead of helm's "execution error at (template:L:C): ". */
static bool early_fail_matches(const char *line, const char *got)
{
	static const char prefix[] = "execution error at (";
	const char *msg = strncmp(line, prefix, sizeof prefix - 1) == 0 ? strstr(line, "): ") : NULL;
	if (!msg)
		return false;
	const char *hit = strstr(got, msg + 3);
	return hit && hit - got >= 7 && strncmp(hit - 7, "error: ", 7) == 0;
}

/* The message our stderr must carry for an expected error: its first line
 * after "Error: " (helm's --debug hint excluded). For schema violations we
 * require the path and the pattern (or property) helm names. */
static bool error_matches(const char *want, const char *got)
{
	const char *at = strstr(want, "- at '");
	if (!at) {
		const char *msg = strncmp(want, "Error: ", 7) == 0 ? want + 7 : want;
		size_t n = strcspn(msg, "\n");
		char *line = strndup(msg, n);
		bool ok = strstr(got, line) != NULL || early_fail_matches(line, got);
		free(line);
		return ok;
	}
	/* - at '/services/default/networks/0': 'x' does not match pattern '^...$' */
	at += 6;
	char *path = strndup(at, strcspn(at, "'"));
	const char *pat = strstr(at, "pattern '");
	const char *prop = strstr(at, "missing property '");
	char *rule = pat ? strndup(pat + 9, strcspn(pat + 9, "'"))
		   : prop ? strndup(prop + 18, strcspn(prop + 18, "'")) : strdup("");
	/* Our path form: /services/default/networks/0 -> services.default.networks[0] */
	struct buf ours = BUF_INIT;
	for (const char *p = path; *p;) {
		p += *p == '/';
		size_t n = strcspn(p, "/");
		if (n && strspn(p, "0123456789") >= n)
			buf_addf(&ours, "[%.*s]", (int)n, p);
		else
			buf_addf(&ours, "%s%.*s", ours.len ? "." : "", (int)n, p);
		p += n;
	}
	bool ok = strstr(got, rule) != NULL && (!ours.len || strstr(got, buf_str(&ours)));
	buf_free(&ours);
	free(path);
	free(rule);
	return ok;
}

static void kubernetes_case(const char *bin, const char *dir, const char *name, char **argv,
			    struct tally *t);

static void check_case(const char *bin, const char *dir, const char *name, char **argv,
		       const char *expect_file, const char *error_file, struct tally *t)
{
	struct buf out = BUF_INIT, err = BUF_INIT, want = BUF_INIT;
	argv[0] = (char *)bin;
	int status = run_in(dir, argv, &out, &err);
	bool ok;
	if (buf_read_file_in(&want, dir, expect_file)) {
		ok = status == 0 && strcmp(buf_str(&out), buf_str(&want)) == 0;
		t->identical += ok;
		if (status == 0 && t->keep_dir) {
			keep_render(t, &out);
			kubernetes_case(bin, dir, name, argv, t);
		}
		if (!ok)
			printf("FAIL %s: exit %d, %s\n%.2000s", name, status,
			       status ? "expected success" : "output differs from manifests", buf_str(&err));
	} else if (buf_read_file_in(&want, dir, error_file)) {
		ok = status == 1 && error_matches(buf_str(&want), buf_str(&err));
		if (!ok)
			printf("FAIL %s: exit %d\n  --- expected\n%s\n  --- got\n%.2000s\n", name, status,
			       buf_str(&want), buf_str(&err));
	} else {
		buf_free(&out);
		buf_free(&err);
		return;   /* a case without an expectation here (converter errors) */
	}
	ok ? t->passed++ : t->failed++;
	buf_free(&out);
	buf_free(&err);
	buf_free(&want);
}

/* The Kubernetes flavor of a case that renders: it must render too (with
 * warnings for what it drops); the output goes to validate-manifests. */
static void kubernetes_case(const char *bin, const char *dir, const char *name, char **argv,
			    struct tally *t)
{
	char *args[72];
	size_t n = 0;
	args[n++] = (char *)bin;
	for (size_t i = 1; argv[i] && n < 68; i++)
		args[n++] = argv[i];
	args[n++] = "--network-policy";
	args[n++] = "kubernetes";
	args[n] = NULL;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int status = run_in(dir, args, &out, &err);
	if (status == 0 && strstr(buf_str(&out), "kind: NetworkPolicy\n") &&
	    !strstr(buf_str(&out), "# Source: agent-env/templates/network-policy.yaml\n")) {
		t->passed++;
		t->flavored++;
		keep_render(t, &out);
	} else {
		t->failed++;
		printf("FAIL %s (--network-policy kubernetes): exit %d\n%.2000s", name, status,
		       buf_str(&err));
	}
	buf_free(&out);
	buf_free(&err);
}

static void values_case(const char *bin, const char *dir, const char *name, struct tally *t)
{
	struct arena *a = arena_new();
	char *argv[64];
	size_t n = 1;
	argv[n++] = "template";
	if (access(strcat(strcpy(arena_alloc(a, strlen(dir) + 16), dir), "/values.yaml"), F_OK) == 0) {
		argv[n++] = "-f";
		argv[n++] = "values.yaml";
	}
	n = add_file_arg(a, dir, "release.txt", "--release", "my-release", argv, n);
	n = add_file_arg(a, dir, "namespace.txt", "--namespace", "default", argv, n);
	n = add_json_args(a, dir, argv, n, 60);
	argv[n] = NULL;
	check_case(bin, dir, name, argv, "manifests.yaml", "expected-error.txt", t);
	arena_free(a);
}

static void compose_case(const char *bin, const char *dir, const char *name, struct tally *t)
{
	char *argv[] = {NULL, "template", "compose.yaml", "--release", "my-release", NULL};
	check_case(bin, dir, name, argv, "manifests.yaml", "render-error.txt", t);
}

typedef void (*case_fn)(const char *bin, const char *dir, const char *name, struct tally *t);

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool walk(const char *bin, const char *root, case_fn fn, struct tally *t)
{
	struct dirent **names;
	int n = scandir(root, &names, NULL, cmp_names);
	if (n < 0)
		return false;
	for (int i = 0; i < n; i++) {
		char dir[8192];
		snprintf(dir, sizeof dir, "%s/%s", root, names[i]->d_name);
		struct stat st;
		if (names[i]->d_name[0] != '.' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			fn(bin, dir, names[i]->d_name, t);
		free(names[i]);
	}
	free(names);
	return true;
}

/* Run validate-manifests over the kept renders: one check per document.
 * Skipped (nothing counted) when it cannot run, e.g. without python3's
 * jsonschema. The renders are removed afterwards. */
static void validate_manifests(const char *srcdir, const char *dir, int n, struct tally *t)
{
	char cmd[16384];
	snprintf(cmd, sizeof cmd, "%s/../shared/tools/validate-manifests %s/render-*.yaml 2>&1",
		 srcdir, dir);
	FILE *p = n ? popen(cmd, "r") : NULL;
	char line[4096];
	while (p && fgets(line, sizeof line, p)) {
		if (strncmp(line, "OK ", 3) == 0)
			t->passed++;
		else if (strncmp(line, "FAIL", 4) == 0 && ++t->failed)
			printf("validate-manifests: %s", line);
	}
	int status = p ? pclose(p) : -1;
	if (t->passed + t->failed == 0)
		printf("validate-manifests: SKIPPED (could not run it: status %d)\n", status);
	else
		printf("validate-manifests of %d renders: %d documents OK, %d failed\n", n,
		       t->passed, t->failed);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".", *builddir = argc > 2 ? argv[2] : ".";
	char bin[4096], root[4096];
	snprintf(root, sizeof root, "%s/agentenv", builddir);
	if (!realpath(root, bin)) {
		perror(root);
		return 2;
	}
	char keep[] = "/tmp/agentenv-renders-XXXXXX";
	if (!mkdtemp(keep)) {
		perror("mkdtemp");
		return 2;
	}
	struct tally values = {.keep_dir = keep}, compose = {.keep_dir = keep};
	snprintf(root, sizeof root, "%s/../shared/golden/values", srcdir);
	if (!walk(bin, root, values_case, &values)) {
		printf("template goldens: SKIPPED (%s not found)\ntest_template: 0 passed, 0 failed\n", root);
		return 0;
	}
	printf("golden values cases: %d passed, %d failed (%d byte-identical renders, %d "
	       "rendered in the kubernetes flavor)\n", values.passed, values.failed,
	       values.identical, values.flavored);
	snprintf(root, sizeof root, "%s/../shared/golden/compose", srcdir);
	compose.kept = values.kept;
	walk(bin, root, compose_case, &compose);
	compose.kept -= values.kept;
	printf("golden compose cases: %d passed, %d failed (%d byte-identical renders, %d "
	       "rendered in the kubernetes flavor)\n", compose.passed, compose.failed,
	       compose.identical, compose.flavored);
	struct tally manifests = {0};
	validate_manifests(srcdir, keep, values.kept + compose.kept, &manifests);
	printf("test_template: %d passed, %d failed\n",
	       values.passed + compose.passed + manifests.passed,
	       values.failed + compose.failed + manifests.failed);
	return values.failed + compose.failed + manifests.failed ? 1 : 0;
}
