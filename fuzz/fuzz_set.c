/* fuzz_set.c - libFuzzer harness: Helm's --set, --set-string, --set-json.
 *
 * Input: one flag argument, applied in each of the three modes to an empty
 * mapping. Failures must come with Helm's message. */
#include "helm/strvals.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *arg = arena_strndup(a, (const char *)data, size);
	if (strlen(arg) == size) {   /* a command-line argument holds no NUL */
		static const enum helm_set_kind kinds[] = {HELM_SET, HELM_SET_STRING, HELM_SET_JSON};
		for (size_t k = 0; k < 3; k++) {
			struct buf err = BUF_INIT;
			struct val *base = val_map(a, NULL);
			if (helm_strvals_apply(a, base, arg, kinds[k], &err) != 0 && err.len == 0)
				abort();
			buf_free(&err);
		}
	}
	arena_free(a);
	return 0;
}
