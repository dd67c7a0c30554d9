/* funcs_helm.c - what Helm's pkg/engine adds to Sprig: include, tpl,
 * required, toYaml, mustToYaml, fromYaml, fromYamlArray, toJson,
 * fromJson, fromJsonArray and lookup.
 *
 * include and tpl run through the engine (tmpl_exec_include/tpl, which
 * record their own failure); the YAML ones are goyaml.h's; the from*
 * functions never fail but put Go's error text in the result, under
 * "Error" for maps and as the only item for lists, as Helm does.
 * `helm template` has no cluster, so lookup always finds an empty map. */
#include "tmpl/funcs_int.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int tmplfn_fn_include(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	const char *name = arena_strndup(c->arena, c->argv[0]->str.s, c->argv[0]->str.len);
	int rc = tmpl_exec_include(c->exec, name, c->argv[1], &out);
	if (rc == 0)
		*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return rc;
}

/* tpl TEXT DOT: the engine parses and runs it, and drops "<no value>". */
int tmplfn_fn_tpl(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	int rc = tmpl_exec_tpl(c->exec, c->argv[0]->str.s, c->argv[0]->str.len, c->argv[1], &out);
	if (rc == 0)
		*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return rc;
}

/* required MSG V: V, unless it is nil or "" (0, false and empty lists
 * pass). */
int tmplfn_fn_required(struct tmpl_call *c, struct val **r)
{
	const struct val *v = c->argv[1];
	if (v->kind == VAL_NULL || (v->kind == VAL_STR && v->str.len == 0))
		return tmpl_call_fail(c, "%.*s", (int)c->argv[0]->str.len, c->argv[0]->str.s);
	*r = c->argv[1];
	return 0;
}

int tmplfn_fn_lookup(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_map(c);
	return 0;
}

/* ---- YAML ---------------------------------------------------------------- */

