/* value.c - construction, lookup and comparison of value trees. */
#include "yaml/value.h"
#include "util/arena.h"

#include <string.h>

struct val *val_new(struct arena *a, enum val_kind kind, const struct mark *m)
{
	struct val *v = arena_alloc(a, sizeof *v);
	v->kind = kind;
	if (m)
		v->mark = *m;
	return v;
}

struct val *val_null(struct arena *a, const struct mark *m)
{
	return val_new(a, VAL_NULL, m);
}

struct val *val_bool(struct arena *a, bool b, const struct mark *m)
{
	struct val *v = val_new(a, VAL_BOOL, m);
	v->b = b;
	return v;
}

struct val *val_int(struct arena *a, int64_t i, const struct mark *m)
{
	struct val *v = val_new(a, VAL_INT, m);
	v->i = i;
	return v;
}

struct val *val_float(struct arena *a, double f, const struct mark *m)
{
	struct val *v = val_new(a, VAL_FLOAT, m);
	v->f = f;
	return v;
}

struct val *val_strn(struct arena *a, const char *s, size_t n, const struct mark *m)
{
	struct val *v = val_new(a, VAL_STR, m);
	v->str.s = arena_strndup(a, s, n);
	v->str.len = n;
	return v;
}

struct val *val_str(struct arena *a, const char *s, const struct mark *m)
{
	return val_strn(a, s, strlen(s), m);
}

struct val *val_seq(struct arena *a, const struct mark *m)
{
	return val_new(a, VAL_SEQ, m);
}

struct val *val_map(struct arena *a, const struct mark *m)
{
	return val_new(a, VAL_MAP, m);
}

void val_seq_push(struct arena *a, struct val *seq, struct val *item)
{
	if (seq->seq.n == seq->seq.cap) {
		size_t cap = seq->seq.cap ? seq->seq.cap * 2 : 4;
		seq->seq.items = arena_grow(a, seq->seq.items,
					    seq->seq.n * sizeof(struct val *),
					    cap * sizeof(struct val *));
		seq->seq.cap = cap;
	}
	seq->seq.items[seq->seq.n++] = item;
}

bool val_is_str(const struct val *v, const char *s)
{
	return v && v->kind == VAL_STR && strlen(s) == v->str.len &&
	       memcmp(v->str.s, s, v->str.len) == 0;
}

/* ---- the hash index of big mappings ------------------------------------
 * Small maps are scanned; from VAL_INDEX_MIN pairs on, an open-addressing
 * table (at most half full) maps key hashes to pair positions. */

#define VAL_INDEX_MIN 16

static uint64_t val_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211u;
	return h;
}

static uint64_t val_hash_str(const char *s, size_t n)
{
	return val_hash_bytes(14695981039346656037u, s, n);
}

/* Keys equal under val_equal hash alike; strings hash as val_hash_str. */
static uint64_t val_hash_key(const struct val *k)
{
	uint64_t h = 14695981039346656037u ^ (uint64_t)k->kind;
	switch (k->kind) {
	case VAL_STR: return val_hash_str(k->str.s, k->str.len);
	case VAL_BOOL: return val_hash_bytes(h, &k->b, sizeof k->b);
	case VAL_INT: return val_hash_bytes(h, &k->i, sizeof k->i);
	case VAL_FLOAT: return val_hash_bytes(h, &k->f, sizeof k->f);
	default: return h;
	}
}

static void val_index_insert(struct val *map, uint64_t h, size_t pos)
{
	size_t mask = map->map.index_cap - 1;
	size_t i = h & mask;
	while (map->map.index[i])
		i = (i + 1) & mask;
	map->map.index[i] = (uint32_t)(pos + 1);
}

static void val_index_rebuild(struct arena *a, struct val *map)
{
	size_t cap = 64;
	while (cap < map->map.n * 2 + 2)
		cap *= 2;
	map->map.index = arena_alloc(a, cap * sizeof(uint32_t));
	map->map.index_cap = cap;
	for (size_t i = 0; i < map->map.n; i++)
		val_index_insert(map, val_hash_key(map->map.pairs[i].key), i);
}

typedef bool (*val_key_match)(const struct val *key, const void *want);

static struct val_pair *val_index_lookup(const struct val *map, uint64_t h,
					 val_key_match match, const void *want)
{
	size_t mask = map->map.index_cap - 1;
	for (size_t i = h & mask; map->map.index[i]; i = (i + 1) & mask) {
		struct val_pair *p = &map->map.pairs[map->map.index[i] - 1];
		if (match(p->key, want))
			return p;
	}
	return NULL;
}

static bool val_match_cstr(const struct val *key, const void *want)
{
	return val_is_str(key, want);
}

static bool val_match_val(const struct val *key, const void *want)
{
	return val_equal(key, want);
}

