/* load.c - the compose loader's driver: variables, files, profiles.
 *
 * The order is compose-go's: the project's variables (process environment
 * over the .env files) first; then per file: read, interpolate, make its
 * env_file paths relative to the project, apply extends, import includes,
 * merge onto the files before; then, on the whole project, drop services
 * outside the selected profiles and read env_file into environment.
 * Nothing is modified in place: a stage that changes a mapping builds a
 * new one, so subtrees shared through YAML aliases stay as they were. */
#include "compose/load.h"
#include "compose/dotenv.h"
#include "compose/load_impl.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where docker compose looks when no file is named. */
static const char *const load_default_names[] = {
	"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", NULL,
};

/* ---- small helpers shared by the loader's files --------------------------- */

const char *compose_str(const struct val *v)
{
	return v && v->kind == VAL_STR ? v->str.s : NULL;
}

struct val *compose_map_copy(struct compose_loader *L, const struct val *map)
{
	struct val *c = val_map(L->a, &map->mark);
	for (size_t i = 0; i < map->map.n; i++)
		val_map_put(L->a, c, map->map.pairs[i].key, map->map.pairs[i].value);
	return c;
}

struct val *compose_with(struct compose_loader *L, const struct val *map, const char *key,
			 struct val *value)
{
	struct val *c = compose_map_copy(L, map);
	val_map_set(L->a, c, key, value);
	return c;
}

struct val *compose_without(struct compose_loader *L, const struct val *map, const char *key)
{
	struct val *c = val_map(L->a, &map->mark);
	for (size_t i = 0; i < map->map.n; i++)
		if (!val_is_str(map->map.pairs[i].key, key))
			val_map_put(L->a, c, map->map.pairs[i].key, map->map.pairs[i].value);
	return c;
}

/* Drop `.` segments and `x/..` pairs, so one file has one name. */
static const char *load_path_clean(struct arena *a, const char *path)
{
	size_t n = strlen(path);
	const char **seg = arena_alloc(a, (n / 2 + 2) * sizeof *seg);
	size_t *len = arena_alloc(a, (n / 2 + 2) * sizeof *len), k = 0;
	bool abs = path[0] == '/';
	for (const char *p = path; *p;) {
		size_t l = strcspn(p, "/");
		bool dotdot = l == 2 && p[0] == '.' && p[1] == '.';
		bool can_pop = k > 0 && !(len[k - 1] == 2 && memcmp(seg[k - 1], "..", 2) == 0);
		if (dotdot && (can_pop || abs))
			k -= can_pop;
		else if (l && !(l == 1 && p[0] == '.'))
			seg[k] = p, len[k++] = l;
		p += l + (p[l] == '/');
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < k; i++)
		buf_addf(&b, "%s%.*s", i || abs ? "/" : "", (int)len[i], seg[i]);
	const char *out = b.len ? arena_strdup(a, b.p) : abs ? "/" : ".";
	buf_free(&b);
	return out;
}

const char *compose_path_join(struct arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		return load_path_clean(a, rel);
	return load_path_clean(a, arena_printf(a, "%s/%s", dir, rel));
}

const char *compose_path_dir(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
}

static bool load_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- variables ----------------------------------------------------------- */

static struct val *load_environ(struct arena *a, char *const *environ)
{
	struct val *env = val_map(a, NULL);
	for (size_t i = 0; environ && environ[i]; i++) {
		const char *eq = strchr(environ[i], '=');
		if (eq && eq > environ[i])
			val_map_put(a, env, val_strn(a, environ[i], (size_t)(eq - environ[i]), NULL),
				    val_str(a, eq + 1, NULL));
	}
	return env;
}

struct val *compose_read_env_files(struct compose_loader *L, const struct compose_vars *outer,
				   const char *const *files, size_t n, const struct mark *at)
{
	struct val *acc = val_map(L->a, NULL);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct compose_vars lookup = compose_vars_then(L->a, outer, acc);
		struct val *own = val_map(L->a, NULL);
		struct compose_dotenv p = {L->a, L->d, &lookup, L->warned, files[i]};
		struct mark whole = {files[i], 0, 0};
		switch (compose_dotenv_file(&p, own)) {
		case COMPOSE_DOTENV_MISSING:
			diag_error(L->d, at ? at : &whole, "couldn't find env file: %s", files[i]);
			ok = false;
			continue;
		case COMPOSE_DOTENV_FAILED:
			ok = false;
			continue;
		case COMPOSE_DOTENV_OK:
			break;
		}
		for (size_t k = 0; k < own->map.n; k++)
			val_map_put(L->a, acc, own->map.pairs[k].key, own->map.pairs[k].value);
	}
	return ok ? acc : NULL;
}

