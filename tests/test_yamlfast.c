/* test_yamlfast.c - the block scanner (src/yaml/scan.c) against the
 * libyaml parses it stands in for: manifest heads (src/helm/yamlfast.c)
 * and values files (src/tmpl/goyaml.c).
 *
 * Property: whenever helm_yaml_head_fast answers, helm_yaml_head_parsed
 * accepts the document and finds the same head. Checked on every document
 * of the rendered charts in testdata/charts and, when ../shared is there,
 * of every golden manifests.yaml; then on 40 mutants of each small one
 * (up to four edits: a piece of YAML syntax inserted, a byte deleted, a
 * line's indentation changed), which must either fall back or agree. Also checks
 * that the fast path does serve the plain documents charts render (it
 * would be useless if it always fell back).
 *
 * Values: every YAML file of testdata and of ../shared/golden, and
 * mutants of the small ones, load to the same values with the same
 * positions (or the same error) with and without the scanner, both as
 * Helm reads values (go-yaml) and as compose files are read (PyYAML's
 * typing, libfyaml's marks).
 *
 * usage: test_yamlfast SRCDIR. Last line: `test_yamlfast: N passed, N failed`. */
#define _POSIX_C_SOURCE 200809L
#include "helm/manifest.h"
#include "helm/yamldoc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "tmpl/goyaml.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	int pass, fail;
	long docs, fast, mutants, mutants_fast;
	long values, values_mutants;
};

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One document: false when the fast path answered and the parse disagrees. */
static bool agree(const char *text, size_t len, bool *fast)
{
	struct arena *a = arena_new();
	struct helm_head f, p;
	struct buf err = BUF_INIT;
	*fast = helm_yaml_head_fast(a, text, len, &f) == 1;
	bool ok = true;
	if (*fast)
		ok = helm_yaml_head_parsed(a, text, len, &p, &err) == 0 &&
		     same(f.api_version, p.api_version) && same(f.kind, p.kind) &&
		     same(f.name, p.name) && f.annotated == p.annotated && same(f.hook, p.hook);
	if (!ok) {
		fprintf(stderr, "fast path disagrees with libyaml (%s) on:\n%.*s\n---\n",
			err.len ? buf_str(&err) : "different head", (int)len, text);
	}
	buf_free(&err);
	arena_free(a);
	return ok;
}

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A copy of text with one random edit of YAML significance. */
static size_t mutate(const char *text, size_t len, char *out)
{
	static const char *const bits[] = {":", " ", "#", "-", "\t", "\"", "'", "|", "{", "[", "}",
		"&a ", "*a", "!", "\n", "\\", "? ", ".nan", "---", "  ", "\xc2\x85", "- ", ": ",
		" #", "\r", "\xef\xbb\xbf", "...", "%", "@", "`", ">", "<<: ", "\xe2\x80\xa8",
		"\"\\q\"", "\x01", "\xff", "{}", "[]", "~", "\n  ", "\n- ", "\nkind: x\n"};
	size_t at = len ? rng() % len : 0;
	switch (rng() % 4) {
	case 0: /* delete one byte */
		memcpy(out, text, at);
		memcpy(out + at, text + at + (len > 0), len - at - (len > 0));
		return len - (len > 0);
	case 1: { /* indent or dedent the line holding `at` */
		size_t bol = at;
		while (bol > 0 && text[bol - 1] != '\n')
			bol--;
		memcpy(out, text, bol);
		size_t n = bol;
		if (rng() % 2) {
			out[n++] = ' ';
			memcpy(out + n, text + bol, len - bol);
			return len + 1;
		}
		size_t skip = bol < len && text[bol] == ' ' ? 1 : 0;
		memcpy(out + n, text + bol + skip, len - bol - skip);
		return len - skip;
	}
	default: { /* insert a piece of syntax */
		const char *b = bits[rng() % (sizeof bits / sizeof *bits)];
		size_t bl = strlen(b);
		memcpy(out, text, at);
		memcpy(out + at, b, bl);
		memcpy(out + at + bl, text + at, len - at);
		return len + bl;
	}
	}
}

