/* goyaml.c - YAML as Helm reads and writes it: go-yaml v2 typing and
 * sigs.k8s.io/yaml's JSON round trips (see goyaml.h for the rules).
 *
 * Sections: Go's number parsing and float formatting (strconv), go-yaml
 * v2's resolver (what a plain scalar means), the loader (libyaml events to
 * a node tree, go-yaml's decoder over it, then the JSON round trip), and
 * the marshaller (go-yaml's encoder choices fed to libyaml's emitter).
 * libyaml is the C original of go-yaml's parser and emitter, so problem
 * texts, style analysis and line folding come out the same. */
#include "tmpl/goyaml.h"
#include "yaml/scan.h"
#include "tmpl/gofmt.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/limits.h"

#include <yaml.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ======================================================================
 * Go's strconv: ParseInt, ParseUint, ParseFloat, FormatFloat
 * ====================================================================== */

static int gy_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool gy_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool gy_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}


/* Base 0 picks the base from a prefix as Go does: 0b 0o 0x, or a
 * leading 0 for octal; only then are underscores allowed. */
static int gy_pick_base(const char **s, size_t *n, int base)
{
	if (base != 0)
		return base;
	if ((*s)[0] != '0')
		return 10;
	int c = *n >= 3 ? gy_lower((unsigned char)(*s)[1]) : 0;
	int b = c == 'b' ? 2 : c == 'o' ? 8 : c == 'x' ? 16 : 0;
	size_t skip = b ? 2 : 1;
	*s += skip;
	*n -= skip;
	return b ? b : 8;
}

int goyaml_parse_uint(const char *s, size_t n, int base, uint64_t *out)
{
	const char *s0 = s;
	size_t n0 = n;
	bool base0 = base == 0, underscores = false;
	uint64_t v = 0;
	*out = 0;
	if (n == 0)
		return -1;
	base = gy_pick_base(&s, &n, base);
	uint64_t cutoff = UINT64_MAX / (uint64_t)base + 1;
	for (size_t i = 0; i < n; i++) {
		int c = gy_lower((unsigned char)s[i]), d;
		if (c == '_' && base0) {
			underscores = true;
			continue;
		}
		if (gy_is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		if (v >= cutoff || v * (uint64_t)base > UINT64_MAX - (uint64_t)d) {
			*out = UINT64_MAX;
			return -2;
		}
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (underscores && !gofmt_underscore_ok(s0, n0))
		return -1;
	*out = v;
	return 0;
}

int goyaml_parse_int(const char *s, size_t n, int base, int64_t *out)
{
	bool neg = false;
	uint64_t u;
	*out = 0;
	if (n == 0)
		return -1;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		s++, n--;
	}
	int rc = goyaml_parse_uint(s, n, base, &u);
	if (rc == -1)
		return -1;
	if (!neg && u >= (uint64_t)1 << 63) {
		*out = INT64_MAX;
		return -2;
	}
	if (neg && u > (uint64_t)1 << 63) {
		*out = INT64_MIN;
		return -2;
	}
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return rc;
}


/* strconv's special(): inf, infinity, nan (any case), inf with a sign. */
static bool gy_float_special(const char *s, size_t n, double *out)
{
	double sign = 1;
	if (n && (s[0] == '+' || s[0] == '-')) {
		sign = s[0] == '-' ? -1 : 1;
		s++, n--;
		if ((n == 3 || n == 8) && strncasecmp(s, "infinity", n) == 0) {
			*out = sign * INFINITY;
			return true;
		}
		return false;
	}
	if ((n == 3 || n == 8) && strncasecmp(s, "infinity", n) == 0) {
		*out = INFINITY;
		return true;
	}
	if (n == 3 && strncasecmp(s, "nan", 3) == 0) {
		*out = NAN;
		return true;
	}
	return false;
}

/* Digits (and underscores) of the given kind from *i; how many digits. */
static size_t gy_scan_digits(const char *s, size_t n, size_t *i, bool hex)
{
	size_t count = 0;
	for (; *i < n; (*i)++) {
		int c = gy_lower((unsigned char)s[*i]);
		if (gy_is_digit(c) || (hex && c >= 'a' && c <= 'f'))
			count++;
		else if (c != '_')
			break;
	}
	return count;
}

/* strconv's readFloat grammar: [sign] mantissa [exponent], hex mantissas
 * need a p exponent. Only checks the syntax; strtod does the rounding. */
static bool gy_float_syntax(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	bool hex = n - i >= 2 && s[i] == '0' && gy_lower((unsigned char)s[i + 1]) == 'x';
	if (hex)
		i += 2;
	size_t digits = gy_scan_digits(s, n, &i, hex);
	if (i < n && s[i] == '.') {
		i++;
		digits += gy_scan_digits(s, n, &i, hex);
	}
	if (!digits)
		return false;
	int e = hex ? 'p' : 'e';
	if (i < n && gy_lower((unsigned char)s[i]) == e) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!gy_scan_digits(s, n, &i, false))
			return false;
	} else if (hex) {
		return false;
	}
	return i == n;
}

int goyaml_parse_float(const char *s, size_t n, double *out)
{
	*out = 0;
	if (gy_float_special(s, n, out))
		return 0;
	if (!gy_float_syntax(s, n))
		return -1;
	bool underscores = memchr(s, '_', n) != NULL;
	if (underscores && !gofmt_underscore_ok(s, n))
		return -1;
	char small[64], *text = n < sizeof small ? small : xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			text[k++] = s[i];
	text[k] = '\0';
	*out = strtod(text, NULL);
	if (text != small)
		free(text);
	return isinf(*out) ? -2 : 0;
}

/* ---- shortest formatting ---------------------------------------------- */

/* The decimal digits of |f| (no leading zeros) and the position of the
 * decimal point: |f| = 0.DIGITS x 10^dp. Shortest digits that read back as
 * f, the closest such when several have that length, as Go's strconv. */
struct gy_digits {
	char d[32];
	int nd, dp;
};

static void gy_digits_parse(const char *e, struct gy_digits *g)
{
	g->nd = 0;
	for (; *e && *e != 'e'; e++)
		if (gy_is_digit(*e))
			g->d[g->nd++] = *e;
	g->dp = atoi(e + 1) + 1;
	g->d[g->nd] = '\0';
}

/* Write g back as scientific text for strtod. */
static void gy_digits_text(const struct gy_digits *g, char *out, size_t cap)
{
	snprintf(out, cap, "%c.%se%d", g->d[0], g->d + 1, g->dp - 1);
}

/* Add delta (+1 or -1) to the last digit, carrying; false when it would
 * change the digit count. */
static bool gy_digits_bump(struct gy_digits *g, int delta)
{
	for (int i = g->nd - 1; i >= 0; i--) {
		int c = g->d[i] - '0' + delta;
		if (c >= 0 && c <= 9) {
			g->d[i] = (char)('0' + c);
			return !(i == 0 && c == 0);
		}
		g->d[i] = delta > 0 ? '0' : '9';
	}
	return false;
}

static bool gy_digits_roundtrip(const struct gy_digits *g, double f, bool f32)
{
	char text[64];
	gy_digits_text(g, text, sizeof text);
	return f32 ? strtof(text, NULL) == (float)f : strtod(text, NULL) == f;
}

/* An integer below 2^53 (2^24 for float32) is exact, and a shorter digit
 * string would differ from it by at least 1: its digits are the shortest. */
static bool gy_shortest_integer(double f, bool f32, struct gy_digits *g)
{
	if (f != floor(f) || f >= (f32 ? 16777216.0 : 9007199254740992.0))
		return false;
	char text[32];
	int n = snprintf(text, sizeof text, "%.0f", f);
	g->dp = n;
	while (n > 1 && text[n - 1] == '0')
		n--;
	memcpy(g->d, text, (size_t)n);
	g->d[n] = '\0';
	g->nd = n;
	return true;
}

static void gy_shortest(double f, bool f32, struct gy_digits *g)
{
	char text[64];
	f = fabs(f);
	if (gy_shortest_integer(f, f32, g))
		return;
	for (int p = 1; p <= 17; p++) {
		snprintf(text, sizeof text, "%.*e", p - 1, f);
		gy_digits_parse(text, g);
		if (gy_digits_roundtrip(g, f, f32))
			return;
		struct gy_digits up = *g, down = *g;
		if (gy_digits_bump(&up, 1) && gy_digits_roundtrip(&up, f, f32)) {
			*g = up;
			return;
		}
		if (gy_digits_bump(&down, -1) && gy_digits_roundtrip(&down, f, f32)) {
			*g = down;
			return;
		}
	}
}

static void gy_format_e(struct buf *out, const struct gy_digits *g)
{
	buf_addc(out, g->d[0]);
	if (g->nd > 1) {
		buf_addc(out, '.');
		buf_add(out, g->d + 1, (size_t)g->nd - 1);
	}
	int e = g->dp - 1;
	buf_addf(out, "e%c%02d", e < 0 ? '-' : '+', abs(e));
}

static void gy_format_f(struct buf *out, const struct gy_digits *g)
{
	if (g->dp <= 0) {
		buf_adds(out, "0.");
		for (int i = g->dp; i < 0; i++)
			buf_addc(out, '0');
		buf_add(out, g->d, (size_t)g->nd);
		return;
	}
	for (int i = 0; i < g->dp || i < g->nd; i++) {
		if (i == g->dp)
			buf_addc(out, '.');
		buf_addc(out, i < g->nd ? g->d[i] : '0');
	}
}

/* encoding/json: 'e' outside [1e-6, 1e21), with e-07 shortened to e-7. */
static void gy_format_json(struct buf *out, const struct gy_digits *g, double f)
{
	double a = fabs(f);
	if (a != 0 && (a < 1e-6 || a >= 1e21)) {
		size_t at = out->len;
		gy_format_e(out, g);
		size_t n = out->len - at;
		char *b = out->p + at;
		if (n >= 4 && b[n - 4] == 'e' && b[n - 3] == '-' && b[n - 2] == '0') {
			b[n - 2] = b[n - 1];
			out->len--;
			out->p[out->len] = '\0';
		}
		return;
	}
	gy_format_f(out, g);
}

