/* test_chart.c - our agent-env chart under real helm, against the goldens.
 *
 * usage: test_chart SRCDIR BUILDDIR
 *
 * The goldens in SRCDIR/../shared/golden were made by rendering the
 * reference agent-env chart (0.14.0) with helm v4.1.4. This runs the same
 * helm on our chart, SRCDIR/templates, for every case that went through
 * helm:
 *
 * - golden/values/<case>/: values.yaml (when present), args.json (extra
 *   arguments such as --set: the words of cmd.txt after the chart),
 *   release.txt and namespace.txt (else my-release in default); then
 *   manifests.yaml, or expected-error.txt and exit-code.txt;
 * - golden/compose/<case>/ with manifests.yaml or render-error.txt: the
 *   converter's values.yaml, rendered with no other argument (exit 1 on
 *   error). Cases the converter itself rejected are not helm's business.
 *
 * In each case folder it runs
 *     helm template RELEASE SRCDIR/templates --namespace NS [-f values.yaml] ARGS...
 * and compares byte for byte: stdout with manifests.yaml (exit 0), or the
 * exit status and stderr, from its first "Error: " line on, with the
 * expected error. A failure shows the first lines that differ. Every case
 * that renders runs again with --set-string networkPolicy=kubernetes, and
 * helm must print what BUILDDIR/agentenv template --network-policy
 * kubernetes prints for it (the Kubernetes flavor has no reference).
 *
 * helm comes from SRCDIR/../shared/tools/install-helm; without it, or
 * without the goldens, nothing runs and nothing is counted, and the reason
 * is printed. Last line: `test_chart: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "util/buf.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64
#define PARALLEL_RUNS 4   /* helm takes ~0.2 s a case; the goldens are 132 */

struct chart_case {
	char *name;              /* "values/default" */
	char *dir;
	char *argv[MAX_ARGS];    /* the helm command, NULL-terminated */
	int argc;
	bool want_error;
	int want_status;
	struct buf want;         /* manifests.yaml, or the expected error */
	char *problem;           /* why the case cannot run (counts as failed) */
	pid_t pid;
	char out_path[64], err_path[64];
	struct buf out, err;
	int status;
};

struct case_list {
	struct chart_case *v;
	size_t n, cap;
};

/* ---- files ---------------------------------------------------------------- */

static char *path_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", dir, name);
	return b.p;
}



static bool file_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	bool ok = access(path, F_OK) == 0;
	free(path);
	return ok;
}

/* The first line of dir/name, or fallback when there is no such file. */
static char *first_line_in(const char *dir, const char *name, const char *fallback)
{
	struct buf b = BUF_INIT;
	char *line;
	if (buf_read_file_in(&b, dir, name))
		line = strndup(b.p, strcspn(b.p, "\r\n"));
	else
		line = strdup(fallback);
	buf_free(&b);
	return line;
}

/* ---- args.json: a JSON array of strings ---------------------------------- */

static void add_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xC0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xE0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(b, (char)(0xF0 | cp >> 18));
		buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static bool read_hex4(const char **s, unsigned *cp)
{
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		char ch = (*s)[i];
		const char *digits = "0123456789abcdef", *d = ch ? strchr(digits, ch | 0x20) : NULL;
		if (!d)
			return false;
		*cp = *cp << 4 | (unsigned)(d - digits);
	}
	*s += 4;
	return true;
}

/* One JSON string at *s (after its opening quote) into out; *s ends past
 * the closing quote. */
static bool json_string(const char **s, struct buf *out)
{
	static const char plain[] = "\"\\/bfnrt", meant[] = "\"\\/\b\f\n\r\t";
	const char *p = *s;
	while (*p && *p != '"') {
		if (*p != '\\') {
			buf_addc(out, *p++);
			continue;
		}
		p++;
		const char *esc = *p ? strchr(plain, *p) : NULL;
		unsigned cp, low;
		if (esc) {
			buf_addc(out, meant[esc - plain]);
			p++;
		} else if (*p == 'u' && (p++, read_hex4(&p, &cp))) {
			if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u' &&
			    (p += 2, read_hex4(&p, &low)))
				cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
			add_utf8(out, cp);
		} else {
			return false;
		}
	}
	if (*p != '"')
		return false;
	*s = p + 1;
	return true;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* Appends the strings of a JSON array to c->argv. */
