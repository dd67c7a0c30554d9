/* builtins.c - text/template's own functions (funcs.go): not, len, index,
 * slice, eq/ne/lt/le/gt/ge, print/printf/println, html, js, urlquery,
 * call (and/or short-circuit in exec.c), plus Go's truth and type names.
 *
 * Builtins take reflect.Values in Go, so they see whether an argument is a
 * nil interface or nothing at all; here that is struct tv's `boxed`. Their
 * failures are Go's error texts, which exec.c wraps as "error calling X:". */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"
#include "util/arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct builtin_def tmpl_builtins[] = {
	{"and", B_AND, "rr*"}, {"or", B_OR, "rr*"}, {"not", B_NOT, "r"},
	{"len", B_LEN, "r"}, {"index", B_INDEX, "rr*"}, {"slice", B_SLICE, "rr*"},
	{"eq", B_EQ, "rr*"}, {"ne", B_NE, "rr"}, {"lt", B_LT, "rr"}, {"le", B_LE, "rr"},
	{"gt", B_GT, "rr"}, {"ge", B_GE, "rr"},
	{"print", B_PRINT, "v*"}, {"printf", B_PRINTF, "sv*"}, {"println", B_PRINTLN, "v*"},
	{"html", B_HTML, "v*"}, {"js", B_JS, "v*"}, {"urlquery", B_URLQUERY, "v*"},
	{"call", B_CALL, "rr*"},
	{NULL, B_NONE, NULL},
};

static int fail(struct builtin_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct builtin_call *c, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&c->ex->callerr);
	va_start(ap, fmt);
	buf_vaddf(&c->ex->callerr, fmt, ap);
	va_end(ap);
	return -1;
}

static struct arena *arena_of(struct builtin_call *c)
{
	return c->ex->set->arena;
}

bool tmpl_truth(struct tv v)
{
	const struct val *x = v.v;
	switch (x->kind) {
	case VAL_NULL: return false;
	case VAL_BOOL: return x->b;
	case VAL_INT: return x->i != 0;
	case VAL_FLOAT: return x->f != 0;
	case VAL_STR: return x->str.len > 0;
	case VAL_SEQ: return x->seq.n > 0;
	case VAL_MAP: return (tmpl_is_object(x) && x->tag[0] == '*') || x->map.n > 0;
	}
	return false;
}

const char *tmpl_type_name(struct tv v)
{
	return v.boxed ? "interface {}" : gofmt_type_name(v.v);
}

/* ---- sorted map keys (fmtsort) -------------------------------------------- */

static int cmp_keys(const void *a, const void *b)
{
	const struct val *x = (*(struct val_pair *const *)a)->key;
	const struct val *y = (*(struct val_pair *const *)b)->key;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	switch (x->kind) {
	case VAL_STR: {
		size_t n = x->str.len < y->str.len ? x->str.len : y->str.len;
		int c = memcmp(x->str.s, y->str.s, n);
		if (c)
			return c;
		return x->str.len < y->str.len ? -1 : x->str.len > y->str.len;
	}
	case VAL_INT: return x->i < y->i ? -1 : x->i > y->i;
	case VAL_FLOAT: return x->f < y->f ? -1 : x->f > y->f;
	case VAL_BOOL: return (int)x->b - (int)y->b;
	default: return 0;
	}
}

void tmpl_sort_pairs(struct val_pair **p, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_keys(&p[i - 1], &p[i]) > 0) {
			qsort(p, n, sizeof *p, cmp_keys);
			return;
		}
}

