/* funcs_math.c - Sprig's type and number functions: kindOf kindIs typeOf
 * typeIs typeIsLike deepEqual, int int64 float64 atoi toDecimal, and the
 * integer math add add1 sub mul div mod max min with maxf minf floor
 * ceil round.
 *
 * Sprig converts every operand with spf13/cast (tmplfn_to_int64, so
 * "3" is 3, 2.9 is 2 and a list is 0) and returns int64; arithmetic
 * wraps as Go's does, and dividing by zero is Go's runtime panic. */
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/buf.h"

#include <math.h>
#include <string.h>

/* ---- reflection ------------------------------------------------------------ */

static bool tmplfn_is(const struct val *name, const char *s)
{
	return name->str.len == strlen(s) && memcmp(name->str.s, s, name->str.len) == 0;
}

static const char *tmplfn_type_name(const struct val *v)
{
	return v->kind == VAL_NULL ? "<nil>" : gofmt_type_name(v);
}

int tmplfn_fn_kindof(struct tmpl_call *c, struct val **r)
{
	const char *k = tmplfn_kind_name(c->argv[0]);
	*r = tmplfn_str(c, k, strlen(k));
	return 0;
}

int tmplfn_fn_kindis(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_is(c->argv[0], tmplfn_kind_name(c->argv[1])));
	return 0;
}

int tmplfn_fn_typeof(struct tmpl_call *c, struct val **r)
{
	const char *t = tmplfn_type_name(c->argv[0]);
	*r = tmplfn_str(c, t, strlen(t));
	return 0;
}

int tmplfn_fn_typeis(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_is(c->argv[0], tmplfn_type_name(c->argv[1])));
	return 0;
}

/* typeIsLike T V: V's type is T or *T. */
int tmplfn_fn_typeislike(struct tmpl_call *c, struct val **r)
{
	const char *t = tmplfn_type_name(c->argv[1]);
	const struct val *want = c->argv[0];
	bool like = tmplfn_is(want, t) ||
		    (t[0] == '*' && want->str.len == strlen(t + 1) &&
		     memcmp(want->str.s, t + 1, want->str.len) == 0);
	*r = tmplfn_bool(c, like);
	return 0;
}

int tmplfn_fn_deepequal(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_deep_equal(c->argv[0], c->argv[1]));
	return 0;
}

/* ---- conversions ------------------------------------------------------------ */

int tmplfn_fn_int_(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_int(c, tmplfn_to_int64(c->argv[0]));
	return 0;
}

int tmplfn_fn_int64(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_int64(c, tmplfn_to_int64(c->argv[0]));
	return 0;
}

int tmplfn_fn_float64(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_float(c, tmplfn_to_float64(c->argv[0]));
	return 0;
}

/* atoi: strconv.Atoi with its error ignored: base 10 only, clamped when
 * out of range, 0 for anything else. */
int tmplfn_fn_atoi(struct tmpl_call *c, struct val **r)
{
	int64_t i;
	int rc = goyaml_parse_int(c->argv[0]->str.s, c->argv[0]->str.len, 10, &i);
	*r = tmplfn_int(c, rc == -1 ? 0 : i);
	return 0;
}

/* toDecimal: the %v text read as octal ("0777" and 777 are 511). */
int tmplfn_fn_todecimal(struct tmpl_call *c, struct val **r)
{
	struct buf b = BUF_INIT;
	int64_t i;
	gofmt_value(&b, c->argv[0]);
	if (goyaml_parse_int(b.p ? b.p : "", b.len, 8, &i) != 0)
		i = 0;
	buf_free(&b);
	*r = tmplfn_int64(c, i);
	return 0;
}

/* ---- int64 arithmetic ---------------------------------------------------- */

static int64_t tmplfn_wrap(uint64_t u)
{
	return (int64_t)u;   /* two's complement, as Go's int64 overflow */
}

int tmplfn_fn_add(struct tmpl_call *c, struct val **r)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < c->argc; i++)
		sum += (uint64_t)tmplfn_to_int64(c->argv[i]);
	*r = tmplfn_int64(c, tmplfn_wrap(sum));
	return 0;
}

int tmplfn_fn_add1(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_int64(c, tmplfn_wrap((uint64_t)tmplfn_to_int64(c->argv[0]) + 1));
	return 0;
}

int tmplfn_fn_sub(struct tmpl_call *c, struct val **r)
{
	uint64_t a = (uint64_t)tmplfn_to_int64(c->argv[0]);
	*r = tmplfn_int64(c, tmplfn_wrap(a - (uint64_t)tmplfn_to_int64(c->argv[1])));
	return 0;
}

