/* gostr.c - Go's UTF-8 decoding, unicode.IsSpace, strconv.Quote and
 * QuoteRune, as far as Helm's messages show them. */
#define _POSIX_C_SOURCE 200809L
#include "helm/gostr.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t gostr_rune(const char *s, size_t n, size_t *size)
{
	const unsigned char *u = (const unsigned char *)s;
	*size = 1;
	if (u[0] < 0x80)
		return u[0];
	size_t len = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC2 ? 2 : 0;
	if (len == 0 || len > n || (len == 4 && u[0] > 0xF4))
		return 0xFFFD;
	uint32_t r = u[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		r = r << 6 | (u[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((len == 3 && r < 0x800) || (len == 4 && (r < 0x10000 || r > 0x10FFFF)) ||
	    (r >= 0xD800 && r <= 0xDFFF))
		return 0xFFFD;
	*size = len;
	return r;
}

bool gostr_is_space(uint32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return true;
	}
	return r >= 0x2000 && r <= 0x200A;
}

/* strconv.IsPrint, closely enough: Go's tables exclude controls, spaces
 * other than ' ', format characters, private use and non-characters. */
static bool gostr_is_print(uint32_t r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7F;
	if (r < 0xA1 || r == 0xAD || r == 0x1680 || r == 0x3000 || r == 0xFEFF)
		return false;
	if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
	    (r >= 0x205F && r <= 0x206F) || (r >= 0xE000 && r <= 0xF8FF) ||
	    (r >= 0xFFF9 && r <= 0xFFFB) || r >= 0xFFFE)
		return r >= 0x10000 && r < 0xF0000 && (r & 0xFFFE) != 0xFFFE;
	return true;
}

static void gostr_escape(struct buf *out, uint32_t r, size_t size, const char *raw, char quote)
{
	if (r == (uint32_t)quote || r == '\\') {
		buf_addc(out, '\\');
		buf_addc(out, (char)r);
		return;
	}
	if (r == 0xFFFD && size == 1) {   /* an invalid byte: \x escape of it */
		buf_addf(out, "\\x%02x", (unsigned char)raw[0]);
		return;
	}
	if (gostr_is_print(r)) {
		buf_add(out, raw, size);
		return;
	}
	static const char names[] = "abtnvfr";
	if (r >= 7 && r <= 13) {
		buf_addc(out, '\\');
		buf_addc(out, names[r - 7]);
	} else if (r < ' ' || r == 0x7F) {
		buf_addf(out, "\\x%02x", (unsigned)r);
	} else if (r < 0x10000) {
		buf_addf(out, "\\u%04x", (unsigned)r);
	} else {
		buf_addf(out, "\\U%08x", (unsigned)r);
	}
}

void gostr_quote(struct buf *out, const char *s, size_t n)
{
	buf_addc(out, '"');
	for (size_t i = 0, size; i < n; i += size) {
		uint32_t r = gostr_rune(s + i, n - i, &size);
		gostr_escape(out, r, size, s + i, '"');
	}
	buf_addc(out, '"');
}

void gostr_quote_rune(struct buf *out, uint32_t r)
{
	struct buf raw = BUF_INIT;
	buf_add_utf8(&raw, (long)r);
	buf_addc(out, '\'');
	/* a decoded rune is never an invalid byte: pass size 0 for that check */
	gostr_escape(out, r, r == 0xFFFD ? 3 : raw.len, raw.p, '\'');
	buf_addc(out, '\'');
	buf_free(&raw);
}

void gostr_quote_runes(struct buf *out, const char *s, size_t n)
{
	buf_addc(out, '[');
	for (size_t i = 0, size; i < n; i += size) {
		if (i)
			buf_addc(out, ' ');
		gostr_quote_rune(out, gostr_rune(s + i, n - i, &size));
	}
	buf_addc(out, ']');
}

const char *gostr_find(const char *s, size_t n, const char *needle, size_t m)
{
	for (const char *end = s + n, *p = s; m && (size_t)(end - p) >= m; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, m) == 0)
			return p;
	}
	return NULL;
}

