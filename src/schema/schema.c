/* schema.c - the draft-07 validator: indexing, $ref resolution, keywords.
 *
 * Schemas are read in place (they are value trees too). Indexing walks the
 * schema keywords of every document once, recording the base URI of each
 * subschema and the URIs that name one ($id, plain-name fragments).
 * Validation is a recursive walk; in "ask" mode (collect == false) it stops
 * at the first failure and builds no message, which keeps anyOf, oneOf,
 * not, if and contains cheap. Messages are built only when collected. */
#include "schema/schema.h"
#include "schema/uri.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/embed.h"
#include "util/ptrmap.h"
#include "util/regex.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/pyrepr.h"
#include "yaml/value.h"


#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_MAX_DEPTH 512

/* ---- the set ------------------------------------------------------------ */

struct resource {
	const char *uri;            /* absolute, with a fragment only for anchors */
	const struct val *node;
};

/* A compiled pattern. "^x-" and other anchored literals (the common case in
 * compose schemas) are matched by a prefix compare instead of PCRE2. */
struct regex {
	pcre2_code *code;     /* NULL: the pattern did not compile */
	const char *prefix;   /* set when the pattern is ^ and literal text */
	size_t prefix_n;
};

/* A schema object's keywords, found once (by one pass over its keys). */
struct kw {
	const struct val *type, *enum_, *const_, *pattern, *min_len, *max_len;
	const struct val *properties, *pattern_props, *additional, *required;
	const struct val *property_names, *dependencies, *min_props, *max_props;
	const struct val *items, *additional_items, *contains, *unique, *min_items, *max_items;
	const struct val *all_of, *any_of, *one_of, *not_, *if_, *then_, *else_;
	const struct val *ref, *ref_target;
	bool numeric;   /* has minimum, maximum, exclusive*, multipleOf */
	bool ref_resolved;
};

struct schema_set {
	struct arena *a;
	struct ptrmap compiled;     /* schema object -> struct kw */
	struct resource *res;
	size_t nres, capres;
	struct ptrmap bases;        /* subschema -> base URI */
	struct ptrmap regex;        /* pattern string node -> struct regex */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	struct regex_budget budget;   /* of all pattern matches of the set */
	schema_fetch_fn fetch;
	void *fetch_ctx;
};

struct schema_set *schema_set_new(struct arena *a)
{
	struct schema_set *s = arena_alloc(a, sizeof *s);
	s->a = a;
	s->md = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	s->budget = regex_budget_new();
	return s;
}

void schema_set_free(struct schema_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->regex.cap; i++)
		if (s->regex.keys[i])
			pcre2_code_free(((struct regex *)s->regex.values[i])->code);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
}

void schema_set_fetch(struct schema_set *s, schema_fetch_fn fn, void *ctx)
{
	s->fetch = fn;
	s->fetch_ctx = ctx;
}

static void schema_name(struct schema_set *s, const char *uri, const struct val *node)
{
	if (s->nres == s->capres) {
		size_t cap = s->capres ? s->capres * 2 : 16;
		s->res = arena_grow(s->a, s->res, s->nres * sizeof *s->res, cap * sizeof *s->res);
		s->capres = cap;
	}
	s->res[s->nres++] = (struct resource){uri, node};
}

static const struct val *schema_named(const struct schema_set *s, const char *uri)
{
	for (size_t i = s->nres; i-- > 0;)
		if (strcmp(s->res[i].uri, uri) == 0)
			return s->res[i].node;
	return NULL;
}

/* ---- indexing ----------------------------------------------------------- */

static void schema_index(struct schema_set *s, const struct val *node, const char *base);

static void schema_index_each(struct schema_set *s, const struct val *v, const char *base)
{
	if (v->kind == VAL_SEQ)
		for (size_t i = 0; i < v->seq.n; i++)
			schema_index(s, v->seq.items[i], base);
	else
		schema_index(s, v, base);
}

static void schema_index_values(struct schema_set *s, const struct val *v, const char *base)
{
	if (v->kind == VAL_MAP)
		for (size_t i = 0; i < v->map.n; i++)
			schema_index(s, v->map.pairs[i].value, base);
}

/* $id changes the base URI, except beside $ref (draft-07 ignores it there);
 * "#name" names the subschema without changing the base. */
static const char *schema_index_id(struct schema_set *s, const struct val *node,
				   const char *base)
{
	const struct val *id = val_map_get(node, "$id");
	if (!id || id->kind != VAL_STR || val_map_get(node, "$ref"))
		return base;
	char *full = uri_resolve(s->a, base, id->str.s);
	const char *frag;
	char *doc = uri_split_fragment(s->a, full, &frag);
	if (id->str.s[0] == '#') {
		schema_name(s, full, node);
		return base;
	}
	schema_name(s, doc, node);
	if (frag && *frag && *frag != '/')
		schema_name(s, full, node);
	return doc;
}

static void schema_index(struct schema_set *s, const struct val *node, const char *base)
{
	if (node->kind != VAL_MAP)
		return;
	if (ptrmap_get(&s->bases, node))
		return;   /* shared subtree (YAML alias) already indexed */
	base = schema_index_id(s, node, base);
	ptrmap_put(s->a, &s->bases, node, (void *)base);
	static const char *const one[] = {"additionalItems", "additionalProperties",
		"contains", "propertyNames", "if", "then", "else", "not", NULL};
	static const char *const each[] = {"items", "allOf", "anyOf", "oneOf", NULL};
	static const char *const values[] = {"properties", "patternProperties",
		"definitions", "dependencies", NULL};
	const struct val *v;
	for (size_t i = 0; one[i]; i++)
		if ((v = val_map_get(node, one[i])))
			schema_index(s, v, base);
	for (size_t i = 0; each[i]; i++)
		if ((v = val_map_get(node, each[i])))
			schema_index_each(s, v, base);
	for (size_t i = 0; values[i]; i++)
		if ((v = val_map_get(node, values[i])))
			schema_index_values(s, v, base);
}

