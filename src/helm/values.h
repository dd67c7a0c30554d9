/* values.h - Helm's values: reading values files, merging the user's
 * sources, coalescing them over the chart's defaults, and the release
 * name rule.
 *
 * The user's values are built in Helm's order: each -f file (merged over
 * the previous ones: maps merge, anything else replaces, a null stays a
 * null), then --set-json, --set, --set-string. The chart's defaults then
 * go underneath (coalescing): a user null deletes the default, maps merge,
 * lists and scalars replace, and a table meeting a non-table keeps the
 * user's side with a warning, as Helm logs it. */
#ifndef AGENTENV_HELM_VALUES_H
#define AGENTENV_HELM_VALUES_H

#include <stddef.h>

struct arena;
struct buf;
struct val;

/* mergeMaps: src over dst, both left as they are; the result is a new
 * mapping (subtrees may be shared with the inputs). */
struct val *helm_merge_maps(struct arena *a, const struct val *dst, const struct val *src);

/* CoalesceValues: defaults (the chart's values.yaml) under user; both
 * are left as they are. Warnings, one per line, go to warn. */
struct val *helm_coalesce(struct arena *a, const struct val *defaults, const struct val *user,
			  const char *chart, struct buf *warn);

/* A values file (values.yaml or -f FILE): YAML documents separated by
 * `---` lines, each a mapping or empty, merged in order. Returns the
 * mapping, or NULL with Helm's inner message in err (for instance
 * "cannot unmarshal yaml document: error converting YAML to JSON: yaml:
 * line 2: ..."); the caller says which file. Needs Helm's YAML reader
 * (engine.h). */
struct val *helm_values_parse(struct arena *a, const char *text, size_t len, const char *name,
			      struct buf *err);

/* chartutil.ValidateReleaseName: 0, or -1 with Helm's message
 * (`release name "X": invalid release name, must match regex ...`). */
int helm_check_release_name(const char *name, struct buf *err);
/* A namespace must be a DNS-1123 label (our check, not Helm's); -1 with
 * Kubernetes' message in err. */
int helm_check_namespace(const char *ns, struct buf *err);

#endif