static bool parse_args_json(const char *text, struct chart_case *c)
{
	const char *s = skip_blanks(text);
	if (*s++ != '[')
		return false;
	s = skip_blanks(s);
	if (*s == ']')
		return *skip_blanks(s + 1) == '\0';
	for (;;) {
		struct buf word = BUF_INIT;
		bool ok = *s == '"' && (s++, json_string(&s, &word)) && c->argc + 1 < MAX_ARGS;
		if (ok)
			c->argv[c->argc++] = strdup(buf_str(&word));
		buf_free(&word);
		if (!ok)
			return false;
		s = skip_blanks(s);
		if (*s == ']')
			return *skip_blanks(s + 1) == '\0';
		if (*s++ != ',')
			return false;
		s = skip_blanks(s);
	}
}

/* ---- building the cases --------------------------------------------------- */

static void add_arg(struct chart_case *c, const char *word)
{
	if (c->argc + 1 < MAX_ARGS)
		c->argv[c->argc++] = strdup(word);
}

/* helm template RELEASE CHART --namespace NS [-f values.yaml] ARGS... */
static void build_command(struct chart_case *c, const char *helm, const char *chart)
{
	char *release = first_line_in(c->dir, "release.txt", "my-release");
	char *namespace = first_line_in(c->dir, "namespace.txt", "default");
	const char *fixed[] = {helm, "template", release, chart, "--namespace", namespace};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		add_arg(c, fixed[i]);
	free(release);
	free(namespace);
	if (file_in(c->dir, "values.yaml")) {
		add_arg(c, "-f");
		add_arg(c, "values.yaml");
	}
	struct buf json = BUF_INIT;
	if (buf_read_file_in(&json, c->dir, "args.json") && !parse_args_json(json.p, c))
		c->problem = strdup("args.json is not an array of strings");
	buf_free(&json);
	c->argv[c->argc] = NULL;
}

/* What the case expects; false when it is not a helm case. */
static bool load_expectation(struct chart_case *c, bool values_kind)
{
	if (buf_read_file_in(&c->want, c->dir, "manifests.yaml"))
		return true;
	c->want_error = true;
	c->want_status = 1;
	if (buf_read_file_in(&c->want, c->dir, "render-error.txt"))
		return true;
	if (!values_kind || !buf_read_file_in(&c->want, c->dir, "expected-error.txt"))
		return false;
	char *code = first_line_in(c->dir, "exit-code.txt", "1");
	c->want_status = atoi(code);
	free(code);
	return true;
}

static void case_free(struct chart_case *c)
{
	for (int i = 0; i < c->argc; i++)
		free(c->argv[i]);
	free(c->name);
	free(c->dir);
	free(c->problem);
	buf_free(&c->want);
	buf_free(&c->out);
	buf_free(&c->err);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void list_add(struct case_list *list, struct chart_case *c)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 64;
		list->v = realloc(list->v, list->cap * sizeof *list->v);
	}
	list->v[list->n++] = *c;
}

static void start_run(struct chart_case *c);
static void finish_run(struct chart_case *c, int wait_status);

/* The Kubernetes flavor of a rendering case: helm with --set-string
 * networkPolicy=kubernetes must print what agentenv template prints with
 * --network-policy kubernetes for the same values and arguments (helm's
 * argv[2..5] are RELEASE CHART --namespace NS). */
static void add_kubernetes_flavor(struct case_list *list, const struct chart_case *base,
				  const char *agentenv)
{
	struct chart_case c = {.want = BUF_INIT, .out = BUF_INIT, .err = BUF_INIT};
	struct chart_case ours = {.want = BUF_INIT, .out = BUF_INIT, .err = BUF_INIT};
	c.dir = strdup(base->dir);
	c.name = path_join("kubernetes-flavor", base->name);
	add_arg(&ours, agentenv);
	add_arg(&ours, "template");
	add_arg(&ours, "--release");
	add_arg(&ours, base->argv[2]);
	for (int i = 0; i < base->argc; i++)
		add_arg(&c, base->argv[i]);
	for (int i = 4; i < base->argc; i++)
		add_arg(&ours, base->argv[i]);
	add_arg(&c, "--set-string");
	add_arg(&c, "networkPolicy=kubernetes");
	add_arg(&ours, "--network-policy");
	add_arg(&ours, "kubernetes");
	c.argv[c.argc] = ours.argv[ours.argc] = NULL;
	ours.dir = strdup(base->dir);
	start_run(&ours);
	int st = 0;
	waitpid(ours.pid, &st, 0);
	finish_run(&ours, st);
	if (ours.status != 0)
		c.problem = strdup("agentenv template --network-policy kubernetes failed");
	buf_adds(&c.want, buf_str(&ours.out));
	for (int i = 0; i < ours.argc; i++)
		free(ours.argv[i]);
	free(ours.dir);
	buf_free(&ours.out);
	buf_free(&ours.err);
	list_add(list, &c);
}

