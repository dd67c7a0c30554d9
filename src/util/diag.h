/* diag.h - source marks and diagnostics.
 *
 * A mark says where a value came from (file, 1-based line and column). A
 * diag collects every message of a run in order, so a stage can report all
 * the problems of a file instead of stopping at the first; diag_flush()
 * prints them as `FILE:LINE:COL: LEVEL: TEXT`. */
#ifndef AGENTENV_DIAG_H
#define AGENTENV_DIAG_H

#include <stdbool.h>
#include <stdio.h>

struct arena;
struct buf;

struct mark {
	const char *file;   /* NULL: not from a file */
	int line, col;      /* 1-based; 0: unknown */
};

/* info: only with --verbose; note: a hint that follows another message. */
enum diag_level { DIAG_INFO, DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag_msg {
	enum diag_level level;
	struct mark mark;
	const char *text;
};

struct diag {
	struct arena *arena;
	struct diag_msg *msgs;
	size_t n, cap;
	int errors;
};

void diag_init(struct diag *d, struct arena *a);
void diag_report(struct diag *d, enum diag_level level, const struct mark *m,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define diag_error(d, m, ...) diag_report((d), DIAG_ERROR, (m), __VA_ARGS__)
#define diag_warn(d, m, ...) diag_report((d), DIAG_WARNING, (m), __VA_ARGS__)
#define diag_info(d, m, ...) diag_report((d), DIAG_INFO, (m), __VA_ARGS__)
#define diag_note(d, m, ...) diag_report((d), DIAG_NOTE, (m), __VA_ARGS__)

/* Print the collected messages (info ones only when verbose) and forget them. */
void diag_flush(struct diag *d, FILE *out, bool verbose);
/* Format one message the way diag_flush prints it (without newline). */
void diag_format(const struct diag_msg *m, struct buf *out);

#endif
