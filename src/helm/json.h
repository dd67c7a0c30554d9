/* json.h - JSON values as Go's encoding/json decodes them into
 * interface{}, for Helm's --set-json.
 *
 * Objects become mappings (a repeated key keeps its last value), arrays
 * sequences, every number a float64 (VAL_FLOAT; out of range is an
 * error), strings have their escapes resolved (a lone surrogate or an
 * invalid byte becomes U+FFFD). Helm only reports that decoding failed,
 * never why, so errors carry no text. */
#ifndef AGENTENV_HELM_JSON_H
#define AGENTENV_HELM_JSON_H

#include <stddef.h>

struct arena;
struct val;

/* json.Decoder.Decode: one value after optional whitespace, whatever
 * follows it; *used is the Decoder's InputOffset (the bytes of leading
 * space and of the value). 0, or -1 when s holds no complete value. */
int helm_json_decode(struct arena *a, const char *s, size_t n, struct val **out,
		     size_t *used);
/* json.Unmarshal: one value, and nothing but whitespace around it. */
int helm_json_unmarshal(struct arena *a, const char *s, size_t n, struct val **out);

#endif
