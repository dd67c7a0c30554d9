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

#endif
