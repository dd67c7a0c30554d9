/* strvals.c - Helm's strvals parser: a key path up to '=', then a value,
 * a {list} or (for --set-json) a JSON text, repeated after commas.
 *
 * The control flow follows Helm's parser step by step (key, listItem,
 * valList, runesUntil), because its corner cases are behaviour users rely
 * on: `a=` is "", `{}` is [""], `.a=1` sets nothing, an index past 65536
 * or a path deeper than 30 is refused, and a key that walks into a value
 * of the wrong type fails with Go's recovered panic text. */
#define _POSIX_C_SOURCE 200809L
#include "helm/strvals.h"
#include "helm/gostr.h"
#include "helm/values.h"
#include "tmpl/funcs.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SV_MAX_INDEX 65536   /* strvals.MaxIndex */
#define SV_MAX_NESTING 30    /* strvals.MaxNestedNameLevel */

enum { SV_OK = 0, SV_EOF = 1, SV_ERR = -1 };

struct sv {
	struct arena *a;
	const char *s;
	size_t n, pos;
	enum helm_set_kind kind;
	struct buf *err;
};

struct sv_tok {
	char *s;
	size_t n;
};

static int sv_fail(struct sv *p, const char *fmt, const char *key, size_t n)
{
	struct buf q = BUF_INIT;
	gostr_quote(&q, key, n);
	buf_addf(p->err, fmt, buf_str(&q));
	buf_free(&q);
	return SV_ERR;
}

/* The recovered panic of a failed type assertion in Helm's parser. */
static int sv_panic(struct sv *p, const struct val *have, const char *want)
{
	if (have->kind == VAL_NULL)
		buf_addf(p->err, "unable to parse key: interface conversion: interface is nil, "
			 "not %s", want);
	else
		buf_addf(p->err, "unable to parse key: interface conversion: interface {} is %s, "
			 "not %s", gostr_type_name(have), want);
	return SV_ERR;
}

/* runesUntil: read up to a stop byte (consumed, in *last) or the end
 * (SV_EOF, *last 0). A backslash takes the next rune literally. */
static int sv_until(struct sv *p, const char *stops, struct sv_tok *t, char *last)
{
	struct buf b = BUF_INIT;
	int rc = SV_EOF;
	*last = 0;
	while (p->pos < p->n) {
		char c = p->s[p->pos++];
		if (strchr(stops, c)) {
			*last = c;
			rc = SV_OK;
			break;
		}
		if (c == '\\') {
			if (p->pos >= p->n)
				break;
			size_t size;
			gostr_rune(p->s + p->pos, p->n - p->pos, &size);
			buf_add(&b, p->s + p->pos, size);
			p->pos += size;
			continue;
		}
		buf_addc(&b, c);
	}
	t->n = b.len;
	t->s = arena_strndup(p->a, buf_str(&b), b.len);
	buf_free(&b);
	return rc;
}

/* strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits. */
static bool sv_parse_int(const char *s, long long *out)
{
	const char *d = s + (*s == '-' || *s == '+');
	if (*d == '\0' || strspn(d, "0123456789") != strlen(d))
		return false;
	errno = 0;
	*out = strtoll(s, NULL, 10);
	return errno == 0;
}

/* typedVal */
static struct val *sv_typed(struct sv *p, const struct sv_tok *t)
{
	if (p->kind == HELM_SET_STRING)
		return val_strn(p->a, t->s, t->n, NULL);
	if (strcasecmp(t->s, "true") == 0 || strcasecmp(t->s, "false") == 0)
		return val_bool(p->a, strcasecmp(t->s, "true") == 0, NULL);
	if (strcasecmp(t->s, "null") == 0)
		return val_null(p->a, NULL);
	long long i = 0;
	/* "0" itself, or no leading zero (so 007 stays a string) */
	if (strcmp(t->s, "0") == 0 || (t->n && t->s[0] != '0' && sv_parse_int(t->s, &i))) {
		struct val *v = val_int(p->a, i, NULL);
		v->go = VAL_GO_INT64;
		return v;
	}
	return val_strn(p->a, t->s, t->n, NULL);
}

