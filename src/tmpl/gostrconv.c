/* gostrconv.c - the parts of Go's strconv and unicode/utf8 that fmt and the
 * template engine need: UTF-8 decoding, IsPrint, Quote/QuoteRune and
 * AppendFloat (shortest and fixed-precision float formatting).
 *
 * Float digits come from the C library: the shortest representation is
 * the first precision whose %.*e reads back to the same double (what Go's
 * shortest algorithm yields), and fixed precisions are glibc's correctly
 * rounded %e/%f digits, which are the same as Go's exact rounding. The
 * layout around the digits (exponent form, when 'g' switches to %e) is
 * Go's own formatDigits. */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ------------------------------------------------------------------ */

long tmpl_utf8_decode(const char *s, size_t n, size_t *w)
{
	const unsigned char *u = (const unsigned char *)s;
	*w = 1;
	if (u[0] < 0x80)
		return u[0];
	int need = u[0] >= 0xF0 ? 3 : u[0] >= 0xE0 ? 2 : u[0] >= 0xC2 ? 1 : -1;
	if (need < 0 || u[0] > 0xF4 || (size_t)need >= n)
		return 0xFFFD;
	long r = u[0] & (0x3F >> need);
	for (int i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0xFFFD;
		r = (r << 6) | (u[i] & 0x3F);
	}
	static const long min[] = {0, 0x80, 0x800, 0x10000};
	if (r < min[need] || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
		return 0xFFFD;   /* overlong, too big or a surrogate */
	*w = (size_t)need + 1;
	return r;
}


/* unicode.IsPrint: exact for ASCII and Latin-1; beyond, everything except
 * the separators, format characters, surrogates and private use areas. */
bool tmpl_go_isprint(long r)
{
	if (r < 0x20 || (r >= 0x7F && r <= 0xA0) || r == 0xAD)
		return false;
	if (r < 0x100)
		return true;
	if (r == 0x1680 || (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
	    (r >= 0x205F && r <= 0x206F) || r == 0x3000 || r == 0xFEFF ||
	    (r >= 0xD800 && r <= 0xF8FF) || (r >= 0xFFF0 && r <= 0xFFFB) ||
	    r == 0xFFFE || r == 0xFFFF || r > 0x10FFFF || r >= 0xF0000)
		return false;
	return true;
}

/* ---- quoting ------------------------------------------------------------------ */

static void escaped_rune(struct buf *b, long r, char quote, bool ascii)
{
	static const char hex[] = "0123456789abcdef";
	if (r == quote || r == '\\') {
		buf_addc(b, '\\');
		buf_addc(b, (char)r);
		return;
	}
	if (ascii ? (r < 0x80 && tmpl_go_isprint(r)) : tmpl_go_isprint(r)) {
		buf_add_utf8(b, r);
		return;
	}
	switch (r) {
	case '\a': buf_adds(b, "\\a"); return;
	case '\b': buf_adds(b, "\\b"); return;
	case '\f': buf_adds(b, "\\f"); return;
	case '\n': buf_adds(b, "\\n"); return;
	case '\r': buf_adds(b, "\\r"); return;
	case '\t': buf_adds(b, "\\t"); return;
	case '\v': buf_adds(b, "\\v"); return;
	}
	if (r < ' ' || r == 0x7F) {
		buf_adds(b, "\\x");
		buf_addc(b, hex[(r >> 4) & 15]);
		buf_addc(b, hex[r & 15]);
	} else if (r < 0x10000) {
		buf_addf(b, "\\u%04lx", r);
	} else {
		buf_addf(b, "\\U%08lx", r);
	}
}

/* strconv.Quote (ascii: QuoteToASCII). */
void tmpl_quote(struct buf *b, const char *s, size_t n, bool ascii)
{
	static const char hex[] = "0123456789abcdef";
	buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		size_t w;
		long r = tmpl_utf8_decode(s + i, n - i, &w);
		if (r == 0xFFFD && w == 1 && (unsigned char)s[i] >= 0x80) {
			buf_adds(b, "\\x");
			buf_addc(b, hex[(unsigned char)s[i] >> 4]);
			buf_addc(b, hex[s[i] & 15]);
		} else {
			escaped_rune(b, r, '"', ascii);
		}
		i += w;
	}
	buf_addc(b, '"');
}

void gofmt_quote(struct buf *out, const char *s, size_t n)
{
	tmpl_quote(out, s, n, false);
}

/* strconv.QuoteRune (ascii: QuoteRuneToASCII). */
void tmpl_quote_rune(struct buf *b, long r, bool ascii)
{
	if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
		r = 0xFFFD;
	buf_addc(b, '\'');
	escaped_rune(b, r, '\'', ascii);
	buf_addc(b, '\'');
}

/* strconv.CanBackquote */
bool tmpl_can_backquote(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t w;
		long r = tmpl_utf8_decode(s + i, n - i, &w);
		if (r == 0xFFFD && w == 1)
			return false;
		if (r == 0xFEFF || r == '`' || (r < ' ' && r != '\t') || r == 0x7F)
			return false;
		i += w;
	}
	return true;
}

