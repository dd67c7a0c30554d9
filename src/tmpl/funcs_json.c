/* funcs_json.c - Go's encoding/json for template values, and Sprig's JSON
 * functions: toJson toPrettyJson toRawJson fromJson and their must forms.
 *
 * Marshal: map keys sorted by bytes, floats in encoding/json's form (1e+21,
 * 0.000001, 1e-7), <, > and & escaped unless raw, U+2028/9 always, invalid
 * UTF-8 as \ufffd; NaN and the infinities are an error. Unmarshal: a full
 * syntax check first with Go's scanner messages ("invalid character 'x'
 * after object key"), then decoding with every number a float64. The one
 * JSON decoder of the project: Helm's --set-json uses it too (Decode). */
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TMPLFN_JSON_MAX_DEPTH 10000

/* ---- Marshal ---------------------------------------------------------------- */

static void json_string(struct buf *out, const char *s, size_t n, bool html)
{
	static const char hex[] = "0123456789abcdef";
	size_t len;
	buf_addc(out, '"');
	for (size_t i = 0; i < n; i += len) {
		int32_t r = goyaml_utf8_decode(s + i, n - i, &len);
		const char *esc = r == '"' ? "\\\"" : r == '\\' ? "\\\\" : r == '\n' ? "\\n"
				: r == '\r' ? "\\r" : r == '\t' ? "\\t" : r == '\b' ? "\\b"
				: r == '\f' ? "\\f" : NULL;
		if (esc)
			buf_adds(out, esc);
		else if (r < 0)
			buf_adds(out, "\\ufffd");
		else if (r < 0x20 || (html && (r == '<' || r == '>' || r == '&')))
			buf_addf(out, "\\u00%c%c", hex[r >> 4], hex[r & 15]);
		else if (r == 0x2028 || r == 0x2029)
			buf_addf(out, "\\u%04x", (unsigned)r);
		else
			buf_add(out, s + i, len);
	}
	buf_addc(out, '"');
}

static bool json_is_nil(const struct val *v)
{
	return v->tag && strcmp(v->tag, GOYAML_NIL) == 0;
}

static void json_newline(struct buf *out, int flags, int depth)
{
	if (!(flags & TMPLFN_JSON_INDENT))
		return;
	buf_addc(out, '\n');
	for (int i = 0; i < depth; i++)
		buf_adds(out, "  ");
}

static int json_value(const struct val *v, struct buf *out, int flags, int depth);

static int json_seq(const struct val *v, struct buf *out, int flags, int depth)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < v->seq.n; i++) {
		if (i)
			buf_addc(out, ',');
		json_newline(out, flags, depth + 1);
		if (json_value(v->seq.items[i], out, flags, depth + 1))
			return -1;
	}
	if (v->seq.n)
		json_newline(out, flags, depth);
	buf_addc(out, ']');
	return 0;
}

static int json_cmp_pairs(const void *pa, const void *pb)
{
	const struct val *a = (*(struct val_pair *const *)pa)->key;
	const struct val *b = (*(struct val_pair *const *)pb)->key;
	size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
	int c = memcmp(a->str.s, b->str.s, n);
	return c ? c : (a->str.len > b->str.len) - (a->str.len < b->str.len);
}

static int json_map(const struct val *v, struct buf *out, int flags, int depth)
{
	struct val_pair **p = xmalloc((v->map.n + 1) * sizeof *p);
	int rc = 0;
	for (size_t i = 0; i < v->map.n; i++)
		p[i] = &v->map.pairs[i];
	qsort(p, v->map.n, sizeof *p, json_cmp_pairs);
	buf_addc(out, '{');
	for (size_t i = 0; i < v->map.n && rc == 0; i++) {
		if (i)
			buf_addc(out, ',');
		json_newline(out, flags, depth + 1);
		json_string(out, p[i]->key->str.s, p[i]->key->str.len, !(flags & TMPLFN_JSON_RAW));
		buf_adds(out, flags & TMPLFN_JSON_INDENT ? ": " : ":");
		rc = json_value(p[i]->value, out, flags, depth + 1);
	}
	free(p);
	if (v->map.n)
		json_newline(out, flags, depth);
	buf_addc(out, '}');
	return rc;
}

