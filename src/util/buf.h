/* buf.h - a growable byte string (malloc-backed), the one string builder.
 *
 * Always NUL-terminated, may hold NUL bytes. Initialise with BUF_INIT and
 * release with buf_free(). */
#ifndef AGENTENV_BUF_H
#define AGENTENV_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* One code point as UTF-8; an invalid one (a surrogate, or beyond
 * U+10FFFF) as U+FFFD, as Go's utf8.AppendRune writes it. */
void buf_add_utf8(struct buf *b, long r);
/* Standard base64 with padding (Go's base64.StdEncoding). */
void buf_add_base64(struct buf *b, const void *data, size_t n);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
const char *buf_str(struct buf *b);   /* "" for an empty buffer */
/* Append a whole file ("-": standard input); false if it cannot be read.
 * The buffer is NUL-terminated afterwards, even for an empty file. */
bool buf_read_file(struct buf *b, const char *path);
/* The same for DIR/NAME. */
bool buf_read_file_in(struct buf *b, const char *dir, const char *name);

#endif
