/* emit.c - YAML (PyYAML style) and JSON (Python json style) writers.
 *
 * YAML goes through libyaml's emitter, the C twin of PyYAML's: fed the
 * events PyYAML's serializer produces for the same Python data, it makes
 * the same choices of scalar style, quoting and line folding. Plain-scalar
 * resolution (is `yes` a string?) comes from yres, PyYAML's resolver rules.
 * JSON is written directly: its rules are short and have no libyaml twin. */
#include "yaml/emit.h"
#include "yaml/pyrepr.h"
#include "yaml/resolve.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/ptrmap.h"

#include <yaml.h>

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <string.h>

/* A list or mapping that appears more than once in the tree. */
struct yemit_anchor {
	int id;              /* 0: seen only once so far */
	bool emitted;
};

struct yemit {
	yaml_emitter_t em;
	struct yres *r;
	struct buf text;     /* scratch for the text of numbers */
	struct arena *arena;
	struct ptrmap anchors;   /* node -> struct yemit_anchor */
	int last_anchor;
};

/* PyYAML's serializer: a list or mapping met a second time (depth first,
 * keys before values) gets the next anchor, id001, id002...; scalars never
 * do. Shared nodes are where the Python objects would be the same object:
 * only nodes a YAML alias refers to can be, so only those are tracked. */
static void yemit_find_anchors(struct yemit *e, const struct val *v)
{
	if (v->kind != VAL_SEQ && v->kind != VAL_MAP)
		return;
	if (v->aliased) {
		struct yemit_anchor *an = ptrmap_get(&e->anchors, v);
		if (an) {
			if (!an->id)
				an->id = ++e->last_anchor;
			return;
		}
		ptrmap_put(e->arena, &e->anchors, v, arena_alloc(e->arena, sizeof *an));
	}
	if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++)
			yemit_find_anchors(e, v->seq.items[i]);
		return;
	}
	for (size_t i = 0; i < v->map.n; i++) {
		yemit_find_anchors(e, v->map.pairs[i].key);
		yemit_find_anchors(e, v->map.pairs[i].value);
	}
}

/* The anchor to write on this node's first appearance (NULL: none). *alias
 * is set when the node was written before and an alias must stand in. */
static const char *yemit_anchor_of(struct yemit *e, const struct val *v, bool *alias)
{
	*alias = false;
	if (!v->aliased)
		return NULL;
	struct yemit_anchor *an = ptrmap_get(&e->anchors, v);
	if (!an || !an->id)
		return NULL;
	*alias = an->emitted;
	an->emitted = true;
	return arena_printf(e->arena, "id%03d", an->id);
}

static int yemit_node(struct yemit *e, const struct val *v);

static int yemit_write(void *data, unsigned char *bytes, size_t size)
{
	buf_add(data, bytes, size);
	return 1;
}

/* libyaml takes ownership of the event, failed or not. */
static int yemit_event(struct yemit *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(&e->em, ev) ? 0 : -1;
}

/* Strings carry no tag: PyYAML's str tag is implicit whenever the text
 * does not resolve to another type as a plain scalar, and always implicit
 * once quoted, so libyaml quotes exactly the strings PyYAML quotes. */
static int yemit_scalar(struct yemit *e, const char *s, size_t n,
			int plain_implicit)
{
	yaml_event_t ev;
	if (n > INT_MAX ||
	    !yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)n, plain_implicit, 1,
					  YAML_ANY_SCALAR_STYLE))
		return -1;
	return yemit_event(e, &ev);
}

static int yemit_string(struct yemit *e, const char *s, size_t n)
{
	return yemit_scalar(e, s, n, yres_plain_type(e->r, s, n) == YRES_STR);
}

/* PyYAML's represent_float: repr(), but written so that YAML 1.1 still
 * reads a float back (1e+16 has no dot, so it becomes 1.0e+16). */