void schema_add(struct schema_set *s, const char *uri, const struct val *doc)
{
	const char *frag;
	char *base = uri_split_fragment(s->a, uri_resolve(s->a, "", uri), &frag);
	schema_name(s, base, doc);
	schema_index(s, doc, base);
}

/* ---- $ref resolution ---------------------------------------------------- */

static int schema_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One JSON pointer token of a URI fragment: %XX, then ~1 and ~0 decoded. */
static char *schema_pointer_token(struct arena *a, const char *p, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n &&
		    schema_hex(p[i + 1]) >= 0 && schema_hex(p[i + 2]) >= 0) {
			*o++ = (char)(schema_hex(p[i + 1]) * 16 + schema_hex(p[i + 2]));
			i += 2;
		} else if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
			*o++ = p[++i] == '0' ? '~' : '/';
		} else {
			*o++ = p[i];
		}
	}
	*o = '\0';
	return out;
}

static const struct val *schema_follow_pointer(struct schema_set *s, const struct val *node,
					       const char *ptr)
{
	while (node && *ptr == '/') {
		ptr++;
		size_t n = strcspn(ptr, "/");
		char *tok = schema_pointer_token(s->a, ptr, n);
		ptr += n;
		if (node->kind == VAL_MAP) {
			node = val_map_get(node, tok);
		} else if (node->kind == VAL_SEQ) {
			char *end;
			unsigned long i = strtoul(tok, &end, 10);
			node = *tok && !*end && i < node->seq.n ? node->seq.items[i] : NULL;
		} else {
			node = NULL;
		}
	}
	return *ptr ? NULL : node;
}

