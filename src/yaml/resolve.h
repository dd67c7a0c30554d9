/* resolve.h - YAML 1.1 implicit typing of plain scalars, as PyYAML does it.
 *
 * The reference converter reads compose files with PyYAML's SafeLoader, so a
 * plain `yes` is a boolean, `0o17` a string, `017` octal 15 and `1:30` the
 * sexagesimal integer 90. The same patterns tell the emitter which strings
 * must be quoted to survive a round trip. Patterns are PyYAML's own
 * (resolver.py), compiled once per struct yres with PCRE2. */
#ifndef AGENTENV_RESOLVE_H
#define AGENTENV_RESOLVE_H

#include <stddef.h>

struct arena;
struct mark;
struct val;
struct yres;

enum yres_type {
	YRES_STR, YRES_NULL, YRES_BOOL, YRES_INT, YRES_FLOAT,
	YRES_TIMESTAMP, YRES_MERGE, YRES_VALUE
};

struct yres *yres_new(void);
void yres_free(struct yres *r);

/* What PyYAML resolves this text to when written as a plain scalar. */
enum yres_type yres_plain_type(struct yres *r, const char *s, size_t n);

/* Build the value of a plain scalar: typed per YAML 1.1. Timestamps, merge
 * and value indicators stay strings (the caller handles `<<`). */
struct val *yres_plain_value(struct yres *r, struct arena *a, const char *s,
			     size_t n, const struct mark *m);

#endif
