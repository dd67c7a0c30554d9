/* funcs_common.c - the function tables, and the rules several template
 * functions share: Sprig's strval and empty, spf13/cast's number
 * conversions, reflect.DeepEqual, Go kind names, value constructors.
 *
 * Relies on gofmt.h for fmt's %v (strval) and on goyaml.h for Go's
 * strconv parsing. */
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <math.h>
#include <string.h>

/* ---- the tables ----------------------------------------------------------- */

#define TMPLFN_ENTRY(name, id, sig) {name, tmplfn_fn_##id, sig},

static const struct tmpl_func tmplfn_sprig_table[] = {
	TMPLFN_SPRIG(TMPLFN_ENTRY)
	{NULL, NULL, NULL}
};

static const struct tmpl_func tmplfn_helm_table[] = {
	TMPLFN_HELM(TMPLFN_ENTRY)
	{NULL, NULL, NULL}
};

const struct tmpl_func *tmplfn_sprig(void)
{
	return tmplfn_sprig_table;
}

const struct tmpl_func *tmplfn_helm(void)
{
	return tmplfn_helm_table;
}

/* ---- constructors ------------------------------------------------------- */

struct val *tmplfn_str(struct tmpl_call *c, const char *s, size_t n)
{
	return val_strn(c->arena, s ? s : "", n, NULL);
}

struct val *tmplfn_buf_str(struct tmpl_call *c, const struct buf *b)
{
	return val_strn(c->arena, b->p ? b->p : "", b->len, NULL);
}

struct val *tmplfn_int(struct tmpl_call *c, int64_t i)
{
	return val_int(c->arena, i, NULL);
}

struct val *tmplfn_int64(struct tmpl_call *c, int64_t i)
{
	struct val *v = val_int(c->arena, i, NULL);
	v->go = VAL_GO_INT64;
	return v;
}

struct val *tmplfn_float(struct tmpl_call *c, double f)
{
	return val_float(c->arena, f, NULL);
}

struct val *tmplfn_bool(struct tmpl_call *c, bool b)
{
	return val_bool(c->arena, b, NULL);
}

struct val *tmplfn_null(struct tmpl_call *c)
{
	return val_null(c->arena, NULL);
}

struct val *tmplfn_list(struct tmpl_call *c)
{
	return val_seq(c->arena, NULL);
}

struct val *tmplfn_strings(struct tmpl_call *c)
{
	struct val *v = val_seq(c->arena, NULL);
	v->go = VAL_GO_STRINGS;
	return v;
}

struct val *tmplfn_map(struct tmpl_call *c)
{
	return val_map(c->arena, NULL);
}

/* ---- Sprig's strval, empty, strslice ---------------------------------- */

void tmplfn_strval(struct buf *out, const struct val *v)
{
	if (v->kind == VAL_STR)
		buf_add(out, v->str.s, v->str.len);
	else
		gofmt_value(out, v);
}

bool tmplfn_empty(const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: return true;
	case VAL_BOOL: return !v->b;
	case VAL_INT: return v->i == 0;
	case VAL_FLOAT: return v->f == 0;
	case VAL_STR: return v->str.len == 0;
	case VAL_SEQ: return v->seq.n == 0;
	case VAL_MAP: return v->map.n == 0;
	}
	return false;
}

struct val *tmplfn_strslice(struct tmpl_call *c, const struct val *v)
{
	struct val *out = tmplfn_strings(c);
	if (v->kind == VAL_NULL)
		return out;
	if (v->kind != VAL_SEQ) {
		struct buf b = BUF_INIT;
		tmplfn_strval(&b, v);
		val_seq_push(c->arena, out, tmplfn_buf_str(c, &b));
		buf_free(&b);
		return out;
	}
	if (v->go == VAL_GO_STRINGS)
		return (struct val *)v;
	for (size_t i = 0; i < v->seq.n; i++) {
		struct buf b = BUF_INIT;
		if (v->seq.items[i]->kind == VAL_NULL)
			continue;
		tmplfn_strval(&b, v->seq.items[i]);
		val_seq_push(c->arena, out, tmplfn_buf_str(c, &b));
		buf_free(&b);
	}
	return out;
}

/* ---- spf13/cast --------------------------------------------------------- */

/* cast's trimZeroDecimal: "1.0" and "1.00" lose their zero fraction,
 * "1." and "1.5" keep everything (and then fail to parse). */
static size_t tmplfn_trim_zero_decimal(const char *s, size_t n)
{
	bool zero = false;
	for (size_t i = n; i > 0; i--) {
		if (s[i - 1] == '.')
			return zero ? i - 1 : n;
		if (s[i - 1] != '0')
			return n;
		zero = true;
	}
	return n;
}

/* Go's int64(f) on amd64: out-of-range and NaN give the minimum. */
static int64_t tmplfn_float_to_int64(double f)
{
	if (isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)f;
}

int64_t tmplfn_to_int64(const struct val *v)
{
	int64_t i;
	switch (v->kind) {
	case VAL_INT:
		return v->i;
	case VAL_FLOAT:
		return tmplfn_float_to_int64(v->f);
	case VAL_BOOL:
		return v->b;
	case VAL_STR:
		if (goyaml_parse_int(v->str.s, tmplfn_trim_zero_decimal(v->str.s, v->str.len),
				     0, &i) == 0)
			return i;
		return 0;
	default:
		return 0;
	}
}

double tmplfn_to_float64(const struct val *v)
{
	double f;
	switch (v->kind) {
	case VAL_INT:
		return (double)v->i;
	case VAL_FLOAT:
		return v->f;
	case VAL_BOOL:
		return v->b;
	case VAL_STR:
		return goyaml_parse_float(v->str.s, v->str.len, &f) == 0 ? f : 0;
	default:
		return 0;
	}
}

/* ---- reflect ---------------------------------------------------------------- */

const char *tmplfn_kind_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: return "invalid";
	case VAL_BOOL: return "bool";
	case VAL_INT: return v->go == VAL_GO_INT64 ? "int64" : "int";
	case VAL_FLOAT: return "float64";
	case VAL_STR: return "string";
	case VAL_SEQ: return "slice";
	case VAL_MAP: return "map";
	}
	return "invalid";
}

static bool tmplfn_map_deep_equal(const struct val *a, const struct val *b)
{
	if (a->map.n != b->map.n)
		return false;
	for (size_t i = 0; i < a->map.n; i++) {
		struct val_pair *p = val_map_find_val(b, a->map.pairs[i].key);
		if (!p || !tmplfn_deep_equal(a->map.pairs[i].value, p->value))
			return false;
	}
	return true;
}

bool tmplfn_deep_equal(const struct val *a, const struct val *b)
{
	if (a->kind != b->kind || a->go != b->go)
		return false;
	switch (a->kind) {
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return a->b == b->b;
	case VAL_INT:
		return a->i == b->i;
	case VAL_FLOAT:
		return a->f == b->f;
	case VAL_STR:
		return a->str.len == b->str.len && memcmp(a->str.s, b->str.s, a->str.len) == 0;
	case VAL_SEQ:
		if (a->seq.n != b->seq.n)
			return false;
		for (size_t i = 0; i < a->seq.n; i++)
			if (!tmplfn_deep_equal(a->seq.items[i], b->seq.items[i]))
				return false;
		return true;
	case VAL_MAP:
		return tmplfn_map_deep_equal(a, b);
	}
	return false;
}


/* unicode.IsSpace. */
bool tmplfn_is_space(int32_t r)
{
	if (r < 0x100)
		return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
	       r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}
