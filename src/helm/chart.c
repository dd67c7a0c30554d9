/* chart.c - Helm's directory loader (LoadDir, LoadFiles) and chart
 * metadata (Chart.yaml decoded into Helm's Metadata, sanitized and
 * validated in Helm's order, with Helm's messages). */
#define _DEFAULT_SOURCE
#include "helm/chart.h"
#include "util/embed.h"
#include "helm/gostr.h"
#include "helm/match.h"
#include "helm/values.h"
#include "helm/yamldoc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHART_MAX_DEPTH 64   /* directory nesting (symlink loops end here) */

struct loader {
	struct arena *a;
	const char *root;
	struct helm_ignore *rules;
	struct helm_file *files;
	size_t n, cap;
	struct buf *err;
};

/* ---- reading the directory ----------------------------------------------- */

static int ld_read(struct loader *l, const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;   /* before buf_addf can change it */
		buf_addf(l->err, "open %s: ", path);
		gostr_errno(l->err, e);
		return 3;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		int e = errno;   /* before buf_addf can change it */
		buf_addf(l->err, "read %s: ", path);
		gostr_errno(l->err, e);
		buf_free(&b);
		return 3;
	}
	size_t skip = b.len >= 3 && memcmp(b.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		l->files = arena_grow(l->a, l->files, l->n * sizeof *l->files, cap * sizeof *l->files);
		l->cap = cap;
	}
	l->files[l->n++] = (struct helm_file){arena_strdup(l->a, name),
		arena_strndup(l->a, buf_str(&b) + skip, b.len - skip), b.len - skip};
	buf_free(&b);
	return 0;
}

static int ld_cmp_names(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

static int ld_walk(struct loader *l, const char *dir, const char *rel, int depth);

/* One directory entry: a subdirectory to walk or a file to read. */
static int ld_entry(struct loader *l, const char *dir, const char *rel, const char *entry,
		    int depth)
{
	char *path = arena_printf(l->a, "%s/%s", dir, entry);
	char *name = *rel ? arena_printf(l->a, "%s/%s", rel, entry) : arena_strdup(l->a, entry);
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;   /* before buf_addf can change it */
		buf_addf(l->err, "stat %s: ", path);
		gostr_errno(l->err, e);
		return 3;
	}
	if (S_ISDIR(st.st_mode))
		return helm_ignore_match(l->rules, name, true) ? 0 : ld_walk(l, path, name, depth + 1);
	if (helm_ignore_match(l->rules, name, false))
		return 0;
	if (!S_ISREG(st.st_mode)) {
		buf_addf(l->err, "cannot load irregular file %s as it has file mode type bits set",
			 path);
		return 1;
	}
	return ld_read(l, path, name);
}

static int ld_walk(struct loader *l, const char *dir, const char *rel, int depth)
{
	if (depth > CHART_MAX_DEPTH) {
		buf_addf(l->err, "%s: directories nested too deeply", dir);
		return 1;
	}
	struct dirent **names;
	int n = scandir(dir, &names, NULL, ld_cmp_names);
	if (n < 0) {
		int e = errno;   /* before buf_addf can change it */
		buf_addf(l->err, "open %s: ", dir);
		gostr_errno(l->err, e);
		return 3;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		if (rc == 0 && strcmp(e, ".") != 0 && strcmp(e, "..") != 0)
			rc = ld_entry(l, dir, rel, e, depth);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int ld_rules(struct loader *l)
{
	char *path = arena_printf(l->a, "%s/.helmignore", l->root);
	struct stat st;
	if (stat(path, &st) == 0) {
		size_t before = l->n;
		int rc = ld_read(l, path, ".helmignore");
		if (rc != 0)
			return rc;
		l->n = before;   /* read again, in order, by the walk */
		l->rules = helm_ignore_parse(l->a, l->files[before].data, l->files[before].len, l->err);
		if (!l->rules)
			return 1;
	} else {
		l->rules = helm_ignore_parse(l->a, "", 0, l->err);
	}
	helm_ignore_add_defaults(l->a, l->rules);
	return 0;
}

/* ---- Chart.yaml --------------------------------------------------------------- */

struct md {
	struct arena *a;
	struct buf *err;
};

/* Helm's sanitizeString: spaces become ' ', non-printables go. */
static const char *md_sanitize(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0, n = strlen(s), size; i < n; i += size) {
		uint32_t r = gostr_rune(s + i, n - i, &size);
		if (gostr_is_space(r))
			buf_addc(&b, ' ');
		else if (r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0) && r != 0xAD)
			buf_add(&b, s + i, size);
	}
	char *out = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return out;
}

