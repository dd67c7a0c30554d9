/* golden.c - runs the agentenv binary over case folders and compares.
 *
 * usage: golden AGENTENV SRCDIR
 *
 * 1. SRCDIR/testdata/<case>/: our own cases. `cmd` holds the arguments
 *    (whitespace-separated, '...' quoting blanks and newlines, run inside
 *    the case folder); `stdout` and
 *    `stderr`, when present, must match byte for byte; `exit` is the
 *    expected status (default 0). An `env` file (KEY=VALUE lines; blank
 *    lines and # comments skipped) makes the run's environment exactly
 *    those variables plus PATH; without one, the run inherits ours.
 * 2. SRCDIR/../shared/golden/compose/<case>/: the reference converter's
 *    results. values.yaml: our output must load to the same data (and we
 *    count the byte-identical ones); log.txt: each line's message must be in
 *    our stderr at the same level; expected-error.txt: exit 1 and an
 *    error line `compose.yaml:L:C: error: <same message>`, Python sets
 *    compared as sets. Accepted files run in the default mode and with
 *    --strict, rejected ones with --strict (the default mode applies the
 *    key table to them).
 * With AGENTENV_TEST_WRAPPER set (e.g. "valgrind -q --error-exitcode=99
 * --leak-check=full"), every run goes through that command, whose exit
 * status 99 then means a memory error.
 * Prints failures, then `golden: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
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
	int passed, failed, identical, values_cases;
};


static bool exists(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}



/* argv with the words of $AGENTENV_TEST_WRAPPER in front, if set. */
static char **wrap_argv(char **argv, char **space, size_t room)
{
	const char *w = getenv("AGENTENV_TEST_WRAPPER");
	if (!w || !*w)
		return argv;
	static char copy[1024];
	snprintf(copy, sizeof copy, "%s", w);
	size_t n = 0;
	for (char *tok = strtok(copy, " "); tok && n + 1 < room; tok = strtok(NULL, " "))
		space[n++] = tok;
	for (size_t i = 0; argv[i] && n + 1 < room; i++)
		space[n++] = argv[i];
	space[n] = NULL;
	return space;
}


/* Run argv (argv[0] the program) inside dir, through the wrapper if any.
 * envp: the whole environment of the run (NULL: ours). */
static void run_in(const char *dir, char **argv, char **envp, struct testutil_run *r)
{
	char *space[96];
	argv = wrap_argv(argv, space, sizeof space / sizeof space[0]);
	testutil_run(argv, &(struct testutil_opts){.dir = dir, .envp = envp}, r);
}

/* ---- our testdata ------------------------------------------------------- */

/* Words separated by blanks, as the shell splits them; '...' quotes
 * blanks and newlines into a word (for the injection cases). In place. */
