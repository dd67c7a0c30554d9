/* test_corpus.c - how much of the real-world compose corpus converts.
 *
 * usage: test_corpus SRCDIR BUILDDIR
 * For every file of ../shared/corpus that the official Compose schema
 * accepts (INDEX.tsv's schema_ok), runs `agentenv template FILE` in the
 * default mode and with --lenient, inside the file's folder. Prints, per
 * mode, how many convert and why the others do not (the first error of
 * each, positions and quoted values elided, with counts), then checks:
 * - at least 60% convert in the default mode, 90% with --lenient;
 * - every failure is a rejection (exit 1 with an error message), not a
 *   crash or an internal error;
 * - every rendering passes ../shared/tools/validate-manifests.
 * Skipped, with a message, when ../shared is absent. Last line:
 * `test_corpus: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "util/buf.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_REASONS 128

struct mode {
	const char *name, *flag;
	int files, converted, rejected, broken;
	const char *reasons[MAX_REASONS];
	int counts[MAX_REASONS];
	size_t nreasons;
};

static int passed, failed;

static void check(bool ok, const char *what)
{
	ok ? passed++ : failed++;
	if (!ok)
		printf("FAIL %s\n", what);
}

/* Run bin template FILE [flag] in dir; stdout into out_path, stderr kept. */
static int run_template(const char *bin, const char *dir, const char *file, const char *flag,
			const char *out_path, struct buf *err)
{
	char *argv[] = {(char *)bin, "template", (char *)file, (char *)flag, NULL};
	struct testutil_run r = {BUF_INIT, *err, 0};
	testutil_run(argv, &(struct testutil_opts){.dir = dir, .out_path = out_path,
						    .timeout = 60}, &r);
	*err = r.err;
	return r.status;
}

/* The first error of stderr without its position, quoted values as '…'. */
static char *first_reason(const char *err)
{
	const char *line = strstr(err, ": error: ");
	if (!line)
		return strdup("(no error message)");
	line += strlen(": error: ");
	struct buf b = BUF_INIT;
	bool quoted = false;
	for (const char *s = line; *s && *s != '\n'; s++) {
		bool opens = !quoted && (s == line || !isalnum((unsigned char)s[-1]));
		bool closes = quoted && !isalnum((unsigned char)s[1]);
		if (*s == '\'' && (opens || closes)) {
			buf_adds(&b, quoted ? "'" : "'…");
			quoted = !quoted;
		} else if (!quoted) {
			buf_addc(&b, *s);
		}
	}
	char *out = strdup(buf_str(&b));
	char *ctx = strstr(out, " Service: ");
	if (!ctx)
		ctx = strstr(out, " Compose file: ");
	if (ctx)
		*ctx = '\0';
	buf_free(&b);
	return out;
}

static void count_reason(struct mode *m, char *reason)
{
	for (size_t i = 0; i < m->nreasons; i++)
		if (strcmp(m->reasons[i], reason) == 0) {
			m->counts[i]++;
			free(reason);
			return;
		}
	if (m->nreasons == MAX_REASONS) {
		free(reason);
		return;
	}
	m->reasons[m->nreasons] = reason;
	m->counts[m->nreasons++] = 1;
}

static void run_mode(const char *bin, const char *dir, const char *file, const char *name,
		     struct mode *m, const char *keep, int *kept)
{
	char out[4096];
	snprintf(out, sizeof out, "%s/render-%04d.yaml", keep, *kept);
	struct buf err = BUF_INIT;
	int status = run_template(bin, dir, file, m->flag, out, &err);
	m->files++;
	if (status == 0) {
		m->converted++;
		(*kept)++;
	} else {
		unlink(out);
		bool rejection = status == 1 && strstr(buf_str(&err), ": error: ");
		rejection ? m->rejected++ : m->broken++;
		char *reason = first_reason(buf_str(&err));
		printf("  %s: %s (exit %d): %s\n", m->name, name, status, reason);
		count_reason(m, reason);
	}
	buf_free(&err);
}