static void check_text(const char *text, size_t len, const char *what, struct tally *t)
{
	struct arena *a = arena_new();
	struct helm_doc *docs;
	size_t n = helm_split_manifests(a, text, len, &docs);
	for (size_t i = 0; i < n; i++) {
		bool fast;
		t->docs++;
		if (!agree(docs[i].text, docs[i].len, &fast)) {
			fprintf(stderr, "  (document %zu of %s)\n", i + 1, what);
			t->fail++;
			continue;
		}
		t->fast += fast;
		t->pass++;
		if (docs[i].len > 4000)
			continue;              /* mutations of the small ones cover the shapes */
		char *m = malloc(docs[i].len + 256), *m2 = malloc(docs[i].len + 256);
		for (int k = 0; k < 40; k++) {
			size_t ml = mutate(docs[i].text, docs[i].len, m);
			for (uint64_t r = rng() % 4; r > 0; r--) {   /* up to 4 edits */
				ml = mutate(m, ml, m2);
				memcpy(m, m2, ml);
			}
			t->mutants++;
			if (!agree(m, ml, &fast)) {
				fprintf(stderr, "  (mutant of document %zu of %s)\n", i + 1, what);
				t->fail++;
			} else {
				t->mutants_fast += fast;
			}
		}
		free(m);
		free(m2);
	}
	arena_free(a);
}

/* ---- values ------------------------------------------------------------------ */

static bool same_val(const struct val *a, const struct val *b)
{
	if (a->kind != b->kind || a->go != b->go || !same(a->tag, b->tag))
		return false;
	if (a->kind != VAL_NULL && (a->mark.line != b->mark.line || a->mark.col != b->mark.col))
		return false;
	switch (a->kind) {
	case VAL_BOOL: return a->b == b->b;
	case VAL_INT: return a->i == b->i;
	case VAL_FLOAT: return a->f == b->f || (a->f != a->f && b->f != b->f);
	case VAL_STR:
		return a->str.len == b->str.len && memcmp(a->str.s, b->str.s, a->str.len) == 0;
	case VAL_SEQ:
		if (a->seq.n != b->seq.n)
			return false;
		for (size_t i = 0; i < a->seq.n; i++)
			if (!same_val(a->seq.items[i], b->seq.items[i]))
				return false;
		return true;
	case VAL_MAP:
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++)
			if (!same_val(a->map.pairs[i].key, b->map.pairs[i].key) ||
			    !same_val(a->map.pairs[i].value, b->map.pairs[i].value))
				return false;
		return true;
	default:
		return true;
	}
}

/* The values of text with and without the scanner: the same, or the
 * same error. */
static bool values_agree(const char *text, size_t len)
{
	struct arena *a = arena_new();
	struct diag d1, d2;
	diag_init(&d1, a);
	diag_init(&d2, a);
	struct val *fast = goyaml_load_values(a, &d1, text, len, "values.yaml");
	struct val *slow = goyaml_load_values_parsed(a, &d2, text, len, "values.yaml");
	bool ok = (fast && slow) ? same_val(fast, slow)
		  : (!fast && !slow && d1.n == d2.n && d1.n > 0 &&
		     strcmp(d1.msgs[0].text, d2.msgs[0].text) == 0 &&
		     d1.msgs[0].mark.line == d2.msgs[0].mark.line);
	if (!ok)
		fprintf(stderr, "values differ with the scanner (%s / %s) on:\n%.*s\n---\n",
			fast ? "ok" : d1.n ? d1.msgs[0].text : "?",
			slow ? "ok" : d2.n ? d2.msgs[0].text : "?", (int)len, text);
	arena_free(a);
	return ok;
}

static struct yres *RES;

/* The compose loader with and without the scanner: the same values and
 * marks, or the same first error. */