static void gy_format(struct buf *out, double f, char fmt, bool f32)
{
	if (isnan(f)) {
		buf_adds(out, "NaN");
		return;
	}
	if (isinf(f)) {
		buf_adds(out, f < 0 ? "-Inf" : "+Inf");
		return;
	}
	if (signbit(f))
		buf_addc(out, '-');
	struct gy_digits g = {"0", 1, 1};
	if (f != 0)
		gy_shortest(f, f32, &g);
	/* 'g' with the shortest digits decides as if the precision were 6. */
	int exp = g.dp - 1;
	if (fmt == 'e' || (fmt == 'g' && (exp < -4 || exp >= 6))) {
		gy_format_e(out, &g);
	} else if (fmt == 'j') {
		gy_format_json(out, &g, f);
	} else {
		gy_format_f(out, &g);
	}
}

void goyaml_format_float(struct buf *out, double f, char fmt)
{
	gy_format(out, f, fmt, false);
}

void goyaml_format_float32(struct buf *out, float f, char fmt)
{
	gy_format(out, (double)f, fmt, true);
}

/* ======================================================================
 * go-yaml v2's resolver: what a plain scalar means
 * ====================================================================== */

enum gy_type {
	GY_STR, GY_NULL, GY_BOOL, GY_INT, GY_UINT, GY_FLOAT,
	GY_TIMESTAMP, GY_MERGE
};

struct gy_scalar {
	enum gy_type type;
	bool b;
	int64_t i;
	uint64_t u;
	double f;
};

struct gy_word {
	const char *text;
	enum gy_type type;
	int value;    /* bool value, or 1/-1/0 for +inf/-inf/nan */
};

static const struct gy_word gy_words[] = {
	{"y", GY_BOOL, 1}, {"Y", GY_BOOL, 1}, {"yes", GY_BOOL, 1},
	{"Yes", GY_BOOL, 1}, {"YES", GY_BOOL, 1}, {"true", GY_BOOL, 1},
	{"True", GY_BOOL, 1}, {"TRUE", GY_BOOL, 1}, {"on", GY_BOOL, 1},
	{"On", GY_BOOL, 1}, {"ON", GY_BOOL, 1},
	{"n", GY_BOOL, 0}, {"N", GY_BOOL, 0}, {"no", GY_BOOL, 0},
	{"No", GY_BOOL, 0}, {"NO", GY_BOOL, 0}, {"false", GY_BOOL, 0},
	{"False", GY_BOOL, 0}, {"FALSE", GY_BOOL, 0}, {"off", GY_BOOL, 0},
	{"Off", GY_BOOL, 0}, {"OFF", GY_BOOL, 0},
	{"~", GY_NULL, 0}, {"null", GY_NULL, 0}, {"Null", GY_NULL, 0},
	{"NULL", GY_NULL, 0},
	{".nan", GY_FLOAT, 0}, {".NaN", GY_FLOAT, 0}, {".NAN", GY_FLOAT, 0},
	{".inf", GY_FLOAT, 1}, {".Inf", GY_FLOAT, 1}, {".INF", GY_FLOAT, 1},
	{"+.inf", GY_FLOAT, 1}, {"+.Inf", GY_FLOAT, 1}, {"+.INF", GY_FLOAT, 1},
	{"-.inf", GY_FLOAT, -1}, {"-.Inf", GY_FLOAT, -1}, {"-.INF", GY_FLOAT, -1},
	{"<<", GY_MERGE, 0},
};

/* resolveTable: the first character says which rules can apply. */
static char gy_hint(const char *s, size_t n)
{
	if (n == 0)
		return 'N';
	char c = s[0];
	if (c == '+' || c == '-')
		return 'S';
	if (gy_is_digit(c))
		return 'D';
	if (strchr("yYnNtTfFoO~", c))
		return 'M';
	return c == '.' ? '.' : 0;
}

static bool gy_word_lookup(const char *s, size_t n, struct gy_scalar *out)
{
	for (size_t i = 0; i < sizeof gy_words / sizeof gy_words[0]; i++) {
		const struct gy_word *w = &gy_words[i];
		if (strlen(w->text) != n || memcmp(w->text, s, n) != 0)
			continue;
		out->type = w->type;
		out->b = w->value;
		if (w->type == GY_FLOAT)
			out->f = w->value ? w->value * INFINITY : NAN;
		return true;
	}
	return false;
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool gy_yaml_style_float(const char *s, size_t n)
{
	size_t i = 0, d;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < n && s[i] == '.') {
		i++;
		for (d = 0; i < n && gy_is_digit(s[i]); i++, d++) {}
		if (!d)
			return false;
	} else {
		for (d = 0; i < n && gy_is_digit(s[i]); i++, d++) {}
		if (!d)
			return false;
		if (i < n && s[i] == '.')
			for (i++; i < n && gy_is_digit(s[i]); i++) {}
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = 0; i < n && gy_is_digit(s[i]); i++, d++) {}
		if (!d)
			return false;
	}
	return i == n;
}

/* base60float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static bool gy_base60_float(const char *s, size_t n)
{
	size_t i = 0, groups = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n || !gy_is_digit(s[i]))
		return false;
	while (i < n && (gy_is_digit(s[i]) || s[i] == '_'))
		i++;
	while (i < n && s[i] == ':') {
		i++;
		if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && gy_is_digit(s[i + 1]))
			i += 2;
		else if (i < n && gy_is_digit(s[i]))
			i++;
		else
			return false;
		groups++;
	}
	if (!groups)
		return false;
	if (i < n && s[i] == '.')
		for (i++; i < n && (gy_is_digit(s[i]) || s[i] == '_'); i++) {}
	return i == n;
}

/* ---- timestamps: Go's time.Parse for go-yaml's four layouts ------------ */

/* getnum(s, false): one or two digits. */
static bool gy_getnum(const char *s, size_t n, size_t *i, int *v)
{
	if (*i >= n || !gy_is_digit(s[*i]))
		return false;
	*v = s[(*i)++] - '0';
	if (*i < n && gy_is_digit(s[*i]))
		*v = *v * 10 + (s[(*i)++] - '0');
	return true;
}

static int gy_days_in(int month, int year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return month == 2 && leap ? 29 : days[month - 1];
}

/* 2006-1-2: four-digit year, one- or two-digit month and day, a real date. */
static bool gy_ts_date(const char *s, size_t n, size_t *i)
{
	int year = 0, month, day;
	for (int k = 0; k < 4; k++)
		year = year * 10 + (s[k] - '0');
	*i = 5;
	if (!gy_getnum(s, n, i, &month) || *i >= n || s[*i] != '-')
		return false;
	(*i)++;
	if (!gy_getnum(s, n, i, &day) || month < 1 || month > 12)
		return false;
	return day >= 1 && day <= gy_days_in(month, year);
}

/* 15:4:5 then optional fractional seconds (. or , and digits). */
static bool gy_ts_clock(const char *s, size_t n, size_t *i)
{
	int h, m, sec;
	if (!gy_getnum(s, n, i, &h) || *i >= n || s[(*i)++] != ':' ||
	    !gy_getnum(s, n, i, &m) || *i >= n || s[(*i)++] != ':' ||
	    !gy_getnum(s, n, i, &sec))
		return false;
	if (h > 23 || m > 59 || sec > 59)
		return false;
	if (*i + 1 < n && (s[*i] == '.' || s[*i] == ',') && gy_is_digit(s[*i + 1]))
		for ((*i)++; *i < n && gy_is_digit(s[*i]); (*i)++) {}
	return true;
}

/* Z07:00: Z, or a sign and hh:mm (up to 24:60, as Go allows). */
static bool gy_ts_zone(const char *s, size_t n, size_t *i)
{
	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		return true;
	}
	const char *z = s + *i;
	if (n - *i < 6 || z[3] != ':' || (z[0] != '+' && z[0] != '-'))
		return false;
	for (int k = 1; k < 6; k++)
		if (k != 3 && !gy_is_digit(z[k]))
			return false;
	int hh = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[4] - '0') * 10 + (z[5] - '0');
	*i += 6;
	return hh <= 24 && mm <= 60;
}

static bool gy_ts_layout(const char *s, size_t n, int layout)
{
	size_t i;
	if (!gy_ts_date(s, n, &i))
		return false;
	if (layout == 3)
		return i == n;
	if (layout == 2) {
		if (i >= n || s[i] != ' ')
			return false;
		while (i < n && s[i] == ' ')
			i++;
	} else if (i >= n || s[i++] != (layout == 0 ? 'T' : 't')) {
		return false;
	}
	if (!gy_ts_clock(s, n, &i))
		return false;
	if (layout < 2 && !gy_ts_zone(s, n, &i))
		return false;
	return i == n;
}

/* parseTimestamp: YYYY- first, then the layouts RFC3339 (T or t), "date
 * time" without zone, and date only. */
static bool gy_is_timestamp(const char *s, size_t n)
{
	if (n < 5 || s[4] != '-')
		return false;
	for (int k = 0; k < 4; k++)
		if (!gy_is_digit(s[k]))
			return false;
	for (int layout = 0; layout < 4; layout++)
		if (gy_ts_layout(s, n, layout))
			return true;
	return false;
}

/* Integers and floats of a scalar that starts with a digit or sign. */
static enum gy_type gy_resolve_number(const char *s, size_t n, struct gy_scalar *out)
{
	char small[64], *plain = n < sizeof small ? small : xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			plain[k++] = s[i];
	plain[k] = '\0';
	/* Helm's go-yaml has no big.Int step: larger hex stays a string. */
	enum gy_type t = GY_STR;
	if (goyaml_parse_int(plain, k, 0, &out->i) == 0)
		t = GY_INT;
	else if (goyaml_parse_uint(plain, k, 0, &out->u) == 0)
		t = GY_UINT;
	else if (gy_yaml_style_float(plain, k) && goyaml_parse_float(plain, k, &out->f) == 0)
		t = GY_FLOAT;
	if (plain != small)
		free(plain);
	return t;
}

