/* render.h - Helm's template engine step (pkg/engine): the built-in
 * objects, every template parsed into one set, the non-partials executed,
 * and Go's errors rewritten the way Helm prints them.
 *
 * Templates are parsed deepest path first, then in reverse byte order
 * (Helm's sortTemplates), so where two files define the same name the
 * shallowest, alphabetically first one wins; they are executed in the same
 * order, and the first failure is the error. Each gets .Values .Release
 * .Chart .Capabilities .Files .Template .Subcharts; "<no value>" is
 * removed from the output. NOTES.txt (any file ending so) is executed
 * but not returned. */
#ifndef AGENTENV_HELM_RENDER_H
#define AGENTENV_HELM_RENDER_H

#include <stddef.h>

struct arena;
struct buf;
struct helm_chart;
struct helm_rendered;
struct tmpl_method;
struct val;

struct helm_render_in {
	const struct helm_chart *chart;
	struct val *values;          /* coalesced */
	const char *release, *namespace;
};

/* 0 with the rendered files (partials and notes left out), or -1 with
 * Helm's message in err. */
int helm_render(struct arena *a, const struct helm_render_in *in, struct helm_rendered **files,
		size_t *n, struct buf *err);

/* Helm's cleanupParseError: "parse error at (NAME:LINE): MESSAGE". */
void helm_parse_error(const char *name, const char *goerr, struct buf *out);
/* Helm's cleanupExecError and its v4 traceback form: fail and required
 * become "execution error at (NAME:L:C): MESSAGE"; other errors become
 * one "LOCATION\n  executing ... at <...>:\n    MESSAGE" block per level,
 * or stay as Go wrote them when a level is not a template error. */
void helm_exec_error(const char *name, const char *goerr, struct buf *out);

/* The built-in objects (objects.c). */
struct val *helm_capabilities(struct arena *a);
struct val *helm_release_object(struct arena *a, const char *name, const char *namespace);
struct val *helm_files_object(struct arena *a, const struct helm_chart *c);
/* The methods of those objects, for tmpl_set_methods. */
const struct tmpl_method *helm_methods(void);

#endif
