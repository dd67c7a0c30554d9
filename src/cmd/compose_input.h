/* compose_input.h - how every command takes compose files.
 *
 * Compose files are positional (-f stays Helm's values flag); with none,
 * COMPOSE_FILE or compose.yaml and its siblings, as docker compose finds
 * them. --env-file, --profile and --no-interpolate shape the loading.
 * compose_input_values runs load -> validate -> convert, reporting to the
 * diag, and gives the agent-env values. */
#ifndef AGENTENV_COMPOSE_INPUT_H
#define AGENTENV_COMPOSE_INPUT_H

#include "compose/load.h"
#include "util/opts.h"

struct arena;
struct diag;
struct yres;

struct compose_input {
	bool no_interpolate;
	struct strlist files, env_files, profiles;
};

/* The option entries every compose-reading command has. */
#define COMPOSE_INPUT_OPTIONS(ci) \
	OPT_LIST(0, "env-file", &(ci)->env_files, "FILE", \
		 "read variables from FILE instead of the project's .env (repeatable)"), \
	OPT_LIST(0, "profile", &(ci)->profiles, "NAME", \
		 "enable the services of profile NAME (repeatable; * for all)"), \
	OPT_FLAG(0, "no-interpolate", &(ci)->no_interpolate, \
		 "leave $VARIABLES in the compose files as they are")

/* Fill the loader options; with no file named, find the default ones
 * (an error when there are none). Returns an exit status. */
int compose_input_prepare(struct arena *a, struct compose_input *ci,
			  struct compose_load_opts *o);
/* The name messages use for the first file. */
const char *compose_input_name(const struct compose_load_opts *o);
/* Load, validate, convert: the values, or NULL after errors. */
struct val *compose_input_values(struct arena *a, struct yres *res, struct diag *d,
				 const struct compose_load_opts *o);

#endif