static int json_value(const struct val *v, struct buf *out, int flags, int depth)
{
	switch (v->kind) {
	case VAL_NULL:
		buf_adds(out, "null");
		return 0;
	case VAL_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		return 0;
	case VAL_INT:
		buf_addf(out, "%lld", (long long)v->i);
		return 0;
	case VAL_FLOAT:
		if (isnan(v->f) || isinf(v->f))
			return -1;
		goyaml_format_float(out, v->f, 'j');
		return 0;
	case VAL_STR:
		json_string(out, v->str.s, v->str.len, !(flags & TMPLFN_JSON_RAW));
		return 0;
	case VAL_SEQ:
		if (json_is_nil(v)) {
			buf_adds(out, "null");
			return 0;
		}
		return json_seq(v, out, flags, depth);
	case VAL_MAP:
		if (json_is_nil(v)) {
			buf_adds(out, "null");
			return 0;
		}
		return json_map(v, out, flags, depth);
	}
	return 0;
}

/* The first NaN or infinity json.Marshal meets, in its (key) order. */
static const struct val *json_bad_float(const struct val *v)
{
	if (v->kind == VAL_FLOAT && (isnan(v->f) || isinf(v->f)))
		return v;
	if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++) {
			const struct val *b = json_bad_float(v->seq.items[i]);
			if (b)
				return b;
		}
	}
	if (v->kind == VAL_MAP) {
		struct buf tmp = BUF_INIT;
		const struct val *bad = NULL;
		struct val_pair **p = xmalloc((v->map.n + 1) * sizeof *p);
		for (size_t i = 0; i < v->map.n; i++)
			p[i] = &v->map.pairs[i];
		qsort(p, v->map.n, sizeof *p, json_cmp_pairs);
		for (size_t i = 0; i < v->map.n && !bad; i++)
			bad = json_bad_float(p[i]->value);
		free(p);
		buf_free(&tmp);
		return bad;
	}
	return NULL;
}

int tmplfn_json_marshal(const struct val *v, struct buf *out, int flags)
{
	struct buf text = BUF_INIT;
	int rc = json_value(v, &text, flags, 0);
	if (rc == 0)
		buf_add(out, text.p ? text.p : "", text.len);
	buf_free(&text);
	return rc;
}

/* Go's error text for a value json.Marshal refuses. */
static void json_marshal_error(const struct val *v, struct buf *err)
{
	const struct val *bad = json_bad_float(v);
	double f = bad ? bad->f : NAN;
	buf_addf(err, "json: unsupported value: %s", isnan(f) ? "NaN" : f < 0 ? "-Inf" : "+Inf");
}

/* ---- the scanner: syntax and Go's messages -------------------------------- */

struct json_scan {
	const char *s;
	size_t n, i;
	int depth;
	struct buf *err;
};

/* encoding/json's quoteChar: 'x', '\'' and '"' as such, others Go-quoted. */
static void json_quote_char(struct buf *out, unsigned char c)
{
	if (c == '\'') {
		buf_adds(out, "'\\''");
		return;
	}
	if (c == '"') {
		buf_adds(out, "'\"'");
		return;
	}
	struct buf u = BUF_INIT, q = BUF_INIT;
	buf_add_utf8(&u, c);   /* string(byte) is the rune U+0000..U+00FF */
	gofmt_quote(&q, u.p, u.len);
	buf_free(&u);
	buf_addc(out, '\'');
	buf_add(out, q.p + 1, q.len - 2);
	buf_addc(out, '\'');
	buf_free(&q);
}

static bool json_fail(struct json_scan *sc, const char *context)
{
	if (sc->i >= sc->n) {
		buf_adds(sc->err, "unexpected end of JSON input");
		return false;
	}
	buf_adds(sc->err, "invalid character ");
	json_quote_char(sc->err, (unsigned char)sc->s[sc->i]);
	buf_addc(sc->err, ' ');
	buf_adds(sc->err, context);
	return false;
}

