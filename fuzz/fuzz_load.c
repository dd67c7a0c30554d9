/* fuzz_load.c - libFuzzer harness: the YAML loader and both emitters.
 *
 * Any input: load it as a compose file would be loaded (PyYAML typing,
 * bounded); if it loads, write it as YAML (PyYAML style) and as JSON, and
 * check the round trip property: the YAML we write loads back to the same
 * data. A failure aborts, so libFuzzer keeps the input. */
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/emit.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>

static struct val *fuzz_load(struct arena *a, struct yres *res, const char *s, size_t n)
{
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	y.limits.max_nodes = 100000;   /* keep each run short */
	return yload_string(&y, s, n, "fuzz.yaml");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct yres *res = yres_new();
	struct val *v = fuzz_load(a, res, (const char *)data, size);
	if (v) {
		struct buf yaml = BUF_INIT, json = BUF_INIT;
		yemit_json(v, &json);
		if (yemit_pyyaml(res, v, &yaml) == 0) {
			struct val *again = fuzz_load(a, res, buf_str(&yaml), yaml.len);
			if (!again || !val_equal(v, again))
				abort();
		}
		buf_free(&yaml);
		buf_free(&json);
	}
	yres_free(res);
	arena_free(a);
	return 0;
}