/* Every helm case under golden/KIND, in name order; with agentenv, each
 * rendering case also in the Kubernetes flavor. */
static void collect_cases(struct case_list *list, const char *golden, const char *kind,
			  const char *helm, const char *chart, const char *agentenv)
{
	char *root = path_join(golden, kind);
	struct dirent **names;
	int n = scandir(root, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		struct chart_case c = {.want = BUF_INIT, .out = BUF_INIT, .err = BUF_INIT};
		c.dir = path_join(root, names[i]->d_name);
		struct stat st;
		bool is_case = names[i]->d_name[0] != '.' && stat(c.dir, &st) == 0 &&
			       S_ISDIR(st.st_mode) && load_expectation(&c, strcmp(kind, "values") == 0);
		if (is_case) {
			c.name = path_join(kind, names[i]->d_name);
			build_command(&c, helm, chart);
			list_add(list, &c);
			if (agentenv && !c.want_error && !c.problem)
				add_kubernetes_flavor(list, &c, agentenv);
		} else {
			case_free(&c);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(root);
}

/* ---- running helm --------------------------------------------------------- */

static int temp_file(char *path)
{
	strcpy(path, "/tmp/agentenv-test-chart-XXXXXX");
	return mkstemp(path);
}

/* Starts the case's helm in its folder, output to two temporary files. */
static void start_run(struct chart_case *c)
{
	int out = temp_file(c->out_path), err = temp_file(c->err_path);
	c->pid = fork();
	if (c->pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		if (chdir(c->dir) != 0)
			_exit(126);
		execv(c->argv[0], c->argv);
		_exit(127);
	}
	close(out);
	close(err);
}

static void finish_run(struct chart_case *c, int wait_status)
{
	c->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128;
	buf_read_file(&c->out, c->out_path);
	buf_read_file(&c->err, c->err_path);
	unlink(c->out_path);
	unlink(c->err_path);
	c->pid = 0;
}

static struct chart_case *case_of_pid(struct case_list *list, pid_t pid)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].pid == pid)
			return &list->v[i];
	return NULL;
}

/* Runs every runnable case, PARALLEL_RUNS at a time. */
static void run_all(struct case_list *list)
{
	size_t next = 0;
	int running = 0;
	while (next < list->n || running > 0) {
		while (next < list->n && running < PARALLEL_RUNS) {
			struct chart_case *c = &list->v[next++];
			if (!c->problem) {
				start_run(c);
				running++;
			}
		}
		if (running == 0)
			continue;
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		struct chart_case *c = pid > 0 ? case_of_pid(list, pid) : NULL;
		if (c) {
			finish_run(c, st);
			running--;
		}
	}
}

/* ---- comparing ------------------------------------------------------------ */

static const char *line_after(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? nl + 1 : s + strlen(s);
}

/* The first differing line and the two after it, on each side. */
static void show_difference(const char *want, const char *got)
{
	int line = 1;
	const char *w = want, *g = got;
	for (; *w && *w == *g; w++, g++)
		if (*w == '\n') {
			line++;
			want = w + 1;
			got = g + 1;
		}
	printf("  first difference at line %d:\n", line);
	for (int i = 0; i < 3 && *want; i++, want = line_after(want))
		printf("  - %.*s\n", (int)strcspn(want, "\n"), want);
	for (int i = 0; i < 3 && *got; i++, got = line_after(got))
		printf("  + %.*s\n", (int)strcspn(got, "\n"), got);
	if (!*w || !*g)
		printf("  (%s ends there)\n", !*w ? "expected output" : "helm's output");
}