static void json_skip_space(struct json_scan *sc)
{
	while (sc->i < sc->n && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
		sc->i++;
}

static bool json_peek(struct json_scan *sc, char c)
{
	return sc->i < sc->n && sc->s[sc->i] == c;
}

static bool json_is_digit(struct json_scan *sc)
{
	return sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9';
}

static bool json_scan_value(struct json_scan *sc);

static bool json_scan_literal(struct json_scan *sc, const char *word)
{
	sc->i++;
	for (size_t k = 1; word[k]; k++, sc->i++) {
		if (!json_peek(sc, word[k])) {
			char ctx[64];
			snprintf(ctx, sizeof ctx, "in literal %s (expecting '%c')", word, word[k]);
			return json_fail(sc, ctx);
		}
	}
	return true;
}

static bool json_scan_number(struct json_scan *sc)
{
	if (json_peek(sc, '-')) {
		sc->i++;
		if (!json_is_digit(sc))
			return json_fail(sc, "in numeric literal");
	}
	if (json_peek(sc, '0'))
		sc->i++;
	else
		while (json_is_digit(sc))
			sc->i++;
	if (json_peek(sc, '.')) {
		sc->i++;
		if (!json_is_digit(sc))
			return json_fail(sc, "after decimal point in numeric literal");
		while (json_is_digit(sc))
			sc->i++;
	}
	if (json_peek(sc, 'e') || json_peek(sc, 'E')) {
		sc->i++;
		if (json_peek(sc, '+') || json_peek(sc, '-'))
			sc->i++;
		if (!json_is_digit(sc))
			return json_fail(sc, "in exponent of numeric literal");
		while (json_is_digit(sc))
			sc->i++;
	}
	return true;
}

static bool json_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool json_scan_string(struct json_scan *sc)
{
	for (sc->i++; sc->i < sc->n; sc->i++) {
		unsigned char c = (unsigned char)sc->s[sc->i];
		if (c == '"') {
			sc->i++;
			return true;
		}
		if (c < 0x20)
			return json_fail(sc, "in string literal");
		if (c != '\\')
			continue;
		sc->i++;
		if (sc->i < sc->n && strchr("\"\\/bfnrt", sc->s[sc->i]) && sc->s[sc->i])
			continue;
		if (!json_peek(sc, 'u'))
			return json_fail(sc, "in string escape code");
		for (int k = 0; k < 4; k++) {
			sc->i++;
			if (sc->i >= sc->n || !json_is_hex(sc->s[sc->i]))
				return json_fail(sc, "in \\u hexadecimal character escape");
		}
	}
	return json_fail(sc, "");
}

static bool json_scan_object(struct json_scan *sc)
{
	sc->i++;
	json_skip_space(sc);
	if (json_peek(sc, '}')) {
		sc->i++;
		return true;
	}
	for (;;) {
		json_skip_space(sc);
		if (!json_peek(sc, '"'))
			return json_fail(sc, "looking for beginning of object key string");
		if (!json_scan_string(sc))
			return false;
		json_skip_space(sc);
		if (!json_peek(sc, ':'))
			return json_fail(sc, "after object key");
		sc->i++;
		if (!json_scan_value(sc))
			return false;
		json_skip_space(sc);
		if (json_peek(sc, '}')) {
			sc->i++;
			return true;
		}
		if (!json_peek(sc, ','))
			return json_fail(sc, "after object key:value pair");
		sc->i++;
	}
}

static bool json_scan_array(struct json_scan *sc)
{
	sc->i++;
	json_skip_space(sc);
	if (json_peek(sc, ']')) {
		sc->i++;
		return true;
	}
	for (;;) {
		if (!json_scan_value(sc))
			return false;
		json_skip_space(sc);
		if (json_peek(sc, ']')) {
			sc->i++;
			return true;
		}
		if (!json_peek(sc, ','))
			return json_fail(sc, "after array element");
		sc->i++;
	}
}

static bool json_scan_value(struct json_scan *sc)
{
	json_skip_space(sc);
	if (sc->i >= sc->n)
		return json_fail(sc, "");
	char c = sc->s[sc->i];
	bool ok;
	if (c == '{' || c == '[') {
		if (++sc->depth > TMPLFN_JSON_MAX_DEPTH) {
			buf_adds(sc->err, "exceeded max depth");
			return false;
		}
		ok = c == '{' ? json_scan_object(sc) : json_scan_array(sc);
		sc->depth--;
		return ok;
	}
	if (c == '"')
		return json_scan_string(sc);
	if (c == '-' || (c >= '0' && c <= '9'))
		return json_scan_number(sc);
	if (c == 't')
		return json_scan_literal(sc, "true");
	if (c == 'f')
		return json_scan_literal(sc, "false");
	if (c == 'n')
		return json_scan_literal(sc, "null");
	return json_fail(sc, "looking for beginning of value");
}

/* ---- the decoder (over text the scanner accepted) ---------------------------- */

struct json_dec {
	struct arena *a;
	const char *s;
	size_t n, i;
	struct buf *err;     /* the first type error */
};

static void json_dec_space(struct json_dec *d)
{
	while (d->i < d->n && (d->s[d->i] == ' ' || d->s[d->i] == '\t' ||
			       d->s[d->i] == '\r' || d->s[d->i] == '\n'))
		d->i++;
}

static unsigned json_hex4(const char *s)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
	}
	return v;
}


