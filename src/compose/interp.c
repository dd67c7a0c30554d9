/* interp.c - compose variable interpolation: templates and whole trees.
 *
 * compose-go finds templates with a regular expression and replaces each
 * match with a function; this is the same walk written as a scanner. The
 * quirks are kept on purpose, so a file means here what it means to docker
 * compose: an operator form (${V:-x}) first runs to the last `}` of its
 * line, then is cut at the first `}` that balances the `{`s before it
 * (counting every `{`); the default or message is substituted before the
 * variable is looked up (so an unused default still warns about its own
 * unset variables); and after an error the message names the template
 * text compose would name. Relies on value.h for variable layers. */
#include "compose/interp.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct compose_vars compose_vars_then(struct arena *a, const struct compose_vars *base,
				      const struct val *top)
{
	struct compose_vars v;
	size_t n = base ? base->n : 0;
	v.layer = arena_alloc(a, (n + 1) * sizeof *v.layer);
	for (size_t i = 0; i < n; i++)
		v.layer[i] = base->layer[i];
	v.layer[n] = top;
	v.n = n + 1;
	return v;
}

const struct val *compose_vars_get(const struct compose_vars *v, const char *name)
{
	for (size_t i = 0; v && i < v->n; i++) {
		const struct val *found = val_map_get(v->layer[i], name);
		if (found)
			return found;
	}
	return NULL;
}

/* ---- one template ---------------------------------------------------------- */

static bool subst_name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool subst_name_char(char c)
{
	return subst_name_start(c) || (c >= '0' && c <= '9');
}

static bool subst_fail(struct compose_subst *s, const char *msg)
{
	s->error = msg;
	return false;
}

static bool subst_invalid(struct compose_subst *s, const char *t, size_t n)
{
	s->bad_template = arena_strndup(s->a, t, n);
	return subst_fail(s, "invalid interpolation format");
}

static bool subst_room(struct compose_subst *s, const struct buf *out)
{
	if (out->len <= COMPOSE_SUBST_MAX_LEN)
		return true;
	return subst_fail(s, arena_printf(s->a, "the interpolated value is longer than "
					  "%zu bytes", COMPOSE_SUBST_MAX_LEN));
}

/* $NAME and ${NAME}: the value, or "" and a warning. */
static void subst_var(struct compose_subst *s, const char *name, struct buf *out)
{
	const struct val *v = compose_vars_get(s->vars, name);
	if (v)
		buf_add(out, v->str.s, v->str.len);
	else if (s->unset)
		s->unset(s->ctx, name);
}

static bool subst_text(struct compose_subst *s, const char *t, size_t n, int depth,
		       struct buf *out);

/* ${NAME<op>ARG}, op one of - + ? with an optional leading colon. */
static bool subst_op(struct compose_subst *s, const char *name, bool colon, char op,
		     const char *arg, size_t argn, int depth, struct buf *out)
{
	struct buf a = BUF_INIT;
	if (!subst_text(s, arg, argn, depth + 1, &a)) {
		buf_free(&a);
		return false;
	}
	const struct val *v = compose_vars_get(s->vars, name);
	bool usable = v && (!colon || v->str.len > 0);
	bool ok = true;
	if (op == '-' && usable)
		buf_add(out, v->str.s, v->str.len);
	else if (op == '-' || (op == '+' && usable))
		buf_add(out, a.p ? a.p : "", a.len);
	else if (op == '?' && usable)
		buf_add(out, v->str.s, v->str.len);
	else if (op == '?')
		ok = subst_fail(s, a.len ? arena_printf(s->a, "required variable %s is missing "
							"a value: %s", name, buf_str(&a))
				  : arena_printf(s->a, "required variable %s is missing a value",
						 name));
	buf_free(&a);
	return ok;
}

/* compose-go's getFirstBraceClosingIndex: every `{` opens (and hides the
 * character after it), a `}` closes; SIZE_MAX when nothing balances. */
static size_t subst_first_close(const char *m, size_t len)
{
	int open = 0;
	for (size_t i = 0; i < len; i++) {
		if (m[i] == '}' && --open == 0)
			return i;
		if (m[i] == '{') {
			open++;
			i++;
		}
	}
	return SIZE_MAX;
}

/* The line around a position, and its last `}` (SIZE_MAX: none). */
struct subst_line {
	size_t end, last_brace;
};

static void subst_find_line(const char *t, size_t n, size_t from, struct subst_line *l)
{
	const char *nl = memchr(t + from, '\n', n - from);
	l->end = nl ? (size_t)(nl - t) : n;
	l->last_brace = SIZE_MAX;
	for (size_t i = l->end; i > from; i--)
		if (t[i - 1] == '}') {
			l->last_brace = i - 1;
			break;
		}
}

/* What the scanner of one template level keeps between matches. */
struct subst_scan {
	const char *t;
	size_t n;
	int depth;
	size_t win0, win1;     /* the text compose would call "the template" */
	struct subst_line line;
};

