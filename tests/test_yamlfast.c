/* test_yamlfast.c - the fast head scanner (src/helm/yamlfast.c) against
 * the libyaml parse it stands in for.
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
 * usage: test_yamlfast SRCDIR. Last line: `test_yamlfast: N passed, N failed`. */
#define _POSIX_C_SOURCE 200809L
#include "helm/manifest.h"
#include "helm/yamldoc.h"
#include "util/arena.h"
#include "util/buf.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	int pass, fail;
	long docs, fast, mutants, mutants_fast;
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
	if (!goldens)
		printf("test_yamlfast: ../shared/golden absent: golden manifests skipped\n");
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
