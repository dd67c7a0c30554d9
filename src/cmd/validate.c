/* validate.c - `agentenv validate`: files against their schema.
 *
 * A compose file is checked against the Compose Specification (built in),
 * any data file against --schema. Every violation of every file is printed
 * as FILE:LINE:COL: error: PATH: MESSAGE, in document order, at the
 * offending node (the key, for keys that are not allowed). */
#include "cmd/cmd.h"
#include "schema/schema.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/embed.h"
#include "util/opts.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const validate_usage[] = {
	"agentenv validate FILE... [--as compose|values] [--schema SCHEMA]",
	NULL,
};

struct validate_args {
	const char *as, *schema;
	struct strlist files;
};

struct validator {
	struct arena *a;
	struct diag *d;
	struct yres *res;
	struct schema_set *set;
	const char *uri;        /* of the schema files are checked against */
};

static bool validate_is_json(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

/* JSON files are typed as JSON, anything else as YAML 1.1 (as compose is). */
static const struct val *validate_load(struct validator *v, const char *path)
{
	struct yload y = {.arena = v->a, .res = v->res, .diag = v->d,
			  .limits = yload_limits_default()};
	if (validate_is_json(path))
		y.plain = yjson_plain;
	return yload_file(&y, path, NULL);
}

static const struct val *validate_embedded(struct validator *v, const char *name)
{
	const struct embed_file *f = embed_find(name);
	struct yload y = {.arena = v->a, .diag = v->d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	return f ? yload_string(&y, f->data, f->len, f->name) : NULL;
}

/* The schema: --schema FILE, or built in for the chosen kind of file. */
static bool validate_pick_schema(struct validator *v, struct validate_args *args)
{
	const struct val *doc;
	if (args->schema) {
		doc = validate_load(v, args->schema);
		v->uri = args->schema;
	} else {
		bool values = args->as && strcmp(args->as, "values") == 0;
		v->uri = values ? "templates/values.schema.json" : "schemas/compose.schema.json";
		doc = validate_embedded(v, v->uri);
	}
	if (!doc)
		return false;
	schema_add(v->set, v->uri, doc);
	return true;
}

static bool validate_file(struct validator *v, const char *path)
{
	const struct val *doc = validate_load(v, path);
	if (!doc)
		return false;
	struct schema_result r = {0};
	bool ok = schema_validate(v->set, v->uri, doc, &r);
	for (size_t i = 0; i < r.n; i++) {
		struct buf b = BUF_INIT;
		schema_error_format(&r.errors[i], &b);
		struct mark m = r.errors[i].at->mark;
		diag_error(v->d, &m, "%s", buf_str(&b));
		buf_free(&b);
	}
	return ok;
}

/* Without --as or --schema, *compose*.y*ml is compose, the rest values. */
static const char *validate_kind(const struct validate_args *args, const char *path)
{
	if (args->as)
		return args->as;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	return fnmatch("*compose*.y*ml", base, 0) == 0 ? "compose" : "values";
}

static int validate_run(struct arena *a, struct validate_args *args)
{
	if (args->as && strcmp(args->as, "compose") != 0 && strcmp(args->as, "values") != 0) {
		fprintf(stderr, "agentenv: error: --as must be compose or values, not '%s'\n", args->as);
		return EXIT_USAGE;
	}
	if (!args->files.n) {
		fprintf(stderr, "agentenv: error: no file to validate\n");
		return EXIT_USAGE;
	}
	int rc = EXIT_OK;
	struct diag d;
	diag_init(&d, a);
	struct yres *res = yres_new();
	for (size_t i = 0; i < args->files.n && rc != EXIT_IO; i++) {
		const char *path = args->files.items[i];
		if (strcmp(path, "-") != 0 && access(path, R_OK) != 0) {
			perror(path);
			rc = EXIT_IO;
			break;
		}
		struct validate_args one = *args;
		one.as = args->schema ? NULL : validate_kind(args, path);
		struct validator v = {a, &d, res, schema_set_new(a), NULL};
		if (!validate_pick_schema(&v, &one) || !validate_file(&v, path))
			rc = EXIT_REJECTED;
		schema_set_free(v.set);
	}
	diag_flush(&d, stderr, false);
	yres_free(res);
	return rc;
}

int cmd_validate(int argc, char **argv)
{
	struct validate_args args = {0};
	const struct opt opts[] = {
		OPT_STRING(0, "as", &args.as, "KIND",
			   "compose or values (default: by file name, *compose*.y*ml is compose)"),
		OPT_STRING(0, "schema", &args.schema, "SCHEMA",
			   "check against this JSON Schema (JSON or YAML) instead"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, validate_usage, opts, &args.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = validate_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
