/* values.c - Helm's mergeMaps, CoalesceValues (coalesceValues and
 * coalesceTablesFullKey of pkg/chart/common/util), LoadValues and
 * ValidateReleaseName.
 *
 * Coalescing works on private deep copies, as Helm's does (copystructure):
 * values files may share subtrees through YAML aliases, and coalescing
 * deletes and adds keys in place. */
#define _POSIX_C_SOURCE 200809L
#include "helm/values.h"
#include "helm/engine.h"
#include "helm/gostr.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <stdbool.h>
#include <string.h>

/* ---- merging ----------------------------------------------------------- */

struct val *helm_merge_maps(struct arena *a, const struct val *dst, const struct val *src)
{
	struct val *out = val_map(a, NULL);
	for (size_t i = 0; dst && i < dst->map.n; i++)
		val_map_put(a, out, dst->map.pairs[i].key, dst->map.pairs[i].value);
	for (size_t i = 0; src && i < src->map.n; i++) {
		struct val *key = src->map.pairs[i].key, *v = src->map.pairs[i].value;
		struct val_pair *have = val_map_find_val(out, key);
		if (v->kind == VAL_MAP && have && have->value->kind == VAL_MAP)
			have->value = helm_merge_maps(a, have->value, v);
		else
			val_map_put(a, out, key, v);
	}
	return out;
}

/* ---- coalescing ------------------------------------------------------------ */

struct co {
	struct arena *a;
	struct buf *warn;
};

static const char *co_key(struct arena *a, const char *prefix, const struct val *key)
{
	struct buf b = BUF_INIT;
	if (prefix && *prefix)
		buf_addf(&b, "%s.", prefix);
	gostr_sprint(&b, key);
	char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void co_warn(struct co *c, const char *fmt, const char *key, const struct val *v)
{
	struct buf value = BUF_INIT;
	if (v)
		gostr_sprint(&value, v);
	buf_addf(c->warn, fmt, key, buf_str(&value));
	buf_addc(c->warn, '\n');
	buf_free(&value);
}

/* coalesceTablesFullKey: src (defaults) under dst (user), in place. */
static void co_tables(struct co *c, struct val *dst, const struct val *src, const char *prefix)
{
	for (size_t i = 0; i < src->map.n; i++) {
		struct val *key = src->map.pairs[i].key, *v = src->map.pairs[i].value;
		const char *full = co_key(c->a, prefix, key);
		struct val_pair *have = val_map_find_val(dst, key);
		if (!have) {
			val_map_put(c->a, dst, key, v);
		} else if (have->value->kind == VAL_NULL) {
			/* the user's null removes a default, and stays where there is none */
			if (v->kind != VAL_NULL) {
				size_t at = (size_t)(have - dst->map.pairs);
				memmove(have, have + 1, (dst->map.n - at - 1) * sizeof *have);
				dst->map.n--;
				dst->map.index = NULL;
				dst->map.index_cap = 0;
			}
		} else if (v->kind == VAL_MAP) {
			if (have->value->kind == VAL_MAP)
				co_tables(c, have->value, v, full);
			else
				co_warn(c, "warning: cannot overwrite table with non table for %s (%s)",
					full, v);
		} else if (have->value->kind == VAL_MAP && v->kind != VAL_NULL) {
			co_warn(c, "warning: destination for %s is a table. Ignoring non-table value (%s)",
				full, v);
		}
	}
}

/* coalesceValues for the chart itself (prefix ""): its defaults under v. */
static void co_values(struct co *c, struct val *v, const struct val *defaults, const char *chart)
{
	for (size_t i = 0; defaults && i < defaults->map.n; i++) {
		struct val *key = defaults->map.pairs[i].key, *dv = defaults->map.pairs[i].value;
		struct val_pair *have = val_map_find_val(v, key);
		if (!have) {
			val_map_put(c->a, v, key, dv);
		} else if (have->value->kind == VAL_NULL) {
			size_t at = (size_t)(have - v->map.pairs);
			memmove(have, have + 1, (v->map.n - at - 1) * sizeof *have);
			v->map.n--;
			v->map.index = NULL;
			v->map.index_cap = 0;
		} else if (have->value->kind == VAL_MAP) {
			if (dv->kind == VAL_MAP)
				co_tables(c, have->value, dv, co_key(c->a, chart, key));
			else if (dv->kind != VAL_NULL)
				co_warn(c, "warning: skipped value for %s: Not a table.",
					co_key(c->a, chart, key), NULL);
		}
	}
}

struct val *helm_coalesce(struct arena *a, const struct val *defaults, const struct val *user,
			  const char *chart, struct buf *warn)
{
	struct co c = {a, warn};
	struct val *v = user && user->kind == VAL_MAP ? val_copy(a, user) : val_map(a, NULL);
	struct val *d = defaults && defaults->kind == VAL_MAP ? val_copy(a, defaults) : NULL;
	co_values(&c, v, d, chart);
	return v;
}

/* ---- values files ------------------------------------------------------------ */

/* Helm's LoadValues is goyaml_load_values (documents cut at `---` lines,
 * each a mapping, merged): it words its errors as Helm does. */
struct val *helm_values_parse(struct arena *a, const char *text, size_t len, const char *name,
			      struct buf *err)
{
	struct diag d;
	diag_init(&d, a);
	struct val *v = goyaml_load_values(a, &d, text, len, name);
	if (!v)
		buf_adds(err, d.n ? d.msgs[0].text : "cannot unmarshal yaml document");
	else if (v->kind != VAL_MAP)
		v = val_map(a, NULL);
	return v;
}

/* ---- release names --------------------------------------------------------- */

static bool rn_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ :
 * dot-separated labels of [-a-z0-9] that start and end alphanumeric. */
static bool rn_matches(const char *s)
{
	for (;;) {
		size_t n = strspn(s, "-abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0 || !rn_alnum(s[0]) || !rn_alnum(s[n - 1]))
			return false;
		s += n;
		if (*s == '\0')
			return true;
		if (*s++ != '.')
			return false;
	}
}

/* Not Helm's (helm template takes any namespace): the namespace reaches
 * metadata, labels and the CoreDNS Corefile, so it must be what Kubernetes
 * accepts, a DNS-1123 label; messages are apimachinery's. */
int helm_check_namespace(const char *ns, struct buf *err)
{
	size_t n = strlen(ns);
	if (n <= 63 && n > 0 && !strchr(ns, '.') && rn_matches(ns))
		return 0;
	buf_adds(err, "invalid namespace ");
	gostr_quote(err, ns, n);
	if (n > 63)
		buf_adds(err, ": must be no more than 63 characters");
	else
		buf_adds(err, ": a lowercase RFC 1123 label must consist of lower case alphanumeric "
			 "characters or '-', and must start and end with an alphanumeric character "
			 "(e.g. 'my-name',  or '123-abc', regex used for validation is "
			 "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
	return -1;
}

int helm_check_release_name(const char *name, struct buf *err)
{
	struct buf q = BUF_INIT;
	gostr_quote(&q, name, strlen(name));
	int rc = 0;
	if (*name == '\0') {
		buf_addf(err, "release name %s: no name provided", buf_str(&q));
		rc = -1;
	} else if (strlen(name) > 53 || !rn_matches(name)) {
		buf_addf(err, "release name %s: invalid release name, must match regex "
			 "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ "
			 "and the length must not be longer than 53", buf_str(&q));
		rc = -1;
	}
	buf_free(&q);
	return rc;
}
