/* merge.c - compose merge rules: one table of special paths, then the
 * generic rule (mappings merge, sequences append, scalars replace).
 *
 * The table follows compose-go's override package (mergeSpecials and the
 * unique keys of EnforceUnicity), with these choices where it differs
 * from the spec or does something we would not want in our output:
 *  - lists merged by a unique key are only de-duplicated where two files
 *    meet; the entries of one file are kept as written;
 *  - key/value lists (environment, labels...) stay lists when both sides
 *    are lists; otherwise the result is a mapping (`K=V` -> K: "V", a
 *    bare `K` -> K: null). compose-go always makes a list;
 *  - extra_hosts is merged like them, by host name (compose-go keeps
 *    every distinct `host=ip` entry);
 *  - a relative secret target is taken below /run/secrets, as the spec
 *    says, before comparing targets.
 * Relies on value.h; messages use the dotted path compose prints. */
#include "compose/merge.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <stdio.h>
#include <string.h>

#define MPATH_MAX 16

struct merger {
	struct compose_merge *m;
	const char *seg[MPATH_MAX];
	size_t depth;          /* may exceed MPATH_MAX: deeper segments are not kept */
};

typedef const char *(*mkey_fn)(struct merger *g, const struct val *item);

enum mrule { MR_DEFAULT, MR_REPLACE, MR_KV, MR_HOSTS, MR_UNIQUE, MR_LOGGING, MR_BUILD,
	     MR_DEPENDS, MR_NETWORKS };

struct mrule_def {
	const char *pattern;
	enum mrule rule;
	mkey_fn key;           /* MR_UNIQUE: an entry's unique key (NULL: none) */
	bool deep;             /* MR_UNIQUE: entries with one key merge, not replace */
};

bool compose_tagged(const struct val *v, const char *tag)
{
	return v && v->tag && strcmp(v->tag, tag) == 0;
}

/* ---- paths ------------------------------------------------------------------- */

static void mpath_push(struct merger *g, const char *seg)
{
	if (g->depth < MPATH_MAX)
		g->seg[g->depth] = seg;
	g->depth++;
}

static bool mpath_matches(const struct merger *g, const char *pat)
{
	if (g->depth > MPATH_MAX)
		return false;
	size_t i = 0;
	while (*pat) {
		const char *dot = strchr(pat, '.');
		size_t len = dot ? (size_t)(dot - pat) : strlen(pat);
		if (i >= g->depth)
			return false;
		bool any = len == 1 && *pat == '*';
		if (!any && (strlen(g->seg[i]) != len || memcmp(g->seg[i], pat, len) != 0))
			return false;
		i++;
		pat += len + (dot != NULL);
	}
	return i == g->depth;
}

