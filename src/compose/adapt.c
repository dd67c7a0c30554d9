/* adapt.c - the key table applied: compose beyond the reference's rules.
 *
 * In the default and --lenient modes, a file the reference rejects is
 * rewritten by the table (compose/keys.h) into one its rules accept, they
 * convert it (compose/convert.c), and what they cannot express is added to
 * the values afterwards: securityContext fields, emptyDir / Secret /
 * ConfigMap volumes and their volumeMounts, the Secrets and ConfigMaps in
 * additionalResources. Ignored keys are removed; rejected ones are errors
 * (in --lenient, warnings, and removed, unless never_dropped). Every key
 * removed or re-interpreted is recorded as a compose_change. */
#include "compose/adapt.h"
#include "compose/keys.h"
#include "compose/load_impl.h"
#include "compose/units.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/pyrepr.h"
#include "yaml/value.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

/* ---- recording -------------------------------------------------------- */

static void adapt_record(struct adapt *ad, const struct compose_key *row, const struct val *at,
			 const char *path, bool dropped)
{
	struct compose_changes *c = ad->changes;
	if (!c)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		c->items = arena_grow(ad->a, c->items, c->cap * sizeof *c->items, cap * sizeof *c->items);
		c->cap = cap;
	}
	c->items[c->n++] = (struct compose_change){ad->service, arena_strdup(ad->a, path),
						   at->mark, row, dropped};
}

static const char *adapt_context(struct adapt *ad)
{
	return ad->service ? arena_printf(ad->a, "Service: '%s'; Compose file: '%s'.",
					  ad->service, ad->file)
			   : arena_printf(ad->a, "Compose file: '%s'.", ad->file);
}

/* A rejected key or value: an error with its hint, or in --lenient mode a
 * warning, the key dropped. Returns whether it was dropped. */
static bool adapt_reject(struct adapt *ad, const struct compose_key *row, const struct key_at *k,
			 const char *what)
{
	const struct mark *m = &k->at->mark;
	if (ad->o->mode == COMPOSE_MODE_LENIENT && !row->never_dropped) {
		diag_warn(ad->d, m, "Dropping %s: %s. %s", what, row->text, adapt_context(ad));
		adapt_record(ad, row, k->at, k->path, true);
		return true;
	}
	diag_error(ad->d, m, "Unsupported %s: %s. %s", what, row->text, adapt_context(ad));
	diag_note(ad->d, m, "hint: %s", row->hint);
	return false;
}

