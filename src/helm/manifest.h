/* manifest.h - from rendered templates to `helm template`'s output.
 *
 * Each rendered file is split into documents on `---` lines the way
 * Helm's regexp does (`(?:^|\s*\n)---\s*`, so "---x" splits too and a
 * second `---` right after the first does not), each document trimmed.
 * Each document's head (yamldoc.h) decides whether it is a hook
 * (annotation helm.sh/hook, unknown hook names drop the document) or a
 * plain manifest; both lists are sorted by Helm's install order of kinds,
 * stably, unknown kinds last in byte order of their names. The output is
 * the manifests, then the hooks, each as `---\n# Source: FILE\nDOC\n`. */
#ifndef AGENTENV_HELM_MANIFEST_H
#define AGENTENV_HELM_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "helm/yamldoc.h"

struct arena;
struct buf;

struct helm_doc {
	const char *text;
	size_t len;
};

struct helm_manifest {
	const char *source;      /* CHART/templates/FILE */
	const char *text;        /* the document, trimmed */
	size_t len;
	struct helm_head head;
};

struct helm_rendered {
	const char *name;        /* CHART/templates/FILE */
	const char *text;
	size_t len;
};

struct helm_manifests {
	struct helm_manifest *generic, *hooks;
	size_t ngeneric, nhooks;
};

/* SplitManifests: the non-empty documents of text, in order. */
size_t helm_split_manifests(struct arena *a, const char *text, size_t len,
			    struct helm_doc **docs);

/* The position of a kind in Helm's InstallOrder, or -1 when unknown. */
int helm_kind_rank(const char *kind);
/* A stable sort of manifests by kind (InstallOrder, then unknown kinds
 * in byte order). */
void helm_sort_by_kind(struct helm_manifest *m, size_t n);

/* SortManifests over rendered files (any order; sorted by name here).
 * 0, or -1 with "YAML parse error on FILE: ..." in err; notes about
 * skipped hooks go to warn. */
int helm_sort_manifests(struct arena *a, struct helm_rendered *files, size_t n,
			struct helm_manifests *out, struct buf *err, struct buf *warn);

/* What `helm template` prints without --output-dir. */
void helm_write_stream(const struct helm_manifests *m, struct buf *out);
/* --output-dir (outdir.c): one file per template under dir (created, or
 * appended to for its later documents; hooks append to existing files as
 * Helm's do), and Helm's `wrote PATH` lines (then an empty line) in out.
 * Names that leave dir and symbolic links under it are refused, and an
 * error writes nothing. 0, or -1 with the error in err. */
int helm_write_dir(const struct helm_manifests *m, const char *dir, struct buf *out,
		   struct buf *err);

#endif
