/* opts.h - table-driven command-line options, in the manner of git's
 * parse-options: each subcommand declares an array of struct opt ending in
 * OPT_END(), and the same table drives parsing and the usage text.
 *
 * Accepted forms: -o VALUE, -oVALUE, --output VALUE, --output=VALUE, flags,
 * `--` to end options, and `-` as a positional argument (stdin); a pair
 * option (OPT_PAIR) takes the next two arguments (--can A B). -h and
 * --help are built in. */
#ifndef AGENTENV_OPTS_H
#define AGENTENV_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct arena;

struct strlist {
	const char **items;
	size_t n, cap;
};

enum opt_type { OPT_TYPE_END, OPT_TYPE_FLAG, OPT_TYPE_STRING, OPT_TYPE_LIST, OPT_TYPE_PAIR };

struct opt {
	enum opt_type type;
	char short_name;          /* 0: none */
	const char *long_name;
	void *value;              /* bool *, const char **, struct strlist *,
				     const char *[2] (a pair: --opt A B) */
	const char *argh;         /* argument name in the usage, e.g. "FILE" */
	const char *help;
};

#define OPT_FLAG(s, l, v, h) {OPT_TYPE_FLAG, (s), (l), (v), NULL, (h)}
#define OPT_STRING(s, l, v, a, h) {OPT_TYPE_STRING, (s), (l), (v), (a), (h)}
#define OPT_LIST(s, l, v, a, h) {OPT_TYPE_LIST, (s), (l), (v), (a), (h)}
#define OPT_PAIR(s, l, v, a, h) {OPT_TYPE_PAIR, (s), (l), (v), (a), (h)}
#define OPT_END() {OPT_TYPE_END, 0, NULL, NULL, NULL, NULL}

enum opts_result { OPTS_OK, OPTS_HELP, OPTS_ERROR };

/* Parse argv[1..]; positional arguments are appended to `args`. On
 * OPTS_HELP the usage was printed to stdout; on OPTS_ERROR a message and
 * the usage went to stderr. */
enum opts_result opts_parse(struct arena *a, int argc, char **argv,
			    const char *const *usage, const struct opt *opts,
			    struct strlist *args);
void opts_usage(FILE *out, const char *const *usage, const struct opt *opts);
void strlist_push(struct arena *a, struct strlist *l, const char *s);

#endif
