/* fuzz_convert.c - libFuzzer harness: the whole convert pipeline.
 *
 * Any input as a compose file: load, validate against the Compose
 * Specification, convert (the reference's rules, then the key table in the
 * default and --lenient modes), write the values. Whatever happens must
 * end in output or in reported errors: a conversion that fails without an
 * error message aborts. */
#include "compose/convert.h"
#include "compose/validate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/emit.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct yres *res = yres_new();
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	y.limits.max_nodes = 100000;
	struct val *doc = yload_string(&y, (const char *)data, size, "compose.yaml");
	bool valid = doc && compose_validate(a, &d, doc, "compose.yaml");
	for (int mode = COMPOSE_MODE_DEFAULT; valid && mode <= COMPOSE_MODE_LENIENT; mode++) {
		struct compose_changes changes = {0};
		struct compose_convert_opts o = {.mode = (enum compose_mode)mode,
						 .project = "fuzz", .changes = &changes};
		diag_init(&d, a);
		struct val *values = compose_convert_mode(a, &d, doc, "compose.yaml", &o);
		if (!values && d.errors == 0)
			abort();
		if (values) {
			struct buf out = BUF_INIT;
			if (yemit_pyyaml(res, values, &out) != 0 && d.errors == 0)
				abort();
			buf_free(&out);
		}
	}
	yres_free(res);
	arena_free(a);
	return 0;
}