static const char *md_json_type(const struct val *v)
{
	static const char *const names[] = {"null", "bool", "number", "number", "string",
					    "array", "object"};
	return names[v->kind];
}

static int md_type_error(struct md *m, const struct val *v, const char *field, const char *type)
{
	buf_addf(m->err, "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: "
		 "json: cannot unmarshal %s into Go struct field %s of type %s",
		 md_json_type(v), field, type);
	return -1;
}

/* A string field: any scalar as its text, null as "". */
static int md_string_raw(struct md *m, const struct val *v, const char *field, bool sanitize,
			 struct val **out)
{
	struct buf b = BUF_INIT;
	switch (v->kind) {
	case VAL_NULL: break;
	case VAL_BOOL: buf_adds(&b, v->b ? "true" : "false"); break;
	case VAL_INT: buf_addf(&b, "%lld", (long long)v->i); break;
	case VAL_FLOAT: gostr_format_float(&b, v->f); break;
	case VAL_STR: buf_add(&b, v->str.s, v->str.len); break;
	default:
		buf_free(&b);
		return md_type_error(m, v, field, "string");
	}
	*out = val_str(m->a, sanitize ? md_sanitize(m->a, buf_str(&b)) : buf_str(&b), NULL);
	buf_free(&b);
	return 0;
}

static int md_string(struct md *m, const struct val *v, const char *field, struct val **out)
{
	return md_string_raw(m, v, field, true, out);
}

static int md_strings(struct md *m, const struct val *v, const char *field, struct val **out)
{
	*out = val_seq(m->a, NULL);
	if (v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_SEQ)
		return md_type_error(m, v, field, "[]string");
	for (size_t i = 0; i < v->seq.n; i++) {
		struct val *s;
		if (md_string(m, v->seq.items[i], field, &s) != 0)
			return -1;
		val_seq_push(m->a, *out, s);
	}
	return 0;
}

static int md_annotations(struct md *m, const struct val *v, struct val **out)
{
	*out = val_map(m->a, NULL);
	if (v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_MAP)
		return md_type_error(m, v, "Metadata.annotations", "map[string]string");
	for (size_t i = 0; i < v->map.n; i++) {
		struct val *s;
		const struct val *item = v->map.pairs[i].value;
		if (item->kind == VAL_SEQ || item->kind == VAL_MAP)
			return md_type_error(m, item, "Metadata.annotations", "string");
		md_string(m, item, "Metadata.annotations", &s);
		if (item->kind == VAL_NULL)
			s = val_str(m->a, "", NULL);
		val_map_put(m->a, *out, v->map.pairs[i].key, s);
	}
	return 0;
}

/* A list of objects (maintainers, dependencies) with string fields: the
 * JSON names in `json`, the Go names in `go` (same order). */
static int md_objects(struct md *m, const struct val *v, const char *field,
		      const char *const *json, const char *const *go, struct val **out)
{
	*out = val_seq(m->a, NULL);
	if (v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_SEQ)
		return md_type_error(m, v, field, "[]*chart.Maintainer");
	for (size_t i = 0; i < v->seq.n; i++) {
		const struct val *item = v->seq.items[i];
		if (item->kind == VAL_NULL) {
			val_seq_push(m->a, *out, val_null(m->a, NULL));
			continue;
		}
		if (item->kind != VAL_MAP)
			return md_type_error(m, item, field, "chart.Maintainer");
		struct val *obj = val_map(m->a, NULL);
		for (size_t k = 0; json[k]; k++) {
			const struct val *f = val_map_get(item, json[k]);
			struct val *s = val_str(m->a, "", NULL);
			if (f && f->kind != VAL_SEQ && f->kind != VAL_MAP && md_string(m, f, field, &s) != 0)
				return -1;
			val_map_set(m->a, obj, go[k], s);
		}
		val_seq_push(m->a, *out, obj);
	}
	return 0;
}

/* JSON name, Go name, and whether Helm sanitizes it */
static const struct {
	const char *json, *go;
	bool sanitize;
} md_string_fields[] = {
	{"name", "Name", true}, {"home", "Home", true}, {"version", "Version", false},
	{"description", "Description", true}, {"icon", "Icon", true},
	{"apiVersion", "APIVersion", false}, {"condition", "Condition", true},
	{"tags", "Tags", true}, {"appVersion", "AppVersion", true},
	{"kubeVersion", "KubeVersion", true}, {"type", "Type", false}, {NULL, NULL, false},
};