int tmplfn_fn_mul(struct tmpl_call *c, struct val **r)
{
	uint64_t p = (uint64_t)tmplfn_to_int64(c->argv[0]);
	for (size_t i = 1; i < c->argc; i++)
		p *= (uint64_t)tmplfn_to_int64(c->argv[i]);
	*r = tmplfn_int64(c, tmplfn_wrap(p));
	return 0;
}

static int tmplfn_divide(struct tmpl_call *c, struct val **r, bool mod)
{
	int64_t a = tmplfn_to_int64(c->argv[0]), b = tmplfn_to_int64(c->argv[1]);
	if (b == 0)
		return tmpl_call_fail(c, "runtime error: integer divide by zero");
	if (b == -1)   /* Go: MinInt64 / -1 wraps to itself, % -1 is 0 */
		*r = tmplfn_int64(c, mod ? 0 : tmplfn_wrap(0 - (uint64_t)a));
	else
		*r = tmplfn_int64(c, mod ? a % b : a / b);
	return 0;
}

int tmplfn_fn_div(struct tmpl_call *c, struct val **r)
{
	return tmplfn_divide(c, r, false);
}

int tmplfn_fn_mod(struct tmpl_call *c, struct val **r)
{
	return tmplfn_divide(c, r, true);
}

static int tmplfn_extreme(struct tmpl_call *c, struct val **r, bool biggest)
{
	int64_t best = tmplfn_to_int64(c->argv[0]);
	for (size_t i = 1; i < c->argc; i++) {
		int64_t v = tmplfn_to_int64(c->argv[i]);
		if (biggest ? v > best : v < best)
			best = v;
	}
	*r = tmplfn_int64(c, best);
	return 0;
}

int tmplfn_fn_max(struct tmpl_call *c, struct val **r)
{
	return tmplfn_extreme(c, r, true);
}

int tmplfn_fn_min(struct tmpl_call *c, struct val **r)
{
	return tmplfn_extreme(c, r, false);
}

/* ---- float64 ------------------------------------------------------------- */

/* math.Max / math.Min: NaN wins, and +0 beats -0 (or the reverse). */
static double tmplfn_go_max(double a, double b, bool biggest)
{
	if (isnan(a) || isnan(b))
		return NAN;
	if (a == 0 && b == 0)
		return biggest ? (signbit(a) ? b : a) : (signbit(a) ? a : b);
	return biggest ? (a > b ? a : b) : (a < b ? a : b);
}

static int tmplfn_extremef(struct tmpl_call *c, struct val **r, bool biggest)
{
	double best = tmplfn_to_float64(c->argv[0]);
	for (size_t i = 1; i < c->argc; i++)
		best = tmplfn_go_max(best, tmplfn_to_float64(c->argv[i]), biggest);
	*r = tmplfn_float(c, best);
	return 0;
}

int tmplfn_fn_maxf(struct tmpl_call *c, struct val **r)
{
	return tmplfn_extremef(c, r, true);
}

int tmplfn_fn_minf(struct tmpl_call *c, struct val **r)
{
	return tmplfn_extremef(c, r, false);
}

int tmplfn_fn_floor(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_float(c, floor(tmplfn_to_float64(c->argv[0])));
	return 0;
}

int tmplfn_fn_ceil(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_float(c, ceil(tmplfn_to_float64(c->argv[0])));
	return 0;
}

/* Go's math.Pow(10, p) for an integer p: repeated squaring of the
 * mantissa, as Go computes it (it is not always pow()'s rounding). */
static double tmplfn_pow10(int64_t p)
{
	int xe, ae = 0;
	double a1 = 1.0, x1 = frexp(10.0, &xe);
	for (int64_t i = p < 0 ? -p : p; i != 0; i >>= 1) {
		if (xe < -(1 << 12) || (1 << 12) < xe) {
			ae += xe;
			break;
		}
		if (i & 1) {
			a1 *= x1;
			ae += xe;
		}
		x1 *= x1;
		xe <<= 1;
		if (x1 < .5) {
			x1 += x1;
			xe--;
		}
	}
	if (p < 0) {
		a1 = 1 / a1;
		ae = -ae;
	}
	return ldexp(a1, ae);
}

/* round V PLACES [ROUNDON]: Sprig's half-up rounding on the fraction of
 * v*10^places (0.5 unless given), so -2.5 rounds to -3. */
int tmplfn_fn_round(struct tmpl_call *c, struct val **r)
{
	double on = c->argc > 2 ? c->argv[2]->f : .5;
	double pow = tmplfn_pow10(c->argv[1]->i);
	double digit = pow * tmplfn_to_float64(c->argv[0]), whole;
	double frac = modf(digit, &whole);
	*r = tmplfn_float(c, (frac >= on ? ceil(digit) : floor(digit)) / pow);
	return 0;
}