/* One INDEX.tsv row: case, repo, original path, ..., column 11 schema_ok. */
static void corpus_row(char *line, const char *bin, const char *corpus, struct mode *modes,
		       const char *keep, int *kept)
{
	char *cols[16] = {0};
	size_t n = 0;
	for (char *c = strtok(line, "\t\n"); c && n < 16; c = strtok(NULL, "\t\n"))
		cols[n++] = c;
	if (n < 11 || strcmp(cols[10], "1") != 0)
		return;
	const char *base = strrchr(cols[2], '/') ? strrchr(cols[2], '/') + 1 : cols[2];
	char dir[8192];
	snprintf(dir, sizeof dir, "%s/files/%s", corpus, cols[0]);
	for (int i = 0; i < 2; i++)
		run_mode(bin, dir, base, cols[0], &modes[i], keep, kept);
}

static void report_mode(struct mode *m, double target)
{
	double rate = m->files ? 100.0 * m->converted / m->files : 0;
	printf("corpus, %s mode: %d of %d files convert (%.1f%%; target %.0f%%), %d rejected, "
	       "%d broken\n", m->name, m->converted, m->files, rate, target, m->rejected, m->broken);
	for (size_t i = 0; i < m->nreasons; i++) {
		printf("  %3d  %s\n", m->counts[i], m->reasons[i]);
		free((char *)m->reasons[i]);
	}
	char what[256];
	snprintf(what, sizeof what, "%s mode converts %.1f%% of the corpus, under %.0f%%", m->name,
		 rate, target);
	check(rate >= target, what);
	snprintf(what, sizeof what, "%s mode: %d failures are not rejections", m->name, m->broken);
	check(m->broken == 0, what);
}

/* validate-manifests over the renders; each document OK is a pass. */
static void validate_renders(const char *srcdir, const char *keep, int kept)
{
	char cmd[16384];
	snprintf(cmd, sizeof cmd, "%s/../shared/tools/validate-manifests %s/render-*.yaml 2>&1",
		 srcdir, keep);
	FILE *p = kept ? popen(cmd, "r") : NULL;
	char line[4096];
	int ok = 0, bad = 0;
	while (p && fgets(line, sizeof line, p)) {
		if (strncmp(line, "OK ", 3) == 0)
			ok++;
		else if (strncmp(line, "FAIL", 4) == 0 && ++bad)
			printf("validate-manifests: %s", line);
	}
	int status = p ? pclose(p) : -1;
	if (ok + bad == 0)
		printf("validate-manifests: SKIPPED (could not run it: status %d)\n", status);
	else
		printf("validate-manifests of %d corpus renders: %d documents OK, %d failed\n", kept,
		       ok, bad);
	passed += ok;
	failed += bad;
	snprintf(cmd, sizeof cmd, "rm -rf %s", keep);
	if (system(cmd) != 0)
		printf("could not remove %s\n", keep);
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".", *builddir = argc > 2 ? argv[2] : ".";
	char bin[4096], path[4096], corpus[4096], index[4096 + 16];
	snprintf(path, sizeof path, "%s/agentenv", builddir);
	snprintf(corpus, sizeof corpus, "%s/../shared/corpus", srcdir);
	snprintf(index, sizeof index, "%s/INDEX.tsv", corpus);
	FILE *f = fopen(index, "r");
	if (!f) {
		printf("corpus: SKIPPED (%s not found)\ntest_corpus: 0 passed, 0 failed\n", index);
		return 0;
	}
	if (!realpath(path, bin)) {
		perror(path);
		fclose(f);
		return 2;
	}
	char keep[] = "/tmp/agentenv-corpus-renders-XXXXXX";
	if (!mkdtemp(keep)) {
		perror("mkdtemp");
		fclose(f);
		return 2;
	}
	static struct mode modes[2] = {{.name = "default"}, {.name = "lenient", .flag = "--lenient"}};
	char line[8192];
	int kept = 0;
	printf("corpus files that do not convert (mode: case (exit): first error):\n");
	for (bool header = true; fgets(line, sizeof line, f); header = false)
		if (!header)
			corpus_row(line, bin, corpus, modes, keep, &kept);
	fclose(f);
	report_mode(&modes[0], 60);
	report_mode(&modes[1], 90);
	validate_renders(srcdir, keep, kept);
	printf("test_corpus: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
