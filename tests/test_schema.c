/* test_schema.c - the JSON Schema validator against the official suite.
 *
 * usage: test_schema SRCDIR [BUILDDIR]
 * Runs every test of JSON-Schema-Test-Suite/tests/draft7 (every .json file, from
 * SRCDIR/../shared/reference, skipped with a message when absent), with
 * the suite's remotes/ served for http://localhost:1234/. The optional/
 * tests run too and are reported, but do not count. Then our own cases of
 * message wording and positions. Last line: `test_schema: N passed, N failed`. */
#define _DEFAULT_SOURCE
#include "schema/schema.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	int passed, failed;
};

static const struct val *load_json(struct arena *a, const char *path)
{
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .diag = &d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	struct yres *res = NULL;
	(void)res;
	const struct val *v = yload_file(&y, path, NULL);
	if (!v)
		diag_flush(&d, stdout, false);
	return v;
}

static const struct val *fetch_remote(void *ctx, struct arena *a, const char *uri)
{
	const char *prefix = "http://localhost:1234/";
	if (strncmp(uri, prefix, strlen(prefix)) != 0)
		return NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", (const char *)ctx, uri + strlen(prefix));
	return load_json(a, path);
}

static void run_group(const struct val *group, const char *file, const char *remotes,
		      struct tally *t, bool verbose)
{
	struct arena *a = arena_new();
	struct schema_set *s = schema_set_new(a);
	schema_set_fetch(s, fetch_remote, (void *)remotes);
	const struct val *schema = val_map_get(group, "schema");
	schema_add(s, "", schema);
	const struct val *tests = val_map_get(group, "tests");
	for (size_t i = 0; tests && i < tests->seq.n; i++) {
		const struct val *test = tests->seq.items[i];
		bool want = val_map_get(test, "valid")->b;
		struct schema_result r = {0};
		bool got = schema_validate(s, "", val_map_get(test, "data"), &r);
		bool asked = schema_validate(s, "", val_map_get(test, "data"), NULL);
		if (got == want && asked == want && (got || r.n > 0)) {
			t->passed++;
			continue;
		}
		t->failed++;
		if (verbose)
			printf("FAIL %s: %s / %s (want %s, got %s, ask %s, %zu errors)\n", file,
			       val_map_get(group, "description")->str.s,
			       val_map_get(test, "description")->str.s, want ? "valid" : "invalid",
			       got ? "valid" : "invalid", asked ? "valid" : "invalid", r.n);
	}
	schema_set_free(s);
	arena_free(a);
}

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool run_dir(const char *dir, const char *remotes, struct tally *t, bool verbose)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, cmp_names);
	if (n < 0)
		return false;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		if (len > 5 && strcmp(name + len - 5, ".json") == 0) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, name);
			struct arena *a = arena_new();
			const struct val *groups = load_json(a, path);
			if (!groups) {
				printf("FAIL %s: cannot be loaded\n", name);
				t->failed++;
			}
			for (size_t g = 0; groups && g < groups->seq.n; g++)
				run_group(groups->seq.items[g], name, remotes, t, verbose);
			arena_free(a);
		}
		free(names[i]);
	}
	free(names);
	return true;
}

/* ---- our own cases: wording and where errors point ---------------------- */

struct own_case {
	const char *schema, *instance;
	const char *want;   /* our formatted errors, joined by " | " */
};

static const struct own_case own_cases[] = {
	{"{\"type\": \"object\"}", "42", "(document): expected a mapping, got an integer"},
	{"{\"properties\": {\"ports\": {\"items\": {\"oneOf\": [{\"type\": \"string\"}, "
	 "{\"type\": \"object\"}]}}}}", "{\"ports\": [[1]]}",
	 "ports[0]: expected a string or a mapping, got a list"},
	{"{\"additionalProperties\": false, \"properties\": {\"a\": {}}}", "{\"a\": 1, \"b\": 2}",
	 "b: unknown key 'b'"},
	{"{\"required\": [\"image\"]}", "{}", "(document): missing required key 'image'"},
	{"{\"properties\": {\"n\": {\"pattern\": \"^[a-z]+$\"}}}", "{\"n\": \"a\\nb\"}",
	 "n: 'a\\nb' does not match the pattern ^[a-z]+$"},
	{"{\"propertyNames\": {\"maxLength\": 3}}", "{\"long\": 1}",
	 "(document): invalid key 'long': expected at most 3 characters, got 4"},
	{"{\"enum\": [\"a\", \"b\"]}", "\"c\"", "(document): expected one of ['a', 'b'], got 'c'"},
	{"{\"items\": {\"type\": \"integer\", \"minimum\": 1}}", "[1, 0, \"x\"]",
	 "[1]: expected at least 1, got 0 | [2]: expected an integer, got a string"},
	{"{\"anyOf\": [{\"type\": \"object\", \"required\": [\"a\"]}, {\"type\": \"string\"}]}",
	 "{\"b\": 1}", "(document): missing required key 'a'"},
	{"{\"$ref\": \"#/definitions/x\", \"definitions\": {\"x\": {\"type\": \"string\"}}}", "1",
	 "(document): expected a string, got an integer"},
	{"{\"$ref\": \"#\"}", "1", "(document): the schema refers to itself more than 512 times here"},
	{"{\"uniqueItems\": true}", "[1, 2, 1.0]", "[2]: duplicate item 1.0 (items must be unique)"},
};