static int md_strings_all(struct md *m, const struct val *doc, struct val *meta)
{
	for (int i = 0; md_string_fields[i].json; i++) {
		const struct val *v = val_map_get(doc, md_string_fields[i].json);
		struct val *s = val_str(m->a, "", NULL);
		char field[64];
		snprintf(field, sizeof field, "Metadata.%s", md_string_fields[i].json);
		if (v && md_string_raw(m, v, field, md_string_fields[i].sanitize, &s) != 0)
			return -1;
		val_map_set(m->a, meta, md_string_fields[i].go, s);
	}
	return 0;
}

static int md_lists_all(struct md *m, const struct val *doc, struct val *meta)
{
	static const char *const mj[] = {"name", "email", "url", NULL};
	static const char *const mg[] = {"Name", "Email", "URL", NULL};
	static const char *const dj[] = {"name", "version", "repository", "condition", "alias",
					 NULL};
	static const char *const dg[] = {"Name", "Version", "Repository", "Condition", "Alias",
					 NULL};
	const struct val *none = val_null(m->a, NULL), *v;
	struct val *out;
	if (md_strings(m, (v = val_map_get(doc, "sources")) ? v : none, "Metadata.sources", &out))
		return -1;
	val_map_set(m->a, meta, "Sources", out);
	if (md_strings(m, (v = val_map_get(doc, "keywords")) ? v : none, "Metadata.keywords", &out))
		return -1;
	val_map_set(m->a, meta, "Keywords", out);
	if (md_objects(m, (v = val_map_get(doc, "maintainers")) ? v : none,
		       "Metadata.maintainers", mj, mg, &out))
		return -1;
	val_map_set(m->a, meta, "Maintainers", out);
	if (md_objects(m, (v = val_map_get(doc, "dependencies")) ? v : none,
		       "Metadata.dependencies", dj, dg, &out))
		return -1;
	val_map_set(m->a, meta, "Dependencies", out);
	if (md_annotations(m, (v = val_map_get(doc, "annotations")) ? v : none, &out))
		return -1;
	val_map_set(m->a, meta, "Annotations", out);
	return 0;
}

static struct val *md_decode(struct md *m, const struct val *doc)
{
	struct val *meta = val_map(m->a, NULL);
	if (doc->kind != VAL_MAP && doc->kind != VAL_NULL) {
		buf_addf(m->err, "cannot load Chart.yaml: error unmarshaling JSON: while decoding "
			 "JSON: json: cannot unmarshal %s into Go value of type loader.chartBase",
			 md_json_type(doc));
		return NULL;
	}
	if (doc->kind == VAL_NULL)
		doc = val_map(m->a, NULL);
	if (md_strings_all(m, doc, meta) != 0 || md_lists_all(m, doc, meta) != 0)
		return NULL;
	const struct val *dep = val_map_get(doc, "deprecated");
	val_map_set(m->a, meta, "Deprecated", val_bool(m->a, dep && dep->kind == VAL_BOOL && dep->b,
							 NULL));
	val_map_set(m->a, meta, "IsRoot", val_bool(m->a, true, NULL));
	return meta;
}

static const char *md_get(const struct val *meta, const char *field)
{
	const struct val *v = val_map_get(meta, field);
	return v && v->kind == VAL_STR ? v->str.s : "";
}

/* Metadata.Validate, in Helm's order. */
static int md_validate(struct md *m, const struct val *meta)
{
	const char *name = md_get(meta, "Name"), *version = md_get(meta, "Version");
	const char *type = md_get(meta, "Type");
	struct buf q = BUF_INIT;
	int rc = -1;
	if (!*name) {
		buf_adds(m->err, "validation: chart.metadata.name is required");
	} else if (strchr(name, '/')) {   /* name != filepath.Base(name) */
		gostr_quote(&q, name, strlen(name));
		buf_addf(m->err, "validation: chart.metadata.name %s is invalid", buf_str(&q));
	} else if (!*version) {
		buf_adds(m->err, "validation: chart.metadata.version is required");
	} else if (!helm_semver_valid(version)) {
		gostr_quote(&q, version, strlen(version));
		buf_addf(m->err, "validation: chart.metadata.version %s is invalid", buf_str(&q));
	} else if (*type && strcmp(type, "application") != 0 && strcmp(type, "library") != 0) {
		buf_adds(m->err, "validation: chart.metadata.type must be application or library");
	} else {
		rc = 0;
		const struct val *ms = val_map_get(meta, "Maintainers");
		for (size_t i = 0; rc == 0 && i < ms->seq.n; i++)
			if (ms->seq.items[i]->kind == VAL_NULL) {
				buf_adds(m->err, "validation: maintainers must not contain empty or "
					 "null nodes");
				rc = -1;
			}
		const struct val *ds = val_map_get(meta, "Dependencies");
		for (size_t i = 0; rc == 0 && i < ds->seq.n; i++)
			if (ds->seq.items[i]->kind == VAL_NULL) {
				buf_adds(m->err, "validation: dependencies must not contain empty or "
					 "null nodes");
				rc = -1;
			}
	}
	buf_free(&q);
	return rc;
}