static const char *adapt_str(struct adapt *ad, const struct val *v)
{
	struct buf b = BUF_INIT;
	pystr(v, &b);
	char *s = arena_strndup(ad->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static struct val *adapt_strv(struct adapt *ad, const char *s, const struct val *from)
{
	return val_str(ad->a, s, &from->mark);
}

typedef struct val *(*adapt_entry_fn)(struct adapt *, const char *key, struct val *v,
				      const struct key_at *k);

/* A mapping rebuilt entry by entry: fn gives the value to keep (NULL:
 * removed). An entry's path is "<k's path>.<key>", or the key alone
 * without k. Keys that are not strings are kept for the reference's rules. */
static struct val *adapt_map(struct adapt *ad, const struct val *v, const struct key_at *k,
			     adapt_entry_fn fn)
{
	struct val *out = val_map(ad->a, &v->mark);
	for (size_t i = 0; i < v->map.n; i++) {
		struct val_pair *p = &v->map.pairs[i];
		const char *key = compose_str(p->key);
		struct key_at ek = {p->key, !key ? "?" : k ? arena_printf(ad->a, "%s.%s", k->path, key)
				    : key};
		struct val *kept = key ? fn(ad, key, p->value, &ek) : p->value;
		if (kept)
			val_map_put(ad->a, out, p->key, kept);
	}
	return out;
}

/* A key with a plain row (or an extension, or none): recorded and removed
 * when mapped or ignored, else rejected. Always removed. */
static struct val *adapt_by_table(struct adapt *ad, enum key_scope scope, const char *key,
				  const struct key_at *k, enum keys_id extension,
				  enum keys_id other, const char *what)
{
	const struct compose_key *row = keys_find(scope, key);
	if (!row && strncmp(key, "x-", 2) == 0)
		row = keys_row(extension);
	if (row && row->decision != KEY_REJECTED)
		adapt_record(ad, row, k->at, k->path, false);
	else
		adapt_reject(ad, row ? row : keys_row(other), k, what);
	return NULL;
}

/* ---- the extras of one service ------------------------------------------ */

/* extras[service index]: {securityContext, volumes, volumeMounts}. */
static struct val *adapt_extra(struct adapt *ad, const char *field, enum val_kind kind,
			       const struct val *at)
{
	struct val *e = ad->extra, *v = val_map_get(e, field);
	if (!v) {
		v = val_new(ad->a, kind, &at->mark);
		val_map_set(ad->a, e, field, v);
	}
	return v;
}

static struct val *adapt_security_context(struct adapt *ad, const struct val *at)
{
	return adapt_extra(ad, "securityContext", VAL_MAP, at);
}

/* A pod volume (raw Kubernetes object) mounted at path; a volume of that
 * name is added once. */
static void adapt_mount(struct adapt *ad, struct val *volume, const char *path,
			const char *sub_path, bool read_only, const struct val *at)
{
	const char *name = val_map_get(volume, "name")->str.s;
	struct val *volumes = adapt_extra(ad, "volumes", VAL_SEQ, at);
	bool known = false;
	for (size_t i = 0; i < volumes->seq.n; i++)
		known |= val_is_str(val_map_get(volumes->seq.items[i], "name"), name);
	if (!known)
		val_seq_push(ad->a, volumes, volume);
	struct val *mount = val_map(ad->a, &at->mark);
	val_map_set(ad->a, mount, "name", adapt_strv(ad, name, at));
	val_map_set(ad->a, mount, "mountPath", adapt_strv(ad, path, at));
	if (sub_path)
		val_map_set(ad->a, mount, "subPath", adapt_strv(ad, sub_path, at));
	if (read_only)
		val_map_set(ad->a, mount, "readOnly", val_bool(ad->a, true, &at->mark));
	val_seq_push(ad->a, adapt_extra(ad, "volumeMounts", VAL_SEQ, at), mount);
}

/* An emptyDir (in memory for tmpfs, with its size limit) at path. */
static void adapt_empty_dir(struct adapt *ad, const char *path, bool memory,
			    const char *size, const struct val *at)
{
	struct val *vol = val_map(ad->a, &at->mark), *dir = val_map(ad->a, &at->mark);
	val_map_set(ad->a, vol, "name", adapt_strv(ad, arena_printf(ad->a, "%s-%d",
		    memory ? "tmpfs" : "anon", ad->empty_dirs++), at));
	if (memory)
		val_map_set(ad->a, dir, "medium", adapt_strv(ad, "Memory", at));
	if (size)
		val_map_set(ad->a, dir, "sizeLimit", adapt_strv(ad, size, at));
	val_map_set(ad->a, vol, "emptyDir", dir);
	adapt_mount(ad, vol, path, NULL, false, at);
}

/* tmpfs size: a byte value ("64m", 1000000) as a Kubernetes quantity. */
static const char *adapt_size(struct adapt *ad, const struct val *v)
{
	struct buf q = BUF_INIT;
	const char *text = adapt_str(ad, v), *out = NULL;
	if (units_bytes_to_quantity(text, &q))
		out = arena_strdup(ad->a, buf_str(&q));
	else
		diag_error(ad->d, &v->mark, "Unsupported tmpfs size: '%s'. %s", text,
			   adapt_context(ad));
	buf_free(&q);
	return out;
}

/* ---- volumes and tmpfs ------------------------------------------------- */

static bool adapt_is_host_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~';
}

/* Short syntax: "name:/path[:mode]" stays for the reference rules; "/path"
 * is an anonymous volume; a host path is a bind mount. */
static struct val *adapt_volume_short(struct adapt *ad, struct val *item, const struct key_at *k)
{
	const char *s = item->str.s, *colon = strchr(s, ':');
	if (!colon) {
		adapt_empty_dir(ad, s, false, NULL, item);
		adapt_record(ad, keys_row(KEYS_VOLUMES_ANON), item, k->path, false);
		return NULL;
	}
	if (adapt_is_host_path(s)) {
		adapt_reject(ad, keys_row(KEYS_VOLUMES_BIND), k, arena_printf(ad->a, "'volumes' entry '%s'", s));
		return NULL;
	}
	return item;
}

static struct val *adapt_volume_long(struct adapt *ad, struct val *item, const struct key_at *k)
{
	const char *type = compose_str(val_map_get(item, "type"));
	const char *source = compose_str(val_map_get(item, "source"));
	const char *target = compose_str(val_map_get(item, "target"));
	if (!type || !target)
		return item;   /* the reference's message */
	if (strcmp(type, "tmpfs") == 0) {
		struct val *t = val_map_get(item, "tmpfs"), *size = t ? val_map_get(t, "size") : NULL;
		adapt_empty_dir(ad, target, true, size ? adapt_size(ad, size) : NULL, item);
		adapt_record(ad, keys_row(KEYS_VOLUMES_TMPFS), item, k->path, false);
		return NULL;
	}
	if (strcmp(type, "volume") == 0 && (!source || !*source)) {
		adapt_empty_dir(ad, target, false, NULL, item);
		adapt_record(ad, keys_row(KEYS_VOLUMES_ANON), item, k->path, false);
		return NULL;
	}
	if (strcmp(type, "volume") == 0) {
		struct val *ro = val_map_get(item, "read_only");
		bool read_only = ro && ro->kind == VAL_BOOL && ro->b;
		adapt_record(ad, keys_row(KEYS_VOLUMES_LONG), item, k->path, false);
		return adapt_strv(ad, arena_printf(ad->a, "%s:%s%s", source, target,
						   read_only ? ":ro" : ""), item);
	}
	enum keys_id id = strcmp(type, "bind") == 0 ? KEYS_VOLUMES_BIND : KEYS_OTHER;
	adapt_reject(ad, keys_row(id), k, arena_printf(ad->a, "'volumes' entry of type '%s'", type));
	return NULL;
}

static struct val *adapt_volumes(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_SEQ)
		return v;
	struct val *out = val_seq(ad->a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *item = v->seq.items[i], *kept = item;
		struct key_at ik = {item, arena_printf(ad->a, "%s[%zu]", k->path, i)};
		if (item->kind == VAL_STR)
			kept = adapt_volume_short(ad, item, &ik);
		else if (item->kind == VAL_MAP)
			kept = adapt_volume_long(ad, item, &ik);
		if (kept)
			val_seq_push(ad->a, out, kept);
	}
	return out->seq.n ? out : NULL;
}

