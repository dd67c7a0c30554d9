/* compose_input.h - how every command takes compose files.
 *
 * Compose files are positional (-f stays Helm's values flag); with none,
 * COMPOSE_FILE or compose.yaml and its siblings, as docker compose finds
 * them. --env-file, --profile and --no-interpolate shape the loading.
 * compose_input_values runs load -> validate -> convert, reporting to the
 * diag, and gives the agent-env values; --strict / --lenient choose the
 * mode (compose/convert.h), --image-registry names built images;
 * compose_input_finish prints the messages, the summary of what the key
 * table changed and writes the --report file. */
#ifndef AGENTENV_COMPOSE_INPUT_H
#define AGENTENV_COMPOSE_INPUT_H

#include "compose/convert.h"
#include "compose/load.h"
#include "util/opts.h"

struct arena;
struct diag;
struct yres;

struct compose_input {
	bool no_interpolate, strict, lenient;
	const char *image_registry, *report;
	struct strlist files, env_files, profiles;
	/* results */
	struct compose_changes changes;
	bool converted;
};

/* The option entries every compose-reading command has. */
#define COMPOSE_INPUT_OPTIONS(ci) \
	OPT_LIST(0, "env-file", &(ci)->env_files, "FILE", \
		 "read variables from FILE instead of the project's .env (repeatable)"), \
	OPT_LIST(0, "profile", &(ci)->profiles, "NAME", \
		 "enable the services of profile NAME (repeatable; * for all)"), \
	OPT_FLAG(0, "no-interpolate", &(ci)->no_interpolate, \
		 "leave $VARIABLES in the compose files as they are"), \
	OPT_FLAG(0, "strict", &(ci)->strict, \
		 "reject whatever the reference converter rejects, with its reasons"), \
	OPT_FLAG(0, "lenient", &(ci)->lenient, \
		 "drop rejected keys with a warning (not those guarding privileges)"), \
	OPT_STRING(0, "image-registry", &(ci)->image_registry, "REG/", \
		   "name the image of a build-only service REG/<project>-<service>:latest"), \
	OPT_STRING(0, "report", &(ci)->report, "FILE", \
		   "write a JSON report of the conversion to FILE (- for stderr)")

/* Fill the loader options; with no file named, find the default ones
 * (an error when there are none). Returns an exit status. */
int compose_input_prepare(struct arena *a, struct compose_input *ci,
			  struct compose_load_opts *o);
/* The name messages use for the first file. */
const char *compose_input_name(const struct compose_load_opts *o);
/* Load, validate, convert: the values, or NULL after errors. */
struct val *compose_input_values(struct arena *a, struct yres *res, struct diag *d,
				 struct compose_input *ci, const struct compose_load_opts *o);
/* Write the --report file, print the messages (info ones when verbose),
 * then the summary. Returns rc, or EXIT_IO when the report failed. */
int compose_input_finish(struct arena *a, struct compose_input *ci, struct diag *d,
			 bool verbose, int rc);

#endif
