/* set.c - template sets: names to trees, functions and methods, and the
 * public entry points of tmpl.h (parse, execute, include, tpl).
 *
 * A set is Go's "common" template namespace. Helm's tpl works on a clone of
 * the running set; here a clone is an overlay (a set with a parent) that
 * holds only the templates the tpl text defines, so nothing is copied and
 * nothing leaks back. Everything lives in the set's arena. */
#define _GNU_SOURCE   /* pthread_getattr_np: where this thread's stack ends */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"
#include "util/arena.h"
#include "util/limits.h"
#include "util/regex.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Helm names its root template "gotpl"; Go's errors name the set by it. */
#define SET_NAME "gotpl"

/* Stack kept free below the deepest recursion, for what runs there
 * (template functions, libc, sanitizers). */
#define STACK_MARGIN (256u << 10)
#define STACK_ASSUMED (4u << 20)   /* when the thread cannot tell */

/* ---- string hash map ------------------------------------------------------ */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void *tmpl_smap_get(const struct smap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = hash_str(key) & mask; m->keys[i]; i = (i + 1) & mask)
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

static void smap_insert(struct smap *m, const char *key, void *v)
{
	size_t mask = m->cap - 1, i = hash_str(key) & mask;
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = v;
}

void tmpl_smap_put(struct arena *a, struct smap *m, const char *key, void *v)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct smap old = *m;
		m->cap = old.cap ? old.cap * 2 : 32;
		m->keys = arena_alloc(a, m->cap * sizeof *m->keys);
		m->vals = arena_alloc(a, m->cap * sizeof *m->vals);
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				smap_insert(m, old.keys[i], old.vals[i]);
	}
	smap_insert(m, arena_strdup(a, key), v);
}

/* ---- functions and methods ------------------------------------------------- */

static void parse_sig(struct func *f, const char *sig)
{
	f->nparam = 0;
	f->variadic = false;
	for (const char *p = sig ? sig : ""; *p && f->nparam < TMPL_MAX_PARAMS; p++) {
		if (*p == '*') {
			f->variadic = f->nparam > 0;
			break;
		}
		f->param[f->nparam++] = (unsigned char)*p;
	}
}

static void put_func(struct tmpl_set *s, struct smap *m, const char *key,
		     const char *name, tmpl_fn fn, enum builtin b, const char *sig)
{
	struct func *f = tmpl_smap_get(m, key);
	if (!f) {
		f = arena_alloc(s->arena, sizeof *f);
		tmpl_smap_put(s->arena, m, key, f);
	}
	f->name = arena_strdup(s->arena, name);
	f->fn = fn;
	f->builtin = b;
	parse_sig(f, sig);
}

void tmpl_set_funcs(struct tmpl_set *s, const struct tmpl_func *funcs)
{
	for (; funcs && funcs->name; funcs++)
		put_func(s, s->funcs, funcs->name, funcs->name, funcs->fn, B_NONE, funcs->sig);
}

static const char *method_key(struct arena *a, const char *type, const char *name)
{
	return arena_printf(a, "%s\x1f%s", type, name);
}

void tmpl_set_methods(struct tmpl_set *s, const struct tmpl_method *methods)
{
	for (; methods && methods->name; methods++) {
		const char *key = method_key(s->arena, methods->type, methods->name);
		put_func(s, s->methods, key, methods->name, methods->fn, B_NONE, methods->sig);
	}
}

void tmpl_set_map_type(struct tmpl_set *s, const char *type, struct val *zero)
{
	tmpl_smap_put(s->arena, s->map_types, type, zero ? zero : s->v_null);
}

struct func *tmpl_func_find(const struct tmpl_set *s, const char *name)
{
	return tmpl_smap_get(s->funcs, name);
}

struct func *tmpl_method_find(const struct tmpl_set *s, const char *type,
			      const char *name)
{
	if (!s->methods->n)
		return NULL;
	char key[256];
	if (snprintf(key, sizeof key, "%s\x1f%s", type, name) >= (int)sizeof key)
		return NULL;
	return tmpl_smap_get(s->methods, key);
}

/* The lowest address recursion may reach on this thread (a set is used on
 * the thread that made it). */
static uintptr_t stack_floor(void)
{
	char here;
	uintptr_t sp = (uintptr_t)&here;
	pthread_attr_t attr;
	void *low = NULL;
	size_t size = 0;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		if (pthread_attr_getstack(&attr, &low, &size) != 0)
			low = NULL;
		pthread_attr_destroy(&attr);
	}
	if (low && (uintptr_t)low + STACK_MARGIN < sp)
		return (uintptr_t)low + STACK_MARGIN;
	return sp > STACK_ASSUMED ? sp - STACK_ASSUMED : 0;
}

