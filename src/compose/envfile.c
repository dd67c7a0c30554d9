/* envfile.c - a service's env_file, read into its environment.
 *
 * env_file is a path, or a list of paths and {path, required, format}
 * mappings; paths were made relative to the project (or to the file an
 * extends read them from) when their file was read. Each file is read
 * with the dotenv parser, its ${...} looked up first among the variables
 * of the service's earlier env files, then in the project's variables
 * (compose-go's order); later files win. The variables then join the
 * service's `environment`: a key the service already sets keeps its value
 * (a bare `KEY` counts as set), the others are added after the service's
 * own entries, in the form environment already has (a list gets `K=V`
 * strings, a mapping or no environment gets K: "V"). env_file itself is
 * removed, so the converter sees only environment. A missing file is an
 * error unless `required: false`. */
#include "compose/dotenv.h"
#include "compose/load_impl.h"
#include "util/arena.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <string.h>
#include <strings.h>

/* required: true/false, or their text after interpolation. */
static bool envf_required(struct compose_loader *L, const struct val *v, bool *ok)
{
	const char *s = compose_str(v);
	if (!v || (s && strcasecmp(s, "true") == 0))
		return true;
	if (v->kind == VAL_BOOL)
		return v->b;
	if (s && strcasecmp(s, "false") == 0)
		return false;
	diag_error(L->d, &v->mark, "env_file `required` must be true or false");
	*ok = false;
	return true;
}

/* One entry of env_file into vars. */
static bool envf_read_entry(struct compose_loader *L, struct val *e,
			    const struct compose_vars *project, struct val *vars)
{
	bool ok = true;
	struct val *path = e->kind == VAL_MAP ? val_map_get(e, "path") : e;
	struct val *format = e->kind == VAL_MAP ? val_map_get(e, "format") : NULL;
	bool required = e->kind == VAL_MAP ? envf_required(L, val_map_get(e, "required"), &ok)
					   : true;
	if (!compose_str(path)) {
		diag_error(L->d, &e->mark, "an env_file entry is a path, or a mapping with `path`");
		return false;
	}
	if (format && format->kind != VAL_NULL && !val_is_str(format, "")) {
		diag_error(L->d, &format->mark, "unsupported env_file format: %s",
			   compose_str(format) ? compose_str(format) : "(not a string)");
		return false;
	}
	struct compose_vars lookup = compose_vars_then(L->a, NULL, vars);
	for (size_t i = 0; i < project->n; i++)
		lookup = compose_vars_then(L->a, &lookup, project->layer[i]);
	struct val *own = val_map(L->a, NULL);
	struct compose_dotenv p = {L->a, L->d, &lookup, L->warned, compose_str(path)};
	switch (compose_dotenv_file(&p, own)) {
	case COMPOSE_DOTENV_MISSING:
		if (required)
			diag_error(L->d, &path->mark, "env file %s not found", p.name);
		return ok && !required;
	case COMPOSE_DOTENV_FAILED:
		return false;
	case COMPOSE_DOTENV_OK:
		break;
	}
	for (size_t i = 0; i < own->map.n; i++)
		val_map_put(L->a, vars, own->map.pairs[i].key, own->map.pairs[i].value);
	return ok;
}

/* The name an environment list entry sets: the text before `=`. */
static bool envf_list_has(const struct val *list, const struct val *key)
{
	for (size_t i = 0; i < list->seq.n; i++) {
		const struct val *item = list->seq.items[i];
		if (item->kind != VAL_STR)
			continue;
		const char *eq = memchr(item->str.s, '=', item->str.len);
		size_t n = eq ? (size_t)(eq - item->str.s) : item->str.len;
		if (n == key->str.len && memcmp(item->str.s, key->str.s, n) == 0)
			return true;
	}
	return false;
}

/* environment with the env_file variables it does not set yet. */
static struct val *envf_add(struct compose_loader *L, struct val *env, const struct val *vars,
			    const struct mark *at)
{
	struct arena *a = L->a;
	if (env && env->kind == VAL_SEQ) {
		struct val *out = val_seq(a, &env->mark);
		for (size_t i = 0; i < env->seq.n; i++)
			val_seq_push(a, out, env->seq.items[i]);
		for (size_t i = 0; i < vars->map.n; i++) {
			const struct val *k = vars->map.pairs[i].key, *v = vars->map.pairs[i].value;
			if (!envf_list_has(env, k))
				val_seq_push(a, out, val_str(a, arena_printf(a, "%s=%s", k->str.s,
								       v->str.s), &k->mark));
		}
		return out;
	}
	if (env && env->kind != VAL_MAP && env->kind != VAL_NULL)
		return env;   /* not an environment: the schema check reports it */
	struct val *out = env && env->kind == VAL_MAP ? compose_map_copy(L, env) : val_map(a, at);
	for (size_t i = 0; i < vars->map.n; i++)
		if (!val_map_find_val(out, vars->map.pairs[i].key))
			val_map_put(a, out, vars->map.pairs[i].key, vars->map.pairs[i].value);
	return out;
}

static struct val *envf_service(struct compose_loader *L, struct val *svc,
				const struct compose_vars *project, bool *ok)
{
	struct val *ef = val_map_get(svc, "env_file");
	struct val *vars = val_map(L->a, NULL);
	size_t n = ef->kind == VAL_SEQ ? ef->seq.n : ef->kind == VAL_NULL ? 0 : 1;
	for (size_t i = 0; i < n; i++) {
		struct val *e = ef->kind == VAL_SEQ ? ef->seq.items[i] : ef;
		*ok = envf_read_entry(L, e, project, vars) && *ok;
	}
	struct val *out = compose_without(L, svc, "env_file");
	if (vars->map.n == 0)
		return out;
	struct val *env = val_map_get(svc, "environment");
	return compose_with(L, out, "environment", envf_add(L, env, vars, &ef->mark));
}

struct val *compose_resolve_env_files(struct compose_loader *L, struct val *root,
				      const struct compose_vars *vars)
{
	struct val *services = val_map_get(root, "services");
	if (!services || services->kind != VAL_MAP)
		return root;
	struct val *copy = NULL;
	bool ok = true;
	for (size_t i = 0; i < services->map.n; i++) {
		struct val *svc = services->map.pairs[i].value;
		if (svc->kind != VAL_MAP || !val_map_find(svc, "env_file"))
			continue;
		copy = copy ? copy : compose_map_copy(L, services);
		copy->map.pairs[i].value = envf_service(L, svc, vars, &ok);
	}
	if (!ok)
		return NULL;
	return copy ? compose_with(L, root, "services", copy) : root;
}
