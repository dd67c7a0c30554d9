/* json.h - JSON typing for the YAML loader.
 *
 * JSON is YAML, but its numbers are not YAML 1.1's (1e10 is a number, not
 * a string). Plugged into struct yload as the `plain` hook, this types
 * plain scalars by JSON's grammar: true, false, null, and numbers (an
 * integer that fits int64 is an int, any other number a float). Used for
 * JSON Schemas and JSON data files. */
#ifndef AGENTENV_JSON_H
#define AGENTENV_JSON_H

#include <stddef.h>

struct arena;
struct mark;
struct val;

struct val *yjson_plain(void *ctx, struct arena *a, const char *s, size_t n,
			const struct mark *m);

#endif
