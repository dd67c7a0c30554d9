/* fuzz_pipeline.c - libFuzzer harness: compose text in, manifests out.
 *
 * Any input as a compose file goes the whole way `agentenv template`
 * takes it: load, validate against the Compose Specification, convert,
 * then render the built-in agent-env chart over the converted values
 * (values.schema.json check, every template, manifest splitting and
 * sorting). Whatever happens must end in manifests or in reported errors:
 * a stage that fails without a message aborts. */
#include "compose/convert.h"
#include "compose/validate.h"
#include "helm/helm.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>

/* Render the chart over the values; an error must say something. */
static void fuzz_render(struct arena *a, struct diag *d, struct val *values)
{
	struct strlist none = {0};
	struct helm_options o = {
		.base_values = values, .diag = d, .release = "release-name",
		.namespace = "default", .values_files = &none, .set = &none,
		.set_string = &none, .set_json = &none,
	};
	struct buf out = BUF_INIT, warn = BUF_INIT, err = BUF_INIT;
	int before = d->errors;
	int rc = helm_template(a, &o, &out, &warn, &err);
	if (rc != 0 && err.len == 0 && d->errors == before)
		abort();
	buf_free(&out);
	buf_free(&warn);
	buf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct yres *res = yres_new();
	struct diag d;
	diag_init(&d, a);
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = yload_limits_default()};
	y.limits.max_nodes = 100000;
	struct val *doc = yload_string(&y, (const char *)data, size, "compose.yaml");
	if (doc && compose_validate(a, &d, doc, "compose.yaml")) {
		struct val *values = compose_convert(a, &d, doc, "compose.yaml");
		if (!values && d.errors == 0)
			abort();
		if (values)
			fuzz_render(a, &d, values);
	}
	yres_free(res);
	arena_free(a);
	return 0;
}
