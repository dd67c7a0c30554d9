/* helm.h - `helm template` without Helm: the Helm layer's entry point.
 *
 * The steps and their order are Helm's (so is which error wins when there
 * are several): find the chart, build the user's values (-f files in
 * order, then every --set-json, --set, --set-string), load the chart,
 * refuse library charts and missing dependencies, check the release
 * name, coalesce the chart's defaults under the user's values, check
 * kubeVersion, render every template, split and sort the manifests, and
 * write them as `helm template` prints them (or one file per template
 * under an output directory). Messages are Helm's, without its "Error: "
 * prefix and its --debug hint; but values that break the chart's
 * values.schema.json are reported to o->diag, one error per violation at
 * the node that causes it (err then stays empty). */
#ifndef AGENTENV_HELM_H
#define AGENTENV_HELM_H

#include <stdbool.h>

struct arena;
struct buf;
struct diag;
struct strlist;
struct val;

struct helm_options {
	const char *chart_dir;       /* NULL: our agent-env chart, built in */
	const struct val *base_values;   /* under the -f files (e.g. converted compose) */
	struct diag *diag;           /* receives values.schema.json violations */
	const char *release;         /* Helm's default: release-name */
	const char *namespace;       /* default */
	const char *output_dir;      /* NULL: the manifests go to out */
	const struct strlist *values_files, *set, *set_string, *set_json;
	/* When set, called with the coalesced values once they meet the
	 * schema, before rendering; false stops (the errors are in diag). */
	bool (*check_values)(void *ctx, const struct val *values, struct diag *d);
	void *check_ctx;
};

/* Returns an exit status: 0; 1 when the chart or the values are rejected,
 * 3 on an I/O error, with the message in err. out gets what helm prints
 * on standard output; warn gets Helm's warnings, one per line. */
int helm_template(struct arena *a, const struct helm_options *o, struct buf *out,
		  struct buf *warn, struct buf *err);

#endif