/* resolve("", s) of go-yaml v2: the type a plain scalar gets. */
static enum gy_type gy_resolve(const char *s, size_t n, struct gy_scalar *out)
{
	memset(out, 0, sizeof *out);
	char hint = gy_hint(s, n);
	out->type = GY_STR;
	if (hint == 0 || gy_word_lookup(s, n, out) || hint == 'M')
		return out->type;
	if (hint == 'N')
		return out->type = GY_NULL;
	if (hint == '.') {
		if (goyaml_parse_float(s, n, &out->f) == 0)
			out->type = GY_FLOAT;
		return out->type;
	}
	if (gy_is_timestamp(s, n))
		return out->type = GY_TIMESTAMP;
	return out->type = gy_resolve_number(s, n, out);
}

bool goyaml_plain_is_string(const char *s, size_t n)
{
	struct gy_scalar sc;
	return gy_resolve(s, n, &sc) == GY_STR && !gy_base60_float(s, n);
}

/* ======================================================================
 * UTF-8 and base64 as Go's unicode/utf8 and encoding/base64 do them
 * ====================================================================== */

int32_t goyaml_utf8_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	*len = 1;
	if (n == 0)
		return -1;
	if (s[0] < 0x80)
		return s[0];
	unsigned lo = 0x80, hi = 0xBF;
	size_t need;
	int32_t r;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 2, r = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3, r = s[0] & 0x0F;
		lo = s[0] == 0xE0 ? 0xA0 : 0x80;
		hi = s[0] == 0xED ? 0x9F : 0xBF;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4, r = s[0] & 0x07;
		lo = s[0] == 0xF0 ? 0x90 : 0x80;
		hi = s[0] == 0xF4 ? 0x8F : 0xBF;
	} else {
		return -1;
	}
	if (n < need || s[1] < lo || s[1] > hi)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if (i > 1 && (s[i] < 0x80 || s[i] > 0xBF))
			return -1;
		r = (r << 6) | (s[i] & 0x3F);
	}
	*len = need;
	return r;
}

/* encoding/json's view of a string: each byte of an invalid sequence
 * becomes U+FFFD. Returns s itself when it is valid already. */
const char *goyaml_utf8_fix(struct arena *a, const char *s, size_t n, size_t *out_len)
{
	size_t i = 0, len;
	for (;;) {
		while (i < n && (unsigned char)s[i] < 0x80)
			i++;
		if (i == n || goyaml_utf8_decode(s + i, n - i, &len) < 0)
			break;
		i += len;
	}
	*out_len = n;
	if (i == n)
		return s;
	struct buf b = BUF_INIT;
	buf_add(&b, s, i);
	for (; i < n; i += len) {
		if (goyaml_utf8_decode(s + i, n - i, &len) < 0)
			buf_adds(&b, "\xEF\xBF\xBD");
		else
			buf_add(&b, s + i, len);
	}
	const char *r = arena_strndup(a, b.p, b.len);
	*out_len = b.len;
	buf_free(&b);
	return r;
}

static int gy_b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (gy_is_digit(c))
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static void gy_b64_skip_newlines(const char *s, size_t n, size_t *si)
{
	while (*si < n && (s[*si] == '\n' || s[*si] == '\r'))
		(*si)++;
}

/* After the first '=' of a quantum with j sextets: the padding must be
 * complete and only newlines may follow. Returns the error offset or -1. */
static long gy_b64_padding(const char *s, size_t n, size_t *si, int j)
{
	if (j < 2)
		return (long)*si - 1;
	if (j == 2) {
		gy_b64_skip_newlines(s, n, si);
		if (*si == n)
			return (long)n;
		if (s[*si] != '=')
			return (long)*si - 1;
		(*si)++;
	}
	gy_b64_skip_newlines(s, n, si);
	return *si < n ? (long)*si : -1;
}

/* One quantum of base64.StdEncoding.decodeQuantum; returns bytes decoded
 * (0 at the end), or -1 with *bad the offset Go reports. */
static int gy_b64_quantum(const char *s, size_t n, size_t *si, unsigned char *dst,
			  long *bad, bool *done)
{
	int q[4] = {0}, dlen = 4;
	for (int j = 0; j < 4; j++) {
		if (*si == n) {
			if (j == 0) {
				*done = true;
				return 0;
			}
			*bad = (long)(*si - (size_t)j);
			return -1;
		}
		unsigned char c = (unsigned char)s[(*si)++];
		int v = gy_b64_value(c);
		if (v >= 0) {
			q[j] = v;
			continue;
		}
		if (c == '\n' || c == '\r') {
			j--;
			continue;
		}
		if (c != '=') {
			*bad = (long)*si - 1;
			return -1;
		}
		*bad = gy_b64_padding(s, n, si, j);
		if (*bad >= 0)
			return -1;
		*done = true;
		dlen = j;
		break;
	}
	unsigned val = (unsigned)q[0] << 18 | (unsigned)q[1] << 12 | (unsigned)q[2] << 6 | (unsigned)q[3];
	dst[0] = (unsigned char)(val >> 16);
	dst[1] = (unsigned char)(val >> 8);
	dst[2] = (unsigned char)val;
	return dlen - 1;
}

long goyaml_base64_decode(const char *s, size_t n, struct buf *out)
{
	size_t si = 0;
	bool done = false;
	while (!done) {
		unsigned char dst[3];
		long bad = -1;
		int got = gy_b64_quantum(s, n, &si, dst, &bad, &done);
		if (got < 0)
			return bad;
		buf_add(out, dst, (size_t)got);
	}
	return -1;
}

/* ======================================================================
 * The loader, part 1: libyaml events to go-yaml's node tree
 * ====================================================================== */

#define GY_MAX_DEPTH 10000
#define GY_TAG_PREFIX "tag:yaml.org,2002:"

enum gy_kind { GYN_SCALAR, GYN_SEQ, GYN_MAP, GYN_ALIAS };

struct gy_node {
	enum gy_kind kind;
	int line, col;               /* 1-based */
	const char *tag;             /* expanded; NULL when none */
	const char *value;           /* scalar text, or an alias's anchor */
	size_t len;
	bool implicit;               /* a plain scalar without a tag */
	struct gy_node **kids;       /* items, or key, value, key, value... */
	size_t n, cap;
	struct gy_node *alias;       /* what an alias refers to */
};

struct gy_anchor {
	const char *name;
	struct gy_node *node;
};

struct gy_load {
	struct arena *a;
	bool scan;                   /* try src/yaml/scan.c before libyaml */
	yaml_parser_t parser;
	const char *name;
	struct buf err;              /* Go's error text, once something failed */
	int err_line;
	struct gy_anchor *anchors;
	size_t nanchors, capanchors;
	unsigned depth;
	/* go-yaml's decoder state: alias expansion budget, aliases in use */
	long decodes, alias_decodes;
	int alias_depth;
	struct gy_node **active;
	size_t nactive, capactive;
};

static void gy_fail(struct gy_load *L, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void gy_fail(struct gy_load *L, int line, const char *fmt, ...)
{
	if (L->err.len)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&L->err, fmt, ap);
	va_end(ap);
	L->err_line = line;
}

/* go-yaml's parser.fail(): "yaml: line N: problem", the line from the
 * problem mark (one more for scanner errors, which do not count the line
 * they stopped in) or else from the context mark. */
static void gy_fail_parser(struct gy_load *L)
{
	yaml_parser_t *p = &L->parser;
	int line = 0;
	if (p->problem_mark.line != 0)
		line = (int)p->problem_mark.line + (p->error == YAML_SCANNER_ERROR);
	else if (p->context_mark.line != 0)
		line = (int)p->context_mark.line;
	const char *msg = p->problem ? p->problem : "unknown problem parsing YAML content";
	/* go-yaml's scanner says "violates" where libyaml says "violate". */
	if (strcmp(msg, "found a tab character that violate indentation") == 0)
		msg = "found a tab character that violates indentation";
	if (line)
		gy_fail(L, line, "yaml: line %d: %s", line, msg);
	else
		gy_fail(L, 0, "yaml: %s", msg);
}

static bool gy_next(struct gy_load *L, yaml_event_t *ev)
{
	if (yaml_parser_parse(&L->parser, ev))
		return true;
	gy_fail_parser(L);
	return false;
}

static struct gy_node *gy_node_new(struct gy_load *L, enum gy_kind kind,
				   const yaml_event_t *ev)
{
	struct gy_node *n = arena_alloc(L->a, sizeof *n);
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	return n;
}

static void gy_node_push(struct gy_load *L, struct gy_node *parent, struct gy_node *kid)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 4;
		parent->kids = arena_grow(L->a, parent->kids, parent->n * sizeof *parent->kids,
					  cap * sizeof *parent->kids);
		parent->cap = cap;
	}
	parent->kids[parent->n++] = kid;
}

/* Anchors are registered when their node starts, as go-yaml does, so an
 * alias inside its own anchor finds it (and the decoder refuses it). */
static void gy_anchor(struct gy_load *L, const yaml_char_t *name, struct gy_node *n)
{
	if (!name)
		return;
	if (L->nanchors == L->capanchors) {
		size_t cap = L->capanchors ? L->capanchors * 2 : 8;
		L->anchors = arena_grow(L->a, L->anchors, L->nanchors * sizeof *L->anchors,
					cap * sizeof *L->anchors);
		L->capanchors = cap;
	}
	L->anchors[L->nanchors++] = (struct gy_anchor){
		arena_strdup(L->a, (const char *)name), n};
}

static struct gy_node *gy_alias(struct gy_load *L, const yaml_event_t *ev)
{
	struct gy_node *n = gy_node_new(L, GYN_ALIAS, ev);
	const char *name = (const char *)ev->data.alias.anchor;
	n->value = arena_strdup(L->a, name);
	n->len = strlen(name);
	for (size_t i = L->nanchors; i-- > 0;) {
		if (strcmp(L->anchors[i].name, name) == 0) {
			n->alias = L->anchors[i].node;
			return n;
		}
	}
	gy_fail(L, n->line, "yaml: unknown anchor '%s' referenced", name);
	return NULL;
}

static struct gy_node *gy_scalar(struct gy_load *L, const yaml_event_t *ev)
{
	struct gy_node *n = gy_node_new(L, GYN_SCALAR, ev);
	n->len = ev->data.scalar.length;
	n->value = arena_strndup(L->a, (const char *)ev->data.scalar.value, n->len);
	if (ev->data.scalar.tag)
		n->tag = arena_strdup(L->a, (const char *)ev->data.scalar.tag);
	n->implicit = ev->data.scalar.plain_implicit;
	gy_anchor(L, ev->data.scalar.anchor, n);
	return n;
}

