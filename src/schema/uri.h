/* uri.h - RFC 3986 reference resolution, for JSON Schema's $id and $ref.
 *
 * Only what schemas need: resolve a reference against a base URI (with dot
 * segments removed), and split off the fragment. URNs and other URIs
 * without a hierarchical path resolve fragments and absolute references. */
#ifndef AGENTENV_URI_H
#define AGENTENV_URI_H

struct arena;

/* The absolute URI of `ref` against `base` (base may be ""). */
char *uri_resolve(struct arena *a, const char *base, const char *ref);
/* The URI without its fragment; *fragment gets the fragment after '#'
 * (NULL when there is none). */
char *uri_split_fragment(struct arena *a, const char *uri, const char **fragment);

#endif