static void sv_set(struct sv *p, struct val *data, const struct sv_tok *k, struct val *v)
{
	if (k->n)
		val_map_set(p->a, data, k->s, v);
}

/* setIndex, on a list we own (a copy): grow with nils. */
static int sv_set_index(struct sv *p, struct val *list, long index, struct val *v)
{
	if (index < 0) {
		buf_addf(p->err, "negative %ld index not allowed", index);
		return SV_ERR;
	}
	if (index > SV_MAX_INDEX) {
		buf_addf(p->err, "index of %ld is greater than maximum supported index of %d",
			 index, SV_MAX_INDEX);
		return SV_ERR;
	}
	while (list->seq.n <= (size_t)index)
		val_seq_push(p->a, list, val_null(p->a, NULL));
	list->seq.items[index] = v;
	return SV_OK;
}

static struct val *sv_copy_seq(struct sv *p, const struct val *from)
{
	struct val *seq = val_seq(p->a, NULL);
	for (size_t i = 0; from && i < from->seq.n; i++)
		val_seq_push(p->a, seq, from->seq.items[i]);
	return seq;
}

static struct val *sv_copy_map(struct sv *p, const struct val *from)
{
	struct val *map = val_map(p->a, NULL);
	for (size_t i = 0; from && i < from->map.n; i++)
		val_map_put(p->a, map, from->map.pairs[i].key, from->map.pairs[i].value);
	return map;
}

/* keyIndex: the digits up to ']', read by strconv.Atoi. The end of the
 * text instead of ']' is SV_EOF: Helm wraps io.EOF there, and its parser
 * takes any error wrapping io.EOF for a normal end. */
static int sv_key_index(struct sv *p, long *index)
{
	struct sv_tok t;
	char last;
	if (sv_until(p, "]", &t, &last) == SV_EOF)
		return SV_EOF;
	const char *d = t.s + (t.s[0] == '-' || t.s[0] == '+');
	if (*d == '\0' || strspn(d, "0123456789") != strlen(d))
		return sv_fail(p, "error parsing index: strconv.Atoi: parsing %s: invalid syntax",
			       t.s, t.n);
	errno = 0;
	long long i = strtoll(t.s, NULL, 10);
	if (errno == ERANGE || i > LONG_MAX || i < LONG_MIN)
		return sv_fail(p, "error parsing index: strconv.Atoi: parsing %s: value out of range",
			       t.s, t.n);
	*index = (long)i;
	return SV_OK;
}

/* emptyVal: skip spaces; true at the end or after a comma (consumed). */
static bool sv_empty_val(struct sv *p)
{
	while (p->pos < p->n) {
		size_t size;
		uint32_t r = gostr_rune(p->s + p->pos, p->n - p->pos, &size);
		if (r == ',') {
			p->pos++;
			return true;
		}
		if (!gostr_is_space(r))
			return false;
		p->pos += size;
	}
	return true;
}

/* A --set-json value: empty means null; else one JSON value, then
 * optional blanks and a comma. */
static int sv_json_value(struct sv *p, struct val **out)
{
	if (sv_empty_val(p)) {
		*out = val_null(p->a, NULL);
		return SV_OK;
	}
	size_t used;
	struct buf why = BUF_INIT;   /* Helm does not say why */
	*out = tmplfn_json_decode(p->a, p->s + p->pos, p->n - p->pos, &used, &why);
	bool bad = !*out || why.len;
	buf_free(&why);
	if (bad) {
		buf_adds(p->err, "invalid JSON");
		return SV_ERR;
	}
	p->pos += used;
	sv_empty_val(p);
	return SV_OK;
}

/* valList: `{a,b}` (SV_OK), not a list (SV_NOTLIST), or the end. */
enum { SV_NOTLIST = 2 };