/* tmpfs: "/path[:size=64m,mode=1777]", or a list of them. */
static void adapt_tmpfs_entry(struct adapt *ad, struct val *e)
{
	const char *s = compose_str(e);
	if (!s)
		return;
	const char *colon = strchr(s, ':'), *size = NULL;
	char *path = arena_strndup(ad->a, s, colon ? (size_t)(colon - s) : strlen(s));
	for (const char *o = colon; o && *o; o += strcspn(o, ",") ) {
		o += *o == ':' || *o == ',';
		if (strncmp(o, "size=", 5) == 0) {
			size_t n = strcspn(o + 5, ",");
			size = adapt_size(ad, val_strn(ad->a, o + 5, n, &e->mark));
		}
	}
	adapt_empty_dir(ad, path, true, size, e);
}

static struct val *adapt_tmpfs(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind == VAL_SEQ)
		for (size_t i = 0; i < v->seq.n; i++)
			adapt_tmpfs_entry(ad, v->seq.items[i]);
	else
		adapt_tmpfs_entry(ad, v);
	adapt_record(ad, keys_row(KEYS_TMPFS), k->at, k->path, false);
	return NULL;
}

/* ---- healthcheck -------------------------------------------------------- */

static struct val *adapt_healthcheck(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_MAP)
		return v;
	struct val *disable = val_map_get(v, "disable"), *test = val_map_get(v, "test");
	bool none = test && test->kind == VAL_SEQ && test->seq.n &&
		    val_is_str(test->seq.items[0], "NONE");
	if ((disable && disable->kind == VAL_BOOL && disable->b) || none) {
		adapt_record(ad, keys_row(KEYS_HEALTHCHECK_DISABLE), k->at, k->path, false);
		return NULL;
	}
	if (!test) {
		adapt_record(ad, keys_row(KEYS_HEALTHCHECK_NO_TEST), k->at, k->path, false);
		return NULL;
	}
	struct val *out = val_map(ad->a, &v->mark);
	for (size_t i = 0; i < v->map.n; i++) {
		struct val_pair *p = &v->map.pairs[i];
		if (val_is_str(p->key, "disable"))
			continue;
		struct val *value = p->value;
		if (p->value == test && test->kind == VAL_STR) {
			value = val_seq(ad->a, &test->mark);
			val_seq_push(ad->a, value, adapt_strv(ad, "CMD-SHELL", test));
			val_seq_push(ad->a, value, test);
			adapt_record(ad, keys_row(KEYS_HEALTHCHECK_STRING), test,
				     arena_printf(ad->a, "%s.test", k->path), false);
		}
		val_map_put(ad->a, out, p->key, value);
	}
	return out;
}

/* ---- security ----------------------------------------------------------- */

static bool adapt_is_nnp(const char *s, bool *on)
{
	size_t n = strlen("no-new-privileges");
	if (strncmp(s, "no-new-privileges", n) != 0 || (s[n] && s[n] != ':' && s[n] != '='))
		return false;
	*on = !s[n] || strcmp(s + n + 1, "true") == 0;
	return true;
}

