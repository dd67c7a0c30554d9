/* yamldoc.c - libyaml events into a small node tree (first document
 * only, aliases resolved), go-yaml v2's typing of plain scalars, and the
 * decoding of Helm's SimpleHead with encoding/json's rules: keys match
 * fields case-insensitively, the last of repeated keys wins, a string
 * field takes any scalar as text, and the first type mismatch is the
 * error. */
#define _POSIX_C_SOURCE 200809L
#include "helm/yamldoc.h"
#include "helm/gostr.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define YD_MAX_DEPTH 10000

enum yd_kind { YD_SCALAR, YD_SEQ, YD_MAP };

struct yd_node {
	enum yd_kind kind;
	const char *text;          /* scalar */
	size_t len;
	bool plain;                /* plain style without a tag: resolved */
	const char *tag;           /* explicit tag, or NULL */
	struct yd_node **items;    /* sequence items; mapping keys and values */
	size_t n, cap;
};

struct yd_anchor {
	const char *name;
	struct yd_node *node;
	struct yd_anchor *next;
};

struct yd {
	struct arena *a;
	yaml_parser_t parser;
	struct yd_anchor *anchors;
	struct buf *err;
	unsigned depth;
	unsigned long budget;   /* nodes left to visit: aliases can multiply them */
};

/* ---- go-yaml's messages ------------------------------------------------ */

static void yd_parser_error(struct yd *y)
{
	yaml_parser_t *p = &y->parser;
	size_t line = 0;
	if (p->problem_mark.line != 0)
		line = p->problem_mark.line + (p->error == YAML_SCANNER_ERROR);
	else if (p->context_mark.line != 0)
		line = p->context_mark.line;
	buf_adds(y->err, "yaml: ");
	if (line)
		buf_addf(y->err, "line %zu: ", line);
	buf_adds(y->err, p->problem ? p->problem : "unknown problem parsing YAML content");
}

/* ---- events to nodes ----------------------------------------------------- */

static void yd_push(struct yd *y, struct yd_node *parent, struct yd_node *child)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		parent->items = arena_grow(y->a, parent->items, parent->n * sizeof *parent->items,
					   cap * sizeof *parent->items);
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
}

static void yd_anchor(struct yd *y, const yaml_char_t *name, struct yd_node *node)
{
	if (!name)
		return;
	struct yd_anchor *an = arena_alloc(y->a, sizeof *an);
	an->name = arena_strdup(y->a, (const char *)name);
	an->node = node;
	an->next = y->anchors;
	y->anchors = an;
}

static bool yd_next(struct yd *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return true;
	yd_parser_error(y);
	return false;
}

static struct yd_node *yd_node(struct yd *y, yaml_event_t *ev);

/* The children of a sequence or mapping, up to its end event. */
static bool yd_children(struct yd *y, struct yd_node *n, yaml_event_type_t end)
{
	for (;;) {
		yaml_event_t ev;
		if (!yd_next(y, &ev))
			return false;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return true;
		}
		struct yd_node *child = yd_node(y, &ev);
		if (!child)
			return false;
		yd_push(y, n, child);
	}
}

static struct yd_node *yd_alias(struct yd *y, const char *name)
{
	for (struct yd_anchor *an = y->anchors; an; an = an->next)
		if (strcmp(an->name, name) == 0)
			return an->node;
	buf_addf(y->err, "yaml: unknown anchor '%s' referenced", name);
	return NULL;
}

