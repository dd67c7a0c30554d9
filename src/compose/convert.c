/* convert.c - the compose -> agent-env values rules of the reference.
 *
 * Each compose construct has one function here, called in the order the
 * reference builds its output (which fixes the key order of the values).
 * The reference consumes keys with dict.pop() and rejects what is left; we
 * keep the input read-only and record which keys were taken instead
 * (struct taken). Messages reproduce the reference's wording, including its
 * Python reprs, so users and tests can match them. */
#include "compose/convert.h"
#include "compose/adapt.h"
#include "compose/units.h"
#include "netpol/netpol.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/pyrepr.h"
#include "yaml/value.h"

#include <stdarg.h>
#include <string.h>

static const char *const EXT_KEY = "x-inspect_k8s_sandbox";
static const char *const EXT_ALIAS = "x-k8s";

struct conv {
	struct arena *a;
	struct diag *d;
	const char *file;
	const char *context;   /* the reference's trailing "... Compose file: 'f'." */
	const char *service;   /* name of the service being converted, or NULL */
	const struct val *networks;   /* the top-level networks, for src/netpol */
};

/* A mapping being taken apart, remembering which keys were consumed. */
struct taken {
	const struct val *map;
	bool *used;
};

/* ---- small helpers ---------------------------------------------------- */

static bool present(const struct val *v)
{
	return v && v->kind != VAL_NULL;
}