struct val_pair **tmpl_sorted_pairs(struct arena *a, const struct val *map)
{
	size_t n = map->map.n;
	struct val_pair **p = arena_alloc(a, (n ? n : 1) * sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = &map->map.pairs[i];
	tmpl_sort_pairs(p, n);
	return p;
}

/* ---- len, index, slice ------------------------------------------------------ */

static int b_len(struct builtin_call *c, struct tv *res)
{
	struct tv a = c->argv[0];
	const struct val *v = a.v;
	if (v->kind == VAL_NULL)
		return a.boxed ? fail(c, "len of nil pointer")
			       : fail(c, "reflect: call of reflect.Value.Type on zero Value");
	int64_t n;
	if (v->kind == VAL_STR)
		n = (int64_t)v->str.len;
	else if (v->kind == VAL_SEQ)
		n = (int64_t)v->seq.n;
	else if (v->kind == VAL_MAP)
		n = (int64_t)v->map.n;
	else
		return fail(c, "len of type %s", gofmt_type_name(v));
	*res = (struct tv){tmpl_new_int(c->ex, n), false};
	return 0;
}

/* Go's indexArg: an integer index within 0..cap. */
static int index_arg(struct builtin_call *c, struct tv idx, size_t cap, int64_t *out)
{
	const struct val *v = idx.v;
	if (v->kind == VAL_NULL)
		return fail(c, "cannot index slice/array with nil");
	if (v->kind != VAL_INT)
		return fail(c, "cannot index slice/array with type %s", gofmt_type_name(v));
	if (v->i < 0 || (uint64_t)v->i > cap)
		return fail(c, "index out of range: %lld", (long long)v->i);
	*out = v->i;
	return 0;
}

/* The Go type name of a value seen through pointers (for "can't index"). */
static const char *elem_type(const struct val *v)
{
	const char *t = gofmt_type_name(v);
	return t[0] == '*' ? t + 1 : t;
}

static int index_one(struct builtin_call *c, struct tv *item, struct tv idx)
{
	struct val *v = item->v;
	int64_t x = 0;
	if (v->kind == VAL_SEQ || v->kind == VAL_STR) {
		size_t len = v->kind == VAL_SEQ ? v->seq.n : v->str.len;
		if (index_arg(c, idx, len, &x))
			return -1;
		if ((size_t)x == len)
			return fail(c, "reflect: %s index out of range",
				    v->kind == VAL_SEQ ? "slice" : "string");
		if (v->kind == VAL_STR)
			*item = (struct tv){tmpl_new_int(c->ex, (unsigned char)v->str.s[x]), false};
		else
			*item = (struct tv){v->seq.items[x],
					    v->go == VAL_GO_DEFAULT && !tmpl_is_object(v)};
		return 0;
	}
	if (v->kind != VAL_MAP)
		return fail(c, "can't index item of type %s", elem_type(v));
	if (idx.v->kind == VAL_NULL)
		return fail(c, "value is nil; should be of type string");
	if (idx.v->kind != VAL_STR)
		return fail(c, "value has type %s; should be string", gofmt_type_name(idx.v));
	struct val_pair *p = val_map_find_val(v, idx.v);
	*item = (struct tv){p ? p->value : c->ex->set->v_null, !tmpl_is_object(v)};
	return 0;
}

static int b_index(struct builtin_call *c, struct tv *res)
{
	struct tv item = {c->argv[0].v, false};
	if (item.v->kind == VAL_NULL)
		return fail(c, "index of untyped nil");
	for (size_t i = 1; i < c->argc; i++) {
		if (item.v->kind == VAL_NULL)
			return fail(c, "index of nil pointer");
		if (index_one(c, &item, c->argv[i]))
			return -1;
	}
	*res = item;
	return 0;
}

static struct val *subseq(struct builtin_call *c, const struct val *v, size_t i, size_t j)
{
	struct val *s = val_seq(arena_of(c), NULL);
	s->go = v->go;
	for (size_t k = i; k < j; k++)
		val_seq_push(arena_of(c), s, v->seq.items[k]);
	return s;
}

static int b_slice(struct builtin_call *c, struct tv *res)
{
	const struct val *v = c->argv[0].v;
	size_t nidx = c->argc - 1, len;
	if (v->kind == VAL_NULL)
		return fail(c, "slice of untyped nil");
	if (nidx > 3)
		return fail(c, "too many slice indexes: %zu", nidx);
	if (v->kind == VAL_STR) {
		if (nidx == 3)
			return fail(c, "cannot 3-index slice a string");
		len = v->str.len;
	} else if (v->kind == VAL_SEQ) {
		len = v->seq.n;
	} else {
		return fail(c, "can't slice item of type %s", gofmt_type_name(v));
	}
	int64_t idx[3] = {0, (int64_t)len, 0};
	for (size_t i = 0; i < nidx; i++)
		if (index_arg(c, c->argv[i + 1], len, &idx[i]))
			return -1;
	if (idx[0] > idx[1])
		return fail(c, "invalid slice index: %lld > %lld", (long long)idx[0], (long long)idx[1]);
	if (nidx == 3 && idx[1] > idx[2])
		return fail(c, "invalid slice index: %lld > %lld", (long long)idx[1], (long long)idx[2]);
	if (v->kind == VAL_STR)
		*res = (struct tv){tmpl_new_str(c->ex, v->str.s + idx[0], (size_t)(idx[1] - idx[0])), false};
	else
		*res = (struct tv){subseq(c, v, (size_t)idx[0], (size_t)idx[1]), false};
	return 0;
}

/* ---- comparisons ---------------------------------------------------------------- */

enum basic { K_INVALID, K_BOOL, K_INT, K_FLOAT, K_STRING };

static enum basic basic_kind(const struct val *v)
{
	switch (v->kind) {
	case VAL_BOOL: return K_BOOL;
	case VAL_INT: return K_INT;
	case VAL_FLOAT: return K_FLOAT;
	case VAL_STR: return K_STRING;
	default: return K_INVALID;
	}
}

/* reflect's Kind, as far as canCompare needs it. */
static int reflect_kind(const struct val *v)
{
	if (v->kind == VAL_MAP && tmpl_is_object(v))
		return 100;   /* a pointer */
	return (int)v->kind;
}

static const char *fmt_verb(struct builtin_call *c, const char *verb, struct val *v)
{
	struct buf b = BUF_INIT;
	gofmt_sprintf(&b, verb, strlen(verb), &v, 1);
	const char *s = arena_strndup(arena_of(c), buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static int cmp_basic(enum basic k, const struct val *a, const struct val *b)
{
	switch (k) {
	case K_BOOL: return a->b != b->b;
	case K_INT: return a->i < b->i ? -1 : a->i > b->i;
	case K_FLOAT: return a->f < b->f ? -1 : a->f > b->f ? 1 : a->f == b->f ? 0 : 2;
	case K_STRING: {
		size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
		int r = memcmp(a->str.s, b->str.s, n);
		if (r)
			return r < 0 ? -1 : 1;
		return a->str.len < b->str.len ? -1 : a->str.len > b->str.len;
	}
	default: return 2;
	}
}

/* Equality of two non-basic values (nil, slices, maps, objects). */
static int eq_other(struct builtin_call *c, struct val *a, struct val *b, bool *truth)
{
	int ka = reflect_kind(a), kb = reflect_kind(b);
	if (ka != kb && a->kind != VAL_NULL && b->kind != VAL_NULL)
		return fail(c, "non-comparable types %s: %s, %s: %s", fmt_verb(c, "%s", a),
			    gofmt_type_name(a), gofmt_type_name(b), fmt_verb(c, "%v", b));
	if (a->kind == VAL_NULL || b->kind == VAL_NULL) {
		*truth = (a->kind == VAL_NULL) == (b->kind == VAL_NULL);
		return 0;
	}
	if (!tmpl_is_object(b) || b->kind != VAL_MAP)   /* only structs compare */
		return fail(c, "non-comparable type %s: %s", fmt_verb(c, "%s", b), gofmt_type_name(b));
	*truth = a == b;
	return 0;
}

static int eq_one(struct builtin_call *c, struct val *a, struct val *b, bool *truth)
{
	enum basic ka = basic_kind(a), kb = basic_kind(b);
	*truth = false;
	if (ka != kb) {
		if (a->kind != VAL_NULL && b->kind != VAL_NULL)
			return fail(c, "incompatible types for comparison: %s and %s",
				    gofmt_type_name(a), gofmt_type_name(b));
		return 0;
	}
	if (ka == K_INVALID)
		return eq_other(c, a, b, truth);
	*truth = cmp_basic(ka, a, b) == 0;
	return 0;
}

static int b_eq(struct builtin_call *c, bool *truth)
{
	if (c->argc < 2)
		return fail(c, "missing argument for comparison");
	for (size_t i = 1; i < c->argc; i++) {
		if (eq_one(c, c->argv[0].v, c->argv[i].v, truth))
			return -1;
		if (*truth)
			return 0;
	}
	return 0;
}

static int b_lt(struct builtin_call *c, bool *truth)
{
	const struct val *a = c->argv[0].v, *b = c->argv[1].v;
	enum basic ka = basic_kind(a), kb = basic_kind(b);
	if (ka == K_INVALID || kb == K_INVALID)
		return fail(c, "invalid type for comparison");
	if (ka != kb)
		return fail(c, "incompatible types for comparison: %s and %s",
			    gofmt_type_name(a), gofmt_type_name(b));
	if (ka == K_BOOL)
		return fail(c, "invalid type for comparison");
	*truth = cmp_basic(ka, a, b) == -1;
	return 0;
}

static int b_compare(struct builtin_call *c, enum builtin b, struct tv *res)
{
	bool truth = false, lt = false;
	int rc;
	switch (b) {
	case B_EQ: rc = b_eq(c, &truth); break;
	case B_NE: rc = b_eq(c, &truth); truth = !truth; break;
	case B_LT: rc = b_lt(c, &truth); break;
	case B_GE: rc = b_lt(c, &lt); truth = !lt; break;
	default:   /* le is lt or eq; gt is its negation */
		rc = b_lt(c, &lt);
		if (rc == 0 && !lt)
			rc = b_eq(c, &truth);
		truth = lt || truth;
		if (b == B_GT)
			truth = !truth;
		break;
	}
	if (rc)
		return -1;
	*res = (struct tv){tmpl_bool(c->ex, truth), false};
	return 0;
}

/* ---- printing and escaping --------------------------------------------------------- */

static struct val **arg_vals(struct builtin_call *c, size_t from)
{
	struct val **v = arena_alloc(arena_of(c), (c->argc + 1) * sizeof *v);
	for (size_t i = from; i < c->argc; i++)
		v[i - from] = c->argv[i].v;
	return v;
}

static int b_print(struct builtin_call *c, enum builtin b, struct tv *res)
{
	struct buf out = BUF_INIT;
	if (b == B_PRINT)
		gofmt_sprint(&out, arg_vals(c, 0), c->argc);
	else if (b == B_PRINTLN)
		gofmt_sprintln(&out, arg_vals(c, 0), c->argc);
	else
		gofmt_sprintf(&out, c->argv[0].v->str.s, c->argv[0].v->str.len,
			      arg_vals(c, 1), c->argc - 1);
	*res = (struct tv){tmpl_new_str(c->ex, buf_str(&out), out.len), false};
	buf_free(&out);
	return 0;
}

/* Go's evalArgs: fmt.Sprint, except that nil prints as "<no value>". */
static void eval_args(struct builtin_call *c, struct buf *out)
{
	if (c->argc == 1 && c->argv[0].v->kind == VAL_STR) {
		buf_add(out, c->argv[0].v->str.s, c->argv[0].v->str.len);
		return;
	}
	struct val **v = arg_vals(c, 0);
	for (size_t i = 0; i < c->argc; i++)
		if (v[i]->kind == VAL_NULL)
			v[i] = tmpl_new_str(c->ex, "<no value>", 10);
	gofmt_sprint(out, v, c->argc);
}

static void html_escape(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\0': buf_adds(out, "\xEF\xBF\xBD"); break;
		case '"': buf_adds(out, "&#34;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		default: buf_addc(out, s[i]);
		}
	}
}

static void js_escape(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x80) {
			size_t w;
			long r = tmpl_utf8_decode(s + i, n - i, &w);
			if (tmpl_go_isprint(r))
				buf_add(out, s + i, w);
			else
				buf_addf(out, "\\u%04lX", r);
			i += w - 1;
			continue;
		}
		switch (ch) {
		case '\\': buf_adds(out, "\\\\"); break;
		case '\'': buf_adds(out, "\\'"); break;
		case '"': buf_adds(out, "\\\""); break;
		case '<': buf_adds(out, "\\u003C"); break;
		case '>': buf_adds(out, "\\u003E"); break;
		case '&': buf_adds(out, "\\u0026"); break;
		case '=': buf_adds(out, "\\u003D"); break;
		default:
			if (ch < ' ') {
				buf_adds(out, "\\u00");
				buf_addc(out, hex[ch >> 4]);
				buf_addc(out, hex[ch & 15]);
			} else {
				buf_addc(out, (char)ch);
			}
		}
	}
}