static int sv_val_list(struct sv *p, struct val **out)
{
	if (p->pos >= p->n)
		return SV_EOF;
	if (p->s[p->pos] != '{')
		return SV_NOTLIST;
	p->pos++;
	struct val *list = val_seq(p->a, NULL);
	for (;;) {
		struct sv_tok t;
		char last;
		if (sv_until(p, ",}", &t, &last) == SV_EOF) {
			buf_adds(p->err, "list must terminate with '}'");
			return SV_ERR;
		}
		val_seq_push(p->a, list, sv_typed(p, &t));
		if (last == '}') {
			if (p->pos < p->n && p->s[p->pos] == ',')
				p->pos++;
			*out = list;
			return SV_OK;
		}
	}
}

/* The value after '=': a list, the empty string at the end, or a plain
 * value up to the next comma. */
static int sv_value(struct sv *p, struct val **out)
{
	if (p->kind == HELM_SET_JSON)
		return sv_json_value(p, out);
	int rc = sv_val_list(p, out);
	if (rc == SV_EOF) {
		*out = val_str(p->a, "", NULL);
		return SV_EOF;
	}
	if (rc != SV_NOTLIST)
		return rc;
	struct sv_tok t;
	char last;
	sv_until(p, ",", &t, &last);
	*out = sv_typed(p, &t);
	return SV_OK;
}

static int sv_key(struct sv *p, struct val *data, int level);

static int sv_list_item(struct sv *p, struct val *list, long i, int level);

/* listItem after `[i]` followed by '[': a list inside the list. */
static int sv_list_nested(struct sv *p, struct val *list, long i, int level)
{
	long next;
	int rc = sv_key_index(p, &next);
	if (rc != SV_OK)
		return rc;
	struct val *cur = i < (long)list->seq.n ? list->seq.items[i] : NULL;
	if (cur && cur->kind != VAL_NULL && cur->kind != VAL_SEQ)
		return sv_panic(p, cur, "[]interface {}");
	struct val *inner = sv_copy_seq(p, cur && cur->kind == VAL_SEQ ? cur : NULL);
	rc = sv_list_item(p, inner, next, level);
	if (rc != SV_OK)
		return rc;   /* Helm returns before storing, even at the end */
	return sv_set_index(p, list, i, inner);
}

/* listItem after `[i]` followed by '.': a mapping inside the list. */
static int sv_list_map(struct sv *p, struct val *list, long i, int level)
{
	struct val *inner = val_map(p->a, NULL);
	if (i < (long)list->seq.n) {
		struct val *cur = list->seq.items[i];
		if (cur->kind == VAL_MAP)
			inner = sv_copy_map(p, cur);
		list->seq.items[i] = inner;
	}
	int rc = sv_key(p, inner, level);
	if (rc != SV_OK)
		return rc;
	return sv_set_index(p, list, i, inner);
}

static int sv_list_item(struct sv *p, struct val *list, long i, int level)
{
	if (i < 0) {
		buf_addf(p->err, "negative %ld index not allowed", i);
		return SV_ERR;
	}
	struct sv_tok k;
	char last;
	int rc = sv_until(p, "[.=", &k, &last);
	if (k.n > 0) {
		buf_adds(p->err, "unexpected data at end of array index: ");
		gostr_quote_runes(p->err, k.s, k.n);
		return SV_ERR;
	}
	if (rc == SV_EOF)
		return SV_EOF;
	if (last == '[')
		return sv_list_nested(p, list, i, level);
	if (last == '.')
		return sv_list_map(p, list, i, level);
	struct val *v;
	rc = sv_value(p, &v);
	if (rc == SV_ERR)
		return rc;
	return sv_set_index(p, list, i, v) == SV_OK ? SV_OK : SV_ERR;
}