static void run_own(struct tally *t)
{
	for (size_t i = 0; i < sizeof own_cases / sizeof own_cases[0]; i++) {
		struct arena *a = arena_new();
		struct diag d;
		diag_init(&d, a);
		struct yload y = {.arena = a, .diag = &d, .limits = yload_limits_default(),
				  .plain = yjson_plain};
		const struct val *schema = yload_string(&y, own_cases[i].schema,
							strlen(own_cases[i].schema), "s");
		const struct val *inst = yload_string(&y, own_cases[i].instance,
						      strlen(own_cases[i].instance), "i");
		struct schema_set *s = schema_set_new(a);
		schema_add(s, "", schema);
		struct schema_result r = {0};
		schema_validate(s, "", inst, &r);
		struct buf got = BUF_INIT;
		for (size_t e = 0; e < r.n; e++) {
			if (e)
				buf_adds(&got, " | ");
			schema_error_format(&r.errors[e], &got);
		}
		if (strcmp(buf_str(&got), own_cases[i].want) == 0) {
			t->passed++;
		} else {
			t->failed++;
			printf("FAIL own case %zu:\n  want %s\n  got  %s\n", i, own_cases[i].want,
			       buf_str(&got));
		}
		buf_free(&got);
		schema_set_free(s);
		arena_free(a);
	}
}

/* ---- the compose corpus: our verdict against INDEX.tsv's schema_ok -------- */

static const struct val *load_compose(struct arena *a, struct yres *res, const char *path)
{
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	return yload_file(&y, path, NULL);
}

/* One INDEX.tsv row: case, repo, original path, ..., column 11 schema_ok. */
static void corpus_row(char *line, const char *corpus, const struct val *spec,
		       struct yres *res, struct tally *t)
{
	char *cols[16] = {0};
	size_t n = 0;
	for (char *c = strtok(line, "\t\n"); c && n < 16; c = strtok(NULL, "\t\n"))
		cols[n++] = c;
	if (n < 11 || (strcmp(cols[10], "0") != 0 && strcmp(cols[10], "1") != 0))
		return;
	const char *base = strrchr(cols[2], '/') ? strrchr(cols[2], '/') + 1 : cols[2];
	char path[8192 + 64];
	snprintf(path, sizeof path, "%s/files/%s/%s", corpus, cols[0], base);
	struct arena *a = arena_new();
	struct schema_set *s = schema_set_new(a);
	schema_add(s, "compose-spec.json", spec);
	const struct val *doc = load_compose(a, res, path);
	bool want = strcmp(cols[10], "1") == 0;
	bool got = doc && schema_validate(s, "compose-spec.json", doc, NULL);
	if (got == want) {
		t->passed++;
	} else {
		t->failed++;
		printf("FAIL corpus %s: official schema says %s, we say %s\n", cols[0],
		       want ? "valid" : "invalid", got ? "valid" : doc ? "invalid" : "unloadable");
	}
	schema_set_free(s);
	arena_free(a);
}

static bool run_corpus(const char *srcdir, struct tally *t)
{
	char index[4096 + 16], corpus[4096], specpath[4096];
	snprintf(corpus, sizeof corpus, "%s/../shared/corpus", srcdir);
	snprintf(index, sizeof index, "%s/INDEX.tsv", corpus);
	snprintf(specpath, sizeof specpath, "%s/../shared/reference/compose-spec.json", srcdir);
	FILE *f = fopen(index, "r");
	if (!f)
		return false;
	struct arena *a = arena_new();
	const struct val *spec = load_json(a, specpath);
	struct yres *res = yres_new();
	char line[8192];
	bool header = true;
	while (spec && fgets(line, sizeof line, f)) {
		if (!header)
			corpus_row(line, corpus, spec, res, t);
		header = false;
	}
	fclose(f);
	yres_free(res);
	arena_free(a);
	return true;
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : ".";
	char dir[4096], remotes[4096];
	struct tally required = {0}, optional = {0}, own = {0};
	snprintf(dir, sizeof dir, "%s/../shared/reference/json-schema-test-suite/tests/draft7",
		 srcdir);
	snprintf(remotes, sizeof remotes, "%s/../shared/reference/json-schema-test-suite/remotes",
		 srcdir);
	if (run_dir(dir, remotes, &required, true)) {
		printf("JSON-Schema-Test-Suite draft7: %d passed, %d failed\n", required.passed,
		       required.failed);
		strcat(dir, "/optional");
		run_dir(dir, remotes, &optional, false);
		printf("draft7 optional (not required): %d passed, %d not passed\n",
		       optional.passed, optional.failed);
	} else {
		printf("JSON-Schema-Test-Suite: SKIPPED (%s not found)\n", dir);
	}
	struct tally corpus = {0};
	if (run_corpus(srcdir, &corpus))
		printf("compose corpus, agreement with the official schema: %d agree, %d differ\n",
		       corpus.passed, corpus.failed);
	else
		printf("compose corpus: SKIPPED (../shared/corpus not found)\n");
	own.passed += corpus.passed;
	own.failed += corpus.failed;
	run_own(&own);
	printf("own schema cases: %d passed, %d failed\n", own.passed, own.failed);
	printf("test_schema: %d passed, %d failed\n", required.passed + own.passed,
	       required.failed + own.failed);
	return required.failed + own.failed ? 1 : 0;
}