struct tmpl_limits tmpl_limits_default(void)
{
	return (struct tmpl_limits){
		.max_depth = (unsigned)limit_get(LIMIT_TEMPLATE_DEPTH),
		.max_steps = limit_get(LIMIT_STEPS),
		.max_output = limit_get(LIMIT_OUTPUT_BYTES),
	};
}

struct tmpl_set *tmpl_set_new(struct arena *a, const struct tmpl_limits *limits)
{
	struct tmpl_set *s = arena_alloc(a, sizeof *s);
	s->arena = a;
	s->limits = limits ? *limits : tmpl_limits_default();
	s->funcs = arena_alloc(a, sizeof *s->funcs);
	s->methods = arena_alloc(a, sizeof *s->methods);
	s->map_types = arena_alloc(a, sizeof *s->map_types);
	s->name = SET_NAME;
	s->stack_floor = stack_floor();
	s->v_true = val_bool(a, true, NULL);
	s->v_false = val_bool(a, false, NULL);
	s->v_null = val_null(a, NULL);
	for (size_t i = 0; tmpl_builtins[i].name; i++)
		put_func(s, s->funcs, tmpl_builtins[i].name, tmpl_builtins[i].name, NULL,
			 tmpl_builtins[i].b, tmpl_builtins[i].sig);
	return s;
}

/* ---- templates --------------------------------------------------------------- */

/* Go's parse.IsEmptyTree: nothing but spaces and comments. */
bool tmpl_tree_is_empty(const struct node *n)
{
	if (!n)
		return true;
	if (n->type == N_LIST) {
		for (size_t i = 0; i < n->list.n; i++)
			if (!tmpl_tree_is_empty(n->list.items[i]))
				return false;
		return true;
	}
	if (n->type != N_TEXT)
		return false;
	for (size_t i = 0; i < n->text.len; i++)
		if (!strchr(" \t\n\r\v\f", n->text.s[i]))
			return false;
	return true;
}

const struct tmpl *tmpl_lookup(const struct tmpl_set *s, const char *name)
{
	for (; s; s = s->parent) {
		const struct tmpl *t = tmpl_smap_get(&s->tmpls, name);
		if (t)
			return t;
	}
	return NULL;
}

/* Go's associate: an empty tree does not replace an existing template. */
void tmpl_set_add(struct tmpl_set *s, struct tmpl *t)
{
	const struct tmpl *old = tmpl_lookup(s, t->name);
	if (old && tmpl_tree_is_empty(t->root))
		return;
	tmpl_smap_put(s->arena, &s->tmpls, t->name, t);
}

int tmpl_parse(struct tmpl_set *s, const char *name, const char *text, size_t len,
	       struct buf *err)
{
	size_t n;
	struct tmpl **trees = tmpl_parse_trees(s, name, text, len, &n, err);
	if (!trees)
		return -1;
	for (size_t i = 0; i < n; i++)
		tmpl_set_add(s, trees[i]);
	return 0;
}

bool tmpl_has(const struct tmpl_set *s, const char *name)
{
	return tmpl_lookup(s, name) != NULL;
}

/* ---- executing ------------------------------------------------------------------- */

int tmpl_execute(struct tmpl_set *s, const char *name, struct val *dot,
		 struct buf *out, struct buf *err)
{
	const struct tmpl *t = tmpl_lookup(s, name);
	if (!t) {
		buf_adds(err, "template: no template ");
		gofmt_quote(err, name, strlen(name));
		buf_adds(err, " associated with template ");
		gofmt_quote(err, s->name, strlen(s->name));
		return -1;
	}
	struct xroot root = {0, 0, regex_budget_new()};
	struct tmpl_exec ex;
	tmpl_exec_init(&ex, s, &root, 0, out);
	ex.root_name = t->name;
	int rc = tmpl_exec_run(&ex, t, dot);
	if (rc)
		buf_add(err, ex.err.p, ex.err.len);
	tmpl_exec_done(&ex);
	return rc;
}

static int call_fail(struct tmpl_exec *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int call_fail(struct tmpl_exec *ex, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&ex->callerr);
	va_start(ap, fmt);
	buf_vaddf(&ex->callerr, fmt, ap);
	va_end(ap);
	ex->call_failed = true;
	return -1;
}