/* seccomp entries stay for the reference rules; no-new-privileges maps. */
static struct val *adapt_security_opt(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_SEQ)
		return v;
	struct val *kept = val_seq(ad->a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *e = v->seq.items[i];
		const char *s = compose_str(e);
		bool on;
		struct key_at ek = {e, arena_printf(ad->a, "%s[%zu]", k->path, i)};
		if (s && strncmp(s, "seccomp", 7) == 0 && (s[7] == '=' || s[7] == ':')) {
			val_seq_push(ad->a, kept, e);
		} else if (s && adapt_is_nnp(s, &on)) {
			val_map_set(ad->a, adapt_security_context(ad, e), "allowPrivilegeEscalation",
				    val_bool(ad->a, !on, &e->mark));
			adapt_record(ad, keys_row(KEYS_SECURITY_OPT_NNP), e, ek.path, false);
		} else {
			adapt_reject(ad, keys_row(KEYS_SECURITY_OPT_OTHER), &ek,
				     arena_printf(ad->a, "'security_opt' entry '%s'", adapt_str(ad, e)));
		}
	}
	return kept->seq.n ? kept : NULL;
}

/* cap_add / cap_drop: the names without CAP_, upper case. */
static struct val *adapt_caps(struct adapt *ad, struct val *v, const struct key_at *k,
			      const char *field, enum keys_id id)
{
	if (v->kind != VAL_SEQ)
		return v;
	struct val *sc = adapt_security_context(ad, v);
	struct val *caps = val_map_get(sc, "capabilities");
	if (!caps) {
		caps = val_map(ad->a, &v->mark);
		val_map_set(ad->a, sc, "capabilities", caps);
	}
	struct val *list = val_seq(ad->a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++) {
		const char *s = compose_str(v->seq.items[i]);
		if (!s)
			continue;
		char *name = arena_strdup(ad->a, s);
		for (char *p = name; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (strncmp(name, "CAP_", 4) == 0)
			name += 4;
		val_seq_push(ad->a, list, adapt_strv(ad, name, v->seq.items[i]));
	}
	val_map_set(ad->a, caps, field, list);
	adapt_record(ad, keys_row(id), k->at, k->path, false);
	return NULL;
}

static struct val *adapt_cap_add(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_caps(ad, v, k, "add", KEYS_CAP_ADD);
}

static struct val *adapt_cap_drop(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_caps(ad, v, k, "drop", KEYS_CAP_DROP);
}

static struct val *adapt_flag(struct adapt *ad, struct val *v, const struct key_at *k,
			      const char *field, enum keys_id id)
{
	if (v->kind != VAL_BOOL)
		return v;
	val_map_set(ad->a, adapt_security_context(ad, v), field, v);
	adapt_record(ad, keys_row(id), k->at, k->path, false);
	return NULL;
}

static struct val *adapt_privileged(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_flag(ad, v, k, "privileged", KEYS_PRIVILEGED);
}

static struct val *adapt_read_only(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_flag(ad, v, k, "readOnlyRootFilesystem", KEYS_READ_ONLY);
}

/* ---- secrets and configs ------------------------------------------------- */

/* A Kubernetes name from a compose name: lower case, [a-z0-9-]. */
static char *adapt_k8s_name(struct adapt *ad, const char *s)
{
	char *out = arena_strdup(ad->a, s);
	for (char *p = out; *p; p++) {
		*p = (char)tolower((unsigned char)*p);
		if (!isalnum((unsigned char)*p) && *p != '-')
			*p = '-';
	}
	return out;
}

/* An object name of at most 63 characters: a longer one is cut, and a hash
 * of the whole keeps it unique. */
static const char *adapt_object_name(struct adapt *ad, const char *full)
{
	char *name = adapt_k8s_name(ad, full);
	size_t n = strlen(name);
	if (n <= 63)
		return name;
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	n = 54;
	while (n && name[n - 1] == '-')
		n--;
	return arena_printf(ad->a, "%.*s-%08x", (int)n, name, h);
}

static bool adapt_source_text(struct adapt *ad, const struct val *def, struct buf *out)
{
	struct val *v;
	if ((v = val_map_get(def, "content")) && compose_str(v)) {
		buf_adds(out, compose_str(v));
		return true;
	}
	if ((v = val_map_get(def, "environment")) && compose_str(v)) {
		size_t n = strlen(compose_str(v));
		for (char *const *e = ad->o->environ; e && *e; e++)
			if (strncmp(*e, compose_str(v), n) == 0 && (*e)[n] == '=') {
				buf_adds(out, *e + n + 1);
				return true;
			}
		diag_error(ad->d, &v->mark, "Variable '%s' of this secret or config is not set. %s",
			   compose_str(v), adapt_context(ad));
		return false;
	}
	if ((v = val_map_get(def, "file")) && compose_str(v)) {
		const char *dir = v->mark.file ? compose_path_dir(ad->a, v->mark.file) : ".";
		const char *path = compose_path_join(ad->a, dir, compose_str(v));
		if (buf_read_file(out, path))
			return true;
		diag_error(ad->d, &v->mark, "Cannot read the file '%s' of this secret or config. %s",
			   path, adapt_context(ad));
		return false;
	}
	diag_error(ad->d, &def->mark, "A secret or config needs a `file`, `environment` or "
		   "`content` source. %s", adapt_context(ad));
	return false;
}

/* The Secret or ConfigMap of top-level secrets/configs NAME, made once;
 * its Kubernetes name, or NULL after an error. */
static const char *adapt_resource(struct adapt *ad, bool secret, const char *name,
				  const struct val *def)
{
	const char *k8s = adapt_object_name(ad, arena_printf(ad->a, "agentenv-%s-%s%s",
					    ad->o->project, secret ? "" : "config-", name));
	for (size_t i = 0; i < ad->resources->seq.n; i++)
		if (val_is_str(val_map_get(val_map_get(ad->resources->seq.items[i], "metadata"),
					   "name"), k8s))
			return k8s;
	struct buf text = BUF_INIT, b64 = BUF_INIT;
	if (!adapt_source_text(ad, def, &text)) {
		buf_free(&text);
		return NULL;
	}
	buf_add_base64(&b64, text.p, text.len);
	struct val *r = val_map(ad->a, &def->mark), *meta = val_map(ad->a, &def->mark);
	struct val *data = val_map(ad->a, &def->mark);
	val_map_set(ad->a, r, "apiVersion", adapt_strv(ad, "v1", def));
	val_map_set(ad->a, r, "kind", adapt_strv(ad, secret ? "Secret" : "ConfigMap", def));
	val_map_set(ad->a, meta, "name", adapt_strv(ad, k8s, def));
	val_map_set(ad->a, r, "metadata", meta);
	if (secret)
		val_map_set(ad->a, r, "type", adapt_strv(ad, "Opaque", def));
	val_map_set(ad->a, data, "content", adapt_strv(ad, buf_str(&b64), def));
	val_map_set(ad->a, r, secret ? "data" : "binaryData", data);
	val_seq_push(ad->a, ad->resources, r);
	buf_free(&text);
	buf_free(&b64);
	return k8s;
}

/* One entry of a service's secrets/configs: "name" or {source, target, mode}. */
static void adapt_secret_entry(struct adapt *ad, bool secret, struct val *e,
			       const struct key_at *k)
{
	const struct val *src = e->kind == VAL_MAP ? val_map_get(e, "source") : e;
	const char *name = compose_str(src), *kind = secret ? "secrets" : "configs";
	if (!name)
		return;
	const struct val *defs = val_map_get(ad->compose, kind);
	const struct val *def = defs && defs->kind == VAL_MAP ? val_map_get(defs, name) : NULL;
	if (!def || def->kind != VAL_MAP) {
		diag_error(ad->d, &src->mark, "Undefined %s '%s': it is not in the top-level '%s'. %s",
			   secret ? "secret" : "config", name, kind, adapt_context(ad));
		return;
	}
	struct val *ext = val_map_get(def, "external");
	if (ext && ext->kind == VAL_BOOL && ext->b) {
		adapt_reject(ad, keys_row(KEYS_TOP_SECRET_EXTERNAL), k, arena_printf(ad->a,
			     "external %s '%s'", secret ? "secret" : "config", name));
		return;
	}
	const char *k8s = adapt_resource(ad, secret, name, def);
	if (!k8s)
		return;
	const char *target = e->kind == VAL_MAP ? compose_str(val_map_get(e, "target")) : NULL;
	const char *path = !target ? arena_printf(ad->a, secret ? "/run/secrets/%s" : "/%s", name)
			   : target[0] == '/' ? target
			   : arena_printf(ad->a, secret ? "/run/secrets/%s" : "/%s", target);
	struct val *vol = val_map(ad->a, &e->mark), *ref = val_map(ad->a, &e->mark);
	const char *vname = adapt_k8s_name(ad, arena_printf(ad->a, "%s-%s",
					   secret ? "secret" : "config", name));
	val_map_set(ad->a, vol, "name", adapt_strv(ad, vname, e));
	val_map_set(ad->a, ref, secret ? "secretName" : "name", adapt_strv(ad, k8s, e));
	struct val *mode = e->kind == VAL_MAP ? val_map_get(e, "mode") : NULL;
	if (mode && mode->kind == VAL_INT)
		val_map_set(ad->a, ref, "defaultMode", mode);
	val_map_set(ad->a, vol, secret ? "secret" : "configMap", ref);
	adapt_mount(ad, vol, path, "content", true, e);
}

static struct val *adapt_secrets_of(struct adapt *ad, struct val *v, const struct key_at *k,
				    bool secret)
{
	if (v->kind != VAL_SEQ)
		return v;
	for (size_t i = 0; i < v->seq.n; i++) {
		struct key_at ek = {v->seq.items[i], arena_printf(ad->a, "%s[%zu]", k->path, i)};
		adapt_secret_entry(ad, secret, v->seq.items[i], &ek);
	}
	adapt_record(ad, keys_row(secret ? KEYS_SECRETS : KEYS_CONFIGS), k->at, k->path, false);
	return NULL;
}

static struct val *adapt_secrets(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_secrets_of(ad, v, k, true);
}

static struct val *adapt_configs(struct adapt *ad, struct val *v, const struct key_at *k)
{
	return adapt_secrets_of(ad, v, k, false);
}

/* ---- environment, byte values, networks ------------------------------------ */

static const char *adapt_getenv(struct adapt *ad, const char *name, size_t n)
{
	for (char *const *e = ad->o->environ; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* A bare `KEY` takes agentenv's own value of KEY; unset, it is left out. */
static struct val *adapt_environment(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_SEQ)
		return v;
	struct val *out = val_seq(ad->a, &v->mark);
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *e = v->seq.items[i];
		const char *s = compose_str(e);
		if (!s || strchr(s, '=')) {
			val_seq_push(ad->a, out, e);
			continue;
		}
		const char *value = adapt_getenv(ad, s, strlen(s));
		if (value)
			val_seq_push(ad->a, out, adapt_strv(ad, arena_printf(ad->a, "%s=%s", s, value), e));
		adapt_record(ad, keys_row(KEYS_ENVIRONMENT_BARE), e,
			     arena_printf(ad->a, "%s[%zu]", k->path, i), false);
	}
	return out;
}

/* A plain number of bytes, which the reference wants with a unit. */
static struct val *adapt_bytes(struct adapt *ad, struct val *v, const struct key_at *k)
{
	const char *s = compose_str(v);
	bool digits = s && *s && strspn(s, "0123456789") == strlen(s);
	if (v->kind != VAL_INT && !digits)
		return v;
	adapt_record(ad, keys_row(KEYS_BYTES_PLAIN), v, k->path, false);
	return adapt_strv(ad, v->kind == VAL_INT ? arena_printf(ad->a, "%lldb", (long long)v->i)
			  : arena_printf(ad->a, "%sb", s), v);
}

static struct val *adapt_networks(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_MAP)
		return v;
	struct val *names = val_seq(ad->a, &v->mark);
	for (size_t i = 0; i < v->map.n; i++)
		val_seq_push(ad->a, names, v->map.pairs[i].key);
	adapt_record(ad, keys_row(KEYS_NETWORKS_MAP), k->at, k->path, false);
	return names;
}

