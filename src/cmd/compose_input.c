/* compose_input.c - compose files from the command line to values. */
#define _DEFAULT_SOURCE
#include "cmd/compose_input.h"
#include "cmd/cmd.h"
#include "compose/convert.h"
#include "compose/load_impl.h"
#include "compose/report.h"
#include "compose/validate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/output.h"
#include "yaml/emit.h"
#include "yaml/value.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int compose_input_usage_error(const char *msg)
{
	fprintf(stderr, "agentenv: error: %s\n", msg);
	return EXIT_USAGE;
}

/* No file named: COMPOSE_FILE, else compose.yaml and its siblings. When
 * COMPOSE_FILE came from ./.env, that .env is the project's, as in
 * docker compose. */
static int compose_input_defaults(struct arena *a, struct compose_load_opts *o)
{
	static const char *const dotenv[] = {".env"};
	bool from_dotenv;
	o->nfiles = compose_default_files(a, o, &o->files, &from_dotenv);
	if (!o->nfiles)
		return compose_input_usage_error("no compose file given, and none of compose.yaml, "
						 "compose.yml, docker-compose.yaml, "
						 "docker-compose.yml in the current directory");
	if (from_dotenv && !o->n_env_files) {
		o->env_files = dotenv;
		o->n_env_files = 1;
	}
	return EXIT_OK;
}

static int compose_input_readable(const char *const *paths, size_t n, bool *stdin_seen)
{
	for (size_t i = 0; i < n; i++) {
		if (stdin_seen && strcmp(paths[i], "-") == 0) {
			if (*stdin_seen)
				return compose_input_usage_error("standard input (-) can be read only once");
			*stdin_seen = true;
		} else if (access(paths[i], R_OK) != 0) {
			perror(paths[i]);
			return EXIT_IO;
		}
	}
	return EXIT_OK;
}

int compose_input_prepare(struct arena *a, struct compose_input *ci,
			  struct compose_load_opts *o)
{
	*o = (struct compose_load_opts){
		.files = ci->files.items, .nfiles = ci->files.n,
		.env_files = ci->env_files.items, .n_env_files = ci->env_files.n,
		.profiles = ci->profiles.items, .nprofiles = ci->profiles.n,
		.no_interpolate = ci->no_interpolate, .environ = environ,
	};
	if (ci->strict && ci->lenient)
		return compose_input_usage_error("--strict and --lenient cannot be used together");
	int rc = compose_input_readable(o->env_files, o->n_env_files, NULL);
	if (rc == EXIT_OK && !o->nfiles)
		rc = compose_input_defaults(a, o);
	bool stdin_seen = false;
	return rc == EXIT_OK ? compose_input_readable(o->files, o->nfiles, &stdin_seen) : rc;
}

const char *compose_input_name(const struct compose_load_opts *o)
{
	return strcmp(o->files[0], "-") == 0 ? "<stdin>" : o->files[0];
}

static enum compose_mode compose_input_mode(const struct compose_input *ci)
{
	return ci->strict ? COMPOSE_MODE_STRICT
	       : ci->lenient ? COMPOSE_MODE_LENIENT : COMPOSE_MODE_DEFAULT;
}

/* docker compose's project name: the top-level `name`, else
 * COMPOSE_PROJECT_NAME, else the first file's directory; lower case, only
 * [a-z0-9_-]. */
static const char *compose_input_project(struct arena *a, const struct val *compose,
					 const struct compose_load_opts *o)
{
	const char *name = compose_str(val_map_get(compose, "name"));
	if (!name)
		name = getenv("COMPOSE_PROJECT_NAME");
	char dir[PATH_MAX];
	if (!name || !*name) {
		const char *first = strcmp(o->files[0], "-") == 0 ? "." : o->files[0];
		const char *d = compose_path_dir(a, first);
		name = realpath(d, dir) ? strrchr(dir, '/') + 1 : d;
	}
	char *out = arena_strdup(a, name), *w = out;
	for (const char *r = name; *r; r++) {
		char ch = (char)tolower((unsigned char)*r);
		if (isalnum((unsigned char)ch) || ((ch == '_' || ch == '-') && w > out))
			*w++ = ch;
	}
	*w = '\0';
	return *out ? out : "project";
}

struct val *compose_input_values(struct arena *a, struct yres *res, struct diag *d,
				 struct compose_input *ci, const struct compose_load_opts *o)
{
	struct val *compose = compose_load(a, res, d, o);
	const char *name = compose_input_name(o);
	if (!compose || !compose_validate(a, d, compose, name))
		return NULL;
	struct compose_convert_opts co = {
		.mode = compose_input_mode(ci),
		.image_registry = ci->image_registry, .project = compose_input_project(a, compose, o),
		.environ = o->environ, .changes = &ci->changes,
	};
	struct val *values = compose_convert_mode(a, d, compose, name, &co);
	ci->converted = values != NULL;
	return values;
}

static int compose_input_report(struct arena *a, struct compose_input *ci, struct diag *d)
{
	struct buf out = BUF_INIT;
	yemit_json(report_json(a, &ci->changes, compose_input_mode(ci), ci->converted, d), &out);
	int rc = EXIT_OK;
	if (strcmp(ci->report, "-") == 0)
		fputs(buf_str(&out), stderr);
	else if (output_write(ci->report, buf_str(&out), out.len, d) != 0)
		rc = EXIT_IO;
	buf_free(&out);
	return rc;
}

int compose_input_finish(struct arena *a, struct compose_input *ci, struct diag *d,
			 bool verbose, int rc)
{
	if (ci->report && compose_input_report(a, ci, d) != EXIT_OK && rc == EXIT_OK)
		rc = EXIT_IO;
	diag_flush(d, stderr, verbose);
	report_summary(&ci->changes, compose_input_mode(ci), stderr);
	return rc;
}
