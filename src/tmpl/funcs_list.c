/* funcs_list.c - Sprig's lists and dicts: list dict get set unset hasKey
 * pluck keys values pick omit merge mergeOverwrite append prepend concat
 * first last rest initial reverse uniq without has compact slice
 * sortAlpha deepCopy dig until untilStep.
 *
 * Go maps are references: set, unset and merge change the map they are
 * given (and return it); the list functions build new lists. Functions
 * that take interface{} check the reflect kind and fail with Sprig's
 * text ("Cannot find first on type string"); a nil there is Go's nil
 * pointer panic. A nil map parameter arrives as null: it reads as empty,
 * and set on it is Go's "assignment to entry in nil map". Keys and values
 * come back in the maps' own order (Go's is random). */
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

#define TMPLFN_MAX_RANGE 10000000   /* until/untilStep items */

static int tmplfn_nil_deref(struct tmpl_call *c)
{
	return tmpl_call_fail(c, "runtime error: invalid memory address or nil pointer dereference");
}

/* The list argument of a reflect-based function: a slice, or Sprig's
 * error "Cannot <what> type <kind>". */
static int tmplfn_want_list(struct tmpl_call *c, const struct val *v, const char *what)
{
	if (v->kind == VAL_SEQ)
		return 0;
	if (v->kind == VAL_NULL)
		return tmplfn_nil_deref(c);
	return tmpl_call_fail(c, "Cannot %s type %s", what, tmplfn_kind_name(v));
}

static const char *tmplfn_key(struct tmpl_call *c, const struct val *s)
{
	return arena_strndup(c->arena, s->str.s, s->str.len);
}

/* ---- dicts ----------------------------------------------------------------- */

int tmplfn_fn_list(struct tmpl_call *c, struct val **r)
{
	struct val *l = tmplfn_list(c);
	for (size_t i = 0; i < c->argc; i++)
		val_seq_push(c->arena, l, c->argv[i]);
	*r = l;
	return 0;
}

/* dict k v k v...: keys through strval, a missing last value is "". */
int tmplfn_fn_dict(struct tmpl_call *c, struct val **r)
{
	struct val *d = tmplfn_map(c);
	for (size_t i = 0; i < c->argc; i += 2) {
		struct buf k = BUF_INIT;
		tmplfn_strval(&k, c->argv[i]);
		struct val *v = i + 1 < c->argc ? c->argv[i + 1] : tmplfn_str(c, "", 0);
		val_map_put(c->arena, d, tmplfn_buf_str(c, &k), v);
		buf_free(&k);
	}
	*r = d;
	return 0;
}

/* d[key], NULL when absent (or d is a nil map). */
static struct val *tmplfn_lookup(const struct val *d, const struct val *key)
{
	struct val_pair *p = d->kind == VAL_MAP ? val_map_find_val(d, key) : NULL;
	return p ? p->value : NULL;
}

int tmplfn_fn_get(struct tmpl_call *c, struct val **r)
{
	struct val *v = tmplfn_lookup(c->argv[0], c->argv[1]);
	*r = v ? v : tmplfn_str(c, "", 0);
	return 0;
}

int tmplfn_fn_set(struct tmpl_call *c, struct val **r)
{
	struct val *d = c->argv[0];
	if (d->kind != VAL_MAP)
		return tmpl_call_fail(c, "assignment to entry in nil map");
	val_map_put(c->arena, d, c->argv[1], c->argv[2]);
	*r = d;
	return 0;
}

int tmplfn_fn_unset(struct tmpl_call *c, struct val **r)
{
	struct val *d = c->argv[0];
	if (d->kind == VAL_MAP)
		val_map_del(d, tmplfn_key(c, c->argv[1]));
	*r = d->kind == VAL_MAP ? d : tmplfn_map(c);
	return 0;
}

int tmplfn_fn_haskey(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_lookup(c->argv[0], c->argv[1]) != NULL);
	return 0;
}

int tmplfn_fn_pluck(struct tmpl_call *c, struct val **r)
{
	struct val *out = tmplfn_list(c);
	for (size_t i = 1; i < c->argc; i++) {
		struct val *v = tmplfn_lookup(c->argv[i], c->argv[0]);
		if (v)
			val_seq_push(c->arena, out, v);
	}
	*r = out;
	return 0;
}

