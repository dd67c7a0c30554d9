/* load.c - builds value trees from libfyaml's event stream.
 *
 * We walk events rather than libfyaml's document tree so that alias
 * expansion, merge keys, duplicate keys and limits are ours to decide, and
 * every node gets the mark of the event that made it. Aliases share the
 * anchored subtree (no copy); the node count still charges the full
 * expansion, which bounds what later stages may walk. */
#include "yaml/load.h"
#include "yaml/json.h"
#include "yaml/resolve.h"
#include "yaml/scan.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/limits.h"

#include <errno.h>
#include <stdint.h>
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct anchor {
	const char *name;
	size_t len;
	struct val *value;
	size_t size;        /* nodes in its expansion */
};

struct loader {
	struct yload *y;
	struct fy_parser *fyp;
	const char *name;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t depth, nodes;
	bool failed;        /* an error has been reported */
};

static struct val *load_node(struct loader *L, struct fy_event *ev);

static struct mark load_mark(struct loader *L, struct fy_event *ev)
{
	const struct fy_mark *fm = fy_event_start_mark(ev);
	struct mark m = {L->name, 0, 0};
	if (fm) {
		m.line = fm->line + 1;
		m.col = fm->column + 1;
	}
	return m;
}

static void load_error(struct loader *L, const struct mark *m, const char *fmt,
		       const char *arg)
{
	if (!L->failed)
		diag_report(L->y->diag, DIAG_ERROR, m, fmt, arg);
	L->failed = true;
}

/* Report what libfyaml collected, or a generic message if it said nothing. */
static void load_parser_errors(struct loader *L, struct fy_diag *fd)
{
	void *iter = NULL;
	struct fy_diag_error *e;
	bool any = false;
	while ((e = fy_diag_errors_iterate(fd, &iter)) != NULL) {
		struct mark m = {L->name, e->line, e->column};
		if (!L->failed)
			diag_error(L->y->diag, &m, "invalid YAML: %s", e->msg);
		L->failed = true;
		any = true;
	}
	if (!any && !L->failed) {
		struct mark m = {L->name, 0, 0};
		diag_error(L->y->diag, &m, "invalid YAML");
		L->failed = true;
	}
}

static struct fy_event *load_next(struct loader *L)
{
	return fy_parser_parse(L->fyp);   /* NULL: libfyaml has the error */
}

static const char *load_token_text(struct fy_token *t, size_t *len)
{
	*len = 0;
	const char *s = t ? fy_token_get_text(t, len) : NULL;
	return s ? s : "";
}

static bool load_count(struct loader *L, size_t n, const struct mark *m)
{
	L->nodes += n;
	if (L->nodes <= L->y->limits.max_nodes)
		return true;
	char msg[200];
	snprintf(msg, sizeof msg, "document expands to more than %zu nodes (aliases "
		 "expanding exponentially?); refusing to load it (%s raises the limit)",
		 L->y->limits.max_nodes, limit_var(LIMIT_NODES));
	load_error(L, m, "%s", msg);
	return false;
}

static void load_remember_anchor(struct loader *L, struct fy_token *t,
				 struct val *v, size_t size)
{
	if (!t || !v)
		return;
	if (L->nanchors == L->capanchors) {
		size_t cap = L->capanchors ? L->capanchors * 2 : 8;
		L->anchors = arena_grow(L->y->arena, L->anchors,
					L->nanchors * sizeof *L->anchors,
					cap * sizeof *L->anchors);
		L->capanchors = cap;
	}
	size_t len;
	const char *name = load_token_text(t, &len);
	L->anchors[L->nanchors++] = (struct anchor){
		arena_strndup(L->y->arena, name, len), len, v, size};
}

static struct val *load_alias(struct loader *L, struct fy_event *ev)
{
	struct mark m = load_mark(L, ev);
	size_t len;
	const char *name = load_token_text(ev->alias.anchor, &len);
	/* The latest definition of a name wins, as YAML says. */
	for (size_t i = L->nanchors; i-- > 0;) {
		struct anchor *an = &L->anchors[i];
		if (an->len == len && memcmp(an->name, name, len) == 0) {
			an->value->aliased = 1;
			return load_count(L, an->size, &m) ? an->value : NULL;
		}
	}
	char *s = arena_strndup(L->y->arena, name, len);
	load_error(L, &m, "unknown anchor '%s'", s);
	return NULL;
}