static int split_args(char *s, char **argv, int max)
{
	int n = 0;
	char *w = s;
	while (*s && n < max - 1) {
		while (*s && strchr(" \t\r\n", *s))
			s++;
		if (!*s)
			break;
		argv[n++] = w;
		for (bool quoted = false; *s && (quoted || !strchr(" \t\r\n", *s)); s++)
			if (*s == '\'')
				quoted = !quoted;
			else
				*w++ = *s;
		if (*s)
			s++;
		*w++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

/* The `env` file of a case as an environment: PATH, then its lines, in
 * `text` (modified) and `envp` (room for max entries). false: no file. */
static bool case_env(const char *dir, struct buf *text, char **envp, size_t max)
{
	if (!buf_read_file_in(text, dir, "env"))
		return false;
	const char *p = getenv("PATH");
	size_t lines = text->len;
	buf_addf(text, "%cPATH=%s", '\0', p ? p : "/usr/bin:/bin");
	size_t n = 0;
	envp[n++] = text->p + lines + 1;
	text->len = lines;
	text->p[lines] = '\0';
	for (char *line = strtok(text->p, "\n"); line && n + 1 < max; line = strtok(NULL, "\n"))
		if (line[0] != '#' && strchr(line, '='))
			envp[n++] = line;
	envp[n] = NULL;
	return true;
}

static void show_diff(const char *what, struct buf *want, struct buf *got)
{
	printf("  --- expected %s\n%s  --- got\n%s", what, buf_str(want), buf_str(got));
}

static void testdata_case(const char *bin, const char *dir, const char *name, struct tally *t)
{
	struct buf cmd = BUF_INIT, want = BUF_INIT;
	if (!buf_read_file_in(&cmd, dir, "cmd")) {
		printf("FAIL %s: no cmd file\n", name);
		t->failed++;
		return;
	}
	char *argv[64];
	argv[0] = (char *)bin;
	split_args(cmd.p, argv + 1, 63);
	struct testutil_run r = {BUF_INIT, BUF_INIT, 0};
	struct buf env_text = BUF_INIT;
	char *envp[256];
	run_in(dir, argv, case_env(dir, &env_text, envp, 256) ? envp : NULL, &r);
	buf_free(&env_text);
	int want_status = 0;
	if (buf_read_file_in(&want, dir, "exit"))
		want_status = atoi(want.p);
	bool ok = r.status == want_status;
	if (!ok)
		printf("FAIL %s: exit %d, expected %d\n%s", name, r.status, want_status, buf_str(&r.err));
	buf_reset(&want);
	if (ok && buf_read_file_in(&want, dir, "stdout") && strcmp(buf_str(&want), buf_str(&r.out)) != 0) {
		printf("FAIL %s: stdout differs\n", name);
		show_diff("stdout", &want, &r.out);
		ok = false;
	}
	buf_reset(&want);
	if (ok && buf_read_file_in(&want, dir, "stderr") && strcmp(buf_str(&want), buf_str(&r.err)) != 0) {
		printf("FAIL %s: stderr differs\n", name);
		show_diff("stderr", &want, &r.err);
		ok = false;
	}
	ok ? t->passed++ : t->failed++;
	testutil_run_free(&r);
	buf_free(&cmd);
	buf_free(&want);
}

/* ---- the reference's goldens --------------------------------------------- */

static struct val *load_text(struct arena *a, struct yres *res, struct buf *text)
{
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	return yload_string(&y, buf_str(text), text->len, "x");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the items of each {...} so Python's unordered set reprs compare. */
static void normalize_sets(const char *s, struct buf *out)
{
	while (*s) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		if (!close) {
			buf_addc(out, *s++);
			continue;
		}
		char *inner = strndup(s + 1, (size_t)(close - s - 1));
		char *items[256];
		size_t n = 0;
		for (char *tok = strtok(inner, ","); tok && n < 256; tok = strtok(NULL, ","))
			items[n++] = tok + strspn(tok, " ");
		qsort(items, n, sizeof *items, cmp_str);
		buf_addc(out, '{');
		for (size_t i = 0; i < n; i++)
			buf_addf(out, "%s%s", i ? ", " : "", items[i]);
		buf_addc(out, '}');
		free(inner);
		s = close + 1;
	}
}

/* Is there a line `compose.yaml:L:C: <level>: <msg>` in err? */
static bool has_message(const char *err, const char *level, const char *msg)
{
	struct buf want = BUF_INIT, line = BUF_INIT, norm = BUF_INIT;
	normalize_sets(msg, &want);
	bool found = false;
	for (const char *p = err; *p && !found;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		buf_reset(&line);
		buf_add(&line, p, n);
		int l, c, off = 0;
		char lvl[16];
		if (sscanf(line.p, "compose.yaml:%d:%d: %15[a-z]: %n", &l, &c, lvl, &off) == 3 &&
		    off > 0 && strcmp(lvl, level) == 0) {
			buf_reset(&norm);
			normalize_sets(line.p + off, &norm);
			found = strcmp(buf_str(&norm), buf_str(&want)) == 0;
		}
		p += n + (nl ? 1 : 0);
	}
	buf_free(&want);
	buf_free(&line);
	buf_free(&norm);
	return found;
}

static void trim_newlines(struct buf *b)
{
	while (b->len && (b->p[b->len - 1] == '\n' || b->p[b->len - 1] == '\r'))
		b->p[--b->len] = '\0';
}

static bool check_log(const char *dir, struct testutil_run *r, const char *name)
{
	struct buf log = BUF_INIT;
	bool ok = true;
	if (!buf_read_file_in(&log, dir, "log.txt"))
		return true;
	for (char *line = strtok(log.p, "\n"); line; line = strtok(NULL, "\n")) {
		const char *level = strncmp(line, "INFO: ", 6) == 0 ? "info" : "warning";
		const char *msg = strchr(line, ' ') + 1;
		if (!has_message(buf_str(&r->err), level, msg)) {
			printf("FAIL %s: missing %s: %s\n", name, level, msg);
			ok = false;
		}
	}
	buf_free(&log);
	return ok;
}

static void reference_values_case(const char *dir, const char *name, struct testutil_run *r,
				  struct yres *res, struct tally *t)
{
	struct buf want = BUF_INIT;
	buf_read_file_in(&want, dir, "values.yaml");
	t->values_cases++;
	bool identical = strcmp(buf_str(&want), buf_str(&r->out)) == 0;
	struct arena *a = arena_new();
	struct val *w = load_text(a, res, &want), *g = identical ? w : load_text(a, res, &r->out);
	bool same = r->status == 0 && w && g && val_equal(w, g);
	if (!same) {
		printf("FAIL %s: exit %d, values differ\n%s", name, r->status, buf_str(&r->err));
		show_diff("values", &want, &r->out);
	}
	t->identical += same && identical;
	bool ok = same && check_log(dir, r, name);
	ok ? t->passed++ : t->failed++;
	arena_free(a);
	buf_free(&want);
}

static void reference_error_case(const char *dir, const char *name, struct testutil_run *r,
				 struct tally *t)
{
	struct buf want = BUF_INIT;
	buf_read_file_in(&want, dir, "expected-error.txt");
	trim_newlines(&want);
	bool ok = r->status == 1 && has_message(buf_str(&r->err), "error", buf_str(&want));
	if (!ok)
		printf("FAIL %s: exit %d\n  --- expected error\n%s\n  --- got\n%s", name,
		       r->status, buf_str(&want), buf_str(&r->err));
	ok ? t->passed++ : t->failed++;
	buf_free(&want);
}

static void reference_case(const char *bin, const char *dir, const char *name,
			   struct yres *res, struct tally *t)
{
	/* Accepted files convert as the reference converts them in the default
	 * mode (and in --strict); rejected ones are rejected by --strict. */
	bool values = exists(dir, "values.yaml");
	for (int strict = !values; strict < 2; strict++) {
		char *argv[] = {(char *)bin, "convert", "--verbose", "compose.yaml",
				strict ? "--strict" : NULL, NULL};
		struct testutil_run r = {BUF_INIT, BUF_INIT, 0};
		run_in(dir, argv, NULL, &r);
		if (values)
			reference_values_case(dir, name, &r, res, t);
		else if (exists(dir, "expected-error.txt"))
			reference_error_case(dir, name, &r, t);
		testutil_run_free(&r);
	}
}

/* ---- walking folders ------------------------------------------------------- */

static int cmp_dirent(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

typedef void (*case_fn)(const char *bin, const char *dir, const char *name,
			struct yres *res, struct tally *t);

static void testdata_case_fn(const char *bin, const char *dir, const char *name,
			     struct yres *res, struct tally *t)
{
	(void)res;
	if (strcmp(name, "charts") == 0)
		return;   /* chart cases, one per folder inside: tests/test_charts runs them */
	testdata_case(bin, dir, name, t);
}

static bool walk(const char *bin, const char *root, case_fn fn, struct yres *res,
		 struct tally *t)
{
	struct dirent **names;
	int n = scandir(root, &names, NULL, cmp_dirent);
	if (n < 0)
		return false;
	for (int i = 0; i < n; i++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%s", root, names[i]->d_name);
		struct stat st;
		if (names[i]->d_name[0] != '.' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			fn(bin, dir, names[i]->d_name, res, t);
		free(names[i]);
	}
	free(names);
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: golden AGENTENV SRCDIR\n");
		return 2;
	}
	char bin[4096], root[4096];
	if (!realpath(argv[1], bin)) {
		perror(argv[1]);
		return 2;
	}
	struct yres *res = yres_new();
	struct tally own = {0}, ref = {0};
	snprintf(root, sizeof root, "%s/testdata", argv[2]);
	walk(bin, root, testdata_case_fn, res, &own);
	printf("testdata: %d passed, %d failed\n", own.passed, own.failed);
	snprintf(root, sizeof root, "%s/../shared/golden/compose", argv[2]);
	if (walk(bin, root, reference_case, res, &ref))
		printf("reference compose goldens: %d passed, %d failed; values byte-identical "
		       "%d of %d\n", ref.passed, ref.failed, ref.identical, ref.values_cases);
	else
		printf("reference compose goldens: SKIPPED (%s not found)\n", root);
	yres_free(res);
	printf("golden: %d passed, %d failed\n", own.passed + ref.passed, own.failed + ref.failed);
	return own.failed + ref.failed ? 1 : 0;
}
