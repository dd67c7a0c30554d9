/* extends.c - `extends`: a service built on another service.
 *
 * As compose-go applies it, file by file before files are merged: a
 * service without `file` extends a service of the same file; with `file`
 * (relative to the extending file's directory) one of that file, which is
 * read and interpolated with the same variables, its own extends applied
 * but not its includes. The base loses depends_on and volumes_from (they
 * refer to services of its own project), then the extending service is
 * merged onto it by the merge rules (compose/merge.h). Chains are
 * followed, each service resolved once; a cycle is reported with its
 * whole chain, in compose's words, at the extends that closes it. */
#include "compose/load_impl.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define EXTENDS_MAX_CHAIN 1000

/* The services being resolved, innermost first. */
struct xchain {
	const struct compose_file *f;
	const char *name;
	const struct xchain *up;
	size_t depth;
};

static bool xchain_has(const struct xchain *c, const struct compose_file *f, const char *name)
{
	for (; c; c = c->up)
		if (strcmp(c->f->path, f->path) == 0 && strcmp(c->name, name) == 0)
			return true;
	return false;
}

/* "Circular reference: a in x.yaml extends b in x.yaml extends a in x.yaml" */
static void xcycle_error(struct compose_loader *L, const struct val *at, const struct xchain *c,
			 const struct compose_file *f, const char *name)
{
	const struct xchain *order[EXTENDS_MAX_CHAIN + 1];
	size_t n = 0;
	for (; c && n < EXTENDS_MAX_CHAIN; c = c->up)
		order[n++] = c;
	struct buf b = BUF_INIT;
	buf_adds(&b, "Circular reference:");
	for (size_t i = n; i-- > 0;)
		buf_addf(&b, "%s %s in %s", i + 1 == n ? "" : " extends", order[i]->name,
			 order[i]->f->path);
	buf_addf(&b, " extends %s in %s", name, f->path);
	diag_error(L->d, &at->mark, "%s", b.p);
	buf_free(&b);
}