int tmplfn_fn_keys(struct tmpl_call *c, struct val **r)
{
	struct val *out = tmplfn_strings(c);
	for (size_t i = 0; i < c->argc; i++) {
		const struct val *d = c->argv[i];
		for (size_t k = 0; d->kind == VAL_MAP && k < d->map.n; k++)
			val_seq_push(c->arena, out, d->map.pairs[k].key);
	}
	*r = out;
	return 0;
}

int tmplfn_fn_values(struct tmpl_call *c, struct val **r)
{
	const struct val *d = c->argv[0];
	struct val *out = tmplfn_list(c);
	for (size_t k = 0; d->kind == VAL_MAP && k < d->map.n; k++)
		val_seq_push(c->arena, out, d->map.pairs[k].value);
	*r = out;
	return 0;
}

static bool tmplfn_among(struct tmpl_call *c, const struct val *key)
{
	for (size_t i = 1; i < c->argc; i++)
		if (val_equal(c->argv[i], key))
			return true;
	return false;
}

static int tmplfn_select(struct tmpl_call *c, struct val **r, bool keep)
{
	const struct val *d = c->argv[0];
	struct val *out = tmplfn_map(c);
	for (size_t k = 0; d->kind == VAL_MAP && k < d->map.n; k++)
		if (tmplfn_among(c, d->map.pairs[k].key) == keep)
			val_map_put(c->arena, out, d->map.pairs[k].key, d->map.pairs[k].value);
	*r = out;
	return 0;
}

int tmplfn_fn_pick(struct tmpl_call *c, struct val **r)
{
	return tmplfn_select(c, r, true);
}

int tmplfn_fn_omit(struct tmpl_call *c, struct val **r)
{
	return tmplfn_select(c, r, false);
}

/* ---- merge: mergo.Merge as Sprig calls it -----------------------------------
 * For each key of src, with d the dst value (if any) and s the src one:
 *   s nil          only with overwrite: dst gets nil
 *   s map, d map   merged recursively; kept unless it stays empty
 *   s list         overwrite, or d missing or empty: dst gets s
 *   otherwise      overwrite, or d missing or empty (nil "" 0 false, no
 *                  items): dst gets s
 * mergo shares the src value, it does not copy it. */
static void tmplfn_merge_into(struct tmpl_call *c, struct val *dst, const struct val *src,
			      bool overwrite)
{
	for (size_t i = 0; i < src->map.n; i++) {
		struct val *key = src->map.pairs[i].key, *s = src->map.pairs[i].value;
		struct val_pair *dp = val_map_find_val(dst, key);
		struct val *d = dp ? dp->value : NULL;
		if (s->kind == VAL_NULL) {
			if (overwrite)
				val_map_put(c->arena, dst, key, s);
			continue;
		}
		if (s->kind == VAL_MAP && d && d->kind == VAL_MAP) {
			tmplfn_merge_into(c, d, s, overwrite);
			if (d->map.n)
				continue;
		} else if (s->kind == VAL_SEQ && d && !tmplfn_empty(d) && !overwrite) {
			continue;
		}
		if (overwrite || !d || tmplfn_empty(d))
			val_map_put(c->arena, dst, key, s);
	}
}

static int tmplfn_merge(struct tmpl_call *c, struct val **r, bool overwrite)
{
	struct val *dst = c->argv[0];
	if (dst->kind != VAL_MAP) {
		/* a nil dst map: mergo makes one as soon as a src has keys */
		dst = tmplfn_map(c);
	}
	for (size_t i = 1; i < c->argc; i++)
		if (c->argv[i]->kind == VAL_MAP)
			tmplfn_merge_into(c, dst, c->argv[i], overwrite);
	*r = dst;
	return 0;
}

int tmplfn_fn_merge(struct tmpl_call *c, struct val **r)
{
	return tmplfn_merge(c, r, false);
}

int tmplfn_fn_mergeoverwrite(struct tmpl_call *c, struct val **r)
{
	return tmplfn_merge(c, r, true);
}

int tmplfn_fn_mustmerge(struct tmpl_call *c, struct val **r)
{
	return tmplfn_merge(c, r, false);
}

int tmplfn_fn_mustmergeoverwrite(struct tmpl_call *c, struct val **r)
{
	return tmplfn_merge(c, r, true);
}

/* ---- lists ------------------------------------------------------------------ */

/* Go's nil []interface{}: empty, but null in JSON and YAML. */
static struct val *tmplfn_nil_list(struct tmpl_call *c)
{
	struct val *l = tmplfn_list(c);
	l->tag = GOYAML_NIL;
	return l;
}