static void yemit_float_text(double f, struct buf *out)
{
	if (isnan(f)) {
		buf_adds(out, ".nan");
		return;
	}
	if (isinf(f)) {
		buf_adds(out, f < 0 ? "-.inf" : ".inf");
		return;
	}
	size_t start = out->len;
	pyrepr_float(f, out);
	char *e = strchr(out->p + start, 'e');
	if (e && !memchr(out->p + start, '.', (size_t)(e - (out->p + start)))) {
		size_t at = (size_t)(e - out->p);
		buf_add(out, "..", 2); /* make room, then shift the exponent */
		memmove(out->p + at + 2, out->p + at, out->len - 2 - at);
		memcpy(out->p + at, ".0", 2);
	}
}

/* null, booleans and numbers: always plain, always implicit. */
static int yemit_plain(struct yemit *e, const struct val *v)
{
	buf_reset(&e->text);
	switch (v->kind) {
	case VAL_BOOL:
		buf_adds(&e->text, v->b ? "true" : "false");
		break;
	case VAL_INT:
		buf_addf(&e->text, "%" PRId64, v->i);
		break;
	case VAL_FLOAT:
		yemit_float_text(v->f, &e->text);
		break;
	default:
		buf_adds(&e->text, "null");
		break;
	}
	return yemit_scalar(e, e->text.p, e->text.len, 1);
}

static int yemit_seq(struct yemit *e, const struct val *v, const char *anchor)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, (yaml_char_t *)anchor, NULL, 1,
					     YAML_BLOCK_SEQUENCE_STYLE);
	if (yemit_event(e, &ev))
		return -1;
	for (size_t i = 0; i < v->seq.n; i++)
		if (yemit_node(e, v->seq.items[i]))
			return -1;
	yaml_sequence_end_event_initialize(&ev);
	return yemit_event(e, &ev);
}

static int yemit_map(struct yemit *e, const struct val *v, const char *anchor)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, (yaml_char_t *)anchor, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	if (yemit_event(e, &ev))
		return -1;
	for (size_t i = 0; i < v->map.n; i++)
		if (yemit_node(e, v->map.pairs[i].key) ||
		    yemit_node(e, v->map.pairs[i].value))
			return -1;
	yaml_mapping_end_event_initialize(&ev);
	return yemit_event(e, &ev);
}

static int yemit_alias(struct yemit *e, const char *anchor)
{
	yaml_event_t ev;
	yaml_alias_event_initialize(&ev, (yaml_char_t *)anchor);
	return yemit_event(e, &ev);
}

static int yemit_node(struct yemit *e, const struct val *v)
{
	bool alias;
	const char *anchor = yemit_anchor_of(e, v, &alias);
	if (alias)
		return yemit_alias(e, anchor);
	switch (v->kind) {
	case VAL_SEQ:
		return yemit_seq(e, v, anchor);
	case VAL_MAP:
		return yemit_map(e, v, anchor);
	case VAL_STR:
		return yemit_string(e, v->str.s, v->str.len);
	default:
		return yemit_plain(e, v);
	}
}

static int yemit_document(struct yemit *e, const struct val *v)
{
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (yemit_event(e, &ev))
		return -1;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (yemit_event(e, &ev) || yemit_node(e, v))
		return -1;
	yaml_document_end_event_initialize(&ev, 1);
	if (yemit_event(e, &ev))
		return -1;
	yaml_stream_end_event_initialize(&ev);
	return yemit_event(e, &ev);
}

/* PyYAML marks a document whose root is a plain scalar as open-ended and
 * closes the stream with `...`; libyaml 0.2.5 does not. A plain root is
 * one that does not start with a quote. */
static void yemit_close_open_ended(const struct val *v, struct buf *out,
				   size_t start)
{
	if (v->kind == VAL_SEQ || v->kind == VAL_MAP || out->len == start)
		return;
	if (out->p[start] != '\'' && out->p[start] != '"')
		buf_adds(out, "...\n");
}

int yemit_pyyaml(struct yres *r, const struct val *v, struct buf *out)
{
	struct yemit e = {.r = r, .text = BUF_INIT, .arena = arena_new()};
	size_t start = out->len;
	yemit_find_anchors(&e, v);

	if (!yaml_emitter_initialize(&e.em))
		return -1;
	yaml_emitter_set_output(&e.em, yemit_write, out);
	yaml_emitter_set_width(&e.em, 80);
	yaml_emitter_set_indent(&e.em, 2);
	yaml_emitter_set_unicode(&e.em, 0);
	yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
	int rc = yemit_document(&e, v);
	yaml_emitter_delete(&e.em);
	buf_free(&e.text);
	arena_free(e.arena);
	if (rc == 0)
		yemit_close_open_ended(v, out, start);
	return rc;
}

