/* limits.c - resource limits: defaults and their environment variables.
 * Read where a stage starts (not cached: no global state). */
#include "util/limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const struct {
	const char *var;
	unsigned long long def;
} limit_table[] = {
	[LIMIT_INPUT_BYTES] = {"AGENTENV_MAX_INPUT_BYTES", 64ull << 20},
	[LIMIT_NESTING] = {"AGENTENV_MAX_NESTING", 1000},
	[LIMIT_NODES] = {"AGENTENV_MAX_NODES", 10000000},
	[LIMIT_DOCUMENTS] = {"AGENTENV_MAX_DOCUMENTS", 1000},
	[LIMIT_TEMPLATE_DEPTH] = {"AGENTENV_MAX_TEMPLATE_DEPTH", 1000},
	[LIMIT_STEPS] = {"AGENTENV_MAX_STEPS", 100000000},
	[LIMIT_OUTPUT_BYTES] = {"AGENTENV_MAX_OUTPUT_BYTES", 256ull << 20},
	[LIMIT_REGEX_STEPS] = {"AGENTENV_MAX_REGEX_STEPS", 100000000},
	[LIMIT_REGEX_DEPTH] = {"AGENTENV_MAX_REGEX_DEPTH", 100000},
};

const char *limit_var(enum limit l)
{
	return limit_table[l].var;
}

unsigned long long limit_get(enum limit l)
{
	const char *s = getenv(limit_table[l].var);
	if (!s || !*s)
		return limit_table[l].def;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno || v == 0 || *s == '-' || *s == '+') {
		fprintf(stderr, "agentenv: warning: %s=%s is not a positive integer; using "
			"%llu\n", limit_table[l].var, s, limit_table[l].def);
		return limit_table[l].def;
	}
	return v;
}