static struct gy_node *gy_parse_node(struct gy_load *L, yaml_event_t *ev);

/* Items (or keys and values) up to the end event. */
static struct gy_node *gy_collection(struct gy_load *L, yaml_event_t *ev,
				     enum gy_kind kind, yaml_event_type_t end)
{
	struct gy_node *n = gy_node_new(L, kind, ev);
	const yaml_char_t *anchor = kind == GYN_SEQ ? ev->data.sequence_start.anchor
						     : ev->data.mapping_start.anchor;
	gy_anchor(L, anchor, n);
	if (++L->depth > GY_MAX_DEPTH) {
		gy_fail(L, n->line, "yaml: exceeded max depth of %d", GY_MAX_DEPTH);
		return NULL;
	}
	for (;;) {
		yaml_event_t kid;
		if (!gy_next(L, &kid))
			return NULL;
		if (kid.type == end) {
			yaml_event_delete(&kid);
			break;
		}
		struct gy_node *k = gy_parse_node(L, &kid);
		if (!k)
			return NULL;
		gy_node_push(L, n, k);
	}
	L->depth--;
	return n;
}

/* Build the node that starts with ev (consumed). */
static struct gy_node *gy_parse_node(struct gy_load *L, yaml_event_t *ev)
{
	struct gy_node *n = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = gy_scalar(L, ev);
		break;
	case YAML_ALIAS_EVENT:
		n = gy_alias(L, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = gy_collection(L, ev, GYN_SEQ, YAML_SEQUENCE_END_EVENT);
		break;
	case YAML_MAPPING_START_EVENT:
		n = gy_collection(L, ev, GYN_MAP, YAML_MAPPING_END_EVENT);
		break;
	default:
		gy_fail(L, 0, "yaml: unexpected event");
		break;
	}
	yaml_event_delete(ev);
	return n;
}

static bool gy_expect(struct gy_load *L, yaml_event_type_t type)
{
	yaml_event_t ev;
	if (!gy_next(L, &ev))
		return false;
	bool ok = ev.type == type;
	yaml_event_delete(&ev);
	if (!ok)
		gy_fail(L, 0, "yaml: unexpected event");
	return ok;
}

/* The first document's root, like go-yaml's Unmarshal: later documents
 * are never read (their errors do not count). *empty when there is no
 * document at all. */
static struct gy_node *gy_parse_first(struct gy_load *L, bool *empty)
{
	yaml_event_t ev;
	*empty = false;
	if (!gy_expect(L, YAML_STREAM_START_EVENT) || !gy_next(L, &ev))
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		*empty = true;
		return NULL;
	}
	yaml_event_delete(&ev);
	if (!gy_next(L, &ev))
		return NULL;
	struct gy_node *root = gy_parse_node(L, &ev);
	if (!root || !gy_expect(L, YAML_DOCUMENT_END_EVENT))
		return NULL;
	return root;
}

/* ======================================================================
 * The loader, part 2: go-yaml v2's decoder into interface{} values
 *
 * Scalars keep their Go types here (int, uint64, float64...), keys too,
 * so that the JSON step after can reject and rename them as
 * sigs.k8s.io/yaml does. A uint64 is a VAL_INT whose tag is GY_UINT_TAG.
 * ====================================================================== */

static const char GY_UINT_TAG[] = "uint64";

static struct val *gy_decode(struct gy_load *L, struct gy_node *n);
static bool gy_decode_pairs(struct gy_load *L, struct gy_node *n, struct val *out);

/* go-yaml's allowedAliasRatio: generous for small documents, 10% for
 * huge ones; stops "billion laughs" expansion. */
static double gy_alias_ratio(long decodes)
{
	const double low = 400000, high = 4000000;
	if (decodes <= low)
		return 0.99;
	if (decodes >= high)
		return 0.10;
	return 0.99 - 0.89 * ((double)decodes - low) / (high - low);
}

static bool gy_count_decode(struct gy_load *L, const struct gy_node *n)
{
	L->decodes++;
	if (L->alias_depth > 0)
		L->alias_decodes++;
	if (L->alias_decodes > 100 && L->decodes > 1000 &&
	    (double)L->alias_decodes / (double)L->decodes > gy_alias_ratio(L->decodes)) {
		gy_fail(L, n->line, "yaml: document contains excessive aliasing");
		return false;
	}
	return true;
}

static const char *gy_type_tag(enum gy_type t)
{
	static const char *const names[] = {"!!str", "!!null", "!!bool", "!!int",
		"!!int", "!!float", "!!timestamp", "!!merge"};
	return names[t];
}

static struct val *gy_scalar_value(struct gy_load *L, const struct gy_node *n,
				   const struct gy_scalar *sc)
{
	struct mark m = {L->name, n->line, n->col};
	struct val *v;
	switch (sc->type) {
	case GY_NULL:
		return val_null(L->a, &m);
	case GY_BOOL:
		return val_bool(L->a, sc->b, &m);
	case GY_INT:
		return val_int(L->a, sc->i, &m);
	case GY_UINT:
		v = val_int(L->a, (int64_t)sc->u, &m);
		v->tag = GY_UINT_TAG;
		return v;
	case GY_FLOAT:
		return val_float(L->a, sc->f, &m);
	default:
		/* strings, and timestamps: kept as the text written */
		return val_strn(L->a, n->value, n->len, &m);
	}
}

/* !!binary: the base64 text decoded (Go's StdEncoding, newlines skipped). */
static struct val *gy_binary(struct gy_load *L, const struct gy_node *n)
{
	struct buf b = BUF_INIT;
	struct val *v = NULL;
	if (goyaml_base64_decode(n->value, n->len, &b) >= 0) {
		gy_fail(L, n->line, "yaml: !!binary value contains invalid base64 data");
	} else {
		struct mark m = {L->name, n->line, n->col};
		v = val_strn(L->a, b.p ? b.p : "", b.len, &m);
	}
	buf_free(&b);
	return v;
}

/* resolve(tag, value) for an explicit core tag: the text must resolve to
 * that type (an int may serve as a float). */
static struct val *gy_tagged_scalar(struct gy_load *L, const struct gy_node *n,
				    const char *core)
{
	struct gy_scalar sc = {0};
	if (strcmp(core, "str") == 0)
		return val_strn(L->a, n->value, n->len, &(struct mark){L->name, n->line, n->col});
	gy_resolve(n->value, n->len, &sc);
	if (sc.type == GY_TIMESTAMP && strcmp(core, "timestamp") != 0)
		sc.type = gy_resolve_number(n->value, n->len, &sc);
	static const char *const cores[] = {"str", "null", "bool", "int", "int",
					    "float", "timestamp", "merge"};
	if (strcmp(cores[sc.type], core) == 0)
		return gy_scalar_value(L, n, &sc);
	if (strcmp(core, "float") == 0 && (sc.type == GY_INT || sc.type == GY_UINT)) {
		struct mark m = {L->name, n->line, n->col};
		return val_float(L->a, sc.type == GY_INT ? (double)sc.i : (double)sc.u, &m);
	}
	gy_fail(L, n->line, "yaml: cannot decode %s `%.*s` as a !!%s", gy_type_tag(sc.type),
		(int)n->len, n->value, core);
	return NULL;
}

static struct val *gy_decode_scalar(struct gy_load *L, const struct gy_node *n)
{
	struct mark m = {L->name, n->line, n->col};
	if (!n->tag && !n->implicit)
		return val_strn(L->a, n->value, n->len, &m);
	if (!n->tag || strcmp(n->tag, "!") == 0) {
		struct gy_scalar sc;
		if (n->tag)
			return val_strn(L->a, n->value, n->len, &m);
		gy_resolve(n->value, n->len, &sc);
		return gy_scalar_value(L, n, &sc);
	}
	if (strcmp(n->tag, GY_TAG_PREFIX "binary") == 0)
		return gy_binary(L, n);
	static const char *const resolvable[] = {"str", "bool", "int", "float",
						 "null", "timestamp"};
	if (strncmp(n->tag, GY_TAG_PREFIX, strlen(GY_TAG_PREFIX)) == 0) {
		const char *core = n->tag + strlen(GY_TAG_PREFIX);
		for (size_t i = 0; i < sizeof resolvable / sizeof resolvable[0]; i++)
			if (strcmp(core, resolvable[i]) == 0)
				return gy_tagged_scalar(L, n, core);
	}
	return val_strn(L->a, n->value, n->len, &m);   /* other tags: the text */
}

static bool gy_is_merge_key(const struct gy_node *k)
{
	return k->kind == GYN_SCALAR && k->len == 2 && memcmp(k->value, "<<", 2) == 0 &&
	       (k->implicit || (k->tag && strcmp(k->tag, GY_TAG_PREFIX "merge") == 0));
}

/* Enter an alias: refuse one that is already being expanded. */
static bool gy_alias_enter(struct gy_load *L, struct gy_node *n)
{
	for (size_t i = 0; i < L->nactive; i++) {
		if (L->active[i] == n) {
			gy_fail(L, n->line, "yaml: anchor '%s' value contains itself", n->value);
			return false;
		}
	}
	if (L->nactive == L->capactive) {
		size_t cap = L->capactive ? L->capactive * 2 : 8;
		L->active = arena_grow(L->a, L->active, L->nactive * sizeof *L->active,
				       cap * sizeof *L->active);
		L->capactive = cap;
	}
	L->active[L->nactive++] = n;
	L->alias_depth++;
	return true;
}

static void gy_alias_leave(struct gy_load *L)
{
	L->nactive--;
	L->alias_depth--;
}

/* Decode a mapping (or an alias of one) into an existing map: merges. */
static bool gy_decode_into(struct gy_load *L, struct gy_node *n, struct val *out)
{
	if (!gy_count_decode(L, n))
		return false;
	if (n->kind == GYN_MAP)
		return gy_decode_pairs(L, n, out);
	if (!gy_alias_enter(L, n))
		return false;
	bool ok = gy_decode_into(L, n->alias, out);
	gy_alias_leave(L);
	return ok;
}