/* \uXXXX, joining a surrogate pair; a lone surrogate is U+FFFD. */
static void json_dec_unicode(struct json_dec *d, struct buf *out)
{
	uint32_t r = json_hex4(d->s + d->i + 1);
	d->i += 5;
	if (r >= 0xD800 && r < 0xDC00 && d->i + 6 <= d->n && d->s[d->i] == '\\' &&
	    d->s[d->i + 1] == 'u') {
		uint32_t lo = json_hex4(d->s + d->i + 2);
		if (lo >= 0xDC00 && lo < 0xE000) {
			buf_add_utf8(out, 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00));
			d->i += 6;
			return;
		}
	}
	buf_add_utf8(out, r >= 0xD800 && r < 0xE000 ? 0xFFFD : r);
}

static struct val *json_dec_string(struct json_dec *d)
{
	struct buf out = BUF_INIT;
	size_t len;
	for (d->i++; d->s[d->i] != '"';) {
		if (d->s[d->i] != '\\') {
			if (goyaml_utf8_decode(d->s + d->i, d->n - d->i, &len) < 0)
				buf_adds(&out, "\xEF\xBF\xBD");
			else
				buf_add(&out, d->s + d->i, len);
			d->i += len;
			continue;
		}
		char e = d->s[++d->i];
		if (e == 'u') {
			json_dec_unicode(d, &out);
			continue;
		}
		const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
		buf_addc(&out, to[strchr(from, e) - from]);
		d->i++;
	}
	d->i++;
	struct val *v = val_strn(d->a, out.p ? out.p : "", out.len, NULL);
	buf_free(&out);
	return v;
}

static struct val *json_dec_number(struct json_dec *d)
{
	size_t start = d->i;
	while (d->i < d->n && strchr("+-.eE0123456789", d->s[d->i]) && d->s[d->i])
		d->i++;
	double f;
	if (goyaml_parse_float(d->s + start, d->i - start, &f) == 0)
		return val_float(d->a, f, NULL);
	if (!d->err->len)
		buf_addf(d->err, "json: cannot unmarshal number %.*s into Go value of type float64",
			 (int)(d->i - start), d->s + start);
	return val_null(d->a, NULL);
}

static struct val *json_dec_value(struct json_dec *d);

static struct val *json_dec_object(struct json_dec *d)
{
	struct val *m = val_map(d->a, NULL);
	d->i++;
	for (;;) {
		json_dec_space(d);
		if (d->s[d->i] == '}')
			break;
		if (d->s[d->i] == ',')
			d->i++, json_dec_space(d);
		struct val *k = json_dec_string(d);
		json_dec_space(d);
		d->i++;   /* ':' */
		val_map_put(d->a, m, k, json_dec_value(d));
	}
	d->i++;
	return m;
}