/* url.QueryEscape */
static void query_escape(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			buf_addc(out, (char)ch);
		} else if (ch == ' ') {
			buf_addc(out, '+');
		} else {
			buf_addc(out, '%');
			buf_addc(out, hex[ch >> 4]);
			buf_addc(out, hex[ch & 15]);
		}
	}
}

static int b_escape(struct builtin_call *c, enum builtin b, struct tv *res)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	eval_args(c, &in);
	if (b == B_HTML)
		html_escape(&out, buf_str(&in), in.len);
	else if (b == B_JS)
		js_escape(&out, buf_str(&in), in.len);
	else
		query_escape(&out, buf_str(&in), in.len);
	*res = (struct tv){tmpl_new_str(c->ex, buf_str(&out), out.len), false};
	buf_free(&in);
	buf_free(&out);
	return 0;
}

/* call: there are no function values in our data, so it always fails with
 * Go's message for what it got. */
static int b_call(struct builtin_call *c)
{
	const struct val *fn = c->argv[0].v;
	if (fn->kind == VAL_NULL)
		return fail(c, "call of nil");
	struct buf name = BUF_INIT;
	if (c->cmd)
		tmpl_node_string(&name, c->cmd);
	else if (fn->kind == VAL_STR)
		buf_add(&name, fn->str.s, fn->str.len);
	else
		buf_addf(&name, "<%s Value>", gofmt_type_name(fn));
	fail(c, "non-function %s of type %s", buf_str(&name), gofmt_type_name(fn));
	buf_free(&name);
	return -1;
}

int tmpl_builtin_run(struct builtin_call *c, enum builtin b, struct tv *res)
{
	switch (b) {
	case B_NOT:
		*res = (struct tv){tmpl_bool(c->ex, !tmpl_truth(c->argv[0])), false};
		return 0;
	case B_LEN: return b_len(c, res);
	case B_INDEX: return b_index(c, res);
	case B_SLICE: return b_slice(c, res);
	case B_EQ: case B_NE: case B_LT: case B_LE: case B_GT: case B_GE:
		return b_compare(c, b, res);
	case B_PRINT: case B_PRINTF: case B_PRINTLN: return b_print(c, b, res);
	case B_HTML: case B_JS: case B_URLQUERY: return b_escape(c, b, res);
	case B_CALL: return b_call(c);
	default: return fail(c, "not a builtin");
	}
}