/* ---- build, network_mode, hostname, deploy --------------------------------- */

static struct val *adapt_build(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (val_map_get(ad->svc, "image"))
		return v;   /* the reference's warning */
	const char *image = arena_printf(ad->a, "%s%s-%s:latest",
					 ad->o->image_registry ? ad->o->image_registry : "",
					 ad->o->project, ad->service);
	if (ad->o->image_registry) {
		adapt_record(ad, keys_row(KEYS_BUILD_REGISTRY), k->at, k->path, false);
	} else if (!adapt_reject(ad, keys_row(KEYS_BUILD_ONLY), k, "'build' without 'image'")) {
		return NULL;
	}
	ad->image = adapt_strv(ad, image, k->at);
	return NULL;
}

/* host, service:X, container:X: src/netpol rejects them, with its hints;
 * --lenient drops them (the pod keeps a network namespace of its own). */
static struct val *adapt_network_mode(struct adapt *ad, struct val *v, const struct key_at *k)
{
	const char *s = compose_str(v);
	if (!s || strcmp(s, "none") == 0 || strcmp(s, "bridge") == 0 ||
	    ad->o->mode != COMPOSE_MODE_LENIENT)
		return v;
	adapt_reject(ad, keys_row(KEYS_NETWORK_MODE_OTHER), k, arena_printf(ad->a, "'network_mode: %s'", s));
	return NULL;
}

