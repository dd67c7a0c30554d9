/* helm.c - `helm template`, step by step in Helm's order (the template
 * command's runInstall, the install action's Run and renderResources). */
#define _POSIX_C_SOURCE 200809L
#include "helm/helm.h"
#include "schema/schema.h"
#include "util/diag.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "helm/chart.h"
#include "helm/gostr.h"
#include "helm/manifest.h"
#include "helm/names.h"
#include "helm/render.h"
#include "helm/strvals.h"
#include "helm/values.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/opts.h"
#include "yaml/value.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { HT_OK = 0, HT_REJECTED = 1, HT_IO = 3 };

#define KUBE_VERSION "v1.35.0"   /* what helm template assumes */


/* One -f file, merged over the values so far. */
static int ht_values_file(struct arena *a, const char *path, struct val **base, struct buf *err)
{
	struct buf text = BUF_INIT, msg = BUF_INIT;
	int rc = HT_OK;
	if (!buf_read_file(&text, path)) {
		int e = errno;   /* before buf_addf can change it */
		buf_addf(err, "open %s: ", path);
		gostr_errno(err, e);
		rc = HT_IO;
	} else {
		struct val *v = helm_values_parse(a, buf_str(&text), text.len, path, &msg);
		if (v)
			*base = helm_merge_maps(a, *base, v);
		else
			buf_addf(err, "failed to parse %s: %s", path, buf_str(&msg));
		rc = v ? HT_OK : HT_REJECTED;
	}
	buf_free(&text);
	buf_free(&msg);
	return rc;
}

static int ht_set_flags(struct arena *a, const struct strlist *l, enum helm_set_kind kind,
			struct val *base, struct buf *err)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (helm_strvals_apply(a, base, l->items[i], kind, err) != 0)
			return HT_REJECTED;
	return HT_OK;
}

/* values.Options.MergeValues */
static int ht_user_values(struct arena *a, const struct helm_options *o, struct val **out,
			  struct buf *err)
{
	struct val *base = val_map(a, NULL);
	if (o->base_values && o->base_values->kind == VAL_MAP)
		base = helm_merge_maps(a, base, val_copy(a, o->base_values));
	for (size_t i = 0; o->values_files && i < o->values_files->n; i++) {
		int rc = ht_values_file(a, o->values_files->items[i], &base, err);
		if (rc != HT_OK)
			return rc;
	}
	int rc = ht_set_flags(a, o->set_json, HELM_SET_JSON, base, err);
	if (rc == HT_OK)
		rc = ht_set_flags(a, o->set, HELM_SET, base, err);
	if (rc == HT_OK)
		rc = ht_set_flags(a, o->set_string, HELM_SET_STRING, base, err);
	*out = base;
	return rc;
}

/* The checks between loading and rendering, in Helm's order. */
static int ht_check_chart(const struct helm_chart *c, const struct helm_options *o,
			  struct buf *warn, struct buf *err)
{
	if (*c->type && strcmp(c->type, "application") != 0) {
		buf_addf(err, "%s charts are not installable", c->type);
		return HT_REJECTED;
	}
	if (c->deprecated)
		buf_adds(warn, "this chart is deprecated\n");
	struct buf msg = BUF_INIT;
	int rc = helm_check_release_name(o->release, &msg);
	if (rc != 0)
		buf_addf(err, "release name check failed: %s", buf_str(&msg));
	else
		rc = helm_check_namespace(o->namespace ? o->namespace : "default", err);
	buf_free(&msg);
	return rc == 0 ? HT_OK : HT_REJECTED;
}

static int ht_kube_version(const struct helm_chart *c, struct buf *err)
{
	if (!*c->kube_version || helm_semver_satisfies(c->kube_version, KUBE_VERSION))
		return HT_OK;
	buf_addf(err, "chart requires kubeVersion: %s which is incompatible with Kubernetes %s",
		 c->kube_version, KUBE_VERSION);
	return HT_REJECTED;
}

