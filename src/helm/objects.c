/* objects.c - the objects Helm hands to templates besides .Values:
 * .Release, .Capabilities (as `helm template` fakes them: Kubernetes
 * v1.35.0, client-go's default API versions, helm v4.1.4) and .Files,
 * with their Go methods (Files.Get/GetBytes/Glob/Lines/AsConfig/
 * AsSecrets, APIVersions.Has, KubeVersion.String/GitVersion).
 *
 * Go objects are values whose tag names their Go type (a map or a list
 * for named map and slice types), which is how the engine finds their
 * methods. */
#define _POSIX_C_SOURCE 200809L
#include "helm/chart.h"
#include "helm/engine.h"
#include "helm/match.h"
#include "helm/render.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <string.h>

#define TYPE_FILES "engine.files"
#define TYPE_VERSION_SET "common.VersionSet"
#define TYPE_KUBE_VERSION "common.KubeVersion"

/* chartutil.DefaultVersionSet as helm v4.1.4 has it, in its order. */
static const char *const default_api_versions[] = {
	"v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
	"admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
	"apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1",
	"authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
	"authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1",
	"autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
	"batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
	"certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
	"coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
	"discovery.k8s.io/v1beta1", "events.k8s.io/v1", "events.k8s.io/v1beta1",
	"extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
	"flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
	"flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1",
	"networking.k8s.io/v1beta1", "node.k8s.io/v1", "node.k8s.io/v1alpha1",
	"node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
	"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
	"resource.k8s.io/v1", "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1",
	"resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1",
	"scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
	"storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1", NULL,
};

static struct val *obj_str(struct arena *a, const char *s)
{
	return val_str(a, s, NULL);
}

struct val *helm_capabilities(struct arena *a)
{
	/* Go prints a KubeVersion through its String method, so it is the
	 * version string here, with its fields as methods. */
	struct val *kube = obj_str(a, "v1.35.0");
	kube->tag = TYPE_KUBE_VERSION;
	struct val *apis = val_seq(a, NULL);   /* a []string with a Has method */
	apis->tag = TYPE_VERSION_SET;
	apis->go = VAL_GO_STRINGS;
	for (size_t i = 0; default_api_versions[i]; i++)
		val_seq_push(a, apis, obj_str(a, default_api_versions[i]));
	struct val *helm = val_map(a, NULL);
	val_map_set(a, helm, "Version", obj_str(a, "v4.1.4"));
	val_map_set(a, helm, "GitCommit", obj_str(a, "05fa37973dc9e42b76e1d2883494c87174b6074f"));
	val_map_set(a, helm, "GitTreeState", obj_str(a, "clean"));
	val_map_set(a, helm, "GoVersion", obj_str(a, "go1.25.9"));
	val_map_set(a, helm, "KubeClientVersion", obj_str(a, "v1.35"));
	struct val *caps = val_map(a, NULL);
	caps->tag = "*common.Capabilities";
	val_map_set(a, caps, "KubeVersion", kube);
	val_map_set(a, caps, "APIVersions", apis);
	val_map_set(a, caps, "HelmVersion", helm);
	return caps;
}

struct val *helm_release_object(struct arena *a, const char *name, const char *namespace)
{
	struct val *r = val_map(a, NULL);
	val_map_set(a, r, "Name", obj_str(a, name));
	val_map_set(a, r, "Namespace", obj_str(a, namespace));
	val_map_set(a, r, "IsUpgrade", val_bool(a, false, NULL));
	val_map_set(a, r, "IsInstall", val_bool(a, true, NULL));
	val_map_set(a, r, "Revision", val_int(a, 1, NULL));
	val_map_set(a, r, "Service", obj_str(a, "Helm"));
	return r;
}

static struct val *files_new(struct arena *a)
{
	struct val *files = val_map(a, NULL);
	files->tag = TYPE_FILES;
	return files;
}

struct val *helm_files_object(struct arena *a, const struct helm_chart *c)
{
	struct val *files = files_new(a);
	for (size_t i = 0; i < c->nfiles; i++)
		val_map_set(a, files, c->files[i].name,
			    val_strn(a, c->files[i].data, c->files[i].len, NULL));
	return files;
}

/* ---- methods ---------------------------------------------------------------- */

static const char *arg_str(struct tmpl_call *c, size_t i)
{
	return i < c->argc && c->argv[i]->kind == VAL_STR ? c->argv[i]->str.s : "";
}

/* Files.Get / GetBytes: the content, or "" for a missing file. */
static int files_get(struct tmpl_call *c, struct val **result)
{
	struct val *v = val_map_get(c->argv[0], arg_str(c, 1));
	*result = v ? v : val_str(c->arena, "", NULL);
	return 0;
}

/* Files.Glob: the files whose path matches the gobwas/glob pattern. */
static int files_glob(struct tmpl_call *c, struct val **result)
{
	const struct val *files = c->argv[0];
	const char *pattern = arg_str(c, 1);
	struct val *out = files_new(c->arena);
	for (size_t i = 0; i < files->map.n; i++) {
		const struct val *k = files->map.pairs[i].key;
		if (k->kind == VAL_STR && helm_glob_match(pattern, k->str.s))
			val_map_put(c->arena, out, files->map.pairs[i].key, files->map.pairs[i].value);
	}
	*result = out;
	return 0;
}

