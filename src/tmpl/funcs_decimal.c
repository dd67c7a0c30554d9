/* funcs_decimal.c - Sprig's float math: addf subf mulf divf add1f.
 *
 * Sprig does these in shopspring/decimal, not in float64: each operand
 * becomes the decimal of its shortest float64 text (0.1 is exactly 0.1),
 * sums and products are exact, a quotient is rounded half away from zero
 * to 16 decimal places, and the result is the float64 nearest to the
 * decimal. So addf 0.1 0.2 is 0.3 and divf 10 3 is 3.3333333333333335.
 * Numbers here are digit strings with a power-of-ten exponent. */
#include "tmpl/funcs_int.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEC_DIV_PLACES 16

/* value = (neg ? -1 : 1) * digits * 10^exp; digits without leading zeros
 * ("" for zero). */
struct dec {
	bool neg;
	struct buf d;
	long exp;
};

static void dec_free(struct dec *x)
{
	buf_free(&x->d);
}

static void dec_trim(struct dec *x)
{
	size_t z = 0;
	while (z < x->d.len && x->d.p[z] == '0')
		z++;
	if (z) {
		memmove(x->d.p, x->d.p + z, x->d.len - z);
		x->d.len -= z;
		x->d.p[x->d.len] = '\0';
	}
	if (!x->d.len)
		x->neg = false;
}

/* decimal.NewFromFloat: the shortest repr, exactly. */
static void dec_from_float(struct dec *x, double f)
{
	struct buf t = BUF_INIT;
	goyaml_format_float(&t, f, 'e');
	const char *p = t.p;
	x->neg = *p == '-';
	p += x->neg;
	long frac = 0;
	bool dot = false;
	for (; *p && *p != 'e'; p++) {
		if (*p == '.') {
			dot = true;
			continue;
		}
		buf_addc(&x->d, *p);
		frac += dot;
	}
	x->exp = strtol(p + 1, NULL, 10) - frac;
	buf_free(&t);
	dec_trim(x);
}

/* NewFromFloat panics on these; a NaN or infinity operand. */
static bool dec_finite(double f)
{
	return !isnan(f) && !isinf(f);
}

static double dec_to_float(const struct dec *x)
{
	struct buf t = BUF_INIT;
	buf_addf(&t, "%s%se%ld", x->neg ? "-" : "", x->d.len ? x->d.p : "0", x->exp);
	double f = strtod(t.p, NULL);
	buf_free(&t);
	return f;
}

/* Digits followed by k zeros (the mantissa scaled by 10^k). */
static void dec_shifted(const struct dec *x, long k, struct buf *out)
{
	buf_add(out, x->d.p ? x->d.p : "", x->d.len);
	for (long i = 0; i < k; i++)
		buf_addc(out, '0');
}

/* Compare two digit strings as numbers. */
static int digits_cmp(const struct buf *a, const struct buf *b)
{
	size_t za = 0, zb = 0;
	while (za < a->len && a->p[za] == '0')
		za++;
	while (zb < b->len && b->p[zb] == '0')
		zb++;
	if (a->len - za != b->len - zb)
		return a->len - za < b->len - zb ? -1 : 1;
	int c = a->len - za ? memcmp(a->p + za, b->p + zb, a->len - za) : 0;
	return c < 0 ? -1 : c > 0;
}

/* out = a + b or a - b (a >= b for subtraction), as digit strings. */
static void digits_addsub(const struct buf *a, const struct buf *b, bool sub, struct buf *out)
{
	size_t n = (a->len > b->len ? a->len : b->len) + 1;
	char *r = xmalloc(n + 1);
	int carry = 0;
	for (size_t i = 0; i < n; i++) {
		int da = i < a->len ? a->p[a->len - 1 - i] - '0' : 0;
		int db = i < b->len ? b->p[b->len - 1 - i] - '0' : 0;
		int v = sub ? da - db - carry : da + db + carry;
		carry = sub ? v < 0 : v > 9;
		v = sub ? (v + 10) % 10 : v % 10;
		r[n - 1 - i] = (char)('0' + v);
	}
	buf_reset(out);
	buf_add(out, r, n);
	free(r);
}

static void dec_add(struct dec *x, const struct dec *y, bool subtract)
{
	long e = x->exp < y->exp ? x->exp : y->exp;
	struct buf a = BUF_INIT, b = BUF_INIT;
	dec_shifted(x, x->exp - e, &a);
	dec_shifted(y, y->exp - e, &b);
	bool yneg = y->neg != subtract;
	if (x->neg == yneg) {
		digits_addsub(&a, &b, false, &x->d);
	} else if (digits_cmp(&a, &b) >= 0) {
		digits_addsub(&a, &b, true, &x->d);
	} else {
		digits_addsub(&b, &a, true, &x->d);
		x->neg = yneg;
	}
	x->exp = e;
	buf_free(&a);
	buf_free(&b);
	dec_trim(x);
}