static bool yload_agree(const char *text, size_t len)
{
	struct arena *a = arena_new();
	struct diag d1, d2;
	diag_init(&d1, a);
	diag_init(&d2, a);
	struct yload y1 = {a, RES, &d1, yload_limits_default(), NULL, NULL, false};
	struct yload y2 = {a, RES, &d2, yload_limits_default(), NULL, NULL, true};
	struct val *fast = yload_string(&y1, text, len, "compose.yaml");
	struct val *slow = yload_string(&y2, text, len, "compose.yaml");
	bool ok = (fast && slow) ? same_val(fast, slow)
		  : (!fast && !slow && d1.n == d2.n && d1.n > 0 &&
		     strcmp(d1.msgs[0].text, d2.msgs[0].text) == 0 &&
		     d1.msgs[0].mark.line == d2.msgs[0].mark.line &&
		     d1.msgs[0].mark.col == d2.msgs[0].mark.col);
	if (!ok)
		fprintf(stderr, "compose load differs with the scanner (%s / %s) on:\n%.*s\n---\n",
			fast ? "ok" : d1.n ? d1.msgs[0].text : "?",
			slow ? "ok" : d2.n ? d2.msgs[0].text : "?", (int)len, text);
	arena_free(a);
	return ok;
}

static bool both_agree(const char *text, size_t len)
{
	bool v = values_agree(text, len), y = yload_agree(text, len);
	return v && y;
}

static void check_values(const char *text, size_t len, const char *what, struct tally *t)
{
	t->values++;
	if (!both_agree(text, len)) {
		fprintf(stderr, "  (%s)\n", what);
		t->fail++;
		return;
	}
	t->pass++;
	if (len > 4000)
		return;
	char *m = malloc(len + 256), *m2 = malloc(len + 256);
	for (int k = 0; k < 40; k++) {
		size_t ml = mutate(text, len, m);
		for (uint64_t r = rng() % 4; r > 0; r--) {
			ml = mutate(m, ml, m2);
			memcpy(m, m2, ml);
		}
		t->values_mutants++;
		if (!both_agree(m, ml)) {
			fprintf(stderr, "  (mutant of %s)\n", what);
			t->fail++;
		}
	}
	free(m);
	free(m2);
}

/* Every *.yaml under dir, as values. */
static void check_values_tree(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0) {
			struct buf b = BUF_INIT;
			if (buf_read_file(&b, path))
				check_values(b.p ? b.p : "", b.len, path, t);
			buf_free(&b);
		} else {
			check_values_tree(path, t);
		}
	}
	closedir(d);
}

static void check_file(const char *path, struct tally *t)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path))
		check_text(b.p, b.len, path, t);
	buf_free(&b);
}

/* Every DIR/<case>/<name>. */
static int check_cases(const char *dir, const char *name, struct tally *t)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s/%s", dir, e->d_name, name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		fclose(f);
		check_file(path, t);
		n++;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".";
	struct tally t = {0};
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/testdata/charts", srcdir);
	int charts = check_cases(dir, "expected.yaml", &t);
	snprintf(dir, sizeof dir, "%s/../shared/golden/values", srcdir);
	int goldens = check_cases(dir, "manifests.yaml", &t);
	snprintf(dir, sizeof dir, "%s/../shared/golden/compose", srcdir);
	goldens += check_cases(dir, "manifests.yaml", &t);
	RES = yres_new();
	snprintf(dir, sizeof dir, "%s/testdata", srcdir);
	check_values_tree(dir, &t);
	snprintf(dir, sizeof dir, "%s/../shared/golden", srcdir);
	check_values_tree(dir, &t);
	if (!goldens)
		printf("test_yamlfast: ../shared/golden absent: golden manifests skipped\n");
	printf("test_yamlfast: %ld YAML files and %ld mutants load to the same values with and "
	       "without the scanner, as values and as compose files\n", t.values, t.values_mutants);
	yres_free(RES);
	printf("test_yamlfast: %d chart outputs, %d golden manifests: %ld documents, %ld on the "
	       "fast path; %ld mutants, %ld on the fast path, all agreeing with libyaml\n",
	       charts, goldens, t.docs, t.fast, t.mutants, t.mutants_fast);
	/* The fast path must serve the chart's plain documents. */
	if (goldens && t.fast * 10 < t.docs * 9) {
		printf("test_yamlfast: only %ld of %ld documents on the fast path\n", t.fast, t.docs);
		t.fail++;
	} else {
		t.pass++;
	}
	printf("test_yamlfast: %d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