static int md_api_version(struct md *m, struct val *meta)
{
	const char *v = md_get(meta, "APIVersion");
	if (!*v)
		val_map_set(m->a, meta, "APIVersion", val_str(m->a, "v1", NULL));
	else if (strcmp(v, "v3") == 0)
		buf_adds(m->err, "invalid chart apiVersion");
	else if (strcmp(v, "v1") != 0 && strcmp(v, "v2") != 0)
		buf_adds(m->err, "unsupported chart version");
	else
		return 0;
	return *v ? -1 : 0;
}

static int chart_metadata(struct arena *a, struct helm_chart *c, const struct helm_file *f,
			  struct buf *err)
{
	struct md m = {a, err};
	struct buf msg = BUF_INIT;
	struct val *doc = helm_yaml_tree(a, f->data, f->len, &msg);
	if (!doc) {
		buf_addf(err, "cannot load Chart.yaml: %s", buf_str(&msg));
		buf_free(&msg);
		return 1;
	}
	buf_free(&msg);
	struct val *meta = md_decode(&m, doc);
	if (!meta || md_api_version(&m, meta) != 0)
		return 1;
	c->metadata = meta;
	c->name = md_get(meta, "Name");
	c->version = md_get(meta, "Version");
	c->type = md_get(meta, "Type");
	c->kube_version = md_get(meta, "KubeVersion");
	c->deprecated = val_map_get(meta, "Deprecated")->b;
	return 0;
}

/* ---- sorting the files out (LoadFiles) -------------------------------------- */

static void chart_push(struct arena *a, struct helm_file **list, size_t *n,
		       const struct helm_file *f)
{
	/* doubling: the capacity is implied by the count (0, 8, 16, 32...) */
	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0))
		*list = arena_grow(a, *list, *n * sizeof **list, (*n ? *n * 2 : 8) * sizeof **list);
	(*list)[(*n)++] = *f;
}

/* charts/NAME...: a subchart (a directory or an archive), unless NAME
 * starts with _ or . (Helm skips those); provenance files are .Files. */
static bool chart_is_subchart(const char *name)
{
	size_t n = strlen(name);
	if (strncmp(name, "charts/", 7) != 0 || (n > 5 && strcmp(name + n - 5, ".prov") == 0))
		return false;
	return name[7] != '_' && name[7] != '.';
}

static bool chart_is_skipped(const char *name)
{
	return strncmp(name, "charts/", 7) == 0 && (name[7] == '_' || name[7] == '.');
}

static int chart_values(struct arena *a, struct helm_chart *c, const struct helm_file *f,
			struct buf *err)
{
	struct buf msg = BUF_INIT;
	c->values = helm_values_parse(a, f->data, f->len, "values.yaml", &msg);
	if (!c->values)
		buf_addf(err, "cannot load values.yaml: %s", buf_str(&msg));
	buf_free(&msg);
	return c->values ? 0 : 1;
}

static int chart_sort_files(struct arena *a, struct helm_chart *c, struct helm_file *files,
			    size_t n, struct buf *err)
{
	const struct helm_file *subchart = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct helm_file *f = &files[i];
		if (strcmp(f->name, "Chart.yaml") == 0 || strcmp(f->name, "Chart.lock") == 0 ||
		    strcmp(f->name, "requirements.yaml") == 0 ||
		    strcmp(f->name, "requirements.lock") == 0)
			continue;
		if (strcmp(f->name, "values.yaml") == 0) {
			if (chart_values(a, c, f, err) != 0)
				return 1;
		} else if (strcmp(f->name, "values.schema.json") == 0) {
			c->schema = f;
		} else if (strncmp(f->name, "templates/", 10) == 0) {
			chart_push(a, &c->templates, &c->ntemplates, f);
		} else if (chart_is_subchart(f->name)) {
			if (!subchart)
				subchart = f;
		} else if (!chart_is_skipped(f->name)) {
			chart_push(a, &c->files, &c->nfiles, f);
		}
	}
	if (subchart) {
		buf_addf(err, "%s: subcharts are not supported yet", subchart->name);
		return 1;
	}
	return 0;
}