int tmpl_call_fail(struct tmpl_call *c, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&c->exec->callerr);
	va_start(ap, fmt);
	buf_vaddf(&c->exec->callerr, fmt, ap);
	va_end(ap);
	c->exec->call_failed = true;
	return -1;
}

/* Run t in a nested execution (include, tpl): same counters, one level
 * deeper; its error becomes the calling function's failure. */
static int run_nested(struct tmpl_exec *ex, struct tmpl_set *s, const struct tmpl *t,
		      struct val *dot, struct buf *out, const char *prefix)
{
	if (ex->depth + 1 > ex->set->limits.max_depth)
		return call_fail(ex, "exceeded maximum template depth (%u); %s raises the limit",
				 ex->set->limits.max_depth, limit_var(LIMIT_TEMPLATE_DEPTH));
	if (tmpl_stack_exhausted(ex->set->stack_floor))
		return call_fail(ex, "exceeded maximum nesting depth (out of stack at depth %u)",
				 ex->depth);
	struct tmpl_exec sub;
	tmpl_exec_init(&sub, s, ex->root, ex->depth + 1, out);
	sub.root_name = ex->root_name;
	int rc = tmpl_exec_run(&sub, t, dot);
	if (rc)
		call_fail(ex, "%s%s", prefix, buf_str(&sub.err));
	tmpl_exec_done(&sub);
	return rc;
}

int tmpl_exec_include(struct tmpl_exec *ex, const char *name, struct val *dot,
		      struct buf *out)
{
	const struct tmpl *t = tmpl_lookup(ex->set, name);
	if (!t) {
		struct buf q = BUF_INIT;
		gofmt_quote(&q, name, strlen(name));
		call_fail(ex, "template: no template %s associated with template \"%s\"",
			  buf_str(&q), ex->set->name);
		buf_free(&q);
		return -1;
	}
	return run_nested(ex, ex->set, t, dot, out, "");
}

static struct tmpl_set *overlay(struct tmpl_set *parent)
{
	struct tmpl_set *s = arena_alloc(parent->arena, sizeof *s);
	*s = *parent;
	s->parent = parent;
	memset(&s->tmpls, 0, sizeof s->tmpls);
	return s;
}

/* Helm's <no value> removal, which its tpl applies to the result. */
static void add_without_no_value(struct buf *out, const char *s, size_t n)
{
	static const char nv[] = "<no value>";
	size_t i = 0;
	while (i < n) {
		const char *hit = NULL;
		for (const char *p = memchr(s + i, '<', n - i); p;
		     p = memchr(p + 1, '<', n - (size_t)(p + 1 - s)))
			if ((size_t)(s + n - p) >= sizeof nv - 1 && memcmp(p, nv, sizeof nv - 1) == 0) {
				hit = p;
				break;
			}
		size_t stop = hit ? (size_t)(hit - s) : n;
		buf_add(out, s + i, stop - i);
		i = hit ? stop + sizeof nv - 1 : n;
	}
}

static const char *quote_text(struct arena *a, const char *text, size_t len)
{
	struct buf q = BUF_INIT;
	gofmt_quote(&q, text, len);
	const char *s = arena_strndup(a, buf_str(&q), q.len);
	buf_free(&q);
	return s;
}

int tmpl_exec_tpl(struct tmpl_exec *ex, const char *text, size_t len,
		  struct val *dot, struct buf *out)
{
	struct tmpl_set *s = overlay(ex->set);
	struct buf perr = BUF_INIT, res = BUF_INIT;
	const char *q = quote_text(s->arena, text, len);
	size_t n;
	struct tmpl **trees = tmpl_parse_trees(s, s->name, text, len, &n, &perr);
	if (!trees) {
		call_fail(ex, "cannot parse template %s: %s", q, buf_str(&perr));
		buf_free(&perr);
		return -1;
	}
	buf_free(&perr);
	const struct tmpl *top = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(trees[i]->name, s->name) == 0)
			top = trees[i];
		tmpl_set_add(s, trees[i]);
	}
	const char *prefix = arena_printf(s->arena, "error during tpl function execution for %s: ", q);
	int rc = run_nested(ex, s, top, dot, &res, prefix);
	if (rc == 0)
		add_without_no_value(out, res.p ? res.p : "", res.len);
	buf_free(&res);
	return rc;
}

const char *tmpl_exec_name(const struct tmpl_exec *ex)
{
	return ex->root_name;
}
