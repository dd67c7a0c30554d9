/* convert.c - `agentenv convert`: compose files in, agent-env values out.
 *
 * load (compose/load.c: YAML, interpolation, merge, extends, include,
 * profiles, env_file) -> validate (the Compose schema, on the merged
 * result) -> convert (compose/convert.c) -> emit (PyYAML's style, or
 * JSON). Messages are collected and printed at the end, info ones only
 * with --verbose. */
#include "cmd/cmd.h"
#include "compose/convert.h"
#include "compose/load.h"
#include "compose/validate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "util/output.h"
#include "yaml/emit.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;   /* the process environment, for interpolation */

static const char *const convert_usage[] = {
	"agentenv convert [COMPOSE...] [-o FILE] [--format yaml|json] [--env-file FILE]... "
	"[--profile NAME]... [--no-interpolate] [-v]",
	NULL,
};

struct convert_args {
	const char *output, *format;
	bool verbose, no_interpolate;
	struct strlist files, env_files, profiles;
};

static int convert_usage_error(const char *msg)
{
	fprintf(stderr, "agentenv: error: %s\n", msg);
	return EXIT_USAGE;
}

/* No file named: COMPOSE_FILE, else compose.yaml and its siblings. When
 * COMPOSE_FILE came from ./.env, that .env is the project's, as in
 * docker compose. */
static int convert_default_files(struct arena *a, struct compose_load_opts *o)
{
	static const char *const dotenv[] = {".env"};
	bool from_dotenv;
	o->nfiles = compose_default_files(a, o, &o->files, &from_dotenv);
	if (!o->nfiles)
		return convert_usage_error("no compose file given, and none of compose.yaml, "
					   "compose.yml, docker-compose.yaml, docker-compose.yml "
					   "in the current directory");
	if (from_dotenv && !o->n_env_files) {
		o->env_files = dotenv;
		o->n_env_files = 1;
	}
	return EXIT_OK;
}

static int convert_check_readable(const char *const *paths, size_t n, bool *stdin_seen)
{
	for (size_t i = 0; i < n; i++) {
		if (stdin_seen && strcmp(paths[i], "-") == 0) {
			if (*stdin_seen)
				return convert_usage_error("standard input (-) can be read only once");
			*stdin_seen = true;
		} else if (access(paths[i], R_OK) != 0) {
			perror(paths[i]);
			return EXIT_IO;
		}
	}
	return EXIT_OK;
}

static int convert_check_args(struct arena *a, struct convert_args *args,
			      struct compose_load_opts *o)
{
	if (strcmp(args->format, "yaml") != 0 && strcmp(args->format, "json") != 0) {
		fprintf(stderr, "agentenv: error: --format must be yaml or json, not '%s'\n",
			args->format);
		return EXIT_USAGE;
	}
	*o = (struct compose_load_opts){
		.files = args->files.items, .nfiles = args->files.n,
		.env_files = args->env_files.items, .n_env_files = args->env_files.n,
		.profiles = args->profiles.items, .nprofiles = args->profiles.n,
		.no_interpolate = args->no_interpolate, .environ = environ,
	};
	int rc = convert_check_readable(o->env_files, o->n_env_files, NULL);
	if (rc == EXIT_OK && !o->nfiles)
		rc = convert_default_files(a, o);
	bool stdin_seen = false;
	return rc == EXIT_OK ? convert_check_readable(o->files, o->nfiles, &stdin_seen) : rc;
}

static int convert_emit(struct yres *res, struct val *values, struct convert_args *args,
			struct diag *d)
{
	struct buf out = BUF_INIT;
	int rc = EXIT_OK;
	if (strcmp(args->format, "json") == 0)
		yemit_json(values, &out);
	else if (yemit_pyyaml(res, values, &out) != 0)
		rc = EXIT_IO;
	if (rc == EXIT_OK && output_write(args->output, buf_str(&out), out.len, d) != 0)
		rc = EXIT_IO;
	buf_free(&out);
	return rc;
}

static int convert_run(struct arena *a, struct convert_args *args)
{
	struct compose_load_opts o;
	int rc = convert_check_args(a, args, &o);
	if (rc != EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d, a);
	struct yres *res = yres_new();
	struct val *compose = compose_load(a, res, &d, &o);
	const char *name = strcmp(o.files[0], "-") == 0 ? "<stdin>" : o.files[0];
	bool valid = compose && compose_validate(a, &d, compose, name);
	struct val *values = valid ? compose_convert(a, &d, compose, name) : NULL;
	rc = values ? convert_emit(res, values, args, &d) : EXIT_REJECTED;
	diag_flush(&d, stderr, args->verbose);
	yres_free(res);
	return rc;
}

int cmd_convert(int argc, char **argv)
{
	struct convert_args args = {.format = "yaml"};
	const struct opt opts[] = {
		OPT_STRING('o', "output", &args.output, "FILE",
			   "write the values to FILE (atomically) instead of stdout"),
		OPT_STRING(0, "format", &args.format, "FORMAT", "yaml (default) or json"),
		OPT_LIST(0, "env-file", &args.env_files, "FILE",
			 "read variables from FILE instead of the project's .env (repeatable)"),
		OPT_LIST(0, "profile", &args.profiles, "NAME",
			 "enable the services of profile NAME (repeatable; * for all)"),
		OPT_FLAG(0, "no-interpolate", &args.no_interpolate,
			 "leave $VARIABLES in the compose files as they are"),
		OPT_FLAG('v', "verbose", &args.verbose, "also print info-level notes"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, convert_usage, opts, &args.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = convert_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