static void dec_mul(struct dec *x, const struct dec *y)
{
	size_t n = x->d.len + y->d.len;
	int *acc = calloc(n + 1, sizeof *acc);
	if (!acc)
		die_oom();
	for (size_t i = 0; i < x->d.len; i++)
		for (size_t j = 0; j < y->d.len; j++)
			acc[i + j + 1] += (x->d.p[i] - '0') * (y->d.p[j] - '0');
	for (size_t k = n; k > 0; k--) {
		acc[k - 1] += acc[k] / 10;
		acc[k] %= 10;
	}
	buf_reset(&x->d);
	for (size_t k = 0; k < n; k++)
		buf_addc(&x->d, (char)('0' + acc[k]));
	free(acc);
	x->neg = x->neg != y->neg;
	x->exp += y->exp;
	dec_trim(x);
}

/* Long division of digit strings: q = num / den, r the remainder. */
static void digits_divmod(const struct buf *num, const struct buf *den, struct buf *q,
			  struct buf *r)
{
	buf_reset(q);
	buf_reset(r);
	for (size_t i = 0; i < num->len; i++) {
		if (r->len == 1 && r->p[0] == '0')
			buf_reset(r);
		buf_addc(r, num->p[i]);
		int digit = 0;
		while (digits_cmp(r, den) >= 0) {
			digits_addsub(r, den, true, r);
			digit++;
		}
		buf_addc(q, (char)('0' + digit));
	}
}

/* DivRound(y, 16): the quotient rounded half away from zero to 16
 * decimal places. */
static void dec_div(struct dec *x, const struct dec *y)
{
	long k = x->exp - y->exp + DEC_DIV_PLACES;
	struct buf num = BUF_INIT, den = BUF_INIT, q = BUF_INIT, r = BUF_INIT, twice = BUF_INIT;
	dec_shifted(x, k > 0 ? k : 0, &num);
	dec_shifted(y, k < 0 ? -k : 0, &den);
	digits_divmod(&num, &den, &q, &r);
	digits_addsub(&r, &r, false, &twice);
	if (digits_cmp(&twice, &den) >= 0) {
		struct buf one = BUF_INIT;
		buf_addc(&one, '1');
		digits_addsub(&q, &one, false, &q);
		buf_free(&one);
	}
	buf_reset(&x->d);
	buf_add(&x->d, q.p ? q.p : "", q.len);
	x->neg = x->neg != y->neg;
	x->exp = -DEC_DIV_PLACES;
	dec_trim(x);
	buf_free(&num), buf_free(&den), buf_free(&q), buf_free(&r), buf_free(&twice);
}

enum dec_op { DEC_ADD, DEC_SUB, DEC_MUL, DEC_DIV };

/* execDecimalOp: fold the operands left to right. */
static int dec_fold(struct tmpl_call *c, struct val **r, const struct val *first,
		    struct val *const *rest, size_t n, enum dec_op op)
{
	double f = tmplfn_to_float64(first);
	if (!dec_finite(f))
		return tmpl_call_fail(c, "Cannot create a Decimal from %s", isnan(f) ? "NaN" : f < 0 ? "-Inf" : "+Inf");
	struct dec acc = {false, BUF_INIT, 0};
	dec_from_float(&acc, f);
	for (size_t i = 0; i < n; i++) {
		double g = tmplfn_to_float64(rest[i]);
		struct dec y = {false, BUF_INIT, 0};
		if (!dec_finite(g) || (op == DEC_DIV && g == 0)) {
			dec_free(&acc);
			if (op == DEC_DIV && g == 0)
				return tmpl_call_fail(c, "decimal division by 0");
			return tmpl_call_fail(c, "Cannot create a Decimal from %s",
					      isnan(g) ? "NaN" : g < 0 ? "-Inf" : "+Inf");
		}
		dec_from_float(&y, g);
		if (op == DEC_ADD || op == DEC_SUB)
			dec_add(&acc, &y, op == DEC_SUB);
		else if (op == DEC_MUL)
			dec_mul(&acc, &y);
		else
			dec_div(&acc, &y);
		dec_free(&y);
	}
	*r = tmplfn_float(c, dec_to_float(&acc));
	dec_free(&acc);
	return 0;
}

/* addf: starts from 0, so addf with no arguments is 0. */
int tmplfn_fn_addf(struct tmpl_call *c, struct val **r)
{
	struct val zero = {.kind = VAL_FLOAT, .f = 0};
	return dec_fold(c, r, &zero, c->argv, c->argc, DEC_ADD);
}

int tmplfn_fn_add1f(struct tmpl_call *c, struct val **r)
{
	struct val one = {.kind = VAL_INT, .i = 1};
	struct val *rest[] = {&one};
	return dec_fold(c, r, c->argv[0], rest, 1, DEC_ADD);
}

int tmplfn_fn_subf(struct tmpl_call *c, struct val **r)
{
	return dec_fold(c, r, c->argv[0], c->argv + 1, c->argc - 1, DEC_SUB);
}

int tmplfn_fn_mulf(struct tmpl_call *c, struct val **r)
{
	return dec_fold(c, r, c->argv[0], c->argv + 1, c->argc - 1, DEC_MUL);
}

int tmplfn_fn_divf(struct tmpl_call *c, struct val **r)
{
	return dec_fold(c, r, c->argv[0], c->argv + 1, c->argc - 1, DEC_DIV);
}
