/* pyrepr.h - Python's repr() and str() of values.
 *
 * The reference converter is written in Python and its error messages embed
 * repr()/str() of the offending data ("expected a list, got 'abc'", "<class
 * 'int'>"). To word ours byte for byte the same, we write values the way
 * Python 3 would write the equivalent dict/list/str/int/float/bool/None. */
#ifndef AGENTENV_PYREPR_H
#define AGENTENV_PYREPR_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct val;

/* repr(): 'abc', 42, 4.0, True, None, ['a', 1], {'k': 'v'} */
void pyrepr(const struct val *v, struct buf *out);
/* str(): like repr, but a top-level string is written raw. */
void pystr(const struct val *v, struct buf *out);
/* repr(float): shortest round-trip digits; 0.5, 4.0, 1e-05, 1e+16, inf, nan */
void pyrepr_float(double f, struct buf *out);
/* type(v) as str(): "<class 'str'>", "<class 'NoneType'>", ... */
const char *pytype_name(const struct val *v);

/* Decode the code point at s[0..n) (n >= 1) and store its byte length in
 * *len. An invalid byte decodes, alone, to U+DC80 + byte: Python's
 * surrogateescape, so bytes that are not UTF-8 still show up readably. */
uint32_t pyrepr_utf8_next(const char *s, size_t n, size_t *len);

#endif