struct val_pair *val_map_find(const struct val *map, const char *key)
{
	if (!map || map->kind != VAL_MAP)
		return NULL;
	if (map->map.index_cap)
		return val_index_lookup(map, val_hash_str(key, strlen(key)),
					val_match_cstr, key);
	for (size_t i = 0; i < map->map.n; i++)
		if (val_is_str(map->map.pairs[i].key, key))
			return &map->map.pairs[i];
	return NULL;
}

struct val *val_map_get(const struct val *map, const char *key)
{
	struct val_pair *p = val_map_find(map, key);
	return p ? p->value : NULL;
}

struct val_pair *val_map_find_val(const struct val *map, const struct val *key)
{
	if (map->map.index_cap)
		return val_index_lookup(map, val_hash_key(key), val_match_val, key);
	for (size_t i = 0; i < map->map.n; i++)
		if (val_equal(map->map.pairs[i].key, key))
			return &map->map.pairs[i];
	return NULL;
}

void val_map_put(struct arena *a, struct val *map, struct val *key, struct val *value)
{
	struct val_pair *p = val_map_find_val(map, key);
	if (p) {
		p->value = value;
		return;
	}
	if (map->map.n == map->map.cap) {
		size_t cap = map->map.cap ? map->map.cap * 2 : 4;
		map->map.pairs = arena_grow(a, map->map.pairs,
					    map->map.n * sizeof(struct val_pair),
					    cap * sizeof(struct val_pair));
		map->map.cap = cap;
	}
	map->map.pairs[map->map.n++] = (struct val_pair){key, value};
	if (map->map.index_cap && map->map.n * 2 < map->map.index_cap)
		val_index_insert(map, val_hash_key(key), map->map.n - 1);
	else if (map->map.n >= VAL_INDEX_MIN)
		val_index_rebuild(a, map);
}

void val_map_set(struct arena *a, struct val *map, const char *key, struct val *value)
{
	struct val_pair *p = val_map_find(map, key);
	if (p) {
		p->value = value;
		return;
	}
	val_map_put(a, map, val_str(a, key, value ? &value->mark : NULL), value);
}

bool val_map_del(struct val *map, const char *key)
{
	struct val_pair *p = val_map_find(map, key);
	if (!p)
		return false;
	size_t i = (size_t)(p - map->map.pairs);
	memmove(p, p + 1, (map->map.n - i - 1) * sizeof *p);
	map->map.n--;
	map->map.index = NULL;   /* positions moved: scan until the next insert */
	map->map.index_cap = 0;
	return true;
}

static bool val_map_equal(const struct val *a, const struct val *b)
{
	if (a->map.n != b->map.n)
		return false;
	for (size_t i = 0; i < a->map.n; i++) {
		struct val_pair *p = val_map_find_val(b, a->map.pairs[i].key);
		if (!p || !val_equal(a->map.pairs[i].value, p->value))
			return false;
	}
	return true;
}

bool val_truthy(const struct val *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VAL_NULL: return false;
	case VAL_BOOL: return v->b;
	case VAL_INT: return v->i != 0;
	case VAL_FLOAT: return v->f != 0;
	case VAL_STR: return v->str.len > 0;
	case VAL_SEQ: return v->seq.n > 0;
	case VAL_MAP: return v->map.n > 0;
	}
	return false;
}

bool val_equal(const struct val *a, const struct val *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return a->b == b->b;
	case VAL_INT:
		return a->i == b->i;
	case VAL_FLOAT:
		return a->f == b->f || (a->f != a->f && b->f != b->f);
	case VAL_STR:
		return a->str.len == b->str.len &&
		       memcmp(a->str.s, b->str.s, a->str.len) == 0;
	case VAL_SEQ:
		if (a->seq.n != b->seq.n)
			return false;
		for (size_t i = 0; i < a->seq.n; i++)
			if (!val_equal(a->seq.items[i], b->seq.items[i]))
				return false;
		return true;
	case VAL_MAP:
		return val_map_equal(a, b);
	}
	return false;
}

struct val *val_copy(struct arena *a, const struct val *v)
{
	struct val *c = val_new(a, v->kind, &v->mark);
	c->tag = v->tag;
	c->go = v->go;
	switch (v->kind) {
	case VAL_SEQ:
		for (size_t i = 0; i < v->seq.n; i++)
			val_seq_push(a, c, val_copy(a, v->seq.items[i]));
		break;
	case VAL_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			val_map_put(a, c, val_copy(a, v->map.pairs[i].key),
				    val_copy(a, v->map.pairs[i].value));
		break;
	default:
		*c = *v;
		break;
	}
	return c;
}

const char *val_kind_name(enum val_kind kind)
{
	static const char *const names[] = {"null", "boolean", "integer", "number",
					    "string", "list", "mapping"};
	return names[kind];
}