static struct val *adapt_hostname(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (val_is_str(v, ad->service) || v->kind == VAL_NULL)
		return v;
	adapt_record(ad, keys_row(KEYS_HOSTNAME_OTHER), k->at, k->path, false);
	return NULL;
}

/* limits / reservations: memory in plain bytes; devices and the like rejected. */
static struct val *adapt_resource_entry(struct adapt *ad, const char *key, struct val *v,
					const struct key_at *k)
{
	if (strcmp(key, "memory") == 0)
		return adapt_bytes(ad, v, k);
	if (strcmp(key, "devices") != 0 && strcmp(key, "generic_resources") != 0 &&
	    strcmp(key, "pids") != 0)
		return v;
	adapt_reject(ad, keys_row(KEYS_DEPLOY_DEVICES), k, arena_printf(ad->a, "'%s'", k->path));
	return NULL;
}

static struct val *adapt_resources_entry(struct adapt *ad, const char *key, struct val *v,
					 const struct key_at *k)
{
	bool section = strcmp(key, "limits") == 0 || strcmp(key, "reservations") == 0;
	return section && v->kind == VAL_MAP ? adapt_map(ad, v, k, adapt_resource_entry) : v;
}


static struct val *adapt_deploy_entry(struct adapt *ad, const char *key, struct val *v,
				      const struct key_at *k)
{
	if (strcmp(key, "resources") == 0)
		return v->kind == VAL_MAP ? adapt_map(ad, v, k, adapt_resources_entry) : v;
	if (strcmp(key, "replicas") != 0)
		return adapt_by_table(ad, KEY_DEPLOY, key, k, KEYS_DEPLOY_OTHER, KEYS_DEPLOY_OTHER,
				      arena_printf(ad->a, "'%s'", k->path));
	if (v->kind == VAL_INT && v->i > 1)
		adapt_reject(ad, keys_row(KEYS_DEPLOY_REPLICAS_MANY), k, arena_printf(ad->a,
			     "'deploy.replicas: %lld'", (long long)v->i));
	else
		adapt_record(ad, keys_row(KEYS_DEPLOY_REPLICAS_ONE), k->at, k->path, false);
	return NULL;
}