/* key followed by '[': find or create the list and fill one item. */
static int sv_key_list(struct sv *p, struct val *data, const struct sv_tok *k, int level)
{
	long i;
	int rc = sv_key_index(p, &i);
	if (rc != SV_OK)
		return rc;
	struct val *cur = val_map_get(data, k->s);
	if (cur && cur->kind != VAL_SEQ)
		return sv_panic(p, cur, "[]interface {}");
	struct val *list = sv_copy_seq(p, cur);
	rc = sv_list_item(p, list, i, level);
	sv_set(p, data, k, list);
	return rc;
}

/* key followed by '.': find or create the mapping and go one level in. */
static int sv_key_map(struct sv *p, struct val *data, const struct sv_tok *k, int level)
{
	if (++level > SV_MAX_NESTING) {
		buf_addf(p->err, "value name nested level is greater than maximum supported "
			 "nested level of %d", SV_MAX_NESTING);
		return SV_ERR;
	}
	struct val *cur = val_map_get(data, k->s);
	if (cur && cur->kind != VAL_MAP)
		return sv_panic(p, cur, "map[string]interface {}");
	struct val *inner = sv_copy_map(p, cur);
	int rc = sv_key(p, inner, level);
	if (rc == SV_OK && inner->map.n == 0)
		return sv_fail(p, "key map %s has no value", k->s, k->n);
	if (inner->map.n != 0)
		sv_set(p, data, k, inner);
	return rc;
}

static int sv_key(struct sv *p, struct val *data, int level)
{
	struct sv_tok k;
	char last;
	if (sv_until(p, "=[,.", &k, &last) == SV_EOF) {
		if (k.n == 0)
			return SV_EOF;
		return sv_fail(p, "key %s has no value", k.s, k.n);
	}
	if (last == '[')
		return sv_key_list(p, data, &k, level);
	if (last == '.')
		return sv_key_map(p, data, &k, level);
	if (last == ',') {
		sv_set(p, data, &k, val_str(p->a, "", NULL));
		return sv_fail(p, "key %s has no value (cannot end with ,)", k.s, k.n);
	}
	struct val *v;
	int rc = sv_value(p, &v);
	if (rc != SV_ERR)
		sv_set(p, data, &k, v);
	return rc;
}

static int sv_parse(struct sv *p, struct val *data)
{
	for (;;) {
		int rc = sv_key(p, data, 0);
		if (rc == SV_EOF)
			return 0;
		if (rc == SV_ERR)
			return -1;
	}
}

/* --set-json '{...}': a whole object, merged as a values file is. */
static int sv_json_object(struct arena *a, struct val *base, const char *arg,
			  struct buf *err)
{
	struct buf why = BUF_INIT;   /* Helm does not say why */
	struct val *obj = tmplfn_json_unmarshal(a, arg, strlen(arg), &why);
	bool bad = !obj || why.len || obj->kind != VAL_MAP;
	buf_free(&why);
	if (bad) {
		buf_addf(err, "failed parsing --set-json data JSON: %s", arg);
		return -1;
	}
	struct val *merged = helm_merge_maps(a, base, obj);
	base->map = merged->map;
	return 0;
}

static bool sv_starts_object(const char *arg)
{
	const char *s = arg;
	size_t n = strlen(arg);
	gostr_trim_space(&s, &n);
	return n > 0 && s[0] == '{';
}

int helm_strvals_apply(struct arena *a, struct val *base, const char *arg,
		       enum helm_set_kind kind, struct buf *err)
{
	if (kind == HELM_SET_JSON && sv_starts_object(arg))
		return sv_json_object(a, base, arg, err);
	struct buf msg = BUF_INIT;
	struct sv p = {a, arg, strlen(arg), 0, kind, &msg};
	int rc = sv_parse(&p, base);
	if (rc != 0) {
		if (kind == HELM_SET_JSON)
			buf_addf(err, "failed parsing --set-json data %s", arg);
		else
			buf_addf(err, "failed parsing %s data: %s",
				 kind == HELM_SET ? "--set" : "--set-string", buf_str(&msg));
	}
	buf_free(&msg);
	return rc;
}
