/* pyrepr.c - Python 3's repr()/str() of values, for error messages.
 *
 * Relies on the C library's correctly rounded printf/strtod to find the
 * shortest round-trip digits of a float, and on a table of Unicode
 * characters str.isprintable() rejects, so printable non-ASCII text is kept
 * as is while format and space characters are escaped like Python does. */
#include "yaml/pyrepr.h"
#include "yaml/value.h"
#include "util/buf.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Assigned non-printable code points above ASCII (Unicode categories Cc,
 * Cf, Cs, Co, Zl, Zp, Zs), from Python 3.11's unicodedata. Unassigned code
 * points (Cn) are left out on purpose: which ones are unassigned depends on
 * the Python version running the reference, so only the blocks that stay
 * empty in every Unicode version are listed. */
static const struct pyrepr_range {
	uint32_t lo, hi;
} pyrepr_unprintable[] = {
	{0x80, 0xa0}, {0xad, 0xad}, {0x600, 0x605}, {0x61c, 0x61c},
	{0x6dd, 0x6dd}, {0x70f, 0x70f}, {0x890, 0x891}, {0x8e2, 0x8e2},
	{0x1680, 0x1680}, {0x180e, 0x180e}, {0x2000, 0x200f},
	{0x2028, 0x202f}, {0x205f, 0x2064}, {0x2066, 0x206f},
	{0x3000, 0x3000}, {0xd800, 0xf8ff}, {0xfdd0, 0xfdef},
	{0xfeff, 0xfeff}, {0xfff9, 0xfffb}, {0x110bd, 0x110bd},
	{0x110cd, 0x110cd}, {0x13430, 0x13438}, {0x1bca0, 0x1bca3},
	{0x1d173, 0x1d17a}, {0x40000, 0xdffff}, {0xe0000, 0xe00ff},
	{0xe01f0, 0x10ffff},
};

static bool pyrepr_printable(uint32_t c)
{
	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	if ((c & 0xfffe) == 0xfffe) /* noncharacters end every plane */
		return false;
	size_t n = sizeof pyrepr_unprintable / sizeof pyrepr_unprintable[0];
	for (size_t i = 0; i < n; i++)
		if (c >= pyrepr_unprintable[i].lo && c <= pyrepr_unprintable[i].hi)
			return false;
	return true;
}

/* Bounds of the second byte of a multi-byte sequence, per lead byte; they
 * exclude overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
static int pyrepr_utf8_lead(unsigned char b, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (b >= 0xc2 && b <= 0xdf)
		return 2;
	if (b >= 0xe0 && b <= 0xef) {
		if (b == 0xe0)
			*lo = 0xa0;
		if (b == 0xed)
			*hi = 0x9f;
		return 3;
	}
	if (b >= 0xf0 && b <= 0xf4) {
		if (b == 0xf0)
			*lo = 0x90;
		if (b == 0xf4)
			*hi = 0x8f;
		return 4;
	}
	return 0;
}

uint32_t pyrepr_utf8_next(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	int need = u[0] < 0x80 ? 1 : pyrepr_utf8_lead(u[0], &lo, &hi);

	*len = 1;
	if (need == 1)
		return u[0];
	if (need == 0 || n < (size_t)need || u[1] < lo || u[1] > hi)
		return 0xdc00 + u[0];
	uint32_t c = u[0] & (0x7f >> need);
	for (int i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0xdc00 + u[0];
		c = c << 6 | (u[i] & 0x3f);
	}
	*len = (size_t)need;
	return c;
}

/* Python quotes with ' unless that needs escaping and " does not. */
static char pyrepr_quote(const char *s, size_t n)
{
	if (memchr(s, '\'', n) && !memchr(s, '"', n))
		return '"';
	return '\'';
}

static void pyrepr_char(uint32_t c, const char *raw, size_t len, char q,
			struct buf *out)
{
	if (c == (uint32_t)q || c == '\\')
		buf_addf(out, "\\%c", (char)c);
	else if (c == '\t')
		buf_adds(out, "\\t");
	else if (c == '\n')
		buf_adds(out, "\\n");
	else if (c == '\r')
		buf_adds(out, "\\r");
	else if (pyrepr_printable(c))
		buf_add(out, raw, len);
	else if (c <= 0xff)
		buf_addf(out, "\\x%02" PRIx32, c);
	else if (c <= 0xffff)
		buf_addf(out, "\\u%04" PRIx32, c);
	else
		buf_addf(out, "\\U%08" PRIx32, c);
}

