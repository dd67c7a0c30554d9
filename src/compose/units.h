/* units.h - compose's byte values and durations, as the reference reads them.
 *
 * Byte values: `<digits>[.<digits>]<unit>` with unit b, k, kb, m, mb, g, gb
 * (any case) become Kubernetes quantities (`2g` -> `2Gi`, `512b` -> `512`).
 * Durations: `[<n>h][<n>m][<n>s]` in that order become seconds. */
#ifndef AGENTENV_UNITS_H
#define AGENTENV_UNITS_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

/* Appends the quantity to out; false if the text is not a byte value. */
bool units_bytes_to_quantity(const char *s, struct buf *out);
/* false if the text is not a duration of that form. */
bool units_duration_seconds(const char *s, int64_t *seconds);
/* Python's int(str): surrounding whitespace, a sign, digits with single
 * underscores between them. false if it would raise ValueError. */
bool units_python_int(const char *s, int64_t *out);

#endif
