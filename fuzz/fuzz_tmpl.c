/* fuzz_tmpl.c - libFuzzer harness: the template engine with every function.
 *
 * Input: template text. It is parsed and executed with Helm's and Sprig's
 * functions against a small, varied dot (maps, lists, numbers, strings,
 * nil), under tight limits. Parse and execution errors are fine; crashes,
 * hangs, leaks and an error without a message are not. */
#include "tmpl/funcs.h"
#include "tmpl/tmpl.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>

static struct val *fuzz_dot(struct arena *a)
{
	struct val *dot = val_map(a, NULL), *values = val_map(a, NULL);
	struct val *list = val_seq(a, NULL), *nested = val_map(a, NULL);
	val_seq_push(a, list, val_str(a, "a", NULL));
	val_seq_push(a, list, val_float(a, 2.5, NULL));
	val_seq_push(a, list, val_null(a, NULL));
	val_map_set(a, nested, "k", val_str(a, "v\nw", NULL));
	val_map_set(a, nested, "n", val_float(a, 1e6, NULL));
	val_map_set(a, values, "name", val_str(a, "web", NULL));
	val_map_set(a, values, "port", val_float(a, 8080, NULL));
	val_map_set(a, values, "on", val_bool(a, true, NULL));
	val_map_set(a, values, "list", list);
	val_map_set(a, values, "map", nested);
	val_map_set(a, values, "nil", val_null(a, NULL));
	val_map_set(a, dot, "Values", values);
	return dot;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct tmpl_limits limits = {50, 200000, 1 << 20};
	struct tmpl_set *s = tmpl_set_new(a, &limits);
	tmpl_set_funcs(s, tmplfn_sprig());
	tmpl_set_funcs(s, tmplfn_helm());
	struct buf out = BUF_INIT, err = BUF_INIT;
	if (tmpl_parse(s, "fuzz.tpl", (const char *)data, size, &err) == 0) {
		if (tmpl_execute(s, "fuzz.tpl", fuzz_dot(a), &out, &err) != 0 && err.len == 0)
			abort();
	} else if (err.len == 0) {
		abort();
	}
	buf_free(&out);
	buf_free(&err);
	arena_free(a);
	return 0;
}