static bool gy_merge_source_ok(struct gy_load *L, const struct gy_node *n)
{
	const struct gy_node *t = n->kind == GYN_ALIAS ? n->alias : n;
	if (t->kind == GYN_MAP)
		return true;
	gy_fail(L, n->line, "yaml: map merge requires map or sequence of maps as the value");
	return false;
}

/* `<<: map`, `<<: *alias` or `<<: [maps]`; in a list the earlier maps
 * win, so they are decoded last. */
static bool gy_merge(struct gy_load *L, struct gy_node *n, struct val *out)
{
	if (n->kind != GYN_SEQ)
		return gy_merge_source_ok(L, n) && gy_decode_into(L, n, out);
	for (size_t i = n->n; i-- > 0;)
		if (!gy_merge_source_ok(L, n->kids[i]) || !gy_decode_into(L, n->kids[i], out))
			return false;
	return true;
}

static void gy_gosyntax(const struct val *v, struct buf *out, bool top);

static bool gy_decode_pairs(struct gy_load *L, struct gy_node *n, struct val *out)
{
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		struct gy_node *kn = n->kids[i], *vn = n->kids[i + 1];
		if (gy_is_merge_key(kn)) {
			if (!gy_merge(L, vn, out))
				return false;
			continue;
		}
		struct val *k = gy_decode(L, kn);
		if (!k)
			return false;
		if (k->kind == VAL_SEQ || k->kind == VAL_MAP) {
			struct buf t = BUF_INIT;
			gy_gosyntax(k, &t, true);
			gy_fail(L, kn->line, "yaml: invalid map key: %s", buf_str(&t));
			buf_free(&t);
			return false;
		}
		struct val *v = gy_decode(L, vn);
		if (!v)
			return false;
		val_map_put(L->a, out, k, v);
	}
	return true;
}

static struct val *gy_decode(struct gy_load *L, struct gy_node *n)
{
	struct mark m = {L->name, n->line, n->col};
	struct val *v;
	if (!gy_count_decode(L, n))
		return NULL;
	switch (n->kind) {
	case GYN_SCALAR:
		return gy_decode_scalar(L, n);
	case GYN_ALIAS:
		if (!gy_alias_enter(L, n))
			return NULL;
		v = gy_decode(L, n->alias);
		gy_alias_leave(L);
		return v;
	case GYN_SEQ:
		v = val_seq(L->a, &m);
		for (size_t i = 0; i < n->n; i++) {
			struct val *item = gy_decode(L, n->kids[i]);
			if (!item)
				return NULL;
			val_seq_push(L->a, v, item);
		}
		return v;
	case GYN_MAP:
		v = val_map(L->a, &m);
		return gy_decode_pairs(L, n, v) ? v : NULL;
	}
	return NULL;
}

/* ======================================================================
 * The loader, part 3: sigs.k8s.io/yaml's JSON round trip
 * ====================================================================== */

/* Go-quoted text of a string, as %#v prints it. */
static void gy_go_quote(const char *s, size_t n, struct buf *out)
{
	buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_addf(out, "\\%c", c);
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(out, "\\x%02x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

/* %#v of a decoded value, for go-yaml's and sigs.k8s.io's messages. */
static void gy_gosyntax(const struct val *v, struct buf *out, bool top)
{
	switch (v->kind) {
	case VAL_NULL:
		buf_adds(out, top ? "<nil>" : "interface {}(nil)");
		break;
	case VAL_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		break;
	case VAL_INT:
		if (v->tag == GY_UINT_TAG)
			buf_addf(out, "0x%" PRIx64, (uint64_t)v->i);
		else
			buf_addf(out, "%" PRId64, v->i);
		break;
	case VAL_FLOAT:
		goyaml_format_float(out, v->f, 'g');
		break;
	case VAL_STR:
		gy_go_quote(v->str.s, v->str.len, out);
		break;
	case VAL_SEQ:
		buf_adds(out, "[]interface {}{");
		for (size_t i = 0; i < v->seq.n; i++) {
			buf_adds(out, i ? ", " : "");
			gy_gosyntax(v->seq.items[i], out, false);
		}
		buf_addc(out, '}');
		break;
	case VAL_MAP:
		buf_adds(out, "map[interface {}]interface {}{");
		for (size_t i = 0; i < v->map.n; i++) {
			buf_adds(out, i ? ", " : "");
			gy_gosyntax(v->map.pairs[i].key, out, false);
			buf_addc(out, ':');
			gy_gosyntax(v->map.pairs[i].value, out, false);
		}
		buf_addc(out, '}');
		break;
	}
}

static const char *gy_go_type(const struct val *v)
{
	if (v->tag == GY_UINT_TAG)
		return "uint64";
	return "%!s(<nil>)";
}

/* convertToJSONableObject's key rule: strings stay, ints in decimal,
 * floats as float32 'g' text, booleans as words; nothing else. */
static const char *gy_json_key(struct gy_load *L, const struct val *k, const struct val *v)
{
	if (k->kind == VAL_STR)
		return arena_strndup(L->a, k->str.s, k->str.len);
	struct buf t = BUF_INIT;
	bool ok = !k->tag;
	if (k->kind == VAL_INT)
		buf_addf(&t, "%" PRId64, k->i);
	else if (k->kind == VAL_FLOAT && isnan(k->f))
		buf_adds(&t, ".nan");
	else if (k->kind == VAL_FLOAT && isinf(k->f))
		buf_adds(&t, k->f < 0 ? "-.inf" : ".inf");
	else if (k->kind == VAL_FLOAT)
		goyaml_format_float32(&t, (float)k->f, 'g');
	else if (k->kind == VAL_BOOL)
		buf_adds(&t, k->b ? "true" : "false");
	else
		ok = false;
	const char *s = ok ? arena_strndup(L->a, buf_str(&t), t.len) : NULL;
	buf_free(&t);
	if (!ok) {
		struct buf kv = BUF_INIT, vv = BUF_INIT;
		gy_gosyntax(k, &kv, true);
		gy_gosyntax(v, &vv, true);
		gy_fail(L, k->mark.line, "unsupported map key of type: %s, key: %s, value: %s",
			gy_go_type(k), buf_str(&kv), buf_str(&vv));
		buf_free(&kv);
		buf_free(&vv);
	}
	return s;
}

/* Maps get string keys; a later key of the same text replaces the value
 * (Go leaves the winner to map order). */
static struct val *gy_json_keys(struct gy_load *L, struct val *v)
{
	if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++)
			if (!(v->seq.items[i] = gy_json_keys(L, v->seq.items[i])))
				return NULL;
		return v;
	}
	if (v->kind != VAL_MAP)
		return v;
	struct val *m = val_map(L->a, &v->mark);
	for (size_t i = 0; i < v->map.n; i++) {
		struct val_pair *p = &v->map.pairs[i];
		const char *k = gy_json_key(L, p->key, p->value);
		struct val *value = k ? gy_json_keys(L, p->value) : NULL;
		if (!value)
			return NULL;
		struct val *key = val_str(L->a, k, &p->key->mark);
		val_map_put(L->a, m, key, value);
	}
	return m;
}

static int gy_cmp_pairs(const void *a, const void *b)
{
	const struct val *ka = ((const struct val_pair *)a)->key;
	const struct val *kb = ((const struct val_pair *)b)->key;
	size_t n = ka->str.len < kb->str.len ? ka->str.len : kb->str.len;
	int c = memcmp(ka->str.s, kb->str.s, n);
	return c ? c : (ka->str.len > kb->str.len) - (ka->str.len < kb->str.len);
}

/* The order encoding/json writes a map in (keys byte-sorted); the pairs
 * themselves keep their order. */
static struct val_pair *gy_sorted_pairs(const struct val *m)
{
	struct val_pair *p = xmalloc((m->map.n + 1) * sizeof *p);
	if (m->map.n)
		memcpy(p, m->map.pairs, m->map.n * sizeof *p);
	qsort(p, m->map.n, sizeof *p, gy_cmp_pairs);
	return p;
}

/* json.Marshal then Unmarshal: numbers become float64 (NaN and the
 * infinities cannot be written), strings valid UTF-8. In place. The error
 * is the first in JSON's order (map keys sorted), so values are visited
 * in that order when `sorted`; the conversions do not depend on it, so a
 * first pass goes in the pairs' own order and only a failure is redone
 * sorted, for its message. */
static bool gy_json_values(struct gy_load *L, struct val *v, bool sorted)
{
	switch (v->kind) {
	case VAL_INT:
		v->f = v->tag == GY_UINT_TAG ? (double)(uint64_t)v->i : (double)v->i;
		v->kind = VAL_FLOAT;
		v->tag = NULL;
		return true;
	case VAL_FLOAT:
		v->tag = NULL;
		if (!isnan(v->f) && !isinf(v->f))
			return true;
		if (sorted)
			gy_fail(L, v->mark.line, "json: unsupported value: %s",
				isnan(v->f) ? "NaN" : v->f < 0 ? "-Inf" : "+Inf");
		return false;
	case VAL_STR:
		v->str.s = goyaml_utf8_fix(L->a, v->str.s, v->str.len, &v->str.len);
		return true;
	case VAL_SEQ:
		for (size_t i = 0; i < v->seq.n; i++)
			if (!gy_json_values(L, v->seq.items[i], sorted))
				return false;
		return true;
	case VAL_MAP: {
		struct val_pair *p = sorted ? gy_sorted_pairs(v) : v->map.pairs;
		bool ok = true;
		for (size_t i = 0; ok && i < v->map.n; i++)
			ok = gy_json_values(L, p[i].value, sorted);
		if (sorted)
			free(p);
		for (size_t i = 0; ok && i < v->map.n; i++)
			v->map.pairs[i].key->str.s = goyaml_utf8_fix(L->a,
				v->map.pairs[i].key->str.s, v->map.pairs[i].key->str.len,
				&v->map.pairs[i].key->str.len);
		return ok;
	}
	default:
		return true;
	}
}

/* ---- entry points -------------------------------------------------------- */

static void gy_report(struct gy_load *L, struct diag *d, const char *prefix)
{
	struct mark m = {L->name, L->err_line, 0};
	diag_error(d, &m, "%s%s", prefix, buf_str(&L->err));
}

/* Parse and decode; the document before its JSON round trip. */
/* The nodes of a plainly valid block document, from the scanner of
 * src/yaml/scan.c instead of libyaml's parser: the same nodes, faster. */