/* Files.Lines: the lines of a file, without a final empty one. */
static int files_lines(struct tmpl_call *c, struct val **result)
{
	struct val *lines = val_seq(c->arena, NULL);
	lines->go = VAL_GO_STRINGS;
	const struct val *v = val_map_get(c->argv[0], arg_str(c, 1));
	*result = lines;
	if (!v)
		return 0;
	size_t n = v->str.len;
	if (n && v->str.s[n - 1] == '\n')
		n--;
	for (size_t pos = 0;;) {
		const char *nl = memchr(v->str.s + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - v->str.s) : n;
		val_seq_push(c->arena, lines, val_strn(c->arena, v->str.s + pos, end - pos, NULL));
		if (!nl)
			return 0;
		pos = end + 1;
	}
}

/* Call one of the engine's functions (toYaml) from a method. */
static int call_func(struct tmpl_call *c, const char *name, struct val *arg, struct val **result)
{
	const struct tmpl_func *tables[] = {tmplfn_helm(), tmplfn_sprig()};
	for (size_t t = 0; t < 2; t++)
		for (const struct tmpl_func *f = tables[t]; f && f->name; f++)
			if (strcmp(f->name, name) == 0) {
				struct tmpl_call sub = {c->exec, c->arena, name, &arg, 1};
				return f->fn(&sub, result);
			}
	return tmpl_call_fail(c, "function %s not available", name);
}

static void base64_encode(struct buf *out, const char *s, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = u[i] << 16 | (i + 1 < n ? u[i + 1] << 8 : 0) | (i + 2 < n ? u[i + 2] : 0);
		buf_addc(out, tab[v >> 18 & 63]);
		buf_addc(out, tab[v >> 12 & 63]);
		buf_addc(out, i + 1 < n ? tab[v >> 6 & 63] : '=');
		buf_addc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* AsConfig / AsSecrets: base name -> content (or its base64), as YAML. */
static int files_as_map(struct tmpl_call *c, bool secrets, struct val **result)
{
	const struct val *files = c->argv[0];
	struct val *m = val_map(c->arena, NULL);
	for (size_t i = 0; i < files->map.n; i++) {
		const struct val *k = files->map.pairs[i].key;
		struct val *v = files->map.pairs[i].value;
		const char *base = strrchr(k->str.s, '/');
		struct val *content = v;
		if (secrets) {
			struct buf b = BUF_INIT;
			base64_encode(&b, v->str.s, v->str.len);
			content = val_strn(c->arena, buf_str(&b), b.len, NULL);
			buf_free(&b);
		}
		val_map_set(c->arena, m, base ? base + 1 : k->str.s, content);
	}
	return call_func(c, "toYaml", m, result);
}

static int files_as_config(struct tmpl_call *c, struct val **result)
{
	return files_as_map(c, false, result);
}

static int files_as_secrets(struct tmpl_call *c, struct val **result)
{
	return files_as_map(c, true, result);
}

/* VersionSet.Has */
static int versions_has(struct tmpl_call *c, struct val **result)
{
	const struct val *set = c->argv[0];
	const char *want = arg_str(c, 1);
	bool has = false;
	for (size_t i = 0; !has && i < set->seq.n; i++)
		has = val_is_str(set->seq.items[i], want);
	*result = val_bool(c->arena, has, NULL);
	return 0;
}

/* KubeVersion's fields and methods: Version, GitVersion and String are
 * the version, Major and Minor its numbers. */
static int kube_version(struct tmpl_call *c, struct val **result)
{
	*result = val_str(c->arena, "v1.35.0", NULL);
	return 0;
}

static int kube_major(struct tmpl_call *c, struct val **result)
{
	*result = val_str(c->arena, "1", NULL);
	return 0;
}

static int kube_minor(struct tmpl_call *c, struct val **result)
{
	*result = val_str(c->arena, "35", NULL);
	return 0;
}

static const struct tmpl_method methods[] = {
	{TYPE_FILES, "Get", files_get, "s"},
	{TYPE_FILES, "GetBytes", files_get, "s"},
	{TYPE_FILES, "Glob", files_glob, "s"},
	{TYPE_FILES, "Lines", files_lines, "s"},
	{TYPE_FILES, "AsConfig", files_as_config, ""},
	{TYPE_FILES, "AsSecrets", files_as_secrets, ""},
	{TYPE_VERSION_SET, "Has", versions_has, "s"},
	{TYPE_KUBE_VERSION, "Version", kube_version, ""},
	{TYPE_KUBE_VERSION, "Major", kube_major, ""},
	{TYPE_KUBE_VERSION, "Minor", kube_minor, ""},
	{TYPE_KUBE_VERSION, "String", kube_version, ""},
	{TYPE_KUBE_VERSION, "GitVersion", kube_version, ""},
	{NULL, NULL, NULL, NULL},
};

const struct tmpl_method *helm_methods(void)
{
	return methods;
}