/* A new []interface{} of l's items [from, to). */
static struct val *tmplfn_sublist(struct tmpl_call *c, const struct val *l, size_t from,
				  size_t to)
{
	struct val *out = tmplfn_list(c);
	for (size_t i = from; i < to; i++)
		val_seq_push(c->arena, out, l->seq.items[i]);
	return out;
}

int tmplfn_fn_append(struct tmpl_call *c, struct val **r)
{
	if (tmplfn_want_list(c, c->argv[0], "push on"))
		return -1;
	struct val *out = tmplfn_sublist(c, c->argv[0], 0, c->argv[0]->seq.n);
	val_seq_push(c->arena, out, c->argv[1]);
	*r = out;
	return 0;
}

int tmplfn_fn_prepend(struct tmpl_call *c, struct val **r)
{
	if (tmplfn_want_list(c, c->argv[0], "prepend on"))
		return -1;
	struct val *out = tmplfn_list(c);
	val_seq_push(c->arena, out, c->argv[1]);
	for (size_t i = 0; i < c->argv[0]->seq.n; i++)
		val_seq_push(c->arena, out, c->argv[0]->seq.items[i]);
	*r = out;
	return 0;
}

int tmplfn_fn_concat(struct tmpl_call *c, struct val **r)
{
	struct val *out = tmplfn_list(c);
	for (size_t i = 0; i < c->argc; i++) {
		const struct val *l = c->argv[i];
		if (l->kind == VAL_NULL)
			return tmplfn_nil_deref(c);
		if (l->kind != VAL_SEQ)
			return tmpl_call_fail(c, "Cannot concat type %s as list", tmplfn_kind_name(l));
		for (size_t k = 0; k < l->seq.n; k++)
			val_seq_push(c->arena, out, l->seq.items[k]);
	}
	*r = out->seq.n ? out : tmplfn_nil_list(c);   /* nothing appended: nil */
	return 0;
}

static int tmplfn_end(struct tmpl_call *c, struct val **r, const char *what, bool last)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, what))
		return -1;
	*r = !l->seq.n ? tmplfn_null(c) : l->seq.items[last ? l->seq.n - 1 : 0];
	return 0;
}

int tmplfn_fn_first(struct tmpl_call *c, struct val **r)
{
	return tmplfn_end(c, r, "find first on", false);
}

int tmplfn_fn_last(struct tmpl_call *c, struct val **r)
{
	return tmplfn_end(c, r, "find last on", true);
}

static int tmplfn_all_but(struct tmpl_call *c, struct val **r, const char *what, bool head)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, what))
		return -1;
	*r = !l->seq.n ? tmplfn_nil_list(c) : head ? tmplfn_sublist(c, l, 1, l->seq.n)
						   : tmplfn_sublist(c, l, 0, l->seq.n - 1);
	return 0;
}

int tmplfn_fn_rest(struct tmpl_call *c, struct val **r)
{
	return tmplfn_all_but(c, r, "find rest on", true);
}

int tmplfn_fn_initial(struct tmpl_call *c, struct val **r)
{
	return tmplfn_all_but(c, r, "find initial on", false);
}

int tmplfn_fn_reverse(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, "find reverse on"))
		return -1;
	struct val *out = tmplfn_list(c);
	for (size_t i = l->seq.n; i-- > 0;)
		val_seq_push(c->arena, out, l->seq.items[i]);
	*r = out;
	return 0;
}

static bool tmplfn_in_list(struct val *const *items, size_t n, const struct val *v)
{
	for (size_t i = 0; i < n; i++)
		if (tmplfn_deep_equal(items[i], v))
			return true;
	return false;
}

int tmplfn_fn_uniq(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, "find uniq on"))
		return -1;
	struct val *out = tmplfn_list(c);
	for (size_t i = 0; i < l->seq.n; i++)
		if (!tmplfn_in_list(out->seq.items, out->seq.n, l->seq.items[i]))
			val_seq_push(c->arena, out, l->seq.items[i]);
	*r = out;
	return 0;
}

int tmplfn_fn_without(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, "find without on"))
		return -1;
	struct val *out = tmplfn_list(c);
	for (size_t i = 0; i < l->seq.n; i++)
		if (!tmplfn_in_list(c->argv + 1, c->argc - 1, l->seq.items[i]))
			val_seq_push(c->arena, out, l->seq.items[i]);
	*r = out;
	return 0;
}