/* Explicit core tags change the type; other tags are kept on the value. */
static struct val *load_tagged_scalar(struct loader *L, const char *tag,
				      const char *s, size_t n, const struct mark *m)
{
	struct arena *a = L->y->arena;
	const char *core = strncmp(tag, "tag:yaml.org,2002:", 18) == 0 ? tag + 18
			 : strncmp(tag, "!!", 2) == 0 ? tag + 2 : NULL;
	if (!core) {
		struct val *v = yres_plain_value(L->y->res, a, s, n, m);
		v->tag = arena_strdup(a, tag);
		return v;
	}
	if (strcmp(core, "str") == 0)
		return val_strn(a, s, n, m);
	enum yres_type t = yres_plain_type(L->y->res, s, n);
	bool ok = (strcmp(core, "int") == 0 && t == YRES_INT) ||
		  (strcmp(core, "float") == 0 && (t == YRES_FLOAT || t == YRES_INT)) ||
		  (strcmp(core, "bool") == 0 && t == YRES_BOOL) ||
		  (strcmp(core, "null") == 0 && t == YRES_NULL);
	if (!ok) {
		load_error(L, m, "value does not match its tag %s", tag);
		return NULL;
	}
	struct val *v = yres_plain_value(L->y->res, a, s, n, m);
	if (strcmp(core, "float") == 0 && v->kind == VAL_INT)
		return val_float(a, (double)v->i, m);
	return v;
}

static size_t load_utf8(const unsigned char *s, size_t n, uint32_t *cp);

/* Text libfyaml formatted (quoted or block scalars) is checked again:
 * libfyaml 0.7 can return garbage for some malformed block scalars (found
 * by fuzzing; valgrind shows uninitialised bytes), which must not reach
 * the output. Plain scalars point into input already checked. */
static bool load_valid_utf8(const char *s, size_t n)
{
	uint32_t c;
	for (size_t i = 0, k; i < n; i += k)
		if ((k = load_utf8((const unsigned char *)s + i, n - i, &c)) == 0)
			return false;
	return true;
}

static struct val *load_scalar(struct loader *L, struct fy_event *ev)
{
	struct mark m = load_mark(L, ev);
	size_t n, tn;
	const char *s = load_token_text(ev->scalar.value, &n);
	const char *tag = ev->scalar.tag ? load_token_text(ev->scalar.tag, &tn) : NULL;
	if (!load_count(L, 1, &m))
		return NULL;
	bool plain_style = !ev->scalar.value ||
			   fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN;
	if (!plain_style && !load_valid_utf8(s, n)) {
		load_error(L, &m, "%s", "cannot read this string (a malformed block or quoted "
			   "scalar?)");
		return NULL;
	}
	if (memchr(s, '\0', n) && L->y->plain != yjson_plain) {
		/* An escaped NUL (\0, \x00) in a compose or values file: C strings
		 * would end there, silently changing paths and names downstream, so
		 * it is refused. JSON data (schemas, their tests) may hold one. */
		load_error(L, &m, "%s", "a NUL character (\\0) in a string is not supported");
		return NULL;
	}
	if (tag && tn && strcmp(tag, "!") != 0)
		return load_tagged_scalar(L, arena_strndup(L->y->arena, tag, tn), s, n, &m);
	bool plain = !ev->scalar.value ||
		     fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN;
	if (plain && !tag && L->y->plain)
		return L->y->plain(L->y->plain_ctx, L->y->arena, s, n, &m);
	if (plain && !tag)
		return yres_plain_value(L->y->res, L->y->arena, s, n, &m);
	return val_strn(L->y->arena, s, n, &m);
}

static bool load_enter(struct loader *L, const struct mark *m)
{
	if (++L->depth <= L->y->limits.max_depth)
		return load_count(L, 1, m);
	char msg[200];
	snprintf(msg, sizeof msg, "nesting deeper than %zu levels; refusing to load it (%s "
		 "raises the limit)", L->y->limits.max_depth, limit_var(LIMIT_NESTING));
	load_error(L, m, "%s", msg);
	return false;
}