/* CheckDependencies: every dependency of Chart.yaml must be in charts/,
 * which (without subchart support) means there must be none. */
static int chart_dependencies(const struct helm_chart *c, struct buf *err)
{
	const struct val *deps = val_map_get(c->metadata, "Dependencies");
	if (!deps || deps->seq.n == 0)
		return 0;
	buf_adds(err, "an error occurred while checking for chart dependencies. You may need to "
		 "run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, "
		 "but missing in charts/ directory: ");
	for (size_t i = 0; i < deps->seq.n; i++)
		buf_addf(err, "%s%s", i ? ", " : "", md_get(deps->seq.items[i], "Name"));
	return 1;
}

static int chart_find_root(struct arena *a, const char *dir, const char **root, struct buf *err)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		buf_adds(err, "path ");
		gostr_quote(err, dir, strlen(dir));
		buf_adds(err, " not found");
		return 3;
	}
	if (!S_ISDIR(st.st_mode)) {
		buf_addf(err, "%s: not a chart directory (chart archives are not supported)", dir);
		return 1;
	}
	char abs[PATH_MAX];
	if (!realpath(dir, abs)) {
		buf_addf(err, "%s: %s", dir, strerror(errno));
		return 3;
	}
	*root = arena_strdup(a, abs);
	char *chart_yaml = arena_printf(a, "%s/Chart.yaml", abs);
	if (stat(chart_yaml, &st) != 0) {
		buf_addf(err, "unable to detect chart at %s: open %s: %s", chart_yaml, chart_yaml,
			 "no such file or directory");
		return 1;
	}
	return 0;
}

/* The chart that `files` make up (names relative to the chart, in Helm's
 * load order). */
int helm_chart_build(struct arena *a, struct helm_file *files, size_t n,
		     struct helm_chart **out, struct buf *err)
{
	int rc;
	struct helm_chart *c = arena_alloc(a, sizeof *c);
	for (size_t i = 0; i < n; i++)
		if (strcmp(files[i].name, "Chart.yaml") == 0 &&
		    (rc = chart_metadata(a, c, &files[i], err)) != 0)
			return rc;
	if (!c->metadata) {
		buf_adds(err, "Chart.yaml file is missing");
		return 1;
	}
	c->values = val_map(a, NULL);
	struct md m = {a, err};
	if ((rc = chart_sort_files(a, c, files, n, err)) != 0)
		return rc;
	if (md_validate(&m, c->metadata) != 0)
		return 1;
	if ((rc = chart_dependencies(c, err)) != 0)
		return rc;
	*out = c;
	return 0;
}

int helm_chart_load(struct arena *a, const char *dir, struct helm_chart **out, struct buf *err)
{
	struct loader l = {.a = a, .err = err};
	int rc = chart_find_root(a, dir, &l.root, err);
	if (rc == 0)
		rc = ld_rules(&l);
	if (rc == 0)
		rc = ld_walk(&l, l.root, "", 0);
	return rc ? rc : helm_chart_build(a, l.files, l.n, out, err);
}

static int chart_cmp_files(const void *x, const void *y)
{
	return strcmp(((const struct helm_file *)x)->name, ((const struct helm_file *)y)->name);
}

int helm_chart_load_embedded(struct arena *a, const char *prefix, struct helm_chart **out,
			     struct buf *err)
{
	size_t plen = strlen(prefix), n = 0;
	for (const struct embed_file *f = embed_list(); f->name; f++)
		n += strncmp(f->name, prefix, plen) == 0;
	struct helm_file *files = arena_alloc(a, (n + 1) * sizeof *files);
	n = 0;
	for (const struct embed_file *f = embed_list(); f->name; f++)
		if (strncmp(f->name, prefix, plen) == 0)
			files[n++] = (struct helm_file){f->name + plen, f->data, f->len};
	/* Helm reads a chart directory in lexical order. */
	qsort(files, n, sizeof *files, chart_cmp_files);
	return helm_chart_build(a, files, n, out, err);
}
