/* buf.c - growable byte string. */
#include "util/buf.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_add_utf8(struct buf *b, long r)
{
	if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
		r = 0xFFFD;
	unsigned long u = (unsigned long)r;
	char out[4];
	size_t n;
	if (u < 0x80) {
		out[0] = (char)u, n = 1;
	} else if (u < 0x800) {
		out[0] = (char)(0xC0 | (u >> 6)), n = 2;
	} else if (u < 0x10000) {
		out[0] = (char)(0xE0 | (u >> 12)), n = 3;
	} else {
		out[0] = (char)(0xF0 | (u >> 18)), n = 4;
	}
	for (size_t i = 1; i < n; i++)   /* continuation bytes, high to low */
		out[i] = (char)(0x80 | ((u >> (6 * (n - 1 - i))) & 0x3F));
	buf_add(b, out, n);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *buf_str(struct buf *b)
{
	return b->p ? b->p : "";
}

bool buf_read_file(struct buf *b, const char *path)
{
	bool std = strcmp(path, "-") == 0;
	FILE *f = std ? stdin : fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	bool ok = !ferror(f);
	if (!std)
		fclose(f);
	buf_grow(b, 0);
	b->p[b->len] = '\0';
	return ok;
}

bool buf_read_file_in(struct buf *b, const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/%s", dir, name);
	bool ok = buf_read_file(b, path.p);
	buf_free(&path);
	return ok;
}

void buf_add_base64(struct buf *b, const void *data, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = data;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		char q[4] = {abc[v >> 18], abc[(v >> 12) & 63],
			     i + 1 < n ? abc[(v >> 6) & 63] : '=', i + 2 < n ? abc[v & 63] : '='};
		buf_add(b, q, 4);
	}
}