static struct val *load_sequence(struct loader *L, struct fy_event *ev)
{
	struct mark m = load_mark(L, ev);
	if (!load_enter(L, &m))
		return NULL;
	struct val *seq = val_seq(L->y->arena, &m);
	for (;;) {
		struct fy_event *item = load_next(L);
		if (!item)
			return NULL;
		if (item->type == FYET_SEQUENCE_END) {
			fy_parser_event_free(L->fyp, item);
			break;
		}
		struct val *v = load_node(L, item);
		if (!v)
			return NULL;
		val_seq_push(L->y->arena, seq, v);
	}
	L->depth--;
	return seq;
}

static bool load_is_merge_key(struct loader *L, struct fy_event *ev, struct val *key)
{
	return L->y->res && ev->type == FYET_SCALAR && !ev->scalar.tag && key->kind == VAL_STR &&
	       fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN &&
	       yres_plain_type(L->y->res, key->str.s, key->str.len) == YRES_MERGE;
}

/* Merge sources as PyYAML orders them: for `<<: [*a, *b]`, b's keys come
 * first and a's override them; the mapping's own keys override both. */
static bool load_collect_merge(struct loader *L, struct val *src, struct val *merged)
{
	struct val *sources[1] = {src};
	struct val **list = sources;
	size_t n = 1;
	if (src->kind == VAL_SEQ) {
		list = src->seq.items;
		n = src->seq.n;
	}
	for (size_t i = n; i-- > 0;) {
		if (list[i]->kind != VAL_MAP) {
			load_error(L, &list[i]->mark, "%s", "a merge key (<<) takes a "
				   "mapping or a list of mappings");
			return false;
		}
		for (size_t k = 0; k < list[i]->map.n; k++) {
			/* the value now also lives in the merging mapping */
			list[i]->map.pairs[k].value->aliased = 1;
			val_map_put(L->y->arena, merged, list[i]->map.pairs[k].key,
				    list[i]->map.pairs[k].value);
		}
	}
	return true;
}

static bool load_add_pair(struct loader *L, struct val *own, struct val *key,
			  struct val *value)
{
	if (key->kind == VAL_SEQ || key->kind == VAL_MAP) {
		load_error(L, &key->mark, "%s", "a mapping key must be a scalar");
		return false;
	}
	if (val_map_find_val(own, key)) {
		const char *k = key->kind == VAL_STR ? key->str.s : "(key)";
		load_error(L, &key->mark, "duplicate key '%s'", k);
		return false;
	}
	val_map_put(L->y->arena, own, key, value);
	return true;
}

static struct val *load_mapping(struct loader *L, struct fy_event *ev)
{
	struct mark m = load_mark(L, ev);
	if (!load_enter(L, &m))
		return NULL;
	struct arena *a = L->y->arena;
	struct val *own = val_map(a, &m), *merged = NULL;
	for (;;) {
		struct fy_event *kev = load_next(L);
		if (!kev)
			return NULL;
		if (kev->type == FYET_MAPPING_END) {
			fy_parser_event_free(L->fyp, kev);
			break;
		}
		bool is_merge = false;
		struct val *key = NULL;
		if (kev->type == FYET_SCALAR) {
			key = load_scalar(L, kev);
			is_merge = key && load_is_merge_key(L, kev, key);
			load_remember_anchor(L, kev->scalar.anchor, key, 1);
			fy_parser_event_free(L->fyp, kev);
		} else {
			key = load_node(L, kev);
		}
		if (!key)
			return NULL;
		struct fy_event *vev = load_next(L);
		struct val *value = vev ? load_node(L, vev) : NULL;
		if (!value)
			return NULL;
		if (value->mark.line == 0 && value->kind == VAL_NULL)
			value->mark = key->mark;   /* `key:` with nothing after it */
		if (is_merge) {
			merged = merged ? merged : val_map(a, &m);
			if (!load_collect_merge(L, value, merged))
				return NULL;
		} else if (!load_add_pair(L, own, key, value)) {
			return NULL;
		}
	}
	L->depth--;
	if (!merged)
		return own;
	for (size_t i = 0; i < own->map.n; i++)
		val_map_put(a, merged, own->map.pairs[i].key, own->map.pairs[i].value);
	merged->mark = m;
	return merged;
}