#define GY_SCAN_DEPTH 256

struct gy_scan {
	struct gy_load *L;
	struct gy_node *root;
	struct gy_node *stack[GY_SCAN_DEPTH];
	size_t depth;
};

static struct gy_node *gy_scan_node(struct gy_scan *s, enum gy_kind kind, size_t line,
				    size_t col)
{
	struct gy_node *n = arena_alloc(s->L->a, sizeof *n);
	n->kind = kind;
	n->line = (int)line;
	n->col = (int)col;
	if (s->depth)
		gy_node_push(s->L, s->stack[s->depth - 1], n);
	else
		s->root = n;
	return n;
}

static bool gy_scan_start(void *ctx, bool seq, size_t line, size_t col)
{
	struct gy_scan *s = ctx;
	if (s->depth == GY_SCAN_DEPTH)
		return false;
	s->stack[s->depth] = gy_scan_node(s, seq ? GYN_SEQ : GYN_MAP, line, col);
	s->depth++;
	return true;
}

static bool gy_scan_end(void *ctx)
{
	((struct gy_scan *)ctx)->depth--;
	return true;
}

static bool gy_scan_scalar(void *ctx, const char *text, size_t len, enum yscan_style style,
			   size_t line, size_t col)
{
	struct gy_scan *s = ctx;
	if (!text)
		return false;             /* escapes and blocks: libyaml's job */
	struct gy_node *n = gy_scan_node(s, GYN_SCALAR, line, col);
	n->value = arena_strndup(s->L->a, text, len);
	n->len = len;
	n->implicit = style == YSCAN_PLAIN || style == YSCAN_EMPTY;
	return true;
}

/* The root through the scanner; false when libyaml must parse. */
static bool gy_scan_first(struct gy_load *L, const char *text, size_t len,
			  struct gy_node **root)
{
	struct gy_scan s = {.L = L};
	struct yscan_sink sink = {&s, gy_scan_start, gy_scan_end, gy_scan_scalar};
	if (!yscan_document(text, len, &sink))
		return false;
	*root = s.root;
	return true;
}

static struct val *gy_load_raw(struct gy_load *L, const char *text, size_t len)
{
	bool empty = false;
	struct gy_node *root = NULL;
	if (L->scan && gy_scan_first(L, text, len, &root)) {
		empty = root == NULL;
	} else {
		yaml_parser_set_input_string(&L->parser, (const unsigned char *)text, len);
		root = gy_parse_first(L, &empty);
	}
	if (empty)
		return val_null(L->a, &(struct mark){L->name, 1, 1});
	return root ? gy_decode(L, root) : NULL;
}

/* What encoding/json calls a value's kind in its type errors. */
static const char *gy_json_kind(const struct val *v)
{
	switch (v->kind) {
	case VAL_SEQ: return "array";
	case VAL_MAP: return "object";
	case VAL_STR: return "string";
	case VAL_BOOL: return "bool";
	default: return "number";
	}
}

/* sigs.k8s.io/yaml's Unmarshal into a target: 0 any value, VAL_MAP a
 * map[string]interface{}, VAL_SEQ a []interface{}. Errors in L->err. */
static struct val *gy_unmarshal(struct gy_load *L, const char *text, size_t len,
				int target)
{
	L->nanchors = L->nactive = 0;
	L->depth = 0;
	L->decodes = L->alias_decodes = 0;
	if (!yaml_parser_initialize(&L->parser))
		die_oom();
	struct val *v = gy_load_raw(L, text, len);
	yaml_parser_delete(&L->parser);
	if (v)
		v = gy_json_keys(L, v);
	if (v && !gy_json_values(L, v, false) && !gy_json_values(L, v, true))
		v = NULL;
	if (!v) {
		struct buf e = BUF_INIT;
		buf_adds(&e, "error converting YAML to JSON: ");
		buf_add(&e, L->err.p, L->err.len);
		buf_free(&L->err);
		L->err = e;
		return NULL;
	}
	if (!target)
		return v;
	if (v->kind == VAL_NULL)
		return target == VAL_MAP ? val_map(L->a, &v->mark) : val_seq(L->a, &v->mark);
	if ((int)v->kind == target)
		return v;
	gy_fail(L, v->mark.line, "error unmarshaling JSON: while decoding JSON: json: "
		"cannot unmarshal %s into Go value of type %s", gy_json_kind(v),
		target == VAL_MAP ? "map[string]interface {}" : "[]interface {}");
	return NULL;
}

static struct val *gy_load_target(struct arena *a, struct diag *d, const char *text,
				  size_t len, const char *name, int target)
{
	struct gy_load L = {.a = a, .scan = true, .name = name, .err = BUF_INIT};
	struct val *v = gy_unmarshal(&L, text, len, target);
	if (!v)
		gy_report(&L, d, "");
	buf_free(&L.err);
	return v;
}

struct val *goyaml_load(struct arena *a, struct diag *d, const char *text,
			size_t len, const char *name)
{
	return gy_load_target(a, d, text, len, name, 0);
}

struct val *goyaml_load_map(struct arena *a, struct diag *d, const char *text,
			    size_t len, const char *name)
{
	return gy_load_target(a, d, text, len, name, VAL_MAP);
}

struct val *goyaml_load_list(struct arena *a, struct diag *d, const char *text,
			     size_t len, const char *name)
{
	return gy_load_target(a, d, text, len, name, VAL_SEQ);
}

/* ---- values files: documents split at --- lines and merged ------------- */

/* Helm's MergeMaps: maps merge recursively, anything else replaces. */
static struct val *gy_merge_maps(struct arena *a, struct val *base, struct val *over)
{
	struct val *out = val_map(a, &base->mark);
	for (size_t i = 0; i < base->map.n; i++)
		val_map_put(a, out, base->map.pairs[i].key, base->map.pairs[i].value);
	for (size_t i = 0; i < over->map.n; i++) {
		struct val_pair *p = &over->map.pairs[i];
		struct val_pair *old = val_map_find_val(out, p->key);
		if (old && old->value->kind == VAL_MAP && p->value->kind == VAL_MAP)
			old->value = gy_merge_maps(a, old->value, p->value);
		else
			val_map_put(a, out, p->key, p->value);
	}
	return out;
}

/* k8s' YAMLReader: is this line a document separator? Text after `---`
 * other than blanks or a comment is an error (returned in *bad). */
static bool gy_separator(const char *line, size_t n, const char **bad, size_t *badlen)
{
	*bad = NULL;
	if (n < 3 || memcmp(line, "---", 3) != 0)
		return false;
	size_t b = 3, e = n;
	while (b < e && gy_is_space(line[b]))
		b++;
	while (e > b && gy_is_space(line[e - 1]))
		e--;
	if (b < e && line[b] != '#') {
		*bad = line + b;
		*badlen = e - b;
	}
	return true;
}

/* Count one more document (ending at line); each merge copies what it
 * merges into, so their number is bounded. */
static bool gy_values_count(struct gy_load *L, unsigned long long *docs, int line,
			    const char **prefix)
{
	unsigned long long max = limit_get(LIMIT_DOCUMENTS);
	if (++*docs <= max)
		return true;
	gy_fail(L, line, "more than %llu YAML documents in one file; %s raises the limit",
		max, limit_var(LIMIT_DOCUMENTS));
	*prefix = "";
	return false;
}

/* Load one document of a values file and merge it into *acc. */
static bool gy_values_doc(struct gy_load *L, const char *text, size_t len, struct val **acc)
{
	struct val *doc = gy_unmarshal(L, text, len, VAL_MAP);
	if (!doc)
		return false;
	*acc = gy_merge_maps(L->a, *acc, doc);
	return true;
}

static struct val *gy_load_values(struct arena *a, struct diag *d, const char *text,
				  size_t len, const char *name, bool scan)
{
	struct gy_load L = {.a = a, .scan = scan, .name = name, .err = BUF_INIT};
	struct val *acc = val_map(a, &(struct mark){name, 1, 1});
	size_t start = 0, pos = 0;
	const char *prefix = "cannot unmarshal yaml document: ";
	bool ok = true;
	unsigned long long docs = 0, max_bytes = limit_get(LIMIT_INPUT_BYTES);
	int line = 1;
	if (len > max_bytes) {
		gy_fail(&L, 0, "input is larger than %llu bytes; %s raises the limit", max_bytes,
			limit_var(LIMIT_INPUT_BYTES));
		prefix = "";
		ok = false;
	}
	while (ok && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) + 1 : len, badlen = 0;
		const char *bad;
		if (gy_separator(text + pos, end - pos, &bad, &badlen)) {
			if (bad) {
				gy_fail(&L, 0, "invalid Yaml document separator: %.*s", (int)badlen, bad);
				prefix = "error reading yaml document: ";
				ok = false;
				break;
			}
			if (pos > start && !gy_values_count(&L, &docs, line, &prefix)) {
				ok = false;
				break;
			}
			if (pos > start)
				ok = gy_values_doc(&L, text + start, pos - start, &acc);
			start = end;
		}
		pos = end;
		line++;
	}
	if (ok && len > start)
		ok = gy_values_count(&L, &docs, line, &prefix) &&
		     gy_values_doc(&L, text + start, len - start, &acc);
	if (!ok)
		gy_report(&L, d, prefix);
	buf_free(&L.err);
	return ok ? acc : NULL;
}

struct val *goyaml_load_values(struct arena *a, struct diag *d, const char *text,
			       size_t len, const char *name)
{
	return gy_load_values(a, d, text, len, name, true);
}

struct val *goyaml_load_values_parsed(struct arena *a, struct diag *d, const char *text,
				      size_t len, const char *name)
{
	return gy_load_values(a, d, text, len, name, false);
}

/* ======================================================================
 * The marshaller: sigs.k8s.io/yaml's Marshal (JSON, then go-yaml)
 * ====================================================================== */

struct gy_emit {
	yaml_emitter_t em;
	struct arena *a;     /* scratch for normalised strings */
	struct buf text;     /* scratch for numbers */
};

static int gy_emit_write(void *data, unsigned char *bytes, size_t size)
{
	buf_add(data, bytes, size);
	return 1;
}