static struct compose_file *xcached(struct compose_loader *L, const char *path,
				    const struct compose_project *p)
{
	for (struct compose_file *f = L->cache; f; f = f->next)
		if (f->project == p && strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

/* The file an extends names, read once per project. */
static struct compose_file *xload(struct compose_loader *L, const struct compose_file *from,
				  const char *file, const struct val *at)
{
	const char *path = compose_path_join(L->a, from->dir, file);
	struct compose_file *f = xcached(L, path, from->project);
	if (f)
		return f;
	if (access(path, R_OK) != 0) {
		diag_error(L->d, &at->mark, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	f = compose_read_file(L, path, from->project, compose_path_dir(L->a, path));
	if (!f)
		return NULL;
	f->next = L->cache;
	L->cache = f;
	return f;
}

static struct val *xservices(const struct compose_file *f)
{
	struct val *s = f->root->kind == VAL_MAP ? val_map_get(f->root, "services") : NULL;
	return s && s->kind == VAL_MAP ? s : NULL;
}

static struct val *xresolve(struct compose_loader *L, struct compose_file *f, const char *name,
			    const struct xchain *up);

static struct val *xcopy_node(struct compose_loader *L, const struct val *v)
{
	if (++L->copied > COMPOSE_MAX_COPIED)
		return NULL;
	struct val *c = val_new(L->a, v->kind, &v->mark);
	*c = *v;
	if (v->kind == VAL_SEQ || v->kind == VAL_MAP)
		memset(&c->map, 0, sizeof c->map);
	for (size_t i = 0; v->kind == VAL_SEQ && i < v->seq.n; i++) {
		struct val *item = xcopy_node(L, v->seq.items[i]);
		if (!item)
			return NULL;
		val_seq_push(L->a, c, item);
	}
	for (size_t i = 0; v->kind == VAL_MAP && i < v->map.n; i++) {
		struct val *value = xcopy_node(L, v->map.pairs[i].value);
		if (!value)
			return NULL;
		val_map_put(L->a, c, v->map.pairs[i].key, value);
	}
	return c;
}

/* A copy of a base, as compose-go's: two services extending one base must
 * not share nodes, or the values written later would show YAML anchors.
 * Copies are counted, so that aliases cannot make them explode. */
static struct val *xcopy(struct compose_loader *L, const struct val *v, const struct mark *at)
{
	struct val *c = xcopy_node(L, v);
	if (!c && L->copied == COMPOSE_MAX_COPIED + 1)
		diag_error(L->d, at, "extends copies more than %zu nodes; refusing to go on",
			   COMPOSE_MAX_COPIED);
	return c;
}

/* What an extends names: *ref (and the node naming it), and *file. */
static bool xparse(struct compose_loader *L, const char *name, struct val *ext,
		   const char **ref, struct val **refnode, const char **file, struct val **filenode)
{
	*ref = compose_str(ext);
	*refnode = ext;
	*file = NULL;
	*filenode = NULL;
	if (ext->kind == VAL_MAP) {
		*refnode = val_map_get(ext, "service");
		*ref = compose_str(*refnode);
		*filenode = val_map_get(ext, "file");
		*file = compose_str(*filenode);
		if (*filenode && !*file) {
			diag_error(L->d, &(*filenode)->mark, "extends.file of service \"%s\" must be "
				   "a string", name);
			return false;
		}
	}
	if (*ref)
		return true;
	struct val *at = *refnode ? *refnode : ext;
	diag_error(L->d, &at->mark, "extends of service \"%s\" must name a service (a string, "
		   "or a mapping with `service` and maybe `file`)", name);
	return false;
}

/* The base service: found, resolved, and stripped of what refers to its
 * own project. NULL after an error. */
static struct val *xbase(struct compose_loader *L, struct compose_file *f, const char *name,
			 struct val *ext, const struct xchain *here)
{
	const char *ref, *file;
	struct val *refnode, *filenode;
	if (!xparse(L, name, ext, &ref, &refnode, &file, &filenode))
		return NULL;
	struct compose_file *g = file ? xload(L, f, file, filenode) : f;
	if (!g)
		return NULL;
	struct val *services = xservices(g);
	if (!services || !val_map_get(services, ref)) {
		if (!file)
			diag_error(L->d, &refnode->mark, "cannot extend service \"%s\" in %s: service "
				   "\"%s\" not found", name, f->path, ref);
		else
			diag_error(L->d, &refnode->mark, "cannot extend service \"%s\" in %s: service "
				   "\"%s\" not found in %s", name, f->path, ref, g->path);
		return NULL;
	}
	if (xchain_has(here, g, ref)) {
		xcycle_error(L, ext, here, g, ref);
		return NULL;
	}
	struct val *base = xresolve(L, g, ref, here);
	if (!base)
		return NULL;
	if (base->kind == VAL_NULL)
		return val_map(L->a, &base->mark);
	if (base->kind != VAL_MAP) {
		diag_error(L->d, &refnode->mark, "cannot extend service \"%s\": service \"%s\" is "
			   "not a mapping", name, ref);
		return NULL;
	}
	base = xcopy(L, base, &refnode->mark);
	return base ? compose_without(L, compose_without(L, base, "depends_on"), "volumes_from")
		    : NULL;
}

static struct val *xapply(struct compose_loader *L, struct compose_file *f, const char *name,
			  struct val *svc, const struct xchain *here)
{
	struct val *ext = val_map_get(svc, "extends");
	if (here->depth > EXTENDS_MAX_CHAIN) {
		diag_error(L->d, &ext->mark, "extends chain longer than %d services",
			   EXTENDS_MAX_CHAIN);
		return NULL;
	}
	struct val *base = xbase(L, f, name, ext, here);
	if (!base)
		return NULL;
	const char *path[2] = {"services", name};
	bool failed = L->merge.failed;
	struct val *merged = compose_merge(&L->merge, base, compose_without(L, svc, "extends"),
					   path, 2);
	return merged && L->merge.failed == failed ? merged : NULL;
}

/* A service with its extends applied (memoized per file), or NULL. */
static struct val *xresolve(struct compose_loader *L, struct compose_file *f, const char *name,
			    const struct xchain *up)
{
	struct val *done = val_map_get(f->resolved, name);
	if (done || val_map_get(f->broken, name))
		return done;
	struct val *svc = val_map_get(xservices(f), name);
	if (!svc || svc->kind != VAL_MAP || !val_map_get(svc, "extends"))
		return svc;
	struct xchain here = {f, name, up, up ? up->depth + 1 : 1};
	struct val *merged = xapply(L, f, name, svc, &here);
	val_map_set(L->a, merged ? f->resolved : f->broken, name,
		    merged ? merged : val_null(L->a, NULL));
	return merged;
}

bool compose_apply_extends(struct compose_loader *L, struct compose_file *f)
{
	struct val *services = xservices(f);
	bool any = false;
	for (size_t i = 0; services && i < services->map.n && !any; i++) {
		struct val *svc = services->map.pairs[i].value;
		any = svc->kind == VAL_MAP && val_map_get(svc, "extends");
	}
	if (!any)
		return true;
	struct val *copy = val_map(L->a, &services->mark);
	bool ok = true;
	for (size_t i = 0; i < services->map.n; i++) {
		struct val *key = services->map.pairs[i].key, *svc = services->map.pairs[i].value;
		const char *name = compose_str(key);
		struct val *r = svc;
		if (name && svc->kind == VAL_MAP && val_map_get(svc, "extends")) {
			r = xresolve(L, f, name, NULL);
			ok = ok && r;
			r = r ? r : svc;
		}
		val_map_put(L->a, copy, key, r);
	}
	f->root = compose_with(L, f->root, "services", copy);
	return ok;
}