/* Keep a non-core tag of a sequence or mapping (compose's !reset and
 * !override); core tags (!!seq, !!map) say nothing new. */
static void load_tag_container(struct loader *L, struct val *v, struct fy_token *t)
{
	size_t n;
	const char *tag = load_token_text(t, &n);
	if (n && strncmp(tag, "tag:yaml.org,2002:", 18) != 0 && strncmp(tag, "!!", 2) != 0)
		v->tag = arena_strndup(L->y->arena, tag, n);
}

/* Build the node that starts with `ev`, consuming events up to its end.
 * Frees `ev`. */
static struct val *load_node(struct loader *L, struct fy_event *ev)
{
	struct val *v = NULL;
	struct fy_token *anchor = NULL, *tag = NULL;
	size_t before = L->nodes;
	switch (ev->type) {
	case FYET_SCALAR:
		anchor = ev->scalar.anchor;
		v = load_scalar(L, ev);
		break;
	case FYET_ALIAS:
		v = load_alias(L, ev);
		break;
	case FYET_SEQUENCE_START:
		anchor = ev->sequence_start.anchor;
		tag = ev->sequence_start.tag;
		v = load_sequence(L, ev);
		break;
	case FYET_MAPPING_START:
		anchor = ev->mapping_start.anchor;
		tag = ev->mapping_start.tag;
		v = load_mapping(L, ev);
		break;
	default:
		break;
	}
	if (v && tag && !v->tag)
		load_tag_container(L, v, tag);
	load_remember_anchor(L, anchor, v, L->nodes - before);
	fy_parser_event_free(L->fyp, ev);
	return v;
}

static bool load_expect(struct loader *L, enum fy_event_type type)
{
	struct fy_event *ev = load_next(L);
	if (!ev)
		return false;
	bool ok = ev->type == type;
	fy_parser_event_free(L->fyp, ev);
	return ok;
}

/* stream-start, then nothing or exactly one document. */
static struct val *load_stream(struct loader *L)
{
	if (!load_expect(L, FYET_STREAM_START))
		return NULL;
	struct fy_event *ev = load_next(L);
	if (!ev)
		return NULL;
	if (ev->type == FYET_STREAM_END) {
		fy_parser_event_free(L->fyp, ev);
		return val_null(L->y->arena, &(struct mark){L->name, 1, 1});
	}
	fy_parser_event_free(L->fyp, ev);
	struct fy_event *root = load_next(L);
	struct val *v = root ? load_node(L, root) : NULL;
	if (v && v->mark.line == 0)
		v->mark = (struct mark){L->name, 1, 1};
	if (!v || !load_expect(L, FYET_DOCUMENT_END))
		return NULL;
	ev = load_next(L);
	if (!ev)
		return NULL;
	if (ev->type != FYET_STREAM_END) {
		struct mark m = load_mark(L, ev);
		load_error(L, &m, "%s", "expected a single document, but found another");
		v = NULL;
	}
	fy_parser_event_free(L->fyp, ev);
	return v;
}

/* Decode one UTF-8 character strictly; 0 for an invalid sequence. */
static size_t load_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const struct { unsigned char mask, lead; size_t len; uint32_t min; } forms[] = {
		{0x80, 0x00, 1, 0}, {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800},
		{0xF8, 0xF0, 4, 0x10000},
	};
	for (size_t f = 0; f < 4; f++) {
		if ((s[0] & forms[f].mask) != forms[f].lead)
			continue;
		size_t len = forms[f].len;
		if (len > n)
			return 0;
		uint32_t c = s[0] & (unsigned char)~forms[f].mask;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (s[i] & 0x3F);
		}
		if (c < forms[f].min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		*cp = c;
		return len;
	}
	return 0;
}

/* PyYAML's printable set: tab, newlines, the printable ASCII range, NEL,
 * and the rest of Unicode but surrogates and U+FFFE/U+FFFF. */
