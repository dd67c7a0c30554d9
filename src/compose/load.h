/* load.h - the compose loader: files in, one compose tree out.
 *
 * Does what docker compose does between reading its files and using the
 * model (the Compose Specification; compose-go's loader is the reference):
 * each file is read as YAML 1.1 (yaml/load.h) and interpolated with the
 * project's variables (the process environment over the .env file or the
 * --env-file files); its services' `extends` are applied and its `include`
 * projects imported; the files are merged in order by the spec's merge
 * rules (compose/merge.h); then services outside the selected profiles are
 * dropped and each service's env_file is read into its environment.
 *
 * Every node keeps the mark of the file and line it came from, so later
 * stages report problems where they are. One file that needs none of this
 * comes back exactly as it was read. */
#ifndef AGENTENV_COMPOSE_LOAD_H
#define AGENTENV_COMPOSE_LOAD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct val;
struct yres;

struct compose_load_opts {
	const char *const *files; size_t nfiles;  /* compose files, in order; "-" is stdin */
	const char *project_dir;                  /* NULL: the first file's directory */
	/* --env-file; default: PROJECT_DIR/.env if present */
	const char *const *env_files; size_t n_env_files;
	const char *const *profiles; size_t nprofiles;  /* --profile; else COMPOSE_PROFILES */
	bool no_interpolate;
	char *const *environ;                     /* the process environment (NULL: none) */
};

/* Load, interpolate, merge, extend, include, filter by profiles, resolve
 * env_file. Returns the resulting compose tree (every node keeps the mark
 * of the file and line it came from) or NULL after reporting errors to d. */
struct val *compose_load(struct arena *a, struct yres *res, struct diag *d,
			 const struct compose_load_opts *o);

/* The files to load when none is named, as docker compose finds them:
 * COMPOSE_FILE (from the environment, else from the env files or ./.env),
 * split on COMPOSE_PATH_SEPARATOR (default ':'); else the first of
 * compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml in
 * the current directory. Returns how many (0: none), the list in *files.
 * *from_dotenv says COMPOSE_FILE came from ./.env, which docker compose
 * then also uses as the project's .env. */
size_t compose_default_files(struct arena *a, const struct compose_load_opts *o,
			     const char *const **files, bool *from_dotenv);

#endif
