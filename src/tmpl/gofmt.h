/* gofmt.h - Go's fmt package for template values.
 *
 * What {{ x }}, print, printf and println write, and what Sprig's
 * toString returns: fmt.Sprint / Sprintf / Sprintln over struct val with
 * Go's formatting of every kind (float64 as strconv 'g' with the shortest
 * repr: 8080, 0.5, 1e+06; maps as map[a:1 b:2] with sorted keys; slices
 * as [a b]; nil as <nil>), the verbs %v %+v %s %d %q %t %x %X %o %b %c %e
 * %E %f %F %g %G %T %%, widths, precisions and flags (- + # 0 space), and
 * Go's error forms for mistakes: %!d(string=x), %!(EXTRA string=x),
 * %!s(MISSING), %!(NOVERB). */
#ifndef AGENTENV_GOFMT_H
#define AGENTENV_GOFMT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct val;

void gofmt_value(struct buf *out, const struct val *v);   /* fmt.Sprint(v) */
void gofmt_sprint(struct buf *out, struct val *const *args, size_t n);
void gofmt_sprintln(struct buf *out, struct val *const *args, size_t n);
void gofmt_sprintf(struct buf *out, const char *format, size_t flen,
		   struct val *const *args, size_t n);
/* Go's name of the value's type: string, float64, int, int64, bool,
 * []interface {}, []string, map[string]interface {}, <nil>. */
const char *gofmt_type_name(const struct val *v);

/* Additions (not in the first contract): */

/* strconv.Quote: a double-quoted Go string literal of s (UTF-8; invalid
 * bytes as \x.., non-printable runes escaped). */
void gofmt_quote(struct buf *out, const char *s, size_t n);
/* strconv.FormatFloat(f, 'g', -1, 64): the shortest repr (%v of float64). */
void gofmt_float(struct buf *out, double f);
/* strconv's underscoreOK: in a number literal, underscores only between
 * digits (a base prefix counts as a digit), never first or last. */
bool gofmt_underscore_ok(const char *s, size_t n);

#endif