int tmplfn_fn_has(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[1];
	if (l->kind == VAL_NULL) {
		*r = tmplfn_bool(c, false);
		return 0;
	}
	if (tmplfn_want_list(c, l, "find has on"))
		return -1;
	*r = tmplfn_bool(c, tmplfn_in_list(l->seq.items, l->seq.n, c->argv[0]));
	return 0;
}

int tmplfn_fn_compact(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	if (tmplfn_want_list(c, l, "compact on"))
		return -1;
	struct val *out = tmplfn_list(c);
	for (size_t i = 0; i < l->seq.n; i++)
		if (!tmplfn_empty(l->seq.items[i]))
			val_seq_push(c->arena, out, l->seq.items[i]);
	*r = out;
	return 0;
}

/* slice LIST [START [END]]: l[start:end] keeping the list's type. */
int tmplfn_fn_slice(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	if (l->kind == VAL_NULL)
		return tmplfn_nil_deref(c);
	if (l->kind != VAL_SEQ)
		return tmpl_call_fail(c, "list should be type of slice or array but %s",
				      tmplfn_kind_name(l));
	if (!l->seq.n) {
		*r = tmplfn_null(c);
		return 0;
	}
	int64_t start = c->argc > 1 ? tmplfn_to_int64(c->argv[1]) : 0;
	int64_t end = c->argc > 2 ? tmplfn_to_int64(c->argv[2]) : (int64_t)l->seq.n;
	if (start < 0 || end < start || end > (int64_t)l->seq.n)
		return tmpl_call_fail(c, "reflect.Value.Slice: slice index out of bounds");
	struct val *out = tmplfn_sublist(c, l, (size_t)start, (size_t)end);
	out->go = l->go;
	*r = out;
	return 0;
}

static int tmplfn_cmp_strs(const void *pa, const void *pb)
{
	const struct val *a = *(struct val *const *)pa, *b = *(struct val *const *)pb;
	size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
	int d = memcmp(a->str.s, b->str.s, n);
	return d ? d : (a->str.len > b->str.len) - (a->str.len < b->str.len);
}

/* sortAlpha: a list's strslice sorted by bytes; anything else becomes a
 * one-item list of its strval. */
int tmplfn_fn_sortalpha(struct tmpl_call *c, struct val **r)
{
	const struct val *l = c->argv[0];
	struct val *out = tmplfn_strings(c);
	if (l->kind == VAL_SEQ) {
		const struct val *s = tmplfn_strslice(c, l);
		for (size_t i = 0; i < s->seq.n; i++)
			val_seq_push(c->arena, out, s->seq.items[i]);
		if (out->seq.n > 1)
			qsort(out->seq.items, out->seq.n, sizeof *out->seq.items, tmplfn_cmp_strs);
	} else {
		struct buf b = BUF_INIT;
		tmplfn_strval(&b, l);
		val_seq_push(c->arena, out, tmplfn_buf_str(c, &b));
		buf_free(&b);
	}
	*r = out;
	return 0;
}

int tmplfn_fn_deepcopy(struct tmpl_call *c, struct val **r)
{
	if (c->argv[0]->kind == VAL_NULL)
		return tmpl_call_fail(c, "reflect: call of reflect.Value.Type on zero Value");
	*r = val_copy(c->arena, c->argv[0]);
	return 0;
}

/* Go's failed type assertion on an interface{}. */
static int tmplfn_conversion(struct tmpl_call *c, const struct val *v, const char *want)
{
	return tmpl_call_fail(c, "interface conversion: interface {} is %s, not %s",
			      v->kind == VAL_NULL ? "nil" : gofmt_type_name(v), want);
}

/* dig K1 K2... DEFAULT DICT: the value at the key path, or DEFAULT when
 * a key is missing. */
int tmplfn_fn_dig(struct tmpl_call *c, struct val **r)
{
	const char *map_type = "map[string]interface {}";
	if (c->argc < 3)
		return tmpl_call_fail(c, "dig needs at least three arguments");
	struct val *d = c->argv[c->argc - 1];
	if (d->kind != VAL_MAP)
		return tmplfn_conversion(c, d, map_type);
	for (size_t i = 0; i + 2 < c->argc; i++)
		if (c->argv[i]->kind != VAL_STR)
			return tmplfn_conversion(c, c->argv[i], "string");
	for (size_t i = 0; i + 2 < c->argc; i++) {
		struct val *step = tmplfn_lookup(d, c->argv[i]);
		if (!step) {
			*r = c->argv[c->argc - 2];
			return 0;
		}
		if (i + 3 == c->argc) {
			*r = step;
			return 0;
		}
		if (step->kind != VAL_MAP)
			return tmplfn_conversion(c, step, map_type);
		d = step;
	}
	*r = c->argv[c->argc - 2];
	return 0;
}