static int ht_output(struct arena *a, const struct helm_options *o, struct helm_rendered *files,
		     size_t n, struct buf *out, struct buf *warn, struct buf *err)
{
	struct helm_manifests m;
	if (helm_sort_manifests(a, files, n, &m, err, warn) != 0)
		return HT_REJECTED;
	if (!o->output_dir) {
		helm_write_stream(&m, out);
		return HT_OK;
	}
	return helm_write_dir(&m, o->output_dir, out, err) == 0 ? HT_OK : HT_IO;
}

static int ht_chart_path(const char *dir, struct buf *err)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return HT_OK;
	buf_adds(err, "path ");
	gostr_quote(err, dir, strlen(dir));
	buf_adds(err, " not found");
	return HT_IO;
}

/* ValidateAgainstSchema: the coalesced values against values.schema.json.
 * Each violation is an error at its node: in the user's file when it came
 * from one, else named by its path in the values. */
static int ht_validate(struct arena *a, const struct helm_chart *c, const struct val *values,
		       struct diag *d, struct buf *err)
{
	if (!c->schema)
		return HT_OK;
	struct yload y = {.arena = a, .diag = d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	const struct val *schema = yload_string(&y, c->schema->data, c->schema->len,
						arena_printf(a, "%s/values.schema.json", c->name));
	if (!schema) {
		buf_addf(err, "%s/values.schema.json is not valid JSON", c->name);
		return HT_REJECTED;
	}
	struct schema_set *s = schema_set_new(a);
	schema_add(s, "values.schema.json", schema);
	struct schema_result r = {0};
	bool ok = schema_validate(s, "values.schema.json", values, &r);
	for (size_t i = 0; i < r.n; i++) {
		struct buf msg = BUF_INIT;
		struct mark m = r.errors[i].at->mark;
		if (!m.file)
			buf_adds(&msg, "values: ");
		schema_error_format(&r.errors[i], &msg);
		diag_error(d, m.file ? &m : NULL, "%s", buf_str(&msg));
		buf_free(&msg);
	}
	schema_set_free(s);
	if (!ok && !d)
		buf_addf(err, "values don't meet the specifications of the schema of %s", c->name);
	return ok ? HT_OK : HT_REJECTED;
}

static int ht_load_chart(struct arena *a, const struct helm_options *o, struct helm_chart **c,
			 struct buf *err)
{
	if (!o->chart_dir)
		return helm_chart_load_embedded(a, "templates/", c, err);
	return helm_chart_load(a, o->chart_dir, c, err);
}

int helm_template(struct arena *a, const struct helm_options *o, struct buf *out,
		  struct buf *warn, struct buf *err)
{
	struct val *user;
	struct helm_chart *c;
	struct diag quiet;
	diag_init(&quiet, a);
	int rc = o->chart_dir ? ht_chart_path(o->chart_dir, err) : HT_OK;
	if (rc == HT_OK)
		rc = ht_user_values(a, o, &user, err);
	if (rc == HT_OK)
		rc = ht_load_chart(a, o, &c, err);
	if (rc == HT_OK)
		rc = ht_check_chart(c, o, warn, err);
	if (rc != HT_OK)
		return rc;
	struct helm_render_in in = {c, helm_coalesce(a, c->values, user, c->name, warn),
				    o->release, o->namespace};
	struct diag *d = o->diag ? o->diag : &quiet;
	if ((rc = ht_validate(a, c, in.values, d, err)) != HT_OK)
		return rc;
	bool names_ok = o->chart_dir || !o->diag ||
			helm_check_agentenv_names(a, in.values, o->release, o->diag);
	bool values_ok = !o->check_values || o->check_values(o->check_ctx, in.values, d);
	if (!names_ok || !values_ok)
		return HT_REJECTED;
	struct helm_rendered *files;
	size_t n;
	if ((rc = ht_kube_version(c, err)) != HT_OK)
		return rc;
	if (helm_render(a, &in, &files, &n, err) != 0)
		return HT_REJECTED;
	return ht_output(a, o, files, n, out, warn, err);
}