void gostr_trim_space(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n, size;
	while (len && gostr_is_space(gostr_rune(p, len, &size))) {
		p += size;
		len -= size;
	}
	/* trailing: step back over whole runes */
	while (len) {
		size_t start = len - 1;
		while (start && ((unsigned char)p[start] & 0xC0) == 0x80 && len - start < 4)
			start--;
		uint32_t r = gostr_rune(p + start, len - start, &size);
		if (start + size != len || !gostr_is_space(r))
			break;
		len = start;
	}
	*s = p;
	*n = len;
}

const char *gostr_type_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: return "";
	case VAL_BOOL: return "bool";
	case VAL_INT: return v->go == VAL_GO_INT64 ? "int64" : "int";
	case VAL_FLOAT: return "float64";
	case VAL_STR: return "string";
	case VAL_SEQ: return "[]interface {}";
	case VAL_MAP: return "map[string]interface {}";
	}
	return "";
}

/* The shortest digits that read back as f: "%.*e" at growing precision. */
static int gostr_shortest(double f, char *digits, int *exp10)
{
	char tmp[40];
	for (int prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	int nd = 0;
	char *e = strchr(tmp, 'e');
	for (char *p = tmp; p < e; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	*exp10 = atoi(e + 1);
	return nd;
}

void gostr_format_float(struct buf *out, double f)
{
	if (isnan(f) || isinf(f)) {
		buf_adds(out, isnan(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (f == 0) {
		buf_adds(out, signbit(f) ? "-0" : "0");
		return;
	}
	char digits[40];
	int exp10;
	if (f < 0)
		buf_addc(out, '-');
	int nd = gostr_shortest(fabs(f), digits, &exp10);
	if (exp10 < -4 || exp10 >= 6) {   /* Go: precision 6 decides for shortest */
		buf_addc(out, digits[0]);
		if (nd > 1) {
			buf_addc(out, '.');
			buf_adds(out, digits + 1);
		}
		buf_addf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
		return;
	}
	if (exp10 < 0) {
		buf_adds(out, "0.");
		for (int i = -1; i > exp10; i--)
			buf_addc(out, '0');
		buf_adds(out, digits);
		return;
	}
	for (int i = 0; i <= exp10 || i < nd; i++) {
		if (i == exp10 + 1)
			buf_addc(out, '.');
		buf_addc(out, i < nd ? digits[i] : '0');
	}
}

static int gostr_cmp_pairs(const void *a, const void *b)
{
	const struct val *ka = ((const struct val_pair *)a)->key;
	const struct val *kb = ((const struct val_pair *)b)->key;
	if (ka->kind != VAL_STR || kb->kind != VAL_STR)
		return (int)ka->kind - (int)kb->kind;
	size_t n = ka->str.len < kb->str.len ? ka->str.len : kb->str.len;
	int c = memcmp(ka->str.s, kb->str.s, n);
	return c ? c : (ka->str.len > kb->str.len) - (ka->str.len < kb->str.len);
}

void gostr_sprint(struct buf *out, const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: buf_adds(out, "<nil>"); break;
	case VAL_BOOL: buf_adds(out, v->b ? "true" : "false"); break;
	case VAL_INT: buf_addf(out, "%lld", (long long)v->i); break;
	case VAL_FLOAT: gostr_format_float(out, v->f); break;
	case VAL_STR: buf_add(out, v->str.s, v->str.len); break;
	case VAL_SEQ:
		buf_addc(out, '[');
		for (size_t i = 0; i < v->seq.n; i++) {
			if (i)
				buf_addc(out, ' ');
			gostr_sprint(out, v->seq.items[i]);
		}
		buf_addc(out, ']');
		break;
	case VAL_MAP: {
		struct val_pair *pairs = malloc((v->map.n ? v->map.n : 1) * sizeof *pairs);
		if (v->map.n)
			memcpy(pairs, v->map.pairs, v->map.n * sizeof *pairs);
		qsort(pairs, v->map.n, sizeof *pairs, gostr_cmp_pairs);
		buf_adds(out, "map[");
		for (size_t i = 0; i < v->map.n; i++) {
			if (i)
				buf_addc(out, ' ');
			gostr_sprint(out, pairs[i].key);
			buf_addc(out, ':');
			gostr_sprint(out, pairs[i].value);
		}
		buf_addc(out, ']');
		free(pairs);
		break;
	}
	}
}

void gostr_errno(struct buf *out, int err)
{
	const char *text = strerror(err);
	buf_addc(out, (char)tolower((unsigned char)text[0]));
	buf_adds(out, text + 1);
}
