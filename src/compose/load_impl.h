/* load_impl.h - what the parts of the compose loader share; not an API.
 *
 * load.c drives the stages, extends.c applies `extends` within a file,
 * include.c imports `include` projects, envfile.c turns env_file into
 * environment. A compose_file is one file as read and interpolated; a
 * compose_project the set of files loaded together with one directory and
 * one set of variables (the main project, or an included one). */
#ifndef AGENTENV_COMPOSE_LOAD_IMPL_H
#define AGENTENV_COMPOSE_LOAD_IMPL_H

#include "compose/interp.h"
#include "compose/load.h"
#include "compose/merge.h"
#include "util/ptrmap.h"

#include <stdbool.h>
#include <stddef.h>

struct compose_project {
	const char *dir;                 /* relative paths of its files start here */
	struct compose_vars vars;        /* its interpolation variables */
	const struct compose_project *includer;   /* NULL: the main project */
	const char *first_file;          /* for include cycles */
};

struct compose_file {
	const char *path;                /* as opened and as messages name it */
	const char *dir;                 /* its own directory (extends.file is relative to it) */
	const struct compose_project *project;
	struct val *root;                /* after interpolation */
	struct val *resolved;            /* services with extends applied, by name */
	struct val *broken;              /* services whose extends failed, by name */
	struct compose_file *next;       /* files loaded for extends, cached */
};

struct compose_loader {
	struct arena *a;
	struct yres *res;
	struct diag *d;
	const struct compose_load_opts *o;
	struct compose_merge merge;
	struct ptrmap plain;             /* plain scalars with a $, re-typed after interpolation */
	struct val *warned;              /* variables already warned about */
	struct compose_file *cache;      /* files read for extends */
	size_t files_read;               /* bounded: COMPOSE_MAX_FILES */
	size_t copied;                   /* nodes copied for extends, bounded too */
};

/* Bounds on what a hostile project can make the loader do. */
#define COMPOSE_MAX_FILES 1000
#define COMPOSE_MAX_COPIED ((size_t)1000000)

/* Read and interpolate one file of project p (relative env_file paths made
 * relative to `base`); NULL after errors. */
struct compose_file *compose_read_file(struct compose_loader *L, const char *path,
				       const struct compose_project *p, const char *base);
/* Load and merge the files of a project; NULL after errors. */
struct val *compose_load_project(struct compose_loader *L, const struct compose_project *p,
				 const char *const *files, size_t n);
/* The variables of the .env files `files` (a mapping; a later file wins),
 * each read with `outer` and the files before it to look variables up.
 * A missing file is an error at `at` (NULL: at the file). NULL after
 * errors. */
struct val *compose_read_env_files(struct compose_loader *L, const struct compose_vars *outer,
				   const char *const *files, size_t n, const struct mark *at);

/* The stages; each replaces f->root (or returns a new root), reports its
 * errors, and says whether there were none. */
bool compose_apply_extends(struct compose_loader *L, struct compose_file *f);
bool compose_apply_include(struct compose_loader *L, struct compose_file *f);
struct val *compose_resolve_env_files(struct compose_loader *L, struct val *root,
				      const struct compose_vars *vars);

/* Paths: `rel` joined to `dir` (unless absolute), with ./ and x/.. removed;
 * the directory of a path ("." for a bare name). */
const char *compose_path_join(struct arena *a, const char *dir, const char *rel);
const char *compose_path_dir(struct arena *a, const char *path);

/* A string node's text; NULL for anything else. */
const char *compose_str(const struct val *v);
/* A copy of a mapping (its pairs; the values are shared). */
struct val *compose_map_copy(struct compose_loader *L, const struct val *map);
/* A copy of a mapping with `key` set (replaced in place, or appended). */
struct val *compose_with(struct compose_loader *L, const struct val *map, const char *key,
			 struct val *value);
/* A copy of a mapping without `key`. */
struct val *compose_without(struct compose_loader *L, const struct val *map, const char *key);

#endif
