/* yamldoc.h - YAML documents as Helm's sigs.k8s.io/yaml reads them:
 * syntax errors in go-yaml's words, and the head of a manifest.
 *
 * Helm turns every rendered document into JSON (go-yaml v2, a port of
 * libyaml, so libyaml finds the same errors with the same texts) and then
 * decodes {apiVersion, kind, metadata: {name, annotations}} from it with
 * encoding/json: that decides the install order and which documents are
 * hooks, and its failures are what `helm template` reports. Only the
 * first document of the text counts, as in yaml.Unmarshal. */
#ifndef AGENTENV_HELM_YAMLDOC_H
#define AGENTENV_HELM_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

/* The head of a manifest; absent fields are "" (annotations: NULL hook). */
struct helm_head {
	const char *api_version, *kind, *name;
	bool annotated;      /* metadata.annotations has at least one entry */
	const char *hook;    /* the helm.sh/hook annotation, or NULL */
};

/* go-yaml's syntax check: 0, or -1 with e.g. "yaml: line 3: did not find
 * expected key" appended to err (go-yaml's numbering: 0-based lines for
 * parser errors, 1-based for scanner errors, no line on the first). */
int helm_yaml_check(const char *text, size_t len, struct buf *err);

/* yaml.Unmarshal(text, &SimpleHead): 0, or -1 with Helm's inner message,
 * e.g. "error converting YAML to JSON: yaml: line 2: ..." or "error
 * unmarshaling JSON: while decoding JSON: json: cannot unmarshal string
 * into Go value of type util.SimpleHead". */
int helm_yaml_head(struct arena *a, const char *text, size_t len, struct helm_head *h,
		   struct buf *err);

/* helm_yaml_head through libyaml always: what the fast path is tested
 * against. */
int helm_yaml_head_parsed(struct arena *a, const char *text, size_t len, struct helm_head *h,
			  struct buf *err);

/* helm_yaml_head for documents in the plain block style charts render,
 * without a YAML parser: 1 with *h filled, or 0 when the document is not
 * plainly valid and helm_yaml_head must decide (yamlfast.c). */
int helm_yaml_head_fast(struct arena *a, const char *text, size_t len, struct helm_head *h);

/* The first document as a value tree, typed by go-yaml v2 (ints as
 * VAL_INT, quoted scalars strings), keys as their text; NULL with
 * "error converting YAML to JSON: ..." in err. An empty text is null.
 * For files Helm decodes into structs (Chart.yaml). */
struct val *helm_yaml_tree(struct arena *a, const char *text, size_t len, struct buf *err);

/* The JSON type go-yaml v2 gives a plain scalar ("null", "bool", "number"
 * or "string"), and the text sigs.k8s.io/yaml makes of it when a string is
 * expected (yes -> true, 0x1F -> 31, 1.10 -> 1.1, ~ -> ""). */
const char *helm_yaml_plain_type(const char *s, size_t n);
const char *helm_yaml_plain_string(struct arena *a, const char *s, size_t n);

#endif