/* Schemas every validator knows: the draft-07 metaschema, built in. */
static const struct val *schema_builtin(struct schema_set *s, const char *doc)
{
	if (strcmp(doc, "http://json-schema.org/draft-07/schema") != 0)
		return NULL;
	const struct embed_file *f = embed_find("schemas/json-schema-draft-07.json");
	struct diag d;
	diag_init(&d, s->a);
	struct yload y = {.arena = s->a, .diag = &d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	return f ? yload_string(&y, f->data, f->len, f->name) : NULL;
}

static const struct val *schema_fetch_doc(struct schema_set *s, const char *doc)
{
	const struct val *found = schema_named(s, doc);
	if (found)
		return found;
	const struct val *fetched = s->fetch ? s->fetch(s->fetch_ctx, s->a, doc) : NULL;
	if (!fetched)
		fetched = schema_builtin(s, doc);
	if (!fetched)
		return NULL;
	schema_add(s, doc, fetched);
	return schema_named(s, doc);
}

/* The subschema `ref` names, seen from `from` (whose base URI applies). */
static const struct val *schema_resolve(struct schema_set *s, const struct val *from,
					const char *ref)
{
	const char *base = ptrmap_get(&s->bases, from);
	char *full = uri_resolve(s->a, base ? base : "", ref);
	const char *frag;
	char *doc = uri_split_fragment(s->a, full, &frag);
	if (frag && *frag && *frag != '/') {
		const struct val *anchor = schema_named(s, full);
		if (anchor || schema_fetch_doc(s, doc) == NULL)
			return anchor;
		return schema_named(s, full);
	}
	const struct val *root = schema_fetch_doc(s, doc);
	return root && frag ? schema_follow_pointer(s, root, frag) : root;
}


/* ---- compiled keywords --------------------------------------------------- */

static const struct kw_slot {
	const char *name;
	size_t offset;
} kw_slots[] = {
#define KW(name, field) {name, offsetof(struct kw, field)}
	KW("type", type), KW("enum", enum_), KW("const", const_), KW("pattern", pattern),
	KW("minLength", min_len), KW("maxLength", max_len), KW("properties", properties),
	KW("patternProperties", pattern_props), KW("additionalProperties", additional),
	KW("required", required), KW("propertyNames", property_names),
	KW("dependencies", dependencies), KW("minProperties", min_props),
	KW("maxProperties", max_props), KW("items", items), KW("additionalItems", additional_items),
	KW("contains", contains), KW("uniqueItems", unique), KW("minItems", min_items),
	KW("maxItems", max_items), KW("allOf", all_of), KW("anyOf", any_of), KW("oneOf", one_of),
	KW("not", not_), KW("if", if_), KW("then", then_), KW("else", else_), KW("$ref", ref),
#undef KW
};

static struct kw *schema_kw(struct schema_set *s, const struct val *schema)
{
	struct kw *k = ptrmap_get(&s->compiled, schema);
	if (k)
		return k;
	k = arena_alloc(s->a, sizeof *k);
	for (size_t i = 0; i < schema->map.n; i++) {
		const struct val *key = schema->map.pairs[i].key;
		if (key->kind != VAL_STR)
			continue;
		for (size_t j = 0; j < sizeof kw_slots / sizeof kw_slots[0]; j++)
			if (strcmp(key->str.s, kw_slots[j].name) == 0)
				*(const struct val **)((char *)k + kw_slots[j].offset) =
					schema->map.pairs[i].value;
		static const char *const numeric[] = {"minimum", "maximum", "exclusiveMinimum",
						      "exclusiveMaximum", "multipleOf"};
		for (size_t j = 0; j < 5; j++)
			k->numeric |= strcmp(key->str.s, numeric[j]) == 0;
	}
	ptrmap_put(s->a, &s->compiled, schema, k);
	return k;
}

/* ---- validation state ------------------------------------------------------ */

struct vctx {
	struct schema_set *s;
	struct schema_result *res;  /* NULL: only ask whether it is valid */
	struct buf ptr;             /* JSON pointer of the current instance */
	int depth;
};

static bool v_schema(struct vctx *c, const struct val *schema, const struct val *inst);

/* The path is kept only when errors are collected ("ask" mode needs none). */
static void v_push_key(struct vctx *c, const char *key, size_t n, size_t *mark)
{
	*mark = c->ptr.len;
	if (!c->res)
		return;
	buf_addc(&c->ptr, '/');
	for (size_t i = 0; i < n; i++) {
		if (key[i] == '~')
			buf_adds(&c->ptr, "~0");
		else if (key[i] == '/')
			buf_adds(&c->ptr, "~1");
		else
			buf_addc(&c->ptr, key[i]);
	}
}

static void v_push_index(struct vctx *c, size_t i, size_t *mark)
{
	*mark = c->ptr.len;
	if (!c->res)
		return;
	buf_addf(&c->ptr, "/%zu", i);
}

static void v_pop(struct vctx *c, size_t mark)
{
	c->ptr.len = mark;
	if (c->ptr.p)
		c->ptr.p[mark] = '\0';
}

static const char *v_repr(struct vctx *c, const struct val *v)
{
	struct buf b = BUF_INIT;
	pyrepr(v, &b);
	char *s = arena_strndup(c->s->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static void v_report(struct vctx *c, const struct val *inst, const struct val *at,
		     const char *keyword, const char *py, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void v_report(struct vctx *c, const struct val *inst, const struct val *at,
		     const char *keyword, const char *py, const char *fmt, ...)
{
	struct schema_result *r = c->res;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		r->errors = arena_grow(c->s->a, r->errors, r->n * sizeof *r->errors,
				       cap * sizeof *r->errors);
		r->cap = cap;
	}
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->errors[r->n++] = (struct schema_error){
		inst, at ? at : inst, arena_strdup(c->s->a, buf_str(&c->ptr)), keyword,
		arena_strndup(c->s->a, buf_str(&b), b.len), py};
	buf_free(&b);
}

/* ---- JSON's view of values ------------------------------------------------- */

static bool v_is_number(const struct val *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

static double v_number(const struct val *v)
{
	return v->kind == VAL_INT ? (double)v->i : v->f;
}

/* JSON equality: 1 == 1.0, but true != 1; mappings regardless of order. */
static bool v_json_equal(const struct val *a, const struct val *b)
{
	if (v_is_number(a) && v_is_number(b)) {
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return a->i == b->i;
		return v_number(a) == v_number(b);
	}
	if (a->kind != b->kind)
		return false;
	if (a->kind == VAL_SEQ) {
		if (a->seq.n != b->seq.n)
			return false;
		for (size_t i = 0; i < a->seq.n; i++)
			if (!v_json_equal(a->seq.items[i], b->seq.items[i]))
				return false;
		return true;
	}
	if (a->kind == VAL_MAP) {
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++) {
			struct val_pair *p = val_map_find_val(b, a->map.pairs[i].key);
			if (!p || !v_json_equal(a->map.pairs[i].value, p->value))
				return false;
		}
		return true;
	}
	return val_equal(a, b);
}

static bool v_has_type(const struct val *v, const char *type)
{
	switch (v->kind) {
	case VAL_NULL: return strcmp(type, "null") == 0;
	case VAL_BOOL: return strcmp(type, "boolean") == 0;
	case VAL_STR: return strcmp(type, "string") == 0;
	case VAL_SEQ: return strcmp(type, "array") == 0;
	case VAL_MAP: return strcmp(type, "object") == 0;
	case VAL_INT: return strcmp(type, "integer") == 0 || strcmp(type, "number") == 0;
	case VAL_FLOAT:
		return strcmp(type, "number") == 0 ||
		       (strcmp(type, "integer") == 0 && isfinite(v->f) && v->f == floor(v->f));
	}
	return false;
}

/* The words a compose user knows for JSON types. */
static const char *v_type_words(const char *type)
{
	static const char *const names[][2] = {
		{"object", "a mapping"}, {"array", "a list"}, {"string", "a string"},
		{"integer", "an integer"}, {"number", "a number"}, {"boolean", "a boolean"},
		{"null", "null"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(type, names[i][0]) == 0)
			return names[i][1];
	return type;
}

static const char *v_kind_words(const struct val *v)
{
	static const char *const names[] = {"null", "a boolean", "an integer", "a number",
					    "a string", "a list", "a mapping"};
	return names[v->kind];
}

static size_t v_utf8_length(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

/* ---- keywords ------------------------------------------------------------ */

/* "a string", "a string or a mapping", "a string, a number or null" */
static void v_type_list(const struct val *types, struct buf *ours, struct buf *py)
{
	size_t n = types->kind == VAL_SEQ ? types->seq.n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct val *t = types->kind == VAL_SEQ ? types->seq.items[i] : types;
		const char *name = t->kind == VAL_STR ? t->str.s : "?";
		buf_adds(ours, i == 0 ? "" : i + 1 == n ? " or " : ", ");
		buf_adds(ours, v_type_words(name));
		buf_addf(py, "%s'%s'", i ? ", " : "", name);
	}
}

static bool k_type(struct vctx *c, const struct val *types, const struct val *inst)
{
	if (types->kind == VAL_STR)
		if (v_has_type(inst, types->str.s))
			return true;
	if (types->kind == VAL_SEQ)
		for (size_t i = 0; i < types->seq.n; i++)
			if (types->seq.items[i]->kind == VAL_STR &&
			    v_has_type(inst, types->seq.items[i]->str.s))
				return true;
	if (!c->res)
		return false;
	struct buf ours = BUF_INIT, py = BUF_INIT;
	v_type_list(types, &ours, &py);
	const char *pym = arena_printf(c->s->a, "%s is not of type %s", v_repr(c, inst), buf_str(&py));
	v_report(c, inst, NULL, "type", pym, "expected %s, got %s", buf_str(&ours), v_kind_words(inst));
	buf_free(&ours);
	buf_free(&py);
	return false;
}

static bool k_enum(struct vctx *c, const struct val *values, const struct val *inst)
{
	if (values->kind == VAL_SEQ)
		for (size_t i = 0; i < values->seq.n; i++)
			if (v_json_equal(values->seq.items[i], inst))
				return true;
	if (c->res) {
		const char *list = v_repr(c, values);
		v_report(c, inst, NULL, "enum", arena_printf(c->s->a, "%s is not one of %s",
			 v_repr(c, inst), list), "expected one of %s, got %s", list, v_repr(c, inst));
	}
	return false;
}

static bool k_const(struct vctx *c, const struct val *value, const struct val *inst)
{
	if (v_json_equal(value, inst))
		return true;
	if (c->res)
		v_report(c, inst, NULL, "const", arena_printf(c->s->a, "%s was expected",
			 v_repr(c, value)), "expected %s, got %s", v_repr(c, value), v_repr(c, inst));
	return false;
}

static bool v_literal_prefix(const struct val *pattern)
{
	if (pattern->str.len < 2 || pattern->str.s[0] != '^')
		return false;
	for (size_t i = 1; i < pattern->str.len; i++) {
		char ch = pattern->str.s[i];
		bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
		if (!plain)
			return false;
	}
	return true;
}

static struct regex *v_regex(struct vctx *c, const struct val *pattern)
{
	struct regex *re = ptrmap_get(&c->s->regex, pattern);
	if (re)
		return re;
	re = arena_alloc(c->s->a, sizeof *re);
	if (v_literal_prefix(pattern)) {
		re->prefix = pattern->str.s + 1;
		re->prefix_n = pattern->str.len - 1;
	} else {
		int err;
		PCRE2_SIZE off;
		re->code = pcre2_compile((PCRE2_SPTR)pattern->str.s, pattern->str.len,
					 PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
	}
	ptrmap_put(c->s->a, &c->s->regex, pattern, re);
	return re;
}

/* Does the pattern match somewhere in s? -1: the pattern is broken; a
 * PCRE2 limit error when matching is too expensive (util/regex.h). */
static int v_search(struct vctx *c, const struct val *pattern, const char *s, size_t n)
{
	struct regex *re = pattern->kind == VAL_STR ? v_regex(c, pattern) : NULL;
	if (re && re->prefix)
		return n >= re->prefix_n && memcmp(s, re->prefix, re->prefix_n) == 0;
	if (!re || !re->code)
		return -1;
	int rc = regex_match(&c->s->budget, re->code, s, n, 0, c->s->md, c->s->mctx);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

static void v_pattern_too_expensive(struct vctx *c, const struct val *inst,
				    const struct val *pattern, int rc)
{
	struct buf msg = BUF_INIT;
	regex_limit_message(&c->s->budget, rc, &msg);
	const char *text = arena_printf(c->s->a, "the pattern %s: %s", v_repr(c, pattern),
					buf_str(&msg));
	v_report(c, inst, NULL, "pattern", text, "%s", text);
	buf_free(&msg);
}

static bool k_pattern(struct vctx *c, const struct val *pattern, const struct val *inst)
{
	if (inst->kind != VAL_STR)
		return true;
	int m = v_search(c, pattern, inst->str.s, inst->str.len);
	if (m == 1)
		return true;
	if (c->res && m == 0)
		v_report(c, inst, NULL, "pattern", arena_printf(c->s->a, "%s does not match %s",
			 v_repr(c, inst), v_repr(c, pattern)), "%s does not match the pattern %s",
			 v_repr(c, inst), pattern->str.s);
	else if (c->res && m == -1)
		v_report(c, inst, NULL, "pattern", "invalid pattern in the schema",
			 "the schema's pattern %s is not a valid regular expression", v_repr(c, pattern));
	else if (c->res)
		v_pattern_too_expensive(c, inst, pattern, m);
	return false;
}

static bool v_limit(const struct val *limit, double *out)
{
	if (!v_is_number(limit))
		return false;
	*out = v_number(limit);
	return true;
}

static bool k_length(struct vctx *c, const struct kw *k, const struct val *inst)
{
	if (inst->kind != VAL_STR)
		return true;
	size_t len = v_utf8_length(inst->str.s, inst->str.len);
	double lo, hi;
	bool ok = true;
	const struct val *mn = k->min_len, *mx = k->max_len;
	if (mn && v_limit(mn, &lo) && len < lo) {
		if (!c->res)
			return false;
		ok = false;
		v_report(c, inst, NULL, "minLength", arena_printf(c->s->a, "%s is too short",
			 v_repr(c, inst)), "expected at least %g characters, got %zu", lo, len);
	}
	if (mx && v_limit(mx, &hi) && len > hi) {
		if (!c->res)
			return false;
		ok = false;
		v_report(c, inst, NULL, "maxLength", arena_printf(c->s->a, "%s is too long",
			 v_repr(c, inst)), "expected at most %g characters, got %zu", hi, len);
	}
	return ok;
}

/* multipleOf with a tolerance, so 0.0075 is a multiple of 0.0001. */
static bool v_multiple(double x, double m)
{
	if (m <= 0)
		return false;
	double q = x / m;
	if (!isfinite(q))
		return false;
	return fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
}

struct v_numcheck {
	const char *keyword, *py, *ours;
	bool (*fails)(double x, double limit);
};

static bool v_lt(double x, double l) { return x < l; }
static bool v_gt(double x, double l) { return x > l; }
static bool v_le(double x, double l) { return x <= l; }
static bool v_ge(double x, double l) { return x >= l; }
static bool v_notmul(double x, double l) { return !v_multiple(x, l); }

static bool k_numbers(struct vctx *c, const struct val *schema, const struct val *inst)
{
	static const struct v_numcheck checks[] = {
		{"minimum", "%s is less than the minimum of %s", "expected at least %s, got %s", v_lt},
		{"maximum", "%s is greater than the maximum of %s", "expected at most %s, got %s", v_gt},
		{"exclusiveMinimum", "%s is less than or equal to the minimum of %s",
		 "expected more than %s, got %s", v_le},
		{"exclusiveMaximum", "%s is greater than or equal to the maximum of %s",
		 "expected less than %s, got %s", v_ge},
		{"multipleOf", "%s is not a multiple of %s", "expected a multiple of %s, got %s", v_notmul},
	};
	if (!v_is_number(inst))
		return true;
	bool ok = true;
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		const struct val *lim = val_map_get(schema, checks[i].keyword);
		double l;
		if (!lim || !v_limit(lim, &l) || !checks[i].fails(v_number(inst), l))
			continue;
		if (!c->res)
			return false;
		ok = false;
		const char *iv = v_repr(c, inst), *lv = v_repr(c, lim);
		v_report(c, inst, NULL, checks[i].keyword,
			 arena_printf(c->s->a, checks[i].py, iv, lv), checks[i].ours, lv, iv);
	}
	return ok;
}

/* ---- objects ------------------------------------------------------------ */

static bool v_descend_key(struct vctx *c, const struct val *schema, const struct val_pair *p)
{
	size_t mark;
	const char *k = p->key->kind == VAL_STR ? p->key->str.s : "";
	v_push_key(c, k, p->key->kind == VAL_STR ? p->key->str.len : 0, &mark);
	bool ok = v_schema(c, schema, p->value);
	v_pop(c, mark);
	return ok;
}

static void v_report_unknown_key(struct vctx *c, const struct val *inst, const struct val_pair *p,
				 const char *py)
{
	size_t mark;
	v_push_key(c, p->key->kind == VAL_STR ? p->key->str.s : "", p->key->kind == VAL_STR ? p->key->str.len : 0, &mark);
	v_report(c, p->value, p->key, "additionalProperties", py, "unknown key %s",
		 v_repr(c, p->key));
	v_pop(c, mark);
	(void)inst;
}

static int v_cmp_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Python lists every unexpected key in one message, sorted. Where the
 * schema also has patternProperties, jsonschema says which regexes the keys
 * failed instead: "'foo' does not match any of the regexes: '^x-'". */
static const char *v_unexpected_py(struct vctx *c, const struct val *inst, const bool *extra,
				   const struct val *patterns)
{
	size_t count = 0, npat = patterns && patterns->kind == VAL_MAP ? patterns->map.n : 0;
	const char **keys = arena_alloc(c->s->a, (inst->map.n + 1) * sizeof *keys);
	for (size_t i = 0; i < inst->map.n; i++)
		if (extra[i])
			keys[count++] = v_repr(c, inst->map.pairs[i].key);
	qsort(keys, count, sizeof *keys, v_cmp_text);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < count; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", keys[i]);
	const char *s;
	if (npat) {
		const char **pats = arena_alloc(c->s->a, (npat + 1) * sizeof *pats);
		for (size_t i = 0; i < npat; i++)
			pats[i] = v_repr(c, patterns->map.pairs[i].key);
		qsort(pats, npat, sizeof *pats, v_cmp_text);
		struct buf p = BUF_INIT;
		for (size_t i = 0; i < npat; i++)
			buf_addf(&p, "%s%s", i ? ", " : "", pats[i]);
		s = arena_printf(c->s->a, "%s %s not match any of the regexes: %s", buf_str(&b),
				 count == 1 ? "does" : "do", buf_str(&p));
		buf_free(&p);
	} else {
		s = arena_printf(c->s->a, "Additional properties are not allowed (%s %s unexpected)",
				 buf_str(&b), count == 1 ? "was" : "were");
	}
	buf_free(&b);
	return s;
}

static bool k_properties(struct vctx *c, const struct kw *k, const struct val *inst)
{
	const struct val *props = k->properties, *patterns = k->pattern_props;
	const struct val *additional = k->additional;
	bool ok = true;
	bool *extra = additional ? arena_alloc(c->s->a, inst->map.n + 1) : NULL;
	for (size_t i = 0; i < inst->map.n && (ok || c->res); i++) {
		const struct val_pair *p = &inst->map.pairs[i];
		const char *key = p->key->kind == VAL_STR ? p->key->str.s : NULL;
		size_t kn = key ? p->key->str.len : 0;
		bool known = false;
		const struct val *sub = key && props && props->kind == VAL_MAP ? val_map_get(props, key) : NULL;
		if (sub) {
			known = true;
			ok &= v_descend_key(c, sub, p);
		}
		for (size_t j = 0; key && patterns && patterns->kind == VAL_MAP && j < patterns->map.n; j++) {
			if (v_search(c, patterns->map.pairs[j].key, key, kn) != 1)
				continue;
			known = true;
			ok &= v_descend_key(c, patterns->map.pairs[j].value, p);
		}
		if (!known && additional) {
			if (additional->kind == VAL_BOOL && !additional->b) {
				extra[i] = true;
				ok = false;
			} else {
				ok &= v_descend_key(c, additional, p);
			}
		}
	}
	if (extra && c->res) {
		const char *py = NULL;
		for (size_t i = 0; i < inst->map.n; i++)
			if (extra[i]) {
				py = py ? py : v_unexpected_py(c, inst, extra, patterns);
				v_report_unknown_key(c, inst, &inst->map.pairs[i], py);
			}
	}
	return ok;
}

static bool k_required(struct vctx *c, const struct val *required, const struct val *inst)
{
	bool ok = true;
	for (size_t i = 0; required->kind == VAL_SEQ && i < required->seq.n; i++) {
		const struct val *name = required->seq.items[i];
		if (name->kind != VAL_STR || val_map_find(inst, name->str.s))
			continue;
		if (!c->res)
			return false;
		ok = false;
		v_report(c, inst, NULL, "required", arena_printf(c->s->a, "%s is a required property",
			 v_repr(c, name)), "missing required key %s", v_repr(c, name));
	}
	return ok;
}

static bool k_property_names(struct vctx *c, const struct val *names, const struct val *inst)
{
	bool ok = true;
	for (size_t i = 0; i < inst->map.n; i++) {
		const struct val *key = inst->map.pairs[i].key;
		if (v_schema(&(struct vctx){c->s, NULL, BUF_INIT, c->depth}, names, key))
			continue;
		if (!c->res)
			return false;
		ok = false;
		/* The details of why, reported at the key itself. */
		struct schema_result sub = {0};
		struct vctx inner = {c->s, &sub, BUF_INIT, c->depth};
		v_schema(&inner, names, key);
		buf_free(&inner.ptr);
		for (size_t j = 0; j < sub.n; j++)
			v_report(c, inst, key, "propertyNames", sub.errors[j].py,
				 "invalid key %s: %s", v_repr(c, key), sub.errors[j].message);
	}
	return ok;
}

static bool k_counts(struct vctx *c, const struct val *mn, const struct val *mx,
		     const struct val *inst, size_t count, const char *min_kw, const char *max_kw,
		     const char *what)
{
	double lo, hi;
	bool ok = true;
	if (mn && v_limit(mn, &lo) && count < lo) {
		if (!c->res)
			return false;
		ok = false;
		v_report(c, inst, NULL, min_kw, arena_printf(c->s->a, "%s %s", v_repr(c, inst),
			 inst->kind == VAL_SEQ ? "is too short" : "does not have enough properties"),
			 "expected at least %g %s, got %zu", lo, what, count);
	}
	if (mx && v_limit(mx, &hi) && count > hi) {
		if (!c->res)
			return false;
		ok = false;
		v_report(c, inst, NULL, max_kw, arena_printf(c->s->a, "%s %s", v_repr(c, inst),
			 inst->kind == VAL_SEQ ? "is too long" : "has too many properties"),
			 "expected at most %g %s, got %zu", hi, what, count);
	}
	return ok;
}

static bool k_dependencies(struct vctx *c, const struct val *deps, const struct val *inst)
{
	bool ok = true;
	for (size_t i = 0; deps->kind == VAL_MAP && i < deps->map.n; i++) {
		const struct val *key = deps->map.pairs[i].key, *dep = deps->map.pairs[i].value;
		if (key->kind != VAL_STR || !val_map_find(inst, key->str.s))
			continue;
		if (dep->kind != VAL_SEQ) {
			ok &= v_schema(c, dep, inst);
			if (!ok && !c->res)
				return false;
			continue;
		}
		for (size_t j = 0; j < dep->seq.n; j++) {
			const struct val *need = dep->seq.items[j];
			if (need->kind != VAL_STR || val_map_find(inst, need->str.s))
				continue;
			if (!c->res)
				return false;
			ok = false;
			v_report(c, inst, NULL, "dependencies", arena_printf(c->s->a,
				 "%s is a dependency of %s", v_repr(c, need), v_repr(c, key)),
				 "key %s needs key %s too", v_repr(c, key), v_repr(c, need));
		}
	}
	return ok;
}

static bool v_object(struct vctx *c, const struct kw *k, const struct val *inst)
{
	bool ok = true;
	if (k->properties || k->pattern_props || k->additional)
		ok &= k_properties(c, k, inst);
	if (k->required && (ok || c->res))
		ok &= k_required(c, k->required, inst);
	if (k->property_names && (ok || c->res))
		ok &= k_property_names(c, k->property_names, inst);
	if (k->dependencies && (ok || c->res))
		ok &= k_dependencies(c, k->dependencies, inst);
	if ((k->min_props || k->max_props) && (ok || c->res))
		ok &= k_counts(c, k->min_props, k->max_props, inst, inst->map.n, "minProperties",
			       "maxProperties", "keys");
	return ok;
}

/* ---- arrays ------------------------------------------------------------- */

static bool v_descend_index(struct vctx *c, const struct val *schema, const struct val *inst,
			    size_t i)
{
	size_t mark;
	v_push_index(c, i, &mark);
	bool ok = v_schema(c, schema, inst->seq.items[i]);
	v_pop(c, mark);
	return ok;
}

static bool k_items(struct vctx *c, const struct kw *k, const struct val *inst)
{
	const struct val *items = k->items;
	bool ok = true;
	if (!items)
		return true;
	if (items->kind != VAL_SEQ) {
		for (size_t i = 0; i < inst->seq.n && (ok || c->res); i++)
			ok &= v_descend_index(c, items, inst, i);
		return ok;
	}
	size_t n = items->seq.n < inst->seq.n ? items->seq.n : inst->seq.n;
	for (size_t i = 0; i < n && (ok || c->res); i++)
		ok &= v_descend_index(c, items->seq.items[i], inst, i);
	const struct val *more = k->additional_items;
	if (!more)
		return ok;
	for (size_t i = items->seq.n; i < inst->seq.n && (ok || c->res); i++) {
		if (more->kind == VAL_BOOL && !more->b) {
			if (!c->res)
				return false;
			ok = false;
			v_report(c, inst->seq.items[i], NULL, "additionalItems",
				 "Additional items are not allowed", "expected at most %zu items",
				 items->seq.n);
			break;
		}
		ok &= v_descend_index(c, more, inst, i);
	}
	return ok;
}

static bool k_contains(struct vctx *c, const struct val *contains, const struct val *inst)
{
	for (size_t i = 0; i < inst->seq.n; i++)
		if (v_schema(&(struct vctx){c->s, NULL, BUF_INIT, c->depth}, contains,
			     inst->seq.items[i]))
			return true;
	if (c->res)
		v_report(c, inst, NULL, "contains", arena_printf(c->s->a, "%s does not contain "
			 "items matching the given schema", v_repr(c, inst)),
			 "no item of the list is valid here");
	return false;
}

static bool k_unique(struct vctx *c, const struct val *inst)
{
	for (size_t i = 0; i < inst->seq.n; i++)
		for (size_t j = i + 1; j < inst->seq.n; j++) {
			if (!v_json_equal(inst->seq.items[i], inst->seq.items[j]))
				continue;
			size_t mark;
			v_push_index(c, j, &mark);
			if (c->res)
				v_report(c, inst->seq.items[j], NULL, "uniqueItems",
					 arena_printf(c->s->a, "%s has non-unique elements",
						      v_repr(c, inst)),
					 "duplicate item %s (items must be unique)",
					 v_repr(c, inst->seq.items[j]));
			v_pop(c, mark);
			return false;
		}
	return true;
}

static bool v_array(struct vctx *c, const struct kw *k, const struct val *inst)
{
	const struct val *v;
	bool ok = k_items(c, k, inst);
	if (k->contains && (ok || c->res))
		ok &= k_contains(c, k->contains, inst);
	if ((v = k->unique) && v->kind == VAL_BOOL && v->b && (ok || c->res))
		ok &= k_unique(c, inst);
	if ((k->min_items || k->max_items) && (ok || c->res))
		ok &= k_counts(c, k->min_items, k->max_items, inst, inst->seq.n, "minItems",
			       "maxItems", "items");
	return ok;
}

/* ---- combinators -------------------------------------------------------- */

static bool v_ask(struct vctx *c, const struct val *schema, const struct val *inst)
{
	struct vctx q = {c->s, NULL, BUF_INIT, c->depth};
	return v_schema(&q, schema, inst);
}

/* Errors of one branch, collected aside, to judge how close it came. */
static struct schema_result v_branch(struct vctx *c, const struct val *schema,
				     const struct val *inst)
{
	struct schema_result r = {0};
	struct vctx q = {c->s, &r, BUF_INIT, c->depth};
	buf_add(&q.ptr, buf_str(&c->ptr), c->ptr.len);
	v_schema(&q, schema, inst);
	buf_free(&q.ptr);
	return r;
}

/* A branch that failed only deeper inside the value came closer than one
 * whose type did not fit at all; among those, fewer errors is closer. */
static long v_branch_score(const struct schema_result *r, const char *here)
{
	long score = 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->errors[i].pointer, here) == 0 &&
		    strcmp(r->errors[i].keyword, "type") == 0)
			score += 1000;
	return score + (long)r->n;
}

static void v_append(struct vctx *c, const struct schema_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct schema_result *dst = c->res;
		if (dst->n == dst->cap) {
			size_t cap = dst->cap ? dst->cap * 2 : 8;
			dst->errors = arena_grow(c->s->a, dst->errors, dst->n * sizeof *dst->errors,
						 cap * sizeof *dst->errors);
			dst->cap = cap;
		}
		dst->errors[dst->n++] = r->errors[i];
	}
}

/* When no branch fits the value's type: "expected a string or a mapping". */
static bool v_all_type_errors(const struct val *branches, const struct val *inst, struct buf *want)
{
	size_t listed = 0;
	for (size_t i = 0; i < branches->seq.n; i++) {
		const struct val *t = val_map_get(branches->seq.items[i], "type");
		if (!t || t->kind != VAL_STR || v_has_type(inst, t->str.s))
			return false;
	}
	for (size_t i = 0; i < branches->seq.n; i++) {
		const char *t = val_map_get(branches->seq.items[i], "type")->str.s;
		buf_adds(want, listed == 0 ? "" : i + 1 == branches->seq.n ? " or " : ", ");
		buf_adds(want, v_type_words(t));
		listed++;
	}
	return true;
}

static void v_report_closest(struct vctx *c, const struct val *branches, const struct val *inst,
			     const char *keyword)
{
	const char *py = arena_printf(c->s->a, "%s is not valid under any of the given schemas",
				      v_repr(c, inst));
	struct buf want = BUF_INIT;
	if (v_all_type_errors(branches, inst, &want)) {
		v_report(c, inst, NULL, keyword, py, "expected %s, got %s", buf_str(&want),
			 v_kind_words(inst));
		buf_free(&want);
		return;
	}
	buf_free(&want);
	struct schema_result best = {0};
	long best_score = -1;
	for (size_t i = 0; i < branches->seq.n; i++) {
		struct schema_result r = v_branch(c, branches->seq.items[i], inst);
		long score = v_branch_score(&r, buf_str(&c->ptr));
		if (r.n && (best_score < 0 || score < best_score)) {
			best = r;
			best_score = score;
		}
	}
	for (size_t i = 0; i < best.n; i++)
		best.errors[i].py = best.errors[i].py ? best.errors[i].py : py;
	if (best.n)
		v_append(c, &best);
	else
		v_report(c, inst, NULL, keyword, py, "no alternative of the schema fits");
}

static bool k_any_of(struct vctx *c, const struct val *branches, const struct val *inst)
{
	if (branches->kind != VAL_SEQ)
		return true;
	for (size_t i = 0; i < branches->seq.n; i++)
		if (v_ask(c, branches->seq.items[i], inst))
			return true;
	if (c->res)
		v_report_closest(c, branches, inst, "anyOf");
	return false;
}

static bool k_one_of(struct vctx *c, const struct val *branches, const struct val *inst)
{
	if (branches->kind != VAL_SEQ)
		return true;
	size_t valid = 0;
	for (size_t i = 0; i < branches->seq.n && valid < 2; i++)
		valid += v_ask(c, branches->seq.items[i], inst);
	if (valid == 1)
		return true;
	if (!c->res)
		return false;
	if (valid == 0)
		v_report_closest(c, branches, inst, "oneOf");
	else
		v_report(c, inst, NULL, "oneOf", arena_printf(c->s->a, "%s is valid under each of "
			 "the given schemas", v_repr(c, inst)),
			 "fits more than one alternative of the schema, which allows only one");
	return false;
}

static bool k_all_of(struct vctx *c, const struct val *branches, const struct val *inst)
{
	bool ok = true;
	for (size_t i = 0; branches->kind == VAL_SEQ && i < branches->seq.n && (ok || c->res); i++)
		ok &= v_schema(c, branches->seq.items[i], inst);
	return ok;
}

static bool k_not(struct vctx *c, const struct val *schema, const struct val *inst)
{
	if (!v_ask(c, schema, inst))
		return true;
	if (c->res)
		v_report(c, inst, NULL, "not", arena_printf(c->s->a, "%s should not be valid under %s",
			 v_repr(c, inst), v_repr(c, schema)), "%s is not allowed here",
			 v_repr(c, inst));
	return false;
}

static bool k_if(struct vctx *c, const struct kw *k, const struct val *inst)
{
	const struct val *branch = v_ask(c, k->if_, inst) ? k->then_ : k->else_;
	return branch ? v_schema(c, branch, inst) : true;
}

static bool k_ref(struct vctx *c, const struct val *schema, struct kw *k,
		  const struct val *inst)
{
	if (!k->ref_resolved) {
		k->ref_target = k->ref->kind == VAL_STR ? schema_resolve(c->s, schema, k->ref->str.s)
							 : NULL;
		k->ref_resolved = true;
	}
	if (k->ref_target)
		return v_schema(c, k->ref_target, inst);
	if (c->res)
		v_report(c, inst, NULL, "$ref", "unresolvable reference",
			 "the schema refers to %s, which cannot be found", v_repr(c, k->ref));
	return false;
}

/* ---- one schema ------------------------------------------------------------ */

static bool v_keywords(struct vctx *c, const struct val *schema, const struct kw *k,
		       const struct val *inst)
{
	bool ok = true;
#define V_CONTINUE() if (!ok && !c->res) return false
	if (k->type)
		ok &= k_type(c, k->type, inst);
	V_CONTINUE();
	if (k->enum_)
		ok &= k_enum(c, k->enum_, inst);
	V_CONTINUE();
	if (k->const_)
		ok &= k_const(c, k->const_, inst);
	V_CONTINUE();
	if (inst->kind == VAL_STR) {
		if (k->min_len || k->max_len)
			ok &= k_length(c, k, inst);
		V_CONTINUE();
		if (k->pattern)
			ok &= k_pattern(c, k->pattern, inst);
	}
	V_CONTINUE();
	if (k->numeric)
		ok &= k_numbers(c, schema, inst);
	V_CONTINUE();
	if (inst->kind == VAL_MAP)
		ok &= v_object(c, k, inst);
	V_CONTINUE();
	if (inst->kind == VAL_SEQ)
		ok &= v_array(c, k, inst);
	V_CONTINUE();
	if (k->all_of)
		ok &= k_all_of(c, k->all_of, inst);
	V_CONTINUE();
	if (k->any_of)
		ok &= k_any_of(c, k->any_of, inst);
	V_CONTINUE();
	if (k->one_of)
		ok &= k_one_of(c, k->one_of, inst);
	V_CONTINUE();
	if (k->not_)
		ok &= k_not(c, k->not_, inst);
	V_CONTINUE();
	if (k->if_)
		ok &= k_if(c, k, inst);
#undef V_CONTINUE
	return ok;
}

static bool v_schema(struct vctx *c, const struct val *schema, const struct val *inst)
{
	if (schema->kind == VAL_BOOL) {
		if (!schema->b && c->res)
			v_report(c, inst, NULL, "false", arena_printf(c->s->a, "False schema does not "
				 "allow %s", v_repr(c, inst)), "no value is allowed here");
		return schema->b;
	}
	if (schema->kind != VAL_MAP)
		return true;
	if (++c->depth > SCHEMA_MAX_DEPTH) {
		c->depth--;
		if (c->res)
			v_report(c, inst, NULL, "$ref", "schema recursion too deep",
				 "the schema refers to itself more than %d times here", SCHEMA_MAX_DEPTH);
		return false;
	}
	struct kw *k = schema_kw(c->s, schema);
	/* In draft-07, $ref makes every sibling keyword ignored. */
	bool ok = k->ref ? k_ref(c, schema, k, inst) : v_keywords(c, schema, k, inst);
	c->depth--;
	return ok;
}

bool schema_validate(struct schema_set *s, const char *uri, const struct val *instance,
		     struct schema_result *res)
{
	const char *frag;
	char *doc = uri_split_fragment(s->a, uri_resolve(s->a, "", uri), &frag);
	const struct val *root = schema_fetch_doc(s, doc);
	if (root && frag && *frag)
		root = *frag == '/' ? schema_follow_pointer(s, root, frag) : schema_named(s, uri);
	struct vctx c = {s, res, BUF_INIT, 0};
	bool ok;
	if (!root) {
		if (res)
			v_report(&c, instance, NULL, "$ref", "unknown schema", "no schema named %s", uri);
		ok = false;
	} else {
		ok = v_schema(&c, root, instance);
	}
	buf_free(&c.ptr);
	return ok;
}

/* "/services/web/ports/0" -> "services.web.ports[0]" */
/* A character of a key in a path; control characters escaped, so a key
 * cannot break a message into lines that look like others. */
static void v_path_char(struct buf *out, char c)
{
	if (c == '\n')
		buf_adds(out, "\\n");
	else if (c == '\t')
		buf_adds(out, "\\t");
	else if ((unsigned char)c < 0x20 || c == 0x7f)
		buf_addf(out, "\\x%02x", (unsigned char)c);
	else
		buf_addc(out, c);
}

void schema_error_format(const struct schema_error *e, struct buf *out)
{
	const char *p = e->pointer;
	bool first = true;
	if (!*p)
		buf_adds(out, "(document)");
	while (*p == '/') {
		p++;
		size_t n = strcspn(p, "/");
		if (n > 0 && strspn(p, "0123456789") >= n) {
			buf_addf(out, "[%.*s]", (int)n, p);
		} else {
			if (!first)
				buf_addc(out, '.');
			for (size_t i = 0; i < n; i++) {
				if (p[i] == '~' && i + 1 < n)
					buf_addc(out, p[++i] == '0' ? '~' : '/');
				else
					v_path_char(out, p[i]);
			}
		}
		first = false;
		p += n;
	}
	buf_addf(out, ": %s", e->message);
}
