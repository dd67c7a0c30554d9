/* json.c - a recursive-descent JSON decoder with encoding/json's grammar
 * and its notion of where a top-level value ends (a number ends at the
 * first byte that cannot continue it, so Decode("1b") is 1). */
#define _POSIX_C_SOURCE 200809L
#include "helm/json.h"
#include "helm/gostr.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 10000   /* encoding/json's own nesting limit */

struct jp {
	struct arena *a;
	const char *s;
	size_t n, pos;
	unsigned depth;
};

static bool jp_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void jp_skip_space(struct jp *p)
{
	while (p->pos < p->n && jp_is_space(p->s[p->pos]))
		p->pos++;
}

static bool jp_literal(struct jp *p, const char *word)
{
	size_t len = strlen(word);
	if (p->n - p->pos < len || memcmp(p->s + p->pos, word, len) != 0)
		return false;
	p->pos += len;
	return true;
}

static bool jp_digits(struct jp *p)
{
	size_t start = p->pos;
	while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
		p->pos++;
	return p->pos > start;
}

static int jp_number(struct jp *p, struct val **out)
{
	size_t start = p->pos;
	if (p->s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->n && p->s[p->pos] == '0')
		p->pos++;
	else if (!jp_digits(p))
		return -1;
	if (p->pos < p->n && p->s[p->pos] == '.') {
		p->pos++;
		if (!jp_digits(p))
			return -1;
	}
	if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (!jp_digits(p))
			return -1;
	}
	char *text = arena_strndup(p->a, p->s + start, p->pos - start);
	errno = 0;
	double f = strtod(text, NULL);
	if (errno == ERANGE && isinf(f))
		return -1;   /* Go: cannot unmarshal number into float64 */
	*out = val_float(p->a, f, NULL);
	return 0;
}

static int jp_hex4(struct jp *p, uint32_t *r)
{
	if (p->n - p->pos < 4)
		return -1;
	*r = 0;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos++];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		*r = *r << 4 | (uint32_t)d;
	}
	return 0;
}


/* \uXXXX, combining a surrogate pair as Go does (a lone half is U+FFFD). */
static int jp_unicode_escape(struct jp *p, struct buf *b)
{
	uint32_t r;
	if (jp_hex4(p, &r) != 0)
		return -1;
	if (r >= 0xD800 && r < 0xDC00 && p->n - p->pos >= 6 &&
	    p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
		size_t save = p->pos;
		uint32_t lo;
		p->pos += 2;
		if (jp_hex4(p, &lo) != 0)
			return -1;
		if (lo >= 0xDC00 && lo < 0xE000) {
			buf_add_utf8(b, 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00));
			return 0;
		}
		p->pos = save;   /* not a pair: the next escape stands alone */
	}
	buf_add_utf8(b, r >= 0xD800 && r < 0xE000 ? 0xFFFD : r);
	return 0;
}

static int jp_escape(struct jp *p, struct buf *b)
{
	if (p->pos >= p->n)
		return -1;
	char c = p->s[p->pos++];
	const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
	const char *hit = c ? strchr(from, c) : NULL;
	if (hit) {
		buf_addc(b, to[hit - from]);
		return 0;
	}
	return c == 'u' ? jp_unicode_escape(p, b) : -1;
}

static int jp_string_into(struct jp *p, struct buf *b)
{
	p->pos++;   /* the opening quote */
	while (p->pos < p->n) {
		unsigned char c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			p->pos++;
			if (jp_escape(p, b) != 0)
				return -1;
			continue;
		}
		size_t size;
		uint32_t r = gostr_rune(p->s + p->pos, p->n - p->pos, &size);
		if (r == 0xFFFD && size == 1)
			buf_add_utf8(b, 0xFFFD);
		else
			buf_add(b, p->s + p->pos, size);
		p->pos += size;
	}
	return -1;
}

static int jp_string(struct jp *p, struct val **out)
{
	struct buf b = BUF_INIT;
	int rc = jp_string_into(p, &b);
	if (rc == 0)
		*out = val_strn(p->a, buf_str(&b), b.len, NULL);
	buf_free(&b);
	return rc;
}

static int jp_value(struct jp *p, struct val **out);

static int jp_array(struct jp *p, struct val **out)
{
	struct val *seq = val_seq(p->a, NULL);
	p->pos++;
	jp_skip_space(p);
	if (p->pos < p->n && p->s[p->pos] == ']') {
		p->pos++;
		*out = seq;
		return 0;
	}
	for (;;) {
		struct val *item;
		if (jp_value(p, &item) != 0)
			return -1;
		val_seq_push(p->a, seq, item);
		jp_skip_space(p);
		if (p->pos >= p->n)
			return -1;
		char c = p->s[p->pos++];
		if (c == ']')
			break;
		if (c != ',')
			return -1;
	}
	*out = seq;
	return 0;
}

static int jp_member(struct jp *p, struct val *map)
{
	jp_skip_space(p);
	if (p->pos >= p->n || p->s[p->pos] != '"')
		return -1;
	struct val *key, *value;
	if (jp_string(p, &key) != 0)
		return -1;
	jp_skip_space(p);
	if (p->pos >= p->n || p->s[p->pos++] != ':')
		return -1;
	if (jp_value(p, &value) != 0)
		return -1;
	val_map_put(p->a, map, key, value);
	return 0;
}

static int jp_object(struct jp *p, struct val **out)
{
	struct val *map = val_map(p->a, NULL);
	p->pos++;
	jp_skip_space(p);
	if (p->pos < p->n && p->s[p->pos] == '}') {
		p->pos++;
		*out = map;
		return 0;
	}
	for (;;) {
		if (jp_member(p, map) != 0)
			return -1;
		jp_skip_space(p);
		if (p->pos >= p->n)
			return -1;
		char c = p->s[p->pos++];
		if (c == '}')
			break;
		if (c != ',')
			return -1;
	}
	*out = map;
	return 0;
}

static int jp_value(struct jp *p, struct val **out)
{
	jp_skip_space(p);
	if (p->pos >= p->n || ++p->depth > JSON_MAX_DEPTH)
		return -1;
	int rc = -1;
	char c = p->s[p->pos];
	if (c == '{')
		rc = jp_object(p, out);
	else if (c == '[')
		rc = jp_array(p, out);
	else if (c == '"')
		rc = jp_string(p, out);
	else if (c == '-' || (c >= '0' && c <= '9'))
		rc = jp_number(p, out);
	else if (jp_literal(p, "true"))
		*out = val_bool(p->a, true, NULL), rc = 0;
	else if (jp_literal(p, "false"))
		*out = val_bool(p->a, false, NULL), rc = 0;
	else if (jp_literal(p, "null"))
		*out = val_null(p->a, NULL), rc = 0;
	p->depth--;
	return rc;
}

int helm_json_decode(struct arena *a, const char *s, size_t n, struct val **out,
		     size_t *used)
{
	struct jp p = {a, s, n, 0, 0};
	if (jp_value(&p, out) != 0)
		return -1;
	*used = p.pos;
	return 0;
}

int helm_json_unmarshal(struct arena *a, const char *s, size_t n, struct val **out)
{
	struct jp p = {a, s, n, 0, 0};
	if (jp_value(&p, out) != 0)
		return -1;
	jp_skip_space(&p);
	return p.pos == p.n ? 0 : -1;
}
