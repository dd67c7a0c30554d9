/* schema.h - a JSON Schema (draft-07) validator over the value model.
 *
 * A schema_set holds schema documents indexed by URI ($id-based resolution,
 * JSON pointers, plain-name fragments). Validating a value reports every
 * violation as a structured error: where (the instance node and its JSON
 * pointer), which keyword, and a message in two wordings: ours, for people
 * ("expected a string or a mapping, got a list"), and python-jsonschema's,
 * which the reference converter prints. For anyOf/oneOf only the branch
 * that came closest is reported. Patterns are PCRE2 (UTF), compiled once
 * per set. Validation is bounded in depth, so self-referencing schemas
 * cannot recurse forever. */
#ifndef AGENTENV_SCHEMA_H
#define AGENTENV_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct diag;
struct val;
struct schema_set;

struct schema_error {
	const struct val *instance;   /* the offending value */
	const struct val *at;         /* where to point: a key for key errors */
	const char *pointer;          /* JSON pointer of the instance, "" = root */
	const char *keyword;          /* "type", "required", ... */
	const char *message;          /* our words */
	const char *py;               /* python-jsonschema's words */
};

struct schema_result {
	struct schema_error *errors;
	size_t n, cap;
};

/* Fetches a schema the set does not hold (for $ref to another document):
 * returns the document, or NULL. */
typedef const struct val *(*schema_fetch_fn)(void *ctx, struct arena *a, const char *uri);

struct schema_set *schema_set_new(struct arena *a);
void schema_set_free(struct schema_set *s);     /* the compiled regexes */
void schema_set_fetch(struct schema_set *s, schema_fetch_fn fn, void *ctx);
/* Add a document under a URI (its $id, if any, also names it). */
void schema_add(struct schema_set *s, const char *uri, const struct val *doc);
/* Validate `instance` against the schema at `uri` (a document URI, with an
 * optional fragment). Returns true when valid; errors are appended to res
 * (which may be NULL to only ask). A $ref that cannot be resolved, or a
 * pattern PCRE2 cannot compile, is an error of the schema, reported with
 * keyword "$ref" or "pattern". */
bool schema_validate(struct schema_set *s, const char *uri, const struct val *instance,
		     struct schema_result *res);

/* Our message at the instance, as `POINTER: MESSAGE` (pointer shown as a
 * path: services.web.ports[0]). */
void schema_error_format(const struct schema_error *e, struct buf *out);

#endif
