/* fuzz_interp.c - libFuzzer harness: compose's ${VAR} interpolation.
 *
 * Input: a string with $-expressions, substituted with a few variables set
 * (one empty, one holding another template). A failure must say why. */
#include "compose/interp.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>

static void fuzz_unset(void *ctx, const char *name)
{
	(void)ctx, (void)name;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct val *env = val_map(a, NULL);
	val_map_set(a, env, "HOME", val_str(a, "/root", NULL));
	val_map_set(a, env, "EMPTY", val_str(a, "", NULL));
	val_map_set(a, env, "NESTED", val_str(a, "${HOME}", NULL));
	const struct val *layers[] = {env};
	struct compose_vars vars = {layers, 1};
	struct compose_subst s = {.a = a, .vars = &vars, .unset = fuzz_unset};
	struct buf out = BUF_INIT;
	if (!compose_subst(&s, (const char *)data, size, &out) && !s.error)
		abort();
	buf_free(&out);
	arena_free(a);
	return 0;
}
