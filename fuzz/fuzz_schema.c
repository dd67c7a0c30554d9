/* fuzz_schema.c - libFuzzer harness: the JSON Schema validator.
 *
 * Input: a schema (JSON) and an instance (YAML), separated by a line
 * "----". Both modes of the validator run: collecting errors and only
 * asking; they must agree, and an invalid verdict must come with errors. */
#include "schema/schema.h"
#include "util/arena.h"
#include "util/diag.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct val *fuzz_parse(struct arena *a, struct yres *res, const char *s,
				    size_t n, bool json)
{
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default(),
			  .plain = json ? yjson_plain : NULL};
	y.limits.max_nodes = 20000;
	return yload_string(&y, s, n, "fuzz");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *sep = NULL;
	for (size_t i = 0; i + 5 <= size; i++)
		if (memcmp(s + i, "\n----", 5) == 0) {
			sep = s + i;
			break;
		}
	if (!sep)
		return 0;
	struct arena *a = arena_new();
	struct yres *res = yres_new();
	const struct val *schema = fuzz_parse(a, res, s, (size_t)(sep - s), true);
	const struct val *inst = fuzz_parse(a, res, sep + 5, size - (size_t)(sep + 5 - s), false);
	if (schema && inst) {
		struct schema_set *set = schema_set_new(a);
		schema_add(set, "fuzz.json", schema);
		struct schema_result r = {0};
		bool collected = schema_validate(set, "fuzz.json", inst, &r);
		bool asked = schema_validate(set, "fuzz.json", inst, NULL);
		if (collected != asked || (!collected && r.n == 0))
			abort();
		schema_set_free(set);
	}
	yres_free(res);
	arena_free(a);
	return 0;
}