static struct val *json_dec_array(struct json_dec *d)
{
	struct val *l = val_seq(d->a, NULL);
	d->i++;
	for (;;) {
		json_dec_space(d);
		if (d->s[d->i] == ']')
			break;
		if (d->s[d->i] == ',')
			d->i++;
		val_seq_push(d->a, l, json_dec_value(d));
	}
	d->i++;
	return l;
}

static struct val *json_dec_value(struct json_dec *d)
{
	json_dec_space(d);
	switch (d->s[d->i]) {
	case '{':
		return json_dec_object(d);
	case '[':
		return json_dec_array(d);
	case '"':
		return json_dec_string(d);
	case 't':
		d->i += 4;
		return val_bool(d->a, true, NULL);
	case 'f':
		d->i += 5;
		return val_bool(d->a, false, NULL);
	case 'n':
		d->i += 4;
		return val_null(d->a, NULL);
	default:
		return json_dec_number(d);
	}
}

struct val *tmplfn_json_unmarshal(struct arena *a, const char *s, size_t n, struct buf *err)
{
	struct json_scan sc = {s, n, 0, 0, err};
	if (!json_scan_value(&sc))
		return NULL;
	json_skip_space(&sc);
	if (sc.i < n) {
		json_fail(&sc, "after top-level value");
		return NULL;
	}
	struct json_dec d = {a, s, n, 0, err};
	return json_dec_value(&d);
}

/* json.Decoder.Decode: the value at the start of s (after blanks), whatever
 * follows it; a number ends at the first byte that cannot continue it. */
struct val *tmplfn_json_decode(struct arena *a, const char *s, size_t n, size_t *used,
			       struct buf *err)
{
	struct json_scan sc = {s, n, 0, 0, err};
	if (!json_scan_value(&sc))
		return NULL;
	*used = sc.i;
	struct json_dec d = {a, s, sc.i, 0, err};
	return json_dec_value(&d);
}

/* ---- Sprig's functions ------------------------------------------------------------ */

static int json_out(struct tmpl_call *c, struct val **r, int flags, bool must)
{
	struct buf out = BUF_INIT;
	if (tmplfn_json_marshal(c->argv[0], &out, flags) != 0) {
		buf_free(&out);
		if (must) {
			struct buf e = BUF_INIT;
			json_marshal_error(c->argv[0], &e);
			tmpl_call_fail(c, "%s", buf_str(&e));
			buf_free(&e);
			return -1;
		}
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_sprig_tojson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, 0, false);
}

int tmplfn_fn_musttojson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, 0, true);
}

int tmplfn_fn_toprettyjson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, TMPLFN_JSON_INDENT, false);
}

int tmplfn_fn_musttoprettyjson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, TMPLFN_JSON_INDENT, true);
}

/* Sprig's toRawJson panics where toJson and toPrettyJson give "". */
int tmplfn_fn_torawjson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, TMPLFN_JSON_RAW, true);
}

int tmplfn_fn_musttorawjson(struct tmpl_call *c, struct val **r)
{
	return json_out(c, r, TMPLFN_JSON_RAW, true);
}

/* Sprig's fromJson: any JSON value, nil on error. */
int tmplfn_fn_sprig_fromjson(struct tmpl_call *c, struct val **r)
{
	struct buf err = BUF_INIT;
	struct val *v = tmplfn_json_unmarshal(c->arena, c->argv[0]->str.s, c->argv[0]->str.len, &err);
	*r = v ? v : tmplfn_null(c);
	buf_free(&err);
	return 0;
}

int tmplfn_fn_mustfromjson(struct tmpl_call *c, struct val **r)
{
	struct buf err = BUF_INIT;
	struct val *v = tmplfn_json_unmarshal(c->arena, c->argv[0]->str.s, c->argv[0]->str.len, &err);
	int rc = 0;
	if (err.len)
		rc = tmpl_call_fail(c, "%s", buf_str(&err));
	else
		*r = v;
	buf_free(&err);
	return rc;
}