/* untilStep START STOP STEP: Go's []int, here a list of ints. */
static int tmplfn_range(struct tmpl_call *c, struct val **r, int64_t start, int64_t stop,
			int64_t step)
{
	struct val *out = tmplfn_list(c);
	bool down = stop < start;
	if ((down && step >= 0) || (!down && step <= 0)) {
		*r = out;
		return 0;
	}
	uint64_t span = down ? (uint64_t)start - (uint64_t)stop : (uint64_t)stop - (uint64_t)start;
	uint64_t mag = step < 0 ? (uint64_t)0 - (uint64_t)step : (uint64_t)step;
	if (span / mag > TMPLFN_MAX_RANGE)
		return tmpl_call_fail(c, "range of %llu items is too large",
				      (unsigned long long)(span / mag));
	for (int64_t i = start; down ? i > stop : i < stop; i += step) {
		val_seq_push(c->arena, out, tmplfn_int(c, i));
		if ((step > 0 && i > INT64_MAX - step) || (step < 0 && i < INT64_MIN - step))
			break;
	}
	*r = out;
	return 0;
}

int tmplfn_fn_until(struct tmpl_call *c, struct val **r)
{
	int64_t n = c->argv[0]->i;
	return tmplfn_range(c, r, 0, n, n < 0 ? -1 : 1);
}

int tmplfn_fn_untilstep(struct tmpl_call *c, struct val **r)
{
	return tmplfn_range(c, r, c->argv[0]->i, c->argv[1]->i, c->argv[2]->i);
}

/* chunk SIZE LIST: lists of SIZE items (the last one shorter). */
int tmplfn_fn_chunk(struct tmpl_call *c, struct val **r)
{
	int64_t size = c->argv[0]->i;
	const struct val *l = c->argv[1];
	if (tmplfn_want_list(c, l, "chunk"))
		return -1;
	if (size <= 0)   /* Go computes a negative or NaN chunk count */
		return tmpl_call_fail(c, "runtime error: makeslice: len out of range");
	struct val *out = tmplfn_list(c);
	for (size_t i = 0; i < l->seq.n; i += (size_t)size) {
		size_t end = l->seq.n - i < (size_t)size ? l->seq.n : i + (size_t)size;
		val_seq_push(c->arena, out, tmplfn_sublist(c, l, i, end));
	}
	*r = out;
	return 0;
}

static void tmplfn_seq_text(struct buf *out, int64_t start, int64_t stop, int64_t step)
{
	bool down = stop < start;
	if ((down && step >= 0) || (!down && step <= 0))
		return;
	for (int64_t i = start; down ? i > stop : i < stop; i += step) {
		buf_addf(out, "%s%lld", out->len ? " " : "", (long long)i);
		if ((step > 0 && i > INT64_MAX - step) || (step < 0 && i < INT64_MIN - step))
			break;
	}
}

/* seq [START [STEP]] END: like GNU seq, as one space-separated string. */
int tmplfn_fn_seq(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	int64_t a = c->argc > 0 ? c->argv[0]->i : 0, b = c->argc > 1 ? c->argv[1]->i : 0;
	int64_t z = c->argc > 2 ? c->argv[2]->i : 0;
	int64_t last = c->argc == 1 ? a : c->argc == 2 ? b : z;
	int64_t first = c->argc == 1 ? 1 : a, inc = first > last ? -1 : 1;
	int64_t step = c->argc == 3 ? b : inc;
	if (c->argc >= 1 && c->argc <= 3 && !(c->argc == 3 && first > last && step > 0)) {
		if ((uint64_t)(last > first ? last - first : first - last) / (uint64_t)(step ? (step < 0 ? -step : step) : 1) > TMPLFN_MAX_RANGE) {
			buf_free(&out);
			return tmpl_call_fail(c, "range is too large");
		}
		tmplfn_seq_text(&out, first, last + inc, step);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}