/* ---- one file ------------------------------------------------------------ */

/* Remember the plain scalars that may change by interpolation: they are
 * typed again afterwards, as if their new text had been written. */
static struct val *load_plain(void *ctx, struct arena *a, const char *s, size_t n,
			      const struct mark *m)
{
	struct compose_loader *L = ctx;
	struct val *v = yres_plain_value(L->res, a, s, n, m);
	if (v->kind == VAL_STR && memchr(s, '$', n))
		ptrmap_put(a, &L->plain, v, v);
	return v;
}

static struct val *load_rebase_entry(struct compose_loader *L, struct val *e, const char *base)
{
	struct val *path = e->kind == VAL_MAP ? val_map_get(e, "path") : e;
	const char *text = compose_str(path);
	if (!text)
		return e;
	const char *joined = compose_path_join(L->a, base, text);
	if (strcmp(joined, text) == 0)
		return e;
	struct val *node = val_str(L->a, joined, &path->mark);
	return e->kind == VAL_MAP ? compose_with(L, e, "path", node) : node;
}

/* A service's env_file entries, relative to `base` instead of the file. */
static struct val *load_rebase_service(struct compose_loader *L, struct val *svc,
				       const char *base)
{
	struct val *ef = svc->kind == VAL_MAP ? val_map_get(svc, "env_file") : NULL;
	if (!ef)
		return svc;
	struct val *out = ef;
	if (ef->kind != VAL_SEQ) {
		out = load_rebase_entry(L, ef, base);
	} else {
		out = val_seq(L->a, &ef->mark);
		bool changed = false;
		for (size_t i = 0; i < ef->seq.n; i++) {
			struct val *e = load_rebase_entry(L, ef->seq.items[i], base);
			changed |= e != ef->seq.items[i];
			val_seq_push(L->a, out, e);
		}
		out = changed ? out : ef;
	}
	return out == ef ? svc : compose_with(L, svc, "env_file", out);
}

static struct val *load_rebase_env_files(struct compose_loader *L, struct val *root,
					 const char *base)
{
	struct val *services = root->kind == VAL_MAP ? val_map_get(root, "services") : NULL;
	if (!services || services->kind != VAL_MAP)
		return root;
	struct val *copy = NULL;
	for (size_t i = 0; i < services->map.n; i++) {
		struct val *svc = services->map.pairs[i].value;
		struct val *r = load_rebase_service(L, svc, base);
		if (r != svc && !copy)
			copy = compose_map_copy(L, services);
		if (r != svc)
			copy->map.pairs[i].value = r;
	}
	return copy ? compose_with(L, root, "services", copy) : root;
}

struct compose_file *compose_read_file(struct compose_loader *L, const char *path,
				       const struct compose_project *p, const char *base)
{
	struct yload y = {.arena = L->a, .res = L->res, .diag = L->d,
			  .limits = yload_limits_default(), .plain = load_plain, .plain_ctx = L};
	if (++L->files_read > COMPOSE_MAX_FILES) {
		struct mark m = {path, 0, 0};
		diag_error(L->d, &m, "more than %d compose files to read; refusing to read more",
			   COMPOSE_MAX_FILES);
		return NULL;
	}
	struct val *root = yload_file(&y, path, NULL);
	if (!root)
		return NULL;
	if (!L->o->no_interpolate) {
		struct compose_interp it = {.a = L->a, .d = L->d, .res = L->res, .vars = &p->vars,
					    .plain = &L->plain, .warned = L->warned};
		root = compose_interp_tree(&it, root);
		if (it.failed)
			return NULL;
	}
	struct compose_file *f = arena_alloc(L->a, sizeof *f);
	f->path = strcmp(path, "-") == 0 ? "<stdin>" : path;
	f->dir = strcmp(path, "-") == 0 ? "." : compose_path_dir(L->a, path);
	f->project = p;
	f->root = load_rebase_env_files(L, root, base);
	f->resolved = val_map(L->a, NULL);
	f->broken = val_map(L->a, NULL);
	return f;
}

