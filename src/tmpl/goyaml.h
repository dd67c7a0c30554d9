/* goyaml.h - YAML as Helm reads and writes it (sigs.k8s.io/yaml over go-yaml v2).
 *
 * Helm never hands YAML to a template directly: sigs.k8s.io/yaml decodes it
 * with go-yaml v2 and then sends the result through encoding/json, and
 * writes YAML by marshalling to JSON first and re-reading that JSON with
 * go-yaml before emitting. Both round trips leave marks that charts see:
 *
 *   reading  plain scalars typed as go-yaml v2 does (y/yes/on/off are
 *            booleans, 0x1F, 0o17, 017, 0b101 and 1_000 are integers, 1e3
 *            a float, timestamps stay the string written); then every
 *            number becomes a float64, non-string keys become strings
 *            (1 -> "1", true -> "true"), NaN/Inf are an error; duplicate
 *            keys: the last wins; `<<` merges in go-yaml v2's order; only
 *            the first document of a stream counts.
 *   writing  keys sorted as go-yaml's sorter does ("a2" before "a10"),
 *            integral floats below 1e21 written as integers, others in
 *            strconv 'g' form (1e+21, 0.5), strings quoted exactly when
 *            go-yaml v2 would (see goyaml_plain_is_string), `|-`/`|`/`|+`
 *            blocks for multi-line strings, folding at 80 columns.
 *
 * Errors carry the texts Helm prints, e.g. "error converting YAML to JSON:
 * yaml: line 2: did not find expected key". Parsing and emitting go through
 * libyaml, the C original of go-yaml's parser and emitter, so problem
 * texts and layout decisions are the same. */
#ifndef AGENTENV_GOYAML_H
#define AGENTENV_GOYAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct diag;
struct val;

/* A VAL_SEQ or VAL_MAP whose tag is this text is Go's nil slice or map:
 * empty everywhere, but JSON and YAML write it as null (Sprig's rest of
 * an empty list, regexFindAll without a match...). */
#define GOYAML_NIL "!!nil"

/* sigs.k8s.io/yaml's Unmarshal into an interface{}: the first document of
 * `text` as Helm's templates would see it. An empty document is null. On
 * error one message goes to `d` (its text is Go's error string, its mark
 * the line when known) and NULL is returned. */
struct val *goyaml_load(struct arena *a, struct diag *d, const char *text,
			size_t len, const char *name);

/* The same into a map[string]interface{} (fromYaml) or []interface{}
 * (fromYamlArray): a null document gives an empty one, another kind of
 * document is Go's "error unmarshaling JSON: while decoding JSON: json:
 * cannot unmarshal array into Go value of type map[string]interface {}". */
struct val *goyaml_load_map(struct arena *a, struct diag *d, const char *text,
			    size_t len, const char *name);
struct val *goyaml_load_list(struct arena *a, struct diag *d, const char *text,
			     size_t len, const char *name);

/* Helm 4's values files (chartutil LoadValues): the text is cut into
 * documents at lines that are `---` (and trailing blanks), each is loaded
 * as goyaml_load_map does, and later documents are merged over earlier
 * ones (maps recursively, anything else replaced). Errors are prefixed
 * "cannot unmarshal yaml document: " as Helm's are. */
struct val *goyaml_load_values(struct arena *a, struct diag *d, const char *text,
			       size_t len, const char *name);
/* The same with libyaml's parser only: the loaders first try the block
 * scanner of src/yaml/scan.c, and are tested against this. */
struct val *goyaml_load_values_parsed(struct arena *a, struct diag *d, const char *text,
				      size_t len, const char *name);

/* sigs.k8s.io/yaml's Marshal: appends the YAML text (with its final newline)
 * to out. Returns -1, with nothing appended and Go's message in err (if
 * not NULL), where the round trip fails: json.Marshal refuses NaN and the
 * infinities, go-yaml's reader DEL and C1 controls in strings. Helm's
 * toYaml then yields "". */
int goyaml_marshal(const struct val *v, struct buf *out, struct buf *err);
/* The same, always through libyaml's emitter: goyaml_marshal writes
 * collections of plain names and numbers itself, and is tested against it. */
int goyaml_marshal_libyaml(const struct val *v, struct buf *out, struct buf *err);

/* Helm's toYaml: goyaml_marshal without the final newline, "" on error. */
void goyaml_to_yaml(const struct val *v, struct buf *out);

/* Would go-yaml v2 write `s` plain? True when it resolves to a string as a
 * plain scalar (not null, bool, number, timestamp) and is no base-60 float
 * such as 1:30. (Whether the emitter then still quotes it for its
 * characters is libyaml's analysis.) */
bool goyaml_plain_is_string(const char *s, size_t n);

/* strconv.FormatFloat(f, fmt, -1, 64) for fmt 'g', 'e' or 'f' (the
 * shortest digits that read back as f), and 'j' for encoding/json's form
 * (like 'f', but 'e' below 1e-6 and from 1e21 on, with e-7 not e-07). */
void goyaml_format_float(struct buf *out, double f, char fmt);
/* The same for a float32 value (go-yaml's and sigs.k8s.io's float keys). */
void goyaml_format_float32(struct buf *out, float f, char fmt);

/* Go's strconv.ParseInt(s, base, 64), ParseUint and ParseFloat(s, 64).
 * Base 0 reads a prefix (0x 0o 0b, or 0 for octal) and allows
 * well-placed underscores; ParseInt takes a sign, ParseUint none. Return
 * 0 on success, -1 on a syntax error, -2 when out of range (*out then
 * holds the clamped value Go returns: max/min, or +-Inf). */
int goyaml_parse_int(const char *s, size_t n, int base, int64_t *out);
int goyaml_parse_uint(const char *s, size_t n, int base, uint64_t *out);
int goyaml_parse_float(const char *s, size_t n, double *out);

/* Go's utf8.DecodeRune: the code point at s and its length, or -1 (and
 * length 1) for an invalid sequence. */
int32_t goyaml_utf8_decode(const char *s, size_t n, size_t *len);
/* encoding/json's repair of a string: each byte of an invalid UTF-8
 * sequence becomes U+FFFD. Returns s itself when it is valid. */
const char *goyaml_utf8_fix(struct arena *a, const char *s, size_t n, size_t *out_len);
/* base64.StdEncoding.DecodeString (newlines skipped, padding required):
 * appends the bytes to out and returns -1, or returns the offset of the
 * "illegal base64 data at input byte N" error. */
long goyaml_base64_decode(const char *s, size_t n, struct buf *out);

/* go-yaml's map key order (sorter.go keyList.Less) for two string keys. */
bool goyaml_key_less(const char *a, size_t an, const char *b, size_t bn);

#endif
