/* limits.c - resource limits: defaults and their environment variables,
 * read where a stage starts (not cached: no global state). */
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

/* The variable's value; 0 when unset or not a positive integer. */
static unsigned long long limit_env(enum limit l, const char **text)
{
	const char *s = *text = getenv(limit_table[l].var);
	if (!s || *s < '0' || *s > '9')
		return 0;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	return *end || errno ? 0 : v;
}

unsigned long long limit_get(enum limit l)
{
	const char *s;
	unsigned long long v = limit_env(l, &s);
	return v ? v : limit_table[l].def;
}

void limits_check(FILE *out)
{
	for (size_t l = 0; l < sizeof limit_table / sizeof limit_table[0]; l++) {
		const char *s;
		if (limit_env(l, &s) == 0 && s)
			fprintf(out, "agentenv: warning: %s=%s is not a positive integer; using "
				"%llu\n", limit_table[l].var, s, limit_table[l].def);
	}
}