/* ---- a project: its files merged ------------------------------------------ */

/* Extends and includes of one file, then the file merged onto acc. */
static bool load_add_file(struct compose_loader *L, struct compose_file *f, struct val **acc)
{
	bool ok = compose_apply_extends(L, f);
	ok = compose_apply_include(L, f) && ok;
	if (!ok)
		return false;
	struct val *merged = *acc ? compose_merge(&L->merge, *acc, f->root, NULL, 0)
				  : compose_merge_strip(&L->merge, f->root);
	if (merged)
		*acc = merged;
	return !L->merge.failed;
}

struct val *compose_load_project(struct compose_loader *L, const struct compose_project *p,
				 const char *const *files, size_t n)
{
	struct val *acc = NULL;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct compose_file *f = compose_read_file(L, files[i], p, p->dir);
		if (!f) {
			ok = false;
			continue;
		}
		if (f->root->kind == VAL_NULL && (n > 1 || p->includer))
			continue;   /* an empty file adds nothing */
		if (f->root->kind != VAL_MAP && n == 1 && !p->includer)
			return f->root;   /* the schema check says what is wrong with it */
		if (f->root->kind != VAL_MAP) {
			diag_error(L->d, &f->root->mark, "top-level object must be a mapping");
			ok = false;
			continue;
		}
		ok = load_add_file(L, f, &acc) && ok;
	}
	if (ok && !acc) {
		struct mark m = {files[0], 0, 0};
		diag_error(L->d, &m, "empty compose file");
		ok = false;
	}
	return ok ? acc : NULL;
}

/* ---- profiles ---------------------------------------------------------------- */

struct load_profiles {
	const char **names;
	size_t n;
};

/* --profile, or else COMPOSE_PROFILES (comma-separated), as docker compose. */
static struct load_profiles load_selected(struct compose_loader *L,
					  const struct compose_vars *vars)
{
	struct load_profiles sel = {NULL, 0};
	const struct compose_load_opts *o = L->o;
	const struct val *env = o->nprofiles ? NULL : compose_vars_get(vars, "COMPOSE_PROFILES");
	size_t cap = o->nprofiles + (env ? env->str.len + 1 : 0);
	sel.names = arena_alloc(L->a, (cap + 1) * sizeof *sel.names);
	for (size_t i = 0; i < o->nprofiles; i++)
		sel.names[sel.n++] = o->profiles[i];
	for (const char *s = env ? env->str.s : NULL; s && *s;) {
		size_t l = strcspn(s, ",");
		size_t b = 0, e = l;
		while (b < e && strchr(" \t", s[b]))
			b++;
		while (e > b && strchr(" \t", s[e - 1]))
			e--;
		if (e > b)
			sel.names[sel.n++] = arena_strndup(L->a, s + b, e - b);
		s += l + (s[l] == ',');
	}
	return sel;
}

static bool load_service_active(const struct val *svc, const struct load_profiles *sel)
{
	const struct val *profiles = svc->kind == VAL_MAP ? val_map_get(svc, "profiles") : NULL;
	if (!profiles || profiles->kind != VAL_SEQ || profiles->seq.n == 0)
		return true;
	for (size_t i = 0; i < sel->n; i++) {
		if (strcmp(sel->names[i], "*") == 0)
			return true;
		for (size_t k = 0; k < profiles->seq.n; k++)
			if (val_is_str(profiles->seq.items[k], sel->names[i]))
				return true;
	}
	return false;
}

static struct val *load_apply_profiles(struct compose_loader *L, struct val *root,
				       const struct compose_vars *vars)
{
	struct val *services = val_map_get(root, "services");
	if (!services || services->kind != VAL_MAP)
		return root;
	struct load_profiles sel = load_selected(L, vars);
	struct val *active = val_map(L->a, &services->mark);
	for (size_t i = 0; i < services->map.n; i++)
		if (load_service_active(services->map.pairs[i].value, &sel))
			val_map_put(L->a, active, services->map.pairs[i].key,
				    services->map.pairs[i].value);
	return active->map.n == services->map.n ? root : compose_with(L, root, "services", active);
}

/* ---- the whole load -------------------------------------------------------- */

