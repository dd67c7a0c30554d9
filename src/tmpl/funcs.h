/* funcs.h - Helm's and Sprig's template functions (the FuncMap of `helm
 * template`), for tmpl_set_funcs.
 *
 * tmplfn_sprig() is Sprig v3's text/template map as Helm takes it (env and
 * expandenv removed); tmplfn_helm() is what Helm adds or replaces on top:
 * include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup...
 * Register Sprig first, then Helm. Each function has Sprig's or Helm's
 * exact behaviour: its Go signature (tmpl.h letters), Sprig's cast rules
 * for numbers, its nil handling, its error texts, and results of the
 * right Go type (add returns int64, splitList []string...).
 *
 * The helpers below are the rules several functions share; they are
 * public because the Helm layer needs the same ones. */
#ifndef AGENTENV_FUNCS_H
#define AGENTENV_FUNCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tmpl/tmpl.h"

struct arena;
struct buf;
struct val;

/* NULL-name-terminated, constant tables. */
const struct tmpl_func *tmplfn_sprig(void);
const struct tmpl_func *tmplfn_helm(void);

/* Sprig's strval: a string as is, anything else as fmt's %v. */
void tmplfn_strval(struct buf *out, const struct val *v);
/* Sprig's empty: nil, false, 0, 0.0, and "" or empty lists and maps. */
bool tmplfn_empty(const struct val *v);
/* spf13/cast v1.7's ToInt64 / ToFloat64 (errors give 0): numbers convert
 * (floats truncate), strings parse as Go literals ("0x1F", "1.0" but not
 * "1.5"), booleans are 0/1, anything else 0. */
int64_t tmplfn_to_int64(const struct val *v);
double tmplfn_to_float64(const struct val *v);
/* reflect.DeepEqual: same Go types (int is not int64 nor float64) and
 * equal contents; NaN is never equal. */
bool tmplfn_deep_equal(const struct val *a, const struct val *b);

/* encoding/json's Marshal (TMPLFN_JSON_* flags): keys sorted, HTML
 * characters escaped unless RAW, two-space indentation when INDENT.
 * Returns -1 (out untouched) for NaN or an infinity. */
enum { TMPLFN_JSON_RAW = 1, TMPLFN_JSON_INDENT = 2 };
int tmplfn_json_marshal(const struct val *v, struct buf *out, int flags);
/* encoding/json's Unmarshal into interface{}: numbers are float64. A
 * syntax error returns NULL and appends Go's message to err ("invalid
 * character 'x' looking for beginning of value", "unexpected end of JSON
 * input"). A number too large for float64 is a type error: Go's decoder
 * goes on with null in its place, so the value is returned and the
 * message appended all the same. */
struct val *tmplfn_json_unmarshal(struct arena *a, const char *s, size_t n,
				  struct buf *err);
/* json.Decoder.Decode (Helm's --set-json values): one value after optional
 * blanks, whatever follows it; *used is the offset after the value.
 * Errors as tmplfn_json_unmarshal's. */
struct val *tmplfn_json_decode(struct arena *a, const char *s, size_t n, size_t *used,
			       struct buf *err);

#endif