static bool load_printable(uint32_t c)
{
	return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
	       (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

/* Refuse what PyYAML refuses before parsing: bytes that are not UTF-8 and
 * special characters. (It also keeps such input away from libfyaml 0.7,
 * which can loop forever on a directive followed by invalid UTF-8.) */
static bool load_check_text(struct loader *L, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	int line = 1, col = 1;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = load_utf8(s + i, len - i, &c);
		struct mark m = {L->name, line, col};
		if (n == 0) {
			load_error(L, &m, "%s", "invalid UTF-8 (the file must be UTF-8 text)");
			return false;
		}
		if (!load_printable(c)) {
			char what[64];
			snprintf(what, sizeof what, "#x%04x", (unsigned)c);
			load_error(L, &m, "unacceptable character %s: special characters are not "
				   "allowed", what);
			return false;
		}
		i += n;
		col++;
		if (c == '\n')
			line++, col = 1;
	}
	return true;
}

/* ---- the block scanner's way ------------------------------------------------ */

/* Plainly valid block documents (most compose files) are read by the
 * scanner of scan.c, several times faster than libfyaml, into the same
 * values with the same marks. Whatever would need a message (a duplicate
 * key, a limit) or a construct the scanner does not read sends the text
 * to libfyaml, which reports it. */
#define LOAD_SCAN_DEPTH 256

struct load_scan {
	struct loader *L;
	struct val *root;
	struct val *stack[LOAD_SCAN_DEPTH];
	struct val *key[LOAD_SCAN_DEPTH];     /* a mapping's key waiting for its value */
	size_t depth;
};

/* Puts v where it belongs: the root, an item, a key or a value. */
static bool load_scan_attach(struct load_scan *s, struct val *v)
{
	if (!s->depth) {
		s->root = v;
		return true;
	}
	struct val *parent = s->stack[s->depth - 1];
	if (parent->kind == VAL_SEQ) {
		val_seq_push(s->L->y->arena, parent, v);
		return true;
	}
	struct val **key = &s->key[s->depth - 1];
	if (!*key) {
		*key = v;
		return v->kind != VAL_SEQ && v->kind != VAL_MAP;
	}
	if (v->kind == VAL_NULL && v->mark.line == 0)
		v->mark = (*key)->mark;       /* `key:` with nothing after it */
	if (val_map_find_val(parent, *key))
		return false;                 /* a duplicate: libfyaml's way reports it */
	val_map_put(s->L->y->arena, parent, *key, v);
	*key = NULL;
	return true;
}

static bool load_scan_start(void *ctx, bool seq, size_t line, size_t col)
{
	struct load_scan *s = ctx;
	struct loader *L = s->L;
	struct mark m = {L->name, (int)line, (int)col};
	if (s->depth == LOAD_SCAN_DEPTH || s->depth + 1 > L->y->limits.max_depth ||
	    ++L->nodes > L->y->limits.max_nodes)
		return false;
	struct val *v = seq ? val_seq(L->y->arena, &m) : val_map(L->y->arena, &m);
	if (!load_scan_attach(s, v))
		return false;
	s->stack[s->depth] = v;
	s->key[s->depth] = NULL;
	s->depth++;
	return true;
}

static bool load_scan_end(void *ctx)
{
	((struct load_scan *)ctx)->depth--;
	return true;
}

static bool load_scan_scalar(void *ctx, const char *text, size_t len, enum yscan_style style,
			     size_t line, size_t col)
{
	struct load_scan *s = ctx;
	struct loader *L = s->L;
	struct yload *y = L->y;
	struct mark m = {L->name, (int)line, (int)col};
	if (!text || ++L->nodes > y->limits.max_nodes)
		return false;                 /* escapes and blocks: libfyaml's job */
	if (style == YSCAN_EMPTY) {
		if (!s->depth || s->stack[s->depth - 1]->kind != VAL_MAP)
			return false;
		m = (struct mark){L->name, 0, 0};
	}
	struct val *v;
	if (style == YSCAN_SINGLE || style == YSCAN_DOUBLE) {
		m.col++;                      /* libfyaml marks a quoted scalar's text */
		v = val_strn(y->arena, text, len, &m);
	}
	else if (y->plain)
		v = y->plain(y->plain_ctx, y->arena, text, len, &m);
	else
		v = yres_plain_value(y->res, y->arena, text, len, &m);
	if (!v || (style == YSCAN_PLAIN && len == 2 && memcmp(text, "<<", 2) == 0))
		return false;                 /* a `<<` merge key: libfyaml's way */
	return load_scan_attach(s, v);
}

/* The document through the scanner; false when libfyaml must read it. */
static bool load_scan(struct loader *L, const char *text, size_t len, struct val **out)
{
	struct load_scan s = {.L = L};
	struct yscan_sink sink = {&s, load_scan_start, load_scan_end, load_scan_scalar};
	if (L->y->parse_only || !yscan_document(text, len, &sink))
		return false;
	if (!s.root)
		s.root = val_null(L->y->arena, &(struct mark){L->name, 1, 1});
	else if (s.root->mark.line == 0)
		s.root->mark = (struct mark){L->name, 1, 1};
	*out = s.root;
	return true;
}

static void load_quiet_output(struct fy_diag *d, void *user, const char *buf, size_t len)
{
	(void)d, (void)user, (void)buf, (void)len;
}

struct yload_limits yload_limits_default(void)
{
	return (struct yload_limits){limit_get(LIMIT_INPUT_BYTES), limit_get(LIMIT_NESTING),
				     limit_get(LIMIT_NODES)};
}

static void load_too_big(struct yload *y, const struct mark *whole)
{
	diag_error(y->diag, whole, "input is larger than %zu bytes; refusing to load it "
		   "(%s raises the limit)", y->limits.max_bytes, limit_var(LIMIT_INPUT_BYTES));
}

struct val *yload_string(struct yload *y, const char *text, size_t len,
			 const char *name)
{
	struct loader L = {.y = y, .name = name};
	struct mark whole = {name, 0, 0};
	if (len > y->limits.max_bytes) {
		load_too_big(y, &whole);
		return NULL;
	}
	if (!load_check_text(&L, text, len))
		return NULL;
	struct val *fast;
	if (load_scan(&L, text, len, &fast))
		return fast;
	L.nodes = 0;
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = load_quiet_output;
	dcfg.level = FYET_ERROR;
	struct fy_diag *fd = fy_diag_create(&dcfg);
	fy_diag_set_collect_errors(fd, true);
	struct fy_parse_cfg cfg = {.flags = 0, .diag = fd};
	L.fyp = fy_parser_create(&cfg);
	/* libfyaml 0.7 can read past the end of its input (found by fuzzing:
	 * a folded scalar at the end of a buffer without a final NUL), so it
	 * always gets a copy followed by NUL padding. */
	char *padded = arena_alloc(y->arena, len + 16);
	memcpy(padded, text, len);
	if (!L.fyp || fy_parser_set_string(L.fyp, padded, len) != 0) {
		diag_error(y->diag, &whole, "cannot start the YAML parser");
		fy_parser_destroy(L.fyp);
		fy_diag_destroy(fd);
		return NULL;
	}
	struct val *v = load_stream(&L);
	if (!v && !L.failed)
		load_parser_errors(&L, fd);
	fy_parser_destroy(L.fyp);
	fy_diag_destroy(fd);
	return L.failed ? NULL : v;
}

/* Read all of a stream, refusing more than `max` bytes. */
static char *load_read_all(FILE *f, size_t max, size_t *len, bool *too_big)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	*too_big = false;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			*too_big = true;
			break;
		}
		buf_add(&b, chunk, n);
	}
	*len = b.len;
	if (!b.p)
		buf_grow(&b, 0);
	return b.p;
}

struct val *yload_file(struct yload *y, const char *path, const char *name)
{
	if (!name)
		name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct mark whole = {name, 0, 0};
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		diag_error(y->diag, &whole, "cannot read: %s", strerror(errno));
		return NULL;
	}
	size_t len;
	bool too_big;
	char *text = load_read_all(f, y->limits.max_bytes, &len, &too_big);
	bool bad = ferror(f);
	if (f != stdin)
		fclose(f);
	struct val *v = NULL;
	if (bad)
		diag_error(y->diag, &whole, "cannot read: %s", strerror(errno));
	else if (too_big)
		load_too_big(y, &whole);
	else
		v = yload_string(y, text, len, arena_strdup(y->arena, name));
	free(text);
	return v;
}