static struct val *adapt_deploy(struct adapt *ad, struct val *v, const struct key_at *k)
{
	if (v->kind != VAL_MAP)
		return v;
	struct val *out = adapt_map(ad, v, k, adapt_deploy_entry);
	return out->map.n ? out : NULL;
}

/* ---- a service ------------------------------------------------------------ */

typedef struct val *(*adapt_fn)(struct adapt *, struct val *, const struct key_at *);

static const struct { const char *key; adapt_fn fn; } adapt_handlers[] = {
	{"volumes", adapt_volumes}, {"tmpfs", adapt_tmpfs}, {"healthcheck", adapt_healthcheck},
	{"security_opt", adapt_security_opt}, {"cap_add", adapt_cap_add},
	{"cap_drop", adapt_cap_drop}, {"privileged", adapt_privileged},
	{"read_only", adapt_read_only}, {"secrets", adapt_secrets}, {"configs", adapt_configs},
	{"build", adapt_build}, {"network_mode", adapt_network_mode},
	{"hostname", adapt_hostname}, {"deploy", adapt_deploy},
	{"environment", adapt_environment}, {"mem_limit", adapt_bytes},
	{"networks", adapt_networks},
};

/* One key of a service: the value to keep (NULL: removed). */
static struct val *adapt_service_key(struct adapt *ad, const char *key, struct val *v,
				     const struct key_at *k)
{
	for (size_t i = 0; i < sizeof adapt_handlers / sizeof adapt_handlers[0]; i++)
		if (strcmp(adapt_handlers[i].key, key) == 0)
			return v->kind == VAL_NULL ? v : adapt_handlers[i].fn(ad, v, k);
	if (keys_reference(KEY_SERVICE, key))
		return v;
	return adapt_by_table(ad, KEY_SERVICE, key, k, KEYS_EXTENSION, KEYS_OTHER,
			      arena_printf(ad->a, "'%s'", key));
}

static struct val *adapt_service(struct adapt *ad, struct val *svc)
{
	struct val *out;
	ad->svc = svc;
	ad->image = NULL;
	ad->empty_dirs = 0;
	ad->extra = val_map(ad->a, &svc->mark);
	out = adapt_map(ad, svc, NULL, adapt_service_key);
	if (ad->image)
		val_map_set(ad->a, out, "image", ad->image);
	val_seq_push(ad->a, ad->extras, ad->extra);
	return out;
}

bool adapt_service_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* A name the chart refuses: lower case, other characters '-', and the
 * compose name kept as a DNS record (when the chart's pattern takes it). */
static struct val *adapt_service_name(struct adapt *ad, struct val *key)
{
	const char *s = compose_str(key);
	if (!s || adapt_service_name_ok(s))
		return key;
	char *name = adapt_k8s_name(ad, s);
	while (*name == '-')
		name++;
	size_t n = strlen(name) > 63 ? 63 : strlen(name);
	while (n && name[n - 1] == '-')
		n--;
	name[n] = '\0';
	if (!*name)
		return key;
	if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
	    strlen(s) && s[0] != '-' && s[0] != '.') {
		struct val *records = adapt_extra(ad, "additionalDnsRecords", VAL_SEQ, key);
		val_seq_push(ad->a, records, key);
	}
	adapt_record(ad, keys_row(KEYS_SERVICE_NAME), key, "(service name)", false);
	return adapt_strv(ad, name, key);
}

static struct val *adapt_services(struct adapt *ad, struct val *services)
{
	if (services->kind != VAL_MAP)
		return services;
	struct val *out = val_map(ad->a, &services->mark);
	for (size_t i = 0; i < services->map.n; i++) {
		struct val_pair *p = &services->map.pairs[i];
		if (p->value->kind != VAL_MAP) {
			val_map_put(ad->a, out, p->key, p->value);
			continue;
		}
		ad->service = adapt_str(ad, p->key);
		struct val *svc = adapt_service(ad, p->value);
		val_map_put(ad->a, out, adapt_service_name(ad, p->key), svc);
	}
	ad->service = NULL;
	return out;
}