static bool gy_emit_event(struct gy_emit *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(&e->em, ev) != 0;
}

static bool gy_emit_scalar(struct gy_emit *e, const char *s, size_t n,
			   yaml_scalar_style_t style)
{
	yaml_event_t ev;
	if (n > INT_MAX || !yaml_scalar_event_initialize(&ev, NULL, NULL,
			(yaml_char_t *)s, (int)n, 1, 1, style))
		return false;
	return gy_emit_event(e, &ev);
}

static bool gy_has_nel(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0x85)
			return true;
	return false;
}

/* A string after the JSON round trip: invalid UTF-8 became U+FFFD, and
 * go-yaml, reading the JSON back, folded each raw NEL (U+0085, the one
 * line break JSON leaves unescaped) with the blanks around it into a
 * space, or into newlines when several follow each other. */
static const char *gy_json_string(struct arena *a, const char *s, size_t n, size_t *len)
{
	s = goyaml_utf8_fix(a, s, n, &n);
	*len = n;
	if (!gy_has_nel(s, n))
		return s;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n;) {
		if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0x85) {
			size_t breaks = 0;
			while (b.len && b.p[b.len - 1] == ' ')
				b.p[--b.len] = '\0';
			while (i < n && (s[i] == ' ' || (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
							 (unsigned char)s[i + 1] == 0x85))) {
				if (s[i] == ' ') {
					i++;
				} else {
					breaks++;
					i += 2;
				}
			}
			for (size_t k = 1; k < breaks; k++)
				buf_addc(&b, '\n');
			if (breaks == 1)
				buf_addc(&b, ' ');
			continue;
		}
		buf_addc(&b, s[i++]);
	}
	const char *r = arena_strndup(a, buf_str(&b), b.len);
	*len = b.len;
	buf_free(&b);
	return r;
}

/* encoder.stringv: a literal block for text with newlines, plain when
 * go-yaml would read it back as the same string, double quotes otherwise.
 * (libyaml may still choose quotes when the characters forbid plain.) */
static bool gy_emit_string(struct gy_emit *e, const char *s, size_t n)
{
	size_t len;
	s = gy_json_string(e->a, s, n, &len);
	yaml_scalar_style_t style = memchr(s, '\n', len) ? YAML_LITERAL_SCALAR_STYLE
				  : goyaml_plain_is_string(s, len) ? YAML_PLAIN_SCALAR_STYLE
				  : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return gy_emit_scalar(e, s, len, style);
}

/* A float64 as the JSON text go-yaml re-reads: integral values below
 * 1e21 come back as int (or uint64) and print as such, the rest as
 * float64 in 'g' form. */
static void gy_float_text(double f, struct buf *out)
{
	if (f == floor(f) && fabs(f) < 9007199254740992.0) {   /* exact: JSON writes digits */
		buf_addf(out, "%" PRId64, (int64_t)f);
		return;
	}
	struct buf json = BUF_INIT;
	struct gy_scalar sc;
	goyaml_format_float(&json, f, 'j');
	enum gy_type t = gy_resolve(json.p, json.len, &sc);
	if (t == GY_INT)
		buf_addf(out, "%" PRId64, sc.i);
	else if (t == GY_UINT)
		buf_addf(out, "%" PRIu64, sc.u);
	else
		goyaml_format_float(out, f, 'g');
	buf_free(&json);
}

/* A bool, number or null as go-yaml writes it after the JSON round trip. */
static void gy_plain_text(const struct val *v, struct buf *out)
{
	if (v->kind == VAL_BOOL)
		buf_adds(out, v->b ? "true" : "false");
	else if (v->kind == VAL_INT)
		buf_addf(out, "%" PRId64, v->i);
	else if (v->kind == VAL_FLOAT)
		gy_float_text(v->f, out);
	else
		buf_adds(out, "null");
}

static bool gy_emit_plain(struct gy_emit *e, const struct val *v)
{
	buf_reset(&e->text);
	gy_plain_text(v, &e->text);
	return gy_emit_scalar(e, e->text.p, e->text.len, YAML_PLAIN_SCALAR_STYLE);
}

static bool gy_emit_node(struct gy_emit *e, const struct val *v);

static bool gy_emit_seq(struct gy_emit *e, const struct val *v)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	if (!gy_emit_event(e, &ev))
		return false;
	for (size_t i = 0; i < v->seq.n; i++)
		if (!gy_emit_node(e, v->seq.items[i]))
			return false;
	yaml_sequence_end_event_initialize(&ev);
	return gy_emit_event(e, &ev);
}

/* A key's text as JSON writes it (non-string keys do not occur in
 * Helm's values; they are written as their plain text). */
struct gy_key {
	const char *s;
	size_t n;
	const struct val *value;
};

static int gy_cmp_keys(const void *pa, const void *pb)
{
	const struct gy_key *a = pa, *b = pb;
	if (goyaml_key_less(a->s, a->n, b->s, b->n))
		return -1;
	return goyaml_key_less(b->s, b->n, a->s, a->n);
}

static void gy_key_text(struct gy_emit *e, const struct val *k, struct gy_key *out)
{
	if (k->kind == VAL_STR) {
		out->s = gy_json_string(e->a, k->str.s, k->str.len, &out->n);
		return;
	}
	struct buf t = BUF_INIT;
	if (k->kind == VAL_BOOL)
		buf_adds(&t, k->b ? "true" : "false");
	else if (k->kind == VAL_INT)
		buf_addf(&t, "%" PRId64, k->i);
	else if (k->kind == VAL_FLOAT)
		goyaml_format_float(&t, k->f, 'g');
	else
		buf_adds(&t, "null");
	out->s = arena_strndup(e->a, buf_str(&t), t.len);
	out->n = t.len;
	buf_free(&t);
}

static bool gy_emit_map(struct gy_emit *e, const struct val *v)
{
	yaml_event_t ev;
	struct gy_key *keys = arena_alloc(e->a, (v->map.n + 1) * sizeof *keys);
	for (size_t i = 0; i < v->map.n; i++) {
		gy_key_text(e, v->map.pairs[i].key, &keys[i]);
		keys[i].value = v->map.pairs[i].value;
	}
	qsort(keys, v->map.n, sizeof *keys, gy_cmp_keys);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	if (!gy_emit_event(e, &ev))
		return false;
	for (size_t i = 0; i < v->map.n; i++) {
		yaml_scalar_style_t style = memchr(keys[i].s, '\n', keys[i].n)
			? YAML_LITERAL_SCALAR_STYLE
			: goyaml_plain_is_string(keys[i].s, keys[i].n)
			? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		if (!gy_emit_scalar(e, keys[i].s, keys[i].n, style) ||
		    !gy_emit_node(e, keys[i].value))
			return false;
	}
	yaml_mapping_end_event_initialize(&ev);
	return gy_emit_event(e, &ev);
}

static bool gy_is_nil(const struct val *v)
{
	return v->tag && strcmp(v->tag, GOYAML_NIL) == 0;
}

static bool gy_emit_node(struct gy_emit *e, const struct val *v)
{
	if ((v->kind == VAL_SEQ || v->kind == VAL_MAP) && gy_is_nil(v))
		return gy_emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	switch (v->kind) {
	case VAL_SEQ:
		return gy_emit_seq(e, v);
	case VAL_MAP:
		return gy_emit_map(e, v);
	case VAL_STR:
		return gy_emit_string(e, v->str.s, v->str.len);
	default:
		return gy_emit_plain(e, v);
	}
}

static bool gy_emit_document(struct gy_emit *e, const struct val *v)
{
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (!gy_emit_event(e, &ev))
		return false;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (!gy_emit_event(e, &ev) || !gy_emit_node(e, v))
		return false;
	yaml_document_end_event_initialize(&ev, 1);
	if (!gy_emit_event(e, &ev))
		return false;
	yaml_stream_end_event_initialize(&ev);
	return gy_emit_event(e, &ev);
}

/* go-yaml's reader refuses these in the JSON it re-reads: DEL, the C1
 * controls but NEL, U+FFFE and U+FFFF (JSON escapes the C0 ones). */
static bool gy_yaml_readable(const char *s, size_t n)
{
	size_t len;
	for (size_t i = 0; i < n; i += len) {
		int32_t r = goyaml_utf8_decode(s + i, n - i, &len);
		if (r == 0x7F || (r >= 0x80 && r <= 0x9F && r != 0x85) ||
		    r == 0xFFFE || r == 0xFFFF)
			return false;
	}
	return true;
}

/* json.Marshal's refusal: the first NaN or infinity in its (sorted key)
 * order, or NULL. */
static const struct val *gy_bad_float(const struct val *v)
{
	const struct val *bad = NULL;
	if (v->kind == VAL_FLOAT && (isnan(v->f) || isinf(v->f)))
		return v;
	if (v->kind == VAL_SEQ)
		for (size_t i = 0; i < v->seq.n && !bad; i++)
			bad = gy_bad_float(v->seq.items[i]);
	if (v->kind == VAL_MAP) {
		bool strings = true;
		for (size_t i = 0; i < v->map.n; i++)
			strings = strings && v->map.pairs[i].key->kind == VAL_STR;
		struct val_pair *p = strings ? gy_sorted_pairs(v) : NULL;
		for (size_t i = 0; i < v->map.n && !bad; i++)
			bad = gy_bad_float(p ? p[i].value : v->map.pairs[i].value);
		free(p);
	}
	return bad;
}

/* Does go-yaml's reader accept every string of v? */
static bool gy_all_readable(const struct val *v)
{
	switch (v->kind) {
	case VAL_STR:
		return gy_yaml_readable(v->str.s, v->str.len);
	case VAL_SEQ:
		for (size_t i = 0; i < v->seq.n; i++)
			if (!gy_all_readable(v->seq.items[i]))
				return false;
		return true;
	case VAL_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			if (!gy_all_readable(v->map.pairs[i].key) ||
			    !gy_all_readable(v->map.pairs[i].value))
				return false;
		return true;
	default:
		return true;
	}
}

