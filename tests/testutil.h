/* testutil.h - what the test runners share: running a program in a folder
 * with stdin from /dev/null and its output and exit status collected. */
#ifndef AGENTENV_TESTUTIL_H
#define AGENTENV_TESTUTIL_H

#include "util/buf.h"

#include <stdbool.h>

struct testutil_run {
	struct buf out, err;
	int status;            /* exit status; 128 + N after signal N */
};

struct testutil_opts {
	const char *dir;       /* run there (NULL: here) */
	char **envp;           /* the whole environment (NULL: ours) */
	const char *out_path;  /* stdout into this file instead of out */
	unsigned timeout;      /* seconds before SIGALRM ends it (0: none) */
	bool utc;              /* TZ=UTC (date functions) */
};

/* Run argv (argv[0] a path, or a name looked up in PATH). */
void testutil_run(char **argv, const struct testutil_opts *o, struct testutil_run *r);
void testutil_run_free(struct testutil_run *r);

#endif
