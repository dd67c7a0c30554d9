/* limits.h - the resource limits of one run: their defaults, generous for
 * any real file, and the environment variable that replaces each one
 * (AGENTENV_MAX_NODES=50000000 ...). A message about a limit names the
 * limit and its variable, so the user knows how to raise it. */
#ifndef AGENTENV_LIMITS_H
#define AGENTENV_LIMITS_H

#include <stdio.h>

enum limit {
	LIMIT_INPUT_BYTES,      /* size of one YAML input */
	LIMIT_NESTING,          /* nesting of YAML sequences and mappings */
	LIMIT_NODES,            /* YAML nodes after alias expansion */
	LIMIT_DOCUMENTS,        /* documents in one values file */
	LIMIT_TEMPLATE_DEPTH,   /* nested template/include/tpl calls */
	LIMIT_STEPS,            /* template evaluation steps of one render */
	LIMIT_OUTPUT_BYTES,     /* bytes one template execution writes */
	LIMIT_REGEX_STEPS,      /* regex backtracking steps of one render or check */
	LIMIT_REGEX_DEPTH,      /* regex backtracking depth of one match */
};

/* The limit: its variable's value when that is a positive integer, else
 * the default. */
unsigned long long limit_get(enum limit l);
/* Warn about each variable set to something else (main, once a run). */
void limits_check(FILE *out);
/* Its environment variable, e.g. "AGENTENV_MAX_NODES". */
const char *limit_var(enum limit l);

#endif
