/* names.c - names of the agent-env chart's objects, checked before
 * rendering (see names.h). */
#include "helm/names.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/pyrepr.h"
#include "yaml/value.h"

#include <string.h>

#define NAMES_MAX 63   /* a DNS-1123 label */

static const char *nm_str(const struct val *map, const char *key)
{
	const struct val *v = map && map->kind == VAL_MAP ? val_map_get(map, key) : NULL;
	return v && v->kind == VAL_STR && v->str.len ? v->str.s : NULL;
}

/* Sprig's trunc 63 | trimSuffix "-" (one dash, as strings.TrimSuffix). */
static char *nm_cut(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	if (n > NAMES_MAX)
		n = NAMES_MAX;
	if (n && s[n - 1] == '-')
		n--;
	return arena_strndup(a, s, n);
}

/* agentEnv.fullname of _helpers.tpl. */
static const char *nm_fullname(struct arena *a, const struct val *values, const char *release)
{
	const struct val *global = values ? val_map_get(values, "global") : NULL;
	const char *over = nm_str(global, "fullnameOverride");
	if (over)
		return nm_cut(a, over);
	const char *name = nm_str(global, "nameOverride");
	if (!name)
		name = "agent-env";
	if (strstr(release, name))
		return nm_cut(a, release);
	return nm_cut(a, arena_printf(a, "%s-%s", name, release));
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? */
static bool nm_label(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* Can the name be written into YAML as it is, without changing its
 * structure: no control characters, blanks, YAML indicators or `..`? The
 * names the reference converter makes of host paths (`-` for `.`,
 * `/dev/null`) are no DNS labels but harmless: Kubernetes refuses them,
 * as it does with the reference's output. */
static bool nm_inert(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || strchr("#{}[],&*!|>'\"%@`", s[i]) ||
		    (s[i] == '.' && i + 1 < n && s[i + 1] == '.'))
			return false;
	return n > 0;
}

/* One volume name (n bytes of s) at node v, a DNS-1123 label when `label`
 * (a claim's name) else inert (a service's reference to one); false after
 * an error. */
static bool nm_check_volume(struct arena *a, struct diag *d, const struct val *v,
			    const char *path, const char *s, size_t n, const char *fullname,
			    bool label)
{
	struct buf name = BUF_INIT;
	pyrepr(val_strn(a, s, n, NULL), &name);
	const struct mark *m = v->mark.file ? &v->mark : NULL;
	bool ok = true;
	if (label && !nm_label(s, n)) {
		diag_error(d, m, "%s: the volume name %s is not a DNS-1123 label (lower case "
			   "letters, digits and '-', starting and ending with a letter or digit)",
			   path, buf_str(&name));
		ok = false;
	} else if (!label && !nm_inert(s, n)) {
		diag_error(d, m, "%s: the volume name %s cannot go into the manifests (it "
			   "holds blanks, control characters, YAML indicators or '..')", path,
			   buf_str(&name));
		ok = false;
	} else if (strlen(fullname) + 1 + n > NAMES_MAX) {
		diag_error(d, m, "%s: the volume name %s makes the claim name '%s-%.*s' longer than "
			   "%d characters; shorten the volume or the release name", path,
			   buf_str(&name), fullname, (int)n, s, NAMES_MAX);
		ok = false;
	}
	buf_free(&name);
	return ok;
}

static bool nm_check_service(struct arena *a, struct diag *d, const struct val_pair *p,
			     const char *fullname)
{
	const char *svc = p->key->kind == VAL_STR ? p->key->str.s : "";
	const struct mark *m = p->key->mark.file ? &p->key->mark : NULL;
	bool ok = true;
	if (strlen(fullname) + 1 + strlen(svc) > NAMES_MAX) {
		diag_error(d, m, "services.%s: the service's objects would be named '%s-%s', longer "
			   "than %d characters; shorten the service or the release name", svc,
			   fullname, svc, NAMES_MAX);
		ok = false;
	}
	const struct val *vols = p->value->kind == VAL_MAP ? val_map_get(p->value, "volumes") : NULL;
	for (size_t i = 0; vols && vols->kind == VAL_SEQ && i < vols->seq.n; i++) {
		const struct val *v = vols->seq.items[i];
		if (v->kind != VAL_STR)
			continue;
		size_t n = strcspn(v->str.s, ":");
		const char *path = arena_printf(a, "services.%s.volumes[%zu]", svc, i);
		ok &= nm_check_volume(a, d, v, path, v->str.s, n, fullname, false);
	}
	return ok;
}

/* An override of the name must keep object names DNS names. */
static bool nm_check_override(struct diag *d, const struct val *values,
			      const char *key)
{
	const struct val *global = val_map_get(values, "global");
	const struct val *v = global && global->kind == VAL_MAP ? val_map_get(global, key) : NULL;
	if (!v || v->kind != VAL_STR || strspn(v->str.s, "-.abcdefghijklmnopqrstuvwxyz0123456789")
	    == v->str.len)
		return true;
	struct buf repr = BUF_INIT;
	pyrepr(v, &repr);
	diag_error(d, v->mark.file ? &v->mark : NULL, "global.%s: %s would be part of every "
		   "object name: only lower case letters, digits, '-' and '.' are allowed", key,
		   buf_str(&repr));
	buf_free(&repr);
	return false;
}

bool helm_check_agentenv_names(struct arena *a, const struct val *values, const char *release,
			       struct diag *d)
{
	if (!values || values->kind != VAL_MAP)
		return true;
	if (!nm_check_override(d, values, "fullnameOverride") |
	    !nm_check_override(d, values, "nameOverride"))
		return false;
	const char *fullname = nm_fullname(a, values, release);
	bool ok = true;
	const struct val *services = val_map_get(values, "services");
	for (size_t i = 0; services && services->kind == VAL_MAP && i < services->map.n; i++)
		ok &= nm_check_service(a, d, &services->map.pairs[i], fullname);
	const struct val *volumes = val_map_get(values, "volumes");
	for (size_t i = 0; volumes && volumes->kind == VAL_MAP && i < volumes->map.n; i++) {
		const struct val *k = volumes->map.pairs[i].key;
		if (k->kind == VAL_STR)
			ok &= nm_check_volume(a, d, k, "volumes", k->str.s, k->str.len, fullname, true);
	}
	return ok;
}