static const char *mpath_text(struct merger *g)
{
	struct buf b = BUF_INIT;
	size_t n = g->depth < MPATH_MAX ? g->depth : MPATH_MAX;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "." : "", g->seg[i]);
	const char *s = arena_strdup(g->m->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The text of a scalar (keys, unique keys); NULL for anything else. */
static const char *mtext(struct merger *g, const struct val *v)
{
	if (!v)
		return NULL;
	switch (v->kind) {
	case VAL_STR: return arena_strndup(g->m->a, v->str.s, v->str.len);
	case VAL_INT: return arena_printf(g->m->a, "%lld", (long long)v->i);
	case VAL_FLOAT: return arena_printf(g->m->a, "%g", v->f);
	case VAL_BOOL: return v->b ? "true" : "false";
	default: return NULL;
	}
}

/* ---- unique keys ------------------------------------------------------------- */

static const char *key_text(struct merger *g, const struct val *item)
{
	return mtext(g, item);
}

/* `KEY=value` lists: the part before `=`. */
static const char *key_kv(struct merger *g, const struct val *item)
{
	const char *s = mtext(g, item);
	const char *eq = s ? strchr(s, '=') : NULL;
	return eq ? arena_strndup(g->m->a, s, (size_t)(eq - s)) : s;
}

static const char *key_field(struct merger *g, const struct val *item, const char *field)
{
	return item->kind == VAL_MAP ? mtext(g, val_map_get(item, field)) : NULL;
}

static const char *key_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* A short port: [[HOST:]PUBLISHED:]TARGET[/PROTOCOL], HOST maybe [IPv6]. */
static const char *key_short_port(struct merger *g, const char *s)
{
	struct arena *a = g->m->a;
	const char *slash = strrchr(s, '/');
	const char *proto = slash ? slash + 1 : "tcp";
	char *spec = arena_strndup(a, s, slash ? (size_t)(slash - s) : strlen(s));
	const char *host = "0.0.0.0", *published = "";
	if (spec[0] == '[' && strchr(spec, ']')) {
		char *close = strchr(spec, ']');
		host = arena_strndup(a, spec + 1, (size_t)(close - spec - 1));
		spec = close + 1 + (close[1] == ':');
	}
	char *last = strrchr(spec, ':');
	const char *target = last ? last + 1 : spec;
	if (last) {
		*last = '\0';
		char *prev = strrchr(spec, ':');
		published = prev ? prev + 1 : spec;
		if (prev) {
			*prev = '\0';
			host = spec;
		}
	}
	return arena_printf(a, "%s:%s:%s/%s", host, published, target, proto);
}

static const char *key_port(struct merger *g, const struct val *item)
{
	if (item->kind != VAL_MAP) {
		const char *s = mtext(g, item);
		return s ? key_short_port(g, s) : NULL;
	}
	return arena_printf(g->m->a, "%s:%s:%s/%s",
			    key_or(key_field(g, item, "host_ip"), "0.0.0.0"),
			    key_or(key_field(g, item, "published"), ""),
			    key_or(key_field(g, item, "target"), ""),
			    key_or(key_field(g, item, "protocol"), "tcp"));
}

/* SOURCE:TARGET[:MODE] or TARGET alone: the target. */
static const char *key_volume(struct merger *g, const struct val *item)
{
	if (item->kind == VAL_MAP)
		return key_field(g, item, "target");
	const char *s = mtext(g, item);
	const char *colon = s ? strchr(s, ':') : NULL;
	if (!colon)
		return s;
	const char *end = strchr(colon + 1, ':');
	return arena_strndup(g->m->a, colon + 1, end ? (size_t)(end - colon - 1)
						     : strlen(colon + 1));
}

static const char *key_mount(struct merger *g, const struct val *item, const char *dir)
{
	const char *target = key_field(g, item, "target");
	const char *source = item->kind == VAL_MAP ? key_field(g, item, "source") : mtext(g, item);
	if (target && (target[0] == '/' || !*dir))
		return target;
	return arena_printf(g->m->a, "%s/%s", dir, target ? target : key_or(source, ""));
}

static const char *key_secret(struct merger *g, const struct val *item)
{
	return key_mount(g, item, "/run/secrets");
}

static const char *key_config(struct merger *g, const struct val *item)
{
	return key_mount(g, item, "");
}

static const char *key_env_file(struct merger *g, const struct val *item)
{
	return item->kind == VAL_MAP ? key_field(g, item, "path") : mtext(g, item);
}

static const char *key_subnet(struct merger *g, const struct val *item)
{
	return key_field(g, item, "subnet");
}

static const struct mrule_def merge_rules[] = {
	{"services.*.command", MR_REPLACE, NULL, false},
	{"services.*.entrypoint", MR_REPLACE, NULL, false},
	{"services.*.healthcheck.test", MR_REPLACE, NULL, false},
	{"services.*.ulimits.*", MR_REPLACE, NULL, false},
	{"services.*.environment", MR_KV, NULL, false},
	{"services.*.labels", MR_KV, NULL, false},
	{"services.*.annotations", MR_KV, NULL, false},
	{"services.*.sysctls", MR_KV, NULL, false},
	{"services.*.build.args", MR_KV, NULL, false},
	{"services.*.build.labels", MR_KV, NULL, false},
	{"services.*.build.additional_contexts", MR_KV, NULL, false},
	{"services.*.deploy.labels", MR_KV, NULL, false},
	{"networks.*.labels", MR_KV, NULL, false},
	{"volumes.*.labels", MR_KV, NULL, false},
	{"secrets.*.labels", MR_KV, NULL, false},
	{"configs.*.labels", MR_KV, NULL, false},
	{"services.*.extra_hosts", MR_HOSTS, NULL, false},
	{"services.*.build.extra_hosts", MR_HOSTS, NULL, false},
	{"services.*.ports", MR_UNIQUE, key_port, false},
	{"services.*.volumes", MR_UNIQUE, key_volume, false},
	{"services.*.devices", MR_UNIQUE, key_volume, false},
	{"services.*.secrets", MR_UNIQUE, key_secret, false},
	{"services.*.configs", MR_UNIQUE, key_config, false},
	{"services.*.expose", MR_UNIQUE, key_text, false},
	{"services.*.env_file", MR_UNIQUE, key_env_file, false},
	{"services.*.dns", MR_UNIQUE, key_kv, false},
	{"services.*.dns_opt", MR_UNIQUE, key_kv, false},
	{"services.*.dns_search", MR_UNIQUE, key_kv, false},
	{"services.*.tmpfs", MR_UNIQUE, key_kv, false},
	{"services.*.cap_add", MR_UNIQUE, key_kv, false},
	{"services.*.cap_drop", MR_UNIQUE, key_kv, false},
	{"services.*.links", MR_UNIQUE, key_kv, false},
	{"services.*.profiles", MR_UNIQUE, key_kv, false},
	{"services.*.build.tags", MR_UNIQUE, key_kv, false},
	{"services.*.networks.*.aliases", MR_UNIQUE, key_kv, false},
	{"services.*.networks.*.link_local_ips", MR_UNIQUE, key_kv, false},
	{"networks.*.ipam.config", MR_UNIQUE, key_subnet, true},
	{"services.*.logging", MR_LOGGING, NULL, false},
	{"services.*.build", MR_BUILD, NULL, false},
	{"services.*.depends_on", MR_DEPENDS, NULL, false},
	{"services.*.networks", MR_NETWORKS, NULL, false},
};

static const struct mrule_def *merge_rule(const struct merger *g)
{
	if (g->depth < 2 || g->depth > 5)
		return NULL;
	for (size_t i = 0; i < sizeof merge_rules / sizeof merge_rules[0]; i++)
		if (mpath_matches(g, merge_rules[i].pattern))
			return &merge_rules[i];
	return NULL;
}

/* ---- !reset ------------------------------------------------------------------ */

/* Results of stripping are remembered per node (a node unchanged maps to
 * itself): aliases share subtrees, and a shared subtree is walked once. */
static struct val *strip_copy(struct compose_merge *m, struct val *v);

static struct val *strip_children(struct compose_merge *m, struct val *v)
{
	struct val *c = NULL;
	size_t n = v->kind == VAL_SEQ ? v->seq.n : v->kind == VAL_MAP ? v->map.n : 0;
	for (size_t i = 0; i < n; i++) {
		struct val *child = v->kind == VAL_SEQ ? v->seq.items[i] : v->map.pairs[i].value;
		struct val *s = strip_copy(m, child);
		if (s != child && !c) {
			c = val_new(m->a, v->kind, &v->mark);
			for (size_t k = 0; k < i; k++)
				if (v->kind == VAL_SEQ)
					val_seq_push(m->a, c, v->seq.items[k]);
				else
					val_map_put(m->a, c, v->map.pairs[k].key, v->map.pairs[k].value);
		}
		if (c && s && v->kind == VAL_SEQ)
			val_seq_push(m->a, c, s);
		else if (c && s)
			val_map_put(m->a, c, v->map.pairs[i].key, s);
	}
	return c ? c : v;
}

static struct val *strip_copy(struct compose_merge *m, struct val *v)
{
	if (compose_tagged(v, "!reset"))
		return NULL;
	if (v->kind != VAL_SEQ && v->kind != VAL_MAP)
		return v;
	struct val *done = ptrmap_get(&m->stripped, v);
	if (done)
		return done;
	struct val *r = strip_children(m, v);
	ptrmap_put(m->a, &m->stripped, v, r);
	return r;
}

struct val *compose_merge_strip(struct compose_merge *m, struct val *v)
{
	return strip_copy(m, v);
}

static struct val *mstrip(struct merger *g, struct val *v)
{
	return strip_copy(g->m, v);
}

/* ---- building results ------------------------------------------------------ */

static struct val *merge_node(struct merger *g, struct val *base, struct val *over);
static struct val *merge_generic(struct merger *g, struct val *base, struct val *over);

static struct val *merge_mismatch(struct merger *g, struct val *base, struct val *over)
{
	const char *path = mpath_text(g);
	diag_error(g->m->d, &over->mark, "cannot override %s: the %s at %s:%d:%d cannot be "
		   "merged with a %s", *path ? path : "(document)", val_kind_name(base->kind),
		   base->mark.file ? base->mark.file : "?", base->mark.line, base->mark.col,
		   val_kind_name(over->kind));
	g->m->failed = true;
	return base;
}

static struct val *map_copy(struct arena *a, const struct val *v)
{
	struct val *c = val_map(a, &v->mark);
	for (size_t i = 0; i < v->map.n; i++)
		val_map_put(a, c, v->map.pairs[i].key, v->map.pairs[i].value);
	return c;
}

static void map_remove(struct val *map, const struct val *key)
{
	struct val_pair *p = val_map_find_val(map, key);
	if (!p)
		return;
	size_t i = (size_t)(p - map->map.pairs);
	memmove(p, p + 1, (map->map.n - i - 1) * sizeof *p);
	map->map.n--;
	map->map.index = NULL;
	map->map.index_cap = 0;
}

static struct val *merge_maps(struct merger *g, struct val *base, struct val *over)
{
	struct val *res = map_copy(g->m->a, base);
	for (size_t i = 0; i < over->map.n; i++) {
		struct val *key = over->map.pairs[i].key, *value = over->map.pairs[i].value;
		if (compose_tagged(value, "!reset")) {
			map_remove(res, key);
			continue;
		}
		struct val_pair *p = val_map_find_val(res, key);
		if (!p) {
			val_map_put(g->m->a, res, key, mstrip(g, value));
			continue;
		}
		const char *seg = mtext(g, key);
		mpath_push(g, seg ? seg : "?");
		p->value = merge_node(g, p->value, value);
		g->depth--;
	}
	return res;
}

static struct val *merge_append(struct merger *g, struct val *base, struct val *over)
{
	struct val *res = val_seq(g->m->a, &base->mark);
	for (size_t i = 0; i < base->seq.n; i++)
		val_seq_push(g->m->a, res, base->seq.items[i]);
	for (size_t i = 0; i < over->seq.n; i++) {
		struct val *item = mstrip(g, over->seq.items[i]);
		if (item)
			val_seq_push(g->m->a, res, item);
	}
	return res;
}

/* ---- key/value lists and mappings ------------------------------------------- */

/* Where an entry's name ends: `=`, or for extra_hosts `=` else `:`. */
static const char *kv_sep(const struct val *item, bool hosts)
{
	if (item->kind != VAL_STR)
		return NULL;
	const char *s = item->str.s, *end = s + item->str.len;
	const char *eq = memchr(s, '=', item->str.len);
	return eq ? eq : hosts ? memchr(s, ':', (size_t)(end - s)) : NULL;
}

static const char *kv_name(struct merger *g, const struct val *item, bool hosts)
{
	const char *sep = kv_sep(item, hosts);
	return sep ? arena_strndup(g->m->a, item->str.s, (size_t)(sep - item->str.s))
		   : mtext(g, item);
}

/* A list entry as a mapping pair: K=V -> K: "V", a bare K -> K: null. */
static void kv_put_item(struct merger *g, struct val *map, struct val *item, bool hosts)
{
	struct arena *a = g->m->a;
	const char *sep = kv_sep(item, hosts);
	if (!sep) {
		val_map_put(a, map, item, val_null(a, &item->mark));
		return;
	}
	size_t klen = (size_t)(sep - item->str.s);
	val_map_put(a, map, val_strn(a, item->str.s, klen, &item->mark),
		    val_strn(a, sep + 1, item->str.len - klen - 1, &item->mark));
}

static struct val *kv_to_map(struct merger *g, struct val *v, bool hosts)
{
	if (v->kind == VAL_MAP)
		return map_copy(g->m->a, v);
	struct val *map = val_map(g->m->a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++)
		kv_put_item(g, map, v->seq.items[i], hosts);
	return map;
}

/* Index of a list's entries by unique key (a mapping of key -> position). */
static void kv_index(struct merger *g, struct val *index, const char *key, size_t pos)
{
	if (key)
		val_map_set(g->m->a, index, key, val_int(g->m->a, (int64_t)pos, NULL));
}

typedef const char *(*mname_fn)(struct merger *g, const struct val *item, const void *ctx);

/* Entries of over replace the base entry of the same key in its place, or
 * are appended. deep: mapping entries of one key are merged instead. */
static struct val *merge_keyed_lists(struct merger *g, struct val *base, struct val *over,
				     mname_fn name, const void *ctx, bool deep)
{
	struct arena *a = g->m->a;
	struct val *res = val_seq(a, &base->mark), *index = val_map(a, NULL);
	for (size_t i = 0; i < base->seq.n; i++) {
		val_seq_push(a, res, base->seq.items[i]);
		const char *key = name(g, base->seq.items[i], ctx);
		if (key && !val_map_get(index, key))
			kv_index(g, index, key, i);
	}
	for (size_t i = 0; i < over->seq.n; i++) {
		struct val *item = mstrip(g, over->seq.items[i]);
		if (!item)
			continue;
		const char *key = name(g, over->seq.items[i], ctx);
		struct val *at = key ? val_map_get(index, key) : NULL;
		if (!at) {
			kv_index(g, index, key, res->seq.n);
			val_seq_push(a, res, item);
			continue;
		}
		struct val **slot = &res->seq.items[at->i];
		bool maps = (*slot)->kind == VAL_MAP && item->kind == VAL_MAP;
		*slot = deep && maps ? merge_maps(g, *slot, item) : item;
	}
	return res;
}

static const char *kv_name_fn(struct merger *g, const struct val *item, const void *ctx)
{
	return kv_name(g, item, *(const bool *)ctx);
}

/* ctx: the rule, whose key function names entries. */
static const char *unique_name_fn(struct merger *g, const struct val *item, const void *ctx)
{
	return ((const struct mrule_def *)ctx)->key(g, item);
}

static bool is_map_or_seq(const struct val *v)
{
	return v->kind == VAL_MAP || v->kind == VAL_SEQ;
}

/* Lists of KEY=VALUE hold scalars; anything else merges generically. */
static bool kv_shaped(const struct val *v)
{
	if (v->kind == VAL_MAP)
		return true;
	if (v->kind != VAL_SEQ)
		return false;
	for (size_t i = 0; i < v->seq.n; i++)
		if (is_map_or_seq(v->seq.items[i]))
			return false;
	return true;
}

static struct val *merge_kv(struct merger *g, struct val *base, struct val *over, bool hosts)
{
	if (!kv_shaped(base) || !kv_shaped(over))
		return merge_generic(g, base, over);
	if (base->kind == VAL_SEQ && over->kind == VAL_SEQ)
		return merge_keyed_lists(g, base, over, kv_name_fn, &hosts, false);
	struct val *res = kv_to_map(g, base, hosts);
	if (over->kind == VAL_SEQ) {
		for (size_t i = 0; i < over->seq.n; i++)
			if (!compose_tagged(over->seq.items[i], "!reset"))
				kv_put_item(g, res, mstrip(g, over->seq.items[i]), hosts);
		return res;
	}
	for (size_t i = 0; i < over->map.n; i++) {
		struct val *key = over->map.pairs[i].key, *value = over->map.pairs[i].value;
		if (compose_tagged(value, "!reset"))
			map_remove(res, key);
		else
			val_map_put(g->m->a, res, key, mstrip(g, value));
	}
	return res;
}

/* ---- lists with unique keys, and the other special cases ---------------------- */

/* dns: 8.8.8.8 and env_file: .env are lists of one. */
static struct val *as_list(struct merger *g, struct val *v)
{
	if (v->kind == VAL_SEQ || v->kind == VAL_MAP)
		return v;
	struct val *list = val_seq(g->m->a, &v->mark);
	val_seq_push(g->m->a, list, v);
	return list;
}

static struct val *merge_unique(struct merger *g, struct val *base, struct val *over,
				const struct mrule_def *r)
{
	base = as_list(g, base);
	over = as_list(g, over);
	if (base->kind != VAL_SEQ || over->kind != VAL_SEQ)
		return merge_mismatch(g, base, over);
	return merge_keyed_lists(g, base, over, unique_name_fn, r, r->deep);
}

/* A list of names as a mapping: each name -> a copy of `with` (or null). */
static struct val *names_to_map(struct merger *g, struct val *v, bool depends)
{
	struct arena *a = g->m->a;
	if (v->kind != VAL_SEQ)
		return v;
	struct val *map = val_map(a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *item = v->seq.items[i], *value = val_null(a, &item->mark);
		if (depends) {
			value = val_map(a, &item->mark);
			val_map_set(a, value, "condition", val_str(a, "service_started", &item->mark));
			val_map_set(a, value, "required", val_bool(a, true, &item->mark));
		}
		val_map_put(a, map, item, value);
	}
	return map;
}

static struct val *merge_names(struct merger *g, struct val *base, struct val *over,
			       bool depends)
{
	static const struct mrule_def by_name = {NULL, MR_UNIQUE, key_text, false};
	if (base->kind == VAL_SEQ && over->kind == VAL_SEQ)
		return merge_keyed_lists(g, base, over, unique_name_fn, &by_name, false);
	base = names_to_map(g, base, depends);
	over = names_to_map(g, over, depends);
	if (base->kind != VAL_MAP || over->kind != VAL_MAP)
		return merge_mismatch(g, base, over);
	return merge_maps(g, base, over);
}

/* build: DIR is build: {context: DIR}, unless both sides are strings. */
static struct val *merge_build(struct merger *g, struct val *base, struct val *over)
{
	if (base->kind == VAL_STR && over->kind == VAL_STR)
		return mstrip(g, over);
	struct val *sides[2] = {base, over};
	for (int i = 0; i < 2; i++)
		if (sides[i]->kind == VAL_STR) {
			struct val *m = val_map(g->m->a, &sides[i]->mark);
			val_map_set(g->m->a, m, "context", sides[i]);
			sides[i] = m;
		}
	if (sides[0]->kind != VAL_MAP || sides[1]->kind != VAL_MAP)
		return merge_mismatch(g, base, over);
	return merge_maps(g, sides[0], sides[1]);
}

/* logging options merge only when the driver stays the same. */
static struct val *merge_logging(struct merger *g, struct val *base, struct val *over)
{
	if (base->kind != VAL_MAP || over->kind != VAL_MAP)
		return base->kind == VAL_MAP ? merge_mismatch(g, base, over) : mstrip(g, over);
	struct val *d1 = val_map_get(base, "driver"), *d2 = val_map_get(over, "driver");
	if (d1 && d2 && !val_equal(d1, d2))
		return mstrip(g, over);
	return merge_maps(g, base, over);
}

static struct val *merge_generic(struct merger *g, struct val *base, struct val *over)
{
	if (base->kind == VAL_MAP)
		return over->kind == VAL_MAP ? merge_maps(g, base, over)
					     : merge_mismatch(g, base, over);
	if (base->kind == VAL_SEQ)
		return over->kind == VAL_SEQ ? merge_append(g, base, over)
					     : merge_mismatch(g, base, over);
	return mstrip(g, over);
}

static struct val *merge_node(struct merger *g, struct val *base, struct val *over)
{
	const struct mrule_def *r = merge_rule(g);
	if (compose_tagged(over, "!override") || (r && r->rule == MR_REPLACE))
		return mstrip(g, over);
	if (over->kind == VAL_NULL)
		return base;
	if (base->kind == VAL_NULL)
		return mstrip(g, over);
	switch (r ? r->rule : MR_DEFAULT) {
	case MR_KV: return merge_kv(g, base, over, false);
	case MR_HOSTS: return merge_kv(g, base, over, true);
	case MR_UNIQUE: return merge_unique(g, base, over, r);
	case MR_LOGGING: return merge_logging(g, base, over);
	case MR_BUILD: return merge_build(g, base, over);
	case MR_DEPENDS: return merge_names(g, base, over, true);
	case MR_NETWORKS: return merge_names(g, base, over, false);
	default: return merge_generic(g, base, over);
	}
}

struct val *compose_merge(struct compose_merge *m, struct val *base, struct val *over,
			  const char *const *path, size_t npath)
{
	struct merger g = {.m = m};
	for (size_t i = 0; i < npath; i++)
		mpath_push(&g, path[i]);
	if (compose_tagged(over, "!reset"))
		return NULL;
	return merge_node(&g, base, over);
}