/* ---- JSON ---- */

static void yemit_json_node(const struct val *v, int depth, struct buf *out);

static void yemit_json_char(uint32_t c, struct buf *out)
{
	static const char short_esc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	for (const char *p = short_esc; *p; p += 2) {
		if (c == (unsigned char)p[0]) {
			buf_addc(out, '\\');
			buf_addc(out, p[1]);
			return;
		}
	}
	if (c >= 0x20 && c < 0x7f) {
		buf_addc(out, (char)c);
	} else if (c <= 0xffff) {
		buf_addf(out, "\\u%04" PRIx32, c);
	} else {
		c -= 0x10000;
		buf_addf(out, "\\u%04" PRIx32 "\\u%04" PRIx32,
			 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
	}
}

static void yemit_json_string(const char *s, size_t n, struct buf *out)
{
	buf_addc(out, '"');
	for (size_t i = 0, len; i < n; i += len)
		yemit_json_char(pyrepr_utf8_next(s + i, n - i, &len), out);
	buf_addc(out, '"');
}

static void yemit_json_float(double f, struct buf *out)
{
	if (isnan(f))
		buf_adds(out, "NaN");
	else if (isinf(f))
		buf_adds(out, f < 0 ? "-Infinity" : "Infinity");
	else
		pyrepr_float(f, out);
}

/* json.dumps turns scalar keys into strings: 1 -> "1", True -> "true". */
static void yemit_json_key(const struct val *k, struct buf *out)
{
	if (k->kind == VAL_STR) {
		yemit_json_string(k->str.s, k->str.len, out);
		return;
	}
	buf_addc(out, '"');
	yemit_json_node(k, 0, out);
	buf_addc(out, '"');
}

static void yemit_json_indent(int depth, struct buf *out)
{
	buf_addc(out, '\n');
	for (int i = 0; i < depth; i++)
		buf_adds(out, "  ");
}

static void yemit_json_seq(const struct val *v, int depth, struct buf *out)
{
	if (!v->seq.n) {
		buf_adds(out, "[]");
		return;
	}
	buf_addc(out, '[');
	for (size_t i = 0; i < v->seq.n; i++) {
		if (i)
			buf_addc(out, ',');
		yemit_json_indent(depth + 1, out);
		yemit_json_node(v->seq.items[i], depth + 1, out);
	}
	yemit_json_indent(depth, out);
	buf_addc(out, ']');
}

static void yemit_json_map(const struct val *v, int depth, struct buf *out)
{
	if (!v->map.n) {
		buf_adds(out, "{}");
		return;
	}
	buf_addc(out, '{');
	for (size_t i = 0; i < v->map.n; i++) {
		if (i)
			buf_addc(out, ',');
		yemit_json_indent(depth + 1, out);
		yemit_json_key(v->map.pairs[i].key, out);
		buf_adds(out, ": ");
		yemit_json_node(v->map.pairs[i].value, depth + 1, out);
	}
	yemit_json_indent(depth, out);
	buf_addc(out, '}');
}

static void yemit_json_node(const struct val *v, int depth, struct buf *out)
{
	switch (v->kind) {
	case VAL_NULL:
		buf_adds(out, "null");
		break;
	case VAL_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		break;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->i);
		break;
	case VAL_FLOAT:
		yemit_json_float(v->f, out);
		break;
	case VAL_STR:
		yemit_json_string(v->str.s, v->str.len, out);
		break;
	case VAL_SEQ:
		yemit_json_seq(v, depth, out);
		break;
	case VAL_MAP:
		yemit_json_map(v, depth, out);
		break;
	}
}

void yemit_json(const struct val *v, struct buf *out)
{
	yemit_json_node(v, 0, out);
	buf_addc(out, '\n');
}
