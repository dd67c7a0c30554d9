/* match.h - the three pattern languages a chart meets: Go's
 * path/filepath.Match (.helmignore rules), gobwas/glob with '/' as the
 * separator (.Files.Glob) and .helmignore's rule list itself. */
#ifndef AGENTENV_HELM_MATCH_H
#define AGENTENV_HELM_MATCH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

/* filepath.Match: * and ? stop at '/', [a-z] [^a], \ escapes. A
 * malformed pattern matches nothing. */
bool helm_path_match(const char *pattern, const char *name);
/* filepath.Match's verdict on the pattern itself. */
bool helm_path_pattern_ok(const char *pattern);

/* gobwas/glob with separator '/': * within a segment, ** across them,
 * ?, [abc] [!abc] [a-z], {a,b} alternatives, \ escapes. A pattern that
 * does not compile matches nothing. */
bool helm_glob_match(const char *pattern, const char *name);

/* .helmignore rules (pkg/ignore). */
struct helm_ignore;

/* Parse rules text; NULL with Helm's message on a bad rule. */
struct helm_ignore *helm_ignore_parse(struct arena *a, const char *text, size_t len,
				      struct buf *err);
/* Add Helm's default rule: templates/.?* (hidden files in templates/). */
void helm_ignore_add_defaults(struct arena *a, struct helm_ignore *r);
/* Rules.Ignore for a path relative to the chart (slashes), file or dir. */
bool helm_ignore_match(const struct helm_ignore *r, const char *path, bool is_dir);

#endif