int tmplfn_fn_toyaml(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	goyaml_to_yaml(c->argv[0], &out);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_musttoyaml(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = goyaml_marshal(c->argv[0], &out, &err);
	if (rc == 0) {
		if (out.len && out.p[out.len - 1] == '\n')
			out.len--;
		*r = tmplfn_buf_str(c, &out);
	} else {
		tmpl_call_fail(c, "%s", buf_str(&err));
	}
	buf_free(&out);
	buf_free(&err);
	return rc;
}

/* A list holding just the error text (fromYamlArray, fromJsonArray). */
static struct val *helm_error_list(struct tmpl_call *c, const char *msg)
{
	struct val *l = tmplfn_list(c);
	val_seq_push(c->arena, l, tmplfn_str(c, msg, strlen(msg)));
	return l;
}

/* A map holding the error text under "Error" (fromYaml, fromJson). */
static struct val *helm_error_map(struct tmpl_call *c, struct val *m, const char *msg)
{
	if (!m || m->kind != VAL_MAP)
		m = tmplfn_map(c);
	val_map_set(c->arena, m, "Error", tmplfn_str(c, msg, strlen(msg)));
	return m;
}

static struct val *helm_from_yaml(struct tmpl_call *c, bool list)
{
	struct diag d;
	diag_init(&d, c->arena);
	const struct val *s = c->argv[0];
	struct val *v = list ? goyaml_load_list(c->arena, &d, s->str.s, s->str.len, NULL)
			     : goyaml_load_map(c->arena, &d, s->str.s, s->str.len, NULL);
	if (v)
		return v;
	const char *msg = d.n ? d.msgs[d.n - 1].text : "error";
	return list ? helm_error_list(c, msg) : helm_error_map(c, NULL, msg);
}

int tmplfn_fn_fromyaml(struct tmpl_call *c, struct val **r)
{
	*r = helm_from_yaml(c, false);
	return 0;
}

int tmplfn_fn_fromyamlarray(struct tmpl_call *c, struct val **r)
{
	*r = helm_from_yaml(c, true);
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

/* Helm's toJson: json.Marshal, "" when it fails. */
int tmplfn_fn_tojson(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	if (tmplfn_json_marshal(c->argv[0], &out, 0) != 0)
		buf_reset(&out);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

static const char *helm_json_kind(const struct val *v)
{
	switch (v->kind) {
	case VAL_MAP: return "object";
	case VAL_SEQ: return "array";
	case VAL_STR: return "string";
	case VAL_BOOL: return "bool";
	default: return "number";
	}
}

/* json.Unmarshal into a map or a list: null leaves it empty, another
 * kind is a type error. On error *msg is Go's text. */
static struct val *helm_from_json(struct tmpl_call *c, enum val_kind want, struct buf *err)
{
	const struct val *s = c->argv[0];
	struct val *v = tmplfn_json_unmarshal(c->arena, s->str.s, s->str.len, err);
	if (!v)
		return NULL;
	if (v->kind == VAL_NULL)
		return want == VAL_MAP ? tmplfn_map(c) : tmplfn_list(c);
	if (v->kind != want && !err->len) {
		buf_addf(err, "json: cannot unmarshal %s into Go value of type %s", helm_json_kind(v),
			 want == VAL_MAP ? "map[string]interface {}" : "[]interface {}");
		return NULL;
	}
	return v->kind == want ? v : NULL;
}

int tmplfn_fn_fromjson(struct tmpl_call *c, struct val **r)
{
	struct buf err = BUF_INIT;
	struct val *v = helm_from_json(c, VAL_MAP, &err);
	*r = err.len ? helm_error_map(c, v, buf_str(&err)) : v;
	buf_free(&err);
	return 0;
}

int tmplfn_fn_fromjsonarray(struct tmpl_call *c, struct val **r)
{
	struct buf err = BUF_INIT;
	struct val *v = helm_from_json(c, VAL_SEQ, &err);
	*r = err.len ? helm_error_list(c, buf_str(&err)) : v;
	buf_free(&err);
	return 0;
}

/* ---- toToml (BurntSushi/toml's encoder) ------------------------------------ */

static bool toml_bare_key(const struct val *k)
{
	if (!k->str.len)
		return false;
	for (size_t i = 0; i < k->str.len; i++) {
		char ch = k->str.s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

static void toml_string(struct buf *out, const char *s, size_t n)
{
	buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			buf_addf(out, "\\%c", ch);
		else if (ch == '\n')
			buf_adds(out, "\\n");
		else if (ch == '\t')
			buf_adds(out, "\\t");
		else if (ch == '\r')
			buf_adds(out, "\\r");
		else if (ch == '\b')
			buf_adds(out, "\\b");
		else if (ch == '\f')
			buf_adds(out, "\\f");
		else if (ch < 0x20 || ch == 0x7f)
			buf_addf(out, "\\u%04x", ch);
		else
			buf_addc(out, (char)ch);
	}
	buf_addc(out, '"');
}

static void toml_key(struct buf *out, const struct val *k)
{
	if (toml_bare_key(k))
		buf_add(out, k->str.s, k->str.len);
	else
		toml_string(out, k->str.s, k->str.len);
}

/* Floats as strconv 'g', with ".0" where that would read as an int. */
static void toml_float(struct buf *out, double f)
{
	if (isnan(f) || isinf(f)) {
		buf_adds(out, isnan(f) ? "nan" : f < 0 ? "-inf" : "inf");
		return;
	}
	size_t at = out->len;
	goyaml_format_float(out, f, 'g');
	if (!memchr(out->p + at, '.', out->len - at) && !memchr(out->p + at, 'e', out->len - at))
		buf_adds(out, ".0");
}

static void toml_inline(struct buf *out, const struct val *v)
{
	switch (v->kind) {
	case VAL_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		break;
	case VAL_INT:
		buf_addf(out, "%lld", (long long)v->i);
		break;
	case VAL_FLOAT:
		toml_float(out, v->f);
		break;
	case VAL_STR:
		toml_string(out, v->str.s, v->str.len);
		break;
	case VAL_SEQ:
		buf_addc(out, '[');
		for (size_t i = 0; i < v->seq.n; i++) {
			buf_adds(out, i ? ", " : "");
			toml_inline(out, v->seq.items[i]);
		}
		buf_addc(out, ']');
		break;
	case VAL_MAP:
		buf_addc(out, '{');
		for (size_t i = 0, k = 0; i < v->map.n; i++) {
			if (v->map.pairs[i].value->kind == VAL_NULL)
				continue;
			buf_adds(out, k++ ? ", " : "");
			toml_key(out, v->map.pairs[i].key);
			buf_adds(out, " = ");
			toml_inline(out, v->map.pairs[i].value);
		}
		buf_addc(out, '}');
		break;
	default:
		break;
	}
}

/* A map, or a non-empty list of maps: written as a [table] / [[tables]]. */
static bool toml_is_table(const struct val *v)
{
	if (v->kind == VAL_MAP)
		return true;
	if (v->kind != VAL_SEQ || !v->seq.n)
		return false;
	for (size_t i = 0; i < v->seq.n; i++)
		if (v->seq.items[i]->kind != VAL_MAP)
			return false;
	return true;
}

static int toml_cmp_pairs(const void *pa, const void *pb)
{
	const struct val *a = ((const struct val_pair *)pa)->key;
	const struct val *b = ((const struct val_pair *)pb)->key;
	size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
	int c = memcmp(a->str.s, b->str.s, n);
	return c ? c : (a->str.len > b->str.len) - (a->str.len < b->str.len);
}

static void toml_indent(struct buf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(out, "  ");
}

static void toml_table(struct buf *out, const struct val *m, struct buf *path, int depth);

static void toml_subtable(struct buf *out, const struct val *k, const struct val *v,
			  struct buf *path, int depth)
{
	size_t mark = path->len;
	if (path->len)
		buf_addc(path, '.');
	toml_key(path, k);
	const struct val *items = v->kind == VAL_MAP ? NULL : v;
	for (size_t i = 0; i < (items ? items->seq.n : 1); i++) {
		/* a blank line before [[t]] and top-level [t], once anything is written */
		if ((items || depth == 0) && out->len)
			buf_addc(out, '\n');
		toml_indent(out, depth);
		buf_addf(out, items ? "[[%s]]\n" : "[%s]\n", path->p);
		toml_table(out, items ? items->seq.items[i] : v, path, depth + 1);
	}
	path->len = mark;
	path->p[mark] = '\0';
}

/* Direct keys first, then sub-tables, each group sorted. */
static void toml_table(struct buf *out, const struct val *m, struct buf *path, int depth)
{
	struct val_pair *p = xmalloc((m->map.n + 1) * sizeof *p);
	if (m->map.n)
		memcpy(p, m->map.pairs, m->map.n * sizeof *p);
	qsort(p, m->map.n, sizeof *p, toml_cmp_pairs);
	for (size_t i = 0; i < m->map.n; i++) {
		if (p[i].value->kind == VAL_NULL || toml_is_table(p[i].value))
			continue;
		toml_indent(out, depth);
		toml_key(out, p[i].key);
		buf_adds(out, " = ");
		toml_inline(out, p[i].value);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < m->map.n; i++)
		if (toml_is_table(p[i].value))
			toml_subtable(out, p[i].key, p[i].value, path, depth);
	free(p);
}

/* Helm's toToml: a table for a map; other values are written inline. */
int tmplfn_fn_totoml(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT, path = BUF_INIT;
	buf_grow(&path, 16);
	if (c->argv[0]->kind == VAL_MAP)
		toml_table(&out, c->argv[0], &path, 0);
	else
		toml_inline(&out, c->argv[0]);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	buf_free(&path);
	return 0;
}

/* `helm template` resolves no host names (Helm's engine returns ""). */
int tmplfn_fn_gethostbyname(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_str(c, "", 0);
	return 0;
}