/* helm's message: stderr from its first "Error: " line on. */
static const char *error_text(const char *err)
{
	if (strncmp(err, "Error: ", 7) == 0)
		return err;
	const char *p = strstr(err, "\nError: ");
	return p ? p + 1 : err;
}

static bool check_case(struct chart_case *c)
{
	if (c->problem) {
		printf("FAIL %s: %s\n", c->name, c->problem);
		return false;
	}
	const char *want = buf_str(&c->want);
	if (!c->want_error) {
		if (c->status == 0 && strcmp(buf_str(&c->out), want) == 0)
			return true;
		printf("FAIL %s: helm exited %d; output differs from manifests.yaml\n", c->name,
		       c->status);
		if (c->status != 0)
			printf("%s", buf_str(&c->err));
		show_difference(want, buf_str(&c->out));
		return false;
	}
	const char *got = error_text(buf_str(&c->err));
	if (c->status == c->want_status && strcmp(got, want) == 0)
		return true;
	printf("FAIL %s: helm exited %d (expected %d); error differs\n", c->name, c->status,
	       c->want_status);
	show_difference(want, c->status == 0 ? buf_str(&c->out) : got);
	return false;
}

/* ---- main ----------------------------------------------------------------- */

/* ../shared/tools/install-helm prints helm's path, or fails. */
static char *find_helm(const char *srcdir, struct buf *why)
{
	char *tool = path_join(srcdir, "../shared/tools/install-helm");
	struct chart_case probe = {.want = BUF_INIT, .out = BUF_INIT, .err = BUF_INIT};
	char *helm = NULL;
	if (access(tool, X_OK) != 0) {
		buf_addf(why, "%s not found", tool);
		free(tool);
		return NULL;
	}
	probe.dir = strdup("/");
	probe.argv[probe.argc++] = tool;
	start_run(&probe);
	int st = 0;
	waitpid(probe.pid, &st, 0);
	finish_run(&probe, st);
	size_t n = strcspn(buf_str(&probe.out), "\n");
	if (probe.status == 0 && n > 0)
		helm = strndup(probe.out.p, n);
	if (helm && access(helm, X_OK) != 0) {
		free(helm);
		helm = NULL;
	}
	if (!helm)
		buf_addf(why, "install-helm failed (exit %d): %.*s", probe.status,
			 (int)strcspn(buf_str(&probe.err), "\n"), buf_str(&probe.err));
	case_free(&probe);
	return helm;
}

static int skip(const char *why)
{
	printf("test_chart: SKIPPED, nothing run: %s\n", why);
	printf("test_chart: 0 passed, 0 failed\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_chart SRCDIR BUILDDIR\n");
		return 2;
	}
	char src[4096];
	if (!realpath(argv[1], src)) {
		fprintf(stderr, "test_chart: cannot find %s\n", argv[1]);
		return 2;
	}
	char *golden = path_join(src, "../shared/golden"), *chart = path_join(src, "templates");
	struct buf why = BUF_INIT;
	char *helm = access(golden, F_OK) == 0 ? find_helm(src, &why) : NULL;
	if (!helm && !why.len)
		buf_addf(&why, "%s not found", golden);
	int rc = 0;
	if (!helm) {
		rc = skip(buf_str(&why));
	} else {
		struct case_list list = {0};
		char *agentenv = path_join(argv[2], "agentenv");
		char *bin = realpath(agentenv, NULL);
		collect_cases(&list, golden, "values", helm, chart, bin);
		collect_cases(&list, golden, "compose", helm, chart, bin);
		free(agentenv);
		free(bin);
		run_all(&list);
		int passed = 0, failed = 0;
		for (size_t i = 0; i < list.n; i++) {
			check_case(&list.v[i]) ? passed++ : failed++;
			case_free(&list.v[i]);
		}
		free(list.v);
		printf("test_chart (%s on %s): %d passed, %d failed\n", helm, chart, passed, failed);
		printf("test_chart: %d passed, %d failed\n", passed, failed);
		rc = failed ? 1 : 0;
	}
	free(helm);
	free(golden);
	free(chart);
	buf_free(&why);
	return rc;
}
