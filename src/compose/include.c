/* include.c - `include`: other compose projects imported into a file.
 *
 * Each entry (a path, or a mapping with `path` (one or several files,
 * merged), `project_directory` and `env_file`) is loaded as a project of
 * its own: relative paths start at its project directory (by default the
 * directory of its first file), and its variables are the including
 * project's, over its own .env (or env_file) files. Its services,
 * networks, volumes, secrets and configs are then added to the including
 * file; a name the file already defines differently is an error, as in
 * compose-go (an identical definition is accepted). Imported resources
 * come after the file's own, so its own first service stays first. */
#include "compose/load_impl.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INCLUDE_MAX_DEPTH 32

struct include_entry {
	const char **paths;
	size_t npaths;
	const char *project_dir;
	const char **env_files;
	size_t nenv;
};

/* A string or a list of strings, as an array; false if neither. */
static bool include_strings(struct compose_loader *L, struct val *v, const char ***out,
			    size_t *n)
{
	*n = 0;
	if (!v)
		return true;
	size_t count = v->kind == VAL_SEQ ? v->seq.n : 1;
	*out = arena_alloc(L->a, (count + 1) * sizeof **out);
	for (size_t i = 0; i < count; i++) {
		const char *s = compose_str(v->kind == VAL_SEQ ? v->seq.items[i] : v);
		if (!s)
			return false;
		(*out)[(*n)++] = s;
	}
	return true;
}

static bool include_parse(struct compose_loader *L, struct val *e, struct include_entry *ie)
{
	memset(ie, 0, sizeof *ie);
	struct val *path = e->kind == VAL_MAP ? val_map_get(e, "path") : e;
	struct val *pd = e->kind == VAL_MAP ? val_map_get(e, "project_directory") : NULL;
	struct val *env = e->kind == VAL_MAP ? val_map_get(e, "env_file") : NULL;
	bool ok = path && include_strings(L, path, &ie->paths, &ie->npaths) && ie->npaths;
	ok = ok && include_strings(L, env, &ie->env_files, &ie->nenv);
	ie->project_dir = compose_str(pd);
	if (ok && (!pd || ie->project_dir))
		return true;
	diag_error(L->d, &e->mark, "an include entry is a path, or a mapping with `path` (a "
		   "string or a list of strings), `project_directory` and `env_file`");
	return false;
}

/* "include cycle detected: a.yaml include b.yaml include a.yaml" */
static bool include_cycle(struct compose_loader *L, const struct compose_file *f,
			  const char *path, const struct val *at)
{
	const struct compose_project *chain[INCLUDE_MAX_DEPTH + 1];
	size_t n = 0;
	bool cycle = strcmp(f->path, path) == 0;
	for (const struct compose_project *p = f->project; p; p = p->includer) {
		cycle |= strcmp(p->first_file, path) == 0;
		if (n <= INCLUDE_MAX_DEPTH)
			chain[n++] = p;
	}
	if (!cycle && n <= INCLUDE_MAX_DEPTH)
		return false;
	struct buf b = BUF_INIT;
	buf_adds(&b, cycle ? "include cycle detected: " : "includes nested too deeply: ");
	for (size_t i = n; i-- > 0;)
		buf_addf(&b, "%s include ", chain[i]->first_file);
	buf_adds(&b, path);
	diag_error(L->d, &at->mark, "%s", b.p);
	buf_free(&b);
	return true;
}

static bool include_readable(struct compose_loader *L, const char *path, const struct val *at)
{
	if (access(path, R_OK) == 0)
		return true;
	diag_error(L->d, &at->mark, "cannot read %s: %s", path, strerror(errno));
	return false;
}

/* The included project: its directory and variables. */
static struct compose_project *include_project(struct compose_loader *L,
					       const struct compose_file *f,
					       const struct include_entry *ie, const struct val *at)
{
	const struct compose_project *P = f->project;
	struct compose_project *sub = arena_alloc(L->a, sizeof *sub);
	sub->dir = ie->project_dir ? compose_path_join(L->a, P->dir, ie->project_dir)
				   : compose_path_dir(L->a, ie->paths[0]);
	sub->includer = P;
	sub->first_file = ie->paths[0];
	const char **env = ie->env_files;
	size_t nenv = ie->nenv;
	for (size_t i = 0; i < nenv; i++)
		env[i] = compose_path_join(L->a, P->dir, env[i]);
	struct stat st;
	const char *dflt = compose_path_join(L->a, sub->dir, ".env");
	if (!nenv && stat(dflt, &st) == 0 && S_ISREG(st.st_mode)) {
		env = &dflt;
		nenv = 1;
	}
	struct val *vars = compose_read_env_files(L, &P->vars, env, nenv, &at->mark);
	if (!vars)
		return NULL;
	sub->vars = compose_vars_then(L->a, &P->vars, vars);
	return sub;
}

/* The imported resources of one kind, added to the file's. */
static bool include_import_kind(struct compose_loader *L, struct compose_file *f,
				const struct val *imported, const char *kind)
{
	struct val *from = val_map_get(imported, kind);
	if (!from || from->kind != VAL_MAP || from->map.n == 0)
		return true;
	struct val *have = val_map_get(f->root, kind);
	struct val *to = have && have->kind == VAL_MAP ? compose_map_copy(L, have)
						       : val_map(L->a, &from->mark);
	bool ok = true;
	for (size_t i = 0; i < from->map.n; i++) {
		struct val_pair *p = &from->map.pairs[i];
		struct val_pair *mine = val_map_find_val(to, p->key);
		if (!mine) {
			val_map_put(L->a, to, p->key, p->value);
		} else if (!val_equal(mine->value, p->value)) {
			const char *name = compose_str(p->key);
			diag_error(L->d, &mine->key->mark, "%s.%s conflicts with imported resource",
				   kind, name ? name : "?");
			diag_note(L->d, &p->key->mark, "the imported %s.%s", kind, name ? name : "?");
			ok = false;
		}
	}
	f->root = compose_with(L, f->root, kind, to);
	return ok;
}

static bool include_one(struct compose_loader *L, struct compose_file *f, struct val *e)
{
	static const char *const kinds[] = {"services", "volumes", "networks", "secrets",
					    "configs", NULL};
	struct include_entry ie;
	if (!include_parse(L, e, &ie))
		return false;
	bool ok = true;
	for (size_t i = 0; i < ie.npaths; i++) {
		ie.paths[i] = compose_path_join(L->a, f->project->dir, ie.paths[i]);
		ok = ok && include_readable(L, ie.paths[i], e);
	}
	if (!ok || include_cycle(L, f, ie.paths[0], e))
		return false;
	struct compose_project *sub = include_project(L, f, &ie, e);
	struct val *imported = sub ? compose_load_project(L, sub, ie.paths, ie.npaths) : NULL;
	if (!imported || imported->kind != VAL_MAP)
		return false;
	for (size_t i = 0; kinds[i]; i++)
		ok = include_import_kind(L, f, imported, kinds[i]) && ok;
	return ok;
}

bool compose_apply_include(struct compose_loader *L, struct compose_file *f)
{
	struct val_pair *p = val_map_find(f->root, "include");
	if (!p)
		return true;
	struct val *inc = p->value;
	bool ok = true;
	if (inc->kind == VAL_SEQ) {
		for (size_t i = 0; i < inc->seq.n; i++)
			ok = include_one(L, f, inc->seq.items[i]) && ok;
	} else if (inc->kind != VAL_NULL) {
		diag_error(L->d, &inc->mark, "`include` must be a list");
		ok = false;
	}
	f->root = compose_without(L, f->root, "include");
	return ok;
}