/* `${` at t[p]: a braced expression, or an error. *next: where to go on. */
static bool subst_braced(struct compose_subst *s, struct subst_scan *sc, size_t p,
			 struct buf *out, size_t *next)
{
	const char *t = sc->t;
	size_t n = sc->n, q = p + 2, r = q;
	if (r < n && subst_name_start(t[r]))
		for (r++; r < n && subst_name_char(t[r]); r++)
			;
	if (r == q)
		return subst_invalid(s, t + sc->win0, sc->win1 - sc->win0);
	const char *name = arena_strndup(s->a, t + q, r - q);
	if (r < n && t[r] == '}') {
		subst_var(s, name, out);
		*next = r + 1;
		return true;
	}
	bool colon = r < n && t[r] == ':';
	size_t o = r + colon;
	if (o >= n || (t[o] != '-' && t[o] != '+' && t[o] != '?'))
		return subst_invalid(s, t + sc->win0, sc->win1 - sc->win0);
	if (p >= sc->line.end || sc->line.end == SIZE_MAX)
		subst_find_line(t, n, p, &sc->line);
	size_t last = sc->line.last_brace;
	if (last == SIZE_MAX || last <= o)
		return subst_invalid(s, t + sc->win0, sc->win1 - sc->win0);
	size_t close = subst_first_close(t + p, last + 1 - p);
	size_t end = close == SIZE_MAX ? last : p + close;
	if (!subst_op(s, name, colon, t[o], t + o + 1, end - o - 1, sc->depth, out))
		return false;
	if (end < last) {
		sc->win0 = end + 1;
		sc->win1 = last + 1;
	}
	*next = end + 1;
	return true;
}

static bool subst_text(struct compose_subst *s, const char *t, size_t n, int depth,
		       struct buf *out)
{
	if (depth > COMPOSE_SUBST_MAX_DEPTH)
		return subst_fail(s, arena_printf(s->a, "defaults are nested more than %d "
						  "levels deep", COMPOSE_SUBST_MAX_DEPTH));
	struct subst_scan sc = {t, n, depth, 0, n, {SIZE_MAX, SIZE_MAX}};
	size_t i = 0;
	while (i < n) {
		if (i >= sc.win1) {
			sc.win0 = 0;
			sc.win1 = n;
		}
		const char *d = memchr(t + i, '$', n - i);
		size_t p = d ? (size_t)(d - t) : n;
		buf_add(out, t + i, p - i);
		if (!d || !subst_room(s, out))
			break;
		char c = p + 1 < n ? t[p + 1] : '\0';
		if (p + 1 < n && c == '$') {
			buf_addc(out, '$');
			i = p + 2;
		} else if (p + 1 < n && subst_name_start(c)) {
			size_t q = p + 2;
			while (q < n && subst_name_char(t[q]))
				q++;
			subst_var(s, arena_strndup(s->a, t + p + 1, q - p - 1), out);
			i = q;
		} else if (p + 1 < n && c == '{') {
			if (!subst_braced(s, &sc, p, out, &i))
				return false;
		} else {
			buf_addc(out, '$');   /* not a template: compose keeps it */
			i = p + 1;
		}
	}
	return !s->error && subst_room(s, out);
}

bool compose_subst(struct compose_subst *s, const char *text, size_t len, struct buf *out)
{
	s->error = NULL;
	s->bad_template = NULL;
	if (!out->p) {
		buf_grow(out, 0);
		out->p[0] = '\0';
	}
	return subst_text(s, text, len, 0, out);
}

/* ---- whole trees ------------------------------------------------------------- */

void compose_warn_unset(struct diag *d, struct arena *a, struct val *warned,
			const struct mark *m, const char *name)
{
	if (val_map_get(warned, name))
		return;
	val_map_set(a, warned, name, val_null(a, m));
	diag_warn(d, m, "The \"%s\" variable is not set. Defaulting to a blank string.", name);
}

struct interp_site {
	struct compose_interp *it;
	const struct val *node;
};

static void interp_unset(void *ctx, const char *name)
{
	struct interp_site *site = ctx;
	compose_warn_unset(site->it->d, site->it->a, site->it->warned, &site->node->mark, name);
}

/* Go's %q of a string, which is how compose quotes a template. */
static const char *interp_quote(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_addf(&b, "\\%c", c);
		else if (c == '\n')
			buf_adds(&b, "\\n");
		else if (c == '\t')
			buf_adds(&b, "\\t");
		else if (c == '\r')
			buf_adds(&b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(&b, "\\x%02x", c);
		else
			buf_addc(&b, (char)c);
	}
	buf_addc(&b, '"');
	const char *q = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return q;
}