/* Can the JSON round trip carry v? If not, sigs.k8s.io/yaml's error. */
static bool gy_marshalable(const struct val *v, struct buf *err)
{
	const struct val *bad = gy_bad_float(v);
	if (bad) {
		if (err)
			buf_addf(err, "error marshaling into JSON: json: unsupported value: %s",
				 isnan(bad->f) ? "NaN" : bad->f < 0 ? "-Inf" : "+Inf");
		return false;
	}
	if (!gy_all_readable(v)) {
		if (err)
			buf_adds(err, "yaml: control characters are not allowed");
		return false;
	}
	return true;
}

/* libyaml closes a stream that ends in a `|+` block with `...`; go-yaml
 * does not (it only writes explicit document ends, which we never ask). */
static void gy_drop_document_end(struct buf *text)
{
	if (text->len >= 4 && memcmp(text->p + text->len - 4, "...\n", 4) == 0 &&
	    (text->len == 4 || text->p[text->len - 5] == '\n')) {
		text->len -= 4;
		text->p[text->len] = '\0';
	}
}

/* ---- the same text without libyaml, for plain values ------------------------ */

/* Text libyaml writes plain, as go-yaml asks, in any block position:
 * ASCII letters, digits and `_-./:=@+,%~`, starting with a letter, digit,
 * `_`, `.` or `/` or a `-` that is no sequence indicator, with no `:` at
 * the end, not starting with `---` or `...`, and not reading back as
 * another type. No spaces, so no folding; short enough (128) to stay a
 * simple key. */
static bool gy_fast_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool gy_fast_text(const char *s, size_t n)
{
	if (n == 0 || n > 128 || s[n - 1] == ':')
		return false;
	if (!(gy_fast_alnum(s[0]) || s[0] == '_' || s[0] == '.' || s[0] == '/' ||
	      (s[0] == '-' && n > 1)))
		return false;
	if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!gy_fast_alnum(s[i]) && (!s[i] || !strchr("_-./:=@+,%~", s[i])))
			return false;
	return goyaml_plain_is_string(s, n);
}

/* Does v consist only of what gy_fast_write handles? */
static bool gy_fast_ok(const struct val *v, int depth)
{
	if (depth > 64)
		return false;
	switch (v->kind) {
	case VAL_STR:
		return gy_fast_text(v->str.s, v->str.len);
	case VAL_FLOAT:
		return !isnan(v->f) && !isinf(v->f);
	case VAL_SEQ:
		for (size_t i = 0; i < v->seq.n; i++)
			if (!gy_fast_ok(v->seq.items[i], depth + 1))
				return false;
		return true;
	case VAL_MAP:
		for (size_t i = 0; i < v->map.n; i++) {
			const struct val *k = v->map.pairs[i].key;
			if (k->kind != VAL_STR || !gy_fast_text(k->str.s, k->str.len) ||
			    !gy_fast_ok(v->map.pairs[i].value, depth + 1))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static bool gy_fast_empty(const struct val *v)
{
	return gy_is_nil(v) || (v->kind == VAL_MAP && v->map.n == 0) ||
	       (v->kind == VAL_SEQ && v->seq.n == 0);
}

/* A scalar, or an empty or nil collection, and its line's end. */
static void gy_fast_scalar(struct buf *out, const struct val *v)
{
	if (gy_is_nil(v))
		buf_adds(out, "null");
	else if (v->kind == VAL_MAP)
		buf_adds(out, "{}");
	else if (v->kind == VAL_SEQ)
		buf_adds(out, "[]");
	else if (v->kind == VAL_STR)
		buf_add(out, v->str.s, v->str.len);
	else
		gy_plain_text(v, out);
	buf_addc(out, '\n');
}

static void gy_fast_pad(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, ' ');
}

/* go-yaml's key order, for string keys. */
static int gy_fast_cmp_keys(const void *pa, const void *pb)
{
	const struct val *a = ((const struct val_pair *)pa)->key;
	const struct val *b = ((const struct val_pair *)pb)->key;
	if (goyaml_key_less(a->str.s, a->str.len, b->str.s, b->str.len))
		return -1;
	return goyaml_key_less(b->str.s, b->str.len, a->str.s, a->str.len);
}

/* A non-empty collection at column col; its first line's indentation is
 * already written when inline (an item of a sequence). Sequences in a
 * mapping stay at the mapping's column, as go-yaml writes them. */
static void gy_fast_write(struct buf *out, const struct val *v, size_t col, bool inline_first)
{
	if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++) {
			const struct val *item = v->seq.items[i];
			if (i || !inline_first)
				gy_fast_pad(out, col);
			buf_adds(out, "- ");
			if ((item->kind != VAL_MAP && item->kind != VAL_SEQ) || gy_fast_empty(item))
				gy_fast_scalar(out, item);
			else
				gy_fast_write(out, item, col + 2, true);
		}
		return;
	}
	struct val_pair *p = xmalloc(v->map.n * sizeof *p);
	memcpy(p, v->map.pairs, v->map.n * sizeof *p);
	qsort(p, v->map.n, sizeof *p, gy_fast_cmp_keys);
	for (size_t i = 0; i < v->map.n; i++) {
		const struct val *value = p[i].value;
		if (i || !inline_first)
			gy_fast_pad(out, col);
		buf_add(out, p[i].key->str.s, p[i].key->str.len);
		buf_addc(out, ':');
		if ((value->kind != VAL_MAP && value->kind != VAL_SEQ) || gy_fast_empty(value)) {
			buf_addc(out, ' ');
			gy_fast_scalar(out, value);
		} else {
			buf_addc(out, '\n');
			gy_fast_write(out, value, value->kind == VAL_MAP ? col + 2 : col, false);
		}
	}
	free(p);
}

/* goyaml_marshal through libyaml's emitter. */
static int gy_marshal_libyaml(const struct val *v, struct buf *out, struct buf *err)
{
	if (!gy_marshalable(v, err))
		return -1;
	struct gy_emit e = {.a = arena_new(), .text = BUF_INIT};
	struct buf text = BUF_INIT;
	if (!yaml_emitter_initialize(&e.em))
		die_oom();
	yaml_emitter_set_output(&e.em, gy_emit_write, &text);
	yaml_emitter_set_width(&e.em, 80);
	yaml_emitter_set_indent(&e.em, 2);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
	bool ok = gy_emit_document(&e, v);
	yaml_emitter_delete(&e.em);
	buf_free(&e.text);
	arena_free(e.a);
	gy_drop_document_end(&text);
	if (ok)
		buf_add(out, text.p ? text.p : "", text.len);
	buf_free(&text);
	return ok ? 0 : -1;
}

int goyaml_marshal(const struct val *v, struct buf *out, struct buf *err)
{
	if ((v->kind == VAL_MAP || v->kind == VAL_SEQ) && gy_fast_empty(v)) {
		gy_fast_scalar(out, v);
		return 0;
	}
	if ((v->kind != VAL_MAP && v->kind != VAL_SEQ) || !gy_fast_ok(v, 0))
		return gy_marshal_libyaml(v, out, err);
	gy_fast_write(out, v, 0, false);
	return 0;
}

int goyaml_marshal_libyaml(const struct val *v, struct buf *out, struct buf *err)
{
	return gy_marshal_libyaml(v, out, err);
}

void goyaml_to_yaml(const struct val *v, struct buf *out)
{
	size_t start = out->len;
	if (goyaml_marshal(v, out, NULL) == 0 && out->len > start && out->p[out->len - 1] == '\n')
		out->p[--out->len] = '\0';
}

/* ---- go-yaml's key order ------------------------------------------------- */

/* unicode.IsLetter, closely enough: ASCII letters, and beyond ASCII every
 * code point except the common punctuation, symbol and space blocks. */
static bool gy_is_letter(int32_t r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	if (r < 0xC0)
		return r == 0xAA || r == 0xB5 || r == 0xBA;
	if (r == 0xD7 || r == 0xF7)
		return false;
	if ((r >= 0x2000 && r <= 0x2BFF) || (r >= 0x3000 && r <= 0x303F) ||
	    (r >= 0xFF00 && r <= 0xFF20) || (r >= 0xFE30 && r <= 0xFE4F) ||
	    (r >= 0x1F000 && r <= 0x1FAFF) || (r >= 0xE000 && r <= 0xF8FF))
		return false;
	return true;
}

static size_t gy_runes(const char *s, size_t n, int32_t *out)
{
	size_t k = 0, len;
	for (size_t i = 0; i < n; i += len) {
		int32_t r = goyaml_utf8_decode(s + i, n - i, &len);
		out[k++] = r < 0 ? 0xFFFD : r;
	}
	return k;
}

/* keyList.Less for two strings at their first difference i: letters by
 * code point and after everything else, digit runs by value. */
static bool gy_rune_less(const int32_t *a, size_t an, const int32_t *b, size_t bn, size_t i)
{
	bool al = gy_is_letter(a[i]), bl = gy_is_letter(b[i]);
	if (al && bl)
		return a[i] < b[i];
	if (al || bl)
		return bl;
	uint64_t av = 0, bv = 0;   /* Go's int64 arithmetic wraps; so does this */
	size_t ai, bi;
	if (a[i] == '0' || b[i] == '0') {
		for (size_t j = i; j-- > 0 && gy_is_digit(a[j]);) {
			if (a[j] != '0') {
				av = bv = 1;
				break;
			}
		}
	}
	for (ai = i; ai < an && gy_is_digit(a[ai]); ai++)
		av = av * 10 + (a[ai] - '0');
	for (bi = i; bi < bn && gy_is_digit(b[bi]); bi++)
		bv = bv * 10 + (b[bi] - '0');
	if (av != bv)
		return (int64_t)av < (int64_t)bv;
	if (ai != bi)
		return ai < bi;
	return a[i] < b[i];
}

bool goyaml_key_less(const char *a, size_t an, const char *b, size_t bn)
{
	int32_t sa[64], sb[64];
	int32_t *ra = an <= 64 ? sa : xmalloc(an * sizeof *ra);
	int32_t *rb = bn <= 64 ? sb : xmalloc(bn * sizeof *rb);
	size_t na = gy_runes(a, an, ra), nb = gy_runes(b, bn, rb);
	bool less = na < nb;
	for (size_t i = 0; i < na && i < nb; i++) {
		if (ra[i] != rb[i]) {
			less = gy_rune_less(ra, na, rb, nb, i);
			break;
		}
	}
	if (ra != sa)
		free(ra);
	if (rb != sb)
		free(rb);
	return less;
}