static void pyrepr_string(const char *s, size_t n, struct buf *out)
{
	char q = pyrepr_quote(s, n);

	buf_addc(out, q);
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t c = pyrepr_utf8_next(s + i, n - i, &len);
		pyrepr_char(c, s + i, len, q, out);
	}
	buf_addc(out, q);
}

/* The shortest decimal digits that read back as f (f finite, >= 0), and
 * the decimal exponent of the first digit: 1234.5 gives "12345", 3. */
static void pyrepr_shortest(double f, char digits[20], int *exp)
{
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	char *e = strchr(tmp, 'e'), *d = digits;
	for (const char *p = tmp; p < e; p++)
		if (*p != '.')
			*d++ = *p;
	while (d > digits + 1 && d[-1] == '0')
		d--;
	*d = '\0';
	*exp = atoi(e + 1);
}

static void pyrepr_fixed(const char *digits, int exp, struct buf *out)
{
	int n = (int)strlen(digits);
	if (exp < 0) {
		buf_adds(out, "0.");
		for (int i = -1; i > exp; i--)
			buf_addc(out, '0');
		buf_adds(out, digits);
		return;
	}
	for (int i = 0; i <= exp; i++)
		buf_addc(out, i < n ? digits[i] : '0');
	buf_addc(out, '.');
	buf_adds(out, exp + 1 < n ? digits + exp + 1 : "0");
}

static void pyrepr_scientific(const char *digits, int exp, struct buf *out)
{
	buf_addc(out, digits[0]);
	if (digits[1])
		buf_addf(out, ".%s", digits + 1);
	buf_addf(out, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
}

void pyrepr_float(double f, struct buf *out)
{
	if (isnan(f)) {
		buf_adds(out, "nan");
		return;
	}
	if (signbit(f))
		buf_addc(out, '-');
	if (isinf(f)) {
		buf_adds(out, "inf");
		return;
	}
	char digits[20];
	int exp;
	pyrepr_shortest(fabs(f), digits, &exp);
	/* float_repr_style 'short': positional only for 1e-4 <= |f| < 1e16 */
	if (exp < -4 || exp >= 16)
		pyrepr_scientific(digits, exp, out);
	else
		pyrepr_fixed(digits, exp, out);
}

static void pyrepr_seq(const struct val *v, struct buf *out)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < v->seq.n; i++) {
		if (i)
			buf_adds(out, ", ");
		pyrepr(v->seq.items[i], out);
	}
	buf_addc(out, ']');
}

static void pyrepr_map(const struct val *v, struct buf *out)
{
	buf_addc(out, '{');
	for (size_t i = 0; i < v->map.n; i++) {
		if (i)
			buf_adds(out, ", ");
		pyrepr(v->map.pairs[i].key, out);
		buf_adds(out, ": ");
		pyrepr(v->map.pairs[i].value, out);
	}
	buf_addc(out, '}');
}

void pyrepr(const struct val *v, struct buf *out)
{
	switch (v->kind) {
	case VAL_NULL:
		buf_adds(out, "None");
		break;
	case VAL_BOOL:
		buf_adds(out, v->b ? "True" : "False");
		break;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->i);
		break;
	case VAL_FLOAT:
		pyrepr_float(v->f, out);
		break;
	case VAL_STR:
		pyrepr_string(v->str.s, v->str.len, out);
		break;
	case VAL_SEQ:
		pyrepr_seq(v, out);
		break;
	case VAL_MAP:
		pyrepr_map(v, out);
		break;
	}
}

void pystr(const struct val *v, struct buf *out)
{
	if (v->kind == VAL_STR)
		buf_add(out, v->str.s, v->str.len);
	else
		pyrepr(v, out);
}

const char *pytype_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: return "<class 'NoneType'>";
	case VAL_BOOL: return "<class 'bool'>";
	case VAL_INT: return "<class 'int'>";
	case VAL_FLOAT: return "<class 'float'>";
	case VAL_STR: return "<class 'str'>";
	case VAL_SEQ: return "<class 'list'>";
	case VAL_MAP: return "<class 'dict'>";
	}
	return "<class 'object'>";
}
