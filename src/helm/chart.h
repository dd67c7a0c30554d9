/* chart.h - a chart directory as Helm loads it.
 *
 * Files are read in Helm's order (lexical, directories included as they
 * come), minus what .helmignore and Helm's default rule (hidden files in
 * templates/) leave out, each without a UTF-8 byte order mark. Chart.yaml
 * becomes the metadata (.Chart, with Helm's Go field names), values.yaml
 * the defaults, everything under templates/ the templates (all of them: partials are
 * told apart when rendering), values.schema.json is kept aside, and
 * everything else is .Files. Subcharts are not supported yet: a chart
 * with charts/ entries is refused. */
#ifndef AGENTENV_HELM_CHART_H
#define AGENTENV_HELM_CHART_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct val;

struct helm_file {
	const char *name;   /* relative to the chart, with '/' */
	const char *data;
	size_t len;
};

struct helm_chart {
	const char *name, *version, *type, *kube_version;
	bool deprecated;
	struct val *metadata;            /* .Chart */
	struct val *values;              /* the defaults: a mapping */
	const struct helm_file *schema;  /* values.schema.json, or NULL */
	struct helm_file *templates;     /* "templates/..." in load order */
	size_t ntemplates;
	struct helm_file *files;         /* .Files */
	size_t nfiles;
};

/* Load dir. Returns 0; or 1 (the chart is rejected) or 3 (I/O error)
 * with Helm's message in err. */
int helm_chart_load(struct arena *a, const char *dir, struct helm_chart **out,
		    struct buf *err);

/* The chart made of these files (names relative to the chart root, in
 * Helm's load order); what helm_chart_load does after reading a directory. */
int helm_chart_build(struct arena *a, struct helm_file *files, size_t n,
		     struct helm_chart **out, struct buf *err);
/* The chart built into the binary: the embedded files under `prefix`
 * ("templates/" holds our agent-env chart). */
int helm_chart_load_embedded(struct arena *a, const char *prefix, struct helm_chart **out,
			     struct buf *err);

/* Masterminds semver: is v a version Helm accepts for a chart? */
bool helm_semver_valid(const char *v);
/* Does version v (e.g. v1.35.0) satisfy the constraint (Chart.yaml's
 * kubeVersion)? A constraint that does not parse is never satisfied. */
bool helm_semver_satisfies(const char *constraint, const char *v);

#endif