/* ---- floats ---------------------------------------------------------------------- */

/* Decimal digits of |v|: 0.d[0]d[1]... x 10^dp, trailing zeros dropped. */
struct digits {
	char d[800];
	int nd, dp;
};

/* Digits of %.*e output "d.ddde+XX" (sign already stripped). */
static void digits_from_e(struct digits *g, const char *s)
{
	g->nd = 0;
	for (; *s && *s != 'e'; s++)
		if (*s != '.')
			g->d[g->nd++] = *s;
	g->dp = atoi(s + 1) + 1;
	while (g->nd > 0 && g->d[g->nd - 1] == '0')
		g->nd--;
	if (g->nd == 0)
		g->dp = 0;   /* zero has no digits */
}

static void digits_prec(struct digits *g, double a, int ndig)
{
	char tmp[900];
	if (ndig > 780)   /* a double has fewer significant digits: zeros follow */
		ndig = 780;
	snprintf(tmp, sizeof tmp, "%.*e", ndig - 1, a);
	digits_from_e(g, tmp);
}

/* The shortest digits that read back as a: Go's shortest repr. */
static void digits_shortest(struct digits *g, double a)
{
	char tmp[64];
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, a);
		if (strtod(tmp, NULL) == a)
			break;
	}
	digits_from_e(g, tmp);
}

static void fmt_e(struct buf *b, const struct digits *g, int prec, char ech)
{
	buf_addc(b, g->nd ? g->d[0] : '0');
	if (prec > 0) {
		buf_addc(b, '.');
		for (int i = 1; i <= prec; i++)
			buf_addc(b, i < g->nd ? g->d[i] : '0');
	}
	int exp = g->nd ? g->dp - 1 : 0;
	buf_addc(b, ech);
	buf_addc(b, exp < 0 ? '-' : '+');
	buf_addf(b, "%02d", exp < 0 ? -exp : exp);
}

static void fmt_f(struct buf *b, const struct digits *g, int prec)
{
	if (g->dp > 0) {
		for (int i = 0; i < g->dp; i++)
			buf_addc(b, i < g->nd ? g->d[i] : '0');
	} else {
		buf_addc(b, '0');
	}
	if (prec > 0) {
		buf_addc(b, '.');
		for (int i = 1; i <= prec; i++) {
			int j = g->dp + i - 1;
			buf_addc(b, j >= 0 && j < g->nd ? g->d[j] : '0');
		}
	}
}

/* Go's %g layout: %e for small or large exponents, else %f. */
static void fmt_g(struct buf *b, const struct digits *g, int prec, bool shortest, char ech)
{
	int eprec = prec;
	if (eprec > g->nd && g->nd >= g->dp)
		eprec = g->nd;
	if (shortest)
		eprec = 6;
	int exp = g->dp - 1;
	if (exp < -4 || exp >= eprec) {
		if (prec > g->nd)
			prec = g->nd;
		fmt_e(b, g, prec - 1, ech);
		return;
	}
	if (prec > g->dp)
		prec = g->nd;
	fmt_f(b, g, prec - g->dp > 0 ? prec - g->dp : 0);
}

/* %b: decimal mantissa, binary exponent (4503599627370496p-52). */
static void fmt_b(struct buf *b, double a)
{
	uint64_t bits;
	memcpy(&bits, &a, sizeof bits);
	uint64_t mant = bits & ((1ull << 52) - 1);
	int exp = (int)((bits >> 52) & 0x7FF);
	if (exp == 0)
		exp = 1;
	else
		mant |= 1ull << 52;
	exp -= 1075;
	buf_addf(b, "%llup%c%d", (unsigned long long)mant, exp < 0 ? '-' : '+',
		 exp < 0 ? -exp : exp);
}

