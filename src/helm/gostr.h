/* gostr.h - the few pieces of Go's string handling that Helm's messages
 * and parsers show through.
 *
 * Helm's errors quote keys with %q (strconv.Quote), its --set parser
 * prints rune slices with %q, and its manifest splitter trims with
 * unicode.IsSpace. Reproducing those exactly is what keeps our messages
 * byte-identical to Helm's. UTF-8 is decoded as Go does: an invalid byte
 * is one rune of its own (U+FFFD). */
#ifndef AGENTENV_HELM_GOSTR_H
#define AGENTENV_HELM_GOSTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct val;

/* Decode the rune at s (n > 0 bytes left): its code point (0xFFFD for an
 * invalid byte) and, in *size, how many bytes it takes (1 when invalid). */
uint32_t gostr_rune(const char *s, size_t n, size_t *size);
/* unicode.IsSpace */
bool gostr_is_space(uint32_t r);
/* strconv.Quote(s): "..." with Go's escapes. */
void gostr_quote(struct buf *out, const char *s, size_t n);
/* strconv.QuoteRune(r): '...'. */
void gostr_quote_rune(struct buf *out, uint32_t r);
/* fmt's %q of a []rune: ['a' 'b']. */
void gostr_quote_runes(struct buf *out, const char *s, size_t n);
/* strings.TrimSpace: the bounds of s without leading and trailing
 * unicode spaces. */
void gostr_trim_space(const char **s, size_t *n);
/* strings.Index for needles whose first byte is uncommon in the text:
 * memchr for it, then a compare (glibc's memmem is several times slower
 * on rendered YAML). NULL when absent. */
const char *gostr_find(const char *s, size_t n, const char *needle, size_t m);

/* strconv.FormatFloat(f, 'g', -1, 64): the shortest text that reads
 * back as f, in exponent form below 1e-4 and from 1e6 (+Inf, NaN too). */
void gostr_format_float(struct buf *out, double f);

/* Go's text of an errno value (syscall.Errno.Error): strerror's words,
 * starting in lower case ("no such file or directory"). */
void gostr_errno(struct buf *out, int err);

/* fmt.Sprint of a values tree (maps with sorted keys, <nil> for nil), for
 * Helm's warnings. */
void gostr_sprint(struct buf *out, const struct val *v);

/* The Go type a value of Helm's values has, as a panic message names it:
 * string, bool, int64, float64, []interface {}, map[string]interface {};
 * "" for nil (Go says "interface is nil"). */
const char *gostr_type_name(const struct val *v);

#endif