static const char *conv_repr(struct conv *c, const struct val *v)
{
	struct buf b = BUF_INIT;
	pyrepr(v, &b);
	char *s = arena_strndup(c->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static const char *conv_str(struct conv *c, const struct val *v)
{
	struct buf b = BUF_INIT;
	pystr(v, &b);
	char *s = arena_strndup(c->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* Report at `where`, appending the reference's context sentence. */
static void conv_report(struct conv *c, enum diag_level level, const struct val *where,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void conv_report(struct conv *c, enum diag_level level, const struct val *where,
			const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	struct mark m = where ? where->mark : (struct mark){c->file, 0, 0};
	diag_report(c->d, level, &m, "%s %s", buf_str(&b), c->context);
	buf_free(&b);
}

#define conv_error(c, where, ...) conv_report((c), DIAG_ERROR, (where), __VA_ARGS__)
#define conv_warn(c, where, ...) conv_report((c), DIAG_WARNING, (where), __VA_ARGS__)
#define conv_info(c, where, ...) conv_report((c), DIAG_INFO, (where), __VA_ARGS__)

/* What the reference's up-front JSON Schema validation says of a value of
 * the wrong type; our checks of the same constraint use the same words. */
static void conv_schema_type_error(struct conv *c, const struct val *v, const char *type)
{
	struct mark m = v->mark;
	diag_error(c->d, &m, "The provided Docker Compose file failed validation "
		   "against the Compose schema: %s is not of type '%s'. Compose file: '%s'.",
		   conv_repr(c, v), type, c->file);
}

static bool conv_expect_map(struct conv *c, const struct val *v)
{
	if (v->kind == VAL_MAP)
		return true;
	conv_schema_type_error(c, v, "object");
	return false;
}

static struct val *conv_strv(struct conv *c, const char *s, const struct val *from)
{
	return val_str(c->a, s, from ? &from->mark : NULL);
}

/* ---- taking keys out of a mapping ------------------------------------- */

static void taken_init(struct conv *c, struct taken *t, const struct val *map)
{
	t->map = map;
	t->used = arena_alloc(c->a, (map->map.n + 1) * sizeof(bool));
}

static struct val_pair *take_pair(struct taken *t, const char *key)
{
	struct val_pair *p = val_map_find(t->map, key);
	if (p)
		t->used[p - t->map->map.pairs] = true;
	return p;
}

/* The value under key (NULL when absent), now consumed. */
static struct val *take(struct taken *t, const char *key)
{
	struct val_pair *p = take_pair(t, key);
	return p ? p->value : NULL;
}

static bool taken_has(const struct taken *t, const char *key)
{
	return val_map_find(t->map, key) != NULL;
}

/* Python's set repr of the keys not consumed, e.g. {'ports', 'labels'}. */
static const struct val *taken_leftover(struct conv *c, const struct taken *t,
					struct buf *set)
{
	const struct val *first = NULL;
	for (size_t i = 0; i < t->map->map.n; i++) {
		if (t->used[i])
			continue;
		const struct val *key = t->map->map.pairs[i].key;
		buf_adds(set, first ? ", " : "{");
		buf_adds(set, conv_repr(c, key));
		if (!first)
			first = key;
	}
	if (first)
		buf_addc(set, '}');
	return first;
}

/* Reject leftover keys: "<before>{'a', 'b'}<after> <context>". */
static void taken_reject_rest(struct conv *c, const struct taken *t,
			      const char *before, const char *after)
{
	struct buf set = BUF_INIT;
	const struct val *first = taken_leftover(c, t, &set);
	if (first)
		conv_error(c, first, "%s%s.%s", before, buf_str(&set), after);
	buf_free(&set);
}

/* The extension under its canonical key or its x-k8s alias, not both. */
static struct val *take_extension(struct conv *c, struct taken *t, bool *both)
{
	*both = taken_has(t, EXT_KEY) && taken_has(t, EXT_ALIAS);
	if (*both) {
		struct val_pair *p = take_pair(t, EXT_ALIAS);
		take(t, EXT_KEY);
		conv_error(c, p->key, "Specify only one of ['%s', '%s']; '%s' is an alias "
			   "for '%s'.", EXT_KEY, EXT_ALIAS, EXT_ALIAS, EXT_KEY);
		return NULL;
	}
	struct val *v = take(t, EXT_KEY);
	return v ? v : take(t, EXT_ALIAS);
}

/* ---- service pieces ------------------------------------------------------ */

/* A string is split on whitespace; anything else passes through. */
static struct val *conv_str_to_list(struct conv *c, struct val *v)
{
	if (v->kind != VAL_STR)
		return v;
	struct val *list = val_seq(c->a, &v->mark);
	const char *s = v->str.s, *end = s + v->str.len;
	while (s < end) {
		while (s < end && strchr(" \t\n\r\v\f", *s))
			s++;
		const char *w = s;
		while (s < end && !strchr(" \t\n\r\v\f", *s))
			s++;
		if (s > w)
			val_seq_push(c->a, list, val_strn(c->a, w, (size_t)(s - w), &v->mark));
	}
	return list;
}

static struct val *conv_env_entry(struct conv *c, struct val *name, struct val *value)
{
	struct val *e = val_map(c->a, &name->mark);
	val_map_set(c->a, e, "name", name);
	val_map_set(c->a, e, "value", value);
	return e;
}

static struct val *conv_env(struct conv *c, struct val *src)
{
	struct val *env = val_seq(c->a, &src->mark);
	if (src->kind == VAL_MAP) {
		for (size_t i = 0; i < src->map.n; i++)
			val_seq_push(c->a, env, conv_env_entry(c, src->map.pairs[i].key,
							       src->map.pairs[i].value));
		return env;
	}
	if (src->kind != VAL_SEQ) {
		conv_error(c, src, "Invalid 'environment' format. Expected dict or list "
			   "but got %s.", pytype_name(src));
		return NULL;
	}
	for (size_t i = 0; i < src->seq.n; i++) {
		struct val *item = src->seq.items[i];
		const char *eq = item->kind == VAL_STR ? memchr(item->str.s, '=', item->str.len) : NULL;
		if (!eq) {
			conv_error(c, item, "Invalid environment variable: '%s'. Expected list "
				   "items to contain '='.", conv_str(c, item));
			return NULL;
		}
		size_t klen = (size_t)(eq - item->str.s);
		val_seq_push(c->a, env, conv_env_entry(c,
			val_strn(c->a, item->str.s, klen, &item->mark),
			val_strn(c->a, eq + 1, item->str.len - klen - 1, &item->mark)));
	}
	return env;
}

/* The reference's approximation: '_' and '.' become '-', then lowercase. */
static char *conv_k8s_volume_name(struct conv *c, const char *s, size_t n)
{
	char *out = arena_strndup(c->a, s, n);
	for (char *p = out; *p; p++) {
		if (*p == '_' || *p == '.')
			*p = '-';
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	}
	return out;
}

static struct val *conv_volumes(struct conv *c, struct val *src)
{
	if (src->kind != VAL_SEQ) {
		conv_error(c, src, "Invalid 'volumes' type: %s. Expected list.", pytype_name(src));
		return NULL;
	}
	struct val *out = val_seq(c->a, &src->mark);
	for (size_t i = 0; i < src->seq.n; i++) {
		struct val *item = src->seq.items[i];
		const char *colon = item->kind == VAL_STR ? memchr(item->str.s, ':', item->str.len) : NULL;
		if (!colon) {
			conv_error(c, item, "Invalid service volume: '%s'. Expected list items "
				   "to contain ':'.", conv_str(c, item));
			return NULL;
		}
		size_t nlen = (size_t)(colon - item->str.s);
		char *name = conv_k8s_volume_name(c, item->str.s, nlen);
		val_seq_push(c->a, out, val_str(c->a, arena_printf(c->a, "%s%s", name, colon),
						&item->mark));
	}
	return out;
}

static struct val *conv_duration(struct conv *c, struct val *v)
{
	const char *text = conv_str(c, v);
	int64_t secs;
	if (!units_duration_seconds(text, &secs)) {
		conv_error(c, v, "Unsupported duration format: '%s'. Only {h, m, s} "
			   "supported e.g. 1m30s.", text);
		return NULL;
	}
	return val_int(c->a, secs, &v->mark);
}

/* N retries is a failureThreshold of N+1 (Python's x + 1). */
static struct val *conv_retries(struct conv *c, struct val *v)
{
	if (v->kind == VAL_INT || v->kind == VAL_BOOL)
		return val_int(c->a, (v->kind == VAL_INT ? v->i : v->b) + 1, &v->mark);
	if (v->kind == VAL_FLOAT)
		return val_float(c->a, v->f + 1, &v->mark);
	conv_error(c, v, "Invalid 'retries' value: '%s'. Expected int.", conv_str(c, v));
	return NULL;
}

static struct val *conv_healthcheck_exec(struct conv *c, struct val *test)
{
	struct val *first = test->kind == VAL_SEQ && test->seq.n ? test->seq.items[0] : NULL;
	struct val *cmd = val_seq(c->a, &test->mark);
	if (val_is_str(first, "CMD")) {
		for (size_t i = 1; i < test->seq.n; i++)
			val_seq_push(c->a, cmd, test->seq.items[i]);
	} else if (val_is_str(first, "CMD-SHELL") && test->seq.n >= 2) {
		val_seq_push(c->a, cmd, conv_strv(c, "sh", test));
		val_seq_push(c->a, cmd, conv_strv(c, "-c", test));
		val_seq_push(c->a, cmd, test->seq.items[1]);
	} else {
		conv_error(c, test, "Unsupported 'healthcheck.test': '%s'. Only CMD and "
			   "CMD-SHELL are supported.", conv_str(c, test));
		return NULL;
	}
	struct val *exec = val_map(c->a, &test->mark);
	val_map_set(c->a, exec, "command", cmd);
	return exec;
}

/* Move src[key] to out[dst] through fn, when present and not null. */
static void conv_move(struct conv *c, struct taken *t, const char *key, struct val *out,
		      const char *dst, struct val *(*fn)(struct conv *, struct val *))
{
	struct val *v = take(t, key);
	if (!present(v))
		return;
	struct val *r = fn ? fn(c, v) : v;
	if (r)
		val_map_set(c->a, out, dst, r);
}

static struct val *conv_healthcheck(struct conv *c, struct val *src)
{
	if (!conv_expect_map(c, src))
		return NULL;
	struct taken t;
	taken_init(c, &t, src);
	struct val *test = take(&t, "test");
	if (!test) {
		conv_error(c, src, "Missing 'test' in 'healthcheck'.");
		return NULL;
	}
	struct val *probe = val_map(c->a, &src->mark);
	struct val *exec = conv_healthcheck_exec(c, test);
	if (!exec)
		return NULL;
	val_map_set(c->a, probe, "exec", exec);
	conv_move(c, &t, "start_period", probe, "initialDelaySeconds", conv_duration);
	conv_move(c, &t, "interval", probe, "periodSeconds", conv_duration);
	conv_move(c, &t, "timeout", probe, "timeoutSeconds", conv_duration);
	conv_move(c, &t, "retries", probe, "failureThreshold", conv_retries);
	struct val_pair *si = take_pair(&t, "start_interval");
	if (si && val_truthy(si->value))
		conv_info(c, si->key, "Ignoring 'start_interval' in 'healthcheck': not "
			  "supported in K8s.");
	taken_reject_rest(c, &t, "Unsupported key(s) in 'healthcheck': ", "");
	return probe;
}

/* ---- resources ---------------------------------------------------------- */

static struct val *conv_byte_value(struct conv *c, struct val *v)
{
	struct buf q = BUF_INIT;
	struct val *out = NULL;
	if (v->kind == VAL_STR && units_bytes_to_quantity(v->str.s, &q))
		out = val_str(c->a, buf_str(&q), &v->mark);
	else
		conv_error(c, v, "Unsupported byte value (memory quantity): '%s'.",
			   conv_str(c, v));
	buf_free(&q);
	return out;
}

/* deploy.resources.{limits,reservations}: cpus and memory. */
static struct val *conv_resource(struct conv *c, struct val *src)
{
	if (!conv_expect_map(c, src))
		return NULL;
	struct taken t;
	taken_init(c, &t, src);
	struct val *out = val_map(c->a, &src->mark);
	struct val *cpus = take(&t, "cpus"), *memory = take(&t, "memory");
	if (val_truthy(cpus))
		val_map_set(c->a, out, "cpu", cpus);
	if (val_truthy(memory)) {
		struct val *q = conv_byte_value(c, memory);
		if (q)
			val_map_set(c->a, out, "memory", q);
	}
	taken_reject_rest(c, &t, "Unsupported key(s) in 'resource': ", "");
	return out;
}

/* As the chart does, requests default to the limits (a copy, not a share,
 * so the values file has no YAML aliases). */
static void conv_requests_default_to_limits(struct conv *c, struct val *resources)
{
	struct val *limits = val_map_get(resources, "limits");
	if (limits && !val_map_get(resources, "requests")) {
		struct val *copy = val_map(c->a, &limits->mark);
		for (size_t i = 0; i < limits->map.n; i++)
			val_map_put(c->a, copy, limits->map.pairs[i].key, limits->map.pairs[i].value);
		val_map_set(c->a, resources, "requests", copy);
	}
}

static struct val *conv_deploy_resources(struct conv *c, struct val *src)
{
	if (!conv_expect_map(c, src))
		return NULL;
	struct taken t;
	taken_init(c, &t, src);
	struct val *out = val_map(c->a, &src->mark);
	struct val *limits = take(&t, "limits"), *reservations = take(&t, "reservations");
	if (val_truthy(limits) && (limits = conv_resource(c, limits)))
		val_map_set(c->a, out, "limits", limits);
	if (val_truthy(reservations) && (reservations = conv_resource(c, reservations)))
		val_map_set(c->a, out, "requests", reservations);
	taken_reject_rest(c, &t, "Unsupported key(s) in 'resources': ", "");
	conv_requests_default_to_limits(c, out);
	return out;
}

/* deploy.resources wins over the mem_limit and cpus shortcuts. */
static void conv_resources(struct conv *c, struct taken *svc, struct val *out)
{
	struct val_pair *mem = take_pair(svc, "mem_limit"), *cpus = take_pair(svc, "cpus");
	struct val *mem_v = mem ? mem->value : NULL, *cpus_v = cpus ? cpus->value : NULL;
	struct val *deploy = take(svc, "deploy");
	struct taken t = {0};
	struct val *resources = NULL;
	if (present(deploy)) {
		if (!conv_expect_map(c, deploy))
			return;
		taken_init(c, &t, deploy);
		resources = take(&t, "resources");
	}
	if (val_truthy(resources)) {
		struct val *r = conv_deploy_resources(c, resources);
		if (r)
			val_map_set(c->a, out, "resources", r);
		if (val_truthy(mem_v))
			conv_warn(c, mem->key, "Ignoring 'mem_limit: %s' because deploy.resources "
				  "is set which takes precedence.", conv_str(c, mem_v));
		if (val_truthy(cpus_v))
			conv_warn(c, cpus->key, "Ignoring 'cpus: %s' because deploy.resources "
				  "is set which takes precedence.", conv_str(c, cpus_v));
	} else {
		struct val *limits = val_map(c->a, mem_v ? &mem_v->mark : NULL);
		struct val *q = val_truthy(mem_v) ? conv_byte_value(c, mem_v) : NULL;
		if (q)
			val_map_set(c->a, limits, "memory", q);
		if (val_truthy(cpus_v))
			val_map_set(c->a, limits, "cpu", cpus_v);
		if (limits->map.n) {
			struct val *r = val_map(c->a, &limits->mark);
			val_map_set(c->a, r, "limits", limits);
			conv_requests_default_to_limits(c, r);
			val_map_set(c->a, out, "resources", r);
		}
	}
	if (t.map)
		taken_reject_rest(c, &t, "Unsupported key(s) in 'deploy': ", "");
}

/* ---- security context ---------------------------------------------------- */

static struct val *conv_user_int(struct conv *c, const char *text, const struct val *at)
{
	int64_t id;
	if (units_python_int(text, &id))
		return val_int(c->a, id, &at->mark);
	conv_error(c, at, "Invalid 'user' value: '%s'. Expected int.", text);
	return NULL;
}

static struct val *conv_user(struct conv *c, struct val *user)
{
	struct val *sc = val_map(c->a, &user->mark);
	if (user->kind == VAL_INT || user->kind == VAL_BOOL) {
		val_map_set(c->a, sc, "runAsUser", user);
		return sc;
	}
	if (user->kind != VAL_STR) {
		conv_error(c, user, "Invalid 'user' type: %s with value '%s'. Expected int or str.",
			   pytype_name(user), conv_str(c, user));
		return NULL;
	}
	const char *colon = strchr(user->str.s, ':');
	char *uid = arena_strndup(c->a, user->str.s, colon ? (size_t)(colon - user->str.s)
							     : user->str.len);
	struct val *u = conv_user_int(c, uid, user);
	struct val *g = colon ? conv_user_int(c, colon + 1, user) : NULL;
	if (!u || (colon && !g))
		return NULL;
	val_map_set(c->a, sc, "runAsUser", u);
	if (g)
		val_map_set(c->a, sc, "runAsGroup", g);
	return sc;
}

static struct val *conv_seccomp_profile(struct conv *c, const struct val *entry,
					const char *value)
{
	struct val *p = val_map(c->a, &entry->mark);
	if (value && strcmp(value, "unconfined") == 0) {
		val_map_set(c->a, p, "type", conv_strv(c, "Unconfined", entry));
		return p;
	}
	if (value && strcmp(value, "builtin") == 0) {
		val_map_set(c->a, p, "type", conv_strv(c, "RuntimeDefault", entry));
		return p;
	}
	bool dotdot = false;
	for (const char *s = value; s && *s; s += strcspn(s, "/"), s += *s == '/')
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0'))
			dotdot = true;
	if (!value || !*value || value[0] == '/' || dotdot) {
		conv_error(c, entry, "Invalid seccomp profile in 'security_opt': '%s'. Expected "
			   "'unconfined', 'builtin', or a relative profile path (no absolute "
			   "paths or '..').", value ? value : "None");
		return NULL;
	}
	conv_info(c, entry, "seccomp profile '%s' maps to a k8s Localhost profile; the file "
		  "must be pre-staged on every node under the kubelet seccomp root (default "
		  "'/var/lib/kubelet/seccomp/%s'). A missing profile fails at pod launch, not "
		  "conversion.", value, value);
	val_map_set(c->a, p, "type", conv_strv(c, "Localhost", entry));
	val_map_set(c->a, p, "localhostProfile", conv_strv(c, value, entry));
	return p;
}

/* security_opt: only seccomp=<v> (or seccomp:<v>); the last one wins. */
static void conv_security_opt(struct conv *c, struct val *opts, struct val *out)
{
	if (opts->kind != VAL_SEQ) {
		conv_schema_type_error(c, opts, "array");
		return;
	}
	struct val *profile = NULL, *unsupported = val_seq(c->a, &opts->mark);
	const struct val *first_bad = NULL;
	for (size_t i = 0; i < opts->seq.n; i++) {
		struct val *e = opts->seq.items[i];
		size_t sep = e->kind == VAL_STR ? strcspn(e->str.s, "=:") : 0;
		if (e->kind == VAL_STR && sep == 7 && strncmp(e->str.s, "seccomp", 7) == 0) {
			const char *value = e->str.s[sep] ? e->str.s + sep + 1 : NULL;
			profile = conv_seccomp_profile(c, e, value);
			continue;
		}
		val_seq_push(c->a, unsupported, e);
		first_bad = first_bad ? first_bad : e;
	}
	if (first_bad) {
		conv_error(c, first_bad, "Unsupported 'security_opt' entries: %s. Only "
			   "'seccomp=<value>' (or 'seccomp:<value>') is supported.",
			   conv_repr(c, unsupported));
		return;
	}
	if (!profile)
		return;
	struct val *sc = val_map_get(out, "securityContext");
	if (!sc) {
		sc = val_map(c->a, &opts->mark);
		val_map_set(c->a, out, "securityContext", sc);
	}
	val_map_set(c->a, sc, "seccompProfile", profile);
}

/* ---- networking (src/netpol) and the ignored keys ----------------------- */

/* network_mode and networks: src/netpol. */
static void conv_networking(struct conv *c, struct taken *svc, struct val *out)
{
	struct netpol_ctx np = {c->a, c->d, c->context, c->networks};
	if (netpol_service(&np, take_pair(svc, "network_mode"),
			   val_map_find(svc->map, "networks"), out))
		take(svc, "networks");
}

static void conv_hostname(struct conv *c, struct taken *svc)
{
	struct val *h = take(svc, "hostname");
	if (val_truthy(h) && !val_is_str(h, c->service))
		conv_error(c, h, "Unsupported hostname: '%s'. Only the service name is "
			   "supported.", conv_str(c, h));
}

static void conv_ignored_keys(struct conv *c, struct taken *svc)
{
	struct val_pair *p;
	if ((p = take_pair(svc, "memswap_limit")) && present(p->value))
		conv_info(c, p->key, "Ignoring 'memswap_limit: %s': Kubernetes does not expose "
			  "a Compose-equivalent per-container swap limit.", conv_str(c, p->value));
	if ((p = take_pair(svc, "expose")) && present(p->value))
		conv_info(c, p->key, "Ignoring 'expose' key: all ports are open in K8s; and the "
			  "expose key only serves as documentation in Docker Compose.");
	if ((p = take_pair(svc, "init")) && present(p->value))
		conv_info(c, p->key, "Ignoring 'init' key: not supported in K8s.");
}

/* x-local (an Inspect key: do not pull) and build cannot work in a cluster. */
static void conv_build_keys(struct conv *c, struct taken *svc)
{
	struct val_pair *local = take_pair(svc, "x-local"), *build = take_pair(svc, "build");
	take(svc, "x-default");
	bool has_local = local && val_is_str(local->value, "true");
	bool has_build = build && present(build->value);
	if (!has_local && !has_build)
		return;
	conv_warn(c, has_local ? local->key : build->key, "Ignoring %s%s%s: not supported "
		  "in K8s. All images must be available for pulling from a container registry.",
		  has_local ? "`x-local: true`" : "", has_local && has_build ? " and " : "",
		  has_build ? "`build`" : "");
}

/* x-inspect_k8s_sandbox.resources: merged into what mem_limit, cpus and
 * deploy built; a key set by both is a conflict, not an override. */
static void conv_extension_resources(struct conv *c, struct val *src, struct val *out)
{
	if (src->kind != VAL_MAP) {
		conv_error(c, src, "Invalid '%s.resources' type: %s. Expected dict.", EXT_KEY,
			   pytype_name(src));
		return;
	}
	struct val *resources = val_map_get(out, "resources");
	if (!resources) {
		resources = val_map(c->a, &src->mark);
		val_map_set(c->a, out, "resources", resources);
	}
	struct taken t;
	taken_init(c, &t, src);
	static const char *const sections[] = {"requests", "limits"};
	for (size_t s = 0; s < 2; s++) {
		struct val *values = take(&t, sections[s]);
		if (!present(values))
			continue;
		if (values->kind != VAL_MAP) {
			conv_error(c, values, "Invalid '%s.resources.%s' type: %s. Expected dict.",
				   EXT_KEY, sections[s], pytype_name(values));
			continue;
		}
		struct val *target = val_map_get(resources, sections[s]);
		if (!target) {
			target = val_map(c->a, &values->mark);
			val_map_set(c->a, resources, sections[s], target);
		}
		for (size_t i = 0; i < values->map.n; i++) {
			struct val_pair *p = &values->map.pairs[i];
			struct val_pair *old = p->key->kind == VAL_STR ? val_map_find(target, p->key->str.s) : NULL;
			if (old) {
				conv_error(c, p->key, "Conflicting '%s.%s' in '%s.resources': already "
					   "set to '%s' (likely via mem_limit/cpus/deploy).", sections[s],
					   conv_str(c, p->key), EXT_KEY, conv_str(c, old->value));
				continue;
			}
			val_map_put(c->a, target, p->key, p->value);
		}
	}
	taken_reject_rest(c, &t, "Unsupported key(s) in 'x-inspect_k8s_sandbox.resources': ",
			  " Only 'requests' and 'limits' are supported.");
}

static void conv_service_extension(struct conv *c, struct taken *svc, struct val *out)
{
	bool both;
	struct val *ext = take_extension(c, svc, &both);
	if (!present(ext))
		return;
	if (ext->kind != VAL_MAP) {
		conv_error(c, ext, "Invalid '%s' type: %s. Expected dict.", EXT_KEY, pytype_name(ext));
		return;
	}
	struct taken t;
	taken_init(c, &t, ext);
	struct val *resources = take(&t, "resources");
	if (present(resources))
		conv_extension_resources(c, resources, out);
	taken_reject_rest(c, &t, "Unsupported key(s) in service 'x-inspect_k8s_sandbox': ",
			  " Only 'resources' is supported.");
}

/* ---- a whole service ------------------------------------------------------ */

/* Keys in the order of the chart's values.yaml documentation. */
static struct val *conv_service(struct conv *c, struct val *src)
{
	struct taken t;
	taken_init(c, &t, src);
	struct val *out = val_map(c->a, &src->mark);
	conv_move(c, &t, "runtime", out, "runtimeClassName", NULL);
	conv_move(c, &t, "image", out, "image", NULL);
	conv_move(c, &t, "entrypoint", out, "command", conv_str_to_list);
	conv_move(c, &t, "command", out, "args", conv_str_to_list);
	conv_move(c, &t, "working_dir", out, "workingDir", NULL);
	/* Every service gets a DNS record, as in Docker Compose. */
	val_map_set(c->a, out, "dnsRecord", val_bool(c->a, true, &src->mark));
	conv_move(c, &t, "environment", out, "env", conv_env);
	conv_move(c, &t, "volumes", out, "volumes", conv_volumes);
	conv_move(c, &t, "healthcheck", out, "readinessProbe", conv_healthcheck);
	conv_resources(c, &t, out);
	conv_move(c, &t, "user", out, "securityContext", conv_user);
	struct val *sec = take(&t, "security_opt");
	if (present(sec))
		conv_security_opt(c, sec, out);
	conv_ignored_keys(c, &t);
	conv_networking(c, &t, out);
	conv_hostname(c, &t);
	conv_build_keys(c, &t);
	conv_service_extension(c, &t, out);
	taken_reject_rest(c, &t, "Unsupported key(s) in 'service': ", "");
	return out;
}

/* "default" if present; else the first with `x-default: true`; else, when
 * there are several services, the first one. */
static const struct val *conv_default_service(const struct val *services)
{
	if (val_map_find(services, "default"))
		return NULL;
	for (size_t i = 0; i < services->map.n; i++) {
		const struct val *xd = val_map_get(services->map.pairs[i].value, "x-default");
		if (xd && xd->kind == VAL_BOOL && xd->b)
			return services->map.pairs[i].key;
	}
	return services->map.n > 1 ? services->map.pairs[0].key : NULL;
}

static struct val *conv_services(struct conv *c, struct val *src)
{
	struct val *out = val_map(c->a, &src->mark);
	if (!conv_expect_map(c, src))
		return out;
	const struct val *rename = conv_default_service(src);
	const char *file_context = c->context;
	for (size_t i = 0; i < src->map.n; i++) {
		struct val *key = src->map.pairs[i].key, *svc = src->map.pairs[i].value;
		if (!conv_expect_map(c, svc))
			continue;
		c->service = conv_str(c, key);
		c->context = arena_printf(c->a, "Service: '%s'; Compose file: '%s'.",
					  c->service, c->file);
		struct val *name = key == rename ? conv_strv(c, "default", key) : key;
		val_map_put(c->a, out, name, conv_service(c, svc));
	}
	c->context = file_context;
	c->service = NULL;
	return out;
}

/* ---- top level -------------------------------------------------------- */

static struct val *conv_top_volumes(struct conv *c, struct val *src)
{
	struct val *out = val_map(c->a, &src->mark);
	if (!conv_expect_map(c, src))
		return out;
	for (size_t i = 0; i < src->map.n; i++) {
		struct val_pair *p = &src->map.pairs[i];
		if (val_truthy(p->value)) {
			conv_error(c, p->value, "Unsupported volume value: '%s'. Converting "
				   "non-empty volume values is not supported.", conv_str(c, p->value));
			continue;
		}
		const char *name = conv_str(c, p->key);
		val_map_set(c->a, out, conv_k8s_volume_name(c, name, strlen(name)),
			    val_map(c->a, &p->value->mark));
	}
	return out;
}

/* Copy ext[key] to out[dst] when it has the Python type the reference wants. */
static void conv_typed_option(struct conv *c, struct taken *t, const char *key,
			      struct val *out, const char *dst, enum val_kind kind,
			      const char *pytype)
{
	if (!taken_has(t, key))
		return;
	struct val *v = take(t, key);
	if (v->kind != kind) {
		conv_error(c, v, "Invalid '%s' type: %s. Expected %s.", key, pytype_name(v), pytype);
		return;
	}
	val_map_set(c->a, out, dst, v);
}

static void conv_top_extension(struct conv *c, struct val *ext, struct val *out)
{
	if (ext->kind != VAL_MAP) {
		conv_error(c, ext, "Invalid '%s' type: %s. Expected dict.", EXT_KEY, pytype_name(ext));
		return;
	}
	struct taken t;
	taken_init(c, &t, ext);
	struct netpol_ctx np = {c->a, c->d, c->context, c->networks};
	netpol_extension(&np, ext, out);
	for (size_t i = 0; netpol_extension_keys[i]; i++)
		take(&t, netpol_extension_keys[i]);
	conv_typed_option(c, &t, "automount_service_account_token", out,
			  "automountServiceAccountToken", VAL_BOOL, "bool");
	conv_typed_option(c, &t, "service_account_create", out, "serviceAccountCreate",
			  VAL_BOOL, "bool");
	conv_typed_option(c, &t, "service_account_name", out, "serviceAccountName",
			  VAL_STR, "str");
	taken_reject_rest(c, &t, "Unsupported key(s) in 'x-inspect_k8s_sandbox': ", "");
}

struct val *compose_convert(struct arena *a, struct diag *d,
			    const struct val *compose, const char *file)
{
	struct conv c = {a, d, file, arena_printf(a, "Compose file: '%s'.", file), NULL,
			 compose->kind == VAL_MAP ? val_map_get(compose, "networks") : NULL};
	int errors_before = d->errors;
	if (!conv_expect_map(&c, compose))
		return NULL;
	struct taken t;
	taken_init(&c, &t, compose);
	struct val *out = val_map(a, &compose->mark);
	struct val *services = take(&t, "services");
	if (!present(services)) {
		conv_error(&c, services ? services : compose, "The 'services' key is required.");
		return NULL;
	}
	val_map_set(a, out, "services", conv_services(&c, services));
	struct val *volumes = take(&t, "volumes"), *networks = take(&t, "networks");
	if (val_truthy(volumes))
		val_map_set(a, out, "volumes", conv_top_volumes(&c, volumes));
	if (val_truthy(networks) && conv_expect_map(&c, networks)) {
		struct netpol_ctx np = {a, d, c.context, networks};
		val_map_set(a, out, "networks", netpol_top_networks(&np, networks));
	}
	bool both;
	struct val *ext = take_extension(&c, &t, &both);
	if (val_truthy(ext))
		conv_top_extension(&c, ext, out);
	take(&t, "version");
	taken_reject_rest(&c, &t, "Unsupported top-level key(s) in Docker Compose file: ", "");
	return d->errors > errors_before ? NULL : out;
}

/* ---- modes ---------------------------------------------------------------- */

/* A build-only service, or a service name that is not a DNS label, passes
 * the reference's rules but not the chart's schema: the table decides. */
static bool conv_needs_table(const struct val *compose, const struct val *values)
{
	const struct val *services = compose->kind == VAL_MAP ? val_map_get(compose, "services") : NULL;
	for (size_t i = 0; services && services->kind == VAL_MAP && i < services->map.n; i++) {
		const struct val *svc = services->map.pairs[i].value;
		if (svc->kind == VAL_MAP && !present(val_map_get(svc, "image")) &&
		    present(val_map_get(svc, "build")))
			return true;
	}
	services = val_map_get(values, "services");
	for (size_t i = 0; services && i < services->map.n; i++) {
		const struct val *name = services->map.pairs[i].key;
		if (name->kind == VAL_STR && !adapt_service_name_ok(name->str.s))
			return true;
	}
	return false;
}

static void conv_diag_append(struct diag *to, const struct diag *from)
{
	for (size_t i = 0; i < from->n; i++)
		diag_report(to, from->msgs[i].level, &from->msgs[i].mark, "%s", from->msgs[i].text);
}

struct val *compose_convert_mode(struct arena *a, struct diag *d, const struct val *compose,
				 const char *file, const struct compose_convert_opts *o)
{
	if (o->mode == COMPOSE_MODE_STRICT)
		return compose_convert(a, d, compose, file);
	struct diag first;
	diag_init(&first, a);
	struct val *values = compose_convert(a, &first, compose, file);
	if (values && !conv_needs_table(compose, values)) {
		conv_diag_append(d, &first);
		return values;
	}
	if (o->changes)
		o->changes->table_applied = true;
	struct adapt ad = {.a = a, .d = d, .file = file, .o = o, .changes = o->changes};
	int errors_before = d->errors;
	struct val *adapted = adapt_compose(&ad, compose);
	values = compose_convert(a, d, adapted, file);
	if (!values || d->errors > errors_before)
		return NULL;
	adapt_values(&ad, values);
	return values;
}
