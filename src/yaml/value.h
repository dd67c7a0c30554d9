/* value.h - the value model shared by every stage.
 *
 * A value is a tree node: null, bool, int, float, string, sequence or
 * ordered mapping, remembering where it came from (its mark). Loaders build
 * it, the converter and template engine read and build it, emitters write
 * it. All nodes live in an arena; a loaded document may share subtrees
 * (YAML aliases), so stages treat input trees as read-only and build new
 * trees for their output. */
#ifndef AGENTENV_VALUE_H
#define AGENTENV_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

struct arena;

enum val_kind { VAL_NULL, VAL_BOOL, VAL_INT, VAL_FLOAT, VAL_STR, VAL_SEQ, VAL_MAP };

struct val;

struct val_pair {
	struct val *key;     /* a scalar; almost always a string */
	struct val *value;
};

/* The Go type a template value has, where the kind alone does not say it
 * (typeOf, kindOf and a few conversions tell them apart). The default is
 * what Helm's values hold: int, float64, string, []interface {},
 * map[string]interface {}. */
enum val_go {
	VAL_GO_DEFAULT = 0,
	VAL_GO_INT64,        /* VAL_INT: int64 (sprig math, int64) */
	VAL_GO_STRINGS,      /* VAL_SEQ: []string (splitList, keys, toStrings...) */
};

struct val {
	enum val_kind kind;
	unsigned char go;    /* enum val_go */
	unsigned char aliased; /* a YAML alias refers to it: it may appear twice */
	struct mark mark;
	const char *tag;     /* a non-core tag as written (e.g. "!reset"), or NULL */
	union {
		bool b;
		int64_t i;
		double f;
		struct { const char *s; size_t len; } str;
		struct { struct val **items; size_t n, cap; } seq;
		struct {
			struct val_pair *pairs;
			size_t n, cap;
			uint32_t *index;    /* hash of key -> pair+1, for big maps */
			size_t index_cap;   /* 0: no index */
		} map;
	};
};

struct val *val_new(struct arena *a, enum val_kind kind, const struct mark *m);
struct val *val_null(struct arena *a, const struct mark *m);
struct val *val_bool(struct arena *a, bool b, const struct mark *m);
struct val *val_int(struct arena *a, int64_t i, const struct mark *m);
struct val *val_float(struct arena *a, double f, const struct mark *m);
struct val *val_str(struct arena *a, const char *s, const struct mark *m);
struct val *val_strn(struct arena *a, const char *s, size_t n, const struct mark *m);
struct val *val_seq(struct arena *a, const struct mark *m);
struct val *val_map(struct arena *a, const struct mark *m);

void val_seq_push(struct arena *a, struct val *seq, struct val *item);

/* Mapping access by string key. get returns NULL when absent. */
struct val *val_map_get(const struct val *map, const char *key);
struct val_pair *val_map_find(const struct val *map, const char *key);
/* Lookup by a key value (any scalar), as val_equal compares. */
struct val_pair *val_map_find_val(const struct val *map, const struct val *key);
/* Insert or replace; a new key is appended, a replaced key keeps its place. */
void val_map_set(struct arena *a, struct val *map, const char *key, struct val *value);
void val_map_put(struct arena *a, struct val *map, struct val *key, struct val *value);
/* Remove a key, keeping the order of the others; false when absent. */
bool val_map_del(struct val *map, const char *key);

bool val_is_str(const struct val *v, const char *s);
bool val_equal(const struct val *a, const struct val *b);
/* Python's truth (NULL, null, false, 0, and empty strings, lists and
 * mappings are false): what the reference converter tests. */
bool val_truthy(const struct val *v);
struct val *val_copy(struct arena *a, const struct val *v);
/* "null", "boolean", "integer", "number", "string", "list", "mapping" */
const char *val_kind_name(enum val_kind kind);

#endif