static struct yd_node *yd_scalar(struct yd *y, yaml_event_t *ev)
{
	struct yd_node *n = arena_alloc(y->a, sizeof *n);
	n->kind = YD_SCALAR;
	n->text = arena_strndup(y->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->plain = ev->data.scalar.plain_implicit && !ev->data.scalar.tag;
	n->tag = ev->data.scalar.tag ? arena_strdup(y->a, (const char *)ev->data.scalar.tag) : NULL;
	yd_anchor(y, ev->data.scalar.anchor, n);
	return n;
}

/* Build the node of an event (consumed). NULL after an error. A
 * container's anchor is known only once it is complete, so an alias
 * cannot make a cycle. */
static struct yd_node *yd_node(struct yd *y, yaml_event_t *ev)
{
	struct yd_node *n = NULL;
	if (y->depth >= YD_MAX_DEPTH) {
		buf_adds(y->err, "yaml: exceeded max depth of 10000");
	} else if (ev->type == YAML_SCALAR_EVENT) {
		n = yd_scalar(y, ev);
	} else if (ev->type == YAML_ALIAS_EVENT) {
		n = yd_alias(y, (const char *)ev->data.alias.anchor);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		const yaml_char_t *anchor = seq ? ev->data.sequence_start.anchor :
			ev->data.mapping_start.anchor;
		char *name = anchor ? arena_strdup(y->a, (const char *)anchor) : NULL;
		n = arena_alloc(y->a, sizeof *n);
		n->kind = seq ? YD_SEQ : YD_MAP;
		yaml_event_delete(ev);
		y->depth++;
		bool ok = yd_children(y, n, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT);
		y->depth--;
		if (!ok)
			return NULL;
		yd_anchor(y, (const yaml_char_t *)name, n);
		return n;
	}
	yaml_event_delete(ev);
	return n;
}

/* The first document's root (NULL root and 0 for an empty stream), or -1. */
static int yd_load(struct yd *y, const char *text, size_t len, struct yd_node **root)
{
	*root = NULL;
	yaml_parser_initialize(&y->parser);
	yaml_parser_set_input_string(&y->parser, (const unsigned char *)text, len);
	int rc = -1;
	for (;;) {
		yaml_event_t ev;
		if (!yd_next(y, &ev))
			break;
		yaml_event_type_t type = ev.type;
		if (type == YAML_STREAM_END_EVENT || type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			rc = 0;
			break;
		}
		if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		*root = yd_node(y, &ev);
		if (!*root)
			break;
	}
	yaml_parser_delete(&y->parser);
	return rc;
}

int helm_yaml_check(const char *text, size_t len, struct buf *err)
{
	struct arena *a = arena_new();
	struct yd y = {.a = a, .err = err};
	struct yd_node *root;
	int rc = yd_load(&y, text, len, &root);
	arena_free(a);
	return rc;
}

/* ---- go-yaml v2's resolution of plain scalars ------------------------------- */

enum yd_type { YT_NULL, YT_BOOL, YT_INT, YT_FLOAT, YT_STR };

struct yd_scalar {
	enum yd_type type;
	bool b;
	long long i;
	unsigned long long u;   /* an int that only fits uint64 */
	bool is_unsigned;
	double f;
};

static bool yd_in(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

static bool yd_word(const char *s, struct yd_scalar *out)
{
	static const char *const yes[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
					   "on", "On", "ON", NULL};
	static const char *const no[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
					 "off", "Off", "OFF", NULL};
	static const char *const null[] = {"", "~", "null", "Null", "NULL", NULL};
	static const char *const nan[] = {".nan", ".NaN", ".NAN", NULL};
	static const char *const inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
	static const char *const ninf[] = {"-.inf", "-.Inf", "-.INF", NULL};
	if (yd_in(s, yes) || yd_in(s, no)) {
		out->type = YT_BOOL;
		out->b = yd_in(s, yes);
	} else if (yd_in(s, null)) {
		out->type = YT_NULL;
	} else if (yd_in(s, nan) || yd_in(s, inf) || yd_in(s, ninf)) {
		out->type = YT_FLOAT;
		out->f = yd_in(s, nan) ? NAN : yd_in(s, inf) ? INFINITY : -INFINITY;
	} else {
		return false;
	}
	return true;
}

/* strconv.ParseInt/ParseUint(s, 0, 64): sign, 0x 0o 0b or 0 prefixes. */
static bool yd_parse_int(const char *s, struct yd_scalar *out)
{
	bool neg = *s == '-';
	const char *p = s + (*s == '-' || *s == '+');
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1;
	const char *valid = base == 16 ? "0123456789abcdefABCDEF" : base == 8 ? "01234567" :
		base == 2 ? "01" : "0123456789";
	if (*p == '\0' || strspn(p, valid) != strlen(p))
		return false;
	errno = 0;
	unsigned long long u = strtoull(p, NULL, base);
	if (errno == ERANGE)
		return false;
	if (!neg && u > (unsigned long long)INT64_MAX) {
		out->is_unsigned = true;
		out->u = u;
	} else if (neg ? u > (unsigned long long)INT64_MAX + 1 : false) {
		return false;
	} else {
		out->i = neg ? (long long)(0 - u) : (long long)u;
	}
	out->type = YT_INT;
	return true;
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yd_float_style(const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t d = strspn(p, "0123456789");
	if (d == 0) {
		if (*p != '.' || !strspn(p + 1, "0123456789"))
			return false;
		p += 1 + strspn(p + 1, "0123456789");
	} else {
		p += d;
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '-' || *p == '+';
		if (!strspn(p, "0123456789"))
			return false;
		p += strspn(p, "0123456789");
	}
	return *p == '\0';
}

static void yd_resolve(const char *in, struct yd_scalar *out)
{
	memset(out, 0, sizeof *out);
	out->type = YT_STR;
	char c = in[0];
	bool digit = c >= '0' && c <= '9';
	if (c && !strchr("+-0123456789yYnNtTfFoO~.", c))
		return;
	if (yd_word(in, out))
		return;
	if (c == '.' && yd_float_style(in)) {
		out->type = YT_FLOAT;
		out->f = strtod(in, NULL);
		return;
	}
	if (!digit && c != '+' && c != '-')
		return;
	/* timestamps (2006-01-02...) stay text here: Helm keeps their text */
	char *plain = malloc(strlen(in) + 1), *w = plain;
	for (const char *r = in; *r; r++)
		if (*r != '_')
			*w++ = *r;
	*w = '\0';
	if (!yd_parse_int(plain, out) && yd_float_style(plain)) {
		out->type = YT_FLOAT;
		out->f = strtod(plain, NULL);
	}
	free(plain);
}

const char *helm_yaml_plain_type(const char *s, size_t n)
{
	char *t = strndup(s, n);
	struct yd_scalar v;
	yd_resolve(t, &v);
	free(t);
	static const char *const names[] = {"null", "bool", "number", "number", "string"};
	return names[v.type];
}

const char *helm_yaml_plain_string(struct arena *a, const char *s, size_t n)
{
	char *t = arena_strndup(a, s, n);
	struct yd_scalar v;
	yd_resolve(t, &v);
	struct buf b = BUF_INIT;
	switch (v.type) {
	case YT_NULL: break;
	case YT_BOOL: buf_adds(&b, v.b ? "true" : "false"); break;
	case YT_INT:
		if (v.is_unsigned)
			buf_addf(&b, "%llu", v.u);
		else
			buf_addf(&b, "%lld", v.i);
		break;
	case YT_FLOAT: gostr_format_float(&b, v.f); break;
	case YT_STR: buf_adds(&b, t); break;
	}
	char *r = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return r;
}

/* ---- the JSON view of nodes ----------------------------------------------- */

/* encoding/json's name of a value's JSON type in its messages. */
static const char *yd_json_type(const struct yd_node *n)
{
	if (n->kind == YD_SEQ)
		return "array";
	if (n->kind == YD_MAP)
		return "object";
	if (!n->plain) {
		if (n->tag && strstr(n->tag, ":int"))
			return "number";
		if (n->tag && strstr(n->tag, ":float"))
			return "number";
		if (n->tag && strstr(n->tag, ":bool"))
			return "bool";
		if (n->tag && strstr(n->tag, ":null"))
			return "null";
		return "string";
	}
	return helm_yaml_plain_type(n->text, n->len);
}

static bool yd_is_null(const struct yd_node *n)
{
	return n->kind == YD_SCALAR && strcmp(yd_json_type(n), "null") == 0;
}

/* A string field: any scalar as text, null as "". */
static int yd_string_field(struct yd *y, const struct yd_node *n, const char *field,
			   const char **out)
{
	if (n->kind != YD_SCALAR) {
		buf_addf(y->err, "error unmarshaling JSON: while decoding JSON: json: cannot "
			 "unmarshal %s into Go struct field %s of type string", yd_json_type(n), field);
		return -1;
	}
	*out = n->plain ? helm_yaml_plain_string(y->a, n->text, n->len) : n->text;
	return 0;
}

/* The pairs of a mapping, with `<<` merges expanded (later keys win). */
static void yd_pairs(struct yd *y, const struct yd_node *map, struct yd_node *into)
{
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct yd_node *k = map->items[i], *v = map->items[i + 1];
		if (k->kind == YD_SCALAR && k->plain && strcmp(k->text, "<<") == 0) {
			if (v->kind == YD_MAP)
				yd_pairs(y, v, into);
			for (size_t j = 0; v->kind == YD_SEQ && j < v->n; j++)
				if (v->items[j]->kind == YD_MAP)
					yd_pairs(y, v->items[j], into);
			continue;
		}
		yd_push(y, into, (struct yd_node *)k);
		yd_push(y, into, (struct yd_node *)v);
	}
}

/* A field name matches a key as encoding/json does: exactly, or ignoring
 * case. Non-string keys become their text first. */
static bool yd_key_is(struct yd *y, const struct yd_node *k, const char *field)
{
	if (k->kind != YD_SCALAR)
		return false;
	const char *text = k->plain ? helm_yaml_plain_string(y->a, k->text, k->len) : k->text;
	return strcasecmp(text, field) == 0;
}

static int yd_annotations(struct yd *y, const struct yd_node *n, struct helm_head *h)
{
	if (yd_is_null(n))
		return 0;
	if (n->kind != YD_MAP) {
		buf_addf(y->err, "error unmarshaling JSON: while decoding JSON: json: cannot "
			 "unmarshal %s into Go struct field .metadata.annotations of type "
			 "map[string]string", yd_json_type(n));
		return -1;
	}
	struct yd_node pairs = {.kind = YD_MAP};
	yd_pairs(y, n, &pairs);
	for (size_t i = 0; i + 1 < pairs.n; i += 2) {
		const char *value;
		if (yd_string_field(y, pairs.items[i + 1], ".metadata.annotations", &value) != 0)
			return -1;
		h->annotated = true;
		const struct yd_node *k = pairs.items[i];
		const char *key = k->plain ? helm_yaml_plain_string(y->a, k->text, k->len) : k->text;
		if (strcmp(key, "helm.sh/hook") == 0)
			h->hook = value;
	}
	return 0;
}

static const char yd_meta_type[] = "struct { Name string \"json:\\\"name\\\"\"; Annotations "
	"map[string]string \"json:\\\"annotations\\\"\" }";

static int yd_metadata(struct yd *y, const struct yd_node *n, struct helm_head *h)
{
	if (yd_is_null(n))
		return 0;
	if (n->kind != YD_MAP) {
		buf_addf(y->err, "error unmarshaling JSON: while decoding JSON: json: cannot "
			 "unmarshal %s into Go struct field SimpleHead.metadata of type %s",
			 yd_json_type(n), yd_meta_type);
		return -1;
	}
	struct yd_node pairs = {.kind = YD_MAP};
	yd_pairs(y, n, &pairs);
	for (size_t i = 0; i + 1 < pairs.n; i += 2) {
		const struct yd_node *k = pairs.items[i], *v = pairs.items[i + 1];
		int rc = 0;
		if (yd_key_is(y, k, "name"))
			rc = yd_string_field(y, v, ".metadata.name", &h->name);
		else if (yd_key_is(y, k, "annotations"))
			rc = yd_annotations(y, v, h);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int yd_head_fields(struct yd *y, const struct yd_node *root, struct helm_head *h)
{
	struct yd_node pairs = {.kind = YD_MAP};
	yd_pairs(y, root, &pairs);
	for (size_t i = 0; i + 1 < pairs.n; i += 2) {
		const struct yd_node *k = pairs.items[i], *v = pairs.items[i + 1];
		int rc = 0;
		if (yd_key_is(y, k, "apiVersion"))
			rc = yd_string_field(y, v, "SimpleHead.apiVersion", &h->api_version);
		else if (yd_key_is(y, k, "kind"))
			rc = yd_string_field(y, v, "SimpleHead.kind", &h->kind);
		else if (yd_key_is(y, k, "metadata"))
			rc = yd_metadata(y, v, h);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* JSON has no NaN or infinity: sigs.k8s.io/yaml's marshalling fails on
 * them, wherever they are (string fields excepted, checked before). */
static int yd_check_json(struct yd *y, const struct yd_node *n)
{
	if (y->budget-- == 0) {
		buf_adds(y->err, "error converting YAML to JSON: yaml: document contains excessive "
			 "aliasing");
		return -1;
	}
	if (n->kind == YD_SCALAR) {
		if (!n->plain || strcmp(yd_json_type(n), "number") != 0)
			return 0;
		struct yd_scalar v;
		yd_resolve(n->text, &v);
		if (v.type == YT_FLOAT && (isnan(v.f) || isinf(v.f))) {
			buf_addf(y->err, "error converting YAML to JSON: json: unsupported value: %s",
				 isnan(v.f) ? "NaN" : v.f > 0 ? "+Inf" : "-Inf");
			return -1;
		}
		return 0;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == YD_MAP && i % 2 == 0 && n->items[i]->kind != YD_SCALAR) {
			buf_adds(y->err, "error converting YAML to JSON: yaml: invalid map key");
			return -1;
		}
		if (yd_check_json(y, n->items[i]) != 0)
			return -1;
	}
	return 0;
}

/* Load the first document; a syntax error gets sigs.k8s.io/yaml's prefix. */
static int yd_load_json(struct yd *y, const char *text, size_t len, struct yd_node **root)
{
	size_t mark = y->err->len;
	if (yd_load(y, text, len, root) == 0)
		return 0;
	struct buf msg = BUF_INIT;
	buf_add(&msg, y->err->p + mark, y->err->len - mark);
	y->err->len = mark;
	buf_addf(y->err, "error converting YAML to JSON: %s", buf_str(&msg));
	buf_free(&msg);
	return -1;
}

int helm_yaml_head(struct arena *a, const char *text, size_t len, struct helm_head *h,
		   struct buf *err)
{
	if (helm_yaml_head_fast(a, text, len, h))
		return 0;
	return helm_yaml_head_parsed(a, text, len, h, err);
}

int helm_yaml_head_parsed(struct arena *a, const char *text, size_t len, struct helm_head *h,
			  struct buf *err)
{
	*h = (struct helm_head){"", "", "", false, NULL};
	struct yd y = {.a = a, .err = err, .budget = 10000000};
	struct yd_node *root;
	if (yd_load_json(&y, text, len, &root) != 0)
		return -1;
	if (!root || yd_is_null(root))
		return 0;
	if (yd_check_json(&y, root) != 0)
		return -1;
	if (root->kind != YD_MAP) {
		buf_addf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
			 "%s into Go value of type util.SimpleHead", yd_json_type(root));
		return -1;
	}
	return yd_head_fields(&y, root, h);
}

/* ---- typed trees ------------------------------------------------------------- */

static struct val *yd_scalar_val(struct arena *a, const struct yd_node *n)
{
	if (!n->plain)
		return val_strn(a, n->text, n->len, NULL);
	struct yd_scalar v;
	yd_resolve(n->text, &v);
	switch (v.type) {
	case YT_NULL: return val_null(a, NULL);
	case YT_BOOL: return val_bool(a, v.b, NULL);
	case YT_INT:
		return v.is_unsigned ? val_float(a, (double)v.u, NULL) : val_int(a, v.i, NULL);
	case YT_FLOAT: return val_float(a, v.f, NULL);
	case YT_STR: break;
	}
	return val_strn(a, n->text, n->len, NULL);
}

static struct val *yd_to_val(struct yd *y, const struct yd_node *n)
{
	if (n->kind == YD_SCALAR)
		return yd_scalar_val(y->a, n);
	if (n->kind == YD_SEQ) {
		struct val *seq = val_seq(y->a, NULL);
		for (size_t i = 0; i < n->n; i++)
			val_seq_push(y->a, seq, yd_to_val(y, n->items[i]));
		return seq;
	}
	struct yd_node pairs = {.kind = YD_MAP};
	yd_pairs(y, n, &pairs);
	struct val *map = val_map(y->a, NULL);
	for (size_t i = 0; i + 1 < pairs.n; i += 2) {
		const struct yd_node *k = pairs.items[i];
		const char *key = k->plain ? helm_yaml_plain_string(y->a, k->text, k->len) : k->text;
		val_map_set(y->a, map, key, yd_to_val(y, pairs.items[i + 1]));
	}
	return map;
}

struct val *helm_yaml_tree(struct arena *a, const char *text, size_t len, struct buf *err)
{
	struct yd y = {.a = a, .err = err, .budget = 10000000};
	struct yd_node *root;
	if (yd_load_json(&y, text, len, &root) != 0)
		return NULL;
	if (!root)
		return val_null(a, NULL);
	if (yd_check_json(&y, root) != 0)
		return NULL;
	return yd_to_val(&y, root);
}