/* %x: hexadecimal mantissa, binary exponent (0x1.8p+01). */
static void fmt_x(struct buf *b, double a, int prec, bool upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t bits;
	memcpy(&bits, &a, sizeof bits);
	uint64_t mant = bits & ((1ull << 52) - 1);
	int exp = (int)((bits >> 52) & 0x7FF);
	if (a == 0) {
		exp = 0;
	} else if (exp == 0) {   /* subnormal: normalise */
		exp = -1022;
		while (!(mant & (1ull << 52))) {
			mant <<= 1;
			exp--;
		}
		mant &= (1ull << 52) - 1;
	} else {
		exp -= 1023;
	}
	int nd = 13;
	if (prec >= 0 && prec < 13) {
		int shift = 4 * (13 - prec);
		uint64_t full = mant | (a == 0 ? 0 : 1ull << 52), half = 1ull << (shift - 1);
		uint64_t rem = full & ((1ull << shift) - 1);
		full >>= shift;
		if (rem > half || (rem == half && (full & 1)))
			full++;
		if (full >> (52 - shift + 1)) {
			full >>= 1;
			exp++;
		}
		mant = full << shift & ((1ull << 52) - 1);
		nd = prec;
	} else if (prec < 0) {
		while (nd > 0 && ((mant >> (4 * (13 - nd))) & 15) == 0)
			nd--;
	}
	buf_adds(b, upper ? "0X" : "0x");
	buf_addc(b, a == 0 ? '0' : '1');
	if (nd > 0)
		buf_addc(b, '.');
	for (int i = 1; i <= nd; i++)
		buf_addc(b, i <= 13 ? hex[(mant >> (4 * (13 - i))) & 15] : '0');
	buf_addc(b, upper ? 'P' : 'p');
	buf_addc(b, exp < 0 ? '-' : '+');
	buf_addf(b, "%02d", exp < 0 ? -exp : exp);
}

static void append_finite(struct buf *b, double a, char fmt, int prec)
{
	struct digits g;
	bool shortest = prec < 0;
	char lower = (char)(fmt | 0x20);
	char ech = fmt == 'E' || fmt == 'G' ? 'E' : 'e';
	if (lower == 'f' && !shortest) {
		char *tmp;
		int n = snprintf(NULL, 0, "%.*f", prec, a);
		tmp = malloc((size_t)n + 1);
		if (!tmp)
			abort();
		snprintf(tmp, (size_t)n + 1, "%.*f", prec, a);
		buf_add(b, tmp, (size_t)n);
		free(tmp);
		return;
	}
	if (shortest)
		digits_shortest(&g, a);
	else
		digits_prec(&g, a, lower == 'e' ? prec + 1 : (prec ? prec : 1));
	if (lower == 'e')
		fmt_e(b, &g, shortest ? (g.nd > 1 ? g.nd - 1 : 0) : prec, ech);
	else if (lower == 'f')
		fmt_f(b, &g, g.nd - g.dp > 0 ? g.nd - g.dp : 0);
	else
		fmt_g(b, &g, shortest ? g.nd : (prec ? prec : 1), shortest, ech);
}

/* strconv.AppendFloat(v, fmt, prec, 64) for fmt in b e E f g G x X. */
void tmpl_append_float(struct buf *b, double v, char fmt, int prec)
{
	if (isnan(v)) {
		buf_adds(b, "NaN");
		return;
	}
	if (isinf(v)) {
		buf_adds(b, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (signbit(v))
		buf_addc(b, '-');
	double a = fabs(v);
	if (fmt == 'g' && prec < 0 && a < 1e6 && a == (double)(long)a)
		buf_addf(b, "%ld", (long)a);   /* integral below 1e6: its digits */
	else if (fmt == 'b')
		fmt_b(b, a);
	else if (fmt == 'x' || fmt == 'X')
		fmt_x(b, a, prec, fmt == 'X');
	else
		append_finite(b, a, fmt, prec);
}

void gofmt_float(struct buf *out, double f)
{
	tmpl_append_float(out, f, 'g', -1);
}

static int gostrconv_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* strconv's underscoreOK (see gofmt.h). */
bool gofmt_underscore_ok(const char *s, size_t n)
{
	char saw = '^';
	size_t i = 0;
	bool hex = false;
	if (n >= 1 && (s[0] == '-' || s[0] == '+'))
		s++, n--;
	if (n >= 2 && s[0] == '0' && strchr("box", gostrconv_lower(s[1]))) {
		i = 2;
		saw = '0';
		hex = gostrconv_lower(s[1]) == 'x';
	}
	for (; i < n; i++) {
		int c = gostrconv_lower((unsigned char)s[i]);
		if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
			saw = '0';
		} else if (c == '_') {
			if (saw != '0')
				return false;
			saw = '_';
		} else {
			if (saw == '_')
				return false;
			saw = '!';
		}
	}
	return saw != '_';
}