static void interp_error(struct compose_interp *it, const struct val *v, const char *path,
			 const struct compose_subst *s)
{
	const char *where = *path ? path : "(document)";
	it->failed = true;
	if (s->bad_template) {
		diag_error(it->d, &v->mark, "invalid interpolation format for %s: %s", where,
			   interp_quote(it->a, s->bad_template));
		diag_note(it->d, &v->mark, "You may need to escape any $ with another $.");
	} else {
		diag_error(it->d, &v->mark, "error while interpolating %s: %s", where, s->error);
	}
}

/* The new node for a changed string: typed again if it was written plain. */
static struct val *interp_retype(struct compose_interp *it, const struct val *v,
				 const char *s, size_t n)
{
	struct val *r = n && ptrmap_get(it->plain, v)
		? yres_plain_value(it->res, it->a, s, n, &v->mark)
		: val_strn(it->a, s, n, &v->mark);
	r->tag = v->tag;
	return r;
}

static struct val *interp_str(struct compose_interp *it, struct val *v, struct buf *path)
{
	if (!memchr(v->str.s, '$', v->str.len))
		return v;
	struct interp_site site = {it, v};
	struct compose_subst s = {.a = it->a, .vars = it->vars, .unset = interp_unset, .ctx = &site};
	struct buf out = BUF_INIT;
	struct val *r = v;
	if (!compose_subst(&s, v->str.s, v->str.len, &out))
		interp_error(it, v, buf_str(path), &s);
	else if (out.len != v->str.len || memcmp(out.p, v->str.s, out.len) != 0)
		r = interp_retype(it, v, out.p, out.len);
	buf_free(&out);
	return r;
}

static void interp_path_push(struct buf *path, const char *seg, size_t n)
{
	if (path->len)
		buf_addc(path, '.');
	buf_add(path, seg, n);
}

static void interp_path_pop(struct buf *path, size_t len)
{
	path->len = len;
	if (path->p)
		path->p[len] = '\0';
}

static void interp_path_key(struct buf *path, const struct val *key)
{
	char num[32];
	switch (key->kind) {
	case VAL_STR:
		interp_path_push(path, key->str.s, key->str.len);
		return;
	case VAL_INT:
		snprintf(num, sizeof num, "%lld", (long long)key->i);
		break;
	case VAL_BOOL:
		snprintf(num, sizeof num, "%s", key->b ? "true" : "false");
		break;
	default:
		snprintf(num, sizeof num, "%s", val_kind_name(key->kind));
		break;
	}
	interp_path_push(path, num, strlen(num));
}

static struct val *interp_node(struct compose_interp *it, struct val *v, struct buf *path);

static struct val *interp_seq(struct compose_interp *it, struct val *v, struct buf *path)
{
	struct val *copy = NULL;
	size_t len = path->len;
	interp_path_push(path, "[]", 2);
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *item = interp_node(it, v->seq.items[i], path);
		if (item != v->seq.items[i] && !copy) {
			copy = val_seq(it->a, &v->mark);
			copy->tag = v->tag;
			for (size_t j = 0; j < i; j++)
				val_seq_push(it->a, copy, v->seq.items[j]);
		}
		if (copy)
			val_seq_push(it->a, copy, item);
	}
	interp_path_pop(path, len);
	return copy ? copy : v;
}

static struct val *interp_map(struct compose_interp *it, struct val *v, struct buf *path)
{
	struct val *copy = NULL;
	size_t len = path->len;
	for (size_t i = 0; i < v->map.n; i++) {
		struct val_pair *p = &v->map.pairs[i];
		interp_path_key(path, p->key);
		struct val *value = interp_node(it, p->value, path);
		interp_path_pop(path, len);
		if (value != p->value && !copy) {
			copy = val_map(it->a, &v->mark);
			copy->tag = v->tag;
			for (size_t j = 0; j < i; j++)
				val_map_put(it->a, copy, v->map.pairs[j].key, v->map.pairs[j].value);
		}
		if (copy)
			val_map_put(it->a, copy, p->key, value);
	}
	return copy ? copy : v;
}

/* Aliases share subtrees: each node is interpolated once (so an error or
 * a warning is reported once), and its result shared the same way. */
static struct val *interp_node(struct compose_interp *it, struct val *v, struct buf *path)
{
	if (v->kind != VAL_STR && v->kind != VAL_SEQ && v->kind != VAL_MAP)
		return v;
	if (v->kind == VAL_STR && !memchr(v->str.s, '$', v->str.len))
		return v;
	struct val *done = ptrmap_get(&it->memo, v);
	if (done)
		return done;
	struct val *r = v->kind == VAL_STR ? interp_str(it, v, path)
		      : v->kind == VAL_SEQ ? interp_seq(it, v, path)
		      : interp_map(it, v, path);
	ptrmap_put(it->a, &it->memo, v, r);
	return r;
}

struct val *compose_interp_tree(struct compose_interp *it, struct val *v)
{
	struct buf path = BUF_INIT;
	struct val *r = interp_node(it, v, &path);
	buf_free(&path);
	return r;
}
