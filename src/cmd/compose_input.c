/* compose_input.c - compose files from the command line to values. */
#include "cmd/compose_input.h"
#include "cmd/cmd.h"
#include "compose/convert.h"
#include "compose/validate.h"
#include "util/diag.h"

#include <stdio.h>
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

struct val *compose_input_values(struct arena *a, struct yres *res, struct diag *d,
				 const struct compose_load_opts *o)
{
	struct val *compose = compose_load(a, res, d, o);
	const char *name = compose_input_name(o);
	if (!compose || !compose_validate(a, d, compose, name))
		return NULL;
	return compose_convert(a, d, compose, name);
}