/* ---- top level ---------------------------------------------------------- */

/* volumes / networks: each definition without the keys the table ignores. */
static struct val *adapt_definitions(struct adapt *ad, struct val *defs, const char *kind,
				     const char *const *ignored, enum keys_id id)
{
	if (defs->kind != VAL_MAP)
		return defs;
	struct val *out = val_map(ad->a, &defs->mark);
	for (size_t i = 0; i < defs->map.n; i++) {
		struct val_pair *p = &defs->map.pairs[i];
		struct val *def = p->value;
		if (def->kind == VAL_NULL && strcmp(kind, "networks") == 0)
			def = val_map(ad->a, &def->mark);   /* compose's defaults */
		else if (def->kind == VAL_MAP) {
			def = val_map(ad->a, &p->value->mark);
			for (size_t j = 0; j < p->value->map.n; j++) {
				struct val_pair *q = &p->value->map.pairs[j];
				bool drop = false;
				for (const char *const *n = ignored; *n; n++)
					drop |= val_is_str(q->key, *n);
				if (!drop)
					val_map_put(ad->a, def, q->key, q->value);
				else
					adapt_record(ad, keys_row(id), q->key, arena_printf(ad->a,
						     "%s.%s.%s", kind, adapt_str(ad, p->key),
						     adapt_str(ad, q->key)), false);
			}
		}
		val_map_put(ad->a, out, p->key, def);
	}
	return out;
}

static const char *const adapt_volume_options[] = {
	"driver", "driver_opts", "labels", "name", "external", NULL};
static const char *const adapt_network_options[] = {
	"external", "name", "ipam", "driver_opts", "labels", "attachable", "enable_ipv6", NULL};

static struct val *adapt_top_key(struct adapt *ad, const char *key, struct val *v,
				 const struct key_at *k)
{
	if (strcmp(key, "services") == 0)
		return adapt_services(ad, v);
	if (strcmp(key, "volumes") == 0)
		return adapt_definitions(ad, v, key, adapt_volume_options, KEYS_TOP_VOLUME_OPTIONS);
	if (strcmp(key, "networks") == 0)
		return adapt_definitions(ad, v, key, adapt_network_options, KEYS_TOP_NETWORK_OPTIONS);
	if (strcmp(key, "secrets") == 0 || strcmp(key, "configs") == 0)
		return NULL;   /* made into resources where services use them */
	if (strcmp(key, "x-inspect_k8s_sandbox") == 0 || strcmp(key, "x-k8s") == 0 ||
	    keys_reference(KEY_TOP, key))
		return v;
	return adapt_by_table(ad, KEY_TOP, key, k, KEYS_TOP_EXTENSION, KEYS_TOP_OTHER,
			      arena_printf(ad->a, "top-level '%s'", key));
}

struct val *adapt_compose(struct adapt *ad, const struct val *compose)
{
	ad->compose = compose;
	ad->extras = val_seq(ad->a, &compose->mark);
	ad->resources = val_seq(ad->a, &compose->mark);
	if (compose->kind != VAL_MAP)
		return (struct val *)compose;
	return adapt_map(ad, compose, NULL, adapt_top_key);
}

/* ---- the extras into the values ------------------------------------------ */

static void adapt_merge_service(struct adapt *ad, struct val *svc, const struct val *extra)
{
	for (size_t i = 0; i < extra->map.n; i++) {
		const struct val_pair *p = &extra->map.pairs[i];
		struct val *have = val_map_get(svc, p->key->str.s);
		if (!have) {
			val_map_put(ad->a, svc, p->key, p->value);
		} else if (have->kind == VAL_MAP && p->value->kind == VAL_MAP) {
			for (size_t j = 0; j < p->value->map.n; j++)
				val_map_put(ad->a, have, p->value->map.pairs[j].key,
					    p->value->map.pairs[j].value);
		} else if (have->kind == VAL_SEQ && p->value->kind == VAL_SEQ) {
			for (size_t j = 0; j < p->value->seq.n; j++)
				val_seq_push(ad->a, have, p->value->seq.items[j]);
		}
	}
}

void adapt_values(struct adapt *ad, struct val *values)
{
	struct val *services = val_map_get(values, "services");
	for (size_t i = 0; services && i < services->map.n && i < ad->extras->seq.n; i++)
		adapt_merge_service(ad, services->map.pairs[i].value, ad->extras->seq.items[i]);
	if (ad->resources->seq.n)
		val_map_set(ad->a, values, "additionalResources", ad->resources);
}