/* The project's .env files: --env-file, or PROJECT_DIR/.env if present. */
static size_t load_env_file_names(struct compose_loader *L, const char *dir, bool from_dotenv,
				  const char *const **names)
{
	const struct compose_load_opts *o = L->o;
	if (o->n_env_files) {
		*names = o->env_files;
		return o->n_env_files;
	}
	const char *path = from_dotenv ? ".env" : compose_path_join(L->a, dir, ".env");
	if (!load_is_file(path))
		return 0;
	const char **one = arena_alloc(L->a, sizeof *one);
	one[0] = path;
	*names = one;
	return 1;
}

static bool load_project_setup(struct compose_loader *L, struct compose_project *p,
			       const char *first, bool from_dotenv)
{
	const struct compose_load_opts *o = L->o;
	p->dir = o->project_dir ? o->project_dir
	       : strcmp(first, "-") == 0 ? "." : compose_path_dir(L->a, first);
	p->includer = NULL;
	p->first_file = first;
	struct compose_vars process = compose_vars_then(L->a, NULL, load_environ(L->a, o->environ));
	const char *const *names = NULL;
	size_t n = load_env_file_names(L, p->dir, from_dotenv, &names);
	struct val *dotenv = compose_read_env_files(L, &process, names, n, NULL);
	if (!dotenv)
		return false;
	p->vars = compose_vars_then(L->a, &process, dotenv);
	return true;
}

struct val *compose_load(struct arena *a, struct yres *res, struct diag *d,
			 const struct compose_load_opts *o)
{
	struct compose_loader L = {.a = a, .res = res, .d = d, .o = o,
				   .merge = {.a = a, .d = d}, .plain = PTRMAP_INIT,
				   .warned = val_map(a, NULL)};
	const char *const *files = o->files;
	size_t n = o->nfiles;
	bool from_dotenv = false;
	if (!n)
		n = compose_default_files(a, o, &files, &from_dotenv);
	if (!n) {
		diag_error(d, NULL, "no compose file given, and none of compose.yaml, compose.yml, "
			   "docker-compose.yaml, docker-compose.yml in the current directory");
		return NULL;
	}
	struct compose_project p;
	if (!load_project_setup(&L, &p, files[0], from_dotenv))
		return NULL;
	struct val *root = compose_load_project(&L, &p, files, n);
	if (!root || root->kind != VAL_MAP)
		return root;
	root = load_apply_profiles(&L, root, &p.vars);
	return compose_resolve_env_files(&L, root, &p.vars);
}

/* ---- which files ------------------------------------------------------------- */

static size_t load_split_files(struct arena *a, const char *list, const char *sep,
			       const char *const **files)
{
	size_t n = 0, max = strlen(list) + 1;
	const char **out = arena_alloc(a, max * sizeof *out);
	size_t seplen = *sep ? strlen(sep) : 1;
	for (const char *s = list; *s;) {
		const char *next = strstr(s, *sep ? sep : ":");
		size_t l = next ? (size_t)(next - s) : strlen(s);
		if (l)
			out[n++] = arena_strndup(a, s, l);
		s += l + (next ? seplen : 0);
	}
	*files = out;
	return n;
}

size_t compose_default_files(struct arena *a, const struct compose_load_opts *o,
			     const char *const **files, bool *from_dotenv)
{
	struct diag quiet;   /* the .env is read again, and reported, by the load */
	diag_init(&quiet, a);
	struct compose_loader L = {.a = a, .d = &quiet, .o = o, .warned = val_map(a, NULL)};
	struct val *env = load_environ(a, o->environ);
	struct compose_vars process = compose_vars_then(a, NULL, env);
	const char *const *names = NULL;
	size_t k = load_env_file_names(&L, ".", false, &names);
	struct val *dotenv = compose_read_env_files(&L, &process, names, k, NULL);
	struct compose_vars vars = compose_vars_then(a, &process, dotenv ? dotenv : val_map(a, NULL));
	const struct val *list = compose_vars_get(&vars, "COMPOSE_FILE");
	const struct val *sep = compose_vars_get(&vars, "COMPOSE_PATH_SEPARATOR");
	*from_dotenv = list && !val_map_get(env, "COMPOSE_FILE") && !o->n_env_files;
	size_t n = list ? load_split_files(a, list->str.s, sep ? sep->str.s : ":", files) : 0;
	if (n)
		return n;
	*from_dotenv = false;
	for (size_t i = 0; load_default_names[i]; i++)
		if (access(load_default_names[i], F_OK) == 0) {
			*files = &load_default_names[i];
			return 1;
		}
	return 0;
}
